//! Entity tests: fixtures for each naming shape, spans checked by slicing, and the score on the
//! annotated events.

use super::testkit::{doc, events, prf, score_entities};
use super::*;

fn names(docs: &[Document]) -> Vec<Entity> {
    let es = extract_entities(docs);
    for e in &es {
        for m in &e.mentions {
            let d = docs
                .iter()
                .find(|d| d.article.id == m.span.article)
                .expect("article");
            let s = &d.article.text[m.span.range()];
            assert!(!s.is_empty());
        }
    }
    es
}

fn find<'a>(es: &'a [Entity], name: &str) -> &'a Entity {
    es.iter().find(|e| e.name == name).unwrap_or_else(|| {
        panic!(
            "no entity {name}: {:?}",
            es.iter().map(|e| &e.name).collect::<Vec<_>>()
        )
    })
}

#[test]
fn titles_surnames_and_spelling_variants_merge() {
    let docs = [
        doc(
            "a",
            "Tarsian Foreign Minister Pavel Orlin said the talks failed. Orlin added nothing.",
        ),
        doc(
            "b",
            "Foreign Minister Pavol Orlin, the Tarsian foreign minister, met Mr Orlin's aides.",
        ),
    ];
    let es = names(&docs);
    let e = find(&es, "Pavel Orlin");
    assert!(
        e.aliases.contains(&"Pavol Orlin".to_owned()),
        "{:?}",
        e.aliases
    );
    assert!(e.aliases.contains(&"Orlin".to_owned()));
    assert!(
        e.roles.iter().any(|r| r == "Tarsian Foreign Minister"),
        "{:?}",
        e.roles
    );
    assert_eq!(e.articles.len(), 2);
    assert_eq!(e.kind, EntityKind::Person);
}

#[test]
fn any_role_word_in_an_apposition_before_the_name_is_a_role() {
    let es = names(&[doc(
        "a",
        "The provincial governor, Petra Lind, said the breakwater had been repaired twice.",
    )]);
    let e = find(&es, "Petra Lind");
    assert_eq!(e.roles, ["provincial governor"], "{e:?}");
}

#[test]
fn acronyms_and_institutions_merge() {
    let docs = [doc(
        "a",
        "The United Federation of Ports met in Velm. The UFP said the Tarsian regime was to blame. The Tarsian government denied it.",
    )];
    let es = names(&docs);
    let e = find(&es, "United Federation of Ports");
    assert!(e.aliases.contains(&"UFP".to_owned()));
    assert!(
        es.iter()
            .any(|e| e.aliases.iter().any(|a| a == "Tarsian government")
                || e.name == "Tarsian government")
    );
    assert!(!es.iter().any(|e| e.name == "Tarsian"));
}

#[test]
fn sentence_initial_capitals_are_not_names() {
    let docs = [doc(
        "a",
        "Earlier, officials met in Velm. Agitated crowds gathered. They said earlier talks failed.",
    )];
    let es = names(&docs);
    assert!(
        !es.iter()
            .any(|e| e.name == "Earlier" || e.name == "Agitated"),
        "{es:?}"
    );
    assert!(es.iter().any(|e| e.name == "Velm"));
}

#[test]
fn score_on_annotated_events() {
    for ev in events() {
        let es = extract_entities(&ev.docs);
        let (tp, np, ng) = score_entities(&es, &ev.gold, std::env::var("VERBOSE").is_ok());
        let (p, r, f) = prf(tp, np, ng);
        eprintln!(
            "entities {}: P {p:.3} R {r:.3} F1 {f:.3} ({tp}/{np} pred, {ng} gold)",
            ev.name
        );
    }
}
