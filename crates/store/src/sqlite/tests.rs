//! Tests of the SQLite store: opening and migrating, refusing other files, and each operation.

use super::*;
use model::{REPORT_SCHEMA_VERSION, Span, Summary, SummarySentence};

/// A document whose body is `body`, one paragraph, its sentences split at ". ".
fn doc(id: &str, title: &str, body: &str, url: Option<&str>, time: Option<&str>) -> Document {
    let mut sentences = Vec::new();
    let mut start = 0;
    for (i, part) in body.split_inclusive(". ").enumerate() {
        let end = start + part.trim_end().len();
        sentences.push(Sentence {
            index: i,
            start,
            end,
            paragraph: 0,
        });
        start += part.len();
    }
    Document {
        article: Article {
            meta: Default::default(),
            id: ArticleId(id.to_owned()),
            title: title.to_owned(),
            text: body.to_owned(),
            url: url.map(str::to_owned),
            source: Some("Wire".to_owned()),
            time: time.map(str::to_owned),
            origin: Origin {
                path: "in.jsonl".to_owned(),
                line: Some(1),
            },
        },
        paragraphs: std::iter::once(0..body.len()).collect(),
        removed: vec![RemovedLine {
            start: 0,
            end: 0,
            reason: "test".to_owned(),
        }],
        removed_title: None,
        sentences,
    }
}

const BODY: &str = "The Halvard Dam collapsed late on Tuesday night in Port Aurel. Rescue teams \
    worked through the night with boats and helicopters. At least 41 people died.";

fn add(store: &mut SqliteStore, d: &Document, hash: u64, event: EventChoice) -> Added {
    add_copy(store, d, hash, None, event)
}

/// Stores `d`, a copy of `copy_of` (the original and the similarity) when given.
fn add_copy(
    store: &mut SqliteStore,
    d: &Document,
    hash: u64,
    copy_of: Option<(ArticleRow, Option<f64>)>,
    event: EventChoice,
) -> Added {
    let fingerprint = Fingerprint::of(&kept_text(d));
    store
        .add_article(
            &NewArticle {
                doc: d,
                content_hash: hash,
                copy_of,
                fingerprint: &fingerprint,
                shingled: None,
                language: None,
                stated_time: None,
            },
            event,
        )
        .unwrap()
}

fn report_of(key: &str, d: &Document, headline: &str) -> EventReport {
    let sentence = SummarySentence {
        text: d.sentence_text(&d.sentences[0]).to_owned(),
        span: Span {
            article: d.article.id.clone(),
            start: d.sentences[0].start,
            end: d.sentences[0].end,
        },
        sentence: 0,
        support: vec![d.article.id.clone()],
    };
    EventReport {
        schema_version: REPORT_SCHEMA_VERSION,
        id: key.to_owned(),
        cluster: None,
        summary: Summary {
            headline: Some(SummarySentence {
                text: headline.to_owned(),
                ..sentence.clone()
            }),
            sentences: vec![sentence],
            word_budget: 100,
        },
        sources: Vec::new(),
        analysis: Default::default(),
    }
}

#[test]
fn migrations_run_from_empty_and_reopening_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/dir/chorus.db");
    {
        let mut store = SqliteStore::open(&path, OpenMode::Create).unwrap();
        assert_eq!(store.schema_version().unwrap(), VERSION);
        store.begin_batch().unwrap();
        add(
            &mut store,
            &doc("a", "Dam", BODY, None, None),
            1,
            EventChoice::Open,
        );
        store.commit_batch().unwrap();
    }
    let store = SqliteStore::open(&path, OpenMode::Existing).unwrap();
    assert_eq!(store.schema_version().unwrap(), VERSION);
    assert_eq!(store.integrity_check().unwrap(), ["ok"]);
    assert_eq!(store.counts().unwrap().articles, 1);
    let (app, mode): (i32, String) = store
        .conn
        .query_row(
            "SELECT application_id, journal_mode FROM pragma_application_id, pragma_journal_mode",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((app, mode.as_str()), (APPLICATION_ID, "wal"));
    // Migration 7: the word index merges 16 segments at a time.
    let automerge: i64 = store
        .conn
        .query_row(
            "SELECT v FROM articles_fts_config WHERE k = 'automerge'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(automerge, 16);
}

#[test]
fn an_empty_file_becomes_a_database_and_a_missing_one_is_an_error_for_readers() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    assert!(SqliteStore::open(&empty, OpenMode::Create).is_ok());
    let missing = dir.path().join("missing.db");
    assert!(matches!(
        SqliteStore::open(&missing, OpenMode::Existing),
        Err(Error::Missing { .. })
    ));
    assert!(!missing.exists());
}

/// Every file in `dir`, with its bytes.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
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

#[test]
fn foreign_files_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a database, just some notes\n").unwrap();
    let short = dir.path().join("short.db");
    std::fs::write(&short, b"SQLite").unwrap();
    let garbage = dir.path().join("garbage.db");
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend([0xab; 4096]);
    std::fs::write(&garbage, &bytes).unwrap();
    let other = dir.path().join("other.db");
    {
        let conn = Connection::open(&other).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = files(dir.path());
    for (path, expected) in [
        (&text, "not a SQLite database"),
        (&short, "not a SQLite database"),
        (&other, "another application"),
        (&garbage, "not a SQLite database"),
    ] {
        for mode in [OpenMode::Create, OpenMode::Existing, OpenMode::ReadOnly] {
            let error = SqliteStore::open(path, mode).unwrap_err();
            assert!(error.to_string().contains(expected), "{error}");
        }
    }
    assert_eq!(files(dir.path()), before);
}

/// A database at `path` with one article in one event with a report, closed (so its WAL is
/// folded into the file and removed).
fn one_event_database(path: &Path) -> String {
    let mut store = SqliteStore::open(path, OpenMode::Create).unwrap();
    store.begin_batch().unwrap();
    let a = doc("a", "Dam", BODY, None, Some("2024-03-12"));
    let added = add(&mut store, &a, 1, EventChoice::Open);
    let key = store.event_documents(added.event).unwrap().key;
    store
        .put_report(added.event, &report_of(&key, &a, "Dam collapses"))
        .unwrap();
    store.commit_batch().unwrap();
    key
}

#[test]
fn read_only_reads_without_writing_or_creating_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chorus.db");
    let key = one_event_database(&path);
    let before = files(dir.path());
    assert_eq!(before.len(), 1, "the writer removed its WAL files");
    {
        let mut store = SqliteStore::open(&path, OpenMode::ReadOnly).unwrap();
        assert!(store.immutable_stamp.is_some());
        assert_eq!(store.events(&EventFilter::default()).unwrap().len(), 1);
        assert_eq!(store.report(&key).unwrap().unwrap().id, key);
        assert_eq!(store.search("halvard", 5).unwrap().articles.len(), 1);
        assert_eq!(store.counts().unwrap().articles, 1);
        assert!(matches!(store.begin_batch(), Err(Error::ReadOnly { .. })));
        assert!(store.put_state("x", "y").is_err());
        // Nothing beside the file while it is open either.
        assert_eq!(files(dir.path()), before);
    }
    assert_eq!(files(dir.path()), before);
    // A `-shm` file without a `-wal` one (a closing writer removes the WAL first) holds no
    // change: the file is still read as it is, and no `-wal` file is created.
    std::fs::write(dir.path().join("chorus.db-shm"), b"").unwrap();
    let before = files(dir.path());
    let store = SqliteStore::open(&path, OpenMode::ReadOnly).unwrap();
    assert!(store.immutable_stamp.is_some());
    assert_eq!(store.report(&key).unwrap().unwrap().id, key);
    drop(store);
    assert_eq!(files(dir.path()), before);
}

