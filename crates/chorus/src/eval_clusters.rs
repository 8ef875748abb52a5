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
//!
//! Text: the clusterer reads what `chorus ingest` gives it, each article's kept text after
//! cleaning (`pipeline::prepare_documents`, the whole stream as one batch), unless `--raw` asks
//! for the body as read. An article the cleaner leaves no sentence of keeps its raw body.
//!
//! Batches: `--batches N` clusters the stream a second time the way `chorus ingest` does over
//! several runs: cut into N consecutive batches, each cleaned on its own, the clusterer
//! serialized after each batch and restored from that checkpoint, closed events drained. It
//! reports that run's B-cubed and how far its events are from the one-batch events.

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
    /// Cluster the bodies as read, not the text the cleaner keeps.
    #[arg(long)]
    pub(crate) raw: bool,
    /// Also cluster the stream cut into this many batches, each cleaned alone, with the clusterer
    /// checkpointed (serialized and restored) between them, and compare with one batch.
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub(crate) batches: u32,
    /// Resamples of the gold events for the 95% interval of the B-cubed F1 (each event's
    /// articles keep the precision and recall they have in the whole clustering); 0 leaves it
    /// out.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(0..=100_000))]
    pub(crate) bootstrap: u32,
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
    /// 95% interval of the F1 over resamples of the gold events (absent with `--bootstrap 0`).
    #[serde(skip_serializing_if = "Option::is_none")]
    f1_interval: Option<eval::Interval>,
    /// Articles clustered per second (reading, sorting and cleaning excluded).
    articles_per_second: f64,
    /// The same stream in several batches, when `--batches` is above 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    batches: Option<BatchScores>,
    config: ClusterConfig,
}

/// The stream clustered in several batches, against the gold events and against one batch.
#[derive(Serialize)]
struct BatchScores {
    batches: u32,
    predicted_events: usize,
    precision: f64,
    recall: f64,
    f1: f64,
    /// B-cubed F1 of the batched events scored against the one-batch events (1 when equal).
    agreement_f1: f64,
    /// Share of article pairs on which the two runs agree (same event in both, or in neither).
    pair_agreement: f64,
    /// Articles whose batched event holds other articles than their one-batch event.
    articles_moved: usize,
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
    crate::render::diagnostics(&input.diagnostics);
    let stream = labelled_stream(input.groups);
    if stream.is_empty() {
        bail!("no articles read from {}", args.data.display());
    }

    let pipeline_config = pipeline::PipelineConfig::default();
    let whole = if args.raw {
        stream.iter().map(|(a, _)| a.clone()).collect()
    } else {
        as_clustered(&stream, &pipeline_config)
    };
    let started = Instant::now();
    let mut clusterer = Clusterer::new(&config);
    let predicted: Vec<String> = whole
        .iter()
        .map(|article| clusterer.add(article).to_string())
        .collect();
    let seconds = started.elapsed().as_secs_f64();

