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
//!   gaps, `df`, the document frequency of each as a varint, and `last`, the period each was
//!   last counted in as a varint (absent before terms were forgotten: see [`Vocabulary`]), each
//!   list in strings of [`CHUNK`] terms (so that writing one needs no large buffer);
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
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{
    Centroid, Clusterer, Entry, Event, EventId, FastHash, IdMap, Slot, TermId, TermMap, Vocabulary,
};
use crate::ClusterConfig;

impl Serialize for Clusterer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let content = Sorted::of(&self.content);
        let names = Sorted::of(&self.names);
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

/// A channel's vocabulary in the order of its term hashes, as the state lists it.
struct Sorted {
    /// The terms held (not the forgotten ones whose ids wait for new terms) with their slots,
    /// in the order of their hashes.
    order: Vec<(u64, Slot)>,
    /// The place of each term id in `order`.
    places: Vec<u32>,
}

impl Sorted {
    fn of(vocabulary: &Vocabulary) -> Self {
        let mut order: Vec<(u64, Slot)> = vocabulary
            .slots
            .iter()
            .map(|(&term, &slot)| (term, slot))
            .collect();
        order.sort_unstable_by_key(|&(term, _)| term);
        let mut places = vec![0; vocabulary.terms.len()];
        for (place, (_, slot)) in order.iter().enumerate() {
            places[slot.id as usize] = u32::try_from(place).expect("under 2^32 terms");
        }
        Sorted { order, places }
    }
}

impl Serialize for Sorted {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct("Vocabulary", 3)?;
        state.serialize_field(
            "terms",
            &Chunks(
                &self.order,
                |chunk: &[(u64, Slot)], previous: Option<&(u64, Slot)>| {
                    let mut bytes = Vec::with_capacity(chunk.len() * 8);
                    let mut previous = previous.map_or(0, |&(term, _)| term);
                    for &(term, _) in chunk {
                        push_varint(&mut bytes, term - previous);
                        previous = term;
                    }
                    bytes
                },
            ),
        )?;
        state.serialize_field(
            "df",
            &Chunks(
                &self.order,
                |chunk: &[(u64, Slot)], _: Option<&(u64, Slot)>| {
                    let mut bytes = Vec::with_capacity(chunk.len() * 2);
                    for (_, slot) in chunk {
                        push_varint(&mut bytes, u64::from(slot.df));
                    }
                    bytes
                },
            ),
        )?;
        state.serialize_field(
            "last",
            &Chunks(
                &self.order,
                |chunk: &[(u64, Slot)], _: Option<&(u64, Slot)>| {
                    let mut bytes = Vec::with_capacity(chunk.len());
                    for (_, slot) in chunk {
                        push_varint(&mut bytes, u64::from(slot.last));
                    }
                    bytes
                },
            ),
        )?;
        state.end()
    }
}

/// A sorted vocabulary's terms written as base64 strings of [`CHUNK`] terms each, each chunk
/// encoded when it is written (given the last term of the chunk before).
struct Chunks<'a, F>(&'a [(u64, Slot)], F);

impl<F> Serialize for Chunks<'_, F>
where
    F: Fn(&[(u64, Slot)], Option<&(u64, Slot)>) -> Vec<u8>,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Chunks(terms, encode) = self;
        let mut seq = serializer.serialize_seq(Some(terms.len().div_ceil(CHUNK)))?;
        let mut previous = None;
        for chunk in terms.chunks(CHUNK) {
            seq.serialize_element(&STANDARD_NO_PAD.encode(encode(chunk, previous)))?;
            previous = chunk.last();
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct Vocabularies<'a> {
    content: &'a Sorted,
    names: &'a Sorted,
}

/// The open events' centroids, by id, each encoded on the fly.
struct Open<'a> {
    centroids: &'a HashMap<EventId, Centroid, FastHash>,
    content: &'a Sorted,
    names: &'a Sorted,
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
                content: encode_sum(&centroid.content, self.content),
                content_norm2: centroid.content_norm2,
                names: encode_sum(&centroid.names, self.names),
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
fn encode_sum(sum: &IdMap<Entry>, sorted: &Sorted) -> String {
    let mut records: Vec<(u32, f32)> = sum
        .iter()
        .map(|(&id, entry)| (sorted.places[id as usize], entry.weight))
        .collect();
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
    STANDARD_NO_PAD.encode(bytes)
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
    centroids: Option<HashMap<EventId, LegacyCentroid, FastHash>>,
}

