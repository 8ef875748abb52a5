//! Times [`cluster::Clusterer::add_features`] alone on a JSON Lines stream of articles (as
//! `chorus bench-ingest --write-jsonl` writes it) and prints a digest of the decisions, so that
//! two builds can be compared for speed and for identical events on a large stream. Every
//! 20,000 articles it prints the window's time per article, the open events and the process's
//! resident memory (which includes every article's features, extracted before the clock starts).
//!
//! `cargo run --release -p cluster --example stream -- STREAM.jsonl [ARTICLES] [ASSIGNMENTS]`

use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader, Write};
use std::time::Instant;

use cluster::{ClusterConfig, Clusterer, FeatureExtractor};

/// CPU seconds of this process so far (user and system, from `/proc/self/stat`).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// Resident memory of this process in MB (from `/proc/self/status`; 0 where it cannot be read).
fn rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .map_or(0, |kb| kb / 1024)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).expect("a JSON Lines stream");
    let limit: usize = args
        .get(2)
        .map_or(usize::MAX, |a| a.parse().expect("a count"));
    let config: ClusterConfig = match std::env::var("CLUSTER_CONFIG") {
        Ok(json) => serde_json::from_str(&json).expect("a ClusterConfig as JSON"),
        Err(_) => ClusterConfig::default(),
    };
    let mut extractor = FeatureExtractor::new(&config);
    let file = std::fs::File::open(path).expect("readable stream");
    let started = Instant::now();
    let mut articles = Vec::new();
    for line in BufReader::new(file).lines().take(limit) {
        let line = line.expect("a line");
        let record: serde_json::Value = serde_json::from_str(&line).expect("JSON");
        let text = |k: &str| record[k].as_str().unwrap_or("").to_owned();
        let features =
            extractor.extract_parts(&text("title"), &text("text"), record["time"].as_str());
        articles.push((model::ArticleId(text("id")), features));
    }
    let extracted = started.elapsed();
    let mut clusterer = Clusterer::new(&config);
    let mut digest = std::collections::hash_map::DefaultHasher::new();
    let mut out = args
        .get(3)
        .map(|p| std::io::BufWriter::new(std::fs::File::create(p).expect("file")));
    let started = Instant::now();
    let cpu_started = cpu_seconds();
    let mut window = Instant::now();
    let mut events = 0u64;
    for (i, (id, features)) in articles.iter().enumerate() {
        let event = clusterer.add_features(id, features);
        events = events.max(event.0 + 1);
        event.0.hash(&mut digest);
        if let Some(out) = &mut out {
            writeln!(out, "{} {}", id.0, event.0).expect("write");
        }
        if (i + 1) % 20_000 == 0 {
            eprintln!(
                "{:>7} articles: {:.1} us/article in this window, {} open events, RSS {} MB",
                i + 1,
                window.elapsed().as_secs_f64() * 1e6 / 20_000.0,
                clusterer.open_count(),
                rss_mb()
            );
            window = Instant::now();
            clusterer.drain_closed();
        }
    }
    let clustered = started.elapsed();
    let cpu = cpu_seconds() - cpu_started;
    println!(
        "articles {}  events {}  digest {:016x}  extract {:.2} s  cluster {:.2} s wall, {cpu:.2} s CPU ({:.1} us/article wall)",
        articles.len(),
        events,
        digest.finish(),
        extracted.as_secs_f64(),
        clustered.as_secs_f64(),
        clustered.as_secs_f64() * 1e6 / articles.len() as f64
    );
}
