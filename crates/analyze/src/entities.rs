//! Entities: the people, organizations and places an event's articles name, with every surface
//! form merged into one entity ("Kerry" = "John Kerry" = "US Secretary of State John Kerry") and
//! the roles that titles and appositions state.
//!
//! The gazetteer is built from the text itself: runs of capitalized words (with name particles
//! and titles), demonym + institution phrases ("Syrian regime"), and the unnamed groups that
//! speak ("Russian officials said"). Runs are merged by rules that hold in any news text: a
//! surname alone is the person who bears it, first names one letter apart are one person
//! ("Sergei"/"Sergey"), an acronym is the name whose initials it spells, and the closed synonym
//! list of `lexicon::SYNONYMS`.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use model::{ArticleId, Document, Entity, EntityKind, Mention, Sentence};
use regex::Regex;

pub(crate) mod lexicon;
#[cfg(test)]
pub(crate) mod testkit;
#[cfg(test)]
mod tests;

use crate::case::is_shouted;
use crate::quotes::attribution::{self, Subject};
use lexicon::{
    CALENDAR, DEMONYMS, EVENT_HEADS, GROUP_NOUNS, HONORIFICS, ORG_WORDS, PARTICLES, ROLE_MODIFIERS,
    ROLE_WORDS, SYNONYMS, contains,
};

/// One name as found in one article, before merging.
#[derive(Debug, Clone)]
struct Found {
    doc: usize,
    sentence: usize,
    /// The whole surface, title included.
    span: Range<usize>,
    /// The name part (without title or honorific).
    name: Range<usize>,
    role: Option<String>,
    /// Title or honorific seen: certainly a person.
    titled: bool,
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// A capitalized name.
    Name,
    /// Demonym or place + institution noun, merged by (country, class).
    Institution(String, &'static str),
    /// An unnamed group that speaks ("military and regional experts").
    Group,
}

/// Lowercase words seen in lowercase somewhere in the event: a sentence-initial capital on such
/// a word is grammar, not a name.
struct Vocabulary {
    lower: HashSet<String>,
    /// Capitalized words seen away from the start of a sentence.
    mid_caps: HashSet<String>,
    /// Capitalized words seen starting a name away from the start of a sentence.
    run_starts: HashSet<String>,
    /// Capitalized runs (no "of" joins) seen without "of"/"for" before them.
    standalone: HashSet<String>,
}

impl Vocabulary {
    fn new(docs: &[Document]) -> Self {
        let mut lower = HashSet::new();
        let mut mid_caps = HashSet::new();
        let mut run_starts = HashSet::new();
        let mut standalone = HashSet::new();
        for doc in docs {
            let text = &doc.article.text;
            for s in &doc.sentences {
                let st = &text[s.start..s.end];
                if is_shouted(st) {
                    continue;
                }
                let words = segment::word_ranges(st);
                let mut run: Vec<&str> = Vec::new();
                let mut run_ok = true;
                for (k, r) in words.iter().enumerate() {
                    let w = &st[r.clone()];
                    let initial = k == 0
                        || st[..r.start]
                            .trim_end()
                            .ends_with(['"', '“', '”', '(', ':', '—', '.']);
                    let joined = k > 0 && &st[words[k - 1].end..r.start] == " ";
                    if is_cap(w) && !initial {
                        mid_caps.insert(strip_possessive(w).0.to_owned());
                        // "Forces" in a sentence-initial "Joint Forces" starts no name.
                        if !joined || run.is_empty() {
                            run_starts.insert(strip_possessive(w).0.to_owned());
                        }
                    }
                    if is_cap(w) && (joined && !run.is_empty()) {
                        run.push(strip_possessive(w).0);
                    } else {
                        if !run.is_empty() && run_ok {
                            standalone.insert(run.join(" ").to_lowercase());
                        }
                        run.clear();
                        if is_cap(w) {
                            run_ok = k == 0 || !matches!(&st[words[k - 1].clone()], "of" | "for");
                            run.push(strip_possessive(w).0);
                        }
                    }
                    if w.chars().next().is_some_and(char::is_lowercase) {
                        lower.insert(w.to_owned());
                    }
                }
                if !run.is_empty() && run_ok {
                    standalone.insert(run.join(" ").to_lowercase());
                }
            }
        }
        Vocabulary {
            lower,
            mid_caps,
            run_starts,
            standalone,
        }
    }
}

fn is_cap(w: &str) -> bool {
    let mut chars = w.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => {}
        Some(_) => {
            // "al-Assad": a particle glued to a capitalized name.
            return w.split_once('-').is_some_and(|(p, rest)| {
                contains(PARTICLES, p) && rest.chars().next().is_some_and(char::is_uppercase)
            });
        }
        None => return false,
    }
    // "Qaeda-linked", "US-Russia-brokered": an adjective whose last part is lowercase.
    if let Some((_, last)) = w.rsplit_once('-') {
        if last.chars().next().is_some_and(char::is_lowercase) {
            return false;
        }
    }
    true
}

fn strip_possessive(w: &str) -> (&str, bool) {
    for suffix in ["'s", "’s", "'", "’"] {
        if let Some(stem) = w.strip_suffix(suffix) {
            if !stem.is_empty() {
                return (stem, true);
            }
        }
    }
    (w, false)
}

/// Whether a capitalized word is a demonym ("Russian", "French", "Franco-Spanish").
fn demonym_place(w: &str, places: &HashSet<String>) -> Option<String> {
    let last = w.rsplit('-').next().unwrap_or(w).to_lowercase();
    if let Some((_, p)) = DEMONYMS.iter().find(|(d, _)| *d == last) {
        return Some((*p).to_owned());
    }
    if ["ian", "ean", "ese", "ish"]
        .iter()
        .any(|s| last.ends_with(s))
        && last.len() > 5
    {
        return Some(last.trim_end_matches('n').to_owned());
    }
    for cut in ["n", "an", "ian", "i", "ese", "ish"] {
        if let Some(base) = last.strip_suffix(cut) {
            for cand in [base.to_owned(), format!("{base}a"), format!("{base}ia")] {
                if cand.len() > 2 && places.contains(&cand) {
                    return Some(cand);
                }
            }
        }
    }
    None
}

