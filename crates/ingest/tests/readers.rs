//! Readers on files written to a temporary folder: formats, ids, and every kind of bad input.

use std::fs;

use ingest::{Error, ReadConfig, read_paths};

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.path().join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn folder_of_text_files_recursively_with_stable_ids() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "b.txt", b"Second title\n\nBody two.\n");
    write(&dir, "sub/a.txt", b"\nFirst title\nBody one.\n");
    write(&dir, "notes.md", b"ignored");
    let out = read_paths(&[dir.path()], &ReadConfig::default());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let ids: Vec<_> = out.groups[0]
        .articles
        .iter()
        .map(|a| a.id.0.as_str())
        .collect();
    assert_eq!(ids, ["b", "sub/a"]);
    assert_eq!(out.groups[0].articles[1].title, "First title");
    assert_eq!(out.groups[0].articles[1].text, "Body one.\n");
}

#[test]
fn bad_inputs_are_named_and_others_still_read() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "good.txt", b"Title\n\nBody.\n");
    write(&dir, "empty.txt", b"   \n");
    write(&dir, "binary.txt", b"\x00\x01\x02\x03ELF");
    write(&dir, "latin1.txt", b"Caf\xe9 news\n\nBody.\n");
    write(
        &dir,
        "mixed.jsonl",
        b"{\"title\":\"A\",\"text\":\"One.\"}\n{broken\n[1]\n{\"text\":\"Bad \xff\"}\n{\"title\":\"B\",\"text\":\"Two.\"}\n",
    );
    let missing = dir.path().join("missing.txt");
    let out = read_paths(&[dir.path().to_path_buf(), missing], &ReadConfig::default());
    assert_eq!(out.article_count(), 3, "good.txt and two good JSON lines");
    let messages: Vec<String> = out.diagnostics.iter().map(ToString::to_string).collect();
    let has = |needle: &str| messages.iter().any(|m| m.contains(needle));
    assert!(has("empty.txt: empty file"), "{messages:#?}");
    assert!(has("binary.txt: binary file"), "{messages:#?}");
    assert!(has("latin1.txt: invalid UTF-8 at byte 3"), "{messages:#?}");
    assert!(has("mixed.jsonl:2: malformed JSON"), "{messages:#?}");
    assert!(
        has("mixed.jsonl:3: expected a JSON object"),
        "{messages:#?}"
    );
    assert!(has("mixed.jsonl:4: invalid UTF-8"), "{messages:#?}");
    assert!(has("missing.txt: cannot open"), "{messages:#?}");
}

#[test]
fn a_byte_order_mark_opens_a_json_lines_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir,
        "bom.jsonl",
        b"\xEF\xBB\xBF{\"title\":\"A\",\"text\":\"One.\"}\r\n{\"title\":\"B\",\"text\":\"Two.\"}\r\n",
    );
    let out = read_paths(&[dir.path()], &ReadConfig::default());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert_eq!(out.article_count(), 2);
    assert_eq!(out.groups[0].articles[0].title, "A");
}

#[test]
fn an_unreadable_time_is_named_and_its_article_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = String::new();
    let times = [
        "\"2024-03-12T10:05:00Z\"",
        "\"yesterday\"",
        "1710237900",
        "\"\"",
        "\"12/03/2024\"",
        "\"2016-02-30\"",
        "\"soon\"",
        "\"later\"",
        "null",
    ];
    for (i, time) in times.iter().enumerate() {
        lines.push_str(&format!(
            "{{\"title\":\"T{i}\",\"text\":\"Body {i}.\",\"time\":{time}}}\n"
        ));
    }
    write(&dir, "times.jsonl", lines.as_bytes());
    let out = read_paths(&[dir.path()], &ReadConfig::default());
    assert_eq!(out.article_count(), times.len(), "every article is kept");
    let shown: Vec<String> = out.diagnostics.iter().map(|d| d.to_string()).collect();
    // Lines 2, 5 and 6 are named (an impossible date is no date), the two after are counted.
    assert_eq!(shown.len(), 4, "{shown:#?}");
    assert!(shown[0].ends_with(
        "times.jsonl:2: publication time \"yesterday\" is not a date Chorus reads; the article is kept, clustered without a time"
    ));
    assert!(
        shown[1].contains(":5: publication time \"12/03/2024\""),
        "{shown:#?}"
    );
    assert!(
        shown[2].contains(":6: publication time \"2016-02-30\""),
        "{shown:#?}"
    );
    assert!(
        shown[3].ends_with(
            "times.jsonl: 2 more articles of this file have a publication time Chorus does not read"
        ),
        "{shown:#?}"
    );
    assert!(out.diagnostics.iter().all(|d| d.error.is_kept()));
    assert!(matches!(out.diagnostics[0].error, Error::UnreadableTime(_)));
}

