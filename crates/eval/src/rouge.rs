//! ROUGE-1, ROUGE-2 and ROUGE-L as Google's `rouge-score` computes them with `use_stemmer=True`.
//!
//! Tokens: lowercase, every run of characters outside `[a-z0-9]` becomes a separator, tokens longer
//! than three bytes are Porter-stemmed ([`crate::porter`]). ROUGE-N counts clipped n-gram matches;
//! ROUGE-L is the longest common subsequence of the two whole token sequences (`rougeL`, not the
//! sentence-split `rougeLsum`). The arithmetic follows `rouge_scorer.py` and `scoring.py` step by
//! step so that the floating-point results are identical, not merely close.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::{Prf, porter};

/// ROUGE-1, ROUGE-2 and ROUGE-L of one candidate against one reference (or averaged over several).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct RougeScores {
    /// Unigram overlap (`rouge1`).
    pub rouge1: Prf,
    /// Bigram overlap (`rouge2`).
    pub rouge2: Prf,
    /// Longest common subsequence over the whole texts (`rougeL`).
    pub rouge_l: Prf,
}

/// Tokenizes `text` exactly as rouge-score's default tokenizer does with `use_stemmer=True`.
///
/// The text is lowercased with full Unicode case mapping (as Python's `str.lower`), every run of
/// characters other than ASCII letters and digits separates tokens, and tokens longer than three
/// characters are stemmed with NLTK's Porter stemmer. Letters such as `é` or `ü` are separators,
/// so "café" yields the token "caf"; a few characters lowercase to ASCII ("K" for the Kelvin sign,
/// "İ" to "i" plus a combining dot) and are kept as Python keeps them.
pub fn rouge_tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    for ch in text.chars() {
        if ch.is_ascii() {
            push_char(&mut tokens, &mut current, ch.to_ascii_lowercase());
        } else {
            for lower in ch.to_lowercase() {
                push_char(&mut tokens, &mut current, lower);
            }
        }
    }
    finish_token(&mut tokens, &mut current);
    tokens
}

/// Adds an already lowercased character to the current token, or ends the token on a separator.
fn push_char(tokens: &mut Vec<String>, current: &mut String, lower: char) {
    if lower.is_ascii_alphanumeric() {
        current.push(lower);
    } else {
        finish_token(tokens, current);
    }
}

fn finish_token(tokens: &mut Vec<String>, current: &mut String) {
    if current.is_empty() {
        return;
    }
    // rouge-score stems only tokens of more than three characters.
    let token = if current.len() > 3 {
        porter::stem(current)
    } else {
        current.clone()
    };
    current.clear();
    if !token.is_empty() {
        tokens.push(token);
    }
}

/// ROUGE-1/2/L of `candidate` against `reference`, matching
/// `RougeScorer(['rouge1', 'rouge2', 'rougeL'], use_stemmer=True).score(reference, candidate)`.
pub fn rouge(reference: &str, candidate: &str) -> RougeScores {
    rouge_tokens_scores(&rouge_tokens(reference), &rouge_tokens(candidate))
}

/// ROUGE of `candidate` against each reference, averaged: every precision, recall and F1 is the
/// mean of the per-reference values.
///
/// This is how Chorus reports multi-reference scores. It differs from rouge-score's `score_multi`,
/// which keeps the reference with the best F1 for each metric. No references scores all zeros.
pub fn rouge_multi(references: &[&str], candidate: &str) -> RougeScores {
    if references.is_empty() {
        return RougeScores::default();
    }
    let candidate = rouge_tokens(candidate);
    let mut sum = [[0.0; 3]; 3];
    for reference in references {
        let scores = rouge_tokens_scores(&rouge_tokens(reference), &candidate);
        for (total, prf) in sum
            .iter_mut()
            .zip([scores.rouge1, scores.rouge2, scores.rouge_l])
        {
            total[0] += prf.precision;
            total[1] += prf.recall;
            total[2] += prf.f1;
        }
    }
    let n = references.len() as f64;
    let mean = |total: [f64; 3]| Prf {
        precision: total[0] / n,
        recall: total[1] / n,
        f1: total[2] / n,
    };
    RougeScores {
        rouge1: mean(sum[0]),
        rouge2: mean(sum[1]),
        rouge_l: mean(sum[2]),
    }
}

