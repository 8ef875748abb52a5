//! The near-copy candidate index: one-permutation MinHash signatures of word shingles, cut into
//! LSH bands.
//!
//! Finding the stored articles a new one may copy must not scan the whole database. Each article's
//! kept text gets a MinHash signature of [`BANDS`] × [`ROWS`] values over the same shingles
//! `dedup` compares (4 lowercased alphanumeric words); each band of [`ROWS`] values hashes to one
//! key stored beside the article. Two texts share a band key with probability
//! `1 - (1 - J^ROWS)^BANDS` for a shingle Jaccard similarity `J`: 0.99 at `J = 0.6` (dedup's
//! threshold), 0.85 at `J = 0.45` (a reprint cut to half of its original, which dedup still
//! calls a copy by containment), 0.15 at `J = 0.2`. The tests measure these on synthetic shingle
//! sets of article length (480 shingles) and of short texts (40). Candidates are only
//! candidates: `dedup::find_copies` decides, so a false candidate costs one comparison and never
//! a wrong link.
//!
//! The signature is one-permutation MinHash (Li, Owen and Zhang, "One Permutation Hashing",
//! NIPS 2012): each shingle is hashed once, the hash picks one of the signature's slots (its bin)
//! and competes for that slot's minimum, so a text costs one hash per shingle rather than one per
//! shingle and slot. A slot that no shingle fell in (a short text has many) is filled by optimal
//! densification (Shrivastava, "Optimal Densification for Fast and Accurate Minwise Hashing",
//! ICML 2017): it takes the value of the first non-empty slot along a probe sequence that depends
//! only on the empty slot's position, so two texts probe alike. Either way two signatures agree
//! in a slot with probability `J`, as with one hash function per slot: the slot's value comes
//! from the first probed bin that either text has shingles in, and the two agree exactly when the
//! least shingle of both texts in that bin is in both (hashes of different bins differ).
//!
//! The band keys are stored (`article_band_keys`): changing how they are computed needs a
//! migration that recomputes them (schema version 8 did, from the stored shingles).

use xxhash_rust::xxh3::xxh3_64;

/// Bands of a signature: each band is one stored key.
pub const BANDS: usize = 20;
/// Rows (MinHash values) per band.
pub const ROWS: usize = 3;
/// Words per shingle, as in `dedup::DedupConfig::shingle`'s default.
pub const SHINGLE: usize = 4;

/// Slots of a signature: band `b` is slots `b · ROWS ..= b · ROWS + ROWS - 1`.
const SLOTS: usize = BANDS * ROWS;

/// The signature's filled slots as bits: every slot has a bit of its own.
type SlotSet = u64;
const _: () = assert!(SLOTS <= SlotSet::BITS as usize);

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

    /// The fingerprint of a text from its 4-word shingles (`dedup::shingles(text, 4)`), for
    /// callers that have them already. Their order and repeats do not matter.
    pub fn of_shingles(shingles: &[u64]) -> Fingerprint {
        if shingles.is_empty() {
            return Fingerprint::default();
        }
        let signature = signature(shingles);
        let keys = signature
            .chunks_exact(ROWS)
            .enumerate()
            .map(|(band, rows)| {
                let mut bytes = [0u8; 8 * (ROWS + 1)];
                bytes[..8].copy_from_slice(&(band as u64).to_le_bytes());
                for (row, out) in rows.iter().zip(bytes[8..].chunks_exact_mut(8)) {
                    out.copy_from_slice(&row.to_le_bytes());
                }
                xxh3_64(&bytes)
            })
            .collect();
        Fingerprint { keys }
    }
}

/// The one-permutation MinHash signature of a non-empty set of shingles, densified.
fn signature(shingles: &[u64]) -> [u64; SLOTS] {
    let mut signature = [u64::MAX; SLOTS];
    let mut filled: SlotSet = 0;
    for &shingle in shingles {
        let value = mix(shingle ^ SHINGLE_SEED);
        let slot = bin(value);
        filled |= 1 << slot;
        if value < signature[slot] {
            signature[slot] = value;
        }
    }
    densify(&mut signature, filled);
    signature
}

/// Fills each empty slot of `signature` (those not in `filled`, which must not be empty) with
/// the value of the first filled slot along the slot's probe sequence, Shrivastava's optimal
/// densification. Slots are copied from as they were before any was filled. A sequence that
/// has not met a filled slot after [`MAX_PROBES`] probes (about `e^-17` for the worst case, one
/// filled slot) ends at the next filled slot after the empty one, so that the loop is bounded.
fn densify(signature: &mut [u64; SLOTS], filled: SlotSet) {
    debug_assert!(filled != 0);
    let full: SlotSet = SlotSet::MAX >> (SlotSet::BITS as usize - SLOTS);
    if filled == full {
        return;
    }
    let hashed = *signature;
    for (slot, value) in signature.iter_mut().enumerate() {
        if filled & (1 << slot) != 0 {
            continue;
        }
        let probed = (0..MAX_PROBES)
            .map(|attempt| bin(mix(PROBE_SEED ^ ((slot as u64) << 32 | attempt))))
            .find(|&source| filled & (1 << source) != 0);
        let source = probed.unwrap_or_else(|| {
            (1..SLOTS)
                .map(|step| (slot + step) % SLOTS)
                .find(|&source| filled & (1 << source) != 0)
                .expect("some slot is filled")
        });
        *value = hashed[source];
    }
}

