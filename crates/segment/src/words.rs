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
        if let Some(end) = dotted_abbreviation_end(&chars, i) {
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

/// The number of words in `text`: whitespace-separated pieces with at least one letter or digit.
///
/// This is the unit of every word budget in Chorus (so "U.S.-backed" is one word and a lone
/// dash is none).
pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|piece| piece.chars().any(char::is_alphanumeric))
        .count()
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

/// If a dotted abbreviation of at least two single letters starts at char `i`, the char index
/// just after it.
fn dotted_abbreviation_end(chars: &[(usize, char)], i: usize) -> Option<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        word_ranges(text).into_iter().map(|r| &text[r]).collect()
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
