//! The words of a text as [`crate::Corpus`] needs them: each token's stem and whether it is a
//! stopword, memoized per thread, since news reuses a small vocabulary and the stemmer is the
//! dearest step of preparing an event.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use segment::Stemmer;

/// FxHash, the hash of rustc: fast on the short keys of this crate (token strings, term ids).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash map with [`FxHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Distinct tokens remembered before the memo starts over (a few MB at most).
const MEMO_TOKENS: usize = 200_000;

/// A token's stem (as an id into [`Memo::stems`]) and whether it is a stopword.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Word {
    /// Id of the stem in this thread's memo, valid until [`Memo::start`] clears it.
    pub(crate) stem: u32,
    /// Whether the token is on the stopword list.
    pub(crate) stop: bool,
}

/// This thread's memo of stems.
#[derive(Default)]
pub(crate) struct Memo {
    stemmer: Stemmer,
    tokens: FastMap<String, Word>,
    stem_ids: FastMap<String, u32>,
    /// Each stem by id.
    pub(crate) stems: Vec<String>,
    lower: String,
    /// The event-local term id of each stem id, valid where `event_of` holds `event`.
    local: Vec<u32>,
    event_of: Vec<u32>,
    /// The number of the event being prepared (see [`Memo::start_event`]).
    event: u32,
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
            memo.stem_ids.clear();
            memo.stems.clear();
            memo.local.clear();
            memo.event_of.clear();
        }
        f(&mut memo)
    })
}

impl Memo {
    /// Starts a new event: forgets every event-local term id (in constant time).
    pub(crate) fn start_event(&mut self) {
        self.event = self.event.wrapping_add(1);
        if self.event == 0 {
            // After 2^32 events the numbers come round: forget the old marks for good.
            self.event_of.iter_mut().for_each(|e| *e = 0);
            self.event = 1;
        }
    }

    /// The event-local term id of memo stem `stem`, given in order of first use in this event
    /// (`stem_of` lists the memo stem of each local id and grows by one for a new one).
    #[inline]
    pub(crate) fn local_id(&mut self, stem: u32, stem_of: &mut Vec<u32>) -> u32 {
        let s = stem as usize;
        if self.event_of[s] != self.event {
            self.event_of[s] = self.event;
            self.local[s] = stem_of.len() as u32;
            stem_of.push(stem);
        }
        self.local[s]
    }

    /// The words of `text` with a letter or digit, in order: [`segment::tokens`] (lowercased,
    /// apostrophes and hyphens folded), each with its stem and stopword flag.
    pub(crate) fn words(&mut self, text: &str, out: &mut Vec<Word>) {
        out.clear();
        for range in segment::word_range_iter(text) {
            let raw = &text[range];
            let plain = raw
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'\'' || b == b'-');
            let token: &str = if plain {
                raw
            } else {
                self.lower.clear();
                for c in raw.chars() {
                    match c {
                        '\u{2019}' | '\u{2bc}' | '\u{2018}' => self.lower.push('\''),
                        '\u{2010}' | '\u{2011}' => self.lower.push('-'),
                        c if c.is_ascii() => self.lower.push(c.to_ascii_lowercase()),
                        _ => self.lower.extend(c.to_lowercase()),
                    }
                }
                &self.lower
            };
            if let Some(&word) = self.tokens.get(token) {
                out.push(word);
                continue;
            }
            if !token.chars().any(char::is_alphanumeric) {
                continue;
            }
            let stem = self.stemmer.stem(token);
            let id = match self.stem_ids.get(stem.as_ref()) {
                Some(&id) => id,
                None => {
                    let id = self.stems.len() as u32;
                    let stem = stem.into_owned();
                    self.stem_ids.insert(stem.clone(), id);
                    self.stems.push(stem);
                    self.local.push(0);
                    self.event_of.push(0);
                    id
                }
            };
            let word = Word {
                stem: id,
                stop: segment::is_stopword(token),
            };
            let token = token.to_owned();
            self.tokens.insert(token, word);
            out.push(word);
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
                let stems: Vec<String> = out
                    .iter()
                    .map(|w| memo.stems[w.stem as usize].clone())
                    .collect();
                let kept: Vec<String> = out
                    .iter()
                    .filter(|w| !w.stop)
                    .map(|w| memo.stems[w.stem as usize].clone())
                    .collect();
                (stems, kept)
            });
            assert_eq!(stems, expected);
            assert_eq!(kept, content);
        }
    }
}
