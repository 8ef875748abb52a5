//! The database commands end to end (`ingest`, `events`, `show`, `search`) on the built-in
//! example and on generated streams, bad databases, and the crash test: a real `chorus ingest`
//! killed with SIGKILL mid-run leaves a sound file holding every batch it reported committed.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::Stdio;

use store::{OpenMode, SqliteStore, Store};

mod common;
use common::{chorus, command, example, ingest_summary, json, ok, repo};

#[test]
fn example_ingests_and_reads_back_through_events_show_and_search() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chorus.db").display().to_string();
    let first = ingest_summary(&ok(&["ingest", &example(), "--db", &db]));
    assert_eq!(first["read"], 7);
    assert_eq!(first["added"], 7);
    assert_eq!(first["errors"], 0);
    assert!(first["events created"] >= 1);

    let events = json(&["events", "--json", "--db", &db]);
    let events = events["events"].as_array().unwrap();
    assert_eq!(events.len(), first["events created"]);
    let total: u64 = events.iter().map(|e| e["articles"].as_u64().unwrap()).sum();
    assert_eq!(total, 7);
    let biggest = events
        .iter()
        .max_by_key(|e| e["articles"].as_u64().unwrap())
        .unwrap();
    let id = biggest["id"].as_str().unwrap();
    assert!(!biggest["outlets"].as_array().unwrap().is_empty());
    assert!(biggest["first_seen"].as_str().unwrap() <= biggest["last_seen"].as_str().unwrap());

    let text = ok(&["events", "--db", &db]);
    assert!(text.contains(id), "{text}");

    let shown = ok(&["show", id, "--db", &db]);
    assert!(shown.starts_with(&format!("EVENT {id}")), "{shown}");
    assert!(
        shown.contains("SUMMARY (") && shown.contains("SOURCES"),
        "{shown}"
    );
    let doc = json(&["show", &id[..8], "--json", "--db", &db]);
    assert_eq!(doc["schema_version"], 1);
    let report = &doc["events"][0];
    assert_eq!(report["id"], id);
    // Provenance survives the round trip: every summary sentence is the text at its span.
    for s in report["summary"]["sentences"].as_array().unwrap() {
        let article = s["span"]["article"].as_str().unwrap();
        let path = repo().join(format!("examples/port-aurel-dam/{article}.txt"));
        let raw = std::fs::read_to_string(path).unwrap();
        let body = ingest::text::split_title(&raw).1;
        let (start, end) = (
            s["span"]["start"].as_u64().unwrap() as usize,
            s["span"]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&body[start..end], s["text"].as_str().unwrap());
    }

    let found = json(&["search", "Halvard", "dam", "--json", "--db", &db]);
    assert!(!found["articles"].as_array().unwrap().is_empty(), "{found}");
    let text = ok(&["search", "halvard", "--db", &db]);
    assert!(text.contains("ARTICLES"), "{text}");
    let none = chorus(&["search", "zzzqqq", "--db", &db]);
    assert!(none.status.success() && none.stdout.is_empty());

    let since = json(&["events", "--since", "2999-01-01", "--json", "--db", &db]);
    assert!(since["events"].as_array().unwrap().is_empty());
    let query = json(&["events", "--query", "Halvard", "--json", "--db", &db]);
    assert!(!query["events"].as_array().unwrap().is_empty());
    let bad = chorus(&["events", "--since", "last week", "--db", &db]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--since"));
    let missing = chorus(&["show", "e000000000000", "--db", &db]);
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn reingesting_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chorus.db");
    let db_arg = db.display().to_string();
    ok(&["ingest", &example(), "--db", &db_arg]);
    let before = SqliteStore::open(&db, OpenMode::Existing)
        .unwrap()
        .snapshot()
        .unwrap();
    let again = ingest_summary(&ok(&["ingest", &example(), "--db", &db_arg]));
    assert_eq!(again["added"], 0);
    assert_eq!(again["duplicates"], 7);
    assert_eq!(again["events created"] + again["events updated"], 0);
    let after = SqliteStore::open(&db, OpenMode::Existing)
        .unwrap()
        .snapshot()
        .unwrap();
    assert_eq!(before, after);
}

