//! `best`: a learned sentence scorer. Each candidate sentence is described by a few features
//! (closeness to the event and the titles, cross-article support, position, length, shared
//! bigrams); a linear model fit by ridge regression on the summarization sets' references
//! (`chorus train`: each sentence's ROUGE precision plus whether the greedy ROUGE oracle takes
//! it) scores it, and sentences are taken greedily by score, less a penalty for repeating a
//! chosen sentence, plus a bonus for the shared word bigrams they add that no chosen sentence
//! covers yet (the coverage objective of the `concept` method), a bonus for the content stems
//! they add, each by the share of the other articles that use it, and a bonus for going on
//! with an article already chosen from.
//!
//! The weights ship in `crates/summarize/weights/best.json`, compiled in.

use std::cell::Cell;

use serde::{Deserialize, Serialize};

use super::lexrank::lexrank_scores;
use super::{Budget, Method, candidates};
use crate::corpus::{Corpus, CorpusSentence};

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
    "other_sentences",
    "shared_bigrams",
    "capitals",
    "third",
];

/// The names of every feature of [`sentence_features`], in order.
pub fn feature_names() -> Vec<String> {
    FEATURE_NAMES.iter().map(|s| (*s).to_owned()).collect()
}

/// The number of features of a sentence (the length of [`FEATURE_NAMES`]).
const FEATURES: usize = 28;
const _: () = assert!(FEATURES == FEATURE_NAMES.len());

/// The features of every sentence of the corpus, one row per sentence, in the order of
/// [`feature_names`].
pub fn sentence_features(corpus: &Corpus<'_>) -> Vec<Vec<f32>> {
    let mut rows = Vec::with_capacity(corpus.sentences.len());
    for_each_feature_row(corpus, |row| rows.push(row.to_vec()));
    rows
}

/// Calls `emit` with the features of every sentence of the corpus, in order (the rows of
/// [`sentence_features`], without allocating one for each sentence).
///
/// What the other articles say (their sentences, titles and leads, summed) is spread into
/// dense rows once for each independent article and met there by that article's sentences,
/// and the rows are reused from one article to the next. Every value is added, multiplied and divided as
/// in the plain definition (`plain::sentence_features` in the tests), so the features are the
/// same to the bit.
fn for_each_feature_row(corpus: &Corpus<'_>, mut emit: impl FnMut(&[f32; FEATURES])) {
    let root = |d: usize| corpus.copy_of.get(d).copied().flatten().unwrap_or(d);
    let others = (corpus.independent_docs() - 1).max(1) as f32;
    let terms = corpus.terms;
    let docs = corpus.docs.len();
    let n = corpus.sentences.len();
    // The thread's rows over the term ids, all zeros (see `TermRows`); put back at the end.
    let mut rows = TERM_ROWS.with(Cell::take);
    rows.reserve(terms);
    let TermRows {
        sums: [rest_sentences, other_titles, other_leads, own],
        dense: [centroid, titles, title_row],
        term_docs,
        term_root,
        sentence_root,
        by_doc,
        by_root,
        against,
        own_title,
        document_centrality,
        document_title,
        closest,
    } = &mut rows;
    // Each sentence's independent article, and the sentences of each article and of each
    // independent article, in corpus order.
    sentence_root.clear();
    sentence_root.extend(corpus.sentences.iter().map(|s| root(s.doc)));
    by_doc.fill(docs, corpus.sentences.iter().map(|s| s.doc));
    by_root.fill(docs, sentence_root.iter().copied());
    // The number of independent articles that use each term: a term's count rises once per
    // group.
    for r in 0..docs {
        for &i in by_root.group(r) {
            for &t in corpus.terms_of(&corpus.sentences[i]) {
                if term_root[t as usize] != r {
                    term_root[t as usize] = r;
                    term_docs[t as usize] += 1;
                }
            }
        }
    }
    let roots: Vec<usize> = (0..docs).filter(|&d| root(d) == d).collect();
    let lexrank = lexrank_scores(corpus);
    let sentences_of = |d: usize| {
        by_doc
            .group(d)
            .iter()
            .map(|&i| corpus.vector_of(&corpus.sentences[i]))
    };

    // How close each document is to the others: its sentences against theirs, its title against
    // theirs. The editors' summaries often retell the most central article's lead. Then what
    // each sentence shares with the other articles' titles, leads and sentences.
    document_centrality.clear();
    document_centrality.resize(docs, 0.0);
    document_title.clear();
    document_title.resize(docs, 0.0);
    // The event's vectors as dense rows, so that each sentence meets them by lookup rather than
    // by merging two sparse lists (the same products, added in the same order).
    for (row, v) in [
        (&mut *centroid, &corpus.centroid),
        (&mut *titles, &corpus.titles),
    ] {
        for &(t, w) in v {
            row[t as usize] = w;
        }
    }
    // For each sentence: against the centroid, the titles, and the other articles' titles,
    // leads and sentences.
    against.clear();
    against.resize(n, [0.0; 5]);
    for r in 0..docs {
        // A document whose original is itself a copy has no rows (its features are 0).
        let is_root = root(r) == r;
        if is_root {
            // The other articles' sentences and leads in one pass (each sum in its own order).
            for d in (0..docs).filter(|&d| root(d) != r) {
                for &i in by_doc.group(d) {
                    let s = &corpus.sentences[i];
                    rest_sentences.add_vector(corpus.vector_of(s));
                    if s.index == 0 {
                        other_leads.add_vector(corpus.vector_of(s));
                    }
                }
                other_titles.add_vector(&corpus.doc_titles[d]);
            }
            for sum in [&mut *rest_sentences, &mut *other_titles, &mut *other_leads] {
                sum.normalize();
            }
        }
        for &i in by_root.group(r) {
            let v = corpus.vector_of(&corpus.sentences[i]);
            let ([to_centroid, to_titles], [to_titles_of_others, to_leads, to_sentences]) =
                if is_root {
                    dots(
                        v,
                        [centroid, titles],
                        [
                            &other_titles.values,
                            &other_leads.values,
                            &rest_sentences.values,
                        ],
                    )
                } else {
                    let empty = dense_cosine(v, &[]);
                    (
                        [sparse_dense_dot(v, centroid), sparse_dense_dot(v, titles)],
                        [empty; 3],
                    )
                };
            against[i] = [
                to_centroid,
                to_titles,
                to_titles_of_others,
                to_leads,
                to_sentences,
            ];
        }
        for d in (0..docs).filter(|&d| root(d) == r) {
            own.add(sentences_of(d));
            own.normalize();
            document_centrality[d] = own.dot(rest_sentences.row(is_root));
            own.clear();
            document_title[d] = dense_cosine(&corpus.doc_titles[d], other_titles.row(is_root));
        }
        if is_root {
            for sum in [&mut *rest_sentences, &mut *other_titles, &mut *other_leads] {
                sum.clear();
            }
        }
    }
    // Each sentence against its own article's title, an article at a time.
    own_title.clear();
    own_title.resize(n, 0.0);
    for (d, title) in corpus.doc_titles.iter().enumerate().take(docs) {
        for &(t, w) in title {
            title_row[t as usize] = w;
        }
        for &i in by_doc.group(d) {
            own_title[i] = sparse_dense_dot(corpus.vector_of(&corpus.sentences[i]), title_row);
        }
        for &(t, _) in title {
            title_row[t as usize] = 0.0;
        }
    }

    closest.clear();
    closest.resize(docs, 0.0);
    for (i, s) in corpus.sentences.iter().enumerate() {
        let text = corpus.text(s);
        let r = sentence_root[i];
        // The mean, over the other independent articles, of the closest sentence they print.
        closest.fill(0.0);
        for (j, &d) in sentence_root.iter().enumerate() {
            if d != r {
                closest[d] = closest[d].max(corpus.similarity(i, j));
            }
        }
        let agreement = roots
            .iter()
            .filter(|&&d| d != r)
            .map(|&d| closest[d])
            .sum::<f32>()
            / others;
        // The bigrams' shares added up, and those of a positive share counted, in one pass.
        let mut shared = 0usize;
        let bigram_mass: f32 = corpus
            .bigrams_of(s)
            .iter()
            .map(|&b| {
                let share = corpus.bigram_share(b);
                shared += usize::from(share > 0.0);
                share
            })
            .sum();
        let bigrams = corpus.bigrams_of(s).len().max(1) as f32;
        let term_share = corpus
            .terms_of(s)
            .iter()
            .map(|&t| term_docs[t as usize].saturating_sub(1) as f32 / others)
            .sum::<f32>()
            / corpus.terms_of(s).len().max(1) as f32;
        let (quote, digits) = quotation_mark_and_digit(text);
        let [
            to_centroid,
            to_titles,
            other_titles,
            other_leads,
            other_sentences,
        ] = against[i];
        emit(&[
            to_centroid,
            to_titles,
            own_title[i],
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
            other_titles,
            other_leads,
            closest.iter().copied().fold(0.0, f32::max),
            other_sentences,
            shared as f32 / bigrams,
            // The share of capitalized words: names, places and organisations, the who
            // and where of news.
            s.capitals,
            f32::from(u8::from(s.index == 2)),
        ]);
    }
    for (row, v) in [
        (&mut *centroid, &corpus.centroid),
        (&mut *titles, &corpus.titles),
    ] {
        for &(t, _) in v {
            row[t as usize] = 0.0;
        }
    }
    term_docs[..terms].fill(0);
    term_root[..terms].fill(usize::MAX);
    TERM_ROWS.with(|cell| cell.set(rows));
}

