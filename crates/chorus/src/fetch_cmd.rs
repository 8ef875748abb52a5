//! Fetching from the web, politely (the `fetch` crate): `chorus fetch URL…` prints the article of
//! each page like `chorus extract`, `chorus extract` reads URL-list files through
//! [`url_list_pages`], and `chorus ingest --feeds` reads its feeds through [`read_feeds`].
//!
//! Only web pages are extracted: a response whose type is not HTML, XHTML or plain text (a PDF,
//! an image) is a warning naming the URL and the type, never article text.
//!
//! Feeds are fetched conditionally with the validators the store kept from the last run, so an
//! unchanged feed answers 304 and gives no work; item links are made absolute against the feed's
//! `xml:base` and address (after redirects); items whose URL is stored already are skipped
//! before anything else is fetched; an item with only a summary has its page fetched (same
//! per-host rules) and extracted, and keeps the summary when that fails. The new validators are
//! stored only after the articles are ([`FeedInput::commit`]), so a crashed ingest fetches the
//! feed again rather than losing its items.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use fetch::{FetchConfig, Fetched, Fetcher, Validators};
use html::{ExtractConfig, Extracted};
use model::{Article, Origin};
use serde::Serialize;
use store::SqliteStore;

use crate::extract_cmd::{InputPage, PageItem, exit_status, print_article};

/// Hosts fetched at the same time (each host's own requests are always one at a time).
const PARALLEL_HOSTS: usize = 8;

/// URL lists larger than this are not URL lists (a list of 10,000 URLs is about 1 MB).
const MAX_URL_LIST_BYTES: u64 = 4 * 1024 * 1024;

/// How politely and within which limits to fetch (shared by `fetch`, `ingest --feeds`).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Fetching")]
pub(crate) struct FetchOptions {
    /// Milliseconds between two requests to one host (a robots.txt Crawl-delay can raise it).
    #[arg(long, value_name = "MS", default_value_t = FetchConfig::default().delay_ms)]
    pub(crate) delay_ms: u64,
    /// Seconds allowed for one request, from connecting to the last byte.
    #[arg(long, value_name = "SECONDS", default_value_t = FetchConfig::default().total_timeout_ms / 1000,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub(crate) timeout: u64,
    /// Largest page or feed accepted, in bytes (after decompression).
    #[arg(long, value_name = "BYTES", default_value_t = FetchConfig::default().max_bytes)]
    pub(crate) max_page_bytes: u64,
    /// A URL or e-mail address where site owners can reach you, sent in the User-Agent.
    #[arg(long, value_name = "CONTACT", value_parser = parse_contact)]
    pub(crate) contact: Option<String>,
}

/// A `--contact` that can be sent in the User-Agent header (no line breaks or other control
/// characters).
fn parse_contact(contact: &str) -> Result<String, fetch::ConfigError> {
    let config = FetchConfig {
        contact: Some(contact.to_owned()),
        ..FetchConfig::default()
    };
    config.validate()?;
    Ok(contact.to_owned())
}

impl Default for FetchOptions {
    fn default() -> Self {
        let config = FetchConfig::default();
        FetchOptions {
            delay_ms: config.delay_ms,
            timeout: config.total_timeout_ms / 1000,
            max_page_bytes: config.max_bytes,
            contact: None,
        }
    }
}

impl FetchOptions {
    /// The fetcher's configuration.
    fn config(&self) -> FetchConfig {
        let total_ms = self.timeout.saturating_mul(1000);
        let defaults = FetchConfig::default();
        FetchConfig {
            contact: self.contact.clone(),
            delay_ms: self.delay_ms,
            total_timeout_ms: total_ms,
            read_timeout_ms: defaults.read_timeout_ms.min(total_ms),
            connect_timeout_ms: defaults.connect_timeout_ms.min(total_ms),
            max_bytes: self.max_page_bytes,
            ..defaults
        }
    }
}

/// Arguments of `chorus fetch`.
#[derive(Debug, Args)]
pub(crate) struct FetchArgs {
    /// Pages to fetch (http or https).
    #[arg(required = true, value_name = "URL")]
    pub(crate) urls: Vec<String>,
    /// Print one JSON object a page (metadata, text, paragraphs with byte spans) instead of text.
    #[arg(long)]
    pub(crate) json: bool,
    /// Also save each page, decoded to UTF-8, in this folder (for `chorus extract` or `report`).
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) fetch: FetchOptions,
}

#[derive(Serialize)]
struct FetchedJson<'a> {
    /// The address the page came from, after redirects.
    url: &'a str,
    /// The address asked for.
    requested: &'a str,
    /// Where the page was saved (`--out`).
    #[serde(skip_serializing_if = "Option::is_none")]
    saved: Option<String>,
    #[serde(flatten)]
    article: &'a Extracted,
    text: String,
}

