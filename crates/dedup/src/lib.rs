//! Exact and near-duplicate articles: which texts are copies of an earlier one?
//!
//! Wire stories are reprinted by many outlets with light edits. A copy is not independent support
//! for a statement, so later stages need to know which articles share one text; nothing is dropped.
//! Texts are compared as sets of hashed word shingles (lowercased words, punctuation ignored).
//! Two texts are copies when their shingle sets have a Jaccard similarity of at least
//! [`DedupConfig::threshold`], or when one is almost wholly contained in the other (a trimmed
//! reprint). This is the exact computation; a MinHash/LSH index replaces the pairwise scan when
//! streams grow beyond one event.

use std::collections::HashMap;
use std::ops::Range;

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
    let mut joined = Vec::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    for part in parts {
        push_words(&mut joined, part, |_, _| {});
    }
    xxh3_64(&joined)
}

/// An article as copy detection keys it: the exact-duplicate hash of its title and whole body,
/// and its kept text prepared for comparison.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keyed {
    /// [`text_hash_of_parts`] of the title and the body.
    pub content_hash: u64,
    /// [`Shingled::of`] the kept ranges of the body joined by line breaks.
    pub kept: Shingled,
}

impl Keyed {
    /// The keys of an article from one walk over the words of its title and body: `kept` are
    /// byte ranges of `body`, in order and disjoint (the cleaner's paragraphs), whose text joined
    /// by line breaks is the kept text. The kept text's words are the body's words that lie in
    /// the ranges, so they are lowercased once for both keys. When a range cuts a word (never,
    /// for ranges of trimmed lines), the kept text is walked on its own.
    pub fn of(title: &str, body: &str, kept: &[Range<usize>], config: &DedupConfig) -> Keyed {
        let mut joined = Vec::with_capacity(title.len() + body.len() + 2);
        push_words(&mut joined, title, |_, _| {});
        let title_end = joined.len();
        // Each body word: where it ends in `body`, and where it sits in `joined`.
        let mut words: Vec<(usize, Range<usize>)> = Vec::with_capacity(body.len() / 5);
        push_words(&mut joined, body, |raw, at| words.push((raw.end, at)));
        let content_hash = xxh3_64(&joined);
        let kept = if ranges_keep_whole_words(body, kept) {
            kept_words(&joined[title_end..], title_end, &words, kept).shingled(config)
        } else {
            let parts: Vec<&str> = kept.iter().map(|r| &body[r.clone()]).collect();
            Shingled::of(&parts.join("\n"), config)
        };
        Keyed { content_hash, kept }
    }
}