/// The rows over the term ids that [`for_each_feature_row`] needs, and its lists by sentence
/// and by article, kept by each thread from one event to the next so that an event neither
/// allocates nor zeroes them again. Between events every row over the term ids is all zeros
/// (`term_root` all `usize::MAX`): each use clears what it wrote. A panic in between drops
/// them, and the next event starts from empty rows.
#[derive(Default)]
struct TermRows {
    /// The sums of the other articles' sentences, titles and leads, and of an article's own
    /// sentences.
    sums: [DenseSum; 4],
    /// The event's centroid, its titles, and one article's title, spread over the term ids.
    dense: [Vec<f32>; 3],
    /// The number of independent articles that use each term.
    term_docs: Vec<u32>,
    /// The last independent article counted for each term.
    term_root: Vec<usize>,
    /// Each sentence's independent article (the rest are refilled for each event).
    sentence_root: Vec<usize>,
    /// The sentences of each article.
    by_doc: Groups,
    /// The sentences of each independent article.
    by_root: Groups,
    /// Each sentence against the centroid, the titles, and the other articles' titles, leads
    /// and sentences.
    against: Vec<[f32; 5]>,
    /// Each sentence against its own article's title.
    own_title: Vec<f32>,
    /// Each article's centrality (its sentences against the other articles').
    document_centrality: Vec<f32>,
    /// Each article's title against the other articles' titles.
    document_title: Vec<f32>,
    /// A sentence's closest sentence in each other article.
    closest: Vec<f32>,
}

impl TermRows {
    /// Makes every row at least `terms` long (with zeros, `term_root` with `usize::MAX`).
    fn reserve(&mut self, terms: usize) {
        for sum in &mut self.sums {
            if sum.values.len() < terms {
                sum.values.resize(terms, 0.0);
            }
        }
        for row in &mut self.dense {
            if row.len() < terms {
                row.resize(terms, 0.0);
            }
        }
        if self.term_docs.len() < terms {
            self.term_docs.resize(terms, 0);
            self.term_root.resize(terms, usize::MAX);
        }
    }
}

thread_local! {
    /// This thread's [`TermRows`], taken out while an event's features are computed.
    static TERM_ROWS: Cell<TermRows> = Cell::new(TermRows::default());
}

