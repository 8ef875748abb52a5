//! Batch evidence: a short line that turns up in several articles of a batch is template furniture
//! ("Photo", "Read more:"), unless it sits inside a syndicated copy of the same story, where the
//! neighbouring sentences are repeated too and the short line is a crosshead of that story.
//!
//! Lines are counted by a 64-bit hash of their normalized text, once per article, so memory grows
//! with the number of distinct lines, not with their length.

use std::collections::HashMap;

use crate::CleanConfig;
use crate::lines::{Line, LineHash, NormalizedLines};

/// How many articles of the batch carry each short line and each prose line.
pub(crate) struct RepeatIndex {
    /// Line hash -> (number of distinct articles, index of the last article counted).
    counts: HashMap<u64, (u32, usize), LineHash>,
}

/// What the batch pass tracks about a line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Few words, no sentence ending: a candidate for furniture.
    Short,
    /// Running prose: evidence of a syndicated copy when repeated.
    Prose,
    /// Neither.
    Other,
}

fn kind(line: &Line<'_>, config: &CleanConfig) -> Kind {
    if line.is_sentence() {
        Kind::Prose
    } else if line.words <= config.max_repeat_words && !line.ends_like_sentence {
        Kind::Short
    } else {
        Kind::Other
    }
}

/// The hash a line is counted by: that of its normalized text.
fn line_hash(normalized: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(normalized.as_bytes())
}

/// The hash of every line of one article that the batch pass tracks (`None` for the others),
/// computed once for counting and marking.
pub(crate) fn line_hashes(
    lines: &[Line<'_>],
    normalized: &NormalizedLines,
    config: &CleanConfig,
) -> Vec<Option<u64>> {
    lines
        .iter()
        .enumerate()
        .map(|(index, line)| {
            (kind(line, config) != Kind::Other).then(|| line_hash(normalized.get(index)))
        })
        .collect()
}

impl RepeatIndex {
    /// Counts, for every short or prose line, the articles of the batch that carry it, from the
    /// [`line_hashes`] of each article.
    pub(crate) fn build(articles: &[Vec<Option<u64>>]) -> RepeatIndex {
        let mut counts: HashMap<u64, (u32, usize), LineHash> = HashMap::default();
        for (article, hashes) in articles.iter().enumerate() {
            for &hash in hashes.iter().flatten() {
                let entry = counts.entry(hash).or_insert((0, usize::MAX));
                if entry.1 != article {
                    *entry = (entry.0 + 1, article);
                }
            }
        }
        RepeatIndex { counts }
    }

    fn articles_with(&self, hash: Option<u64>) -> u32 {
        hash.and_then(|hash| self.counts.get(&hash))
            .map_or(0, |&(count, _)| count)
    }

    /// Marks the short lines of one article that the batch shows to be furniture; `hashes` are
    /// the article's [`line_hashes`].
    pub(crate) fn mark(
        &self,
        lines: &[Line<'_>],
        hashes: &[Option<u64>],
        verdicts: &mut [Option<&'static str>],
        config: &CleanConfig,
    ) {
        let threshold = u32::try_from(config.min_repeat_articles.max(2)).unwrap_or(u32::MAX);
        for index in 0..lines.len() {
            if verdicts[index].is_some() || kind(&lines[index], config) != Kind::Short {
                continue;
            }
            if self.articles_with(hashes[index]) < threshold {
                continue;
            }
            let syndicated = [index.checked_sub(1), Some(index + 1)]
                .into_iter()
                .flatten()
                .filter(|&i| i < lines.len())
                .any(|i| {
                    kind(&lines[i], config) == Kind::Prose && self.articles_with(hashes[i]) >= 2
                });
            if !syndicated {
                verdicts[index] = Some("repeated-line");
            }
        }
    }
}
