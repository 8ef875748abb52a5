//! The text-level machinery of attribution, shared by quotes, entities and framing: where the
//! quotation marks are, which words are speech verbs, and which noun phrase is the subject of a
//! speech verb. Nothing here knows about entities; callers resolve the phrases.

use std::ops::Range;
use std::sync::LazyLock;

use model::Document;
use regex::Regex;

/// A stretch of text between quotation marks.
#[derive(Debug, Clone)]
pub(crate) struct QuoteRegion {
    /// From the opening mark to the end of the closing mark (or of the paragraph).
    pub(crate) outer: Range<usize>,
    /// The words inside the marks, trimmed of spaces.
    pub(crate) inner: Range<usize>,
    /// Paragraph index.
    pub(crate) paragraph: usize,
    /// True when the paragraph ended before a closing mark (the quote continues).
    pub(crate) open_ended: bool,
}

fn is_double_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '‟')
}

/// The quoted stretches of a document's kept paragraphs. Marks are paired in order within a
/// paragraph, whatever their shape, because outlets mix curly and straight marks.
pub(crate) fn quote_regions(doc: &Document) -> Vec<QuoteRegion> {
    let text = &doc.article.text;
    let mut out = Vec::new();
    for (p, range) in doc.paragraphs.iter().enumerate() {
        let Some(para) = text.get(range.clone()) else {
            continue;
        };
        let marks: Vec<(usize, usize)> = para
            .char_indices()
            .filter(|&(_, c)| is_double_mark(c))
            .map(|(i, c)| (range.start + i, c.len_utf8()))
            .collect();
        for pair in marks.chunks(2) {
            let (open, open_len) = pair[0];
            let (close_end, inner_end, open_ended) = match pair.get(1) {
                Some(&(close, len)) => (close + len, close, false),
                None => (range.end, range.end, true),
            };
            let inner = trim_range(text, open + open_len..inner_end);
            out.push(QuoteRegion {
                outer: open..close_end,
                inner,
                paragraph: p,
                open_ended,
            });
        }
    }
    out
}

/// `range` without leading and trailing whitespace.
pub(crate) fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let Some(s) = text.get(range.clone()) else {
        return range.start..range.start;
    };
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.end - (s.len() - s.trim_end().len());
    if start >= end {
        start..start
    } else {
        start..end
    }
}

/// The text with every quoted stretch (marks included) replaced by `_`, byte for byte, so that
/// offsets stay valid and rules that look for attribution never read the speaker's own words.
pub(crate) fn masked(text: &str, regions: &[QuoteRegion]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for r in regions {
        for b in &mut bytes[r.outer.clone()] {
            *b = b'_';
        }
    }
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_owned())
}

/// Speech verbs and the grammar of what follows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VerbFrame {
    /// "said (that) CLAUSE", "insists CLAUSE".
    Clause,
    /// Only with a "that" clause: "denied that", "warned that", "argued that".
    ThatClause,
    /// "told Y (that) CLAUSE".
    Tell,
    /// "accused Y of …", "blamed Y for …", "described Y as …": the text starts at Y.
    Object,
    /// "called for …", "called on Y to …", "called Y Z".
    Call,
}

static SPEECH_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b(?:{})\b", segment::SPEECH_VERBS.join("|"))).expect("valid regex")
});

/// The frame of a speech verb form.
pub(crate) fn verb_frame(verb: &str) -> VerbFrame {
    let v = verb.to_ascii_lowercase();
    if v.starts_with("tell") || v == "told" {
        VerbFrame::Tell
    } else if v.starts_with("accus")
        || v.starts_with("blam")
        || v.starts_with("slam")
        || v.starts_with("dismiss")
        || v.starts_with("describ")
    {
        VerbFrame::Object
    } else if v.starts_with("call") {
        VerbFrame::Call
    } else if v.starts_with("add")
        || v.starts_with("den")
        || v.starts_with("respond")
        || v.starts_with("warn")
        || v.starts_with("argu")
        || v.starts_with("believ")
        || v.starts_with("announc")
        || v.starts_with("confirm")
        || v.starts_with("acknowledg")
        || v.starts_with("admit")
        || v.starts_with("stress")
        || v.starts_with("contend")
        || v.starts_with("not")
        || v.starts_with("vow")
        || v.starts_with("assert")
    {
        VerbFrame::ThatClause
    } else {
        VerbFrame::Clause
    }
}

const NOUN_BEFORE: &[&str] = &[
    "the",
    "a",
    "an",
    "his",
    "her",
    "its",
    "their",
    "these",
    "those",
    "such",
    "our",
    "my",
    "your",
    "earlier",
    "new",
    "any",
    "all",
    "of",
    "whose",
    "false",
    "unfounded",
    "previous",
    "those",
];

