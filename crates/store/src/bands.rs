//! The near-copy band index in memory: band key → the stored originals with that key.
//!
//! The keys live on disk once per original, as one blob in `article_band_keys` (appended in row
//! order, so storing an article writes no random B-tree pages); the writer's connection builds
//! this map from them the first time it looks for copy candidates and keeps it up to date with
//! what it stores. A B-tree keyed by band key cost about twenty random inserts per article, which
//! dirtied most of its leaf pages in every batch and made each commit write them again.
//!
//! The index keeps the recent originals only (two generations of [`GENERATION_ORIGINALS`]), so
//! that its memory stays bounded however large the database grows.
//!
//! Among those, the answer is the one the former SQL gave (`GROUP BY article` over the matching band rows,
//! `ORDER BY shared DESC, id LIMIT n`): the originals sharing most distinct keys, lowest row first
//! among equals.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Band keys are already well-mixed 64-bit hashes: the map uses them as they are.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed; this keeps any other use well-defined.
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// Originals per generation of [`BandIndex`]: the index answers for the last
/// `GENERATION_ORIGINALS` to `2 · GENERATION_ORIGINALS` originals stored, so its memory (about
/// 340 bytes per original) does not grow with the database. A copy printed after 100,000 newer
/// originals is stored as an original of its own.
pub(crate) const GENERATION_ORIGINALS: usize = 100_000;

/// Band key → originals, for the recent originals stored up to [`BandIndex::through`]: two
/// generations, the one being filled and the one before it; when the current one holds
/// [`GENERATION_ORIGINALS`], the older is dropped whole.
#[derive(Debug)]
pub(crate) struct BandIndex {
    current: Generation,
    previous: Generation,
    /// Originals per generation.
    generation: usize,
    /// The highest article row added; rows above it are read from the table on the next use.
    pub(crate) through: i64,
}

impl Default for BandIndex {
    fn default() -> Self {
        BandIndex::with_generation(GENERATION_ORIGINALS)
    }
}

/// One generation of the index.
#[derive(Debug, Default)]
struct Generation {
    /// The first original of each key: most keys have one.
    first: KeyMap<i64>,
    /// The later originals of keys that have several, in the order they were added.
    more: KeyMap<Vec<i64>>,
    /// Originals added.
    originals: usize,
}

impl Generation {
    /// Pushes the originals of each of `keys` (sorted, distinct) onto `hits`.
    fn hits(&self, keys: &[u64], hits: &mut Vec<i64>) {
        for key in keys {
            if let Some(&article) = self.first.get(key) {
                hits.push(article);
                if let Some(more) = self.more.get(key) {
                    hits.extend_from_slice(more);
                }
            }
        }
    }
}

impl BandIndex {
    /// An index whose generations hold `generation` originals each (at least 1).
    pub(crate) fn with_generation(generation: usize) -> Self {
        BandIndex {
            current: Generation::default(),
            previous: Generation::default(),
            generation: generation.max(1),
            through: 0,
        }
    }

    /// How many originals the index holds at most, and at least once it has filled a
    /// generation: the table rows it needs to be built from.
    pub(crate) fn capacity(&self) -> usize {
        2 * self.generation
    }

    /// Adds an original's keys (repeated keys count once).
    pub(crate) fn add(&mut self, article: i64, keys: &[u64]) {
        if self.current.originals >= self.generation {
            self.previous = std::mem::take(&mut self.current);
        }
        let mut keys = keys.to_vec();
        keys.sort_unstable();
        keys.dedup();
        let current = &mut self.current;
        for key in keys {
            match current.first.entry(key) {
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(article);
                }
                std::collections::hash_map::Entry::Occupied(_) => {
                    current.more.entry(key).or_default().push(article);
                }
            }
        }
        current.originals += 1;
        self.through = self.through.max(article);
    }

    /// At most `limit` originals sharing a key with `keys`, those sharing most distinct keys
    /// first, lowest row first among equals.
    pub(crate) fn candidates(&self, keys: &[u64], limit: usize) -> Vec<i64> {
        let mut keys = keys.to_vec();
        keys.sort_unstable();
        keys.dedup();
        let mut hits: Vec<i64> = Vec::new();
        self.previous.hits(&keys, &mut hits);
        self.current.hits(&keys, &mut hits);
        hits.sort_unstable();
        let mut shared: Vec<(usize, i64)> = Vec::new();
        for run in hits.chunk_by(|a, b| a == b) {
            shared.push((run.len(), run[0]));
        }
        shared.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        shared.truncate(limit);
        shared.into_iter().map(|(_, article)| article).collect()
    }
}

/// Band keys as stored: 8 bytes little-endian each, in band order.
pub(crate) fn encode(keys: &[u64]) -> Vec<u8> {
    keys.iter().flat_map(|k| k.to_le_bytes()).collect()
}

/// The band keys of a stored blob; `None` when its length is not a multiple of 8.
pub(crate) fn decode(blob: &[u8]) -> Option<Vec<u64>> {
    (blob.len() % 8 == 0).then(|| {
        blob.chunks_exact(8)
            .map(|b| u64::from_le_bytes(b.try_into().expect("chunks of 8 bytes")))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_shared_keys_first_then_lowest_row() {
        let mut index = BandIndex::default();
        index.add(1, &[10, 11, 12]);
        index.add(2, &[10, 11, 12, 13]);
        index.add(3, &[13, 14]);
        index.add(4, &[99]);
        // Repeated keys, in the query or in an article, count once.
        index.add(5, &[14, 14]);
        assert_eq!(index.candidates(&[10, 11, 13, 13, 14], 10), [2, 1, 3, 5]);
        assert_eq!(index.candidates(&[10, 11, 13, 14], 2), [2, 1]);
        assert_eq!(index.candidates(&[7], 10), Vec::<i64>::new());
        assert_eq!(index.through, 5);
    }

    #[test]
    fn old_generations_are_forgotten_whole() {
        let mut index = BandIndex::with_generation(2);
        index.add(1, &[10]);
        index.add(2, &[10, 11]);
        index.add(3, &[10]);
        // Generations {1, 2} and {3}: all still answer.
        assert_eq!(index.candidates(&[10], 10), [1, 2, 3]);
        index.add(4, &[11]);
        index.add(5, &[10]);
        // {3, 4} and {5}: the first generation is gone.
        assert_eq!(index.candidates(&[10, 11], 10), [3, 4, 5]);
        assert_eq!(index.through, 5);
        assert_eq!(index.capacity(), 4);
    }

    #[test]
    fn keys_round_trip_through_their_blob() {
        let keys = [0, u64::MAX, 0x0123_4567_89ab_cdef];
        assert_eq!(decode(&encode(&keys)).unwrap(), keys);
        assert_eq!(decode(&[1, 2, 3]), None);
    }
}
