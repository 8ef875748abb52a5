//! Stems and stopwords: the Snowball English stemmer and the NLTK English stopword list.

use std::borrow::Cow;
use std::fmt;

use rust_stemmers::Algorithm;

use crate::words::tokens;

/// The Snowball English stemmer (Porter 2), from `rust-stemmers`.
///
/// Creating and cloning one is cheap (it holds a function pointer), so each thread can own one.
pub struct Stemmer {
    inner: rust_stemmers::Stemmer,
}

impl Stemmer {
    /// An English Snowball stemmer.
    pub fn new() -> Self {
        Stemmer {
            inner: rust_stemmers::Stemmer::create(Algorithm::English),
        }
    }

    /// The stem of one lowercase word (for example `"bombing"` -> `"bomb"`).
    ///
    /// The input should already be lowercased, as [`crate::tokens`] returns it.
    pub fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        match english::stem_ascii(word) {
            Some(stem) => stem,
            None => self.inner.stem(word),
        }
    }

    /// Writes the stem of one lowercase word into `out` (replacing what it held): [`Stemmer::stem`]
    /// into a buffer the caller keeps, for callers that stem many words and keep the stems
    /// elsewhere (nothing is allocated for an ASCII word once `out` has grown).
    pub fn stem_into(&self, word: &str, out: &mut Vec<u8>) {
        if !english::stem_ascii_into(word.as_bytes(), out) {
            out.clear();
            out.extend_from_slice(self.inner.stem(word).as_bytes());
        }
    }

    /// [`Stemmer::stem_into`] for a word given as bytes, when it is made of lowercase ASCII
    /// letters, digits, apostrophes, hyphens, dots and commas only: writes its stem into `out`
    /// and returns true. Returns false for any other word (then `out` is left empty and the
    /// caller asks [`Stemmer::stem_into`]). Spares callers that hold ASCII bytes the UTF-8 check.
    pub fn stem_ascii_into(&self, word: &[u8], out: &mut Vec<u8>) -> bool {
        english::stem_ascii_into(word, out)
    }
}

/// The Snowball English algorithm (the `english.sbl` that `rust-stemmers` 1.2 compiles) written
/// out by hand over ASCII bytes: the same stems without the generic Snowball machinery, about
/// ten times faster. Words with other characters go to `rust-stemmers`; a test checks the two
/// agree on every word of a large sample and on random words.
mod english {
    use std::borrow::Cow;

    fn vowel(c: u8) -> bool {
        matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
    }

    /// Snowball's `v_WXY`: a vowel, `w`, `x` or `Y`.
    fn vowel_wxy(c: u8) -> bool {
        vowel(c) || matches!(c, b'w' | b'x' | b'Y')
    }

    fn valid_li(c: u8) -> bool {
        matches!(
            c,
            b'c' | b'd' | b'e' | b'g' | b'h' | b'k' | b'm' | b'n' | b'r' | b't'
        )
    }

    /// Whether the word up to `end` ends in a short syllable (`shortv`).
    fn short_syllable(w: &[u8], end: usize) -> bool {
        (end >= 3 && !vowel_wxy(w[end - 1]) && vowel(w[end - 2]) && !vowel(w[end - 3]))
            || (end == 2 && vowel(w[0]) && !vowel(w[1]))
    }

    /// The byte after the first non-vowel that follows a vowel, searching from `from`.
    fn past_vowel_and_consonant(w: &[u8], from: usize) -> Option<usize> {
        let v = from + w.get(from..)?.iter().position(|&c| vowel(c))?;
        let c = v + 1 + w[v + 1..].iter().position(|&c| !vowel(c))?;
        Some(c + 1)
    }

