//! Helpers shared by the `chorus` integration tests: where the repository is, and running the
//! built binary in it.

// Each test binary compiles this module and uses only some of the helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// The repository root (commands run there, so relative paths in tests are repository paths).
pub(crate) fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The built-in example event.
pub(crate) fn example() -> String {
    repo().join("examples/port-aurel-dam").display().to_string()
}

/// `chorus ARGS` in the repository, with no `CHORUS_DB` from the environment (so no test touches
/// a real database) and no standard input.
pub(crate) fn command(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_chorus"));
    cmd.args(args)
        .current_dir(repo())
        .env_remove("CHORUS_DB")
        .stdin(Stdio::null());
    cmd
}

/// Runs `chorus ARGS` to completion.
pub(crate) fn chorus(args: &[&str]) -> Output {
    command(args).output().unwrap()
}

/// The standard output of `chorus ARGS`, which must succeed.
pub(crate) fn ok(args: &[&str]) -> String {
    let out = chorus(args);
    assert!(
        out.status.success(),
        "chorus {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The standard output of `chorus ARGS`, which must succeed, as JSON.
pub(crate) fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok(args)).unwrap()
}

/// The numbers of `chorus ingest`'s summary line (the last line of its standard output), by name.
pub(crate) fn ingest_summary(stdout: &str) -> std::collections::HashMap<String, usize> {
    stdout
        .trim()
        .lines()
        .last()
        .unwrap_or("")
        .split(", ")
        .map(|part| {
            let (name, n) = part.rsplit_once(' ').unwrap();
            (name.to_owned(), n.parse().unwrap())
        })
        .collect()
}
