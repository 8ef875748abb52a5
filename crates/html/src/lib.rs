//! Main-content extraction from HTML pages: the article body as paragraphs, each with its byte
//! range in the page, and the page's metadata (title, authors, date, site, canonical URL,
//! language).
//!
//! ```
//! let page = "<html lang=en><head><title>Rain | Daily</title></head><body>\
//!     <nav><a href=/>Home</a></nav><article><h1>Rain</h1>\
//!     <p>It rained all day in the city, and the river rose by two metres before the evening.</p>\
//!     <p>The mayor said the flood defences held, and that schools would open as usual tomorrow.</p>\
//!     </article></body></html>";
//! let config = html::ExtractConfig { min_chars: 50, ..Default::default() };
//! let article = html::extract(page, None, &config).unwrap();
//! assert_eq!(article.paragraphs.len(), 2);
//! let p = &article.paragraphs[0];
//! assert_eq!(&page[p.source.clone()], p.text);
//! assert_eq!(article.language.as_deref(), Some("en"));
//! ```
//!
//! Entry points: [`extract`] for a page already decoded, [`decode`] for raw bytes in any charset,
//! and [`score`] for the two published extraction metrics used to measure it.

mod content;
mod dom;
mod entities;
mod meta;
pub mod score;

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// Limits and thresholds of extraction.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExtractConfig {
    /// Pages longer than this many bytes are refused with [`Error::TooLarge`].
    pub max_bytes: usize,
    /// Fewer article characters than this: the page is not an article ([`Error::NotAnArticle`]).
    ///
    /// This and the other lengths are in Latin-script characters: a Chinese, Japanese or Korean
    /// character, which carries about what a short English word does, counts as three.
    pub min_chars: usize,
    /// Blocks with a larger share of characters inside links are boilerplate.
    pub max_link_density: f64,
    /// Blocks shorter than this (in characters) are too short to judge alone.
    pub short_chars: usize,
    /// Blocks at least this long (in characters), with a sentence and few links, are article
    /// text.
    pub good_chars: usize,
}

impl Default for ExtractConfig {
    fn default() -> Self {
        Self {
            max_bytes: default_max_bytes(),
            min_chars: default_min_chars(),
            max_link_density: default_max_link_density(),
            short_chars: default_short_chars(),
            good_chars: default_good_chars(),
        }
    }
}

/// 50 MB: ten times the largest page of the extraction sets (about 5 MB).
fn default_max_bytes() -> usize {
    50 * 1024 * 1024
}

/// 200 characters: about two sentences; the shortest article bodies of the sets are longer.
fn default_min_chars() -> usize {
    200
}

/// Measured on the extraction dev sets (`chorus eval-extraction`).
fn default_max_link_density() -> f64 {
    0.5
}

/// jusText's `length_low` is 70; measured on the extraction dev sets.
fn default_short_chars() -> usize {
    50
}

/// Between jusText's `length_low` (70) and `length_high` (200); measured on the dev sets.
fn default_good_chars() -> usize {
    80
}

/// What a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParagraphKind {
    /// Running text.
    Paragraph,
    /// A heading inside the article.
    Heading,
    /// An item of a list.
    ListItem,
    /// Text inside a block quote.
    Quote,
}

/// One paragraph of the article.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Paragraph {
    /// The text, entity-decoded, whitespace collapsed.
    pub text: String,
    /// What it is.
    pub kind: ParagraphKind,
    /// Byte range in the page (the `html` given to [`extract`], that is the page after charset
    /// decoding) from its first to its last character, markup and references inside included.
    pub source: Range<usize>,
}

/// An article found in a page.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Extracted {
    /// Headline.
    pub title: Option<String>,
    /// Authors' names.
    pub authors: Vec<String>,
    /// Publication date as the page states it (ISO 8601, `YYYY-MM-DD` at least).
    pub date: Option<String>,
    /// Site or outlet name.
    pub site: Option<String>,
    /// Canonical URL.
    pub canonical_url: Option<String>,
    /// Primary language subtag (`en`, `de`).
    pub language: Option<String>,
    /// The article body.
    pub paragraphs: Vec<Paragraph>,
}

impl Extracted {
    /// The body: paragraphs separated by newlines.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for p in &self.paragraphs {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&p.text);
        }
        out
    }
}

