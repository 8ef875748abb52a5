//! The plain definitions of the learned scorer's features and greedy selection, as they were
//! first written (every feature and every bonus computed from scratch), for the tests to hold
//! the faster code of `best` to: the same features to the bit and the same selections.

use super::super::lexrank::lexrank_scores;
use super::super::{Budget, candidates};
use super::{FEATURES, Weights, quotation_left_out};
use crate::corpus::{Corpus, normalized_sum};

/// The features of every sentence of the corpus, one row per sentence.
pub(super) fn sentence_features(corpus: &Corpus<'_>) -> Vec<Vec<f32>> {
    let mut rows = Vec::new();
    for_each_feature_row(corpus, |row| rows.push(row.to_vec()));
    rows
}

fn for_each_feature_row(corpus: &Corpus<'_>, mut emit: impl FnMut(&[f32; FEATURES])) {
    let root = |d: usize| corpus.copy_of.get(d).copied().flatten().unwrap_or(d);
    let others = (corpus.independent_docs() - 1).max(1) as f32;
    let terms = corpus.terms;
    let docs = corpus.docs.len();
    // Each document's sentences, in corpus order, listed once rather than filtered for each
    // use.
    let mut by_doc: Vec<Vec<usize>> = vec![Vec::new(); docs];
    for (i, s) in corpus.sentences.iter().enumerate() {
        by_doc[s.doc].push(i);
    }
    let mut term_docs = vec![0u32; terms];
    let mut term_root = vec![usize::MAX; terms];
    let mut by_root: Vec<Vec<usize>> = vec![Vec::new(); docs];
    for (i, s) in corpus.sentences.iter().enumerate() {
        by_root[root(s.doc)].push(i);
    }
    for sentences in &by_root {
        for &i in sentences {
            let s = &corpus.sentences[i];
            for &t in corpus.terms_of(s) {
                if term_root[t as usize] != root(s.doc) {
                    term_root[t as usize] = root(s.doc);
                    term_docs[t as usize] += 1;
                }
            }
        }
    }
    let roots: Vec<usize> = (0..docs).filter(|&d| root(d) == d).collect();
    let lexrank = lexrank_scores(corpus);
    let sentences_of = |d: usize| {
        by_doc[d]
            .iter()
            .map(|&i| corpus.vector_of(&corpus.sentences[i]))
    };
    let dense_cosine = |a: &[(u32, f32)], b: &[f32]| -> f32 {
        a.iter()
            .map(|&(t, w)| w * b.get(t as usize).copied().unwrap_or(0.0))
            .sum()
    };
    // All dense rows of the event (each `terms` long) in one buffer: the centroid, the titles,
    // each document's title, and for each independent document the rows of the others below.
    let mut dense = DenseRows::with_rows(terms, 3 * roots.len() + 2 + docs);
    // How close each document is to the others: its sentences against theirs, its title against
    // theirs. The editors' summaries often retell the most central article's lead. Then what the
    // other articles say in their titles and first sentences.
    let mut rest_sentences: Vec<Option<usize>> = vec![None; docs];
    let mut other_titles: Vec<Option<usize>> = vec![None; docs];
    let mut other_leads: Vec<Option<usize>> = vec![None; docs];
    for &r in &roots {
        let others = || (0..docs).filter(move |&d| root(d) != r);
        rest_sentences[r] = Some(dense.push_normalized_sum(others().flat_map(sentences_of)));
        other_titles[r] =
            Some(dense.push_normalized_sum(others().map(|d| corpus.doc_titles[d].as_slice())));
        other_leads[r] = Some(dense.push_normalized_sum(others().flat_map(|d| {
            by_doc[d]
                .iter()
                .map(|&i| &corpus.sentences[i])
                .filter(|s| s.index == 0)
                .map(|s| corpus.vector_of(s))
        })));
    }
    // The event's vectors as dense rows, so that each sentence meets them by lookup rather than
    // by merging two sparse lists (the same products, added in the same order).
    let centroid = dense.push_sparse(&corpus.centroid);
    let titles = dense.push_sparse(&corpus.titles);
    let doc_titles: Vec<usize> = corpus
        .doc_titles
        .iter()
        .map(|t| dense.push_sparse(t))
        .collect();
    let row =
        |table: &[Option<usize>], r: usize| -> &[f32] { table[r].map_or(&[], |k| dense.row(k)) };

    let document_centrality: Vec<f32> = (0..docs)
        .map(|d| {
            let own = normalized_sum(sentences_of(d));
            dense_cosine(&own, row(&rest_sentences, root(d)))
        })
        .collect();
    let document_title: Vec<f32> = (0..docs)
        .map(|d| dense_cosine(&corpus.doc_titles[d], row(&other_titles, root(d))))
        .collect();
    let n = corpus.sentences.len();
    let mut closest = vec![0.0f32; corpus.docs.len()];
    for (i, s) in corpus.sentences.iter().enumerate() {
        let text = corpus.text(s);
        // The mean, over the other independent articles, of the closest sentence they print.
        closest.iter_mut().for_each(|c| *c = 0.0);
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
        let shares = || corpus.bigrams_of(s).iter().map(|&b| corpus.bigram_share(b));
        let bigram_mass: f32 = shares().sum();
        let bigrams = corpus.bigrams_of(s).len().max(1) as f32;
        let term_share = corpus
            .terms_of(s)
            .iter()
            .map(|&t| term_docs[t as usize].saturating_sub(1) as f32 / others)
            .sum::<f32>()
            / corpus.terms_of(s).len().max(1) as f32;
        let (quote, digits) = quotation_mark_and_digit(text);
        emit(&[
            sparse_dense_dot(corpus.vector_of(s), dense.row(centroid)),
            sparse_dense_dot(corpus.vector_of(s), dense.row(titles)),
            doc_titles.get(s.doc).map_or(0.0, |&t| {
                sparse_dense_dot(corpus.vector_of(s), dense.row(t))
            }),
            s.independent_support.saturating_sub(1) as f32 / others,
            agreement,
            lexrank[i],
            f32::from(u8::from(s.index == 0)),
            1.0 / (s.index + 1) as f32,
            s.position,
            s.words.min(60) as f32 / 30.0,
            bigram_mass / bigrams,
            bigram_mass / 10.0,
            term_share,
            f32::from(u8::from(quote)),
            f32::from(u8::from(digits)),
            f32::from(u8::from(s.doc == 0)),
            document_centrality[s.doc],
            document_title[s.doc],
            f32::from(u8::from(s.index == 0)) * document_centrality[s.doc],
            f32::from(u8::from(s.index == 1)),
            (s.words.min(60) as f32 / 30.0).powi(2),
            dense_cosine(corpus.vector_of(s), row(&other_titles, root(s.doc))),
            dense_cosine(corpus.vector_of(s), row(&other_leads, root(s.doc))),
            closest.iter().copied().fold(0.0, f32::max),
            dense_cosine(corpus.vector_of(s), row(&rest_sentences, root(s.doc))),
            shares().filter(|&x| x > 0.0).count() as f32 / bigrams,
            // The share of capitalized words: names, places and organisations, the who
            // and where of news.
            s.capitals,
            f32::from(u8::from(s.index == 2)),
        ]);
    }
}

