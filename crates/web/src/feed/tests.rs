//! Unit tests of feed parsing: the three dialects, encodings, dates and authors.

use super::*;

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Daily &amp; Co</title><link>https://daily.example/</link>
<image><title>logo</title><link>https://daily.example/logo</link></image>
<item><title>Rain &lt;b&gt;falls&lt;/b&gt;</title><link>https://daily.example/rain</link>
<guid isPermaLink="false">rain-1</guid><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate>
<author>jane@daily.example (Jane Doe)</author><dc:creator>John Roe</dc:creator>
<description>It &lt;i&gt;rained&lt;/i&gt;.</description>
<content:encoded><![CDATA[<p>It rained <b>all</b> day.</p>]]></content:encoded></item>
<item><title>Second</title><description>Only a teaser &amp;c.</description></item>
</channel></rss>"#;

#[test]
fn rss2_items_with_content_and_dates() {
    let feed = parse_feed(RSS.as_bytes()).unwrap();
    assert_eq!(feed.title.as_deref(), Some("Daily & Co"));
    assert_eq!(feed.link.as_deref(), Some("https://daily.example/"));
    assert_eq!(feed.items.len(), 2);
    let item = &feed.items[0];
    assert_eq!(item.title.as_deref(), Some("Rain falls"));
    assert_eq!(item.id.as_deref(), Some("rain-1"));
    assert_eq!(item.link.as_deref(), Some("https://daily.example/rain"));
    assert_eq!(item.published.as_deref(), Some("2003-06-10T04:00:00+00:00"));
    assert_eq!(item.authors, ["Jane Doe", "John Roe"]);
    assert_eq!(
        item.content_html.as_deref(),
        Some("<p>It rained <b>all</b> day.</p>")
    );
    assert_eq!(item.summary.as_deref(), Some("It <i>rained</i>."));
    assert_eq!(feed.items[1].summary.as_deref(), Some("Only a teaser &c."));
}

#[test]
fn atom_links_content_types_and_authors() {
    let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Atom News</title>
<link rel="self" href="https://atom.example/feed.xml"/><link href="https://atom.example/"/>
<entry><title>One</title><id>urn:uuid:1</id>
<link rel="edit" href="https://atom.example/edit/1"/><link rel="alternate" href="https://atom.example/1"/>
<updated>2024-03-01T10:00:00Z</updated><author><name>Ann Lee</name><uri>https://x</uri></author>
<summary type="text">a &lt; b</summary>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello &amp; <em>bye</em></p></div></content>
</entry>
<entry><title>Two</title><published>2024-03-02T10:00:00+01:00</published>
<content type="html">&lt;p&gt;Escaped &amp;amp; html&lt;/p&gt;</content></entry>
</feed>"#;
    let feed = parse_feed(atom.as_bytes()).unwrap();
    assert_eq!(feed.title.as_deref(), Some("Atom News"));
    assert_eq!(feed.link.as_deref(), Some("https://atom.example/"));
    let one = &feed.items[0];
    assert_eq!(one.link.as_deref(), Some("https://atom.example/1"));
    assert_eq!(one.id.as_deref(), Some("urn:uuid:1"));
    assert_eq!(one.published.as_deref(), Some("2024-03-01T10:00:00Z"));
    assert_eq!(one.authors, ["Ann Lee"]);
    assert_eq!(one.summary.as_deref(), Some("a &lt; b"));
    let content = one.content_html.as_deref().unwrap();
    assert!(
        content.contains("<p>Hello &amp; <em>bye</em></p>"),
        "{content}"
    );
    let two = &feed.items[1];
    assert_eq!(
        two.content_html.as_deref(),
        Some("<p>Escaped &amp; html</p>")
    );
    assert_eq!(two.published.as_deref(), Some("2024-03-02T10:00:00+01:00"));
}

#[test]
fn rss1_rdf_items_are_siblings_of_the_channel() {
    let rdf = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example/"><title>RDF Site</title><link>https://rdf.example/</link></channel>
<item rdf:about="https://rdf.example/a"><title>A</title><link>https://rdf.example/a</link>
<dc:date>2020-01-02T03:04:05Z</dc:date><dc:creator>Kim</dc:creator><description>Text of A.</description></item>
</rdf:RDF>"#;
    let feed = parse_feed(rdf.as_bytes()).unwrap();
    assert_eq!(feed.title.as_deref(), Some("RDF Site"));
    assert_eq!(feed.items.len(), 1);
    assert_eq!(feed.items[0].authors, ["Kim"]);
    assert_eq!(
        feed.items[0].published.as_deref(),
        Some("2020-01-02T03:04:05Z")
    );
}

