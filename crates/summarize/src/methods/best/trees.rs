//! Gradient-boosted regression trees: a nonlinear correction added to the linear score of
//! `best`, fit (by least squares, on the linear model's residuals) to the same target, so the
//! sum stays on the target's scale and the selection's terms keep their balance.
//!
//! Every tree has the same depth and is stored complete and flat, its splits in breadth-first
//! order: scoring a sentence is `depth` comparisons per tree. A node that found no split sends
//! every row left (its threshold is `f32::MAX`).

use serde::{Deserialize, Serialize};

/// A sum of regression trees of one depth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trees {
    /// Depth of every tree: each has `2^depth - 1` splits and `2^depth` leaves.
    pub depth: u32,
    /// The feature (an index into the feature row) each split tests: the splits of the first
    /// tree in breadth-first order, then those of the second, and so on.
    pub features: Vec<u16>,
    /// Each split's threshold: a row whose feature is above it goes right, the others left.
    pub thresholds: Vec<f32>,
    /// What each leaf adds to the score (the learning rate included), tree after tree, left
    /// to right.
    pub leaves: Vec<f32>,
}

impl Trees {
    /// Splits per tree.
    fn splits(&self) -> usize {
        (1 << self.depth) - 1
    }

    /// Whether the arrays hold whole trees whose splits test features below `features`.
    pub(crate) fn is_well_formed(&self, features: usize) -> bool {
        let splits = self.splits();
        let trees = self.leaves.len() / (splits + 1);
        self.depth <= 16
            && self.leaves.len() == trees * (splits + 1)
            && self.features.len() == trees * splits
            && self.thresholds.len() == trees * splits
            && self.features.iter().all(|&f| usize::from(f) < features)
    }

    /// The sum of the trees' leaves that `row` reaches.
    pub fn predict(&self, row: &[f32]) -> f32 {
        let splits = self.splits();
        let mut sum = 0.0;
        for ((features, thresholds), leaves) in self
            .features
            .chunks_exact(splits)
            .zip(self.thresholds.chunks_exact(splits))
            .zip(self.leaves.chunks_exact(splits + 1))
        {
            let mut node = 0;
            for _ in 0..self.depth {
                let right = row[usize::from(features[node])] > thresholds[node];
                node = 2 * node + 1 + usize::from(right);
            }
            sum += leaves[node - splits];
        }
        sum
    }
}

/// How to grow the trees.
#[derive(Debug, Clone, Copy)]
pub struct Boosting {
    /// Number of trees.
    pub trees: usize,
    /// Depth of each tree.
    pub depth: u32,
    /// Learning rate: each leaf adds this share of its rows' mean residual.
    pub shrinkage: f64,
    /// Fewest (sampled) rows in each side of a split.
    pub min_leaf: usize,
    /// Share of the rows each tree is grown on (1: all), drawn afresh per tree from `seed`.
    pub subsample: f64,
    /// Seed of the row sampling.
    pub seed: u64,
}

