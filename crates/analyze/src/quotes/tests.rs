//! Quote tests: one fixture per quote shape (fictional sentences), spans checked by slicing,
//! and the score on the annotated events.

use super::*;
use crate::entities::extract_entities;
use crate::entities::testkit::{doc, events, prf, score_quotes};

fn quotes_of(body: &str) -> Vec<Quote> {
    let docs = [doc("a", body)];
    let es = extract_entities(&docs);
    let qs = extract_quotes(&docs, &es);
    for q in &qs {
        for o in &q.occurrences {
            let s = &docs[0].article.text[o.span.range()];
            assert!(q.text.contains(s), "{s:?} not in {:?}", q.text);
        }
    }
    qs
}

#[test]
fn score_on_annotated_events() {
    for ev in events() {
        let es = extract_entities(&ev.docs);
        let qs = extract_quotes(&ev.docs, &es);
        let verbose = std::env::var("VERBOSE").is_ok();
        for (label, kind) in [
            ("direct", Some(QuoteKind::Direct)),
            ("reported", Some(QuoteKind::Reported)),
            ("all", None),
        ] {
            let (tp, np, ng) = score_quotes(&qs, &es, &ev.gold, kind, verbose && kind.is_none());
            let (p, r, f) = prf(tp, np, ng);
            eprintln!(
                "quotes {label} {}: P {p:.3} R {r:.3} F1 {f:.3} ({tp}/{np} pred, {ng} gold)",
                ev.name
            );
        }
    }
}

fn one<'a>(qs: &'a [Quote], kind: QuoteKind, text_start: &str) -> &'a Quote {
    qs.iter()
        .find(|q| q.kind == kind && q.text.starts_with(text_start))
        .unwrap_or_else(|| panic!("no {kind:?} quote starting {text_start:?} in {qs:#?}"))
}

#[test]
fn quote_then_speaker_said() {
    let qs = quotes_of(
        "\"The harbour will reopen within a week,\" Tarsian Transport Minister Ida Moll said on Monday.",
    );
    let q = one(&qs, QuoteKind::Direct, "The harbour will reopen");
    assert_eq!(q.speaker, "Ida Moll");
    assert_eq!(q.role.as_deref(), Some("Tarsian Transport Minister"));
    assert!(!qs.iter().any(|q| q.kind == QuoteKind::Reported), "{qs:#?}");
}

#[test]
fn speaker_said_colon_quote_with_curly_marks() {
    let qs = quotes_of("Mayor Tomas Reyl said: “We will rebuild every house on the quay.”");
    assert_eq!(
        one(&qs, QuoteKind::Direct, "We will rebuild").speaker,
        "Tomas Reyl"
    );
    assert!(!qs.iter().any(|q| q.kind == QuoteKind::Reported));
}

#[test]
fn quote_said_speaker_with_apposition() {
    let qs =
        quotes_of("\"Nobody saw the wave coming,\" said Petra Lind, the harbour master of Velm.");
    assert_eq!(
        one(&qs, QuoteKind::Direct, "Nobody saw").speaker,
        "Petra Lind"
    );
}

#[test]
fn according_to_speaker_quote() {
    let qs = quotes_of(
        "According to Petra Lind, who runs the harbour, \"the pier cannot be saved in its current state.\"",
    );
    assert_eq!(
        one(&qs, QuoteKind::Direct, "the pier cannot").speaker,
        "Petra Lind"
    );
}

#[test]
fn told_someone_that_quote_is_direct_only() {
    let qs = quotes_of(
        "Foreign Minister Ivo Brant told Velm Radio that \"the gates were opened in full compliance with the treaty.\"",
    );
    assert_eq!(
        one(&qs, QuoteKind::Direct, "the gates").speaker,
        "Ivo Brant"
    );
    assert!(!qs.iter().any(|q| q.kind == QuoteKind::Reported), "{qs:#?}");
}

#[test]
fn split_quote_is_joined_with_one_space() {
    let qs = quotes_of(
        "\"The water rose in minutes,\" Ida Moll said. \"We had no time to warn anyone.\"",
    );
    let q = one(&qs, QuoteKind::Direct, "The water rose");
    assert_eq!(
        q.text,
        "The water rose in minutes, We had no time to warn anyone."
    );
    assert_eq!(q.occurrences.len(), 2);
}

#[test]
fn quote_continued_over_paragraphs() {
    let qs = quotes_of(
        "\"The first wall gave way at midnight,\" said Ida Moll. \"The second held until dawn.\n\n\"By then the quay was gone.\"",
    );
    let q = one(&qs, QuoteKind::Direct, "The first wall");
    assert_eq!(q.occurrences.len(), 3, "{q:#?}");
    assert!(q.text.ends_with("By then the quay was gone."));
}

#[test]
fn pronoun_speaker_resolves_to_nearest_person() {
    let qs = quotes_of(
        "Harbour director Petra Lind inspected the pier on Tuesday. “The timber is rotten to the core,” she said.",
    );
    assert_eq!(
        one(&qs, QuoteKind::Direct, "The timber").speaker,
        "Petra Lind"
    );
}