#[test]
fn read_only_sees_a_running_writers_commits_through_its_shm_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chorus.db");
    let key = one_event_database(&path);
    // A writer still open, its commit only in its WAL.
    let writer = Connection::open(&path).unwrap();
    writer
        .execute_batch(
            "PRAGMA wal_autocheckpoint = 0;
             UPDATE events SET headline = 'Only in the WAL';",
        )
        .unwrap();
    let store = SqliteStore::open(&path, OpenMode::ReadOnly).unwrap();
    assert!(store.immutable_stamp.is_none());
    let listed = store.events(&EventFilter::default()).unwrap();
    assert_eq!(listed[0].id, key);
    assert_eq!(listed[0].headline.as_deref(), Some("Only in the WAL"));
}

#[test]
fn read_only_refuses_a_read_when_the_file_changed_under_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chorus.db");
    one_event_database(&path);
    let store = SqliteStore::open(&path, OpenMode::ReadOnly).unwrap();
    assert_eq!(store.counts().unwrap().articles, 1);
    {
        // Another process writes and folds its WAL into the file on closing; the file grows.
        let writer = Connection::open(&path).unwrap();
        writer
            .execute_batch(
                "CREATE TABLE filler (x); INSERT INTO filler
                 SELECT zeroblob(1000) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL
                 SELECT i + 1 FROM n WHERE i < 100) SELECT i FROM n);",
            )
            .unwrap();
    }
    assert!(matches!(store.counts(), Err(Error::Changed { .. })));
    // Opened again, it reads the file as it is now.
    let store = SqliteStore::open(&path, OpenMode::ReadOnly).unwrap();
    assert_eq!(store.counts().unwrap().articles, 1);
}

#[test]
fn read_only_refuses_empty_older_and_newer_files_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let older = dir.path().join("older.db");
    one_event_database(&older);
    Connection::open(&older)
        .unwrap()
        .execute_batch("PRAGMA user_version = 8")
        .unwrap();
    let newer = dir.path().join("newer.db");
    one_event_database(&newer);
    Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    let missing = dir.path().join("missing.db");
    let before = files(dir.path());
    let error = SqliteStore::open(&empty, OpenMode::ReadOnly).unwrap_err();
    assert!(matches!(error, Error::Empty { .. }));
    assert!(
        error
            .to_string()
            .ends_with("not a Chorus database (empty file)"),
        "{error}"
    );
    let error = SqliteStore::open(&older, OpenMode::ReadOnly).unwrap_err();
    assert!(
        matches!(
            error,
            Error::OlderSchema {
                found: 8,
                known: VERSION,
                ..
            }
        ),
        "{error}"
    );
    assert!(error.to_string().contains("chorus ingest"), "{error}");
    assert!(matches!(
        SqliteStore::open(&newer, OpenMode::ReadOnly),
        Err(Error::NewerSchema { found: 99, .. })
    ));
    assert!(matches!(
        SqliteStore::open(&missing, OpenMode::ReadOnly),
        Err(Error::Missing { .. })
    ));
    assert!(matches!(
        SqliteStore::open(dir.path(), OpenMode::ReadOnly),
        Err(Error::Io { .. })
    ));
    assert_eq!(files(dir.path()), before);
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chorus.db");
    drop(SqliteStore::open(&path, OpenMode::Create).unwrap());
    Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    assert!(matches!(
        SqliteStore::open(&path, OpenMode::Existing),
        Err(Error::NewerSchema { found: 99, .. })
    ));
}

#[test]
fn articles_round_trip_into_event_documents() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let a = doc(
        "a",
        "Dam collapses",
        BODY,
        Some("https://x/a"),
        Some("2024-03-12"),
    );
    let b = doc("b", "Rescue", "Boats arrived. More boats came.", None, None);
    store.begin_batch().unwrap();
    let first = add(&mut store, &a, 1, EventChoice::Open);
    assert!(first.opened);
    let second = add(&mut store, &b, 2, EventChoice::Join(first.event));
    assert_eq!((second.event, second.opened), (first.event, false));
    store.commit_batch().unwrap();

    let docs = store.event_documents(first.event).unwrap();
    assert_eq!(docs.docs, [a, b]);
    assert_eq!(docs.copy_of, [None, None]);
    assert!(docs.key.starts_with('e'));

    let mut seen = Vec::new();
    store
        .visit_articles_after(ArticleRow(0), &mut |s| {
            seen.push((s.row, s.event, s.article.id.0))
        })
        .unwrap();
    assert_eq!(
        seen,
        [
            (first.article, Some(first.event), "a".to_owned()),
            (second.article, Some(first.event), "b".to_owned())
        ]
    );
}

#[test]
fn exact_duplicates_by_url_or_hash_and_free_keys() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let a = doc("a", "Dam", BODY, Some("https://x/a"), None);
    store.begin_batch().unwrap();
    let added = add(&mut store, &a, 7, EventChoice::Open);
    store.commit_batch().unwrap();
    assert_eq!(
        store.find_exact(Some("https://x/a"), 1).unwrap(),
        Some(added.article)
    );
    assert_eq!(store.find_exact(None, 7).unwrap(), Some(added.article));
    assert_eq!(store.find_exact(Some("https://x/b"), 8).unwrap(), None);
    assert_eq!(store.free_key("b", 8).unwrap(), "b");
    let other = store.free_key("a", 0xdead_beef_0000_0000).unwrap();
    assert_eq!(other, "a~deadbeef");
}

#[test]
fn a_failing_article_rolls_back_alone_and_a_batch_rolls_back_whole() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let a = doc("a", "Dam", BODY, None, None);
    store.begin_batch().unwrap();
    add(&mut store, &a, 1, EventChoice::Open);
    // The same id again violates the unique key: that article fails, the first one stays.
    let fingerprint = Fingerprint::of(BODY);
    let failed = store.add_article(
        &NewArticle {
            doc: &a,
            content_hash: 2,
            copy_of: None,
            fingerprint: &fingerprint,
            shingled: None,
            language: None,
            stated_time: None,
        },
        EventChoice::Open,
    );
    assert!(failed.is_err());
    store.commit_batch().unwrap();
    assert_eq!(
        store.counts().unwrap(),
        Counts {
            articles: 1,
            copies: 0,
            events: 1,
            reports: 0,
            stale: 0
        }
    );

    store.begin_batch().unwrap();
    add(
        &mut store,
        &doc("b", "Other", BODY, None, None),
        3,
        EventChoice::Open,
    );
    store.rollback_batch().unwrap();
    assert_eq!(store.counts().unwrap().articles, 1);
    assert_eq!(store.find_exact(None, 3).unwrap(), None);
}

