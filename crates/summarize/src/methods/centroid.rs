//! `centroid`: sentences closest to what the whole event is about, favouring statements that
//! several outlets make and that come early in their article, with redundancy control
//! (Radev et al. 2004, with cross-article support as an extra signal).

use super::{Budget, Method, greedy};
use crate::corpus::{Corpus, cosine};

/// Weights of the centroid score.
#[derive(Debug, Clone)]
pub(crate) struct Centroid {
    /// Weight of the share of independent articles that state the sentence.
    support: f32,
    /// Weight of an early position in its article.
    position: f32,
    /// Weight of similarity to the articles' titles.
    title: f32,
    /// Cosine similarity at or above which a sentence repeats a chosen one.
    redundancy: f32,
}

impl Default for Centroid {
    /// Chosen by reading the reports of the seeds and the built-in example; the evaluator of the
    /// summarization sets replaces these with measured values.
    fn default() -> Self {
        Centroid {
            support: 0.3,
            position: 0.15,
            title: 0.2,
            redundancy: 0.5,
        }
    }
}

impl Method for Centroid {
    fn name(&self) -> &'static str {
        "centroid"
    }

    fn select(&self, corpus: &Corpus<'_>, budget: Budget) -> Vec<usize> {
        let others = (corpus.independent_docs() - 1).max(1) as f32;
        let scores: Vec<f32> = corpus
            .sentences
            .iter()
            .map(|s| {
                cosine(corpus.vector_of(s), &corpus.centroid)
                    + self.support * (s.independent_support.saturating_sub(1)) as f32 / others
                    + self.position * (1.0 - s.position)
                    + self.title * cosine(corpus.vector_of(s), &corpus.titles)
            })
            .collect();
        greedy(corpus, &scores, budget, self.redundancy)
    }
}
