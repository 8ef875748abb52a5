//! `chorus fetch`, `chorus extract` on a URL list and `chorus ingest --feeds`, end to end against
//! a local server on 127.0.0.1 (never the internet).

use std::sync::{Arc, Mutex};

use store::{OpenMode, SqliteStore};

mod common;
use common::{chorus, ingest_summary, ok};

#[path = "../../fetch/tests/server/mod.rs"]
mod server;
use server::{Reply, Server};

const FAST: [&str; 2] = ["--delay-ms", "10"];

fn article_page(title: &str, body: &str) -> String {
    format!(
        "<html lang=en><head><title>{title}</title></head><body><nav><a href=/>Home</a></nav>\
         <article><h1>{title}</h1><p>{body}</p><p>Officials said the situation would be reviewed \
         again in the morning, and that residents should follow the advice of the emergency \
         services until further notice.</p></article></body></html>"
    )
}

#[test]
fn fetch_prints_articles_saves_pages_and_warns_about_the_rest() {
    let body = "Le barrage de Port Aurel a été ouvert mardi après des pluies record; la rivière \
                est montée de deux mètres en une journée selon les autorités régionales.";
    let page = article_page("Barrage ouvert", body);
    // Latin-1 without any declaration: every character of the page is below U+0100.
    let latin1: Vec<u8> = page
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    let server = Server::start(move |r| match r.path.as_str() {
        "/robots.txt" => Reply::ok("text/plain", "User-agent: *\nDisallow: /private/\n"),
        "/news/dam.html" => Reply::ok("text/html", latin1.clone()),
        "/old" => Reply::redirect(301, "/news/dam.html"),
        _ => Reply::status(404),
    });
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("pages");
    let (dam, old, private) = (
        server.url("/news/dam.html"),
        server.url("/old"),
        server.url("/private/x"),
    );
    let out = chorus(&[
        "fetch",
        &old,
        &private,
        "--json",
        "--out",
        out_dir.to_str().unwrap(),
        "--delay-ms",
        "10",
        "--contact",
        "mailto:ops@example.org",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&private) && stderr.contains("robots.txt"),
        "{stderr}"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    let json: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(json["url"], dam.as_str());
    assert_eq!(json["requested"], old.as_str());
    assert_eq!(json["title"], "Barrage ouvert");
    assert!(json["text"].as_str().unwrap().contains(body), "{json}");
    let saved = json["saved"].as_str().unwrap();
    assert_eq!(std::fs::read_to_string(saved).unwrap(), page);
    assert!(server.requests_for("/private/x").is_empty());
    for r in server.requests() {
        assert_eq!(
            r.header("user-agent").unwrap(),
            format!(
                "Chorus/{} (+mailto:ops@example.org)",
                env!("CARGO_PKG_VERSION")
            )
        );
    }
}

#[test]
fn fetch_exits_1_when_no_page_gives_an_article() {
    let server = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::ok("text/plain", "User-agent: *\nDisallow: /\n"),
        _ => Reply::ok("text/html", article_page("Rain", "It rained.")),
    });
    let url = server.url("/news/1");
    let out = chorus(&["fetch", &url, "--delay-ms", "10"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&url) && stderr.contains("disallowed by robots.txt"),
        "{stderr}"
    );
    let out = chorus(&["fetch", "ftp://example.org/x"]);
    assert!(!out.status.success());
}

