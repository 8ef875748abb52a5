//! Tests of every method: within the budget, no duplicates, deterministic; the concept solver
//! against brute force; random corpora never make a method panic or overrun the budget; the
//! corpus's bigrams, support and vectors against their plain definitions.

use model::{Article, ArticleId, Document, Origin, Sentence};
use proptest::prelude::*;

use super::concept::{Coverage, solve};
use super::*;
use crate::corpus::{Corpus, SUPPORT_SIMILARITY, tfidf};

/// A document of one paragraph, split into sentences as the pipeline splits them.
pub(super) fn document(id: &str, title: &str, text: &str) -> Document {
    let sentences = segment::split_sentences(text)
        .into_iter()
        .enumerate()
        .map(|(index, r)| Sentence {
            index,
            start: r.start,
            end: r.end,
            paragraph: 0,
        })
        .collect();
    Document {
        article: Article {
            meta: Default::default(),
            id: ArticleId(id.to_owned()),
            title: title.to_owned(),
            text: text.to_owned(),
            url: None,
            source: None,
            time: None,
            origin: Origin::default(),
        },
        paragraphs: std::iter::once(0..text.len()).collect(),
        removed: Vec::new(),
        removed_title: None,
        sentences,
    }
}

fn dam_event() -> Vec<Document> {
    vec![
        document(
            "a",
            "Dam collapses in Port Aurel, thousands evacuated",
            "The Aurel dam collapsed on Tuesday night after days of heavy rain. Thousands of \
             residents were evacuated from the valley below the dam. Officials said at least \
             twelve people were missing. The mayor called for calm and opened three shelters.",
        ),
        document(
            "b",
            "Port Aurel dam fails after heavy rain",
            "Heavy rain caused the Aurel dam to collapse late on Tuesday. At least twelve people \
             are missing, according to officials in the valley. Engineers had warned about \
             cracks in the dam wall last year. Rescue teams searched the flooded villages by boat.",
        ),
        document(
            "c",
            "Twelve missing as dam collapses",
            "Twelve people are missing after the dam above Port Aurel collapsed on Tuesday. The \
             government promised an inquiry into the warnings about the dam. Thousands of people \
             spent the night in shelters opened by the mayor.",
        ),
    ]
}

fn all_methods() -> Vec<Box<dyn Method>> {
    let mut names = vec!["best"];
    names.extend(METHOD_NAMES);
    names
        .into_iter()
        .map(|n| method_by_name(n).expect("every listed method exists"))
        .collect()
}

fn check_selection(corpus: &Corpus<'_>, chosen: &[usize], budget: Budget, name: &str) {
    let mut seen = chosen.to_vec();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), chosen.len(), "{name}: duplicate sentences");
    let words: usize = chosen.iter().map(|&i| corpus.sentences[i].words).sum();
    if budget.overrun {
        let before_last: usize = chosen[..chosen.len().saturating_sub(1)]
            .iter()
            .map(|&i| corpus.sentences[i].words)
            .sum();
        assert!(
            before_last < budget.words.max(1),
            "{name}: filled past the budget"
        );
    } else {
        assert!(
            words <= budget.words,
            "{name}: {words} words > {}",
            budget.words
        );
    }
}

#[test]
fn every_method_selects_within_the_budget_without_duplicates_deterministically() {
    let docs = dam_event();
    let copy_of = vec![None; docs.len()];
    let corpus = Corpus::new(&docs, &copy_of);
    for method in all_methods() {
        for budget in [Budget::within(30), Budget::within(60), Budget::filled(30)] {
            let chosen = method.select(&corpus, budget);
            assert!(!chosen.is_empty(), "{}: nothing chosen", method.name());
            check_selection(&corpus, &chosen, budget, method.name());
            assert_eq!(chosen, method.select(&corpus, budget), "{}", method.name());
        }
    }
}