#[test]
fn wrong_encoding_declarations() {
    // Declares UTF-8, is Latin-1.
    let mut latin1 = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss><channel><title>Caf".to_vec();
    latin1.extend_from_slice(b"\xe9 M\xfcller</title></channel></rss>");
    let feed = parse_feed(&latin1).unwrap();
    assert_eq!(feed.title.as_deref(), Some("Café Müller"));
    // Declares ISO-8859-1, is UTF-8.
    let utf8 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>Café Müller</title></channel></rss>";
    assert_eq!(
        parse_feed(utf8.as_bytes()).unwrap().title.as_deref(),
        Some("Café Müller")
    );
    // Declares windows-1252 and is.
    let cp = b"<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss><channel><title>\x93quoted\x94</title></channel></rss>";
    assert_eq!(
        parse_feed(cp).unwrap().title.as_deref(),
        Some("\u{201c}quoted\u{201d}")
    );
    // UTF-16 with a BOM.
    let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><feed><title>Wide</title></feed>";
    let mut wide = vec![0xff, 0xfe];
    for unit in text.encode_utf16() {
        wide.extend_from_slice(&unit.to_le_bytes());
    }
    assert_eq!(parse_feed(&wide).unwrap().title.as_deref(), Some("Wide"));
}

#[test]
fn broken_feeds_keep_what_was_read() {
    let cut = "<rss><channel><title>T</title><item><title>A</title><description>x</description></item><item><title>B";
    let feed = parse_feed(cut.as_bytes()).unwrap();
    assert_eq!(feed.items.len(), 2);
    assert_eq!(feed.items[1].title.as_deref(), Some("B"));
    let html_entities = "<rss><channel><item><title>A&nbsp;&mdash;&nbsp;B &unknown; &#8217;</title></item></channel></rss>";
    let feed = parse_feed(html_entities.as_bytes()).unwrap();
    assert_eq!(
        feed.items[0].title.as_deref(),
        Some("A \u{2014} B &unknown; \u{2019}")
    );
    assert!(matches!(
        parse_feed(b"<html><body>hi</body></html>"),
        Err(FeedError::NotAFeed(_))
    ));
    assert!(matches!(parse_feed(b""), Err(FeedError::NotAFeed(_))));
}

#[test]
fn sniffing() {
    assert!(looks_like_feed(RSS.as_bytes()));
    assert!(looks_like_feed(b"\xEF\xBB\xBF<!-- c --><feed xmlns=\"x\">"));
    assert!(!looks_like_feed(b"<html><body>"));
    assert!(!looks_like_feed(b"<rssx>"));
}

#[test]
fn dates() {
    assert_eq!(
        normalize_date("Sat, 07 Sep 2002 00:00:01 -0500"),
        "2002-09-07T00:00:01-05:00"
    );
    assert_eq!(
        normalize_date("7 Sep 02 13:05 EST"),
        "2002-09-07T13:05:00-05:00"
    );
    assert_eq!(normalize_date("2024-03-01"), "2024-03-01");
    assert_eq!(normalize_date(" 1476316800 "), "2016-10-13T00:00:00+00:00");
    assert_eq!(normalize_date("yesterday"), "yesterday");
}

#[test]
fn text_of_html() {
    assert_eq!(
        html_to_text("<p>One &amp; <b>two</b></p><p>Three<br>four</p><script>x()</script>"),
        "One & two\nThree\nfour"
    );
    assert_eq!(html_to_text("a < b"), "a < b");
}

#[test]
fn item_articles_full_and_summary_only() {
    let feed = parse_feed(RSS.as_bytes()).unwrap();
    let config = html::ExtractConfig {
        min_chars: 10,
        ..Default::default()
    };
    let origin = Origin {
        path: "f.rss".into(),
        line: None,
    };
    let a = item_article(&feed, &feed.items[0], origin.clone(), &config).unwrap();
    assert_eq!(a.id.as_str(), "rain-1");
    assert_eq!(a.title, "Rain falls");
    assert_eq!(a.text, "It rained all day.");
    assert_eq!(a.source.as_deref(), Some("Daily & Co"));
    assert_eq!(a.time.as_deref(), Some("2003-06-10T04:00:00+00:00"));
    assert_eq!(a.meta.authors, ["Jane Doe", "John Roe"]);
    assert!(!a.meta.summary_only);
    let b = item_article(&feed, &feed.items[1], origin.clone(), &config).unwrap();
    assert_eq!(b.text, "Only a teaser &c.");
    assert!(b.meta.summary_only);
    assert_eq!(b.id.0.len(), 16);
    let empty = FeedItem {
        title: Some("x".into()),
        ..Default::default()
    };
    assert!(matches!(
        item_article(&feed, &empty, origin, &config),
        Err(ItemError::Empty)
    ));
}

