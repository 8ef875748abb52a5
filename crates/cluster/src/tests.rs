//! Tests of the clusterer as a whole: joining, time decay, closing, determinism, batch-versus-split
//! streams (on the hand-written stream in `test_data/stream.tsv`), and a property test.

use model::{Article, ArticleId, Origin};
use proptest::prelude::*;

use crate::{ArticleFeatures, ClusterConfig, Clusterer, EventId, FeatureExtractor};

fn article(id: &str, time: Option<&str>, title: &str, text: &str) -> Article {
    Article {
        meta: Default::default(),
        id: ArticleId::from(id),
        title: title.to_owned(),
        text: text.to_owned(),
        url: None,
        source: None,
        time: time.map(str::to_owned),
        origin: Origin::default(),
    }
}

/// The fixture stream: articles with their gold event, in stream order.
fn fixture() -> Vec<(Article, String)> {
    let text = include_str!("../test_data/stream.tsv");
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 5, "bad fixture line: {line}");
            (
                article(fields[0], Some(fields[1]), fields[3], fields[4]),
                fields[2].to_owned(),
            )
        })
        .collect()
}

fn assign(clusterer: &mut Clusterer, articles: &[(Article, String)]) -> Vec<EventId> {
    articles.iter().map(|(a, _)| clusterer.add(a)).collect()
}

/// The events of `articles` when the first `split` go to a clusterer whose state is then saved
/// and restored (as between two runs of `chorus ingest`) before the rest follow; and the
/// restored clusterer.
fn assign_restored(
    config: &ClusterConfig,
    articles: &[(Article, String)],
    split: usize,
) -> (Vec<EventId>, Clusterer) {
    let mut first = Clusterer::new(config);
    let mut ids = assign(&mut first, &articles[..split]);
    let saved = serde_json::to_string(&first).unwrap();
    let mut restored: Clusterer = serde_json::from_str(&saved).unwrap();
    ids.extend(assign(&mut restored, &articles[split..]));
    (ids, restored)
}

const ALEPPO_1: (&str, &str) = (
    "Airstrikes hit Aleppo hospital, killing 20",
    "Airstrikes hit a hospital in eastern Aleppo on Saturday, killing 20 people and wounding 100, \
     rescuers said. The United Nations condemned the bombing of the hospital.",
);
const ALEPPO_2: (&str, &str) = (
    "United Nations condemns bombing of Aleppo hospital",
    "The United Nations condemned the airstrikes on an Aleppo hospital that killed 20 people. \
     Rescuers in eastern Aleppo said 100 were wounded in the bombing.",
);
const PHONE: (&str, &str) = (
    "Apple unveils new iPhone with faster chip",
    "Apple unveiled a new iPhone on Tuesday with a faster chip and a better camera, priced from \
     $799. Shipments begin next week in Cupertino and worldwide.",
);

#[test]
fn a_new_article_joins_the_matching_event() {
    let mut c = Clusterer::new(&ClusterConfig::default());
    let a = c.add(&article("a", Some("2016-10-01"), ALEPPO_1.0, ALEPPO_1.1));
    let p = c.add(&article("p", Some("2016-10-01"), PHONE.0, PHONE.1));
    let b = c.add(&article("b", Some("2016-10-02"), ALEPPO_2.0, ALEPPO_2.1));
    assert_eq!((a, p, b), (EventId(0), EventId(1), EventId(0)));
    let event = c.event(a).unwrap();
    assert_eq!(event.articles, [ArticleId::from("a"), ArticleId::from("b")]);
    assert_eq!(event.first_time, crate::parse_time("2016-10-01"));
    assert_eq!(event.last_time, crate::parse_time("2016-10-02"));
}

