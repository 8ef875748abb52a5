//! The dateline that opens a wire-style article: `WASHINGTON (AP) — `, `ATHENS, Greece — `,
//! `LONDON, March 12 (Reuters) - `. It says where an outlet filed the story, not what happened,
//! so a summary sentence leaves it out.

/// Most words a dateline's place takes in capitals (`NEW YORK`, `SALT LAKE CITY`).
const MAX_PLACE_WORDS: usize = 4;

/// Most words after the place's comma (`Greece`, `Fla.`, `March 12`, `Calif., Jan. 3`).
const MAX_DETAIL_WORDS: usize = 5;

/// Most words inside the agency's brackets (`(AP)`, `(CNN Business)`).
const MAX_AGENCY_WORDS: usize = 3;

/// The length in bytes of the dateline that opens `text`, with the space after its dash; 0 when
/// it opens with none.
///
/// A dateline is a place in capitals (one to four words of capital letters, each of two
/// characters or more), optionally a comma and a few capitalized words or numbers (a region, a
/// date), optionally an agency in brackets (or the agency alone), then a dash (`—`, `–`, `-` or `--`) and a space.
/// What follows must open a sentence (a capital letter, a digit or a quotation mark), so that
/// `UN — the United Nations — said` keeps its words. Text in capitals that runs on into
/// lowercase words before the dash (`NASA officials said - …`) is no dateline.
pub fn dateline_len(text: &str) -> usize {
    // The words split at whitespace (a no-break space too), each with its byte offset.
    let mut words = text
        .split_whitespace()
        .map(|word| (word, word.as_ptr() as usize - text.as_ptr() as usize));
    // The place, in capitals: its last word may carry the comma.
    let mut place_words = 0;
    let mut after_comma = false;
    let mut next = words.next();
    while let Some((word, _)) = next {
        let bare = word.strip_suffix(',').unwrap_or(word);
        if place_words == MAX_PLACE_WORDS || !is_capitals(bare) {
            break;
        }
        place_words += 1;
        next = words.next();
        if bare.len() < word.len() {
            after_comma = true;
            break;
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
        while let Some((word, _)) = next {
            if detail == MAX_DETAIL_WORDS || is_dash(word) || word.starts_with('(') {
                break;
            }
            let first = word.chars().next().unwrap_or(' ');
            if !(first.is_uppercase() || first.is_ascii_digit()) {
                return 0;
            }
            detail += 1;
            next = words.next();
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
            let Some((word, _)) = next else { return 0 };
            agency += 1;
            next = words.next();
            if word.ends_with(')') {
                break;
            }
            if agency == MAX_AGENCY_WORDS {
                return 0;
            }
        }
    }
    // The dash, and a sentence after it.
    let Some((dash, _)) = next else { return 0 };
    if !is_dash(dash) {
        return 0;
    }
    let Some((_, body)) = words.next() else {
        return 0;
    };
    let opens_sentence = text[body..].chars().next().is_some_and(|c| {
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '\u{201c}' | '\u{2018}' | '\'')
    });
    if opens_sentence { body } else { 0 }
}

/// A word of the place: capital letters (and `.`, `'`, `’`, `-` inside), two characters or more,
/// at least one of them a letter.
fn is_capitals(word: &str) -> bool {
    word.chars().count() >= 2
        && word.chars().any(char::is_alphabetic)
        && word
            .chars()
            .all(|c| c.is_uppercase() || matches!(c, '.' | '\'' | '\u{2019}' | '-'))
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
            "",
            "   ",
        ] {
            assert_eq!(dateline_len(text), 0, "{text}");
        }
    }

    proptest::proptest! {
        /// The length is a char boundary of the text, and what is cut ends with a dash and a
        /// space.
        #[test]
        fn the_cut_is_a_boundary_after_a_dash(text in "[A-Za-z ,.()—–\\-\u{a0}\"é0-9]{0,40}") {
            let n = dateline_len(&text);
            proptest::prop_assert!(text.is_char_boundary(n));
            if n > 0 {
                let cut = text[..n].trim_end();
                proptest::prop_assert!(cut.ends_with(['—', '–', '-']), "{:?}", cut);
                proptest::prop_assert!(n < text.len());
            }
        }
    }
}
