//! Bounded gzip decompression of whole inputs (`.jsonl.gz`, `.html.gz`, ...), and of JSON Lines
//! streams too large to hold (see [`Streamed`]).

use std::io::{Read, Write};

use flate2::read::MultiGzDecoder;

use crate::{Error, text};

/// Output may grow this many times the compressed bytes read, once past [`FREE_BYTES`]:
/// text compresses 3 to 10 times, and only degenerate input (a bomb of zeros) near deflate's
/// maximum of about 1,000.
const MAX_EXPANSION: u64 = 100;

/// Output below this size is never refused for its ratio (a small file of repeated lines may
/// compress very well).
const FREE_BYTES: u64 = 16 << 20;

/// Why [`gunzip`] refused its input.
#[derive(Debug)]
pub(crate) enum Overflow {
    /// The output passed the limit while growing at a ratio text can have: a large input, which
    /// a JSON Lines file can be read as a stream instead ([`Streamed`]).
    Limit(Error),
    /// The output grew far past its input's size (see [`MAX_EXPANSION`]): a gzip bomb, or a
    /// wrong file.
    Ratio(Error),
}

impl Overflow {
    /// The error to report.
    pub(crate) fn into_error(self) -> Error {
        match self {
            Overflow::Limit(e) | Overflow::Ratio(e) => e,
        }
    }
}

/// Whether `produced` bytes out of `compressed` are far more than text expands to.
fn too_expanded(produced: u64, compressed: u64) -> bool {
    produced > FREE_BYTES && produced / compressed.max(1) > MAX_EXPANSION
}

/// What a gzip input decompresses to.
#[derive(Debug)]
pub(crate) struct Gunzipped {
    /// The decompressed bytes: all of them, or those before the break.
    pub(crate) bytes: Vec<u8>,
    /// Why decompression stopped before the end of the input (a file cut short, or corrupt
    /// from some point on), when it did.
    pub(crate) broken: Option<std::io::Error>,
}

/// Decompresses every gzip member of `bytes`, refusing output past `limit` bytes
/// ([`Error::DecompressedTooLarge`]), or far larger than its input (see [`MAX_EXPANSION`]),
/// with [`Error::Decompressed`] (the ratio is checked first, so that a bomb is never taken for
/// a large input).
///
/// A stream that breaks off is not an error here: what was decompressed before the break is
/// returned with the reason, and the caller decides whether a part of its input is of use (the
/// complete lines of JSON Lines are, a part of one document is not).
pub(crate) fn gunzip(bytes: &[u8], limit: u64) -> Result<Gunzipped, Overflow> {
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
        if too_expanded(produced, compressed) {
            return Err(Overflow::Ratio(Error::Decompressed {
                limit: limit.min(produced),
                compressed,
            }));
        }
        if produced > limit {
            return Err(Overflow::Limit(Error::DecompressedTooLarge { limit }));
        }
    };
    Ok(Gunzipped { bytes: out, broken })
}

/// The size a gzip file says its last member decompresses to (the trailer's ISIZE, modulo 4
/// GiB), or `None` when the file cannot be read or does not start like gzip. A hint only: a
/// file of several members, or of 4 GiB or more, decompresses to more than it says.
pub(crate) fn stated_size(path: &std::path::Path) -> Option<u64> {
    use std::io::{Seek, SeekFrom};
    let mut file = std::fs::File::open(path).ok()?;
    let mut magic = [0u8; 2];
    file.read_exact(&mut magic).ok()?;
    if magic != [0x1f, 0x8b] {
        return None;
    }
    // The smallest gzip member is 18 bytes: a 10-byte header, an empty deflate block and an
    // 8-byte trailer.
    file.seek(SeekFrom::End(-4)).ok().filter(|&at| at >= 14)?;
    let mut size = [0u8; 4];
    file.read_exact(&mut size).ok()?;
    Some(u64::from(u32::from_le_bytes(size)))
}

/// The decompressed bytes of a gzip file read as they are needed, for a JSON Lines file too
/// large to hold whole: no limit on the total, since the caller holds one line at a time, but
/// the same guard against a bomb as [`gunzip`]. A stream that grows far past its compressed size
/// fails with a read error saying so.
pub(crate) struct Streamed<R: Read> {
    decoder: MultiGzDecoder<Counted<R>>,
    produced: u64,
}

impl<R: Read> Streamed<R> {
    /// Decompresses every gzip member of `input`.
    pub(crate) fn new(input: R) -> Self {
        Streamed {
            decoder: MultiGzDecoder::new(Counted {
                inner: input,
                count: 0,
            }),
            produced: 0,
        }
    }
}