impl Boosting {
    /// Fits trees to `residuals` (one per row of `rows`, the target less the score so far) by
    /// least squares: each tree is grown level by level, every node taking the split (exact,
    /// over the sorted values of every feature) that most lowers its squared error, the
    /// earliest feature and the lowest threshold among equals. `residuals` is left as the
    /// residuals of the whole sum.
    pub fn fit(&self, rows: &[&[f32]], residuals: &mut [f64]) -> Trees {
        let n = rows.len();
        let width = rows.first().map_or(0, |r| r.len());
        let splits = (1usize << self.depth) - 1;
        // Each feature's row order, by value (stable, so equal values keep row order).
        let order: Vec<Vec<u32>> = (0..width)
            .map(|f| {
                let mut order: Vec<u32> = (0..n as u32).collect();
                order.sort_by(|&a, &b| rows[a as usize][f].total_cmp(&rows[b as usize][f]));
                order
            })
            .collect();
        let mut trees = Trees {
            depth: self.depth,
            features: Vec::with_capacity(self.trees * splits),
            thresholds: Vec::with_capacity(self.trees * splits),
            leaves: Vec::with_capacity(self.trees * (splits + 1)),
        };
        let mut rng = SplitMix(self.seed);
        // The node of each sampled row within the current tree; `NONE` for the others.
        let mut node_of = vec![0u32; n];
        for _ in 0..self.trees {
            for node in &mut node_of {
                *node = if self.subsample >= 1.0 || rng.unit() < self.subsample {
                    0
                } else {
                    NONE
                };
            }
            let first = trees.features.len();
            trees.features.resize(first + splits, 0);
            trees.thresholds.resize(first + splits, f32::MAX);
            for level in 0..self.depth {
                let (low, count) = ((1usize << level) - 1, 1usize << level);
                let mut nodes = vec![NodeSums::default(); count];
                for (r, &node) in node_of.iter().enumerate() {
                    if node != NONE {
                        nodes[node as usize - low].add(residuals[r]);
                    }
                }
                let mut best: Vec<Option<(f64, u16, f32)>> = vec![None; count];
                for (f, order) in order.iter().enumerate() {
                    let mut left = vec![NodeSums::default(); count];
                    let mut last = vec![f32::NAN; count];
                    for &r in order {
                        let node = node_of[r as usize];
                        if node == NONE {
                            continue;
                        }
                        let m = node as usize - low;
                        let x = rows[r as usize][f];
                        let (l, all) = (left[m], nodes[m]);
                        if x > last[m]
                            && l.count >= self.min_leaf
                            && all.count - l.count >= self.min_leaf
                        {
                            let gain = l.squared() + all.minus(l).squared() - all.squared();
                            if gain > 1e-12 && best[m].is_none_or(|(g, _, _)| gain > g) {
                                best[m] = Some((gain, f as u16, between(last[m], x)));
                            }
                        }
                        left[m].add(residuals[r as usize]);
                        last[m] = x;
                    }
                }
                for (m, best) in best.iter().enumerate() {
                    if let Some((_, f, threshold)) = *best {
                        trees.features[first + low + m] = f;
                        trees.thresholds[first + low + m] = threshold;
                    }
                }
                for (r, node) in node_of.iter_mut().enumerate() {
                    if *node != NONE {
                        let k = first + *node as usize;
                        let right = rows[r][usize::from(trees.features[k])] > trees.thresholds[k];
                        *node = 2 * *node + 1 + u32::from(right);
                    }
                }
            }
            let mut leaves = vec![NodeSums::default(); splits + 1];
            for (r, &node) in node_of.iter().enumerate() {
                if node != NONE {
                    leaves[node as usize - splits].add(residuals[r]);
                }
            }
            trees.leaves.extend(leaves.iter().map(|l| {
                if l.count == 0 {
                    0.0
                } else {
                    (self.shrinkage * l.sum / l.count as f64) as f32
                }
            }));
            let tree = Trees {
                depth: self.depth,
                features: trees.features[first..].to_vec(),
                thresholds: trees.thresholds[first..].to_vec(),
                leaves: trees.leaves[trees.leaves.len() - (splits + 1)..].to_vec(),
            };
            for (row, residual) in rows.iter().zip(residuals.iter_mut()) {
                *residual -= f64::from(tree.predict(row));
            }
        }
        trees
    }
}

/// The node of a row left out of the current tree's sample.
const NONE: u32 = u32::MAX;

/// The sum and count of some residuals.
#[derive(Debug, Clone, Copy, Default)]
struct NodeSums {
    sum: f64,
    count: usize,
}

impl NodeSums {
    fn add(&mut self, residual: f64) {
        self.sum += residual;
        self.count += 1;
    }

    fn minus(self, other: NodeSums) -> NodeSums {
        NodeSums {
            sum: self.sum - other.sum,
            count: self.count - other.count,
        }
    }

    /// The drop in squared error from predicting the mean: sum² / count.
    fn squared(self) -> f64 {
        if self.count == 0 {
            0.0
        } else {
            self.sum * self.sum / self.count as f64
        }
    }
}

/// A threshold that sends `low` left and `high` right (`low < high`): their midpoint, or `low`
/// when the midpoint rounds to `high`.
fn between(low: f32, high: f32) -> f32 {
    let mid = ((f64::from(low) + f64::from(high)) / 2.0) as f32;
    if mid < high { mid } else { low }
}