/// The indices `0..keys.len()` grouped by key (`0..groups`), each group in increasing order: a
/// counting sort, so that sentences are listed by article once rather than filtered for each
/// use.
#[derive(Default)]
struct Groups {
    /// Where each group starts in `members`, and (last) where the last one ends.
    start: Vec<usize>,
    /// The indices, group after group.
    members: Vec<usize>,
}

impl Groups {
    /// The indices of `keys` grouped by their key, which must be below `groups` (in place of
    /// the groups held).
    fn fill(&mut self, groups: usize, keys: impl Iterator<Item = usize> + Clone) {
        let Groups { start, members } = self;
        start.clear();
        start.resize(groups + 1, 0);
        for k in keys.clone() {
            start[k + 1] += 1;
        }
        for g in 0..groups {
            start[g + 1] += start[g];
        }
        members.clear();
        members.resize(start[groups], 0);
        // Each group's next free place: its start, moving on as it fills, so that afterwards
        // `start[g]` holds where group `g` ends and is shifted back by one group.
        for (i, k) in keys.enumerate() {
            members[start[k]] = i;
            start[k] += 1;
        }
        start.copy_within(0..groups, 1);
        start[0] = 0;
    }

    /// The indices of group `g`, in increasing order.
    fn group(&self, g: usize) -> &[usize] {
        &self.members[self.start[g]..self.start[g + 1]]
    }
}

/// The L2-normalized sum of some sparse vectors as a dense row over the event's term ids,
/// reused for the next sum once cleared. Term ids are given in order of first use, so the sum
/// of some of the articles often ends well before the last id: the passes over the row stop
/// after the highest id used, where the zeros that follow would change nothing.
#[derive(Default)]
struct DenseSum {
    /// The sum, one value per term id (0 for a term no vector uses).
    values: Vec<f32>,
    /// One past the highest term id used (0 when no vector had an entry).
    end: usize,
}

impl DenseSum {
    /// Adds `vectors`, in order, term by term.
    fn add<'v>(&mut self, vectors: impl Iterator<Item = &'v [(u32, f32)]>) {
        for v in vectors {
            self.add_vector(v);
        }
    }

    /// Adds `v`, term by term.
    fn add_vector(&mut self, v: &[(u32, f32)]) {
        // A vector's entries are sorted by term id.
        if let Some(&(last, _)) = v.last() {
            self.end = self.end.max(last as usize + 1);
        }
        for &(t, w) in v {
            self.values[t as usize] += w;
        }
    }

    /// Divides the sum by its norm: the squares of the values added in term order, zeros
    /// included, as the plain dense rows do; [`crate::corpus::normalized_sum`] adds those of
    /// the used terms alone, which is the same number (adding +0.0 to a sum of squares changes
    /// nothing but an empty one's sign, and an empty sum is left as it is).
    fn normalize(&mut self) {
        let used = &mut self.values[..self.end];
        let norm = sum_of_squares(used).sqrt();
        if norm > 0.0 {
            used.iter_mut().for_each(|w| *w /= norm);
        }
    }

    /// [`dense_cosine`] of the (normalized) sum as a sparse vector against `row` (`row` empty
    /// or at least as long as the terms the sum uses). That adds the products of the used terms in term order from
    /// -0.0 (as [`Iterator::sum`] does); here every term's product is added, and those of the
    /// unused terms are +0.0, which changes nothing but the sign of a zero sum: so the result
    /// differs only when no term is used, and that case is -0.0.
    fn dot(&self, row: &[f32]) -> f32 {
        if self.end == 0 {
            return -0.0;
        }
        if row.is_empty() {
            return 0.0;
        }
        self.values[..self.end]
            .iter()
            .zip(row)
            .fold(-0.0, |sum, (v, w)| sum + v * w)
    }

    /// The sum as a dense row when `present`, else an empty row (every term 0).
    fn row(&self, present: bool) -> &[f32] {
        if present { &self.values } else { &[] }
    }

    /// Back to the empty sum.
    fn clear(&mut self) {
        self.values[..self.end].fill(0.0);
        self.end = 0;
    }
}

/// The squares of `values` added up in order from -0.0, as `values.iter().map(|w| w * w).sum()`
/// adds them, but squared four at a time (on a vector of floats) before they are added one by one.
fn sum_of_squares(values: &[f32]) -> f32 {
    let mut sum = -0.0f32;
    let mut chunks = values.chunks_exact(4);
    for c in &mut chunks {
        let squares = [c[0] * c[0], c[1] * c[1], c[2] * c[2], c[3] * c[3]];
        for square in squares {
            sum += square;
        }
    }
    for w in chunks.remainder() {
        sum += w * w;
    }
    sum
}

/// The dot products of a sparse vector with several dense rows in one pass over its entries:
/// [`sparse_dense_dot`] with each of `from_zero`, [`dense_cosine`] with each of `as_sum` (rows
/// at least as long as the vector's highest term id). Each product is added to its own sum in
/// the order those functions add it, from the value they start from (`Iterator::sum` starts
/// from -0.0), so every result is theirs to the bit.
fn dots<const Z: usize, const S: usize>(
    v: &[(u32, f32)],
    from_zero: [&[f32]; Z],
    as_sum: [&[f32]; S],
) -> ([f32; Z], [f32; S]) {
    let mut zero_started = [0.0f32; Z];
    let mut sum_started = [-0.0f32; S];
    for &(t, w) in v {
        let t = t as usize;
        for (sum, row) in zero_started.iter_mut().zip(&from_zero) {
            *sum += w * row[t];
        }
        for (sum, row) in sum_started.iter_mut().zip(&as_sum) {
            *sum += w * row[t];
        }
    }
    (zero_started, sum_started)
}

/// The dot product of a sparse vector and a dense row (0 where the row is too short, e.g.
/// empty), added as [`Iterator::sum`] adds.
fn dense_cosine(a: &[(u32, f32)], b: &[f32]) -> f32 {
    a.iter()
        .map(|&(t, w)| w * b.get(t as usize).copied().unwrap_or(0.0))
        .sum()
}

