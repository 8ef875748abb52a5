//! Property tests: whatever the text, the cleaner does not panic, and its kept and removed ranges
//! are in bounds, on char boundaries, trimmed, ordered, disjoint, and cover exactly the non-blank
//! lines.

use clean::{CleanConfig, Cleaned, clean_batch, clean_text};
use model::{Article, ArticleId, Origin};
use proptest::prelude::*;

/// The trimmed non-blank lines of `text`, as byte ranges (the reference the cleaner must cover).
fn non_blank_lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split('\n') {
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            let lead = piece.len() - piece.trim_start().len();
            out.push((start + lead, start + lead + trimmed.len()));
        }
        start += piece.len() + 1;
    }
    out
}

fn check(text: &str, cleaned: &Cleaned) {
    let mut all: Vec<(usize, usize)> = cleaned
        .kept
        .iter()
        .map(|r| (r.start, r.end))
        .chain(cleaned.removed.iter().map(|r| (r.start, r.end)))
        .collect();
    for &(start, end) in &all {
        assert!(
            start < end && end <= text.len(),
            "range {start}..{end} out of bounds"
        );
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        assert_eq!(
            text[start..end].trim(),
            &text[start..end],
            "range not trimmed"
        );
    }
    for pair in cleaned.kept.windows(2) {
        assert!(pair[0].end <= pair[1].start, "kept ranges out of order");
    }
    for pair in cleaned.removed.windows(2) {
        assert!(pair[0].end <= pair[1].start, "removed ranges out of order");
    }
    all.sort();
    for pair in all.windows(2) {
        assert!(pair[0].1 <= pair[1].0, "ranges overlap");
    }
    assert_eq!(all, non_blank_lines(text));
}

/// Text made of pieces that look like article lines and furniture, to reach the rules.
fn article_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Share on Facebook".to_owned()),
        Just("Photo: Jane Roe/Getty Images".to_owned()),
        Just("The council voted on Tuesday to close the bridge.".to_owned()),
        Just("More from Daily Planet".to_owned()),
        Just("1/2 A caption".to_owned()),
        Just("\u{a0}".to_owned()),
        Just("\r".to_owned()),
        "\\PC{0,40}",
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.join("\n"))
}

fn article(text: String) -> Article {
    Article {
        meta: Default::default(),
        id: ArticleId::from("p"),
        title: String::new(),
        text,
        url: None,
        source: None,
        time: None,
        origin: Origin::default(),
    }
}

proptest! {
    #[test]
    fn arbitrary_text_is_covered_exactly(text in "\\PC*(\\r?\\n\\PC*){0,6}") {
        check(&text, &clean_text(&text, &CleanConfig::default()));
    }

    #[test]
    fn any_string_never_panics(text in any::<String>()) {
        check(&text, &clean_text(&text, &CleanConfig::default()));
    }

    #[test]
    fn article_like_batches_are_covered_exactly(texts in prop::collection::vec(article_like(), 0..4)) {
        let articles: Vec<Article> = texts.into_iter().map(article).collect();
        let cleaned = clean_batch(&articles, &CleanConfig::default());
        prop_assert_eq!(cleaned.len(), articles.len());
        for (article, result) in articles.iter().zip(&cleaned) {
            check(&article.text, result);
        }
    }
}
