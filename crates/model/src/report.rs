//! The event report: the JSON document `chorus report --json` prints (its schema is in
//! `docs/REPORT.md`, versioned by [`REPORT_SCHEMA_VERSION`]).

use serde::{Deserialize, Serialize};

use crate::{Analysis, ArticleId, Span};

/// Version of the report's JSON shape; bumped on any breaking change.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

/// A sentence of the summary (or the headline), with where it came from and who states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummarySentence {
    /// The text as printed (possibly lightly trimmed, always a substring of the origin span).
    pub text: String,
    /// The article and byte range the text was taken from.
    pub span: Span,
    /// Index of the sentence in its article.
    pub sentence: usize,
    /// Articles that state the same thing, the origin article first.
    pub support: Vec<ArticleId>,
}

/// Headline and summary of one event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Summary {
    /// One sentence, at most 40 words.
    pub headline: Option<SummarySentence>,
    /// Summary sentences in reading order.
    pub sentences: Vec<SummarySentence>,
    /// The word budget the summary was made under.
    pub word_budget: usize,
}

/// One article of an event, as listed in the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceEntry {
    /// The article's id.
    pub id: ArticleId,
    /// Outlet name, when known or inferred.
    pub outlet: Option<String>,
    /// Headline.
    pub title: String,
    /// Publication time as given.
    pub time: Option<String>,
    /// Address.
    pub url: Option<String>,
    /// Share of the summary's sentences this article supports, from 0 to 1.
    pub summary_share: f64,
    /// Ids of articles this one duplicates (exact or near copies), if any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub copy_of: Vec<ArticleId>,
}

/// Everything Chorus reports about one event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventReport {
    /// Shape version (see [`REPORT_SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// Event id, stable for the same set of articles.
    pub id: String,
    /// The id of the input cluster the event was read from (`chorus report` of a cluster
    /// file), so that each event of a many-cluster input can be matched to its cluster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    /// Headline and summary.
    pub summary: Summary,
    /// The articles of the event.
    pub sources: Vec<SourceEntry>,
    /// How the outlets differ: entities, quotes, figures, framing, coverage, timeline, noise.
    #[serde(default)]
    pub analysis: Analysis,
}