/// Dense vectors over the event's term ids, one after another in one buffer, so that an event
/// allocates them once rather than one vector each.
struct DenseRows {
    /// The length of each row (the number of term ids).
    terms: usize,
    /// The rows, `terms` values each.
    values: Vec<f32>,
}

impl DenseRows {
    /// No rows yet, each to be `terms` long, with room for `rows` of them.
    fn with_rows(terms: usize, rows: usize) -> Self {
        DenseRows {
            terms,
            values: Vec::with_capacity(terms * rows),
        }
    }

    /// Row `k` (in order of pushing, from 0).
    fn row(&self, k: usize) -> &[f32] {
        &self.values[k * self.terms..(k + 1) * self.terms]
    }

    /// Adds a row of zeros and returns its number and its values.
    fn push_zeros(&mut self) -> (usize, &mut [f32]) {
        let k = self.values.len() / self.terms.max(1);
        let start = self.values.len();
        self.values.resize(start + self.terms, 0.0);
        (k, &mut self.values[start..])
    }

    /// Adds `v` as a dense row and returns the row's number.
    fn push_sparse(&mut self, v: &[(u32, f32)]) -> usize {
        let (k, row) = self.push_zeros();
        for &(t, w) in v {
            row[t as usize] = w;
        }
        k
    }

