//! Property tests: no input makes the feed parser, the feed-item reader or the WARC reader
//! panic, whether the bytes are random or a real-looking fixture with bytes flipped, inserted
//! or cut off (which reaches far deeper into the parsers than random bytes do).

use std::path::Path;

use proptest::prelude::*;
use web::{WarcConfig, WarcReader};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(path).unwrap()
}

/// One edit of a byte string: flip a byte, insert one, delete a range, or cut the end.
#[derive(Debug, Clone)]
enum Edit {
    Set(usize, u8),
    Insert(usize, u8),
    Delete(usize, usize),
    Cut(usize),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Set(i, b)),
        (
            any::<usize>(),
            prop_oneof![
                Just(b'<'),
                Just(b'>'),
                Just(b'&'),
                Just(b'\r'),
                Just(b'\n'),
                any::<u8>()
            ]
        )
            .prop_map(|(i, b)| Edit::Insert(i, b)),
        (any::<usize>(), 0usize..64).prop_map(|(i, n)| Edit::Delete(i, n)),
        any::<usize>().prop_map(Edit::Cut),
    ];
    proptest::collection::vec(edit, 1..8)
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for edit in edits {
        let len = bytes.len().max(1);
        match *edit {
            Edit::Set(i, b) => {
                if !bytes.is_empty() {
                    bytes[i % len] = b;
                }
            }
            Edit::Insert(i, b) => bytes.insert(i % (bytes.len() + 1), b),
            Edit::Delete(i, n) => {
                let start = i % len;
                let end = (start + n).min(bytes.len());
                if start < end {
                    bytes.drain(start..end);
                }
            }
            Edit::Cut(i) => bytes.truncate(i % len),
        }
    }
    bytes
}

fn read_feed_fully(bytes: &[u8]) {
    if let Ok(feed) = web::parse_feed(bytes) {
        let config = html::ExtractConfig::default();
        for item in &feed.items {
            let _ = web::item_article(&feed, item, model::Origin::default(), &config);
        }
    }
    let _ = web::feed::looks_like_feed(bytes);
}

fn read_warc_fully(bytes: &[u8], config: &WarcConfig) -> usize {
    let _ = web::warc::looks_like_warc(bytes);
    // Every error but the fatal ones lets reading go on; the reader always ends.
    WarcReader::new(bytes, config).unwrap().count()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn feed_parser_survives_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        read_feed_fully(&bytes);
    }

    #[test]
    fn feed_parser_survives_xml_like_text(text in "(<[a-z:]{1,8}( [a-z]+=\"[^\"]{0,8}\")?/?>|</[a-z:]{1,8}>|&[a-z#0-9]{0,6};?|<!\\[CDATA\\[|\\]\\]>|[^<&]{0,12}){0,64}") {
        read_feed_fully(format!("<rss><channel><item>{text}").as_bytes());
        read_feed_fully(format!("<feed><entry><content type=\"xhtml\">{text}").as_bytes());
    }

    #[test]
    fn feed_parser_survives_edited_feeds(edits in edits(), which in 0usize..3) {
        let name = ["harbour.rss", "harbour.atom", "teasers.rss"][which];
        read_feed_fully(&apply(fixture(name), &edits));
    }

    #[test]
    fn warc_reader_survives_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        read_warc_fully(&bytes, &WarcConfig::default());
        let mut warc = b"WARC/1.0\r\nContent-Length: 10\r\n\r\n".to_vec();
        warc.extend_from_slice(&bytes);
        read_warc_fully(&warc, &WarcConfig::default());
    }

    #[test]
    fn warc_reader_survives_edited_archives(edits in edits(), gz in any::<bool>(), small in any::<bool>()) {
        let bytes = apply(fixture(if gz { "crawl.warc.gz" } else { "crawl.warc" }), &edits);
        let config = if small {
            WarcConfig { max_record_bytes: 300, max_header_bytes: 200, max_expansion: 2 }
        } else {
            WarcConfig::default()
        };
        let entries = read_warc_fully(&bytes, &config);
        // Edits never make a reader loop: each entry takes at least one line of the file.
        if !gz {
            prop_assert!(entries <= bytes.iter().filter(|&&b| b == b'\n').count() + 1);
        }
    }
}
