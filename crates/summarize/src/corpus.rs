//! The prepared form of one event's documents that every method reads: sentences with their
//! content stems, word bigrams and TF-IDF vectors, the event centroid, the sentence similarity
//! matrix and cross-article support.

use model::Document;

use crate::words::{Memo, Scratch, scratch_stamp, with_memo};

/// A sparse vector: (term id, weight) sorted by term id.
pub type SparseVec = Vec<(u32, f32)>;

/// Cosine similarity of two L2-normalized sparse vectors (their dot product).
pub fn cosine(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// Where one sentence's entries lie in one of [`Corpus`]'s flat buffers: `start..end`.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    /// First entry.
    start: u32,
    /// End entry (exclusive).
    end: u32,
}

impl Span {
    /// The span from `start` to the end of `buffer`, which the sentence has just filled.
    fn to_end<T>(start: usize, buffer: &[T]) -> Span {
        Span {
            start: start as u32,
            end: buffer.len() as u32,
        }
    }

    /// The entries of `buffer` in the span.
    #[inline]
    fn of<T>(self, buffer: &[T]) -> &[T] {
        &buffer[self.start as usize..self.end as usize]
    }
}

/// One sentence of the event, with everything methods score it by. Its lists (content stems,
/// TF-IDF vector, support, bigrams) lie in flat buffers of the [`Corpus`], which hands them out
/// by [`Corpus::terms_of`], [`Corpus::vector_of`], [`Corpus::support_of`] and
/// [`Corpus::bigrams_of`].
#[derive(Debug, Clone)]
pub struct CorpusSentence {
    /// Index of its document in the event.
    pub doc: usize,
    /// Index of the sentence in its document.
    pub index: usize,
    /// Byte range in the document's text.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
    /// Words (the unit of the budget).
    pub words: usize,
    /// Its content stems in [`Corpus::terms_of`]'s buffer.
    terms: Span,
    /// Its TF-IDF vector in [`Corpus::vector_of`]'s buffer.
    vector: Span,
    /// Relative position in its document: 0 for the first sentence, approaching 1 for the last.
    pub position: f32,
    /// Its support in [`Corpus::support_of`]'s buffer.
    support: Span,
    /// Number of independent documents in its support (a copy and its original count once).
    pub independent_support: usize,
    /// Its bigrams in [`Corpus::bigrams_of`]'s buffer.
    bigrams: Span,
    /// Whether the printed sentence is a statement of 6 to 60 words (see `is_candidate`).
    pub candidate: bool,
    /// The share of its words after the first that are capitalized
    /// ([`segment::capitalized_share`]), counted in the same pass as `words`.
    pub capitals: f32,
    /// Whether it holds a grammatical negation ("not", "never", "didn't", ...; see
    /// [`segment::NEGATIONS`]): a sentence and its negation share their words, so they are
    /// similar without stating the same thing, and neither supports the other.
    pub negated: bool,
}

/// Whether a printed sentence of `words` words is a sensible summary candidate: a statement of 6
/// to 60 words that
/// ends like a sentence (a full stop or exclamation mark, possibly inside closing quotes or
/// brackets), which leaves out questions, crossheads and other unpunctuated lines.
fn is_statement(text: &str, words: usize) -> bool {
    let body = text.trim_end().trim_end_matches([
        '"', '\'', '\u{201d}', '\u{2019}', ')', ']', '」', '』', '）',
    ]);
    (6..=60).contains(&words) && body.ends_with(['.', '!', '\u{2026}', '。', '！'])
}

impl CorpusSentence {
    /// Whether the sentence is a sensible summary candidate (see `is_statement`), judged on the
    /// sentence as printed, before trimming. When no sentence of the event is one, every
    /// sentence with a word is.
    pub fn is_candidate(&self) -> bool {
        self.candidate
    }
}

