//! The clusterer's saved state: what [`Clusterer`]'s `Serialize` writes and its `Deserialize`
//! reads (`chorus ingest` keeps it as its checkpoint between runs).
//!
//! Most of the state is the open events' centroids: about 900 (term, weight) records per event
//! on a long news stream. A term is a 64-bit hash, but every term of a centroid is also a key of
//! its channel's document frequencies (an article's terms are counted before it joins). So each
//! channel's terms are written once, sorted (the vocabulary), and a centroid names its terms by
//! their place in that list: sorted, as gaps, in LEB128 varints, about 2 bytes a term instead
//! of 8. Weights are written as the exact `f32` they are.
//!
//! The layout, in JSON (byte strings in base64 without padding):
//!
//! - `config`, `seen`, `now`, `events`, `next_id`: as the fields of [`Clusterer`];
//! - `vocabulary`: per channel (`content`, `names`), `terms`, the sorted term hashes as varint
//!   gaps, and `df`, the document frequency of each as a varint, each list in strings of
//!   [`CHUNK`] terms (so that writing one needs no large buffer);
//! - `open`: one record per open event, by id: `content` and `names` (the count, the vocabulary
//!   places as varint gaps, then each weight as 4 bytes little-endian), the squared norms, the
//!   position of its last article and its counts of articles by script.
//!
//! After 100,000 articles of `chorus bench-ingest`'s generated stream this is 86 MB against 181
//! MB for the earlier layout, which wrote the frequencies as JSON maps and each centroid as
//! 12-byte records (`content_df`, `names_df`, `centroids`). That layout is still read.
//!
//! A restored clusterer rebuilds its inverted index and closing heaps from the open events
//! before its first article (see [`Clusterer::rebuild_indexes`]).

use std::collections::{BTreeMap, HashMap};

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use serde::de::Error as _;
use serde::ser::{Error as _, SerializeSeq, SerializeStruct};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Centroid, Clusterer, Entry, Event, EventId, FastHash, TermMap};
use crate::ClusterConfig;

impl Serialize for Clusterer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let content = Vocabulary::of(&self.content_df);
        let names = Vocabulary::of(&self.names_df);
        let mut state = serializer.serialize_struct("Clusterer", 7)?;
        state.serialize_field("config", &self.config)?;
        state.serialize_field("seen", &self.seen)?;
        state.serialize_field("now", &self.now)?;
        state.serialize_field("events", &self.events)?;
        state.serialize_field("next_id", &self.next_id)?;
        state.serialize_field(
            "vocabulary",
            &Vocabularies {
                content: &content,
                names: &names,
            },
        )?;
        state.serialize_field(
            "open",
            &Open {
                centroids: &self.centroids,
                content: &content,
                names: &names,
            },
        )?;
        state.end()
    }
}

/// Terms per chunk of a vocabulary's lists, so that no one string of the state is large.
const CHUNK: usize = 1 << 16;

/// A channel's terms, sorted, with their document frequencies.
struct Vocabulary<'a> {
    terms: Vec<u64>,
    df: &'a TermMap<u32>,
    /// Where each bucket of the hash range starts in `terms`, and where the last one ends (see
    /// [`Self::place`]).
    starts: Vec<u32>,
    /// log2 of the number of buckets.
    bits: u32,
}

impl<'a> Vocabulary<'a> {
    fn of(df: &'a TermMap<u32>) -> Self {
        let mut terms: Vec<u64> = df.keys().copied().collect();
        terms.sort_unstable();
        let bits = (terms.len() / 4)
            .max(1)
            .next_power_of_two()
            .trailing_zeros();
        let mut starts = Vec::with_capacity((1 << bits) + 1);
        for (place, &term) in terms.iter().enumerate() {
            let place = u32::try_from(place).expect("under 2^32 terms");
            while starts.len() <= bucket(term, bits) {
                starts.push(place);
            }
        }
        let end = u32::try_from(terms.len()).expect("under 2^32 terms");
        starts.resize((1 << bits) + 1, end);
        Vocabulary {
            terms,
            df,
            starts,
            bits,
        }
    }

    /// The place of `term` in the sorted terms. Term hashes are spread evenly over the 64-bit
    /// range, so cutting the range into a quarter as many buckets as there are terms leaves a
    /// few terms in each: the term is looked for among those of its bucket only.
    fn place(&self, term: u64) -> Option<u32> {
        let b = bucket(term, self.bits);
        let (start, end) = (self.starts[b] as usize, self.starts[b + 1] as usize);
        let offset = self.terms[start..end].binary_search(&term).ok()?;
        Some(u32::try_from(start + offset).expect("under 2^32 terms"))
    }
}

