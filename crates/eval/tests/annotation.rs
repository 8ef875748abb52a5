//! The annotation scorer against small hand-written gold/prediction pairs
//! (`test_data/annotation/NAME.{gold,pred}.json`, fictional), one pair per matching rule, with the
//! counts each rule must give worked out by hand in the comments.

use std::path::Path;

use eval::annotation::{
    Annotation, FigureEntry, Scores, SectionScore, figure_matches, figure_value_matches,
    match_entities, match_figures, match_quotes, score, score_files, token_f1,
};

fn load(name: &str) -> Annotation {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("test_data/annotation")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn pair(name: &str) -> (Annotation, Annotation) {
    (load(&format!("{name}.gold")), load(&format!("{name}.pred")))
}

fn counts(s: &SectionScore) -> (usize, usize, usize) {
    (s.matched, s.predicted, s.gold)
}

fn figure(value: Option<f64>, low: Option<f64>, high: Option<f64>, counts: &str) -> FigureEntry {
    FigureEntry {
        value,
        low,
        high,
        counts: counts.to_owned(),
        ..FigureEntry::default()
    }
}

#[test]
fn entities_match_one_to_one_preferring_exact_names() {
    let (gold, pred) = pair("entities");
    // "Lena Varga" takes the predicted "Lena Varga" (exact name) over the earlier "Varga" (alias);
    // "Andrei Kostov" takes the first predicted entity that matches by alias ("Kostov"), leaving
    // "Andrey Kostov"; "United States" matches "US" through the alias "U.S." after normalization.
    assert_eq!(
        match_entities(&gold.entities, &pred.entities),
        [(0, 1), (1, 2), (2, 4)]
    );
    let s = score(&gold, &pred);
    assert_eq!(counts(&s.entities.score), (3, 6, 4));
    // Alias recall: 1 of 3 (the minister), 1 of 2 (kostov), 1 of 1 (us).
    assert_eq!(
        (s.entities.alias_recall.found, s.entities.alias_recall.total),
        (3, 6)
    );
    assert_eq!(s.entities.alias_recall.value, 0.5);
}

#[test]
fn quote_token_f1_counts_tokens_with_multiplicity() {
    assert_eq!(token_f1("the the dam", "the dam"), 0.8);
    assert_eq!(token_f1("“U.S. forces,” he said", "us forces he said"), 1.0);
    assert_eq!(token_f1("", "anything"), 0.0);
    // A quote split around its attribution: the first half of a 20-token gold text (11 tokens)
    // reaches F1 0.71 and matches, the second half (8 tokens) does not.
    let full = "The water came without warning, and people died in their beds. \
                We will hold those responsible to account.";
    let first = "The water came without warning, and people died in their beds.";
    let second = "We will hold those responsible to account.";
    assert!(token_f1(first, full) >= 0.7);
    assert!(token_f1(second, full) < 0.7);
    // Exactly 0.7 is a match: 7 of 10 tokens shared both ways.
    assert!((token_f1("a b c d e f g x y z", "a b c d e f g u v w") - 0.7).abs() < 1e-12);
}

#[test]
fn quotes_match_by_speaker_and_text_greedily_by_f1() {
    let (gold, pred) = pair("quotes");
    // All kinds: the reported gold quote has two candidates, the predicted reported paraphrase
    // (F1 0.86) and a predicted "direct" copy of it (F1 1.0); the better one takes it. The Drevnia
    // quote goes to the speaker "Drevnian government" (a gold alias), not to "Kostov".
    let all = match_quotes(&gold, &pred, None);
    let pairs: Vec<(usize, usize)> = all.iter().map(|&(g, p, _)| (g, p)).collect();
    assert_eq!(pairs, [(1, 5), (2, 4), (0, 0)]);
    let s = score(&gold, &pred);
    assert_eq!(counts(&s.quotes.all), (3, 6, 3));
    assert_eq!(counts(&s.quotes.direct), (2, 5, 2));
    assert_eq!(counts(&s.quotes.reported), (1, 1, 1));
    // Article sets: {a1,a2} against {a1} (0.5), then two identical sets.
    assert!((s.quotes.article_jaccard.mean - 2.5 / 3.0).abs() < 1e-12);
}

#[test]
fn figure_values_match_within_half_a_percent_and_ranges_by_either_end() {
    let single = |v: f64| figure(Some(v), None, None, "people");
    let range = |l: f64, h: f64| figure(None, Some(l), Some(h), "people");
    assert_eq!(
        figure_value_matches(&single(1000.0), &single(1000.0)),
        Some(true)
    );
    assert_eq!(
        figure_value_matches(&single(1000.0), &single(1005.0)),
        Some(false)
    );
    assert_eq!(
        figure_value_matches(&single(1000.0), &single(995.0)),
        Some(false)
    );
    assert_eq!(figure_value_matches(&single(1000.0), &single(1005.1)), None);
    assert_eq!(
        figure_value_matches(&single(0.333), &single(1.0 / 3.0)),
        Some(false)
    );
    // A predicted single value matches a gold range at either end; not the other way round.
    assert_eq!(
        figure_value_matches(&range(6000.0, 8000.0), &single(6000.0)),
        Some(true)
    );
    assert_eq!(
        figure_value_matches(&range(6000.0, 8000.0), &single(8000.0)),
        Some(true)
    );
    assert_eq!(
        figure_value_matches(&range(6000.0, 8000.0), &single(7000.0)),
        None
    );
    assert_eq!(
        figure_value_matches(&single(6000.0), &range(6000.0, 8000.0)),
        None
    );
    assert_eq!(
        figure_value_matches(&range(6000.0, 8000.0), &range(6010.0, 7990.0)),
        Some(false)
    );
    assert_eq!(
        figure_value_matches(&range(6000.0, 8000.0), &range(6000.0, 9000.0)),
        None
    );
    // Rule (b): a content stem of the gold counts among the predicted stems; stopwords do not
    // count.
    let gold = figure(Some(41.0), None, None, "people killed in the flood");
    assert_eq!(
        figure_matches(&gold, &figure(Some(41.0), None, None, "killing")),
        Some((true, 1))
    );
    assert_eq!(
        figure_matches(&gold, &figure(Some(41.0), None, None, "dead in the")),
        None
    );
}

#[test]
fn figures_match_exact_values_first_and_count_once_per_value_and_articles() {
    let (gold, pred) = pair("figures");
    let m = match_figures(&gold.figures, &pred.figures);
    // Gold: 7 units; "4 helicopters" and "4 districts" share value and articles but count
    // different things, so they stay two. Predicted: "41 people dead" and "41 people killed" in
    // the same articles are one unit, so 9 units from 10 entries.
    assert_eq!(m.gold_units.len(), 7);
    assert_eq!(m.predicted_units.len(), 9);
    assert_eq!(m.predicted_units[0], [0, 1]);
    // 46 (exact) wins gold "at least 46" over the earlier 46.1 (within tolerance); 3000 matches
    // the range 3,000-4,000 at its low end; 12,059 is within 0.5% of 12,000, 12,061 is not.
    let s = score(&gold, &pred);
    assert_eq!(counts(&s.figures.score), (7, 9, 7));
    let unit_of = |entry: usize| {
        m.predicted_units
            .iter()
            .position(|u| u.contains(&entry))
            .unwrap()
    };
    assert!(m.pairs.contains(&(1, unit_of(9))));
    assert!(
        !m.pairs
            .iter()
            .any(|&(_, p)| p == unit_of(8) || p == unit_of(4))
    );
    // Article recall: 8 (gold unit, article) pairs; the "a third" match lists a2, not a1.
    assert_eq!(
        (
            s.figures.article_recall.found,
            s.figures.article_recall.total
        ),
        (7, 8)
    );
}

#[test]
fn disagreements_need_two_matching_figures_of_different_gold_values() {
    let (gold, pred) = pair("disagreements");
    // A (41 vs 50 people killed) matches the deaths group; B has 48, which no notice figure has;
    // C's two values both match the same gold value 120; D would match deaths, but A took it.
    let s = score(&gold, &pred);
    assert_eq!(counts(&s.disagreements), (1, 4, 3));
}

#[test]
fn labels_timeline_and_noise_are_scored_as_sets() {
    let (gold, pred) = pair("sets");
    let s = score(&gold, &pred);
    // Labels: stems make "rebels"/"rebel" one term and "rebel-held"/"rebel held" another;
    // "syrian forces" is not "syrian army"; "protesters" in a3 is not in a2.
    assert_eq!(counts(&s.labels), (3, 5, 4));
    // Timeline: the two 2025-03-11 entries are one pair; "2009-09-15"/month is "2009-09";
    // "1968"/day is not "1968"/year.
    assert_eq!(counts(&s.timeline), (2, 4, 3));
    // Noise: case and spacing around the slash do not matter; the article does.
    assert_eq!(counts(&s.noise), (2, 4, 3));
}

#[test]
fn every_file_scores_perfectly_against_itself() {
    for name in ["entities", "quotes", "figures", "disagreements", "sets"] {
        for side in ["gold", "pred"] {
            let a = load(&format!("{name}.{side}"));
            let s = score(&a, &a);
            let sections = [
                s.entities.score,
                s.quotes.all,
                s.quotes.direct,
                s.quotes.reported,
                s.figures.score,
                s.disagreements,
                s.labels,
                s.timeline,
                s.noise,
            ];
            for section in sections {
                if section.gold > 0 {
                    assert_eq!(section.f1, 1.0, "{name}.{side}: {section:?}");
                }
            }
        }
    }
}

#[test]
fn files_are_micro_averaged_and_kept() {
    let (entities_gold, entities_pred) = pair("entities");
    let (sets_gold, sets_pred) = pair("sets");
    let all = score_files([(&entities_gold, &entities_pred), (&sets_gold, &sets_pred)]);
    assert_eq!(all.files.len(), 2);
    assert_eq!(all.files[0].name, "entities.gold");
    assert_eq!(counts(&all.micro.entities.score), (3, 6, 4));
    assert_eq!(counts(&all.micro.noise), (2, 4, 3));
    let sum: Scores = all.files[0].scores.merge(&all.files[1].scores);
    assert_eq!(sum, all.micro);
    let json = serde_json::to_value(&all).unwrap();
    assert_eq!(json["micro"]["noise"]["matched"], 2);
    assert_eq!(json["files"][1]["name"], "sets.gold");
}

#[test]
fn readers_are_lenient_and_problems_are_listed() {
    let a: Annotation = serde_json::from_str(
        r#"{"name": "x", "extra": 1, "entities": [{"name": "A", "type": "thing", "aliases": null}],
            "quotes": [{"kind": "direct", "speaker": "B", "text": "t", "articles": ["z"]}],
            "figures": [{"value": null, "qualifier": "lots", "counts": "c", "group": null}]}"#,
    )
    .unwrap();
    assert!(a.entities[0].aliases.is_empty());
    assert!(a.noise.is_empty());
    let problems = a.schema_problems().join("\n");
    for expected in [
        "type \"thing\"",
        "speaker \"B\"",
        "article \"z\"",
        "qualifier \"lots\"",
    ] {
        assert!(problems.contains(expected), "{problems}");
    }
    assert!(load("figures.gold").schema_problems().is_empty());
}

#[test]
fn the_shared_gold_files_read_and_follow_the_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let files = [
        root.join("examples/annotations/port-aurel-dam.json"),
        root.join("../shared/annotations/seeds.json"),
    ];
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("skipped: {} is absent", path.display());
            continue;
        };
        let a: Annotation = serde_json::from_str(&text).unwrap();
        assert!(a.schema_problems().is_empty(), "{:?}", a.schema_problems());
        let s = score(&a, &a);
        assert_eq!(s.figures.score.f1, 1.0);
        assert_eq!(s.quotes.all.f1, 1.0);
        assert_eq!(s.disagreements.f1, 1.0);
    }
}