/// ROUGE-1/2/L from tokens already produced by [`rouge_tokens`], so that bulk evaluation tokenizes
/// each reference and candidate once.
pub fn rouge_tokens_scores(reference: &[String], candidate: &[String]) -> RougeScores {
    // Tokens become integer ids once so that counting and the LCS compare integers, not strings.
    // A candidate token absent from the reference can never match, so all of them share one id.
    let mut ids: HashMap<&str, u32> = HashMap::with_capacity(reference.len());
    let reference_ids: Vec<u32> = reference
        .iter()
        .map(|token| {
            let next = ids.len() as u32;
            *ids.entry(token.as_str()).or_insert(next)
        })
        .collect();
    let candidate_ids: Vec<u32> = candidate
        .iter()
        .map(|token| ids.get(token.as_str()).copied().unwrap_or(u32::MAX))
        .collect();
    RougeScores {
        rouge1: ngram_scores(&unigrams(&reference_ids), &unigrams(&candidate_ids)),
        rouge2: ngram_scores(&bigrams(&reference_ids), &bigrams(&candidate_ids)),
        rouge_l: lcs_scores(&reference_ids, &candidate_ids),
    }
}

fn unigrams(ids: &[u32]) -> Vec<u64> {
    let mut grams: Vec<u64> = ids.iter().map(|&id| u64::from(id)).collect();
    grams.sort_unstable();
    grams
}

fn bigrams(ids: &[u32]) -> Vec<u64> {
    let mut grams: Vec<u64> = ids
        .windows(2)
        .map(|pair| (u64::from(pair[0]) << 32) | u64::from(pair[1]))
        .collect();
    grams.sort_unstable();
    grams
}

