//! Bounded gzip decompression of whole inputs (`.jsonl.gz`, `.html.gz`, ...).

use std::io::Read;

use flate2::read::MultiGzDecoder;

use crate::{Error, text};

/// Output may grow this many times the compressed bytes read, once past [`FREE_BYTES`]:
/// text compresses 3 to 10 times, and only degenerate input (a bomb of zeros) near deflate's
/// maximum of about 1,000.
const MAX_EXPANSION: u64 = 100;

/// Output below this size is never refused for its ratio (a small file of repeated lines may
/// compress very well).
const FREE_BYTES: u64 = 16 << 20;

/// What a gzip input decompresses to.
#[derive(Debug)]
pub(crate) struct Gunzipped {
    /// The decompressed bytes: all of them, or those before the break.
    pub(crate) bytes: Vec<u8>,
    /// Why decompression stopped before the end of the input (a file cut short, or corrupt
    /// from some point on), when it did.
    pub(crate) broken: Option<std::io::Error>,
}

/// Decompresses every gzip member of `bytes`, refusing output past `limit` bytes, or far
/// larger than its input (see [`MAX_EXPANSION`]), with [`Error::Decompressed`].
///
/// A stream that breaks off is not an error here: what was decompressed before the break is
/// returned with the reason, and the caller decides whether a part of its input is of use (the
/// complete lines of JSON Lines are, a part of one document is not).
pub(crate) fn gunzip(bytes: &[u8], limit: u64) -> Result<Gunzipped, Error> {
    let mut decoder = MultiGzDecoder::new(bytes);
    let mut out = Vec::new();
    let mut chunk = vec![0u8; 64 << 10];
    let broken = loop {
        let n = match decoder.read(&mut chunk) {
            Ok(0) => break None,
            Ok(n) => n,
            Err(e) => break Some(e),
        };
        out.extend_from_slice(&chunk[..n]);
        let produced = out.len() as u64;
        let compressed = (bytes.len() - decoder.get_ref().len()).max(1) as u64;
        if produced > limit || (produced > FREE_BYTES && produced / compressed > MAX_EXPANSION) {
            return Err(Error::Decompressed {
                limit: limit.min(produced),
                compressed,
            });
        }
    };
    Ok(Gunzipped { bytes: out, broken })
}

/// Why bytes that a `.gz` name says are gzip and that do not start like gzip cannot be read as
/// plain text either (they look binary), or `None` when they can: `it is zstd-compressed`, or
/// the first bytes in hexadecimal.
pub(crate) fn not_gzip(bytes: &[u8]) -> Option<String> {
    // UTF-16 text is full of NUL bytes and is text all the same.
    if text::decode_utf16(bytes).is_some() {
        return None;
    }
    text::binary_offset(bytes)?;
    let compressed = [
        (&b"\x28\xb5\x2f\xfd"[..], "zstd"),
        (b"BZh", "bzip2"),
        (b"\xfd7zXZ\x00", "xz"),
        (b"PK\x03\x04", "zip"),
    ];
    if let Some((_, kind)) = compressed
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
    {
        return Some(format!("it is {kind}-compressed"));
    }
    let head: Vec<String> = bytes.iter().take(4).map(|b| format!("{b:02x}")).collect();
    Some(format!("it starts with bytes {}", head.join(" ")))
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::Compression;
    use flate2::write::GzEncoder;

    use super::*;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn members_limits_and_bombs() {
        let mut two = gzip(b"one\n");
        two.extend(gzip(b"two\n"));
        assert_eq!(gunzip(&two, 100).unwrap().bytes, b"one\ntwo\n");
        assert!(matches!(
            gunzip(&gzip(&[b'x'; 1000]), 999),
            Err(Error::Decompressed { limit: 999, .. })
        ));
        let bomb = gzip(&vec![0u8; 64 << 20]);
        let err = gunzip(&bomb, u64::MAX).unwrap_err();
        assert!(err.to_string().contains("gzip bomb"), "{err}");
        let junk = gunzip(b"\x1f\x8bjunk", 100).unwrap();
        assert!(junk.bytes.is_empty() && junk.broken.is_some());
    }

    #[test]
    fn what_a_file_named_gz_is_when_it_is_not_gzip() {
        assert_eq!(not_gzip(b"{\"text\":\"plain\"}\n"), None);
        assert_eq!(
            not_gzip(b"\x28\xb5\x2f\xfd\x00\x58\x01\x02").as_deref(),
            Some("it is zstd-compressed")
        );
        assert_eq!(
            not_gzip(b"\x00\x01\x02\x03\x04").as_deref(),
            Some("it starts with bytes 00 01 02 03")
        );
    }

    #[test]
    fn a_cut_stream_keeps_what_came_before_the_break() {
        let text: String = (1..=2000)
            .map(|i| format!("line {i} of {}\n", i * 7919 % 10007))
            .collect();
        let whole = gzip(text.as_bytes());
        let cut = gunzip(&whole[..whole.len() / 2], u64::MAX).unwrap();
        let broken = cut.broken.expect("a cut stream is reported");
        assert_eq!(broken.kind(), std::io::ErrorKind::UnexpectedEof, "{broken}");
        assert!(!cut.bytes.is_empty() && cut.bytes.len() < text.len());
        assert!(text.as_bytes().starts_with(&cut.bytes));
        assert!(gunzip(&whole, u64::MAX).unwrap().broken.is_none());
    }
}
