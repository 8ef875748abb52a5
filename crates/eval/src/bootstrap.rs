//! Bootstrap confidence intervals of a mean score, and of the mean difference between two
//! systems scored on the same items (a paired bootstrap), so that a difference between two
//! systems can be told from the luck of which clusters a dev set happens to hold.
//!
//! The interval is the percentile interval of the means of resamples drawn with replacement,
//! as `rouge-score`'s `BootstrapAggregator` computes it (percentiles interpolated linearly, as
//! `numpy.percentile` does by default). The resamples come from a seeded generator, so the same
//! scores give the same interval on every machine; they are not `rouge-score`'s draws.

use serde::Serialize;

/// How many resamples, at what confidence, from which seed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bootstrap {
    /// Resamples drawn (each as many items as the scores, with replacement).
    pub resamples: usize,
    /// The interval's coverage, in `(0, 1)`: 0.95 gives the 2.5th and 97.5th percentiles.
    pub confidence: f64,
    /// Seed of the generator that draws the resamples.
    pub seed: u64,
}

impl Default for Bootstrap {
    /// 1,000 resamples and a 95% interval, `rouge-score`'s defaults; seed 0.
    fn default() -> Self {
        Bootstrap {
            resamples: 1000,
            confidence: 0.95,
            seed: 0,
        }
    }
}

/// A confidence interval of a mean: the lower and upper percentiles of the resamples' means,
/// and their median.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    /// Lower bound.
    pub low: f64,
    /// Median of the resamples' means.
    pub mid: f64,
    /// Upper bound.
    pub high: f64,
}

/// Two systems scored on the same items: the mean of the differences (first less second), its
/// interval, and how often a resample found the first system no better.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Comparison {
    /// Mean over the items of the first system's score less the second's.
    pub difference: f64,
    /// Bootstrap interval of that mean.
    pub interval: Interval,
    /// Share of the resamples whose mean difference is 0 or less: a one-sided p-value of "the
    /// first system scores higher" (with 1,000 resamples, under 0.05 means fewer than 50 of
    /// them found it no better).
    pub not_better: f64,
}

impl Bootstrap {
    /// The interval of the mean of `values`; `None` when there are none, or no resamples.
    pub fn mean(&self, values: &[f64]) -> Option<Interval> {
        let means = self.resample_means(values)?;
        Some(self.interval(&means))
    }

    /// The paired comparison of `first` and `second`, item by item; `None` when there are no
    /// items or no resamples.
    ///
    /// # Panics
    /// When the two hold different numbers of items: they must score the same items.
    pub fn paired(&self, first: &[f64], second: &[f64]) -> Option<Comparison> {
        assert_eq!(
            first.len(),
            second.len(),
            "a paired bootstrap needs the same items scored by both systems"
        );
        let differences: Vec<f64> = first.iter().zip(second).map(|(a, b)| a - b).collect();
        let means = self.resample_means(&differences)?;
        let not_better = means.iter().filter(|&&m| m <= 0.0).count() as f64 / means.len() as f64;
        Some(Comparison {
            difference: differences.iter().sum::<f64>() / differences.len() as f64,
            interval: self.interval(&means),
            not_better,
        })
    }

    /// The interval of B-cubed F1 over resamples of the gold clusters: each resample draws as
    /// many gold clusters as there are, with replacement, and takes the precision and recall
    /// its items have in the whole clustering ([`crate::bcubed_items`]); its F1 is that of the
    /// means, as [`crate::bcubed`]'s is. Resampling whole clusters keeps the items of one event
    /// together, since they succeed or fail together. `None` when there are no items or no
    /// resamples.
    ///
    /// # Panics
    /// When `gold` and `predicted` differ in length.
    pub fn bcubed_f1(&self, gold: &[&str], predicted: &[&str]) -> Option<Interval> {
        let items = crate::bcubed_items(gold, predicted);
        if items.is_empty() || self.resamples == 0 {
            return None;
        }
        // Each gold cluster's item count and summed precision and recall, in first-seen order.
        let mut at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut clusters: Vec<(f64, f64, f64)> = Vec::new();
        for (&g, &(p, r)) in gold.iter().zip(&items) {
            let k = *at.entry(g).or_insert_with(|| {
                clusters.push((0.0, 0.0, 0.0));
                clusters.len() - 1
            });
            let c = &mut clusters[k];
            *c = (c.0 + 1.0, c.1 + p, c.2 + r);
        }
        let mut draws = SplitMix64(self.seed);
        let mut f1s: Vec<f64> = (0..self.resamples)
            .map(|_| {
                let (mut n, mut p, mut r) = (0.0, 0.0, 0.0);
                for _ in 0..clusters.len() {
                    let c = clusters[draws.below(clusters.len())];
                    (n, p, r) = (n + c.0, p + c.1, r + c.2);
                }
                crate::Prf::from_precision_recall(p / n, r / n).f1
            })
            .collect();
        f1s.sort_by(f64::total_cmp);
        Some(self.interval(&f1s))
    }

