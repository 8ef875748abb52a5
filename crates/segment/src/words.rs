//! Word tokens as byte ranges, the word count used by every budget, and normalized tokens.
//!
//! The token rule, in order:
//! 1. A dotted abbreviation of single letters is one token with its final dot: "U.S.", "U.K.",
//!    "e.g.", "a.m.", "D.C." (and "U.S.A" without one). "U.S.-backed" is "U.S." and "backed".
//! 2. Otherwise a token is a run of letters and digits (with combining marks), joined across one
//!    inner connector at a time:
//!    - an apostrophe (`'`, `’`, `ʼ`) between two letters: "don't", "Russia's", "O’Brien";
//!    - a hyphen (`-`, `‐`, `‑`) between two word characters: "al-Assad", "20-year-old";
//!    - a `.` or `,` between two ASCII digits: "3.5", "200,000", "1.2".
//!
//! Everything else separates tokens, so "$1.2" is "1.2", "students’" is "students" and a single
//! initial "F." is "F".

use std::ops::Range;

/// The word tokens of `text` as byte ranges, in order (see the module docs for the rule).
pub fn word_ranges(text: &str) -> Vec<Range<usize>> {
    word_range_iter(text).collect()
}

/// The ranges of [`word_ranges`], one at a time and without allocating: for callers that
/// tokenize many short texts.
pub fn word_range_iter(text: &str) -> WordRanges<'_> {
    WordRanges { text, at: 0 }
}

/// The iterator of [`word_range_iter`].
#[derive(Debug, Clone)]
pub struct WordRanges<'a> {
    text: &'a str,
    /// Byte offset where the search for the next token starts.
    at: usize,
}

impl Iterator for WordRanges<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut i = self.at;
        // Most text is ASCII: separators are skipped a byte at a time (and the General
        // Punctuation and no-break space, none of them word chars, whole), and a token that
        // starts with an ASCII letter or digit is cut where the bytes decide its end
        // ([`ascii_token_end`]). Anything else is read char by char.
        loop {
            i = next_word_or_wide_byte(bytes, i);
            let Some(&b) = bytes.get(i) else { break };
            if b < 0x80 {
                if let Some(end) = ascii_token_end(bytes, i) {
                    self.at = end;
                    return Some(i..end);
                }
            } else if let Some(len) = punctuation_len(bytes, i) {
                i += len;
                continue;
            }
            break;
        }
        let token = token_by_chars(text, i);
        self.at = token.as_ref().map_or(text.len(), |r| r.end);
        token
    }
}

/// The next token from byte `i` of `text` on (`i` at a char boundary), read char by char: the
/// rule of [`WordRanges`] for any text. `None` when no token is left. Cold: most tokens take the
/// byte path, and without the mark the summarizer's scan loop compiled 1% longer.
#[cold]
fn token_by_chars(text: &str, mut i: usize) -> Option<Range<usize>> {
    while let Some((c, after)) = char_at(text, i) {
        if !is_word_char(c) {
            i = after;
            continue;
        }
        if let Some(end) = dotted_abbreviation_end(text, i) {
            return Some(i..end);
        }
        // `prev` is always the char just before byte `j`.
        let (mut prev, mut j) = (c, after);
        loop {
            while let Some((c, after)) = char_at(text, j) {
                if !(is_word_char(c) || is_combining_mark(c)) {
                    break;
                }
                (prev, j) = (c, after);
            }
            let Some((conn, after_conn)) = char_at(text, j) else {
                break;
            };
            let Some((next, after_next)) = char_at(text, after_conn) else {
                break;
            };
            let joins = is_word_char(next)
                && match conn {
                    '\'' | '’' | 'ʼ' => prev.is_alphabetic() && next.is_alphabetic(),
                    '-' | '‐' | '‑' => true,
                    '.' | ',' => prev.is_ascii_digit() && next.is_ascii_digit(),
                    _ => false,
                };
            if !joins {
                break;
            }
            (prev, j) = (next, after_next);
        }
        return Some(i..j);
    }
    None
}

