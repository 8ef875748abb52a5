//! Command-line arguments, validated into the crates' configs in one place.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Chorus turns news articles from many outlets into events: each story told once, neutrally,
/// every statement traced to the outlets that carry it.
#[derive(Debug, Parser)]
#[command(name = "chorus", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Print the event report (headline, summary with sources, the list of sources) of articles.
    Report(ReportArgs),
    /// Summarize every cluster of a set and score it with ROUGE against its reference summaries.
    Eval(EvalArgs),
    /// ROUGE-1/2/L of a candidate text against a reference text (rouge-score's settings).
    Rouge(RougeArgs),
    /// The cross-source analysis of articles: entities, quotes, figures, framing, timeline, noise.
    Analyze(crate::analyze_cmd::AnalyzeArgs),
    /// Score the analysis of articles (or an export in the annotation schema) against gold.
    EvalAnalysis(crate::analyze_cmd::EvalAnalysisArgs),
    /// Fit the `best` summarizer's weights on cluster sets, print their cross-validated ROUGE.
    Train(crate::train::TrainArgs),
    /// Cluster the articles of a set into events, in time order, and score them with B-cubed.
    EvalClusters(crate::eval_clusters::EvalClustersArgs),
    /// Print the article of HTML pages: its text, or JSON with metadata and byte spans.
    Extract(crate::extract_cmd::ExtractArgs),
    /// Download pages politely (robots.txt, per-host delay, limits) and print their articles.
    Fetch(crate::fetch_cmd::FetchArgs),
    /// Score extraction on an extraction set with that set's own metric.
    EvalExtraction(crate::extract_cmd::EvalExtractionArgs),
    /// Add articles to the database: skip duplicates, mark copies, assign events, store reports.
    Ingest(crate::ingest_cmd::IngestArgs),
    /// List the events in the database: headline, outlets, article count, first and last seen.
    Events(crate::events_cmd::EventsArgs),
    /// Print the stored report of one event.
    Show(crate::events_cmd::ShowArgs),
    /// Find events and articles in the database by their words.
    Search(crate::events_cmd::SearchArgs),
    /// Throughput of `chorus ingest` on a large stream generated from the dev sets' sentences.
    BenchIngest(crate::bench_ingest::BenchIngestArgs),
}

/// Arguments of `chorus eval`.
#[derive(Debug, Args)]
pub(crate) struct EvalArgs {
    /// Cluster JSON Lines (optionally .gz): `{"id","summaries":[...],"articles":[...]}` a line.
    #[arg(value_name = "DATA")]
    pub(crate) data: PathBuf,
    /// Word budget; each summary is cut at this many words before scoring.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub(crate) words: u32,
    /// Summarization method.
    #[arg(long, default_value = "best", value_parser = method_names())]
    pub(crate) method: String,
    /// Print the scores, with every cluster's, as JSON.
    #[arg(long)]
    pub(crate) json: bool,
    /// Also write each cluster's sentences (as Chorus splits them) and references to this JSON
    /// Lines file, so that other summarizers can be fed the same input.
    #[arg(long, value_name = "FILE")]
    pub(crate) dump_sentences: Option<PathBuf>,
    /// Summarize each cluster this many times in a row and report the fastest as its
    /// `summarize_ms` (the summaries must come out the same every time).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub(crate) repeat: u32,
    /// Resamples of the clusters for the 95% intervals of the mean F1 (and of `--compare`'s
    /// differences); 0 leaves the intervals out.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(0..=100_000))]
    pub(crate) bootstrap: u32,
    /// Also summarize every cluster with this method and compare the two, cluster by cluster
    /// (a paired bootstrap): the mean F1 difference, its 95% interval, and how often a
    /// resample found `--method` no better.
    #[arg(long, value_name = "METHOD", value_parser = method_names())]
    pub(crate) compare: Option<String>,
}

/// Arguments of `chorus rouge`.
#[derive(Debug, Args)]
pub(crate) struct RougeArgs {
    /// The reference text file.
    pub(crate) reference: PathBuf,
    /// The candidate text file.
    pub(crate) candidate: PathBuf,
    /// Score line N of the candidate against line N of the reference, and report the mean.
    #[arg(long)]
    pub(crate) lines: bool,
    /// Print JSON (mean and every pair).
    #[arg(long)]
    pub(crate) json: bool,
}

/// Arguments of `chorus report`.
#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// Files or folders of articles: .txt (first line is the title), .jsonl of articles or of
    /// clusters (optionally .gz); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    /// Word budget of the summary.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub(crate) words: u32,
    /// Summarization method.
    #[arg(long, default_value = "best", value_parser = method_names())]
    pub(crate) method: String,
    /// Report only the cluster with this id (cluster JSON Lines inputs).
    #[arg(long, value_name = "ID")]
    pub(crate) cluster: Option<String>,
    /// Print one JSON document (schema in docs/REPORT.md) instead of text.
    #[arg(long)]
    pub(crate) json: bool,
}

fn method_names() -> clap::builder::PossibleValuesParser {
    let mut names = vec!["best"];
    names.extend(summarize::METHOD_NAMES);
    clap::builder::PossibleValuesParser::new(names)
}