/// One event's documents, prepared for the methods.
#[derive(Debug)]
pub struct Corpus<'a> {
    /// The documents.
    pub docs: &'a [Document],
    /// For each document, the index of the document it copies, if any.
    pub copy_of: &'a [Option<usize>],
    /// All sentences of all documents, document by document.
    pub sentences: Vec<CorpusSentence>,
    /// The content stems of every sentence, sentence after sentence (see
    /// [`Corpus::terms_of`]).
    sentence_terms: Vec<u32>,
    /// The TF-IDF vectors of every sentence, sentence after sentence (see
    /// [`Corpus::vector_of`]).
    vectors: Vec<(u32, f32)>,
    /// The supporting documents of every sentence, sentence after sentence (see
    /// [`Corpus::support_of`]).
    supports: Vec<usize>,
    /// The bigram ids of every sentence, sentence after sentence (see [`Corpus::bigrams_of`]).
    sentence_bigrams: Vec<u32>,
    /// Inverse document frequency by term id (documents = articles).
    pub idf: Vec<f32>,
    /// Normalized sum of all sentence vectors: what the event is about.
    pub centroid: SparseVec,
    /// Normalized vector of the article titles.
    pub titles: SparseVec,
    /// Normalized vector of each document's own title.
    pub doc_titles: Vec<SparseVec>,
    /// Number of distinct terms (term ids are `0..terms`).
    pub terms: usize,
    /// For each bigram id, the number of independent documents whose sentences contain it.
    pub bigram_docs: Vec<u32>,
    /// Cosine similarity of every pair of sentences, row by row (`sentences.len()` squared).
    similarity: Vec<f32>,
    /// [`Corpus::bigram_share`] of each bigram id, computed once: the learned scorer asks for
    /// it many times per bigram.
    bigram_shares: Vec<f32>,
    /// [`Corpus::independent_docs`], counted once.
    independent: usize,
}

/// Cosine similarity at or above which two sentences state the same thing, for support.
/// Checked by hand on the seeds and the built-in example: 0.3 links reworded statements of one
/// fact ("Russia vetoed the resolution" / "the resolution, which Russia vetoed") and keeps
/// different facts about the same actors apart.
pub const SUPPORT_SIMILARITY: f32 = 0.3;

impl<'a> Corpus<'a> {
    /// Prepares the documents. `copy_of[i]` names the document that document `i` copies.
    pub fn new(docs: &'a [Document], copy_of: &'a [Option<usize>]) -> Self {
        with_memo(|memo| Self::prepare(docs, copy_of, memo))
    }

