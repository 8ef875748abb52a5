//! `lexrank`: continuous LexRank (Erkan & Radev 2004): PageRank over the graph of sentences
//! weighted by the cosine similarity of their TF-IDF vectors, then greedy selection without
//! near-repeats.

use super::{Budget, Method, candidates, greedy, pagerank};
use crate::corpus::Corpus;

/// Continuous LexRank with redundancy control.
#[derive(Debug, Clone)]
pub(crate) struct LexRank {
    /// Cosine similarity at or above which a sentence repeats a chosen one.
    redundancy: f32,
}

impl Default for LexRank {
    /// 0.5, the redundancy threshold of `centroid`.
    fn default() -> Self {
        LexRank { redundancy: 0.5 }
    }
}

/// LexRank score of every sentence of the corpus (0 for sentences that are not candidates).
pub(crate) fn lexrank_scores(corpus: &Corpus<'_>) -> Vec<f32> {
    let pool = candidates(corpus);
    let n = pool.len();
    let mut weights = vec![0.0; n * n];
    for (a, &i) in pool.iter().enumerate() {
        for (b, &j) in pool.iter().enumerate() {
            if a != b {
                weights[a * n + b] = corpus.similarity(i, j).max(0.0);
            }
        }
    }
    let rank = pagerank(&weights, n);
    let mut scores = vec![0.0; corpus.sentences.len()];
    for (&i, r) in pool.iter().zip(rank) {
        scores[i] = r * n as f32;
    }
    scores
}

impl Method for LexRank {
    fn name(&self) -> &'static str {
        "lexrank"
    }

    fn select(&self, corpus: &Corpus<'_>, budget: Budget) -> Vec<usize> {
        greedy(corpus, &lexrank_scores(corpus), budget, self.redundancy)
    }
}
