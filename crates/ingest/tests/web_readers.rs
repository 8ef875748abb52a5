//! The web readers through `read_paths`: format by extension and by sniffing, stable ids, and
//! property tests that no bytes under any web extension make a reader panic.

use ingest::{ReadConfig, read_paths};

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.path().join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, bytes).unwrap();
    path
}

const PAGE: &str = "<!doctype html><html lang=de><head><title>Fähre eingestellt</title>\
    <meta name=\"author\" content=\"Jana Berg\"></head><body><nav><a href=/>Start</a></nav>\
    <article><p>Die Fähre zur Möweninsel fährt nicht mehr, bis der Anleger in Kestrel Bay \
    repariert ist, teilte die Hafenbehörde am Freitag mit.</p><p>Ab Montag bringt ein \
    Ersatzboot die Fahrgäste vom Fischereihafen zur Insel, sagte die Hafenmeisterin.</p>\
    </article></body></html>";

const FEED: &str = "<?xml version=\"1.0\"?><rss><channel><title>Radio</title><item>\
    <title>Ferry halted</title><guid>r-1</guid><description>The ferry is halted.</description>\
    </item></channel></rss>";

#[test]
fn formats_by_extension_and_by_content_with_stable_ids() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "web/a/page.html", PAGE.as_bytes());
    write(
        &dir,
        "web/b/latin1.htm",
        &encoding_rs::WINDOWS_1252.encode(PAGE).0,
    );
    write(&dir, "web/feed.xml", FEED.as_bytes());
    write(&dir, "web/skip.png", b"\x89PNG");
    let out = read_paths(&[dir.path().join("web")], &ReadConfig::default());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let articles = &out.groups[0].articles;
    let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a/page", "b/latin1", "feed#r-1"]);
    assert_eq!(articles[0].title, "Fähre eingestellt");
    assert_eq!(articles[0].meta.authors, ["Jana Berg"]);
    assert_eq!(articles[0].meta.language.as_deref(), Some("de"));
    assert_eq!(
        articles[0].text, articles[1].text,
        "the Latin-1 page decodes the same"
    );
    assert!(articles[2].meta.summary_only);
    assert_eq!(articles[2].source.as_deref(), Some("Radio"));

    // Without an extension, the content decides.
    let page = write(&dir, "sniff/page", PAGE.as_bytes());
    let feed = write(&dir, "sniff/feed", FEED.as_bytes());
    let text = write(
        &dir,
        "sniff/note",
        b"A title\n\nA body that is <b>not</b> a page.",
    );
    let out = read_paths(&[page, feed, text], &ReadConfig::default());
    let articles = &out.groups[0].articles;
    assert_eq!(articles.len(), 3, "{:?}", out.diagnostics);
    assert_eq!(articles[0].title, "Fähre eingestellt");
    assert_eq!(articles[1].title, "Ferry halted");
    assert_eq!(articles[2].title, "A title");
}

#[test]
fn web_diagnostics_name_file_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let index = write(
        &dir,
        "index.html",
        "<html><body><ul><li><a href=/a>A</a></li><li><a href=/b>B</a></li></ul></body></html>"
            .as_bytes(),
    );
    let not_feed = write(&dir, "x.rss", b"<html><body>no feed</body></html>");
    let warc = write(
        &dir,
        "w.warc",
        b"WARC/1.0\r\nWARC-Type: request\r\nContent-Length: 99\r\n\r\nGET /",
    );
    let out = read_paths(&[index, not_feed, warc], &ReadConfig::default());
    let messages: Vec<String> = out.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(
        messages[0].contains("index.html: not an article"),
        "{messages:?}"
    );
    assert!(
        messages[1].ends_with("x.rss: not an RSS or Atom feed (the document element is <html>)"),
        "{messages:?}"
    );
    assert!(
        messages[2].ends_with(
            "w.warc: record 1 at byte 0 is truncated: its header declares 99 bytes, the file holds 5"
        ),
        "{messages:?}"
    );
}