#[test]
fn copy_candidates_are_originals_sharing_bands() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let original = doc("a", "Dam", BODY, None, None);
    let unrelated = doc(
        "b",
        "Vote",
        "Parliament passed the budget after a long night of debate. The opposition walked out.",
        None,
        None,
    );
    store.begin_batch().unwrap();
    let a = add(&mut store, &original, 1, EventChoice::Open);
    add(&mut store, &unrelated, 2, EventChoice::Open);
    let edited = BODY.replace("41", "forty-one");
    let copy = doc("c", "Dam", &edited, None, None);
    let fingerprint = Fingerprint::of(&edited);
    let candidates = store
        .copy_candidates(&fingerprint, crate::lsh::SHINGLE)
        .unwrap();
    // The stored shingles, and those of another size computed from the text, are the text's,
    // in the compact form.
    let shingled = |size| {
        let config = dedup::DedupConfig {
            shingle: size,
            ..dedup::DedupConfig::default()
        };
        dedup::Shingled::of(BODY, &config).compact()
    };
    assert_eq!(
        candidates,
        [CopyCandidate {
            article: a.article,
            shingled: shingled(crate::lsh::SHINGLE),
        }]
    );
    assert_eq!(
        store.copy_candidates(&fingerprint, 3).unwrap()[0].shingled,
        shingled(3)
    );
    let added = add_copy(
        &mut store,
        &copy,
        3,
        Some((a.article, Some(0.8))),
        EventChoice::Join(a.event),
    );
    store.commit_batch().unwrap();
    // The copy is not a candidate itself: copies link to the original.
    assert_eq!(
        store
            .copy_candidates(&fingerprint, crate::lsh::SHINGLE)
            .unwrap()
            .len(),
        1
    );
    let docs = store.event_documents(added.event).unwrap();
    assert_eq!(docs.copy_of, [None, Some(0)]);
    assert_eq!(store.counts().unwrap().copies, 1);

    // Two more copies of the same text placed in another event than their original's: there,
    // the second points to the first, so that the one text counts once.
    let later = |id: &str| doc(id, "Dam report", BODY, None, None);
    store.begin_batch().unwrap();
    let other = add(&mut store, &later("o"), 4, EventChoice::Open);
    let first = add_copy(
        &mut store,
        &later("c1"),
        5,
        Some((a.article, Some(0.9))),
        EventChoice::Join(other.event),
    );
    let second = add_copy(
        &mut store,
        &later("c2"),
        6,
        Some((a.article, Some(0.85))),
        EventChoice::Join(other.event),
    );
    store.commit_batch().unwrap();
    assert_eq!((first.event, second.event), (other.event, other.event));
    let docs = store.event_documents(other.event).unwrap();
    assert_eq!(docs.copy_of, [None, None, Some(1)]);
}

#[test]
fn copies_point_within_their_event() {
    // Rows 1 and 2 are originals; 3 copies 1 (here), 4 and 6 copy 9 (elsewhere), 5 copies 2.
    let rows = [
        (1, None),
        (2, None),
        (3, Some(1)),
        (4, Some(9)),
        (5, Some(2)),
        (6, Some(9)),
    ];
    assert_eq!(
        in_event_copies(rows.iter().copied()),
        [None, None, Some(0), None, Some(1), Some(3)]
    );
    assert_eq!(in_event_copies([(7, Some(8))].into_iter()), [None]);
}

#[test]
fn reports_events_and_search() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let a = doc(
        "a",
        "Dam collapses",
        BODY,
        None,
        Some("2024-03-12T08:00:00Z"),
    );
    let b = doc(
        "b",
        "Budget passes",
        "Parliament passed the budget. The opposition walked out.",
        None,
        Some("2024-01-05"),
    );
    store.begin_batch().unwrap();
    let ea = add(&mut store, &a, 1, EventChoice::Open);
    let eb = add(&mut store, &b, 2, EventChoice::Open);
    let key_a = store.event_documents(ea.event).unwrap().key;
    let key_b = store.event_documents(eb.event).unwrap().key;
    store
        .put_report(
            ea.event,
            &report_of(&key_a, &a, "Dam collapses in Port Aurel"),
        )
        .unwrap();
    store
        .put_report(eb.event, &report_of(&key_b, &b, "Budget passes"))
        .unwrap();
    // Replacing a report replaces its search entry.
    store
        .put_report(ea.event, &report_of(&key_a, &a, "Halvard Dam collapses"))
        .unwrap();
    store.commit_batch().unwrap();

    let all = store.events(&EventFilter::default()).unwrap();
    assert_eq!(
        all.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        [key_a.as_str(), key_b.as_str()]
    );
    assert_eq!(all[0].headline.as_deref(), Some("Halvard Dam collapses"));
    assert_eq!(all[0].outlets, ["Wire"]);
    assert_eq!(all[0].first_seen, "2024-03-12T08:00:00Z");
    let since = EventFilter {
        since: Some("2024-02-01".to_owned()),
        ..EventFilter::default()
    };
    assert_eq!(store.events(&since).unwrap().len(), 1);
    let query = |q: &str| EventFilter {
        query: Some(q.to_owned()),
        ..EventFilter::default()
    };
    assert_eq!(store.events(&query("opposition")).unwrap()[0].id, key_b);
    assert!(store.events(&query("Port Aurel")).unwrap()[0].id == key_a);
    assert!(
        store
            .events(&query("\"unbalanced AND ("))
            .unwrap()
            .is_empty()
    );
    // A query without a word is an error, not a list of nothing.
    for empty in ["", "  ", "*", "\"", "\"*\" - ()"] {
        assert!(
            matches!(store.events(&query(empty)), Err(Error::EmptyQuery { .. })),
            "{empty:?}"
        );
        assert!(
            matches!(store.search(empty, 10), Err(Error::EmptyQuery { .. })),
            "{empty:?}"
        );
    }
    assert_eq!(
        store.search("*", 10).unwrap_err().to_string(),
        "empty query: \"*\" has no word to search for (letters or digits)"
    );
    // No limit: every match.
    assert_eq!(store.search("dam", usize::MAX).unwrap().articles.len(), 1);
    let everything = EventFilter {
        limit: Some(usize::MAX),
        ..EventFilter::default()
    };
    assert_eq!(store.events(&everything).unwrap().len(), 2);

    let found = store.search("halvard", 10).unwrap();
    assert_eq!(found.events.len(), 1);
    assert_eq!(found.articles[0].id, "a");
    assert_eq!(found.articles[0].event.as_deref(), Some(key_a.as_str()));
    assert_eq!(store.search("budget", 10).unwrap().articles.len(), 1);

    let report = store.report(&key_a).unwrap().unwrap();
    assert_eq!(report.id, key_a);
    assert_eq!(
        store.report(&key_a[..6]).unwrap().map(|r| r.id),
        Some(key_a)
    );
    assert!(store.report("e000000000000").unwrap().is_none());
    assert!(matches!(
        store.report("nope"),
        Err(Error::NotAnEventId { .. })
    ));
    assert!(matches!(store.report(""), Err(Error::NotAnEventId { .. })));
}

