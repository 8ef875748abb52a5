//! Chinese, Japanese and Korean text for full-text search.
//!
//! The word index (`unicode61`) splits on spaces and punctuation, so a run of Chinese or
//! Japanese characters is one token and `香港` never matches inside `香港政府宣布`. The CJK runs
//! of each text are therefore indexed a second time, in a `trigram` table (migration 5), where a
//! query of 3 or more characters matches any substring; shorter ones are found with `LIKE` over
//! the same (small) column.

/// Whether `c` is a Han ideograph, kana or Hangul: a character of a script written without
/// spaces between words (or, for Hangul, with particles attached to them).
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF           // Hangul Jamo
        | 0x3005..=0x3007         // 々 〆 〇
        | 0x3041..=0x30FA         // Hiragana, Katakana (the middle dot ・ separates)
        | 0x30FC..=0x30FF         // ー and the kana iteration marks
        | 0x3130..=0x318F         // Hangul Compatibility Jamo
        | 0x31F0..=0x31FF         // Katakana Phonetic Extensions
        | 0x3400..=0x4DBF         // CJK Unified Ideographs Extension A
        | 0x4E00..=0x9FFF         // CJK Unified Ideographs
        | 0xAC00..=0xD7AF         // Hangul Syllables
        | 0xF900..=0xFAFF         // CJK Compatibility Ideographs
        | 0xFF66..=0xFF9F         // Halfwidth Katakana
        | 0x20000..=0x3FFFF // Extensions B and later
    )
}

/// The maximal runs of CJK characters in `text`, in order.
pub(crate) fn runs(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_cjk(c)).filter(|r| !r.is_empty())
}

/// Whether `text` has a byte that starts the UTF-8 encoding of a CJK character (U+1100-11FF,
/// U+3000-D7FF, U+F900-FFFF, U+10000-3FFFF): false for ASCII, accented Latin, Cyrillic, and
/// for typographic quotes and dashes (lead byte 0xE2), so Latin-script texts are passed over
/// without decoding a character.
pub(crate) fn may_have_cjk(text: &str) -> bool {
    text.bytes()
        .any(|b| matches!(b, 0xE1 | 0xE3..=0xED | 0xEF | 0xF0))
}

/// The CJK runs of the given texts joined by line breaks (so no trigram of a query spans two
/// runs), or `None` when there are none. Texts without a CJK lead byte are skipped without
/// decoding, so that Latin-script ingest pays next to nothing.
pub(crate) fn index_text(texts: &[&str]) -> Option<String> {
    let mut out = String::new();
    for text in texts {
        if !may_have_cjk(text) {
            continue;
        }
        for run in runs(text) {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(run);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// A user's query split for the two indexes.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Query {
    /// CJK runs of 3 or more characters: a `trigram` MATCH expression of quoted phrases, all of
    /// which must occur.
    pub(crate) trigram: Option<String>,
    /// CJK runs of 1 or 2 characters, which a trigram index cannot look up: `LIKE` patterns.
    pub(crate) like: Vec<String>,
    /// The other words, for the word index (see `fts_query`), as the text they came from.
    pub(crate) words: String,
}

/// Splits `text` when it contains CJK characters; `None` when it has none (the word index alone
/// answers it, as before).
pub(crate) fn split_query(text: &str) -> Option<Query> {
    if !text.chars().any(is_cjk) {
        return None;
    }
    let mut phrases = Vec::new();
    let mut like = Vec::new();
    for run in runs(text) {
        if run.chars().count() >= 3 {
            phrases.push(format!("\"{run}\""));
        } else {
            like.push(format!("%{run}%"));
        }
    }
    phrases.sort();
    phrases.dedup();
    like.sort();
    like.dedup();
    let words: String = text
        .chars()
        .map(|c| if is_cjk(c) { ' ' } else { c })
        .collect();
    Some(Query {
        trigram: (!phrases.is_empty()).then(|| phrases.join(" ")),
        like,
        words,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_chinese_japanese_and_korean() {
        let text = "G20峰会在香港举行。東京都の小池知事は、ワクチン接種を…서울에서 Biden said";
        let found: Vec<&str> = runs(text).collect();
        assert_eq!(
            found,
            [
                "峰会在香港举行",
                "東京都の小池知事は",
                "ワクチン接種を",
                "서울에서"
            ]
        );
        assert_eq!(
            index_text(&["plain ASCII", "Zürich é — “quoted” Москва"]),
            None
        );
        assert!(!may_have_cjk("Zürich é — “quoted” Москва"));
        for c in [
            '\u{1100}',
            '\u{3005}',
            '香',
            'ア',
            '한',
            '\u{F900}',
            '\u{FF66}',
            '\u{20000}',
        ] {
            assert!(is_cjk(c) && may_have_cjk(&c.to_string()), "{c}");
        }
        assert_eq!(
            index_text(&["香港", "ok", "政府 說"]).as_deref(),
            Some("香港\n政府\n說")
        );
    }

    #[test]
    fn queries_split_by_length_and_script() {
        assert_eq!(split_query("Hong Kong protest"), None);
        let q = split_query("香港 政府宣布 Lam").unwrap();
        assert_eq!(q.trigram.as_deref(), Some("\"政府宣布\""));
        assert_eq!(q.like, ["%香港%"]);
        assert_eq!(q.words.split_whitespace().collect::<Vec<_>>(), ["Lam"]);
    }
}
