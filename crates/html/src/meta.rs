//! Page metadata: title, authors, publication date, site name, canonical URL and language, read
//! from JSON-LD (`NewsArticle` and kin), Open Graph and other `<meta>` tags, `<time>`, `<link
//! rel=canonical>`, `<html lang>` and, for the date, the URL itself.

use serde_json::Value;

use crate::dom::Dom;

/// Metadata found in a page; every field is optional.
#[derive(Debug, Default, Clone)]
pub(crate) struct Meta {
    pub(crate) title: Option<String>,
    pub(crate) authors: Vec<String>,
    pub(crate) date: Option<String>,
    pub(crate) site: Option<String>,
    pub(crate) canonical_url: Option<String>,
    pub(crate) language: Option<String>,
    /// The `articleBody` of a JSON-LD article, when the page carries one.
    pub(crate) article_body: Option<String>,
    /// Whether JSON-LD or Open Graph says the page is an article.
    pub(crate) says_article: bool,
}

/// Collapses whitespace runs to one space and trims.
pub(crate) fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| squash(&s)).filter(|s| !s.is_empty())
}

/// Reads the metadata of `dom`; `url` is the page's address when known.
pub(crate) fn read(dom: &Dom<'_>, url: Option<&str>) -> Meta {
    let metas = meta_tags(dom);
    let get = |keys: &[&str]| -> Option<String> {
        keys.iter()
            .find_map(|k| {
                metas
                    .iter()
                    .find(|(name, _)| name == k)
                    .map(|(_, v)| v.clone())
            })
            .and_then(|v| non_empty(Some(v)))
    };
    let ld = json_ld_article(dom);
    let mut meta = Meta::default();
    let ld_str = |key: &str| {
        ld.as_ref()
            .and_then(|a| a.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };

    meta.title = non_empty(ld_str("headline"))
        .or_else(|| get(&["og:title", "twitter:title", "dc.title", "title"]))
        .or_else(|| {
            dom.elements("h1")
                .next()
                .and_then(|h| non_empty(Some(dom.text_of(h))))
        })
        .or_else(|| {
            dom.elements("title")
                .next()
                .and_then(|t| non_empty(Some(dom.text_of(t))))
        });

    let mut authors = ld
        .as_ref()
        .and_then(|a| a.get("author"))
        .map(names)
        .unwrap_or_default();
    if authors.is_empty() {
        for key in [
            "author",
            "article:author",
            "dc.creator",
            "byl",
            "sailthru.author",
            "parsely-author",
        ] {
            for (name, value) in &metas {
                if name == key && !value.starts_with("http") {
                    authors.extend(
                        value
                            .split([',', ';'])
                            .map(clean_author)
                            .filter(|a| !a.is_empty()),
                    );
                }
            }
            if !authors.is_empty() {
                break;
            }
        }
    }
    authors.dedup();
    meta.authors = authors;

    meta.date = ld_str("datePublished")
        .and_then(|d| iso_date(&d))
        .or_else(|| {
            [
                "article:published_time",
                "og:published_time",
                "datepublished",
                "date",
                "pubdate",
                "publishdate",
                "publish-date",
                "dc.date.issued",
                "dc.date",
                "sailthru.date",
                "parsely-pub-date",
                "article.published",
                "published_time",
            ]
            .iter()
            .find_map(|k| get(&[k]).and_then(|d| iso_date(&d)))
        })
        .or_else(|| {
            dom.elements("time")
                .filter_map(|t| dom.attr(t, "datetime"))
                .find_map(|d| iso_date(&d))
        })
        .or_else(|| url.and_then(date_in_url));

    meta.site = get(&["og:site_name", "application-name", "twitter:site"])
        .or_else(|| {
            ld.as_ref()
                .and_then(|a| a.get("publisher"))
                .and_then(|p| p.get("name"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .or_else(|| url.and_then(host));

    meta.canonical_url = dom
        .elements("link")
        .find(|&l| {
            dom.attr(l, "rel").is_some_and(|r| {
                r.split_whitespace()
                    .any(|t| t.eq_ignore_ascii_case("canonical"))
            })
        })
        .and_then(|l| non_empty(dom.attr(l, "href")))
        .or_else(|| get(&["og:url"]))
        .or_else(|| url.map(str::to_owned));

    meta.language = dom
        .elements("html")
        .next()
        .and_then(|h| non_empty(dom.attr(h, "lang")))
        .or_else(|| get(&["content-language", "og:locale", "dc.language"]))
        .or_else(|| ld_str("inLanguage"))
        .map(|l| primary_language(&l))
        .filter(|l| !l.is_empty());

    meta.article_body = ld_str("articleBody").filter(|b| b.len() > 200);
    meta.says_article =
        ld.is_some() || get(&["og:type"]).is_some_and(|t| t.eq_ignore_ascii_case("article"));
    meta
}

/// `(name, content)` of every `<meta>`, names lowercased (from `name`, `property`, `itemprop` or
/// `http-equiv`).
fn meta_tags(dom: &Dom<'_>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for m in dom.elements("meta") {
        let Some(content) = dom.attr(m, "content") else {
            continue;
        };
        for key in ["name", "property", "itemprop", "http-equiv"] {
            if let Some(name) = dom.attr(m, key) {
                out.push((name.trim().to_ascii_lowercase(), content.clone()));
            }
        }
    }
    // `itemprop=datePublished` also appears on `<time datetime>` and other elements.
    for (id, node) in dom.nodes.iter().enumerate() {
        if node.is_text || &*node.tag == "meta" {
            continue;
        }
        if let Some(prop) = dom.attr(id, "itemprop") {
            let prop = prop.to_ascii_lowercase();
            if prop == "datepublished" {
                if let Some(v) = dom.attr(id, "datetime").or_else(|| dom.attr(id, "content")) {
                    out.push((prop, v));
                }
            }
        }
    }
    out
}

/// The first JSON-LD object whose `@type` names an article kind.
fn json_ld_article(dom: &Dom<'_>) -> Option<Value> {
    for script in dom.elements("script") {
        let is_ld = dom
            .attr(script, "type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
        if !is_ld {
            continue;
        }
        let raw: String = dom.nodes[script]
            .children
            .iter()
            .map(|&c| dom.raw_text(c))
            .collect();
        let Ok(value) = serde_json::from_str::<Value>(raw.trim()) else {
            continue;
        };
        if let Some(found) = find_article(&value, 0) {
            return Some(found.clone());
        }
    }
    None
}

fn is_article_type(v: &Value) -> bool {
    let check = |s: &str| {
        s.ends_with("Article")
            || matches!(
                s,
                "BlogPosting"
                    | "Report"
                    | "ReportageNews"
                    | "LiveBlogPosting"
                    | "SocialMediaPosting"
            )
    };
    match v {
        Value::String(s) => check(s),
        Value::Array(a) => a.iter().any(|t| t.as_str().is_some_and(check)),
        _ => false,
    }
}

fn find_article(v: &Value, depth: usize) -> Option<&Value> {
    if depth > 6 {
        return None;
    }
    match v {
        Value::Array(items) => items.iter().find_map(|i| find_article(i, depth + 1)),
        Value::Object(map) => {
            if map.get("@type").is_some_and(is_article_type) {
                return Some(v);
            }
            ["@graph", "mainEntity", "mainEntityOfPage"]
                .iter()
                .filter_map(|k| map.get(*k))
                .find_map(|i| find_article(i, depth + 1))
        }
        _ => None,
    }
}

/// Names from a JSON-LD `author`: a string, an object with `name`, or a list of either.
fn names(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![clean_author(s)],
        Value::Object(m) => m.get("name").map(names).unwrap_or_default(),
        Value::Array(a) => a.iter().flat_map(names).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect()
}

fn clean_author(s: &str) -> String {
    let s = squash(s);
    let s = s
        .strip_prefix("By ")
        .or_else(|| s.strip_prefix("by "))
        .unwrap_or(&s);
    s.trim().to_owned()
}

/// The value when it starts with an ISO date (`YYYY-MM-DD`), trimmed.
pub(crate) fn iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let ok = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit);
    ok.then(|| s.to_owned())
}

/// A date written in the URL's path: `/2019/11/20/`, `/2019-11-20`, or `/20191120`.
pub(crate) fn date_in_url(url: &str) -> Option<String> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let digits: Vec<&str> = path.split(|c: char| !c.is_ascii_digit()).collect();
    let valid = |y: &str, m: &str, d: &str| -> Option<String> {
        let (yy, mm, dd) = (
            y.parse::<u32>().ok()?,
            m.parse::<u32>().ok()?,
            d.parse::<u32>().ok()?,
        );
        ((1990..=2100).contains(&yy) && (1..=12).contains(&mm) && (1..=31).contains(&dd))
            .then(|| format!("{yy:04}-{mm:02}-{dd:02}"))
    };
    for w in digits.windows(3) {
        if w[0].len() == 4
            && w[1].len() <= 2
            && w[2].len() <= 2
            && !w[1].is_empty()
            && !w[2].is_empty()
        {
            if let Some(d) = valid(w[0], w[1], w[2]) {
                return Some(d);
            }
        }
    }
    digits
        .iter()
        .filter(|d| d.len() == 8)
        .find_map(|d| valid(&d[..4], &d[4..6], &d[6..]))
}

fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#', ':']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_owned())
}

fn primary_language(l: &str) -> String {
    l.trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_urls() {
        assert_eq!(
            date_in_url("https://x.com/2019/11/20/story").as_deref(),
            Some("2019-11-20")
        );
        assert_eq!(
            date_in_url("https://x.com/news/2019-11-20-story").as_deref(),
            Some("2019-11-20")
        );
        assert_eq!(
            date_in_url("https://x.com/a/20191120/b").as_deref(),
            Some("2019-11-20")
        );
        assert_eq!(date_in_url("https://x.com/a/12345/b"), None);
    }
}
