//! The only crate that knows the order of the stages:
//! `read -> clean -> segment -> dedup -> summarize -> report`.
//!
//! Each stage is a plain function of its own crate; this crate threads one event's articles through
//! them and collects the warnings a user should see (an article that has no sentences left after
//! cleaning, for example). It does no IO itself: reading is [`ingest`]'s, printing the binary's.

use std::fmt;
use std::ops::Range;

use clean::{CleanConfig, Cleaned};
use dedup::DedupConfig;
use model::{
    Analysis, Article, Document, EventReport, NoiseLine, Origin, REPORT_SCHEMA_VERSION, Sentence,
    SourceEntry,
};
use segment::paragraphs;
use summarize::{Method, SummarizeConfig};

/// Settings of every stage, validated once by the binary.
#[derive(Debug, Clone, Default)]
pub struct PipelineConfig {
    /// Boilerplate removal.
    pub clean: CleanConfig,
    /// Copy detection.
    pub dedup: DedupConfig,
    /// Headline and summary.
    pub summarize: SummarizeConfig,
}

/// Something the user should know about one article; processing went on without it.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    /// Where the article came from.
    pub origin: Origin,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

/// One event's articles after cleaning, segmentation and copy detection.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    /// Documents that have at least one sentence, in input order.
    pub docs: Vec<Document>,
    /// For each document, the index of the document it copies, if any.
    pub copy_of: Vec<Option<usize>>,
    /// Articles left out, and why.
    pub warnings: Vec<Warning>,
}

/// Cleans, segments and links copies among one event's articles.
pub fn prepare(articles: Vec<Article>, config: &PipelineConfig) -> Prepared {
    let mut prepared = prepare_documents(articles, config);
    let texts: Vec<String> = prepared.docs.iter().map(kept_text).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    prepared.copy_of = dedup::find_copies(&refs, &config.dedup)
        .iter()
        .map(|c| c.original())
        .collect();
    prepared
}

/// Cleans and segments a batch of articles without linking copies (`copy_of` is all `None`), for
/// callers that look for copies beyond the batch, as `chorus ingest` does in its database.
pub fn prepare_documents(articles: Vec<Article>, config: &PipelineConfig) -> Prepared {
    let cleaned = clean::clean_batch(&articles, &config.clean);
    let mut prepared = Prepared::default();
    for (mut article, cleaned) in articles.into_iter().zip(cleaned) {
        let Cleaned {
            mut kept,
            removed,
            outlet,
        } = cleaned;
        if article.source.is_none() {
            article.source = outlet;
        }
        let removed_title = replace_boilerplate_title(&mut article, &mut kept, &config.clean);
        let paragraphs = paragraphs(&article.text, &kept);
        let mut sentences = Vec::new();
        for (p, range) in paragraphs.iter().enumerate() {
            for r in segment::split_sentences_in(&article.text, range.clone()) {
                sentences.push(Sentence {
                    index: sentences.len(),
                    start: r.start,
                    end: r.end,
                    paragraph: p,
                });
            }
        }
        if sentences.is_empty() {
            let message = if article.text.trim().is_empty() {
                "article has no body text; left out".to_owned()
            } else {
                format!(
                    "article has no sentences after cleaning ({} lines removed as boilerplate); left out",
                    removed.len()
                )
            };
            prepared.warnings.push(Warning {
                origin: article.origin.clone(),
                message,
            });
            continue;
        }
        prepared.docs.push(Document {
            article,
            paragraphs,
            removed,
            removed_title,
            sentences,
        });
    }
    prepared.copy_of = vec![None; prepared.docs.len()];
    prepared
}

/// When the title line is itself boilerplate (a scrape that starts with "Skip to main content"),
/// takes the first kept body line as the title if it is shaped like one (at most 30 words, no
/// sentence-final full stop) and returns the old title.
fn replace_boilerplate_title(
    article: &mut Article,
    kept: &mut Vec<Range<usize>>,
    config: &CleanConfig,
) -> Option<String> {
    if article.title.trim().is_empty() || !clean::clean_text(&article.title, config).kept.is_empty()
    {
        return None;
    }
    let first = kept.first()?.clone();
    let line = article.text[first.clone()].trim();
    if segment::word_count(line) > 30 || line.ends_with('.') {
        return None;
    }
    let old = std::mem::replace(&mut article.title, line.to_owned());
    kept.remove(0);
    Some(old)
}

