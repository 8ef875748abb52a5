//! The dateline that opens a wire-style article: `WASHINGTON (AP) — `, `ATHENS, Greece — `,
//! `LONDON, March 12 (Reuters) - `, `SINGAPORE: `, `Bisnis.com, JAKARTA - `, `（早报讯）`. It says
//! where an outlet filed the story, not what happened, so a summary sentence leaves it out.

/// Most words a dateline's place takes in capitals (`NEW YORK`, `SALT LAKE CITY`).
const MAX_PLACE_WORDS: usize = 4;

/// Most words after the place's comma (`Greece`, `Fla.`, `March 12`, `Calif., Jan. 3`).
const MAX_DETAIL_WORDS: usize = 5;

/// Most words inside the agency's brackets (`(AP)`, `(CNN Business)`).
const MAX_AGENCY_WORDS: usize = 3;

/// Most characters inside the brackets of a Chinese dispatch marker (`（早报讯）`,
/// `（观察者网讯）`).
const MAX_MARKER_CHARS: usize = 10;

/// The length in bytes of the dateline that opens `text`, with the space after it; 0 when it
/// opens with none.
///
/// A dateline is a place in capitals (one to four words of capital letters, each of two
/// characters or more), optionally a comma and a few capitalized words or numbers (a region, a
/// date), optionally an agency in brackets (or the agency alone), then a dash (`—`, `–`, `-` or
/// `--`) or a colon (`SINGAPORE: `, `BEIJING : `, `KARACHI, Pakistan: `). An outlet's web address
/// may come first (`Bisnis.com, JAKARTA - `). What follows must open a sentence (a capital
/// letter, a digit or a quotation mark), so that `UN — the United Nations — said` keeps its
/// words. Text in capitals that runs on into lowercase words before the dash (`NASA officials
/// said - …`) is no dateline. In Chinese, a dispatch marker in brackets that ends in 讯 or 电
/// (`（早报讯）`) is one.
pub fn dateline_len(text: &str) -> usize {
    let marker = dispatch_marker_len(text);
    if marker > 0 {
        return marker;
    }
    // The words split at whitespace (a no-break space too), each with its byte offset.
    let mut words = text
        .split_whitespace()
        .map(|word| (word, word.as_ptr() as usize - text.as_ptr() as usize));
    let mut next = words.next();
    // An outlet's web address before the place.
    if next.is_some_and(|(word, _)| is_address_with_comma(word)) {
        next = words.next();
    }
    // The place, in capitals: its last word may carry the comma, or the colon that ends the
    // dateline.
    let mut place_words = 0;
    let mut after_comma = false;
    while let Some((word, at)) = next {
        let (bare, mark) = without_mark(word);
        if place_words == MAX_PLACE_WORDS || !is_capitals(bare) {
            break;
        }
        place_words += 1;
        next = words.next();
        match mark {
            Some(',') => {
                after_comma = true;
                break;
            }
            Some(_) => return body_after(text, at + word.len(), next),
            None => {}
        }
    }
    // An agency alone (`(CNN) — `) is a dateline too.
    let agency_first = next.is_some_and(|(word, _)| is_agency_start(word));
    if place_words == 0 && !agency_first {
        return 0;
    }
    // A region or date after the comma.
    if after_comma {
        let mut detail = 0;
        while let Some((word, at)) = next {
            if detail == MAX_DETAIL_WORDS || is_dash(word) || word.starts_with(['(', ':']) {
                break;
            }
            let first = word.chars().next().unwrap_or(' ');
            if !(first.is_uppercase() || first.is_ascii_digit()) {
                return 0;
            }
            detail += 1;
            next = words.next();
            if word.ends_with(':') {
                return body_after(text, at + word.len(), next);
            }
        }
        if detail == 0 {
            return 0;
        }
    }
    // The agency, in brackets.
    if let Some((word, _)) = next
        && is_agency_start(word)
    {
        let mut agency = 0;
        loop {
            let Some((word, at)) = next else { return 0 };
            agency += 1;
            next = words.next();
            if word.ends_with("):") {
                return body_after(text, at + word.len(), next);
            }
            if word.ends_with(')') {
                break;
            }
            if agency == MAX_AGENCY_WORDS {
                return 0;
            }
        }
    }
    // The dash or the colon, and a sentence after it.
    let Some((word, at)) = next else { return 0 };
    if is_dash(word) || word == ":" {
        body_after(text, at + word.len(), words.next())
    } else if let Some(rest) = word.strip_prefix(':') {
        // `SINGAPORE :China's`: the colon runs into the first word.
        if opens_sentence(rest) { at + 1 } else { 0 }
    } else {
        0
    }
}

/// Where the sentence after a dateline that ends at byte `end` starts: at `next`, the word
/// after it, when that word opens a sentence; else 0 (no dateline).
fn body_after(text: &str, end: usize, next: Option<(&str, usize)>) -> usize {
    match next {
        Some((_, body)) if body > end && opens_sentence(&text[body..]) => body,
        _ => 0,
    }
}

/// Whether `text` opens a sentence: a capital letter, a digit or a quotation mark.
fn opens_sentence(text: &str) -> bool {
    text.chars().next().is_some_and(|c| {
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '\u{201c}' | '\u{2018}' | '\'')
    })
}

/// A word without the comma or colon it ends with, and that mark.
fn without_mark(word: &str) -> (&str, Option<char>) {
    match word.strip_suffix([',', ':']) {
        Some(bare) => (bare, word.chars().last()),
        None => (word, None),
    }
}