#[test]
fn empty_folder_is_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let out = read_paths(&[dir.path()], &ReadConfig::default());
    assert!(matches!(out.diagnostics[0].error, Error::EmptyFolder));
}

#[test]
fn clusters_gzipped_and_selected_by_id() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let lines = concat!(
        r#"{"id":"c1","date":"2020-05-06","summaries":["Ref one."],"articles":[{"title":"T1","text":"A."},{"title":"T1","text":"A.","time":"2020-05-05"}]}"#,
        "\n",
        r#"{"id":"c2","summaries":[],"articles":[{"text":"B.","event_id":"e","misc":false},{"text":"C.","misc":true}]}"#,
        "\n"
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(lines.as_bytes()).unwrap();
    let path = write(&dir, "set.jsonl.gz", &gz.finish().unwrap());

    let all = read_paths(&[&path], &ReadConfig::default());
    assert_eq!(all.groups.len(), 2);
    assert_eq!(all.groups[0].references, ["Ref one."]);
    let ids: Vec<_> = all.groups[0]
        .articles
        .iter()
        .map(|a| a.id.0.clone())
        .collect();
    assert_ne!(ids[0], ids[1], "identical articles still get distinct ids");
    assert!(ids[1].ends_with("-2"));
    let times: Vec<_> = all.groups[0]
        .articles
        .iter()
        .map(|a| a.time.as_deref())
        .collect();
    assert_eq!(
        times,
        [Some("2020-05-06"), Some("2020-05-05")],
        "the story date stands in only for a missing time"
    );
    assert_eq!(all.groups[1].labels[0].as_deref(), Some("e"));
    assert!(
        all.groups[1].labels[1]
            .as_deref()
            .unwrap()
            .starts_with("misc:")
    );

    let config = ReadConfig {
        cluster: Some("c2".into()),
        ..ReadConfig::default()
    };
    let one = read_paths(&[&path], &config);
    assert_eq!(one.groups.len(), 1);
    assert_eq!(one.groups[0].id.as_deref(), Some("c2"));

    let config = ReadConfig {
        cluster: Some("nope".into()),
        ..ReadConfig::default()
    };
    let none = read_paths(&[&path], &config);
    assert!(matches!(none.diagnostics[0].error, Error::NoSuchCluster(_)));
}

#[test]
fn too_large_and_corrupt_gzip() {
    let dir = tempfile::tempdir().unwrap();
    let big = write(&dir, "big.txt", &vec![b'a'; 2048]);
    let config = ReadConfig {
        max_bytes: 1024,
        ..ReadConfig::default()
    };
    let out = read_paths(&[&big], &config);
    assert!(matches!(
        out.diagnostics[0].error,
        Error::TooLarge {
            size: 2048,
            limit: 1024
        }
    ));

    let bad = write(&dir, "bad.jsonl.gz", b"\x1f\x8b\x08\x00garbage");
    let out = read_paths(&[&bad], &ReadConfig::default());
    assert!(
        matches!(out.diagnostics[0].error, Error::Read(_)),
        "{:?}",
        out.diagnostics
    );
}

mod properties {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let dir = tempfile::tempdir().unwrap();
            for name in ["x.txt", "x.jsonl", "x.jsonl.gz"] {
                let path = dir.path().join(name);
                std::fs::write(&path, &bytes).unwrap();
                let _ = ingest::read_paths(&[&path], &ingest::ReadConfig::default());
            }
        }

        #[test]
        fn any_json_line_never_panics(line in "\\PC{0,200}") {
            let _ = ingest::jsonl::parse_line(&line);
        }
    }
}
