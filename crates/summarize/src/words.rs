//! The words of a text as [`crate::Corpus`] needs them: each token's stem and whether it is a
//! stopword, from the table of common words ([`crate::common`]) or else memoized per thread,
//! since news reuses a small vocabulary and the stemmer is the dearest step of preparing an
//! event; and the per-thread buffers an event is prepared in.
//!
//! A text is read in one pass ([`segment::scan_words`]: tokens, word count, capitalized share);
//! each token is lowercased on the stack and looked up by its bytes, first among the common
//! words, then in the memo, so only a token that is neither is stemmed and checked against the
//! stopwords.

use std::cell::RefCell;
use std::ops::Range;

use segment::Stemmer;

use crate::common::{COMMON_STEMS, common_stem, common_word, common_word_padded};
use crate::corpus::TermCounter;
use crate::table::{BytesTable, PairIds, SHORT_KEY, hash_bytes, lowercase_ascii_key};

/// Distinct tokens remembered before the memo starts over (a few MB at most).
const MEMO_TOKENS: usize = 200_000;

/// A token's stem (as an id, see [`Memo::stem`]) and whether it is a stopword.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Word {
    /// Id of the stem: a common word's stem's ([`crate::common`], below
    /// [`COMMON_STEMS`]) or [`COMMON_STEMS`] plus its index in this thread's memo, valid until
    /// [`with_memo`] starts it over.
    pub(crate) stem: u32,
    /// Whether the token is on the stopword list.
    pub(crate) stop: bool,
}

/// This thread's memo of stems, and the scratch space of preparing an event.
pub(crate) struct Memo {
    stemmer: Stemmer,
    /// Each lowercased token (as [`segment::tokens`] returns it) seen so far, with its word.
    tokens: BytesTable<Word>,
    /// Each stem seen so far that no common word has; [`COMMON_STEMS`] plus its index is its
    /// id.
    stems: BytesTable<()>,
    /// The stopwords ([`segment::stopwords`]).
    stopwords: BytesTable<()>,
    /// How many times the memo has started over (see [`with_memo`]).
    restarts: u64,
    /// The token being looked up, lowercased.
    lower: Vec<u8>,
    /// The stem of the token being stemmed.
    stem: Vec<u8>,
    /// By stem id (the common stems' first), the number of the event that last used the stem
    /// (high 32 bits) and the stem's event-local term id in that event (low 32 bits); 0 for a
    /// stem no event used. Sized at first for the common stems and some thousands more, and
    /// grown only past those.
    marks: Vec<u64>,
    /// The number of the event being prepared (see [`Memo::start_event`]).
    event: u32,
    /// The bigram ids of the event being prepared.
    pub(crate) bigram_ids: PairIds,
    /// Buffers of preparing an event, kept between events.
    pub(crate) scratch: Scratch,
    /// The last stamp given by [`scratch_stamp`].
    pub(crate) stamp: u32,
    /// By common stem id, whether it is the stem of one of [`segment::NEGATIONS`].
    negation_stems: Vec<bool>,
}

/// The buffers [`crate::Corpus`] prepares an event in, kept in the memo between events so that
/// they are allocated once per thread rather than grown again for each event.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// The words of one text.
    pub(crate) words: Vec<Word>,
    /// The term id and stopword flag of each word of one sentence.
    pub(crate) local: Vec<(u32, bool)>,
    /// The memo stem of each event-local term id.
    pub(crate) stem_of: Vec<u32>,
    /// By bigram id, the stamp of the last sentence that used it (see [`scratch_stamp`]).
    pub(crate) bigram_seen: Vec<u32>,
    /// The bigrams one sentence uses first.
    pub(crate) new_bigrams: Vec<u32>,
    /// The counts of one bag's terms (see [`crate::corpus::TermCounter`]).
    pub(crate) counter: TermCounter,
}

/// A stamp for marks in `marks` that no earlier call gave (the next value of `stamp`), clearing
/// `marks` when the numbers come round after 2^32 calls.
pub(crate) fn scratch_stamp(stamp: &mut u32, marks: &mut [u32]) -> u32 {
    *stamp = stamp.wrapping_add(1);
    if *stamp == 0 {
        marks.fill(0);
        *stamp = 1;
    }
    *stamp
}

impl Default for Memo {
    fn default() -> Self {
        let mut stopwords = BytesTable::with_capacity(segment::stopwords().len());
        for word in segment::stopwords() {
            stopwords.insert(word.as_bytes(), hash_bytes(word.as_bytes()), ());
        }
        Memo {
            stemmer: Stemmer::default(),
            // Room for the words of a hundred or so events before the tables grow (a dev set
            // of 100 NeuS events holds some 4,300 distinct tokens and 3,200 stems).
            tokens: BytesTable::with_capacity(1 << 13),
            stems: BytesTable::with_capacity(1 << 13),
            stopwords,
            restarts: 0,
            lower: Vec::new(),
            stem: Vec::new(),
            marks: vec![0; COMMON_STEMS + (1 << 13)],
            event: 0,
            bigram_ids: PairIds::default(),
            scratch: Scratch::default(),
            stamp: 0,
            negation_stems: negation_stems(),
        }
    }
}