#[test]
fn that_before_a_verb_is_the_reported_clause_subject() {
    let qs = quotes_of(
        "Ida Moll said the pier was safe. Ivo Brant says that is a lie. Moll said that the pier \
         would reopen.",
    );
    assert_eq!(
        one(&qs, QuoteKind::Reported, "that is a lie").speaker,
        "Ivo Brant"
    );
    assert!(
        one(&qs, QuoteKind::Reported, "the pier would reopen")
            .text
            .starts_with("the pier"),
        "{qs:#?}"
    );
}

#[test]
fn reported_speech_shapes() {
    let qs = quotes_of(
        "Ida Moll said that the harbour would reopen within a week. Ivo Brant accused the Tarsian government of hiding the damage reports. Moll described the storm as the worst in living memory. The ministry insists the pier was inspected every year.",
    );
    assert_eq!(
        one(&qs, QuoteKind::Reported, "the harbour would reopen").speaker,
        "Ida Moll"
    );
    assert_eq!(
        one(&qs, QuoteKind::Reported, "the Tarsian government of hiding").speaker,
        "Ivo Brant"
    );
    assert_eq!(
        one(&qs, QuoteKind::Reported, "the storm as the worst").speaker,
        "Ida Moll"
    );
}

#[test]
fn fronted_clause_and_according_to() {
    let qs = quotes_of(
        "Twelve boats were lost in the storm, the Velm Port Authority said on Monday. According to the Velm Port Authority, the pier will be rebuilt by spring. The pier was built in 1920, according to the Velm Gazette.",
    );
    assert!(
        qs.iter()
            .any(|q| q.kind == QuoteKind::Reported && q.text.starts_with("Twelve boats")),
        "{qs:#?}"
    );
    assert!(
        qs.iter().any(
            |q| q.kind == QuoteKind::Reported && q.text.starts_with("the pier will be rebuilt")
        ),
        "{qs:#?}"
    );
    assert!(
        !qs.iter().any(|q| q.text.contains("1920")),
        "a news outlet is provenance: {qs:#?}"
    );
}

#[test]
fn subject_with_apposition_then_said_clause() {
    let qs = quotes_of(
        "The harbour master, Petra Lind, said the breakwater had been repaired twice since the spring floods.",
    );
    let q = one(&qs, QuoteKind::Reported, "the breakwater had been repaired");
    assert_eq!(q.speaker, "Petra Lind");
    assert_eq!(
        q.text,
        "the breakwater had been repaired twice since the spring floods"
    );
    assert_eq!(qs.len(), 1, "{qs:#?}");
    let qs = quotes_of(
        "The provincial governor, Petra Lind, said the breakwater had been repaired twice.",
    );
    let q = one(&qs, QuoteKind::Reported, "the breakwater had been repaired");
    assert_eq!(q.role.as_deref(), Some("provincial governor"));
}

#[test]
fn clause_then_said_subject_keeps_its_speaker() {
    // The two shapes the apposition rule must not turn around.
    let qs = quotes_of(
        "The breakwater was repaired twice since the spring floods, Petra Lind said. The pier will stay closed until the inspectors return, said Ivo Brant.",
    );
    assert_eq!(
        one(&qs, QuoteKind::Reported, "The breakwater was repaired").speaker,
        "Petra Lind"
    );
    assert_eq!(
        one(&qs, QuoteKind::Reported, "The pier will stay closed").speaker,
        "Ivo Brant"
    );
}

#[test]
fn same_quote_in_two_articles_is_one() {
    let docs = [
        doc(
            "a",
            "\"We will rebuild every house on the quay,\" said Mayor Tomas Reyl.",
        ),
        doc(
            "b",
            "\"We will rebuild every single house on the quay,\" Mayor Tomas Reyl said.",
        ),
    ];
    let es = extract_entities(&docs);
    let qs = extract_quotes(&docs, &es);
    assert_eq!(qs.len(), 1, "{qs:#?}");
    assert_eq!(qs[0].articles.len(), 2);
    assert_eq!(
        qs[0].speaker_entity.map(|e| es[e].name.as_str()),
        Some("Tomas Reyl")
    );
}

#[test]
fn scare_quotes_are_not_quotes() {
    let qs = quotes_of("The storm brought what locals call \"the black tide\" to the harbour.");
    assert!(qs.is_empty(), "{qs:#?}");
}

mod properties {
    use proptest::prelude::*;

    use crate::entities::testkit::doc;
    use crate::{coverage, entities, framing, quotes};