    /// The means of the resamples of `values`, sorted.
    fn resample_means(&self, values: &[f64]) -> Option<Vec<f64>> {
        if values.is_empty() || self.resamples == 0 {
            return None;
        }
        let n = values.len();
        let mut draws = SplitMix64(self.seed);
        let mut means: Vec<f64> = (0..self.resamples)
            .map(|_| (0..n).map(|_| values[draws.below(n)]).sum::<f64>() / n as f64)
            .collect();
        means.sort_by(f64::total_cmp);
        Some(means)
    }

    fn interval(&self, sorted: &[f64]) -> Interval {
        let tail = (1.0 - self.confidence.clamp(0.0, 1.0)) / 2.0;
        Interval {
            low: percentile(sorted, tail),
            mid: percentile(sorted, 0.5),
            high: percentile(sorted, 1.0 - tail),
        }
    }
}

/// The `q` quantile (`0..=1`) of sorted values, interpolated linearly between the two nearest
/// ranks (`numpy.percentile`'s default).
fn percentile(sorted: &[f64], q: f64) -> f64 {
    let at = q * (sorted.len() - 1) as f64;
    let (below, above) = (at.floor() as usize, at.ceil() as usize);
    sorted[below] + (sorted[above] - sorted[below]) * (at - below as f64)
}