fn key_of(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '.' | '\'' | '’' => {}
            '-' | '‐' | '–' => out.push(' '),
            c => out.extend(c.to_lowercase()),
        }
    }
    let mut k = out
        .split_whitespace()
        .map(|w| match w {
            "eastern" => "east",
            "western" => "west",
            "northern" => "north",
            "southern" => "south",
            w => w,
        })
        .collect::<Vec<_>>()
        .join(" ");
    for article in ["the "] {
        if let Some(rest) = k.strip_prefix(article) {
            k = rest.to_owned();
        }
    }
    if let Some(stem) = k.strip_suffix(" s") {
        k = stem.to_owned();
    }
    k
}

static SPEECH_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*,?(?:,[^,.]{1,90},\s*)?\s*(?:(?:has|had|also|further|later|then|on \w+)\s+)*(?:said|says|told|added|accused|alleged|insisted|claimed|described|slammed|warned|argued|denied|called|insists|claims|tells|stated)\b")
        .expect("valid regex")
});
static SPEECH_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:said|says|told|added|according to)\s*$").expect("valid regex")
});
static AGE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,\s*(?:\d{1,3},|who\b|a (?:retired|former)\b)").expect("valid regex")
});

/// Every name found in one document.
fn scan(di: usize, doc: &Document, vocab: &Vocabulary, places: &HashSet<String>) -> Vec<Found> {
    let text = &doc.article.text;
    let mut out = Vec::new();
    for s in &doc.sentences {
        let st = &text[s.start..s.end];
        // Capitals name nothing in a sentence written in capitals: its names are found by
        // `add_shouted_mentions` among the names of the rest of the event.
        if is_shouted(st) {
            continue;
        }
        let words: Vec<Range<usize>> = segment::word_ranges(st)
            .into_iter()
            .map(|r| s.start + r.start..s.start + r.end)
            .collect();
        let first_word = st.find(|c: char| c.is_alphanumeric()).map(|i| s.start + i);
        let mut i = 0;
        while i < words.len() {
            let w = &text[words[i].clone()];
            let starts_run = is_cap(w) || (contains(ROLE_WORDS, w) && next_is_cap(text, &words, i));
            if !starts_run {
                i += 1;
                continue;
            }
            // Extend the run over single spaces.
            let mut j = i;
            let mut possessive_end = false;
            loop {
                let (_, poss) = strip_possessive(&text[words[j].clone()]);
                if poss {
                    possessive_end = true;
                    break;
                }
                let Some(next) = words.get(j + 1) else { break };
                let gap = &text[words[j].end..next.start];
                if gap != " " {
                    break;
                }
                let nw = &text[next.clone()];
                let cur = &text[words[j].clone()];
                if cur.matches('.').count() >= 2
                    && is_cap(nw)
                    && vocab.standalone.contains(&nw.to_lowercase())
                    && !contains(ROLE_WORDS, nw)
                {
                    break;
                }
                let of_join = (nw == "of" || nw == "for")
                    && words.get(j + 2).is_some_and(|n2| {
                        text[next.end..n2.start] == *" "
                            && is_cap(&text[n2.clone()])
                            && !vocab
                                .standalone
                                .contains(&cap_run_after(text, &words, j + 2))
                    });
                let joins = is_cap(nw)
                    || of_join
                    || (contains(PARTICLES, nw)
                        && words.get(j + 2).is_some_and(|n2| {
                            text[next.end..n2.start] == *" " && is_cap(&text[n2.clone()])
                        }))
                    || (contains(ROLE_WORDS, nw) && next_is_cap(text, &words, j + 1));
                if !joins {
                    break;
                }
                j += 1;
            }
            let _ = possessive_end;
            // A lowercase title just before the run ("spokesperson Nadia Fenwick") and the
            // demonym or capital before it ("French foreign minister Jean-Marc Ayrault").
            let mut a = i;
            let mut seen_title = false;
            while a > 0 {
                let prev = &text[words[a - 1].clone()];
                let gap = &text[words[a - 1].end..words[a].start];
                if gap != " " {
                    break;
                }
                let lower_title = contains(ROLE_WORDS, prev) || contains(ROLE_MODIFIERS, prev);
                let cap_before_title = is_cap(prev)
                    && a < words.len()
                    && (contains(ROLE_WORDS, &text[words[a].clone()])
                        || contains(ROLE_MODIFIERS, &text[words[a].clone()]));
                let lower_prev = prev.chars().next().is_some_and(char::is_lowercase);
                if lower_prev && contains(ROLE_WORDS, prev) {
                    seen_title = true;
                }
                if (lower_title && lower_prev && seen_title)
                    || (cap_before_title && a != i && seen_title)
                {
                    a -= 1;
                } else {
                    break;
                }
            }
            classify_run(
                di,
                s.index,
                text,
                &words[a..=j],
                first_word,
                vocab,
                places,
                &mut out,
            );
            // Demonym or place + institution noun right after the run.
            i = j + 1;
        }
        institutions(di, s.index, text, &words, places, &mut out);
        directions(di, s.index, text, &words, &mut out);
    }
    // A group that is also an institution phrase ("British and American diplomats") is one.
    let mut groups_found = Vec::new();
    groups(di, doc, &mut groups_found);
    groups_found.retain(|g| !out.iter().any(|f| f.span == g.span));
    out.extend(groups_found);
    out
}

/// The lowercase capitalized run starting at word `k` (no joins over "of").
fn cap_run_after(text: &str, words: &[Range<usize>], k: usize) -> String {
    let mut parts = vec![strip_possessive(&text[words[k].clone()]).0.to_lowercase()];
    let mut m = k + 1;
    while let Some(r) = words.get(m) {
        if text[words[m - 1].end..r.start] != *" " || !is_cap(&text[r.clone()]) {
            break;
        }
        parts.push(strip_possessive(&text[r.clone()]).0.to_lowercase());
        m += 1;
    }
    parts.join(" ")
}

fn next_is_cap(text: &str, words: &[Range<usize>], i: usize) -> bool {
    let mut k = i + 1;
    while let Some(r) = words.get(k) {
        if text[words[k - 1].end..r.start] != *" " {
            return false;
        }
        let w = &text[r.clone()];
        if is_cap(w) {
            return true;
        }
        if !(contains(ROLE_WORDS, w) || contains(ROLE_MODIFIERS, w) || w == "of") {
            return false;
        }
        k += 1;
    }
    false
}