#[test]
fn a_later_ingest_continues_the_events_of_an_earlier_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chorus.db").display().to_string();
    let mut files: Vec<String> = std::fs::read_dir(repo().join("examples/port-aurel-dam"))
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    files.sort();
    let (today, tomorrow) = files.split_at(4);
    let run = |paths: &[String]| {
        let mut args = vec!["ingest"];
        args.extend(paths.iter().map(String::as_str));
        args.extend(["--db", &db]);
        ingest_summary(&ok(&args))
    };
    let first = run(today);
    assert_eq!((first["added"], first["events created"]), (4, 1));
    let second = run(tomorrow);
    assert_eq!(second["added"], 3);
    assert_eq!(
        (second["events created"], second["events updated"]),
        (0, 1),
        "the example is one event, so tomorrow's articles join today's"
    );
    let events = json(&["events", "--json", "--db", &db]);
    assert_eq!(events["events"][0]["articles"], 7);
    let id = events["events"][0]["id"].as_str().unwrap();
    let doc = json(&["show", id, "--json", "--db", &db]);
    assert_eq!(doc["events"][0]["sources"].as_array().unwrap().len(), 7);
}

#[test]
fn the_database_comes_from_chorus_db_when_no_flag_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("env.db");
    let out = command(&["ingest", &example()])
        .env("CHORUS_DB", &db)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(db.exists());
    let out = command(&["events", "--json"])
        .env("CHORUS_DB", &db)
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn foreign_or_missing_databases_are_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "my notes, not a database\n").unwrap();
    let out = chorus(&["ingest", &example(), "--db", &notes.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a SQLite database"));
    assert_eq!(
        std::fs::read_to_string(&notes).unwrap(),
        "my notes, not a database\n"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no journal or WAL file was created");

    let missing = dir.path().join("missing.db");
    for args in [vec!["events"], vec!["show", "e1"], vec!["search", "dam"]] {
        let mut args = args;
        let path = missing.display().to_string();
        args.extend(["--db", &path]);
        let out = chorus(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("no such database"));
    }
    assert!(!missing.exists());
}

#[test]
fn bad_input_is_reported_by_file_and_line_and_the_rest_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let good = |i: usize| {
        serde_json::json!({
            "id": format!("g{i}"),
            "title": format!("Council approves bridge number {i}"),
            "text": format!("The city council approved bridge number {i} on Monday after a long debate. \
                 Work on bridge {i} starts in spring and should take two years, the mayor said."),
            "source": "City Wire",
        })
    };
    // The second article's time is in no form Chorus reads: a warning, not an error.
    let mut late = good(2);
    late["time"] = "the day after tomorrow".into();
    std::fs::write(
        input.join("a.jsonl"),
        format!("{}\n{{not json\n{}\n", good(1), late),
    )
    .unwrap();
    std::fs::write(input.join("b.txt"), b"Title\n\0\0binary").unwrap();
    let db = dir.path().join("chorus.db").display().to_string();
    let out = chorus(&["ingest", &input.display().to_string(), "--db", &db]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("a.jsonl:2: malformed JSON"), "{stderr}");
    assert!(stderr.contains("b.txt: binary file"), "{stderr}");
    assert!(
        stderr.contains("a.jsonl:3: publication time \"the day after tomorrow\" is not a date"),
        "{stderr}"
    );
    let counts = ingest_summary(&String::from_utf8(out.stdout).unwrap());
    assert_eq!((counts["added"], counts["errors"]), (2, 2));

    // Nothing readable at all is exit status 1.
    let out = chorus(&[
        "ingest",
        &input.join("b.txt").display().to_string(),
        "--db",
        &db,
    ]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn syndicated_copies_are_kept_and_marked() {
    let dir = tempfile::tempdir().unwrap();
    let body = "The Halvard Dam on the Oster River collapsed late on Tuesday night, sending a surge \
        of water through the Lower Town of Port Aurel and killing 41 people, the Interior Ministry \
        said on Wednesday. Another 120 people were missing and more than 300 were injured. Rescue \
        teams worked through the night with 62 boats and four helicopters.";
    let lines = [
        serde_json::json!({"id": "wire", "title": "Dam collapse kills 41", "text": body,
            "source": "Meridian Wire", "url": "https://wire.example/dam", "time": "2024-03-12"}),
        serde_json::json!({"id": "reprint", "title": "Dam collapse kills 41 in Port Aurel",
            "text": format!("{} The paper's own reporter adds that schools are closed.", body.replace("late on Tuesday night", "on Tuesday")),
            "source": "Civic Ledger", "url": "https://ledger.example/dam", "time": "2024-03-12"}),
        // The same URL again is an exact duplicate, whatever its text.
        serde_json::json!({"id": "again", "title": "Updated", "text": "Changed text entirely here.",
            "url": "https://wire.example/dam"}),
    ];
    let (db, counts) = ingest_records(dir.path(), &lines);
    assert_eq!(counts["added"], 2);
    assert_eq!(counts["near-duplicates"], 1);
    assert_eq!(counts["duplicates"], 1);
    let found = json(&["search", "reporter", "schools", "--json", "--db", &db]);
    let event = found["articles"][0]["event"].as_str().unwrap().to_owned();
    let doc = json(&["show", &event, "--json", "--db", &db]);
    let sources = doc["events"][0]["sources"].as_array().unwrap();
    let reprint = sources.iter().find(|s| s["id"] == "reprint").unwrap();
    assert_eq!(reprint["copy_of"][0], "wire");
}

/// Writes `records` as JSON Lines in `dir` and ingests them into a new database there: its path
/// and the summary line's numbers.
fn ingest_records(
    dir: &Path,
    records: &[serde_json::Value],
) -> (String, std::collections::HashMap<String, usize>) {
    let file = dir.join("in.jsonl");
    std::fs::write(
        &file,
        records.iter().map(|l| format!("{l}\n")).collect::<String>(),
    )
    .unwrap();
    let db = dir.join("chorus.db").display().to_string();
    let counts = ingest_summary(&ok(&["ingest", &file.display().to_string(), "--db", &db]));
    (db, counts)
}

/// One article about a council's bridge, dated 2024-03-14, with id `a`.
fn bridge_record() -> serde_json::Value {
    serde_json::json!({"id": "a", "title": "Council approves the bridge",
        "text": "The city council approved the bridge on Thursday after a long debate. \
            Work starts in spring and should take two years, the mayor said.",
        "source": "City Wire", "time": "2024-03-14"})
}

/// A database in `dir` holding [`bridge_record`] alone, and the id of its one event.
fn one_event(dir: &Path) -> (String, String) {
    let (db, _) = ingest_records(dir, &[bridge_record()]);
    let event = json(&["events", "--json", "--db", &db])["events"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (db, event)
}

/// A stream of `n` articles about `n / 10` stories, in time order, every one distinct.
fn generated_stream(n: usize) -> String {
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let syllables = [
        "ka", "ro", "mi", "tel", "san", "dor", "vi", "len", "mar", "os", "tu", "bel", "qua", "rin",
    ];
    let word = |next: &mut dyn FnMut() -> u64| {
        let len = 2 + next() % 3;
        (0..len)
            .map(|_| syllables[(next() % syllables.len() as u64) as usize])
            .collect::<String>()
    };
    let mut out = String::new();
    for i in 0..n {
        let story = i / 10;
        let mut sentences = vec![format!(
            "Officials in Story{story} City said the Story{story} project would go ahead."
        )];
        for _ in 0..4 {
            let words: Vec<String> = (0..12).map(|_| word(&mut next)).collect();
            sentences.push(format!("The {} said on Monday.", words.join(" ")));
        }
        let line = serde_json::json!({
            "id": format!("a{i:05}"),
            "title": format!("Story{story} project update {i}"),
            "text": sentences.join(" "),
            "source": format!("Outlet {}", i % 7),
            "time": format!("2024-{:02}-{:02}T{:02}:00:00Z", 1 + story / 28 % 12, 1 + story % 28, i % 10),
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

#[test]
fn a_killed_ingest_keeps_every_committed_batch_and_resumes_to_the_same_state() {
    const ARTICLES: usize = 3000;
    const BATCH: &str = "25";
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("stream.jsonl");
    std::fs::write(&input, generated_stream(ARTICLES)).unwrap();
    let input = input.display().to_string();
    let crashed = dir.path().join("crashed.db");
    let crashed_arg = crashed.display().to_string();

    let mut child = command(&[
        "ingest",
        &input,
        "--db",
        &crashed_arg,
        "--batch-size",
        BATCH,
    ])
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut committed = Vec::new();
    let mut line = String::new();
    while committed.len() < 3 {
        line.clear();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "ingest ended before committing 3 batches"
        );
        if let Some(rest) = line.strip_prefix("chorus: committed through article ") {
            let done: usize = rest.split(' ').next().unwrap().parse().unwrap();
            committed.push(done);
            // A reader in another process, while the ingest runs, sees whole batches: every
            // event it sees has its report or is marked for one (reports are recomputed at the
            // end of the run), and every article its event.
            let reader = SqliteStore::open(&crashed, OpenMode::Existing).unwrap();
            let counts = reader.counts().unwrap();
            assert!(counts.events <= counts.reports + counts.stale, "{counts:?}");
            assert!(counts.articles >= done);
        }
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(
        !status.success(),
        "the ingest finished before it was killed"
    );
    let done = *committed.last().unwrap();

    let store = SqliteStore::open(&crashed, OpenMode::Existing).unwrap();
    assert_eq!(store.integrity_check().unwrap(), ["ok"]);
    let snapshot = store.snapshot().unwrap();
    let stored: std::collections::HashSet<&str> =
        snapshot.articles.iter().map(|a| a.id.as_str()).collect();
    for i in 0..done {
        assert!(stored.contains(format!("a{i:05}").as_str()), "a{i:05} lost");
    }
    assert!(stored.len() < ARTICLES, "nothing was left to resume");
    let counts = store.counts().unwrap();
    assert!(
        counts.events <= counts.reports + counts.stale,
        "every event has its report or is marked for one: {counts:?}"
    );
    drop(store);

    let resumed = ingest_summary(&ok(&[
        "ingest",
        &input,
        "--db",
        &crashed_arg,
        "--batch-size",
        BATCH,
    ]));
    assert_eq!(resumed["duplicates"], stored.len());
    let clean = dir.path().join("clean.db");
    ok(&[
        "ingest",
        &input,
        "--db",
        &clean.display().to_string(),
        "--batch-size",
        BATCH,
    ]);
    let a = SqliteStore::open(&crashed, OpenMode::Existing)
        .unwrap()
        .snapshot()
        .unwrap();
    let b = SqliteStore::open(&clean, OpenMode::Existing)
        .unwrap()
        .snapshot()
        .unwrap();
    assert_eq!(a.articles.len(), ARTICLES);
    assert!(a == b, "the resumed database differs from a clean run");
    let counts = SqliteStore::open(&crashed, OpenMode::Existing)
        .unwrap()
        .counts()
        .unwrap();
    assert_eq!(
        (counts.events, counts.stale),
        (counts.reports, 0),
        "the resumed run brought every report up to date"
    );
}

/// `chorus ARGS` started in the background, its output captured.
fn spawn(args: &[&str]) -> std::process::Child {
    command(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The summary counts and the standard error of an ingest started by [`spawn`], which must
/// succeed (`context` prefixes the failure message).
fn finished_ingest(
    child: std::process::Child,
    context: &str,
) -> (std::collections::HashMap<String, usize>, String) {
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{context}{stderr}");
    (
        ingest_summary(&String::from_utf8_lossy(&out.stdout)),
        stderr,
    )
}

#[test]
fn two_ingests_at_once_store_every_article_once() {
    // Two processes ingest overlapping streams into one database, in small batches so that
    // each often finds the other's articles between two of its own transactions.
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = generated_stream(3000).lines().map(str::to_owned).collect();
    let write = |name: &str, range: std::ops::Range<usize>| {
        let path = dir.path().join(name);
        std::fs::write(&path, lines[range].join("\n") + "\n").unwrap();
        path.display().to_string()
    };
    let (first, second) = (
        write("first.jsonl", 0..2000),
        write("second.jsonl", 1000..3000),
    );
    let db = dir.path().join("shared.db").display().to_string();
    let children: Vec<_> = [&first, &second]
        .into_iter()
        .map(|input| spawn(&["ingest", input, "--db", &db, "--batch-size", "10"]))
        .collect();
    let mut duplicates = 0;
    for child in children {
        let (counts, stderr) = finished_ingest(child, "");
        assert!(!stderr.contains("warning"), "{stderr}");
        assert_eq!(counts["errors"], 0);
        assert_eq!(counts["added"] + counts["duplicates"], 2000);
        duplicates += counts["duplicates"];
    }
    assert_eq!(
        duplicates, 1000,
        "each shared article is stored by one of the two"
    );

    let store = SqliteStore::open(Path::new(&db), OpenMode::Existing).unwrap();
    assert_eq!(store.integrity_check().unwrap(), ["ok"]);
    let snapshot = store.snapshot().unwrap();
    let mut ids: Vec<&str> = snapshot.articles.iter().map(|a| a.id.as_str()).collect();
    ids.sort_unstable();
    let expected: Vec<String> = (0..3000).map(|i| format!("a{i:05}")).collect();
    assert_eq!(ids, expected);
    assert!(snapshot.articles.iter().all(|a| a.event.is_some()));
    drop(store);
    for input in [&first, &second] {
        let again = ingest_summary(&ok(&["ingest", input, "--db", &db]));
        assert_eq!((again["added"], again["duplicates"]), (0, 2000));
    }
}

#[test]
fn processes_creating_one_database_together_all_succeed() {
    // The first process to open a new file writes its header and schema while the others
    // are reading it: none may fail with "database is locked" or take the half-made file for
    // another application's.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("one.jsonl");
    std::fs::write(
        &input,
        "{\"id\":\"a1\",\"title\":\"Dam breaks\",\"text\":\"The Halvard Dam broke on \
         Tuesday night. Rescue teams worked until dawn.\"}\n",
    )
    .unwrap();
    let input = input.display().to_string();
    for round in 0..50 {
        let db = dir
            .path()
            .join(format!("new-{round}.db"))
            .display()
            .to_string();
        let children: Vec<_> = (0..4)
            .map(|_| spawn(&["ingest", &input, "--db", &db]))
            .collect();
        let mut added = 0;
        for child in children {
            added += finished_ingest(child, &format!("round {round}: ")).0["added"];
        }
        assert_eq!(added, 1, "round {round}: the article is stored once");
        let store = SqliteStore::open(Path::new(&db), OpenMode::Existing).unwrap();
        assert_eq!(store.integrity_check().unwrap(), ["ok"]);
    }
}

#[test]
fn standard_input_is_ingested() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chorus.db").display().to_string();
    let mut child = command(&["ingest", "-", "--db", &db])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(generated_stream(20).as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        ingest_summary(&String::from_utf8(out.stdout).unwrap())["added"],
        20
    );
    let store = SqliteStore::open(Path::new(&db), OpenMode::Existing).unwrap();
    assert_eq!(store.counts().unwrap().articles, 20);
}

#[test]
fn bench_ingest_runs_on_a_small_generated_stream() {
    let data = repo().join("../shared/data");
    if !data.join("neus/dev.jsonl.gz").exists() {
        eprintln!(
            "skipped: {} is absent (bench-ingest recombines the dev sets)",
            data.display()
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.db");
    let figures = json(&[
        "bench-ingest",
        "--articles",
        "2000",
        "--window",
        "500",
        "--batch-size",
        "250",
        "--data",
        &data.display().to_string(),
        "--db",
        &db.display().to_string(),
        "--json",
    ]);
    assert_eq!(figures["articles"], 2000);
    let added = figures["added"].as_u64().unwrap();
    let duplicates = figures["duplicates"].as_u64().unwrap();
    assert_eq!(added + duplicates, 2000);
    assert!(duplicates > 0 && figures["near_duplicates"].as_u64().unwrap() > 0);
    assert_eq!(figures["windows"].as_array().unwrap().len(), 4);
    assert!(figures["articles_per_second"].as_f64().unwrap() > 0.0);
    assert!(figures["db_bytes_per_article"].as_f64().unwrap() > 0.0);
    // The stream was written beside the database, read back while timed, and removed.
    assert!(!dir.path().join("bench.db.input.jsonl").exists());
    // The database it leaves is a sound Chorus database whose every event has its report.
    let store = SqliteStore::open(&db, OpenMode::Existing).unwrap();
    assert_eq!(store.integrity_check().unwrap(), ["ok"]);
    let counts = store.counts().unwrap();
    assert_eq!(counts.articles as u64, added);
    let failed = figures["report_failures"].as_u64().unwrap() as usize;
    assert_eq!((counts.reports + failed, counts.stale), (counts.events, 0));
}

#[test]
fn chinese_and_japanese_words_are_searchable_without_spaces() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        serde_json::json!({"id": "zh", "title": "香港政府宣布新的防疫措施",
            "text": "香港政府周二宣布新的防疫措施。行政长官在记者会上表示，措施将于下周生效，违者最高罚款五千元。",
            "source": "星岛日报", "time": "2024-03-12"}),
        serde_json::json!({"id": "ja", "title": "東京都が新たな感染対策を発表",
            "text": "東京都の小池知事は記者会見で新たな感染対策を発表した。対策は来週から実施され、飲食店の営業時間が短縮される。",
            "source": "朝日新聞", "time": "2024-03-12"}),
        serde_json::json!({"id": "en", "title": "Dam collapses in Port Aurel",
            "text": "The Halvard Dam collapsed late on Tuesday night in Port Aurel. Rescue teams worked through the night.",
            "source": "Meridian Wire", "time": "2024-03-12"}),
    ];
    let (db, counts) = ingest_records(dir.path(), &lines);
    assert_eq!(counts["added"], 3);
    let articles = |query: &str| -> Vec<String> {
        let found = json(&["search", query, "--json", "--db", &db]);
        found["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_owned())
            .collect()
    };
    // 2 and 4 characters, inside runs the word index keeps whole.
    assert_eq!(articles("香港"), ["zh"]);
    assert_eq!(articles("防疫措施"), ["zh"]);
    assert_eq!(articles("知事"), ["ja"]);
    assert_eq!(articles("感染対策"), ["ja"]);
    assert!(articles("大阪府").is_empty());
    // Latin-script search is unchanged.
    assert_eq!(articles("halvard"), ["en"]);
    let text = ok(&["search", "香港", "--db", &db]);
    assert!(text.contains("ARTICLES") && text.contains("zh"), "{text}");
}

#[test]
fn times_with_offsets_are_listed_and_filtered_in_utc() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        serde_json::json!({"id": "late", "title": "Council approves the bridge",
        "text": "The city council approved the bridge late on Thursday after a long debate. \
            Work starts in spring and should take two years, the mayor said.",
        "source": "City Wire", "time": "2024-03-14T23:30:00-05:00"}),
    ];
    let (db, counts) = ingest_records(dir.path(), &lines);
    assert_eq!(counts["added"], 1);
    let listed = |since: &str| -> Vec<serde_json::Value> {
        let doc = json(&["events", "--json", "--since", since, "--db", &db]);
        doc["events"].as_array().unwrap().clone()
    };
    let all = listed("2024-03-01");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["first_seen"], "2024-03-15T04:30:00Z");
    assert_eq!(all[0]["last_seen"], "2024-03-15T04:30:00Z");
    assert_eq!(listed("2024-03-15T04:00:00Z").len(), 1);
    // 09:00 at +05:00 is 04:00 UTC; 09:31 at +05:00 is a minute after the article.
    assert_eq!(listed("2024-03-15T09:00+05:00").len(), 1);
    assert!(listed("2024-03-15T09:31+05:00").is_empty());
    assert!(listed("2024-03-15T04:31:00Z").is_empty());
}

#[test]
fn articles_without_a_time_are_listed_at_the_date_their_text_states() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        // A "Published:" line, which the cleaner removes.
        serde_json::json!({"id": "stamped", "title": "Harbour board votes to dredge the channel",
        "text": "Published: 3 February 2024\n\nThe harbour board voted on Friday to dredge the \
            silted channel before the spring season, the board's chair said.",
        "source": "Velm Courier"}),
        // A dateline without a year: the year of the batch's other dated articles.
        serde_json::json!({"id": "dateline", "title": "Dredging of Velm channel approved",
        "text": "VELM, February 2 (Harbour Wire) - The harbour board approved the dredging of \
            the silted channel, its chair told reporters after the vote.",
        "source": "Harbour Wire"}),
        // An article's own time wins over any date its text states.
        serde_json::json!({"id": "timed", "title": "Dredgers arrive in Velm",
        "text": "Published: 1 January 2020\n\nThe first dredgers arrived in Velm harbour on \
            Monday to clear the silted channel, the harbour board said.",
        "source": "City Wire", "time": "2024-02-05T10:00:00Z"}),
    ];
    let (db, counts) = ingest_records(dir.path(), &lines);
    assert_eq!(counts["added"], 3);
    let doc = json(&["events", "--json", "--db", &db]);
    let events = doc["events"].as_array().unwrap();
    let seen = |key: &str| -> Vec<&str> {
        let mut seen: Vec<&str> = events.iter().map(|e| e[key].as_str().unwrap()).collect();
        seen.sort_unstable();
        seen
    };
    assert_eq!(seen("first_seen")[0], "2024-02-02T00:00:00Z", "{doc:#}");
    assert_eq!(
        seen("last_seen").last().copied(),
        Some("2024-02-05T10:00:00Z"),
        "{doc:#}"
    );
    let all = seen("first_seen")
        .into_iter()
        .chain(seen("last_seen"))
        .collect::<Vec<_>>();
    assert!(
        all.contains(&"2024-02-03T00:00:00Z") || events.len() < 3,
        "{doc:#}"
    );
    assert!(all.iter().all(|t| t.starts_with("2024-02-0")), "{doc:#}");
}

/// Every file in `dir`, with its bytes.
fn files(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    out.sort();
    out
}

/// The read commands on `db`, with their exit status and standard error.
fn read_commands(db: &str, event: &str) -> Vec<(Option<i32>, String)> {
    [
        vec!["events", "--db", db],
        vec!["show", event, "--db", db],
        vec!["search", "council", "--db", db],
    ]
    .iter()
    .map(|args| {
        let out = chorus(args);
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    })
    .collect()
}

#[test]
fn read_commands_never_write() {
    let dir = tempfile::tempdir().unwrap();
    let (db, event) = one_event(dir.path());
    let before = files(dir.path());
    for (code, stderr) in read_commands(&db, &event) {
        assert_eq!(code, Some(0), "{stderr}");
    }
    assert_eq!(
        files(dir.path()),
        before,
        "no byte written, no file created"
    );

    // An empty file is not a database, and stays empty.
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let empty = empty.display().to_string();
    for (code, stderr) in read_commands(&empty, &event) {
        assert_eq!(code, Some(1));
        assert!(
            stderr.contains("not a Chorus database (empty file)"),
            "{stderr}"
        );
    }
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);

    // A file of an older schema is not upgraded by reading it (PRAGMA user_version is the
    // big-endian word at byte 60 of the header).
    let older = dir.path().join("older.db");
    let mut bytes = std::fs::read(&db).unwrap();
    bytes[60..64].copy_from_slice(&8u32.to_be_bytes());
    std::fs::write(&older, &bytes).unwrap();
    let older = older.display().to_string();
    for (code, stderr) in read_commands(&older, &event) {
        assert_eq!(code, Some(1));
        assert!(
            stderr.contains("older than this Chorus") && stderr.contains("chorus ingest"),
            "{stderr}"
        );
    }
    assert_eq!(std::fs::read(&older).unwrap(), bytes);
}

#[cfg(unix)]
#[test]
fn read_commands_read_a_file_in_a_folder_the_user_cannot_write() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let (db, event) = one_event(dir.path());
    let before = files(dir.path());
    let set_mode = |path: &Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    set_mode(Path::new(&db), 0o444);
    set_mode(dir.path(), 0o555);
    let writable = std::fs::OpenOptions::new().write(true).open(&db).is_ok();
    let results = (!writable).then(|| read_commands(&db, &event));
    set_mode(dir.path(), 0o755);
    set_mode(Path::new(&db), 0o644);
    match results {
        None => eprintln!("skipping: this user writes files whatever their mode"),
        Some(results) => {
            for (code, stderr) in results {
                assert_eq!(code, Some(0), "{stderr}");
            }
        }
    }
    assert_eq!(files(dir.path()), before);
}

#[test]
fn show_lists_the_events_an_ambiguous_prefix_starts_and_refuses_what_is_no_id() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        bridge_record(),
        serde_json::json!({"id": "b", "title": "Storm closes the northern port",
            "text": "A winter storm closed the northern port on Friday morning. Ferries were \
                cancelled and schools shut early, officials said.",
            "source": "Coast News", "time": "2024-03-15"}),
    ];
    let (db, counts) = ingest_records(dir.path(), &lines);
    assert_eq!(counts["events created"], 2);
    let events = json(&["events", "--json", "--db", &db]);
    let ids: Vec<&str> = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    let out = chorus(&["show", "e", "--db", &db]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("\"e\" is ambiguous"), "{stderr}");
    for id in &ids {
        assert!(stderr.contains(id), "{stderr}");
    }

    let long = "e".repeat(50_000);
    let out = chorus(&["show", &long, "--db", &db]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not an event id"), "{stderr}");
    assert!(stderr.len() < 300, "{stderr}");
    let out = chorus(&["show", "e%", "--db", &db]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an event id"));
}

#[test]
fn a_limit_of_0_is_no_limit_and_an_empty_query_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        bridge_record(),
        serde_json::json!({"id": "b", "title": "Storm closes the northern port",
            "text": "A winter storm closed the northern port on Friday morning. Ferries were \
                cancelled and the council shut schools early, officials said.",
            "source": "Coast News", "time": "2024-03-15"}),
    ];
    let (db, _) = ingest_records(dir.path(), &lines);
    let all = json(&["search", "council", "--json", "--limit", "100", "--db", &db]);
    assert_eq!(all["articles"].as_array().unwrap().len(), 2);
    let unlimited = json(&["search", "council", "--json", "--limit", "0", "--db", &db]);
    assert_eq!(unlimited, all);
    let one = json(&["search", "council", "--json", "--limit", "1", "--db", &db]);
    assert_eq!(one["articles"].as_array().unwrap().len(), 1);
    let text = ok(&["search", "council", "--limit", "0", "--db", &db]);
    assert!(text.contains("ARTICLES"), "{text}");
    let events = json(&["events", "--json", "--limit", "0", "--db", &db]);
    assert_eq!(events["events"].as_array().unwrap().len(), 2);

    for args in [
        vec!["search", ""],
        vec!["search", "*"],
        vec!["search", "\""],
        vec!["search", "--json", " * "],
        vec!["events", "--query", ""],
        vec!["events", "--query", "\"*\""],
    ] {
        let mut args = args;
        args.extend(["--db", &db]);
        let out = chorus(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("empty query"), "{args:?}: {stderr}");
    }
}