    fn check(docs: &[model::Document], span: &model::Span) {
        let d = docs
            .iter()
            .find(|d| d.article.id == span.article)
            .expect("span names a document");
        let t = &d.article.text;
        assert!(
            span.start <= span.end && span.end <= t.len(),
            "span out of bounds"
        );
        assert!(
            t.is_char_boundary(span.start) && t.is_char_boundary(span.end),
            "span not on char boundaries"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn arbitrary_text_never_panics_and_spans_are_true(
            a in "[A-Za-z“”\"’',.:;()\\- \n\u{e9}\u{a0}0-9]{0,300}",
            b in "\\PC{0,200}",
        ) {
            let docs = [doc("a", &a), doc("b", &b), doc("c", &format!("{a} said \"{b}\" and {a}"))];
            let es = entities::extract_entities(&docs);
            for e in &es {
                for m in &e.mentions { check(&docs, &m.span); }
            }
            let qs = quotes::extract_quotes(&docs, &es);
            for q in &qs {
                for m in &q.occurrences { check(&docs, &m.span); }
                if let Some(i) = q.speaker_entity { prop_assert!(i < es.len()); }
            }
            let f = framing::extract_framing(&docs, &es, &qs);
            for l in &f.labels {
                for t in &l.terms {
                    for m in &t.occurrences { check(&docs, &m.span); }
                }
            }
            let c = coverage::extract_coverage(&docs, &[None, Some(0), Some(7)]);
            for fact in &c.facts { check(&docs, &fact.origin.span); }
        }

        /// News-shaped sentences (fronted adverbials with or without their comma, quote verbs,
        /// curly and straight marks, accented names) reach the attribution code that arbitrary
        /// text rarely does.
        #[test]
        fn news_shaped_sentences_never_panic(
            words in proptest::collection::vec(proptest::sample::select(vec![
                "In", "By", "After", "Earlier", "Meanwhile", "However", "Later", "On", "the",
                "Ministry", "Élodie", "Dvořák", "officials", "he", "she", "said", "told",
                "warned", "has", "had", "was", "reported", "claimed", "that", "and", "but", ",", ".", ":",
                "\"", "“", "”", "’", "–", "1,200", "Monday", "Port", "Aurel", "dam", "é",
            ]), 1..40),
        ) {
            let body = words.join(" ");
            let docs = [doc("a", &body), doc("b", &format!("{body} {body}"))];
            let es = entities::extract_entities(&docs);
            let qs = quotes::extract_quotes(&docs, &es);
            for q in &qs {
                for m in &q.occurrences { check(&docs, &m.span); }
            }
        }
    }
}

#[test]
fn speed_on_a_large_cluster() {
    // Not a timing assertion: prints how long a 28-article cluster takes.
    let Some(ev) = events().into_iter().find(|e| e.name == "port-aurel-dam") else {
        return;
    };
    let mut docs = Vec::new();
    for k in 0..4 {
        for d in &ev.docs {
            let mut d = d.clone();
            d.article.id = model::ArticleId(format!("{}-{k}", d.article.id));
            docs.push(d);
        }
    }
    // A first pass compiles the regexes; the second is the steady state.
    let _ = crate::framing::extract_framing(&docs, &extract_entities(&docs), &[]);
    let _ = extract_quotes(&docs, &extract_entities(&docs));
    let t = std::time::Instant::now();
    let es = extract_entities(&docs);
    let t1 = t.elapsed();
    let qs = extract_quotes(&docs, &es);
    let t2 = t.elapsed();
    let f = crate::framing::extract_framing(&docs, &es, &qs);
    let t3 = t.elapsed();
    let c = crate::coverage::extract_coverage(&docs, &[]);
    eprintln!(
        "entities {t1:?}, quotes {:?}, framing {:?}, coverage {:?}",
        t2 - t1,
        t3 - t2,
        t.elapsed() - t3
    );
    eprintln!(
        "analysis of {} articles: {:?} ({} entities, {} quotes, {} label sets, {} facts)",
        docs.len(),
        t.elapsed(),
        es.len(),
        qs.len(),
        f.labels.len(),
        c.facts.len()
    );
}

/// A multi-byte dash before "and" at the start of an attribution once split a character in two
/// (found on a real scraped article by the report benchmark).
#[test]
fn dash_before_a_listed_speaker_does_not_split_a_character() {
    let body = "The mayor, the port authority — and the minister said the levee \
        would be rebuilt within a year.\n\nThe envoy — and officials, he added, \"will stay \
        until the water goes down.\"\n";
    // `quotes_of` checks that every occurrence slices to its quote's text.
    let qs = quotes_of(body);
    assert!(qs.iter().all(|q| !q.text.is_empty()), "{qs:#?}");
}

#[test]
fn fronted_adverbial_without_its_comma() {
    // The adverbial runs to the verb with no comma after it: the subject search must not cut
    // past the end of the text before the verb.
    let qs =
        quotes_of("In Port Aurel the engineers arrived and said that the dam would fail soon.");
    for q in &qs {
        assert!(!q.text.is_empty());
    }
}

#[test]
fn a_reported_statement_leaves_out_the_dateline() {
    let qs = quotes_of(
        "PORT AUREL, Valdoria (Wire) \u{2014} The dam had been overloaded for weeks, engineers said on Tuesday.",
    );
    let q = qs
        .iter()
        .find(|q| q.text.contains("overloaded"))
        .unwrap_or_else(|| panic!("a reported quote: {qs:?}"));
    assert!(
        q.text.starts_with("The dam had been overloaded"),
        "{:?}",
        q.text
    );
}