#[allow(clippy::too_many_arguments)]
fn classify_run(
    di: usize,
    sentence: usize,
    text: &str,
    run: &[Range<usize>],
    first_word: Option<usize>,
    vocab: &Vocabulary,
    places: &HashSet<String>,
    out: &mut Vec<Found>,
) {
    let mut toks: Vec<Range<usize>> = run.to_vec();
    // Drop grammar capitals at the start of the run.
    let mut dropped_grammar = false;
    while let Some(t) = toks.first() {
        let w = &text[t.clone()];
        let lw = w.to_lowercase();
        let initial = Some(t.start) == first_word
            || text[..t.start]
                .trim_end()
                .ends_with(['"', '“', '”', '(', ':', '—']);
        let all_caps_run = toks.len() > 1 && w.len() > 2 && w.chars().all(|c| !c.is_lowercase());
        let titled = contains(ROLE_WORDS, w) || contains(HONORIFICS, w);
        let grammar = segment::is_stopword(&lw)
            || contains(CALENDAR, strip_possessive(w).0)
            || (initial
                && !all_caps_run
                && !titled
                && (vocab.lower.contains(&lw) || !is_cap_everywhere(w, vocab)))
            || (initial && toks.len() == 1 && !vocab.mid_caps.contains(strip_possessive(w).0))
            || (dropped_grammar
                && vocab.lower.contains(&lw)
                && !titled
                && !vocab.run_starts.contains(strip_possessive(w).0))
            || (initial && PREPOSITIONS.contains(&lw.as_str()))
            || is_compound_adjective(w, places);
        if grammar {
            toks.remove(0);
            dropped_grammar = !segment::is_stopword(&lw);
        } else {
            break;
        }
    }
    while toks.last().is_some_and(|t| {
        let w = &text[t.clone()];
        contains(PARTICLES, w) || w == "of" || w == "for" || contains(CALENDAR, w)
    }) {
        toks.pop();
    }
    if toks.is_empty() {
        return;
    }
    // Title split: everything up to the last title word is the role.
    let is_title = |w: &str| contains(ROLE_WORDS, w) || contains(HONORIFICS, w);
    let last_title = toks.iter().rposition(|t| is_title(&text[t.clone()]));
    let (role_toks, name_toks) = match last_title {
        Some(k) => (&toks[..=k], &toks[k + 1..]),
        None => (&toks[..0], &toks[..]),
    };
    if name_toks.is_empty() {
        return;
    }
    let (role_toks, name_toks, org_of) = if matches!(&text[name_toks[0].clone()], "of" | "for") {
        let rest = &name_toks[1..];
        if rest.iter().any(|t| contains(ORG_WORDS, &text[t.clone()])) || rest.len() < 2 {
            (&name_toks[..0], rest, true)
        } else {
            (&toks[..=last_title.unwrap_or(0) + 2], &rest[1..], false)
        }
    } else {
        (role_toks, name_toks, false)
    };
    let _ = org_of;
    if name_toks.is_empty() {
        return;
    }
    // Names that are only demonyms or calendar words are not entities.
    if name_toks.len() == 1 {
        let w = strip_possessive(&text[name_toks[0].clone()]).0;
        let lw = w.to_lowercase();
        if (demonym_place(w, places).is_some() && !places.contains(&lw))
            || DEMONYMS
                .iter()
                .any(|(d, _)| *d == lw || lw.strip_suffix('s') == Some(d))
            || demonym_place(lw.strip_suffix('s').unwrap_or(""), places).is_some()
            || matches!(lw.as_str(), "east" | "west" | "north" | "south")
            || is_compound_adjective(w, places)
        {
            return;
        }
        // "Obama administration", "Syria regime": the name is a modifier of an institution.
        let after = attribution::window(text, name_toks[0].end, name_toks[0].end + 20);
        if let Some(next) = after.strip_prefix(' ') {
            let noun = next
                .split(|c: char| !c.is_alphabetic())
                .next()
                .unwrap_or("");
            if lexicon::institution_class(noun).is_some() && noun != "side" {
                return;
            }
        }
    }
    if name_toks.iter().all(|t| {
        let w = strip_possessive(&text[t.clone()]).0;
        demonym_place(w, places).is_some() && !places.contains(&w.to_lowercase())
    }) {
        return;
    }
    let name_start = name_toks[0].start;
    let last = name_toks[name_toks.len() - 1].clone();
    // "TF1 TV channel": the medium is not part of the name.
    let name_toks = if name_toks.len() >= 2
        && matches!(text[last.clone()].as_ref(), "TV" | "Radio")
        && attribution::window(text, last.end, last.end + 10).starts_with(" channel")
    {
        &name_toks[..name_toks.len() - 1]
    } else {
        name_toks
    };
    let last = name_toks[name_toks.len() - 1].clone();
    let (stem, _) = strip_possessive(&text[last.clone()]);
    let name_end = last.start + stem.len();
    let honorific_only = role_toks
        .iter()
        .all(|t| contains(HONORIFICS, &text[t.clone()]));
    let role = (!role_toks.is_empty() && !honorific_only).then(|| {
        let r = &role_toks
            .iter()
            .filter(|t| !contains(HONORIFICS, &text[(*t).clone()]))
            .map(|t| text[t.clone()].to_owned())
            .collect::<Vec<_>>();
        r.join(" ")
    });
    let has_org_word = name_toks
        .iter()
        .any(|t| contains(ORG_WORDS, &text[t.clone()]));
    let span_start = role_toks.first().map_or(name_start, |t| t.start);
    out.push(Found {
        doc: di,
        sentence,
        span: span_start..name_end,
        name: name_start..name_end,
        role,
        titled: !role_toks.is_empty() && !has_org_word,
        kind: Kind::Name,
    });
}

/// First words of place names whose last word is itself a place ("East Aleppo").
const PLACE_PREFIXES: &[&str] = &[
    "east", "west", "north", "south", "upper", "lower", "new", "old", "greater", "central",
    "northern", "southern", "eastern", "western", "port", "fort", "saint", "st", "mount", "lake",
    "cape", "san", "santa", "los", "las", "el", "al",
];

const PREPOSITIONS: &[&str] = &[
    "inside", "outside", "under", "despite", "during", "among", "within", "without", "across",
    "against", "along", "amid", "behind", "beyond", "near", "toward", "towards", "upon", "via",
];