/// An open event's centroid in the earlier layout: its sums keyed by term hash.
#[derive(Deserialize)]
struct LegacyCentroid {
    #[serde(deserialize_with = "legacy_centroid")]
    content: TermMap<f32>,
    content_norm2: f64,
    #[serde(deserialize_with = "legacy_centroid")]
    names: TermMap<f32>,
    names_norm2: f64,
    last_position: u64,
    cjk_articles: u32,
    other_articles: u32,
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
    /// Absent from states written before terms were forgotten: their terms count as last seen
    /// in the period the state was saved in.
    #[serde(default)]
    last: Vec<String>,
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
        let period = clusterer.period(seen);
        match (vocabulary, open, content_df, names_df, centroids) {
            (Some(vocabulary), Some(open), None, None, None) => {
                clusterer.content = decode_vocabulary(&vocabulary.content, period)?.vocabulary();
                clusterer.names = decode_vocabulary(&vocabulary.names, period)?.vocabulary();
                for stored in open {
                    let centroid = Centroid {
                        content: decode_sum(&stored.content, clusterer.content.terms.len())?,
                        content_norm2: stored.content_norm2,
                        names: decode_sum(&stored.names, clusterer.names.terms.len())?,
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
                clusterer.content = vocabulary_of(&content_df, period);
                clusterer.names = vocabulary_of(&names_df, period);
                for (id, legacy) in centroids {
                    let centroid = Centroid {
                        content: by_id(&legacy.content, &clusterer.content)?,
                        content_norm2: legacy.content_norm2,
                        names: by_id(&legacy.names, &clusterer.names)?,
                        names_norm2: legacy.names_norm2,
                        last_position: legacy.last_position,
                        cjk_articles: legacy.cjk_articles,
                        other_articles: legacy.other_articles,
                        first_time: None,
                        last_time: None,
                    };
                    clusterer.centroids.insert(id, centroid);
                }
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

/// A channel's vocabulary as read: the sorted terms, the document frequency of each and the
/// period each was last counted in.
struct Decoded {
    terms: Vec<u64>,
    df: Vec<u32>,
    last: Vec<u32>,
}

impl Decoded {
    fn vocabulary(self) -> Vocabulary {
        Vocabulary::from_terms(self.terms, &self.df, &self.last)
    }
}

/// A channel's sorted terms, their document frequencies and the periods they were last counted
/// in (`period` for each, in a state that does not list them).
fn decode_vocabulary(stored: &StoredVocabulary, period: u32) -> Result<Decoded, String> {
    let mut terms: Vec<u64> = Vec::new();
    for chunk in &stored.terms {
        let bytes = decode_base64(chunk)?;
        let mut reader = Varints::new(&bytes);
        while !reader.done() {
            let term = reader.next_after(terms.last().copied())?;
            terms.push(term);
        }
    }
    if u32::try_from(terms.len()).is_err() {
        return Err("a vocabulary of 2^32 terms or more".to_owned());
    }
    let df = decode_per_term(
        &stored.df,
        terms.len(),
        ("document frequency", "document frequencies"),
    )?;
    let last = if stored.last.is_empty() {
        vec![period; terms.len()]
    } else {
        decode_per_term(&stored.last, terms.len(), ("last period", "last periods"))?
    };
    if last.iter().any(|&seen| seen > period) {
        return Err("a term was last counted after the state was saved".to_owned());
    }
    Ok(Decoded { terms, df, last })
}

/// One varint per vocabulary term, in chunks: exactly `terms` of them, each under 2^32. `what`
/// names a value and several, for the errors.
fn decode_per_term(
    chunks: &[String],
    terms: usize,
    (one, several): (&str, &str),
) -> Result<Vec<u32>, String> {
    let mut values = Vec::with_capacity(terms);
    for chunk in chunks {
        let bytes = decode_base64(chunk)?;
        let mut reader = Varints::new(&bytes);
        while !reader.done() {
            if values.len() == terms {
                return Err(format!("more {several} than vocabulary terms"));
            }
            let value = u32::try_from(reader.next()?).map_err(|_| format!("a {one} overflows"))?;
            values.push(value);
        }
    }
    if values.len() < terms {
        return Err(format!("a vocabulary term has no {one}"));
    }
    Ok(values)
}

/// A vocabulary of the earlier layout's document frequencies, its ids in the order of the term
/// hashes, every term last counted in `period`.
fn vocabulary_of(df: &TermMap<u32>, period: u32) -> Vocabulary {
    let mut terms: Vec<(u64, u32)> = df.iter().map(|(&term, &df)| (term, df)).collect();
    terms.sort_unstable();
    let counts: Vec<u32> = terms.iter().map(|&(_, df)| df).collect();
    let last = vec![period; terms.len()];
    Vocabulary::from_terms(
        terms.into_iter().map(|(term, _)| term).collect(),
        &counts,
        &last,
    )
}

/// A centroid sum of the earlier layout keyed by term id instead of term hash.
fn by_id(sum: &TermMap<f32>, vocabulary: &Vocabulary) -> Result<IdMap<Entry>, String> {
    sum.iter()
        .map(|(&term, &weight)| match vocabulary.id(term) {
            Some(id) => Ok((
                id,
                Entry {
                    weight,
                    listed_at: u32::MAX,
                },
            )),
            None => Err(format!("centroid term {term} has no document frequency")),
        })
        .collect()
}

/// A centroid sum from its encoding (see [`encode_sum`]), keyed by the terms' places in a
/// vocabulary of `terms` terms, which are their ids. Positions in the lists of open events are
/// set when the restored clusterer rebuilds them.
fn decode_sum(text: &str, terms: usize) -> Result<IdMap<Entry>, String> {
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
    let mut sum = IdMap::default();
    sum.reserve(count);
    for (&place, weight) in places.iter().zip(weights.chunks_exact(4)) {
        let id = TermId::try_from(place)
            .ok()
            .filter(|&id| (id as usize) < terms)
            .ok_or("a centroid term is not in the vocabulary")?;
        let weight = f32::from_le_bytes(weight.try_into().expect("4 bytes"));
        sum.insert(
            id,
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
fn legacy_centroid<'de, D: Deserializer<'de>>(deserializer: D) -> Result<TermMap<f32>, D::Error> {
    const RECORD: usize = 12;
    let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
    let bytes = decode_base64(&text).map_err(D::Error::custom)?;
    if bytes.len() % RECORD != 0 {
        return Err(D::Error::custom("a packed centroid is not whole records"));
    }
    let sum: TermMap<f32> = bytes
        .chunks_exact(RECORD)
        .map(|r| {
            let (term, weight) = r.split_at(8);
            (
                u64::from_le_bytes(term.try_into().expect("8 bytes")),
                f32::from_le_bytes(weight.try_into().expect("4 bytes")),
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
        let sum = decode_sum(&whole(&[0, 2], 2), terms.len()).unwrap();
        assert_eq!(
            sum.keys()
                .copied()
                .collect::<std::collections::BTreeSet<_>>(),
            [0, 2].into()
        );
        for (text, why) in [
            (whole(&[0, 3], 2), "a place beyond the vocabulary"),
            (whole(&[1, 0], 2), "a repeated term"),
            (whole(&[0, 1], 1), "weights missing"),
            (whole(&[0, 1], 3), "weights left over"),
            (encode(&varints(&[1 << 40])), "a huge count"),
            ("not base64!".to_owned(), "not base64"),
        ] {
            assert!(decode_sum(&text, terms.len()).is_err(), "{why}");
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
            last: Vec::new(),
        };
        let Decoded { terms, df, last } = decode_vocabulary(&stored(&[5, 3], &[1, 2]), 4).unwrap();
        assert_eq!(terms, [5, 8]);
        assert_eq!(df, [1, 2]);
        assert_eq!(
            last,
            [4, 4],
            "a state without last periods: the period it was saved in"
        );
        assert!(decode_vocabulary(&stored(&[5, 0], &[1, 2]), 0).is_err());
        assert!(decode_vocabulary(&stored(&[5, 3], &[1]), 0).is_err());
        assert!(decode_vocabulary(&stored(&[5, 3], &[1, 2, 3]), 0).is_err());
        assert!(decode_vocabulary(&stored(&[u64::MAX, 1], &[1, 2]), 0).is_err());
        let with_last = |last: &[u64]| StoredVocabulary {
            last: vec![STANDARD_NO_PAD.encode(varints(last))],
            ..stored(&[5, 3], &[1, 2])
        };
        assert_eq!(
            decode_vocabulary(&with_last(&[0, 3]), 3).unwrap().last,
            [0, 3]
        );
        assert!(
            decode_vocabulary(&with_last(&[0]), 3).is_err(),
            "a period missing"
        );
        assert!(
            decode_vocabulary(&with_last(&[0, 1, 2]), 3).is_err(),
            "one too many"
        );
        assert!(
            decode_vocabulary(&with_last(&[0, 4]), 3).is_err(),
            "after the state"
        );
    }

    /// A vocabulary that saw these terms in this order, each `df` times, in period `df % 3`.
    fn vocabulary(terms: &[(u64, u32)]) -> Vocabulary {
        let mut vocabulary = Vocabulary::default();
        for &(term, df) in terms {
            for _ in 0..df {
                vocabulary.count(term, df % 3);
            }
        }
        vocabulary
    }

    #[test]
    fn a_vocabulary_of_several_chunks_reads_back_whole() {
        let mut seen = Vec::new();
        let mut term: u64 = 1;
        for count in 0..(2 * CHUNK as u32 + 7) {
            term = term
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            seen.push((term, count % 5 + 1));
        }
        let mut vocabulary = vocabulary(&seen);
        let sorted = Sorted::of(&vocabulary);
        let json = serde_json::to_value(&sorted).unwrap();
        assert_eq!(json["terms"].as_array().unwrap().len(), 3);
        assert_eq!(json["last"].as_array().unwrap().len(), 3);
        let stored: StoredVocabulary = serde_json::from_value(json).unwrap();
        let Decoded { terms, df, last } = decode_vocabulary(&stored, 2).unwrap();
        let mut sorted_seen = seen.clone();
        sorted_seen.sort_unstable();
        assert_eq!(
            terms,
            sorted_seen.iter().map(|&(t, _)| t).collect::<Vec<_>>()
        );
        assert_eq!(df, sorted_seen.iter().map(|&(_, d)| d).collect::<Vec<_>>());
        assert_eq!(
            last,
            sorted_seen.iter().map(|&(_, d)| d % 3).collect::<Vec<_>>()
        );

        // Forgotten terms (those last counted in period 0) are not written, and their ids go to
        // the next new terms.
        let forgotten = vocabulary.forget(1);
        assert_eq!(forgotten, seen.iter().filter(|&&(_, d)| d % 3 == 0).count());
        let json = serde_json::to_value(Sorted::of(&vocabulary)).unwrap();
        let stored: StoredVocabulary = serde_json::from_value(json).unwrap();
        let Decoded { terms, last, .. } = decode_vocabulary(&stored, 2).unwrap();
        sorted_seen.retain(|&(_, d)| d % 3 != 0);
        assert_eq!(
            terms,
            sorted_seen.iter().map(|&(t, _)| t).collect::<Vec<_>>()
        );
        assert!(last.iter().all(|&period| period > 0));
        let ids = vocabulary.terms.len();
        let slot = vocabulary.count(42, 2);
        assert!(
            (slot.id as usize) < ids,
            "a forgotten term's id is given again"
        );
        assert_eq!(vocabulary.terms.len(), ids);
        assert_eq!(vocabulary.terms[slot.id as usize], 42);
    }

    proptest! {
        #[test]
        fn a_place_is_the_term_s_rank_among_the_sorted_terms(
            terms in proptest::collection::hash_set(any::<u64>(), 0..500),
        ) {
            let terms: Vec<(u64, u32)> = terms.into_iter().map(|t| (t, 1)).collect();
            let vocabulary = vocabulary(&terms);
            let sorted = Sorted::of(&vocabulary);
            let mut hashes = vocabulary.terms.clone();
            hashes.sort_unstable();
            for (id, &term) in vocabulary.terms.iter().enumerate() {
                let expected = hashes.binary_search(&term).unwrap() as u32;
                prop_assert_eq!(sorted.places[id], expected);
                prop_assert_eq!(sorted.order[expected as usize].1.id, id as TermId);
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
