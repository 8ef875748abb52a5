//! Data-driven fixtures: every `test_data/ok/NNNN_case.txt` (an article body) is cleaned alone and
//! rendered as one `KEEP <line>` or `DROP <reason> <line>` per non-blank line, plus
//! `OUTLET <name>` when one is inferred, and compared with the `.expected` file beside it.
//! Run with `UPDATE_EXPECT=1` to rewrite the expectations.

use std::path::Path;

use clean::{CleanConfig, Cleaned, clean_text};

/// Renders the cleaner's decisions for `text` in the `.expected` format.
fn render(text: &str, cleaned: &Cleaned) -> String {
    let mut rows: Vec<(usize, String)> = Vec::new();
    for range in &cleaned.kept {
        rows.push((range.start, format!("KEEP {}", &text[range.clone()])));
    }
    for line in &cleaned.removed {
        rows.push((
            line.start,
            format!("DROP {} {}", line.reason, &text[line.start..line.end]),
        ));
    }
    rows.sort_by_key(|(start, _)| *start);
    let mut out: String = rows.into_iter().map(|(_, row)| row + "\n").collect();
    if let Some(outlet) = &cleaned.outlet {
        out.push_str(&format!("OUTLET {outlet}\n"));
    }
    out
}

#[test]
fn fixtures_match_expectations() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/ok");
    let update = std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v == "1");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("test_data/ok exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 10,
        "expected at least 10 fixtures, found {}",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let text = std::fs::read_to_string(case).expect("fixture is UTF-8");
        let actual = render(&text, &clean_text(&text, &CleanConfig::default()));
        let expected_path = case.with_extension("expected");
        if update {
            std::fs::write(&expected_path, &actual).expect("writable expectation");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- actual\n{actual}",
                case.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(run with UPDATE_EXPECT=1 to accept)",
        failures.join("\n")
    );
}
