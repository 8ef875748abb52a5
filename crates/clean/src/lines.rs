//! Lines of an article body: where each one starts and ends, and the shape measures the rules use.

use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

/// The hasher of the cleaner's maps, keyed by line texts and line hashes: xxh3 where the default
/// SipHash cost more than the rest of the lookup. The maps' contents do not depend on it.
pub(crate) type LineHash = BuildHasherDefault<LineHasher>;

/// See [`LineHash`].
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct LineHasher(u64);

impl Hasher for LineHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = xxhash_rust::xxh3::xxh3_64_with_seed(bytes, self.0);
    }

    fn write_u8(&mut self, byte: u8) {
        self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0 ^ value).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// One non-blank line of an article, trimmed of surrounding whitespace, with the shape measures
/// every pass reads, computed once.
#[derive(Debug, Clone)]
pub(crate) struct Line<'a> {
    /// Byte range of the trimmed line in the article text.
    pub(crate) range: Range<usize>,
    /// The trimmed text (`&text[range]`).
    pub(crate) text: &'a str,
    /// [`word_count`] of the text.
    pub(crate) words: usize,
    /// [`ends_like_sentence`] of the text.
    pub(crate) ends_like_sentence: bool,
}

impl Line<'_> {
    /// [`is_sentence`] of the text.
    pub(crate) fn is_sentence(&self) -> bool {
        self.words >= 5 && self.ends_like_sentence
    }
}

/// Splits `text` on `\n` and returns its non-blank lines, trimmed, with their byte ranges.
///
/// Trimming uses Unicode whitespace, so `\r` and no-break spaces around a line are not part of it,
/// and a line of only such characters is blank.
pub(crate) fn split_lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut start = 0;
    for piece in text.split('\n') {
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            let lead = piece.len() - piece.trim_start().len();
            let begin = start + lead;
            lines.push(Line {
                range: begin..begin + trimmed.len(),
                text: trimmed,
                words: word_count(trimmed),
                ends_like_sentence: ends_like_sentence(trimmed),
            });
        }
        start += piece.len() + 1;
    }
    lines
}

/// Number of whitespace-separated words.
pub(crate) fn word_count(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    // ASCII text byte by byte: a word starts at each non-space byte after a space (or the start).
    let mut count = 0;
    let mut in_word = false;
    for &byte in text.as_bytes() {
        let space = is_ascii_whitespace(byte);
        count += usize::from(!space && !in_word);
        in_word = !space;
    }
    count
}

/// `char::is_whitespace` for an ASCII byte (which, unlike `u8::is_ascii_whitespace`, counts the
/// vertical tab).
fn is_ascii_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t'..=b'\r')
}

/// Whether the line ends like a sentence: `.`, `!`, `?` or `…`, possibly followed by closing quotes
/// or brackets.
pub(crate) fn ends_like_sentence(text: &str) -> bool {
    let core = text.trim_end_matches(|c: char| {
        matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '*') || c.is_whitespace()
    });
    core.ends_with(['.', '!', '?', '…'])
}

/// Whether the line reads as running prose: enough words and a sentence ending.
#[cfg(test)]
pub(crate) fn is_sentence(text: &str) -> bool {
    word_count(text) >= 5 && ends_like_sentence(text)
}

/// The text with runs of whitespace collapsed and letters lowercased, for comparing lines.
#[cfg(test)]
pub(crate) fn normalize(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    normalize_into(&mut out, text);
    String::from_utf8(out).expect("lowercased chars are UTF-8")
}

/// Appends [`normalize`] of `text` to `out` (a shared buffer, so that a whole article's lines are
/// normalized without an allocation per line). Each char is lowercased on its own
/// (`char::to_lowercase`), in one pass over the line: ASCII bytes without decoding, other chars
/// decoded one by one (news lines with a curly quote are most lines).
pub(crate) fn normalize_into(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    // A space is written before a char that follows whitespace, unless nothing is written yet.
    let mut wrote = false;
    let mut space = false;
    let mut index = 0;
    while index < bytes.len() {
        // Eight bytes at a time where they are printable ASCII with single spaces between
        // non-spaces (most of a prose line): they are written as they are, lowercased.
        if let Some(chunk) = bytes.get(index..index + 8)
            && let Some(lowered) = plain_chunk_lowercased(chunk)
        {
            if space {
                out.push(b' ');
                space = false;
            }
            out.extend_from_slice(&lowered);
            wrote = true;
            index += 8;
            continue;
        }
        let byte = bytes[index];
        if byte.is_ascii() {
            index += 1;
            if is_ascii_whitespace(byte) {
                space = wrote;
                continue;
            }
            if space {
                out.push(b' ');
                space = false;
            }
            out.push(byte.to_ascii_lowercase());
        } else {
            let c = text[index..].chars().next().unwrap_or(' ');
            index += c.len_utf8();
            if c.is_whitespace() {
                space = wrote;
                continue;
            }
            if space {
                out.push(b' ');
                space = false;
            }
            for lower in c.to_lowercase() {
                out.extend_from_slice(lower.encode_utf8(&mut [0; 4]).as_bytes());
            }
        }
        wrote = true;
    }
}

