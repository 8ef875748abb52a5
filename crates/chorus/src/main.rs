//! The `chorus` binary: argv, logging to stderr, exit codes. Everything else lives in the crates.
//!
//! Exit status: 0 when something usable was read and reported, 1 when nothing usable was read
//! (every input failed), 2 for a usage error.

mod analyze_cmd;
mod bench_ingest;
mod cli;
mod eval;
mod eval_clusters;
mod events_cmd;
mod extract_cmd;
mod fetch_cmd;
mod ingest_cmd;
mod render;
mod report;
mod train;

use std::process::ExitCode;

/// mimalloc rather than the system allocator: preparing and summarizing an event, and ingesting
/// a batch, allocate and free many small vectors and strings (see docs/EVALUATION.md for the
/// measured difference).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let result = match cli.command {
        cli::Command::Report(args) => report::run(&args),
        cli::Command::Eval(args) => eval::run_eval(&args),
        cli::Command::Rouge(args) => eval::run_rouge(&args),
        cli::Command::Analyze(args) => analyze_cmd::run_analyze(&args),
        cli::Command::EvalAnalysis(args) => analyze_cmd::run_eval_analysis(&args),
        cli::Command::Train(args) => train::run_train(&args),
        cli::Command::EvalClusters(args) => eval_clusters::run(&args),
        cli::Command::Extract(args) => extract_cmd::run_extract(&args),
        cli::Command::Fetch(args) => fetch_cmd::run_fetch(&args),
        cli::Command::EvalExtraction(args) => extract_cmd::run_eval_extraction(&args),
        cli::Command::Ingest(args) => ingest_cmd::run(&args),
        cli::Command::Events(args) => events_cmd::run_events(&args),
        cli::Command::Show(args) => events_cmd::run_show(&args),
        cli::Command::Search(args) => events_cmd::run_search(&args),
        cli::Command::BenchIngest(args) => bench_ingest::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(1)
        }
    }
}
