//! Cleaning speed on real scraped text: the 140 raw articles of the giveme5w1h dev set (boilerplate
//! included), loaded once. When `../shared` is absent the bench says so and measures nothing.

// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use std::io::Read;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use model::{Article, ArticleId, Origin};

fn giveme_articles() -> Option<Vec<Article>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/giveme5w1h_news_cluster/dev.jsonl.gz");
    let file = std::fs::File::open(path).ok()?;
    let mut text = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .ok()?;
    let value: serde_json::Value = serde_json::from_str(text.lines().next()?).ok()?;
    let articles = value["articles"].as_array()?;
    Some(
        articles
            .iter()
            .enumerate()
            .map(|(i, a)| Article {
                meta: Default::default(),
                id: ArticleId(i.to_string()),
                title: a["title"].as_str().unwrap_or_default().to_owned(),
                text: a["text"].as_str().unwrap_or_default().to_owned(),
                url: None,
                source: None,
                time: None,
                origin: Origin::default(),
            })
            .collect(),
    )
}

fn bench_clean(c: &mut Criterion) {
    let Some(articles) = giveme_articles() else {
        eprintln!("skipping: ../shared/data/giveme5w1h_news_cluster not found");
        return;
    };
    let config = clean::CleanConfig::default();
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let mut group = c.benchmark_group("clean");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(format!("giveme5w1h {} articles", articles.len()), |b| {
        b.iter(|| {
            let cleaned = clean::clean_batch(&articles, &config);
            assert_eq!(cleaned.len(), articles.len());
            cleaned
        })
    });
    group.finish();
}

criterion_group!(benches, bench_clean);
criterion_main!(benches);
