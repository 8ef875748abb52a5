//! The annotation README's normalization: NFC, lowercase, curly quotes folded, hyphens, dashes
//! and slashes to spaces, every other punctuation mark dropped, whitespace collapsed; and the
//! tokens and Snowball stems built on it.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The normalized form of `text`, the key every matching rule compares.
///
/// Unicode NFC; lowercase; curly quotes and apostrophes folded to straight ones; hyphens, dashes
/// and slashes (any script's) become spaces; every other character that is neither a letter, a
/// digit, a combining mark nor whitespace is dropped (so apostrophes and periods go: "U.S." ->
/// "us", "Assad's" -> "assads"); whitespace (non-breaking spaces included) collapses to one space;
/// the result is trimmed.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfc().flat_map(char::to_lowercase) {
        let c = fold_quote(c);
        if c.is_whitespace() || is_dash_or_slash(c) {
            pending_space = !out.is_empty();
        } else if c.is_alphanumeric() || is_combining_mark(c) {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// The tokens of `text`: its normalized form split at spaces.
pub fn tokens(text: &str) -> Vec<String> {
    normalize(text)
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The Snowball English stems of `text`'s tokens, in order; with `content_only`, stopwords
/// (the standard English list of [`segment::is_stopword`]) are left out.
pub fn stems(text: &str, content_only: bool) -> Vec<String> {
    let stemmer = segment::Stemmer::new();
    tokens(text)
        .into_iter()
        .filter(|t| !content_only || !segment::is_stopword(t))
        .map(|t| stemmer.stem(&t).into_owned())
        .collect()
}

/// Curly single and double quotes (and primes) become `'` and `"`.
fn fold_quote(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        other => other,
    }
}

/// Hyphen, dash (Unicode category Pd), minus and slash characters.
fn is_dash_or_slash(c: char) -> bool {
    matches!(
        c,
        '-' | '/'
            | '\\'
            | '\u{00AD}'
            | '\u{058A}'
            | '\u{05BE}'
            | '\u{1400}'
            | '\u{1806}'
            | '\u{2010}'
            ..='\u{2015}'
                | '\u{2043}'
                | '\u{2044}'
                | '\u{2212}'
                | '\u{2215}'
                | '\u{2E17}'
                | '\u{2E1A}'
                | '\u{2E3A}'
                | '\u{2E3B}'
                | '\u{2E40}'
                | '\u{301C}'
                | '\u{3030}'
                | '\u{30A0}'
                | '\u{FE31}'
                | '\u{FE32}'
                | '\u{FE58}'
                | '\u{FE63}'
                | '\u{FF0D}'
                | '\u{FF0F}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_as_the_readme_says() {
        assert_eq!(normalize("U.S."), "us");
        assert_eq!(normalize("Assad’s"), "assads");
        assert_eq!(normalize("Assad's"), "assads");
        assert_eq!(
            normalize("  Rebel-held\u{a0}east/west — Aleppo!  "),
            "rebel held east west aleppo"
        );
        assert_eq!(normalize("“Quoted,” he said."), "quoted he said");
        assert_eq!(normalize("e\u{301}cole"), "école");
        assert_eq!(normalize("1,200.5%"), "12005");
        assert_eq!(normalize("..."), "");
    }

    #[test]
    fn tokens_and_stems() {
        assert_eq!(
            tokens("The rebels' strongholds"),
            ["the", "rebels", "strongholds"]
        );
        assert_eq!(
            stems("The rebels' strongholds", true),
            ["rebel", "stronghold"]
        );
        assert_eq!(
            stems("people killed in Aleppo", false),
            ["peopl", "kill", "in", "aleppo"]
        );
    }
}
