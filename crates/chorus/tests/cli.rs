//! The `chorus` binary end to end: the built-in example, the seeds (when present), bad input.

use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

mod common;
use common::{chorus, example, json, repo};

/// The body of a text article as Chorus reads it: everything after the first non-empty line.
fn body_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    ingest::text::split_title(&text).1.to_owned()
}

/// Every summary sentence (and the headline) is the exact text at its span, in an article of the
/// event, and names its own article first among its supporters.
fn assert_provenance(event: &Value, folder: &Path) {
    let summary = &event["summary"];
    let mut sentences: Vec<&Value> = summary["sentences"].as_array().unwrap().iter().collect();
    sentences.extend(
        summary["headline"]
            .as_object()
            .map(|_| &summary["headline"]),
    );
    assert!(!sentences.is_empty());
    for s in sentences {
        let id = s["span"]["article"].as_str().unwrap();
        let body = body_of(&folder.join(format!("{id}.txt")));
        let (start, end) = (
            s["span"]["start"].as_u64().unwrap() as usize,
            s["span"]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&body[start..end], s["text"].as_str().unwrap());
        assert_eq!(s["support"][0].as_str(), Some(id));
    }
}

fn summary_words(event: &Value) -> usize {
    let sentences = event["summary"]["sentences"].as_array().unwrap();
    sentences
        .iter()
        .map(|s| s["text"].as_str().unwrap().split_whitespace().count())
        .sum()
}

#[test]
fn example_report_is_readable_and_sourced() {
    let out = chorus(&["report", &example()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("SUMMARY ("), "{text}");
    assert!(text.contains("SOURCES"), "{text}");
    let summary = text
        .split("SUMMARY")
        .nth(1)
        .unwrap()
        .split("SOURCES")
        .next()
        .unwrap();
    for line in summary.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        assert!(
            line.trim_end().ends_with(']'),
            "summary line without source marks: {line}"
        );
    }
}

#[test]
fn example_json_has_provenance_within_budget() {
    let doc = json(&["report", &example(), "--json", "--words", "60"]);
    assert_eq!(doc["schema_version"], 1);
    let event = &doc["events"][0];
    assert!(summary_words(event) <= 60);
    assert_eq!(event["summary"]["word_budget"], 60);
    assert!(event["sources"].as_array().unwrap().len() >= 6);
    assert_provenance(event, &repo().join("examples/port-aurel-dam"));
    let headline = event["summary"]["headline"]["text"].as_str().unwrap();
    assert!(headline.split_whitespace().count() <= 40);
}

#[test]
fn example_wire_copy_is_marked() {
    let doc = json(&["report", &example(), "--json"]);
    let sources = doc["events"][0]["sources"].as_array().unwrap();
    assert!(
        sources.iter().any(|s| s.get("copy_of").is_some()),
        "the example holds a lightly edited wire copy"
    );
}

#[test]
fn summary_sentences_say_different_things() {
    let doc = json(&["report", &example(), "--json", "--words", "150"]);
    let texts: Vec<String> = doc["events"][0]["summary"]["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap().to_lowercase())
        .collect();
    for (i, a) in texts.iter().enumerate() {
        for b in &texts[i + 1..] {
            assert_ne!(a, b);
        }
    }
}

#[test]
fn seeds_headline_is_about_the_war_crimes_investigation() {
    let seeds = repo().join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!("skipping: ../shared/seeds not found");
        return;
    }
    let doc = json(&["report", &seeds.display().to_string(), "--json"]);
    let event = &doc["events"][0];
    let headline = event["summary"]["headline"]["text"]
        .as_str()
        .unwrap()
        .to_lowercase();
    assert!(headline.contains("war crimes"), "{headline}");
    assert!(
        headline.contains("investigat") || headline.contains("probe"),
        "{headline}"
    );
    assert!(
        headline.contains("russia") && headline.contains("syria"),
        "{headline}"
    );
    assert_provenance(event, &seeds);
    assert!(summary_words(event) <= 100);
}