/// A crawl's export as JSON Lines (`tests/fixtures/crawl.jsonl`): records of a URL and its page
/// get the page's article, a record with text keeps it, a page without an article is named by
/// file and line, and a cluster's articles may be pages too. Read whole or indexed (a file over
/// the limit), the same; indexed, a page's article is extracted once, when the file is indexed,
/// and read back from the index's own copy of it.
#[test]
fn json_lines_of_crawled_pages_get_their_articles() {
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/crawl.jsonl");
    let out = read_paths(&[&fixture], &ReadConfig::default());
    let messages: Vec<String> = out.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].contains("crawl.jsonl:3: the record's html: "),
        "{messages:?}"
    );
    let loose = &out.groups[0].articles;
    assert_eq!(loose.len(), 2);
    assert_eq!(loose[0].title, "Lantern festival moved");
    assert!(
        loose[0]
            .text
            .starts_with("The lantern festival of Orrin Vale will move")
    );
    assert!(!loose[0].text.contains("newsletter"), "{}", loose[0].text);
    assert_eq!(loose[0].source.as_deref(), Some("Valley Courier"));
    assert_eq!(loose[0].time.as_deref(), Some("2025-09-19T17:05:00Z"));
    assert_eq!(
        loose[0].url.as_deref(),
        Some("https://courier.example/lantern")
    );
    assert_eq!(loose[0].origin.line, Some(1));
    assert_eq!(
        loose[1].text,
        "The lantern festival moves to the market square."
    );
    let cluster = &out.groups[1];
    assert_eq!(cluster.id.as_deref(), Some("c1"));
    assert_eq!(cluster.articles.len(), 2);
    assert_eq!(cluster.articles[0].title, "Festival on the square");
    assert_eq!(
        cluster.articles[0].source.as_deref(),
        Some("Orrin Vale Gazette")
    );
    assert!(cluster.articles[0].text.contains("old market square"));

    let config = ReadConfig {
        max_bytes: 1024,
        index_large_json_lines: true,
        ..ReadConfig::default()
    };
    let indexed = read_paths(&[&fixture], &config);
    let again: Vec<String> = indexed
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(again, messages);
    let file = &indexed.indexed[0];
    assert_eq!(file.lines.len(), 2);
    assert_eq!(file.lines[0].time.as_deref(), Some("2025-09-19T17:05:00Z"));
    // The page's line is read back from the extracted copy, the line with text from the input.
    let flags: Vec<bool> = file.lines.iter().map(|l| l.extracted).collect();
    assert_eq!(flags, [true, false]);
    let mut reader = file.open().unwrap();
    assert_eq!(reader.read(&file.lines[0]).unwrap(), loose[0]);
    assert_eq!(reader.read(&file.lines[1]).unwrap(), loose[1]);

    // Not extracted again: with the input overwritten after it was indexed, the page's article
    // still reads back whole, while the line read from the input no longer does.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("crawl.jsonl");
    std::fs::copy(&fixture, &copy).unwrap();
    let indexed = read_paths(&[&copy], &config);
    let size = std::fs::metadata(&copy).unwrap().len() as usize;
    std::fs::write(&copy, vec![b'x'; size]).unwrap();
    let file = &indexed.indexed[0];
    let mut reader = file.open().unwrap();
    let back = reader.read(&file.lines[0]).unwrap();
    assert_eq!((&back.title, &back.text), (&loose[0].title, &loose[0].text));
    assert!(reader.read(&file.lines[1]).is_err());
}

mod properties {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn any_bytes_under_web_names_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..1024)) {
            let dir = tempfile::tempdir().unwrap();
            for name in ["x.html", "x.htm.gz", "x.rss", "x.atom", "x.xml", "x.warc", "x.warc.gz", "noext"] {
                let path = dir.path().join(name);
                std::fs::write(&path, &bytes).unwrap();
                let _ = ingest::read_paths(&[&path], &ingest::ReadConfig::default());
            }
        }

        #[test]
        fn any_markup_never_panics(text in "(<[a-z]{1,6}( [a-z]+=[^ >]{0,6})?>|</[a-z]{1,6}>|&[a-z#0-9]{0,5};?|[^<&]{0,40}){0,80}") {
            let config = html::ExtractConfig::default();
            let _ = ingest::page::article_of_page(
                text.as_bytes(), None, "x".into(), model::Origin::default(), &config);
            let _ = ingest::feed::read_feed(text.as_bytes(), "x", "x", &config);
        }
    }
}
