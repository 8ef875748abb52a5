//! Tests of figure extraction: one fictional sentence per figure shape and per non-figure, span
//! checks, a no-panic property, and the scores on the annotated events.

use proptest::strategy::Strategy;

use super::*;
use crate::figures::gold;

/// A document of one article whose sentences come from `segment::split_sentences`.
pub(crate) fn doc(id: &str, text: &str) -> Document {
    gold::document(id, &format!("Title\n\n{text}"), &Default::default(), None)
}

/// (surface, value, low, high, qualifier, counts) of one figure.
type Found = (
    String,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Qualifier,
    String,
);

/// Every figure of a fictional text, checking that each span slices to its surface.
fn figs(text: &str) -> Vec<Found> {
    let d = doc("a", text);
    let figures = extract_figures(std::slice::from_ref(&d));
    for f in &figures {
        for m in &f.occurrences {
            assert_eq!(
                &d.article.text[m.span.range()],
                f.surface,
                "span slices to the surface"
            );
        }
    }
    figures
        .into_iter()
        .map(|f| (f.surface, f.value, f.low, f.high, f.qualifier, f.counts))
        .collect()
}

/// The single figure of a text, asserting there is exactly one.
fn one(text: &str) -> Found {
    let mut all = figs(text);
    assert_eq!(all.len(), 1, "{text}: {all:?}");
    all.remove(0)
}

fn none(text: &str) {
    let all = figs(text);
    assert!(all.is_empty(), "{text}: {all:?}");
}

#[test]
fn cardinals_in_words_and_digits() {
    let f = one("Three hundred people have died in the floods.");
    assert_eq!((f.0.as_str(), f.1), ("Three hundred", Some(300.0)));
    assert!(f.5.contains("people") && f.5.contains("died"), "{}", f.5);
    let f = one("Officials said more than 200,000 civilians live in the valley.");
    assert_eq!((f.1, f.4), (Some(200_000.0), Qualifier::MoreThan));
    assert_eq!(f.0, "more than 200,000");
    let f = one("The fund holds 1.2 billion crowns for rebuilding.");
    assert_eq!(f.1, Some(1.2e9));
    let f = one("Police arrested 37 rioters in the old port.");
    assert_eq!(f.1, Some(37.0));
    assert!(
        f.5.contains("rioters") && f.5.contains("arrested"),
        "{}",
        f.5
    );
    let f = one("The storm left close to 145 people dead in the valley.");
    assert_eq!((f.1, f.4), (Some(145.0), Qualifier::Nearly));
    let f = one("Nearly 50 lorries were stuck at the border.");
    assert_eq!((f.1, f.4), (Some(50.0), Qualifier::Nearly));
    let f = one("Up to 40 boats joined the search.");
    assert_eq!((f.1, f.4), (Some(40.0), Qualifier::UpTo));
    let f = one("Some 280 families were moved.");
    assert_eq!((f.1, f.4), (Some(280.0), Qualifier::About));
}

#[test]
fn ranges() {
    let f = one("Between six and eight thousand fighters remain in the hills.");
    assert_eq!(
        (f.1, f.2, f.3, f.4),
        (None, Some(6000.0), Some(8000.0), Qualifier::Range)
    );
    assert_eq!(f.0, "Between six and eight thousand");
    let f = one("An estimated six to eight thousand fighters remain.");
    assert_eq!((f.2, f.3), (Some(6000.0), Some(8000.0)));
    let f = one("Officials counted between 3,000 and 4,000 homes destroyed.");
    assert_eq!((f.2, f.3), (Some(3000.0), Some(4000.0)));
    let f = one("Some 6,000-8,000 fighters remain.");
    assert_eq!((f.2, f.3), (Some(6000.0), Some(8000.0)));
}

