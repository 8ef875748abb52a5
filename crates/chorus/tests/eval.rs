//! `chorus eval` end to end on a small cluster set written here from the built-in example: the
//! scores, the sentence dump, and `--repeat`, whose repeats must choose what the first call
//! chose and may only lower a cluster's time.

use std::path::Path;

use serde_json::{Value, json};

mod common;
use common::{chorus, json, repo};

/// The example's articles as cluster articles (a `.txt` file's first line is its title).
fn example_articles() -> Vec<Value> {
    let dir = repo().join("examples/port-aurel-dam");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            let (title, body) = text.split_once('\n').unwrap();
            json!({"title": title.trim(), "text": body.trim()})
        })
        .collect()
}

/// Three clusters: the example with a reference, a small quake story with two, and one with no
/// reference (skipped).
fn write_set(dir: &Path) -> String {
    let quake = vec![
        json!({"title": "Earthquake of magnitude 6.8 strikes Miyagi",
               "text": "A magnitude 6.8 earthquake struck off Miyagi on Monday, shaking buildings \
                        in Sendai for nearly a minute. Rail services were halted across the region \
                        while engineers checked the tracks."}),
        json!({"title": "Miyagi earthquake injures several in Sendai",
               "text": "The magnitude 6.8 earthquake off Miyagi injured several people in Sendai, \
                        the city said. No tsunami warning was issued, the weather agency said on \
                        Monday afternoon."}),
    ];
    let lines = [
        json!({"id": "dam", "summaries": [
            "A dam upstream of the river port collapsed and floodwater killed dozens of people; \
             rescuers searched flooded districts while officials disputed the toll."],
            "articles": example_articles()}),
        json!({"id": "quake", "summaries": [
            "A magnitude 6.8 earthquake off Miyagi injured several people in Sendai.",
            "An earthquake struck off Miyagi on Monday; trains stopped and no tsunami warning was issued."],
            "articles": quake}),
        json!({"id": "unscored", "summaries": [], "articles": example_articles()}),
    ];
    let path = dir.join("clusters.jsonl");
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn eval_scores_each_cluster_with_a_reference() {
    let dir = tempfile::tempdir().unwrap();
    let set = write_set(dir.path());
    let report = json(&["eval", &set, "--words", "40", "--json"]);
    assert_eq!(report["clusters"], 2);
    assert_eq!(report["skipped"], 1);
    let clusters = report["per_cluster"].as_array().unwrap();
    assert_eq!(clusters[0]["id"], "dam");
    assert_eq!(clusters[1]["id"], "quake");
    for cluster in clusters {
        let words = cluster["summary_words"].as_u64().unwrap();
        assert!(words > 0 && words <= 40, "{cluster}");
        let r1 = cluster["rouge1"]["f1"].as_f64().unwrap();
        assert!(r1 > 0.0 && r1 <= 1.0, "{cluster}");
        let (first, fastest) = (
            cluster["summarize_first_ms"].as_f64().unwrap(),
            cluster["summarize_ms"].as_f64().unwrap(),
        );
        // Without --repeat the one call is both.
        assert_eq!(first, fastest);
        assert!(cluster["ms"].as_f64().unwrap() >= first);
    }
}

#[test]
fn repeats_choose_the_same_summaries_and_report_the_fastest() {
    let dir = tempfile::tempdir().unwrap();
    let set = write_set(dir.path());
    let once = json(&["eval", &set, "--words", "40", "--json"]);
    let repeated = json(&["eval", &set, "--words", "40", "--json", "--repeat", "4"]);
    assert_eq!(once["mean"], repeated["mean"]);
    let pairs = once["per_cluster"]
        .as_array()
        .unwrap()
        .iter()
        .zip(repeated["per_cluster"].as_array().unwrap());
    for (a, b) in pairs {
        for field in ["id", "summary_words", "rouge1", "rouge2", "rouge_l"] {
            assert_eq!(a[field], b[field], "{field}");
        }
        let (first, fastest) = (
            b["summarize_first_ms"].as_f64().unwrap(),
            b["summarize_ms"].as_f64().unwrap(),
        );
        assert!(fastest <= first, "{b}");
    }
}

#[test]
fn the_sentence_dump_has_a_line_per_scored_cluster() {
    let dir = tempfile::tempdir().unwrap();
    let set = write_set(dir.path());
    let dump = dir.path().join("sentences.jsonl");
    let dump_arg = dump.display().to_string();
    json(&["eval", &set, "--json", "--dump-sentences", &dump_arg]);
    let text = std::fs::read_to_string(&dump).unwrap();
    let records: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    assert_eq!(records[1]["id"], "quake");
    assert_eq!(records[1]["references"].as_array().unwrap().len(), 2);
    assert_eq!(records[1]["titles"].as_array().unwrap().len(), 2);
    let sentences = records[1]["sentences"].as_array().unwrap();
    assert_eq!(sentences.len(), 4, "{sentences:?}");
    assert!(
        sentences[0]
            .as_str()
            .unwrap()
            .starts_with("A magnitude 6.8 earthquake")
    );
}

#[test]
fn a_repeat_of_zero_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let set = write_set(dir.path());
    let out = chorus(&["eval", &set, "--repeat", "0"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--repeat"), "{stderr}");
}

#[test]
fn rouge_of_empty_files_is_an_error_not_a_score() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let text = dir.path().join("text.txt");
    std::fs::write(&text, "The dam collapsed on Tuesday.\n").unwrap();
    let (empty, text) = (empty.display().to_string(), text.display().to_string());
    let out = chorus(&["rouge", &empty, &empty, "--lines"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no lines to score"));
    // One empty side still scores (0), with a warning naming it.
    let out = chorus(&["rouge", &empty, &text]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("the reference"));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("-0.00"));
}

#[test]
fn clusters_without_articles_or_with_empty_references_are_named_and_not_scored() {
    let dir = tempfile::tempdir().unwrap();
    let reference = "A dam upstream of the river port collapsed and killed dozens of people.";
    let lines = [
        json!({"id": "ok", "summaries": [reference], "articles": example_articles()}),
        json!({"id": "no-articles", "summaries": [reference], "articles": [
            {"title": "Empty", "text": "   "}]}),
        json!({"id": "blank", "summaries": ["  "], "articles": example_articles()}),
        json!({"id": "half", "summaries": ["", reference], "articles": example_articles()}),
    ];
    let path = dir.path().join("odd.jsonl");
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&path, text).unwrap();
    let path = path.display().to_string();
    let out = chorus(&["eval", &path, "--words", "40", "--json"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "cluster no-articles: no usable article; not scored",
        "cluster blank: no reference summary; not scored",
        "cluster half: 1 empty reference(s) left out",
    ] {
        assert!(stderr.contains(expected), "{expected}: {stderr}");
    }
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (doc["clusters"].as_u64(), doc["skipped"].as_u64()),
        (Some(2), Some(2))
    );
    // The cluster whose empty reference was left out scores as the one with only its real one.
    let per = doc["per_cluster"].as_array().unwrap();
    assert_eq!(per[0]["rouge1"], per[1]["rouge1"]);
}

#[test]
fn each_report_of_a_cluster_file_names_its_cluster() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_set(dir.path());
    let doc = json(&["report", &path, "--json"]);
    let clusters: Vec<&str> = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["cluster"].as_str().unwrap())
        .collect();
    assert_eq!(clusters, ["dam", "quake", "unscored"]);
    let text = chorus(&["report", &path, "--cluster", "quake"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("(cluster quake)"));
    // Loose articles name no cluster.
    let loose = json(&[
        "report",
        &repo().join("examples/port-aurel-dam").display().to_string(),
        "--json",
    ]);
    assert!(loose["events"][0].get("cluster").is_none());
}

