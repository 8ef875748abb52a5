//! The stems of the most common English words, worked out when the crate is built: the first
//! use of such a word in a thread costs the memo ([`crate::words`]) a table lookup instead of
//! the stemmer. The words are `data/common_words.txt` (30,000 of the most frequent English
//! words, written by `data/common_words.py`); `build.rs` stems them with segment's stemmer, so
//! a stem here is the stemmer's by construction.

// The generated table: `BITS`, `SLOTS` (per slot, the index of its word plus one, 0 for none),
// `HASHES` and `STEM_HASHES` (each word's and stem's `hash_bytes`), `PLACES` (each word's and
// stem's offset in `TEXT`, their lengths and the stopword flag) and `TEXT`.
include!(concat!(env!("OUT_DIR"), "/common.rs"));

/// A common word's stem, the stem's [`crate::table::hash_bytes`] and whether the word is a
/// stopword.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CommonWord {
    /// The stem (segment's stemmer's).
    pub(crate) stem: &'static [u8],
    /// The stem's [`crate::table::hash_bytes`].
    pub(crate) stem_hash: u64,
    /// Whether the word is on segment's stopword list.
    pub(crate) stop: bool,
}

/// The stem of `word` (a lowercased token whose [`crate::table::hash_bytes`] is `hash`), when it
/// is one of the common words.
#[inline]
pub(crate) fn common_word(word: &[u8], hash: u64) -> Option<CommonWord> {
    let mask = SLOTS.len() - 1;
    let mut slot = (hash >> (64 - BITS)) as usize;
    loop {
        let k = usize::from(SLOTS[slot]);
        if k == 0 {
            return None;
        }
        let k = k - 1;
        if HASHES[k] == hash {
            let place = PLACES[k];
            let at = (place >> 40) as usize;
            let len = ((place >> 8) & 0xff) as usize;
            if &TEXT[at..at + len] == word {
                let stem_at = ((place >> 16) & 0xff_ffff) as usize;
                let stem_len = ((place >> 1) & 0x7f) as usize;
                return Some(CommonWord {
                    stem: &TEXT[stem_at..stem_at + stem_len],
                    stem_hash: STEM_HASHES[k],
                    stop: place & 1 != 0,
                });
            }
        }
        slot = (slot + 1) & mask;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::hash_bytes;

    /// Every word of the list is found, with the stemmer's stem, the stopword flag and the
    /// hashes of `hash_bytes` (which `build.rs` repeats).
    #[test]
    fn every_common_word_has_the_stemmers_stem() {
        let stemmer = segment::Stemmer::new();
        let list = include_str!("../data/common_words.txt");
        let words: Vec<&str> = list
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        assert_eq!(words.len(), HASHES.len());
        for word in words {
            let found = common_word(word.as_bytes(), hash_bytes(word.as_bytes()))
                .unwrap_or_else(|| panic!("{word} is not found"));
            let stem = stemmer.stem(word);
            assert_eq!(found.stem, stem.as_bytes(), "{word}");
            assert_eq!(found.stem_hash, hash_bytes(stem.as_bytes()), "{word}");
            assert_eq!(found.stop, segment::is_stopword(word), "{word}");
        }
    }

    #[test]
    fn other_words_are_not_found() {
        for word in ["", "zzyzxq", "the ", "Qaddafi's-ish", "caf\u{e9}"] {
            assert!(common_word(word.as_bytes(), hash_bytes(word.as_bytes())).is_none());
        }
    }
}