impl<R: Read> Read for Streamed<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.decoder.read(buf)?;
        self.produced += n as u64;
        // Compressed bytes the decoder has taken from the input so far.
        let compressed = self.decoder.get_ref().count;
        if too_expanded(self.produced, compressed) {
            let error = Error::Decompressed {
                limit: self.produced,
                compressed,
            };
            return Err(std::io::Error::other(error.to_string()));
        }
        Ok(n)
    }
}

/// A reader that counts the bytes read through it.
struct Counted<R> {
    inner: R,
    count: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

/// A reader that writes a copy of every byte read through it to `copy`: the copy of a large
/// `.jsonl.gz` (decompressed) or of standard input that its index points into. A failed write
/// fails the read, saying so.
pub(crate) struct Tee<R, W> {
    pub(crate) inner: R,
    pub(crate) copy: W,
}

impl<R: Read, W: Write> Read for Tee<R, W> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.copy.write_all(&buf[..n]).map_err(copy_not_written)?;
        Ok(n)
    }
}

/// A failed write of the copy to index, said to be one.
pub(crate) fn copy_not_written(e: std::io::Error) -> std::io::Error {
    let why = format!("cannot write the copy to index (is its folder full?): {e}");
    std::io::Error::new(e.kind(), why)
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
            Err(Overflow::Limit(Error::DecompressedTooLarge { limit: 999 }))
        ));
        let bomb = gzip(&vec![0u8; 64 << 20]);
        let err = gunzip(&bomb, u64::MAX).unwrap_err();
        assert!(matches!(err, Overflow::Ratio(_)));
        assert!(err.into_error().to_string().contains("gzip bomb"));
        // A bomb under a limit it passes is still a bomb, not a large input.
        assert!(matches!(gunzip(&bomb, 20 << 20), Err(Overflow::Ratio(_))));
        // Streamed, it is stopped as it grows.
        let mut streamed = Streamed::new(&bomb[..]);
        let mut sink = Vec::new();
        let err = streamed.read_to_end(&mut sink).unwrap_err();
        assert!(err.to_string().contains("gzip bomb"), "{err}");
        assert!(sink.len() < 32 << 20, "{}", sink.len());
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
        // Streamed: the same bytes, then the same break.
        let mut streamed = Streamed::new(&whole[..whole.len() / 2]);
        let mut out = Vec::new();
        let mut chunk = [0u8; 4096];
        let broken = loop {
            match streamed.read(&mut chunk) {
                Ok(0) => break None,
                Ok(n) => out.extend_from_slice(&chunk[..n]),
                Err(e) => break Some(e),
            }
        };
        assert_eq!(out, cut.bytes);
        assert_eq!(
            broken.map(|e| e.kind()),
            Some(std::io::ErrorKind::UnexpectedEof)
        );
        let mut two = gzip(b"one\n");
        two.extend(gzip(b"two\n"));
        let mut out = Vec::new();
        Streamed::new(&two[..]).read_to_end(&mut out).unwrap();
        assert_eq!(out, b"one\ntwo\n");
    }

    #[test]
    fn the_stated_size_is_the_last_members_and_only_of_gzip() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            path
        };
        let one = write("one.gz", &gzip(&[b'a'; 70_000]));
        assert_eq!(stated_size(&one), Some(70_000));
        let two = write("two.gz", &[gzip(&[b'a'; 500]), gzip(b"tail")].concat());
        assert_eq!(stated_size(&two), Some(4), "a hint: the last member's size");
        assert_eq!(stated_size(&write("empty.gz", &gzip(b""))), Some(0));
        assert_eq!(
            stated_size(&write("text.gz", b"plain text, \xff\xff\xff\xff")),
            None
        );
        assert_eq!(stated_size(&write("short.gz", b"\x1f\x8b\x08")), None);
        assert_eq!(stated_size(&dir.path().join("missing.gz")), None);
    }

    #[test]
    fn a_tee_copies_what_is_read_and_names_a_failed_write() {
        let mut copy = Vec::new();
        let mut out = Vec::new();
        Tee {
            inner: &b"some bytes"[..],
            copy: &mut copy,
        }
        .read_to_end(&mut out)
        .unwrap();
        assert_eq!(
            (out.as_slice(), copy.as_slice()),
            (&b"some bytes"[..], &b"some bytes"[..])
        );
        let mut full = [0u8; 4];
        let err = Tee {
            inner: &b"some bytes"[..],
            copy: &mut full[..],
        }
        .read_to_end(&mut Vec::new())
        .unwrap_err();
        assert!(err.to_string().contains("copy to index"), "{err}");
    }
}
