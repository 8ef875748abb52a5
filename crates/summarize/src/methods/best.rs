//! `best`: a learned sentence scorer. Each candidate sentence is described by a few features
//! (closeness to the event and the titles, cross-article support, position, length, shared
//! bigrams); a linear model fit by ridge regression on the summarization sets' references
//! (`chorus train`) scores it, and sentences are taken by score without near-repeats.
//!
//! The weights ship in `crates/summarize/weights/best.json`, compiled in.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::lexrank::lexrank_scores;
use super::{Budget, Method, candidates};
use crate::corpus::{Corpus, SparseVec, cosine, normalized_sum};

/// The names of the features of a sentence, in order.
pub const FEATURE_NAMES: &[&str] = &[
    "centroid",
    "title",
    "own_title",
    "support",
    "agreement",
    "lexrank",
    "first",
    "inverse_index",
    "position",
    "words",
    "bigram_density",
    "bigram_mass",
    "term_share",
    "quote",
    "digits",
    "first_document",
    "document_centrality",
    "document_title",
    "first_in_central",
    "second",
    "words_squared",
    "other_titles",
    "other_leads",
    "closest_other",
];

/// The names of every feature of [`sentence_features`], in order.
pub fn feature_names() -> Vec<String> {
    FEATURE_NAMES.iter().map(|s| (*s).to_owned()).collect()
}

/// The features of every sentence of the corpus, one row per sentence, in the order of
/// [`feature_names`].
pub fn sentence_features(corpus: &Corpus<'_>) -> Vec<Vec<f32>> {
    let root = |d: usize| corpus.copy_of.get(d).copied().flatten().unwrap_or(d);
    let others = (corpus.independent_docs() - 1).max(1) as f32;
    let mut term_roots: HashSet<(u32, usize)> = HashSet::new();
    let mut term_docs = vec![0u32; corpus.vocabulary.len()];
    for s in &corpus.sentences {
        for &t in &s.terms {
            if term_roots.insert((t, root(s.doc))) {
                term_docs[t as usize] += 1;
            }
        }
    }
    let roots: Vec<usize> = {
        let mut r: Vec<usize> = (0..corpus.docs.len()).map(root).collect();
        r.sort_unstable();
        r.dedup();
        r
    };
    let lexrank = lexrank_scores(corpus);
    // How close each document is to the others: its sentences against theirs, its title against
    // theirs. The editors' summaries often retell the most central article's lead.
    let doc_vectors: Vec<SparseVec> = (0..corpus.docs.len())
        .map(|d| {
            normalized_sum(
                corpus
                    .sentences
                    .iter()
                    .filter(|s| s.doc == d)
                    .map(|s| &s.vector),
            )
        })
        .collect();
    let document_centrality: Vec<f32> = (0..corpus.docs.len())
        .map(|d| {
            let rest = normalized_sum(
                corpus
                    .sentences
                    .iter()
                    .filter(|s| root(s.doc) != root(d))
                    .map(|s| &s.vector),
            );
            cosine(&doc_vectors[d], &rest)
        })
        .collect();
    // What the other articles say in their titles and first sentences.
    let others_of = |d: usize, leads: bool| -> SparseVec {
        if leads {
            normalized_sum(
                corpus
                    .sentences
                    .iter()
                    .filter(|s| s.index == 0 && root(s.doc) != root(d))
                    .map(|s| &s.vector),
            )
        } else {
            normalized_sum(
                (0..corpus.docs.len())
                    .filter(|&e| root(e) != root(d))
                    .map(|e| &corpus.doc_titles[e]),
            )
        }
    };
    let other_titles: Vec<SparseVec> = (0..corpus.docs.len())
        .map(|d| others_of(d, false))
        .collect();
    let other_leads: Vec<SparseVec> = (0..corpus.docs.len()).map(|d| others_of(d, true)).collect();
    let document_title: Vec<f32> = (0..corpus.docs.len())
        .map(|d| cosine(&corpus.doc_titles[d], &other_titles[d]))
        .collect();
    let n = corpus.sentences.len();
    corpus
        .sentences
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let text = corpus.text(s);
            // The mean, over the other independent articles, of the closest sentence they print.
            let mut closest = vec![0.0f32; corpus.docs.len()];
            for j in 0..n {
                let d = root(corpus.sentences[j].doc);
                if d != root(s.doc) {
                    closest[d] = closest[d].max(corpus.similarity(i, j));
                }
            }
            let agreement = roots
                .iter()
                .filter(|&&d| d != root(s.doc))
                .map(|&d| closest[d])
                .sum::<f32>()
                / others;
            let shares: Vec<f32> = s.bigrams.iter().map(|&b| corpus.bigram_share(b)).collect();
            let bigram_mass: f32 = shares.iter().sum();
            let term_share = s
                .terms
                .iter()
                .map(|&t| term_docs[t as usize].saturating_sub(1) as f32 / others)
                .sum::<f32>()
                / s.terms.len().max(1) as f32;
            vec![
                cosine(&s.vector, &corpus.centroid),
                cosine(&s.vector, &corpus.titles),
                corpus
                    .doc_titles
                    .get(s.doc)
                    .map_or(0.0, |t| cosine(&s.vector, t)),
                s.independent_support.saturating_sub(1) as f32 / others,
                agreement,
                lexrank[i],
                f32::from(u8::from(s.index == 0)),
                1.0 / (s.index + 1) as f32,
                s.position,
                s.words.min(60) as f32 / 30.0,
                bigram_mass / shares.len().max(1) as f32,
                bigram_mass / 10.0,
                term_share,
                f32::from(u8::from(text.contains(['"', '\u{201c}', '\u{201d}']))),
                f32::from(u8::from(text.contains(|c: char| c.is_ascii_digit()))),
                f32::from(u8::from(s.doc == 0)),
                document_centrality[s.doc],
                document_title[s.doc],
                f32::from(u8::from(s.index == 0)) * document_centrality[s.doc],
                f32::from(u8::from(s.index == 1)),
                (s.words.min(60) as f32 / 30.0).powi(2),
                cosine(&s.vector, &other_titles[s.doc]),
                cosine(&s.vector, &other_leads[s.doc]),
                closest.iter().copied().fold(0.0, f32::max),
            ]
        })
        .collect()
}