    fn prepare(docs: &'a [Document], copy_of: &'a [Option<usize>], memo: &mut Memo) -> Self {
        // Term ids are local to the event, given in order of first use; the memo maps its stem
        // ids to them.
        memo.start_event();
        // The scratch space is the memo's, so that its buffers keep their size between events.
        let mut scratch = std::mem::take(&mut memo.scratch);
        let Scratch {
            words,
            local,
            stem_of,
            bigram_seen,
            new_bigrams,
            ..
        } = &mut scratch;
        stem_of.clear();
        let sentence_count = docs.iter().map(|d| d.sentences.len()).sum();
        let mut sentences = Vec::with_capacity(sentence_count);
        // A word takes two bytes at least (a letter and a separator), so room for half the
        // bytes of the sentences holds every term and bigram without growing.
        let room = docs
            .iter()
            .flat_map(|d| &d.sentences)
            .map(|s| (s.end - s.start).div_ceil(2))
            .sum();
        let mut sentence_terms = Vec::with_capacity(room);
        let mut sentence_bigrams = Vec::with_capacity(room);
        // The first term id each sentence could give (see `TermCounter::tfidf_into`).
        let mut first_new_terms = Vec::with_capacity(sentence_count);
        // The content stems of all titles, document after document, and where each one's lie
        // with the first term id it could give.
        let mut title_terms = Vec::new();
        let mut doc_title_spans = Vec::with_capacity(docs.len());
        for (d, doc) in docs.iter().enumerate() {
            memo.words(&doc.article.title, words);
            let first = title_terms.len();
            let first_new = stem_of.len() as u32;
            for w in words.iter().filter(|w| !w.stop) {
                title_terms.push(memo.local_id(w.stem, stem_of));
            }
            doc_title_spans.push((Span::to_end(first, &title_terms), first_new));
            let n = doc.sentences.len().max(1) as f32;
            for s in &doc.sentences {
                // An article's dateline (`WASHINGTON (AP) — `) says where an outlet filed it,
                // not what happened: its first sentence starts after it.
                let text = doc.sentence_text(s);
                let cut = if s.index == 0 {
                    segment::dateline_len(text)
                } else {
                    0
                };
                let (start, text) = (s.start + cut, &text[cut..]);
                let (word_count, capitals) = memo.words(text, words);
                let negated = words.iter().any(|w| memo.is_negation(w.stem));
                // Content stems take ids before the stems of stopwords, as ids were always given.
                let first_term = sentence_terms.len();
                first_new_terms.push(stem_of.len() as u32);
                for w in words.iter().filter(|w| !w.stop) {
                    sentence_terms.push(memo.local_id(w.stem, stem_of));
                }
                local.clear();
                for w in words.iter() {
                    local.push((memo.local_id(w.stem, stem_of), w.stop));
                }
                // The sentence's bigram ids, sorted and each once: those first used in this
                // sentence come in increasing order after all earlier ones, so only the earlier
                // ones need sorting.
                let first_new = memo.bigram_ids.len() as u32;
                let stamp = scratch_stamp(&mut memo.stamp, bigram_seen);
                let first_bigram = sentence_bigrams.len();
                new_bigrams.clear();
                for w in local.windows(2).filter(|w| !(w[0].1 && w[1].1)) {
                    let id = memo.bigram_ids.id(w[0].0, w[1].0);
                    if id as usize >= bigram_seen.len() {
                        bigram_seen.resize(id as usize + 1, 0);
                    }
                    if bigram_seen[id as usize] == stamp {
                        continue;
                    }
                    bigram_seen[id as usize] = stamp;
                    if id >= first_new {
                        new_bigrams.push(id);
                    } else {
                        sentence_bigrams.push(id);
                    }
                }
                sentence_bigrams[first_bigram..].sort_unstable();
                sentence_bigrams.extend_from_slice(new_bigrams);
                sentences.push(CorpusSentence {
                    doc: d,
                    index: s.index,
                    start,
                    end: s.end,
                    words: word_count,
                    terms: Span::to_end(first_term, &sentence_terms),
                    vector: Span::default(),
                    position: s.index as f32 / n,
                    support: Span::default(),
                    independent_support: 0,
                    bigrams: Span::to_end(first_bigram, &sentence_bigrams),
                    candidate: is_statement(text, word_count),
                    capitals,
                    negated,
                });
            }
        }
        // An event none of whose sentences is a statement of 6 to 60 words (a few short lines,
        // or text without sentence punctuation) is still summarized, from all its sentences.
        if !sentences.iter().any(|s| s.candidate) {
            for s in &mut sentences {
                s.candidate = s.words > 0;
            }
        }
        let terms = stem_of.len();
        memo.scratch = scratch;
        let bigram_count = memo.bigram_ids.len();
        let idf = inverse_document_frequency(&sentences, &sentence_terms, docs.len(), terms);
        let counter = &mut memo.scratch.counter;
        let mut vectors = Vec::with_capacity(sentence_terms.len());
        for (s, &first_new) in sentences.iter_mut().zip(&first_new_terms) {
            let first = vectors.len();
            counter.tfidf_into(s.terms.of(&sentence_terms), first_new, &idf, &mut vectors);
            s.vector = Span::to_end(first, &vectors);
        }
        let vector = |s: &CorpusSentence| s.vector.of(&vectors);
        let centroid = normalized_sum(sentences.iter().map(vector));
        let mut bag = |terms: &[u32], first_new: u32| {
            let mut v = Vec::with_capacity(terms.len());
            counter.tfidf_into(terms, first_new, &idf, &mut v);
            v
        };
        // The titles together are no bag of their own: all their terms are sorted.
        let titles = bag(&title_terms, u32::MAX);
        let doc_titles = doc_title_spans
            .iter()
            .map(|&(t, first_new)| bag(t.of(&title_terms), first_new))
            .collect();
        let root = |d: usize| copy_of.get(d).copied().flatten().unwrap_or(d);
        // Sentences grouped by independent document, so that a bigram's documents are counted
        // by noticing a change of document.
        let mut by_root: Vec<usize> = (0..sentences.len()).collect();
        // Usually no document is a copy, and the sentences are grouped already.
        if !by_root.is_sorted_by_key(|&i| root(sentences[i].doc)) {
            by_root.sort_by_key(|&i| root(sentences[i].doc));
        }
        let mut bigram_docs = vec![0u32; bigram_count];
        let mut last_root = vec![usize::MAX; bigram_count];
        for &i in &by_root {
            let r = root(sentences[i].doc);
            for &b in sentences[i].bigrams.of(&sentence_bigrams) {
                if last_root[b as usize] != r {
                    last_root[b as usize] = r;
                    bigram_docs[b as usize] += 1;
                }
            }
        }
        let similarity = similarity_matrix(sentences.len(), |i| vector(&sentences[i]), terms);
        let independent = copy_of.iter().filter(|c| c.is_none()).count().max(1);
        let others = (independent - 1).max(1) as f32;
        let bigram_shares = bigram_docs
            .iter()
            .map(|&d| d.saturating_sub(1) as f32 / others)
            .collect();
        let mut corpus = Corpus {
            docs,
            copy_of,
            sentences,
            sentence_terms,
            vectors,
            supports: Vec::new(),
            sentence_bigrams,
            idf,
            centroid,
            titles,
            doc_titles,
            terms,
            bigram_docs,
            similarity,
            bigram_shares,
            independent,
        };
        corpus.compute_support();
        corpus
    }

