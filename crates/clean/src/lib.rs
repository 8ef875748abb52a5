//! Which lines are the article? The cleaner splits an article body into lines and decides, line by
//! line, which are content and which are page furniture (share prompts, photo credits, comment
//! policies, newsletter boxes, related links, ...), and infers the outlet when the furniture names it.
//!
//! Invariants:
//! - The cleaner never edits text: it returns byte ranges into [`model::Article::text`], trimmed of
//!   surrounding whitespace, so every later span can be checked by slicing the original.
//! - Kept and removed lines together are exactly the non-blank lines, in order, disjoint.
//! - No IO, no failure, no panic, whatever the input.
//!
//! Decisions are made by general rules: keyword patterns guarded by the line's shape (see
//! `rules.rs`), then article-level passes (captions repeating a body line, photo galleries, the
//! furniture tail after the last sentence), then batch evidence (short lines repeated across
//! several articles).

mod batch;
mod lines;
mod outlet;
mod prefilter;
mod rules;

use std::collections::HashMap;
use std::ops::Range;

use model::{Article, RemovedLine};
use serde::{Deserialize, Serialize};

use crate::batch::{RepeatIndex, line_hashes};
use crate::lines::{Line, LineHash, NormalizedLines, split_lines};

/// Settings of the cleaner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CleanConfig {
    /// A short line found in at least this many articles of a batch is template furniture.
    pub min_repeat_articles: usize,
    /// Only lines of at most this many words (and no sentence ending) count as repeated furniture.
    pub max_repeat_words: usize,
    /// Lines of at most this many words without a sentence ending, after furniture at the end of
    /// an article, are furniture too ("Press TV News Roku" after "SHARE THIS ARTICLE").
    pub max_footer_words: usize,
    /// A line repeating another line of the same article (a caption repeating a body sentence) is
    /// dropped when it has at least this many words.
    pub min_duplicate_words: usize,
    /// Whether to infer the outlet from the removed lines.
    pub infer_outlet: bool,
}

/// Default of [`CleanConfig::min_repeat_articles`]: on the giveme5w1h dev set (140 articles,
/// 94 outlets) every short line repeated in two articles ("Photo", "Read more:") was furniture.
pub fn default_min_repeat_articles() -> usize {
    2
}

/// Default of [`CleanConfig::max_repeat_words`]: the longest repeated widget line on giveme5w1h
/// dev ("Today's coverage from Post correspondents around the world") has 9 words.
pub fn default_max_repeat_words() -> usize {
    10
}

/// Default of [`CleanConfig::max_footer_words`]: footer lines in the seed articles and giveme5w1h
/// dev have at most 4 words; crossheads near the end rarely follow furniture.
pub fn default_max_footer_words() -> usize {
    8
}

/// Default of [`CleanConfig::min_duplicate_words`]: shorter repeats are often legitimate
/// ("He said no."), longer ones on giveme5w1h dev were captions and embedded posts.
pub fn default_min_duplicate_words() -> usize {
    5
}

/// Default of [`CleanConfig::infer_outlet`]: on.
pub fn default_infer_outlet() -> bool {
    true
}

impl Default for CleanConfig {
    fn default() -> Self {
        CleanConfig {
            min_repeat_articles: default_min_repeat_articles(),
            max_repeat_words: default_max_repeat_words(),
            max_footer_words: default_max_footer_words(),
            min_duplicate_words: default_min_duplicate_words(),
            infer_outlet: default_infer_outlet(),
        }
    }
}

/// What the cleaner decided for one article.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Cleaned {
    /// Kept lines as byte ranges of `Article::text`, trimmed of surrounding whitespace, in order.
    pub kept: Vec<Range<usize>>,
    /// Dropped lines, with the short stable name of the rule that dropped each (`share-prompt`).
    pub removed: Vec<RemovedLine>,
    /// The outlet name when the text states it ("More from Inquisitr" -> "Inquisitr").
    pub outlet: Option<String>,
}

