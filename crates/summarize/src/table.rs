//! The hash tables on the hot path of preparing an event: byte strings to values (lowercased
//! tokens to their memoized word, stems to their ids, the stopwords), and pairs of term ids to
//! bigram ids. Both are open-addressing tables with linear probing over a power-of-two array of
//! slots, at most half full, keyed without allocating: a byte string by its bytes (all keys kept
//! in one arena), a pair by one `u64`.

/// FxHash (the hash of rustc) of `bytes`, eight at a time, with the length mixed in first so that
/// keys that differ only by trailing zero bytes differ.
#[inline]
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hash = mix(0, bytes.len() as u64);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        hash = mix(hash, u64::from_le_bytes(word));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        hash = mix(hash, u64::from_le_bytes(word));
    }
    hash
}

/// The longest key [`lowercase_ascii_key`] reads.
pub(crate) const SHORT_KEY: usize = 24;

/// The token `bytes[start..start + len]` (`len` at most [`SHORT_KEY`]) lowercased into a
/// zero-padded buffer, with the [`hash_bytes`] of the lowercased token, or `None` when the token
/// holds a byte outside ASCII. Eight bytes at a time: each word is read straight from `bytes`
/// (past the token's end when the text goes on, those bytes masked off), checked for ASCII,
/// lowercased by arithmetic on all eight bytes at once and hashed.
#[inline]
pub(crate) fn lowercase_ascii_key(
    bytes: &[u8],
    start: usize,
    len: usize,
) -> Option<([u8; SHORT_KEY], u64)> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut buf = [0u8; SHORT_KEY];
    let mut hash = mix(0, len as u64);
    let mut k = 0;
    while k < len {
        let at = start + k;
        let n = (len - k).min(8);
        let word = if at + 8 <= bytes.len() {
            let mut word = [0u8; 8];
            word.copy_from_slice(&bytes[at..at + 8]);
            // The token's `n` bytes (1 to 8), without a branch on the token's length, which
            // no predictor can guess.
            u64::from_le_bytes(word) & (u64::MAX >> (64 - 8 * n))
        } else {
            let mut word = [0u8; 8];
            word[..n].copy_from_slice(&bytes[at..at + n]);
            u64::from_le_bytes(word)
        };
        if word & HIGH != 0 {
            return None;
        }
        // For an ASCII byte, adding 0x3f sets its high bit from 'A' up, adding 0x25 from just
        // past 'Z' up (no carry reaches the next byte): the bytes in 'A'..='Z' get 0x20 added.
        let upper = (word + 0x3f3f_3f3f_3f3f_3f3f) & !(word + 0x2525_2525_2525_2525) & HIGH;
        let lower = word | (upper >> 2);
        buf[k..k + 8].copy_from_slice(&lower.to_le_bytes());
        hash = mix(hash, lower);
        k += 8;
    }
    Some((buf, hash))
}

