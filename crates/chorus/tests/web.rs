//! Web inputs end to end: RSS/Atom feeds, WARC archives (plain and per-record gzip) and HTML
//! pages through `chorus report`, `chorus ingest` and `chorus extract`, and the hostile inputs
//! of issue 7 (a page over the size limit, one giant line, broken markup, feeds with a wrong
//! encoding declaration, gzip bombs), each refused or read within limits with a clear message.
//!
//! The fixtures are the hand-written files in `crates/web/tests/fixtures`; the large and
//! hostile inputs are generated in a temporary folder at run time.

use std::io::Write;
use std::path::Path;

use flate2::Compression;
use flate2::write::GzEncoder;

mod common;
use common::{chorus, ingest_summary, json, ok};

const FIXTURES: &str = "crates/web/tests/fixtures";

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Gzip of `parts` written one after the other, streamed so a large input is never held whole.
fn gzip_parts(path: &Path, parts: &[&[u8]], zeros: usize) {
    let file = std::fs::File::create(path).unwrap();
    let mut enc = GzEncoder::new(file, Compression::fast());
    for part in parts {
        enc.write_all(part).unwrap();
    }
    let block = vec![0u8; 1 << 20];
    let mut left = zeros;
    while left > 0 {
        let n = left.min(block.len());
        enc.write_all(&block[..n]).unwrap();
        left -= n;
    }
    enc.finish().unwrap();
}

