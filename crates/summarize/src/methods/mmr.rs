//! `mmr`: maximal marginal relevance (Carbonell & Goldstein 1998): each pick is the sentence
//! most similar to the event (its centroid and the outlets' titles) and least similar to what is
//! already chosen.

use super::{Budget, Method, REPEAT_SIMILARITY, candidates};
use crate::corpus::{Corpus, cosine};

/// Maximal marginal relevance against the centroid and the titles.
#[derive(Debug, Clone)]
pub(crate) struct Mmr {
    /// Weight of relevance against redundancy (1 ignores redundancy).
    lambda: f32,
}

impl Default for Mmr {
    /// 0.7, the usual trade-off for multi-document news summarization.
    fn default() -> Self {
        Mmr { lambda: 0.7 }
    }
}

impl Method for Mmr {
    fn name(&self) -> &'static str {
        "mmr"
    }

    fn select(&self, corpus: &Corpus<'_>, budget: Budget) -> Vec<usize> {
        let relevance: Vec<f32> = corpus
            .sentences
            .iter()
            .map(|s| {
                0.5 * (cosine(corpus.vector_of(s), &corpus.centroid)
                    + cosine(corpus.vector_of(s), &corpus.titles))
            })
            .collect();
        let mut pool = candidates(corpus);
        let mut chosen: Vec<usize> = Vec::new();
        let mut used = 0;
        loop {
            pool.retain(|&i| budget.admits(used, corpus.sentences[i].words));
            let best = pool
                .iter()
                .map(|&i| {
                    let repeat = chosen
                        .iter()
                        .map(|&c| corpus.similarity(c, i))
                        .fold(0.0, f32::max);
                    (i, self.lambda * relevance[i] - (1.0 - self.lambda) * repeat)
                })
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            let Some((i, _)) = best else { break };
            used += corpus.sentences[i].words;
            chosen.push(i);
            pool.retain(|&j| j != i && corpus.similarity(i, j) < REPEAT_SIMILARITY);
        }
        chosen
    }
}
