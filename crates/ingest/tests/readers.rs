//! Readers on files written to a temporary folder: formats, ids, and every kind of bad input.

use std::fs;

use ingest::{Error, ReadConfig, read_paths, read_stream};

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
    assert!(
        has("mixed.jsonl:2: malformed JSON: key must be a string at column 2"),
        "{messages:#?}"
    );
    assert!(
        has("mixed.jsonl:3: expected a JSON object"),
        "{messages:#?}"
    );
    assert!(has("mixed.jsonl:4: invalid UTF-8"), "{messages:#?}");
    assert!(has("missing.txt: cannot open"), "{messages:#?}");
}

#[test]
fn a_json_error_names_the_line_of_the_file_and_the_column() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir,
        "trailing.jsonl",
        b"{\"text\":\"One.\"}\n{\"text\":\"Two.\"} x\n",
    );
    let out = read_paths(&[dir.path()], &ReadConfig::default());
    let shown: Vec<String> = out.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 1, "{shown:#?}");
    assert!(
        shown[0].ends_with("trailing.jsonl:2: malformed JSON: trailing characters at column 17"),
        "{shown:#?}"
    );
}

#[test]
fn a_json_document_over_many_lines_is_read_as_one() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir,
        "a/pretty.json",
        b"{\n  \"title\": \"Pretty\",\n  \"text\": \"One article,\\nprinted over lines.\"\n}\n",
    );
    write(
        &dir,
        "b/array.json",
        concat!(
            "[\n",
            "  {\n    \"title\": \"First\",\n    \"text\": \"One.\"\n  },\n",
            "  {\n    \"title\": \"Bad\",\n    \"text\": [\"two\"]\n  },\n",
            "  {\n    \"id\": \"c1\",\n    \"articles\": [\n      {\"text\": \"Three.\"},\n",
            "      {\"text\": {}}\n    ]\n  }\n",
            "]\n"
        )
        .as_bytes(),
    );
    write(
        &dir,
        "c/one-line.json",
        br#"[{"title":"Compact","text":"Four."},{"title":"Too","text":"Five."}]"#,
    );
    write(
        &dir,
        "d/lines.json",
        b"{\"title\":\"L1\",\"text\":\"Six.\"}\n{\"title\":\"L2\",\"text\":\"Seven.\"}\n",
    );
    // No name to go by (a folder skips such files, so it is named on its own): an array of
    // objects is JSON, not a text article titled `[`.
    let unnamed = write(
        &dir,
        "unnamed",
        b" [\n{\"title\":\"Sniffed\",\"text\":\"Eight.\"}\n]",
    );
    let out = read_paths(&[dir.path(), &unnamed], &ReadConfig::default());
    let shown: Vec<String> = out.diagnostics.iter().map(ToString::to_string).collect();
    let titles: Vec<(&str, Option<u64>)> = out.groups[0]
        .articles
        .iter()
        .map(|a| (a.title.as_str(), a.origin.line))
        .collect();
    assert_eq!(
        titles,
        [
            ("Pretty", Some(1)),
            ("First", Some(2)),
            ("Compact", Some(1)),
            ("Too", Some(1)),
            ("L1", Some(1)),
            ("L2", Some(2)),
            ("Sniffed", Some(2)),
        ]
    );
    assert_eq!(
        out.groups[0].articles[0].text,
        "One article,\nprinted over lines."
    );
    assert_eq!(out.groups[1].id.as_deref(), Some("c1"));
    assert_eq!(out.groups[1].articles[0].text, "Three.");
    assert_eq!(shown.len(), 2, "{shown:#?}");
    assert!(
        shown[0]
            .ends_with("array.json:6: item 2: field \"text\": expected a string, found an array"),
        "{shown:#?}"
    );
    assert!(
        shown[1].ends_with(
            "array.json:10: item 3: article 2: field \"text\": expected a string, found an object"
        ),
        "{shown:#?}"
    );
}

#[test]
fn clusters_without_ids_in_one_line_are_told_apart_by_item() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "set.json",
        br#"[{"articles":[{"text":"A."}]},{"articles":[{"text":"B."}]}]"#,
    );
    let out = read_paths(&[&path], &ReadConfig::default());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let shown = path.display().to_string();
    let ids: Vec<_> = out.groups.iter().map(|g| g.id.clone().unwrap()).collect();
    assert_eq!(ids, [format!("{shown}:1#1"), format!("{shown}:1#2")]);
}

#[test]
fn a_broken_json_document_is_one_error_where_it_breaks() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir,
        "broken.json",
        b"[\n  {\n    \"title\": \"A\",\n    \"text\" \"B.\"\n  }\n]\n",
    );
    write(&dir, "empty.json", b"[]\n");
    write(
        &dir,
        "unclosed.json",
        b"[\n  {\n    \"text\": \"A.\"\n  }\n\n",
    );
    write(&dir, "one-line.jsonl", b"{\"title\": \"x\"\n");
    let out = read_paths(&[dir.path()], &ReadConfig::default());
    let shown: Vec<String> = out.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 4, "{shown:#?}");
    assert!(
        shown[0].ends_with("broken.json:4: malformed JSON: expected `:` at column 12"),
        "{shown:#?}"
    );
    assert!(
        shown[1].ends_with("empty.json: the JSON array holds no records"),
        "{shown:#?}"
    );
    // A single line is a line of JSON Lines, and input that ends too soon is named by its
    // last line.
    assert!(
        shown[2].ends_with("one-line.jsonl:1: malformed JSON: EOF while parsing an object"),
        "{shown:#?}"
    );
    assert!(
        shown[3].ends_with("unclosed.json:4: malformed JSON: EOF while parsing a list"),
        "{shown:#?}"
    );
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
fn a_field_of_the_wrong_type_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir,
        "types.jsonl",
        concat!(
            r#"{"title":"Array text","text":["a","b"]}"#,
            "\n",
            r#"{"title":7,"text":"A numeric title is text."}"#,
            "\n"
        )
        .as_bytes(),
    );
    let out = read_paths(&[dir.path()], &ReadConfig::default());
    let shown: Vec<String> = out.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 1, "{shown:#?}");
    assert!(
        shown[0].ends_with("types.jsonl:1: field \"text\": expected a string, found an array"),
        "{shown:#?}"
    );
    assert_eq!(out.groups[0].articles[0].title, "7");
}