    /// Adds the L2-normalized sum of `vectors` as a row (see [`dense_sum_into`]) and returns
    /// the row's number.
    fn push_normalized_sum<'v>(
        &mut self,
        vectors: impl Iterator<Item = &'v [(u32, f32)]>,
    ) -> usize {
        let (k, row) = self.push_zeros();
        dense_sum_into(row, vectors);
        k
    }
}

/// Whether `text` holds a straight or curly double quotation mark (`"`, `“`, `”`), and whether
/// it holds an ASCII digit: one pass over the bytes that notes the bytes of interest without
/// branching, then a look for the three-byte curly quotes only when a byte that opens one was
/// seen.
fn quotation_mark_and_digit(text: &str) -> (bool, bool) {
    let bytes = text.as_bytes();
    let (mut straight, mut curly_start, mut digit) = (false, false, false);
    // Sixteen bytes at a time and without an early exit, so that the compiler can unroll the
    // comparisons and run them on vectors of bytes.
    let mut chunks = bytes.chunks_exact(16);
    for chunk in &mut chunks {
        for &b in chunk {
            straight |= b == b'"';
            curly_start |= b == 0xE2;
            digit |= b.is_ascii_digit();
        }
    }
    for &b in chunks.remainder() {
        straight |= b == b'"';
        curly_start |= b == 0xE2;
        digit |= b.is_ascii_digit();
    }
    // `“` and `”` are E2 80 9C and E2 80 9D in UTF-8.
    let quote = straight
        || (curly_start
            && bytes
                .windows(3)
                .any(|w| w[0] == 0xE2 && w[1] == 0x80 && matches!(w[2], 0x9C | 0x9D)));
    (quote, digit)
}

/// The dot product of a sparse vector and a dense one: [`crate::corpus::cosine`] of the two as sparse vectors,
/// bit for bit (the products of shared terms in the order of term ids, from 0; a term the dense
/// row lacks adds 0).
fn sparse_dense_dot(a: &[(u32, f32)], dense: &[f32]) -> f32 {
    let mut sum = 0.0f32;
    for &(t, w) in a {
        sum += w * dense[t as usize];
    }
    sum
}

/// Writes the L2-normalized sum of sparse vectors into `sum` (zeros, one per term id): the
/// vectors added in order, term by term, then divided by the norm.
fn dense_sum_into<'v>(sum: &mut [f32], vectors: impl Iterator<Item = &'v [(u32, f32)]>) {
    for v in vectors {
        for &(t, w) in v {
            sum[t as usize] += w;
        }
    }
    let norm = sum.iter().map(|w| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        sum.iter_mut().for_each(|w| *w /= norm);
    }
}

/// The selection of `Learned::select_scored`, by the plain greedy loop.
pub(super) fn select_scored(
    weights: &Weights,
    corpus: &Corpus<'_>,
    budget: Budget,
    scores: &[f32],
) -> Vec<usize> {
    let all = candidates(corpus);
    let mut pool = all.clone();
    pool.retain(|&i| {
        let s = &corpus.sentences[i];
        s.words >= weights.min_words
            && !(weights.skip_quoted_openings && quotation_left_out(corpus, s))
    });
    if pool.len() == all.len() {
        return greedy(weights, corpus, budget, scores, pool);
    }
    let chosen = greedy(weights, corpus, budget, scores, pool);
    let words: usize = chosen.iter().map(|&i| corpus.sentences[i].words).sum();
    if 4 * words >= budget.words {
        return chosen;
    }
    greedy(weights, corpus, budget, scores, all)
}