/// Speech verbs in `range` of the masked text, as byte ranges. A form used as a noun ("the
/// claims", "Valdorian claims") is not a verb.
pub(crate) fn speech_verbs(masked: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let Some(s) = masked.get(range.clone()) else {
        return Vec::new();
    };
    SPEECH_VERB
        .find_iter(s)
        .filter(|m| !s[..m.start()].ends_with(['-', '‐']) && !s[m.end()..].starts_with(['-', '‐']))
        .filter(|m| {
            let before = s[..m.start()].trim_end();
            let prev = before
                .rsplit(|c: char| c.is_whitespace())
                .next()
                .unwrap_or("");
            let lp = prev.to_lowercase();
            let demonym = prev.chars().next().is_some_and(char::is_uppercase)
                && ["ian", "ese", "ish", "can"].iter().any(|x| lp.ends_with(x));
            let noun_form = m.as_str().ends_with('s') || m.as_str().starts_with("call");
            !(noun_form && (NOUN_BEFORE.contains(&lp.as_str()) || demonym))
        })
        .map(|m| range.start + m.start()..range.start + m.end())
        .collect()
}

/// The byte index of the last comma in `s` that is not a digit separator ("2,000").
pub(crate) fn last_comma(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    s.rmatch_indices(',').map(|(i, _)| i).find(|&i| {
        !(i > 0 && i + 1 < b.len() && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit())
    })
}

fn last_separator(s: &str) -> Option<usize> {
    let other = s.rfind([';', ':', '(', '_']);
    match (last_comma(s), other) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// Whether a word is a speech verb form.
pub(crate) fn is_speech_verb(word: &str) -> bool {
    SPEECH_VERB
        .find(word)
        .is_some_and(|m| m.start() == 0 && m.end() == word.len())
}

const TRAILING_SKIP: &[&str] = &[
    "has",
    "have",
    "had",
    "also",
    "further",
    "long",
    "would",
    "will",
    "is",
    "was",
    "were",
    "are",
    "did",
    "does",
    "do",
    "then",
    "again",
    "never",
    "already",
    "later",
    "earlier",
    "yesterday",
    "today",
    "now",
    "once",
    "both",
    "all",
    "too",
    "not",
    "still",
    "has been",
    "be",
];

const LEADING_SKIP: &[&str] = &[
    "and",
    "but",
    "while",
    "as",
    "although",
    "though",
    "when",
    "if",
    "because",
    "after",
    "since",
    "so",
    "however",
    "meanwhile",
    "moreover",
    "instead",
    "yet",
    "where",
    "whereas",
];

const CLAUSE_WORDS: &[&str] = &[
    "that", "which", "who", "whom", "where", "after", "before", "when", "while", "because",
    "since", "if", "although", "though", "whereas", "until",
];

/// What stands before a speech verb.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Subject {
    /// A noun phrase (byte range, trimmed).
    Phrase(Range<usize>),
    /// "A, P, said": the phrase before the parenthesis and the parenthesis itself; the caller
    /// prefers whichever names a person.
    Apposed(Range<usize>, Range<usize>),
    /// "X did this and said …": the subject of the sentence.
    OfSentence,
    /// Nothing usable.
    Unknown,
}

fn last_word(s: &str) -> Option<(usize, &str)> {
    let t = s.trim_end();
    let start = t
        .rfind(char::is_whitespace)
        .map_or(0, |i| i + t[i..].chars().next().map_or(1, char::len_utf8));
    (start < t.len()).then(|| (start, &t[start..]))
}

