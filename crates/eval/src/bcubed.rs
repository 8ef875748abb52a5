//! B-cubed precision and recall (Bagga and Baldwin 1998; Amigó et al. 2009) for a clustering of
//! items against gold labels.

use std::collections::HashMap;

use crate::Prf;

/// B-cubed precision, recall and F1 of a clustering.
///
/// `gold[i]` and `predicted[i]` are the gold and predicted cluster labels of item `i`; labels are
/// compared only for equality within each slice, so the two sides need not share a vocabulary. For
/// each item, precision is the share of its predicted cluster that shares its gold label, and
/// recall the share of its gold cluster that shares its predicted label; both are averaged over
/// items, and F1 is the harmonic mean of the two averages. An item alone in its predicted cluster
/// (a singleton) has precision 1. An empty input scores all zeros.
///
/// # Panics
///
/// When `gold` and `predicted` differ in length.
pub fn bcubed(gold: &[&str], predicted: &[&str]) -> Prf {
    check_lengths(gold, predicted);
    if gold.is_empty() {
        return Prf::default();
    }
    let mut gold_sizes: HashMap<&str, usize> = HashMap::new();
    let mut predicted_sizes: HashMap<&str, usize> = HashMap::new();
    let mut overlaps: HashMap<(&str, &str), usize> = HashMap::new();
    for (&g, &p) in gold.iter().zip(predicted) {
        *gold_sizes.entry(g).or_default() += 1;
        *predicted_sizes.entry(p).or_default() += 1;
        *overlaps.entry((g, p)).or_default() += 1;
    }
    // Every item in the overlap of gold cluster g and predicted cluster p has the same precision,
    // overlap / |p|, so summing overlap^2 / |p| over overlaps sums precision over items.
    let mut precision_sum = 0.0;
    let mut recall_sum = 0.0;
    for (&(g, p), &overlap) in &overlaps {
        let overlap = overlap as f64;
        precision_sum += overlap * overlap / predicted_sizes[p] as f64;
        recall_sum += overlap * overlap / gold_sizes[g] as f64;
    }
    let n = gold.len() as f64;
    Prf::from_precision_recall(precision_sum / n, recall_sum / n)
}

/// Each item's B-cubed precision and recall, whose means are those of [`bcubed`]: for resampling
/// the items (or their gold clusters) without clustering again.
///
/// # Panics
///
/// When `gold` and `predicted` differ in length.
pub fn bcubed_items(gold: &[&str], predicted: &[&str]) -> Vec<(f64, f64)> {
    check_lengths(gold, predicted);
    let mut gold_sizes: HashMap<&str, usize> = HashMap::new();
    let mut predicted_sizes: HashMap<&str, usize> = HashMap::new();
    let mut overlaps: HashMap<(&str, &str), usize> = HashMap::new();
    for (&g, &p) in gold.iter().zip(predicted) {
        *gold_sizes.entry(g).or_default() += 1;
        *predicted_sizes.entry(p).or_default() += 1;
        *overlaps.entry((g, p)).or_default() += 1;
    }
    gold.iter()
        .zip(predicted)
        .map(|(&g, &p)| {
            let overlap = overlaps[&(g, p)] as f64;
            (
                overlap / predicted_sizes[p] as f64,
                overlap / gold_sizes[g] as f64,
            )
        })
        .collect()
}

fn check_lengths(gold: &[&str], predicted: &[&str]) {
    assert_eq!(
        gold.len(),
        predicted.len(),
        "bcubed: {} gold labels but {} predicted labels",
        gold.len(),
        predicted.len()
    );
}

#[cfg(test)]
mod tests {
    use super::{bcubed, bcubed_items};

    #[test]
    fn items_average_to_the_clustering_scores() {
        let gold = ["a", "a", "b", "b", "b", "c"];
        let predicted = ["x", "y", "y", "y", "z", "z"];
        let whole = bcubed(&gold, &predicted);
        let items = bcubed_items(&gold, &predicted);
        let n = items.len() as f64;
        close(items.iter().map(|i| i.0).sum::<f64>() / n, whole.precision);
        close(items.iter().map(|i| i.1).sum::<f64>() / n, whole.recall);
        // Item 2 (gold b) sits in predicted y with one a and two b: precision 2/3, recall 2/3.
        close(items[2].0, 2.0 / 3.0);
        close(items[2].1, 2.0 / 3.0);
    }

    fn close(actual: f64, expected: f64) {
        assert!((actual - expected).abs() < 1e-12, "{actual} != {expected}");
    }

    #[test]
    fn perfect_clustering_with_renamed_labels() {
        let p = bcubed(&["a", "a", "b", "c"], &["x", "x", "y", "z"]);
        assert_eq!((p.precision, p.recall, p.f1), (1.0, 1.0, 1.0));
    }

    #[test]
    fn all_singletons() {
        // Gold {0,1,2} {3}; predicted all apart. Precision is 1 for every item; recall is 1/3 for
        // the three items of the big gold cluster and 1 for item 3: (1/3 * 3 + 1) / 4 = 1/2.
        let p = bcubed(&["a", "a", "a", "b"], &["1", "2", "3", "4"]);
        close(p.precision, 1.0);
        close(p.recall, 0.5);
        close(p.f1, 2.0 / 3.0);
    }

    #[test]
    fn everything_in_one_cluster() {
        // Gold {0,1} {2,3,4}; predicted one cluster of 5. Precision: 2 items at 2/5, 3 at 3/5,
        // (0.8 + 1.8) / 5 = 0.52. Recall is 1 everywhere.
        let p = bcubed(&["a", "a", "b", "b", "b"], &["x"; 5]);
        close(p.precision, 0.52);
        close(p.recall, 1.0);
        close(p.f1, 2.0 * 0.52 / 1.52);
    }

    #[test]
    fn mixed_clustering() {
        // Gold {0,1,2} {3,4}; predicted {0,1} {2,3,4}.
        // Precision: items 0,1 -> 1; item 2 -> 1/3; items 3,4 -> 2/3. Sum 2 + 1/3 + 4/3 = 11/3.
        // Recall: items 0,1 -> 2/3; item 2 -> 1/3; items 3,4 -> 1. Sum 4/3 + 1/3 + 2 = 11/3.
        let p = bcubed(
            &["g1", "g1", "g1", "g2", "g2"],
            &["p1", "p1", "p2", "p2", "p2"],
        );
        close(p.precision, 11.0 / 15.0);
        close(p.recall, 11.0 / 15.0);
        close(p.f1, 11.0 / 15.0);
    }

    #[test]
    fn empty_input_scores_zero() {
        assert_eq!(bcubed(&[], &[]), crate::Prf::default());
    }

    #[test]
    #[should_panic(expected = "bcubed")]
    fn length_mismatch_panics() {
        bcubed(&["a"], &["a", "b"]);
    }
}