#[test]
fn hosts() {
    assert_eq!(
        host("https://www.Example.com:8080/a?b").as_deref(),
        Some("www.example.com")
    );
    assert_eq!(host("nope"), None);
}

#[test]
fn hostile_shapes_stay_linear() {
    // Each of these took quadratic time in a naive reader: a megabyte of `<`, of unclosed
    // scripts, of nested elements, of end tags that close nothing.
    let lts = "<".repeat(1 << 20);
    assert_eq!(html_to_text(&lts).len(), 1 << 20);
    let scripts = "<script>x".repeat(100_000);
    assert_eq!(html_to_text(&scripts), "");
    let nested = format!(
        "<rss><channel><item><description>{}{}</description></item></channel></rss>",
        "<div>".repeat(200_000),
        "</span>".repeat(200_000)
    );
    let feed = parse_feed(nested.as_bytes()).unwrap();
    assert_eq!(feed.items.len(), 1);
}

/// Joins like RFC 3986 for the shapes the tests use: absolute, host-relative and relative
/// references against a base ending in a directory or a file.
fn join(base: &str, reference: &str) -> Option<String> {
    if reference.contains("://") {
        return Some(reference.to_owned());
    }
    let (scheme, rest) = base.split_once("://")?;
    let host_end = rest.find('/').unwrap_or(rest.len());
    let host = &rest[..host_end];
    if let Some(path) = reference.strip_prefix('/') {
        return Some(format!("{scheme}://{host}/{path}"));
    }
    let dir = &rest[host_end
        ..rest
            .rfind('/')
            .filter(|&i| i >= host_end)
            .map_or(host_end, |i| i + 1)];
    let dir = if dir.is_empty() { "/" } else { dir };
    Some(format!("{scheme}://{host}{dir}{reference}"))
}

#[test]
fn relative_links_resolve_against_xml_base_and_the_feed_url() {
    let rss = r#"<rss version="2.0"><channel><title>T</title><link>/</link>
<item><title>One</title><link>/a/rel1</link></item>
<item><title>Two</title><link>a/rel2</link><guid>a/rel2</guid></item>
<item><title>Three</title><guid isPermaLink="true">/a/rel3</guid></item>
<item><title>Four</title><link>https://other.test/x</link></item>
</channel></rss>"#;
    let mut feed = parse_feed(rss.as_bytes()).unwrap();
    feed.resolve_links("http://h.test/feeds/main.xml", join);
    let links: Vec<_> = feed.items.iter().map(|i| i.link.as_deref()).collect();
    assert_eq!(
        links,
        [
            Some("http://h.test/a/rel1"),
            Some("http://h.test/feeds/a/rel2"),
            Some("http://h.test/a/rel3"),
            Some("https://other.test/x"),
        ]
    );
    assert_eq!(feed.link.as_deref(), Some("http://h.test/"));
    // A guid that does not say it is a permalink stays an identifier.
    assert_eq!(feed.items[1].id.as_deref(), Some("a/rel2"));
    assert_eq!(feed.items[2].id.as_deref(), Some("http://h.test/a/rel3"));

    let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://h.test/news/">
<title>A</title><link href="/"/>
<entry><title>E1</title><id>urn:x:1</id><link href="atom1"/></entry>
<entry xml:base="sport/"><title>E2</title><id>urn:x:2</id><link href="atom2"/></entry>
</feed>"#;
    let mut feed = parse_feed(atom.as_bytes()).unwrap();
    feed.resolve_links("http://elsewhere.test/feed.xml", join);
    assert_eq!(
        feed.items[0].link.as_deref(),
        Some("http://h.test/news/atom1")
    );
    assert_eq!(
        feed.items[1].link.as_deref(),
        Some("http://h.test/news/sport/atom2")
    );
    assert_eq!(feed.items[0].id.as_deref(), Some("urn:x:1"));
}
