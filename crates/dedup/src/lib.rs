//! Exact and near-duplicate articles: which texts are copies of an earlier one?
//!
//! Wire stories are reprinted by many outlets with light edits. A copy is not independent support
//! for a statement, so later stages need to know which articles share one text; nothing is dropped.
//! Texts are compared as sets of hashed word shingles (lowercased words, punctuation ignored).
//! Two texts are copies when their shingle sets have a Jaccard similarity of at least
//! [`DedupConfig::threshold`], or when one is almost wholly contained in the other (a trimmed
//! reprint). This is the exact computation; a MinHash/LSH index replaces the pairwise scan when
//! streams grow beyond one event.

use xxhash_rust::xxh3::xxh3_64;

/// Settings of copy detection.
#[derive(Debug, Clone, PartialEq)]
pub struct DedupConfig {
    /// Words per shingle.
    pub shingle: usize,
    /// Jaccard similarity of shingle sets at or above which two texts are copies.
    pub threshold: f64,
    /// Share of the smaller text's shingles found in the larger one at or above which the
    /// smaller is a trimmed copy.
    pub containment: f64,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            shingle: default_shingle(),
            threshold: default_threshold(),
            containment: default_containment(),
        }
    }
}

/// Four-word shingles: long enough that two independent reports of one event share few of them,
/// short enough that a one-word edit breaks only four.
fn default_shingle() -> usize {
    4
}

/// 0.6: a reprint with a new lead paragraph and a changed credit line keeps well above it, while
/// independent articles on one event stay below 0.1 in the seeds and the built-in example.
fn default_threshold() -> f64 {
    0.6
}

/// 0.9: a reprint cut to its first half keeps nearly all its shingles in the original.
fn default_containment() -> f64 {
    0.9
}

/// How one text relates to the earlier texts of its batch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Copy {
    /// Not a copy of any earlier text.
    Original,
    /// The same words as the text at this index (case and punctuation aside).
    Exact(usize),
    /// A near copy of the text at this index, with the measured similarity.
    Near(usize, f64),
}

impl Copy {
    /// The index of the text this one copies, if any.
    pub fn original(&self) -> Option<usize> {
        match *self {
            Copy::Original => None,
            Copy::Exact(i) | Copy::Near(i, _) => Some(i),
        }
    }
}

/// Hash of the normalized words of a text: equal for texts that differ only in case,
/// punctuation and spacing.
pub fn text_hash(text: &str) -> u64 {
    text_hash_of_parts(&[text])
}

/// [`text_hash`] of the parts joined by line breaks (`text_hash(&format!("{a}\n{b}"))`), without
/// the joined copy: a line break only separates words, as the end of a part does.
pub fn text_hash_of_parts(parts: &[&str]) -> u64 {
    let mut normalized = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        for_each_word(part, |word| {
            if !normalized.is_empty() {
                normalized.push(' ');
            }
            push_lowercase(&mut normalized, word);
        });
    }
    xxh3_64(normalized.as_bytes())
}

/// A text prepared for comparison: its [`text_hash`] and its [`shingles`], computed once however
/// many texts it is compared with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shingled {
    /// [`text_hash`] of the text.
    pub hash: u64,
    /// [`shingles`] of the text, of [`DedupConfig::shingle`] words: sorted, each once.
    pub shingles: Vec<u64>,
}

impl Shingled {
    /// Hash and shingles of a text, from one pass over its words.
    pub fn of(text: &str, config: &DedupConfig) -> Shingled {
        let words = LowercaseWords::of(text);
        Shingled {
            hash: xxh3_64(words.joined.as_bytes()),
            shingles: words.shingles(config.shingle),
        }
    }
}

/// Whether `text` copies the earlier `original`: [`Copy::Exact`] or [`Copy::Near`] pointing at
/// index 0, or [`Copy::Original`]. The comparison [`find_copies`] makes for each pair.
pub fn compare(original: &Shingled, text: &Shingled, config: &DedupConfig) -> Copy {
    if original.hash == text.hash && !text.shingles.is_empty() {
        return Copy::Exact(0);
    }
    let (a, b) = (&text.shingles, &original.shingles);
    if a.is_empty() || b.is_empty() {
        return Copy::Original;
    }
    let small = a.len().min(b.len());
    let common = common_count(a, b) as f64;
    let jaccard = common / ((a.len() + b.len()) as f64 - common);
    let containment = common / small as f64;
    if jaccard >= config.threshold || (containment >= config.containment && small >= 8) {
        Copy::Near(0, jaccard)
    } else {
        Copy::Original
    }
}

