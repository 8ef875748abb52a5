//! Chinese, Japanese and Korean letters, and the word count of a text in which the letters of
//! Chinese and Japanese, which write no space between words, count two to a word (a Chinese word
//! is one to three characters, most often two), so that a word budget means about the same
//! length of story in every script. Korean spaces its words and is counted by its spaces.

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

/// Whether `c` is a letter of a script written without spaces between words: kana and
/// ideographs ([`is_cjk`] without Hangul).
pub fn is_unspaced(c: char) -> bool {
    is_cjk(c) && !('\u{AC00}'..='\u{D7AF}').contains(&c)
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

/// The number of words in `text` with Chinese and Japanese letters counted two to a word:
/// [`crate::word_count`] for a text without them; otherwise one for each run of other letters
/// and digits (`iPhone手机` is two words, `北京一工厂发生火灾` five), a run of them rounded up.
pub fn cjk_word_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut count, mut in_run, mut k) = (0, false, 0);
    // Letters of the current run of unspaced letters.
    let mut letters = 0usize;
    while k < bytes.len() {
        let (class, len) = char_class(text, k);
        if class & ALPHANUMERIC != 0 && text[k..].chars().next().is_some_and(is_unspaced) {
            letters += 1;
            in_run = false;
            k += len;
            continue;
        }
        count += letters.div_ceil(2);
        letters = 0;
        if class & SPACE != 0 {
            in_run = false;
        } else if class & ALPHANUMERIC != 0 && !in_run {
            in_run = true;
            count += 1;
        }
        k += len;
    }
    count + letters.div_ceil(2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn two_unspaced_letters_are_a_word_and_korean_counts_by_spaces() {
        assert_eq!(cjk_word_count("北京一工厂发生火灾。"), 5);
        assert_eq!(cjk_word_count("周一凌晨，北京市"), 4);
        assert_eq!(cjk_word_count("iPhone手机 sold 3,000"), 4);
        assert_eq!(cjk_word_count("東京タワー"), 3);
        assert_eq!(cjk_word_count("서울 시장"), 2);
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
            if !text.chars().any(is_unspaced) {
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
