//! Framing tests: own voice versus quoted speech on fixtures, spans checked by slicing, and the
//! label score on the annotated events.

use std::collections::HashSet;

use super::*;
use crate::entities::extract_entities;
use crate::entities::testkit::{doc, events, normalize, prf};
use crate::quotes::extract_quotes;

fn stem_key(term: &str, stemmer: &segment::Stemmer) -> String {
    normalize(term)
        .split(' ')
        .map(|t| stemmer.stem(t).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

fn run(docs: &[Document]) -> Framing {
    let es = extract_entities(docs);
    let qs = extract_quotes(docs, &es);
    let f = extract_framing(docs, &es, &qs);
    for l in &f.labels {
        let d = docs
            .iter()
            .find(|d| d.article.id == l.article)
            .expect("article");
        for t in &l.terms {
            for o in &t.occurrences {
                let s = d.article.text[o.span.range()].to_lowercase();
                assert!(
                    s.contains(t.term.split_whitespace().next().unwrap_or("")),
                    "{s} / {}",
                    t.term
                );
            }
        }
    }
    f
}

fn terms_of(f: &Framing) -> HashSet<String> {
    f.labels
        .iter()
        .flat_map(|l| l.terms.iter().map(|t| t.term.clone()))
        .collect()
}

#[test]
fn quoted_labels_are_the_speakers_not_the_outlets() {
    let docs = [doc(
        "a",
        "Rebels held the east of Velm on Monday. \"These terrorists must leave,\" said Tarsian Defence Minister Ivo Brant.\n\nBrant said the militants were losing ground.",
    )];
    let terms = terms_of(&run(&docs));
    assert!(terms.contains("rebels"), "{terms:?}");
    assert!(!terms.contains("terrorists"), "{terms:?}");
    assert!(!terms.contains("militants"), "{terms:?}");
}

#[test]
fn modifiers_and_held_terms() {
    let docs = [doc(
        "a",
        "Foreign-sponsored militants shelled the rebel-held district while government forces waited.",
    )];
    let terms = terms_of(&run(&docs));
    for t in [
        "foreign-sponsored militants",
        "rebel-held",
        "government forces",
    ] {
        assert!(terms.contains(t), "{t} missing from {terms:?}");
    }
}

#[test]
fn score_on_annotated_events() {
    let stemmer = segment::Stemmer::new();
    for ev in events() {
        let f = run(&ev.docs);
        let pred: HashSet<(String, String)> = f
            .labels
            .iter()
            .flat_map(|l| {
                l.terms
                    .iter()
                    .map(|t| (l.article.0.clone(), stem_key(&t.term, &stemmer)))
            })
            .collect();
        let gold: HashSet<(String, String)> = ev.gold["labels"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|l| {
                let a = l["outlet_article"].as_str().unwrap_or_default().to_owned();
                let stemmer = &stemmer;
                l["terms"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|t| t.as_str())
                    .map(move |t| (a.clone(), stem_key(t, stemmer)))
                    .collect::<Vec<_>>()
            })
            .collect();
        let tp = pred.intersection(&gold).count();
        if std::env::var("VERBOSE").is_ok() {
            let mut fns: Vec<_> = gold.difference(&pred).collect();
            fns.sort();
            let mut fps: Vec<_> = pred.difference(&gold).collect();
            fps.sort();
            eprintln!("  label FN: {fns:?}\n  label FP: {fps:?}");
        }
        let (p, r, f1) = prf(tp, pred.len(), gold.len());
        eprintln!(
            "labels {}: P {p:.3} R {r:.3} F1 {f1:.3} ({tp}/{} pred, {} gold)",
            ev.name,
            pred.len(),
            gold.len()
        );
    }
}
