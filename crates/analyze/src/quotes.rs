//! Quotes: who said what, direct (inside quotation marks) or reported ("X said that …"), merged
//! across the articles that carry the same words.
//!
//! Direct quotes are found from the marks; the speaker comes from the attribution after the
//! quote (`"…," X said`, `"…," said X`), before it (`X said: "…"`, `According to X, "…"`) or from
//! the speech verb of the clause a partial quote sits in. A quote without attribution that
//! follows an attributed one in its paragraph, or opens the paragraph after a quote left open,
//! continues it. Reported speech is the content clause of a speech verb whose subject resolves
//! to a speaker; a clause entirely in quotation marks is only the direct quote. Pronouns and
//! bare titles ("he", "the minister") resolve to the nearest person named before them.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use model::{Document, Entity, EntityKind, Mention, Quote, QuoteKind, Sentence};
use regex::Regex;

pub(crate) mod attribution;
#[cfg(test)]
mod tests;

use crate::entities::lexicon::{self, GROUP_NOUNS, MEDIA_WORDS, ROLE_WORDS};
use attribution::{
    QuoteRegion, Subject, VerbFrame, speech_verbs, subject_before, trim_range, verb_frame,
};

/// Who a quote is attributed to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Speaker {
    Entity(usize),
    Phrase(String),
}

/// One quote in one article, before merging.
#[derive(Debug, Clone)]
struct Raw {
    kind: QuoteKind,
    speaker: Speaker,
    doc: usize,
    parts: Vec<Range<usize>>,
}

/// The entity mentions of one document, by position.
struct Mentions {
    items: Vec<(Range<usize>, usize)>,
}

impl Mentions {
    fn new(doc: &Document, entities: &[Entity]) -> Self {
        let mut items = Vec::new();
        for (i, e) in entities.iter().enumerate() {
            for m in &e.mentions {
                if m.span.article == doc.article.id {
                    items.push((m.span.start..m.span.end, i));
                }
            }
        }
        items.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
        Mentions { items }
    }

    fn within(&self, r: &Range<usize>) -> impl Iterator<Item = &(Range<usize>, usize)> {
        self.items
            .iter()
            .filter(move |(m, _)| m.start >= r.start && m.end <= r.end)
    }
}

struct DocCtx<'a> {
    di: usize,
    doc: &'a Document,
    text: &'a str,
    masked: String,
    regions: Vec<QuoteRegion>,
    mentions: Mentions,
    entities: &'a [Entity],
    outlets: &'a [String],
}

fn is_possessive_at(text: &str, end: usize) -> bool {
    let rest = attribution::window(text, end, end + 3);
    rest.starts_with("'s")
        || rest.starts_with("’s")
        || rest.starts_with("' ")
        || rest.starts_with("’ ")
}