#[test]
fn articles_with_the_words_in_their_title_come_first_then_the_newest() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    // Stored out of publication order, so that neither the row order nor its reverse is the
    // newest-first order.
    let articles = [
        (
            "body-old",
            "Storm season begins",
            "A flood warning was issued.",
            "2024-03-01",
        ),
        (
            "title-both-new",
            "Flood warning in the valley",
            "Rain fell.",
            "2024-03-02",
        ),
        (
            "body-new",
            "Rivers rise",
            "The flood warning stands.",
            "2024-03-09",
        ),
        (
            "title-both-old",
            "Flood WARNING lifted",
            "Dry again.",
            "2024-02-01",
        ),
        (
            "title-accent",
            "Flóod season",
            "A warning went out.",
            "2024-03-05",
        ),
        (
            "body-mid",
            "Town council meets",
            "The flood warning was discussed.",
            "2024-03-04",
        ),
    ];
    store.begin_batch().unwrap();
    for (i, (id, title, body, time)) in articles.into_iter().enumerate() {
        let d = doc(id, title, body, None, Some(time));
        add(&mut store, &d, i as u64 + 1, EventChoice::Open);
    }
    store.commit_batch().unwrap();
    // Both words in the title (case folded), then one (accents folded as the index folds
    // them), newest first within each; then the articles that hold the words in their text
    // only.
    let expected = [
        "title-both-new",
        "title-both-old",
        "title-accent",
        "body-new",
        "body-mid",
        "body-old",
    ];
    assert_eq!(article_ids(&store, "flood warning"), expected);
    assert_eq!(article_ids(&store, "Warning, FLOOD!"), expected);
    let all = store.search("flood warning", usize::MAX).unwrap();
    let ids: Vec<&str> = all.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, expected);
    // A limit keeps the best.
    let two = store.search("flood warning", 2).unwrap();
    assert_eq!(two.articles.len(), 2);
    assert_eq!(two.articles[1].id, "title-both-old");
}

#[test]
fn an_event_id_prefix_of_several_events_lists_them() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store.begin_batch().unwrap();
    let mut keys = Vec::new();
    for i in 0..7 {
        let d = doc(&format!("a{i}"), "Dam", BODY, None, None);
        let added = add(&mut store, &d, i, EventChoice::Open);
        let key = store.event_documents(added.event).unwrap().key;
        store
            .put_report(added.event, &report_of(&key, &d, "Dam"))
            .unwrap();
        keys.push(key);
    }
    store.commit_batch().unwrap();
    keys.sort();
    let error = store.report("e").unwrap_err();
    match &error {
        Error::AmbiguousEvent {
            prefix,
            matches,
            count,
            ..
        } => {
            assert_eq!(prefix, "e");
            assert_eq!(matches[..], keys[..5]);
            assert_eq!(*count, 7);
        }
        other => panic!("{other}"),
    }
    let message = error.to_string();
    assert!(message.contains("is ambiguous"), "{message}");
    assert!(
        message.contains(&keys[0]) && message.contains("and 2 more"),
        "{message}"
    );
    // Case is ignored, and the ids that tell apart events whose ids would be equal are found.
    assert_eq!(
        store.report(&keys[3].to_uppercase()).unwrap().unwrap().id,
        keys[3]
    );
    store
        .conn
        .execute(
            "INSERT INTO events (key, created_at, updated_at) VALUES (?1, 'now', 'now')",
            [format!("{}-2", keys[3])],
        )
        .unwrap();
    assert_eq!(store.report(&keys[3]).unwrap().unwrap().id, keys[3]);
    assert!(matches!(
        store.report(&format!("{}-", keys[3])),
        Ok(None) // its one match has no report yet
    ));
    assert!(matches!(
        store.report(&keys[3][..12]),
        Err(Error::AmbiguousEvent { count: 2, .. })
    ));
}

#[test]
fn text_that_cannot_be_an_event_id_is_refused_without_echoing_it() {
    let store = SqliteStore::open_in_memory().unwrap();
    for text in [
        "x",
        "e12345678901234",
        "e0123456789ab-12345678901",
        "e0123456789ab-2x",
        "e%",
        "e_",
        "e*",
        "e0123456789ab2",
        " e01",
    ] {
        assert!(
            matches!(store.report(text), Err(Error::NotAnEventId { .. })),
            "{text}"
        );
    }
    for text in [
        "e",
        "e0",
        "e0123456789ab",
        "e0123456789ab-",
        "e0123456789AB-17",
    ] {
        assert!(store.report(text).unwrap().is_none(), "{text}");
    }
    let long = "e".repeat(50_000);
    let message = store.report(&long).unwrap_err().to_string();
    assert!(message.len() < 200, "{message}");
    assert!(message.contains("(50000 characters)"), "{message}");
}

#[test]
fn snapshot_ignores_row_ids_and_times() {
    let build = |extra: bool| {
        let mut store = SqliteStore::open_in_memory().unwrap();
        store.begin_batch().unwrap();
        if extra {
            // A rolled-back batch leaves no trace in the snapshot.
            add(
                &mut store,
                &doc("z", "Z", BODY, None, None),
                9,
                EventChoice::Open,
            );
            store.rollback_batch().unwrap();
            store.begin_batch().unwrap();
        }
        add(
            &mut store,
            &doc("a", "Dam", BODY, None, None),
            1,
            EventChoice::Open,
        );
        store.commit_batch().unwrap();
        store.snapshot().unwrap()
    };
    assert_eq!(build(false), build(true));
}

#[test]
fn stage_state_commits_and_rolls_back_with_its_batch() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    assert_eq!(store.state("clusterer").unwrap(), None);
    store.begin_batch().unwrap();
    store.put_state("clusterer", "{\"v\":1}").unwrap();
    store.commit_batch().unwrap();
    store.begin_batch().unwrap();
    store.put_state("clusterer", "{\"v\":2}").unwrap();
    store.rollback_batch().unwrap();
    assert_eq!(
        store.state("clusterer").unwrap().as_deref(),
        Some("{\"v\":1}")
    );
}

