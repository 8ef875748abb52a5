//! Plain-text articles: the first non-empty line is the title, everything after it is the body.
//!
//! Also the byte-level checks every text input goes through (empty, binary, UTF-8), and the
//! decoding of UTF-16 text that opens with a byte order mark.

use std::borrow::Cow;

use crate::Error;

/// Checks raw bytes for being usable text and returns them as text (a leading BOM dropped).
///
/// UTF-8 is borrowed as it is; UTF-16 with a byte order mark is decoded into UTF-8, the text
/// an article then holds and every offset points into.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, Error> {
    let text = match decode_utf16(bytes) {
        Some(decoded) => {
            let decoded = decoded?;
            if let Some(offset) = binary_offset(decoded.as_bytes()) {
                return Err(Error::Binary { offset });
            }
            Cow::Owned(decoded)
        }
        None => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            if let Some(offset) = binary_offset(bytes) {
                return Err(Error::Binary { offset });
            }
            let text = std::str::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
                offset: e.valid_up_to(),
            })?;
            Cow::Borrowed(text)
        }
    };
    if text.trim().is_empty() {
        return Err(Error::Empty);
    }
    Ok(text)
}

/// The UTF-8 text of UTF-16 bytes that open with a byte order mark (little- or big-endian), the
/// mark dropped; `None` when the bytes open with no such mark. An unpaired surrogate or a lone
/// last byte is [`Error::InvalidUtf16`].
pub fn decode_utf16(bytes: &[u8]) -> Option<Result<String, Error>> {
    let (big_endian, body) = if let Some(body) = bytes.strip_prefix(b"\xFF\xFE") {
        (false, body)
    } else {
        (true, bytes.strip_prefix(b"\xFE\xFF")?)
    };
    let units = body.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    let mut text = String::with_capacity(body.len());
    let mut unit = 0;
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => {
                text.push(c);
                unit += c.len_utf16();
            }
            Err(_) => {
                return Some(Err(Error::InvalidUtf16 {
                    offset: 2 + 2 * unit,
                }));
            }
        }
    }
    if body.len() % 2 == 1 {
        return Some(Err(Error::InvalidUtf16 {
            offset: bytes.len() - 1,
        }));
    }
    Some(Ok(text))
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

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut bytes = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in text.encode_utf16() {
            bytes.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        bytes
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let text = "Café in Zürich 😀\r\n\r\nBody.\n";
        for big_endian in [false, true] {
            let bytes = utf16(text, big_endian);
            assert_eq!(decode(&bytes).unwrap(), text);
            assert_eq!(decode_utf16(&bytes).unwrap().unwrap(), text);
        }
        assert!(decode_utf16(b"plain").is_none());
        // A lone high surrogate, then a lone last byte.
        assert!(matches!(
            decode(b"\xFF\xFEA\x00\x00\xD8B\x00"),
            Err(Error::InvalidUtf16 { offset: 4 })
        ));
        assert!(matches!(
            decode(b"\xFF\xFEA\x00B"),
            Err(Error::InvalidUtf16 { offset: 4 })
        ));
        assert!(matches!(decode(&utf16(" \n ", false)), Err(Error::Empty)));
        assert!(matches!(
            decode(&utf16("a\u{0}b", true)),
            Err(Error::Binary { offset: 1 })
        ));
    }
}
