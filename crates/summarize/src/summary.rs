//! From chosen sentences to a [`Summary`]: headline, reading order, provenance and support.

use model::{Document, Summary, SummarySentence};
use serde::{Deserialize, Serialize};

use crate::corpus::{Corpus, cosine};
use crate::methods::{Budget, Method};

/// Settings of the summarizer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummarizeConfig {
    /// Most words in the summary (`--words`).
    #[serde(default = "default_word_budget")]
    pub word_budget: usize,
    /// Most words in the headline.
    #[serde(default = "default_headline_words")]
    pub headline_words: usize,
    /// Let the last summary sentence run past the budget, for evaluations that cut every
    /// system's output at the budget (`chorus eval`). Off for reports, which print whole
    /// sentences within the budget.
    #[serde(default)]
    pub fill_budget: bool,
}

impl Default for SummarizeConfig {
    fn default() -> Self {
        SummarizeConfig {
            word_budget: default_word_budget(),
            headline_words: default_headline_words(),
            fill_budget: false,
        }
    }
}

/// 100 words: the DUC-style budget of the design brief.
fn default_word_budget() -> usize {
    100
}

/// 40 words: the longest headline of the Wikipedia Current Events style the brief asks for.
fn default_headline_words() -> usize {
    40
}

/// Most sentences a summary is chosen from. The methods compare every pair of sentences, so
/// time and memory grow with the square of this: an event of 600 articles (some 10,000
/// sentences) took 10 s and 1.2 GB, and one of 2,000 would not fit in memory. 2,000 sentences
/// is over twice a 25-article event's; a larger event is summarized from the leads of its
/// articles (see [`bounded`]).
pub const MAX_SENTENCES: usize = 2_000;

/// `docs`, or, when they hold more than [`MAX_SENTENCES`] sentences, the same documents with
/// only the first `k` sentences of each, `k` the largest that keeps the total within the
/// limit: news writing states what happened first, and every article still counts. When even
/// one sentence each is too many, the first [`MAX_SENTENCES`] documents keep their first
/// sentence and the others none. The documents keep their order, titles and text, so copies,
/// spans and provenance are unchanged.
pub fn bounded(docs: &[Document]) -> std::borrow::Cow<'_, [Document]> {
    let total: usize = docs.iter().map(|d| d.sentences.len()).sum();
    if total <= MAX_SENTENCES {
        return std::borrow::Cow::Borrowed(docs);
    }
    let kept = |k: usize| -> usize { docs.iter().map(|d| d.sentences.len().min(k)).sum() };
    // The total kept grows with `k`, so the largest `k` within the limit is found by halving.
    let (mut low, mut high) = (0, docs.iter().map(|d| d.sentences.len()).max().unwrap_or(0));
    while low < high {
        let mid = (low + high).div_ceil(2);
        if kept(mid) <= MAX_SENTENCES {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    let mut room = MAX_SENTENCES;
    let docs = docs
        .iter()
        .map(|d| {
            let k = if low > 0 { low } else { room.min(1) };
            let mut d = d.clone();
            d.sentences.truncate(k);
            room -= d.sentences.len().min(room);
            d
        })
        .collect();
    std::borrow::Cow::Owned(docs)
}

/// Summarizes one event's documents with `method`. `copy_of[i]` names the document that
/// document `i` copies (see the `dedup` stage), so copies do not count as independent support.
/// An event of more than [`MAX_SENTENCES`] sentences is summarized from its articles' leads
/// (see [`bounded`]).
pub fn summarize(
    docs: &[Document],
    copy_of: &[Option<usize>],
    method: &dyn Method,
    config: &SummarizeConfig,
) -> Summary {
    let docs = bounded(docs);
    let corpus = Corpus::new(&docs, copy_of);
    let leads = corpus.restricted(|s| s.index < HEADLINE_LEAD_SENTENCES);
    // From the method's picks among the leads under a few headline budgets; when none of them
    // fits a headline (all too long, or quotes), the sentence of the event that fits one and
    // tells the story best. A sentence that leans on one before it (`He said`, `But`,
    // `这意味着`) is taken only as a last resort: first the leads' picks and then the event's
    // sentences that stand alone.
    let picks = method.select(
        &leads,
        Budget::within(HEADLINE_POOL * config.headline_words),
    );
    let fits = || (0..corpus.sentences.len()).filter(|&i| corpus.sentences[i].is_candidate());
    let headline = best_headline(&leads, picks.iter().copied(), config, Opening::StandsAlone)
        .or_else(|| best_headline(&corpus, fits(), config, Opening::StandsAlone))
        .or_else(|| best_headline(&leads, picks.iter().copied(), config, Opening::Any))
        .or_else(|| best_headline(&corpus, fits(), config, Opening::Any));
    Summary {
        headline,
        sentences: summary_sentences(&corpus, method, config),
        word_budget: config.word_budget,
    }
}

/// Which openings a headline may have.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Opening {
    /// Only a sentence that does not lean on an earlier one (see [`leans_on_context`]).
    StandsAlone,
    /// Any.
    Any,
}

