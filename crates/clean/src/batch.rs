//! Batch evidence: a short line that turns up in several articles of a batch is template furniture
//! ("Photo", "Read more:"), unless it sits inside a syndicated copy of the same story, where the
//! neighbouring sentences are repeated too and the short line is a crosshead of that story.
//!
//! Lines are counted by a 64-bit hash of their normalized text, once per article, so memory grows
//! with the number of distinct lines, not with their length.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::CleanConfig;
use crate::lines::{Line, ends_like_sentence, is_sentence, normalize, word_count};

/// How many articles of the batch carry each short line and each prose line.
pub(crate) struct RepeatIndex {
    /// Line hash -> (number of distinct articles, index of the last article counted).
    counts: HashMap<u64, (u32, usize)>,
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

fn kind(text: &str, config: &CleanConfig) -> Kind {
    if is_sentence(text) {
        Kind::Prose
    } else if word_count(text) <= config.max_repeat_words && !ends_like_sentence(text) {
        Kind::Short
    } else {
        Kind::Other
    }
}

fn line_hash(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    normalize(text).hash(&mut hasher);
    hasher.finish()
}

impl RepeatIndex {
    /// Counts, for every short or prose line, the articles of the batch that carry it.
    pub(crate) fn build(articles: &[Vec<Line<'_>>], config: &CleanConfig) -> RepeatIndex {
        let mut counts: HashMap<u64, (u32, usize)> = HashMap::new();
        for (article, lines) in articles.iter().enumerate() {
            for line in lines {
                if kind(line.text, config) == Kind::Other {
                    continue;
                }
                let entry = counts
                    .entry(line_hash(line.text))
                    .or_insert((0, usize::MAX));
                if entry.1 != article {
                    *entry = (entry.0 + 1, article);
                }
            }
        }
        RepeatIndex { counts }
    }

    fn articles_with(&self, text: &str) -> u32 {
        self.counts
            .get(&line_hash(text))
            .map_or(0, |&(count, _)| count)
    }

    /// Marks the short lines of one article that the batch shows to be furniture.
    pub(crate) fn mark(
        &self,
        lines: &[Line<'_>],
        verdicts: &mut [Option<&'static str>],
        config: &CleanConfig,
    ) {
        let threshold = u32::try_from(config.min_repeat_articles.max(2)).unwrap_or(u32::MAX);
        for index in 0..lines.len() {
            if verdicts[index].is_some() || kind(lines[index].text, config) != Kind::Short {
                continue;
            }
            if self.articles_with(lines[index].text) < threshold {
                continue;
            }
            let syndicated = [index.checked_sub(1), Some(index + 1)]
                .into_iter()
                .flatten()
                .filter_map(|i| lines.get(i))
                .any(|n| kind(n.text, config) == Kind::Prose && self.articles_with(n.text) >= 2);
            if !syndicated {
                verdicts[index] = Some("repeated-line");
            }
        }
    }
}