/// The bucket of a term among `2^bits` buckets of equal share of the hash range.
fn bucket(term: u64, bits: u32) -> usize {
    if bits == 0 {
        0
    } else {
        (term >> (64 - bits)) as usize
    }
}

impl Serialize for Vocabulary<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct("Vocabulary", 2)?;
        state.serialize_field(
            "terms",
            &Chunks(&self.terms, |chunk: &[u64], previous: Option<u64>| {
                let mut bytes = Vec::with_capacity(chunk.len() * 8);
                let mut previous = previous.unwrap_or(0);
                for &term in chunk {
                    push_varint(&mut bytes, term - previous);
                    previous = term;
                }
                bytes
            }),
        )?;
        state.serialize_field(
            "df",
            &Chunks(&self.terms, |chunk: &[u64], _| {
                let mut bytes = Vec::with_capacity(chunk.len() * 2);
                for term in chunk {
                    push_varint(&mut bytes, u64::from(self.df[term]));
                }
                bytes
            }),
        )?;
        state.end()
    }
}

/// A list of terms written as base64 strings of [`CHUNK`] terms each, each chunk encoded when
/// it is written (given the last term of the chunk before).
struct Chunks<'a, F>(&'a [u64], F);

impl<F: Fn(&[u64], Option<u64>) -> Vec<u8>> Serialize for Chunks<'_, F> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Chunks(terms, encode) = self;
        let mut seq = serializer.serialize_seq(Some(terms.len().div_ceil(CHUNK)))?;
        let mut previous = None;
        for chunk in terms.chunks(CHUNK) {
            seq.serialize_element(&STANDARD_NO_PAD.encode(encode(chunk, previous)))?;
            previous = chunk.last().copied();
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct Vocabularies<'a> {
    content: &'a Vocabulary<'a>,
    names: &'a Vocabulary<'a>,
}

/// The open events' centroids, by id, each encoded on the fly.
struct Open<'a> {
    centroids: &'a HashMap<EventId, Centroid, FastHash>,
    content: &'a Vocabulary<'a>,
    names: &'a Vocabulary<'a>,
}

impl Serialize for Open<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut ids: Vec<EventId> = self.centroids.keys().copied().collect();
        ids.sort_unstable();
        let mut seq = serializer.serialize_seq(Some(ids.len()))?;
        for id in ids {
            let centroid = &self.centroids[&id];
            seq.serialize_element(&StoredCentroid {
                id,
                content: encode_sum(&centroid.content, self.content).map_err(S::Error::custom)?,
                content_norm2: centroid.content_norm2,
                names: encode_sum(&centroid.names, self.names).map_err(S::Error::custom)?,
                names_norm2: centroid.names_norm2,
                last_position: centroid.last_position,
                cjk_articles: centroid.cjk_articles,
                other_articles: centroid.other_articles,
            })?;
        }
        seq.end()
    }
}

/// One open event's centroid as written.
#[derive(Serialize, Deserialize)]
struct StoredCentroid {
    id: EventId,
    content: String,
    content_norm2: f64,
    names: String,
    names_norm2: f64,
    last_position: u64,
    cjk_articles: u32,
    other_articles: u32,
}

/// A centroid sum as its count, its terms' vocabulary places as varint gaps, and its weights.
fn encode_sum(sum: &TermMap<Entry>, vocabulary: &Vocabulary<'_>) -> Result<String, String> {
    let mut records: Vec<(u32, f32)> = sum
        .iter()
        .map(|(&term, entry)| match vocabulary.place(term) {
            Some(place) => Ok((place, entry.weight)),
            None => Err(format!("centroid term {term} has no document frequency")),
        })
        .collect::<Result<_, _>>()?;
    records.sort_unstable_by_key(|&(place, _)| place);
    let mut bytes = Vec::with_capacity(records.len() * 7 + 4);
    push_varint(&mut bytes, records.len() as u64);
    let mut previous = 0;
    for &(place, _) in &records {
        push_varint(&mut bytes, u64::from(place - previous));
        previous = place;
    }
    for &(_, weight) in &records {
        bytes.extend_from_slice(&weight.to_le_bytes());
    }
    Ok(STANDARD_NO_PAD.encode(bytes))
}

