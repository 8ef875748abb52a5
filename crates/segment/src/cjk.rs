//! Chinese, Japanese and Korean text, which writes no space between words: which characters are
//! CJK, and the word count of a text in which each CJK character counts as a word (about what a
//! short English word carries), so that a word budget means the same length of story in every
//! script.

use crate::words::{ALPHANUMERIC, SPACE, char_class};

/// Whether `c` is a CJK letter: kana, ideographs (with extensions A to F and the compatibility
/// block) and Hangul syllables.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'   // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}' // CJK Extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK Unified Ideographs
        | '\u{AC00}'..='\u{D7AF}' // Hangul syllables
        | '\u{F900}'..='\u{FAFF}' // CJK Compatibility Ideographs
        | '\u{20000}'..='\u{2FA1F}')
}

/// Whether `bytes` (UTF-8) may hold a CJK letter: a byte that starts the encoding of U+3000 to
/// U+DFFF or of a four-byte char. False for every text without one (English with curly quotes and
/// dashes included, whose marks start with 0xE2), so callers skip the char-by-char walk there.
#[inline]
pub fn may_hold_cjk(bytes: &[u8]) -> bool {
    // The highest byte first, a loop the compiler vectorizes: English text never reaches 0xE3.
    bytes.iter().copied().max().is_some_and(|b| b >= 0xE3)
        && bytes
            .iter()
            .any(|&b| (0xE3..=0xED).contains(&b) || b >= 0xEF)
}

/// The number of words in `text` with each CJK letter counted as one: [`crate::word_count`]
/// for a text without CJK letters; otherwise each whitespace piece counts its CJK letters, plus
/// one for each run of other letters and digits between them (`iPhone手机` is three words).
pub fn cjk_word_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut count, mut in_run, mut k) = (0, false, 0);
    while k < bytes.len() {
        let (class, len) = char_class(text, k);
        if class & SPACE != 0 {
            in_run = false;
        } else if class & ALPHANUMERIC != 0 {
            if text[k..].chars().next().is_some_and(is_cjk) {
                count += 1;
                in_run = false;
            } else if !in_run {
                in_run = true;
                count += 1;
            }
        }
        k += len;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn each_cjk_letter_is_a_word_and_runs_between_them_are_one() {
        assert_eq!(cjk_word_count("北京一工厂发生火灾。"), 9);
        assert_eq!(cjk_word_count("iPhone手机 sold 3,000"), 5);
        assert_eq!(cjk_word_count("東京タワー"), 5);
        assert_eq!(cjk_word_count("서울 시장"), 4);
        assert_eq!(cjk_word_count("The U.S.-backed plan — 20% off."), 5);
    }

    #[test]
    fn curly_quotes_and_dashes_are_not_cjk_bytes() {
        assert!(!may_hold_cjk("“Don’t” — he said… ‘no’ ‐ café".as_bytes()));
        assert!(may_hold_cjk("火".as_bytes()) && may_hold_cjk("가".as_bytes()));
        assert!(may_hold_cjk("𠀀".as_bytes()));
    }

    proptest! {
        #[test]
        fn without_cjk_the_count_is_the_word_count(text in "\\PC{0,80}") {
            if !text.chars().any(is_cjk) {
                prop_assert_eq!(cjk_word_count(&text), crate::word_count(&text));
            }
        }

        #[test]
        fn a_text_with_a_cjk_letter_may_hold_cjk(text in "\\PC{0,40}") {
            if text.chars().any(is_cjk) {
                prop_assert!(may_hold_cjk(text.as_bytes()));
            }
        }
    }
}