/// Of `sentences`, the one that fits a headline (at most the headline's words, not opening
/// with a quotation mark, and with the `opening` asked) with the highest [`headline_score`]
/// (the earlier on a tie).
fn best_headline(
    corpus: &Corpus<'_>,
    sentences: impl Iterator<Item = usize>,
    config: &SummarizeConfig,
    opening: Opening,
) -> Option<SummarySentence> {
    sentences
        .filter(|&i| corpus.sentences[i].words <= config.headline_words)
        .filter(|&i| is_headline(corpus.text(&corpus.sentences[i])))
        .filter(|&i| {
            opening == Opening::Any || !leans_on_context(corpus.text(&corpus.sentences[i]))
        })
        .max_by(|&a, &b| {
            let score = |i: usize| headline_score(corpus, i);
            score(a).total_cmp(&score(b)).then(b.cmp(&a))
        })
        .map(|i| summary_sentence(corpus, i))
}

/// The summary sentences alone, in reading order, without the headline: what [`summarize`]
/// returns as [`Summary::sentences`], for evaluations that score the summary only (and time
/// what peer summarizers are timed on: from split sentences to chosen sentences).
pub fn summarize_sentences(
    docs: &[Document],
    copy_of: &[Option<usize>],
    method: &dyn Method,
    config: &SummarizeConfig,
) -> Vec<SummarySentence> {
    summary_sentences(&Corpus::new(&bounded(docs), copy_of), method, config)
}

fn summary_sentences(
    corpus: &Corpus<'_>,
    method: &dyn Method,
    config: &SummarizeConfig,
) -> Vec<SummarySentence> {
    let budget = if config.fill_budget {
        Budget::filled(config.word_budget)
    } else {
        Budget::within(config.word_budget)
    };
    let mut chosen = method.select(corpus, budget);
    // A sentence that runs past the budget is read last, so that the cut falls inside it.
    let words: usize = chosen.iter().map(|&i| corpus.sentences[i].words).sum();
    let overrun = (words > config.word_budget).then(|| chosen.pop()).flatten();
    chosen.sort_by(|&a, &b| reading_order(corpus, a, b));
    chosen.extend(overrun);
    chosen
        .into_iter()
        .map(|i| summary_sentence(corpus, i))
        .collect()
}

/// The headline is chosen among the first sentences of each article, where news writing states
/// what happened; three leaves room for a dateline sentence or a scene-setting opener.
const HEADLINE_LEAD_SENTENCES: usize = 3;

/// The headline is the sentence closest to the outlets' own titles among the method's first
/// picks: the pool is what the method would choose under this many headline budgets (about three
/// to five sentences), so the headline is both central to the event and what outlets led with.
const HEADLINE_POOL: usize = 3;

/// How well a sentence tells the whole story in one line: similar to the outlets' titles and to
/// the event's centroid, and stated by many of the outlets.
fn headline_score(corpus: &Corpus<'_>, i: usize) -> f32 {
    let s = &corpus.sentences[i];
    let others = (corpus.independent_docs() - 1).max(1) as f32;
    cosine(corpus.vector_of(s), &corpus.titles)
        + cosine(corpus.vector_of(s), &corpus.centroid)
        + (s.independent_support - 1) as f32 / others
}

/// A headline states something in the narrator's voice: it does not open with a quotation mark.
fn is_headline(text: &str) -> bool {
    !segment::opens_with_quotation(text)
}