/// The fitted model: one weight per feature, a bias, and the selection's redundancy threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    /// How the weights were made (command and data), for whoever reads the file.
    #[serde(default)]
    pub trained_by: String,
    /// Feature names, which must be those of [`feature_names`].
    pub features: Vec<String>,
    /// Weight of each feature.
    pub weights: Vec<f32>,
    /// Constant term.
    pub bias: f32,
    /// Cosine similarity at or above which a sentence repeats a chosen one.
    pub redundancy: f32,
    /// How much a sentence's score drops per unit of cosine similarity to the closest chosen
    /// sentence (maximal marginal relevance on the learned score).
    #[serde(default)]
    pub penalty: f32,
    /// Fewest words of a chosen sentence. Short sentences score well on the short clusters the
    /// weights are fit on, but on long events they are the vague ones ("Panama is on the rise,
    /// too."); 10 costs at most 0.1 ROUGE in cross-validation.
    #[serde(default)]
    pub min_words: usize,
    /// Leave out sentences that open with a quotation mark: the speaker's voice rather than the
    /// outlets', and quotes have their own section of the report. On in the shipped weights,
    /// where it costs about 0.2 ROUGE-1 and ROUGE-2 in cross-validation but keeps a run of
    /// quotes out of the summary of the built-in example and of long events.
    #[serde(default)]
    pub skip_quoted_openings: bool,
}

/// The learned scorer, behind the [`Method`] interface.
#[derive(Debug, Clone)]
pub struct Learned {
    weights: Weights,
}

impl Learned {
    /// A scorer with these weights.
    ///
    /// # Panics
    /// When the weights do not name the features of [`feature_names`], in order.
    pub fn new(weights: Weights) -> Self {
        assert_eq!(
            weights.features,
            feature_names(),
            "weights for other features"
        );
        assert_eq!(weights.weights.len(), weights.features.len());
        Learned { weights }
    }

    /// The predicted score of every sentence of the corpus.
    pub fn scores(&self, corpus: &Corpus<'_>) -> Vec<f32> {
        sentence_features(corpus)
            .iter()
            .map(|row| {
                self.weights.bias
                    + row
                        .iter()
                        .zip(&self.weights.weights)
                        .map(|(x, w)| x * w)
                        .sum::<f32>()
            })
            .collect()
    }
}

impl Default for Learned {
    /// The scorer with the weights shipped in `weights/best.json`.
    fn default() -> Self {
        let weights = serde_json::from_str(include_str!("../../weights/best.json"))
            .expect("the shipped weights parse");
        Learned::new(weights)
    }
}

impl Method for Learned {
    fn name(&self) -> &'static str {
        "best"
    }

    fn select(&self, corpus: &Corpus<'_>, budget: Budget) -> Vec<usize> {
        let scores = self.scores(corpus);
        let mut pool = candidates(corpus);
        pool.retain(|&i| {
            let s = &corpus.sentences[i];
            s.words >= self.weights.min_words
                && !(self.weights.skip_quoted_openings
                    && corpus
                        .text(s)
                        .starts_with(['"', '\u{201c}', '\u{2018}', '\'']))
        });
        let mut chosen: Vec<usize> = Vec::new();
        let mut used = 0;
        loop {
            pool.retain(|&i| {
                budget.admits(used, corpus.sentences[i].words)
                    && chosen
                        .iter()
                        .all(|&c| corpus.similarity(c, i) < self.weights.redundancy)
            });
            let best = pool
                .iter()
                .map(|&i| {
                    let repeat = chosen
                        .iter()
                        .map(|&c| corpus.similarity(c, i))
                        .fold(0.0, f32::max);
                    (i, scores[i] - self.weights.penalty * repeat)
                })
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            let Some((i, _)) = best else { break };
            used += corpus.sentences[i].words;
            chosen.push(i);
        }
        chosen
    }
}