    let gold: Vec<&str> = stream.iter().map(|(_, label)| label.as_str()).collect();
    let predicted_refs: Vec<&str> = predicted.iter().map(String::as_str).collect();
    let prf = eval::bcubed(&gold, &predicted_refs);
    let batches = (args.batches > 1)
        .then(|| {
            let batched =
                cluster_in_batches(&stream, args.batches, args.raw, &config, &pipeline_config)?;
            let refs: Vec<&str> = batched.iter().map(String::as_str).collect();
            let against_gold = eval::bcubed(&gold, &refs);
            let against_one = eval::bcubed(&predicted_refs, &refs);
            anyhow::Ok(BatchScores {
                batches: args.batches,
                predicted_events: distinct(&refs),
                precision: against_gold.precision,
                recall: against_gold.recall,
                f1: against_gold.f1,
                agreement_f1: against_one.f1,
                pair_agreement: pair_agreement(&predicted_refs, &refs),
                articles_moved: articles_moved(&predicted_refs, &refs),
            })
        })
        .transpose()?;
    let scores = ClusterScores {
        data: args.data.display().to_string(),
        articles: stream.len(),
        gold_events: distinct(&gold),
        predicted_events: distinct(&predicted_refs),
        precision: prf.precision,
        recall: prf.recall,
        f1: prf.f1,
        f1_interval: eval::Bootstrap {
            resamples: args.bootstrap as usize,
            ..eval::Bootstrap::default()
        }
        .bcubed_f1(&gold, &predicted_refs),
        articles_per_second: stream.len() as f64 / seconds.max(1e-9),
        batches,
        config,
    };
    if args.assignments {
        for ((article, label), event) in stream.iter().zip(&predicted) {
            let time = article.time.as_deref().unwrap_or("-");
            outln!("{label}\t{event}\t{time}\t{}", article.title);
        }
    }
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&scores)?);
    } else {
        outln!("{}", scores.data);
        outln!(
            "B-cubed  P {:.4}  R {:.4}  F1 {:.4}",
            scores.precision,
            scores.recall,
            scores.f1
        );
        if let Some(i) = &scores.f1_interval {
            outln!(
                "B-cubed F1 95% interval over the gold events ({} resamples): [{:.4}, {:.4}]",
                args.bootstrap,
                i.low,
                i.high
            );
        }
        outln!(
            "articles {}  gold events {}  predicted events {}  {:.0} articles/s",
            scores.articles,
            scores.gold_events,
            scores.predicted_events,
            scores.articles_per_second
        );
        if let Some(b) = &scores.batches {
            outln!(
                "{} batches: B-cubed  P {:.4}  R {:.4}  F1 {:.4}  predicted events {}",
                b.batches,
                b.precision,
                b.recall,
                b.f1,
                b.predicted_events
            );
            outln!(
                "{} batches against one: B-cubed F1 {:.4}  pairs agreeing {:.4}  articles moved {}",
                b.batches,
                b.agreement_f1,
                b.pair_agreement,
                b.articles_moved
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The articles as the clusterer reads them in `chorus ingest`: the title the cleaner settles
/// on and the kept text, the whole slice cleaned as one batch. An article the cleaner leaves
/// nothing of keeps its body as read.
fn as_clustered(stream: &[(Article, String)], config: &pipeline::PipelineConfig) -> Vec<Article> {
    // Ids are replaced by positions so that each document finds its article, whatever the ids.
    let batch: Vec<Article> = stream
        .iter()
        .enumerate()
        .map(|(i, (a, _))| Article {
            id: model::ArticleId::from(i.to_string().as_str()),
            ..a.clone()
        })
        .collect();
    let prepared = pipeline::prepare_documents(batch, config);
    let mut out: Vec<Article> = stream.iter().map(|(a, _)| a.clone()).collect();
    for doc in &prepared.docs {
        let Ok(i) = doc.article.id.as_str().parse::<usize>() else {
            continue;
        };
        out[i].title = doc.article.title.clone();
        out[i].text = store::kept_text(doc);
    }
    out
}

/// The stream clustered in `batches` consecutive batches, each cleaned alone (unless `raw`),
/// with the clusterer serialized and restored between batches and closed events drained, as
/// `chorus ingest` runs do. Returns each article's event.
fn cluster_in_batches(
    stream: &[(Article, String)],
    batches: u32,
    raw: bool,
    config: &ClusterConfig,
    pipeline_config: &pipeline::PipelineConfig,
) -> anyhow::Result<Vec<String>> {
    let size = stream.len().div_ceil(batches as usize).max(1);
    let mut checkpoint = serde_json::to_string(&Clusterer::new(config))?;
    let mut events = Vec::with_capacity(stream.len());
    for chunk in stream.chunks(size) {
        let articles = if raw {
            chunk.iter().map(|(a, _)| a.clone()).collect()
        } else {
            as_clustered(chunk, pipeline_config)
        };
        let mut clusterer: Clusterer = serde_json::from_str(&checkpoint)?;
        events.extend(articles.iter().map(|a| clusterer.add(a).to_string()));
        clusterer.drain_closed();
        checkpoint = serde_json::to_string(&clusterer)?;
    }
    Ok(events)
}

/// Share of article pairs that two partitions treat alike (Rand index), counted from the sizes
/// of the clusters and of their overlaps rather than pair by pair.
fn pair_agreement(a: &[&str], b: &[&str]) -> f64 {
    let n = a.len() as f64;
    if a.len() < 2 {
        return 1.0;
    }
    let pairs = |k: f64| k * (k - 1.0) / 2.0;
    let count = |keys: Vec<String>| {
        let mut sizes: std::collections::HashMap<String, f64> = std::collections::HashMap::new();
        for k in keys {
            *sizes.entry(k).or_default() += 1.0;
        }
        sizes.values().map(|&k| pairs(k)).sum::<f64>()
    };
    let together_a = count(a.iter().map(|s| (*s).to_owned()).collect());
    let together_b = count(b.iter().map(|s| (*s).to_owned()).collect());
    let together_both = count(
        a.iter()
            .zip(b)
            .map(|(x, y)| format!("{x}\u{0}{y}"))
            .collect(),
    );
    let total = pairs(n);
    (total - together_a - together_b + 2.0 * together_both) / total
}

/// Articles whose cluster in `b` does not hold exactly the articles of their cluster in `a`.
fn articles_moved(a: &[&str], b: &[&str]) -> usize {
    fn members<'a>(labels: &[&'a str]) -> std::collections::HashMap<&'a str, Vec<usize>> {
        let mut map: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
        for (i, l) in labels.iter().enumerate() {
            map.entry(*l).or_default().push(i);
        }
        map
    }
    let (ma, mb) = (members(a), members(b));
    (0..a.len()).filter(|&i| ma[a[i]] != mb[b[i]]).count()
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
