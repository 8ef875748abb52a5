//! Bounded gzip decompression of whole inputs (`.jsonl.gz`, `.html.gz`, ...).

use std::io::Read;

use flate2::read::MultiGzDecoder;

use crate::Error;

/// Output may grow this many times the compressed bytes read, once past [`FREE_BYTES`]:
/// text compresses 3 to 10 times, and only degenerate input (a bomb of zeros) near deflate's
/// maximum of about 1,000.
const MAX_EXPANSION: u64 = 100;

/// Output below this size is never refused for its ratio (a small file of repeated lines may
/// compress very well).
const FREE_BYTES: u64 = 16 << 20;

/// Decompresses every gzip member of `bytes`, refusing output past `limit` bytes, or far
/// larger than its input (see [`MAX_EXPANSION`]), with [`Error::Decompressed`].
pub(crate) fn gunzip(bytes: &[u8], limit: u64) -> Result<Vec<u8>, Error> {
    let mut decoder = MultiGzDecoder::new(bytes);
    let mut out = Vec::new();
    let mut chunk = vec![0u8; 64 << 10];
    loop {
        let n = decoder.read(&mut chunk).map_err(Error::Read)?;
        if n == 0 {
            return Ok(out);
        }
        out.extend_from_slice(&chunk[..n]);
        let produced = out.len() as u64;
        let compressed = (bytes.len() - decoder.get_ref().len()).max(1) as u64;
        if produced > limit || (produced > FREE_BYTES && produced / compressed > MAX_EXPANSION) {
            return Err(Error::Decompressed {
                limit: limit.min(produced),
                compressed,
            });
        }
    }
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
        assert_eq!(gunzip(&two, 100).unwrap(), b"one\ntwo\n");
        assert!(matches!(
            gunzip(&gzip(&[b'x'; 1000]), 999),
            Err(Error::Decompressed { limit: 999, .. })
        ));
        let bomb = gzip(&vec![0u8; 64 << 20]);
        let err = gunzip(&bomb, u64::MAX).unwrap_err();
        assert!(err.to_string().contains("gzip bomb"), "{err}");
        assert!(matches!(gunzip(b"\x1f\x8bjunk", 100), Err(Error::Read(_))));
    }
}