/// Probes of an empty slot's sequence before densification falls back to the next filled slot.
const MAX_PROBES: u64 = 1024;

/// What a shingle's hash is XORed with before mixing: the signature's one permutation.
const SHINGLE_SEED: u64 = 0x9e37_79b9_7f4a_7c15;

/// What a probe's slot and attempt are XORed with before mixing.
const PROBE_SEED: u64 = 0xd6e8_feb8_6659_fd93;

/// The slot of a hash: its high bits scaled to `0..SLOTS` (Lemire's multiply-shift), which
/// leaves the value's order within a slot uniform.
fn bin(hash: u64) -> usize {
    ((u128::from(hash) * SLOTS as u128) >> 64) as usize
}

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

    /// The signature as the papers define it, slot by slot: the least hash of the shingles in
    /// the slot's bin, or, for an empty bin, that of the first non-empty bin its probes reach.
    fn reference_signature(shingles: &[u64]) -> Vec<u64> {
        let hashed = |slot: usize| {
            shingles
                .iter()
                .map(|&s| mix(s ^ SHINGLE_SEED))
                .filter(|&h| bin(h) == slot)
                .min()
        };
        (0..SLOTS)
            .map(|slot| {
                hashed(slot).unwrap_or_else(|| {
                    (0..)
                        .find_map(|attempt: u64| {
                            hashed(bin(mix(PROBE_SEED ^ ((slot as u64) << 32 | attempt))))
                        })
                        .unwrap()
                })
            })
            .collect()
    }

    #[test]
    fn signatures_match_their_reference_definition() {
        let many: Vec<u64> = (0..5000u64)
            .map(|i| i.wrapping_mul(0x2545_f491_4f6c_dd1d))
            .collect();
        let cases = [
            dedup::shingles(TEXT, SHINGLE),
            dedup::shingles("one two three four five", SHINGLE),
            vec![42],
            many,
        ];
        for shingles in &cases {
            assert_eq!(signature(shingles).to_vec(), reference_signature(shingles));
            // Order and repeats do not matter.
            let mut shuffled: Vec<u64> = shingles.iter().rev().copied().collect();
            shuffled.extend_from_slice(shingles);
            assert_eq!(
                Fingerprint::of_shingles(&shuffled),
                Fingerprint::of_shingles(shingles)
            );
        }
        // One shingle fills every slot with its hash.
        assert!(
            signature(&[42])
                .iter()
                .all(|&v| v == mix(42 ^ SHINGLE_SEED))
        );
    }

    #[test]
    fn case_and_punctuation_do_not_matter_and_short_texts_have_no_keys() {
        assert_eq!(
            Fingerprint::of(TEXT),
            Fingerprint::of(&TEXT.to_uppercase().replace(',', ""))
        );
        assert!(Fingerprint::of("Too short.").keys.is_empty());
        assert!(Fingerprint::of_shingles(&[]).keys.is_empty());
    }

    /// SplitMix64: the synthetic texts' shingles.
    struct Random(u64);

    impl Random {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            mix(self.0)
        }
    }

    /// Over `trials` pairs of synthetic texts whose shingle sets have `union` shingles in all
    /// and Jaccard similarity `jaccard`: the share of signature slots that agree, and the share
    /// of pairs that share a band key (are candidates).
    fn measured(jaccard: f64, union: usize, trials: usize) -> (f64, f64) {
        let mut random = Random(union as u64);
        let common = (jaccard * union as f64).round() as usize;
        let (mut slots, mut candidates) = (0, 0);
        for _ in 0..trials {
            let both: Vec<u64> = (0..common).map(|_| random.next()).collect();
            let mut a = both.clone();
            let mut b = both;
            for i in 0..union - common {
                if i % 2 == 0 { &mut a } else { &mut b }.push(random.next());
            }
            let (sa, sb) = (signature(&a), signature(&b));
            slots += sa.iter().zip(&sb).filter(|(x, y)| x == y).count();
            let (fa, fb) = (Fingerprint::of_shingles(&a), Fingerprint::of_shingles(&b));
            candidates += usize::from(shared(&fa, &fb) > 0);
        }
        (
            slots as f64 / (trials * SLOTS) as f64,
            candidates as f64 / trials as f64,
        )
    }

    /// The probabilities the module's doc states, `1 - (1 - J^ROWS)^BANDS`, hold for texts of
    /// an article's length (about 480 shingles) and, densified, for short ones.
    #[test]
    fn candidate_probabilities_are_the_documented_ones() {
        for (jaccard, documented) in [(0.2, 0.15), (0.45, 0.85), (0.6, 0.99)] {
            let formula = 1.0 - (1.0 - f64::powi(jaccard, ROWS as i32)).powi(BANDS as i32);
            assert!((formula - documented).abs() < 0.005, "{jaccard}: {formula}");
            for union in [480, 40] {
                let (slots, candidates) = measured(jaccard, union, 10_000);
                eprintln!(
                    "J = {jaccard}, {union} shingles: slots agree {slots:.3}, candidates {candidates:.3} (formula {formula:.3})"
                );
                assert!((slots - jaccard).abs() < 0.02, "{jaccard} {union}: {slots}");
                assert!(
                    (candidates - formula).abs() < 0.02,
                    "{jaccard} {union}: {candidates}"
                );
            }
        }
    }
}