/// The subject phrase of the speech verb at `verb_start`, read backwards in the masked text
/// from the verb to the start of its sentence.
pub(crate) fn subject_before(masked: &str, sent_start: usize, verb_start: usize) -> Subject {
    let Some(prefix) = masked.get(sent_start..verb_start) else {
        return Subject::Unknown;
    };
    let mut end = prefix.trim_end().len();
    // Auxiliaries, adverbs and "on Thursday" between subject and verb.
    while let Some((ws, w)) = last_word(&prefix[..end]) {
        let lw = w.to_lowercase();
        let is_day = super::super::entities::lexicon::contains(
            super::super::entities::lexicon::CALENDAR,
            &lw,
        );
        if TRAILING_SKIP.contains(&lw.as_str())
            || (lw.ends_with("ly") && w.chars().all(|c| c.is_lowercase()) && lw.len() > 4)
        {
            end = prefix[..ws].trim_end().len();
        } else if is_day {
            let before = prefix[..ws].trim_end();
            if let Some((ps, p)) = last_word(before) {
                if p.eq_ignore_ascii_case("on") || p.eq_ignore_ascii_case("last") {
                    end = prefix[..ps].trim_end().len();
                    continue;
                }
            }
            break;
        } else {
            break;
        }
    }
    let head = &prefix[..end];
    if head.is_empty() {
        return Subject::Unknown;
    }
    if let Some((_, w)) = last_word(head) {
        if w == "and" || w == "but" {
            return Subject::OfSentence;
        }
    }
    // "British and American diplomats who accused": the phrase before the relative pronoun,
    // after its last preposition.
    if let Some((ws, w)) = last_word(head) {
        if matches!(w, "who" | "which" | "that") {
            let before = head[..ws].trim_end();
            let seg_start = last_separator(before).map_or(0, |i| i + 1);
            let seg = &before[seg_start..];
            let prep = [
                " at ",
                " by ",
                " with ",
                " from ",
                " to ",
                " on ",
                " for ",
                " against ",
                " of ",
            ]
            .iter()
            .filter_map(|p| seg.rfind(p).map(|i| i + p.len()))
            .max()
            .unwrap_or(0);
            return phrase(
                masked,
                0,
                sent_start + seg_start + prep..sent_start + before.len(),
            );
        }
    }
    if let Some(body) = head.strip_suffix(',') {
        let body = body.trim_end();
        let Some(prev) = last_separator(body) else {
            return phrase(masked, sent_start, sent_start..sent_start + body.len());
        };
        let p = sent_start + prev + 1..sent_start + body.len();
        let a_text = &body[..prev];
        let a_start = last_separator(a_text).map_or(0, |i| i + 1);
        let a = sent_start + a_start..sent_start + prev;
        return match phrase(masked, a.start, a) {
            Subject::Phrase(a) => Subject::Apposed(a, trim_range(masked, p)),
            _ => phrase(masked, p.start, p),
        };
    }
    // Where the separator before the segment begins (a comma, or a dash of several bytes), and
    // where the segment itself begins, just after it.
    let separator = last_separator(head)
        .into_iter()
        .chain(head.rfind(['—', '–']))
        .max();
    let seg_start = separator.map_or(0, |i| {
        i + head[i..].chars().next().map_or(1, char::len_utf8)
    });
    // "The United States, France, and other Western countries have": a list names its first.
    let seg = head[seg_start..].trim_start();
    let prev_short = separator.is_some_and(|sep| {
        head[..sep]
            .rsplit(',')
            .next()
            .is_some_and(|p| p.split_whitespace().count() <= 5)
    });
    if seg.starts_with("and ") && prev_short {
        // `cut` is where the separator before `start` begins; commas are one byte.
        let mut start = seg_start;
        let mut cut = separator.unwrap_or(0);
        while let Some(prev) = last_comma(&head[..cut]) {
            if head[prev + 1..cut].split_whitespace().count() > 5 {
                break;
            }
            start = prev + 1;
            cut = prev;
        }
        if start == seg_start {
            start = 0;
        } else if let Some(prev) = last_comma(&head[..cut]) {
            start = prev + 1;
        } else {
            start = 0;
        }
        let first_end = head[start..].find(',').map_or(end, |i| start + i);
        return phrase(masked, 0, sent_start + start..sent_start + first_end);
    }
    phrase(
        masked,
        sent_start + seg_start,
        sent_start + seg_start..sent_start + end,
    )
}

/// A candidate subject phrase, cleaned of leading conjunctions, or `Unknown` when it does not
/// look like a noun phrase.
fn phrase(masked: &str, _base: usize, range: Range<usize>) -> Subject {
    let mut r = trim_range(masked, range);
    loop {
        let s = &masked[r.clone()];
        let first_end = s.find(char::is_whitespace).unwrap_or(s.len());
        let first = s[..first_end].to_lowercase();
        if first_end < s.len() && LEADING_SKIP.contains(&first.as_str()) {
            r = trim_range(masked, r.start + first_end..r.end);
        } else {
            break;
        }
    }
    // "… that just one day after George Soros slammed": the subject follows the last clause word.
    let s = &masked[r.clone()];
    let mut cut = 0;
    let mut pos = 0;
    for w in s.split(' ') {
        let lw = w.to_lowercase();
        if CLAUSE_WORDS.contains(&lw.as_str()) {
            cut = pos + w.len();
        }
        pos += w.len() + 1;
    }
    let r = trim_range(masked, r.start + cut.min(s.len())..r.end);
    let mut r = r;
    // Quantities before a group: "about 2,000 protesters" speak as "protesters".
    loop {
        let s = &masked[r.clone()];
        let first_end = s.find(char::is_whitespace).unwrap_or(s.len());
        let first = s[..first_end].to_lowercase();
        let quantity = first.chars().next().is_some_and(|c| c.is_ascii_digit())
            || matches!(
                first.as_str(),
                "about"
                    | "some"
                    | "many"
                    | "several"
                    | "around"
                    | "nearly"
                    | "hundreds"
                    | "thousands"
                    | "dozens"
                    | "of"
                    | "more"
                    | "than"
                    | "most"
            );
        if quantity && first_end < s.len() {
            r = trim_range(masked, r.start + first_end..r.end);
        } else {
            break;
        }
    }
    let s = &masked[r.clone()];
    let words = s.split_whitespace().count();
    if words == 0 || words > 9 || s.contains('_') {
        return Subject::Unknown;
    }
    let lower = s.to_lowercase();
    if lower.split_whitespace().any(|w| matches!(w, "to" | "what")) && !lower.starts_with("one of")
    {
        return Subject::Unknown;
    }
    Subject::Phrase(r)
}

/// `text[start..end]` with both ends moved inward to char boundaries and clamped to the text.
pub(crate) fn window(text: &str, start: usize, end: usize) -> &str {
    let mut end = end.min(text.len());
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut start = start.min(end);
    while start < end && !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..end]
}

/// A subject phrase from a range, cleaned as [`subject_before`] cleans its phrases.
pub(crate) fn phrase_of(masked: &str, range: Range<usize>) -> Subject {
    phrase(masked, range.start, range)
}
