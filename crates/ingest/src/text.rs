//! Plain-text articles: the first non-empty line is the title, everything after it is the body.
//!
//! Also the byte-level checks every text input goes through (empty, binary, UTF-8).

use crate::Error;

/// Checks raw bytes for being usable text and returns them as `&str` (a leading BOM dropped).
pub fn decode(bytes: &[u8]) -> Result<&str, Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(offset) = binary_offset(bytes) {
        return Err(Error::Binary { offset });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
        offset: e.valid_up_to(),
    })?;
    if text.trim().is_empty() {
        return Err(Error::Empty);
    }
    Ok(text)
}

/// The offset of a byte that marks the input as binary: a NUL anywhere in the first 8 KiB, or
/// a sample in which more than one byte in ten is a control character other than whitespace.
pub(crate) fn binary_offset(bytes: &[u8]) -> Option<usize> {
    let sample = &bytes[..bytes.len().min(8192)];
    if let Some(offset) = sample.iter().position(|&b| b == 0) {
        return Some(offset);
    }
    let is_control = |b: &u8| b.is_ascii_control() && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c);
    let controls = sample.iter().filter(|b| is_control(b)).count();
    if controls * 10 > sample.len() {
        return sample.iter().position(is_control);
    }
    None
}

/// Splits a text article into its title and body.
///
/// The title is the first non-empty line, trimmed; the body is everything after that line, kept
/// byte for byte so that offsets into it stay true. A file with only a title has an empty body.
pub fn split_title(text: &str) -> (&str, &str) {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let end = offset + line.len();
        if !line.trim().is_empty() {
            return (line.trim(), &text[end..]);
        }
        offset = end;
    }
    ("", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_is_first_non_empty_line() {
        let (title, body) = split_title("\n\n  A title  \r\n\nBody line.\n");
        assert_eq!(title, "A title");
        assert_eq!(body, "\nBody line.\n");
    }

    #[test]
    fn title_only() {
        assert_eq!(split_title("Only a title"), ("Only a title", ""));
    }

    #[test]
    fn rejects_binary_empty_and_bad_utf8() {
        assert!(matches!(
            decode(b"abc\0def"),
            Err(Error::Binary { offset: 3 })
        ));
        assert!(matches!(decode(b"  \n\t "), Err(Error::Empty)));
        assert!(matches!(
            decode(b"ok \xff\xfe"),
            Err(Error::InvalidUtf8 { offset: 3 })
        ));
        assert_eq!(decode(b"\xEF\xBB\xBFTitle").unwrap(), "Title");
    }
}