#[test]
fn lead_goes_on_with_the_next_article_and_passes_over_copies() {
    let first = "The harbour board closed the old pier on Friday after a storm damaged its beams.";
    let docs = vec![
        document("a", "Pier closed", first),
        document("b", "Pier closed", first),
        document(
            "c",
            "Storm damage",
            "Engineers will inspect the beams of the pier next week before any repair begins. \
             The ferry will use the new landing until the inspection is over.",
        ),
    ];
    let copy_of = vec![None, Some(0), None];
    let corpus = Corpus::new(&docs, &copy_of);
    let lead = method_by_name("lead").expect("lead");
    let chosen = lead.select(&corpus, Budget::within(40));
    let picked: Vec<(usize, usize)> = (chosen.iter())
        .map(|&i| (corpus.sentences[i].doc, corpus.sentences[i].index))
        .collect();
    assert_eq!(
        picked,
        [(0, 0), (2, 0)],
        "the first lead, then the third article's"
    );
    // Filled past the budget, the last sentence runs over it.
    let filled = lead.select(&corpus, Budget::filled(20));
    assert_eq!(filled.len(), 2);
}

#[test]
fn every_method_returns_nothing_for_a_budget_no_sentence_fits() {
    let docs = dam_event();
    let copy_of = vec![None; docs.len()];
    let corpus = Corpus::new(&docs, &copy_of);
    for method in all_methods() {
        assert!(
            method.select(&corpus, Budget::within(3)).is_empty(),
            "{}",
            method.name()
        );
    }
}

#[test]
fn best_prefers_what_several_outlets_state_over_a_detail_of_one() {
    let docs = dam_event();
    let copy_of = vec![None; docs.len()];
    let corpus = Corpus::new(&docs, &copy_of);
    let chosen = method_by_name("best")
        .unwrap()
        .select(&corpus, Budget::within(25));
    let text = corpus.text(&corpus.sentences[chosen[0]]);
    assert!(text.contains("dam") && text.contains("ollapse"), "{text}");
}

#[test]
fn concept_solver_matches_brute_force_on_a_small_case() {
    let problem = Coverage {
        weights: vec![3.0, 2.0, 2.0, 1.0, 4.0, 1.5],
        items: vec![
            (4, vec![0, 1]),
            (3, vec![1, 2]),
            (5, vec![0, 4]),
            (2, vec![3]),
            (4, vec![4, 5]),
            (3, vec![2, 5]),
            (6, vec![0, 1, 2, 3]),
        ],
        capacity: 10,
    };
    let value = |set: &[usize]| {
        let mut covered = vec![false; problem.weights.len()];
        for &i in set {
            for &c in &problem.items[i].1 {
                covered[c] = true;
            }
        }
        covered
            .iter()
            .zip(&problem.weights)
            .filter(|(c, _)| **c)
            .map(|(_, w)| w)
            .sum::<f32>()
    };
    let mut best = 0.0f32;
    for mask in 0u32..(1 << problem.items.len()) {
        let set: Vec<usize> = (0..problem.items.len())
            .filter(|i| mask >> i & 1 == 1)
            .collect();
        let cost: usize = set.iter().map(|&i| problem.items[i].0).sum();
        if cost <= problem.capacity {
            best = best.max(value(&set));
        }
    }
    let solution = solve(&problem, 1_000_000);
    let cost: usize = solution.items.iter().map(|&i| problem.items[i].0).sum();
    assert!(cost <= problem.capacity);
    assert!(
        (value(&solution.items) - best).abs() < 1e-5,
        "{} vs {best}",
        solution.value
    );
    assert!((solution.value - best).abs() < 1e-5);
}

#[test]
fn pagerank_ranks_the_hub_first() {
    // A star: node 0 is linked to every other node, the others only to node 0.
    let n = 4;
    let mut weights = vec![0.0; n * n];
    for j in 1..n {
        weights[j] = 1.0;
        weights[j * n] = 1.0;
    }
    let rank = pagerank(&weights, n);
    assert!(rank[1..].iter().all(|&r| r < rank[0]));
    assert!((rank.iter().sum::<f32>() - 1.0).abs() < 1e-4);
}

