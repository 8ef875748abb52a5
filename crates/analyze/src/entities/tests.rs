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
    // A counterpart is a relation, not an office.
    let es = names(&[doc(
        "a",
        "Foreign Minister Pavel Orlin met his Tarsian counterpart, Ivo Brant, in Velm.",
    )]);
    assert!(find(&es, "Ivo Brant").roles.is_empty(), "{es:#?}");
}

#[test]
fn an_apposition_after_a_reporting_verb_starts_after_it() {
    let es = names(&[doc(
        "a",
        "The Harbour League of Velm said its special envoy for the delta, Mira Sand, would travel \
         to Velm. Its chairman, Oren Tal, denied it.",
    )]);
    let e = find(&es, "Mira Sand");
    assert_eq!(e.roles, ["special envoy for the delta"], "{e:?}");
    assert!(
        e.aliases
            .contains(&"its special envoy for the delta".to_owned()),
        "{:?}",
        e.aliases
    );
    assert!(
        e.aliases.iter().all(|a| !a.contains("said")),
        "{:?}",
        e.aliases
    );
    assert_eq!(find(&es, "Oren Tal").roles, ["chairman"]);
}

#[test]
fn treaties_and_wars_are_events_not_places() {
    let es = names(&[doc(
        "a",
        "Velm accused Tarsia of breaking the Delta Water Treaty. The treaty dates from the Salt \
         War. Delegates met in Geneva.",
    )]);
    assert_eq!(find(&es, "Delta Water Treaty").kind, EntityKind::Event);
    assert_eq!(find(&es, "Salt War").kind, EntityKind::Event);
    assert_eq!(find(&es, "Geneva").kind, EntityKind::Place);
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

const SHOUTED: &str = "THE VELM HARBOUR WALL BROKE LATE ON FRIDAY NIGHT AFTER A WEEK OF STORMS, OFFICIALS SAID. THE HARBOUR MASTER, PETRA LIND, SAID THE WALL HAD BEEN CHECKED IN MAY.\n\nRESCUE TEAMS FROM THREE NEARBY TOWNS WORKED THROUGH THE NIGHT TO REACH FAMILIES ON THE QUAY.";

/// An entity named by capitals of a text written in capitals: several words, no lowercase.
fn shouted_names(es: &[Entity]) -> Vec<&str> {
    es.iter()
        .map(|e| e.name.as_str())
        .filter(|n| n.split_whitespace().count() > 1 && !n.chars().any(char::is_lowercase))
        .collect()
}

#[test]
fn text_in_capitals_names_no_entities_by_its_capitals() {
    let es = names(&[doc("a", SHOUTED), doc("b", SHOUTED)]);
    assert!(es.is_empty(), "{es:#?}");
}

#[test]
fn text_in_capitals_mentions_the_names_of_mixed_case_articles() {
    let docs = [
        doc(
            "a",
            "The harbour wall in Velm gave way on Friday night. Harbour master Petra Lind said it had been checked in May.",
        ),
        doc("b", SHOUTED),
    ];
    let es = names(&docs);
    assert!(shouted_names(&es).is_empty(), "{es:#?}");
    let lind = find(&es, "Petra Lind");
    assert_eq!(lind.kind, EntityKind::Person);
    let in_b: Vec<&str> = lind
        .mentions
        .iter()
        .filter(|m| m.span.article.as_str() == "b")
        .map(|m| &docs[1].article.text[m.span.range()])
        .collect();
    assert_eq!(in_b, ["PETRA LIND"]);
    assert!(lind.articles.iter().any(|a| a.as_str() == "b"));
    let velm = find(&es, "Velm");
    assert_eq!(velm.articles.len(), 2, "{velm:?}");
    assert!(!lind.aliases.iter().any(|a| a == "PETRA LIND"), "{lind:?}");
}

#[test]
fn acronyms_in_mixed_case_text_are_still_names() {
    let es = names(&[doc(
        "a",
        "Images from NASA showed the wall break. The U.S. Coast Guard sent two cutters to Velm.",
    )]);
    find(&es, "NASA");
    find(&es, "Velm");
    assert!(
        es.iter().any(|e| e.name.contains("Coast Guard")
            || e.aliases.iter().any(|a| a.contains("Coast Guard"))),
        "{es:#?}"
    );
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