impl DocCtx<'_> {
    fn sentence_at(&self, pos: usize) -> Option<&Sentence> {
        let ss = &self.doc.sentences;
        let i = ss.partition_point(|s| s.end <= pos);
        ss.get(i).filter(|s| s.start <= pos)
    }

    fn in_quote(&self, pos: usize) -> bool {
        self.regions
            .iter()
            .any(|r| r.outer.start <= pos && pos < r.outer.end)
    }

    fn is_person(&self, e: usize) -> bool {
        self.entities[e].kind == EntityKind::Person
    }

    /// The first person named (outside quotes, not as a possessive) in the nearest sentence
    /// before `pos` that names one; `role` narrows to persons whose title contains the word.
    fn nearest_person(&self, pos: usize, role: Option<&str>) -> Option<usize> {
        let cur = self.doc.sentences.partition_point(|s| s.end <= pos);
        for si in (0..=cur.min(self.doc.sentences.len().saturating_sub(1)))
            .rev()
            .take(6)
        {
            let s = &self.doc.sentences[si];
            let limit = pos.min(s.end);
            let found = self.mentions.items.iter().find(|(m, e)| {
                m.start >= s.start
                    && m.end <= limit
                    && self.is_person(*e)
                    && !self.in_quote(m.start)
                    && !is_possessive_at(self.text, m.end)
                    && role.is_none_or(|r| {
                        let ent = &self.entities[*e];
                        ent.roles
                            .iter()
                            .chain(ent.aliases.iter())
                            .any(|x| x.to_lowercase().contains(r))
                    })
            });
            if let Some((_, e)) = found {
                return Some(*e);
            }
        }
        if role.is_some() {
            self.nearest_person(pos, None)
        } else {
            None
        }
    }

    fn is_outlet(&self, name: &str) -> bool {
        let lower = name.to_lowercase();
        self.outlets
            .iter()
            .any(|o| o.to_lowercase() == lower.trim_start_matches("the "))
            || lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| MEDIA_WORDS.contains(&w))
    }

    /// Resolves a subject phrase to a speaker.
    fn resolve_phrase(&self, r: Range<usize>) -> Option<Speaker> {
        let phrase = self.text.get(r.clone())?.trim();
        let lower = phrase.to_lowercase();
        match lower.as_str() {
            "he" | "she" => return self.nearest_person(r.start, None).map(Speaker::Entity),
            "it" | "they" | "we" | "i" | "you" | "this" | "there" | "which" | "who" => return None,
            _ => {}
        }
        let words: Vec<&str> = lower.split_whitespace().collect();
        // "the minister", "the envoy": a bare title.
        if !words.is_empty()
            && words.len() <= 3
            && words[0] == "the"
            && !phrase.chars().skip(4).any(char::is_uppercase)
        {
            if let Some(role) = words.iter().rev().find(|w| ROLE_WORDS.contains(w)) {
                return self
                    .nearest_person(r.start, Some(role))
                    .map(Speaker::Entity);
            }
        }
        let inside: Vec<&(Range<usize>, usize)> = self.mentions.within(&r).collect();
        if let Some((_, e)) = inside
            .iter()
            .find(|(m, e)| self.is_person(*e) && !is_possessive_at(self.text, m.end))
        {
            return Some(Speaker::Entity(*e));
        }
        let has_role = words.iter().any(|w| {
            ROLE_WORDS.contains(&w.trim_end_matches(['\'', '’', 's'])) || ROLE_WORDS.contains(w)
        });
        if has_role {
            return Some(Speaker::Phrase(phrase.to_owned()));
        }
        let starts = |m: &Range<usize>| {
            m.start == r.start || (m.start == r.start + 4 && lower.starts_with("the "))
        };
        if let Some((m, e)) = inside.iter().find(|(m, _)| starts(m)) {
            if !is_possessive_at(self.text, m.end) || m.end == r.end {
                return Some(Speaker::Entity(*e));
            }
        }
        let grouped = words.iter().any(|w| GROUP_NOUNS.contains(w)) || lower.starts_with("one of");
        if grouped {
            let e = self.entities.iter().position(|e| {
                e.name.eq_ignore_ascii_case(phrase)
                    || e.aliases.iter().any(|a| a.eq_ignore_ascii_case(phrase))
            });
            return Some(e.map_or_else(|| Speaker::Phrase(phrase.to_owned()), Speaker::Entity));
        }
        if let Some(e) = self.entities.iter().position(|e| {
            e.name.eq_ignore_ascii_case(phrase)
                || e.aliases.iter().any(|a| a.eq_ignore_ascii_case(phrase))
        }) {
            return Some(Speaker::Entity(e));
        }
        inside
            .iter()
            .find(|(m, _)| !is_possessive_at(self.text, m.end))
            .or(inside.first())
            .map(|(_, e)| Speaker::Entity(*e))
    }

    fn resolve(&self, subject: Subject, sentence: &Sentence, verb_start: usize) -> Option<Speaker> {
        let sp = match subject {
            Subject::Phrase(r) => self.resolve_phrase(r),
            Subject::Apposed(a, p) => {
                let a_sp = self.resolve_phrase(a);
                let p_sp = self.resolve_phrase(p);
                let person = |s: &Option<Speaker>| matches!(s, Some(Speaker::Entity(e)) if self.is_person(*e));
                if person(&a_sp) {
                    a_sp
                } else if person(&p_sp) {
                    p_sp
                } else {
                    a_sp.or(p_sp)
                }
            }
            Subject::OfSentence => self.sentence_subject(sentence, verb_start),
            Subject::Unknown => None,
        };
        sp.filter(|s| match s {
            Speaker::Entity(e) => !self.is_outlet(&self.entities[*e].name),
            Speaker::Phrase(p) => !self.is_outlet(p),
        })
    }

    /// The subject of a sentence: the noun phrase before its first verb, or the first entity
    /// named before `before`, outside quotes.
    fn sentence_subject(&self, s: &Sentence, before: usize) -> Option<Speaker> {
        let m = &self.masked[s.start..before];
        // Skip a fronted adverbial ("By Wednesday evening,").
        let lead = m.split(',').next().unwrap_or("");
        let body_start = if lead.split_whitespace().next().is_some_and(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "by" | "on"
                    | "in"
                    | "at"
                    | "after"
                    | "earlier"
                    | "later"
                    | "last"
                    | "meanwhile"
                    | "however"
            )
        }) {
            // The lead and the comma that ends it (the whole text when there is no comma).
            let with_comma = m.get(..lead.len() + 1).unwrap_or(m);
            attribution::last_comma(with_comma).map_or(0, |i| i + 1)
        } else {
            0
        };
        let body = &m[body_start..];
        let verb_at = body.split_whitespace().position(|w| {
            matches!(
                w,
                "had" | "has" | "have" | "was" | "were" | "is" | "are" | "will" | "would" | "did"
            ) || (w.ends_with("ed") && w.chars().all(char::is_lowercase) && w.len() > 3)
        });
        if let Some(k) = verb_at.filter(|k| (1..=6).contains(k)) {
            let words: Vec<&str> = body.split_whitespace().take(k).collect();
            let phrase_len = body
                .find(words[words.len() - 1])
                .map_or(0, |p| p + words[words.len() - 1].len());
            let r = trim_range(
                self.text,
                s.start + body_start..s.start + body_start + phrase_len,
            );
            if let Subject::Phrase(r) = attribution::phrase_of(&self.masked, r) {
                if let Some(sp) = self.resolve_phrase(r) {
                    return Some(sp);
                }
            }
        }
        let r = s.start..before;
        let first = self
            .mentions
            .within(&r)
            .find(|(m, _)| !self.in_quote(m.start))?;
        // Prefer a person in apposition right after it ("The envoy, Joaquim Brell, …").
        let person = self.mentions.within(&r).find(|(m, e)| {
            self.is_person(*e) && !self.in_quote(m.start) && m.start < first.0.end + 60
        });
        Some(Speaker::Entity(person.map_or(first.1, |p| p.1)))
    }
}