/// Whether `text` holds a straight or curly double quotation mark (`"`, `“`, `”`), and whether
/// it holds an ASCII digit: one pass over the bytes that notes the bytes of interest without
/// branching, then a look for the three-byte curly quotes only when both a byte that opens one
/// and a byte that ends one were seen (the curly apostrophes and dashes of news text open with
/// the same byte, but end otherwise).
fn quotation_mark_and_digit(text: &str) -> (bool, bool) {
    let bytes = text.as_bytes();
    // Which bytes of interest were seen: `"`, E2, 9C or 9D, a digit (one bit each).
    const STRAIGHT: u8 = 1;
    const CURLY_START: u8 = 2;
    const CURLY_END: u8 = 4;
    const DIGIT: u8 = 8;
    let classes = |b: u8| {
        (u8::from(b == b'"') * STRAIGHT)
            | (u8::from(b == 0xE2) * CURLY_START)
            | (u8::from(b & 0xFE == 0x9C) * CURLY_END)
            | (u8::from(b.wrapping_sub(b'0') < 10) * DIGIT)
    };
    // Thirty-two bytes at a time, into a byte of their own and without an early exit, so that
    // the compiler runs the comparisons on vectors of bytes.
    let mut seen = 0u8;
    let mut chunks = bytes.chunks_exact(32);
    for chunk in &mut chunks {
        seen |= chunk.iter().fold(0u8, |acc, &b| acc | classes(b));
    }
    // The last bytes too, as one more chunk padded with zeros (a zero byte is of no class), so
    // that they are not taken one at a time.
    let mut last = [0u8; 32];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    seen |= last.iter().fold(0u8, |acc, &b| acc | classes(b));
    let (straight, curly_start, curly_end, digit) = (
        seen & STRAIGHT != 0,
        seen & CURLY_START != 0,
        seen & CURLY_END != 0,
        seen & DIGIT != 0,
    );
    // `“` and `”` are E2 80 9C and E2 80 9D in UTF-8.
    let quote = straight
        || (curly_start
            && curly_end
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
    /// Leave out sentences that open with a quotation mark, unless the outlets attribute the
    /// quotation and several carry it (see `quotation_left_out`): the speaker's voice rather
    /// than the outlets', and quotes have their own section of the report. On in the shipped
    /// weights.
    #[serde(default)]
    pub skip_quoted_openings: bool,
    /// Bonus per unit of the new shared-bigram density a sentence would add: the mean
    /// [`Corpus::bigram_share`] of its bigrams that no chosen sentence has yet (coverage, as
    /// in the `concept` method, on top of the learned score). Cross-validated on the NeuS and
    /// AllSides dev sets (`chorus train --coverage`).
    #[serde(default)]
    pub coverage: f32,
    /// Bonus for each chosen sentence that comes earlier in the same article: a summary that
    /// has taken an article's sentence tends to go on with what that article says next (the
    /// editors' summaries often retell one article). Measured with `chorus train
    /// --article-bonus`; see `docs/BEST_EXPERIMENTS.md`.
    #[serde(default)]
    pub article_bonus: f32,
    /// Bonus per word of a sentence for the content stems it adds that no chosen sentence has
    /// yet, each counted by the share of the other articles that use it (a unigram coverage
    /// term beside the bigram one of [`Weights::coverage`]). Measured with `chorus train
    /// --term-coverage`; see `docs/BEST_EXPERIMENTS.md`.
    #[serde(default)]
    pub term_coverage: f32,
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
        let mut scores = Vec::with_capacity(corpus.sentences.len());
        for_each_feature_row(corpus, |row| {
            scores.push(
                self.weights.bias
                    + row
                        .iter()
                        .zip(&self.weights.weights)
                        .map(|(x, w)| x * w)
                        .sum::<f32>(),
            );
        });
        scores
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
        self.select_scored(corpus, budget, &self.scores(corpus))
    }
}

impl Learned {
    /// The selection of [`Method::select`] with the given sentence scores in place of the
    /// model's (one per sentence of the corpus): for studying the selection apart from the
    /// scorer, e.g. with ideal scores.
    pub fn select_scored(&self, corpus: &Corpus<'_>, budget: Budget, scores: &[f32]) -> Vec<usize> {
        let all = candidates(corpus);
        let mut pool = all.clone();
        pool.retain(|&i| {
            let s = &corpus.sentences[i];
            s.words >= self.weights.min_words
                && !(self.weights.skip_quoted_openings && quotation_left_out(corpus, s))
        });
        // An event of short sentences or quotes alone is summarized from them rather than not
        // at all, and one whose long sentences fill less than a quarter of the budget from all
        // of its sentences (a quarter leaves every summary of the dev sets as it was; a half
        // cost NeuS 0.16 ROUGE-1, where short sentences are the vaguer ones).
        if pool.len() == all.len() {
            return self.greedy(corpus, budget, scores, pool);
        }
        let chosen = self.greedy(corpus, budget, scores, pool);
        if 4 * words_of(corpus, &chosen) >= budget.words {
            return chosen;
        }
        self.greedy(corpus, budget, scores, all)
    }