/// The char starting at byte `at` of `text` and the byte just after it, or `None` at the end.
#[inline]
fn char_at(text: &str, at: usize) -> Option<(char, usize)> {
    let bytes = text.as_bytes();
    let &b = bytes.get(at)?;
    if b < 0x80 {
        return Some((char::from(b), at + 1));
    }
    let c = text[at..].chars().next()?;
    Some((c, at + c.len_utf8()))
}

/// The number of words in `text`: whitespace-separated pieces with at least one letter or digit.
///
/// This is the unit of every word budget in Chorus (so "U.S.-backed" is one word and a lone
/// dash is none).
pub fn word_count(text: &str) -> usize {
    // One pass, byte by byte for ASCII (a table says space, letter or digit, or neither) and
    // char by char otherwise: the count of `split_whitespace` pieces that hold a letter or digit.
    let bytes = text.as_bytes();
    let (mut count, mut counted, mut k) = (0, false, 0);
    while k < bytes.len() {
        let (class, len) = char_class(text, k);
        if class & SPACE != 0 {
            counted = false;
        } else if class & ALPHANUMERIC != 0 && !counted {
            counted = true;
            count += 1;
        }
        k += len;
    }
    count
}

/// [`char_class`] bit: the char is whitespace (`char::is_whitespace`).
pub(crate) const SPACE: u8 = 1;
/// [`char_class`] bit: the char is a letter or digit (`char::is_alphanumeric`).
pub(crate) const ALPHANUMERIC: u8 = 2;
/// [`char_class`] bit: the char is uppercase (`char::is_uppercase`).
pub(crate) const UPPERCASE: u8 = 4;

/// The class bits of each ASCII byte.
const ASCII_CLASS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
            SPACE
        } else if c.is_ascii_uppercase() {
            ALPHANUMERIC | UPPERCASE
        } else if c.is_ascii_alphanumeric() {
            ALPHANUMERIC
        } else {
            0
        };
        b += 1;
    }
    table
};

/// The class bits ([`SPACE`], [`ALPHANUMERIC`], [`UPPERCASE`]) of the char at byte `at` of
/// `text`, and its length in bytes. `at` must be a char boundary before the end.
#[inline(always)]
pub(crate) fn char_class(text: &str, at: usize) -> (u8, usize) {
    let b = text.as_bytes()[at];
    if b < 0x80 {
        (ASCII_CLASS[usize::from(b)], 1)
    } else {
        non_ascii_class(text, at)
    }
}

/// [`char_class`] of a char outside ASCII.
#[inline(never)]
fn non_ascii_class(text: &str, at: usize) -> (u8, usize) {
    let c = text[at..].chars().next().unwrap_or(' ');
    let class = if c.is_whitespace() {
        SPACE
    } else if c.is_alphanumeric() {
        ALPHANUMERIC | if c.is_uppercase() { UPPERCASE } else { 0 }
    } else {
        0
    };
    (class, c.len_utf8())
}

/// The share of the words of `text` after its first that are capitalized: of the
/// whitespace-separated pieces after the first that hold a letter or digit, those whose first
/// letter or digit is uppercase (names, places, organisations). 0 when there are none.
pub fn capitalized_share(text: &str) -> f32 {
    word_count_and_capitals(text).1
}

/// [`word_count`] and [`capitalized_share`] of `text`, in one pass.
pub fn word_count_and_capitals(text: &str) -> (usize, f32) {
    let bytes = text.as_bytes();
    let (mut count, mut capital, mut all) = (0usize, 0usize, 0usize);
    let (mut pieces, mut in_piece, mut judged, mut k) = (0usize, false, false, 0);
    while k < bytes.len() {
        let (class, len) = char_class(text, k);
        k += len;
        if class & SPACE != 0 {
            in_piece = false;
            continue;
        }
        if !in_piece {
            in_piece = true;
            judged = false;
            pieces += 1;
        }
        if !judged && class & ALPHANUMERIC != 0 {
            judged = true;
            count += 1;
            if pieces > 1 {
                all += 1;
                capital += usize::from(class & UPPERCASE != 0);
            }
        }
    }
    (count, capital as f32 / all.max(1) as f32)
}

