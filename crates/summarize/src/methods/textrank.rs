//! `textrank`: TextRank (Mihalcea & Tarau 2004): PageRank over the graph of sentences weighted
//! by their word overlap, normalized by the logarithms of their lengths.

use super::{Budget, Method, candidates, greedy, pagerank};
use crate::corpus::Corpus;

/// TextRank with redundancy control.
#[derive(Debug, Clone)]
pub(crate) struct TextRank {
    /// Cosine similarity at or above which a sentence repeats a chosen one.
    redundancy: f32,
}

impl Default for TextRank {
    /// 0.5, the redundancy threshold of `centroid`.
    fn default() -> Self {
        TextRank { redundancy: 0.5 }
    }
}

/// Mihalcea & Tarau's similarity: shared distinct words over the sum of the logarithms of the
/// sentences' lengths (content stems stand for words, so "the" does not link everything).
fn overlap(a: &[u32], b: &[u32]) -> f32 {
    let shared = a.iter().filter(|t| b.binary_search(t).is_ok()).count();
    let norm = (a.len() as f32).ln() + (b.len() as f32).ln();
    if shared == 0 || norm <= 0.0 {
        0.0
    } else {
        shared as f32 / norm
    }
}

impl Method for TextRank {
    fn name(&self) -> &'static str {
        "textrank"
    }

    fn select(&self, corpus: &Corpus<'_>, budget: Budget) -> Vec<usize> {
        let pool = candidates(corpus);
        let sets: Vec<Vec<u32>> = pool
            .iter()
            .map(|&i| {
                let mut t = corpus.terms_of(&corpus.sentences[i]).to_vec();
                t.sort_unstable();
                t.dedup();
                t
            })
            .collect();
        let n = pool.len();
        let mut weights = vec![0.0; n * n];
        for a in 0..n {
            for b in (a + 1)..n {
                let w = overlap(&sets[a], &sets[b]);
                weights[a * n + b] = w;
                weights[b * n + a] = w;
            }
        }
        let mut scores = vec![0.0; corpus.sentences.len()];
        for (&i, r) in pool.iter().zip(pagerank(&weights, n)) {
            scores[i] = r;
        }
        greedy(corpus, &scores, budget, self.redundancy)
    }
}