#[test]
fn report_reads_feeds_and_warc_records_and_names_what_it_skipped() {
    let out = chorus(&[
        "report",
        "--json",
        &fixture("harbour.rss"),
        &fixture("harbour.atom"),
        &fixture("teasers.rss"),
        &fixture("crawl.warc"),
    ]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = report.to_string();
    // Items of every feed dialect and both HTML records of the archive are sources.
    for id in [
        "harbour#https://courier.example/2025/03/14/harbour-ferry-suspended",
        "harbour#courier-88412",
        "harbour#tag:islandpost.example,2025:ferry-stops",
        "teasers#https://coastradio.example/news/1042",
        "crawl#3",
        "crawl#7",
    ] {
        assert!(text.contains(id), "{id} missing from the report");
    }
    // The summary-only feed declares ISO-8859-1 but is UTF-8: its text reads right.
    assert!(text.contains("Café owners count storm losses"), "{text}");
    // Diagnostics name the file and the item or record, and say why.
    let teasers = fixture("teasers.rss");
    let crawl = fixture("crawl.warc");
    for expected in [
        format!(
            "{teasers}: item 3 (https://coastradio.example/news/1044): item has no content and no summary"
        ),
        format!("{crawl}: record 6 (https://gazette.example/coast): not an article"),
        format!(
            "{crawl}: record 8 at byte 4667 is truncated: its header declares 5000 bytes, the file holds 113"
        ),
        format!(
            "{crawl}: skipped 4 WARC records that are not HTML pages (1 metadata, 1 request, 1 response image/png, 1 warcinfo)"
        ),
    ] {
        assert!(err.contains(&expected), "{expected:?} not in:\n{err}");
    }
}

#[test]
fn per_record_gzip_warc_reads_like_the_plain_file() {
    let plain = chorus(&["extract", "--json", &fixture("crawl.warc")]);
    let gz = chorus(&["extract", "--json", &fixture("crawl.warc.gz")]);
    assert!(plain.status.success() && gz.status.success());
    let pages = |out: &std::process::Output| -> Vec<serde_json::Value> {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| {
                let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
                v.as_object_mut().unwrap().remove("path");
                v
            })
            .collect()
    };
    let (plain_pages, gz_pages) = (pages(&plain), pages(&gz));
    assert_eq!(plain_pages, gz_pages);
    let records: Vec<(u64, &str)> = plain_pages
        .iter()
        .map(|p| (p["record"].as_u64().unwrap(), p["url"].as_str().unwrap()))
        .collect();
    assert_eq!(
        records,
        [
            (
                3,
                "https://gazette.example/coast/2025/03/14/ferry-halted-pier-damage"
            ),
            (7, "https://gazette.example/coast/2025/03/14/what-next")
        ]
    );
    // Record 3 is chunked and gzip-encoded; its metadata comes from the page.
    assert_eq!(plain_pages[0]["site"], "Western Gazette");
    assert_eq!(plain_pages[0]["authors"][0], "Priya Nandi");
    assert!(
        plain_pages[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("The Gull Island ferry will not sail")
    );
    // Text mode prints the articles one after the other.
    let text = ok(&["extract", &fixture("crawl.warc")]);
    assert!(
        text.contains("\n\nReplacing the two damaged piles"),
        "{text}"
    );
}

#[test]
fn ingest_stores_feed_items_and_warc_pages() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("web.db").display().to_string();
    let out = chorus(&["ingest", FIXTURES, "--db", &db]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let counts = ingest_summary(&String::from_utf8_lossy(&out.stdout));
    // 2 + 2 + 2 feed items, and 2 pages in each of the two archives (the gzip one a copy).
    assert_eq!(counts["read"], 10, "{counts:?}");
    assert_eq!(counts["added"] + counts["duplicates"], 10, "{counts:?}");
    // Refused: the truncated record of each archive and the feed item with no text. Skipped, as
    // notes rather than errors: each archive's non-HTML records and its listing page.
    assert_eq!(counts["errors"], 3, "{counts:?}\n{err}");
    assert_eq!(counts["skipped"], 4, "{counts:?}\n{err}");
    assert!(
        err.contains("note: crates/web/tests/fixtures/crawl.warc: skipped 4 WARC records"),
        "{err}"
    );
    assert!(
        err.contains("crawl.warc.gz: record 8 at byte 4667 is truncated"),
        "{err}"
    );
    let events = json(&["events", "--json", "--db", &db]);
    let events = events["events"].as_array().unwrap();
    let biggest = events
        .iter()
        .map(|e| e["articles"].as_u64().unwrap())
        .max()
        .unwrap();
    // The ferry story is told by every outlet: one event gathers most of the articles.
    assert!(biggest >= 4, "{events:?}");
}

#[test]
fn html_pages_and_folders_of_them_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let page = |title: &str, body: &str| {
        format!(
            "<!doctype html><html lang=en><head><title>{title}</title>\
             <meta property=\"og:site_name\" content=\"Harbour News\"></head><body>\
             <nav><a href=/>Home</a> <a href=/news>News</a></nav><article><h1>{title}</h1>{body}\
             </article><footer>Copyright Harbour News</footer></body></html>"
        )
    };
    let para = "<p>The harbour authority suspended the Gull Island ferry on Friday after a storm \
                damaged two of the piles that hold up the pier at Kestrel Bay, officials said.</p>\
                <p>A temporary boat will carry foot passengers from the fishing quay from Monday, \
                and repairs are expected to take at least three weeks.</p>";
    std::fs::create_dir(dir.path().join("pages")).unwrap();
    std::fs::write(
        dir.path().join("pages/ferry.html"),
        page("Ferry suspended", para),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("pages/index.htm"),
        page(
            "Home",
            &"<ul><li><a href=/a>A story</a></li><li><a href=/b>B story</a></li></ul>".repeat(5),
        ),
    )
    .unwrap();
    // Broken markup: unclosed tags, stray end tags, an attribute that never ends.
    std::fs::write(
        dir.path().join("pages/broken.html"),
        format!(
            "<html><body></div><article><p>{}<p>{}</span></b><div class=\"x",
            "The ferry will not run until the pier is repaired, the harbour master said on Friday morning.",
            "Islanders will use a temporary boat from the fishing quay, which starts on Monday at seven."
        ),
    )
    .unwrap();
    let pages = dir.path().join("pages").display().to_string();
    let out = chorus(&["report", "--json", &pages]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("\"ferry\""), "{report}");
    assert!(report.contains("Harbour News"));
    assert!(
        err.contains("index.htm: not an article"),
        "the listing page is named: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_page_over_the_limit_is_refused_and_a_giant_line_is_read() {
    let dir = tempfile::tempdir().unwrap();
    // Just over the 50 MiB extraction limit.
    let big = dir.path().join("big.html");
    let mut page = b"<html><body><p>".to_vec();
    page.resize(50 * 1024 * 1024 + 1, b'a');
    std::fs::write(&big, &page).unwrap();
    drop(page);
    let big = big.display().to_string();
    for command in ["report", "extract"] {
        let out = chorus(&[command, &big]);
        assert_eq!(out.status.code(), Some(1), "{command}");
        let err = stderr(&out);
        assert!(
            err.contains(&format!(
                "{big}: page of 52428801 bytes is larger than the limit of 52428800 bytes"
            )),
            "{command}: {err}"
        );
    }
    // A page of one 5 MB line: paragraphs without a single line break.
    let line = dir.path().join("line.html");
    let para = "<p>The ferry between Kestrel Bay and Gull Island stays suspended while engineers replace two piles under the pier, the harbour authority said.</p>";
    let mut page = String::from("<html><head><title>One line</title></head><body><article>");
    while page.len() < 5_000_000 {
        page.push_str(para);
    }
    page.push_str("</article></body></html>");
    std::fs::write(&line, page).unwrap();
    let text = ok(&["extract", &line.display().to_string()]);
    assert!(text.lines().count() > 1000, "every paragraph is a line");
}

#[test]
fn feeds_with_wrong_encoding_declarations() {
    let dir = tempfile::tempdir().unwrap();
    // Declares UTF-8 but is Latin-1.
    let mut latin1 = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>\
        <title>Le Courrier</title><item><title>Caf\xe9 du port ferm\xe9</title>\
        <link>https://lc.example/1</link><description>Le caf\xe9 du port est ferm\xe9 depuis \
        la temp\xeate de jeudi, a dit le propri\xe9taire.</description></item></channel></rss>"
        .to_vec();
    latin1.extend_from_slice(b"\n");
    let path = dir.path().join("latin1.xml");
    std::fs::write(&path, latin1).unwrap();
    // No extension at all: sniffed as a feed.
    let sniffed = dir.path().join("feed");
    std::fs::copy(fixture_path("teasers.rss"), &sniffed).unwrap();
    let out = chorus(&[
        "report",
        "--json",
        &path.display().to_string(),
        &sniffed.display().to_string(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("Café du port fermé"), "{report}");
    assert!(report.contains("Ferry to Gull Island halted"), "{report}");
}

fn fixture_path(name: &str) -> std::path::PathBuf {
    common::repo().join(FIXTURES).join(name)
}

#[test]
fn gzip_bombs_are_refused_with_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    // A WARC record that claims 300 MB and is zeros: refused as it expands, not after.
    let warc = dir.path().join("bomb.warc.gz");
    gzip_parts(
        &warc,
        &[b"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: 300000000\r\n\r\n"],
        200 << 20,
    );
    let jsonl = dir.path().join("bomb.jsonl.gz");
    gzip_parts(&jsonl, &[b"{\"title\":\"x\",\"text\":\""], 100 << 20);
    let html = dir.path().join("bomb.html.gz");
    gzip_parts(&html, &[b"<html><body><p>"], 100 << 20);
    for path in [&warc, &jsonl, &html] {
        let shown = path.display().to_string();
        let out = chorus(&["report", &shown]);
        assert_eq!(out.status.code(), Some(1), "{shown}");
        let err = stderr(&out);
        assert!(err.contains(&format!("{shown}: ")), "{err}");
        assert!(err.contains("gzip bomb"), "{err}");
    }
    let out = chorus(&["extract", &warc.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("refused as a gzip bomb"),
        "{}",
        stderr(&out)
    );
}