/// [`word_range_iter`], [`word_count`] and [`capitalized_share`] of `text` in one pass: calls
/// `each` with the byte range of every word token, in order, and returns the word count and the
/// capitalized share (the pair of [`word_count_and_capitals`]). For callers that need all three
/// of many short texts. ASCII takes [`WordRanges`]' byte path, kept inline here (through the
/// iterator, the summarizer spent 3.7% more instructions), and a token that meets other text is
/// read by the iterator's char path, so the two agree by construction there.
///
/// The count and share come from the tokens: every letter or digit lies in a token and no token
/// holds whitespace, so a whitespace piece holds a letter or digit exactly when it holds a token,
/// and its first letter or digit is the first char of its first token.
pub fn scan_words(text: &str, mut each: impl FnMut(Range<usize>)) -> (usize, f32) {
    let bytes = text.as_bytes();
    let (mut count, mut capital, mut all) = (0usize, 0usize, 0usize);
    // Where the search for the next token starts, and where the last token ended.
    let (mut at, mut last_end) = (0usize, None::<usize>);
    loop {
        at = next_word_or_wide_byte(bytes, at);
        let Some(&b) = bytes.get(at) else { break };
        let range = if b >= 0x80 {
            if let Some(len) = punctuation_len(bytes, at) {
                at += len;
                continue;
            }
            match token_by_chars(text, at) {
                Some(r) => r,
                None => break,
            }
        } else {
            match ascii_token_end(bytes, at) {
                Some(end) => at..end,
                None => match token_by_chars(text, at) {
                    Some(r) => r,
                    None => break,
                },
            }
        };
        // A new whitespace piece holds this token unless the previous token shares its piece.
        let new_piece = match last_end {
            None => true,
            // Most tokens follow the last one after a single space.
            Some(end) if range.start == end + 1 && bytes[end] == b' ' => true,
            Some(end) => has_whitespace(&text[end..range.start]),
        };
        if new_piece {
            count += 1;
            // Whether the piece is not the text's first (which may hold no letter or digit).
            let later = match last_end {
                Some(_) => true,
                None => has_whitespace(text[..range.start].trim_start()),
            };
            if later {
                all += 1;
                let first = bytes[range.start];
                capital += usize::from(if first < 0x80 {
                    first.is_ascii_uppercase()
                } else {
                    text[range.start..]
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase)
                });
            }
        }
        at = range.end;
        last_end = Some(range.end);
        each(range);
    }
    (count, capital as f32 / all.max(1) as f32)
}

/// The high bit of each byte of a word of eight.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The eight bytes of `bytes` from `at` (below `bytes.len()`) as a little-endian word, zeros
/// past the end.
#[inline(always)]
fn eight_bytes(bytes: &[u8], at: usize) -> u64 {
    let word = |eight: &[u8]| u64::from_le_bytes(eight.try_into().unwrap_or_default());
    match bytes.get(at..at + 8) {
        Some(eight) => word(eight),
        // Near the end: the last eight bytes shifted down, rather than a copy of a variable
        // length, which is a call to `memcpy` at the end of every text.
        None if bytes.len() >= 8 => word(&bytes[bytes.len() - 8..]) >> (8 * (at + 8 - bytes.len())),
        None => bytes
            .get(at..)
            .unwrap_or_default()
            .iter()
            .rev()
            .fold(0, |word, &b| word << 8 | u64::from(b)),
    }
}

/// The high bit of each byte of `word` that is an ASCII letter or digit, all eight bytes
/// compared at once: after the high bits are cleared no byte is above 0x7f, so adding at most
/// 0x50 carries into no other byte, and a sum's high bit says whether the byte reached the
/// bound added for.
#[inline(always)]
fn ascii_word_bits(word: u64) -> u64 {
    const fn each(byte: u8) -> u64 {
        u64::from_le_bytes([byte; 8])
    }
    let ascii = !word & HIGH_BITS;
    let low = word & !HIGH_BITS;
    // Letters: the byte with 0x20 set (lowercase) in 'a'..='z'.
    let lower = low | each(0x20);
    let letters = (lower + each(0x80 - b'a')) & !(lower + each(0x80 - b'z' - 1));
    let digits = (low + each(0x80 - b'0')) & !(low + each(0x80 - b'9' - 1));
    (letters | digits) & ascii
}