    /// Greedy selection from `pool` by score less the redundancy penalty, plus the coverage
    /// bonuses.
    ///
    /// What a candidate's score depends on besides its own score changes only with the chosen
    /// sentences, so each candidate keeps it up to date as sentences are chosen rather than
    /// going over all chosen sentences at every step: its closest similarity to a chosen
    /// sentence (a running maximum), its count of chosen sentences earlier in its article, and
    /// the lists of its bigrams and content stems that no chosen sentence covers yet (those
    /// that count, shrunk as they get covered). Each bonus is still added up in the order of
    /// the plain definition, so every score is the same to the bit (`plain::select_scored` in
    /// the tests is that definition).
    fn greedy(
        &self,
        corpus: &Corpus<'_>,
        budget: Budget,
        scores: &[f32],
        pool: Vec<usize>,
    ) -> Vec<usize> {
        let w = &self.weights;
        let mut state = Selection::new(corpus, w, pool, SELECTION_BUFFERS.with(Cell::take));
        let mut chosen: Vec<usize> = Vec::new();
        let mut used = 0;
        loop {
            let newest = chosen.last().copied();
            let mut best: Option<(usize, f32)> = None;
            for k in 0..state.candidates.len() {
                let candidate = &mut state.candidates[k];
                let i = candidate.sentence;
                if !candidate.alive {
                    continue;
                }
                // Out of the running for good, as in the plain loop's filter of the pool.
                if !(budget.admits(used, corpus.sentences[i].words)
                    && newest.is_none_or(|c| corpus.similarity(c, i) < w.redundancy))
                {
                    candidate.alive = false;
                    continue;
                }
                let score = state.score(k, corpus, w, scores);
                // The highest score, the earliest sentence among equals.
                if best.is_none_or(|(b, top)| score.total_cmp(&top).then(b.cmp(&i)).is_gt()) {
                    best = Some((i, score));
                }
            }
            let Some((i, _)) = best else { break };
            state.choose(i, corpus, w);
            used += corpus.sentences[i].words;
            chosen.push(i);
        }
        let buffers = state.into_buffers(corpus, &chosen);
        SELECTION_BUFFERS.with(|cell| cell.set(buffers));
        chosen
    }
}

/// Whether [`Weights::skip_quoted_openings`] leaves a sentence out: it opens with a quotation
/// mark, and either names no source after the quotation closes (`"We will rebuild."`: the
/// speaker's voice, not the outlet's) or is carried by one independent outlet only (a colour
/// quote rather than part of the shared story). `"We will rebuild," the mayor said.`, carried
/// by two outlets, stays in. Leaving out every quoted opening cost about 0.2 ROUGE-1 and ROUGE-2
/// in cross-validation; keeping these gains allsides about 0.15 ROUGE-1 and 0.2 ROUGE-2 over
/// that (docs/BEST_EXPERIMENTS.md, twelfth pass).
pub(crate) fn quotation_left_out(corpus: &Corpus<'_>, s: &CorpusSentence) -> bool {
    let text = corpus.text(s);
    segment::opens_with_quotation(text)
        && (!segment::quotation_is_attributed(text) || s.independent_support < 2)
}

/// The words of the chosen sentences.
fn words_of(corpus: &Corpus<'_>, chosen: &[usize]) -> usize {
    chosen.iter().map(|&i| corpus.sentences[i].words).sum()
}

/// The state of a greedy selection: the candidates, and the bigrams and stems chosen sentences
/// cover.
struct Selection {
    /// The candidates, in pool order.
    candidates: Vec<Candidate>,
    /// The lists of the candidates' uncovered bigrams and stems, one after another.
    items: Vec<(u32, f32)>,
    /// Which bigram ids a chosen sentence has (empty when the coverage bonus is off).
    covered_bigrams: Vec<bool>,
    /// Which term ids a chosen sentence has (empty when the term-coverage bonus is off).
    covered_terms: Vec<bool>,
    /// The weights of the stems (none when the term-coverage bonus is off).
    term_shares: Option<TermCoverage>,
    /// A buffer of `TermCoverage::counted_in`.
    last_doc: Vec<usize>,
}

/// The buffers of a [`Selection`], kept by each thread from one event to the next so that an
/// event neither allocates nor zeroes them again: between events the lists are empty, the
/// marks all false, the counts all 0 and `last_doc` all `usize::MAX` (each selection clears
/// what it wrote; a panic drops them, and the next event starts from empty buffers).
#[derive(Default)]
struct SelectionBuffers {
    /// See [`Selection::candidates`].
    candidates: Vec<Candidate>,
    /// See [`Selection::items`].
    items: Vec<(u32, f32)>,
    /// See [`Selection::covered_bigrams`].
    covered_bigrams: Vec<bool>,
    /// See [`Selection::covered_terms`].
    covered_terms: Vec<bool>,
    /// The counts of [`TermCoverage`].
    term_docs: Vec<u32>,
    /// A buffer of `TermCoverage::counted_in`.
    last_doc: Vec<usize>,
}

thread_local! {
    /// This thread's [`SelectionBuffers`], taken out while a selection runs.
    static SELECTION_BUFFERS: Cell<SelectionBuffers> = Cell::new(SelectionBuffers::default());
}

/// A sentence that may still be chosen, and what its score depends on besides its own score.
struct Candidate {
    /// The sentence.
    sentence: usize,
    /// Whether it is still in the running (it fits the budget and repeats no chosen sentence).
    alive: bool,
    /// Its highest similarity to a chosen sentence (0 before any is chosen).
    repeat: f32,
    /// Its number of chosen sentences that come earlier in its article.
    earlier: usize,
    /// Its bigrams of a positive share that no chosen sentence has, with their shares, in the
    /// sentence's order: a list of `Selection::items` (empty when the coverage bonus is off).
    bigrams: List,
    /// Its distinct content stems of a positive share that no chosen sentence has, with their
    /// shares, in order of first use in the sentence (empty when the term-coverage bonus is
    /// off).
    terms: List,
}

/// A list of (id, share) in `Selection::items`: where it starts and how long it is now.
#[derive(Clone, Copy, Default)]
struct List {
    /// The first entry.
    start: usize,
    /// The number of entries.
    len: usize,
}