/// The power iteration as first written (row sums in a vector, every row checked in every
/// round), which [`pagerank`] must agree with to the bit.
fn plain_pagerank(weights: &[f32], n: usize) -> Vec<f32> {
    const DAMPING: f32 = 0.85;
    if n == 0 {
        return Vec::new();
    }
    let row_sums: Vec<f32> = (0..n)
        .map(|i| weights[i * n..(i + 1) * n].iter().sum())
        .collect();
    let dangling_rows: Vec<usize> = (0..n).filter(|&i| row_sums[i] <= 0.0).collect();
    let mut rank = vec![1.0 / n as f32; n];
    let mut next = vec![0.0f32; n];
    for _ in 0..100 {
        let dangling: f32 = dangling_rows.iter().map(|&i| rank[i]).sum::<f32>() / n as f32;
        next.fill((1.0 - DAMPING) / n as f32 + DAMPING * dangling);
        for i in 0..n {
            if row_sums[i] <= 0.0 {
                continue;
            }
            let share = DAMPING * rank[i] / row_sums[i];
            for (next, w) in next.iter_mut().zip(&weights[i * n..(i + 1) * n]) {
                *next += share * w;
            }
        }
        let moved: f32 = next.iter().zip(&rank).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut rank, &mut next);
        if moved < 1e-6 {
            break;
        }
    }
    rank
}

proptest! {
    /// PageRank agrees with the plain power iteration to the bit, rows without edges included.
    #[test]
    fn pagerank_is_the_plain_iteration(
        n in 0usize..12,
        cells in proptest::collection::vec(prop_oneof![Just(0.0f32), 0.0f32..1.0], 144),
    ) {
        let weights = &cells[..n * n];
        let bits = |v: Vec<f32>| v.into_iter().map(f32::to_bits).collect::<Vec<_>>();
        prop_assert_eq!(bits(pagerank(weights, n)), bits(plain_pagerank(weights, n)));
    }
}

#[test]
fn shipped_weights_load_and_name_the_features() {
    let learned = best::Learned::default();
    let docs = dam_event();
    let copy_of = vec![None; docs.len()];
    let corpus = Corpus::new(&docs, &copy_of);
    assert_eq!(learned.scores(&corpus).len(), corpus.sentences.len());
}

const WORDS: &[&str] = &[
    "dam",
    "rain",
    "mayor",
    "the",
    "collapsed",
    "twelve",
    "missing",
    "of",
    "valley",
    "said",
    "shelter",
    "and",
    "Tuesday",
    "inquiry",
    "U.S.",
    "\"",
    "3.5",
];