#[test]
fn a_bad_article_of_a_cluster_is_named_and_the_others_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "set.jsonl",
        concat!(
            r#"{"id":"c1","articles":[{"title":"Good","text":"Kept."},{"title":42,"text":["bad"]},{"title":""}]}"#,
            "\n",
            r#"{"id":"c2","articles":[]}"#,
            "\n",
            r#"{"id":"c3","articles":[{"text":"Also kept."}]}"#,
            "\n"
        )
        .as_bytes(),
    );
    let out = read_paths(&[&path], &ReadConfig::default());
    let ids: Vec<_> = out.groups.iter().map(|g| g.id.as_deref()).collect();
    assert_eq!(ids, [Some("c1"), Some("c3")]);
    assert_eq!(out.groups[0].articles.len(), 1);
    assert_eq!(out.groups[0].articles[0].title, "Good");
    assert_eq!(out.groups[0].labels.len(), 1);
    let shown: Vec<String> = out.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown
            .iter()
            .map(|m| &m[m.find("set.jsonl").unwrap()..])
            .collect::<Vec<_>>(),
        [
            "set.jsonl:1: article 2: field \"text\": expected a string, found an array",
            "set.jsonl:1: article 3: article has no text and no title",
            "set.jsonl:2: cluster \"c2\" has no articles; skipped",
        ]
    );

    // A cluster that is asked for and holds no article is said to be empty, not missing.
    let config = ReadConfig {
        cluster: Some("c2".into()),
        ..ReadConfig::default()
    };
    let out = read_paths(&[&path], &config);
    assert_eq!(out.article_count(), 0);
    assert_eq!(out.diagnostics.len(), 1, "{:?}", out.diagnostics);
    assert!(matches!(out.diagnostics[0].error, Error::Shape(_)));
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        bytes.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    bytes
}

#[test]
fn utf16_text_with_a_byte_order_mark_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let article = "Fähre eingestellt\r\n\r\nDie Fähre fährt nicht mehr – bis Montag.\r\n";
    write(&dir, "a-le.txt", &utf16(article, false));
    write(&dir, "b-be.txt", &utf16(article, true));
    write(
        &dir,
        "c-lines.jsonl",
        &utf16(
            "{\"title\":\"Zürich\",\"text\":\"Straße gesperrt.\"}\r\n{\"title\":\"Genève\",\"text\":\"Pont fermé.\"}\r\n",
            false,
        ),
    );
    write(&dir, "d-text.txt.gz", &gzip(&utf16(article, false)));
    write(&dir, "e-cut.txt", &utf16(article, false)[..9]);
    let out = read_paths(&[dir.path()], &ReadConfig::default());
    let shown: Vec<String> = out.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 1, "{shown:#?}");
    assert!(
        shown[0].ends_with("e-cut.txt: invalid UTF-16 at byte 8"),
        "{shown:#?}"
    );
    let articles = &out.groups[0].articles;
    let titles: Vec<&str> = articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Fähre eingestellt",
            "Fähre eingestellt",
            "Zürich",
            "Genève",
            "Fähre eingestellt"
        ]
    );
    // The article holds the decoded text, so offsets into it are offsets into UTF-8.
    assert_eq!(
        articles[0].text,
        "\r\nDie Fähre fährt nicht mehr – bis Montag.\r\n"
    );
    assert_eq!(articles[0].text, articles[1].text);
    assert_eq!(articles[3].origin.line, Some(2));
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
    let config = small_limit();
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

/// The size limit of the tests over the limit: small enough that a test file crosses it.
const SMALL_LIMIT: usize = 1024;

/// The default reading, with the size limit at [`SMALL_LIMIT`] bytes.
fn small_limit() -> ReadConfig {
    ReadConfig {
        max_bytes: SMALL_LIMIT as u64,
        ..ReadConfig::default()
    }
}

