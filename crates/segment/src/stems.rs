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
        self.inner.stem(word)
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
    STOPWORDS.binary_search(&word).is_ok()
}

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
    }

    #[test]
    fn stems_english_words() {
        let stemmer = Stemmer::new();
        assert_eq!(stemmer.stem("bombing"), "bomb");
        assert_eq!(stemmer.stem("investigations"), "investig");
        assert_eq!(stemmer.clone().stem("crimes"), "crime");
    }

    #[test]
    fn content_stems_drop_stopwords_and_keep_numbers() {
        let stemmer = Stemmer::default();
        let stems = content_stems("The rebels’ attacks killed 95 people in Aleppo.", &stemmer);
        assert_eq!(stems, ["rebel", "attack", "kill", "95", "peopl", "aleppo"]);
    }
}
