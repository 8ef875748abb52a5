//! The `chorus` binary: argv, logging to stderr, exit codes. Everything else lives in the crates.
//!
//! Exit status: 0 when something usable was read and reported, 1 when nothing usable was read
//! (every input failed), 2 for a usage error. A reader of the output that goes away (`chorus
//! events | head`) ends the run quietly with 0, as it ends other Unix tools.

/// `println!` to standard output, except that when the reader has gone away (a broken pipe) the
/// process ends quietly with status 0 instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut out = std::io::stdout().lock();
        if let Err(error) = writeln!(out, $($arg)*) {
            $crate::output_failed(&error);
        }
    }};
}

/// `eprintln!` that never panics: when standard error is closed or full, a diagnostic is lost
/// but the run goes on (and its exit status still tells the outcome). Diagnostics quote input
/// (titles of feed items, file names), so they go through the terminal-safe writer.
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(
            $crate::render::TerminalSafe(std::io::stderr().lock()),
            $($arg)*
        );
    }};
}

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
/// measured difference). With its `override` feature it also serves the C code's `malloc`, so
/// SQLite's page cache and full-text buffers sit in its huge-page arenas too (about 4% less CPU
/// in `chorus bench-ingest`, fewer TLB misses).
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
        Err(error) if broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            errln!("error: {error:#}");
            ExitCode::from(1)
        }
    }
}

/// Whether an error comes from writing to a reader that went away (directly, or through
/// `serde_json` writing a document).
fn broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let kind = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            });
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// What [`outln!`] does when standard output fails: a broken pipe ends the process quietly (the
/// reader has what it wanted), any other failure panics as `println!` would.
fn output_failed(error: &std::io::Error) {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    panic!("failed printing to stdout: {error}");
}