    /// The longest of `suffixes` that `w` ends with (`suffixes` longest first). Most suffixes
    /// fail on the last byte, so that is compared before the rest.
    /// Suffixes are a few bytes long, so they are compared in line rather than by `memcmp`.
    #[inline]
    fn longest<'s>(w: &[u8], suffixes: &[&'s str]) -> Option<&'s str> {
        let &last = w.last()?;
        suffixes.iter().copied().find(|s| {
            let s = s.as_bytes();
            s.last() == Some(&last)
                && s.len() <= w.len()
                && w[w.len() - s.len()..].iter().zip(s).all(|(a, b)| a == b)
        })
    }

    fn replace(w: &mut Vec<u8>, suffix: &str, by: &str) {
        w.truncate(w.len() - suffix.len());
        w.extend_from_slice(by.as_bytes());
    }

    /// The stem of `word`, or `None` when it holds a byte other than lowercase ASCII letters,
    /// digits, apostrophes, hyphens, dots and commas (then the caller asks `rust-stemmers`).
    pub(super) fn stem_ascii(word: &str) -> Option<Cow<'_, str>> {
        let mut w = Vec::new();
        if !stem_ascii_into(word.as_bytes(), &mut w) {
            return None;
        }
        if w == word.as_bytes() {
            return Some(Cow::Borrowed(word));
        }
        // Only ASCII bytes were moved, so this cannot fail.
        String::from_utf8(w).ok().map(Cow::Owned)
    }

    /// Writes the stem of `word` into `w` (replacing what it held) and returns true, or returns
    /// false when `word` holds a byte other than lowercase ASCII letters, digits, apostrophes,
    /// hyphens, dots and commas (then `w` is left empty): [`stem_ascii`] into a buffer the
    /// caller keeps, so that stemming many words allocates nothing.
    pub(super) fn stem_ascii_into(word: &[u8], w: &mut Vec<u8>) -> bool {
        w.clear();
        let bytes = word;
        if !bytes.iter().all(|&c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'\'' | b'-' | b'.' | b',')
        }) {
            return false;
        }
        // The exceptions are three to six bytes long.
        let exception: Option<&[u8]> = match word {
            _ if bytes.len() > 6 => None,
            b"skis" => Some(b"ski"),
            b"skies" => Some(b"sky"),
            b"dying" => Some(b"die"),
            b"lying" => Some(b"lie"),
            b"tying" => Some(b"tie"),
            b"idly" => Some(b"idl"),
            b"gently" => Some(b"gentl"),
            b"ugly" => Some(b"ugli"),
            b"early" => Some(b"earli"),
            b"only" => Some(b"onli"),
            b"singly" => Some(b"singl"),
            b"sky" | b"news" | b"howe" | b"atlas" | b"cosmos" | b"bias" | b"andes" => Some(word),
            _ => None,
        };
        if let Some(stem) = exception {
            w.extend_from_slice(stem);
            return true;
        }
        w.extend_from_slice(bytes);
        if bytes.len() < 3 {
            return true;
        }
        // Prelude: no leading apostrophe; a `y` that is a consonant becomes `Y`.
        if w[0] == b'\'' {
            w.remove(0);
        }
        let mut y_found = false;
        for i in 0..w.len() {
            if w[i] == b'y' && (i == 0 || vowel(w[i - 1])) {
                w[i] = b'Y';
                y_found = true;
            }
        }
        // Regions.
        let n = w.len();
        let p1 = if matches!(w[0], b'g' | b'c' | b'a')
            && ["gener", "commun", "arsen"]
                .iter()
                .any(|p| w.starts_with(p.as_bytes()))
        {
            Some(if w.starts_with(b"commun") { 6 } else { 5 })
        } else {
            past_vowel_and_consonant(w, 0)
        };
        let (p1, p2) = match p1 {
            Some(p1) => (p1, past_vowel_and_consonant(w, p1).unwrap_or(n)),
            None => (n, n),
        };
        step_1a(w);
        // The invariant words are six or seven bytes long.
        if !(6..=7).contains(&w.len())
            || !matches!(
                &w[..],
                b"inning"
                    | b"outing"
                    | b"canning"
                    | b"herring"
                    | b"earring"
                    | b"proceed"
                    | b"exceed"
                    | b"succeed"
            )
        {
            step_1b(w, p1);
            step_1c(w);
            step_2(w, p1);
            step_3(w, p1, p2);
            step_4(w, p2);
            step_5(w, p1, p2);
        }
        if y_found {
            w.iter_mut().filter(|c| **c == b'Y').for_each(|c| *c = b'y');
        }
        true
    }

    fn step_1a(w: &mut Vec<u8>) {
        if let Some(s) = longest(w, &["'s'", "'s", "'"]) {
            w.truncate(w.len() - s.len());
        }
        match longest(w, &["sses", "ied", "ies", "ss", "us", "s"]) {
            Some("sses") => w.truncate(w.len() - 2),
            Some(s @ ("ied" | "ies")) => {
                let by = if w.len() - 3 >= 2 { "i" } else { "ie" };
                replace(w, s, by);
            }
            Some("s") => {
                let pre = w.len() - 1;
                if pre >= 1 && w[..pre - 1].iter().any(|&c| vowel(c)) {
                    w.truncate(pre);
                }
            }
            _ => {}
        }
    }

    fn step_1b(w: &mut Vec<u8>, p1: usize) {
        match longest(w, &["eedly", "ingly", "edly", "eed", "ing", "ed"]) {
            Some(s @ ("eedly" | "eed")) if w.len() - s.len() >= p1 => replace(w, s, "ee"),
            Some("eedly" | "eed") => {}
            Some(s) => {
                let start = w.len() - s.len();
                if !w[..start].iter().any(|&c| vowel(c)) {
                    return;
                }
                w.truncate(start);
                if w.ends_with(b"at") || w.ends_with(b"bl") || w.ends_with(b"iz") {
                    w.push(b'e');
                } else if w.len() >= 2
                    && w[w.len() - 1] == w[w.len() - 2]
                    && matches!(
                        w[w.len() - 1],
                        b'b' | b'd' | b'f' | b'g' | b'm' | b'n' | b'p' | b'r' | b't'
                    )
                {
                    w.pop();
                } else if w.len() == p1 && short_syllable(w, w.len()) {
                    w.push(b'e');
                }
            }
            None => {}
        }
    }

    fn step_1c(w: &mut [u8]) {
        let n = w.len();
        if n >= 3 && matches!(w[n - 1], b'y' | b'Y') && !vowel(w[n - 2]) {
            w[n - 1] = b'i';
        }
    }

    fn step_2(w: &mut Vec<u8>, p1: usize) {
        // The step's suffixes ("ational", "fulness", "iveness", "ization", "ousness", "biliti",
        // "lessli", "tional", "alism", "aliti", "ation", "entli", "fulli", "iviti", "ousli",
        // "abli", "alli", "anci", "ator", "enci", "izer", "bli", "ogi", "li"), by last byte,
        // longest first.
        let suffixes: &[&str] = match w.last() {
            Some(b'i') => &[
                "biliti", "lessli", "aliti", "entli", "fulli", "iviti", "ousli", "abli", "alli",
                "anci", "enci", "bli", "ogi", "li",
            ],
            Some(b'l') => &["ational", "tional"],
            Some(b's') => &["fulness", "iveness", "ousness"],
            Some(b'n') => &["ization", "ation"],
            Some(b'r') => &["ator", "izer"],
            Some(b'm') => &["alism"],
            _ => return,
        };
        let Some(s) = longest(w, suffixes) else {
            return;
        };
        let start = w.len() - s.len();
        if start < p1 {
            return;
        }
        let by = match s {
            "tional" => "tion",
            "enci" => "ence",
            "anci" => "ance",
            "abli" => "able",
            "entli" => "ent",
            "izer" | "ization" => "ize",
            "ational" | "ation" | "ator" => "ate",
            "alism" | "aliti" | "alli" => "al",
            "fulness" | "fulli" => "ful",
            "ousli" | "ousness" => "ous",
            "iveness" | "iviti" => "ive",
            "biliti" | "bli" => "ble",
            "lessli" => "less",
            "ogi" if start > 0 && w[start - 1] == b'l' => "og",
            "li" if start > 0 && valid_li(w[start - 1]) => "",
            _ => return,
        };
        replace(w, s, by);
    }

    fn step_3(w: &mut Vec<u8>, p1: usize, p2: usize) {
        // The step's suffixes ("ational", "tional", "alize", "icate", "iciti", "ative", "ical",
        // "ness", "ful"), by last byte, longest first.
        let suffixes: &[&str] = match w.last() {
            Some(b'l') => &["ational", "tional", "ical", "ful"],
            Some(b'e') => &["alize", "icate", "ative"],
            Some(b'i') => &["iciti"],
            Some(b's') => &["ness"],
            _ => return,
        };
        let Some(s) = longest(w, suffixes) else {
            return;
        };
        let start = w.len() - s.len();
        if start < p1 {
            return;
        }
        let by = match s {
            "tional" => "tion",
            "ational" => "ate",
            "alize" => "al",
            "icate" | "iciti" | "ical" => "ic",
            "ful" | "ness" => "",
            "ative" if start >= p2 => "",
            _ => return,
        };
        replace(w, s, by);
    }

    fn step_4(w: &mut Vec<u8>, p2: usize) {
        // The step's suffixes ("ement", "ance", "ence", "able", "ible", "ment", "ate", "ive",
        // "ize", "iti", "ism", "ion", "ous", "ant", "ent", "al", "er", "ic"), by last byte,
        // longest first.
        let suffixes: &[&str] = match w.last() {
            Some(b'e') => &["ance", "ence", "able", "ible", "ate", "ive", "ize"],
            Some(b't') => &["ement", "ment", "ant", "ent"],
            Some(b'i') => &["iti"],
            Some(b'm') => &["ism"],
            Some(b'n') => &["ion"],
            Some(b's') => &["ous"],
            Some(b'l') => &["al"],
            Some(b'r') => &["er"],
            Some(b'c') => &["ic"],
            _ => return,
        };
        let Some(s) = longest(w, suffixes) else {
            return;
        };
        let start = w.len() - s.len();
        if start < p2 {
            return;
        }
        if s == "ion" && !(start > 0 && matches!(w[start - 1], b's' | b't')) {
            return;
        }
        w.truncate(start);
    }

    fn step_5(w: &mut Vec<u8>, p1: usize, p2: usize) {
        let Some(&last) = w.last() else {
            return;
        };
        let start = w.len() - 1;
        let delete = match last {
            b'e' => start >= p2 || (start >= p1 && !short_syllable(w, start)),
            b'l' => start >= p2 && start > 0 && w[start - 1] == b'l',
            _ => false,
        };
        if delete {
            w.pop();
        }
    }
}