static AFTER_VERB_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*[,]?\s*(?:said|says|added|told|asked|insisted|continued|explained|wrote|alleged|stated|declared|warned)\s+([^,;_()]{2,80}?)\s*(?:[,;(]|\.(?:\s|$)|\s+(?:according|referring|as|after|before|on|in|at|during|when|while|adding|saying|told)\b|$)")
        .expect("valid regex")
});
static AFTER_NP_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*[,]?\s*([^,;_()]{1,80}?)\s+(?:(?:has|had|also|then|later)\s+)?(?:said|says|added|adds|told|tells|asked|insisted|continued|explained|wrote|alleged|stated|declared|warned)\b")
        .expect("valid regex")
});
static ACCORDING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\baccording to\s+").expect("valid regex"));

fn word_count(s: &str) -> usize {
    segment::word_count(s)
}

/// Direct quotes of one document.
fn direct_quotes(ctx: &DocCtx<'_>, out: &mut Vec<Raw>) {
    let text = ctx.text;
    let m = &ctx.masked;
    let mut last: Option<(usize, usize, bool)> = None; // (index in out, paragraph, open_ended)
    for region in &ctx.regions {
        if region.inner.is_empty() {
            continue;
        }
        let Some(sent) = ctx.sentence_at(region.outer.start) else {
            continue;
        };
        // Attribution after the quote, up to the end of its sentence or the next quote.
        let after_end = ctx
            .sentence_at(region.outer.end.saturating_sub(1))
            .map_or(region.outer.end, |s| s.end)
            .max(region.outer.end);
        let after = attribution::window(m, region.outer.end, after_end);
        let mut speaker = None;
        let mut attributed = false;
        if !region.open_ended {
            if let Some(c) = AFTER_VERB_FIRST.captures(after).and_then(|c| c.get(1)) {
                let r = trim_range(
                    text,
                    region.outer.end + c.start()..region.outer.end + c.end(),
                );
                attributed = true;
                speaker = ctx.resolve_phrase(r);
            } else if let Some(c) = AFTER_NP_FIRST.captures(after).and_then(|c| c.get(1)) {
                let r = trim_range(
                    text,
                    region.outer.end + c.start()..region.outer.end + c.end(),
                );
                let inner = &text[region.inner.clone()];
                let closes =
                    inner.ends_with([',', '?', '!']) || after.trim_start().starts_with(',');
                let np = &text[r.clone()];
                if closes && word_count(np) <= 8 && !np.contains('.')
                    || closes && np.starts_with(|c: char| c.is_uppercase()) && word_count(np) <= 8
                {
                    attributed = true;
                    speaker = ctx.resolve(Subject::Phrase(r), sent, region.outer.end);
                }
            }
        }
        // Attribution before the quote, in its sentence.
        let prefix_range = sent.start..region.outer.start;
        let prefix = &m[prefix_range.clone()];
        if !attributed {
            if let Some(acc) = ACCORDING.find_iter(prefix).last() {
                let x_start = sent.start + acc.end();
                let x_end = prefix[acc.end()..]
                    .find(',')
                    .map_or(region.outer.start, |i| x_start + i);
                attributed = true;
                speaker = ctx.resolve(
                    Subject::Phrase(trim_range(text, x_start..x_end)),
                    sent,
                    x_start,
                );
            } else if let Some(v) = speech_verbs(m, prefix_range.clone()).last() {
                attributed = true;
                speaker = verb_speaker(ctx, sent, v.clone());
            }
        }
        let words = word_count(&text[region.inner.clone()]);
        let starts_sentence =
            prefix.trim().is_empty() || prefix.trim_end().ends_with(['.', '?', '!']);
        if !attributed || speaker.is_none() {
            // A continuation: after an attributed quote of this paragraph, or opening the
            // paragraph after a quote left open.
            if let Some((idx, para, open)) = last {
                let continues = (para == region.paragraph && starts_sentence && !attributed)
                    || (open && para + 1 == region.paragraph && prefix.trim().is_empty());
                if continues {
                    out[idx].parts.push(region.inner.clone());
                    last = Some((idx, region.paragraph, region.open_ended));
                    continue;
                }
            }
            last = None;
            continue;
        }
        if words < 4 {
            last = None;
            continue;
        }
        if let Some(speaker) = speaker {
            out.push(Raw {
                kind: QuoteKind::Direct,
                speaker,
                doc: ctx.di,
                parts: vec![region.inner.clone()],
            });
            last = Some((out.len() - 1, region.paragraph, region.open_ended));
        }
    }
}

