//! The two published scores of extraction quality, reimplemented exactly.
//!
//! - [`ShingleScore`]: the Zyte/Scrapinghub article-extraction-benchmark (`evaluate.py`):
//!   tokens are `\w+` runs, shingles are 4-token windows counted as a multiset (a text of fewer
//!   than 4 tokens is one shorter shingle, an empty text none), per page TP/FP/FN are normalized to
//!   sum to 1, precision is averaged over pages with TP+FP > 0, recall over pages with TP+FN > 0,
//!   and F1 is the harmonic mean of the two means.
//! - [`SnippetCounts`]: trafilatura's `tests/eval_common.py`: after whitespace is collapsed, a
//!   must-contain snippet found in the output is a true positive and a missing one a false
//!   negative; a must-not-contain snippet found is a false positive and an absent one a true
//!   negative; counts add up over pages.

use std::collections::HashMap;
use std::io::Read;

use serde::Deserialize;

/// One page of an extraction set (`{"id","url","html","text"}`, plus `must_contain` and
/// `must_not_contain` in trafilatura's set); unknown fields are ignored.
#[derive(Debug, Clone, Deserialize)]
pub struct ExtractionRecord {
    /// The page's id.
    pub id: String,
    /// The page's address.
    #[serde(default)]
    pub url: Option<String>,
    /// The page as served.
    pub html: String,
    /// The ground-truth article body, when the set has one.
    #[serde(default)]
    pub text: Option<String>,
    /// Snippets a correct extraction contains.
    #[serde(default)]
    pub must_contain: Vec<String>,
    /// Snippets a correct extraction leaves out.
    #[serde(default)]
    pub must_not_contain: Vec<String>,
}

/// Parses an extraction set held in memory (JSON Lines, gzip-compressed or not).
/// Returns the records and, for each bad line, a message naming its line number.
pub fn parse_records(bytes: &[u8]) -> (Vec<ExtractionRecord>, Vec<String>) {
    let mut diagnostics = Vec::new();
    let mut text = String::new();
    if bytes.starts_with(&[0x1f, 0x8b]) {
        if let Err(e) = flate2::read::MultiGzDecoder::new(bytes).read_to_string(&mut text) {
            diagnostics.push(format!("gzip: {e}"));
        }
    } else {
        text = String::from_utf8_lossy(bytes).into_owned();
    }
    let mut records = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<ExtractionRecord>(line) {
            Ok(r) => records.push(r),
            Err(e) => diagnostics.push(format!("line {}: {e}", n + 1)),
        }
    }
    (records, diagnostics)
}

/// Per-page true positives, false positives and false negatives, normalized to sum to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShingleScore {
    /// Share of shingles in both.
    pub tp: f64,
    /// Share of shingles only in the prediction.
    pub fp: f64,
    /// Share of shingles only in the truth.
    pub fn_: f64,
}

impl ShingleScore {
    /// The benchmark's `precision_score`.
    pub fn precision(&self) -> f64 {
        if self.fp == 0.0 && self.fn_ == 0.0 {
            1.0
        } else if self.tp == 0.0 && self.fp == 0.0 {
            0.0
        } else {
            self.tp / (self.tp + self.fp)
        }
    }

    /// The benchmark's `recall_score`.
    pub fn recall(&self) -> f64 {
        if self.fp == 0.0 && self.fn_ == 0.0 {
            1.0
        } else if self.tp == 0.0 && self.fn_ == 0.0 {
            0.0
        } else {
            self.tp / (self.tp + self.fn_)
        }
    }
}

/// `\w+` tokens as Python's `re` finds them: runs of alphanumeric characters and underscores.
fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let toks = tokens(text);
    let mut out = HashMap::new();
    let windows = toks.len().saturating_sub(3).max(1);
    for i in 0..windows {
        let shingle: Vec<&str> = toks.iter().skip(i).take(4).copied().collect();
        if !shingle.is_empty() {
            *out.entry(shingle).or_insert(0) += 1;
        }
    }
    out
}