impl Default for Stemmer {
    fn default() -> Self {
        Stemmer::new()
    }
}

impl Clone for Stemmer {
    fn clone(&self) -> Self {
        // `rust_stemmers::Stemmer` is not `Clone`, but creating one only picks a function pointer.
        Stemmer::new()
    }
}

impl fmt::Debug for Stemmer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Stemmer(English)")
    }
}

/// The NLTK English stopword list (179 words), sorted so it can be binary-searched.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "ain",
    "all",
    "am",
    "an",
    "and",
    "any",
    "are",
    "aren",
    "aren't",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "couldn",
    "couldn't",
    "d",
    "did",
    "didn",
    "didn't",
    "do",
    "does",
    "doesn",
    "doesn't",
    "doing",
    "don",
    "don't",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "hadn",
    "hadn't",
    "has",
    "hasn",
    "hasn't",
    "have",
    "haven",
    "haven't",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "isn",
    "isn't",
    "it",
    "it's",
    "its",
    "itself",
    "just",
    "ll",
    "m",
    "ma",
    "me",
    "mightn",
    "mightn't",
    "more",
    "most",
    "mustn",
    "mustn't",
    "my",
    "myself",
    "needn",
    "needn't",
    "no",
    "nor",
    "not",
    "now",
    "o",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "re",
    "s",
    "same",
    "shan",
    "shan't",
    "she",
    "she's",
    "should",
    "should've",
    "shouldn",
    "shouldn't",
    "so",
    "some",
    "such",
    "t",
    "than",
    "that",
    "that'll",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "ve",
    "very",
    "was",
    "wasn",
    "wasn't",
    "we",
    "were",
    "weren",
    "weren't",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "won",
    "won't",
    "wouldn",
    "wouldn't",
    "y",
    "you",
    "you'd",
    "you'll",
    "you're",
    "you've",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// Whether a lowercase word is on the standard English stopword list (NLTK's 179 words).