#[test]
fn articles_far_apart_need_stronger_evidence() {
    let config = ClusterConfig {
        time_penalty_per_day: 0.05,
        max_time_penalty: 1.0,
        ..ClusterConfig::default()
    };
    let run = |later: &str| {
        let mut c = Clusterer::new(&config);
        c.add(&article("a", Some("2016-10-01"), ALEPPO_1.0, ALEPPO_1.1));
        c.add(&article("b", Some(later), ALEPPO_2.0, ALEPPO_2.1))
    };
    assert_eq!(run("2016-10-02"), EventId(0), "a day later joins");
    assert_eq!(
        run("2016-11-20"),
        EventId(1),
        "seven weeks later opens a new event"
    );
    // Times as feeds and JavaScript write them are times too (they were once read by the store
    // but not here, so such articles paid no penalty).
    assert_eq!(
        run("Sun, 20 Nov 2016 09:30:00 GMT"),
        EventId(1),
        "an RFC 2822 time seven weeks later opens a new event"
    );
    assert_eq!(
        run("1479634200000"),
        EventId(1),
        "Unix milliseconds seven weeks later open a new event"
    );
    // Without a time there is no penalty.
    let mut c = Clusterer::new(&config);
    c.add(&article("a", Some("2016-10-01"), ALEPPO_1.0, ALEPPO_1.1));
    assert_eq!(
        c.add(&article("b", None, ALEPPO_2.0, ALEPPO_2.1)),
        EventId(0)
    );
}

/// A pair of reports of one event 50 days apart, scored with `strong_score` and its length
/// scaling set as given (the rest of the time penalty as in `articles_far_apart_…`).
fn far_apart_pair_joins(strong_score: f64, strong_terms: f64) -> bool {
    let config = ClusterConfig {
        time_penalty_per_day: 0.05,
        max_time_penalty: 1.0,
        strong_score,
        strong_terms,
        strong_exponent: 2.0,
        ..ClusterConfig::default()
    };
    let mut c = Clusterer::new(&config);
    let a = c.add(&article("a", Some("2016-10-01"), ALEPPO_1.0, ALEPPO_1.1));
    c.add(&article("b", Some("2016-11-20"), ALEPPO_2.0, ALEPPO_2.1)) == a
}

#[test]
fn strong_evidence_outweighs_a_long_gap() {
    // Without length scaling: the pair's evidence (about 0.5) is above a strong score of 0.3,
    // so time costs nothing, and far below one of 10, so the whole penalty applies.
    assert!(far_apart_pair_joins(0.3, 0.0));
    assert!(!far_apart_pair_joins(10.0, 0.0));
}

#[test]
fn short_articles_need_closeness_long_ones_do_not() {
    // The two Aleppo reports have a few dozen distinct terms. Measured against a reference
    // length of 1,000 terms they are short, and their strong score (0.3 · (1000/n)²) is out of
    // reach; against a reference of 2 terms they are long, and the same evidence is strong.
    assert!(!far_apart_pair_joins(0.3, 1000.0));
    assert!(far_apart_pair_joins(0.3, 2.0));
}

#[test]
fn events_untouched_for_the_window_are_closed_and_drained() {
    let config = ClusterConfig {
        close_after_days: 5.0,
        time_penalty_per_day: 0.0,
        ..ClusterConfig::default()
    };
    let mut c = Clusterer::new(&config);
    c.add(&article("a", Some("2016-10-01"), ALEPPO_1.0, ALEPPO_1.1));
    c.add(&article("p", Some("2016-10-09"), PHONE.0, PHONE.1));
    assert_eq!(c.open_count(), 1);
    assert!(!c.event(EventId(0)).unwrap().open);
    // The closed event takes no more articles, however well they match.
    assert_eq!(
        c.add(&article("b", Some("2016-10-09"), ALEPPO_2.0, ALEPPO_2.1)),
        EventId(2)
    );
    let drained = c.drain_closed();
    assert_eq!(drained.len(), 1);
    assert_eq!(drained[0].articles, [ArticleId::from("a")]);
    assert_eq!(
        c.events().map(|e| e.id).collect::<Vec<_>>(),
        [EventId(1), EventId(2)]
    );
}

