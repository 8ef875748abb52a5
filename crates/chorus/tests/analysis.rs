//! `chorus analyze` and `chorus eval-analysis` end to end: the example's analysis in the
//! annotation schema scores perfectly against itself, and on the seeds (when `../shared` is
//! present) the noise section finds the annotated boilerplate lines.

use eval::annotation::Annotation;
use serde_json::Value;

mod common;
use common::{chorus, json, ok, repo};

/// Every section with gold items has F1 1.
fn assert_perfect(scores: &Value) {
    let micro = &scores["micro"];
    for section in [
        &micro["entities"],
        &micro["quotes"]["direct"],
        &micro["quotes"]["reported"],
        &micro["quotes"]["all"],
        &micro["figures"],
        &micro["disagreements"],
        &micro["labels"],
        &micro["timeline"],
        &micro["noise"],
    ] {
        if section["gold"].as_u64().unwrap() > 0 {
            assert_eq!(section["f1"], 1.0, "{section}");
        }
    }
}

#[test]
fn example_analysis_exports_the_schema_and_scores_itself_perfectly() {
    let example = repo().join("examples/port-aurel-dam");
    let text = ok(&["analyze", example.to_str().unwrap(), "--as-annotation"]);
    let annotation: Annotation = serde_json::from_str(&text).unwrap();
    assert!(
        annotation.schema_problems().is_empty(),
        "{:?}",
        annotation.schema_problems()
    );
    assert_eq!(annotation.name, "port-aurel-dam");
    let ids: Vec<&str> = annotation.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids.len(), 7);
    assert!(ids.contains(&"01_meridian-wire"), "{ids:?}");
    assert!(!annotation.noise.is_empty());

    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("port-aurel-dam.json");
    std::fs::write(&export, &text).unwrap();
    let export = export.to_str().unwrap();
    let scores = json(&["eval-analysis", export, export, "--json"]);
    assert_perfect(&scores);
    assert_eq!(scores["predicted"], export);
    assert_eq!(scores["micro"]["noise"]["matched"], annotation.noise.len());
}

#[test]
fn analyze_prints_text_and_json_with_provenance() {
    let example = repo().join("examples/port-aurel-dam");
    let example = example.to_str().unwrap();
    let text = ok(&["analyze", example]);
    for heading in [
        "ARTICLES", "ENTITIES", "QUOTES", "FIGURES", "TIMELINE", "NOISE:",
    ] {
        assert!(text.contains(heading), "{heading} missing:\n{text}");
    }
    let doc = json(&["analyze", example, "--json"]);
    let event = &doc["events"][0];
    assert_eq!(event["articles"].as_array().unwrap().len(), 7);
    let analysis = &event["analysis"];
    for section in ["entities", "quotes", "figures", "timeline", "noise"] {
        assert!(analysis[section].is_array(), "{section}");
    }
    // Every quote and figure occurrence is the text at its span.
    let bodies: std::collections::HashMap<String, String> = std::fs::read_dir(example)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).unwrap();
            (id, ingest::text::split_title(&text).1.to_owned())
        })
        .collect();
    for section in ["quotes", "figures", "timeline"] {
        for item in analysis[section].as_array().unwrap() {
            for occurrence in item["occurrences"].as_array().unwrap() {
                let span = &occurrence["span"];
                let body = &bodies[span["article"].as_str().unwrap()];
                let (start, end) = (
                    span["start"].as_u64().unwrap() as usize,
                    span["end"].as_u64().unwrap() as usize,
                );
                assert!(
                    body.get(start..end).is_some(),
                    "{section}: span {start}..{end} outside its article"
                );
            }
        }
    }
}

#[test]
fn eval_analysis_of_the_example_against_its_gold_file() {
    let gold = repo().join("examples/annotations/port-aurel-dam.json");
    let example = repo().join("examples/port-aurel-dam");
    let scores = json(&[
        "eval-analysis",
        gold.to_str().unwrap(),
        example.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(scores["files"][0]["name"], "port-aurel-dam");
    assert_eq!(scores["micro"]["noise"]["gold"], 42);
    // Every line the cleaner removes on the example is annotated noise.
    assert_eq!(scores["micro"]["noise"]["precision"], 1.0);
}

#[test]
fn eval_analysis_on_the_seeds_finds_the_annotated_noise() {
    let gold = repo().join("../shared/annotations/seeds.json");
    let seeds = repo().join("../shared/seeds");
    if !gold.is_file() || !seeds.is_dir() {
        eprintln!(
            "skipped: {} or {} is absent",
            gold.display(),
            seeds.display()
        );
        return;
    }
    let scores = json(&[
        "eval-analysis",
        gold.to_str().unwrap(),
        seeds.to_str().unwrap(),
        "--json",
    ]);
    let noise = &scores["micro"]["noise"];
    assert!(noise["recall"].as_f64().unwrap() >= 0.95, "{noise}");
    let text = ok(&[
        "eval-analysis",
        gold.to_str().unwrap(),
        seeds.to_str().unwrap(),
    ]);
    assert!(text.contains("noise"), "{text}");
}

#[test]
fn eval_analysis_reports_a_missing_annotation_file() {
    let out = chorus(&[
        "eval-analysis",
        "no/such/file.json",
        "examples/port-aurel-dam",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/file.json"));
}
