//! Charset detection of fetched bytes, in the order the HTML standard gives: a byte-order mark,
//! then the charset of the `Content-Type` header, then the page's own `<meta>` declaration, then a
//! guess from the bytes (the last two are `html::decode`).

/// The `charset` parameter of a `Content-Type` header value, unquoted.
pub fn charset_of(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).trim())
            .filter(|v| !v.is_empty())
    })
}

/// Decodes fetched bytes to text: BOM, else the header's charset (when encoding_rs knows the
/// label), else the page's declaration, else a guess.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> String {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding.decode_with_bom_removal(bytes).0.into_owned();
    }
    let declared = content_type
        .and_then(charset_of)
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()));
    match declared {
        Some(encoding) => encoding.decode_without_bom_handling(bytes).0.into_owned(),
        None => html::decode(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charset_parameter() {
        assert_eq!(
            charset_of("text/html; charset=ISO-8859-1"),
            Some("ISO-8859-1")
        );
        assert_eq!(charset_of("text/html;Charset=\"utf-8\""), Some("utf-8"));
        assert_eq!(charset_of("text/html"), None);
        assert_eq!(charset_of("text/html; charset="), None);
    }

    #[test]
    fn header_charset_wins_over_guess() {
        // "café" in Latin-1 and in KOI8-R read differently; the header decides.
        let bytes = b"caf\xe9";
        assert_eq!(
            decode(bytes, Some("text/plain; charset=iso-8859-1")),
            "café"
        );
        assert_eq!(decode(bytes, Some("text/plain; charset=koi8-r")), "cafИ");
    }

    #[test]
    fn bom_wins_over_header() {
        let bytes = b"\xef\xbb\xbfcaf\xc3\xa9";
        assert_eq!(decode(bytes, Some("text/html; charset=iso-8859-1")), "café");
    }

    #[test]
    fn undeclared_latin1_is_guessed() {
        let page = "<html><body><p>Le président a déclaré que la réunion à Genève était \
                    terminée, et les ministres étrangers sont rentrés chez eux après une journée \
                    difficile.</p></body></html>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(page);
        assert_eq!(decode(&bytes, Some("text/html")), page);
        assert_eq!(decode(&bytes, None), page);
    }

    #[test]
    fn meta_charset_applies_without_a_header_charset() {
        let page = "<html><head><meta charset=\"windows-1251\"></head><body><p>Президент \
                    заявил, что переговоры завершились.</p></body></html>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(page);
        assert_eq!(decode(&bytes, Some("text/html")), page);
    }

    #[test]
    fn unknown_label_falls_back_to_the_page() {
        let page = "<meta charset=utf-8><p>naïve</p>";
        assert_eq!(
            decode(page.as_bytes(), Some("text/html; charset=bogus")),
            page
        );
    }
}