/// `_score_ngrams`: clipped matches over the sorted n-gram multisets, with rouge-score's
/// `max(count, 1)` denominators.
fn ngram_scores(reference: &[u64], candidate: &[u64]) -> Prf {
    let (mut i, mut j, mut matches) = (0, 0, 0usize);
    while i < reference.len() && j < candidate.len() {
        match reference[i].cmp(&candidate[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                matches += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let precision = matches as f64 / candidate.len().max(1) as f64;
    let recall = matches as f64 / reference.len().max(1) as f64;
    Prf::from_precision_recall(precision, recall)
}

/// `_score_lcs`: all zeros when either side has no token, otherwise LCS length over each length.
fn lcs_scores(reference: &[u32], candidate: &[u32]) -> Prf {
    if reference.is_empty() || candidate.is_empty() {
        return Prf::default();
    }
    let lcs = lcs_length(reference, candidate);
    let precision = lcs as f64 / candidate.len() as f64;
    let recall = lcs as f64 / reference.len() as f64;
    Prf::from_precision_recall(precision, recall)
}

/// Length of the longest common subsequence, by the usual dynamic program kept to one row.
fn lcs_length(reference: &[u32], candidate: &[u32]) -> usize {
    let mut row = vec![0usize; candidate.len() + 1];
    for &r in reference {
        let mut diagonal = 0;
        for (j, &c) in candidate.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if r == c {
                diagonal + 1
            } else {
                above.max(row[j])
            };
            diagonal = above;
        }
    }
    row[candidate.len()]
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::{RougeScores, rouge, rouge_multi, rouge_tokens};
    use crate::Prf;

    /// One line of `test_data/rouge_pairs.jsonl`, as `scripts/rouge_parity.py` writes it.
    #[derive(Deserialize)]
    struct FixturePair {
        reference: String,
        candidate: String,
        reference_tokens: Vec<String>,
        candidate_tokens: Vec<String>,
        rouge1: PythonScore,
        rouge2: PythonScore,
        #[serde(rename = "rougeL")]
        rouge_l: PythonScore,
    }

    #[derive(Deserialize)]
    struct PythonScore {
        precision: f64,
        recall: f64,
        fmeasure: f64,
    }

    fn assert_same(what: &str, rust: Prf, python: &PythonScore) {
        for (name, r, p) in [
            ("precision", rust.precision, python.precision),
            ("recall", rust.recall, python.recall),
            ("f1", rust.f1, python.fmeasure),
        ] {
            assert!((r - p).abs() < 1e-12, "{what} {name}: rust {r} python {p}");
        }
    }

    /// Pairs written for this test (fictional news sentences and tokenizer traps) with the scores
    /// rouge-score 0.1.2 gave them. Regenerate the scores after editing the pairs with
    /// `python3 scripts/rouge_parity.py crates/eval/test_data/rouge_pairs.jsonl > /tmp/p &&
    /// mv /tmp/p crates/eval/test_data/rouge_pairs.jsonl`.
    #[test]
    fn matches_rouge_score_on_fixture() {
        let fixture = include_str!("../test_data/rouge_pairs.jsonl");
        let mut checked = 0;
        for (line_no, line) in fixture.lines().enumerate() {
            let pair: FixturePair = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("rouge_pairs.jsonl:{}: {e}", line_no + 1));
            let at = format!("rouge_pairs.jsonl:{}", line_no + 1);
            assert_eq!(rouge_tokens(&pair.reference), pair.reference_tokens, "{at}");
            assert_eq!(rouge_tokens(&pair.candidate), pair.candidate_tokens, "{at}");
            let scores = rouge(&pair.reference, &pair.candidate);
            assert_same(&format!("{at} rouge1"), scores.rouge1, &pair.rouge1);
            assert_same(&format!("{at} rouge2"), scores.rouge2, &pair.rouge2);
            assert_same(&format!("{at} rougeL"), scores.rouge_l, &pair.rouge_l);
            checked += 1;
        }
        assert!((40..=80).contains(&checked), "{checked} fixture pairs");
    }

    #[test]
    fn tokens_drop_accented_letters_and_stem_long_words() {
        assert_eq!(
            rouge_tokens("Café owners' protests — 3,000 strong!"),
            ["caf", "owner", "protest", "3", "000", "strong"]
        );
        assert!(rouge_tokens("").is_empty());
        assert!(rouge_tokens(" ¿¡ — … ").is_empty());
    }

    #[test]
    fn identical_texts_score_one() {
        let scores = rouge(
            "The council voted on Tuesday.",
            "the council voted on tuesday",
        );
        for prf in [scores.rouge1, scores.rouge2, scores.rouge_l] {
            assert_eq!((prf.precision, prf.recall, prf.f1), (1.0, 1.0, 1.0));
        }
    }

    #[test]
    fn empty_side_scores_zero() {
        assert_eq!(rouge("", "some words here"), RougeScores::default());
        assert_eq!(rouge("some words here", ""), RougeScores::default());
    }

    #[test]
    fn single_token_texts_have_no_bigrams() {
        let scores = rouge("storm", "storm");
        assert_eq!(scores.rouge1.f1, 1.0);
        assert_eq!(scores.rouge2, Prf::default());
        assert_eq!(scores.rouge_l.f1, 1.0);
    }

    #[test]
    fn multi_reference_is_the_mean() {
        let candidate = "the mayor opened the bridge";
        let a = rouge("the mayor opened the new bridge", candidate);
        let b = rouge("flooding closed the bridge", candidate);
        let mean = rouge_multi(
            &[
                "the mayor opened the new bridge",
                "flooding closed the bridge",
            ],
            candidate,
        );
        assert!((mean.rouge1.f1 - (a.rouge1.f1 + b.rouge1.f1) / 2.0).abs() < 1e-15);
        assert!((mean.rouge_l.recall - (a.rouge_l.recall + b.rouge_l.recall) / 2.0).abs() < 1e-15);
        assert_eq!(rouge_multi(&[], candidate), RougeScores::default());
    }
}