/// Documents of `texts` about one event, the second a copy of the first when `copy` is set.
fn random_event(texts: &[String], copy: bool) -> (Vec<Document>, Vec<Option<usize>>) {
    let docs: Vec<Document> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| document(&i.to_string(), "dam collapsed", t))
        .collect();
    let mut copy_of = vec![None; docs.len()];
    if copy && docs.len() > 1 {
        copy_of[1] = Some(0);
    }
    (docs, copy_of)
}

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::collection::vec(prop::sample::select(WORDS), 1..25),
            prop::sample::select(&[".", "!", "?", ""][..]),
        ),
        1..6,
    )
    .prop_map(|sentences| {
        sentences
            .into_iter()
            .map(|(words, end)| format!("{}{end}", words.join(" ")))
            .collect::<Vec<_>>()
            .join(" ")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_method_panics_or_overruns_on_random_corpora(
        texts in prop::collection::vec(text_strategy(), 1..5),
        words in 0usize..80,
        overrun in any::<bool>(),
        copy in any::<bool>(),
    ) {
        let (docs, copy_of) = random_event(&texts, copy);
        let corpus = Corpus::new(&docs, &copy_of);
        let budget = if overrun { Budget::filled(words) } else { Budget::within(words) };
        for method in all_methods() {
            let chosen = method.select(&corpus, budget);
            check_selection(&corpus, &chosen, budget, method.name());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Each sentence's bigrams are the ids of its pairs of consecutive stems (pairs of two
    /// stopwords left out), sorted and each once, ids given in order of first use in the event.
    #[test]
    fn bigrams_are_sorted_distinct_ids_of_first_use(
        texts in prop::collection::vec(text_strategy(), 1..4),
    ) {
        let (docs, copy_of) = random_event(&texts, false);
        let corpus = Corpus::new(&docs, &copy_of);
        let stemmer = segment::Stemmer::new();
        let mut ids: std::collections::HashMap<(String, String), u32> = Default::default();
        for s in &corpus.sentences {
            let words: Vec<(String, bool)> = segment::tokens(corpus.text(s))
                .into_iter()
                .filter(|t| t.chars().any(char::is_alphanumeric))
                .map(|t| (stemmer.stem(&t).into_owned(), segment::is_stopword(&t)))
                .collect();
            let mut expected: Vec<u32> = words
                .windows(2)
                .filter(|w| !(w[0].1 && w[1].1))
                .map(|w| {
                    let next = ids.len() as u32;
                    *ids.entry((w[0].0.clone(), w[1].0.clone())).or_insert(next)
                })
                .collect();
            expected.sort_unstable();
            expected.dedup();
            prop_assert_eq!(corpus.bigrams_of(s), &expected);
        }
        prop_assert_eq!(corpus.bigram_docs.len(), ids.len());
    }

    /// Each sentence's support is its own document, then the documents of the sentences of
    /// other documents at least [`SUPPORT_SIMILARITY`] alike, alike in negation and not giving
    /// only different figures, as comparing each pair once (the
    /// earlier sentence first) meets them; its independent support counts their roots.
    #[test]
    fn support_lists_documents_as_the_pairs_meet_them(
        texts in prop::collection::vec(text_strategy(), 1..5),
        copy in any::<bool>(),
    ) {
        let (docs, copy_of) = random_event(&texts, copy);
        let corpus = Corpus::new(&docs, &copy_of);
        let n = corpus.sentences.len();
        let mut expected: Vec<Vec<usize>> = corpus.sentences.iter().map(|s| vec![s.doc]).collect();
        for i in 0..n {
            for j in (i + 1)..n {
                let (a, b) = (corpus.sentences[i].doc, corpus.sentences[j].doc);
                let [x, y] = [i, j].map(|k| segment::numbers(corpus.text(&corpus.sentences[k])));
                if a == b
                    || corpus.similarity(i, j) < SUPPORT_SIMILARITY
                    || corpus.sentences[i].negated != corpus.sentences[j].negated
                    || (!x.is_empty() && !y.is_empty() && !segment::share_a_number(&x, &y))
                {
                    continue;
                }
                if !expected[i].contains(&b) {
                    expected[i].push(b);
                }
                if !expected[j].contains(&a) {
                    expected[j].push(a);
                }
            }
        }
        for (s, docs) in corpus.sentences.iter().zip(&expected) {
            prop_assert_eq!(corpus.support_of(s), &docs[..]);
            let mut roots: Vec<usize> =
                docs.iter().map(|&d| copy_of[d].unwrap_or(d)).collect();
            roots.sort_unstable();
            roots.dedup();
            prop_assert_eq!(s.independent_support, roots.len());
        }
    }

    /// Each sentence's vector is [`tfidf`] of its terms, to the bit.
    #[test]
    fn vectors_are_the_tfidf_of_the_terms(
        texts in prop::collection::vec(text_strategy(), 1..4),
    ) {
        let (docs, copy_of) = random_event(&texts, false);
        let corpus = Corpus::new(&docs, &copy_of);
        let bits = |v: &[(u32, f32)]| v.iter().map(|&(t, w)| (t, w.to_bits())).collect::<Vec<_>>();
        for s in &corpus.sentences {
            let expected = tfidf(corpus.terms_of(s), &corpus.idf);
            prop_assert_eq!(bits(corpus.vector_of(s)), bits(&expected));
        }
    }
}

/// Three one-sentence reports of one event under `title`, documents "a", "b" and "c".
fn reports(title: &str, texts: [&str; 3]) -> Vec<Document> {
    ["a", "b", "c"]
        .into_iter()
        .zip(texts)
        .map(|(id, text)| document(id, title, text))
        .collect()
}

/// A statement and its negation share nearly all their words, but an outlet that says the
/// opposite does not carry the statement: neither supports the other. Two outlets that both
/// deny it do support each other, whichever negation they use.
#[test]
fn a_negated_statement_does_not_support_its_opposite() {
    let docs = reports(
        "Dam failure",
        [
            "The Aurel dam was dangerously overloaded before the collapse, engineers said.",
            "The Aurel dam was not overloaded before the collapse, engineers said.",
            "The Aurel dam wasn\u{2019}t overloaded before the collapse, engineers said.",
        ],
    );
    let copy_of = vec![None; docs.len()];
    let corpus = Corpus::new(&docs, &copy_of);
    let [a, b, c] = [0, 1, 2].map(|i| &corpus.sentences[i]);
    assert!(corpus.similarity(0, 1) >= crate::corpus::SUPPORT_SIMILARITY);
    assert!(!a.negated && b.negated && c.negated);
    assert_eq!(corpus.support_of(a), &[0]);
    assert_eq!(corpus.support_of(b), &[1, 2]);
    assert_eq!(corpus.support_of(c), &[2, 1]);
}

#[test]
fn summaries_slice_back_to_the_text_and_fill_only_when_asked() {
    let docs = dam_event();
    let copy_of = vec![None; docs.len()];
    for fill_budget in [false, true] {
        let config = crate::SummarizeConfig {
            word_budget: 30,
            fill_budget,
            ..Default::default()
        };
        let summary = crate::summarize(&docs, &copy_of, &best::Learned::default(), &config);
        let words: usize = summary
            .sentences
            .iter()
            .map(|s| segment::word_count(&s.text))
            .sum();
        assert_eq!(fill_budget, words > 30, "{words} words, fill {fill_budget}");
        let headline = summary.headline.expect("a headline");
        assert!(segment::word_count(&headline.text) <= 40);
        for s in summary.sentences.iter().chain([&headline]) {
            let doc = docs
                .iter()
                .find(|d| d.article.id == s.span.article)
                .unwrap();
            assert_eq!(&doc.article.text[s.span.range()], s.text);
        }
    }
}

/// Two reports that give different figures for one thing do not carry each other's statement;
/// figures that differ by rounding do.
#[test]
fn a_statement_with_other_figures_does_not_support_it() {
    let docs = reports(
        "Weekend shootings",
        [
            "More than 180 people were killed in shootings across the country over the holiday weekend.",
            "At least 150 people were killed in shootings across the country over the holiday weekend.",
            "Some 181 people were killed in shootings across the country over the holiday weekend.",
        ],
    );
    let copy_of = vec![None; docs.len()];
    let corpus = Corpus::new(&docs, &copy_of);
    assert!(corpus.similarity(0, 1) >= crate::corpus::SUPPORT_SIMILARITY);
    let [a, b, c] = [0, 1, 2].map(|i| &corpus.sentences[i]);
    assert_eq!(corpus.support_of(a), &[0, 2]);
    assert_eq!(corpus.support_of(b), &[1]);
    assert_eq!(corpus.support_of(c), &[2, 0]);
}

/// A wire dateline says where an outlet filed its story: the summary and the headline start
/// after it, and their spans still slice back to what they print.
#[test]
fn summaries_leave_out_the_dateline() {
    let mut docs = dam_event();
    let text = format!(
        "PORT AUREL, Valley (Wire) \u{2014} {}",
        docs[0].article.text
    );
    docs[0] = document("a", "Dam collapses in Port Aurel", &text);
    let copy_of = vec![None; docs.len()];
    let config = crate::SummarizeConfig {
        word_budget: 60,
        ..Default::default()
    };
    let lead = crate::method_by_name("lead").expect("lead");
    let summary = crate::summarize(&docs, &copy_of, lead.as_ref(), &config);
    let headline = summary.headline.expect("a headline");
    for s in summary.sentences.iter().chain([&headline]) {
        assert!(!s.text.contains("(Wire)"), "{}", s.text);
        let doc = docs
            .iter()
            .find(|d| d.article.id == s.span.article)
            .unwrap();
        assert_eq!(&doc.article.text[s.span.range()], s.text);
    }
    assert!(
        summary.sentences[0]
            .text
            .starts_with("The Aurel dam collapsed"),
        "the first article's lead, without its dateline: {:?}",
        summary.sentences
    );
}

/// `n` documents of `per` sentences each, every sentence its own words.
fn many_documents(n: usize, per: usize) -> Vec<Document> {
    (0..n)
        .map(|d| {
            let text: Vec<String> = (0..per)
                .map(|s| {
                    format!(
                        "Report {d} sentence {s} tells how the old dam near village {d}x{s} \
                         broke after the long rains of the week."
                    )
                })
                .collect();
            document(
                &format!("d{d}"),
                &format!("Dam report {d}"),
                &text.join(" "),
            )
        })
        .collect()
}

#[test]
fn a_large_event_is_summarized_from_its_leads_within_the_sentence_limit() {
    use crate::summary::{MAX_SENTENCES, bounded};
    // Within the limit, the documents are used as they are.
    let small = many_documents(10, 8);
    assert!(matches!(bounded(&small), std::borrow::Cow::Borrowed(_)));
    // 300 articles of 10 sentences: the first 6 of each (1,800; 7 would be 2,100).
    let docs = many_documents(300, 10);
    let kept = bounded(&docs);
    assert!(kept.iter().all(|d| d.sentences.len() == 6));
    assert!(kept.iter().map(|d| d.sentences.len()).sum::<usize>() <= MAX_SENTENCES);
    assert!(
        kept.iter()
            .zip(&docs)
            .all(|(k, d)| k.article.id == d.article.id && k.sentences[..] == d.sentences[..6])
    );
    // More articles than the limit: the first MAX_SENTENCES keep their first sentence.
    let docs = many_documents(MAX_SENTENCES + 50, 2);
    let kept = bounded(&docs);
    assert!(kept[..MAX_SENTENCES].iter().all(|d| d.sentences.len() == 1));
    assert!(kept[MAX_SENTENCES..].iter().all(|d| d.sentences.is_empty()));
    // The summary of a large event quotes the first sentences of its articles, with their
    // spans in the full documents.
    let docs = many_documents(300, 10);
    let copy_of = vec![None; docs.len()];
    let config = crate::SummarizeConfig::default();
    let summary = crate::summarize(&docs, &copy_of, &best::Learned::default(), &config);
    assert!(!summary.sentences.is_empty());
    for s in &summary.sentences {
        let doc = docs
            .iter()
            .find(|d| d.article.id == s.span.article)
            .unwrap();
        let index = doc
            .sentences
            .iter()
            .position(|x| x.start == s.span.start)
            .unwrap();
        assert!(index < 6, "{}", s.text);
        assert_eq!(&doc.article.text[s.span.start..s.span.end], s.text);
    }
}

/// A summary of `docs` with a budget of `words`, by the shipped `best`.
fn best_summary(docs: &[Document], words: usize) -> model::Summary {
    let copy_of = vec![None; docs.len()];
    let config = crate::SummarizeConfig {
        word_budget: words,
        ..Default::default()
    };
    crate::summarize(docs, &copy_of, &best::Learned::default(), &config)
}

#[test]
fn an_event_of_short_sentences_still_gets_a_summary_and_a_headline() {
    // One long sentence and short ones: the long one alone would fill a tenth of the budget.
    let mixed = vec![document(
        "m",
        "Storm closes port",
        "Storm winds closed the northern port for two days on Monday, officials said. Ferries \
         to the islands were cancelled until Wednesday. Fishing boats stayed in the inner \
         harbour. Schools in the city shut two hours early. Power failed in three eastern \
         districts overnight.",
    )];
    let summary = best_summary(&mixed, 100);
    let words: usize = summary
        .sentences
        .iter()
        .map(|s| segment::word_count(&s.text))
        .sum();
    assert!(words > 25, "{words} words: {:?}", summary.sentences);
    // No sentence reaches `best`'s twelve words, and the third has no final punctuation.
    let docs = vec![
        document(
            "a",
            "Ghent floods",
            "The river Leie burst its banks in Ghent on Monday. Hundreds of homes were \
             flooded. The mayor declared an emergency.",
        ),
        document(
            "b",
            "Floods in Ghent",
            "Hundreds of homes in Ghent were flooded on Monday. The Leie burst its banks \
             after heavy rain.\n\nAn emergency was declared",
        ),
    ];
    let summary = best_summary(&docs, 30);
    assert!(!summary.sentences.is_empty());
    assert!(summary.headline.is_some());
    // Unpunctuated lines only: every method still chooses something.
    let lines = vec![document(
        "c",
        "Dam collapses",
        "The dam collapsed early on Tuesday after days of heavy rain, officials said\n\nRescue \
         teams from three provinces worked through the night",
    )];
    let corpus = Corpus::new(&lines, &[None]);
    for method in all_methods() {
        let chosen = method.select(&corpus, Budget::within(40));
        assert!(!chosen.is_empty(), "{}: nothing chosen", method.name());
    }
}

#[test]
fn a_chinese_event_is_summarized_within_a_budget_of_letters() {
    let docs = vec![
        document(
            "a",
            "北京一工厂发生火灾",
            "周一凌晨，北京市朝阳区一家工厂发生火灾，造成三人受伤。消防部门出动了二十辆消防车，\
             火势在两小时后被扑灭。起火原因正在调查中。",
        ),
        document(
            "b",
            "朝阳区工厂火灾三人受伤",
            "北京朝阳区一家工厂周一凌晨起火，三名工人受伤被送往医院。消防员花了大约两个小时才\
             控制住火势。当局表示，起火原因仍在调查。",
        ),
    ];
    let corpus = Corpus::new(&docs, &[None, None]);
    // Each article's sentences, split at `。`, counted two letters to a word.
    assert_eq!(corpus.sentences.len(), 6);
    assert_eq!(corpus.sentences[0].words, 12);
    // The two openings share letter pairs (北京, 工厂, 周一, 凌晨 ...), so they are alike.
    assert!(corpus.similarity(0, 3) > 0.2, "{}", corpus.similarity(0, 3));
    let summary = best_summary(&docs, 30);
    let words: usize = summary
        .sentences
        .iter()
        .map(|s| segment::cjk_word_count(&s.text))
        .sum();
    assert!((10..=30).contains(&words), "{words}");
    let headline = summary.headline.expect("a headline");
    assert!(headline.text.ends_with('。'), "{}", headline.text);
}

#[test]
fn no_method_repeats_a_sentence_that_a_reprint_carries_word_for_word() {
    let mut docs = dam_event();
    let reprint = docs[0].clone();
    docs.push(Document {
        article: Article {
            id: ArticleId("reprint".into()),
            ..reprint.article.clone()
        },
        ..reprint
    });
    let copy_of = vec![None; docs.len()];
    let corpus = Corpus::new(&docs, &copy_of);
    for method in all_methods() {
        let chosen = method.select(&corpus, Budget::within(100));
        let mut texts: Vec<&str> = chosen
            .iter()
            .map(|&i| corpus.text(&corpus.sentences[i]))
            .collect();
        texts.sort_unstable();
        let before = texts.len();
        texts.dedup();
        assert_eq!(texts.len(), before, "{} repeats a sentence", method.name());
    }
}

#[test]
fn an_event_whose_leads_are_too_long_for_a_headline_takes_one_from_further_down() {
    let long = |topic: &str| {
        format!(
            "The {topic} of the northern harbour, which had been closed for repairs since the \
             storm in early spring, reopened on Monday morning after engineers from three \
             regional authorities and the port company agreed that the damaged quay walls were \
             finally safe for ships, cranes and the many workers who depend on them."
        )
    };
    let text = format!(
        "{} {} {} The harbour reopened on Monday after months of repairs to its quay walls.",
        long("main basin"),
        long("ferry terminal"),
        long("fish market")
    );
    let docs = vec![document("a", "Harbour reopens", &text)];
    let summary = best_summary(&docs, 100);
    let headline = summary.headline.expect("a headline from beyond the leads");
    assert_eq!(
        headline.text,
        "The harbour reopened on Monday after months of repairs to its quay walls."
    );
    assert_eq!(headline.sentence, 3);
}

/// A headline stands on its own: a lead that opens with a pronoun or a connective whose
/// referent came before (`He drew…`, `But this time…`) gives way to a sentence that names what
/// happened, from further down if need be.
#[test]
fn a_headline_does_not_lean_on_a_sentence_before_it() {
    let text = "He won the national flag competition on Friday with a design of the coastal \
                provinces' colours. The jury in Port Aurel named Ravi Tan, a designer from the \
                harbour district, as the winner of the contest.";
    let docs = vec![
        document("a", "Designer wins national flag competition", text),
        document("b", "National flag competition won on Friday", text),
    ];
    let summary = best_summary(&docs, 100);
    let headline = summary.headline.expect("a headline");
    assert_eq!(
        headline.text,
        "The jury in Port Aurel named Ravi Tan, a designer from the harbour district, as the \
         winner of the contest."
    );
    // When every sentence leans on another, the event still gets one.
    let text = "He won the national flag competition on Friday in Port Aurel. \
                But he said the jury nearly chose another design.";
    let docs = vec![document("a", "Flag contest", text)];
    assert!(best_summary(&docs, 100).headline.is_some());
}

/// `best` leaves a quoted opening out of its pool unless the outlets attribute it after the
/// quotation and more than one independent outlet carries it.
#[test]
fn a_quoted_opening_is_summarized_only_when_attributed_and_shared() {
    let shared = "\"We will rebuild the bridge before the spring floods,\" the mayor of Orrin said on \
                  Monday.";
    let docs = vec![
        document(
            "a",
            "Orrin bridge",
            &format!("{shared} \"The river took everything we had built in ten years.\""),
        ),
        document(
            "b",
            "Bridge to be rebuilt",
            &format!("{shared} \"Nobody here has slept since the flood,\" a baker said."),
        ),
    ];
    let corpus = Corpus::new(&docs, &[None, None]);
    let left_out = |text: &str| {
        let s = corpus
            .sentences
            .iter()
            .find(|s| corpus.text(s) == text)
            .expect("the sentence");
        super::best::quotation_left_out(&corpus, s)
    };
    assert!(!left_out(shared), "attributed and carried by both outlets");
    assert!(left_out(
        "\"The river took everything we had built in ten years.\""
    ));
    assert!(left_out(
        "\"Nobody here has slept since the flood,\" a baker said."
    ));
}
