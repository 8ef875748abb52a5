//! `concept`: Gillick & Favre (2009), "A scalable global model for summarization": the summary
//! that covers the most weight of word bigrams (a bigram weighs the number of independent
//! articles that contain it) within the budget, found by branch and bound.

use super::{Budget, Method, candidates};
use crate::corpus::Corpus;

/// Budgeted maximum coverage of weighted bigrams.
#[derive(Debug, Clone)]
pub(crate) struct Concept {
    /// Branch-and-bound nodes explored before the best summary found so far is returned (the
    /// search is exact below this; clusters of a few short articles stay far below it).
    node_limit: usize,
}

impl Default for Concept {
    fn default() -> Self {
        Concept { node_limit: 50_000 }
    }
}

/// A budgeted maximum coverage problem: items (sentences) with a cost and a set of concepts.
#[derive(Debug, Clone)]
pub(crate) struct Coverage {
    /// Weight of each concept.
    pub(crate) weights: Vec<f32>,
    /// For each item, its cost and its concepts (each once).
    pub(crate) items: Vec<(usize, Vec<usize>)>,
    /// Most total cost.
    pub(crate) capacity: usize,
}

/// The best set of items and its value.
#[derive(Debug, Clone, Default)]
pub(crate) struct Solution {
    pub(crate) items: Vec<usize>,
    pub(crate) value: f32,
}

struct Search<'p> {
    problem: &'p Coverage,
    order: Vec<usize>,
    covered: Vec<u32>,
    chosen: Vec<usize>,
    best: Solution,
    nodes: usize,
    limit: usize,
}

impl Search<'_> {
    fn gain(&self, item: usize) -> f32 {
        self.problem.items[item]
            .1
            .iter()
            .filter(|&&c| self.covered[c] == 0)
            .map(|&c| self.problem.weights[c])
            .sum()
    }

    /// Fractional knapsack over the marginal gains of the items from `at` on: an upper bound on
    /// what they can add, since coverage gains only shrink as the selection grows.
    fn bound(&self, at: usize, room: usize) -> f32 {
        let mut rest: Vec<(f32, usize)> = self.order[at..]
            .iter()
            .map(|&i| (self.gain(i), self.problem.items[i].0))
            .filter(|&(g, c)| g > 0.0 && c <= room)
            .collect();
        rest.sort_by(|a, b| (b.0 / b.1.max(1) as f32).total_cmp(&(a.0 / a.1.max(1) as f32)));
        let (mut room, mut total) = (room as f32, 0.0);
        for (g, c) in rest {
            let c = c.max(1) as f32;
            if c <= room {
                room -= c;
                total += g;
            } else {
                total += g * room / c;
                break;
            }
        }
        total
    }

    fn visit(&mut self, at: usize, room: usize, value: f32) {
        self.nodes += 1;
        if value > self.best.value {
            self.best = Solution {
                items: self.chosen.clone(),
                value,
            };
        }
        if at == self.order.len()
            || self.nodes >= self.limit
            || value + self.bound(at, room) <= self.best.value + 1e-6
        {
            return;
        }
        let item = self.order[at];
        let cost = self.problem.items[item].0;
        let gain = self.gain(item);
        if cost <= room && gain > 0.0 {
            for &c in &self.problem.items[item].1 {
                self.covered[c] += 1;
            }
            self.chosen.push(item);
            self.visit(at + 1, room - cost, value + gain);
            self.chosen.pop();
            for &c in &self.problem.items[item].1 {
                self.covered[c] -= 1;
            }
        }
        self.visit(at + 1, room, value);
    }
}

/// Items searched on long events.
const MAX_ITEMS: usize = 60;

/// Solves a budgeted maximum coverage problem by depth-first branch and bound, items taken in
/// order of value per cost, stopping after `node_limit` nodes with the best solution found.
pub(crate) fn solve(problem: &Coverage, node_limit: usize) -> Solution {
    let mut order: Vec<usize> = (0..problem.items.len())
        .filter(|&i| problem.items[i].0 <= problem.capacity)
        .collect();
    let ratio = |i: usize| {
        let (cost, concepts) = &problem.items[i];
        concepts.iter().map(|&c| problem.weights[c]).sum::<f32>() / (*cost).max(1) as f32
    };
    order.sort_by(|&a, &b| ratio(b).total_cmp(&ratio(a)).then(a.cmp(&b)));
    // On long events only the items of the best value per cost are searched: the others are
    // almost never part of the optimum, and the search stays fast.
    order.truncate(MAX_ITEMS);
    let mut search = Search {
        problem,
        order,
        covered: vec![0; problem.weights.len()],
        chosen: Vec::new(),
        best: Solution::default(),
        nodes: 0,
        limit: node_limit,
    };
    search.visit(0, problem.capacity, 0.0);
    search.best
}

impl Method for Concept {
    fn name(&self) -> &'static str {
        "concept"
    }

    fn select(&self, corpus: &Corpus<'_>, budget: Budget) -> Vec<usize> {
        let pool = candidates(corpus);
        // Bigrams of one article only are dropped, as Gillick & Favre drop rare concepts, unless
        // no bigram is shared at all (a single article).
        let shared = pool.iter().any(|&i| {
            corpus
                .bigrams_of(&corpus.sentences[i])
                .iter()
                .any(|&b| corpus.bigram_docs[b as usize] >= 2)
        });
        let min_docs = if shared { 2 } else { 1 };
        let weights: Vec<f32> = corpus
            .bigram_docs
            .iter()
            .map(|&d| if d >= min_docs { d as f32 } else { 0.0 })
            .collect();
        let items: Vec<(usize, Vec<usize>)> = pool
            .iter()
            .map(|&i| {
                let s = &corpus.sentences[i];
                let concepts = corpus
                    .bigrams_of(s)
                    .iter()
                    .map(|&b| b as usize)
                    .filter(|&b| weights[b] > 0.0)
                    .collect();
                (s.words, concepts)
            })
            .collect();
        let problem = Coverage {
            weights,
            items,
            capacity: budget.words,
        };
        let solution = solve(&problem, self.node_limit);
        let mut chosen: Vec<usize> = solution.items.iter().map(|&k| pool[k]).collect();
        let mut used: usize = chosen.iter().map(|&i| corpus.sentences[i].words).sum();
        if budget.overrun {
            // The words left over are filled with the sentence that adds the most new concept
            // weight, which the caller cuts at the budget.
            let mut covered = vec![false; problem.weights.len()];
            for &k in &solution.items {
                for &c in &problem.items[k].1 {
                    covered[c] = true;
                }
            }
            while budget.admits(used, 0) {
                let next = (0..pool.len())
                    .filter(|k| !solution.items.contains(k) && !chosen.contains(&pool[*k]))
                    .map(|k| {
                        let gain: f32 = problem.items[k]
                            .1
                            .iter()
                            .filter(|&&c| !covered[c])
                            .map(|&c| problem.weights[c])
                            .sum();
                        (k, gain)
                    })
                    .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
                let Some((k, _)) = next else { break };
                for &c in &problem.items[k].1 {
                    covered[c] = true;
                }
                used += corpus.sentences[pool[k]].words;
                chosen.push(pool[k]);
            }
        }
        chosen
    }
}