/// The number of values two sorted lists without repeats have in common, by one walk of both.
fn common_count(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
}

/// For each text, whether it copies an earlier one (the earliest it copies, so that chains of
/// copies point at one original).
pub fn find_copies(texts: &[&str], config: &DedupConfig) -> Vec<Copy> {
    let prepared: Vec<Shingled> = texts.iter().map(|t| Shingled::of(t, config)).collect();
    let mut result: Vec<Copy> = Vec::with_capacity(texts.len());
    for i in 0..texts.len() {
        let mut found = Copy::Original;
        for j in 0..i {
            if result[j] != Copy::Original {
                continue;
            }
            found = match compare(&prepared[j], &prepared[i], config) {
                Copy::Original => continue,
                Copy::Exact(_) => Copy::Exact(j),
                Copy::Near(_, similarity) => Copy::Near(j, similarity),
            };
            break;
        }
        result.push(found);
    }
    result
}

/// The words of a text as written (split at every character that is not alphanumeric).
#[cfg(test)]
fn words(text: &str) -> impl Iterator<Item = &str> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Calls `f` with each word of a text as written, as [`words`] splits them: ASCII bytes are
/// judged without decoding, other chars by `char::is_alphanumeric`.
fn for_each_word<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    let bytes = text.as_bytes();
    let mut start: Option<usize> = None;
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        let (alphanumeric, len) = if byte.is_ascii() {
            (byte.is_ascii_alphanumeric(), 1)
        } else {
            let c = text[index..].chars().next().unwrap_or(' ');
            (c.is_alphanumeric(), c.len_utf8())
        };
        match (alphanumeric, start) {
            (true, None) => start = Some(index),
            (false, Some(from)) => {
                f(&text[from..index]);
                start = None;
            }
            _ => {}
        }
        index += len;
    }
    if let Some(from) = start {
        f(&text[from..]);
    }
}

/// The lowercased words of a text joined by single spaces, and where each word starts and ends
/// in the buffer: the text hash is the hash of the buffer, a shingle the hash of one slice of it.
struct LowercaseWords {
    joined: String,
    bounds: Vec<(usize, usize)>,
}

impl LowercaseWords {
    fn of(text: &str) -> LowercaseWords {
        let mut joined = String::with_capacity(text.len());
        let mut bounds: Vec<(usize, usize)> = Vec::new();
        for_each_word(text, |word| {
            if !joined.is_empty() {
                joined.push(' ');
            }
            let start = joined.len();
            push_lowercase(&mut joined, word);
            bounds.push((start, joined.len()));
        });
        LowercaseWords { joined, bounds }
    }

    /// The hashed shingles of `size` words, sorted, each once; empty when there are fewer
    /// words. A sorted list rather than a hash set: building it, comparing two (one walk of
    /// both) and storing it (already in the stored order) all cost less.
    fn shingles(&self, size: usize) -> Vec<u64> {
        let size = size.max(1);
        if self.bounds.len() < size {
            return Vec::new();
        }
        let mut shingles: Vec<u64> = self
            .bounds
            .windows(size)
            .map(|w| xxh3_64(&self.joined.as_bytes()[w[0].0..w[size - 1].1]))
            .collect();
        shingles.sort_unstable();
        shingles.dedup();
        shingles
    }
}

/// Appends the lowercase form of a word, as `str::to_lowercase` gives it (ASCII without a copy).
fn push_lowercase(out: &mut String, word: &str) {
    if word.is_ascii() {
        // Copied whole, then lowercased in place, rather than char by char (each push checks
        // the capacity and encodes the char).
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
    } else {
        out.push_str(&word.to_lowercase());
    }
}