/// "Franco-Spanish", "US-Russia", "Russian-Syrian": several capitalized parts, no particle.
fn is_compound_adjective(w: &str, places: &HashSet<String>) -> bool {
    let parts: Vec<&str> = w.split('-').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| p.chars().next().is_some_and(char::is_uppercase) && !contains(PARTICLES, p))
        && parts.iter().all(|p| {
            demonym_place(p, places).is_some()
                || places.contains(&p.to_lowercase())
                || p.chars().all(|c| c.is_uppercase())
        })
}

fn is_cap_everywhere(w: &str, vocab: &Vocabulary) -> bool {
    let lw = w.to_lowercase();
    !vocab.lower.contains(&lw) && !lw.ends_with("ing") && !lw.ends_with("ed") && !lw.ends_with("ly")
}

/// "Syrian government", "Syria regime", "British and American diplomats", "Obama
/// administration".
fn institutions(
    di: usize,
    sentence: usize,
    text: &str,
    words: &[Range<usize>],
    places: &HashSet<String>,
    out: &mut Vec<Found>,
) {
    for (k, r) in words.iter().enumerate() {
        let w = &text[r.clone()];
        let lw = w.to_lowercase();
        let (noun_end, class) = if lw == "air"
            && words
                .get(k + 1)
                .is_some_and(|n| &text[n.clone()] == "force")
        {
            (words[k + 1].end, "air force")
        } else if let Some(c) = lexicon::institution_class(&lw) {
            (r.end, c)
        } else {
            continue;
        };
        if k == 0 || !w.chars().next().is_some_and(char::is_lowercase) {
            continue;
        }
        let prev = &text[words[k - 1].clone()];
        if text[words[k - 1].end..r.start] != *" " || !is_cap(prev) {
            continue;
        }
        let (prev_stem, poss) = strip_possessive(prev);
        if poss {
            continue;
        }
        if segment::is_stopword(&prev_stem.to_lowercase()) {
            continue;
        }
        let country = demonym_place(prev_stem, places).or_else(|| {
            let k = key_of(prev_stem);
            places.contains(&k).then_some(k)
        });
        let Some(country) = country else { continue };
        let mut start = words[k - 1].start;
        // "British and American diplomats".
        if k >= 3 && &text[words[k - 2].clone()] == "and" && is_cap(&text[words[k - 3].clone()]) {
            start = words[k - 3].start;
        }
        if start > 0 && text[..start].ends_with("the ") {
            start -= 4;
        }
        out.push(Found {
            doc: di,
            sentence,
            span: start..noun_end,
            name: start..noun_end,
            role: None,
            titled: false,
            kind: Kind::Institution(country, class),
        });
    }
}

/// "eastern Aleppo": a lowercase compass adjective before a capitalized place.
fn directions(
    di: usize,
    sentence: usize,
    text: &str,
    words: &[Range<usize>],
    out: &mut Vec<Found>,
) {
    for k in 1..words.len() {
        let prev = &text[words[k - 1].clone()];
        let w = &text[words[k].clone()];
        if !matches!(prev, "eastern" | "western" | "northern" | "southern")
            || text[words[k - 1].end..words[k].start] != *" "
            || !w.chars().next().is_some_and(char::is_uppercase)
        {
            continue;
        }
        let (stem, _) = strip_possessive(w);
        let end = words[k].start + stem.len();
        out.push(Found {
            doc: di,
            sentence,
            span: words[k - 1].start..end,
            name: words[k - 1].start..end,
            role: None,
            titled: false,
            kind: Kind::Name,
        });
    }
}

static ACCORDING_TO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\baccording to ([^,.;]{3,80})").expect("valid regex"));

/// Unnamed groups that speak: "military and regional experts said", "according to organisers".
fn groups(di: usize, doc: &Document, out: &mut Vec<Found>) {
    let text = &doc.article.text;
    let regions = attribution::quote_regions(doc);
    let masked = attribution::masked(text, &regions);
    for s in &doc.sentences {
        if is_shouted(&text[s.start..s.end]) {
            continue;
        }
        let mut phrases = Vec::new();
        for v in attribution::speech_verbs(&masked, s.start..s.end) {
            match attribution::subject_before(&masked, s.start, v.start) {
                Subject::Phrase(p) => phrases.push(p),
                Subject::Apposed(a, _) => phrases.push(a),
                _ => {}
            }
        }
        if let Some(m) = ACCORDING_TO
            .captures(&masked[s.start..s.end])
            .and_then(|c| c.get(1))
        {
            phrases.push(s.start + m.start()..s.start + m.end());
        }
        for p in phrases {
            let ph = &text[p.clone()];
            let words: Vec<&str> = ph.split_whitespace().collect();
            let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
            let group_head = lower.iter().position(|w| GROUP_NOUNS.contains(&w.as_str()));
            let one_of = lower.len() > 3 && lower[0] == "one" && lower[1] == "of";
            let Some(head) = group_head.or(one_of.then_some(lower.len() - 1)) else {
                continue;
            };
            // A demonym head ("Russian officials") is an institution; a group is unnamed, and a
            // phrase that names its organization ("organisers from the X") is that organization.
            if head > 0
                && words[..head]
                    .iter()
                    .all(|w| is_cap(w) && lexicon::institution_class(&lower[head]).is_some())
                && !one_of
            {
                continue;
            }
            if !one_of && (ph.contains(" of the ") || ph.contains(" from the ")) {
                continue;
            }
            if lower.iter().any(|w| {
                attribution::is_speech_verb(w)
                    || matches!(w.as_str(), "they" | "he" | "she" | "it" | "we")
            }) {
                continue;
            }
            let mut start = p.start;
            if ph.starts_with("the ") || ph.starts_with("The ") {
                start += 4;
            }
            out.push(Found {
                doc: di,
                sentence: s.index,
                span: start..p.end,
                name: start..p.end,
                role: None,
                titled: false,
                kind: Kind::Group,
            });
        }
    }
}

/// Person evidence: a run followed or preceded by a speech verb, or by an age or "who".
fn speaks(text: &str, span: &Range<usize>) -> bool {
    let after = attribution::window(text, span.end, span.end + 120);
    let before = attribution::window(text, span.start.saturating_sub(24), span.start);
    let last = before.trim_end().rsplit(' ').next().unwrap_or("");
    SPEECH_AFTER.is_match(after)
        || (matches!(last, "said" | "says" | "told" | "added" | "to")
            && SPEECH_BEFORE.is_match(before))
        || (after.starts_with(',') && AGE_AFTER.is_match(after))
}