/// The speaker of the speech verb at `v` in sentence `s`.
fn verb_speaker(ctx: &DocCtx<'_>, s: &Sentence, v: Range<usize>) -> Option<Speaker> {
    let verb = ctx.masked[v.clone()].to_lowercase();
    if verb.ends_with("ing") {
        // A participle: the speaker of the main clause.
        let earlier: Vec<Range<usize>> = speech_verbs(&ctx.masked, s.start..v.start);
        return match earlier.last() {
            Some(p) => verb_speaker(ctx, s, p.clone()),
            None => ctx.sentence_subject(s, v.start),
        };
    }
    let subject = subject_before(&ctx.masked, s.start, v.start);
    // `"…," he said, adding …`: the verb's subject may sit right after a quote.
    ctx.resolve(subject, s, v.start)
}

static THAT_AHEAD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[^,.;_]*?\s)?that\s").expect("valid regex"));
static CUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r",\s+according to\b|,\s+adding\b|,\s+(?:an?|when|during|before|though|whereas|who|referring)\s|,\s+but\s|,\s+and\s+\d|;|\s[—–]\s|\.\s*$|\s+\(")
        .expect("valid regex")
});
static CALLED_OBJECT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s(?:the|a|an|his|her|its|their)\s").expect("valid regex"));
static AND_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s+and\s+(?:also\s+)?(said|added|told|accused|described|insisted|claimed|warned|denied|called|dismissed|blamed)\b").expect("valid regex")
});

fn same_lemma(a: &str, b: &str) -> bool {
    let stem = |w: &str| w.chars().take(4).collect::<String>();
    stem(a) == stem(b)
}

/// "PORT AUREL, March 12 (Wire) - The dam…": the dateline is not part of what was said
/// (`segment::dateline_len`, which the summaries leave out too).
fn strip_dateline(text: &str, r: Range<usize>) -> Range<usize> {
    r.start + segment::dateline_len(&text[r.clone()])..r.end
}

static AFTER_QUOTE_STOP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,?\s+(?:\w+ing|during|on|at|after|before|when|while|as)\b").expect("valid regex")
});
static TIME_ADVERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\s*(?:yesterday|today|tonight|earlier|later|last (?:week|month|year|night)|on \w*day|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|this (?:week|month)|\(\w+\)|again|also|in a statement|in an interview))*").expect("valid regex")
});
static SUBORDINATE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:While|Although|Though|As|If|When|Because|Whereas)\s").expect("valid regex")
});
static OBJECT_PRONOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\S+\s+){1,3}?(?:he|she|they|it|we|the|a|an|his|her|its|their)\s")
        .expect("valid regex")
});