#[test]
fn a_malformed_url_argument_is_a_warning_and_the_rest_are_fetched() {
    let server = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/1" => Reply::ok("text/html", article_page("One", RAIN)),
        "/2" => Reply::ok("text/html", article_page("Two", RAIN)),
        _ => Reply::status(404),
    });
    let (one, two) = (server.url("/1"), server.url("/2"));
    let out = chorus(&["fetch", &one, "notaurl", &two, "--json", FAST[0], FAST[1]]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: notaurl: not an http(s) URL"),
        "{stderr}"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(stdout.contains(&one) && stdout.contains(&two), "{stdout}");
    let out = chorus(&["fetch", "notaurl", "ftp://example.org/x"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("ftp://example.org/x: not an http(s) URL"),
        "{stderr}"
    );
}

#[test]
fn a_contact_that_cannot_be_a_header_is_refused() {
    let server = Server::start(|_| Reply::ok("text/html", article_page("Rain", RAIN)));
    let url = server.url("/news/1");
    let out = chorus(&["fetch", &url, "--contact", "ops\nX-Injected: 1"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--contact") && stderr.contains("control character"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(server.requests().is_empty());
}

#[test]
fn extract_reads_a_url_list() {
    let body = "The council voted on Tuesday to rebuild the harbour wall, after a winter of \
                storms left the old one cracked in three places along the northern quay.";
    let page = article_page("Harbour wall", body);
    let server = Server::start(move |r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/harbour" => Reply::ok("text/html; charset=utf-8", page.clone()),
        _ => Reply::status(404),
    });
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("urls.txt");
    std::fs::write(
        &list,
        format!(
            "# pages to read\n{}\n\n{}\n",
            server.url("/harbour"),
            server.url("/gone")
        ),
    )
    .unwrap();
    let out = chorus(&["extract", list.to_str().unwrap(), "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("/gone") && stderr.contains("404"),
        "{stderr}"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let json: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(json["url"], server.url("/harbour").as_str());
    assert!(json["text"].as_str().unwrap().contains(body));
}

#[test]
fn ingest_feeds_fetches_summary_only_pages_and_a_second_run_adds_nothing() {
    let full_text = "The Port Aurel dam opened its gates on Tuesday morning after three days of \
                     record rain, releasing water into the valley below the reservoir. Engineers \
                     said the structure held well and that the spillways worked as designed.";
    let page_text = "Downstream, the Aurel river rose by two metres overnight and flooded the \
                     lower streets of Marrow, where volunteers stacked sandbags along the \
                     embankment until dawn.";
    let base = Arc::new(Mutex::new(String::new()));
    // The second feed answers 200 every time (it sends no validators); one of its items' page is
    // missing, and robots.txt disallows the other's.
    let server = {
        let base = base.clone();
        let page = article_page("River rises", page_text);
        Server::start(move |r| {
            let base = base.lock().unwrap().clone();
            match r.path.as_str() {
                "/robots.txt" => Reply::ok("text/plain", "User-agent: *\nDisallow: /private/\n"),
                "/feed.xml" if r.header("if-none-match") == Some("\"feed-v1\"") => {
                    Reply::status(304)
                }
                "/feed.xml" => Reply::ok("application/rss+xml", rss(&base, full_text))
                    .with("ETag", "\"feed-v1\""),
                "/plain.xml" => Reply::ok("application/atom+xml", atom(&base)),
                "/articles/2.html" => Reply::ok("text/html", page.clone()),
                _ => Reply::status(404),
            }
        })
    };
    *base.lock().unwrap() = server.base.clone();
    let dir = tempfile::tempdir().unwrap();
    let feeds = dir.path().join("feeds.txt");
    std::fs::write(
        &feeds,
        format!(
            "# news feeds\n{}\n{}\n",
            server.url("/feed.xml"),
            server.url("/plain.xml")
        ),
    )
    .unwrap();
    let db = dir.path().join("chorus.db");
    let (feeds, db_arg) = (feeds.to_str().unwrap(), db.to_str().unwrap());
    let args = ["ingest", "--feeds", feeds, "--db", db_arg, FAST[0], FAST[1]];

    let out = chorus(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let first = ingest_summary(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(first["read"], 4, "{stderr}");
    assert_eq!(first["added"], 4, "{stderr}");
    // The third item's page is missing (404) and the fourth's is disallowed: each keeps its
    // summary, with a warning.
    for item in ["/articles/3.html", "/private/4.html"] {
        assert!(
            stderr.contains(&format!("{item}: ")) && stderr.contains("keeping the feed's summary"),
            "{stderr}"
        );
    }
    // The item with full content needs no page; the summary-only ones do, once each; the
    // disallowed one is never requested.
    assert!(server.requests_for("/articles/1.html").is_empty());
    assert_eq!(server.requests_for("/articles/2.html").len(), 1);
    assert_eq!(server.requests_for("/articles/3.html").len(), 1);
    assert!(server.requests_for("/private/4.html").is_empty());

    // The summary-only item of the first feed was completed from its page.
    let found = ok(&["search", "sandbags", "--json", "--db", db_arg]);
    assert!(found.contains("/articles/2.html"), "{found}");
    let found = ok(&["search", "spillways", "--json", "--db", db_arg]);
    assert!(found.contains("/articles/1.html"), "{found}");
    {
        let store = SqliteStore::open(&db, OpenMode::Existing).unwrap();
        let state = store
            .fetch_state(&server.url("/feed.xml"))
            .unwrap()
            .unwrap();
        assert_eq!(state.etag.as_deref(), Some("\"feed-v1\""));
        assert!(
            store
                .has_article_url(&server.url("/articles/2.html"))
                .unwrap()
        );
    }

    let requests_before = server.requests().len();
    let out = chorus(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let second = ingest_summary(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(second["read"], 0, "{stderr}");
    assert_eq!(second["added"], 0, "{stderr}");
    assert!(stderr.contains("1 unchanged"), "{stderr}");
    let new: Vec<String> = server.requests()[requests_before..]
        .iter()
        .map(|r| r.path.clone())
        .collect();
    // Only the feeds (and the robots.txt of this new process): no item page.
    assert_eq!(new, ["/robots.txt", "/feed.xml", "/plain.xml"]);
    let conditional = server.requests_for("/feed.xml");
    assert_eq!(conditional[1].header("if-none-match"), Some("\"feed-v1\""));
}

fn rss(base: &str, full_text: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Valley Herald</title><link>{base}/</link>
<item><title>Dam opens its gates</title><link>{base}/articles/1.html</link>
<pubDate>Tue, 12 Mar 2024 09:00:00 GMT</pubDate><description>The dam opened.</description>
<content:encoded><![CDATA[<p>{full_text}</p><p>Residents living below the reservoir were told to stay away from the banks of the river for the rest of the week.</p>]]></content:encoded></item>
<item><title>River rises</title><link>{base}/articles/2.html</link>
<pubDate>Tue, 12 Mar 2024 10:00:00 GMT</pubDate><description>The river rose overnight.</description></item>
</channel></rss>"#
    )
}

fn atom(base: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Marrow Post</title>
<entry><title>Sandbags on the embankment</title><link href="{base}/articles/3.html"/>
<id>{base}/articles/3.html</id><updated>2024-03-12T11:00:00Z</updated>
<summary>Volunteers worked through the night in Marrow.</summary></entry>
<entry><title>Behind the paywall</title><link href="{base}/private/4.html"/>
<id>{base}/private/4.html</id><updated>2024-03-12T12:00:00Z</updated>
<summary>A story robots.txt keeps us from reading in full.</summary></entry>
</feed>"#
    )
}

const RAIN: &str = "It rained all day in Marrow on Tuesday, and the river rose by a metre before \
                    the evening, when the council opened the emergency shelter at the school.";

/// A PDF or an image is not an article: `fetch` warns and neither prints nor saves it, and a
/// feed item whose link is one keeps the feed's summary.
#[test]
fn non_html_responses_are_refused_and_feed_summaries_kept() {
    let mut pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\n".to_vec();
    pdf.extend((0..=255u8).cycle().take(4000));
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
    let base = Arc::new(Mutex::new(String::new()));
    let server = {
        let base = base.clone();
        Server::start(move |r| {
            let base = base.lock().unwrap().clone();
            match r.path.as_str() {
                "/robots.txt" => Reply::status(404),
                "/report.pdf" => Reply::ok("application/pdf", pdf.clone()),
                "/chart.png" => Reply::ok("image/png", png.clone()),
                "/news" => Reply::ok("text/html", article_page("Rain", RAIN)),
                "/feed.xml" => Reply::ok(
                    "application/rss+xml",
                    format!(
                        "<rss version=\"2.0\"><channel><title>Gazette</title>\
                         <item><title>Annual report</title><link>{base}/report.pdf</link>\
                         <description>The council published its annual flood report.</description>\
                         </item></channel></rss>"
                    ),
                ),
                _ => Reply::status(404),
            }
        })
    };
    *base.lock().unwrap() = server.base.clone();
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("pages");
    let (pdf_url, png_url, news) = (
        server.url("/report.pdf"),
        server.url("/chart.png"),
        server.url("/news"),
    );
    let out = chorus(&[
        "fetch",
        &pdf_url,
        &png_url,
        &news,
        "--out",
        out_dir.to_str().unwrap(),
        FAST[0],
        FAST[1],
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("{pdf_url}: not an HTML page (application/pdf)")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{png_url}: not an HTML page (image/png)")),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(RAIN) && !stdout.contains("PDF"), "{stdout}");
    assert_eq!(std::fs::read_dir(&out_dir).unwrap().count(), 1);
    let out = chorus(&["fetch", &pdf_url, FAST[0], FAST[1]]);
    assert_eq!(out.status.code(), Some(1));

    let feeds = dir.path().join("feeds.txt");
    std::fs::write(&feeds, server.url("/feed.xml")).unwrap();
    let db = dir.path().join("chorus.db");
    let out = chorus(&[
        "ingest",
        "--feeds",
        feeds.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
        FAST[0],
        FAST[1],
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("not an HTML page (application/pdf); keeping the feed's summary"),
        "{stderr}"
    );
    let found = ok(&[
        "search",
        "annual flood report",
        "--json",
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(found.contains("/report.pdf"), "{found}");
}

/// Relative item links are resolved against the feed's address after redirects: two sites'
/// feeds with the same relative links give two articles each completed from its own site.
#[test]
fn relative_feed_links_resolve_against_the_feed_url() {
    let feed = "<rss version=\"2.0\"><channel><title>Local news</title>\
                <item><title>Rising water</title><link>/a/rel1</link>\
                <description>Teaser about the water.</description></item>\
                <item><title>Closed roads</title><link>rel2</link>\
                <description>Teaser about the roads.</description></item>\
                </channel></rss>";
    let start = |site: &'static str| {
        Server::start(move |r| match r.path.as_str() {
            "/robots.txt" => Reply::status(404),
            "/old.xml" => Reply::redirect(301, "/feeds/main.xml"),
            "/feeds/main.xml" => Reply::ok("application/rss+xml", feed),
            "/a/rel1" => Reply::ok(
                "text/html",
                article_page("Rising water", &format!("{site} {RAIN}")),
            ),
            "/feeds/rel2" => Reply::ok(
                "text/html",
                article_page("Closed roads", &format!("{site} roads {RAIN}")),
            ),
            _ => Reply::status(404),
        })
    };
    let (north, south) = (start("Northtown"), start("Southville"));
    let dir = tempfile::tempdir().unwrap();
    let feeds = dir.path().join("feeds.txt");
    let list = format!("{}\n{}\n", north.url("/old.xml"), south.url("/old.xml"));
    std::fs::write(&feeds, list).unwrap();
    let db = dir.path().join("chorus.db");
    let db_arg = db.to_str().unwrap();
    let out = chorus(&[
        "ingest",
        "--feeds",
        feeds.to_str().unwrap(),
        "--db",
        db_arg,
        FAST[0],
        FAST[1],
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let summary = ingest_summary(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(summary["read"], 4, "{stderr}");
    for server in [&north, &south] {
        assert_eq!(server.requests_for("/a/rel1").len(), 1, "{stderr}");
        assert_eq!(server.requests_for("/feeds/rel2").len(), 1, "{stderr}");
    }
    let store = SqliteStore::open(&db, OpenMode::Existing).unwrap();
    for url in [
        north.url("/a/rel1"),
        south.url("/a/rel1"),
        north.url("/feeds/rel2"),
        south.url("/feeds/rel2"),
    ] {
        assert!(store.has_article_url(&url).unwrap(), "{url}");
    }
    let found = ok(&["search", "Southville", "--json", "--db", db_arg]);
    assert!(found.contains(&south.url("/a/rel1")), "{found}");
}