/// Extracts the entities of an event, merged across its articles.
///
/// Every entity carries all its mentions (article, sentence and byte span of the name as
/// written), the articles that mention it, its other surface forms as aliases and the roles its
/// titles and appositions state.
pub fn extract_entities(docs: &[Document]) -> Vec<Entity> {
    let vocab = Vocabulary::new(docs);
    // Places for demonym derivation: single capitalized words of the event.
    let mut places: HashSet<String> = HashSet::new();
    for doc in docs {
        let text = &doc.article.text;
        for s in &doc.sentences {
            if is_shouted(&text[s.start..s.end]) {
                continue;
            }
            for r in segment::word_ranges(&text[s.start..s.end]) {
                let w = strip_possessive(&text[s.start + r.start..s.start + r.end]).0;
                if w.chars().next().is_some_and(char::is_uppercase) {
                    places.insert(w.to_lowercase());
                }
            }
        }
    }
    places.retain(|p| !p.ends_with("ian") && !p.ends_with("ese"));
    let mut found = Vec::new();
    for (di, doc) in docs.iter().enumerate() {
        found.extend(scan(di, doc, &vocab, &places));
    }
    merge(docs, found)
}

/// Merges found names into entities.
fn merge(docs: &[Document], found: Vec<Found>) -> Vec<Entity> {
    let text_of = |f: &Found, r: &Range<usize>| docs[f.doc].article.text[r.clone()].to_owned();
    // Last words of multi-word names: a single word that speaks is a person only if it is one.
    let mut multi_names: HashSet<String> = HashSet::new();
    for f in &found {
        let name = text_of(f, &f.name);
        let toks: Vec<&str> = name.split_whitespace().collect();
        if f.kind == Kind::Name
            && (2..=3).contains(&toks.len())
            && !toks.iter().any(|t| contains(ORG_WORDS, t))
            && is_cap(toks[0])
        {
            multi_names.insert(surname_key(toks[toks.len() - 1]));
        }
    }
    // A word seen alone and as the last word of a two- or three-word name whose first word is
    // not a compass or place prefix is a surname ("Smith" after "John Smith").
    let singles: HashSet<String> = found
        .iter()
        .filter(|f| f.kind == Kind::Name)
        .map(|f| text_of(f, &f.name))
        .filter(|n| !n.contains(' '))
        .map(|n| surname_key(&n))
        .collect();
    let mut repeated_surnames: HashSet<String> = HashSet::new();
    for f in &found {
        let name = text_of(f, &f.name);
        let toks: Vec<&str> = name.split_whitespace().collect();
        if f.kind == Kind::Name
            && (2..=3).contains(&toks.len())
            && toks.iter().all(|t| is_cap(t) && !contains(ORG_WORDS, t))
            && !PLACE_PREFIXES.contains(&toks[0].to_lowercase().as_str())
        {
            let sk = surname_key(toks[toks.len() - 1]);
            if singles.contains(&sk) {
                repeated_surnames.insert(sk);
            }
        }
    }
    // Person evidence per surname.
    let mut person_surnames: HashSet<String> = HashSet::new();
    for f in &found {
        if f.kind != Kind::Name {
            continue;
        }
        let name = text_of(f, &f.name);
        let toks: Vec<&str> = name.split_whitespace().collect();
        let has_org = toks
            .iter()
            .any(|t| contains(ORG_WORDS, t) || *t == "of" || *t == "for");
        if has_org || !is_cap(toks[0]) {
            continue;
        }
        let multi = toks.len() >= 2 && toks.len() <= 4;
        let apposed = {
            let text = &docs[f.doc].article.text;
            apposition_before(text, f.span.start).is_some()
                || APPOSITION_AFTER
                    .captures(attribution::window(text, f.span.end, f.span.end + 120))
                    .and_then(|c| c.get(1))
                    .is_some_and(|c| {
                        c.as_str()
                            .to_lowercase()
                            .split_whitespace()
                            .any(|w| ROLE_WORDS.contains(&w))
                    })
        };
        // A single word that speaks at the start of a clause ("Brell told"), not one that ends
        // a phrase ("inside eastern Aleppo told").
        let clause_start = {
            let text = &docs[f.doc].article.text;
            let before =
                attribution::window(text, f.span.start.saturating_sub(12), f.span.start).trim_end();
            before.is_empty()
                || before.ends_with(['.', ',', ';', ':', '"', '“', '”'])
                || before.ends_with(" and")
        };
        let single_ok = clause_start && multi_names.contains(&surname_key(toks[0]));
        if f.titled
            || (apposed && multi)
            || (speaks(&docs[f.doc].article.text, &f.span) && (multi || single_ok))
            || (toks.len() == 1 && repeated_surnames.contains(&surname_key(toks[0])))
        {
            if let Some(last) = toks.last() {
                person_surnames.insert(surname_key(last));
            }
        }
    }
    // Full names (two or more tokens) per surname, for single-token resolution.
    let mut full_by_surname: HashMap<String, Vec<String>> = HashMap::new();
    for f in &found {
        if f.kind != Kind::Name {
            continue;
        }
        let name = text_of(f, &f.name);
        let toks: Vec<&str> = name.split_whitespace().collect();
        if toks.len() >= 2 && toks.iter().all(|t| !contains(ORG_WORDS, t)) && is_cap(toks[0]) {
            let sk = surname_key(toks[toks.len() - 1]);
            if person_surnames.contains(&sk) {
                full_by_surname.entry(sk).or_default().push(key_of(&name));
            }
        }
    }
    // Acronyms of multi-word names.
    let mut acronyms: HashMap<String, String> = HashMap::new();
    for f in &found {
        if f.kind != Kind::Name {
            continue;
        }
        let name = text_of(f, &f.name);
        let toks: Vec<&str> = name.split_whitespace().collect();
        if toks.len() >= 2 {
            let initials: String = toks
                .iter()
                .filter(|t| !matches!(**t, "of" | "for" | "the" | "and" | "de"))
                .filter_map(|t| t.chars().next())
                .filter(|c| c.is_uppercase())
                .flat_map(char::to_lowercase)
                .collect();
            if initials.len() >= 2 {
                acronyms.entry(initials).or_insert_with(|| key_of(&name));
            }
        }
    }
    let synonyms: HashMap<&str, &str> = SYNONYMS.iter().copied().collect();
    let canonical_key = |name: &str| -> String {
        let k = key_of(name);
        let expanded: Vec<String> = k
            .split(' ')
            .map(|t| {
                let upper_in_text = name.split_whitespace().any(|w| {
                    let w: String = w.chars().filter(|c| *c != '.').collect();
                    w.len() >= 2 && w.chars().all(|c| c.is_uppercase()) && w.to_lowercase() == t
                });
                match acronyms.get(t) {
                    Some(full) if upper_in_text && full.split(' ').count() > 1 => full.clone(),
                    _ => t.to_owned(),
                }
            })
            .collect();
        let k = expanded.join(" ");
        synonyms.get(k.as_str()).map_or(k, |s| (*s).to_owned())
    };
    // Assign each found name a merge key. A person's key depends only on the surname (and,
    // for a full name, the name's own key), so it is worked out once for each: an event of
    // hundreds of articles names its main people thousands of times.
    let mut person_keys: HashMap<(String, Option<String>), String> = HashMap::new();
    let mut keyed: Vec<(String, EntityKind, &Found)> = Vec::new();
    for f in &found {
        let name = text_of(f, &f.name);
        let (key, kind) = match &f.kind {
            Kind::Institution(country, class) => {
                (format!("{country} {class}"), EntityKind::Organization)
            }
            Kind::Group => (key_of(&name), EntityKind::Organization),
            Kind::Name => {
                let toks: Vec<&str> = name.split_whitespace().collect();
                let sk = surname_key(toks[toks.len() - 1]);
                let has_org = toks.iter().any(|t| contains(ORG_WORDS, t));
                if !has_org && person_surnames.contains(&sk) && toks.len() <= 4 && is_cap(toks[0]) {
                    let own = (toks.len() > 1).then(|| key_of(&name));
                    let key = person_keys
                        .entry((sk, own))
                        .or_insert_with_key(|(sk, own)| {
                            let fulls: &[String] =
                                full_by_surname.get(sk).map_or(&[], Vec::as_slice);
                            match own {
                                None => most_common(fulls).unwrap_or_else(|| sk.clone()),
                                // Spelling variants of the first name merge into the most
                                // common form.
                                Some(own) => most_common(
                                    &fulls
                                        .iter()
                                        .filter(|k| first_name_close(k, own))
                                        .cloned()
                                        .collect::<Vec<_>>(),
                                )
                                .unwrap_or_else(|| own.clone()),
                            }
                        });
                    (format!("person {key}"), EntityKind::Person)
                } else {
                    let kind = if has_org
                        || is_acronym(&name)
                            && !matches!(key_of(&name).as_str(), "us" | "uk" | "usa" | "uae")
                    {
                        EntityKind::Organization
                    } else if toks.len() >= 2 && contains(EVENT_HEADS, toks[toks.len() - 1]) {
                        EntityKind::Event
                    } else {
                        EntityKind::Place
                    };
                    (canonical_key(&name), kind)
                }
            }
        };
        if key.is_empty() {
            continue;
        }
        keyed.push((key, kind, f));
    }
    // "Al-Nusra" = "al-Nusra Front": a name plus one generic organization word.
    let all_keys: HashSet<String> = keyed.iter().map(|(k, _, _)| k.clone()).collect();
    for (k, kind, _) in &mut keyed {
        if *kind == EntityKind::Person {
            continue;
        }
        for generic in [
            "front",
            "movement",
            "party",
            "group",
            "river",
            "dam",
            "lake",
            "reservoir",
            "province",
            "region",
        ] {
            let longer = format!("{k} {generic}");
            if all_keys.contains(&longer) {
                *k = longer;
                break;
            }
        }
        // "Standing Council" = "UAN Standing Council" when only one longer name ends so.
        let words = k.split(' ').count();
        if words >= 2 && k.split(' ').any(|w| contains(ORG_WORDS, w)) {
            let suffix = format!(" {k}");
            let longer: Vec<&String> = all_keys.iter().filter(|o| o.ends_with(&suffix)).collect();
            if longer.len() == 1 {
                *k = longer[0].clone();
            }
        }
    }
    // Build entities in order of first mention.
    let mut order: Vec<String> = Vec::new();
    let mut by_key: HashMap<String, Vec<(EntityKind, &Found)>> = HashMap::new();
    for (k, kind, f) in keyed {
        if !by_key.contains_key(&k) {
            order.push(k.clone());
        }
        by_key.entry(k).or_default().push((kind, f));
    }
    let mut entities = Vec::new();
    for k in order {
        let items = &by_key[&k];
        let kind = items[0].0;
        let mut names: Vec<String> = Vec::new();
        let mut aliases: Vec<String> = Vec::new();
        let mut roles: Vec<String> = Vec::new();
        let mut articles = Vec::new();
        let mut in_articles: HashSet<&ArticleId> = HashSet::new();
        let mut in_aliases: HashSet<String> = HashSet::new();
        let mut mentions = Vec::new();
        for (_, f) in items {
            let doc = &docs[f.doc];
            let name = text_of(f, &f.name);
            let surface = text_of(f, &f.span);
            names.push(name.clone());
            let text = &doc.article.text;
            let the_alias = (kind != EntityKind::Person && f.span.start >= 4)
                .then(|| text.get(f.span.start - 4..f.span.end))
                .flatten()
                .filter(|a| a.starts_with("the ") || a.starts_with("The "))
                .map(str::to_owned);
            for a in [Some(name), Some(surface), the_alias].into_iter().flatten() {
                if in_aliases.insert(a.clone()) {
                    aliases.push(a);
                }
            }
            if let Some(r) = &f.role {
                if !roles.iter().any(|x: &String| x.eq_ignore_ascii_case(r)) {
                    roles.push(r.clone());
                }
            }
            if in_articles.insert(&doc.article.id) {
                articles.push(doc.article.id.clone());
            }
            mentions.push(Mention {
                span: doc.span(f.span.start, f.span.end),
                sentence: f.sentence,
            });
        }
        // Canonical: the most frequent of the longest name forms.
        let max_words = names
            .iter()
            .map(|n| n.split_whitespace().count())
            .max()
            .unwrap_or(0);
        let longest: Vec<String> = names
            .iter()
            .filter(|n| n.split_whitespace().count() == max_words)
            .cloned()
            .collect();
        let name = most_common(&longest).unwrap_or_default();
        let name = name.strip_prefix("the ").map(str::to_owned).unwrap_or(name);
        aliases.retain(|a| *a != name);
        entities.push(Entity {
            name,
            kind,
            aliases,
            roles,
            articles,
            mentions,
        });
    }
    let mut entities = merge_known_as(docs, entities);
    add_appositions(docs, &mut entities);
    add_bare_institutions(docs, &mut entities);
    add_shouted_mentions(docs, &mut entities);
    entities.retain(|e| !e.mentions.is_empty());
    entities
}