#[test]
fn shares_and_frequencies() {
    let f = one("About a third of the town was still flooded.");
    assert_eq!((f.1, f.4), (Some(0.333), Qualifier::About));
    assert!(f.5.starts_with("share of"), "{}", f.5);
    let f = one("Half of the village lost power.");
    assert_eq!(f.1, Some(0.5));
    let all = figs("About 840 people were hurt, with one-third of them children.");
    assert_eq!(all.len(), 2, "{all:?}");
    assert_eq!(all[1].1, Some(0.333));
    assert!(all[1].5.contains("children"), "{}", all[1].5);
    let f = one("Two thirds of voters backed the plan.");
    assert_eq!(f.1, Some(0.667));
    let f = one("Some 40% of voters stayed home.");
    assert_eq!((f.1, f.4), (Some(0.4), Qualifier::About));
    let f = one("The pump runs twice a day.");
    assert_eq!(f.1, Some(2.0));
    let f = one("The ferry crossed three times during the storm.");
    assert_eq!(f.1, Some(3.0));
    none("The new bridge is twice as long.");
}

#[test]
fn ordinal_counts_of_a_series() {
    let f = one("It was the fifth time the council has vetoed a plan.");
    assert_eq!((f.0.as_str(), f.1), ("fifth time", Some(5.0)));
    assert!(f.5.contains("vetoed"), "{}", f.5);
    let f = one("The collapse is the third breach at the weir.");
    assert_eq!(f.1, Some(3.0));
    let f = one("The republic carried out its sixth nuclear test.");
    assert_eq!(f.1, Some(6.0));
    none("It was his first official visit.");
    none("She flew a fifth-generation fighter.");
    none("He finished second in the race.");
}

#[test]
fn counts_of_one() {
    let f = one("Police detained at least one suspect.");
    assert_eq!((f.1, f.4), (Some(1.0), Qualifier::AtLeast));
    let f = one("One woman reported being robbed.");
    assert_eq!(f.1, Some(1.0));
    none("No one was hurt.");
    none("One of the commanders spoke to the paper.");
    none("The two sides blamed one another.");
}

#[test]
fn durations() {
    let f = one("The six-year war has ruined the valley.");
    assert_eq!((f.0.as_str(), f.1), ("six-year", Some(6.0)));
    assert!(f.5.contains("war"), "{}", f.5);
    let f = one("The truce lasted seven days.");
    assert_eq!((f.0.as_str(), f.1), ("seven days", Some(7.0)));
    let f = one("Shelling went on in the last two days.");
    assert_eq!(f.1, Some(2.0));
    let f = one("They gave only two hours' notice.");
    assert!(f.5.contains("notice"), "{}", f.5);
    let f = one("Talks have gone on for nearly two years.");
    assert_eq!((f.1, f.4), (Some(2.0), Qualifier::Nearly));
    none("In one week, the river rose.");
    none("The vote came one day after the storm.");
    none("The strikes resumed after a week's break.");
}

#[test]
fn casualty_verbs_and_inherited_nouns() {
    let all = figs("The storm killed 12 people and injured 40 others.");
    assert_eq!(all.len(), 2, "{all:?}");
    assert!(
        all[0].5.contains("people") && all[0].5.contains("killed"),
        "{}",
        all[0].5
    );
    assert!(
        all[1].5.contains("people") && all[1].5.contains("injured"),
        "{}",
        all[1].5
    );
    let all = figs("Another 120 people were missing and more than 300 were injured.");
    assert_eq!(all.len(), 2, "{all:?}");
    assert!(
        all[1].5.contains("people") && all[1].5.contains("injured"),
        "{}",
        all[1].5
    );
    let f = one("The death toll rose to at least 46 on Thursday.");
    assert_eq!((f.1, f.4), (Some(46.0), Qualifier::AtLeast));
    assert!(f.5.contains("killed"), "{}", f.5);
    let f = one("The crowd numbered more than 5,000.");
    assert!(f.5.contains("crowd"), "{}", f.5);
}

