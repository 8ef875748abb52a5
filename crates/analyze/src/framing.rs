//! Framing: the words each article uses, in its own voice, for the event's actors ("rebels",
//! "terrorists", "militants", "foreign-sponsored militants", "rebel-held"), and the terms only
//! some outlets use.
//!
//! Own voice is what is left after removing direct quotes, the text of reported quotes, and
//! sentences sourced to another news outlet ("…, Reuters reports", "according to the New York
//! Times"). The narrator's naming of a speaker ("Moscow and Damascus say …") stays. Terms are
//! group nouns of a closed actor lexicon with at most one telling modifier, "-held" modifiers,
//! "X's regime", and the names of places that act in the event (speakers, or subjects of verbs:
//! "Moscow says", "Washington suspended").

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::sync::LazyLock;

use model::{
    ActorLabels, ArticleId, Document, Entity, EntityKind, Framing, LabelTerm, Mention, Quote,
};
use regex::Regex;

use crate::entities::lexicon::{self, MEDIA_WORDS};
use crate::quotes::attribution;

#[cfg(test)]
mod tests;

/// Actor nouns and the actor each names.
const ACTOR_NOUNS: &[(&str, &str)] = &[
    ("activists", "protesters and armed opposition"),
    ("administration", "government and security forces"),
    ("army", "government and security forces"),
    ("authorities", "government and security forces"),
    ("children", "civilians"),
    ("civilians", "civilians"),
    ("crowds", "protesters and armed opposition"),
    ("demonstrators", "protesters and armed opposition"),
    ("diplomats", "foreign powers"),
    ("engineers", "government and security forces"),
    ("families", "civilians"),
    ("fighters", "protesters and armed opposition"),
    ("forces", "government and security forces"),
    ("gangs", "protesters and armed opposition"),
    ("government", "government and security forces"),
    ("insurgents", "protesters and armed opposition"),
    ("jihadists", "protesters and armed opposition"),
    ("locals", "civilians"),
    ("militancy", "protesters and armed opposition"),
    ("militants", "protesters and armed opposition"),
    ("mobs", "protesters and armed opposition"),
    ("officers", "government and security forces"),
    ("officials", "government and security forces"),
    ("opposition", "protesters and armed opposition"),
    ("organisers", "protesters and armed opposition"),
    ("police", "government and security forces"),
    ("protesters", "protesters and armed opposition"),
    ("rebels", "protesters and armed opposition"),
    ("regime", "government and security forces"),
    ("residents", "civilians"),
    ("rioters", "protesters and armed opposition"),
    ("separatists", "protesters and armed opposition"),
    ("soldiers", "government and security forces"),
    ("terrorists", "protesters and armed opposition"),
    ("troops", "government and security forces"),
    ("volunteers", "civilians"),
];

/// Modifiers kept with an actor noun ("armed separatists", "security forces").
const MODIFIERS: &[&str] = &[
    "armed",
    "army",
    "foreign",
    "government",
    "jihadist",
    "militant",
    "opposition",
    "police",
    "previous",
    "rebel",
    "security",
    "separatist",
    "terrorist",
    "young",
    "western",
    "islamist",
    "extremist",
    "moderate",
    "radical",
];

/// Nouns that are actors only with a telling modifier ("militant groups", "western countries").
const MODIFIED_ONLY: &[(&str, &str)] = &[
    ("countries", "foreign powers"),
    ("group", "protesters and armed opposition"),
    ("groups", "protesters and armed opposition"),
    ("organizations", "protesters and armed opposition"),
    ("powers", "foreign powers"),
];

static OF_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ of (?:the )?(?:[A-Z]\w+|victims|dead)\b").expect("valid regex")
});
static IN_PLACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ in [A-Z]\w+").expect("valid regex"));
static HELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[a-z]+-(?:held|controlled)\b").expect("valid regex"));
static SOURCED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[Aa]ccording to (?:the )?([A-Z][^,.;]{1,60})|,\s*(?:the )?([A-Z][\w .]{1,40}?) reports?\b|\b(?:the )?([A-Z][\w .]{1,40}?) reports? that\b|,\s*reports? ([A-Z][\w .]{1,40})")
        .expect("valid regex")
});

