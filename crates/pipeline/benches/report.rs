//! Time to produce an event report on real events, whole and by stage (clean; summarize; analyze;
//! report = clean, segment, dedup, summarize, analyze, sources): the five seed articles, the
//! largest cluster of the allsides dev set, and the largest event of the giveme5w1h set. Inputs are read once,
//! outside the measured loop; each iteration clones the articles because the pipeline owns them.
//! When `../shared` is absent the bench says so and measures nothing.

// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use model::Article;
use pipeline::PipelineConfig;

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

fn seeds() -> Option<Vec<Article>> {
    let out = ingest::read_paths(&[shared().join("seeds")], &ingest::ReadConfig::default());
    out.groups.into_iter().next().map(|g| g.articles)
}

fn largest_allsides_cluster() -> Option<(String, Vec<Article>)> {
    let path = shared().join("data/allsides_roundups/dev.jsonl.gz");
    let out = ingest::read_paths(&[path], &ingest::ReadConfig::default());
    out.groups
        .into_iter()
        .max_by_key(|g| g.articles.iter().map(|a| a.text.len()).sum::<usize>())
        .map(|g| (g.id.unwrap_or_default(), g.articles))
}

/// The largest event of the giveme5w1h clustering set (raw scraped articles, boilerplate included).
fn largest_giveme_event() -> Option<(String, Vec<Article>)> {
    let path = shared().join("data/giveme5w1h_news_cluster/dev.jsonl.gz");
    let out = ingest::read_paths(&[path], &ingest::ReadConfig::default());
    let group = out.groups.into_iter().next()?;
    let mut events: std::collections::BTreeMap<String, Vec<Article>> = Default::default();
    for (article, label) in group.articles.into_iter().zip(group.labels) {
        events
            .entry(label.unwrap_or_default())
            .or_default()
            .push(article);
    }
    events
        .into_iter()
        .max_by_key(|(_, articles)| articles.len())
}

fn bench_report(c: &mut Criterion) {
    let config = PipelineConfig::default();
    let method = summarize::method_by_name("best").expect("the default method exists");
    let mut inputs = Vec::new();
    match seeds() {
        Some(articles) => inputs.push(("seeds (5 articles)".to_owned(), articles)),
        None => eprintln!("skipping seeds: ../shared/seeds not found"),
    }
    match largest_allsides_cluster() {
        Some((id, articles)) => inputs.push((
            format!(
                "allsides largest cluster {id} ({} articles)",
                articles.len()
            ),
            articles,
        )),
        None => eprintln!("skipping allsides: ../shared/data not found"),
    }
    match largest_giveme_event() {
        Some((id, articles)) => inputs.push((
            format!("giveme5w1h event {id} ({} articles)", articles.len()),
            articles,
        )),
        None => eprintln!("skipping giveme5w1h: ../shared/data not found"),
    }
    for (name, articles) in inputs {
        c.bench_function(&format!("clean {name}"), |b| {
            b.iter(|| clean::clean_batch(&articles, &config.clean))
        });
        let prepared = pipeline::prepare(articles.clone(), &config);
        c.bench_function(&format!("summarize {name}"), |b| {
            b.iter(|| {
                summarize::summarize(
                    &prepared.docs,
                    &prepared.copy_of,
                    method.as_ref(),
                    &config.summarize,
                )
            })
        });
        c.bench_function(&format!("analyze {name}"), |b| {
            b.iter(|| pipeline::analyze(&prepared))
        });
        c.bench_function(&format!("report {name}"), |b| {
            b.iter(|| {
                let prepared = pipeline::prepare(articles.clone(), &config);
                let report = pipeline::report(&prepared, method.as_ref(), &config);
                assert!(
                    report.summary.headline.is_some(),
                    "every real event has a headline"
                );
                report
            })
        });
    }
}

criterion_group!(benches, bench_report);
criterion_main!(benches);