/// By common stem id, whether it is the stem of one of [`segment::NEGATIONS`]. Each is a common
/// word ([`crate::common`]), so its stem has a fixed id, and a token is a negation when its stem
/// is one of theirs.
fn negation_stems() -> Vec<bool> {
    let mut stems = vec![false; COMMON_STEMS];
    for word in segment::NEGATIONS {
        let word = common_word(word.as_bytes(), hash_bytes(word.as_bytes()))
            .expect("every negation is a common word");
        stems[word.stem as usize] = true;
    }
    stems
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

/// Runs `f` with this thread's memo, which stays valid (its ids unchanged) for the whole call.
pub(crate) fn with_memo<T>(f: impl FnOnce(&mut Memo) -> T) -> T {
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if memo.tokens.len() > MEMO_TOKENS {
            memo.tokens.clear();
            memo.stems.clear();
            memo.restarts += 1;
        }
        f(&mut memo)
    })
}

/// How many words and stems this thread's memo knew at one moment ([`memo_snapshot`]), to go
/// back to with [`MemoSnapshot::restore`]: a benchmark that summarizes one event several times
/// in a row restores it before each repeat, so that no repeat finds the event's own new words
/// already stemmed by the one before. Taking it copies nothing, so it leaves the caches as
/// they were.
#[derive(Debug, Clone, Copy)]
pub struct MemoSnapshot {
    tokens: usize,
    stems: usize,
    /// The memo's [`Memo::restarts`] then.
    restarts: u64,
}

/// What this thread's memo of words holds now.
pub fn memo_snapshot() -> MemoSnapshot {
    with_memo(|memo| MemoSnapshot {
        tokens: memo.tokens.len(),
        stems: memo.stems.len(),
        restarts: memo.restarts,
    })
}

impl MemoSnapshot {
    /// Makes this thread's memo of words what it was at the snapshot: words and stems learned
    /// since are forgotten (and will be stemmed again). When the memo has started over since
    /// (it does past a few hundred thousand words), it stays as it is.
    pub fn restore(&self) {
        MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            if memo.restarts == self.restarts {
                memo.tokens.truncate(self.tokens);
                memo.stems.truncate(self.stems);
            }
        });
    }
}

impl Memo {
    /// Starts a new event: forgets every event-local term id and bigram id (in constant time).
    pub(crate) fn start_event(&mut self) {
        self.bigram_ids.start();
        self.event = self.event.wrapping_add(1);
        if self.event == 0 {
            // After 2^32 events the numbers come round: forget the old marks for good.
            self.marks.fill(0);
            self.event = 1;
        }
    }

    /// The event-local term id of memo stem `stem`, given in order of first use in this event
    /// (`stem_of` lists the memo stem of each local id and grows by one for a new one).
    #[inline]
    pub(crate) fn local_id(&mut self, stem: u32, stem_of: &mut Vec<u32>) -> u32 {
        let s = stem as usize;
        let mut mark = self.marks[s];
        if (mark >> 32) as u32 != self.event {
            mark = u64::from(self.event) << 32 | stem_of.len() as u64;
            self.marks[s] = mark;
            stem_of.push(stem);
        }
        mark as u32
    }

    /// The words of `text` with a letter or digit, in order: [`segment::tokens`] (lowercased,
    /// apostrophes and hyphens folded), each with its stem and stopword flag. Returns the
    /// [`segment::word_count_and_capitals`] of `text`, counted in the same pass.
    pub(crate) fn words(&mut self, text: &str, out: &mut Vec<Word>) -> (usize, f32) {
        out.clear();
        if segment::may_hold_cjk(text.as_bytes()) {
            return self.words_with_cjk(text, out);
        }
        segment::scan_words(text, |range| {
            if let Some(word) = self.word(text, range) {
                out.push(word);
            }
        })
    }