#[test]
fn stale_marks_commit_with_their_batch_and_a_report_clears_them() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let a = doc("a", "Dam", BODY, None, None);
    store.begin_batch().unwrap();
    let added = add(&mut store, &a, 1, EventChoice::Open);
    store.mark_stale(&[added.event, added.event], true).unwrap();
    store.commit_batch().unwrap();
    assert_eq!(store.stale_events(10).unwrap(), [added.event]);
    assert_eq!(store.counts().unwrap().stale, 1);
    let key = store.event_documents(added.event).unwrap().key;
    store.begin_batch().unwrap();
    store
        .put_report(added.event, &report_of(&key, &a, "Dam"))
        .unwrap();
    store.commit_batch().unwrap();
    assert!(store.stale_events(10).unwrap().is_empty());
    store.begin_batch().unwrap();
    store.mark_stale(&[added.event], true).unwrap();
    store.rollback_batch().unwrap();
    assert!(store.stale_events(10).unwrap().is_empty());
    store.mark_stale(&[added.event], true).unwrap();
    store.mark_stale(&[added.event], false).unwrap();
    assert_eq!(store.counts().unwrap().stale, 0);
}

const CHINESE: &str = "香港政府周二宣布新的防疫措施. 行政长官在记者会上表示, 措施将于下周生效.";
const JAPANESE: &str =
    "東京都の小池知事は記者会見で新たな感染対策を発表した. 対策は来週から実施される.";

/// A Chinese, a Japanese and an English article, each in its own event with a report.
fn cjk_store(store: &mut SqliteStore) -> (String, String) {
    let zh = doc("zh", "香港宣布防疫措施", CHINESE, None, None);
    let ja = doc("ja", "東京都が感染対策", JAPANESE, None, None);
    let en = doc("en", "Dam collapses", BODY, None, None);
    store.begin_batch().unwrap();
    let ezh = add(store, &zh, 11, EventChoice::Open);
    let eja = add(store, &ja, 12, EventChoice::Open);
    add(store, &en, 13, EventChoice::Open);
    let key_zh = store.event_documents(ezh.event).unwrap().key;
    let key_ja = store.event_documents(eja.event).unwrap().key;
    store
        .put_report(ezh.event, &report_of(&key_zh, &zh, "香港宣布新防疫措施"))
        .unwrap();
    store
        .put_report(
            eja.event,
            &report_of(&key_ja, &ja, "東京都が新たな感染対策"),
        )
        .unwrap();
    store.commit_batch().unwrap();
    (key_zh, key_ja)
}

fn article_ids(store: &SqliteStore, q: &str) -> Vec<String> {
    store
        .search(q, 10)
        .unwrap()
        .articles
        .into_iter()
        .map(|a| a.id)
        .collect()
}

/// The checks of a store filled by [`cjk_store`].
fn check_cjk_search(store: &SqliteStore, key_zh: &str, key_ja: &str) {
    // 2 characters (LIKE over the CJK runs) and 4 (trigram), in titles and bodies.
    assert_eq!(article_ids(store, "香港"), ["zh"]);
    assert_eq!(article_ids(store, "防疫措施"), ["zh"]);
    assert_eq!(article_ids(store, "記者会見"), ["ja"]);
    assert_eq!(article_ids(store, "知事"), ["ja"]);
    // Simplified 记者 is not the Japanese 記者: no folding across scripts.
    assert_eq!(article_ids(store, "记者"), ["zh"]);
    assert_eq!(article_ids(store, "来週"), ["ja"]);
    // All runs must occur; a run of another text does not.
    assert_eq!(article_ids(store, "香港 知事"), Vec::<String>::new());
    assert_eq!(article_ids(store, "行政长官 香港"), ["zh"]);
    assert!(article_ids(store, "大阪府").is_empty());
    assert!(article_ids(store, "阪").is_empty());
    // Mixed with Latin words: both indexes must agree.
    assert!(article_ids(store, "香港 Halvard").is_empty());
    // Events by their headline and summary.
    let events = |q: &str| -> Vec<String> {
        store
            .search(q, 10)
            .unwrap()
            .events
            .into_iter()
            .map(|e| e.id)
            .collect()
    };
    assert_eq!(events("香港"), [key_zh]);
    assert_eq!(events("新たな感染対策"), [key_ja]);
    assert_eq!(events("感染"), [key_ja]);
    // `events --query` finds the same events, by an article ("知事" is only in the body) or
    // by the headline.
    let listed = |q: &str| -> Vec<String> {
        let filter = EventFilter {
            query: Some(q.to_owned()),
            ..EventFilter::default()
        };
        store
            .events(&filter)
            .unwrap()
            .into_iter()
            .map(|e| e.id)
            .collect()
    };
    assert_eq!(listed("香港"), [key_zh]);
    assert_eq!(listed("知事"), [key_ja]);
    assert!(listed("大阪府").is_empty());
    assert_eq!(listed("halvard").len(), 1);
    // Latin search is unchanged.
    assert_eq!(article_ids(store, "halvard"), ["en"]);
    assert_eq!(article_ids(store, "Port Aurel"), ["en"]);
    assert!(article_ids(store, "Hong Kong").is_empty());
}

#[test]
fn chinese_and_japanese_words_are_found_inside_runs() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let (key_zh, key_ja) = cjk_store(&mut store);
    check_cjk_search(&store, &key_zh, &key_ja);
    // A rolled-back batch leaves no CJK entries.
    store.begin_batch().unwrap();
    add(
        &mut store,
        &doc("gone", "大阪府", "大阪府の発表.", None, None),
        14,
        EventChoice::Open,
    );
    store.rollback_batch().unwrap();
    assert!(article_ids(&store, "大阪府").is_empty());
    // A limit holds for the LIKE scan too: 措 is in the Chinese title and body, 対 in the
    // Japanese ones.
    store.begin_batch().unwrap();
    add(
        &mut store,
        &doc("zh2", "措施", "新措施.", None, None),
        15,
        EventChoice::Open,
    );
    store.commit_batch().unwrap();
    assert_eq!(article_ids(&store, "措"), ["zh", "zh2"]);
    assert_eq!(store.search("措", 1).unwrap().articles.len(), 1);
    assert_eq!(store.search("措", usize::MAX).unwrap().articles.len(), 2);
    assert_eq!(store.search("措施", usize::MAX).unwrap().articles.len(), 2);
}

#[test]
fn a_version_4_database_gets_its_cjk_index_on_opening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let (key_zh, key_ja) = {
        let mut store = SqliteStore::open(&path, OpenMode::Create).unwrap();
        let keys = cjk_store(&mut store);
        // Back to version 4: what a file written before migration 5 holds.
        downgrade_to_5(&store.conn);
        store
            .conn
            .execute_batch(
                "DROP TABLE articles_cjk; DROP TABLE events_cjk; PRAGMA user_version = 4;",
            )
            .unwrap();
        keys
    };
    let store = SqliteStore::open(&path, OpenMode::Existing).unwrap();
    assert_eq!(store.schema_version().unwrap(), VERSION);
    assert_eq!(store.integrity_check().unwrap(), ["ok"]);
    check_cjk_search(&store, &key_zh, &key_ja);
}

