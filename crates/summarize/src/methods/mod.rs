//! The summarization methods, one module each, behind one interface, and the budget they share.

pub mod best;
mod centroid;
mod concept;
mod lead;
mod lexrank;
mod mmr;
mod submodular;
mod textrank;

use crate::corpus::Corpus;

/// How many words a selection may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// The word budget.
    pub words: usize,
    /// Whether the last sentence may run past `words`, to be cut there by the caller (how ROUGE
    /// evaluations cut every system's output). Reports keep this off and print whole sentences.
    pub overrun: bool,
}

impl Budget {
    /// Whole sentences of at most `words` words in all.
    pub fn within(words: usize) -> Self {
        Budget {
            words,
            overrun: false,
        }
    }

    /// Sentences until `words` words are reached, the last one possibly running past them.
    pub fn filled(words: usize) -> Self {
        Budget {
            words,
            overrun: true,
        }
    }

    /// Whether a sentence of `len` words may join a selection of `used` words.
    pub fn admits(&self, used: usize, len: usize) -> bool {
        if self.overrun {
            used < self.words
        } else {
            used + len <= self.words
        }
    }
}

/// A way of choosing sentences for a summary.
pub trait Method: Send + Sync {
    /// The name users select it by (`--method`).
    fn name(&self) -> &'static str;

    /// Indices into `corpus.sentences` of the chosen sentences, best first, whose words fit
    /// `budget` (see [`Budget::admits`]). Reading order is decided later, by the caller.
    fn select(&self, corpus: &Corpus<'_>, budget: Budget) -> Vec<usize>;
}

/// Names of every method, in the order `--help` lists them (`best` is listed by the CLI).
pub const METHOD_NAMES: &[&str] = &[
    "centroid",
    "concept",
    "lead",
    "lexrank",
    "mmr",
    "submodular",
    "textrank",
];

/// The method with this name, or `None` when there is none.
pub fn method_by_name(name: &str) -> Option<Box<dyn Method>> {
    match name {
        "best" => Some(Box::new(best::Learned::default())),
        "centroid" => Some(Box::new(centroid::Centroid::default())),
        "concept" => Some(Box::new(concept::Concept::default())),
        "lead" => Some(Box::new(lead::Lead)),
        "lexrank" => Some(Box::new(lexrank::LexRank::default())),
        "mmr" => Some(Box::new(mmr::Mmr::default())),
        "submodular" => Some(Box::new(submodular::Submodular::default())),
        "textrank" => Some(Box::new(textrank::TextRank::default())),
        _ => None,
    }
}

/// Cosine similarity at or above which a sentence says what a chosen one says (a reprinted copy's
/// sentence, or one that differs by a word or its punctuation): no method chooses it too.
pub(crate) const REPEAT_SIMILARITY: f32 = 0.9;

/// Indices of the sentences that may enter a summary (see
/// [`crate::CorpusSentence::is_candidate`]).
pub(crate) fn candidates(corpus: &Corpus<'_>) -> Vec<usize> {
    let mut pool = Vec::with_capacity(corpus.sentences.len());
    pool.extend((0..corpus.sentences.len()).filter(|&i| corpus.sentences[i].is_candidate()));
    pool
}

/// Greedy selection shared by the scoring methods: takes candidates by descending score, skipping
/// a sentence that does not fit the remaining budget or whose cosine similarity to an already
/// chosen sentence reaches `redundancy`.
pub(crate) fn greedy(
    corpus: &Corpus<'_>,
    scores: &[f32],
    budget: Budget,
    redundancy: f32,
) -> Vec<usize> {
    let mut order = candidates(corpus);
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let mut chosen: Vec<usize> = Vec::new();
    let mut used = 0;
    for i in order {
        let s = &corpus.sentences[i];
        if !budget.admits(used, s.words) {
            continue;
        }
        if chosen
            .iter()
            .any(|&c| corpus.similarity(c, i) >= redundancy)
        {
            continue;
        }
        used += s.words;
        chosen.push(i);
    }
    chosen
}

/// PageRank of a weighted graph given as a dense row-major `n` by `n` matrix of non-negative
/// edge weights: power iteration with damping 0.85 until the scores move less than 1e-6 (at most
/// 100 rounds). Rows without edges spread their rank evenly.
pub(crate) fn pagerank(weights: &[f32], n: usize) -> Vec<f32> {
    const DAMPING: f32 = 0.85;
    if n == 0 {
        return Vec::new();
    }
    let weights = &weights[..n * n];
    // Rows with edges, each with its sum, and rows without, found once rather than in every
    // round.
    let mut linked: Vec<(usize, f32)> = Vec::with_capacity(n);
    let mut dangling_rows: Vec<usize> = Vec::new();
    for (i, row) in weights.chunks_exact(n).enumerate() {
        let sum: f32 = row.iter().sum();
        if sum <= 0.0 {
            dangling_rows.push(i);
        } else {
            linked.push((i, sum));
        }
    }
    // The rows with edges again, each padded with zeros to a multiple of `LANES` entries, so
    // that even the few sentences of a small event are added a vector of floats at a time
    // rather than one by one (the compiler vectorizes this loop for rows of 8 or more). Each
    // rank still gets the same products, added in the same order; those of the padding go to
    // ranks past `n`, which nothing reads.
    let stride = n.div_ceil(LANES) * LANES;
    let mut rows = vec![0.0f32; linked.len() * stride];
    for (row, &(i, _)) in rows.chunks_exact_mut(stride).zip(&linked) {
        row[..n].copy_from_slice(&weights[i * n..(i + 1) * n]);
    }
    let teleport = (1.0 - DAMPING) / n as f32;
    let mut rank = vec![1.0 / n as f32; stride];
    let mut next = vec![0.0f32; stride];
    for _ in 0..100 {
        let dangling: f32 = dangling_rows.iter().map(|&i| rank[i]).sum::<f32>() / n as f32;
        next.fill(teleport + DAMPING * dangling);
        for (&(i, sum), row) in linked.iter().zip(rows.chunks_exact(stride)) {
            let share = DAMPING * rank[i] / sum;
            for (next, w) in next.iter_mut().zip(row) {
                *next += share * w;
            }
        }
        let moved: f32 = next[..n]
            .iter()
            .zip(&rank[..n])
            .map(|(a, b)| (a - b).abs())
            .sum();
        std::mem::swap(&mut rank, &mut next);
        if moved < 1e-6 {
            break;
        }
    }
    rank.truncate(n);
    rank
}

/// What [`pagerank`] pads its rows to a multiple of: eight floats, the entries the compiler's
/// vectorized loop takes at a time.
const LANES: usize = 8;

#[cfg(test)]
mod tests;
