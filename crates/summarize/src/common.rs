//! The most common English words with their stems, worked out when the crate is built: the
//! memo ([`crate::words`]) looks a token up here first, so that a common word is never stemmed
//! or remembered at run time, and gives the stems here the first ids. The words are
//! `data/common_words.txt` (30,000 of the most frequent English words, written by
//! `data/common_words.py`); `build.rs` stems them with segment's stemmer, so a stem here is the
//! stemmer's by construction.

// The generated tables: `BITS`; `SLOTS` (per slot, the index of its word plus one, 0 for none)
// and `WORDS` (per word: its `hash_bytes`, its first sixteen bytes zero-padded as two words, and
// its offset in `TEXT` (a multiple of eight, with zeros after the word up to the next one), stem
// id, length and stopword flag, in the bits `word_meta` reads); `STEM_SLOTS`, `STEM_HASHES`
// and `STEM_PLACES` (offset and length in `TEXT`) of each distinct stem, its index being its id.
include!(concat!(env!("OUT_DIR"), "/common.rs"));

/// A table aligned to cache lines, so that no word's 32 bytes straddle two.
#[repr(align(64))]
struct Lines<T>(T);

/// A word's offset in `TEXT`, length, stem id and stopword flag, from the last of its four
/// words in `WORDS`.
#[inline]
fn word_meta(meta: u64) -> (usize, usize, CommonWord) {
    let word = CommonWord {
        stem: ((meta >> 9) & 0xffff) as u32,
        stop: meta & 1 != 0,
    };
    ((meta >> 32) as usize, ((meta >> 1) & 0xff) as usize, word)
}

use crate::table::SHORT_KEY;

/// The number of distinct stems of the common words: their ids are `0..COMMON_STEMS`.
pub(crate) const COMMON_STEMS: usize = STEM_HASHES.len();

/// A common word's stem id (below [`COMMON_STEMS`]) and whether it is a stopword.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CommonWord {
    /// The id of its stem (segment's stemmer's).
    pub(crate) stem: u32,
    /// Whether the word is on segment's stopword list.
    pub(crate) stop: bool,
}

/// The slot of `hash` in a table of `1 << BITS` slots (by its high bits, as in
/// [`crate::table`]).
#[inline]
fn slot_of(hash: u64) -> usize {
    (hash >> (64 - BITS)) as usize
}

/// What `found` gives for the first index it accepts along `hash`'s probe sequence in `slots`
/// (an open-addressing table of indexes plus one, 0 for an empty slot, probed linearly from
/// [`slot_of`]), or `None` at the first empty slot.
#[inline(always)]
fn probe<T>(slots: &[u16], hash: u64, found: impl Fn(usize) -> Option<T>) -> Option<T> {
    let mask = slots.len() - 1;
    let mut slot = slot_of(hash);
    loop {
        let k = usize::from(slots[slot]);
        if k == 0 {
            return None;
        }
        if let Some(value) = found(k - 1) {
            return Some(value);
        }
        slot = (slot + 1) & mask;
    }
}

/// `word` (a lowercased token whose [`crate::table::hash_bytes`] is `hash`) when it is one of
/// the common words.
#[inline]
pub(crate) fn common_word(word: &[u8], hash: u64) -> Option<CommonWord> {
    probe(&SLOTS, hash, |k| {
        let entry = &WORDS.0[k];
        let (at, len, found) = word_meta(entry[3]);
        (entry[0] == hash && TEXT.get(at..at + len) == Some(word)).then_some(found)
    })
}

/// [`common_word`] of the token `padded[..len]`, given zero-padded as
/// [`crate::table::lowercase_ascii_key`] returns it: compared with the word (which the text
/// holds zero-padded to a multiple of eight bytes) eight bytes at a time, the first sixteen
/// bytes from the table itself.
#[inline]
pub(crate) fn common_word_padded(
    padded: &[u8; SHORT_KEY],
    len: usize,
    hash: u64,
) -> Option<CommonWord> {
    let word = |bytes: &[u8], at: usize| {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(word)
    };
    probe(&SLOTS, hash, |k| {
        let entry = &WORDS.0[k];
        let (at, entry_len, found) = word_meta(entry[3]);
        (entry[0] == hash
            && entry_len == len
            && entry[1] == word(padded, 0)
            && entry[2] == word(padded, 8)
            && (len <= 16 || word(TEXT, at + 16) == word(padded, 16)))
        .then_some(found)
    })
}

/// The id of `stem` (whose [`crate::table::hash_bytes`] is `hash`) when it is the stem of a
/// common word.
pub(crate) fn common_stem(stem: &[u8], hash: u64) -> Option<u32> {
    probe(&STEM_SLOTS, hash, |k| {
        (STEM_HASHES[k] == hash && common_stem_text(k) == stem).then_some(k as u32)
    })
}

/// The stem with id `id` (below [`COMMON_STEMS`]).
pub(crate) fn common_stem_text(id: usize) -> &'static [u8] {
    let place = STEM_PLACES[id];
    let at = (place >> 8) as usize;
    TEXT.get(at..at + (place & 0xff) as usize)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::hash_bytes;

    /// Every word of the list is found, with the stemmer's stem and the stopword flag, and
    /// every stem by its text; `build.rs` hashes as `hash_bytes` does.
    #[test]
    fn every_common_word_has_the_stemmers_stem() {
        let stemmer = segment::Stemmer::new();
        let list = include_str!("../data/common_words.txt");
        let words: Vec<&str> = list
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        assert_eq!(words.len(), WORDS.0.len());
        let mut stems = std::collections::HashSet::new();
        for word in words {
            let found = common_word(word.as_bytes(), hash_bytes(word.as_bytes()))
                .unwrap_or_else(|| panic!("{word} is not found"));
            let stem = stemmer.stem(word);
            let id = found.stem as usize;
            assert_eq!(common_stem_text(id), stem.as_bytes(), "{word}");
            assert_eq!(STEM_HASHES[id], hash_bytes(stem.as_bytes()), "{word}");
            if word.len() <= SHORT_KEY {
                let mut padded = [0u8; SHORT_KEY];
                padded[..word.len()].copy_from_slice(word.as_bytes());
                let hash = hash_bytes(word.as_bytes());
                let by_padded = common_word_padded(&padded, word.len(), hash).map(|w| w.stem);
                assert_eq!(by_padded, Some(found.stem), "{word}");
            }
            let by_text = common_stem(stem.as_bytes(), hash_bytes(stem.as_bytes()));
            assert_eq!(by_text, Some(found.stem), "{word}");
            assert_eq!(found.stop, segment::is_stopword(word), "{word}");
            stems.insert(stem.into_owned());
        }
        assert_eq!(stems.len(), COMMON_STEMS);
    }

    #[test]
    fn other_words_and_stems_are_not_found() {
        for word in ["", "zzyzxq", "the ", "Qaddafi's-ish", "caf\u{e9}"] {
            assert!(common_word(word.as_bytes(), hash_bytes(word.as_bytes())).is_none());
            assert!(common_stem(word.as_bytes(), hash_bytes(word.as_bytes())).is_none());
            let mut padded = [0u8; SHORT_KEY];
            padded[..word.len()].copy_from_slice(word.as_bytes());
            let hash = hash_bytes(word.as_bytes());
            assert!(common_word_padded(&padded, word.len(), hash).is_none());
        }
    }
}