/// Turns a current database back into what version 5 wrote: a row per sentence, a row per band
/// key of every article (copies too, as version 5 stored them), no `sentences` column.
fn downgrade_to_5(conn: &Connection) {
    conn.execute_batch(
        "CREATE TABLE sentences (
             article   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
             idx       INTEGER NOT NULL,
             start     INTEGER NOT NULL,
             end       INTEGER NOT NULL,
             paragraph INTEGER NOT NULL,
             PRIMARY KEY (article, idx)
         ) STRICT, WITHOUT ROWID;
         INSERT INTO sentences (article, idx, start, end, paragraph)
             SELECT a.id, s.value ->> 0, s.value ->> 1, s.value ->> 2, s.value ->> 3
             FROM articles a, json_each(a.sentences) s;
         ALTER TABLE articles DROP COLUMN sentences;
         CREATE TABLE article_bands (
             band_key INTEGER NOT NULL,
             article  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
             PRIMARY KEY (band_key, article)
         ) STRICT, WITHOUT ROWID;",
    )
    .unwrap();
    let rows: Vec<(i64, Vec<u8>)> = conn
        .prepare("SELECT article, keys FROM article_band_keys")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let copies: Vec<(i64, String)> = conn
        .prepare("SELECT c.id, a.raw_text FROM articles c JOIN articles a ON a.id = c.copy_of")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut insert = conn
        .prepare("INSERT OR IGNORE INTO article_bands (band_key, article) VALUES (?1, ?2)")
        .unwrap();
    for (article, blob) in rows {
        for key in bands::decode(&blob).unwrap() {
            insert.execute(params![key as i64, article]).unwrap();
        }
    }
    // A copy's keys, as version 5 stored them: its original's text is close enough here.
    for (article, text) in copies {
        for key in Fingerprint::of(&text).keys {
            insert.execute(params![key as i64, article]).unwrap();
        }
    }
    widen_shingles(conn);
    conn.execute_batch("DROP TABLE article_band_keys; PRAGMA user_version = 5;")
        .unwrap();
}

#[test]
fn a_version_5_database_keeps_its_sentences_and_copy_candidates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let fingerprint = Fingerprint::of(BODY);
    let (before, original, event) = {
        let mut store = SqliteStore::open(&path, OpenMode::Create).unwrap();
        store.begin_batch().unwrap();
        let a = add(
            &mut store,
            &doc("a", "Dam", BODY, None, None),
            1,
            EventChoice::Open,
        );
        add(
            &mut store,
            &doc(
                "b",
                "Vote",
                "Parliament passed the budget. The opposition walked out.",
                None,
                None,
            ),
            2,
            EventChoice::Open,
        );
        add_copy(
            &mut store,
            &doc("c", "Dam", BODY, None, None),
            3,
            Some((a.article, Some(1.0))),
            EventChoice::Join(a.event),
        );
        store.commit_batch().unwrap();
        let before = (
            store.snapshot().unwrap(),
            store.event_documents(a.event).unwrap(),
        );
        downgrade_to_5(&store.conn);
        (before, a.article, a.event)
    };
    let mut store = SqliteStore::open(&path, OpenMode::Existing).unwrap();
    assert_eq!(store.schema_version().unwrap(), VERSION);
    assert_eq!(store.integrity_check().unwrap(), ["ok"]);
    let docs = store.event_documents(event).unwrap();
    assert_eq!(store.snapshot().unwrap(), before.0);
    assert_eq!(docs.docs, before.1.docs);
    assert_eq!(docs.docs[0].sentences.len(), 3);
    // The original is still the one candidate: the copy's band rows were not carried over.
    let ids = |store: &SqliteStore| -> Vec<ArticleRow> {
        store
            .copy_candidates(&fingerprint, crate::lsh::SHINGLE)
            .unwrap()
            .into_iter()
            .map(|c| c.article)
            .collect()
    };
    assert_eq!(ids(&store), [original]);
    let moved: i64 = store
        .conn
        .query_row("SELECT COUNT(*) FROM article_band_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(moved, 2);
    // A new original joins the index the migration's rows started.
    store.begin_batch().unwrap();
    let d = add(
        &mut store,
        &doc("d", "Dam", BODY, None, None),
        4,
        EventChoice::Open,
    );
    store.commit_batch().unwrap();
    assert_eq!(ids(&store), [original, d.article]);
}

/// The band keys as version 7 computed them: classic MinHash, one hash function per signature
/// slot (`SEEDS[i % 4] * (i + 1)` XORed into the shingle, then SplitMix64's finalizer).
fn version_7_keys(shingles: &[u64]) -> Vec<u64> {
    const SEEDS: [u64; 4] = [
        0x9e37_79b9_7f4a_7c15,
        0xbf58_476d_1ce4_e5b9,
        0x94d0_49bb_1331_11eb,
        0xd6e8_feb8_6659_fd93,
    ];
    let mix = |mut x: u64| {
        x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        x ^ (x >> 31)
    };
    if shingles.is_empty() {
        return Vec::new();
    }
    let (bands, rows) = (crate::lsh::BANDS, crate::lsh::ROWS);
    let mut signature = vec![u64::MAX; bands * rows];
    for &shingle in shingles {
        for (i, slot) in signature.iter_mut().enumerate() {
            let value = mix(shingle ^ SEEDS[i % SEEDS.len()].wrapping_mul(i as u64 + 1));
            *slot = (*slot).min(value);
        }
    }
    signature
        .chunks(rows)
        .enumerate()
        .map(|(band, rows)| {
            let mut bytes = Vec::new();
            bytes.extend_from_slice(&(band as u64).to_le_bytes());
            for row in rows {
                bytes.extend_from_slice(&row.to_le_bytes());
            }
            xxhash_rust::xxh3::xxh3_64(&bytes)
        })
        .collect()
}