/// The first byte from `at` on that is an ASCII letter or digit or lies outside ASCII (where
/// [`WordRanges`] and [`scan_words`] look at a token or a wide char), or `bytes.len()`: the
/// separators between tokens skipped eight bytes at a time.
#[inline(always)]
fn next_word_or_wide_byte(bytes: &[u8], mut at: usize) -> usize {
    // Most tokens follow the last one after a single space.
    if let Some(&b) = bytes.get(at + 1)
        && bytes[at] == b' '
        && (b >= 0x80 || ASCII_WORD[usize::from(b)] & ALPHANUMERIC != 0)
    {
        return at + 1;
    }
    while at < bytes.len() {
        let word = eight_bytes(bytes, at);
        let found = ascii_word_bits(word) | (word & HIGH_BITS);
        if found != 0 {
            // Past the end the bytes are zeros, which are neither.
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    bytes.len()
}

/// The first byte from `at` on that is not an ASCII letter or digit, or `bytes.len()`: a run of
/// letters and digits measured eight bytes at a time.
#[inline(always)]
fn ascii_word_run_end(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() {
        let ends = !ascii_word_bits(eight_bytes(bytes, at)) & HIGH_BITS;
        if ends != 0 {
            return (at + (ends.trailing_zeros() / 8) as usize).min(bytes.len());
        }
        at += 8;
    }
    bytes.len()
}

/// [`ASCII_WORD`] bit: an apostrophe, hyphen, full stop or comma (a possible inner connector).
const CONNECTOR: u8 = 8;
/// [`ASCII_WORD`] bit: an ASCII letter.
const LETTER: u8 = 16;
/// [`ASCII_WORD`] bit: an ASCII digit.
const DIGIT: u8 = 32;

/// The class bits of each ASCII byte for [`ascii_token_end`]: [`ALPHANUMERIC`], [`LETTER`],
/// [`DIGIT`], [`CONNECTOR`]; none for the bytes outside ASCII, so that a byte is looked up
/// without first being compared with 0x80.
const ASCII_WORD: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphabetic() {
            ALPHANUMERIC | LETTER
        } else if c.is_ascii_digit() {
            ALPHANUMERIC | DIGIT
        } else if matches!(c, b'\'' | b'-' | b'.' | b',') {
            CONNECTOR
        } else {
            0
        };
        b += 1;
    }
    table
};

/// The length of the char outside ASCII at byte `at` when it is one that starts no token and
/// needs no Unicode table to tell: a char of U+2000..=U+203F (the spaces, dashes, quotation marks
/// and ellipsis of General Punctuation, none a letter or digit) or a no-break space.
#[inline]
fn punctuation_len(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at..at + 2)? {
        [0xE2, 0x80] => Some(3),
        [0xC2, 0xA0] => Some(2),
        _ => None,
    }
}

/// [`ascii_token_end`]'s class of a char that is not ASCII: its lead byte and what it is not
/// (no letter, digit or combining mark) are unknown without decoding it.
const UNKNOWN: u8 = 0xff;