/// Runs `chorus fetch`.
pub(crate) fn run_fetch(args: &FetchArgs) -> anyhow::Result<ExitCode> {
    // A malformed argument is one page that cannot be fetched, not a reason to fetch none.
    let (urls, malformed): (Vec<&String>, Vec<&String>) =
        args.urls.iter().partition(|url| fetch::is_http_url(url));
    for url in malformed {
        errln!("warning: {url}: not an http(s) URL");
    }
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let fetcher = Fetcher::new(args.fetch.config());
    let pages = fetch::per_host(
        &urls,
        |url| url.as_str(),
        PARALLEL_HOSTS,
        |url| get_page(&fetcher, url),
    );
    let config = ExtractConfig::default();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut names = HashSet::new();
    let mut ok = 0;
    for page in pages {
        let page = match page {
            Ok(page) => page,
            Err(e) => {
                errln!("warning: {e}");
                continue;
            }
        };
        let text = page.text();
        let saved = match &args.out {
            Some(dir) => {
                let path = dir.join(unique_name(&page.url, &mut names));
                std::fs::write(&path, &text)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                Some(path.display().to_string())
            }
            None => None,
        };
        let article = match html::extract(&text, Some(&page.url), &config) {
            Ok(a) => a,
            Err(e) => {
                errln!("warning: {}: {e}", page.url);
                continue;
            }
        };
        ok += 1;
        print_article(&mut out, &article, args.json, ok, |text| FetchedJson {
            url: &page.url,
            requested: &page.requested,
            saved,
            text,
            article: &article,
        })?;
    }
    Ok(exit_status(ok))
}

/// A web page to extract an article from: a PDF, an image or any other body that is not a page
/// is an error naming its type, never text to extract or save.
fn get_page(fetcher: &Fetcher, url: &str) -> Result<fetch::Page, fetch::Error> {
    let page = fetcher.get(url)?;
    page.check_html()?;
    Ok(page)
}

/// A file name for a saved page: its host and path with every other character replaced, made
/// unique within the run, ending in `.html`.
fn unique_name(url: &str, taken: &mut HashSet<String>) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let rest = rest.split('#').next().unwrap_or(rest).trim_end_matches('/');
    let mut stem: String = rest
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(150)
        .collect();
    for ext in [".html", ".htm"] {
        if stem.to_ascii_lowercase().ends_with(ext) {
            stem.truncate(stem.len() - ext.len());
        }
    }
    let mut name = format!("{stem}.html");
    let mut n = 1;
    while !taken.insert(name.clone()) {
        n += 1;
        name = format!("{stem}-{n}.html");
    }
    name
}

/// The URLs of a URL list: one http(s) URL a line, blank lines and `#` comments ignored. `None`
/// when the file is not one (too large, not text, any other line, no URL at all).
pub(crate) fn read_url_list(path: &Path) -> Option<Vec<String>> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_URL_LIST_BYTES {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut urls = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if !fetch::is_http_url(line) || line.contains(char::is_whitespace) {
            return None;
        }
        urls.push(line.to_owned());
    }
    (!urls.is_empty()).then_some(urls)
}

/// The pages of a URL-list file, fetched politely with the default options, for
/// `chorus extract`; `None` when `path` is not a URL list.
pub(crate) fn url_list_pages(path: &Path) -> Option<Box<dyn Iterator<Item = PageItem>>> {
    let urls = read_url_list(path)?;
    let fetcher = Fetcher::new(FetchOptions::default().config());
    let shown = path.display().to_string();
    // Fetched a chunk at a time (hosts in parallel within it), so that a long list neither waits
    // for every page before printing the first nor holds every page in memory.
    let chunks: Vec<Vec<String>> = urls
        .chunks(4 * PARALLEL_HOSTS)
        .map(<[String]>::to_vec)
        .collect();
    Some(Box::new(chunks.into_iter().flat_map(move |chunk| {
        let pages = fetch::per_host(&chunk, String::as_str, PARALLEL_HOSTS, |url| {
            get_page(&fetcher, url)
        });
        let shown = shown.clone();
        pages.into_iter().map(move |page| match page {
            Ok(page) => PageItem::Page(InputPage {
                path: shown.clone(),
                record: None,
                html: page.text(),
                url: Some(page.url),
            }),
            Err(e) => PageItem::Warning(e.to_string()),
        })
    })))
}

