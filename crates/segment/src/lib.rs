//! Sentences, word tokens, stems and stopwords for English news text.
//!
//! This is a pure text crate: no IO, nothing here panics or fails. Every range it returns is a
//! byte range into the caller's string, on char boundaries, so provenance can be checked by
//! slicing: `&text[r.start..r.end]`.
//!
//! - [`split_sentences`] / [`split_sentences_in`]: a rule-based splitter tuned for news prose
//!   (abbreviations such as "U.S." and "Gen.", initials, decimals, quotes, ellipses, headings);
//!   [`paragraphs`]: kept lines joined into paragraphs.
//! - [`word_ranges`] (one at a time: [`word_range_iter`]), [`word_count`], [`tokens`]: word
//!   tokens and the word unit of every budget; [`capitalized_share`] (with the count:
//!   [`word_count_and_capitals`]); [`scan_words`]: the tokens, count and share in one pass.
//! - [`Stemmer`], [`is_stopword`] (the list: [`stopwords`]), [`content_stems`]: Snowball English
//!   stems and stopwords.
//! - [`numbers`]: the numbers a sentence writes in digits.
//! - [`dateline_len`]: the wire dateline that opens an article (`WASHINGTON (AP) — `).
//! - [`SPEECH_VERBS`]: the verbs that report speech; [`quotation_is_attributed`]: whether a
//!   quoted sentence names its source after the quotation (`"…," the mayor said.`).
//! - [`is_cjk`], [`cjk_word_count`]: Chinese, Japanese and Korean letters, and a word count in
//!   which Chinese and Japanese letters count two to a word; the sentence splitter also ends
//!   sentences at `。！？`.

mod cjk;
mod dateline;
mod numbers;
mod sentences;
mod speech;
mod stems;
mod words;

pub use cjk::{cjk_word_count, is_cjk, is_unspaced, may_hold_cjk};
pub use dateline::dateline_len;
pub use numbers::{numbers, share_a_number};
pub use sentences::{paragraphs, split_sentences, split_sentences_in};
pub use speech::{QUOTE_OPENERS, SPEECH_VERBS, opens_with_quotation, quotation_is_attributed};
pub use stems::{Stemmer, content_stems, is_stopword, stopwords};
pub use words::{
    NEGATIONS, WordRanges, capitalized_share, has_negation, scan_words, tokens, word_count,
    word_count_and_capitals, word_range_iter, word_ranges,
};