/// The end of the token that starts with the ASCII letter or digit at byte `start`, when the
/// bytes decide it without Unicode tables (the rule of [`WordRanges`]): ASCII, and the chars of
/// U+2000..=U+203F, of which the apostrophe `’` and the hyphens `‐` and `‑` join and the rest
/// separate, and the no-break space. `None` when the token may be a dotted abbreviation or
/// meets another char outside ASCII where it could go on, for [`word_range_iter`] to decide.
#[inline]
fn ascii_token_end(bytes: &[u8], start: usize) -> Option<usize> {
    // The class bits of the char at `k` ([`ASCII_WORD`]'s; none for a char of
    // U+2000..=U+203F, no word char; [`UNKNOWN`] for another char outside ASCII), or `None` at
    // the end.
    let class = |k: usize| {
        bytes.get(k).map(|&b| {
            if b < 0x80 {
                ASCII_WORD[usize::from(b)]
            } else if b == 0xE2 && bytes.get(k + 1) == Some(&0x80) {
                0
            } else {
                UNKNOWN
            }
        })
    };
    let first = class(start)?;
    if first & LETTER != 0 && bytes.get(start + 1) == Some(&b'.') {
        return None;
    }
    let mut j = start + 1;
    loop {
        // A byte outside ASCII is no letter or digit, so it ends the run.
        j = ascii_word_run_end(bytes, j);
        // The class of the run's last byte (the first byte, or the ASCII letter or digit after
        // a connector, when the run is empty).
        let prev = ASCII_WORD[usize::from(bytes[j - 1])];
        let Some(&b) = bytes.get(j) else {
            return Some(j);
        };
        // The connector at `j`: its length, and whether it joins after `prev` before a char
        // of class `next` (an apostrophe two letters, a hyphen two word chars, a full stop or
        // comma two digits).
        let (len, joins): (usize, fn(u8, u8) -> bool) = match b {
            b'\'' => (1, |prev, next| prev & next & LETTER != 0),
            b'-' => (1, |_, next| next & ALPHANUMERIC != 0),
            b'.' | b',' => (1, |prev, next| prev & next & DIGIT != 0),
            0..0x80 => return Some(j),
            // U+00A0 NO-BREAK SPACE.
            0xC2 if bytes.get(j + 1) == Some(&0xA0) => return Some(j),
            0xE2 if bytes.get(j + 1) == Some(&0x80) => match bytes.get(j + 2) {
                // U+2019 RIGHT SINGLE QUOTATION MARK, the curly apostrophe.
                Some(0x99) => (3, |prev, next| prev & next & LETTER != 0),
                // U+2010 HYPHEN and U+2011 NON-BREAKING HYPHEN.
                Some(0x90 | 0x91) => (3, |_, next| next & ALPHANUMERIC != 0),
                _ => return Some(j),
            },
            _ => return None,
        };
        let Some(next) = class(j + len) else {
            return Some(j);
        };
        if next == UNKNOWN {
            return None;
        }
        if !joins(prev, next) {
            return Some(j);
        }
        j += len + 1;
    }
}

/// Whether `text` holds whitespace (`char::is_whitespace`).
#[inline]
fn has_whitespace(text: &str) -> bool {
    text.bytes()
        .any(|b| b < 0x80 && ASCII_CLASS[usize::from(b)] & SPACE != 0)
        || (!text.is_ascii() && text.chars().any(char::is_whitespace))
}

/// The words of a grammatical negation, as [`tokens`] gives them. A statement and its negation
/// share nearly all their words, so whatever links sentences by their words (a summary
/// sentence's support, the facts of an event's coverage) links them only when both or neither
/// hold one of these. "Denied" and "refused" are left out: "the court denied the appeal" and "the
/// court rejected the appeal" state one fact.
pub const NEGATIONS: &[&str] = &[
    "not",
    "no",
    "never",
    "nor",
    "neither",
    "none",
    "nobody",
    "nothing",
    "nowhere",
    "cannot",
    "don't",
    "dont",
    "doesn't",
    "didn't",
    "didnt",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "won't",
    "wouldn't",
    "can't",
    "couldn't",
    "shouldn't",
    "hasn't",
    "haven't",
    "hadn't",
];

/// Whether `text` holds one of the [`NEGATIONS`] as a word (case aside, a curly apostrophe as a
/// straight one).
pub fn has_negation(text: &str) -> bool {
    word_ranges(text)
        .into_iter()
        .any(|r| NEGATIONS.contains(&normalize(&text[r]).as_str()))
}

/// The word tokens of `text`, lowercased, with curly and modifier apostrophes folded to `'` and
/// Unicode hyphens folded to `-`.
pub fn tokens(text: &str) -> Vec<String> {
    word_ranges(text)
        .into_iter()
        .map(|r| normalize(&text[r]))
        .collect()
}