/// Why a page gave no article.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The page is larger than [`ExtractConfig::max_bytes`].
    #[error("page of {size} bytes is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The page's size in bytes.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The page holds no article text (an index or listing page, an empty or script-only page).
    #[error("not an article: {reason}")]
    NotAnArticle {
        /// What was found instead.
        reason: String,
    },
}

/// Finds the article in `html`; `url` (the page's address) helps with the date and site.
pub fn extract(html: &str, url: Option<&str>, config: &ExtractConfig) -> Result<Extracted, Error> {
    if html.len() > config.max_bytes {
        return Err(Error::TooLarge {
            size: html.len(),
            limit: config.max_bytes,
        });
    }
    let dom = dom::parse(html);
    let meta = meta::read(&dom, url);
    let blocks = content::blocks(&dom, config);
    let paragraphs = match content::container(&dom, &blocks) {
        Some(c) => {
            let title = meta.title.as_deref().map(meta::squash);
            content::select(&dom, &blocks, c)
                .into_iter()
                .map(|i| &blocks[i])
                .filter(|b| {
                    !(b.kind == ParagraphKind::Heading
                        && title.as_deref().is_some_and(|t| is_headline(&b.text, t)))
                })
                .map(|b| Paragraph {
                    text: b.text.clone(),
                    kind: b.kind,
                    source: b.source.clone(),
                })
                .collect()
        }
        None => Vec::new(),
    };
    let chars: usize = paragraphs.iter().map(|p| p.text.chars().count()).sum();
    let length: usize = paragraphs
        .iter()
        .map(|p| content::text_length(&p.text))
        .sum();
    if length < config.min_chars {
        let links = blocks
            .iter()
            .filter(|b| b.class == content::Class::Bad)
            .count();
        let weighed = if length == chars {
            String::new()
        } else {
            format!(
                ", {length} counting each Chinese, Japanese or Korean character as {}",
                content::WIDE_CHAR_WEIGHT
            )
        };
        return Err(Error::NotAnArticle {
            reason: format!(
                "{chars} characters of article text{weighed} (fewer than {}), {} text blocks of which {links} are links or boilerplate",
                config.min_chars,
                blocks.len()
            ),
        });
    }
    Ok(Extracted {
        title: meta.title,
        authors: meta.authors,
        date: meta.date,
        site: meta.site,
        canonical_url: meta.canonical_url,
        language: meta.language,
        paragraphs,
    })
}

/// Whether heading `text` is the page's headline `title`: equal, or the title with the site's
/// name or a date after a separator ("Rain floods the city | Daily News").
fn is_headline(text: &str, title: &str) -> bool {
    match title.strip_prefix(text) {
        Some("") => true,
        Some(rest) => rest
            .trim_start()
            .starts_with(['|', '-', '–', '—', ':', '·', '•', '/']),
        None => false,
    }
}

/// Whether bytes start like an HTML document: a doctype, `<html>`, `<head>` or `<body>` in the
/// first kilobyte, after whitespace and a BOM. For inputs whose name or type says nothing.
///
/// ```
/// assert!(html::looks_like_html(b"\n<!DOCTYPE html><title>x</title>"));
/// assert!(!html::looks_like_html(b"GIF89a"));
/// ```
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let head = &bytes[start..bytes.len().min(start + 1024)];
    if !head.starts_with(b"<") {
        return false;
    }
    let lower = head.to_ascii_lowercase();
    [&b"<!doctype html"[..], b"<html", b"<head", b"<body"]
        .iter()
        .any(|tag| lower.windows(tag.len()).any(|w| w == *tag))
}

/// Decodes page bytes: the BOM, else the charset the page declares in its first 1024 bytes,
/// else a guess (chardetng) when the bytes are not valid UTF-8.
pub fn decode(bytes: &[u8]) -> String {
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc.decode_with_bom_removal(bytes).0.into_owned();
    }
    let head = &bytes[..bytes.len().min(1024)];
    let head_text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let declared = head_text.find("charset=").and_then(|i| {
        let rest = head_text[i + 8..].trim_start_matches(['"', '\'', ' ']);
        let label: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
            .collect();
        encoding_rs::Encoding::for_label(label.as_bytes())
    });
    if let Ok(s) = std::str::from_utf8(bytes) {
        // Valid UTF-8 that declares a single-byte charset is almost always mislabelled UTF-8.
        return s.to_owned();
    }
    let enc = declared
        .filter(|e| *e != encoding_rs::UTF_8)
        .unwrap_or_else(|| {
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(bytes, true);
            detector.guess(None, true)
        });
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

#[cfg(test)]
mod tests;