impl Selection {
    /// The candidates of `pool`, none chosen yet, in `buffers` (as they are between events).
    fn new(corpus: &Corpus<'_>, w: &Weights, pool: Vec<usize>, buffers: SelectionBuffers) -> Self {
        let SelectionBuffers {
            mut candidates,
            mut items,
            mut covered_bigrams,
            mut covered_terms,
            term_docs,
            mut last_doc,
        } = buffers;
        let coverage = w.coverage != 0.0;
        let term_coverage = w.term_coverage != 0.0;
        if coverage && covered_bigrams.len() < corpus.bigram_docs.len() {
            covered_bigrams.resize(corpus.bigram_docs.len(), false);
        }
        let mut term_shares = None;
        if term_coverage {
            term_shares = Some(TermCoverage::counted_in(corpus, term_docs, &mut last_doc));
            if covered_terms.len() < corpus.terms {
                covered_terms.resize(corpus.terms, false);
            }
        }
        for i in pool {
            let s = &corpus.sentences[i];
            let (mut bigrams, mut terms) = Default::default();
            if coverage {
                bigrams = List::push(&mut items, corpus.bigrams_of(s).iter().copied(), |b| {
                    let share = corpus.bigram_share(b);
                    (share > 0.0).then_some(share)
                });
            }
            if let Some(term_shares) = &term_shares {
                // A stem counts once however often the sentence uses it: `covered_terms` marks
                // the stems listed for this sentence meanwhile, and is cleared after.
                terms = List::push(&mut items, corpus.terms_of(s).iter().copied(), |t| {
                    let share = term_shares.share(t);
                    let first = !std::mem::replace(&mut covered_terms[t as usize], true);
                    (first && share > 0.0).then_some(share)
                });
                for &t in corpus.terms_of(s) {
                    covered_terms[t as usize] = false;
                }
            }
            candidates.push(Candidate {
                sentence: i,
                alive: true,
                repeat: 0.0,
                earlier: 0,
                bigrams,
                terms,
            });
        }
        Selection {
            candidates,
            items,
            covered_bigrams,
            covered_terms,
            term_shares,
            last_doc,
        }
    }

    /// The buffers back, as they are between events, once `chosen` were chosen.
    fn into_buffers(self, corpus: &Corpus<'_>, chosen: &[usize]) -> SelectionBuffers {
        let Selection {
            mut candidates,
            mut items,
            mut covered_bigrams,
            mut covered_terms,
            term_shares,
            last_doc,
        } = self;
        candidates.clear();
        items.clear();
        for &c in chosen {
            let s = &corpus.sentences[c];
            for &b in corpus.bigrams_of(s) {
                if let Some(mark) = covered_bigrams.get_mut(b as usize) {
                    *mark = false;
                }
            }
            for &t in corpus.terms_of(s) {
                if let Some(mark) = covered_terms.get_mut(t as usize) {
                    *mark = false;
                }
            }
        }
        SelectionBuffers {
            candidates,
            items,
            covered_bigrams,
            covered_terms,
            term_docs: term_shares.map_or_else(Vec::new, |t| t.into_counts(corpus.terms)),
            last_doc,
        }
    }

    /// The score of candidate `k` given the sentences chosen so far: its own, less the
    /// redundancy penalty, plus the bonuses (the same operations, in the same order, as the
    /// plain definition).
    fn score(&mut self, k: usize, corpus: &Corpus<'_>, w: &Weights, scores: &[f32]) -> f32 {
        let candidate = &mut self.candidates[k];
        let s = &corpus.sentences[candidate.sentence];
        let mut score = scores[candidate.sentence] - w.penalty * candidate.repeat;
        if w.coverage != 0.0 && !corpus.bigrams_of(s).is_empty() {
            // The plain sum runs over every uncovered bigram from -0.0 (as `Sum` does); the
            // bigrams of share 0 add nothing but turn a sum of none into +0.0.
            let mut new =
                candidate
                    .bigrams
                    .uncovered_sum(&mut self.items, &self.covered_bigrams, -0.0);
            if new == 0.0
                && corpus
                    .bigrams_of(s)
                    .iter()
                    .any(|&b| !self.covered_bigrams[b as usize])
            {
                new += 0.0;
            }
            score += w.coverage * new / corpus.bigrams_of(s).len() as f32;
        }
        if w.article_bonus != 0.0 {
            score += w.article_bonus * candidate.earlier as f32;
        }
        if w.term_coverage != 0.0 && !corpus.terms_of(s).is_empty() {
            let new = candidate
                .terms
                .uncovered_sum(&mut self.items, &self.covered_terms, 0.0);
            score += w.term_coverage * new / s.words.max(1) as f32;
        }
        score
    }

    /// Takes sentence `c`: it covers its bigrams and stems, and each remaining candidate's
    /// closest chosen sentence and count of earlier chosen sentences take it into account.
    fn choose(&mut self, c: usize, corpus: &Corpus<'_>, w: &Weights) {
        let chosen = &corpus.sentences[c];
        if w.coverage != 0.0 {
            for &b in corpus.bigrams_of(chosen) {
                self.covered_bigrams[b as usize] = true;
            }
        }
        if w.term_coverage != 0.0 {
            for &t in corpus.terms_of(chosen) {
                self.covered_terms[t as usize] = true;
            }
        }
        for candidate in self.candidates.iter_mut().filter(|k| k.alive) {
            let i = candidate.sentence;
            candidate.repeat = candidate.repeat.max(corpus.similarity(c, i));
            let s = &corpus.sentences[i];
            candidate.earlier += usize::from(chosen.doc == s.doc && chosen.index < s.index);
        }
    }
}

impl List {
    /// Appends to `items` the ids of `ids` that `share` gives a share, with it, and returns
    /// them as a list.
    fn push(
        items: &mut Vec<(u32, f32)>,
        ids: impl Iterator<Item = u32>,
        mut share: impl FnMut(u32) -> Option<f32>,
    ) -> List {
        let start = items.len();
        items.extend(ids.filter_map(|id| share(id).map(|x| (id, x))));
        List {
            start,
            len: items.len() - start,
        }
    }