    /// Content stems of a sentence as term ids, in text order (stopwords and punctuation
    /// dropped).
    #[inline]
    pub fn terms_of(&self, sentence: &CorpusSentence) -> &[u32] {
        sentence.terms.of(&self.sentence_terms)
    }

    /// L2-normalized TF-IDF vector of a sentence's terms, sorted by term id.
    #[inline]
    pub fn vector_of(&self, sentence: &CorpusSentence) -> &[(u32, f32)] {
        sentence.vector.of(&self.vectors)
    }

    /// Documents (indices) that state the same thing as a sentence, its own first, then the
    /// others in the order of the sentences that state it; copies included.
    #[inline]
    pub fn support_of(&self, sentence: &CorpusSentence) -> &[usize] {
        sentence.support.of(&self.supports)
    }

    /// Bigrams of a sentence's consecutive stemmed words (stopword-only pairs dropped) as bigram
    /// ids, sorted, each once: the concepts of the `concept` method and of the learned scorer.
    #[inline]
    pub fn bigrams_of(&self, sentence: &CorpusSentence) -> &[u32] {
        sentence.bigrams.of(&self.sentence_bigrams)
    }
    /// Cosine similarity of the TF-IDF vectors of sentences `i` and `j`.
    pub fn similarity(&self, i: usize, j: usize) -> f32 {
        self.similarity[i * self.sentences.len() + j]
    }

    /// Number of independent documents that contain bigram `b`, less one, as a share of the
    /// other independent documents: 0 for a bigram of one article, 1 for one that all share.
    #[inline]
    pub fn bigram_share(&self, b: u32) -> f32 {
        self.bigram_shares[b as usize]
    }

    /// The text of a sentence.
    pub fn text(&self, sentence: &CorpusSentence) -> &str {
        &self.docs[sentence.doc].article.text[sentence.start..sentence.end]
    }

