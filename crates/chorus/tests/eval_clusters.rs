//! `chorus eval-clusters` end to end: small sets written here, and the dev sets of `../shared/data`
//! when they are present.

use serde_json::{Value, json};

mod common;
use common::{chorus, json, repo};

fn article(title: &str, text: &str, time: &str) -> Value {
    json!({"title": title, "text": text, "time": time})
}

const QUAKE: [(&str, &str); 2] = [
    (
        "Earthquake of magnitude 6.8 strikes Miyagi",
        "A magnitude 6.8 earthquake struck off Miyagi on Monday, shaking Sendai.",
    ),
    (
        "Miyagi earthquake injures several in Sendai",
        "The magnitude 6.8 earthquake off Miyagi injured several people in Sendai.",
    ),
];
const BUDGET: [(&str, &str); 2] = [
    (
        "Senate passes $1.9 trillion relief budget",
        "The Senate passed the $1.9 trillion relief budget; Schumer praised the package.",
    ),
    (
        "House to vote on $1.9 trillion relief budget",
        "The House will vote on the $1.9 trillion relief budget the Senate passed, Schumer said.",
    ),
];

/// The quake and budget reports, a pair a day, each labelled with its event.
fn labelled_articles() -> Vec<serde_json::Value> {
    let mut articles = Vec::new();
    for (i, ((qt, qx), (bt, bx))) in QUAKE.iter().zip(&BUDGET).enumerate() {
        let day = format!("2021-03-0{}", i + 1);
        let mut quake = article(qt, qx, &day);
        quake["event_id"] = json!("quake");
        let mut budget = article(bt, bx, &day);
        budget["event_id"] = json!("budget");
        articles.extend([quake, budget]);
    }
    articles
}

#[test]
fn a_clustering_set_is_scored_against_its_labels() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("set.jsonl");
    let mut articles = labelled_articles();
    let mut misc = article(
        "Zoo welcomes panda cub",
        "A giant panda cub was born at the zoo.",
        "2021-03-02",
    );
    misc["event_id"] = json!("misc");
    misc["misc"] = json!(true);
    articles.push(misc);
    let record = json!({"id": "tiny", "n_events": 3, "articles": articles});
    std::fs::write(&path, format!("{record}\n")).unwrap();

    let s = json(&["eval-clusters", path.to_str().unwrap(), "--json"]);
    assert_eq!(s["articles"], 5);
    assert_eq!(s["gold_events"], 3);
    assert_eq!(s["predicted_events"], 3);
    assert_eq!(s["f1"], 1.0);
    // A perfect clustering stays perfect in every resample of its events.
    assert_eq!(s["f1_interval"]["low"], 1.0);
    assert_eq!(s["f1_interval"]["high"], 1.0);
    assert!(s["articles_per_second"].as_f64().unwrap() > 0.0);

    let text = chorus(&["eval-clusters", path.to_str().unwrap()]);
    let stdout = String::from_utf8(text.stdout).unwrap();
    assert!(
        stdout.contains("B-cubed  P 1.0000  R 1.0000  F1 1.0000"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "B-cubed F1 95% interval over the gold events (1000 resamples): [1.0000, 1.0000]"
        ),
        "{stdout}"
    );
    let plain = json(&[
        "eval-clusters",
        path.to_str().unwrap(),
        "--json",
        "--bootstrap",
        "0",
    ]);
    assert!(plain.get("f1_interval").is_none(), "{plain}");
}

#[test]
fn each_cluster_of_a_summarization_set_is_one_gold_event() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clusters.jsonl");
    let line = |id: &str, pairs: &[(&str, &str)]| {
        let articles: Vec<Value> = pairs.iter().map(|(t, x)| article(t, x, "")).collect();
        json!({"id": id, "summaries": ["S."], "articles": articles}).to_string()
    };
    let body = format!("{}\n{}\n", line("q", &QUAKE), line("b", &BUDGET));
    std::fs::write(&path, body).unwrap();
    let s = json(&["eval-clusters", path.to_str().unwrap(), "--json"]);
    assert_eq!(
        (s["articles"].as_u64(), s["gold_events"].as_u64()),
        (Some(4), Some(2))
    );
    assert_eq!(s["f1"], 1.0);
}

