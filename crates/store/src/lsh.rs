//! The near-copy candidate index: MinHash signatures of word shingles, cut into LSH bands.
//!
//! Finding the stored articles a new one may copy must not scan the whole database. Each article's
//! kept text gets a MinHash signature of [`BANDS`] × [`ROWS`] values over the same shingles
//! `dedup` compares (4 lowercased alphanumeric words); each band of [`ROWS`] values hashes to one
//! key stored beside the article. Two texts share a band key with probability
//! `1 - (1 - J^ROWS)^BANDS` for a shingle Jaccard similarity `J`: 0.99 at `J = 0.6` (dedup's
//! threshold), 0.85 at `J = 0.45` (a reprint cut to half of its original, which dedup still
//! calls a copy by containment), 0.15 at `J = 0.2`. Candidates are only candidates:
//! `dedup::find_copies` decides, so a false candidate costs one comparison and never a wrong link.

use xxhash_rust::xxh3::xxh3_64;

/// Bands of a signature: each band is one stored key.
pub const BANDS: usize = 20;
/// Rows (MinHash values) per band.
pub const ROWS: usize = 3;
/// Words per shingle, as in `dedup::DedupConfig::shingle`'s default.
pub const SHINGLE: usize = 4;

/// The band keys of one text; empty when the text has fewer words than one shingle.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fingerprint {
    /// One key per band; equal keys in the same position mean a shared band.
    pub keys: Vec<u64>,
}

impl Fingerprint {
    /// The fingerprint of a text (an article's kept paragraphs).
    pub fn of(text: &str) -> Fingerprint {
        Fingerprint::of_shingles(&dedup::shingles(text, SHINGLE))
    }

    /// The fingerprint of a text from its 4-word shingles (`dedup::shingles(text, 4)`, each
    /// once), for callers that have them already.
    pub fn of_shingles(shingles: &[u64]) -> Fingerprint {
        if shingles.is_empty() {
            return Fingerprint::default();
        }
        // Shingle by shingle over the whole signature, with the salts precomputed: 32 µs for
        // 480 shingles against 42 µs computing each salt in the loop; one function at a time
        // over all the shingles, or four, or two shingles per pass, were measured slower (the
        // compiler turns those into two-lane SIMD without a 64-bit multiply).
        let mut signature = [u64::MAX; BANDS * ROWS];
        for &shingle in shingles {
            for (slot, &salt) in signature.iter_mut().zip(&SALTS) {
                let value = mix(shingle ^ salt);
                if value < *slot {
                    *slot = value;
                }
            }
        }
        let keys = signature
            .chunks(ROWS)
            .enumerate()
            .map(|(band, rows)| {
                let mut bytes = Vec::with_capacity(8 * (ROWS + 1));
                bytes.extend_from_slice(&(band as u64).to_le_bytes());
                for row in rows {
                    bytes.extend_from_slice(&row.to_le_bytes());
                }
                xxh3_64(&bytes)
            })
            .collect();
        Fingerprint { keys }
    }
}

/// Odd constants that make the signature's hash functions differ.
const SEEDS: [u64; 4] = [
    0x9e37_79b9_7f4a_7c15,
    0xbf58_476d_1ce4_e5b9,
    0x94d0_49bb_1331_11eb,
    0xd6e8_feb8_6659_fd93,
];

/// What each of the signature's hash functions XORs into a shingle before mixing it: function
/// `i` uses `SEEDS[i % 4] * (i + 1)`.
const SALTS: [u64; BANDS * ROWS] = {
    let mut salts = [0u64; BANDS * ROWS];
    let mut i = 0;
    while i < salts.len() {
        salts[i] = SEEDS[i % SEEDS.len()].wrapping_mul(i as u64 + 1);
        i += 1;
    }
    salts
};

/// SplitMix64's finalizer: a cheap, well-mixed permutation of 64-bit values.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "The river broke through the northern levee before dawn on Friday, flooding \
        three districts of the port. Rescue teams said at least forty people had died and more \
        were missing as the water kept rising through the morning, officials said.";

    fn shared(a: &Fingerprint, b: &Fingerprint) -> usize {
        a.keys.iter().zip(&b.keys).filter(|(x, y)| x == y).count()
    }

    #[test]
    fn a_light_edit_shares_bands_and_an_other_text_does_not() {
        let a = Fingerprint::of(TEXT);
        assert_eq!(a.keys.len(), BANDS);
        let edited = Fingerprint::of(&TEXT.replace("forty", "41"));
        assert!(shared(&a, &edited) > 0);
        let other = Fingerprint::of(
            "Officials in the capital blamed the upstream dam operator for releasing water \
             without warning, and the interior minister promised an inquiry.",
        );
        assert_eq!(shared(&a, &other), 0);
    }

    /// The signature as first written, shingle by shingle: stored band keys must not change.
    fn reference_keys(shingles: &[u64]) -> Vec<u64> {
        if shingles.is_empty() {
            return Vec::new();
        }
        let mut signature = [u64::MAX; BANDS * ROWS];
        for &shingle in shingles {
            for (i, slot) in signature.iter_mut().enumerate() {
                let value = mix(shingle ^ SEEDS[i % SEEDS.len()].wrapping_mul(i as u64 + 1));
                if value < *slot {
                    *slot = value;
                }
            }
        }
        signature
            .chunks(ROWS)
            .enumerate()
            .map(|(band, rows)| {
                let mut bytes = Vec::new();
                bytes.extend_from_slice(&(band as u64).to_le_bytes());
                for row in rows {
                    bytes.extend_from_slice(&row.to_le_bytes());
                }
                xxh3_64(&bytes)
            })
            .collect()
    }

    #[test]
    fn keys_match_their_reference_definition() {
        for text in [TEXT, "Too short.", "", "one two three four five"] {
            let shingles = dedup::shingles(text, SHINGLE);
            assert_eq!(Fingerprint::of(text).keys, reference_keys(&shingles));
        }
        let many: Vec<u64> = (0..5000u64)
            .map(|i| i.wrapping_mul(0x2545_f491_4f6c_dd1d))
            .collect();
        assert_eq!(Fingerprint::of_shingles(&many).keys, reference_keys(&many));
    }

    #[test]
    fn case_and_punctuation_do_not_matter_and_short_texts_have_no_keys() {
        assert_eq!(
            Fingerprint::of(TEXT),
            Fingerprint::of(&TEXT.to_uppercase().replace(',', ""))
        );
        assert!(Fingerprint::of("Too short.").keys.is_empty());
    }
}
