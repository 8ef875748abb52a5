//! `submodular`: Lin & Bilmes (2011), "A class of submodular functions for document
//! summarization": saturated coverage of the event plus a diversity reward over clusters of
//! sentences, maximized by the cost-scaled greedy rule with the best-singleton check.

use super::{Budget, Method, REPEAT_SIMILARITY, candidates};
use crate::corpus::Corpus;

/// The coverage-plus-diversity objective and its greedy maximizer.
#[derive(Debug, Clone)]
pub(crate) struct Submodular {
    /// Share of a sentence's similarity to the whole event at which its coverage saturates.
    alpha: f32,
    /// Weight of the diversity reward.
    lambda: f32,
    /// Exponent of the cost in the greedy rule (gain / words^r).
    cost_exponent: f32,
    /// Sentences per diversity cluster, on average.
    cluster_size: usize,
}

impl Default for Submodular {
    /// The paper's settings for generic summarization (r = 0.3, λ = 6) with a saturation share
    /// and cluster size suited to clusters of a few short articles.
    fn default() -> Self {
        Submodular {
            alpha: 0.15,
            lambda: 6.0,
            cost_exponent: 0.3,
            cluster_size: 5,
        }
    }
}

/// The state of the objective for a growing selection.
struct Objective<'c> {
    corpus: &'c Corpus<'c>,
    /// Coverage of each sentence by the selection, and its saturation point.
    covered: Vec<f32>,
    saturation: Vec<f32>,
    /// Each sentence's cluster, its reward, and the reward collected per cluster.
    cluster: Vec<usize>,
    reward: Vec<f32>,
    collected: Vec<f32>,
    lambda: f32,
}

impl<'c> Objective<'c> {
    fn new(corpus: &'c Corpus<'c>, config: &Submodular) -> Self {
        let n = corpus.sentences.len();
        let total: Vec<f32> = (0..n)
            .map(|i| (0..n).map(|j| corpus.similarity(i, j).max(0.0)).sum())
            .collect();
        let cluster = clusters(corpus, n.div_ceil(config.cluster_size.max(1)).max(1));
        let k = cluster.iter().max().map_or(0, |&c| c + 1);
        Objective {
            corpus,
            covered: vec![0.0; n],
            saturation: total.iter().map(|t| config.alpha * t).collect(),
            cluster,
            reward: total.iter().map(|t| t / n.max(1) as f32).collect(),
            collected: vec![0.0; k],
            lambda: config.lambda,
        }
    }

    /// How much the objective grows when sentence `k` joins the selection.
    fn gain(&self, k: usize) -> f32 {
        let coverage: f32 = (0..self.covered.len())
            .map(|i| {
                let w = self.corpus.similarity(i, k).max(0.0);
                (self.covered[i] + w).min(self.saturation[i])
                    - self.covered[i].min(self.saturation[i])
            })
            .sum();
        let c = self.cluster[k];
        let diversity = (self.collected[c] + self.reward[k]).sqrt() - self.collected[c].sqrt();
        coverage + self.lambda * diversity
    }

    fn add(&mut self, k: usize) {
        for i in 0..self.covered.len() {
            self.covered[i] += self.corpus.similarity(i, k).max(0.0);
        }
        self.collected[self.cluster[k]] += self.reward[k];
    }
}

/// Partitions the sentences into at most `k` clusters: farthest-first seeds, then each sentence
/// joins its most similar seed (a deterministic stand-in for the paper's k-means).
fn clusters(corpus: &Corpus<'_>, k: usize) -> Vec<usize> {
    let n = corpus.sentences.len();
    if n == 0 {
        return Vec::new();
    }
    let mut seeds = vec![0];
    let mut closest: Vec<f32> = (0..n).map(|i| corpus.similarity(i, 0)).collect();
    while seeds.len() < k.min(n) {
        let far = (0..n)
            .min_by(|&a, &b| closest[a].total_cmp(&closest[b]).then(a.cmp(&b)))
            .unwrap_or(0);
        if closest[far] >= 1.0 {
            break;
        }
        seeds.push(far);
        for (i, c) in closest.iter_mut().enumerate() {
            *c = c.max(corpus.similarity(i, far));
        }
    }
    (0..n)
        .map(|i| {
            (0..seeds.len())
                .max_by(|&a, &b| {
                    let (sa, sb) = (
                        corpus.similarity(i, seeds[a]),
                        corpus.similarity(i, seeds[b]),
                    );
                    sa.total_cmp(&sb).then(b.cmp(&a))
                })
                .unwrap_or(0)
        })
        .collect()
}

impl Method for Submodular {
    fn name(&self) -> &'static str {
        "submodular"
    }

    fn select(&self, corpus: &Corpus<'_>, budget: Budget) -> Vec<usize> {
        let mut objective = Objective::new(corpus, self);
        let singletons: Vec<(usize, f32)> = candidates(corpus)
            .into_iter()
            .map(|i| (i, objective.gain(i)))
            .collect();
        let mut pool: Vec<usize> = singletons.iter().map(|&(i, _)| i).collect();
        let (mut chosen, mut used, mut value) = (Vec::new(), 0, 0.0);
        loop {
            // A sentence the budget no longer admits never will (what is used only grows), and
            // the greedy rule would only drop it when its turn came: drop them all now, so that
            // each step's pass over the gains serves a choice (the same choices as dropping them
            // one per pass, without a pass per sentence of the event).
            pool.retain(|&i| budget.admits(used, corpus.sentences[i].words));
            if pool.is_empty() {
                break;
            }
            let scaled = |i: usize, gain: f32| {
                gain / (corpus.sentences[i].words.max(1) as f32).powf(self.cost_exponent)
            };
            let (at, gain) = pool
                .iter()
                .enumerate()
                .map(|(at, &i)| (at, objective.gain(i)))
                .max_by(|a, b| {
                    scaled(pool[a.0], a.1)
                        .total_cmp(&scaled(pool[b.0], b.1))
                        .then(pool[b.0].cmp(&pool[a.0]))
                })
                .expect("the pool is not empty");
            // The best gain left is nothing: every other sentence would be dropped in turn.
            if gain <= 0.0 {
                break;
            }
            let i = pool.swap_remove(at);
            objective.add(i);
            used += corpus.sentences[i].words;
            value += gain;
            chosen.push(i);
            pool.retain(|&j| corpus.similarity(i, j) < REPEAT_SIMILARITY);
        }
        let single = singletons
            .into_iter()
            .filter(|&(i, _)| budget.admits(0, corpus.sentences[i].words))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        match single {
            Some((i, v)) if v > value => vec![i],
            _ => chosen,
        }
    }
}