/// Reported speech of one document.
fn reported_quotes(ctx: &DocCtx<'_>, out: &mut Vec<Raw>) {
    let text = ctx.text;
    let m = &ctx.masked;
    for s in &ctx.doc.sentences {
        let verbs = speech_verbs(m, s.start..s.end);
        let mut made = false;
        let mut covered: Vec<Range<usize>> = Vec::new();
        for (vi, v) in verbs.iter().enumerate() {
            let verb = m[v.clone()].to_lowercase();
            // A participle folds into the clause of an earlier verb, except "adding".
            if verb == "saying" && vi > 0 {
                continue;
            }
            if covered
                .iter()
                .any(|c| c.start <= v.start && v.start < c.end)
            {
                continue;
            }
            // `"…," X said after …`: the attribution of a direct quote has no content clause.
            let before = m[s.start..v.start].trim();
            if before.starts_with('_')
                && before
                    .split_whitespace()
                    .filter(|w| !w.contains('_'))
                    .count()
                    <= 8
                && !before.trim_end_matches(|c: char| c != '_').is_empty()
                && before
                    .rsplit('_')
                    .next()
                    .is_some_and(|t| !t.contains(',') || t.trim_start().starts_with(','))
            {
                continue;
            }
            let inverted = is_inverted(m, s, v.clone(), &verb);
            let content = if inverted {
                None
            } else {
                complement(ctx, s, v.clone(), &verb)
            };
            if let Some(c) = &content {
                covered.push(c.clone());
            }
            let Some(content) = content else {
                if let Some(r) = fronted(ctx, s, v.clone()) {
                    if let Some(sp) = verb_speaker_or_after(ctx, s, v.clone()) {
                        out.push(Raw {
                            kind: QuoteKind::Reported,
                            speaker: sp,
                            doc: ctx.di,
                            parts: vec![r],
                        });
                        made = true;
                    }
                }
                continue;
            };
            let Some(sp) = verb_speaker(ctx, s, v.clone()) else {
                continue;
            };
            out.push(Raw {
                kind: QuoteKind::Reported,
                speaker: sp,
                doc: ctx.di,
                parts: vec![content],
            });
            made = true;
        }
        if !made {
            according_to(ctx, s, out);
        }
    }
    let _ = text;
}

static INVERTED_NP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+(?:[A-Z]|the\s|[a-z]+\s+[A-Z])[^,;_]{0,80}?(?:[,;(]|\.(?:\s|$)|\s+(?:referring|according)\b|$)").expect("valid regex")
});

/// `…, said Russian Foreign Minister Sergey Lavrov.`: the verb comes before its subject. Not
/// `The governor, Maria Lopez, said the dam was safe.`: there the comma closes an apposition
/// of the subject and what follows the verb is the content clause.
fn is_inverted(m: &str, s: &Sentence, v: Range<usize>, verb: &str) -> bool {
    let before = m[s.start..v.start].trim_end();
    if !matches!(
        verb,
        "said" | "says" | "added" | "adds" | "told" | "insisted" | "stated" | "warned" | "claimed"
    ) || !before.ends_with([',', '_'])
    {
        return false;
    }
    let Some(np) = INVERTED_NP.find(&m[v.end..s.end]) else {
        return false;
    };
    !(before.ends_with(',') && reads_as_clause(np.as_str()) && opens_with_subject(before))
}

/// Auxiliaries and modals: a word group that holds one is a clause, not a noun phrase.
const FINITE_WORDS: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "had", "will", "would", "could", "should", "can",
    "may", "might", "must", "did", "does", "been",
];

fn is_finite_word(w: &str) -> bool {
    FINITE_WORDS.contains(&w)
        || (w.len() > 4 && w.ends_with("ed") && w.bytes().all(|b| b.is_ascii_lowercase()))
}

/// Whether the words after a speech verb are a clause ("the dam had been inspected") rather
/// than its subject ("the regional governor", "a spokesman who asked not to be named"): a
/// leading "that", or a finite verb before any relative pronoun.
fn reads_as_clause(after: &str) -> bool {
    let words = after
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
    if words.clone().next() == Some("that") {
        return true;
    }
    words
        .take_while(|w| !matches!(*w, "who" | "whom" | "whose" | "which" | "that"))
        .any(is_finite_word)
}

/// Whether a sentence opens with a short noun phrase before its first comma ("The regional
/// governor, Maria Lopez,"), as a subject with an apposition does, rather than with a clause.
fn opens_with_subject(before: &str) -> bool {
    let first = before.split(',').next().unwrap_or("").trim();
    let words: Vec<&str> = first.split_whitespace().collect();
    first.starts_with(|c: char| c.is_uppercase())
        && (1..=6).contains(&words.len())
        && !first.contains('_')
        && !words.iter().any(|w| is_finite_word(w))
}

/// The speaker of a verb, or the phrase right after it (`…, said Lavrov`).
fn verb_speaker_or_after(ctx: &DocCtx<'_>, s: &Sentence, v: Range<usize>) -> Option<Speaker> {
    let before = ctx.masked[s.start..v.start].trim_end();
    if before.ends_with(',') {
        let rest = &ctx.masked[v.end..s.end];
        let end = rest.find([',', '.', ';', '(']).unwrap_or(rest.len());
        let mut np = &rest[..end];
        for stop in [
            " referring",
            " according",
            " as ",
            " after ",
            " on ",
            " in ",
        ] {
            if let Some(i) = np.find(stop) {
                np = &np[..i];
            }
        }
        let r = trim_range(ctx.text, v.end..v.end + np.len());
        return ctx.resolve(Subject::Phrase(r), s, v.start);
    }
    verb_speaker(ctx, s, v)
}