static KNOWN_AS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r",? (?:formerly|also|previously|now) known as ").expect("valid regex")
});

/// "Jabhat Fateh al-Sham terrorist group, formerly known as al-Nusra Front": one entity.
fn merge_known_as(docs: &[Document], mut entities: Vec<Entity>) -> Vec<Entity> {
    let mut pairs = Vec::new();
    for doc in docs {
        let text = &doc.article.text;
        for m in KNOWN_AS.find_iter(text) {
            let owner = |pred: &dyn Fn(&Mention) -> bool| {
                entities.iter().position(|e| {
                    e.mentions
                        .iter()
                        .any(|x| x.span.article == doc.article.id && pred(x))
                })
            };
            let before =
                text[..m.start()].trim_end_matches(|c: char| c.is_alphabetic() || c == ' ');
            let _ = before;
            let after =
                owner(&|x: &Mention| x.span.start == m.end() || x.span.start == m.end() + 4);
            let prior = owner(&|x: &Mention| {
                x.span.end <= m.start()
                    && m.start() - x.span.end < 25
                    && !text[x.span.end..m.start()].contains(['.', ','])
            });
            if let (Some(a), Some(b)) = (prior, after) {
                if a != b {
                    pairs.push((a, b));
                }
            }
        }
    }
    let mut removed = HashSet::new();
    for (from, into) in pairs {
        if removed.contains(&from) || removed.contains(&into) {
            continue;
        }
        let e = entities[from].clone();
        let target = &mut entities[into];
        for a in std::iter::once(e.name).chain(e.aliases) {
            if !target.aliases.contains(&a) && a != target.name {
                target.aliases.push(a);
            }
        }
        target.mentions.extend(e.mentions);
        for a in e.articles {
            if !target.articles.contains(&a) {
                target.articles.push(a);
            }
        }
        removed.insert(from);
    }
    entities
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !removed.contains(i))
        .map(|(_, e)| e)
        .collect()
}

