//! Lines of an article body: where each one starts and ends, and the shape measures the rules use.

use std::ops::Range;

/// One non-blank line of an article, trimmed of surrounding whitespace.
#[derive(Debug, Clone)]
pub(crate) struct Line<'a> {
    /// Byte range of the trimmed line in the article text.
    pub(crate) range: Range<usize>,
    /// The trimmed text (`&text[range]`).
    pub(crate) text: &'a str,
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
            });
        }
        start += piece.len() + 1;
    }
    lines
}

/// Number of whitespace-separated words.
pub(crate) fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
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
pub(crate) fn is_sentence(text: &str) -> bool {
    word_count(text) >= 5 && ends_like_sentence(text)
}

/// The text with runs of whitespace collapsed and letters lowercased, for comparing lines.
pub(crate) fn normalize(text: &str) -> String {
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
}