#[test]
fn events_untouched_for_many_articles_are_closed() {
    let config = ClusterConfig {
        close_after_articles: 2,
        ..ClusterConfig::default()
    };
    let mut c = Clusterer::new(&config);
    c.add(&article("a", None, ALEPPO_1.0, ALEPPO_1.1));
    for i in 0..3 {
        c.add(&article(&format!("p{i}"), None, PHONE.0, PHONE.1));
    }
    assert!(!c.event(EventId(0)).unwrap().open);
    assert_eq!(
        c.add(&article("b", None, ALEPPO_2.0, ALEPPO_2.1)),
        EventId(2)
    );
}

#[test]
fn the_fixture_stream_is_clustered_into_its_events() {
    let stream = fixture();
    let mut c = Clusterer::new(&ClusterConfig::default());
    let ids = assign(&mut c, &stream);
    for (i, (a, gold_a)) in stream.iter().enumerate() {
        for (j, (b, gold_b)) in stream.iter().enumerate() {
            assert_eq!(
                ids[i] == ids[j],
                gold_a == gold_b,
                "{} and {} ({ids:?})",
                a.id,
                b.id
            );
        }
    }
}

#[test]
fn clustering_is_deterministic() {
    let stream = fixture();
    let first = assign(&mut Clusterer::new(&ClusterConfig::default()), &stream);
    for _ in 0..3 {
        assert_eq!(
            assign(&mut Clusterer::new(&ClusterConfig::default()), &stream),
            first
        );
    }
}

#[test]
fn a_stream_split_in_batches_gives_the_same_events() {
    let stream = fixture();
    let config = ClusterConfig::default();
    let whole = assign(&mut Clusterer::new(&config), &stream);
    for split in 1..stream.len() {
        let (ids, restored) = assign_restored(&config, &stream, split);
        assert_eq!(ids, whole, "split after {split}");
        let events = |c: &Clusterer| c.events().cloned().collect::<Vec<_>>();
        let mut again = Clusterer::new(&config);
        assign(&mut again, &stream);
        assert_eq!(events(&restored), events(&again));
    }
}

#[test]
fn a_restored_clusterer_closes_events_as_the_uninterrupted_one() {
    // Windows small enough that events close before and after each split: the restored
    // clusterer rebuilds its index and closing heaps rather than reading them.
    let stream = fixture();
    for config in [
        ClusterConfig {
            close_after_articles: 3,
            ..ClusterConfig::default()
        },
        ClusterConfig {
            close_after_days: 0.25,
            ..ClusterConfig::default()
        },
    ] {
        let mut whole_clusterer = Clusterer::new(&config);
        let whole = assign(&mut whole_clusterer, &stream);
        for split in 1..stream.len() {
            let (ids, restored) = assign_restored(&config, &stream, split);
            assert_eq!(ids, whole, "split after {split}");
            let events = |c: &Clusterer| c.events().cloned().collect::<Vec<_>>();
            assert_eq!(events(&restored), events(&whole_clusterer));
            assert_eq!(restored.open_count(), whole_clusterer.open_count());
        }
    }
}

/// A state saved by an earlier version (document frequencies as JSON maps, centroids as 12-byte
/// records) after the fixture's first 7 articles, in `test_data/checkpoint_v1.json`.
#[test]
fn a_state_of_the_earlier_layout_is_restored_and_goes_on_as_the_uninterrupted_one() {
    let stream = fixture();
    let config = ClusterConfig::default();
    let mut whole_clusterer = Clusterer::new(&config);
    let whole = assign(&mut whole_clusterer, &stream);
    let saved = include_str!("../test_data/checkpoint_v1.json");
    assert!(saved.contains("\"centroids\"") && !saved.contains("\"vocabulary\""));
    let mut restored: Clusterer = serde_json::from_str(saved).unwrap();
    let rest = assign(&mut restored, &stream[7..]);
    assert_eq!(rest, whole[7..]);
    let events = |c: &Clusterer| c.events().cloned().collect::<Vec<_>>();
    assert_eq!(events(&restored), events(&whole_clusterer));
    restored.assert_index_matches_centroids();
    // Saved again, it is written in the compact layout, and reads back the same.
    let again = serde_json::to_string(&restored).unwrap();
    assert!(again.contains("\"vocabulary\"") && !again.contains("\"centroids\""));
    let reread: Clusterer = serde_json::from_str(&again).unwrap();
    assert_eq!(serde_json::to_string(&reread).unwrap(), again);
}

