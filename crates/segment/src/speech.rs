//! Words that report speech, and whether a quoted sentence says who spoke outside its quotation.

/// Verb forms that attribute words to a speaker (`said`, `told`, `warned`, `denied`, ...): the
/// quotation and reported-speech analysis looks for them, and the summarizer reads them as an
/// outlet's attribution of a quotation.
pub const SPEECH_VERBS: &[&str] = &[
    "say",
    "says",
    "said",
    "saying",
    "tell",
    "tells",
    "told",
    "add",
    "adds",
    "added",
    "adding",
    "stated",
    "claim",
    "claims",
    "claimed",
    "claiming",
    "insist",
    "insists",
    "insisted",
    "maintain",
    "maintains",
    "maintained",
    "allege",
    "alleges",
    "alleged",
    "accuse",
    "accuses",
    "accused",
    "accusing",
    "describe",
    "describes",
    "described",
    "describing",
    "warn",
    "warns",
    "warned",
    "argue",
    "argues",
    "argued",
    "respond",
    "responds",
    "responded",
    "deny",
    "denies",
    "denied",
    "reiterate",
    "reiterates",
    "reiterated",
    "believe",
    "believes",
    "announce",
    "announces",
    "announced",
    "confirm",
    "confirms",
    "confirmed",
    "dismiss",
    "dismisses",
    "dismissed",
    "blame",
    "blames",
    "blamed",
    "slam",
    "slams",
    "slammed",
    "called",
    "calls",
    "calling",
    "asserted",
    "asserts",
    "acknowledged",
    "admitted",
    "stressed",
    "contended",
    "vowed",
    "noted",
];

/// Words besides [`SPEECH_VERBS`] that name the source of a quotation after it: `according to`,
/// and the written and asked forms (`wrote`, `tweeted`, `asked`).
const ATTRIBUTION_WORDS: &[&str] = &[
    "according",
    "wrote",
    "writes",
    "tweeted",
    "tweets",
    "asked",
    "asks",
];

/// The quotation marks a quoted sentence opens with.
pub const QUOTE_OPENERS: [char; 4] = ['"', '\u{201c}', '\u{2018}', '\''];

/// Whether `text` opens with a quotation mark (see [`QUOTE_OPENERS`]).
pub fn opens_with_quotation(text: &str) -> bool {
    text.starts_with(QUOTE_OPENERS)
}

/// Whether a sentence that opens with a quotation mark names its source after the quotation
/// closes: `"We will rebuild," the mayor said.`, `"Prices will rise," according to the bank.`
/// Not a quotation alone (`"We will rebuild."`), one whose only speech verb is inside the marks
/// (`"He said no."`), nor one that runs on past the sentence. A single mark closes only where
/// no letter follows it, so that the apostrophe of `don’t` does not.
pub fn quotation_is_attributed(text: &str) -> bool {
    let mut chars = text.char_indices();
    let Some((_, open)) = chars.next() else {
        return false;
    };
    let close = match open {
        '"' => '"',
        '\u{201c}' => '\u{201d}',
        '\u{2018}' => '\u{2019}',
        '\'' => '\'',
        _ => return false,
    };
    let single = matches!(close, '\u{2019}' | '\'');
    let closed_at = chars.find(|&(at, c)| {
        c == close
            && !(single
                && text[at + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric))
    });
    let Some((at, _)) = closed_at else {
        return false;
    };
    text[at + close.len_utf8()..]
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| SPEECH_VERBS.contains(&word) || ATTRIBUTION_WORDS.contains(&word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotations_attributed_after_they_close() {
        for text in [
            "\"We will rebuild,\" the mayor said.",
            "\u{201c}We will rebuild,\u{201d} said Mayor Ana Ruiz.",
            "\u{201c}Prices will rise,\u{201d} according to the central bank.",
            "\u{2018}We don\u{2019}t know yet,\u{2019} she told reporters.",
            "'It was a mistake,' he wrote on social media.",
        ] {
            assert!(quotation_is_attributed(text), "{text}");
        }
        for text in [
            "\"We will rebuild.\"",
            "\u{201c}He said no, and we listened.\u{201d}",
            "\u{201c}We will rebuild, and it will take years",
            "\u{2018}We don\u{2019}t know what he said.",
            "The mayor said \"we will rebuild\".",
            "",
        ] {
            assert!(!quotation_is_attributed(text), "{text}");
        }
    }

    /// The same decision, char by char: the text after the first closing mark (a single one
    /// only where no letter or digit follows it) holds a speech verb or attribution word.
    fn plain(text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        let close = match chars.first() {
            Some('"') => '"',
            Some('\u{201c}') => '\u{201d}',
            Some('\u{2018}') => '\u{2019}',
            Some('\'') => '\'',
            _ => return false,
        };
        let single = close != '"' && close != '\u{201d}';
        let Some(k) = (1..chars.len()).find(|&k| {
            chars[k] == close && !(single && chars.get(k + 1).is_some_and(|c| c.is_alphanumeric()))
        }) else {
            return false;
        };
        let after: String = chars[k + 1..].iter().collect();
        after
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| SPEECH_VERBS.contains(&w) || ATTRIBUTION_WORDS.contains(&w))
    }

    proptest::proptest! {
        #[test]
        fn attribution_matches_the_plain_reading(
            text in "[\"'\u{201c}\u{201d}\u{2018}\u{2019}]?[a-zé ,.\"'\u{201c}\u{201d}\u{2018}\u{2019}]{0,12}( (said|told|according|wrote|none))?[a-z .\"'\u{2019}]{0,6}"
        ) {
            proptest::prop_assert_eq!(quotation_is_attributed(&text), plain(&text));
        }
    }
}
