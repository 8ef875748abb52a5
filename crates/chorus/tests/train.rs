//! `chorus train` end to end on six small clusters written for this test
//! (`fixtures/train_clusters.jsonl`): the weights file, a feature left out by `--drop-feature`,
//! and nested cross-validation by `--hold-out`.

use serde_json::Value;

mod common;
use common::{chorus, ok};

const DATA: &str = "crates/chorus/tests/fixtures/train_clusters.jsonl:25";

/// The features `chorus train` fits, as the weights file names them.
fn weights(args: &[&str]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("weights.json");
    let path_arg = path.display().to_string();
    let mut all = vec!["train", "--data", DATA, "--folds", "2", "--out", &path_arg];
    all.extend_from_slice(args);
    ok(&all);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn weight(weights: &Value, name: &str) -> f64 {
    let names = weights["features"].as_array().unwrap();
    let at = names.iter().position(|n| n == name).unwrap();
    weights["weights"][at].as_f64().unwrap()
}

#[test]
fn a_dropped_feature_gets_no_weight_and_is_named_in_the_command() {
    let all = weights(&[]);
    assert_ne!(
        weight(&all, "position"),
        0.0,
        "the fixture must give it a weight"
    );
    let without = weights(&["--drop-feature", "position", "--drop-feature", "words"]);
    assert_eq!(weight(&without, "position"), 0.0);
    assert_eq!(weight(&without, "words"), 0.0);
    // The others are fit again without it, so they move.
    assert_ne!(weight(&without, "centroid"), weight(&all, "centroid"));
    let by = without["trained_by"].as_str().unwrap();
    assert!(
        by.ends_with("--drop-feature position --drop-feature words"),
        "{by}"
    );
}

#[test]
fn an_unknown_feature_is_refused_with_the_known_ones() {
    let out = chorus(&["train", "--data", DATA, "--drop-feature", "colour"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--drop-feature colour: no such feature"),
        "{err}"
    );
    assert!(err.contains("centroid, title"), "{err}");
}

/// The output of `chorus train` on the fixture with two folds, plus `extra`.
fn train_ok(extra: &[&str]) -> String {
    let mut all = vec!["train", "--data", DATA, "--folds", "2"];
    all.extend_from_slice(extra);
    ok(&all)
}

/// The numbers after "R1" and "R2" on a line of `chorus train`'s output.
fn r1_r2(line: &str) -> (f64, f64) {
    let after = |label: &str| -> f64 {
        let rest = &line[line.find(label).unwrap() + label.len()..];
        rest.split_whitespace().next().unwrap().parse().unwrap()
    };
    (after(" R1 "), after(" R2 "))
}

#[test]
fn a_held_out_fold_is_left_out_of_the_cross_validation_and_scored_alone() {
    let mut held = 0;
    let mut inner = 0;
    for fold in ["0/3", "1/3", "2/3"] {
        let out = train_ok(&["--hold-out", fold, "--hold-out-seed", "5"]);
        let lines: Vec<&str> = out.lines().collect();
        // The cross-validation on the other four clusters, then the two held out.
        let cv = lines.iter().find(|l| l.contains(" clusters  R1")).unwrap();
        assert!(cv.contains(": 4 clusters"), "{out}");
        let at = lines
            .iter()
            .position(|l| l.starts_with(&format!("held-out fold {}", &fold[..1])))
            .unwrap_or_else(|| panic!("{out}"));
        let scored = lines[at + 1];
        assert!(scored.contains(": 2 held-out clusters"), "{out}");
        let (r1, r2) = r1_r2(scored);
        assert!(r1 > 0.0 && r1 <= 100.0 && r2 >= 0.0 && r2 <= r1, "{scored}");
        held += 2;
        inner += 4;
    }
    // Every cluster is held out once across the three folds.
    assert_eq!((held, inner), (6, 12));
}

#[test]
fn hold_out_specs_are_checked() {
    for (spec, message) in [
        ("3/3", "fold 3 does not exist among 3"),
        ("0/1", "at least 2 outer folds"),
        ("a/3", "is not a whole number"),
        ("2", "expected K/N"),
    ] {
        let out = chorus(&["train", "--data", DATA, "--hold-out", spec]);
        assert!(!out.status.success(), "{spec}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{spec}: {err}");
    }
    // Weights from a fit that held clusters out would not be the shipped kind.
    let out = chorus(&[
        "train",
        "--data",
        DATA,
        "--hold-out",
        "0/2",
        "--out",
        "x.json",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot be used with"));
}

#[test]
fn per_cluster_scores_are_the_held_out_ones_and_average_to_the_printed_figures() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("per-cluster.jsonl");
    let path_arg = path.display().to_string();
    let out = train_ok(&["--repeats", "3", "--per-cluster", &path_arg]);
    let lines: Vec<Value> = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 6, "one line per cluster of the fixture");
    let mut ids: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 6, "every cluster once");
    for line in &lines {
        assert_eq!(line["repeats"], 3, "{line}");
        assert!(
            line["data"]
                .as_str()
                .unwrap()
                .ends_with("train_clusters.jsonl")
        );
    }
    // The mean over the clusters is the printed cross-validated figure.
    let mean = |kind: &str| {
        lines.iter().map(|l| l[kind].as_f64().unwrap()).sum::<f64>() / lines.len() as f64 * 100.0
    };
    let printed = out
        .lines()
        .find(|l| l.contains(" clusters "))
        .expect("a figures line");
    let (r1, r2) = r1_r2(printed);
    assert!((mean("rouge1") - r1).abs() < 0.006, "{printed}");
    assert!((mean("rouge2") - r2).abs() < 0.006, "{printed}");
}