fn normalize(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            '’' | 'ʼ' | '‘' => out.push('\''),
            '‐' | '‑' => out.push('-'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Combining diacritics, so a decomposed "é" stays inside its word.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// The most letters a dotted abbreviation may have ("U.S.S.R." has four).
const MAX_ABBREVIATION_LETTERS: usize = 8;

/// If a dotted abbreviation of at least two single letters starts at byte `i`, the byte just
/// after it.
fn dotted_abbreviation_end(text: &str, i: usize) -> Option<usize> {
    // The byte after the letter at `k`, if there is a letter at `k`.
    let letter =
        |k: usize| char_at(text, k).and_then(|(c, after)| c.is_alphabetic().then_some(after));
    let dot = |k: usize| text.as_bytes().get(k) == Some(&b'.');
    let word_at = |k: usize| char_at(text, k).is_some_and(|(c, _)| is_word_char(c));
    // Count "X." pairs.
    let mut pairs = 0;
    let mut k = i;
    while let Some(after) = letter(k).filter(|&after| dot(after)) {
        pairs += 1;
        if pairs > MAX_ABBREVIATION_LETTERS {
            // Bounded so a long run like "a.a.a.a…" stays linear.
            return None;
        }
        k = after + 1;
        if letter(k).is_some_and(|after| letter(after).is_some()) {
            // "X.Word": not an abbreviation of single letters.
            return None;
        }
    }
    if pairs == 0 {
        return None;
    }
    // A final letter without its dot ("U.S.A").
    let end = match letter(k) {
        Some(after) if pairs >= 2 && !word_at(after) => after,
        _ => k,
    };
    if pairs >= 2 && !word_at(end) {
        Some(end)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        word_ranges(text).into_iter().map(|r| &text[r]).collect()
    }

    // The char-vector implementation this module had before its byte-level one, kept as the
    // oracle that the faster one must agree with.
    fn reference_word_ranges(text: &str) -> Vec<Range<usize>> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let n = chars.len();
        let byte_at = |k: usize| chars.get(k).map_or(text.len(), |&(b, _)| b);
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            if !is_word_char(chars[i].1) {
                i += 1;
                continue;
            }
            if let Some(end) = reference_abbreviation_end(&chars, i) {
                out.push(chars[i].0..byte_at(end));
                i = end;
                continue;
            }
            let mut j = i + 1;
            loop {
                while j < n && (is_word_char(chars[j].1) || is_combining_mark(chars[j].1)) {
                    j += 1;
                }
                if j + 1 < n && is_word_char(chars[j + 1].1) {
                    let (prev, conn, next) = (chars[j - 1].1, chars[j].1, chars[j + 1].1);
                    let joins = match conn {
                        '\'' | '’' | 'ʼ' => prev.is_alphabetic() && next.is_alphabetic(),
                        '-' | '‐' | '‑' => true,
                        '.' | ',' => prev.is_ascii_digit() && next.is_ascii_digit(),
                        _ => false,
                    };
                    if joins {
                        j += 2;
                        continue;
                    }
                }
                break;
            }
            out.push(chars[i].0..byte_at(j));
            i = j;
        }
        out
    }

    fn reference_word_count(text: &str) -> usize {
        text.split_whitespace()
            .filter(|piece| piece.chars().any(char::is_alphanumeric))
            .count()
    }

    fn reference_abbreviation_end(chars: &[(usize, char)], i: usize) -> Option<usize> {
        let n = chars.len();
        let letter = |k: usize| k < n && chars[k].1.is_alphabetic();
        let dot = |k: usize| k < n && chars[k].1 == '.';
        // Count "X." pairs.
        let mut pairs = 0;
        let mut k = i;
        while letter(k) && dot(k + 1) {
            pairs += 1;
            if pairs > MAX_ABBREVIATION_LETTERS {
                // Bounded so a long run like "a.a.a.a…" stays linear.
                return None;
            }
            k += 2;
            if letter(k) && letter(k + 1) {
                // "X.Word": not an abbreviation of single letters.
                return None;
            }
        }
        if pairs == 0 {
            return None;
        }
        // A final letter without its dot ("U.S.A").
        let end = if pairs >= 2 && letter(k) && !(k + 1 < n && is_word_char(chars[k + 1].1)) {
            k + 1
        } else {
            k
        };
        if pairs >= 2 && !(end < n && is_word_char(chars[end].1)) {
            Some(end)
        } else {
            None
        }
    }

    /// The one-pass scan gives the tokenizer's ranges, the word count and the capitalized share;
    /// the tokenizer's byte paths give the ranges of the char vector implementation.
    fn scan_agrees(text: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        let mut ranges = Vec::new();
        let (count, share) = scan_words(text, |r| ranges.push(r));
        proptest::prop_assert_eq!(&ranges, &word_ranges(text));
        proptest::prop_assert_eq!(ranges, reference_word_ranges(text));
        let (expected_count, expected_share) = word_count_and_capitals(text);
        proptest::prop_assert_eq!(count, expected_count);
        proptest::prop_assert_eq!(share.to_bits(), expected_share.to_bits());
        Ok(())
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_the_char_vector_implementation(
            text in "[aZéÉ.,'’ʼ‘\\-‐‑ 0-9\u{301}\u{a0}\u{b}\t—$]{0,40}"
        ) {
            proptest::prop_assert_eq!(word_ranges(&text), reference_word_ranges(&text));
            proptest::prop_assert_eq!(word_count(&text), reference_word_count(&text));
            let mut capital = 0usize;
            let mut all = 0usize;
            for word in text.split_whitespace().skip(1) {
                let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
                if let Some(c) = word.chars().next() {
                    all += 1;
                    capital += usize::from(c.is_uppercase());
                }
            }
            let share = capital as f32 / all.max(1) as f32;
            proptest::prop_assert_eq!(capitalized_share(&text).to_bits(), share.to_bits());
            proptest::prop_assert_eq!(word_count_and_capitals(&text).0, reference_word_count(&text));
        }

        /// The one-pass scan agrees with the tokenizer, the word count and the capitalized share.
        #[test]
        fn scan_agrees_with_ranges_count_and_capitals(
            text in "[aZéÉ.,'’ʼ‘\\-‐‑ 0-9\u{301}\u{a0}\u{b}\t—$\u{2028}”]{0,40}"
        ) {
            scan_agrees(&text)?;
        }

        /// The same on text with the General Punctuation chars that the scan tells without
        /// Unicode tables, next to letters and digits.
        #[test]
        fn scan_agrees_around_general_punctuation(
            text in "([a-cA\u{e9}0-9 .'-]|[\u{2000}-\u{203f}]|\u{a0}|\u{2bc}|\u{301}){0,40}"
        ) {
            scan_agrees(&text)?;
        }

        /// The same on any printable ASCII (every byte next to the bounds of the letter and
        /// digit ranges: `/`, `:`, `@`, `[`, `` ` ``, `{`) mixed with a few wide chars.
        #[test]
        fn scan_agrees_on_any_ascii(text in "([ -~]|\n|\u{e9}|\u{2019}){0,60}") {
            scan_agrees(&text)?;
        }

        /// The eight-at-a-time skips stop where a byte-by-byte walk stops, from any start, on
        /// any bytes.
        #[test]
        fn skips_agree_with_a_byte_walk(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..40),
            at in 0usize..40,
        ) {
            let at = at.min(bytes.len());
            let word = |b: u8| b.is_ascii_alphanumeric();
            let expected_next = (at..bytes.len())
                .find(|&k| word(bytes[k]) || bytes[k] >= 0x80)
                .unwrap_or(bytes.len());
            let expected_end = (at..bytes.len())
                .find(|&k| !word(bytes[k]))
                .unwrap_or(bytes.len());
            proptest::prop_assert_eq!(next_word_or_wide_byte(&bytes, at), expected_next);
            proptest::prop_assert_eq!(ascii_word_run_end(&bytes, at), expected_end);
        }

        /// The same on ASCII text with abbreviations, numbers and connectors.
        #[test]
        fn scan_agrees_on_ascii(text in "([aAbZ]|[a-c]\\.|[0-9]|[.,'\\- ]|\\n){0,40}") {
            scan_agrees(&text)?;
        }
    }

    /// The chars that the scan skips or ends a token at without Unicode tables are no letters,
    /// digits or combining marks.
    #[test]
    fn general_punctuation_holds_no_word_char() {
        for c in ('\u{2000}'..='\u{203f}').chain(['\u{a0}']) {
            assert!(!is_word_char(c) && !is_combining_mark(c), "{c:?}");
        }
        let mut bytes = [0u8; 4];
        assert_eq!(
            '\u{2000}'.encode_utf8(&mut bytes).as_bytes()[..2],
            [0xE2, 0x80]
        );
        assert_eq!(
            '\u{203f}'.encode_utf8(&mut bytes).as_bytes()[..2],
            [0xE2, 0x80]
        );
    }

    #[test]
    fn negations_are_whole_words_in_any_case_and_apostrophe() {
        assert!(has_negation("The dam was not overloaded."));
        assert!(has_negation("It DIDN\u{2019}T hold, and nobody knew."));
        assert!(has_negation("Neither side commented."));
        assert!(!has_negation(
            "Notably, the knot held; Nottingham and Norway agree."
        ));
        assert!(!has_negation("The court denied the appeal."));
        assert!(!has_negation(""));
    }

    #[test]
    fn keeps_abbreviations_numbers_apostrophes_and_hyphens() {
        assert_eq!(
            words(
                "The U.S. and U.K. backed al-Assad's foes; 200,000 fled, 3.5 percent of $1.2 billion."
            ),
            [
                "The",
                "U.S.",
                "and",
                "U.K.",
                "backed",
                "al-Assad's",
                "foes",
                "200,000",
                "fled",
                "3.5",
                "percent",
                "of",
                "1.2",
                "billion"
            ]
        );
    }

    #[test]
    fn splits_at_edges_of_connectors() {
        assert_eq!(
            words("students’ 'quoted' U.S.-backed F. Kennedy"),
            ["students", "quoted", "U.S.", "backed", "F", "Kennedy"]
        );
        assert_eq!(
            words("in 2015. Then e.g. a.m. U.S.A won"),
            ["in", "2015", "Then", "e.g.", "a.m.", "U.S.A", "won"]
        );
        assert_eq!(
            words("Al- Qaeda -- O’Brien’s"),
            ["Al", "Qaeda", "O’Brien’s"]
        );
        assert_eq!(
            words("e\u{301}te\u{301} café"),
            ["e\u{301}te\u{301}", "café"]
        );
        assert_eq!(words(""), Vec::<&str>::new());
        assert_eq!(words("x.Word ..."), ["x", "Word"]);
    }

    #[test]
    fn scan_reads_the_examples_as_the_tokenizer() {
        for text in [
            "The U.S. and U.K. backed al-Assad's foes; 200,000 fled, 3.5 percent of $1.2 billion.",
            "students’ 'quoted' U.S.-backed F. Kennedy in 2015. Then e.g. a.m. U.S.A won",
            "Al- Qaeda -- O’Brien’s e\u{301}te\u{301} café x.Word ... — Étienne said",
            "  — Leading space and\u{a0}NBSP",
            "",
        ] {
            let mut ranges = Vec::new();
            let counted = scan_words(text, |r| ranges.push(r));
            assert_eq!(ranges, word_ranges(text), "{text}");
            assert_eq!(counted, word_count_and_capitals(text), "{text}");
        }
    }

    #[test]
    fn counts_words_by_whitespace() {
        assert_eq!(
            word_count("The U.S.-backed rebels — 200,000 of them — fled."),
            7
        );
        assert_eq!(word_count("  — ... "), 0);
    }

    #[test]
    fn tokens_are_lowercase_and_folded() {
        assert_eq!(
            tokens("Russia’s U.S. Al‑Qaeda"),
            ["russia's", "u.s.", "al-qaeda"]
        );
    }
}
