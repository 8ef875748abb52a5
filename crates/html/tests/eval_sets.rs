//! The extraction sets of `../shared/data` scored as `chorus eval-extraction` scores them, with
//! floors a regression would fall under. Skips with a message when `../shared` is absent.

use std::path::PathBuf;

use html::score::{ShingleScore, SnippetCounts, parse_records, shingle_match, shingle_means};
use html::{ExtractConfig, extract};

fn set(name: &str) -> Option<Vec<html::score::ExtractionRecord>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(name)
        .join("dev.jsonl.gz");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("skipped: {} is absent", path.display());
        return None;
    };
    let (records, diagnostics) = parse_records(&bytes);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    Some(records)
}

#[test]
fn article_extraction_benchmark_dev() {
    let Some(records) = set("article_extraction_benchmark") else {
        return;
    };
    let config = ExtractConfig::default();
    let scores: Vec<ShingleScore> = records
        .iter()
        .map(|r| {
            let out = extract(&r.html, r.url.as_deref(), &config)
                .map(|a| a.text())
                .unwrap_or_default();
            shingle_match(r.text.as_deref().unwrap_or(""), &out)
        })
        .collect();
    let (p, r, f) = shingle_means(&scores);
    eprintln!("article_extraction_benchmark dev: P {p:.4} R {r:.4} F1 {f:.4}");
    assert!(f >= 0.97, "F1 {f:.4}");
}

#[test]
fn trafilatura_eval_dev() {
    let Some(records) = set("trafilatura_eval") else {
        return;
    };
    let config = ExtractConfig::default();
    let mut counts = SnippetCounts::default();
    for r in &records {
        let out = extract(&r.html, r.url.as_deref(), &config)
            .map(|a| a.text())
            .ok();
        counts.add(SnippetCounts::of_page(
            out.as_deref(),
            &r.must_contain,
            &r.must_not_contain,
        ));
    }
    let (p, r, a, f) = counts.scores();
    eprintln!("trafilatura_eval dev: P {p:.4} R {r:.4} accuracy {a:.4} F {f:.4}");
    assert!(f >= 0.955, "F {f:.4}");
}