/// Whether `name` is a news outlet's: it contains one of the event's `outlets` (given
/// lowercased) or a media word.
fn is_media(name: &str, outlets: &[String]) -> bool {
    let lower = name.to_lowercase();
    outlets.iter().any(|o| lower.contains(o.as_str()))
        || lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| MEDIA_WORDS.contains(&w))
}

/// Byte ranges of each document that are not the article's own voice. `quoted` holds the
/// spans of the quotes' occurrences by article; `outlets` the event's outlets, lowercased.
fn foreign_voice(
    doc: &Document,
    quoted: &HashMap<&ArticleId, Vec<Range<usize>>>,
    outlets: &[String],
) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = attribution::quote_regions(doc)
        .into_iter()
        .map(|r| r.outer)
        .collect();
    if let Some(spans) = quoted.get(&doc.article.id) {
        out.extend(spans.iter().cloned());
    }
    let text = &doc.article.text;
    for s in &doc.sentences {
        let st = &text[s.start..s.end];
        if !st.contains("report") && !st.contains("ccording") {
            continue;
        }
        for c in SOURCED.captures_iter(st) {
            let name = c.iter().skip(1).flatten().next().map_or("", |m| m.as_str());
            if is_media(name, outlets) {
                out.push(s.start..s.end);
            }
        }
    }
    out
}

/// Places that act in the event: countries and capitals that speak ("Moscow says", "Washington
/// accused"), as opposed to places where things happen.
fn acting_places(entities: &[Entity], quotes: &[Quote]) -> BTreeSet<usize> {
    let mut acting: BTreeSet<usize> = quotes.iter().filter_map(|q| q.speaker_entity).collect();
    acting.retain(|&i| {
        let e = &entities[i];
        e.kind == EntityKind::Place
            || (e.kind == EntityKind::Organization
                && e.name.split_whitespace().any(|w| {
                    matches!(
                        w.to_lowercase().as_str(),
                        "ministry" | "agency" | "department"
                    )
                }))
    });
    acting
}

/// The lowercase term and actor of a group noun at word `k` of a sentence, if it is one.
fn actor_term(
    text: &str,
    words: &[Range<usize>],
    k: usize,
) -> Option<(Range<usize>, &'static str)> {
    let raw = &text[words[k].clone()];
    let lower = raw.to_lowercase();
    let w = if k == 0 { lower.as_str() } else { raw };
    if !w.chars().next().is_some_and(char::is_lowercase) {
        return None;
    }
    // "army forces": the first noun of a compound is a modifier.
    if let Some(next) = words.get(k + 1) {
        let nw = &text[next.clone()];
        let compound = ACTOR_NOUNS
            .iter()
            .chain(MODIFIED_ONLY)
            .any(|(n, _)| *n == nw)
            || lexicon::ROLE_WORDS.contains(&nw)
            || lexicon::GROUP_NOUNS.contains(&nw)
            || matches!(
                nw,
                "report"
                    | "reports"
                    | "figures"
                    | "statement"
                    | "office"
                    | "building"
                    | "engineering"
                    | "chief"
            );
        if text[words[k].end..next.start] == *" " && compound {
            return None;
        }
    }
    // "families of the victims", "people of Syria".
    if matches!(w, "families" | "people") {
        let after = attribution::window(text, words[k].end, words[k].end + 40);
        let ext = OF_GROUP.find(after);
        return match ext {
            Some(ext) => Some((words[k].start..words[k].end + ext.end(), "civilians")),
            None if w == "families" => Some((words[k].clone(), "civilians")),
            None => None,
        };
    }
    // "Officials in Korvath".
    if w == "officials" {
        let after = attribution::window(text, words[k].end, words[k].end + 40);
        if let Some(ext) = IN_PLACE.find(after) {
            return Some((
                words[k].start..words[k].end + ext.end(),
                "government and security forces",
            ));
        }
    }
    let noun = ACTOR_NOUNS.iter().find(|(n, _)| *n == w).map(|(_, a)| *a);
    let modified_only = MODIFIED_ONLY.iter().find(|(n, _)| *n == w).map(|(_, a)| *a);
    let mut start = words[k].start;
    if k > 0 && text[words[k - 1].end..words[k].start] == *" " {
        let prev = &text[words[k - 1].clone()];
        let lp = prev.to_lowercase();
        let (stem, poss) = match prev.strip_suffix("'s").or_else(|| prev.strip_suffix("’s")) {
            Some(s) => (s, true),
            None => (prev, false),
        };
        let hyphen = prev.contains('-') && !prev.chars().any(|c| c.is_ascii_digit());
        let demonym = prev.chars().next().is_some_and(char::is_uppercase)
            && !poss
            && (["ian", "ese", "ish", "can", "ern"]
                .iter()
                .any(|x| lp.ends_with(x))
                || lexicon::DEMONYMS.iter().any(|(d, _)| *d == lp));
        let place_name = prev.chars().next().is_some_and(char::is_uppercase)
            && !poss
            && k > 1
            && !segment::is_stopword(&lp);
        let telling = MODIFIERS.contains(&lp.as_str()) || hyphen || demonym || place_name;
        let possessor = poss
            && stem.chars().next().is_some_and(char::is_uppercase)
            && matches!(w, "regime" | "army" | "forces" | "government");
        let modified_only_ok = noun.is_some() || MODIFIERS.contains(&lp.as_str()) || hyphen;
        if (telling || possessor) && modified_only_ok {
            start = words[k - 1].start;
            // "British and American diplomats".
            if demonym && w.ends_with('s') && k >= 3 && &text[words[k - 2].clone()] == "and" {
                start = words[k - 3].start;
            }
        } else if noun.is_none() {
            return None;
        }
    } else if noun.is_none() {
        return None;
    }
    let actor = noun.or(modified_only)?;
    Some((start..words[k].end, actor))
}