#[test]
fn bad_inputs_are_named_and_the_rest_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    std::fs::write(dir.path().join("bin.txt"), b"\x00\x01\x02ELF").unwrap();
    std::fs::write(dir.path().join("bad.jsonl"), "{\"title\": \"x\"\n").unwrap();
    std::fs::write(
        dir.path().join("only-noise.txt"),
        "A title\n\nShare this article\nFacebook Twitter WhatsApp Email\n",
    )
    .unwrap();
    let missing = dir.path().join("missing");
    let out = chorus(&[
        "report",
        &example(),
        &dir.path().display().to_string(),
        &missing.display().to_string(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    for needle in [
        "empty.txt: empty file",
        "bin.txt: binary file",
        "bad.jsonl:1: malformed JSON",
        "missing: cannot open",
        "only-noise.txt: article has no sentences",
    ] {
        assert!(stderr.contains(needle), "missing {needle:?} in:\n{stderr}");
    }
    assert!(String::from_utf8_lossy(&out.stdout).contains("SUMMARY"));
}

#[test]
fn nothing_usable_exits_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let out = chorus(&["report", &dir.path().display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no article files"));
    assert!(out.stdout.is_empty());
}

#[test]
fn reads_json_lines_from_standard_input() {
    let lines = concat!(
        r#"{"title":"Flood hits port","text":"The river broke the levee on Friday and flooded the lower town of the port. Rescue teams said at least forty people died.","source":"Wire One"}"#,
        "\n",
        r#"{"title":"Port flooded","text":"Rescue teams said at least forty people died after the river broke the levee. The minister blamed the upstream dam operator.","source":"Wire Two"}"#,
        "\n"
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(["report", "-", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), lines.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sources = doc["events"][0]["sources"].as_array().unwrap();
    assert_eq!(sources[0]["outlet"], "Wire One");
    let sentences = doc["events"][0]["summary"]["sentences"].as_array().unwrap();
    let toll = sentences
        .iter()
        .find(|s| s["text"].as_str().unwrap().contains("forty people died"))
        .expect("the death toll is in the summary");
    assert_eq!(
        toll["support"].as_array().unwrap().len(),
        2,
        "both articles state the death toll: {toll}"
    );
}

/// A reader that goes away before the output is written (`chorus report … | head -0`) ends the
/// run quietly with status 0: no error line and no panic, for the text output (written line by
/// line), the JSON output (written by serde_json) and a listing printed line by line.
#[test]
fn a_reader_that_goes_away_ends_the_run_quietly() {
    let example = example();
    for args in [
        vec!["report", &example],
        vec!["report", &example, "--json"],
        vec!["analyze", &example, "--json"],
        vec!["eval-clusters", "-", "--assignments"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_chorus"))
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader is gone before anything is written.
        drop(child.stdout.take());
        let mut stdin = child.stdin.take().unwrap();
        let labelled = concat!(
            r#"{"title":"Flood hits port","text":"The river broke the levee on Friday and flooded the port.","event_id":"a"}"#,
            "\n",
            r#"{"title":"Minister resigns","text":"The finance minister resigned on Monday after the budget vote.","event_id":"b"}"#,
            "\n"
        );
        let _ = std::io::Write::write_all(&mut stdin, labelled.as_bytes());
        drop(stdin);
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?}\n{stderr}", out.status);
        assert!(
            !stderr.contains("error") && !stderr.contains("panicked"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn warnings_to_a_closed_standard_error_do_not_end_the_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo().join("examples/port-aurel-dam/01_meridian-wire.txt"),
        dir.path().join("good.txt"),
    )
    .unwrap();
    for i in 0..50 {
        std::fs::write(dir.path().join(format!("bad{i:02}.txt")), b"\0\0binary").unwrap();
    }
    let folder = dir.path().display().to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(["report", &folder])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Nobody reads the warnings.
    drop(child.stderr.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert!(String::from_utf8_lossy(&out.stdout).contains("SUMMARY"));
}

#[test]
fn an_ingest_that_stores_nothing_of_what_it_read_fails() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("titles.jsonl");
    std::fs::write(
        &input,
        "{\"title\":\"Only a title here\",\"text\":\"\"}\n{\"title\":\"Another\",\"text\":\"  \"}\n",
    )
    .unwrap();
    let db = dir.path().join("chorus.db").display().to_string();
    let out = chorus(&["ingest", &input.display().to_string(), "--db", &db]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no article of the inputs could be stored"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("added 0"));
}

#[test]
fn control_characters_of_an_article_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("esc.jsonl");
    let article = serde_json::json!({
        "title": "Harbour strike \u{1b}]0;retitled\u{7} in Antwerp",
        "text": "Dock workers at the harbour of Antwerp went on strike on Monday for higher wages. \
                 \u{1b}[2J The union said the strike would last at least three days and halt \
                 all container traffic in the port \u{202e}today.",
        "source": "Harbour \u{1b}[1mWire",
    });
    std::fs::write(&input, format!("{article}\n")).unwrap();
    let path = input.display().to_string();
    for args in [vec!["report", &path], vec!["analyze", &path]] {
        let out = chorus(&args);
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text.contains(['\u{1b}', '\u{7}', '\u{202e}']),
            "{args:?}: {text}"
        );
        assert!(text.contains('\u{FFFD}'), "{args:?}: {text}");
    }
    // JSON keeps the text as read (escaped by JSON itself).
    let doc = json(&["report", &path, "--json"]);
    assert!(doc.to_string().contains("\\u001b[2J"));
    // Warnings quote file names, which may hold escapes too.
    let named = dir.path().join("bad\u{1b}[31m.txt");
    std::fs::write(&named, b"\0\0binary").unwrap();
    let out = chorus(&["report", &path, &named.display().to_string()]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("binary file") && !stderr.contains('\u{1b}'),
        "{stderr}"
    );
}
