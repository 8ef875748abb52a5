//! The summarization methods, one module each, behind one interface.

mod centroid;
mod lead;

use crate::corpus::{Corpus, cosine};

/// A way of choosing sentences for a summary.
pub trait Method: Send + Sync {
    /// The name users select it by (`--method`).
    fn name(&self) -> &'static str;

    /// Indices into `corpus.sentences` of the chosen sentences, best first, whose words add up to
    /// at most `budget`. Reading order is decided later, by the caller.
    fn select(&self, corpus: &Corpus<'_>, budget: usize) -> Vec<usize>;
}

/// Names of every method, in the order `--help` lists them.
pub const METHOD_NAMES: &[&str] = &["centroid", "lead"];

/// The method with this name, or `None` when there is none.
pub fn method_by_name(name: &str) -> Option<Box<dyn Method>> {
    match name {
        "centroid" | "best" => Some(Box::new(centroid::Centroid::default())),
        "lead" => Some(Box::new(lead::Lead)),
        _ => None,
    }
}

/// Greedy selection shared by the scoring methods: takes candidates by descending score, skipping
/// a sentence that does not fit the remaining budget or whose cosine similarity to an already
/// chosen sentence reaches `redundancy`.
pub(crate) fn greedy(
    corpus: &Corpus<'_>,
    scores: &[f32],
    budget: usize,
    redundancy: f32,
) -> Vec<usize> {
    let mut order: Vec<usize> = (0..corpus.sentences.len())
        .filter(|&i| corpus.sentences[i].is_candidate(corpus.text(&corpus.sentences[i])))
        .collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let mut chosen: Vec<usize> = Vec::new();
    let mut used = 0;
    for i in order {
        let s = &corpus.sentences[i];
        if used + s.words > budget {
            continue;
        }
        if chosen
            .iter()
            .any(|&c| cosine(&corpus.sentences[c].vector, &s.vector) >= redundancy)
        {
            continue;
        }
        used += s.words;
        chosen.push(i);
    }
    chosen
}
