//! A small word tokenizer for figures and dates: words, numbers and punctuation with their byte
//! ranges, so that every match maps back to the article text.
//!
//! Unlike `segment::word_ranges`, it keeps hyphenated compounds ("six-year", "one-third"), digit
//! groups ("200,000", "2.5") and possessive apostrophes visible, because the number grammar reads
//! them.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters, or letters mixed with digits ("six-year", "2nd", "G20").
    Word,
    /// Digits with optional group commas and a decimal point ("200,000", "2.5").
    Number,
    /// Any other single character that is not whitespace.
    Punct,
}

/// One token: a byte range of the tokenized text and its lowercase form.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    /// Start byte in the text given to [`tokenize`] plus its base offset.
    pub(crate) start: usize,
    /// End byte (exclusive).
    pub(crate) end: usize,
    /// Kind.
    pub(crate) kind: Kind,
    /// Lowercase text, curly apostrophes folded to straight ones.
    pub(crate) lower: String,
}

impl Token {
    /// Whether the token is this lowercase word or punctuation.
    pub(crate) fn is(&self, word: &str) -> bool {
        self.lower == word
    }

    /// Whether the token is any of these lowercase words.
    pub(crate) fn is_any(&self, words: &[&str]) -> bool {
        words.contains(&self.lower.as_str())
    }

    /// Whether the token starts with an uppercase letter.
    pub(crate) fn is_capitalized(&self, text: &str) -> bool {
        text.get(self.start..self.end)
            .and_then(|s| s.chars().next())
            .is_some_and(char::is_uppercase)
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn is_hyphen(c: char) -> bool {
    c == '-' || c == '\u{2010}' || c == '\u{2011}'
}

/// Tokens of `text`, with byte offsets shifted by `base` (the offset of `text` in the article).
pub(crate) fn tokenize(text: &str, base: usize) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if !c.is_alphanumeric() {
            let end = start + c.len_utf8();
            out.push(Token {
                start: base + start,
                end: base + end,
                kind: Kind::Punct,
                lower: if is_apostrophe(c) {
                    "'".to_owned()
                } else {
                    c.to_string()
                },
            });
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let mut all_digits = c.is_ascii_digit();
        // Whether the part since the last hyphen is digits only ("6,000-8,000").
        let mut part_digits = all_digits;
        while j < chars.len() {
            let (_, d) = chars[j];
            if d.is_alphanumeric() {
                all_digits &= d.is_ascii_digit();
                part_digits &= d.is_ascii_digit();
                j += 1;
                continue;
            }
            let next = chars.get(j + 1).map(|&(_, n)| n);
            let prev = chars[j - 1].1;
            let joins = match d {
                ',' | '.' => {
                    prev.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit()) && part_digits
                }
                d if is_hyphen(d) => next.is_some_and(char::is_alphanumeric),
                d if is_apostrophe(d) => next.is_some_and(char::is_alphabetic) && !all_digits,
                _ => false,
            };
            if !joins {
                break;
            }
            if is_hyphen(d) || is_apostrophe(d) {
                all_digits = false;
                part_digits = next.is_some_and(|n| n.is_ascii_digit());
            }
            j += 1;
        }
        let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
        let slice = &text[start..end];
        out.push(Token {
            start: base + start,
            end: base + end,
            kind: if all_digits { Kind::Number } else { Kind::Word },
            lower: slice.to_lowercase().replace('\u{2019}', "'"),
        });
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_compounds_groups_and_punctuation() {
        let text = "About 200,000 people, a six-year war; 2.5 metres. Assad’s men";
        let toks = tokenize(text, 10);
        let lower: Vec<&str> = toks.iter().map(|t| t.lower.as_str()).collect();
        assert_eq!(
            lower,
            [
                "about", "200,000", "people", ",", "a", "six-year", "war", ";", "2.5", "metres",
                ".", "assad's", "men"
            ]
        );
        assert_eq!(toks[1].kind, Kind::Number);
        assert_eq!(toks[5].kind, Kind::Word);
        for t in &toks {
            assert!(text.get(t.start - 10..t.end - 10).is_some());
        }
    }

    #[test]
    fn trailing_comma_and_period_are_punctuation() {
        let toks = tokenize("in 2017, and 2021.", 0);
        let lower: Vec<&str> = toks.iter().map(|t| t.lower.as_str()).collect();
        assert_eq!(lower, ["in", "2017", ",", "and", "2021", "."]);
    }
}