/// JSON Lines for a limit of 1,024 bytes ([`SMALL_LIMIT`]): a byte order mark, 40 lines of which one is broken,
/// one blank, one of 3,023 bytes, one exactly at the limit and one a byte over, with CR LF
/// endings.
fn lines_around_the_limit() -> String {
    let mut lines =
        vec!["\u{feff}{\"id\":\"a0\",\"title\":\"First\",\"text\":\"Body zero.\"}".to_owned()];
    for i in 1..40 {
        lines.push(format!(
            r#"{{"id":"a{i}","title":"Title {i}","text":"Body {i}.","time":"2024-05-{:02}"}}"#,
            i % 28 + 1
        ));
    }
    lines[7] = "{not json".to_owned();
    lines[12] = format!(r#"{{"id":"huge","text":"{}"}}"#, "x".repeat(3000));
    lines[20] = String::new();
    // A line exactly at the limit is read; one byte more is not.
    let at_limit = |id: &str, len: usize| {
        let head = format!(r#"{{"id":"{id}","text":""#);
        format!("{head}{}\"}}", "y".repeat(len - head.len() - 2))
    };
    lines[30] = at_limit("edge", SMALL_LIMIT);
    lines[31] = at_limit("over", SMALL_LIMIT + 1);
    lines.join("\r\n") + "\n"
}

#[test]
fn json_lines_over_the_limit_are_read_line_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = lines_around_the_limit();
    let path = write(&dir, "big.JSONL", text.as_bytes());
    let config = small_limit();
    let streamed = read_paths(&[&path], &config);
    let whole = read_paths(&[&path], &ReadConfig::default());
    let ids = |out: &ingest::ReadOutput| -> Vec<String> {
        out.groups
            .iter()
            .flat_map(|g| &g.articles)
            .map(|a| a.id.0.clone())
            .collect()
    };
    // The same articles as reading the file whole, less the two lines over the limit.
    let expected: Vec<String> = ids(&whole)
        .into_iter()
        .filter(|id| id != "huge" && id != "over")
        .collect();
    assert_eq!(ids(&streamed), expected);
    assert!(expected.contains(&"a0".to_owned()) && expected.contains(&"edge".to_owned()));
    assert_eq!(expected.len(), 40 - 4);
    let first = &streamed.groups[0].articles[0];
    assert_eq!(
        (first.title.as_str(), first.origin.line),
        ("First", Some(1))
    );
    let found: Vec<(Option<u64>, String)> = streamed
        .diagnostics
        .iter()
        .map(|d| (d.origin.line, d.error.to_string()))
        .collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(found[0].0, Some(8));
    assert!(found[0].1.starts_with("malformed JSON"), "{found:?}");
    assert_eq!(
        found[1],
        (
            Some(13),
            "line is 3023 bytes, over the limit of 1024 bytes".to_owned()
        )
    );
    assert_eq!(
        found[2],
        (
            Some(32),
            "line is 1025 bytes, over the limit of 1024 bytes".to_owned()
        )
    );

    // Indexed rather than held: the same articles, read back from their places, and the same
    // diagnostics.
    let config = ReadConfig {
        index_large_json_lines: true,
        ..config
    };
    let indexed = read_paths(&[&path], &config);
    assert!(indexed.groups.is_empty());
    assert_eq!(indexed.indexed.len(), 1);
    let file = &indexed.indexed[0];
    let mut reader = file.open().unwrap();
    let back: Vec<ingest::IndexedLine> = file.lines.clone();
    let read: Vec<model::Article> = back.iter().map(|l| reader.read(l).unwrap()).collect();
    let held: Vec<&model::Article> = streamed.groups.iter().flat_map(|g| &g.articles).collect();
    assert_eq!(read.len(), held.len());
    for (a, b) in read.iter().zip(&held) {
        assert_eq!(
            (&a.id, &a.title, &a.text, &a.time, &a.origin),
            (&b.id, &b.title, &b.text, &b.time, &b.origin)
        );
    }
    // In any order.
    assert_eq!(reader.read(&back[5]).unwrap().id, held[5].id);
    assert_eq!(back[1].time.as_deref(), Some("2024-05-02"));
    let diagnostics: Vec<String> = indexed
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    let expected: Vec<String> = streamed
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(diagnostics, expected);
    // A file that changed under its index names the line that no longer reads.
    fs::write(&path, text.replace("Title 2", "Title 2\\u").as_bytes()).unwrap();
    let error = file.open().unwrap().read(&back[2]).unwrap_err().to_string();
    assert!(error.contains("big.JSONL:3: "), "{error}");

    // Other formats over the limit are still refused whole.
    let json = write(&dir, "big.json", text.as_bytes());
    let out = read_paths(&[&json], &config);
    assert!(out.groups.is_empty());
    assert!(matches!(out.diagnostics[0].error, Error::TooLarge { .. }));
}

/// The articles' ids, titles, texts, times and origins, and the diagnostics' lines and
/// messages with the file's name left out.
type Read = (
    Vec<(String, String, String, Option<String>, Option<u64>)>,
    Vec<(Option<u64>, String)>,
);

fn what_was_read(out: &ingest::ReadOutput) -> Read {
    let articles = out
        .groups
        .iter()
        .flat_map(|g| &g.articles)
        .map(|a| {
            let a = a.clone();
            (a.id.0, a.title, a.text, a.time, a.origin.line)
        })
        .collect();
    let diagnostics = out
        .diagnostics
        .iter()
        .map(|d| (d.origin.line, d.error.to_string()))
        .collect();
    (articles, diagnostics)
}

/// What the index of one stream held in a copy holds, read back line by line, with the
/// diagnostics, as [`what_was_read`] gives them. The copy has no name in `copies`, the folder
/// it was made in.
fn read_back_indexed(out: ingest::ReadOutput, copies: &std::path::Path) -> Read {
    assert!(out.groups.is_empty());
    let file = &out.indexed[0];
    assert_eq!(file.path(), None, "read back from the copy");
    assert_eq!(
        fs::read_dir(copies).unwrap().count(),
        0,
        "the copy has no name"
    );
    let mut reader = file.open().unwrap();
    let articles = (file.lines.iter())
        .map(|l| reader.read(l).unwrap())
        .map(|a| (a.id.0, a.title, a.text, a.time, a.origin.line))
        .collect();
    (articles, what_was_read(&out).1)
}

#[test]
fn a_gzip_of_json_lines_over_the_limit_is_read_line_by_line_as_it_decompresses() {
    let dir = tempfile::tempdir().unwrap();
    let text = lines_around_the_limit();
    let plain = write(&dir, "big.jsonl", text.as_bytes());
    let packed = write(&dir, "big.jsonl.gz", &gzip(text.as_bytes()));
    let config = small_limit();
    // It compresses under the limit and decompresses over it: refused whole before, now
    // read as the plain file is read line by line.
    assert!(fs::metadata(&packed).unwrap().len() < 1024);
    let expected = what_was_read(&read_paths(&[&plain], &config));
    assert_eq!(expected.0.len(), 36);
    assert_eq!(expected.1.len(), 3);
    let out = read_paths(&[&packed], &config);
    assert_eq!(what_was_read(&out), expected);
    assert!(out.diagnostics[0].to_string().contains("big.jsonl.gz:8: "));

    // Indexed: the lines are read back from a decompressed copy, which goes with the index.
    let copies = tempfile::tempdir().unwrap();
    let config = ReadConfig {
        index_large_json_lines: true,
        copy_dir: Some(copies.path().to_owned()),
        ..config
    };
    let indexed = read_paths(&[&packed], &config);
    assert_eq!(indexed.indexed[0].shown, packed.display().to_string());
    assert_eq!(read_back_indexed(indexed, copies.path()), expected);

    // Larger than the limit compressed too, and cut short: the complete lines before the
    // break are read, indexed or not, and the break is named.
    let many = article_lines(400);
    let whole = gzip(many.as_bytes());
    assert!(whole.len() > 4 * 1024);
    let cut = write(&dir, "cut.ndjson.gz", &whole[..whole.len() * 3 / 4]);
    for index in [false, true] {
        let config = ReadConfig {
            index_large_json_lines: index,
            ..small_limit()
        };
        let out = read_paths(&[&cut], &config);
        let kept = if index {
            let file = &out.indexed[0];
            let mut reader = file.open().unwrap();
            let titles: Vec<String> = file
                .lines
                .iter()
                .map(|l| reader.read(l).unwrap().title)
                .collect();
            titles
        } else {
            out.groups[0]
                .articles
                .iter()
                .map(|a| a.title.clone())
                .collect()
        };
        assert!((100..400).contains(&kept.len()), "{}", kept.len());
        let expected: Vec<String> = (1..=kept.len()).map(|i| format!("Title {i}")).collect();
        assert_eq!(kept, expected);
        let shown: Vec<String> = out.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 1, "{shown:?}");
        assert!(
            shown[0].contains(&format!(
                "cut.ndjson.gz: gzip stream breaks off after line {}",
                kept.len()
            )),
            "{shown:?}"
        );
    }

    // Text under a .gz name, over the limit: read as the text it is, and said to be.
    let named = write(&dir, "plain.jsonl.gz", many.as_bytes());
    let out = read_paths(&[&named], &small_limit());
    assert_eq!(out.article_count(), 400);
    assert!(matches!(out.diagnostics[..], [ref d] if matches!(d.error, Error::NotGzipReadAsText)));
}