/// The state as read: the compact layout (`vocabulary`, `open`) or the earlier one
/// (`content_df`, `names_df`, `centroids`).
#[derive(Deserialize)]
pub(super) struct Stored {
    config: ClusterConfig,
    seen: u64,
    now: Option<f64>,
    events: BTreeMap<EventId, Event>,
    next_id: u64,
    vocabulary: Option<StoredVocabularies>,
    open: Option<Vec<StoredCentroid>>,
    content_df: Option<TermMap<u32>>,
    names_df: Option<TermMap<u32>>,
    centroids: Option<HashMap<EventId, Centroid, FastHash>>,
}

#[derive(Deserialize)]
struct StoredVocabularies {
    content: StoredVocabulary,
    names: StoredVocabulary,
}

#[derive(Deserialize)]
struct StoredVocabulary {
    terms: Vec<String>,
    df: Vec<String>,
}

impl TryFrom<Stored> for Clusterer {
    type Error = String;

    fn try_from(stored: Stored) -> Result<Self, String> {
        let Stored {
            config,
            seen,
            now,
            events,
            next_id,
            vocabulary,
            open,
            content_df,
            names_df,
            centroids,
        } = stored;
        let mut clusterer = Clusterer::new(&config);
        clusterer.seen = seen;
        clusterer.now = now;
        clusterer.events = events;
        clusterer.next_id = next_id;
        match (vocabulary, open, content_df, names_df, centroids) {
            (Some(vocabulary), Some(open), None, None, None) => {
                let (content_terms, content_df) = decode_vocabulary(&vocabulary.content)?;
                let (names_terms, names_df) = decode_vocabulary(&vocabulary.names)?;
                clusterer.content_df = content_df;
                clusterer.names_df = names_df;
                for stored in open {
                    let centroid = Centroid {
                        content: decode_sum(&stored.content, &content_terms)?,
                        content_norm2: stored.content_norm2,
                        names: decode_sum(&stored.names, &names_terms)?,
                        names_norm2: stored.names_norm2,
                        last_position: stored.last_position,
                        cjk_articles: stored.cjk_articles,
                        other_articles: stored.other_articles,
                        first_time: None,
                        last_time: None,
                    };
                    if clusterer.centroids.insert(stored.id, centroid).is_some() {
                        return Err(format!("event {} is open twice", stored.id));
                    }
                }
            }
            (None, None, Some(content_df), Some(names_df), Some(centroids)) => {
                clusterer.content_df = content_df;
                clusterer.names_df = names_df;
                clusterer.centroids = centroids;
            }
            _ => return Err("the clusterer state is in neither layout".to_owned()),
        }
        // Every open event is held: its times and articles are read from it when the index is
        // rebuilt.
        if let Some(id) = clusterer
            .centroids
            .keys()
            .find(|id| !clusterer.events.get(id).is_some_and(|e| e.open))
        {
            return Err(format!("open event {id} is not held as open"));
        }
        clusterer.indexed = false;
        Ok(clusterer)
    }
}

fn decode_base64(text: &str) -> Result<Vec<u8>, String> {
    STANDARD_NO_PAD
        .decode(text.as_bytes())
        .map_err(|e| format!("clusterer state: {e}"))
}

/// A channel's sorted terms and their document frequencies.
fn decode_vocabulary(stored: &StoredVocabulary) -> Result<(Vec<u64>, TermMap<u32>), String> {
    let mut terms: Vec<u64> = Vec::new();
    for chunk in &stored.terms {
        let bytes = decode_base64(chunk)?;
        let mut reader = Varints::new(&bytes);
        while !reader.done() {
            let term = reader.next_after(terms.last().copied())?;
            terms.push(term);
        }
    }
    let mut df = TermMap::default();
    df.reserve(terms.len());
    let mut next = terms.iter();
    for chunk in &stored.df {
        let bytes = decode_base64(chunk)?;
        let mut reader = Varints::new(&bytes);
        while !reader.done() {
            let term = next
                .next()
                .ok_or("more document frequencies than vocabulary terms")?;
            let count =
                u32::try_from(reader.next()?).map_err(|_| "a document frequency overflows")?;
            df.insert(*term, count);
        }
    }
    if next.next().is_some() {
        return Err("a vocabulary term has no document frequency".to_owned());
    }
    Ok((terms, df))
}