/// Greedy selection from `pool` by score less the redundancy penalty, plus the bonuses, each
/// computed over all chosen sentences at every step.
fn greedy(
    weights: &Weights,
    corpus: &Corpus<'_>,
    budget: Budget,
    scores: &[f32],
    mut pool: Vec<usize>,
) -> Vec<usize> {
    let mut chosen: Vec<usize> = Vec::new();
    let mut covered: Vec<bool> = Vec::new();
    if weights.coverage != 0.0 {
        covered = vec![false; corpus.bigram_docs.len()];
    }
    let w = weights;
    let terms = TermCoverage::new(corpus, w.term_coverage != 0.0);
    let mut terms_covered = vec![false; terms.share.len()];
    // The step at which each term was last counted for a candidate, so that a term repeated
    // in a sentence counts once.
    let mut counted = vec![usize::MAX; terms.share.len()];
    let mut used = 0;
    let mut stamp = 0;
    loop {
        pool.retain(|&i| {
            budget.admits(used, corpus.sentences[i].words)
                && chosen
                    .iter()
                    .all(|&c| corpus.similarity(c, i) < weights.redundancy)
        });
        let best = pool
            .iter()
            .map(|&i| {
                let repeat = chosen
                    .iter()
                    .map(|&c| corpus.similarity(c, i))
                    .fold(0.0, f32::max);
                let s = &corpus.sentences[i];
                let mut score = scores[i] - w.penalty * repeat;
                if w.coverage != 0.0 && !corpus.bigrams_of(s).is_empty() {
                    let new: f32 = corpus
                        .bigrams_of(s)
                        .iter()
                        .filter(|&&b| !covered[b as usize])
                        .map(|&b| corpus.bigram_share(b))
                        .sum();
                    score += w.coverage * new / corpus.bigrams_of(s).len() as f32;
                }
                if w.article_bonus != 0.0 {
                    let earlier = chosen
                        .iter()
                        .map(|&c| &corpus.sentences[c])
                        .filter(|c| c.doc == s.doc && c.index < s.index)
                        .count();
                    score += w.article_bonus * earlier as f32;
                }
                if w.term_coverage != 0.0 && !corpus.terms_of(s).is_empty() {
                    stamp += 1;
                    let mut new = 0.0f32;
                    for &t in corpus.terms_of(s) {
                        let t = t as usize;
                        if !terms_covered[t] && counted[t] != stamp {
                            counted[t] = stamp;
                            new += terms.share[t];
                        }
                    }
                    score += w.term_coverage * new / s.words.max(1) as f32;
                }
                (i, score)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let Some((i, _)) = best else { break };
        if !covered.is_empty() {
            for &b in corpus.bigrams_of(&corpus.sentences[i]) {
                covered[b as usize] = true;
            }
        }
        if w.term_coverage != 0.0 {
            for &t in corpus.terms_of(&corpus.sentences[i]) {
                terms_covered[t as usize] = true;
            }
        }
        used += corpus.sentences[i].words;
        chosen.push(i);
    }
    chosen
}

/// The weight of each content stem in the term-coverage bonus of the selection: the share of
/// the event's other articles that use it (0 for a stem of one article only).
struct TermCoverage {
    /// One weight per term id of the corpus; empty when the bonus is off.
    share: Vec<f32>,
}

impl TermCoverage {
    /// The weights of the corpus's terms, or none when `on` is false.
    fn new(corpus: &Corpus<'_>, on: bool) -> Self {
        if !on {
            return TermCoverage { share: Vec::new() };
        }
        let mut docs = vec![0u32; corpus.terms];
        let mut last_doc = vec![usize::MAX; corpus.terms];
        // Sentences come in document order, so a term's count rises once per document.
        for s in &corpus.sentences {
            for &t in corpus.terms_of(s) {
                let t = t as usize;
                if last_doc[t] != s.doc {
                    last_doc[t] = s.doc;
                    docs[t] += 1;
                }
            }
        }
        let others = (corpus.docs.len().max(2) - 1) as f32;
        TermCoverage {
            share: docs
                .iter()
                .map(|&n| n.saturating_sub(1) as f32 / others)
                .collect(),
        }
    }
}