#[test]
fn standard_input_over_the_limit_is_read_line_by_line_when_it_is_json_lines() {
    use std::io::Cursor;

    let dir = tempfile::tempdir().unwrap();
    let text = lines_around_the_limit();
    let plain = write(&dir, "big.jsonl", text.as_bytes());
    let config = small_limit();
    let expected = what_was_read(&read_paths(&[&plain], &config));
    assert_eq!(expected.0.len(), 36);

    // Over the limit as it comes, and compressed under it but decompressing past it: read as
    // the same lines in a file are, with standard input named.
    let packed = gzip(text.as_bytes());
    assert!(packed.len() < 1024);
    for input in [text.as_bytes(), &packed[..]] {
        let out = read_stream("-", Cursor::new(input), &config);
        assert_eq!(what_was_read(&out), expected);
        assert!(out.diagnostics[0].to_string().starts_with("-:8: "));
    }
    // Larger than the limit compressed as well.
    let many = article_lines(400);
    let packed_many = gzip(many.as_bytes());
    assert!(packed_many.len() > 4 * 1024);
    for input in [many.as_bytes(), &packed_many[..]] {
        let out = read_stream("-", Cursor::new(input), &config);
        assert_eq!(out.article_count(), 400);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        assert_eq!(out.groups[0].articles[399].origin.line, Some(400));
    }

    // Indexed: read back from a copy of the stream, without a name in the folder asked for.
    let copies = tempfile::tempdir().unwrap();
    let indexed_config = ReadConfig {
        index_large_json_lines: true,
        copy_dir: Some(copies.path().to_owned()),
        ..config.clone()
    };
    for input in [text.as_bytes(), &packed[..]] {
        let out = read_stream("-", Cursor::new(input), &indexed_config);
        assert_eq!(out.indexed[0].shown, "-");
        assert_eq!(read_back_indexed(out, copies.path()), expected);
    }
    // A folder the copy cannot be made in: the temporary folder takes it.
    let gone = ReadConfig {
        copy_dir: Some(copies.path().join("missing")),
        ..indexed_config.clone()
    };
    let out = read_stream("-", Cursor::new(text.as_bytes()), &gone);
    assert_eq!(read_back_indexed(out, copies.path()), expected);

    // Held whole under the limit, as before: a small stream is not indexed.
    let small = article_lines(3);
    let out = read_stream("-", Cursor::new(small.as_bytes()), &indexed_config);
    assert!(out.indexed.is_empty());
    assert_eq!(out.article_count(), 3);

    // Anything else over the limit is refused, named, with nothing read: a JSON document over
    // many lines, an array on one line, text, and text that decompresses past the limit.
    let document = format!(
        "{{\n  \"title\": \"T\",\n  \"text\": \"{}\"\n}}\n",
        "z".repeat(2000)
    );
    let array = format!("[{}]\n", many.trim_end().replace('\n', ","));
    let prose = "A plain text article, line after line.\n".repeat(100);
    let cases: [(&[u8], &str); 4] = [
        (document.as_bytes(), "more than 1024 bytes, over the limit"),
        (array.as_bytes(), "more than 1024 bytes, over the limit"),
        (prose.as_bytes(), "more than 1024 bytes, over the limit"),
        (
            &gzip(prose.as_bytes()),
            "decompresses to more than 1024 bytes",
        ),
    ];
    for (input, message) in cases {
        let out = read_stream("-", Cursor::new(input), &indexed_config);
        assert_eq!(out.article_count(), 0);
        assert!(out.indexed.is_empty());
        assert!(shown_starts(&out, message), "{:?}", out.diagnostics);
    }
}