/// SplitMix64: a small seeded generator whose sequence is fixed by its definition, so an
/// interval (or a benchmark's generated input, or a cross-validation's shuffle) does not change
/// with a dependency's version. Not for anything that needs unpredictability.
#[derive(Debug, Clone)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    /// The next value of the sequence.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A draw from `0..n` (multiply-shift: no modulo, a bias under n / 2^64); `n` must not be 0.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn percentiles_interpolate_as_numpy_does() {
        let sorted = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(percentile(&sorted, 0.0), 1.0);
        assert_eq!(percentile(&sorted, 1.0), 4.0);
        assert_eq!(percentile(&sorted, 0.5), 2.5);
        // numpy.percentile([1, 2, 3, 4], 2.5) == 1.075
        assert!((percentile(&sorted, 0.025) - 1.075).abs() < 1e-12);
    }

    #[test]
    fn equal_scores_have_no_spread() {
        let interval = Bootstrap::default().mean(&[0.4; 30]).unwrap();
        assert!((interval.low - 0.4).abs() < 1e-12 && (interval.high - 0.4).abs() < 1e-12);
    }

    #[test]
    fn nothing_to_resample_gives_no_interval() {
        assert_eq!(Bootstrap::default().mean(&[]), None);
        let none = Bootstrap {
            resamples: 0,
            ..Bootstrap::default()
        };
        assert_eq!(none.mean(&[1.0]), None);
        assert_eq!(Bootstrap::default().paired(&[], &[]), None);
    }

    #[test]
    fn the_interval_narrows_as_items_grow() {
        // Scores alternating 0 and 1: the mean is 0.5, and the standard error falls with the
        // square root of the items, so four times the items give about half the width.
        let scores = |n: usize| -> Vec<f64> { (0..n).map(|i| (i % 2) as f64).collect() };
        let b = Bootstrap::default();
        let small = b.mean(&scores(50)).unwrap();
        let large = b.mean(&scores(200)).unwrap();
        assert!(small.low < 0.5 && 0.5 < small.high, "{small:?}");
        let ratio = (small.high - small.low) / (large.high - large.low);
        assert!((1.6..2.5).contains(&ratio), "{small:?} {large:?}");
        // About 1.96 standard errors each side: 0.5 / sqrt(50) = 0.0707.
        let half = (small.high - small.low) / 2.0;
        assert!((0.11..0.17).contains(&half), "{half}");
    }

    #[test]
    fn a_system_better_on_every_item_is_never_found_worse() {
        let a: Vec<f64> = (0..40).map(|i| 0.4 + 0.01 * f64::from(i % 7)).collect();
        let b: Vec<f64> = a.iter().map(|x| x - 0.02).collect();
        let c = Bootstrap::default().paired(&a, &b).unwrap();
        assert!((c.difference - 0.02).abs() < 1e-12);
        assert_eq!(c.not_better, 0.0);
        assert!(c.interval.low > 0.0);
    }

    #[test]
    fn a_system_against_itself_is_no_better() {
        let a = [0.3, 0.5, 0.7];
        let c = Bootstrap::default().paired(&a, &a).unwrap();
        assert_eq!(c.difference, 0.0);
        assert_eq!(c.not_better, 1.0);
    }

    #[test]
    fn a_difference_inside_the_noise_is_not_significant() {
        // Half the items one way, half the other, and a small mean difference.
        let a: Vec<f64> = (0..100)
            .map(|i| if i % 2 == 0 { 0.6 } else { 0.4 })
            .collect();
        let b: Vec<f64> = (0..100)
            .map(|i| if i % 2 == 0 { 0.4 } else { 0.59 })
            .collect();
        let c = Bootstrap::default().paired(&a, &b).unwrap();
        assert!(c.difference > 0.0);
        assert!(c.interval.low < 0.0 && c.interval.high > 0.0, "{c:?}");
        assert!(c.not_better > 0.3, "{c:?}");
    }

    #[test]
    fn the_same_seed_gives_the_same_interval_and_another_seed_another() {
        let values: Vec<f64> = (0..60).map(|i| f64::from(i * 37 % 11) / 10.0).collect();
        let b = Bootstrap::default();
        assert_eq!(b.mean(&values), b.mean(&values));
        let other = Bootstrap { seed: 7, ..b };
        assert_ne!(b.mean(&values), other.mean(&values));
    }

    #[test]
    fn a_perfect_clustering_has_no_spread_and_an_imperfect_one_brackets_its_score() {
        let b = Bootstrap::default();
        let gold = ["a", "a", "b", "b", "c", "d", "d", "d"];
        let perfect = b.bcubed_f1(&gold, &gold).unwrap();
        assert_eq!((perfect.low, perfect.high), (1.0, 1.0));
        let predicted = ["x", "x", "x", "y", "z", "w", "w", "v"];
        let f1 = crate::bcubed(&gold, &predicted).f1;
        let i = b.bcubed_f1(&gold, &predicted).unwrap();
        assert!(i.low < f1 && f1 < i.high, "{i:?} {f1}");
        assert!(i.high <= 1.0);
        assert_eq!(b.bcubed_f1(&[], &[]), None);
    }

    #[test]
    fn more_events_give_a_narrower_bcubed_interval() {
        // The same pattern of errors repeated over 5 and over 80 gold events.
        let labels = |events: usize| -> (Vec<String>, Vec<String>) {
            let mut gold = Vec::new();
            let mut predicted = Vec::new();
            for e in 0..events {
                for k in 0..3 {
                    gold.push(format!("g{e}"));
                    // Every other event loses its third article to a singleton.
                    predicted.push(if e % 2 == 1 && k == 2 {
                        format!("s{e}")
                    } else {
                        format!("p{e}")
                    });
                }
            }
            (gold, predicted)
        };
        let width = |events: usize| {
            let (gold, predicted) = labels(events);
            let gold: Vec<&str> = gold.iter().map(String::as_str).collect();
            let predicted: Vec<&str> = predicted.iter().map(String::as_str).collect();
            let i = Bootstrap::default().bcubed_f1(&gold, &predicted).unwrap();
            i.high - i.low
        };
        assert!(width(80) < width(6) / 2.0, "{} {}", width(80), width(6));
    }

    #[test]
    #[should_panic(expected = "same items")]
    fn pairs_must_score_the_same_items() {
        Bootstrap::default().paired(&[1.0, 2.0], &[1.0]);
    }

    proptest! {
        #[test]
        fn intervals_are_ordered_and_within_the_scores(
            values in prop::collection::vec(0.0f64..1.0, 1..60),
            seed in any::<u64>(),
            resamples in 1usize..300,
        ) {
            let b = Bootstrap { resamples, confidence: 0.95, seed };
            let i = b.mean(&values).unwrap();
            let min = values.iter().copied().fold(f64::INFINITY, f64::min);
            let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            prop_assert!(i.low <= i.mid && i.mid <= i.high);
            prop_assert!(min - 1e-12 <= i.low && i.high <= max + 1e-12);
        }

        #[test]
        fn draws_stay_below_their_bound(seed in any::<u64>(), n in 1usize..10_000) {
            let mut g = SplitMix64(seed);
            for _ in 0..64 {
                prop_assert!(g.below(n) < n);
            }
        }
    }
}