    /// The shares of the list's ids that `covered` does not mark, added in order to `start`,
    /// after dropping the covered ones from the list.
    fn uncovered_sum(&mut self, items: &mut [(u32, f32)], covered: &[bool], start: f32) -> f32 {
        let mut sum = start;
        let mut kept = self.start;
        for j in self.start..self.start + self.len {
            let (id, share) = items[j];
            if !covered[id as usize] {
                items[kept] = (id, share);
                kept += 1;
                sum += share;
            }
        }
        self.len = kept - self.start;
        sum
    }
}

/// The weight of each content stem in the term-coverage bonus of the selection: the share of
/// the event's other articles that use it (0 for a stem of one article only).
struct TermCoverage {
    /// The number of articles that use each term id.
    docs: Vec<u32>,
    /// The number of other articles (at least 1).
    others: f32,
}

impl TermCoverage {
    /// The articles that use each of the corpus's terms.
    #[cfg(test)]
    fn new(corpus: &Corpus<'_>) -> Self {
        Self::counted_in(corpus, Vec::new(), &mut Vec::new())
    }

    /// [`TermCoverage::new`], counting into `docs` (all zeros) with `last_doc` (all
    /// `usize::MAX`, and left so); either may be too short, and is then lengthened.
    fn counted_in(corpus: &Corpus<'_>, mut docs: Vec<u32>, last_doc: &mut Vec<usize>) -> Self {
        let terms = corpus.terms;
        if docs.len() < terms {
            docs.resize(terms, 0);
        }
        if last_doc.len() < terms {
            last_doc.resize(terms, usize::MAX);
        }
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
        last_doc[..terms].fill(usize::MAX);
        TermCoverage {
            docs,
            others: (corpus.docs.len().max(2) - 1) as f32,
        }
    }

    /// The counts' buffer, all zeros again (the corpus has `terms` terms).
    fn into_counts(mut self, terms: usize) -> Vec<u32> {
        self.docs[..terms].fill(0);
        self.docs
    }

    /// The weight of term `t`, computed when asked: the selection asks for the terms of its
    /// candidates only.
    fn share(&self, t: u32) -> f32 {
        self.docs[t as usize].saturating_sub(1) as f32 / self.others
    }
}