/// Whether `out` holds one diagnostic, on standard input, that starts with `message`.
fn shown_starts(out: &ingest::ReadOutput, message: &str) -> bool {
    let shown: Vec<String> = out.diagnostics.iter().map(ToString::to_string).collect();
    matches!(&shown[..], [one] if one.starts_with(&format!("-: {message}")))
}

#[test]
fn a_crawl_archive_on_standard_input_over_the_limit_is_read_record_by_record() {
    let config = small_limit();
    let records: Vec<String> = (1..=12).map(|i| warc_record(i, "")).collect();
    let plain = records.concat();
    // One gzip member per record, as crawl archives are written.
    let packed: Vec<u8> = records.iter().flat_map(|r| gzip(r.as_bytes())).collect();
    assert!(packed.len() > 1024);
    for input in [plain.as_bytes(), &packed[..]] {
        let out = read_stream("-", std::io::Cursor::new(input), &config);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        let titles: Vec<&str> = (out.groups[0].articles.iter())
            .map(|a| a.title.as_str())
            .collect();
        let expected: Vec<String> = (1..=12).map(|i| format!("Story {i}")).collect();
        assert_eq!(titles, expected);
        assert_eq!(out.groups[0].articles[0].origin.path, "-");
    }
    // A record over the WARC reader's own limit is skipped and named, and the others read.
    let config = ReadConfig {
        warc: web::WarcConfig {
            max_record_bytes: 1000,
            ..web::WarcConfig::default()
        },
        ..config
    };
    let mut records = records;
    records[3] = warc_record(4, &"More of the story. ".repeat(60));
    let out = read_stream("-", std::io::Cursor::new(records.concat()), &config);
    assert_eq!(out.article_count(), 11);
    assert_eq!(out.diagnostics.len(), 1, "{:?}", out.diagnostics);
}

/// A WARC response record of a news page, story `i`, with `more` as a last paragraph.
fn warc_record(i: usize, more: &str) -> String {
    let page = format!(
        "<!doctype html><html><head><title>Story {i}</title></head><body><article>\
         <h1>Story {i}</h1><p>The harbour board said on Friday that story {i} is told in \
         full here, with every detail the reporters could gather.</p><p>Boats left the \
         harbour at dawn, and the crews of story {i} came back before the storm.</p><p>The \
         board will meet again next week to hear what the crews saw.</p><p>{more}</p>\
         </article></body></html>"
    );
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n{page}",
        page.len()
    );
    format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://n.example/{i}\r\n\
         Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// `n` article lines of JSON whose words vary enough that gzip cannot shrink them to nothing.
fn article_lines(n: usize) -> String {
    (1..=n)
        .map(|i| {
            let words: Vec<String> = (0..12)
                .map(|w| format!("w{}", (i * 7919 + w * 104_729) % 100_003))
                .collect();
            format!(
                "{{\"title\":\"Title {i}\",\"text\":\"Line {i} says {}.\"}}\n",
                words.join(" ")
            )
        })
        .collect()
}

#[test]
fn a_cut_gzip_of_json_lines_keeps_its_complete_lines() {
    let dir = tempfile::tempdir().unwrap();
    let whole = gzip(article_lines(200).as_bytes());
    let path = write(&dir, "cut.jsonl.gz", &whole[..whole.len() / 2]);
    let out = read_paths(&[&path], &ReadConfig::default());
    let shown: Vec<String> = out.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 1, "{shown:#?}");
    let kept = out.article_count();
    assert!((20..200).contains(&kept), "{kept} articles kept");
    assert!(
        shown[0].ends_with(&format!(
            "cut.jsonl.gz: gzip stream breaks off after line {kept} (incomplete deflate stream): \
             the lines up to it were read, the rest of the file was not"
        )),
        "{shown:#?}"
    );
    let titles: Vec<&str> = out.groups[0]
        .articles
        .iter()
        .map(|a| a.title.as_str())
        .collect();
    let expected: Vec<String> = (1..=kept).map(|i| format!("Title {i}")).collect();
    assert_eq!(
        titles, expected,
        "the complete lines, in order, and no partial one"
    );
    assert_eq!(
        out.groups[0].articles[kept - 1].origin.line,
        Some(kept as u64)
    );

    // Cut inside the first line: nothing to keep, and the reason is said.
    let path = write(&dir, "first.jsonl.gz", &whole[..30]);
    let out = read_paths(&[&path], &ReadConfig::default());
    assert_eq!(out.article_count(), 0);
    assert!(
        matches!(out.diagnostics[..], [ref d] if matches!(d.error, Error::Read(_))),
        "{:?}",
        out.diagnostics
    );
}