/// Cleans a batch of articles together: short lines repeated across several articles of the batch
/// are evidence of template furniture. Output is parallel to input.
pub fn clean_batch(articles: &[Article], config: &CleanConfig) -> Vec<Cleaned> {
    // Everything but the repeat counts is per article: each article's lines are split, measured,
    // normalized and hashed once, the counts are the only pass over the whole batch.
    let split: Vec<(Vec<Line<'_>>, NormalizedLines)> = articles
        .iter()
        .map(|a| {
            let lines = split_lines(&a.text);
            let normalized = NormalizedLines::of(&lines);
            (lines, normalized)
        })
        .collect();
    let hashes: Vec<Vec<Option<u64>>> = split
        .iter()
        .map(|(lines, normalized)| line_hashes(lines, normalized, config))
        .collect();
    let repeats = RepeatIndex::build(&hashes);
    split
        .iter()
        .zip(&hashes)
        .map(|((lines, normalized), hashes)| {
            clean_lines(lines, normalized, Some((&repeats, hashes)), config)
        })
        .collect()
}

/// Cleans one article alone (no batch evidence).
pub fn clean_article(article: &Article, config: &CleanConfig) -> Cleaned {
    clean_text(&article.text, config)
}

/// Cleans the text of one article alone; the same as [`clean_article`] for a bare string.
pub fn clean_text(text: &str, config: &CleanConfig) -> Cleaned {
    let lines = split_lines(text);
    let normalized = NormalizedLines::of(&lines);
    clean_lines(&lines, &normalized, None, config)
}

/// Decides every line of one article; `repeats` is the batch evidence with the article's line
/// hashes.
fn clean_lines(
    lines: &[Line<'_>],
    normalized: &NormalizedLines,
    repeats: Option<(&RepeatIndex, &[Option<u64>])>,
    config: &CleanConfig,
) -> Cleaned {
    let mut verdicts: Vec<Option<&'static str>> = lines.iter().map(rules::classify_line).collect();

    mark_galleries(lines, &mut verdicts);
    mark_duplicates(lines, normalized, &mut verdicts, config);
    if let Some((repeats, hashes)) = repeats {
        repeats.mark(lines, hashes, &mut verdicts, config);
    }
    mark_footer(lines, &mut verdicts, config);

    let mut cleaned = Cleaned::default();
    for (line, verdict) in lines.iter().zip(&verdicts) {
        match verdict {
            None => cleaned.kept.push(line.range.clone()),
            Some(reason) => cleaned.removed.push(RemovedLine {
                start: line.range.start,
                end: line.range.end,
                reason: (*reason).to_owned(),
            }),
        }
    }
    if config.infer_outlet {
        let removed = lines
            .iter()
            .zip(&verdicts)
            .filter(|(_, v)| v.is_some())
            .map(|(l, _)| l.text);
        cleaned.outlet = outlet::infer_outlet(removed);
    }
    cleaned
}

/// Numbered slide captions ("3/34 ..."): lines starting with `n/m` where at least two lines of the
/// article share the same `m` (so "9/11 changed ..." alone is not a gallery).
fn mark_galleries(lines: &[Line<'_>], verdicts: &mut [Option<&'static str>]) {
    let denominators: Vec<Option<&str>> = lines.iter().map(|l| slide_denominator(l.text)).collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for denominator in denominators.iter().flatten() {
        *counts.entry(denominator).or_default() += 1;
    }
    for (verdict, denominator) in verdicts.iter_mut().zip(&denominators) {
        let repeated = denominator.is_some_and(|d| counts.get(d).copied().unwrap_or(0) >= 2);
        if repeated && verdict.is_none() {
            *verdict = Some("gallery");
        }
    }
}

/// The `m` of a line starting "n/m " with n <= m.
fn slide_denominator(text: &str) -> Option<&str> {
    let (head, _) = text.split_once(char::is_whitespace)?;
    let (n, m) = head.split_once('/')?;
    let parse = |s: &str| {
        (!s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    (parse(n)? <= parse(m)?).then_some(m)
}

/// Articles with more lines than this skip the "line contained in a longer line" check.
const MAX_CONTAINMENT_LINES: usize = 400;

/// A caption or embed repeating a line of the same article: an exact repeat drops the later copy,
/// a line contained in a longer kept line drops the shorter one.
fn mark_duplicates(
    lines: &[Line<'_>],
    normalized_lines: &NormalizedLines,
    verdicts: &mut [Option<&'static str>],
    config: &CleanConfig,
) {
    let normalized: Vec<Option<&str>> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (l.words >= config.min_duplicate_words).then(|| normalized_lines.get(i)))
        .collect();
    let mut seen: HashMap<&str, usize, LineHash> = HashMap::default();
    for (index, text) in normalized.iter().enumerate() {
        let Some(text) = *text else { continue };
        if seen.contains_key(text) {
            if verdicts[index].is_none() {
                verdicts[index] = Some("duplicate-line");
            }
        } else {
            seen.insert(text, index);
        }
    }
    // The containment pass is quadratic in the number of lines; pathological inputs (thousands of
    // lines) skip it rather than slow the batch down.
    if lines.len() > MAX_CONTAINMENT_LINES {
        return;
    }
    let signatures: Vec<(u64, u64)> = normalized
        .iter()
        .map(|text| text.map_or((0, 0), word_signatures))
        .collect();
    for (index, text) in normalized.iter().enumerate() {
        let Some(text) = *text else { continue };
        if verdicts[index].is_some() {
            continue;
        }
        let inner = signatures[index].1;
        let contained = normalized.iter().enumerate().any(|(other, longer)| {
            other != index
                && verdicts[other].is_none()
                && longer.is_some_and(|l| {
                    l.len() > text.len() && inner & !signatures[other].0 == 0 && l.contains(text)
                })
        });
        if contained {
            verdicts[index] = Some("duplicate-line");
        }
    }
}

/// Two 64-bit sets of the words of a normalized line (words joined by single spaces), one bit per
/// word chosen by a hash of it: the set of all its words, and the set of its words but the first
/// and the last. When a normalized line is contained in another, its inner words are whole words
/// of the other line too (they are framed by spaces in both), so its inner set is a subset of the
/// other's full set: a cheap test that rules out most pairs before the substring search.
fn word_signatures(normalized: &str) -> (u64, u64) {
    const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
    let (mut all, mut inner) = (0_u64, 0_u64);
    let mut previous: Option<u64> = None;
    let mut words = 0_usize;
    let mut hash = FNV_OFFSET;
    // The bytes and one final space, so that the last word ends like the others.
    for byte in normalized.bytes().chain(std::iter::once(b' ')) {
        if byte != b' ' {
            hash = (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
            continue;
        }
        let bit = 1_u64 << (hash >> 58);
        all |= bit;
        // The word before this one is inner unless it was the first.
        if let Some(previous) = previous.filter(|_| words >= 2) {
            inner |= previous;
        }
        previous = Some(bit);
        words += 1;
        hash = FNV_OFFSET;
    }
    (all, inner)
}

/// The furniture tail: after the last line that reads as prose, once a furniture line has been
/// seen, short lines without a sentence ending are furniture too ("Popular Video", "Press TV News
/// Roku"). Short lines before the first furniture line of the tail stay (sign-offs, crossheads).
fn mark_footer(lines: &[Line<'_>], verdicts: &mut [Option<&'static str>], config: &CleanConfig) {
    let mut tail_start = lines.len();
    for (index, line) in lines.iter().enumerate().rev() {
        let short_open = line.words <= config.max_footer_words && !line.ends_like_sentence;
        if verdicts[index].is_some() || short_open {
            tail_start = index;
        } else {
            break;
        }
    }
    let Some(first_noise) = (tail_start..lines.len()).find(|&i| verdicts[i].is_some()) else {
        return;
    };
    for verdict in &mut verdicts[first_noise + 1..] {
        if verdict.is_none() {
            *verdict = Some("footer");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn contained_lines_pass_the_signature_test(
            words in proptest::collection::vec("[a-dé]{1,3}", 1..12),
            from in 0usize..40,
            len in 0usize..40,
        ) {
            let longer = words.join(" ");
            let bounds: Vec<usize> = (0..=longer.len()).filter(|&i| longer.is_char_boundary(i)).collect();
            let start = bounds[from % bounds.len()];
            let end = bounds[(from + len) % bounds.len()].max(start);
            let text = longer[start..end].trim_matches(' ');
            // A slice of words joined by single spaces, trimmed: a normalized line itself.
            if !text.is_empty() {
                proptest::prop_assert!(longer.contains(text));
                proptest::prop_assert_eq!(word_signatures(text).1 & !word_signatures(&longer).0, 0);
            }
        }

        #[test]
        fn signatures_are_sets_of_word_bits(words in proptest::collection::vec("[a-dé]{1,3}", 1..8)) {
            let bit = |w: &str| word_signatures(w).0;
            let all = words.iter().fold(0, |set, w| set | bit(w));
            let inner = words[1..words.len().saturating_sub(1).max(1)].iter().fold(0, |set, w| set | bit(w));
            proptest::prop_assert_eq!(word_signatures(&words.join(" ")), (all, inner));
        }
    }
}
