//! The `chorus` binary: argv, logging to stderr, exit codes. Everything else lives in the crates.
//!
//! Exit status: 0 when something usable was read and reported, 1 when nothing usable was read
//! (every input failed), 2 for a usage error.

mod cli;
mod eval;
mod render;
mod report;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let result = match cli.command {
        cli::Command::Report(args) => report::run(&args),
        cli::Command::Eval(args) => eval::run_eval(&args),
        cli::Command::Rouge(args) => eval::run_rouge(&args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(1)
        }
    }
}