/// `CLAUSE, X said.`: the clause before the attribution, when the verb has no complement.
fn fronted(ctx: &DocCtx<'_>, s: &Sentence, v: Range<usize>) -> Option<Range<usize>> {
    let m = &ctx.masked;
    let verb = m[v.clone()].to_lowercase();
    if !matches!(
        verb.as_str(),
        "said" | "says" | "added" | "adds" | "told" | "insisted" | "claimed" | "warned" | "stated"
    ) {
        return None;
    }
    // The verb must end its clause: only time words or a name after it.
    let after = &m[v.end..s.end];
    let t = TIME_ADVERB.find(after).map_or(0, |t| t.end());
    let tail = after[t..].trim_start();
    let inverted = is_inverted(m, s, v.clone(), &verb);
    if !(tail.is_empty() || tail.starts_with([',', '.', ';']) || inverted) {
        return None;
    }
    let prefix = &m[s.start..v.start];
    let comma = attribution::last_comma(prefix);
    // `"…," he added`: the comma is inside the closing quote.
    let quote_end = ctx
        .regions
        .iter()
        .filter(|r| {
            r.outer.end <= v.start
                && r.outer.end > s.start
                && ctx.text[r.inner.clone()].ends_with(',')
        })
        .map(|r| r.outer.end - s.start)
        .max();
    let comma = match (comma, quote_end) {
        (Some(c), Some(q)) => c.max(q),
        (c, q) => c.or(q)?,
    };
    let between = prefix[comma..].trim_start_matches(',').trim();
    if between.split_whitespace().count() > 8 || between.contains('_') {
        return None;
    }
    let content = trim_range(ctx.text, s.start..s.start + comma);
    let masked_content = &m[content.clone()];
    let unquoted: String = masked_content
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    if unquoted.len() < 10 || word_count(masked_content) < 3 {
        return None;
    }
    // A subordinate or according-to clause before is not the content.
    if masked_content.to_lowercase().starts_with("according to") {
        return None;
    }
    Some(strip_dateline(ctx.text, content))
}

/// Finite forms of "be", "have" and the modals: after "that", they show it is a pronoun.
const FINITE_AUXILIARIES: &[&str] = &[
    "is", "was", "are", "were", "has", "had", "will", "would", "could", "should", "can", "may",
    "might", "must",
];