/// Whether two byte strings are equal, compared inline: keys are short, and equal hashes make a
/// mismatch rare, so a call to `memcmp` costs more than the loop.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// One step of FxHash. Its high bits are well mixed, its low bits less so: slots are chosen by
/// the high bits.
#[inline]
fn mix(hash: u64, word: u64) -> u64 {
    (hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// The slot of `hash` in a table of `1 << bits` slots.
#[inline]
fn slot_of(hash: u64, bits: u32) -> usize {
    (hash >> (64 - bits)) as usize
}

/// Byte strings to values of type `V`, each key given an index in order of insertion.
#[derive(Debug, Clone)]
pub(crate) struct BytesTable<V> {
    /// Per slot, the index of its entry plus one; 0 for an empty slot.
    slots: Vec<u32>,
    /// log2 of `slots.len()`.
    bits: u32,
    /// Each key: its hash, where it lies in `keys`, and its value.
    entries: Vec<Entry<V>>,
    /// The keys of all entries, one after another.
    keys: Vec<u8>,
}

#[derive(Debug, Clone, Copy)]
struct Entry<V> {
    hash: u64,
    start: u32,
    len: u32,
    value: V,
}

impl<V: Copy> Default for BytesTable<V> {
    fn default() -> Self {
        BytesTable::with_capacity(512)
    }
}

impl<V: Copy> BytesTable<V> {
    /// An empty table with room for `keys` keys (of eight bytes on average) before it grows.
    pub(crate) fn with_capacity(keys: usize) -> Self {
        let bits = (keys.max(1) * 2).next_power_of_two().trailing_zeros();
        BytesTable {
            slots: vec![0; 1 << bits],
            bits,
            entries: Vec::with_capacity(keys),
            keys: Vec::with_capacity(keys * 8),
        }
    }

    /// Number of keys in the table.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Forgets the keys inserted after the first `len` (nothing when it holds no more), the
    /// last first. Each key sits where probing placed it when every key inserted before it was
    /// in (the table grows by inserting them again in order), so no earlier key's probe
    /// sequence runs through the slot of a later one, and emptying the later slots leaves every
    /// earlier key found.
    pub(crate) fn truncate(&mut self, len: usize) {
        let mask = self.slots.len() - 1;
        while self.entries.len() > len {
            let index = self.entries.len();
            let entry = self
                .entries
                .pop()
                .expect("the table holds more than len keys");
            let mut slot = slot_of(entry.hash, self.bits);
            while self.slots[slot] as usize != index {
                slot = (slot + 1) & mask;
            }
            self.slots[slot] = 0;
            self.keys.truncate(entry.start as usize);
        }
    }

    /// Forgets every key (keeping the memory).
    pub(crate) fn clear(&mut self) {
        self.slots.fill(0);
        self.entries.clear();
        self.keys.clear();
    }

    /// The value of `key`, whose [`hash_bytes`] is `hash`.
    #[inline(always)]
    pub(crate) fn get(&self, key: &[u8], hash: u64) -> Option<V> {
        self.find(key, hash).map(|k| self.entries[k].value)
    }

    /// The index of `key` (the number of keys inserted before it), whose [`hash_bytes`] is
    /// `hash`.
    #[inline(always)]
    pub(crate) fn find(&self, key: &[u8], hash: u64) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let mut slot = slot_of(hash, self.bits);
        loop {
            let e = self.slots[slot];
            if e == 0 {
                return None;
            }
            let entry = &self.entries[e as usize - 1];
            if entry.hash == hash && same_bytes(self.key_at(entry), key) {
                return Some(e as usize - 1);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// The key inserted `index`-th (from 0).
    #[cfg(test)]
    pub(crate) fn key(&self, index: usize) -> &[u8] {
        self.key_at(&self.entries[index])
    }

    #[inline]
    fn key_at(&self, entry: &Entry<V>) -> &[u8] {
        &self.keys[entry.start as usize..(entry.start + entry.len) as usize]
    }

    /// Adds `key` (not yet in the table, with [`hash_bytes`] `hash`) with its value, and returns
    /// its index.
    pub(crate) fn insert(&mut self, key: &[u8], hash: u64, value: V) -> usize {
        if (self.entries.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        self.entries.push(Entry {
            hash,
            start: self.keys.len() as u32,
            len: key.len() as u32,
            value,
        });
        self.keys.extend_from_slice(key);
        self.place(self.entries.len() as u32, hash);
        self.entries.len() - 1
    }

    fn place(&mut self, entry: u32, hash: u64) {
        let mask = self.slots.len() - 1;
        let mut slot = slot_of(hash, self.bits);
        while self.slots[slot] != 0 {
            slot = (slot + 1) & mask;
        }
        self.slots[slot] = entry;
    }

    fn grow(&mut self) {
        self.bits += 1;
        self.slots = vec![0; 1 << self.bits];
        for k in 0..self.entries.len() {
            self.place(k as u32 + 1, self.entries[k].hash);
        }
    }
}

/// Pairs of term ids to ids given in order of first use: the bigram ids of one event. Emptied in
/// constant time between events (each slot remembers the event it was filled in).
#[derive(Debug, Clone)]
pub(crate) struct PairIds {
    /// Per slot: the pair, its id, and the number of the event that filled it.
    slots: Vec<PairSlot>,
    /// log2 of `slots.len()`.
    bits: u32,
    /// Ids given in the current event.
    len: u32,
    /// The number of the current event; slots of other events are empty.
    event: u32,
}

#[derive(Debug, Clone, Copy, Default)]
struct PairSlot {
    key: u64,
    id: u32,
    event: u32,
}

impl Default for PairIds {
    fn default() -> Self {
        PairIds {
            slots: vec![PairSlot::default(); 1 << 10],
            bits: 10,
            len: 0,
            event: 1,
        }
    }
}

impl PairIds {
    /// Forgets every pair: ids start again from 0.
    pub(crate) fn start(&mut self) {
        self.len = 0;
        self.event = self.event.wrapping_add(1);
        if self.event == 0 {
            // After 2^32 events the numbers come round: forget the old marks for good.
            self.slots.fill(PairSlot::default());
            self.event = 1;
        }
    }

    /// Number of ids given since [`PairIds::start`].
    pub(crate) fn len(&self) -> usize {
        self.len as usize
    }

    /// The id of the pair `(a, b)`, a new one (the number of pairs so far) at its first use.
    #[inline]
    pub(crate) fn id(&mut self, a: u32, b: u32) -> u32 {
        let key = (u64::from(a) << 32) | u64::from(b);
        let hash = mix(0, key);
        let mask = self.slots.len() - 1;
        let mut slot = slot_of(hash, self.bits);
        loop {
            let s = self.slots[slot];
            if s.event != self.event {
                break;
            }
            if s.key == key {
                return s.id;
            }
            slot = (slot + 1) & mask;
        }
        let id = self.len;
        self.slots[slot] = PairSlot {
            key,
            id,
            event: self.event,
        };
        self.len += 1;
        if self.len as usize * 2 > self.slots.len() {
            self.grow();
        }
        id
    }

    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        self.bits += 1;
        self.slots = vec![PairSlot::default(); 1 << self.bits];
        let mask = self.slots.len() - 1;
        for s in old.into_iter().filter(|s| s.event == self.event) {
            let mut slot = slot_of(mix(0, s.key), self.bits);
            while self.slots[slot].event == self.event {
                slot = (slot + 1) & mask;
            }
            self.slots[slot] = s;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn bytes_table_finds_what_it_holds_and_grows() {
        let mut table = BytesTable::default();
        let keys: Vec<String> = (0..5000).map(|k| format!("w{k}")).collect();
        for (k, key) in keys.iter().enumerate() {
            let hash = hash_bytes(key.as_bytes());
            assert!(table.get(key.as_bytes(), hash).is_none());
            assert_eq!(table.insert(key.as_bytes(), hash, k as u32), k);
        }
        assert_eq!(table.len(), keys.len());
        for (k, key) in keys.iter().enumerate() {
            let found = table.get(key.as_bytes(), hash_bytes(key.as_bytes()));
            assert_eq!(found, Some(k as u32));
            assert_eq!(
                table.find(key.as_bytes(), hash_bytes(key.as_bytes())),
                Some(k)
            );
            assert_eq!(table.key(k), key.as_bytes());
        }
        assert!(table.get(b"w", hash_bytes(b"w")).is_none());
        table.clear();
        assert_eq!(table.len(), 0);
        assert!(table.get(b"w1", hash_bytes(b"w1")).is_none());
    }

    #[test]
    fn keys_differing_in_trailing_zero_bytes_hash_apart() {
        assert_ne!(hash_bytes(b"ab"), hash_bytes(b"ab\0"));
        assert_ne!(hash_bytes(b""), hash_bytes(b"\0"));
    }

    #[test]
    fn pair_ids_are_given_in_order_of_first_use_and_forgotten_per_event() {
        let mut ids = PairIds::default();
        assert_eq!(ids.id(1, 2), 0);
        assert_eq!(ids.id(2, 1), 1);
        assert_eq!(ids.id(1, 2), 0);
        assert_eq!(ids.len(), 2);
        ids.start();
        assert_eq!(ids.len(), 0);
        assert_eq!(ids.id(2, 1), 0);
        for k in 0..3000 {
            assert_eq!(ids.id(k, k + 1), k + 1);
        }
        assert_eq!(ids.id(2, 1), 0);
        assert_eq!(ids.id(5, 6), 6);
    }

    proptest::proptest! {
        /// The lowercased key and its hash are those of the token lowercased byte by byte,
        /// wherever the token lies in the text; a token with a byte outside ASCII gives none.
        #[test]
        fn lowercase_ascii_keys_are_the_lowercased_bytes(
            before in "[ a-zA-Z\u{e9}]{0,9}",
            token in "[a-zA-Z0-9'\\-.@\\[\\]`{\u{e9}]{0,24}",
            after in "[ a-zA-Z\u{e9}]{0,9}",
        ) {
            let text = format!("{before}{token}{after}");
            let start = before.len();
            let len = token.len();
            proptest::prop_assume!(len <= SHORT_KEY);
            let found = lowercase_ascii_key(text.as_bytes(), start, len);
            if token.is_ascii() {
                let lower = token.to_ascii_lowercase();
                let (buf, hash) = found.expect("an ASCII token has a key");
                proptest::prop_assert_eq!(&buf[..len], lower.as_bytes());
                proptest::prop_assert!(buf[len..].iter().all(|&b| b == 0));
                proptest::prop_assert_eq!(hash, hash_bytes(lower.as_bytes()));
            } else {
                proptest::prop_assert!(found.is_none());
            }
        }

        /// The bytes table agrees with a `HashMap` on any sequence of keys.
        #[test]
        fn bytes_table_agrees_with_a_hash_map(keys in proptest::collection::vec("[a-c\u{e9}']{0,10}", 0..200)) {
            let mut table = BytesTable::default();
            let mut map: HashMap<String, u32> = HashMap::new();
            for key in &keys {
                let hash = hash_bytes(key.as_bytes());
                let found = table.get(key.as_bytes(), hash);
                proptest::prop_assert_eq!(found, map.get(key).copied());
                if found.is_none() {
                    let next = map.len() as u32;
                    map.insert(key.clone(), next);
                    table.insert(key.as_bytes(), hash, next);
                }
            }
        }

        /// After forgetting the keys inserted after the first `keep` (with growth in
        /// between), the table finds exactly the keys it kept, and goes on agreeing with a
        /// `HashMap` as keys are inserted again.
        #[test]
        fn a_truncated_table_finds_exactly_the_keys_it_kept(
            keys in proptest::collection::vec("[a-e\u{e9}']{0,6}", 0..300),
            keep in 0usize..300,
            more in proptest::collection::vec("[a-e\u{e9}']{0,6}", 0..100),
        ) {
            let mut table = BytesTable::with_capacity(4);
            let mut order: Vec<String> = Vec::new();
            for key in &keys {
                if table.get(key.as_bytes(), hash_bytes(key.as_bytes())).is_none() {
                    table.insert(key.as_bytes(), hash_bytes(key.as_bytes()), order.len() as u32);
                    order.push(key.clone());
                }
            }
            let keep = keep.min(order.len());
            table.truncate(keep);
            order.truncate(keep);
            proptest::prop_assert_eq!(table.len(), keep);
            let mut map: HashMap<String, u32> =
                order.iter().enumerate().map(|(k, key)| (key.clone(), k as u32)).collect();
            for key in keys.iter().chain(&more) {
                let hash = hash_bytes(key.as_bytes());
                proptest::prop_assert_eq!(table.get(key.as_bytes(), hash), map.get(key).copied());
            }
            for key in &more {
                let hash = hash_bytes(key.as_bytes());
                if table.get(key.as_bytes(), hash).is_none() {
                    let next = map.len() as u32;
                    map.insert(key.clone(), next);
                    table.insert(key.as_bytes(), hash, next);
                }
                proptest::prop_assert_eq!(table.get(key.as_bytes(), hash), map.get(key).copied());
            }
        }

        /// Pair ids agree with a `HashMap` that numbers pairs in order of first use, over events.
        #[test]
        fn pair_ids_agree_with_a_hash_map(
            events in proptest::collection::vec(
                proptest::collection::vec((0u32..40, 0u32..40), 0..1500), 1..4)
        ) {
            let mut ids = PairIds::default();
            for pairs in &events {
                ids.start();
                let mut map: HashMap<(u32, u32), u32> = HashMap::new();
                for &(a, b) in pairs {
                    let next = map.len() as u32;
                    let expected = *map.entry((a, b)).or_insert(next);
                    proptest::prop_assert_eq!(ids.id(a, b), expected);
                }
                proptest::prop_assert_eq!(ids.len(), map.len());
            }
        }
    }
}
