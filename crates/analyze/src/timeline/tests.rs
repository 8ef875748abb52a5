//! Tests of the timeline: each date shape and resolution rule on fictional sentences, span
//! checks, a no-panic property, and the scores on the annotated events.

use super::*;
use crate::figures::gold;

#[test]
fn scores_on_annotated_events() {
    for with_dates in [true, false] {
        for event in [gold::seeds(with_dates), gold::example(with_dates)]
            .into_iter()
            .flatten()
        {
            let timeline = extract_timeline(&event.docs);
            eprintln!("== {} (annotation dates: {with_dates})", event.name);
            for doc in &event.docs {
                eprintln!("  {} published {:?}", doc.article.id, publication_date(doc));
            }
            let t = gold::score_timeline(&timeline, &event.gold, true);
            eprintln!("{}", t.line("timeline"));
            // Floors under the measured scores, to catch regressions.
            assert!(
                t.f1() >= if with_dates { 0.9 } else { 0.75 },
                "{}",
                t.line("timeline")
            );
            for e in &timeline {
                for m in &e.occurrences {
                    let doc = event
                        .docs
                        .iter()
                        .find(|d| d.article.id == m.span.article)
                        .unwrap();
                    assert!(doc.article.text.get(m.span.range()).is_some());
                }
            }
        }
    }
}

/// A document with a publication time; sentences come from `segment`.
fn dated(text: &str, time: Option<&str>) -> Document {
    let mut d = crate::figures::tests::doc("t", text);
    d.article.time = time.map(str::to_owned);
    d
}

/// (date, precision) of every timeline entry of a text published at `time`, checking spans.
fn dates(text: &str, time: Option<&str>) -> Vec<(String, DatePrecision)> {
    let d = dated(text, time);
    let entries = extract_timeline(std::slice::from_ref(&d));
    for e in &entries {
        assert_eq!(&d.article.text[e.occurrences[0].span.range()], e.surface);
        for m in &e.occurrences {
            assert!(!d.article.text[m.span.range()].is_empty());
        }
    }
    entries.into_iter().map(|e| (e.date, e.precision)).collect()
}

fn day(s: &str) -> (String, DatePrecision) {
    (s.to_owned(), DatePrecision::Day)
}

fn month(s: &str) -> (String, DatePrecision) {
    (s.to_owned(), DatePrecision::Month)
}

fn year(s: &str) -> (String, DatePrecision) {
    (s.to_owned(), DatePrecision::Year)
}

/// A Friday.
const FRI: Option<&str> = Some("2016-10-07");

#[test]
fn explicit_dates() {
    assert_eq!(
        dates("The pact was signed on October 7, 2016.", None),
        [day("2016-10-07")]
    );
    assert_eq!(
        dates("The pact was signed on 7 October 2016.", None),
        [day("2016-10-07")]
    );
    assert_eq!(
        dates("The pact was signed on Oct. 7, 2016.", None),
        [day("2016-10-07")]
    );
    assert_eq!(
        dates("The pact was signed in Sept. 2009.", None),
        [month("2009-09")]
    );
    assert_eq!(
        dates("Unrest has gripped it since March 2011.", None),
        [month("2011-03")]
    );
    assert_eq!(dates("The town was founded in 2014.", None), [year("2014")]);
    assert_eq!(
        dates("The dam failed in 2017 and 2021.", None),
        [year("2017"), year("2021")]
    );
    assert_eq!(
        dates("It failed late on Tuesday, March 11, 2025.", None),
        [day("2025-03-11")]
    );
}

#[test]
fn days_and_months_without_a_year_take_the_publication_year() {
    assert_eq!(
        dates("The truce of September 9 collapsed.", FRI),
        [day("2016-09-09")]
    );
    assert_eq!(
        dates("The strikes began in September.", FRI),
        [month("2016-09")]
    );
    // After the publication date in a past-tense sentence: the year before.
    assert_eq!(
        dates("The port reopened on December 2.", FRI),
        [day("2015-12-02")]
    );
    // Without any publication date there is no year to give.
    assert!(dates("The truce of September 9 collapsed.", None).is_empty());
}

#[test]
fn weekdays_resolve_against_publication() {
    assert_eq!(dates("Kerry spoke on Friday.", FRI), [day("2016-10-07")]);
    assert_eq!(
        dates("Talks broke down on Monday.", FRI),
        [day("2016-10-03")]
    );
    assert_eq!(
        dates("The blast came late on Tuesday night.", FRI),
        [day("2016-10-04")]
    );
    assert_eq!(
        dates("Strikes have gone on since Thursday.", FRI),
        [day("2016-10-06")]
    );
    assert_eq!(
        dates("The ministers will meet on Saturday.", FRI),
        [day("2016-10-08")]
    );
    assert_eq!(
        dates("He said he would brief the council on Monday.", FRI),
        [day("2016-10-10")]
    );
    assert!(dates("Kerry spoke on Friday.", None).is_empty());
}

#[test]
fn relative_references() {
    assert_eq!(
        dates("Russia said yesterday (Thursday) it would not yield.", FRI),
        [day("2016-10-06")]
    );
    assert_eq!(
        dates("Russia entered the war last fall.", FRI),
        [year("2015")]
    );
    assert_eq!(dates("Engineers warned last spring.", FRI), [year("2016")]);
    assert_eq!(
        dates("Earlier this week, Paris said it would act.", FRI),
        [month("2016-10")]
    );
    // Last week ran from September 26 to October 2: no single month.
    assert!(dates("Last week, the talks failed.", FRI).is_empty());
    // "earlier this week ... on Monday": the weekday gives the day.
    assert_eq!(
        dates(
            "Earlier this week Washington suspended talks on Monday.",
            FRI
        ),
        [day("2016-10-03")]
    );
    assert_eq!(dates("Prices rose last month.", FRI), [month("2016-09")]);
    assert_eq!(dates("Prices rose last year.", FRI), [year("2015")]);
    // A plain "this week" is the article's present.
    assert!(dates("Things got worse this week.", FRI).is_empty());
}