#[test]
fn non_figures() {
    none("The dam was built in 1968 and repaired in 2017.");
    none("On March 12, 2025, the gates opened.");
    none("The gates opened on 12 March and closed on Sept. 30.");
    none("The dam gave way at 11:40 p.m. and again at 3 a.m.");
    none("Ilie Brana, 71, a retired ferryman, watched.");
    none("Volunteers aged 18 to 35 signed up, and those under the age of 18 were sent home.");
    none("A 71-year-old man was rescued.");
    none("The boy, five years old, fell in two years ago.");
    none("Read more at https://example.com/2025/03/15/dam-49-dead today.");
    none("Dozens were hurt and hundreds fled, while thousands watched.");
    none("Tens of thousands marched and scores of shops closed.");
    none("Several thousand people marched.");
    none("They planned a two-pronged attack.");
    none("The two countries signed a deal, and the three leaders met.");
    none("Resolution 2254 was adopted, and S.B. 8 and HR 1 passed.");
    none("The 9-11 commission report was cited.");
}

#[test]
fn text_in_capitals_keeps_its_counts() {
    // A capitalized word before a number marks a label ("HR 1") only where capitals carry a
    // signal.
    let f = one("AT LEAST 12 PEOPLE WERE KILLED WHEN THE HARBOUR WALL BROKE, OFFICIALS SAID.");
    assert_eq!(
        (f.0.as_str(), f.1, f.4),
        ("AT LEAST 12", Some(12.0), Qualifier::AtLeast)
    );
    let f = one("RESCUERS USED 40 BOATS ON THE RIVER.");
    assert_eq!(f.1, Some(40.0));
    none("The bill, HR 1, passed the house.");
}

#[test]
fn a_count_after_a_preposition_does_not_take_the_clause_of_another_subject() {
    // The teams worked, not the towns: what is counted is the towns.
    for text in [
        "Rescue teams from three nearby towns worked through the night to reach families on the quay.",
        "RESCUE TEAMS FROM THREE NEARBY TOWNS WORKED THROUGH THE NIGHT TO REACH FAMILIES ON THE QUAY.",
    ] {
        let f = one(text);
        assert_eq!(f.1, Some(3.0));
        assert_eq!(f.5.to_lowercase(), "nearby towns", "{text}");
    }
    // A place or a casualty word after the counted noun still says what is counted.
    let f = one("The governor declared an emergency in four districts along the coast.");
    assert_eq!(f.5, "districts along the coast");
    let f = one("The strike hit a clinic, with 20 people killed in the blast.");
    assert!(f.5.contains("killed"), "{}", f.5);
    // The subject of its clause keeps its predicate.
    let f = one("Three hundred people have died in the floods.");
    assert!(f.5.contains("died"), "{}", f.5);
}

#[test]
fn figures_group_across_articles_and_disagreements_pair_them() {
    let docs = [
        doc(
            "a",
            "The flood killed 41 people, officials said. About 12,000 people have been displaced.",
        ),
        doc(
            "b",
            "The flood has killed at least 46 people. Some 15,000 people were left homeless.",
        ),
        doc("c", "The flood killed 41 people in the port."),
    ];
    let figures = extract_figures(&docs);
    let killed: Vec<&Figure> = figures
        .iter()
        .filter(|f| f.counts.contains("killed"))
        .collect();
    assert_eq!(killed.len(), 2, "{figures:#?}");
    assert_eq!(
        killed[0].articles,
        vec![ArticleId::from("a"), ArticleId::from("c")]
    );
    assert_eq!(killed[0].group, killed[1].group);
    let d = find_disagreements(&figures);
    assert_eq!(d.len(), 2, "{d:#?}");
    assert_eq!(d[0].values.len(), 2);
    assert_eq!(d[0].values[0].articles.len(), 2);
    // Counts of different objects never disagree.
    let docs = [
        doc("a", "Rescuers used 62 boats."),
        doc("b", "The neighbours offered 40 boats."),
    ];
    assert!(find_disagreements(&extract_figures(&docs)).is_empty());
}

