//! Builds the table of common words (`src/common.rs`): each word of `data/common_words.txt`
//! with the number of its stem by segment's stemmer and its stopword flag, and each distinct
//! stem, laid out as two open-addressing tables by the hashes the memo looks words and stems up
//! by.

use std::fmt::Write as _;
use std::path::Path;

/// log2 of the number of slots of each table: 65,536 slots keep 30,000 words under half full.
const BITS: u32 = 16;

/// The summarizer's `table::hash_bytes` (FxHash of eight bytes at a time, the length first),
/// repeated here because a build script cannot use the crate it builds; `src/common.rs` tests
/// that the two agree on every word.
fn hash_bytes(bytes: &[u8]) -> u64 {
    fn mix(hash: u64, word: u64) -> u64 {
        (hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
    }
    let mut hash = mix(0, bytes.len() as u64);
    for chunk in bytes.chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        hash = mix(hash, u64::from_le_bytes(word));
    }
    hash
}

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let source = Path::new(&manifest).join("data/common_words.txt");
    println!("cargo:rerun-if-changed={}", source.display());
    println!("cargo:rerun-if-changed=build.rs");
    let list = std::fs::read_to_string(&source).expect("data/common_words.txt is readable");
    let stemmer = segment::Stemmer::new();
    let stopwords = segment::stopwords();

    let mut text: Vec<u8> = Vec::new();
    let mut words: Vec<[u64; 4]> = Vec::new();
    let mut slots = vec![0u16; 1 << BITS];
    // The distinct stems, numbered in order of first use: where each lies in the text, its hash,
    // and the table of them by hash.
    let mut stem_ids: std::collections::HashMap<Vec<u8>, u16> = std::collections::HashMap::new();
    let (mut stem_places, mut stem_hashes) = (Vec::new(), Vec::new());
    let mut stem_slots = vec![0u16; 1 << BITS];
    let mut stem = Vec::new();
    for word in list
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        assert!(word.len() < 256, "{word}: too long for the table");
        stemmer.stem_into(word, &mut stem);
        // Each word starts at a multiple of eight bytes and is zero-padded to one, so that it
        // can be compared eight bytes at a time (`common_word_padded`).
        text.resize(text.len().next_multiple_of(8), 0);
        let at = text.len();
        text.extend_from_slice(word.as_bytes());
        text.resize(text.len().next_multiple_of(8), 0);
        let id = match stem_ids.get(&stem) {
            Some(&id) => id,
            None => {
                // A stem that is a prefix of its word (most are) is read from the word.
                let stem_at = if word.as_bytes().starts_with(&stem) {
                    at
                } else {
                    let stem_at = text.len();
                    text.extend_from_slice(&stem);
                    stem_at
                };
                let hash = hash_bytes(&stem);
                stem_places.push((stem_at as u64) << 8 | stem.len() as u64);
                stem_hashes.push(hash);
                let id = u16::try_from(stem_hashes.len()).expect("fewer than 65,536 stems");
                let mut slot = (hash >> (64 - BITS)) as usize;
                while stem_slots[slot] != 0 {
                    slot = (slot + 1) & ((1 << BITS) - 1);
                }
                stem_slots[slot] = id;
                stem_ids.insert(stem.clone(), id - 1);
                id - 1
            }
        };
        let stop = stopwords.contains(&word);
        let hash = hash_bytes(word.as_bytes());
        let mut slot = (hash >> (64 - BITS)) as usize;
        while slots[slot] != 0 {
            slot = (slot + 1) & ((1 << BITS) - 1);
        }
        // The word's first sixteen bytes, zero-padded, as two words.
        let chunk = |c: usize| {
            let bytes = &text[at + 8 * c..at + 8 * c + 8];
            u64::from_le_bytes(bytes.try_into().expect("eight bytes"))
        };
        let (head, second) = (chunk(0), if word.len() > 8 { chunk(1) } else { 0 });
        // Where the word lies in the text, its stem, its length and the stopword flag.
        let meta =
            (at as u64) << 32 | u64::from(id) << 9 | (word.len() as u64) << 1 | u64::from(stop);
        words.push([hash, head, second, meta]);
        slots[slot] = u16::try_from(words.len()).expect("fewer than 65,536 words");
    }
    assert!(
        words.len() * 2 <= slots.len(),
        "the table is more than half full"
    );
    assert!(text.len() < 1 << 24, "the text is too long for its offsets");

    let mut out = String::new();
    let list = |values: &[u64], out: &mut String| {
        for v in values {
            write!(out, "{v:#x},").unwrap();
        }
    };
    writeln!(out, "const BITS: u32 = {BITS};").unwrap();
    write!(out, "static SLOTS: [u16; {}] = [", slots.len()).unwrap();
    for s in &slots {
        write!(out, "{s},").unwrap();
    }
    writeln!(out, "];").unwrap();
    write!(
        out,
        "static WORDS: Lines<[[u64; 4]; {}]> = Lines([",
        words.len()
    )
    .unwrap();
    for w in &words {
        write!(out, "[{:#x},{:#x},{:#x},{:#x}],", w[0], w[1], w[2], w[3]).unwrap();
    }
    writeln!(out, "]);").unwrap();
    for (name, values) in [("STEM_HASHES", &stem_hashes), ("STEM_PLACES", &stem_places)] {
        write!(out, "static {name}: [u64; {}] = [", values.len()).unwrap();
        list(values, &mut out);
        writeln!(out, "];").unwrap();
    }
    write!(out, "static STEM_SLOTS: [u16; {}] = [", stem_slots.len()).unwrap();
    for s in &stem_slots {
        write!(out, "{s},").unwrap();
    }
    writeln!(out, "];").unwrap();
    writeln!(out, "static TEXT: &[u8] = b\"{}\";", text.escape_ascii()).unwrap();
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("common.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}