/// Eight bytes lowercased, when [`normalize_into`] would copy them as they are but for case:
/// every byte printable ASCII or a space, no space first or last, no two spaces together.
/// Judged on the bytes as one `u64`, each test exact per byte (no carry crosses a byte, as every
/// byte is below 0x80 when they are added to).
fn plain_chunk_lowercased(chunk: &[u8]) -> Option<[u8; 8]> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let x = u64::from_le_bytes(chunk.try_into().ok()?);
    if x & HIGH != 0 {
        return None;
    }
    // A byte below 0x20 (control chars, tabs, line breaks) or DEL.
    let below_space = !x.wrapping_add(0x60 * ONES) & HIGH;
    let delete = (x ^ (0x7f * ONES)).wrapping_add(0x7f * ONES) & HIGH ^ HIGH;
    if below_space | delete != 0 {
        return None;
    }
    // The spaces, as the high bit of their byte.
    let spaces = ((x ^ (0x20 * ONES)).wrapping_add(0x7f * ONES) & HIGH) ^ HIGH;
    const FIRST: u64 = 0x80;
    const LAST: u64 = 0x80 << 56;
    if spaces & (FIRST | LAST) != 0 || spaces & (spaces << 8) != 0 {
        return None;
    }
    // 'A'..='Z': at least 0x41 and below 0x5b.
    let upper = x.wrapping_add(0x3f * ONES) & !x.wrapping_add(0x25 * ONES) & HIGH;
    Some((x | (upper >> 2)).to_le_bytes())
}

/// The [`normalize`]d texts of one article's lines, in one buffer.
pub(crate) struct NormalizedLines {
    /// The normalized lines, one after the other.
    buffer: String,
    /// Where each line ends in `buffer` (it starts where the one before ends).
    ends: Vec<usize>,
}

impl NormalizedLines {
    /// Normalizes every line once, for the passes that compare lines.
    pub(crate) fn of(lines: &[Line<'_>]) -> NormalizedLines {
        let mut buffer = Vec::with_capacity(lines.iter().map(|l| l.text.len()).sum());
        let mut ends = Vec::with_capacity(lines.len());
        for line in lines {
            normalize_into(&mut buffer, line.text);
            ends.push(buffer.len());
        }
        // The buffer holds whole chars, each encoded as UTF-8: it is always valid (the lossy
        // conversion is never taken, and keeps the cleaner free of panics).
        let buffer = String::from_utf8(buffer)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned());
        NormalizedLines { buffer, ends }
    }

    /// The normalized text of line `index`.
    pub(crate) fn get(&self, index: usize) -> &str {
        let start = index.checked_sub(1).map_or(0, |i| self.ends[i]);
        &self.buffer[start..self.ends[index]]
    }
}

/// [`normalize`] as it was first written, kept as the reference of the property test.
#[cfg(test)]
pub(crate) fn normalize_reference(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_lines_trims_and_skips_blank_lines() {
        let text = "  a b \r\n\r\n\u{a0}\nc\n";
        let lines = split_lines(text);
        let got: Vec<_> = lines
            .iter()
            .map(|l| (&text[l.range.clone()], l.text))
            .collect();
        assert_eq!(got, vec![("a b", "a b"), ("c", "c")]);
    }

    #[test]
    fn sentence_endings_see_through_closing_quotes() {
        assert!(ends_like_sentence("He said “no.”"));
        assert!(!ends_like_sentence("Read more:"));
        assert!(is_sentence("This is a real sentence."));
        assert!(!is_sentence("Too short."));
    }

    fn chunk_of(text: &str) -> [u8; 8] {
        text.as_bytes().try_into().expect("eight ASCII chars")
    }

    proptest::proptest! {
        #[test]
        fn normalize_matches_its_reference(text in "(\\PC|[ \t\x0b\x0c\r]|[A-Z]|Σ|İ|ß){0,40}") {
            proptest::prop_assert_eq!(normalize(&text), normalize_reference(&text));
        }

        #[test]
        fn normalize_matches_its_reference_on_ascii(text in "([ \t\x0b\x0c\r\n]|[A-Za-z0-9]|[.,'-]){0,40}") {
            proptest::prop_assert_eq!(normalize(&text), normalize_reference(&text));
        }

        #[test]
        fn normalize_matches_its_reference_on_prose(text in "([A-Za-z0-9]{1,9}|[ .,'\x7f\x1f-]|  | \t|\u{a0}|É|\n){0,60}") {
            proptest::prop_assert_eq!(normalize(&text), normalize_reference(&text));
        }

        #[test]
        fn plain_chunks_are_judged_byte_by_byte(
            any in proptest::array::uniform8(proptest::num::u8::ANY),
            printable in "[ -~]{8}",
            spaced in "[a-zA-Z ]{8}",
        ) {
            for chunk in [any, chunk_of(&printable), chunk_of(&spaced)] {
                let plain = chunk.iter().all(|&b| (0x20..0x7f).contains(&b))
                && chunk[0] != b' '
                && chunk[7] != b' '
                && !chunk.windows(2).any(|w| w == b"  ");
                let expected = plain.then(|| chunk.map(|b| b.to_ascii_lowercase()));
                proptest::prop_assert_eq!(plain_chunk_lowercased(&chunk), expected);
            }
        }

        #[test]
        fn word_count_matches_split_whitespace(text in "([ \t\x0b\x0c\r\u{85}\u{a0}]|[a-z]|\\PC){0,40}") {
            proptest::prop_assert_eq!(word_count(&text), text.split_whitespace().count());
        }

        #[test]
        fn line_shape_matches_the_functions(text in "\\PC{0,40}(\\n\\PC{0,40}){0,4}") {
            for line in split_lines(&text) {
                proptest::prop_assert_eq!(line.words, word_count(line.text));
                proptest::prop_assert_eq!(line.ends_like_sentence, ends_like_sentence(line.text));
                proptest::prop_assert_eq!(line.is_sentence(), is_sentence(line.text));
            }
        }
    }
}