/// A centroid sum from its encoding (see [`encode_sum`]). Positions in the inverted index are
/// set when the restored clusterer rebuilds it.
fn decode_sum(text: &str, terms: &[u64]) -> Result<TermMap<Entry>, String> {
    let bytes = decode_base64(text)?;
    let mut reader = Varints::new(&bytes);
    let count = usize::try_from(reader.next()?).map_err(|_| "a centroid is too long")?;
    // Each record takes at least 5 bytes: a count beyond that is corrupt, not a reason to
    // reserve memory.
    if count > bytes.len() / 5 {
        return Err("a centroid's count exceeds its bytes".to_owned());
    }
    let mut places: Vec<u64> = Vec::with_capacity(count);
    for _ in 0..count {
        let place = reader.next_after(places.last().copied())?;
        places.push(place);
    }
    let weights = reader.rest();
    if weights.len() != count * 4 {
        return Err("a centroid's weights are not whole".to_owned());
    }
    let mut sum = TermMap::default();
    sum.reserve(count);
    for (&place, weight) in places.iter().zip(weights.chunks_exact(4)) {
        let term = usize::try_from(place)
            .ok()
            .and_then(|p| terms.get(p))
            .ok_or("a centroid term is not in the vocabulary")?;
        let weight = f32::from_le_bytes(weight.try_into().expect("4 bytes"));
        sum.insert(
            *term,
            Entry {
                weight,
                listed_at: u32::MAX,
            },
        );
    }
    Ok(sum)
}

/// Reads a centroid sum of the earlier layout: one base64 string of 12-byte records (term,
/// then weight, both little-endian), sorted by term.
pub(super) fn legacy_centroid<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<TermMap<Entry>, D::Error> {
    const RECORD: usize = 12;
    let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
    let bytes = decode_base64(&text).map_err(D::Error::custom)?;
    if bytes.len() % RECORD != 0 {
        return Err(D::Error::custom("a packed centroid is not whole records"));
    }
    let sum: TermMap<Entry> = bytes
        .chunks_exact(RECORD)
        .map(|r| {
            let (term, weight) = r.split_at(8);
            (
                u64::from_le_bytes(term.try_into().expect("8 bytes")),
                Entry {
                    weight: f32::from_le_bytes(weight.try_into().expect("4 bytes")),
                    listed_at: u32::MAX,
                },
            )
        })
        .collect();
    if sum.len() != bytes.len() / RECORD {
        return Err(D::Error::custom("a packed centroid repeats a term"));
    }
    Ok(sum)
}

