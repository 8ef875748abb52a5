//! Unit tests of the WARC reader: framing, payload decoding, skipping, truncation, resync, bombs.

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;

use super::*;

/// One WARC record with the given headers (Content-Length added) and block.
fn record(kind: &str, extra: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\n{extra}Content-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn response(url: &str, http: &[u8]) -> Vec<u8> {
    record(
        "response",
        &format!(
            "WARC-Target-URI: {url}\r\nWARC-Date: 2024-05-01T12:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
        ),
        http,
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn read_all(bytes: &[u8]) -> Vec<Result<WarcEntry, WarcError>> {
    WarcReader::new(bytes, &WarcConfig::default())
        .unwrap()
        .collect()
}

const PAGE: &[u8] =
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><p>Hi</p></html>";

#[test]
fn pages_and_skipped_records() {
    let mut file = record(
        "warcinfo",
        "Content-Type: application/warc-fields\r\n",
        b"software: x\r\n",
    );
    file.extend(record("request", "", b"GET / HTTP/1.1\r\n\r\n"));
    file.extend(response("https://a.example/1", PAGE));
    file.extend(response(
        "https://a.example/logo.png",
        b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
    ));
    file.extend(response(
        "https://a.example/old",
        b"HTTP/1.1 301 Moved\r\nLocation: /new\r\nContent-Type: text/html\r\n\r\n<html>moved</html>",
    ));
    let entries = read_all(&file);
    let kinds: Vec<String> = entries
        .iter()
        .map(|e| match e {
            Ok(WarcEntry::Page(p)) => format!("page {} {}", p.record, p.url.as_deref().unwrap()),
            Ok(WarcEntry::Skipped { record, kind, .. }) => format!("skip {record} {kind}"),
            Err(e) => format!("error {e}"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "skip 1 warcinfo",
            "skip 2 request",
            "page 3 https://a.example/1",
            "skip 4 response image/png",
            "skip 5 response status 301",
        ]
    );
    let Ok(WarcEntry::Page(page)) = &entries[2] else {
        unreachable!()
    };
    assert_eq!(page.body, b"<html><p>Hi</p></html>");
    assert_eq!(page.date.as_deref(), Some("2024-05-01T12:00:00Z"));
    assert_eq!(page.status, Some(200));
    // Per-record gzip members and a whole-file member read the same.
    let per_record: Vec<u8> = {
        let mut out = Vec::new();
        let mut rest = &file[..];
        while let Some(i) = rest.windows(8).skip(1).position(|w| w == b"WARC/1.1") {
            out.extend(gzip(&rest[..i + 1]));
            rest = &rest[i + 1..];
        }
        out.extend(gzip(rest));
        out
    };
    let as_text = |entries: Vec<Result<WarcEntry, WarcError>>| {
        entries
            .into_iter()
            .map(|e| format!("{:?}", e.map_err(|e| e.to_string())))
            .collect::<Vec<_>>()
    };
    assert_eq!(as_text(read_all(&per_record)), as_text(read_all(&file)));
    assert_eq!(as_text(read_all(&gzip(&file))), as_text(read_all(&file)));
    assert!(looks_like_warc(&per_record) && looks_like_warc(&file));
    assert!(!looks_like_warc(b"<html>"));
}

#[test]
fn chunked_gzip_and_untyped_payloads() {
    let body = b"<!DOCTYPE html><html><body>Chunks</body></html>";
    let zipped = gzip(body);
    let mut http =
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
    let (a, b) = zipped.split_at(10);
    for chunk in [a, b] {
        http.extend(format!("{:x};ext=1\r\n", chunk.len()).into_bytes());
        http.extend_from_slice(chunk);
        http.extend_from_slice(b"\r\n");
    }
    http.extend_from_slice(b"0\r\n\r\n");
    let entries = read_all(&response("https://c.example/", &http));
    let Ok(WarcEntry::Page(page)) = &entries[0] else {
        panic!("{entries:?}")
    };
    assert_eq!(page.body, body);
}

#[test]
fn truncated_record_stops_reading() {
    let mut file = response("https://a.example/1", PAGE);
    let second = response("https://a.example/2", PAGE);
    file.extend_from_slice(&second[..second.len() - 30]);
    let entries = read_all(&file);
    assert_eq!(entries.len(), 2);
    let Err(e) = &entries[1] else { panic!() };
    assert!(e.is_fatal());
    let offset = file.len() - (second.len() - 30);
    assert_eq!(
        e.to_string(),
        format!(
            "record 2 at byte {offset} is truncated: its header declares {} bytes, the file holds {}",
            PAGE.len(),
            PAGE.len() - 26
        )
    );
    // Cut inside the headers.
    let entries = read_all(b"WARC/1.0\r\nWARC-Type: response\r\n");
    assert!(matches!(
        &entries[..],
        [Err(WarcError::Truncated {
            record: 1,
            offset: 0,
            ..
        })]
    ));
}

#[test]
fn malformed_record_resyncs() {
    let mut file =
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: many\r\n\r\njunk\r\n".to_vec();
    file.extend(response("https://a.example/1", PAGE));
    let entries = read_all(&file);
    assert!(matches!(
        &entries[0],
        Err(WarcError::Malformed { record: 1, .. })
    ));
    assert!(matches!(&entries[1], Ok(WarcEntry::Page(p)) if p.record == 2));
    let entries = read_all(b"garbage\nmore garbage\n");
    assert!(matches!(
        &entries[..],
        [Err(WarcError::Malformed {
            record: 1,
            offset: 0,
            ..
        })]
    ));
}

#[test]
fn oversized_records_are_skipped_and_bombs_refused() {
    let config = WarcConfig {
        max_record_bytes: 1000,
        ..WarcConfig::default()
    };
    let big = vec![b'a'; 2000];
    let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec();
    http.extend_from_slice(&big);
    let mut file = response("https://a.example/big", &http);
    file.extend(response("https://a.example/1", PAGE));
    let entries: Vec<_> = WarcReader::new(&file[..], &config).unwrap().collect();
    assert!(
        matches!(&entries[0], Err(WarcError::TooLarge { record: 1, size, .. }) if *size == http.len() as u64)
    );
    assert!(matches!(&entries[1], Ok(WarcEntry::Page(_))));
    // A bomb: a small gzip member that expands to zeros far past the limit.
    let mut bomb = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 50000000\r\n\r\n".to_vec();
    bomb.extend(vec![0u8; 50_000_000]);
    let zipped = gzip(&bomb);
    let entries: Vec<_> = WarcReader::new(&zipped[..], &config).unwrap().collect();
    assert!(
        matches!(entries.last(), Some(Err(WarcError::Bomb { .. }))),
        "{entries:?}"
    );
    // A payload whose content encoding is a bomb.
    let mut http =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
    http.extend(gzip(&vec![b' '; 100_000]));
    let entries: Vec<_> = WarcReader::new(
        &response("https://b/", &http)[..],
        &WarcConfig {
            max_record_bytes: 10_000,
            ..WarcConfig::default()
        },
    )
    .unwrap()
    .collect();
    assert!(
        matches!(&entries[0], Err(WarcError::Payload { reason, .. }) if reason.contains("gzip bomb")),
        "{entries:?}"
    );
}

#[test]
fn sniffs_untyped_html() {
    assert!(html::looks_like_html(
        b"\n  <!doctype HTML><title>x</title>"
    ));
    assert!(html::looks_like_html(b"<head><title>x"));
    assert!(!html::looks_like_html(b"GIF89a"));
    assert!(!html::looks_like_html(b"{\"json\": 1}"));
}
