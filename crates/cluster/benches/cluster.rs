//! Clustering throughput on real articles: the four dev sets of `../shared/data` pooled into one
//! stream in time order (about 1,100 articles, from 60-word snippets to 4-KB pages with
//! boilerplate, in English, Malay and Chinese). Articles are read once, outside the measured loop;
//! each iteration clusters the whole stream from scratch. When `../shared` is absent the bench
//! says so and measures nothing.

// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use std::path::{Path, PathBuf};

use cluster::{ClusterConfig, Clusterer};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use model::Article;

fn shared_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

fn stream() -> Vec<Article> {
    let mut articles = Vec::new();
    for set in [
        "giveme5w1h_news_cluster",
        "allsides_roundups",
        "mmds2025_clustering",
        "neus",
    ] {
        let path = shared_data().join(set).join("dev.jsonl.gz");
        if !path.is_file() {
            eprintln!("skipping {set}: {} not found", path.display());
            continue;
        }
        let out = ingest::read_paths(&[path], &ingest::ReadConfig::default());
        articles.extend(out.groups.into_iter().flat_map(|g| g.articles));
    }
    articles.sort_by(|a, b| {
        let time = |x: &Article| x.time.as_deref().and_then(cluster::parse_time);
        match (time(a), time(b)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (x, y) => y.is_some().cmp(&x.is_some()),
        }
    });
    articles
}

fn bench_cluster(c: &mut Criterion) {
    let articles = stream();
    if articles.is_empty() {
        eprintln!("nothing to measure: ../shared/data not found");
        return;
    }
    let config = ClusterConfig::default();
    let mut group = c.benchmark_group("cluster");
    group.throughput(Throughput::Elements(articles.len() as u64));
    group.sample_size(20);
    group.bench_function(
        format!("dev sets pooled ({} articles)", articles.len()),
        |b| {
            b.iter(|| {
                let mut clusterer = Clusterer::new(&config);
                let last = articles.iter().map(|a| clusterer.add(a)).last();
                assert!(last.is_some());
                clusterer.events().count()
            })
        },
    );
    group.finish();
}

criterion_group!(benches, bench_cluster);
criterion_main!(benches);