fn is_acronym(name: &str) -> bool {
    let w: String = name.chars().filter(|c| *c != '.').collect();
    w.len() >= 2 && w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
}

fn surname_key(w: &str) -> String {
    let w = strip_possessive(w).0;
    let k = key_of(w);
    for p in ["al ", "el "] {
        if let Some(rest) = k.strip_prefix(p) {
            return rest.to_owned();
        }
    }
    k
}

fn most_common(items: &[String]) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for it in items {
        match counts.iter_mut().find(|(k, _)| k == it) {
            Some((_, n)) => *n += 1,
            None => counts.push((it.clone(), 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(k, _)| k)
}

/// Two full names with the same surname whose first names are one edit apart or equal.
fn first_name_close(a: &str, b: &str) -> bool {
    let fa = a.split(' ').next().unwrap_or("");
    let fb = b.split(' ').next().unwrap_or("");
    if a.rsplit(' ').next() != b.rsplit(' ').next() {
        return false;
    }
    fa == fb || (fa.chars().next() == fb.chars().next() && edit_distance(fa, fb) <= 1)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

static APPOSITION_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,\s+((?:the|The|a|an)\s+[^,.;]{3,80}?|[A-Z][\w’'.]*(?:’s|'s)\s+[^,.;]{3,60}?)(?:,|\.|\s+(?:said|says|told|accused|described))")
        .expect("valid regex")
});
/// A role phrase ending in a role word written out (not an abbreviation such as "Gov", nor
/// "counterpart", which names a relation rather than an office), then the comma before the name.
static APPOSITION_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    let roles: Vec<&str> = ROLE_WORDS
        .iter()
        .copied()
        .filter(|w| w.len() > 3 && *w != "counterpart")
        .collect();
    Regex::new(&format!(
        r"((?:[Tt]he\s+)?(?:[A-Z][\w.]*(?:’s|'s)\s+)?(?:[\w.-]+\s+){{0,4}}?(?:[a-z]+\s+)?(?:{})(?:\s+(?:for|of|to)\s+[^,]{{2,40}})?),\s+$",
        roles.join("|")
    ))
    .expect("valid regex")
});

/// "The UN's envoy for Syria, " right before a name: the role phrase.
fn apposition_before(text: &str, start: usize) -> Option<&str> {
    let before = attribution::window(text, start.saturating_sub(100), start);
    if !before.ends_with(", ") {
        return None;
    }
    APPOSITION_BEFORE
        .captures(before)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str())
}

/// Verbs that end the clause before an apposition's role phrase: "The Assembly said its envoy,
/// Joaquim Brell," names the envoy, not "Assembly said its envoy".
const CLAUSE_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "announced",
    "added",
    "confirmed",
    "reported",
    "stated",
];

/// The part of a role phrase after its last clause verb (see [`CLAUSE_VERBS`]), or all of it.
fn after_clause_verb(phrase: &str) -> &str {
    let mut rest = phrase;
    let mut at = 0;
    for (i, word) in phrase.split(' ').enumerate() {
        if i > 0 && CLAUSE_VERBS.contains(&word) {
            rest = &phrase[at + word.len()..];
        }
        at += word.len() + 1;
    }
    match rest.trim_start() {
        "" => phrase,
        rest => rest,
    }
}