/// The content clause of a speech verb, or `None` when it has none (or only a quotation).
fn complement(ctx: &DocCtx<'_>, s: &Sentence, v: Range<usize>, verb: &str) -> Option<Range<usize>> {
    let m = &ctx.masked;
    let rest = &m[v.end..s.end];
    let frame = verb_frame(verb);
    let that = THAT_AHEAD.find(rest).filter(|t| {
        let before = &rest[..t.end()];
        // "says that is a lie": a verb right after "that" makes it the clause's subject, not
        // the conjunction before it.
        let next = rest[t.end()..].split_whitespace().next().unwrap_or("");
        !FINITE_AUXILIARIES.contains(&next)
            && word_count(before) <= 9
            && !before.split_whitespace().any(|w| {
                matches!(
                    w,
                    "and"
                        | "was"
                        | "were"
                        | "is"
                        | "are"
                        | "had"
                        | "has"
                        | "would"
                        | "will"
                        | "could"
                )
            })
    });
    let mut start = match frame {
        VerbFrame::Clause => match that {
            Some(t) => v.end + t.end(),
            None => {
                let t = TIME_ADVERB.find(rest).map_or(0, |t| t.end());
                let first = rest[t..].split_whitespace().next().unwrap_or("");
                // "said at a news conference." has no content clause.
                let preposition = matches!(
                    first,
                    "at" | "in"
                        | "on"
                        | "during"
                        | "after"
                        | "before"
                        | "from"
                        | "to"
                        | "with"
                        | "for"
                        | "via"
                        | "through"
                        | "outside"
                        | "inside"
                );
                if preposition
                    || rest[t..].trim_start().starts_with([',', '.', ';'])
                    || rest[t..].trim().is_empty()
                {
                    return None;
                }
                v.end + t
            }
        },
        VerbFrame::ThatClause => v.end + that?.end(),
        VerbFrame::Tell => match that {
            Some(t) => v.end + t.end(),
            None => {
                let o = OBJECT_PRONOUN.find(rest)?;
                let last_space = rest[..o.end() - 1].rfind(' ').map_or(0, |i| i + 1);
                v.end + last_space
            }
        },
        VerbFrame::Object => {
            let lower = rest.to_lowercase();
            let ok = if verb.starts_with("accus") {
                lower.contains(" of ")
            } else if verb.starts_with("blam") || verb.starts_with("slam") {
                lower.contains(" for ")
            } else if verb.starts_with("dismiss") {
                lower.contains(" as ")
            } else {
                true
            };
            if !ok {
                return None;
            }
            v.end
        }
        VerbFrame::Call => {
            let t = TIME_ADVERB.find(rest).map_or(0, |t| t.end());
            let after = &rest[t..];
            if let Some(x) = after.strip_prefix(" for ") {
                v.end + t + (after.len() - x.len())
            } else if let Some(x) = after.strip_prefix(" on ") {
                v.end + t + (after.len() - x.len())
            } else if verb == "called" && CALLED_OBJECT.is_match(after) {
                v.end + t
            } else {
                return None;
            }
        }
    };
    while start < s.end && m[start..].starts_with([' ', ',', ':']) {
        start += 1;
    }
    if start >= s.end {
        return None;
    }
    let body = &m[start..s.end];
    let mut end = s.end;
    // ", while Drevnia says …": a second attributed clause.
    if let Some(w) = body.find(", while ") {
        if !speech_verbs(m, start + w..s.end).is_empty() {
            end = start + w;
        }
    }
    if let Some(c) = CUT
        .find_iter(&body[..end - start])
        .find(|c| !c.as_str().starts_with(", but") || !body[c.end()..].starts_with("that "))
    {
        end = start + c.start();
    }
    // "X denied that … and accused Y of …": a second speech verb starts a second quote, except
    // the same verb repeated ("said … and said …").
    if let Some(c) = AND_VERB.captures(&m[start..end]) {
        let second = c.get(1).map_or("", |x| x.as_str()).to_lowercase();
        if !(same_lemma(&second, verb)) {
            end = start + c.get(0).map_or(0, |x| x.start());
        }
    }
    if SUBORDINATE_START.is_match(&m[s.start..s.end])
        && attribution::last_comma(&m[s.start..v.start]).is_none()
    {
        if let Some(c) = m[start..end].find(',') {
            end = start + c;
        }
    }
    // After a closing quote, a participle or a time/place phrase ends the clause.
    for r in &ctx.regions {
        if r.outer.end > start && r.outer.end < end && !r.open_ended {
            if let Some(stop) = AFTER_QUOTE_STOP.find(&m[r.outer.end..end]) {
                // "…," saying they must …: a participle clause in the writer's words continues.
                let rest = &m[r.outer.end + stop.end()..end];
                let quoted_rest = rest
                    .trim_start()
                    .trim_start_matches("that")
                    .trim()
                    .starts_with('_');
                if !stop.as_str().trim_start_matches(',').trim().eq("saying") || quoted_rest {
                    end = r.outer.end;
                    break;
                }
            }
        }
    }
    let mut range = trim_range(ctx.text, start..end);
    while range.end > range.start && ctx.text[..range.end].ends_with(['.', ',', ';', ':']) {
        range.end -= 1;
    }
    let masked_content = &m[range.clone()];
    let unquoted_words = masked_content
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count();
    if unquoted_words < 1
        || word_count(&ctx.text[range.clone()]) < 3
        || (masked_content.starts_with('_') && unquoted_words < 2)
    {
        return None;
    }
    Some(strip_dateline(ctx.text, range))
}

/// `According to X, CLAUSE.` and `CLAUSE, according to X.` where X is not a news outlet.
fn according_to(ctx: &DocCtx<'_>, s: &Sentence, out: &mut Vec<Raw>) {
    let m = &ctx.masked;
    let st = &m[s.start..s.end];
    let Some(acc) = ACCORDING.find(st) else {
        return;
    };
    let x_start = s.start + acc.end();
    let (x_end, content) = if acc.start() == 0 || st[..acc.start()].trim().is_empty() {
        // Fronted: "According to X, (apposition,) CLAUSE".
        let Some(c) = st[acc.end()..].find(',') else {
            return;
        };
        let x_end = x_start + c;
        let mut cstart = x_end + 1;
        let rest = &m[cstart..s.end];
        let first = rest.split_whitespace().next().unwrap_or("").to_lowercase();
        if matches!(first.as_str(), "the" | "a" | "an" | "who" | "which") {
            if let Some(c2) = rest.find(',') {
                cstart += c2 + 1;
            }
        }
        let mut r = trim_range(ctx.text, cstart..s.end);
        while r.end > r.start && ctx.text[..r.end].ends_with(['.', ',']) {
            r.end -= 1;
        }
        (x_end, r)
    } else {
        let before = st[..acc.start()].trim_end().trim_end_matches(',');
        let x_end = st[acc.end()..]
            .find([',', '.', ';'])
            .map_or(s.end, |i| x_start + i);
        (x_end, trim_range(ctx.text, s.start..s.start + before.len()))
    };
    let masked_content = &m[content.clone()];
    if masked_content.starts_with('_') && masked_content.trim_end_matches(['.', ',']).ends_with('_')
    {
        return;
    }
    if word_count(masked_content) < 3 {
        return;
    }
    let x = trim_range(ctx.text, x_start..x_end);
    let phrase = ctx.text[x.clone()].to_lowercase();
    if phrase.starts_with("a ") || phrase.starts_with("an ") || ctx.is_outlet(&phrase) {
        return;
    }
    if let Some(sp) = ctx.resolve(Subject::Phrase(x), s, x_start) {
        out.push(Raw {
            kind: QuoteKind::Reported,
            speaker: sp,
            doc: ctx.di,
            parts: vec![content],
        });
    }
}