#[test]
fn a_cut_gzip_of_clusters_keeps_the_complete_clusters() {
    let dir = tempfile::tempdir().unwrap();
    let lines: String = article_lines(300)
        .lines()
        .collect::<Vec<_>>()
        .chunks(3)
        .enumerate()
        .map(|(i, articles)| {
            format!(
                "{{\"id\":\"c{i}\",\"articles\":[{}]}}\n",
                articles.join(",")
            )
        })
        .collect();
    let whole = gzip(lines.as_bytes());
    let path = write(&dir, "set.jsonl.gz", &whole[..whole.len() * 2 / 3]);
    let out = read_paths(&[&path], &ReadConfig::default());
    let clusters = out.groups.len();
    assert!((10..100).contains(&clusters), "{clusters} clusters kept");
    assert!(out.groups.iter().all(|g| g.articles.len() == 3));
    assert_eq!(out.diagnostics.len(), 1, "{:?}", out.diagnostics);
    assert!(
        matches!(out.diagnostics[0].error, Error::CutShort { line, .. } if line == clusters as u64),
        "{:?}",
        out.diagnostics
    );
}

#[test]
fn a_cut_gzip_of_one_document_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let body: String = article_lines(100);
    let text = gzip(format!("A title\n\n{body}").as_bytes());
    let page =
        gzip(format!("<html><body><article><p>{body}</p></article></body></html>").as_bytes());
    let text = write(&dir, "cut.txt.gz", &text[..text.len() / 2]);
    let page = write(&dir, "cut.html.gz", &page[..page.len() / 2]);
    let out = read_paths(&[text, page], &ReadConfig::default());
    assert_eq!(
        out.article_count(),
        0,
        "a cut article is not stored as if whole"
    );
    let shown: Vec<String> = out.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 2, "{shown:#?}");
    assert!(shown[0].ends_with("cut.txt.gz: cannot read: incomplete deflate stream"));
    assert!(shown[1].ends_with("cut.html.gz: cannot read: incomplete deflate stream"));
}

#[test]
fn a_cut_gzip_of_a_warc_keeps_the_records_before_the_break() {
    let dir = tempfile::tempdir().unwrap();
    let mut warc = Vec::new();
    for i in 1..=40 {
        let words = article_lines(6).replace('"', "");
        let page = format!(
            "<!doctype html><html><head><title>Story {i}</title></head><body><article>\
             <h1>Story {i}</h1><p>The harbour board said on Friday that story {i} is told in \
             full here, with every detail the reporters could gather.</p><p>{words}</p>\
             </article></body></html>"
        );
        let http = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n{page}",
            page.len()
        );
        let record = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://n.example/{i}\r\n\
             Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
            http.len()
        );
        // One gzip member per record, as crawl archives are written.
        warc.extend(gzip(record.as_bytes()));
    }
    let path = write(&dir, "crawl.warc.gz", &warc[..warc.len() / 2]);
    let out = read_paths(&[&path], &ReadConfig::default());
    let kept = out.article_count();
    assert!((10..40).contains(&kept), "{kept} records kept");
    let ids: Vec<String> = out.groups[0]
        .articles
        .iter()
        .map(|a| a.id.0.clone())
        .collect();
    let expected: Vec<String> = (1..=kept).map(|i| format!("crawl#{i}")).collect();
    assert_eq!(ids, expected);
    assert_eq!(out.diagnostics.len(), 1, "{:?}", out.diagnostics);
    assert!(matches!(out.diagnostics[0].error, Error::Warc(_)));
}

#[test]
fn a_file_named_gz_that_is_not_gzip_says_so() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir,
        "a-plain.jsonl.gz",
        b"{\"title\":\"A\",\"text\":\"One.\"}\n{\"title\":\"B\",\"text\":\"Two.\"}\n",
    );
    write(
        &dir,
        "b-zstd.jsonl.gz",
        b"\x28\xb5\x2f\xfd\x24\x1a\xd1\x00\x00\x7b\x22\x74\x01\x00\x0c\x9e",
    );
    write(&dir, "c-empty.jsonl.gz", b"");
    let out = read_paths(&[dir.path()], &ReadConfig::default());
    assert_eq!(out.article_count(), 2, "the plain file is read");
    let shown: Vec<String> = out.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 3, "{shown:#?}");
    assert!(
        shown[0].ends_with(
            "a-plain.jsonl.gz: not gzip-compressed despite its .gz name; read as plain text"
        ),
        "{shown:#?}"
    );
    assert!(out.diagnostics[0].error.is_kept());
    assert!(
        shown[1].ends_with(
            "b-zstd.jsonl.gz: not gzip-compressed despite its .gz name (it is zstd-compressed); not read"
        ),
        "{shown:#?}"
    );
    assert!(!out.diagnostics[1].error.is_kept());
    assert!(
        shown[2].ends_with("c-empty.jsonl.gz: empty file"),
        "{shown:#?}"
    );
}

mod properties {
    use proptest::prelude::*;
    use serde_json::{Map, Value};