/// Whether `ranges` are in order, disjoint, on char boundaries of `text`, and cut no word: at
/// each end, the char before or the char after is not alphanumeric (or the text ends there).
fn ranges_keep_whole_words(text: &str, ranges: &[Range<usize>]) -> bool {
    let alphanumeric_before = |at: usize| {
        text[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    };
    let alphanumeric_after =
        |at: usize| text[at..].chars().next().is_some_and(char::is_alphanumeric);
    let cuts = |at: usize| alphanumeric_before(at) && alphanumeric_after(at);
    let mut previous_end = 0;
    for range in ranges {
        if range.start < previous_end
            || range.start > range.end
            || range.end > text.len()
            || !text.is_char_boundary(range.start)
            || !text.is_char_boundary(range.end)
            || cuts(range.start)
            || cuts(range.end)
        {
            return false;
        }
        previous_end = range.end;
    }
    true
}

/// The words of `words` (body words: where each ends in the body, where it sits in the joined
/// buffer, `body_joined` being the buffer from `offset` on) that lie in `ranges`, joined by single
/// spaces: runs of consecutive body words are copied whole.
fn kept_words(
    body_joined: &[u8],
    offset: usize,
    words: &[(usize, Range<usize>)],
    ranges: &[Range<usize>],
) -> LowercaseWords {
    let mut joined = Vec::with_capacity(body_joined.len());
    let mut bounds = Vec::with_capacity(words.len());
    let mut next = 0;
    for range in ranges {
        // Words ending before the range starts are outside it (no word is cut by an end).
        while next < words.len() && words[next].0 <= range.start {
            next += 1;
        }
        let first = next;
        while next < words.len() && words[next].0 <= range.end {
            next += 1;
        }
        // A word ending at `range.start` ends before it; a word that ends after its start and
        // not after its end lies in it, as no word crosses the start.
        if first == next {
            continue;
        }
        if !joined.is_empty() {
            joined.push(b' ');
        }
        let from = words[first].1.start - offset;
        let to = words[next - 1].1.end - offset;
        let shift = joined.len() as isize - from as isize;
        joined.extend_from_slice(&body_joined[from..to]);
        bounds.extend(words[first..next].iter().map(|(_, at)| {
            (
                (at.start - offset).wrapping_add_signed(shift),
                (at.end - offset).wrapping_add_signed(shift),
            )
        }));
    }
    LowercaseWords { joined, bounds }
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
        LowercaseWords::of(text).shingled(config)
    }

    /// The compact form, in which a store keeps shingles at half the bytes: each shingle hash
    /// cut to its high 32 bits, sorted, each once; the text hash unchanged. [`compare`] two
    /// compact forms as two full ones. Two distinct shingles of one text share their high 32
    /// bits with odds of about one in 30,000 for a text of 500 shingles, and then count once, so
    /// a similarity moves by a fraction of a shingle, if at all.
    pub fn compact(&self) -> Shingled {
        let mut shingles: Vec<u64> = self.shingles.iter().map(|&h| h >> 32).collect();
        // Cutting keeps the order of the sorted full hashes; only equal cuts need removing.
        shingles.dedup();
        Shingled {
            hash: self.hash,
            shingles,
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
///
/// A text is compared only with the earlier originals that share a shingle with it, found
/// through an index of their shingles, in order: [`compare`] finds no copy between texts that
/// share none (an exact copy has the same shingles, a near one some in common), so the result
/// is that of comparing every pair, at a cost that grows with the shared shingles rather than
/// with the square of the texts. Thresholds of 0 or less, which would make texts sharing
/// nothing copies, are compared pair by pair.
pub fn find_copies(texts: &[&str], config: &DedupConfig) -> Vec<Copy> {
    let prepared: Vec<Shingled> = texts.iter().map(|t| Shingled::of(t, config)).collect();
    if config.threshold <= 0.0 || config.containment <= 0.0 {
        return copies_pairwise(&prepared, config);
    }
    let mut result: Vec<Copy> = Vec::with_capacity(texts.len());
    let mut originals_by_shingle: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut candidates: Vec<usize> = Vec::new();
    for (i, text) in prepared.iter().enumerate() {
        candidates.clear();
        for shingle in &text.shingles {
            if let Some(originals) = originals_by_shingle.get(shingle) {
                candidates.extend_from_slice(originals);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let found = candidates
            .iter()
            .find_map(|&j| match compare(&prepared[j], text, config) {
                Copy::Original => None,
                Copy::Exact(_) => Some(Copy::Exact(j)),
                Copy::Near(_, similarity) => Some(Copy::Near(j, similarity)),
            })
            .unwrap_or(Copy::Original);
        if found == Copy::Original {
            for &shingle in &text.shingles {
                originals_by_shingle.entry(shingle).or_default().push(i);
            }
        }
        result.push(found);
    }
    result
}

/// [`find_copies`] by comparing each text with every earlier original.
fn copies_pairwise(prepared: &[Shingled], config: &DedupConfig) -> Vec<Copy> {
    let mut result: Vec<Copy> = Vec::with_capacity(prepared.len());
    for i in 0..prepared.len() {
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

/// What an ASCII byte is to the word walk: its lowercase form when it is a letter or digit,
/// [`SEPARATOR`] otherwise; [`NON_ASCII`] for the bytes of other chars.
static WORD_BYTES: [u8; 256] = {
    let mut table = [SEPARATOR; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = if b >= 0x80 {
            NON_ASCII
        } else if b.is_ascii_alphanumeric() {
            b.to_ascii_lowercase()
        } else {
            SEPARATOR
        };
        byte += 1;
    }
    table
};

/// [`WORD_BYTES`] of an ASCII byte that is not a letter or digit.
const SEPARATOR: u8 = 0;

/// [`WORD_BYTES`] of a byte of a non-ASCII char.
const NON_ASCII: u8 = 0xff;

/// Whether the char at byte `at` of `text` (a non-ASCII one) is alphanumeric, and its length.
fn non_ascii_at(text: &str, at: usize) -> (bool, usize) {
    let c = text[at..].chars().next().unwrap_or(' ');
    (c.is_alphanumeric(), c.len_utf8())
}

/// Appends the words of `text` to `out`, lowercased as `str::to_lowercase` lowercases each word,
/// each after a space unless `out` is empty; calls `f` with where each word is in `text` and
/// where its lowercase form is in `out`. Words are the runs of alphanumeric chars, as [`words`]
/// splits them. One walk over the bytes: ASCII bytes are classified and lowercased by a table,
/// a word with other chars is lowercased whole by `str::to_lowercase` (which lowercases a final
/// sigma by its place in the word).
fn push_words(out: &mut Vec<u8>, text: &str, mut f: impl FnMut(Range<usize>, Range<usize>)) {
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        // Up to the next word.
        let mapped = WORD_BYTES[usize::from(bytes[index])];
        if mapped == SEPARATOR {
            index += 1;
            continue;
        }
        if mapped == NON_ASCII {
            let (alphanumeric, len) = non_ascii_at(text, index);
            if !alphanumeric {
                index += len;
                continue;
            }
        }
        // The word.
        let start = index;
        if !out.is_empty() {
            out.push(b' ');
        }
        let out_start = out.len();
        let mut ascii = true;
        while index < bytes.len() {
            let mapped = WORD_BYTES[usize::from(bytes[index])];
            if mapped == SEPARATOR {
                break;
            }
            if mapped == NON_ASCII {
                let (alphanumeric, len) = non_ascii_at(text, index);
                if !alphanumeric {
                    break;
                }
                ascii = false;
                index += len;
                continue;
            }
            out.push(mapped);
            index += 1;
        }
        if !ascii {
            out.truncate(out_start);
            out.extend_from_slice(text[start..index].to_lowercase().as_bytes());
        }
        f(start..index, out_start..out.len());
    }
}

/// The lowercased words of a text joined by single spaces, and where each word starts and ends
/// in the buffer: the text hash is the hash of the buffer, a shingle the hash of one slice of it.
struct LowercaseWords {
    joined: Vec<u8>,
    bounds: Vec<(usize, usize)>,
}

impl LowercaseWords {
    fn of(text: &str) -> LowercaseWords {
        let mut joined = Vec::with_capacity(text.len() + 1);
        let mut bounds: Vec<(usize, usize)> = Vec::with_capacity(text.len() / 5);
        push_words(&mut joined, text, |_, at| bounds.push((at.start, at.end)));
        LowercaseWords { joined, bounds }
    }

    /// The text's hash and its shingles of [`DedupConfig::shingle`] words.
    fn shingled(&self, config: &DedupConfig) -> Shingled {
        Shingled {
            hash: xxh3_64(&self.joined),
            shingles: self.shingles(config.shingle),
        }
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
            .map(|w| xxh3_64(&self.joined[w[0].0..w[size - 1].1]))
            .collect();
        shingles.sort_unstable();
        shingles.dedup();
        shingles
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

    /// `text_hash_of_parts` as it was before the one-walk word pass: the oracle of its tests.
    fn text_hash_of_parts_before(parts: &[&str]) -> u64 {
        let mut normalized = String::new();
        for part in parts {
            for word in words(part) {
                if !normalized.is_empty() {
                    normalized.push(' ');
                }
                normalized.push_str(&word.to_lowercase());
            }
        }
        xxh3_64(normalized.as_bytes())
    }

    /// `Shingled::of` as it was before the one-walk word pass: the oracle of its tests.
    fn shingled_before(text: &str, size: usize) -> Shingled {
        let mut joined = String::new();
        let mut bounds = Vec::new();
        for word in words(text) {
            if !joined.is_empty() {
                joined.push(' ');
            }
            let start = joined.len();
            joined.push_str(&word.to_lowercase());
            bounds.push((start, joined.len()));
        }
        let mut shingles: Vec<u64> = if bounds.len() < size {
            Vec::new()
        } else {
            bounds
                .windows(size)
                .map(|w| xxh3_64(&joined.as_bytes()[w[0].0..w[size - 1].1]))
                .collect()
        };
        shingles.sort_unstable();
        shingles.dedup();
        Shingled {
            hash: xxh3_64(joined.as_bytes()),
            shingles,
        }
    }

    /// What `Keyed::of` must equal: the two keys computed apart, on the joined kept text.
    fn keyed_before(title: &str, body: &str, kept: &[Range<usize>]) -> Keyed {
        let parts: Vec<&str> = kept.iter().map(|r| &body[r.clone()]).collect();
        Keyed {
            content_hash: text_hash_of_parts_before(&[title, body]),
            kept: shingled_before(&parts.join("\n"), 4),
        }
    }

    /// Trimmed non-blank lines of a text and runs of them, as the cleaner and `paragraphs` give.
    fn line_ranges(text: &str, keep: &[bool]) -> Vec<Range<usize>> {
        let mut ranges: Vec<Range<usize>> = Vec::new();
        let mut start = 0;
        for (i, piece) in text.split('\n').enumerate() {
            let trimmed = piece.trim();
            let lead = piece.len() - piece.trim_start().len();
            if !trimmed.is_empty() && keep.get(i % keep.len().max(1)).copied().unwrap_or(true) {
                let range = start + lead..start + lead + trimmed.len();
                match ranges.last_mut() {
                    // Every other adjacent pair merged into one paragraph.
                    Some(last) if i % 2 == 0 && text[last.end..range.start].trim().is_empty() => {
                        last.end = range.end;
                    }
                    _ => ranges.push(range),
                }
            }
            start += piece.len() + 1;
        }
        ranges
    }

    #[test]
    fn keys_equal_the_separate_computations() {
        let body =
            format!("{ORIGINAL}\nShare this\n\nÉTÉ Σίσυφος ΟΔΟΣ, straße; İstanbul x\n{ORIGINAL}");
        for keep in [&[true][..], &[false], &[true, false], &[false, true, true]] {
            let kept = line_ranges(&body, keep);
            let keyed = Keyed::of("The Title", &body, &kept, &DedupConfig::default());
            assert_eq!(keyed, keyed_before("The Title", &body, &kept), "{keep:?}");
        }
        // Ranges that cut words are walked on their own.
        let kept = [2..10, 12..12, 20..40];
        let keyed = Keyed::of("", ORIGINAL, &kept, &DedupConfig::default());
        assert_eq!(keyed, keyed_before("", ORIGINAL, &kept));
    }

    #[test]
    fn the_compact_form_keeps_high_bits_once_each() {
        let full = Shingled {
            hash: 42,
            shingles: vec![5 << 32 | 1, 5 << 32 | 9, 7 << 32, u64::MAX],
        };
        let compact = full.compact();
        assert_eq!(compact.hash, 42);
        assert_eq!(compact.shingles, [5, 7, u64::from(u32::MAX)]);
    }

    /// A text of the sentences `picks` names, in order, from a small set: drawn by the
    /// proptests below, so that exact, near and trimmed copies are common.
    fn drawn(picks: &[usize]) -> String {
        const SENTENCES: [&str; 6] = [
            "The dam broke on Tuesday night after days of rain.",
            "Rescue teams worked through the night with boats.",
            "At least 41 people died and hundreds are missing.",
            "The governor declared a state of emergency on Wednesday.",
            "Officials said the spillway had not been inspected.",
            "Short one.",
        ];
        picks
            .iter()
            .map(|&k| SENTENCES[k])
            .collect::<Vec<_>>()
            .join(" ")
    }

    proptest::proptest! {
        /// The index finds the copies comparing every pair finds: texts made of a few
        /// sentences drawn from a small set, so that exact, near and trimmed copies are common.
        #[test]
        fn copies_through_the_index_are_those_of_every_pair(
            texts in proptest::collection::vec(
                proptest::collection::vec(0usize..6, 0..5),
                0..24,
            ),
            threshold in proptest::sample::select(vec![0.6, 0.3, 0.9]),
            containment in proptest::sample::select(vec![0.8, 0.5, 1.0]),
        ) {
            let texts: Vec<String> = texts.iter().map(|picks| drawn(picks)).collect();
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let config = DedupConfig { threshold, containment, ..DedupConfig::default() };
            let prepared: Vec<Shingled> = refs.iter().map(|t| Shingled::of(t, &config)).collect();
            proptest::prop_assert_eq!(find_copies(&refs, &config), copies_pairwise(&prepared, &config));
        }

        /// Compact forms compare as the full ones: the same verdict and the same similarity for
        /// texts drawn as above (no two of their few hundred shingles share their high bits).
        #[test]
        fn compact_forms_compare_as_full_ones(
            a in proptest::collection::vec(0usize..6, 0..5),
            b in proptest::collection::vec(0usize..6, 0..5),
        ) {
            let config = DedupConfig::default();
            let (a, b) = (Shingled::of(&drawn(&a), &config), Shingled::of(&drawn(&b), &config));
            let (ca, cb) = (a.compact(), b.compact());
            proptest::prop_assert_eq!(ca.hash, a.hash);
            proptest::prop_assert_eq!(ca.shingles.len(), a.shingles.len());
            proptest::prop_assert!(ca.shingles.windows(2).all(|w| w[0] < w[1]));
            proptest::prop_assert!(ca.shingles.iter().all(|&h| h <= u64::from(u32::MAX)));
            proptest::prop_assert_eq!(compare(&ca, &cb, &config), compare(&a, &b, &config));
        }

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
            let mut lowered = Vec::new();
            push_words(&mut lowered, &text, |raw, _| fast.push(&text[raw]));
            proptest::prop_assert_eq!(fast, words(&text).collect::<Vec<_>>());
            proptest::prop_assert_eq!(lowered, reference_words(&text).join(" ").into_bytes());
        }

        #[test]
        fn one_walk_equals_the_functions_before_it(text in "([a-zA-Z0-9]|[ .,'’\n-]|Σ|İ|ß|\\PC){0,80}") {
            proptest::prop_assert_eq!(text_hash(&text), text_hash_of_parts_before(&[&text]));
            proptest::prop_assert_eq!(Shingled::of(&text, &DedupConfig::default()), shingled_before(&text, 4));
            proptest::prop_assert_eq!(shingles(&text, 2), shingled_before(&text, 2).shingles);
        }

        #[test]
        fn keys_equal_the_separate_computations_on_any_text(
            title in "([a-zA-Z]|[ .,]|Σ|\\PC){0,20}",
            body in "([a-zA-Z0-9]{1,6}|[ .,'’-]|\n|\n\n| \n |Σ|ΑΣ|İ|ß|\u{a0}|\\PC){0,60}",
            keep in proptest::collection::vec(proptest::bool::ANY, 1..5),
            cuts in proptest::collection::vec(0usize..200, 0..6),
        ) {
            let kept = line_ranges(&body, &keep);
            let keyed = Keyed::of(&title, &body, &kept, &DedupConfig::default());
            proptest::prop_assert_eq!(keyed, keyed_before(&title, &body, &kept));
            // Any ordered char-boundary ranges, most of them cutting words.
            let mut bounds: Vec<usize> = cuts
                .iter()
                .map(|c| body.floor_char_boundary(c % (body.len() + 1)))
                .collect();
            bounds.sort_unstable();
            let kept: Vec<Range<usize>> = bounds.chunks_exact(2).map(|p| p[0]..p[1]).collect();
            let keyed = Keyed::of(&title, &body, &kept, &DedupConfig::default());
            proptest::prop_assert_eq!(keyed, keyed_before(&title, &body, &kept));
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