    /// [`Memo::words`] of a text that may hold Chinese or Japanese: a run of their letters has
    /// no spaces to split it into words, so it gives its overlapping two-letter pieces (a lone
    /// letter, itself) as words, which is what two sentences about the same thing share; the rest
    /// of a token (Korean, which spaces its words, included) is read as usual. The count is
    /// [`segment::cjk_word_count`]'s, two letters to a word.
    #[cold]
    fn words_with_cjk(&mut self, text: &str, out: &mut Vec<Word>) -> (usize, f32) {
        // The iterator rather than `scan_words`, whose one instantiation stays the hot loop's.
        for range in segment::word_range_iter(text) {
            let token = &text[range.clone()];
            if !token.chars().any(segment::is_unspaced) {
                self.push_word(text, range, out);
                continue;
            }
            // The start of the token's current non-CJK piece; the start of the CJK letter just
            // before, and how many letters the current CJK run has.
            let mut piece: Option<usize> = None;
            let mut previous: Option<usize> = None;
            let mut run = 0;
            for (offset, c) in token.char_indices() {
                let at = range.start + offset;
                if segment::is_unspaced(c) {
                    if let Some(start) = piece.take() {
                        self.push_word(text, start..at, out);
                    }
                    if let Some(before) = previous {
                        self.push_word(text, before..at + c.len_utf8(), out);
                    }
                    previous = Some(at);
                    run += 1;
                } else {
                    if let (Some(before), 1) = (previous, run) {
                        self.push_word(text, before..at, out);
                    }
                    previous = None;
                    run = 0;
                    piece.get_or_insert(at);
                }
            }
            if let Some(start) = piece {
                self.push_word(text, start..range.end, out);
            }
            if let (Some(before), 1) = (previous, run) {
                self.push_word(text, before..range.end, out);
            }
        }
        (
            segment::cjk_word_count(text),
            segment::capitalized_share(text),
        )
    }

    #[inline(never)]
    fn push_word(&mut self, text: &str, range: Range<usize>, out: &mut Vec<Word>) {
        if let Some(word) = self.word(text, range) {
            out.push(word);
        }
    }

    /// Whether a word with this stem id is a grammatical negation (see [`segment::NEGATIONS`]).
    #[inline]
    pub(crate) fn is_negation(&self, stem: u32) -> bool {
        self.negation_stems
            .get(stem as usize)
            .copied()
            .unwrap_or(false)
    }

    /// The stem with id `id`.
    #[cfg(test)]
    pub(crate) fn stem(&self, id: u32) -> &str {
        let id = id as usize;
        let stem = match id.checked_sub(COMMON_STEMS) {
            Some(k) => self.stems.key(k),
            None => crate::common::common_stem_text(id),
        };
        std::str::from_utf8(stem).unwrap_or_default()
    }

    /// The word of one token as printed (`text[range]`), or `None` when its lowercase form has no letter or
    /// digit.
    #[inline]
    fn word(&mut self, text: &str, range: Range<usize>) -> Option<Word> {
        // Bytes rather than a `str` slice: most tokens are short ASCII, where char boundaries
        // need no checking.
        let bytes = &text.as_bytes()[range.clone()];
        if bytes.len() <= SHORT_KEY {
            // Most tokens: short ASCII, lowercased and hashed eight bytes at a time.
            if let Some((buf, hash)) =
                lowercase_ascii_key(text.as_bytes(), range.start, bytes.len())
            {
                if let Some(word) = common_word_padded(&buf, bytes.len(), hash) {
                    return Some(Word {
                        stem: word.stem,
                        stop: word.stop,
                    });
                }
                let key = &buf[..bytes.len()];
                if let Some(word) = self.tokens.get(key, hash) {
                    return Some(word);
                }
                self.lower.clear();
                self.lower.extend_from_slice(key);
                return self.new_word(hash);
            }
        }
        self.lower.clear();
        if bytes.is_ascii() {
            self.lower.extend(bytes.iter().map(u8::to_ascii_lowercase));
        } else {
            let mut buf = [0u8; 4];
            for c in text[range].chars() {
                match c {
                    '\u{2019}' | '\u{2bc}' | '\u{2018}' => self.lower.push(b'\''),
                    '\u{2010}' | '\u{2011}' => self.lower.push(b'-'),
                    c if c.is_ascii() => self.lower.push(c.to_ascii_lowercase() as u8),
                    _ => {
                        for l in c.to_lowercase() {
                            self.lower
                                .extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
                        }
                    }
                }
            }
        }
        let hash = hash_bytes(&self.lower);
        if let Some(word) = common_word(&self.lower, hash) {
            return Some(Word {
                stem: word.stem,
                stop: word.stop,
            });
        }
        if let Some(word) = self.tokens.get(&self.lower, hash) {
            return Some(word);
        }
        self.new_word(hash)
    }