#[test]
fn compare_sets_two_methods_side_by_side_with_bootstrap_intervals() {
    let dir = tempfile::tempdir().unwrap();
    let set = write_set(dir.path());
    let f1 = |doc: &Value, kind: &str| doc[kind]["f1"].as_f64().unwrap();
    let report = json(&["eval", &set, "--words", "40", "--json", "--compare", "lead"]);
    let lead = json(&["eval", &set, "--words", "40", "--json", "--method", "lead"]);
    let comparison = &report["comparison"];
    assert_eq!(comparison["method"], "lead");
    assert_eq!(comparison["mean"], lead["mean"]);
    for kind in ["rouge1", "rouge2", "rouge_l"] {
        let interval = &report["f1_intervals"][kind];
        let (low, high) = (
            interval["low"].as_f64().unwrap(),
            interval["high"].as_f64().unwrap(),
        );
        let mean = f1(&report["mean"], kind);
        assert!(low <= mean && mean <= high, "{kind}: {interval} {mean}");
        let difference = &comparison["f1_difference"][kind];
        let expected = mean - f1(&lead["mean"], kind);
        assert!(
            (difference["difference"].as_f64().unwrap() - expected).abs() < 1e-12,
            "{kind}: {difference}"
        );
        let share = difference["not_better"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&share), "{difference}");
    }

    // A method against itself differs by nothing, and is never better.
    let itself = json(&["eval", &set, "--words", "40", "--json", "--compare", "best"]);
    let same = &itself["comparison"]["f1_difference"]["rouge1"];
    assert_eq!(same["difference"], 0.0);
    assert_eq!(same["not_better"], 1.0);

    // Without resamples: no intervals, and the comparison keeps only the other method's means.
    let plain = json(&[
        "eval",
        &set,
        "--words",
        "40",
        "--json",
        "--compare",
        "lead",
        "--bootstrap",
        "0",
    ]);
    assert!(plain.get("f1_intervals").is_none(), "{plain}");
    assert!(plain["comparison"].get("f1_difference").is_none());
    assert_eq!(plain["comparison"]["mean"], lead["mean"]);

    let text = chorus(&["eval", &set, "--words", "40", "--compare", "lead"]);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(
        stdout.contains("F1 95% interval over the clusters (1000 resamples)"),
        "{stdout}"
    );
    assert!(stdout.contains("best against lead"), "{stdout}");
    let unknown = chorus(&["eval", &set, "--compare", "nonsense"]);
    assert!(!unknown.status.success());
}