/// Turns a current database back into what version 7 wrote: the same tables, each original's
/// band keys computed by [`version_7_keys`].
fn downgrade_to_7(conn: &Connection) {
    let rows: Vec<(i64, String)> = conn
        .prepare(
            "SELECT a.id, a.raw_text FROM article_band_keys b JOIN articles a ON a.id = b.article",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (article, text) in rows {
        let keys = version_7_keys(&dedup::shingles(&text, crate::lsh::SHINGLE));
        conn.execute(
            "UPDATE article_band_keys SET keys = ?2 WHERE article = ?1",
            params![article, bands::encode(&keys)],
        )
        .unwrap();
    }
    widen_shingles(conn);
    conn.execute_batch("PRAGMA user_version = 7;").unwrap();
}

/// The stored shingles as a file before version 10 holds them: every original's full shingle
/// hashes, 8 bytes each.
fn widen_shingles(conn: &Connection) {
    let rows: Vec<(i64, String, String)> = conn
        .prepare(
            "SELECT s.article, a.raw_text, a.kept FROM article_shingles s
             JOIN articles a ON a.id = s.article",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (article, raw, kept) in rows {
        let kept: Vec<[usize; 2]> = serde_json::from_str(&kept).unwrap();
        let shingles = dedup::shingles(&join_kept(&raw, &kept), crate::lsh::SHINGLE);
        let blob: Vec<u8> = shingles.iter().flat_map(|h| h.to_le_bytes()).collect();
        conn.execute(
            "UPDATE article_shingles SET shingles = ?2 WHERE article = ?1",
            params![article, blob],
        )
        .unwrap();
    }
}

/// A new file at `path` holding two committed articles in events of their own: "a", the dam
/// report (`BODY`), and "b", an unrelated vote; for the migration tests, which then take the
/// file back to an earlier version.
fn dam_and_vote(path: &std::path::Path) -> (SqliteStore, Added, Added) {
    let mut store = SqliteStore::open(path, OpenMode::Create).unwrap();
    store.begin_batch().unwrap();
    let a = add(
        &mut store,
        &doc("a", "Dam", BODY, None, None),
        1,
        EventChoice::Open,
    );
    let b = add(
        &mut store,
        &doc(
            "b",
            "Vote",
            "Parliament passed the budget after a long night.",
            None,
            None,
        ),
        2,
        EventChoice::Open,
    );
    store.commit_batch().unwrap();
    (store, a, b)
}

#[test]
fn a_version_9_database_gets_its_shingles_compacted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let edited = BODY.replace("41", "forty-one");
    let (original, broken) = {
        let (store, a, b) = dam_and_vote(&path);
        widen_shingles(&store.conn);
        // A blob no version wrote: dropped, and the article's shingles read from its text.
        store
            .conn
            .execute(
                "UPDATE article_shingles SET shingles = x'01020304050607' WHERE article = ?1",
                [b.article.0],
            )
            .unwrap();
        store
            .conn
            .execute_batch("PRAGMA user_version = 9;")
            .unwrap();
        (a.article, b.article)
    };
    let wide: i64 = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT length(shingles) FROM article_shingles WHERE article = ?1",
            [original.0],
            |r| r.get(0),
        )
        .unwrap();

    let store = SqliteStore::open(&path, OpenMode::Existing).unwrap();
    assert_eq!(store.schema_version().unwrap(), VERSION);
    assert_eq!(store.integrity_check().unwrap(), ["ok"]);
    let config = dedup::DedupConfig::default();
    let full = dedup::Shingled::of(BODY, &config);
    let (hash, blob): (i64, Vec<u8>) = store
        .conn
        .query_row(
            "SELECT text_hash, shingles FROM article_shingles WHERE article = ?1",
            [original.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(blob.len() as i64 * 2, wide, "half the bytes");
    assert_eq!(hash as u64, full.hash);
    assert_eq!(decode_shingles(&blob).unwrap(), full.compact().shingles);
    let dropped: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM article_shingles WHERE article = ?1",
            [broken.0],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(dropped, 0);
    // The near copy is found, and compared in the compact form, as before the migration.
    let candidates = store
        .copy_candidates(&Fingerprint::of(&edited), crate::lsh::SHINGLE)
        .unwrap();
    assert_eq!(candidates.len(), 1);
    assert_eq!(candidates[0].article, original);
    assert_eq!(candidates[0].shingled, full.compact());
    let edited = dedup::Shingled::of(&edited, &config);
    assert_eq!(
        dedup::compare(&candidates[0].shingled, &edited.compact(), &config),
        dedup::compare(&full, &edited, &config)
    );
}

#[test]
fn a_version_7_database_finds_a_near_copy_after_its_band_keys_are_recomputed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let edited = BODY.replace("41", "forty-one");
    let older = "Floodwater from the broken Halvard Dam reached the Lower Town of Port Aurel \
        before dawn, and the Interior Ministry said rescue teams had found no survivors there.";
    let (original, old) = {
        let mut store = SqliteStore::open(&path, OpenMode::Create).unwrap();
        store.begin_batch().unwrap();
        let a = add(
            &mut store,
            &doc("a", "Dam", BODY, None, None),
            1,
            EventChoice::Open,
        );
        add(
            &mut store,
            &doc(
                "b",
                "Vote",
                "Parliament passed the budget after a long night of debate. The opposition \
                 walked out.",
                None,
                None,
            ),
            2,
            EventChoice::Open,
        );
        let old = add(
            &mut store,
            &doc("o", "Flood", older, None, None),
            3,
            EventChoice::Open,
        );
        store.commit_batch().unwrap();
        downgrade_to_7(&store.conn);
        // An original stored before version 4 has no stored shingles: its keys come from its text.
        store
            .conn
            .execute(
                "DELETE FROM article_shingles WHERE article = ?1",
                [old.article.0],
            )
            .unwrap();
        (a.article, old.article)
    };
    // The version 7 keys share no band with the new ones: without the migration the near copy
    // would find nothing.
    let fingerprint = Fingerprint::of(&edited);
    let v7 = version_7_keys(&dedup::shingles(BODY, crate::lsh::SHINGLE));
    assert!(v7.iter().zip(&fingerprint.keys).all(|(a, b)| a != b));

    let mut store = SqliteStore::open(&path, OpenMode::Existing).unwrap();
    assert_eq!(store.schema_version().unwrap(), VERSION);
    assert_eq!(store.integrity_check().unwrap(), ["ok"]);
    let stored_keys = |article: ArticleRow| -> Vec<u64> {
        let blob: Vec<u8> = store
            .conn
            .query_row(
                "SELECT keys FROM article_band_keys WHERE article = ?1",
                [article.0],
                |r| r.get(0),
            )
            .unwrap();
        bands::decode(&blob).unwrap()
    };
    assert_eq!(stored_keys(original), Fingerprint::of(BODY).keys);
    assert_eq!(stored_keys(old), Fingerprint::of(older).keys);
    let candidates = store
        .copy_candidates(&fingerprint, crate::lsh::SHINGLE)
        .unwrap();
    assert_eq!(candidates.len(), 1);
    assert_eq!(candidates[0].article, original);
    let config = dedup::DedupConfig::default();
    assert!(matches!(
        dedup::compare(
            &candidates[0].shingled,
            &dedup::Shingled::of(&edited, &config).compact(),
            &config
        ),
        dedup::Copy::Near(..)
    ));
    // The version 4 original is found by its own text, and new originals join the index.
    let found = |store: &SqliteStore, text: &str| -> Vec<ArticleRow> {
        store
            .copy_candidates(&Fingerprint::of(text), crate::lsh::SHINGLE)
            .unwrap()
            .into_iter()
            .map(|c| c.article)
            .collect()
    };
    assert_eq!(found(&store, older), [old]);
    store.begin_batch().unwrap();
    let d = add(
        &mut store,
        &doc("d", "Dam", &edited, None, None),
        4,
        EventChoice::Open,
    );
    store.commit_batch().unwrap();
    assert_eq!(found(&store, &edited), [original, d.article]);
}