#[test]
fn scores_on_annotated_events() {
    for event in [gold::seeds(true), gold::example(true)]
        .into_iter()
        .flatten()
    {
        let figures = extract_figures(&event.docs);
        let disagreements = find_disagreements(&figures);
        eprintln!("== {}", event.name);
        let f = gold::score_figures(&figures, &event.gold, true);
        let d = gold::score_disagreements(&figures, &disagreements, &event.gold, true);
        eprintln!("{}", f.line("figures"));
        let entries = gold::score_figure_entries(&figures, &event.gold);
        eprintln!("{}", entries.line("figures, every entry counted"));
        eprintln!("{}", d.line("disagreements"));
        // Floors well under the measured scores, to catch regressions.
        assert!(f.f1() >= 0.85, "{}", f.line("figures"));
        assert!(d.f1() >= 0.6, "{}", d.line("disagreements"));
        for f in &figures {
            for m in &f.occurrences {
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

proptest::proptest! {
    #[test]
    fn arbitrary_text_never_panics(words in proptest::collection::vec(
        proptest::prop_oneof![
            proptest::string::string_regex(".{0,6}").unwrap(),
            proptest::sample::select(vec![
                "one", "two", "third", "half", "of", "the", "at", "least", "between", "and",
                "thousand", "hundred", "2,000", "6,000-8,000", "1.2", "%", "percent", "twice",
                "times", "fifth", "time", "six-year", "people", "killed", "'", "’", ",", ".",
                "March", "12", "2016", "Monday", "on", "yesterday", "last", "fall", "a", "of",
                "them", "were", "é", "—", "\u{a0}", "5\u{a0}000", "\u{2009}", "toll", "number", "in", "days", "-", "to", "or",
            ]).prop_map(str::to_owned),
        ],
        0..40,
    )) {
        let text = words.join(" ");
        let d = doc("p", &text);
        for f in extract_figures(std::slice::from_ref(&d)) {
            for m in &f.occurrences {
                proptest::prop_assert!(d.article.text.get(m.span.range()).is_some());
            }
        }
        for e in crate::timeline::extract_timeline(std::slice::from_ref(&d)) {
            for m in &e.occurrences {
                proptest::prop_assert!(d.article.text.get(m.span.range()).is_some());
            }
        }
        // Spans into raw sentences that start mid-way also hold.
        for (s, e) in [(0, text.len()), (text.len() / 2, text.len())] {
            if text.is_char_boundary(s) {
                for r in sentence_figures(&text, s, e) {
                    proptest::prop_assert!(text.get(r.start..r.end).is_some());
                }
            }
        }
    }
}

#[test]
fn fixtures_match_expected() {
    let fixtures = gold::fixtures("figures");
    assert!(!fixtures.is_empty());
    for path in fixtures {
        let docs = gold::fixture_documents(&std::fs::read_to_string(&path).unwrap());
        let figures = extract_figures(&docs);
        let mut out = String::new();
        for f in &figures {
            let articles: Vec<&str> = f.articles.iter().map(ArticleId::as_str).collect();
            out.push_str(&format!(
                "{:?} value={:?} low={:?} high={:?} {:?} | {} | group={} | articles={}\n",
                f.surface,
                f.value,
                f.low,
                f.high,
                f.qualifier,
                f.counts,
                f.group,
                articles.join(",")
            ));
        }
        for d in find_disagreements(&figures) {
            let sides: Vec<String> = d
                .values
                .iter()
                .map(|s| {
                    let a: Vec<&str> = s.articles.iter().map(ArticleId::as_str).collect();
                    format!("{:?}/{:?}-{:?} [{}]", s.value, s.low, s.high, a.join(","))
                })
                .collect();
            out.push_str(&format!(
                "disagreement {}: {}\n",
                d.group,
                sides.join(" vs ")
            ));
        }
        gold::check_expected(&path, &out);
    }
}