#[test]
fn a_state_in_neither_layout_or_with_a_stray_open_event_is_refused() {
    let stream = fixture();
    let mut c = Clusterer::new(&ClusterConfig::default());
    assign(&mut c, &stream[..7]);
    let saved: serde_json::Value = serde_json::to_value(&c).unwrap();
    let mut without_open = saved.clone();
    without_open.as_object_mut().unwrap().remove("open");
    assert!(serde_json::from_value::<Clusterer>(without_open).is_err());
    let mut stray = saved.clone();
    stray["open"][0]["id"] = serde_json::json!(999);
    let error = serde_json::from_value::<Clusterer>(stray)
        .unwrap_err()
        .to_string();
    assert!(error.contains("e999"), "{error}");
}

/// A word of letters only, different for every `n`, so that each filler article brings terms
/// no other article has.
fn invented_word(n: usize) -> String {
    let mut word = String::from("zor");
    let mut n = n;
    loop {
        word.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
        if n == 0 {
            return word;
        }
    }
}

/// Articles of invented words only, none shared with another article.
fn filler(from: usize, count: usize) -> Vec<Article> {
    (from..from + count)
        .map(|i| {
            let words: Vec<String> = (0..6).map(|k| invented_word(i * 6 + k)).collect();
            article(
                &format!("f{i}"),
                None,
                &words[..2].join(" "),
                &words.join(" "),
            )
        })
        .collect()
}

#[test]
fn a_term_of_closed_events_is_forgotten_after_a_period_and_counts_as_new_when_it_returns() {
    let config = ClusterConfig {
        close_after_articles: 4,
        ..ClusterConfig::default()
    };
    let term = |text: &str| {
        let features = crate::features::Extractor::default().extract("", text, &config);
        features.content[0].0
    };
    let harbor = article("h0", None, "Harbor", "harbor");
    let harbor_term = term("harbor");
    let mut c = Clusterer::new(&config);
    c.add(&harbor);
    // Positions 1 to 7: the harbor's event closes at position 5 (four articles without it),
    // and the term, last counted in period 0, is kept through period 1.
    for a in filler(0, 7) {
        c.add(&a);
    }
    assert_eq!(c.content_df(harbor_term), Some(1));
    // Position 8 starts period 2: nothing holds the term and period 1 did not count it.
    c.add(&filler(7, 1)[0]);
    assert_eq!(c.content_df(harbor_term), None);
    c.add(&article("h1", None, "Harbor", "harbor"));
    assert_eq!(c.content_df(harbor_term), Some(1));
    c.assert_index_matches_centroids();

    // A term an open event still holds is kept, however long ago it was counted.
    let mut c = Clusterer::new(&config);
    let first = c.add(&harbor);
    for (i, a) in filler(0, 12).iter().enumerate() {
        c.add(a);
        if i % 3 == 2 {
            // The event takes an article every fourth position, without the term.
            let joined = c.add(&article(&format!("d{i}"), None, "Harbor", "harbor"));
            assert_eq!(joined, first);
        }
    }
    assert!(c.content_df(harbor_term).is_some());
}