    /// JSON values whose objects use the field names of articles and clusters, so that records
    /// of every shape, with fields of every type, are tried.
    fn json_record() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            "\\PC{0,12}".prop_map(Value::String),
        ];
        let fields = prop::sample::select(vec![
            "id",
            "doc_id",
            "title",
            "text",
            "url",
            "source",
            "time",
            "event_id",
            "misc",
            "summaries",
            "date",
            "summary_title",
            "articles",
            "other",
        ]);
        leaf.prop_recursive(4, 48, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((fields.clone(), inner), 0..8).prop_map(|pairs| {
                    let object: Map<String, Value> =
                        pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
                    Value::Object(object)
                }),
            ]
        })
    }

    /// JSON Lines of every kind (articles, clusters, broken JSON, blank lines, a byte order
    /// mark, a byte that is not UTF-8, CR LF endings): the lines and the bytes.
    fn json_lines_bytes() -> impl Strategy<Value = (Vec<String>, Vec<u8>)> {
        let lines = proptest::collection::vec(
            prop_oneof![
                Just(r#"{"id":"a","title":"A","text":"Body a."}"#.to_owned()),
                Just(r#"{"title":"No id","text":"Body.","time":"2024-01-02"}"#.to_owned()),
                Just(r#"{"id":"c","summaries":[],"articles":[{"text":"x"},{"bad":1}]}"#.to_owned()),
                Just(r#"{"text": "#.to_owned()),
                Just(String::new()),
                Just("  ".to_owned()),
                Just("\u{feff}{\"text\":\"bom\"}".to_owned()),
                Just("{\"text\":\"caf\u{e9}\"}".to_owned()),
                "[a-z{}\":, ]{0,30}",
            ],
            1..30,
        );
        (lines, any::<bool>(), proptest::option::of(0usize..30)).prop_map(
            |(lines, crlf, not_utf8)| {
                let ending: &[u8] = if crlf { b"\r\n" } else { b"\n" };
                let mut bytes = Vec::new();
                for (i, line) in lines.iter().enumerate() {
                    bytes.extend_from_slice(line.as_bytes());
                    if not_utf8 == Some(i) {
                        bytes.push(0xff);
                    }
                    bytes.extend_from_slice(ending);
                }
                (lines, bytes)
            },
        )
    }

    /// What was read: each article's id, title, text and line, and each diagnostic's line and
    /// message (the input's name left out).
    type Seen = (
        Vec<(String, String, String, Option<u64>)>,
        Vec<(Option<u64>, String)>,
    );

    fn seen(out: ingest::ReadOutput) -> Seen {
        let articles = (out.groups.iter().flat_map(|g| &g.articles))
            .map(|a| {
                (
                    a.id.0.clone(),
                    a.title.clone(),
                    a.text.clone(),
                    a.origin.line,
                )
            })
            .collect();
        let diagnostics = (out.diagnostics.iter())
            .map(|d| (d.origin.line, d.error.to_string()))
            .collect();
        (articles, diagnostics)
    }

    /// `bytes` written to a `.jsonl` file and read whole, unless they parse (or break) as one
    /// JSON document, which an input over the size limit cannot be read as.
    fn read_whole(bytes: &[u8]) -> Option<(std::path::PathBuf, tempfile::TempDir, Seen)> {
        let text = String::from_utf8_lossy(bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        if ingest::jsonl::parse_document(text).is_ok() || ingest::jsonl::is_broken_document(text) {
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.jsonl");
        std::fs::write(&path, bytes).unwrap();
        let whole = seen(ingest::read_paths(&[&path], &ingest::ReadConfig::default()));
        Some((path, dir, whole))
    }

    proptest! {
        #[test]
        fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let dir = tempfile::tempdir().unwrap();
            for name in ["x.txt", "x.jsonl", "x.json", "x.jsonl.gz"] {
                let path = dir.path().join(name);
                std::fs::write(&path, &bytes).unwrap();
                let _ = ingest::read_paths(&[&path], &ingest::ReadConfig::default());
            }
        }

        /// A JSON Lines file read line by line (over the size limit) gives what it gives read
        /// whole, whatever its lines: articles, clusters, broken JSON, blank lines, CR LF, a
        /// byte order mark, bytes that are not UTF-8; only the whole-file JSON document, which
        /// a file over the limit cannot be read as, is left out.
        #[test]
        fn json_lines_read_line_by_line_as_read_whole(
            (lines, bytes) in json_lines_bytes(),
        ) {
            let Some((path, _dir, whole)) = read_whole(&bytes) else {
                return Ok(());
            };
            let small = ingest::ReadConfig {
                max_bytes: bytes.len() as u64 - 1,
                ..ingest::ReadConfig::default()
            };
            prop_assume!(lines.iter().all(|l| (l.len() as u64) < small.max_bytes));
            let streamed = seen(ingest::read_paths(&[&path], &small));
            prop_assert_eq!(streamed, whole);
        }

        /// Standard input over the size limit, plain or compressed, gives what the same lines
        /// in a file give read whole when its first line that is not blank is a JSON object,
        /// and is refused with nothing read when it is not.
        #[test]
        fn json_lines_on_standard_input_read_as_the_file_is(
            (lines, bytes) in json_lines_bytes(),
            index in any::<bool>(),
        ) {
            let Some((_path, _dir, whole)) = read_whole(&bytes) else {
                return Ok(());
            };
            let small = ingest::ReadConfig {
                max_bytes: bytes.len() as u64 - 1,
                index_large_json_lines: index,
                ..ingest::ReadConfig::default()
            };
            prop_assume!(lines.iter().all(|l| (l.len() as u64) < small.max_bytes));
            let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            let first = text
                .split(|&b| b == b'\n')
                .find(|line| !line.iter().all(u8::is_ascii_whitespace));
            let opens = first.is_some_and(|line| {
                serde_json::from_slice::<Map<String, Value>>(line.trim_ascii_end()).is_ok()
            });
            for input in [bytes.clone(), super::gzip(&bytes)] {
                let out = ingest::read_stream("-", std::io::Cursor::new(&input), &small);
                if !opens {
                    prop_assert_eq!(out.article_count() + out.indexed.len(), 0);
                    prop_assert_eq!(out.diagnostics.len(), 1);
                    continue;
                }
                let got = if index {
                    // The indexed articles, read back, before the cluster lines' groups, as
                    // the loose articles come first when held.
                    let file = &out.indexed[0];
                    let mut reader = file.open().unwrap();
                    let mut articles: Vec<_> = (file.lines.iter())
                        .map(|l| reader.read(l).unwrap())
                        .map(|a| (a.id.0, a.title, a.text, a.origin.line))
                        .collect();
                    let (held, diagnostics) = seen(ingest::ReadOutput {
                        groups: out.groups,
                        diagnostics: out.diagnostics,
                        indexed: Vec::new(),
                    });
                    articles.extend(held);
                    (articles, diagnostics)
                } else {
                    seen(out)
                };
                // Indexed ids are not made unique within the input (the store does that).
                if !index || whole.0.iter().all(|a| !a.0.contains('-')) {
                    prop_assert_eq!(&got, &whole);
                } else {
                    prop_assert_eq!(&got.1, &whole.1);
                }
            }
        }
        #[test]
        fn a_gzip_cut_anywhere_keeps_only_complete_lines(lines in 1usize..40, cut in 0.0f64..1.0) {
            let text = super::article_lines(lines);
            let whole = super::gzip(text.as_bytes());
            let dir = tempfile::tempdir().unwrap();
            for name in ["x.jsonl.gz", "x.txt.gz", "x.html.gz"] {
                let path = dir.path().join(name);
                std::fs::write(&path, &whole[..(whole.len() as f64 * cut) as usize]).unwrap();
                let out = ingest::read_paths(&[&path], &ingest::ReadConfig::default());
                // Every cut loses the gzip trailer at least: a document is never kept.
                if name != "x.jsonl.gz" {
                    prop_assert_eq!(out.article_count(), 0);
                }
                for (i, article) in out.groups.iter().flat_map(|g| &g.articles).enumerate() {
                    prop_assert_eq!(article.title.clone(), format!("Title {}", i + 1));
                }
            }
        }

        #[test]
        fn any_json_record_never_panics(value in json_record()) {
            let articles = match &value {
                serde_json::Value::Object(o) => match o.get("articles") {
                    Some(serde_json::Value::Array(a)) => Some(a.len()),
                    _ => None,
                },
                _ => None,
            };
            let line = value.to_string();
            if let Ok(ingest::jsonl::Line::Cluster(cluster)) = ingest::jsonl::parse_line(&line) {
                prop_assert_eq!(Some(cluster.articles.len()), articles, "every article is kept or named");
            }
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("x.jsonl");
            std::fs::write(&path, line).unwrap();
            let _ = ingest::read_paths(&[&path], &ingest::ReadConfig::default());
        }

        #[test]
        fn any_pretty_json_document_is_read_whole(records in prop::collection::vec(json_record(), 0..5), array in any::<bool>()) {
            let value = if array || records.is_empty() {
                Value::Array(records.clone())
            } else {
                records[0].clone()
            };
            let text = serde_json::to_string_pretty(&value).unwrap();
            let read = ingest::jsonl::parse_document(&text).unwrap();
            let expected = match &value {
                Value::Array(items) => items.len(),
                _ => 1,
            };
            prop_assert_eq!(read.len(), expected);
            prop_assert!(read.windows(2).all(|w| w[0].line <= w[1].line));
        }

        #[test]
        fn any_text_as_a_json_document_never_panics(text in "[\\[{]\\PC{0,200}") {
            let _ = ingest::jsonl::parse_document(&text);
            let _ = ingest::jsonl::is_broken_document(&text);
        }

        #[test]
        fn any_bytes_after_a_utf16_mark_never_panic(
            big_endian in any::<bool>(),
            bytes in proptest::collection::vec(any::<u8>(), 0..512),
        ) {
            let mut input = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
            input.extend(bytes);
            let dir = tempfile::tempdir().unwrap();
            for name in ["x.txt", "x.jsonl", "x.txt.gz", "noext"] {
                let path = dir.path().join(name);
                std::fs::write(&path, &input).unwrap();
                let _ = ingest::read_paths(&[&path], &ingest::ReadConfig::default());
            }
        }

        #[test]
        fn any_text_in_utf16_decodes_to_itself(text in "\\PC{0,100}", big_endian in any::<bool>()) {
            let decoded = ingest::text::decode_utf16(&super::utf16(&text, big_endian));
            prop_assert_eq!(decoded.unwrap().unwrap(), text);
        }

        #[test]
        fn any_json_line_never_panics(line in "\\PC{0,200}") {
            let _ = ingest::jsonl::parse_line(&line);
        }
    }
}

#[test]
fn asking_for_a_cluster_of_a_file_of_articles_reads_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "articles.jsonl",
        b"{\"title\":\"A\",\"text\":\"One.\"}\n{\"title\":\"B\",\"text\":\"Two.\"}\n",
    );
    let config = ReadConfig {
        cluster: Some("c1".into()),
        ..ReadConfig::default()
    };
    let out = read_paths(&[&path], &config);
    assert_eq!(out.article_count(), 0);
    assert!(matches!(
        out.diagnostics.as_slice(),
        [d] if matches!(&d.error, Error::NoSuchCluster(id) if id == "c1")
    ));
}
