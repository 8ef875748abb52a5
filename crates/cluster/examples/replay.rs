//! The clusterer alone on a stream: `cargo run --release -p cluster --example replay -- FILE [RUNS]`
//! reads the articles of FILE (any format `ingest` reads, for example the JSON Lines that
//! `chorus bench-ingest --write-jsonl` writes), extracts their features once, then feeds them to
//! a new [`Clusterer`] RUNS times (3 by default) and prints the CPU time of each run on this
//! thread (wall time where `/proc/thread-self/schedstat` cannot be read), the number of events
//! and a hash of the decisions, so that two builds can be compared for speed and for identical
//! decisions without the rest of the ingest pipeline.

// An example's main needs no documentation.
#![allow(missing_docs)]

use std::hash::{DefaultHasher, Hash, Hasher};
use std::time::Instant;

use cluster::{ClusterConfig, Clusterer, FeatureExtractor};

/// Seconds of CPU this thread has run, if the kernel says.
fn thread_cpu() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(nanos / 1e9)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: replay FILE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args
        .next()
        .map_or(3, |r| r.parse().expect("RUNS is a number"));
    let read = ingest::read_paths(
        &[std::path::PathBuf::from(path)],
        &ingest::ReadConfig::default(),
    );
    let articles: Vec<_> = read.groups.into_iter().flat_map(|g| g.articles).collect();
    let config = ClusterConfig::default();
    let mut extractor = FeatureExtractor::new(&config);
    let features: Vec<_> = articles.iter().map(|a| extractor.extract(a)).collect();
    for _ in 0..runs {
        let mut clusterer = Clusterer::new(&config);
        let mut decisions = DefaultHasher::new();
        let (cpu, wall) = (thread_cpu(), Instant::now());
        for (article, features) in articles.iter().zip(&features) {
            clusterer
                .add_features(&article.id, features)
                .hash(&mut decisions);
        }
        let (seconds, clock) = match (cpu, thread_cpu()) {
            (Some(start), Some(end)) => (end - start, "CPU"),
            _ => (wall.elapsed().as_secs_f64(), "wall"),
        };
        println!(
            "{} articles: {seconds:.3} s {clock}, {:.1} us per article, {} events, decisions {:016x}",
            articles.len(),
            seconds * 1e6 / articles.len().max(1) as f64,
            clusterer.events().count(),
            decisions.finish()
        );
    }
}