/// The text of the kept paragraphs, which is what copy detection compares.
fn kept_text(doc: &Document) -> String {
    let parts: Vec<&str> = doc
        .paragraphs
        .iter()
        .map(|r| &doc.article.text[r.clone()])
        .collect();
    parts.join("\n")
}

/// A stable event id: 12 hex digits of the hash of its sorted article ids.
pub fn event_id(docs: &[Document]) -> String {
    let mut ids: Vec<&str> = docs.iter().map(|d| d.article.id.as_str()).collect();
    ids.sort_unstable();
    format!(
        "e{:012x}",
        xxhash_rust::xxh3::xxh3_64(ids.join("\n").as_bytes()) >> 16
    )
}

/// The cross-source analysis of one prepared event: entities, quotes, figures and their
/// disagreements, framing, coverage, timeline, and the noise lines the cleaner removed (each
/// removed line trimmed, the replaced boilerplate title line first).
pub fn analyze(prepared: &Prepared) -> Analysis {
    let docs = &prepared.docs;
    let mut noise = Vec::new();
    for doc in docs {
        let id = &doc.article.id;
        if let Some(title) = doc.removed_title.as_deref().map(str::trim) {
            if !title.is_empty() {
                noise.push(NoiseLine {
                    article: id.clone(),
                    line: title.to_owned(),
                    reason: "boilerplate-title".to_owned(),
                });
            }
        }
        for removed in &doc.removed {
            let line = doc.article.text[removed.start..removed.end].trim();
            if !line.is_empty() {
                noise.push(NoiseLine {
                    article: id.clone(),
                    line: line.to_owned(),
                    reason: removed.reason.clone(),
                });
            }
        }
    }
    let entities = analyze::entities::extract_entities(docs);
    let quotes = analyze::quotes::extract_quotes(docs, &entities);
    let framing = analyze::framing::extract_framing(docs, &entities, &quotes);
    let figures = analyze::figures::extract_figures(docs);
    let disagreements = analyze::figures::find_disagreements(&figures);
    let timeline = analyze::timeline::extract_timeline(docs);
    let coverage = analyze::coverage::extract_coverage(docs, &prepared.copy_of);
    Analysis {
        entities,
        quotes,
        figures,
        disagreements,
        framing,
        coverage,
        timeline,
        noise,
    }
}

/// The report of one prepared event.
pub fn report(prepared: &Prepared, method: &dyn Method, config: &PipelineConfig) -> EventReport {
    let summary =
        summarize::summarize(&prepared.docs, &prepared.copy_of, method, &config.summarize);
    let total = summary.sentences.len().max(1) as f64;
    let sources = prepared
        .docs
        .iter()
        .zip(&prepared.copy_of)
        .map(|(doc, copy)| {
            let id = &doc.article.id;
            let supported = summary
                .sentences
                .iter()
                .filter(|s| s.support.contains(id))
                .count();
            SourceEntry {
                id: id.clone(),
                outlet: doc.article.source.clone(),
                title: doc.article.title.clone(),
                time: doc.article.time.clone(),
                url: doc.article.url.clone(),
                summary_share: supported as f64 / total,
                copy_of: copy
                    .map(|c| vec![prepared.docs[c].article.id.clone()])
                    .unwrap_or_default(),
            }
        })
        .collect();
    EventReport {
        schema_version: REPORT_SCHEMA_VERSION,
        id: event_id(&prepared.docs),
        cluster: None,
        summary,
        sources,
        analysis: analyze(prepared),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_lines_join_into_paragraphs_across_single_breaks_only() {
        let text = "One line\nwraps here.\n\nNew paragraph.\nNOISE\nAfter noise.";
        let line = |s: &str| {
            let start = text.find(s).unwrap();
            start..start + s.len()
        };
        let kept = [
            line("One line"),
            line("wraps here."),
            line("New paragraph."),
            line("After noise."),
        ];
        let paras: Vec<&str> = paragraphs(text, &kept)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(
            paras,
            ["One line\nwraps here.", "New paragraph.", "After noise."]
        );
    }
}