/// `Bisnis.com,`: a web address (letters, digits and hyphens in two or more dotted parts, the
/// last of two to four letters) and a comma.
fn is_address_with_comma(word: &str) -> bool {
    let Some(address) = word.strip_suffix(',') else {
        return false;
    };
    let parts: Vec<&str> = address.split('.').collect();
    let last = parts.last().copied().unwrap_or("");
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && (2..=4).contains(&last.len())
        && last.chars().all(|c| c.is_ascii_lowercase())
}

/// The length in bytes of a Chinese dispatch marker that opens `text` (`（早报讯）`, `(新华社电)`),
/// with the spaces after it, when text follows; else 0.
fn dispatch_marker_len(text: &str) -> usize {
    let Some(inner) = text.strip_prefix(['（', '(', '【']) else {
        return 0;
    };
    let Some((close, closer)) = inner
        .char_indices()
        .take(MAX_MARKER_CHARS + 1)
        .find(|&(_, c)| matches!(c, '）' | ')' | '】'))
    else {
        return 0;
    };
    if !inner[..close].ends_with(['讯', '电']) {
        return 0;
    }
    let end = text.len() - inner.len() + close + closer.len_utf8();
    let body = end + (text[end..].len() - text[end..].trim_start().len());
    if body < text.len() { body } else { 0 }
}

/// A word of the place: capital letters (and `.`, `'`, `’`, `-`, `/` inside), two characters or
/// more, at least one of them a letter.
fn is_capitals(word: &str) -> bool {
    word.chars().count() >= 2
        && word.chars().any(char::is_alphabetic)
        && word
            .chars()
            .all(|c| c.is_uppercase() || matches!(c, '.' | '\'' | '\u{2019}' | '-' | '/'))
}

/// Whether a word opens an agency's brackets: `(AP)`, `(CNN`, not `(a)`.
fn is_agency_start(word: &str) -> bool {
    word.strip_prefix('(')
        .and_then(|rest| rest.chars().next())
        .is_some_and(char::is_uppercase)
}

fn is_dash(word: &str) -> bool {
    matches!(word, "\u{2014}" | "\u{2013}" | "-" | "--")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> &str {
        &text[dateline_len(text)..]
    }

    #[test]
    fn wire_datelines_are_found() {
        for (text, expected) in [
            ("WASHINGTON (AP) — The Senate voted.", "The Senate voted."),
            ("WASHINGTON — The Senate voted.", "The Senate voted."),
            ("WASHINGTON\u{a0}– The Senate voted.", "The Senate voted."),
            ("NEW YORK (AP) — Stocks fell.", "Stocks fell."),
            ("ATHENS, Greece (AP) — Fires spread.", "Fires spread."),
            ("PALM BEACH, Fla. — Trump spoke.", "Trump spoke."),
            (
                "LONDON, March 12 (Reuters) - Shares rose 3%.",
                "Shares rose 3%.",
            ),
            (
                "OTTAWA -- \u{201c}We will act,\u{201d} he said.",
                "\u{201c}We will act,\u{201d} he said.",
            ),
            (
                "SAN JOSE, Calif. (CNN Business) — 12 people left.",
                "12 people left.",
            ),
            ("SINGAPORE: A tree fell.", "A tree fell."),
            ("BEIJING :     China will act.", "China will act."),
            ("SINGAPORE :China's imports rose.", "China's imports rose."),
            ("KUALA LUMPUR: Rain fell.", "Rain fell."),
            (
                "KARACHI, Pakistan: At least nine died.",
                "At least nine died.",
            ),
            ("SAN JUAN, Puerto Rico: Power failed.", "Power failed."),
            ("HONG KONG/SYDNEY - Shares fell.", "Shares fell."),
            ("Bisnis.com, JAKARTA – Prices rose.", "Prices rose."),
            ("（早报讯） 据报道，财长辞职。", "据报道，财长辞职。"),
            ("（早报讯）我国有意落实退费制。", "我国有意落实退费制。"),
        ] {
            assert_eq!(body(text), expected, "{text}");
        }
    }

    #[test]
    fn sentences_that_open_in_capitals_keep_their_words() {
        for text in [
            "NASA officials said on Monday - in a statement - that the launch slipped.",
            "UN — the United Nations — said it would vote.",
            "In Las Vegas — The show went on.",
            "The Senate voted — narrowly — on Tuesday.",
            "US",
            "WASHINGTON —",
            "WASHINGTON — ",
            "WASHINGTON (AP —",
            "COVID-19 - Cases rose.",
            "A — B.",
            "(CNN) — the network said.",
            "(Updated) Officials said.",
            "(a) — First item.",
            "NOTE: see below.",
            "SINGAPORE:",
            "SINGAPORE: ",
            "KARACHI, pakistan: x",
            "example.com, said - The x.",
            "Example.COM, JAKARTA - Prices rose.",
            "（注意）正文。",
            "（早报讯）",
            "他说：“我们会行动。”",
            "",
            "   ",
        ] {
            assert_eq!(dateline_len(text), 0, "{text}");
        }
    }

    proptest::proptest! {
        /// The length is a char boundary of the text, and what is cut ends with a dash, a colon
        /// or a dispatch marker's bracket (and the spaces after it).
        #[test]
        fn the_cut_is_a_boundary_after_a_dash_or_colon(
            text in "[A-Za-z ,.:/()（）讯—–\\-\u{a0}\"é0-9]{0,40}"
        ) {
            let n = dateline_len(&text);
            proptest::prop_assert!(text.is_char_boundary(n));
            if n > 0 {
                let cut = text[..n].trim_end();
                proptest::prop_assert!(
                    cut.ends_with(['—', '–', '-', ':', ')', '）', '】']),
                    "{:?}",
                    cut
                );
                proptest::prop_assert!(n < text.len());
            }
        }
    }
}
