//! Property tests: on any input the segmenter never panics and its ranges keep their promises.

use std::ops::Range;

use proptest::prelude::*;

/// Strings built from the pieces that trouble a sentence splitter, plus arbitrary characters.
fn news_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("U.S.".to_owned()),
        Just("Mr.".to_owned()),
        Just("e.g.".to_owned()),
        Just(". ".to_owned()),
        Just(".".to_owned()),
        Just("...".to_owned()),
        Just("…".to_owned()),
        Just("?".to_owned()),
        Just("!".to_owned()),
        Just("\"".to_owned()),
        Just("“".to_owned()),
        Just("”".to_owned()),
        Just("’".to_owned()),
        Just("'".to_owned()),
        Just(")".to_owned()),
        Just(" ".to_owned()),
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("- ".to_owned()),
        Just("3.5".to_owned()),
        Just("200,000".to_owned()),
        "[A-Z][a-z]{0,5}",
        "[a-z]{1,6}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

fn check_sentences(text: &str, ranges: &[Range<usize>], within: Range<usize>) {
    let mut previous_end = within.start;
    for range in ranges {
        assert!(range.start < range.end, "empty range {range:?}");
        assert!(
            range.start >= previous_end,
            "overlap or disorder at {range:?}"
        );
        assert!(
            range.end <= within.end.min(text.len()),
            "out of range {range:?}"
        );
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        let sentence = &text[range.clone()];
        assert_eq!(sentence.trim(), sentence, "untrimmed {sentence:?}");
        assert!(
            sentence.chars().any(char::is_alphanumeric),
            "punctuation-only sentence {sentence:?}"
        );
        previous_end = range.end;
    }
}

fn check_words(text: &str, ranges: &[Range<usize>]) {
    let mut previous_end = 0;
    for range in ranges {
        assert!(range.start < range.end && range.start >= previous_end);
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        assert!(text[range.clone()].chars().any(char::is_alphanumeric));
        previous_end = range.end;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn sentences_of_news_like_text(text in news_like()) {
        check_sentences(&text, &segment::split_sentences(&text), 0..text.len());
    }

    #[test]
    fn sentences_of_any_text(text in any::<String>()) {
        check_sentences(&text, &segment::split_sentences(&text), 0..text.len());
    }

    #[test]
    fn sentences_in_a_range_stay_inside(text in news_like(), a in 0usize..200, b in 0usize..200) {
        let ranges = segment::split_sentences_in(&text, a..b);
        check_sentences(&text, &ranges, a..b);
    }

    #[test]
    fn words_and_tokens(text in news_like()) {
        let ranges = segment::word_ranges(&text);
        check_words(&text, &ranges);
        let tokens = segment::tokens(&text);
        prop_assert_eq!(tokens.len(), ranges.len());
        let stemmer = segment::Stemmer::new();
        let _ = segment::content_stems(&text, &stemmer);
        prop_assert!(segment::word_count(&text) <= text.split_whitespace().count());
    }
}