    /// The same event with only the sentences that `keep` accepts (vectors, centroid and support
    /// stay those of the whole event).
    pub fn restricted(&self, keep: impl Fn(&CorpusSentence) -> bool) -> Corpus<'a> {
        let kept: Vec<usize> = (0..self.sentences.len())
            .filter(|&i| keep(&self.sentences[i]))
            .collect();
        let similarity = kept
            .iter()
            .flat_map(|&i| kept.iter().map(move |&j| self.similarity(i, j)))
            .collect();
        Corpus {
            docs: self.docs,
            copy_of: self.copy_of,
            sentences: kept.iter().map(|&i| self.sentences[i].clone()).collect(),
            sentence_terms: self.sentence_terms.clone(),
            vectors: self.vectors.clone(),
            supports: self.supports.clone(),
            sentence_bigrams: self.sentence_bigrams.clone(),
            idf: self.idf.clone(),
            centroid: self.centroid.clone(),
            titles: self.titles.clone(),
            doc_titles: self.doc_titles.clone(),
            terms: self.terms,
            bigram_docs: self.bigram_docs.clone(),
            similarity,
            bigram_shares: self.bigram_shares.clone(),
            independent: self.independent,
        }
    }

    /// Number of independent documents (copies of one text count once).
    pub fn independent_docs(&self) -> usize {
        self.independent
    }

    fn compute_support(&mut self) {
        let n = self.sentences.len();
        let mut supports = Vec::with_capacity(n * self.docs.len().clamp(1, 4));
        // Without copies, every document of a list is its own root.
        let copies = self.copy_of.iter().any(Option::is_some);
        let copy_of = self.copy_of;
        let root = |d: usize| copy_of.get(d).copied().flatten().unwrap_or(d);
        let mut roots: Vec<usize> = Vec::new();
        // Each sentence's numbers, read when a pair that is otherwise alike needs them.
        let mut numbers: Vec<Option<Vec<f64>>> = vec![None; n];
        for i in 0..n {
            // Its own document, then those of the sentences like it, in sentence order: the
            // order in which comparing each pair once, the earlier sentence first, met them.
            let first = supports.len();
            let own = self.sentences[i].doc;
            let negated = self.sentences[i].negated;
            supports.push(own);
            for j in 0..n {
                let doc = self.sentences[j].doc;
                if doc == own
                    || self.similarity(i, j) < SUPPORT_SIMILARITY
                    || self.sentences[j].negated != negated
                {
                    continue;
                }
                // Two reports that both give figures, none of them alike, disagree on them
                // ("more than 180 killed", "at least 150 killed"): neither carries the other.
                for k in [i, j] {
                    if numbers[k].is_none() {
                        numbers[k] = Some(segment::numbers(self.text(&self.sentences[k])));
                    }
                }
                let (a, b) = (
                    numbers[i].as_deref().unwrap_or_default(),
                    numbers[j].as_deref().unwrap_or_default(),
                );
                if !a.is_empty() && !b.is_empty() && !segment::share_a_number(a, b) {
                    continue;
                }
                if !supports[first..].contains(&doc) {
                    supports.push(doc);
                }
            }
            let docs = &supports[first..];
            let s = &mut self.sentences[i];
            s.independent_support = if copies {
                roots.clear();
                roots.extend(docs.iter().map(|&d| root(d)));
                roots.sort_unstable();
                roots.dedup();
                roots.len()
            } else {
                docs.len()
            };
            s.support = Span::to_end(first, &supports);
        }
        self.supports = supports;
    }
}

/// The cosine similarity of every pair of sentences, row by row (1 on the diagonal): each
/// sentence's vector is spread into a dense row once, and each later sentence's entries are
/// multiplied against it in term order. The products of shared terms are added in the order
/// [`cosine`] adds them and the others add zero, so each value is `cosine`'s to the bit.
fn similarity_matrix<'v>(
    n: usize,
    vector: impl Fn(usize) -> &'v [(u32, f32)],
    terms: usize,
) -> Vec<f32> {
    let mut similarity = vec![0.0; n * n];
    let mut dense = vec![0.0f32; terms];
    for i in 0..n {
        similarity[i * n + i] = 1.0;
        for &(t, w) in vector(i) {
            dense[t as usize] = w;
        }
        for j in (i + 1)..n {
            let mut sum = 0.0f32;
            for &(t, w) in vector(j) {
                sum += dense[t as usize] * w;
            }
            similarity[i * n + j] = sum;
            similarity[j * n + i] = sum;
        }
        for &(t, _) in vector(i) {
            dense[t as usize] = 0.0;
        }
    }
    similarity
}

