//! HTML pages: the article a page holds, found by [`html::extract`], with the page's metadata
//! (title, authors, date, site, canonical URL, language).

use model::{Article, ArticleId, ArticleMeta, Origin};

/// The article of a page given as raw bytes in any charset.
///
/// `url` is the page's address when known (a WARC record's target); the article's URL is that
/// address, else the page's canonical link.
pub fn article_of_page(
    bytes: &[u8],
    url: Option<&str>,
    id: ArticleId,
    origin: Origin,
    config: &html::ExtractConfig,
) -> Result<Article, html::Error> {
    // Checked before decoding, so a huge page costs no copy.
    if bytes.len() > config.max_bytes {
        return Err(html::Error::TooLarge {
            size: bytes.len(),
            limit: config.max_bytes,
        });
    }
    let page = html::decode(bytes);
    let extracted = html::extract(&page, url, config)?;
    let text = extracted.text();
    Ok(Article {
        id,
        title: extracted.title.unwrap_or_default(),
        text,
        url: url.map(str::to_owned).or(extracted.canonical_url),
        source: extracted.site,
        time: extracted.date,
        origin,
        meta: ArticleMeta {
            authors: extracted.authors,
            language: extracted.language,
            summary_only: false,
        },
    })
}

pub use html::looks_like_html;

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!doctype html><html lang=en><head><title>Dam opens | Daily</title>\
        <meta name=author content=\"Ann Lee\"><link rel=canonical href=\"https://d.example/dam\">\
        </head><body><nav><a href=/>Home</a></nav><article><h1>Dam opens</h1>\
        <p>The new dam on the river opened on Monday after six years of building, officials said.</p>\
        <p>The mayor said the dam would protect the valley from floods and supply power to towns.</p>\
        </article></body></html>";

    #[test]
    fn page_metadata_becomes_the_article() {
        let config = html::ExtractConfig {
            min_chars: 50,
            ..Default::default()
        };
        let origin = Origin {
            path: "dam.html".into(),
            line: None,
        };
        let a = article_of_page(PAGE.as_bytes(), None, "dam".into(), origin, &config).unwrap();
        assert!(a.text.starts_with("The new dam"), "{}", a.text);
        assert_eq!(a.url.as_deref(), Some("https://d.example/dam"));
        assert_eq!(a.meta.language.as_deref(), Some("en"));
        assert!(looks_like_html(PAGE.as_bytes()));
        assert!(!looks_like_html(b"Title\n\nBody <b>bold</b>"));
    }
}
