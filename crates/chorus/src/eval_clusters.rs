//! `chorus eval-clusters`: cluster the articles of an evaluation set from scratch, in time order,
//! and score the events found with B-cubed against the gold events.
//!
//! Gold labels: a clustering set (`{"articles":[{"event_id",...}]}`) gives one label per article,
//! and a `misc` article a label of its own (a singleton). A summarization set has no labels: each
//! of its clusters is one gold event, and the articles of all clusters are pooled into one stream.
//!
//! Order: articles are sorted by their publication time ([`cluster::parse_time`]), stably, so
//! articles with equal times keep their input order; articles without a readable time come last,
//! in input order.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::Args;
use cluster::{ClusterConfig, Clusterer};
use model::Article;
use serde::Serialize;

/// Arguments of `chorus eval-clusters`.
#[derive(Debug, Args)]
pub(crate) struct EvalClustersArgs {
    /// A clustering set or a cluster JSON Lines file (optionally .gz).
    #[arg(value_name = "DATA")]
    pub(crate) data: PathBuf,
    /// Print the scores as JSON.
    #[arg(long)]
    pub(crate) json: bool,
    /// Also print one line per article (gold label, predicted event, time, title), in stream
    /// order, for error analysis.
    #[arg(long)]
    pub(crate) assignments: bool,
    /// A JSON file of `ClusterConfig` fields overriding the defaults (unknown fields are errors).
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
}

/// The JSON document of `chorus eval-clusters --json`.
#[derive(Serialize)]
struct ClusterScores {
    data: String,
    articles: usize,
    gold_events: usize,
    predicted_events: usize,
    precision: f64,
    recall: f64,
    f1: f64,
    /// Articles clustered per second (reading and sorting excluded).
    articles_per_second: f64,
    config: ClusterConfig,
}

pub(crate) fn run(args: &EvalClustersArgs) -> anyhow::Result<ExitCode> {
    let config = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            serde_json::from_str(&text)
                .with_context(|| format!("{}: not a cluster configuration", path.display()))?
        }
        None => ClusterConfig::default(),
    };
    let input = ingest::read_paths(
        std::slice::from_ref(&args.data),
        &ingest::ReadConfig::default(),
    );
    for diagnostic in &input.diagnostics {
        eprintln!("warning: {diagnostic}");
    }
    let stream = labelled_stream(input.groups);
    if stream.is_empty() {
        bail!("no articles read from {}", args.data.display());
    }

    let started = Instant::now();
    let mut clusterer = Clusterer::new(&config);
    let predicted: Vec<String> = stream
        .iter()
        .map(|(article, _)| clusterer.add(article).to_string())
        .collect();
    let seconds = started.elapsed().as_secs_f64();

    let gold: Vec<&str> = stream.iter().map(|(_, label)| label.as_str()).collect();
    let predicted_refs: Vec<&str> = predicted.iter().map(String::as_str).collect();
    let prf = eval::bcubed(&gold, &predicted_refs);
    let scores = ClusterScores {
        data: args.data.display().to_string(),
        articles: stream.len(),
        gold_events: distinct(&gold),
        predicted_events: distinct(&predicted_refs),
        precision: prf.precision,
        recall: prf.recall,
        f1: prf.f1,
        articles_per_second: stream.len() as f64 / seconds.max(1e-9),
        config,
    };
    if args.assignments {
        for ((article, label), event) in stream.iter().zip(&predicted) {
            let time = article.time.as_deref().unwrap_or("-");
            println!("{label}\t{event}\t{time}\t{}", article.title);
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&scores)?);
    } else {
        println!("{}", scores.data);
        println!(
            "B-cubed  P {:.4}  R {:.4}  F1 {:.4}",
            scores.precision, scores.recall, scores.f1
        );
        println!(
            "articles {}  gold events {}  predicted events {}  {:.0} articles/s",
            scores.articles,
            scores.gold_events,
            scores.predicted_events,
            scores.articles_per_second
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// All articles with their gold labels, sorted by time (see the module docs).
fn labelled_stream(groups: Vec<ingest::Group>) -> Vec<(Article, String)> {
    let mut stream = Vec::new();
    for (g, group) in groups.into_iter().enumerate() {
        let group_label = group.id.unwrap_or_else(|| format!("group-{g}"));
        for (i, article) in group.articles.into_iter().enumerate() {
            // An unlabelled article of a labelled group is an event of its own.
            let label = match group.labels.get(i).cloned().flatten() {
                Some(label) => label,
                None if group.labels.iter().any(Option::is_some) => {
                    format!("unlabelled:{}", article.id)
                }
                None => group_label.clone(),
            };
            stream.push((article, label));
        }
    }
    let mut keyed: Vec<(Option<f64>, (Article, String))> = stream
        .into_iter()
        .map(|item| (item.0.time.as_deref().and_then(cluster::parse_time), item))
        .collect();
    // Stable: equal times keep input order; `None` sorts after every time.
    keyed.sort_by(|a, b| match (a.0, b.0) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    keyed.into_iter().map(|(_, item)| item).collect()
}

fn distinct(labels: &[&str]) -> usize {
    let mut sorted = labels.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    sorted.len()
}