/// Inverse document frequency by term id, of the sentences whose terms lie in `sentence_terms`.
fn inverse_document_frequency(
    sentences: &[CorpusSentence],
    sentence_terms: &[u32],
    docs: usize,
    terms: usize,
) -> Vec<f32> {
    let mut df = vec![0u32; terms];
    let mut last_doc = vec![usize::MAX; terms];
    for s in sentences {
        for &t in s.terms.of(sentence_terms) {
            if last_doc[t as usize] != s.doc {
                last_doc[t as usize] = s.doc;
                df[t as usize] += 1;
            }
        }
    }
    // The weight depends on the document frequency alone, which is at most `docs`.
    let n = docs.max(1) as f32;
    let by_frequency: Vec<f32> = (0..=docs)
        .map(|f| ((n + 1.0) / (f as f32 + 1.0)).ln() + 1.0)
        .collect();
    df.iter().map(|&f| by_frequency[f as usize]).collect()
}

/// L2-normalized TF-IDF vector of a bag of term ids (sublinear term frequency).
pub fn tfidf(terms: &[u32], idf: &[f32]) -> SparseVec {
    let mut sorted = terms.to_vec();
    sorted.sort_unstable();
    let mut v: SparseVec = Vec::with_capacity(sorted.len());
    let mut k = 0;
    while k < sorted.len() {
        let t = sorted[k];
        let run = sorted[k..].iter().take_while(|&&u| u == t).count();
        v.push((t, term_frequency(run as u32) * idf[t as usize]));
        k += run;
    }
    normalize(&mut v);
    v
}

/// The sublinear weight of a term used `uses` times in a bag.
#[inline]
fn term_frequency(uses: u32) -> f32 {
    // ln 1 is 0: a term used once has weight 1 without the logarithm.
    if uses == 1 {
        1.0
    } else {
        1.0 + (uses as f32).ln()
    }
}

/// The buffers [`TermCounter::tfidf_into`] counts the terms of a bag in, kept between bags.
#[derive(Debug, Default)]
pub(crate) struct TermCounter {
    /// By term id, the uses of the term in the bag being counted (all 0 between bags).
    uses: Vec<u32>,
    /// Begins with the distinct terms of the bag that earlier bags used, in order of first use
    /// in the bag.
    old: Vec<u32>,
    /// Begins with the distinct terms the bag uses first, in order of first use, which is the
    /// order of their ids.
    new: Vec<u32>,
}

impl TermCounter {
    /// Appends [`tfidf`] of `terms` to `out`, to the bit. Term ids being given in order of first
    /// use, those of `terms` at or above `first_new` (the first id the bag could give) come in
    /// increasing order after all the others: only those others need sorting, and a term's uses
    /// are counted by id rather than by sorting the bag.
    fn tfidf_into(
        &mut self,
        terms: &[u32],
        first_new: u32,
        idf: &[f32],
        out: &mut Vec<(u32, f32)>,
    ) {
        if self.uses.len() < idf.len() {
            self.uses.resize(idf.len(), 0);
        }
        // Written by index rather than pushed: room for every term of the bag is made once.
        if self.old.len() < terms.len() {
            self.old.resize(terms.len(), 0);
            self.new.resize(terms.len(), 0);
        }
        let (mut old, mut new) = (0, 0);
        for &t in terms {
            let uses = &mut self.uses[t as usize];
            if *uses == 0 {
                if t < first_new {
                    self.old[old] = t;
                    old += 1;
                } else {
                    self.new[new] = t;
                    new += 1;
                }
            }
            *uses += 1;
        }
        self.old[..old].sort_unstable();
        let first = out.len();
        out.resize(first + old + new, (0, 0.0));
        let (old_entries, new_entries) = out[first..].split_at_mut(old);
        for (entries, distinct) in [
            (old_entries, &self.old[..old]),
            (new_entries, &self.new[..new]),
        ] {
            for (entry, &t) in entries.iter_mut().zip(distinct) {
                let uses = std::mem::take(&mut self.uses[t as usize]);
                *entry = (t, term_frequency(uses) * idf[t as usize]);
            }
        }
        normalize(&mut out[first..]);
    }
}