/// The benchmark's `string_shingle_matching` of one page.
pub fn shingle_match(truth: &str, prediction: &str) -> ShingleScore {
    let t = shingles(truth);
    let p = shingles(prediction);
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for (k, &tc) in &t {
        let pc = p.get(k).copied().unwrap_or(0);
        tp += tc.min(pc) as f64;
        fn_ += tc.saturating_sub(pc) as f64;
    }
    for (k, &pc) in &p {
        let tc = t.get(k).copied().unwrap_or(0);
        fp += pc.saturating_sub(tc) as f64;
    }
    let s = tp + fp + fn_;
    if s > 0.0 {
        ShingleScore {
            tp: tp / s,
            fp: fp / s,
            fn_: fn_ / s,
        }
    } else {
        ShingleScore { tp, fp, fn_ }
    }
}

/// Mean precision, mean recall and their F1 over pages, as `metrics_from_tp_fp_fns`.
pub fn shingle_means(pages: &[ShingleScore]) -> (f64, f64, f64) {
    let mean = |v: Vec<f64>| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let p = mean(
        pages
            .iter()
            .filter(|s| s.tp + s.fp > 0.0)
            .map(ShingleScore::precision)
            .collect(),
    );
    let r = mean(
        pages
            .iter()
            .filter(|s| s.tp + s.fn_ > 0.0)
            .map(ShingleScore::recall)
            .collect(),
    );
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// Confusion counts of snippet matching, added up over pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SnippetCounts {
    /// Must-contain snippets found.
    pub tp: usize,
    /// Must-not-contain snippets found.
    pub fp: usize,
    /// Must-contain snippets missing.
    pub fn_: usize,
    /// Must-not-contain snippets absent.
    pub tn: usize,
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl SnippetCounts {
    /// Counts of one page's output (`None` when the extractor gave nothing).
    pub fn of_page(output: Option<&str>, must: &[String], must_not: &[String]) -> Self {
        let Some(out) = output else {
            return Self {
                fn_: must.len(),
                tn: must_not.len(),
                ..Self::default()
            };
        };
        let out = collapse(out);
        let tp = must.iter().filter(|w| out.contains(&collapse(w))).count();
        let fp = must_not
            .iter()
            .filter(|w| out.contains(&collapse(w)))
            .count();
        Self {
            tp,
            fp,
            fn_: must.len() - tp,
            tn: must_not.len() - fp,
        }
    }

    /// Adds another page's counts.
    pub fn add(&mut self, other: Self) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
        self.tn += other.tn;
    }

    /// Precision, recall, accuracy and F1 (each 0 when its denominator is).
    pub fn scores(&self) -> (f64, f64, f64, f64) {
        let div = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        (
            div(self.tp, self.tp + self.fp),
            div(self.tp, self.tp + self.fn_),
            div(self.tp + self.tn, self.tp + self.tn + self.fp + self.fn_),
            div(2 * self.tp, 2 * self.tp + self.fp + self.fn_),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_texts_score_one() {
        let s = shingle_match("one two three four five", "one two three four five");
        assert_eq!((s.precision(), s.recall()), (1.0, 1.0));
    }

    #[test]
    fn short_and_empty_texts() {
        // Fewer than four tokens make one shorter shingle.
        let s = shingle_match("a b", "a b");
        assert_eq!(s.tp, 1.0);
        // An empty prediction: all false negatives; precision is skipped for it in the means.
        let s = shingle_match("a b c d e", "");
        assert_eq!((s.tp, s.fp, s.fn_), (0.0, 0.0, 1.0));
        assert_eq!(s.recall(), 0.0);
        let (p, r, _) = shingle_means(&[s, shingle_match("a b c d", "a b c d")]);
        assert_eq!((p, r), (1.0, 0.5));
    }

    #[test]
    fn counts_are_normalized() {
        let s = shingle_match("a b c d e f", "c d e f g h");
        assert!((s.tp + s.fp + s.fn_ - 1.0).abs() < 1e-12);
        assert!((s.tp - 1.0 / 5.0).abs() < 1e-12);
    }

    #[test]
    fn snippets_match_after_whitespace_collapse() {
        let must = vec!["two  words".to_owned(), "absent".to_owned()];
        let not = vec!["menu".to_owned()];
        let c = SnippetCounts::of_page(Some("two\nwords and menu"), &must, &not);
        assert_eq!(
            c,
            SnippetCounts {
                tp: 1,
                fp: 1,
                fn_: 1,
                tn: 0
            }
        );
        let c = SnippetCounts::of_page(None, &must, &not);
        assert_eq!(
            c,
            SnippetCounts {
                tp: 0,
                fp: 0,
                fn_: 2,
                tn: 1
            }
        );
    }
}