/// What `ingest --feeds` read: the new articles, and the feeds' validators to store once they
/// are.
#[derive(Debug, Default)]
pub(crate) struct FeedInput {
    /// New articles (items whose URL is not stored yet), in feed order.
    articles: Vec<Article>,
    /// How many articles [`FeedInput::take_articles`] took.
    new_items: usize,
    /// Warnings printed (feeds or pages that failed, items without text).
    pub(crate) warnings: usize,
    /// Feeds that answered (with a feed, or 304).
    answered: usize,
    /// Feeds that answered 304 Not Modified.
    unchanged: usize,
    /// Items skipped because their URL is stored (or listed twice).
    known: usize,
    /// Item pages fetched, and how many of those gave an article.
    pages: (usize, usize),
    /// Validators of each feed that answered.
    validators: Vec<(String, Validators)>,
}

impl FeedInput {
    /// The new articles, to ingest.
    pub(crate) fn take_articles(&mut self) -> Vec<Article> {
        self.new_items += self.articles.len();
        std::mem::take(&mut self.articles)
    }

    /// Whether any feed answered: a run where every feed failed read nothing usable.
    pub(crate) fn usable(&self) -> bool {
        self.answered > 0
    }

    /// Stores the feeds' validators (after the articles are stored) and tells on stderr what the
    /// feeds gave.
    pub(crate) fn commit(&self, store: &mut SqliteStore) -> anyhow::Result<()> {
        for (url, v) in &self.validators {
            store.put_fetch_state(url, v.etag.as_deref(), v.last_modified.as_deref())?;
        }
        // On stderr, beside the warnings: stdout keeps the one summary line of `chorus ingest`.
        errln!(
            "chorus: feeds {} answered, {} unchanged; items {} new, {} known; item pages {} fetched, {} extracted",
            self.answered,
            self.unchanged,
            self.new_items + self.articles.len(),
            self.known,
            self.pages.0,
            self.pages.1
        );
        Ok(())
    }
}

/// Fetches the feeds listed in `list` and reads their new items (see the module documentation).
/// Every problem is a warning on stderr; only an unreadable list is an error.
pub(crate) fn read_feeds(
    list: &Path,
    options: &FetchOptions,
    store: &SqliteStore,
) -> anyhow::Result<FeedInput> {
    let text =
        std::fs::read_to_string(list).with_context(|| format!("cannot read {}", list.display()))?;
    let mut feeds = Vec::new();
    let mut input = FeedInput::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if fetch::is_http_url(line) {
            feeds.push(line.to_owned());
        } else {
            errln!(
                "warning: {}:{}: not an http(s) URL: {line}",
                list.display(),
                n + 1
            );
            input.warnings += 1;
        }
    }
    let mut known_validators = HashMap::new();
    for url in &feeds {
        if let Some(state) = store.fetch_state(url)? {
            let v = Validators {
                etag: state.etag,
                last_modified: state.last_modified,
            };
            known_validators.insert(url.clone(), v);
        }
    }
    let fetcher = Fetcher::new(options.config());
    let none = Validators::default();
    let answers = fetch::per_host(&feeds, String::as_str, PARALLEL_HOSTS, |url| {
        fetcher.get_conditional(url, known_validators.get(url).unwrap_or(&none))
    });
    let config = ExtractConfig::default();
    let mut seen: HashSet<String> = HashSet::new();
    // Summary-only articles whose page is to be fetched: (index in `articles`, page URL).
    let mut wanted: Vec<(usize, String)> = Vec::new();
    for (url, answer) in feeds.iter().zip(answers) {
        let page = match answer {
            Ok(Fetched::NotModified { .. }) => {
                input.answered += 1;
                input.unchanged += 1;
                // The same validators again: the store notes when the feed was last fetched.
                let v = known_validators.get(url).cloned().unwrap_or_default();
                input.validators.push((url.clone(), v));
                continue;
            }
            Ok(Fetched::Page(page)) => page,
            Err(e) => {
                errln!("warning: feed {e}");
                input.warnings += 1;
                continue;
            }
        };
        let mut feed = match web::parse_feed(&page.body) {
            Ok(feed) => feed,
            Err(e) => {
                errln!("warning: feed {url}: {e}");
                input.warnings += 1;
                continue;
            }
        };
        // Relative links name pages on the feed's site: resolved before they are compared with
        // the store's or fetched, so that two sites' `/a/1` are two pages.
        feed.resolve_links(&page.url, fetch::join_url);
        input.answered += 1;
        input
            .validators
            .push((url.clone(), page.validators.clone()));
        for item in &feed.items {
            if let Some(link) = item.link.as_deref() {
                if seen.contains(link) || store.has_article_url(link)? {
                    input.known += 1;
                    continue;
                }
                seen.insert(link.to_owned());
            }
            let origin = Origin {
                path: url.clone(),
                line: None,
            };
            let article = match web::item_article(&feed, item, origin, &config) {
                Ok(article) => article,
                Err(e) => {
                    let name = item
                        .link
                        .as_deref()
                        .or(item.title.as_deref())
                        .unwrap_or("?");
                    errln!("warning: feed {url}: item {name}: {e}");
                    input.warnings += 1;
                    continue;
                }
            };
            if article.meta.summary_only {
                if let Some(link) = item.link.as_deref().filter(|l| fetch::is_http_url(l)) {
                    wanted.push((input.articles.len(), link.to_owned()));
                }
            }
            input.articles.push(article);
        }
    }
    let links: Vec<&str> = wanted.iter().map(|(_, link)| link.as_str()).collect();
    let pages = fetch::per_host(
        &links,
        |l| l,
        PARALLEL_HOSTS,
        |link| get_page(&fetcher, link),
    );
    for ((index, link), page) in wanted.iter().zip(pages) {
        input.pages.0 += 1;
        let article = &mut input.articles[*index];
        // Fetch errors name their URL; extraction errors get the page's.
        let extracted = page.map_err(|e| e.to_string()).and_then(|page| {
            html::extract(&page.text(), Some(&page.url), &config)
                .map_err(|e| format!("{}: {e}", page.url))
        });
        match extracted {
            Ok(extracted) => {
                input.pages.1 += 1;
                complete(article, &extracted);
            }
            Err(e) => {
                errln!("warning: {e}; keeping the feed's summary of {link}");
                input.warnings += 1;
            }
        }
    }
    Ok(input)
}

