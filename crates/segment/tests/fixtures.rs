//! Golden sentence-splitting fixtures: `test_data/ok/NNNN_name.txt` beside `.expected`.
//!
//! Each `.expected` holds one sentence per line, with a newline inside a sentence written as
//! `⏎`. Run with `UPDATE_EXPECT=1` to rewrite the `.expected` files from the current output.

use std::fs;
use std::path::Path;

fn render(text: &str) -> String {
    let mut out = String::new();
    for range in segment::split_sentences(text) {
        out.push_str(&text[range].replace("\r\n", "⏎").replace('\n', "⏎"));
        out.push('\n');
    }
    out
}

#[test]
fn golden_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/ok");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut inputs: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    inputs.sort();
    assert!(
        inputs.len() >= 8,
        "expected at least 8 fixtures in {}",
        dir.display()
    );

    let mut failures = Vec::new();
    for input in &inputs {
        let text = fs::read_to_string(input).unwrap_or_else(|e| panic!("{}: {e}", input.display()));
        let actual = render(&text);
        let expected_path = input.with_extension("expected");
        if update {
            fs::write(&expected_path, &actual)
                .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "{}\n--- expected\n{expected}--- actual\n{actual}",
                input.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) differ (rerun with UPDATE_EXPECT=1 if the change is intended):\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}