///
/// Apostrophes must be straight (`'`), as [`crate::tokens`] returns them.
pub fn is_stopword(word: &str) -> bool {
    // Most words are longer than any stopword; they skip the search.
    word.len() <= LONGEST_STOPWORD && STOPWORDS.binary_search(&word).is_ok()
}

/// The stopwords of [`is_stopword`], sorted: for callers that keep them in a table of their own.
pub fn stopwords() -> &'static [&'static str] {
    STOPWORDS
}

/// The length in bytes of the longest stopword ("yourselves").
const LONGEST_STOPWORD: usize = {
    let (mut longest, mut k) = (0, 0);
    while k < STOPWORDS.len() {
        if STOPWORDS[k].len() > longest {
            longest = STOPWORDS[k].len();
        }
        k += 1;
    }
    longest
};

/// The content stems of `text`: its [`tokens`], without stopwords and tokens that have no letter
/// or digit, each stemmed. Numbers are kept (figures are content in news).
pub fn content_stems(text: &str, stemmer: &Stemmer) -> Vec<String> {
    tokens(text)
        .into_iter()
        .filter(|t| !is_stopword(t) && t.chars().any(char::is_alphanumeric))
        .map(|t| stemmer.stem(&t).into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopword_list_is_sorted_and_complete() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(STOPWORDS.len(), 179);
        assert!(is_stopword("the"));
        assert!(is_stopword("don't"));
        assert!(!is_stopword("aleppo"));
        assert!(!is_stopword("The"), "input is expected lowercase");
        assert!(stopwords().iter().all(|w| is_stopword(w)));
    }

    #[test]
    fn stems_english_words() {
        let stemmer = Stemmer::new();
        assert_eq!(stemmer.stem("bombing"), "bomb");
        assert_eq!(stemmer.stem("investigations"), "investig");
        assert_eq!(stemmer.clone().stem("crimes"), "crime");
    }

    fn agrees_with_rust_stemmers(word: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        let snowball = rust_stemmers::Stemmer::create(Algorithm::English);
        if let Some(stem) = english::stem_ascii(word) {
            let expected = snowball.stem(word);
            proptest::prop_assert_eq!(stem.as_ref(), expected.as_ref(), "{}", word);
        }
        // `stem_into` gives `stem`'s stem whatever the buffer held before.
        let stemmer = Stemmer::new();
        let mut out = b"left over from an earlier word".to_vec();
        stemmer.stem_into(word, &mut out);
        let stem = stemmer.stem(word);
        proptest::prop_assert_eq!(&out[..], stem.as_bytes(), "{}", word);
        // So does `stem_ascii_into`, whenever it takes the word.
        if stemmer.stem_ascii_into(word.as_bytes(), &mut out) {
            proptest::prop_assert_eq!(&out[..], stem.as_bytes(), "{}", word);
        }
        Ok(())
    }

    #[test]
    fn hand_written_stems_match_rust_stemmers_on_tricky_words() {
        for word in [
            "generously",
            "communication",
            "arsenal",
            "yelling",
            "sayings",
            "'yes",
            "skies",
            "dying",
            "news",
            "newsy",
            "inning",
            "innings",
            "proceeded",
            "hopping",
            "hoping",
            "agreed",
            "feed",
            "ties",
            "cries",
            "gas",
            "gaps",
            "us",
            "caress",
            "happily",
            "biology",
            "controll",
            "hopeful",
            "relational",
            "nationalization",
            "adoption",
            "u.s.",
            "20-year-old",
            "don't",
            "o'brien's",
            "rebels'",
            "'s'",
            "''",
            "'''",
            "ab",
            "a",
            "",
            "yyy",
            "ayyy",
            "cry",
            "by",
            "say",
            "saying",
            "sky's",
        ] {
            agrees_with_rust_stemmers(word).unwrap();
        }
    }

    proptest::proptest! {
        #[test]
        fn hand_written_stems_match_rust_stemmers(
            word in "'?[a-z]{0,7}(y|e|l|s|'s|ed|ing|ly|ies|ied|ness|ful|ion|ment|ation|ize|al|li|bli|ogi|ical|ative|eed|ll|at|bb|iz)?(s|'|'s|ly)?"
        ) {
            agrees_with_rust_stemmers(&word)?;
        }

        #[test]
        fn hand_written_stems_match_rust_stemmers_on_any_ascii(
            word in "[a-z0-9'.,\\-]{0,10}"
        ) {
            agrees_with_rust_stemmers(&word)?;
        }
    }

    #[test]
    fn content_stems_drop_stopwords_and_keep_numbers() {
        let stemmer = Stemmer::default();
        let stems = content_stems("The rebels’ attacks killed 95 people in Aleppo.", &stemmer);
        assert_eq!(stems, ["rebel", "attack", "kill", "95", "peopl", "aleppo"]);
    }
}