/// SplitMix64: the same seed, the same draws on every machine.
struct SplitMix(u64);

impl SplitMix {
    /// A draw in [0, 1).
    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boosting(trees: usize, depth: u32) -> Boosting {
        Boosting {
            trees,
            depth,
            shrinkage: 1.0,
            min_leaf: 1,
            subsample: 1.0,
            seed: 0,
        }
    }

    #[test]
    fn one_tree_learns_a_step() {
        let rows: Vec<[f32; 2]> = (0..8).map(|i| [i as f32, (i % 2) as f32]).collect();
        let rows: Vec<&[f32]> = rows.iter().map(|r| &r[..]).collect();
        let mut residuals: Vec<f64> = (0..8).map(|i| if i < 3 { 1.0 } else { 4.0 }).collect();
        let trees = boosting(1, 1).fit(&rows, &mut residuals);
        assert_eq!(trees.features, vec![0]);
        assert_eq!(trees.thresholds, vec![2.5]);
        assert_eq!(trees.leaves, vec![1.0, 4.0]);
        assert!(residuals.iter().all(|r| r.abs() < 1e-12));
        assert_eq!(trees.predict(&[2.0, 0.0]), 1.0);
        assert_eq!(trees.predict(&[3.0, 0.0]), 4.0);
    }

    #[test]
    fn depth_two_learns_an_interaction() {
        // The target is 1 only where both features are 1: no single split fits it.
        let rows: Vec<[f32; 2]> = (0..16)
            .map(|i| [(i % 2) as f32, (i / 2 % 2) as f32])
            .collect();
        let target = |r: &[f32; 2]| f64::from(r[0] * r[1]);
        let mut residuals: Vec<f64> = rows.iter().map(target).collect();
        let refs: Vec<&[f32]> = rows.iter().map(|r| &r[..]).collect();
        let trees = boosting(1, 2).fit(&refs, &mut residuals);
        for row in &rows {
            assert!(
                (f64::from(trees.predict(row)) - target(row)).abs() < 1e-6,
                "{row:?}"
            );
        }
        assert!(trees.is_well_formed(2));
    }

    #[test]
    fn a_node_without_a_split_sends_its_rows_left() {
        let rows = [[1.0f32], [1.0], [1.0], [2.0]];
        let refs: Vec<&[f32]> = rows.iter().map(|r| &r[..]).collect();
        let mut residuals = vec![0.0, 0.0, 0.0, 4.0];
        let trees = Boosting {
            min_leaf: 2,
            ..boosting(1, 1)
        }
        .fit(&refs, &mut residuals);
        // The only split (1 | 2) leaves one row on the right, fewer than 2.
        assert_eq!(trees.thresholds, vec![f32::MAX]);
        assert_eq!(trees.leaves, vec![1.0, 0.0]);
        assert_eq!(trees.predict(&[2.0]), 1.0);
    }

    #[test]
    fn boosting_is_deterministic_and_lowers_the_error() {
        let rows: Vec<[f32; 3]> = (0..200)
            .map(|i| {
                let i = i as f32;
                [(i * 0.37).sin(), (i * 0.11).cos(), i % 7.0]
            })
            .collect();
        let refs: Vec<&[f32]> = rows.iter().map(|r| &r[..]).collect();
        let target: Vec<f64> = rows
            .iter()
            .map(|r| f64::from(r[0] * r[1] + (r[2] > 3.0) as u8 as f32))
            .collect();
        let params = Boosting {
            trees: 30,
            depth: 3,
            shrinkage: 0.1,
            min_leaf: 5,
            subsample: 0.7,
            seed: 42,
        };
        let (mut a, mut b) = (target.clone(), target.clone());
        let trees = params.fit(&refs, &mut a);
        assert_eq!(trees, params.fit(&refs, &mut b));
        assert!(trees.is_well_formed(3));
        let error = |r: &[f64]| r.iter().map(|x| x * x).sum::<f64>();
        assert!(error(&a) < 0.3 * error(&target));
        for (row, (t, r)) in refs.iter().zip(target.iter().zip(&a)) {
            assert!((t - f64::from(trees.predict(row)) - r).abs() < 1e-4);
        }
    }
}