/// Words that open a sentence leaning on the one before it: a pronoun or demonstrative whose
/// referent came earlier (`He drew…`, `This means…`) or a connective that answers an earlier
/// sentence (`But…`, `In response,…`). Compared without case and trailing punctuation.
const CONTEXT_OPENERS: &[&str] = &[
    "he",
    "she",
    "it",
    "they",
    "his",
    "her",
    "its",
    "their",
    "them",
    "this",
    "that",
    "these",
    "those",
    "but",
    "and",
    "or",
    "so",
    "yet",
    "still",
    "also",
    "however",
    "meanwhile",
    "moreover",
    "furthermore",
    "instead",
    "nevertheless",
    "nonetheless",
    "otherwise",
    "then",
    "thus",
    "hence",
    "therefore",
    "besides",
    "likewise",
    "similarly",
    "conversely",
];

/// Two-word openings of the same kind (`In response,`, `Before long,`).
const CONTEXT_OPENING_PAIRS: &[&str] = &[
    "in response",
    "before long",
    "after that",
    "as a result",
    "in addition",
    "even so",
    "by contrast",
    "in contrast",
    "on the other hand",
    "at the same time",
];

/// Words after `this` or `that` that make it a time (`This week, the council…`).
const TIMES: &[&str] = &[
    "week",
    "weekend",
    "year",
    "month",
    "morning",
    "afternoon",
    "evening",
    "night",
    "season",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "time",
    "day",
    "days",
    "weeks",
    "months",
    "years",
];

/// Chinese openings of the same kind: this, that, he, she, it, but, therefore, before that.
const CJK_CONTEXT_OPENERS: &[&str] = &[
    "这", "此", "该", "他", "她", "它", "但", "而", "因此", "所以", "之前", "此外", "同时",
];

/// Whether a sentence opens leaning on the one before it (see [`CONTEXT_OPENERS`]).
fn leans_on_context(text: &str) -> bool {
    let text = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    if CJK_CONTEXT_OPENERS.iter().any(|o| text.starts_with(o)) {
        return true;
    }
    let lower: String = text.chars().take(40).collect::<String>().to_lowercase();
    let mut words = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    let first = words.next().unwrap_or("");
    let second = words.next().unwrap_or("");
    // `This week`, `That morning`: a time, not a referent.
    if matches!(first, "this" | "that" | "these") && TIMES.contains(&second) {
        return false;
    }
    CONTEXT_OPENERS.contains(&first)
        || CONTEXT_OPENING_PAIRS.iter().any(|pair| {
            lower
                .strip_prefix(pair)
                .is_some_and(|rest| rest.starts_with([',', ' ']))
        })
}

/// Earlier in its article first; between articles at the same depth, the article given first.
fn reading_order(corpus: &Corpus<'_>, a: usize, b: usize) -> std::cmp::Ordering {
    let (sa, sb) = (&corpus.sentences[a], &corpus.sentences[b]);
    sa.position
        .total_cmp(&sb.position)
        .then(sa.doc.cmp(&sb.doc))
        .then(sa.index.cmp(&sb.index))
}

fn summary_sentence(corpus: &Corpus<'_>, i: usize) -> SummarySentence {
    let s = &corpus.sentences[i];
    let doc = &corpus.docs[s.doc];
    SummarySentence {
        text: corpus.text(s).to_owned(),
        span: doc.span(s.start, s.end),
        sentence: s.index,
        support: corpus
            .support_of(s)
            .iter()
            .map(|&d| corpus.docs[d].article.id.clone())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::leans_on_context;

    #[test]
    fn openings_that_lean_on_an_earlier_sentence() {
        for text in [
            "He drew hundreds of drafts.",
            "It's too early to say.",
            "But this time, the company is Intel.",
            "In response, the council acted.",
            "Before long, a scan showed the cancer.",
            "\u{201c}They will pay,\u{201d} she said.",
            "这意味着克沃滕是任期第二短的财长。",
            "之前 涉案的医生被捕。",
        ] {
            assert!(leans_on_context(text), "{text}");
        }
        for text in [
            "The council moved the festival.",
            "This week, the council moved the festival.",
            "Heat waves hit Europe.",
            "Italy won the final.",
            "Intel unveiled smart glasses.",
            "Investors sold shares.",
            "警方逮捕一名男子。",
            "In Hong Kong, hundreds watched the funeral.",
        ] {
            assert!(!leans_on_context(text), "{text}");
        }
    }
}