/// Divides the weights of `v` by its L2 norm (unless that is 0).
fn normalize(v: &mut [(u32, f32)]) {
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|(_, w)| *w /= norm);
    }
}

/// The normalized sum of vectors: the weights of each term added in the order of the vectors,
/// into a dense row over the term ids they use, then read back in term order.
pub fn normalized_sum<'v>(vectors: impl Iterator<Item = &'v [(u32, f32)]> + Clone) -> SparseVec {
    // Vectors are sorted by term id, so each one's last entry holds its largest.
    let terms = vectors
        .clone()
        .filter_map(|v| v.last())
        .map(|&(t, _)| t as usize + 1)
        .max()
        .unwrap_or(0);
    let mut sum = vec![0.0f32; terms];
    let mut used = vec![false; terms];
    let mut count = 0;
    for v in vectors {
        for &(t, w) in v {
            sum[t as usize] += w;
            count += usize::from(!used[t as usize]);
            used[t as usize] = true;
        }
    }
    let mut v: SparseVec = Vec::with_capacity(count);
    v.extend((0..terms).filter(|&t| used[t]).map(|t| (t as u32, sum[t])));
    normalize(&mut v);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Each similarity is `cosine` of the two vectors, bit for bit.
        #[test]
        fn similarity_matrix_is_cosine(
            vectors in proptest::collection::vec(
                proptest::collection::btree_map(0u32..30, 0.001f32..3.0, 0..12),
                0..8,
            ),
        ) {
            let vectors: Vec<SparseVec> = vectors
                .into_iter()
                .map(|v| {
                    let mut v: SparseVec = v.into_iter().collect();
                    normalize(&mut v);
                    v
                })
                .collect();
            let n = vectors.len();
            let similarity = similarity_matrix(n, |i| &vectors[i], 30);
            for i in 0..n {
                for j in 0..n {
                    let expected = match i.cmp(&j) {
                        std::cmp::Ordering::Equal => 1.0,
                        std::cmp::Ordering::Less => cosine(&vectors[i], &vectors[j]),
                        std::cmp::Ordering::Greater => cosine(&vectors[j], &vectors[i]),
                    };
                    proptest::prop_assert_eq!(similarity[i * n + j].to_bits(), expected.to_bits());
                }
            }
        }

        /// The dense sum is, bit for bit, the sum of each term's weights in the order of the
        /// vectors (here by a stable sort of all entries), normalized.
        #[test]
        fn normalized_sum_adds_in_vector_order(
            vectors in proptest::collection::vec(
                proptest::collection::btree_map(0u32..30, 0.001f32..3.0, 0..12),
                0..8,
            ),
        ) {
            let vectors: Vec<SparseVec> =
                vectors.into_iter().map(|v| v.into_iter().collect()).collect();
            let mut all: SparseVec = vectors.iter().flatten().copied().collect();
            all.sort_by_key(|&(t, _)| t);
            let mut expected: SparseVec = Vec::new();
            for (t, w) in all {
                match expected.last_mut() {
                    Some(last) if last.0 == t => last.1 += w,
                    _ => expected.push((t, w)),
                }
            }
            normalize(&mut expected);
            let bits = |v: &SparseVec| v.iter().map(|&(t, w)| (t, w.to_bits())).collect::<Vec<_>>();
            proptest::prop_assert_eq!(bits(&normalized_sum(vectors.iter().map(Vec::as_slice))), bits(&expected));
        }
    }
}