#[test]
fn non_dates() {
    assert!(dates("The talks may fail, and 2000 protesters marched.", FRI).is_empty());
    assert!(dates("Nothing happened for years.", FRI).is_empty());
    // A dateline dates the article, not a happening.
    assert!(dates("PORT AUREL, March 12 (Wire) - The water rose.", FRI).is_empty());
}

#[test]
fn publication_dates() {
    let d = dated("The water rose.", Some("Sat, 15 Mar 2025 09:12:00 +0000"));
    assert_eq!(publication_date(&d), Some((2025, 3, 15)));
    let d = dated("The water rose.", Some("2025-03-15T09:12:00Z"));
    assert_eq!(publication_date(&d), Some((2025, 3, 15)));
    let d = dated(
        "Published: 12 March 2025 | Last Updated: 13 March 2025\n\nThe water rose.",
        None,
    );
    assert_eq!(publication_date(&d), Some((2025, 3, 12)));
    let d = dated("Updated 13.03.2025, 08:15\n\nThe water rose.", None);
    assert_eq!(publication_date(&d), Some((2025, 3, 13)));
    // A dateline takes its year from a full date elsewhere in the text.
    let d = dated(
        "PORT AUREL, March 12 (Wire) - The dam, inspected on May 2, 2024, broke.",
        None,
    );
    assert_eq!(publication_date(&d), Some((2024, 3, 12)));
    // A dated caption among the removed lines.
    let mut d = dated(
        "A minister speaks on October 7, 2016. (Photo)\n\nThe talks failed.",
        None,
    );
    let line = d.article.text.find("A minister").unwrap();
    let end = d.article.text.find("(Photo)").unwrap() + "(Photo)".len();
    d.removed.push(model::RemovedLine {
        start: line,
        end,
        reason: "caption".to_owned(),
    });
    d.sentences.retain(|s| s.start >= end);
    assert_eq!(publication_date(&d), Some((2016, 10, 7)));
    assert_eq!(
        publication_date(&dated("The water rose on Friday.", None)),
        None
    );
}

#[test]
fn entries_merge_across_articles_and_sort_by_date() {
    let a = dated(
        "The dam was built in 1968. It broke on Tuesday night.",
        Some("2025-03-12"),
    );
    let mut b = dated(
        "Built in 1968, the dam broke late on Tuesday.",
        Some("2025-03-13"),
    );
    b.article.id = model::ArticleId::from("u");
    let entries = extract_timeline(&[a, b]);
    let got: Vec<(&str, usize)> = entries
        .iter()
        .map(|e| (e.date.as_str(), e.articles.len()))
        .collect();
    assert_eq!(got, [("1968", 2), ("2025-03-11", 2)]);
}

#[test]
fn fixtures_match_expected() {
    let fixtures = gold::fixtures("timeline");
    assert!(!fixtures.is_empty());
    for path in fixtures {
        let docs = gold::fixture_documents(&std::fs::read_to_string(&path).unwrap());
        let mut out = String::new();
        for e in extract_timeline(&docs) {
            let articles: Vec<&str> = e.articles.iter().map(|a| a.as_str()).collect();
            out.push_str(&format!(
                "{} {:?} {:?} | articles={} | {}\n",
                e.date,
                e.precision,
                e.surface,
                articles.join(","),
                e.what
            ));
        }
        gold::check_expected(&path, &out);
    }
}

/// Every group of every match, as byte ranges, in order.
fn capture_spans(all: &[regex::Captures<'_>]) -> Vec<Vec<Option<(usize, usize)>>> {
    all.iter()
        .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
        .collect()
}

#[test]
fn ascii_boundaries_find_the_unicode_matches_in_sentences_that_need_the_fallback() {
    for text in [
        "On 10 Mayıs 2020 the council met.",
        "Zürich, May 5 — “We met on Tuesday,” she said.",
        "The vote of ٣ May 2020 and of 4 May 2020.",
        "éMay 2020 and May 2020é and _May 2020",
        "Mayo 2020, May 20th’s vote, and 2021年3月",
    ] {
        let all: Vec<_> = DATE_RE.captures_iter(text).collect();
        assert_eq!(
            capture_spans(&date_captures(text)),
            capture_spans(&all),
            "{text}"
        );
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
    /// `date_captures` gives `DATE_RE`'s matches, group by group, on text mixing date words,
    /// digits, ASCII and non-ASCII letters, digits and punctuation.
    #[test]
    fn date_captures_are_the_unicode_patterns(
        pieces in proptest::collection::vec(proptest::sample::select(vec![
            "May", "Mayıs", "June", "Sept.", "Tuesday", "last", "week", "in", "of", "th", "st",
            "2020", "1999", "5", "12", "٣", "２", " ", " ", " ", ", ", ".", "—", "’", "“", "é",
            "ı", "日", "_", "mid-", "yesterday", "Earlier", "this", "spring", "a", "x",
        ]), 0..24),
    ) {
        let text: String = pieces.concat();
        let all: Vec<_> = DATE_RE.captures_iter(&text).collect();
        proptest::prop_assert_eq!(capture_spans(&date_captures(&text)), capture_spans(&all));
    }
}