/// The hashed word shingles of a text (lowercased alphanumeric words, `size` words each) that
/// copy detection compares, sorted, each once; empty when the text has fewer than `size` words.
/// Indexes that look up copy candidates (the store's MinHash bands) hash these same shingles.
pub fn shingles(text: &str, size: usize) -> Vec<u64> {
    LowercaseWords::of(text).shingles(size)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const ORIGINAL: &str = "The river broke through the northern levee before dawn on Friday, flooding \
        three districts of the port. Rescue teams said at least forty people had died and more were \
        missing as the water kept rising through the morning.";

    #[test]
    fn exact_copy_ignores_case_and_punctuation() {
        let shouted = ORIGINAL.to_uppercase().replace(',', "");
        let copies = find_copies(&[ORIGINAL, &shouted], &DedupConfig::default());
        assert_eq!(copies, [Copy::Original, Copy::Exact(0)]);
    }

    #[test]
    fn lightly_edited_reprint_is_a_near_copy() {
        let edited = ORIGINAL
            .replace("at least forty", "at least 41")
            .replace("Friday", "Friday night");
        let copies = find_copies(&[ORIGINAL, &edited], &DedupConfig::default());
        assert!(
            matches!(copies[1], Copy::Near(0, s) if s > 0.6),
            "{copies:?}"
        );
    }

    #[test]
    fn trimmed_reprint_is_a_near_copy() {
        let first_sentence = &ORIGINAL[..ORIGINAL.find(". ").unwrap() + 1];
        let copies = find_copies(&[ORIGINAL, first_sentence], &DedupConfig::default());
        assert_eq!(copies[1].original(), Some(0));
    }

    #[test]
    fn independent_reports_are_originals() {
        let other = "Officials in the capital blamed the upstream dam operator for releasing water \
            without warning, and the interior minister promised an inquiry into the disaster.";
        let copies = find_copies(&[ORIGINAL, other, ""], &DedupConfig::default());
        assert_eq!(copies, [Copy::Original, Copy::Original, Copy::Original]);
    }

    /// The definitions the hashes had before they were computed in one buffer: stored content
    /// hashes and band keys must not change.
    fn reference_words(text: &str) -> Vec<String> {
        words(text).map(str::to_lowercase).collect()
    }

    #[test]
    fn hashes_match_their_reference_definitions() {
        for text in [
            ORIGINAL,
            "ÉTÉ Σίσυφος ΟΔΟΣ, straße; İstanbul x",
            "",
            "one two three",
        ] {
            let words = reference_words(text);
            assert_eq!(text_hash(text), xxh3_64(words.join(" ").as_bytes()));
            let expected: HashSet<u64> = if words.len() < 4 {
                HashSet::new()
            } else {
                words
                    .windows(4)
                    .map(|w| xxh3_64(w.join(" ").as_bytes()))
                    .collect()
            };
            assert_eq!(
                shingles(text, 4).into_iter().collect::<HashSet<u64>>(),
                expected
            );
            assert!(shingles(text, 4).is_sorted());
        }
    }

    proptest::proptest! {
        #[test]
        fn hashes_match_their_reference_definitions_on_any_text(text in "\\PC{0,60}") {
            let words = reference_words(&text);
            proptest::prop_assert_eq!(text_hash(&text), xxh3_64(words.join(" ").as_bytes()));
            if words.len() >= 2 {
                let expected: HashSet<u64> =
                    words.windows(2).map(|w| xxh3_64(w.join(" ").as_bytes())).collect();
                let got = shingles(&text, 2);
                proptest::prop_assert!(got.windows(2).all(|w| w[0] < w[1]));
                proptest::prop_assert_eq!(got.into_iter().collect::<HashSet<u64>>(), expected);
            }
            let shingled = Shingled::of(&text, &DedupConfig::default());
            proptest::prop_assert_eq!(shingled.hash, text_hash(&text));
            proptest::prop_assert_eq!(shingled.shingles, shingles(&text, 4));
        }

        #[test]
        fn word_pass_splits_as_str_split(text in "([a-zA-Z0-9]|[ .,'’\n]|\\PC){0,60}") {
            let mut fast = Vec::new();
            for_each_word(&text, |w| fast.push(w));
            proptest::prop_assert_eq!(fast, words(&text).collect::<Vec<_>>());
        }

        #[test]
        fn common_count_is_the_set_intersection(
            a in proptest::collection::btree_set(0u64..64, 0..40),
            b in proptest::collection::btree_set(0u64..64, 0..40),
        ) {
            let (va, vb): (Vec<u64>, Vec<u64>) = (a.iter().copied().collect(), b.iter().copied().collect());
            proptest::prop_assert_eq!(common_count(&va, &vb), a.intersection(&b).count());
        }

        #[test]
        fn parts_hash_as_their_join(a in "\\PC{0,30}", b in "\\PC{0,30}") {
            proptest::prop_assert_eq!(text_hash_of_parts(&[&a, &b]), text_hash(&format!("{a}\n{b}")));
        }


        #[test]
        fn never_panics_and_points_backwards(texts in proptest::collection::vec("\\PC{0,80}", 0..6)) {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let copies = find_copies(&refs, &DedupConfig::default());
            proptest::prop_assert_eq!(copies.len(), refs.len());
            for (i, c) in copies.iter().enumerate() {
                if let Some(j) = c.original() { proptest::prop_assert!(j < i); }
            }
        }
    }
}