/// Lowercase word tokens for near-duplicate matching (the scorer's normalization).
fn norm_tokens(s: &str) -> Vec<String> {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            '-' | '‐' | '‑' | '–' | '—' | '/' => out.push(' '),
            c if c.is_alphanumeric() || c.is_whitespace() => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().map(str::to_owned).collect()
}

fn token_f1(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut counts: HashMap<&str, i32> = HashMap::new();
    for t in b {
        *counts.entry(t.as_str()).or_default() += 1;
    }
    let mut common = 0;
    for t in a {
        if let Some(c) = counts.get_mut(t.as_str()) {
            if *c > 0 {
                *c -= 1;
                common += 1;
            }
        }
    }
    if common == 0 {
        return 0.0;
    }
    let p = common as f64 / a.len() as f64;
    let r = common as f64 / b.len() as f64;
    2.0 * p * r / (p + r)
}

/// Extracts the direct and reported quotes of an event, merged across articles.
///
/// `entities` is the output of [`crate::entities::extract_entities`] for the same documents;
/// `speaker_entity` indexes into it. Every occurrence's span slices to the quoted words as
/// printed (one occurrence per part of a split quote).
pub fn extract_quotes(docs: &[Document], entities: &[Entity]) -> Vec<Quote> {
    let outlets: Vec<String> = docs
        .iter()
        .filter_map(|d| d.article.source.clone())
        .collect();
    let mut raw = Vec::new();
    for (di, doc) in docs.iter().enumerate() {
        let regions = attribution::quote_regions(doc);
        let masked = attribution::masked(&doc.article.text, &regions);
        let ctx = DocCtx {
            di,
            doc,
            text: &doc.article.text,
            masked,
            regions,
            mentions: Mentions::new(doc, entities),
            entities,
            outlets: &outlets,
        };
        direct_quotes(&ctx, &mut raw);
        reported_quotes(&ctx, &mut raw);
    }
    merge(docs, entities, raw)
}

fn merge(docs: &[Document], entities: &[Entity], raw: Vec<Raw>) -> Vec<Quote> {
    let mut quotes: Vec<(Quote, Speaker, Vec<String>)> = Vec::new();
    for r in raw {
        let doc = &docs[r.doc];
        let text = &doc.article.text;
        let joined = r
            .parts
            .iter()
            .map(|p| &text[p.clone()])
            .collect::<Vec<_>>()
            .join(" ");
        let toks = norm_tokens(&joined);
        let occurrences: Vec<Mention> = r
            .parts
            .iter()
            .map(|p| Mention {
                span: doc.span(p.start, p.end),
                sentence: doc
                    .sentences
                    .partition_point(|s| s.end <= p.start)
                    .min(doc.sentences.len().saturating_sub(1)),
            })
            .collect();
        if let Some((q, _, _)) = quotes
            .iter_mut()
            .find(|(q, sp, t)| q.kind == r.kind && *sp == r.speaker && token_f1(t, &toks) >= 0.7)
        {
            // The same words: in the same article only once.
            if q.occurrences.iter().any(|o| {
                o.span.article == doc.article.id && o.span.start == occurrences[0].span.start
            }) {
                continue;
            }
            if !q.articles.contains(&doc.article.id) {
                q.articles.push(doc.article.id.clone());
            }
            q.occurrences.extend(occurrences);
            continue;
        }
        let (speaker, speaker_entity, role) = match &r.speaker {
            Speaker::Entity(e) => (
                entities[*e].name.clone(),
                Some(*e),
                entities[*e].roles.first().cloned(),
            ),
            Speaker::Phrase(p) => (p.clone(), None, None),
        };
        quotes.push((
            Quote {
                kind: r.kind,
                speaker,
                speaker_entity,
                role,
                text: joined,
                articles: vec![doc.article.id.clone()],
                occurrences,
            },
            r.speaker,
            toks,
        ));
    }
    let _ = lexicon::ROLE_WORDS;
    quotes.into_iter().map(|(q, _, _)| q).collect()
}