#[test]
fn a_version_8_database_gets_its_sortable_times_in_utc() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    // The written time, what version 8 stored for it (the writer's clock), and what is right.
    let times = [
        (
            "a",
            "2024-03-14T23:30:00-05:00",
            "2024-03-14T23:30:00Z",
            "2024-03-15T04:30:00Z",
        ),
        (
            "b",
            "Tue, 12 Mar 2024 10:05:00 +0100",
            "2024-03-12T10:05:00Z",
            "2024-03-12T09:05:00Z",
        ),
        (
            "c",
            "2024-03-13",
            "2024-03-13T00:00:00Z",
            "2024-03-13T00:00:00Z",
        ),
        (
            "d",
            "2024-03-13T08:00:00Z",
            "2024-03-13T08:00:00Z",
            "2024-03-13T08:00:00Z",
        ),
    ];
    {
        let mut store = SqliteStore::open(&path, OpenMode::Create).unwrap();
        store.begin_batch().unwrap();
        for (i, (id, written, _, _)) in times.iter().enumerate() {
            let body = format!("{BODY} Report {id}.");
            add(
                &mut store,
                &doc(id, "Dam", &body, None, Some(written)),
                i as u64 + 1,
                EventChoice::Open,
            );
        }
        add(
            &mut store,
            &doc(
                "e",
                "Dam",
                "No time anyone can read.",
                None,
                Some("yesterday"),
            ),
            9,
            EventChoice::Open,
        );
        store.commit_batch().unwrap();
        for (id, _, old, _) in times {
            store
                .conn
                .execute(
                    "UPDATE articles SET time_sort = ?2 WHERE key = ?1",
                    params![id, old],
                )
                .unwrap();
        }
        widen_shingles(&store.conn);
        store
            .conn
            .execute_batch("PRAGMA user_version = 8;")
            .unwrap();
    }
    let unreadable = |store: &SqliteStore| -> (String, String) {
        store
            .conn
            .query_row(
                "SELECT time_sort, ingested_at FROM articles WHERE key = 'e'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    let store = SqliteStore::open(&path, OpenMode::Create).unwrap();
    assert_eq!(store.schema_version().unwrap(), VERSION);
    for (id, _, _, utc) in times {
        let stored: String = store
            .conn
            .query_row("SELECT time_sort FROM articles WHERE key = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(stored, utc, "{id}");
    }
    // An article whose time does not read keeps its time of ingest.
    let (sort, ingested) = unreadable(&store);
    assert_eq!(sort, ingested);
    // `--since` compares UTC with UTC: the article written at 23:30-05:00 is seen after 04:00Z
    // (and the article without a readable time, seen at its ingest).
    let since = |since: &str| -> Vec<(usize, String)> {
        store
            .events(&EventFilter {
                since: crate::sortable_time(since),
                ..EventFilter::default()
            })
            .unwrap()
            .into_iter()
            .map(|e| (e.articles, e.first_seen))
            .collect()
    };
    assert_eq!(
        since("2024-03-15T04:00:00Z"),
        [(1, sort.clone()), (1, "2024-03-15T04:30:00Z".to_owned())]
    );
    assert_eq!(
        since("2024-03-15T09:00+05:00"),
        since("2024-03-15T04:00:00Z")
    );
    assert_eq!(since("2024-03-15T09:31+05:00"), [(1, sort)]);
}

#[test]
fn a_rolled_back_batch_leaves_no_candidates_and_other_writers_are_seen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chorus.db");
    let fingerprint = Fingerprint::of(BODY);
    let mut store = SqliteStore::open(&path, OpenMode::Create).unwrap();
    store.begin_batch().unwrap();
    add(
        &mut store,
        &doc("z", "Z", BODY, None, None),
        9,
        EventChoice::Open,
    );
    assert_eq!(
        store
            .copy_candidates(&fingerprint, crate::lsh::SHINGLE)
            .unwrap()
            .len(),
        1
    );
    store.rollback_batch().unwrap();
    assert!(
        store
            .copy_candidates(&fingerprint, crate::lsh::SHINGLE)
            .unwrap()
            .is_empty()
    );
    // Another process stores an original: the next batch here finds it.
    {
        let mut other = SqliteStore::open(&path, OpenMode::Existing).unwrap();
        other.begin_batch().unwrap();
        add(
            &mut other,
            &doc("a", "Dam", BODY, None, None),
            1,
            EventChoice::Open,
        );
        other.commit_batch().unwrap();
    }
    store.begin_batch().unwrap();
    let b = add(
        &mut store,
        &doc("b", "Dam", BODY, None, None),
        2,
        EventChoice::Open,
    );
    let found: Vec<ArticleRow> = store
        .copy_candidates(&fingerprint, crate::lsh::SHINGLE)
        .unwrap()
        .into_iter()
        .map(|c| c.article)
        .collect();
    store.commit_batch().unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!(found[1], b.article);
}

#[test]
fn words_with_marks_are_found_without_phrase_queries() {
    // Devanagari vowel signs are marks: unicode61 splits a word at them, and a quoted run of
    // several tokens would be a phrase, which the article index (detail=none) refuses.
    assert_eq!(
        fts_query("हिन्दी, Ⓐbc").as_deref(),
        Some("\"ह\" \"न\" \"द\" \"bc\"")
    );
    let mut store = SqliteStore::open_in_memory().unwrap();
    store.begin_batch().unwrap();
    let body = "The हिन्दी service of the Ⓐbc network reported the flood. Officials said so.";
    add(
        &mut store,
        &doc("hi", "Flood", body, None, None),
        1,
        EventChoice::Open,
    );
    store.commit_batch().unwrap();
    for query in ["हिन्दी", "Ⓐbc network", "officials FLOOD"] {
        let found = store.search(query, 10).unwrap();
        assert_eq!(found.articles.len(), 1, "{query}");
    }
    assert!(store.search("hindi", 10).unwrap().articles.is_empty());
}

#[test]
fn a_version_10_database_gets_a_word_index_of_articles_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let (store, _, _) = dam_and_vote(&path);
        // The index as version 10 kept it (the columns of each word), holding the title only:
        // the migration builds it again from the articles.
        store
            .conn
            .execute_batch(
                "DROP TABLE articles_fts;
                 CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='',
                     contentless_delete=1, detail=column,
                     tokenize='unicode61 remove_diacritics 2');
                 INSERT INTO articles_fts (rowid, title, body)
                     SELECT id, title, '' FROM articles;
                 PRAGMA user_version = 10;",
            )
            .unwrap();
    }
    let store = SqliteStore::open(&path, OpenMode::Existing).unwrap();
    assert_eq!(store.schema_version().unwrap(), VERSION);
    assert_eq!(store.integrity_check().unwrap(), ["ok"]);
    let sql: String = store
        .conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'articles_fts'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(sql.contains("detail=none"), "{sql}");
    let settings: Vec<(String, i64)> = store
        .conn
        .prepare(
            "SELECT k, v FROM articles_fts_config WHERE k IN ('automerge', 'hashsize') ORDER BY k",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        settings,
        [
            ("automerge".to_owned(), 16),
            ("hashsize".to_owned(), 67_108_864)
        ]
    );
    // Words of the bodies are found again, alone or with a title word.
    let ids = |text: &str| -> Vec<String> {
        let mut ids: Vec<String> = store
            .search(text, 10)
            .unwrap()
            .articles
            .into_iter()
            .map(|a| a.id)
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(ids("budget"), ["b"]);
    assert_eq!(ids("vote parliament"), ["b"]);
    assert_eq!(ids("dam budget"), Vec::<String>::new());
}
