//! Scores for Chorus's output against annotated data: ROUGE for summaries, B-cubed for event
//! clusterings, and plain precision/recall/F1 for everything that is counted.
//!
//! [`Bootstrap`] gives confidence intervals of mean scores and paired comparisons of two
//! systems.
//!
//! [`rouge`] agrees with Google's `rouge-score` package
//! (`RougeScorer(['rouge1', 'rouge2', 'rougeL'], use_stemmer=True)`, version 0.1.2 with NLTK's
//! Porter stemmer in its default `NLTK_EXTENSIONS` mode): same tokens, same counts, same
//! floating-point formulas, so scores agree to within 1e-15 on everything `tests/parity.rs` has
//! compared. The crate is pure computation: no IO, no failure modes, no configuration.

pub mod annotation;
mod bcubed;
pub mod bootstrap;
pub mod porter;
mod rouge;

pub use bcubed::{bcubed, bcubed_items};
pub use bootstrap::{Bootstrap, Comparison, Interval, SplitMix64};
pub use rouge::{RougeScores, rouge, rouge_multi, rouge_tokens, rouge_tokens_scores};

use serde::{Deserialize, Serialize};

/// Precision, recall and their harmonic mean, each in `0..=1`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Prf {
    /// Share of what was predicted that is right.
    pub precision: f64,
    /// Share of what should have been found that was.
    pub recall: f64,
    /// Harmonic mean of precision and recall; 0 when both are 0.
    pub f1: f64,
}

impl Prf {
    /// Builds a `Prf` from precision and recall, with F1 computed as `rouge_score.scoring.fmeasure`
    /// does (`2 * p * r / (p + r)`, and 0 when `p + r` is 0), so results match it bit for bit.
    pub fn from_precision_recall(precision: f64, recall: f64) -> Prf {
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

/// Precision, recall and F1 from counts: `tp` true positives out of `n_pred` predicted items and
/// `n_gold` gold items.
///
/// A ratio whose denominator is 0 counts as 0 (nothing predicted gives precision 0), the same
/// convention rouge-score uses, so predicting nothing against an empty gold set scores 0, not 1.
///
/// # Panics
///
/// When `tp` exceeds `n_pred` or `n_gold`: that is a counting bug in the caller.
pub fn prf(tp: usize, n_pred: usize, n_gold: usize) -> Prf {
    assert!(
        tp <= n_pred && tp <= n_gold,
        "prf: {tp} true positives out of {n_pred} predicted and {n_gold} gold"
    );
    Prf::from_precision_recall(ratio(tp, n_pred), ratio(tp, n_gold))
}

/// `part / whole` as `f64`, 0 when `whole` is 0.
fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

#[cfg(test)]
mod tests {
    use super::{Prf, prf};

    #[test]
    fn prf_from_counts() {
        let p = prf(3, 4, 6);
        assert_eq!(p.precision, 0.75);
        assert_eq!(p.recall, 0.5);
        assert!((p.f1 - 0.6).abs() < 1e-12);
    }

    #[test]
    fn prf_perfect_and_zero() {
        assert_eq!(
            prf(5, 5, 5),
            Prf {
                precision: 1.0,
                recall: 1.0,
                f1: 1.0
            }
        );
        assert_eq!(prf(0, 3, 2), Prf::default());
    }

    #[test]
    fn prf_empty_denominators_score_zero() {
        assert_eq!(prf(0, 0, 0), Prf::default());
        let nothing_predicted = prf(0, 0, 4);
        assert_eq!(nothing_predicted.precision, 0.0);
        assert_eq!(nothing_predicted.f1, 0.0);
        let nothing_gold = prf(0, 4, 0);
        assert_eq!(nothing_gold.recall, 0.0);
    }

    #[test]
    #[should_panic(expected = "true positives")]
    fn prf_rejects_more_hits_than_predictions() {
        prf(3, 2, 5);
    }

    #[test]
    fn prf_serializes_with_plain_field_names() {
        let json = serde_json::to_string(&prf(1, 2, 4)).unwrap();
        assert!(json.contains("\"precision\":0.5"), "{json}");
        let back: Prf = serde_json::from_str(&json).unwrap();
        assert_eq!(back, prf(1, 2, 4));
    }
}