#[test]
fn the_vocabulary_stays_bounded_on_a_stream_of_new_words() {
    let stream = filler(0, 400);
    let held = |close_after_articles| {
        let config = ClusterConfig {
            close_after_articles,
            ..ClusterConfig::default()
        };
        let mut c = Clusterer::new(&config);
        let mut most = 0;
        for a in &stream {
            c.add(a);
            let (content, names) = c.vocabulary_len();
            most = most.max(content + names);
        }
        c.assert_index_matches_centroids();
        (c.vocabulary_len(), most)
    };
    let ((content, _), most) = held(10);
    // At most three periods of ten articles of six terms, plus the names.
    assert!(content <= 3 * 10 * 6, "{content} content terms held");
    let ((unbounded, _), _) = held(1_000);
    // Every article's terms are kept (a few invented words stem alike).
    assert!(unbounded > 400 * 5, "{unbounded} content terms held");
    assert!(
        most * 5 < unbounded,
        "{most} terms at most against {unbounded}"
    );
}

#[test]
fn a_compact_state_without_last_periods_is_restored() {
    // States saved before terms were forgotten have no `last` lists: their terms count as last
    // seen when the state was saved, and the restored clusterer goes on as the uninterrupted one.
    let stream = fixture();
    let config = ClusterConfig::default();
    let mut whole_clusterer = Clusterer::new(&config);
    let whole = assign(&mut whole_clusterer, &stream);
    let mut c = Clusterer::new(&config);
    assign(&mut c, &stream[..7]);
    let mut saved = serde_json::to_value(&c).unwrap();
    for channel in ["content", "names"] {
        let vocabulary = saved["vocabulary"][channel].as_object_mut().unwrap();
        assert!(vocabulary.remove("last").is_some());
    }
    let mut restored: Clusterer = serde_json::from_value(saved.clone()).unwrap();
    assert_eq!(assign(&mut restored, &stream[7..]), whole[7..]);
    restored.assert_index_matches_centroids();
    // A last period after the state's own position is refused.
    let mut c = Clusterer::new(&config);
    assign(&mut c, &stream[..7]);
    let mut later = serde_json::to_value(&c).unwrap();
    // Every term last counted in period 1, while the state is at 7 articles of period 0.
    use base64::Engine as _;
    let base64 = base64::engine::general_purpose::STANDARD_NO_PAD;
    let chunks = later["vocabulary"]["content"]["last"].as_array().unwrap();
    assert_eq!(chunks.len(), 1);
    let terms = base64.decode(chunks[0].as_str().unwrap()).unwrap().len();
    later["vocabulary"]["content"]["last"] = serde_json::json!([base64.encode(vec![1u8; terms])]);
    let error = serde_json::from_value::<Clusterer>(later)
        .unwrap_err()
        .to_string();
    assert!(error.contains("after the state was saved"), "{error}");
}

#[test]
fn features_extracted_ahead_give_the_same_decisions() {
    let stream = fixture();
    let config = ClusterConfig::default();
    let whole = assign(&mut Clusterer::new(&config), &stream);
    let mut extractor = FeatureExtractor::new(&config);
    let features: Vec<ArticleFeatures> = stream.iter().map(|(a, _)| extractor.extract(a)).collect();
    let mut c = Clusterer::new(&config);
    let ids: Vec<EventId> = stream
        .iter()
        .zip(&features)
        .map(|((a, _), f)| c.add_features(&a.id, f))
        .collect();
    assert_eq!(ids, whole);
}

#[test]
fn config_rejects_unknown_fields_and_fills_defaults() {
    let partial: ClusterConfig = serde_json::from_str(r#"{"threshold": 0.5}"#).unwrap();
    assert_eq!(partial.threshold, 0.5);
    assert_eq!(partial.names_weight, ClusterConfig::default().names_weight);
    assert!(serde_json::from_str::<ClusterConfig>(r#"{"treshold": 0.5}"#).is_err());
}

fn text_strategy() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("Aleppo".to_owned()),
            Just("bombing".to_owned()),
            Just("200,000".to_owned()),
            Just("9月21日".to_owned()),
            Just("Sep 21".to_owned()),
            Just("新加坡".to_owned()),
            Just("U.S.-backed".to_owned()),
            Just("'s".to_owned()),
            "[a-zA-Z0-9 .,'’\\-]{0,12}",
            "\\PC{0,6}",
        ],
        0..30,
    )
    .prop_map(|words| words.join(" "))
}