/// A role as an apposition's phrase states it, without its leading article or possessive
/// determiner: "the Russian foreign minister" and "its special envoy for the Oster basin" give
/// "Russian foreign minister" and "special envoy for the Oster basin".
fn role_of(phrase: &str) -> &str {
    for determiner in ["the ", "its ", "his ", "her ", "their ", "our "] {
        let Some(head) = phrase.get(..determiner.len()) else {
            continue;
        };
        if head.eq_ignore_ascii_case(determiner) {
            return &phrase[determiner.len()..];
        }
    }
    phrase
}

/// Roles and aliases from appositions: "Lavrov, the Russian foreign minister," and "The UN's
/// envoy for Syria, Staffan de Mistura,".
fn add_appositions(docs: &[Document], entities: &mut [Entity]) {
    for e in entities.iter_mut() {
        if e.kind != EntityKind::Person {
            continue;
        }
        let mut new_aliases = Vec::new();
        for m in &e.mentions {
            let Some(doc) = docs.iter().find(|d| d.article.id == m.span.article) else {
                continue;
            };
            let text = &doc.article.text;
            let after = attribution::window(text, m.span.end, m.span.end + 120);
            if let Some(c) = APPOSITION_AFTER.captures(after).and_then(|c| c.get(1)) {
                let np = c.as_str().trim();
                if ROLE_WORDS
                    .iter()
                    .any(|r| np.to_lowercase().split_whitespace().any(|w| w == *r))
                {
                    new_aliases.push(np.to_owned());
                }
            }
            if let Some(np) = apposition_before(text, m.span.start) {
                let np = np.trim();
                let np = np.rsplit(". ").next().unwrap_or(np);
                new_aliases.push(after_clause_verb(np).to_owned());
            }
        }
        for a in new_aliases {
            let role = role_of(&a).to_owned();
            if !e.roles.iter().any(|r| r.eq_ignore_ascii_case(&role)) {
                e.roles.push(role);
            }
            if !e.aliases.contains(&a) {
                e.aliases.push(a);
            }
        }
    }
}

static BARE_INSTITUTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[Tt]he (government|regime|army)\b").expect("valid regex"));

/// "the government", "the regime", "the army": aliases of the event's most mentioned
/// institution of that class, when there is one.
fn add_bare_institutions(docs: &[Document], entities: &mut Vec<Entity>) {
    for class in ["government", "army"] {
        let candidates: Vec<usize> = entities
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.kind == EntityKind::Organization
                    && lexicon::INSTITUTIONS
                        .iter()
                        .any(|(w, c)| *c == class && e.name.to_lowercase().ends_with(w))
            })
            .map(|(i, _)| i)
            .collect();
        // With several countries' institutions, "the government" is its own entity.
        let best = match candidates.as_slice() {
            [one] => *one,
            _ => {
                entities.push(Entity {
                    name: class.to_owned(),
                    kind: EntityKind::Organization,
                    aliases: Vec::new(),
                    roles: Vec::new(),
                    articles: Vec::new(),
                    mentions: Vec::new(),
                });
                entities.len() - 1
            }
        };
        for doc in docs {
            let text = &doc.article.text;
            for s in &doc.sentences {
                for c in BARE_INSTITUTION.captures_iter(&text[s.start..s.end]) {
                    let (Some(all), Some(noun)) = (c.get(0), c.get(1)) else {
                        continue;
                    };
                    if lexicon::institution_class(noun.as_str()) != Some(class) {
                        continue;
                    }
                    // "the government of Syrian President…" names its own country.
                    let after = &text[s.start + all.end()..s.end];
                    if after.starts_with(" of ") || after.starts_with(" in ") {
                        continue;
                    }
                    let e = &mut entities[best];
                    let alias = all.as_str().to_owned();
                    if !e.aliases.contains(&alias) {
                        e.aliases.push(alias);
                    }
                    e.mentions.push(Mention {
                        span: doc.span(s.start + all.start(), s.start + all.end()),
                        sentence: s.index,
                    });
                    if !e.articles.contains(&doc.article.id) {
                        e.articles.push(doc.article.id.clone());
                    }
                }
            }
        }
    }
}

/// A name form shorter than this (in letters) is not looked for in text written in capitals:
/// "US" there may be the pronoun, "UN" a syllable.
const SHOUTED_FORM_MIN_LETTERS: usize = 4;

/// Mentions in sentences written in capitals, where capitals name nothing: the names and
/// aliases found elsewhere in the event, matched whatever their case. A form that two entities
/// share names neither.
fn add_shouted_mentions(docs: &[Document], entities: &mut [Entity]) {
    let shouted: Vec<(&Document, &Sentence)> = docs
        .iter()
        .flat_map(|d| d.sentences.iter().map(move |s| (d, s)))
        .filter(|(d, s)| is_shouted(&d.article.text[s.start..s.end]))
        .collect();
    if shouted.is_empty() {
        return;
    }
    let mut owners: HashMap<String, Option<usize>> = HashMap::new();
    for (i, e) in entities.iter().enumerate() {
        for form in std::iter::once(&e.name).chain(&e.aliases) {
            let letters = form.chars().filter(|c| c.is_alphabetic()).count();
            if letters < SHOUTED_FORM_MIN_LETTERS || !form.starts_with(char::is_uppercase) {
                continue;
            }
            owners
                .entry(form.to_lowercase())
                .and_modify(|o| {
                    if *o != Some(i) {
                        *o = None;
                    }
                })
                .or_insert(Some(i));
        }
    }
    let mut forms: Vec<(&str, usize)> = owners
        .iter()
        .filter_map(|(f, o)| o.map(|i| (f.as_str(), i)))
        .collect();
    if forms.is_empty() {
        return;
    }
    // Longest first, so that the alternation prefers "petra lind" to "lind".
    forms.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(b.0)));
    let alternation: Vec<String> = forms.iter().map(|(f, _)| regex::escape(f)).collect();
    let Ok(pattern) = Regex::new(&format!(r"(?i)\b(?:{})\b", alternation.join("|"))) else {
        return;
    };
    for (doc, s) in shouted {
        for m in pattern.find_iter(&doc.article.text[s.start..s.end]) {
            let Some(&Some(i)) = owners.get(&m.as_str().to_lowercase()) else {
                continue;
            };
            let e = &mut entities[i];
            e.mentions.push(Mention {
                span: doc.span(s.start + m.start(), s.start + m.end()),
                sentence: s.index,
            });
            if !e.articles.contains(&doc.article.id) {
                e.articles.push(doc.article.id.clone());
            }
        }
    }
}