#[cfg(test)]
mod plain;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::methods::tests::document;
    use model::Document;
    use proptest::prelude::*;

    /// Two articles of two sentences each, on unrelated matters so that no sentence repeats
    /// another, and the sentence indices of each in corpus order.
    fn two_articles() -> Vec<Document> {
        vec![
            document(
                "a",
                "Bridge closes",
                "The old river bridge closed on Monday for urgent repairs to its deck. \
                 Engineers found deep cracks in two steel beams during a routine inspection.",
            ),
            document(
                "b",
                "Council votes",
                "The city council voted on Tuesday to raise parking fees in the centre. \
                 Shop owners warned that fewer customers would come to the old market.",
            ),
        ]
    }

    /// Weights that leave the selection to the given scores and the term under test.
    fn plain_weights() -> Weights {
        let mut weights = Learned::default().weights;
        weights.redundancy = 1.0;
        weights.penalty = 0.0;
        weights.min_words = 0;
        weights.coverage = 0.0;
        weights.article_bonus = 0.0;
        weights.term_coverage = 0.0;
        weights
    }

    /// Room for exactly two of the sentences.
    fn two_sentences(corpus: &Corpus<'_>) -> Budget {
        let words: Vec<usize> = corpus.sentences.iter().map(|s| s.words).collect();
        Budget::within(words[0] + words.iter().skip(1).max().copied().unwrap_or(0))
    }

    #[test]
    fn the_article_bonus_goes_on_with_a_chosen_article() {
        let docs = two_articles();
        let copy_of = vec![None; docs.len()];
        let corpus = Corpus::new(&docs, &copy_of);
        assert_eq!(corpus.sentences.len(), 4);
        assert!(corpus.sentences.iter().all(|s| s.is_candidate()));
        // The first article's opening, then the second article's by a small margin over the
        // first article's second sentence.
        let scores = [1.0, 0.48, 0.5, 0.3];
        let budget = two_sentences(&corpus);
        let plain = Learned::new(plain_weights());
        assert_eq!(plain.select_scored(&corpus, budget, &scores), vec![0, 2]);
        let mut weights = plain_weights();
        weights.article_bonus = 0.05;
        let continuing = Learned::new(weights);
        assert_eq!(
            continuing.select_scored(&corpus, budget, &scores),
            vec![0, 1]
        );
    }

    #[test]
    fn term_coverage_weighs_a_stem_by_the_other_articles_that_use_it() {
        let docs = vec![
            document(
                "a",
                "Storm",
                "The storm flooded the harbour town overnight.",
            ),
            document("b", "Storm", "Fishermen said the storm sank two boats."),
            document("c", "Storm", "The storm also closed the coastal road."),
        ];
        let copy_of = vec![None; docs.len()];
        let corpus = Corpus::new(&docs, &copy_of);
        let coverage = TermCoverage::new(&corpus);
        let [a, b, c] = [0, 1, 2].map(|i| corpus.terms_of(&corpus.sentences[i]));
        // "storm" is in every article, so both others use it; "harbour", "town" and the rest
        // of the first sentence are in the first article alone.
        let (everywhere, first_only): (Vec<u32>, Vec<u32>) = a
            .iter()
            .copied()
            .filter(|t| !(b.contains(t) ^ c.contains(t)))
            .partition(|t| b.contains(t));
        assert_eq!(everywhere.len(), 1);
        assert_eq!(coverage.share(everywhere[0]), 1.0);
        assert_eq!(first_only.len(), a.len() - 1);
        assert!(first_only.iter().all(|&t| coverage.share(t) == 0.0));
    }

    proptest::proptest! {
        /// The one-pass quotation mark and digit test agrees with the two plain definitions.
        #[test]
        fn quotation_marks_and_digits_are_found_in_one_pass(
            text in "[aZÉé1 .\"“”‘’\\u{a0}\\u{b}\\t—(0-9]{0,30}"
        ) {
            proptest::prop_assert_eq!(
                quotation_mark_and_digit(&text),
                (
                    text.contains(['"', '\u{201c}', '\u{201d}']),
                    text.bytes().any(|b| b.is_ascii_digit())
                )
            );
        }
    }

    /// Words of a small event, shared between the random articles so that their sentences
    /// share stems and bigrams, with quotation marks and figures.
    const WORDS: &[&str] = &[
        "the",
        "dam",
        "collapsed",
        "on",
        "Tuesday",
        "after",
        "heavy",
        "rain",
        "and",
        "thousands",
        "were",
        "evacuated",
        "from",
        "valley",
        "officials",
        "said",
        "twelve",
        "people",
        "missing",
        "mayor",
        "opened",
        "shelters",
        "\"",
        "\u{201c}",
        "\u{201d}",
        "3.5",
        "1,200",
        "Port",
        "Aurel",
        "of",
        "it",
        "\u{2014}",
        "engineers",
        "warned",
    ];

    /// An article of one to six sentences of those words, each ending in a full stop.
    fn text_strategy() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::collection::vec(prop::sample::select(WORDS), 4..22),
            1..7,
        )
        .prop_map(|sentences| {
            sentences
                .into_iter()
                .map(|words| format!("{}.", words.join(" ")))
                .collect::<Vec<_>>()
                .join(" ")
        })
    }

    /// Random articles (with titles of those words) and which of them copy an earlier one.
    fn event_strategy() -> impl Strategy<Value = (Vec<Document>, Vec<Option<usize>>)> {
        prop::collection::vec(
            (
                text_strategy(),
                prop::collection::vec(prop::sample::select(WORDS), 0..6),
                any::<prop::sample::Index>(),
                any::<bool>(),
            ),
            1..6,
        )
        .prop_map(|articles| {
            let mut docs = Vec::new();
            let mut copy_of = Vec::new();
            for (d, (text, title, original, copy)) in articles.into_iter().enumerate() {
                docs.push(document(&d.to_string(), &title.join(" "), &text));
                copy_of.push((copy && d > 0).then(|| original.index(d)));
            }
            (docs, copy_of)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        /// Every feature of every sentence is, bit for bit, that of the plain definition.
        #[test]
        fn features_are_those_of_the_plain_definition((docs, copy_of) in event_strategy()) {
            let corpus = Corpus::new(&docs, &copy_of);
            let bits = |rows: Vec<Vec<f32>>| -> Vec<Vec<u32>> {
                rows.iter().map(|r| r.iter().map(|x| x.to_bits()).collect()).collect()
            };
            prop_assert_eq!(
                bits(sentence_features(&corpus)),
                bits(plain::sentence_features(&corpus))
            );
        }

        /// The greedy selection with its state kept up to date chooses what the plain greedy
        /// loop chooses, whatever the scores, the weights of its terms and the budget.
        #[test]
        fn selections_are_those_of_the_plain_greedy_loop(
            (docs, copy_of) in event_strategy(),
            scores in prop::collection::vec(-1.0f32..1.0, 40),
            redundancy in 0.0f32..1.2,
            penalty in prop::sample::select(&[0.0f32, 0.5, 2.0][..]),
            coverage in prop::sample::select(&[0.0f32, 2.0, 10.0][..]),
            article_bonus in prop::sample::select(&[0.0f32, 0.05, 0.5][..]),
            term_coverage in prop::sample::select(&[0.0f32, 0.3, 3.0][..]),
            min_words in 0usize..12,
            words in 0usize..90,
            overrun in any::<bool>(),
            skip_quoted_openings in any::<bool>(),
            model_scores in any::<bool>(),
        ) {
            let corpus = Corpus::new(&docs, &copy_of);
            let mut weights = Learned::default().weights;
            weights.redundancy = redundancy;
            weights.penalty = penalty;
            weights.coverage = coverage;
            weights.article_bonus = article_bonus;
            weights.term_coverage = term_coverage;
            weights.min_words = min_words;
            weights.skip_quoted_openings = skip_quoted_openings;
            let learned = Learned::new(weights.clone());
            let scores = if model_scores {
                learned.scores(&corpus)
            } else {
                scores[..corpus.sentences.len().min(40)].to_vec()
            };
            prop_assume!(scores.len() == corpus.sentences.len());
            let budget = if overrun { Budget::filled(words) } else { Budget::within(words) };
            prop_assert_eq!(
                learned.select_scored(&corpus, budget, &scores),
                plain::select_scored(&weights, &corpus, budget, &scores)
            );
        }
    }

    /// On the built-in kind of event, with the shipped weights, the features and the
    /// selection are those of the plain definitions.
    #[test]
    fn the_shipped_scorer_agrees_with_the_plain_definitions() {
        let mut docs = two_articles();
        docs.push(document(
            "c",
            "Bridge closes, council votes",
            "The old river bridge will stay closed for repairs, engineers said on Monday. \
             The council voted to raise parking fees after the bridge closed to traffic.",
        ));
        for copy_of in [vec![None, None, None], vec![None, None, Some(0)]] {
            let corpus = Corpus::new(&docs, &copy_of);
            let bits = |rows: Vec<Vec<f32>>| -> Vec<Vec<u32>> {
                rows.iter()
                    .map(|r| r.iter().map(|x| x.to_bits()).collect())
                    .collect()
            };
            assert_eq!(
                bits(sentence_features(&corpus)),
                bits(plain::sentence_features(&corpus))
            );
            let learned = Learned::default();
            let scores = learned.scores(&corpus);
            for words in [10, 25, 40, 67, 110] {
                let budget = Budget::within(words);
                let mut weights = learned.weights.clone();
                weights.min_words = 0;
                let lenient = Learned::new(weights.clone());
                assert_eq!(
                    lenient.select_scored(&corpus, budget, &scores),
                    plain::select_scored(&weights, &corpus, budget, &scores)
                );
            }
        }
    }
}