    /// The word of the token in `self.lower` (not a common word), seen for the first time:
    /// stemmed and remembered.
    #[cold]
    fn new_word(&mut self, hash: u64) -> Option<Word> {
        let lower = std::mem::take(&mut self.lower);
        // Most new tokens are plain ASCII words, stemmed from their bytes without the UTF-8
        // check; a token of ASCII bytes has a letter or digit when one of its bytes is one.
        let stemmed = if lower.is_ascii() {
            lower.iter().any(u8::is_ascii_alphanumeric)
                && (self.stemmer.stem_ascii_into(&lower, &mut self.stem) || self.stem_str(&lower))
        } else {
            self.stem_str(&lower)
        };
        let word = stemmed.then(|| {
            let stem = &self.stem[..];
            let stem_hash = hash_bytes(stem);
            let id = match common_stem(stem, stem_hash) {
                Some(id) => id,
                None => {
                    let k = match self.stems.find(stem, stem_hash) {
                        Some(k) => k,
                        None => {
                            let k = self.stems.insert(stem, stem_hash, ());
                            if self.marks.len() <= COMMON_STEMS + k {
                                self.marks.resize(COMMON_STEMS + k + 1, 0);
                            }
                            k
                        }
                    };
                    (COMMON_STEMS + k) as u32
                }
            };
            let word = Word {
                stem: id,
                stop: self.stopwords.get(&lower, hash).is_some(),
            };
            self.tokens.insert(&lower, hash, word);
            word
        });
        self.lower = lower;
        word
    }

    /// Stems `token` (valid UTF-8 with a letter or digit) into `self.stem` and returns true, or
    /// returns false for a token that is not.
    fn stem_str(&mut self, token: &[u8]) -> bool {
        match std::str::from_utf8(token) {
            Ok(token) if token.chars().any(char::is_alphanumeric) => {
                self.stemmer.stem_into(token, &mut self.stem);
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_the_segment_stems() {
        let text = "The U.S. Senate’s 20-year-old rules—don't CHANGE them, said O’Brien. 3.5 ‐ x";
        let stemmer = Stemmer::new();
        let expected: Vec<String> = segment::tokens(text)
            .into_iter()
            .filter(|t| t.chars().any(char::is_alphanumeric))
            .map(|t| stemmer.stem(&t).into_owned())
            .collect();
        let content = segment::content_stems(text, &stemmer);
        for _ in 0..2 {
            let (stems, kept) = with_memo(|memo| {
                let mut out = Vec::new();
                memo.words(text, &mut out);
                let stems: Vec<String> = out.iter().map(|w| memo.stem(w.stem).to_owned()).collect();
                let kept: Vec<String> = out
                    .iter()
                    .filter(|w| !w.stop)
                    .map(|w| memo.stem(w.stem).to_owned())
                    .collect();
                (stems, kept)
            });
            assert_eq!(stems, expected);
            assert_eq!(kept, content);
        }
    }

    #[test]
    fn a_restored_snapshot_forgets_the_words_learned_since() {
        let stems_of = |text: &str| {
            with_memo(|memo| {
                let mut out = Vec::new();
                memo.words(text, &mut out);
                out.iter()
                    .map(|w| (memo.stem(w.stem).to_owned(), w.stop))
                    .collect::<Vec<_>>()
            })
        };
        let known = stems_of("Zorbling floodgates quivered");
        let snapshot = memo_snapshot();
        let sizes = || with_memo(|memo| (memo.tokens.len(), memo.stems.len()));
        let before = sizes();
        let new = stems_of("Quuxified embankments were vexingly grumbling");
        assert!(sizes().0 > before.0);
        snapshot.restore();
        assert_eq!(sizes(), before);
        // Both texts still get their stems, the forgotten words stemmed again.
        assert_eq!(stems_of("Zorbling floodgates quivered"), known);
        assert_eq!(
            stems_of("Quuxified embankments were vexingly grumbling"),
            new
        );
    }

    proptest::proptest! {
        /// The memo's words are segment's tokens with a letter or digit, each stemmed and
        /// flagged as segment does, with segment's word count and capitalized share, whether the
        /// memo knows the words already or not (long tokens and other scripts included).
        #[test]
        fn words_agree_with_segment_on_any_text(
            text in "([a-zA-Z\u{2019}'\\-.,\u{c9}\u{e9}0-9]{1,30} ?){0,8}"
        ) {
            let stemmer = Stemmer::new();
            let expected: Vec<(String, bool)> = segment::tokens(&text)
                .into_iter()
                .filter(|t| t.chars().any(char::is_alphanumeric))
                .map(|t| (stemmer.stem(&t).into_owned(), segment::is_stopword(&t)))
                .collect();
            let counted = segment::word_count_and_capitals(&text);
            for _ in 0..2 {
                let (words, count) = with_memo(|memo| {
                    let mut out = Vec::new();
                    let count = memo.words(&text, &mut out);
                    let words: Vec<(String, bool)> = out
                        .iter()
                        .map(|w| (memo.stem(w.stem).to_owned(), w.stop))
                        .collect();
                    (words, count)
                });
                proptest::prop_assert_eq!(&words, &expected);
                proptest::prop_assert_eq!(count.0, counted.0);
                proptest::prop_assert_eq!(count.1.to_bits(), counted.1.to_bits());
            }
        }
    }
}
