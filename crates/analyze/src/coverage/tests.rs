//! Coverage tests: facts need two independent articles, copies do not count twice, omissions.

use super::*;
use crate::entities::testkit::{doc, events};

#[test]
fn facts_need_two_independent_articles() {
    let a = doc(
        "a",
        "The Velm bridge collapsed on Monday, killing twelve commuters near the harbour.\n\nThe mayor of Velm resigned after the collapse of the bridge.",
    );
    let b = doc(
        "b",
        "Twelve commuters were killed when the Velm bridge collapsed near the harbour on Monday.",
    );
    let c = doc(
        "c",
        "The Velm bridge collapsed on Monday, killing twelve commuters near the harbour.\n\nThe mayor of Velm resigned after the collapse of the bridge.",
    );
    let cov = extract_coverage(&[a.clone(), b.clone(), c.clone()], &[None, None, Some(0)]);
    assert_eq!(cov.facts.len(), 1, "{:?}", cov.facts);
    assert_eq!(cov.facts[0].articles.len(), 3);
    let f = &cov.facts[0];
    let d = [&a, &b, &c]
        .into_iter()
        .find(|d| d.article.id == f.origin.span.article)
        .expect("doc");
    assert_eq!(d.article.text[f.origin.span.range()], f.text);
    assert!(cov.outlets.iter().all(|o| (o.share - 1.0).abs() < 1e-9));
    // Without b, the mayor's resignation is only in a and its copy: not a fact.
    let cov = extract_coverage(&[a, c], &[None, Some(0)]);
    assert!(cov.facts.is_empty());
}

#[test]
fn a_statement_an_article_repeats_is_one_statement_first_said() {
    let s1 = "The Velm bridge collapsed on Monday, killing twelve commuters near the harbour.";
    let s2 = "Engineers had warned the city council about cracks in the bridge piers last year.";
    // The page repeats its lead many times (a template error); the other article states it once.
    let repeated = std::iter::repeat_n(s1, 400).collect::<Vec<_>>().join(" ");
    let docs = [
        doc("a", &format!("{repeated} {s2}")),
        doc("b", &format!("{s2} {s1}")),
    ];
    let cov = extract_coverage(&docs, &[]);
    assert_eq!(cov.facts.len(), 2, "{:?}", cov.facts);
    let collapse = cov
        .facts
        .iter()
        .find(|f| f.text == s1)
        .expect("the collapse is a fact");
    assert_eq!(collapse.origin.span.article.0, "a");
    assert_eq!(collapse.origin.sentence, 0, "the first time a says it");
    assert_eq!(collapse.articles.len(), 2);
}

#[test]
fn omissions_are_facts_most_others_report() {
    let s1 = "The Velm bridge collapsed on Monday, killing twelve commuters near the harbour.";
    let s2 = "Engineers had warned the city council about cracks in the bridge piers last year.";
    let docs = [
        doc("a", &format!("{s1} {s2}")),
        doc("b", &format!("{s1} {s2}")),
        doc("c", s1),
    ];
    let cov = extract_coverage(&docs, &[]);
    assert_eq!(cov.facts.len(), 2);
    let c = cov.outlets.iter().find(|o| o.article.0 == "c").expect("c");
    assert_eq!(c.omissions.len(), 1);
    assert!((c.share - 0.5).abs() < 1e-9);
}

#[test]
fn seeds_have_shared_facts() {
    for ev in events() {
        let cov = extract_coverage(&ev.docs, &[]);
        eprintln!("coverage {}: {} facts", ev.name, cov.facts.len());
        for o in &cov.outlets {
            eprintln!(
                "  {} share {:.2} omissions {}",
                o.article,
                o.share,
                o.omissions.len()
            );
        }
        assert!(!cov.facts.is_empty());
    }
}

proptest::proptest! {
    /// The inverted index gives, for each new sentence, exactly the earlier sentences that
    /// share a term with it, in order, each with `cosine` to the bit.
    #[test]
    fn earlier_similarities_are_the_cosines_of_sentences_sharing_a_term(
        vectors in proptest::collection::vec(
            proptest::collection::btree_map(0u32..40, 0.01f32..1.0, 1..10),
            0..30,
        ),
    ) {
        let vectors: Vec<Vector> = vectors.into_iter().map(|m| m.into_iter().collect()).collect();
        let mut earlier = EarlierSimilarities::new(40, vectors.len());
        for (k, v) in vectors.iter().enumerate() {
            let found: Vec<(usize, u32)> = earlier
                .sharing_terms_with(v)
                .map(|(j, sim)| (j, sim.to_bits()))
                .collect();
            let expected: Vec<(usize, u32)> = (0..k)
                .filter(|&j| v.iter().any(|(t, _)| vectors[j].iter().any(|(u, _)| u == t)))
                .map(|j| (j, cosine(v, &vectors[j]).to_bits()))
                .collect();
            proptest::prop_assert_eq!(found, expected);
            earlier.add(k, v);
        }
    }
}

#[test]
fn a_statement_and_its_negation_are_two_facts() {
    let said = "Engineers said the Velm bridge was overloaded before it collapsed on Monday.";
    let denied = "Engineers said the Velm bridge was not overloaded before it collapsed on Monday.";
    let also_denied =
        "The Velm bridge wasn\u{2019}t overloaded before it collapsed on Monday, engineers said.";
    let docs = [
        doc("a", said),
        doc("b", denied),
        doc("c", also_denied),
        doc("d", said),
    ];
    let cov = extract_coverage(&docs, &[]);
    let mut facts: Vec<(&str, Vec<&str>)> = cov
        .facts
        .iter()
        .map(|f| {
            let mut ids: Vec<&str> = f.articles.iter().map(|a| a.0.as_str()).collect();
            ids.sort_unstable();
            (f.text.as_str(), ids)
        })
        .collect();
    facts.sort();
    assert_eq!(
        facts,
        [(denied, vec!["b", "c"]), (said, vec!["a", "d"])],
        "{:?}",
        cov.facts
    );
}