#[test]
fn a_config_file_overrides_the_defaults_and_unknown_fields_fail() {
    let dir = tempfile::tempdir().unwrap();
    let set = dir.path().join("set.jsonl");
    let articles: Vec<Value> = QUAKE.iter().map(|(t, x)| article(t, x, "")).collect();
    std::fs::write(
        &set,
        format!(
            "{}\n",
            json!({"id": "q", "summaries": [], "articles": articles})
        ),
    )
    .unwrap();
    let config = dir.path().join("config.json");
    // A threshold no score reaches: every article is its own event.
    std::fs::write(&config, r#"{"threshold": 5.0}"#).unwrap();
    let args = ["eval-clusters", set.to_str().unwrap(), "--json", "--config"];
    let s = json(&[&args[..], &[config.to_str().unwrap()]].concat());
    assert_eq!(s["predicted_events"], 2);
    assert_eq!(s["config"]["threshold"], 5.0);

    std::fs::write(&config, r#"{"treshold": 0.3}"#).unwrap();
    let out = chorus(&[&args[..], &[config.to_str().unwrap()]].concat());
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("treshold"));
}

#[test]
fn batches_are_compared_with_one_batch_and_raw_text_can_be_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("set.jsonl");
    let articles = labelled_articles();
    let record = json!({"id": "tiny", "n_events": 2, "articles": articles});
    std::fs::write(&path, format!("{record}\n")).unwrap();
    let file = path.to_str().unwrap();

    let s = json(&["eval-clusters", file, "--json", "--batches", "3"]);
    let b = &s["batches"];
    assert_eq!(b["batches"], 3);
    assert_eq!(b["f1"], s["f1"]);
    assert_eq!(b["agreement_f1"], 1.0);
    assert_eq!(b["pair_agreement"], 1.0);
    assert_eq!(b["articles_moved"], 0);
    let out = chorus(&["eval-clusters", file, "--batches", "2"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("2 batches against one: B-cubed F1 1.0000"),
        "{stdout}"
    );

    let raw = json(&["eval-clusters", file, "--json", "--raw"]);
    assert_eq!(raw["f1"], 1.0);
    assert!(raw.get("batches").is_none());
    assert!(
        !chorus(&["eval-clusters", file, "--batches", "0"])
            .status
            .success()
    );
}

/// The dev file of `set` in `../shared/data`, or `None` (saying it is skipped) when it is absent.
fn dev_set(set: &str) -> Option<std::path::PathBuf> {
    let path = repo().join("../shared/data").join(set).join("dev.jsonl.gz");
    if path.is_file() {
        Some(path)
    } else {
        eprintln!("skipped: {} is absent", path.display());
        None
    }
}

/// The dev sets, with the issue's targets as floors (`neus` has none: a little under its figure),
/// so that a regression fails here. Measured with the default configuration: 0.982, 0.924, 0.852,
/// 0.858 (see `docs/EVALUATION.md`).
#[test]
fn dev_sets_score_at_least_their_floors() {
    for (set, floor) in [
        ("giveme5w1h_news_cluster", 0.98),
        ("allsides_roundups", 0.90),
        ("mmds2025_clustering", 0.85),
        ("neus", 0.84),
    ] {
        let Some(path) = dev_set(set) else { continue };
        let s = json(&["eval-clusters", path.to_str().unwrap(), "--json"]);
        let f1 = s["f1"].as_f64().unwrap();
        assert!(f1 >= floor, "{set}: B-cubed F1 {f1} < {floor}");
    }
}

/// The clusterer scores only the candidates that share enough of an article's top weight
/// (`ClusterConfig::candidate_share`, scoring every one at 0): on every dev set, the default puts
/// every article in the event that scoring every candidate does. This fails if the share is raised
/// past what the sets allow (allsides moves at 0.35) or if events of the other script are no
/// longer always scored (mmds moves at any share then).
#[test]
fn skipping_weak_candidates_changes_no_dev_set_decision() {
    let dir = tempfile::tempdir().unwrap();
    let every = dir.path().join("every.json");
    std::fs::write(&every, r#"{"candidate_share": 0.0}"#).unwrap();
    for set in [
        "giveme5w1h_news_cluster",
        "allsides_roundups",
        "mmds2025_clustering",
        "neus",
    ] {
        let Some(path) = dev_set(set) else { continue };
        let assignments = |extra: &[&str]| {
            let mut args = vec!["eval-clusters", path.to_str().unwrap(), "--assignments"];
            args.extend_from_slice(extra);
            let out = chorus(&args);
            assert!(out.status.success(), "{set}: {out:?}");
            // Every line but the one that ends with the time it took.
            String::from_utf8(out.stdout)
                .unwrap()
                .lines()
                .filter(|line| !line.ends_with("articles/s"))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        let default = assignments(&[]);
        assert!(default.len() > 100, "{set}: {} lines", default.len());
        assert_eq!(
            default,
            assignments(&["--config", every.to_str().unwrap()]),
            "{set}"
        );
    }
}