/// Appends `value` as an unsigned LEB128 varint: 7 bits a byte, low bits first, the high bit set
/// on every byte but the last.
fn push_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Reads unsigned LEB128 varints off a byte string.
struct Varints<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Varints<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Varints { bytes, at: 0 }
    }

    fn done(&self) -> bool {
        self.at == self.bytes.len()
    }

    fn next(&mut self) -> Result<u64, String> {
        let mut value: u64 = 0;
        for shift in (0..64).step_by(7) {
            let Some(&byte) = self.bytes.get(self.at) else {
                return Err("a varint is cut off".to_owned());
            };
            self.at += 1;
            let bits = u64::from(byte & 0x7F);
            if shift == 63 && bits > 1 {
                return Err("a varint overflows 64 bits".to_owned());
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("a varint overflows 64 bits".to_owned())
    }

    /// The next value of a strictly increasing list written as gaps: the first value whole
    /// (`previous` is `None`), each later one as its distance from `previous`.
    fn next_after(&mut self, previous: Option<u64>) -> Result<u64, String> {
        let gap = self.next()?;
        match previous {
            None => Ok(gap),
            Some(_) if gap == 0 => Err("a sorted list repeats a value".to_owned()),
            Some(p) => p
                .checked_add(gap)
                .ok_or_else(|| "a sorted list's value is out of range".to_owned()),
        }
    }

    /// The bytes after the last varint read.
    fn rest(&self) -> &'a [u8] {
        &self.bytes[self.at..]
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn varints(values: &[u64]) -> Vec<u8> {
        let mut bytes = Vec::new();
        for &v in values {
            push_varint(&mut bytes, v);
        }
        bytes
    }

    #[test]
    fn varints_take_one_byte_under_128_and_ten_for_the_largest() {
        assert_eq!(varints(&[0]), [0]);
        assert_eq!(varints(&[127]), [127]);
        assert_eq!(varints(&[128]), [0x80, 1]);
        assert_eq!(varints(&[u64::MAX]).len(), 10);
    }

    #[test]
    fn broken_varints_are_errors() {
        assert!(Varints::new(&[0x80]).next().is_err(), "cut off");
        let mut too_long = vec![0xFF; 9];
        too_long.push(0x02);
        assert!(Varints::new(&too_long).next().is_err(), "beyond 64 bits");
        assert!(Varints::new(&[0xFF; 11]).next().is_err(), "never ends");
    }

    #[test]
    fn broken_centroids_are_errors_not_panics() {
        let terms = [10, 20, 30];
        let encode = |bytes: &[u8]| STANDARD_NO_PAD.encode(bytes);
        let whole = |places: &[u64], weights: usize| {
            let mut bytes = varints(&[places.len() as u64]);
            bytes.extend(varints(places));
            bytes.extend(std::iter::repeat_n(0u8, weights * 4));
            encode(&bytes)
        };
        let sum = decode_sum(&whole(&[0, 2], 2), &terms).unwrap();
        assert_eq!(
            sum.keys()
                .copied()
                .collect::<std::collections::BTreeSet<_>>(),
            [10, 30].into()
        );
        for (text, why) in [
            (whole(&[0, 3], 2), "a place beyond the vocabulary"),
            (whole(&[1, 0], 2), "a repeated term"),
            (whole(&[0, 1], 1), "weights missing"),
            (whole(&[0, 1], 3), "weights left over"),
            (encode(&varints(&[1 << 40])), "a huge count"),
            ("not base64!".to_owned(), "not base64"),
        ] {
            assert!(decode_sum(&text, &terms).is_err(), "{why}");
        }
    }

    #[test]
    fn a_vocabulary_that_repeats_a_term_or_lacks_a_frequency_is_an_error() {
        // Each list in two chunks, cut in different places.
        let stored = |terms: &[u64], df: &[u64]| StoredVocabulary {
            terms: vec![
                STANDARD_NO_PAD.encode(varints(&terms[..1])),
                STANDARD_NO_PAD.encode(varints(&terms[1..])),
            ],
            df: vec![
                STANDARD_NO_PAD.encode(varints(&df[..df.len().min(2)])),
                STANDARD_NO_PAD.encode(varints(&df[df.len().min(2)..])),
            ],
        };
        let (terms, df) = decode_vocabulary(&stored(&[5, 3], &[1, 2])).unwrap();
        assert_eq!(terms, [5, 8]);
        assert_eq!((df[&5], df[&8]), (1, 2));
        assert!(decode_vocabulary(&stored(&[5, 0], &[1, 2])).is_err());
        assert!(decode_vocabulary(&stored(&[5, 3], &[1])).is_err());
        assert!(decode_vocabulary(&stored(&[5, 3], &[1, 2, 3])).is_err());
        assert!(decode_vocabulary(&stored(&[u64::MAX, 1], &[1, 2])).is_err());
    }

    #[test]
    fn a_vocabulary_of_several_chunks_reads_back_whole() {
        let mut df = TermMap::default();
        let mut term: u64 = 1;
        for count in 0..(2 * CHUNK as u32 + 7) {
            term = term
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            df.insert(term, count % 300 + 1);
        }
        let vocabulary = Vocabulary::of(&df);
        let json = serde_json::to_value(&vocabulary).unwrap();
        assert_eq!(json["terms"].as_array().unwrap().len(), 3);
        let stored: StoredVocabulary = serde_json::from_value(json).unwrap();
        let (terms, read) = decode_vocabulary(&stored).unwrap();
        assert_eq!(terms, vocabulary.terms);
        assert_eq!(read, df);
        for (place, &term) in terms.iter().enumerate() {
            assert_eq!(vocabulary.place(term), Some(place as u32));
        }
    }

    proptest! {
        #[test]
        fn a_place_is_the_binary_search_of_the_sorted_terms(
            mut terms in proptest::collection::vec(any::<u64>(), 0..2000),
            clustered in proptest::collection::vec(0u64..5000, 0..200),
            probes in proptest::collection::vec(any::<u64>(), 0..50),
        ) {
            // Uniform terms as hashes are, and a dense run that no guess lands near.
            terms.extend(clustered);
            let mut df = TermMap::default();
            for &term in &terms {
                df.insert(term, 1);
            }
            let vocabulary = Vocabulary::of(&df);
            for &term in vocabulary.terms.iter().chain(&probes) {
                let expected = vocabulary.terms.binary_search(&term).ok().map(|p| p as u32);
                prop_assert_eq!(vocabulary.place(term), expected);
            }
        }

        #[test]
        fn varints_read_back_what_was_written(values in proptest::collection::vec(any::<u64>(), 0..50)) {
            let bytes = varints(&values);
            let mut reader = Varints::new(&bytes);
            let mut read = Vec::new();
            while !reader.done() {
                read.push(reader.next().unwrap());
            }
            prop_assert_eq!(read, values);
        }
    }
}