/// Extracts, per article and actor, the terms the article uses in its own voice, and the terms
/// that only some articles use.
///
/// `quotes` gives the spans of attributed speech to leave out; the outlet of an article is
/// `article.source`. Every occurrence's span slices to the term as written.
pub fn extract_framing(docs: &[Document], entities: &[Entity], quotes: &[Quote]) -> Framing {
    // Looked up for every document: the outlets lowercased once (each once), the quotes'
    // occurrences and the acting places' mentions by article.
    let mut outlets: Vec<String> = docs
        .iter()
        .filter_map(|d| d.article.source.as_deref())
        .map(str::to_lowercase)
        .collect();
    outlets.sort_unstable();
    outlets.dedup();
    let mut quoted: HashMap<&ArticleId, Vec<Range<usize>>> = HashMap::new();
    for o in quotes.iter().flat_map(|q| &q.occurrences) {
        quoted
            .entry(&o.span.article)
            .or_default()
            .push(o.span.range());
    }
    let acting = acting_places(entities, quotes);
    let mut acting_mentions: HashMap<usize, HashMap<&ArticleId, Vec<&Mention>>> = HashMap::new();
    for &e in &acting {
        let ent = &entities[e];
        if is_media(&ent.name, &outlets) {
            continue;
        }
        let by_article = acting_mentions.entry(e).or_default();
        for m in &ent.mentions {
            by_article.entry(&m.span.article).or_default().push(m);
        }
    }
    // (article index, actor) -> term -> occurrences
    let mut per: BTreeMap<(usize, String), BTreeMap<String, Vec<Mention>>> = BTreeMap::new();
    for (di, doc) in docs.iter().enumerate() {
        let text = &doc.article.text;
        let foreign = foreign_voice(doc, &quoted, &outlets);
        let own = |r: &Range<usize>| !foreign.iter().any(|f| f.start < r.end && r.start < f.end);
        for s in &doc.sentences {
            let words: Vec<Range<usize>> = segment::word_ranges(&text[s.start..s.end])
                .into_iter()
                .map(|r| s.start + r.start..s.start + r.end)
                .collect();
            for k in 0..words.len() {
                if let Some((r, actor)) = actor_term(text, &words, k) {
                    if own(&r) {
                        let term = text[r.clone()].to_lowercase();
                        per.entry((di, actor.to_owned()))
                            .or_default()
                            .entry(term)
                            .or_default()
                            .push(Mention {
                                span: doc.span(r.start, r.end),
                                sentence: s.index,
                            });
                    }
                }
            }
            for m in HELD.find_iter(&text[s.start..s.end]) {
                let r = s.start + m.start()..s.start + m.end();
                if own(&r) {
                    per.entry((di, "protesters and armed opposition".to_owned()))
                        .or_default()
                        .entry(m.as_str().to_lowercase())
                        .or_default()
                        .push(Mention {
                            span: doc.span(r.start, r.end),
                            sentence: s.index,
                        });
                }
            }
        }
        for &e in &acting {
            let ent = &entities[e];
            let Some(by_article) = acting_mentions.get(&e) else {
                // A news outlet, not an actor.
                continue;
            };
            for &m in by_article.get(&doc.article.id).into_iter().flatten() {
                let r = m.span.range();
                if !own(&r) {
                    continue;
                }
                let before =
                    attribution::window(text, r.start.saturating_sub(8), r.start).to_lowercase();
                let locative = [
                    "in ", "at ", "to ", "from ", "near ", "inside ", "outside ", "across ",
                    "around ",
                ]
                .iter()
                .any(|p| before.ends_with(p) || before.ends_with(&format!("{p}the ")))
                    && !attribution::window(text, r.start.saturating_sub(17), r.start)
                        .to_lowercase()
                        .contains("according to");
                // "Valdoria's Interior Ministry": the place only modifies an organization.
                let modifier = attribution::window(text, r.end, r.end + 6)
                    .strip_prefix("'s ")
                    .or_else(|| attribution::window(text, r.end, r.end + 8).strip_prefix("’s "))
                    .is_some_and(|rest| rest.starts_with(char::is_uppercase));
                let dateline = doc.paragraphs.iter().any(|p| {
                    let lead = attribution::window(text, p.start, r.start);
                    r.start >= p.start
                        && r.start < p.end
                        && lead.chars().filter(|c| c.is_uppercase()).count() >= 3
                        && lead
                            .chars()
                            .filter(|c| c.is_alphabetic())
                            .all(|c| c.is_uppercase())
                        && !lead.contains(" - ")
                        && !lead.contains(" — ")
                });
                if locative || dateline || modifier {
                    continue;
                }
                let surface = &text[r.clone()];
                let term = surface
                    .trim_start_matches("the ")
                    .trim_start_matches("The ")
                    .to_lowercase();
                let term = term
                    .trim_end_matches("'s")
                    .trim_end_matches("’s")
                    .to_owned();
                if term.split_whitespace().count() > 4 {
                    continue;
                }
                per.entry((di, ent.name.clone()))
                    .or_default()
                    .entry(term)
                    .or_default()
                    .push(m.clone());
            }
        }
    }
    let mut labels = Vec::new();
    let mut used_by: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for ((di, actor), terms) in per {
        let doc = &docs[di];
        for term in terms.keys() {
            let users = used_by.entry((term.clone(), actor.clone())).or_default();
            if !users.contains(&di) {
                users.push(di);
            }
        }
        labels.push(ActorLabels {
            article: doc.article.id.clone(),
            outlet: doc.article.source.clone(),
            actor,
            terms: terms
                .into_iter()
                .map(|(term, occurrences)| LabelTerm { term, occurrences })
                .collect(),
        });
    }
    let mut distinctive: Vec<model::DistinctiveTerm> = used_by
        .into_iter()
        .filter(|((_, actor), users)| {
            users.len() < docs.len()
                && docs.len() > 1
                && ACTOR_NOUNS.iter().any(|(_, a)| a == actor)
        })
        .map(|((term, actor), users)| model::DistinctiveTerm {
            term,
            actor: Some(actor),
            used_by: users.iter().map(|&i| docs[i].article.id.clone()).collect(),
            not_used_by: (0..docs.len())
                .filter(|i| !users.contains(i))
                .map(|i| docs[i].article.id.clone())
                .collect(),
        })
        .collect();
    distinctive.sort_by(|a, b| {
        a.used_by
            .len()
            .cmp(&b.used_by.len())
            .then(a.term.cmp(&b.term))
    });
    Framing {
        labels,
        distinctive,
    }
}
