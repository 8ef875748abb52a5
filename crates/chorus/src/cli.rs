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