/// A summary-only feed article completed with the article of its page: the page's text, and
/// what the feed did not say.
fn complete(article: &mut Article, page: &Extracted) {
    article.text = page.text();
    article.meta.summary_only = false;
    if article.title.trim().is_empty() {
        article.title = page.title.clone().unwrap_or_default();
    }
    if article.time.is_none() {
        article.time = page.date.clone();
    }
    if article.meta.authors.is_empty() {
        article.meta.authors = page.authors.clone();
    }
    if article.meta.language.is_none() {
        article.meta.language = page.language.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_and_unique() {
        let mut taken = HashSet::new();
        assert_eq!(
            unique_name("https://news.test/2024/03/rain.html?x=1", &mut taken),
            "news.test_2024_03_rain.html_x_1.html"
        );
        assert_eq!(
            unique_name("https://news.test/a/", &mut taken),
            "news.test_a.html"
        );
        assert_eq!(
            unique_name("https://news.test/a", &mut taken),
            "news.test_a-2.html"
        );
        assert_eq!(
            unique_name("http://news.test/b.HTML", &mut taken),
            "news.test_b.html"
        );
    }

    #[test]
    fn url_lists_hold_only_urls() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("urls.txt");
        std::fs::write(&list, "# news\nhttps://a.test/1\n\n  http://b.test/2  \n").unwrap();
        assert_eq!(
            read_url_list(&list).unwrap(),
            ["https://a.test/1", "http://b.test/2"]
        );
        std::fs::write(&list, "Rain in the city\nhttps://a.test/1\n").unwrap();
        assert_eq!(read_url_list(&list), None);
        std::fs::write(&list, "# nothing\n").unwrap();
        assert_eq!(read_url_list(&list), None);
        assert_eq!(read_url_list(dir.path()), None);
    }

    #[test]
    fn a_page_completes_a_summary_only_article() {
        let mut article = Article {
            id: "x".into(),
            title: String::new(),
            text: "A teaser.".into(),
            url: Some("https://a.test/1".into()),
            source: None,
            time: None,
            origin: Origin::default(),
            meta: model::ArticleMeta {
                summary_only: true,
                ..Default::default()
            },
        };
        let page = Extracted {
            title: Some("Rain".into()),
            authors: vec!["A. Writer".into()],
            date: Some("2024-03-12".into()),
            site: None,
            canonical_url: None,
            language: Some("en".into()),
            paragraphs: vec![html::Paragraph {
                text: "It rained all day.".into(),
                kind: html::ParagraphKind::Paragraph,
                source: 0..10,
            }],
        };
        complete(&mut article, &page);
        assert_eq!(article.text, "It rained all day.");
        assert_eq!(article.title, "Rain");
        assert!(!article.meta.summary_only);
        assert_eq!(article.meta.authors, ["A. Writer"]);
        assert_eq!(article.time.as_deref(), Some("2024-03-12"));
    }
}
