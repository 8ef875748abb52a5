//! Articles as read, and the views later stages build on them (kept lines, sentences, spans).

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

/// A stable identifier of an article.
///
/// Readers derive it from where the article came from (a file stem) or from its content (a hash),
/// never from the order of reading, so the same input gets the same id on every run.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleId(pub String);

impl ArticleId {
    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for ArticleId {
    fn from(value: &str) -> Self {
        ArticleId(value.to_owned())
    }
}

/// Where an article was read from: a file, and the line for line-based formats.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Origin {
    /// The path as the user gave it (or `-` for standard input).
    pub path: String,
    /// The 1-based line, for JSON Lines inputs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.path, line),
            None => f.write_str(&self.path),
        }
    }
}

/// One news article as read, before any cleaning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Stable id (see [`ArticleId`]).
    pub id: ArticleId,
    /// The headline as printed (may be empty when the input had none).
    pub title: String,
    /// The body exactly as read. Every offset in Chorus points into this string.
    pub text: String,
    /// The article's address, when known.
    pub url: Option<String>,
    /// The outlet that published it, when the input says so (or the cleaner inferred it).
    pub source: Option<String>,
    /// The publication time as given by the input, unparsed.
    pub time: Option<String>,
    /// Where it was read from.
    pub origin: Origin,
    /// What the input said about the article beyond its text (authors, language, completeness).
    #[serde(default, skip_serializing_if = "ArticleMeta::is_empty")]
    pub meta: ArticleMeta,
}

/// Facts about an article that some inputs state (web pages, feeds) and others do not.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ArticleMeta {
    /// Author names as the input gives them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Language tag as the input declares it (for example `en` or `zh-CN`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The text is only the summary or teaser the input carried (a feed item without its full
    /// content), not the whole article.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub summary_only: bool,
}

impl ArticleMeta {
    /// Whether nothing is known beyond the defaults.
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

/// A byte range of one article's [`Article::text`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    /// The article the offsets point into.
    pub article: ArticleId,
    /// Start byte (inclusive).
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
}

impl Span {
    /// The byte range of the span.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// A line the cleaner dropped, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedLine {
    /// Byte range of the line in [`Article::text`] (without its line break).
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
    /// A short, stable name of the rule that removed it (for example `share-prompt`).
    pub reason: String,
}

/// One sentence of a cleaned article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Position among the article's sentences, counting from 0.
    pub index: usize,
    /// Start byte in [`Article::text`].
    pub start: usize,
    /// End byte in [`Article::text`] (exclusive).
    pub end: usize,
    /// Index of the paragraph (kept line block) the sentence belongs to, counting from 0.
    pub paragraph: usize,
}

/// An article after cleaning and segmentation: what the summarizer and the analyzers read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// The article, with `source` filled in when the cleaner inferred it.
    pub article: Article,
    /// Byte ranges of the kept paragraphs, in order.
    pub paragraphs: Vec<Range<usize>>,
    /// The lines the cleaner removed.
    pub removed: Vec<RemovedLine>,
    /// The first line as read, when it was boilerplate ("Skip to main content") and the title was
    /// taken from the first title-shaped body line instead (that line is then not in `paragraphs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed_title: Option<String>,
    /// Sentences of the kept paragraphs, in order.
    pub sentences: Vec<Sentence>,
}

impl Document {
    /// The text of one sentence.
    pub fn sentence_text(&self, sentence: &Sentence) -> &str {
        &self.article.text[sentence.start..sentence.end]
    }

    /// A [`Span`] for the given byte range of this document.
    pub fn span(&self, start: usize, end: usize) -> Span {
        Span {
            article: self.article.id.clone(),
            start,
            end,
        }
    }
}