fn time_strategy() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        (2015u32..2018, 1u32..13, 1u32..29)
            .prop_map(|(y, m, d)| Some(format!("{y}-{m:02}-{d:02}"))),
        "\\PC{0,12}".prop_map(Some),
    ]
}

proptest! {
    #[test]
    fn random_articles_never_panic_and_ids_stay_consistent(
        articles in proptest::collection::vec((text_strategy(), text_strategy(), time_strategy()), 1..25),
        close_after_articles in 1u64..10,
    ) {
        let config = ClusterConfig { close_after_articles, close_after_days: 3.0, ..ClusterConfig::default() };
        let mut c = Clusterer::new(&config);
        let mut drained = Vec::new();
        let mut next = 0;
        for (i, (title, text, time)) in articles.iter().enumerate() {
            let id = c.add(&article(&format!("a{i}"), time.as_deref(), title, text));
            c.assert_index_matches_centroids();
            // An article joins an open event or opens the next id.
            prop_assert!(id.0 <= next);
            if id.0 == next {
                next += 1;
            }
            let event = c.event(id).expect("the event just joined is held");
            prop_assert!(event.open);
            prop_assert_eq!(event.articles.last(), Some(&ArticleId(format!("a{i}"))));
            if i % 7 == 6 {
                drained.extend(c.drain_closed());
            }
        }
        let mut all: Vec<_> = c.events().cloned().chain(drained).collect();
        all.sort_by_key(|e| e.id);
        prop_assert_eq!(all.len() as u64, next);
        prop_assert_eq!(all.iter().map(|e| e.articles.len()).sum::<usize>(), articles.len());
        prop_assert_eq!(c.open_count(), all.iter().filter(|e| e.open).count());
    }
}

proptest! {
    /// The inverted index, kept up to date in place as events gain terms and close, always
    /// lists exactly the open events holding each term (what a scan of the centroids gives), in
    /// a clusterer fed straight through and in one restored from its serialized state midway.
    #[test]
    fn the_index_lists_the_open_events_holding_each_term(
        articles in proptest::collection::vec((text_strategy(), text_strategy(), time_strategy()), 1..30),
        close_after_articles in 1u64..12,
        split in 0usize..30,
    ) {
        let config = ClusterConfig { close_after_articles, close_after_days: 3.0, ..ClusterConfig::default() };
        restored_decides_as(Clusterer::new(&config), &config, &articles, split)?;
    }
}

proptest! {
    /// Summing the shared top-term weights in the flat array by event id or in a hash map gives
    /// the same decisions, in a clusterer fed straight through and in one restored midway.
    #[test]
    fn flat_sums_decide_as_the_hash_map(
        articles in proptest::collection::vec((text_strategy(), text_strategy(), time_strategy()), 1..30),
        close_after_articles in 1u64..12,
        split in 0usize..30,
    ) {
        let config = ClusterConfig { close_after_articles, close_after_days: 3.0, ..ClusterConfig::default() };
        restored_decides_as(Clusterer::new(&config).without_flat_sums(), &config, &articles, split)?;
    }
}

/// Feeds `articles` to `reference` straight through and to a new clusterer of `config` restored
/// from its serialized state before article `split`: both make the same decisions, and both keep
/// their inverted index in step with their centroids.
fn restored_decides_as(
    mut reference: Clusterer,
    config: &ClusterConfig,
    articles: &[(String, String, Option<String>)],
    split: usize,
) -> Result<(), proptest::test_runner::TestCaseError> {
    let mut c = Clusterer::new(config);
    for (i, (title, text, time)) in articles.iter().enumerate() {
        if i == split {
            let saved = serde_json::to_string(&c).unwrap();
            c = serde_json::from_str(&saved).unwrap();
        }
        let a = article(&format!("a{i}"), time.as_deref(), title, text);
        prop_assert_eq!(c.add(&a), reference.add(&a));
        c.assert_index_matches_centroids();
        reference.assert_index_matches_centroids();
    }
    Ok(())
}
