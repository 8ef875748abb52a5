//! Figures: every number that counts something ("Three hundred people", "six to eight thousand
//! militants", "about half of the casualties", "the fifth time", "a six-year war"), with its
//! qualifier, what it counts, when and where, grouped across articles; and the groups whose
//! values disagree.
//!
//! The extraction is a linear pass of hand-written rules over the tokens of each sentence (see
//! `figures/tokens.rs` and `figures/numbers.rs`):
//! 1. a number is read at a token: digits with scale words ("1.2 billion"), number words ("Three
//!    hundred"), ranges ("between 3,000 and 4,000", "six to eight thousand"), shares ("a third
//!    of", "40%"), frequencies ("twice", "three times"), ordinal counts of a series ("the fifth
//!    time") and counted durations ("six-year", "the last two days");
//! 2. non-figures are dropped: dates, times, years, ages, numbers in URLs and labels ("Resolution
//!    2254"), vague quantities ("hundreds", "several thousand"), one-unit durations, idioms
//!    ("two-pronged") and referential numerals ("the two countries");
//! 3. what it counts is read around it: the noun phrase after it (or after "of"), the verb around
//!    it ("killing 20 people", "300 were injured"), a subject such as "the death toll" for a bare
//!    number, or the noun of the previous figure of the sentence ("killing 20 and wounding 100").
//!
//! Grouping (same thing, same place, same period) uses a key made of the counted head noun's class
//! (people, troops, fighters, protesters, or the noun's stem), the casualty or action concept
//! (killed, injured, missing, displaced, arrested, notice) or the noun a duration measures, and
//! the period the clause names ("in July", "in 2019"), and for casualty counts the window they
//! cover ("overnight", "on Saturday alone", "in the last two days"). A toll reported on different
//! days ("41 on Wednesday", "at least 46 on Thursday") stays one group: it counts one thing.
//! Counts of objects and durations with no concept are only grouped with the same value, so they
//! never make a disagreement: a disagreement needs evidence that two values count one thing.
//! Shares are grouped by what they are a share of (any place counts as one "area") and by what is
//! said of them ("under water").

use std::collections::HashMap;
use std::sync::LazyLock;

use model::{ArticleId, Disagreement, DisagreementSide, Document, Figure, Mention, Qualifier};
use regex::Regex;
use segment::{Stemmer, is_stopword};

use crate::case::is_shouted;

#[cfg(test)]
pub(crate) mod gold;
pub(crate) mod numbers;
pub(crate) mod tokens;

use numbers::{digits, fraction_word, ordinal_word, round3, scale_word, unit_word};
use tokens::{Kind, Token, tokenize};

/// Every figure of the event, merged over articles: one [`Figure`] per group and distinct
/// (value, qualifier), listing every article that states it, in order of first appearance.
pub fn extract_figures(docs: &[Document]) -> Vec<Figure> {
    let stemmer = Stemmer::new();
    let mut found = Vec::new();
    for doc in docs {
        for sentence in &doc.sentences {
            let mut raws = sentence_figures(&doc.article.text, sentence.start, sentence.end);
            for raw in &mut raws {
                raw.sentence = sentence.index;
            }
            found.extend(raws.into_iter().map(|r| (doc.article.id.clone(), r)));
        }
    }
    with_surfaces(merge(found, &stemmer), docs)
}

/// The figure groups that hold more than one distinct value, with the articles on each side.
///
/// Sides are distinct values (or ranges); a value stated with different qualifiers is one side
/// listing all the articles that state it, with the qualifier of its first figure.
pub fn find_disagreements(figures: &[Figure]) -> Vec<Disagreement> {
    let mut order: Vec<&str> = Vec::new();
    let mut groups: HashMap<&str, Vec<&Figure>> = HashMap::new();
    for f in figures {
        let entry = groups.entry(f.group.as_str()).or_default();
        if entry.is_empty() {
            order.push(f.group.as_str());
        }
        entry.push(f);
    }
    let mut out = Vec::new();
    for group in order {
        let members = &groups[group];
        let mut sides: Vec<DisagreementSide> = Vec::new();
        for f in members {
            let same = |s: &DisagreementSide| {
                same_num(s.value, f.value) && same_num(s.low, f.low) && same_num(s.high, f.high)
            };
            match sides.iter_mut().find(|s| same(s)) {
                Some(side) => {
                    for a in &f.articles {
                        if !side.articles.contains(a) {
                            side.articles.push(a.clone());
                        }
                    }
                }
                None => sides.push(DisagreementSide {
                    value: f.value,
                    low: f.low,
                    high: f.high,
                    qualifier: f.qualifier,
                    articles: f.articles.clone(),
                }),
            }
        }
        if sides.len() > 1 {
            let counts = members
                .iter()
                .map(|f| f.counts.as_str())
                .max_by_key(|c| c.len())
                .unwrap_or_default()
                .to_owned();
            out.push(Disagreement {
                group: group.to_owned(),
                counts,
                values: sides,
            });
        }
    }
    out
}

fn same_num(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(1.0),
        _ => false,
    }
}

/// A number as read, before what it counts is known.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Value {
    One(f64),
    Range(f64, f64),
}

/// Which grammar produced the number; decides how its counted thing is read.
#[derive(Debug, Clone, PartialEq)]
enum Shape {
    /// A cardinal ("Three hundred", "200,000"); `small_word` for word numerals up to ten.
    Cardinal { small_word: bool },
    /// A share ("a third of", "half of", "40%").
    Share,
    /// An ordinal count of a series ("the fifth time").
    Ordinal,
    /// A frequency ("twice", "three times").
    Times,
    /// A hyphenated compound with its second part ("six-year" -> "year", "12-member").
    Compound(String),
}

/// One figure found in one sentence.
#[derive(Debug, Clone)]
struct Raw {
    /// Sentence index in its article.
    sentence: usize,
    /// Byte span of the qualifier and number (and unit, for durations and ordinals).
    start: usize,
    end: usize,
    value: Value,
    qualifier: Qualifier,
    /// What it counts, as shown to the reader.
    counts: String,
    /// The counted head noun ("people", "hours", "time").
    head: String,
    /// The casualty or action concept, or the noun a duration measures; empty when none.
    concept: String,
    /// The period ("july", "2019") or casualty window ("overnight") that splits groups.
    window: String,
    time: Option<String>,
    place: Option<String>,
    /// The counted noun phrase alone, for a later number that leaves its noun out.
    noun: String,
    /// Whether the value is a share of what is counted.
    share: bool,
    /// The first content word of what is said of the counted thing ("under water", "trapped").
    predicate: String,
    /// Whether what it counts was read from a subject ("the death toll"), the weakest source.
    from_subject: bool,
}

const DURATION_UNITS: &[&str] = &[
    "second",
    "seconds",
    "minute",
    "minutes",
    "hour",
    "hours",
    "day",
    "days",
    "night",
    "nights",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "decade",
    "decades",
    "century",
    "centuries",
];

const MEASURE_UNITS: &[&str] = &[
    "metre",
    "metres",
    "meter",
    "meters",
    "kilometre",
    "kilometres",
    "kilometer",
    "kilometers",
    "km",
    "mile",
    "miles",
    "foot",
    "feet",
    "inch",
    "inches",
    "kg",
    "kilogram",
    "kilograms",
    "tonne",
    "tonnes",
    "ton",
    "tons",
    "litre",
    "litres",
    "liter",
    "liters",
    "percent",
];

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Words that end a counted noun phrase although they are not stopwords.
const PHRASE_STOPS: &[&str] = &[
    "thus",
    "far",
    "now",
    "still",
    "already",
    "alone",
    "ago",
    "later",
    "earlier",
    "overnight",
    "today",
    "yesterday",
    "tonight",
    "each",
    "apiece",
    "respectively",
    "including",
    "along",
    "across",
    "near",
    "amid",
    "among",
    "despite",
    "toward",
    "towards",
    "within",
    "without",
    "since",
    "per",
    "via",
    "inside",
    "outside",
    "around",
    "behind",
    "beyond",
    "following",
    "according",
    "said",
    "says",
    "say",
    "told",
    "last",
    "next",
    "another",
    "also",
    "even",
    "nearly",
    "almost",
    "about",
    "while",
    "whom",
    "whose",
    "across",
    "upon",
];

/// Prepositions whose object may be a count ("from three towns", "with 62 boats"); "of" is not
/// one ("a total of 41 people were killed" counts the people).
const COUNT_PREPOSITIONS: &[&str] = &[
    "from", "with", "by", "for", "among", "to", "at", "on", "in", "into", "across", "against",
    "over", "under", "near", "after", "before", "behind", "beyond", "around", "through",
];

/// Prepositions that open a phrase describing the counted thing ("districts along the coast").
const TAIL_PREPOSITIONS: &[&str] = &[
    "in", "at", "on", "of", "along", "across", "near", "from", "outside", "inside", "under",
    "over", "around", "within", "beyond", "behind",
];

/// Words that may stand between a number and its noun without being part of the phrase.
const NP_SKIP: &[&str] = &["more", "other", "additional", "further", "extra", "new"];

/// Pronouns that take the counted thing of the previous figure ("killing 20 people and wounding
/// 100 others", "about half of whom").
const PRONOUNS: &[&str] = &[
    "others", "them", "whom", "those", "these", "which", "us", "it", "they",
];

/// Nouns of a series that an ordinal counts ("the fifth time", "its sixth nuclear test").
const SERIES_NOUNS: &[&str] = &[
    "time",
    "breach",
    "test",
    "veto",
    "attack",
    "strike",
    "explosion",
    "bombing",
    "incident",
    "round",
    "term",
    "failure",
    "violation",
    "collapse",
    "outbreak",
    "protest",
    "arrest",
    "visit",
    "resolution",
    "shooting",
    "earthquake",
    "flood",
    "crash",
    "election",
    "defeat",
    "victory",
    "raid",
    "launch",
    "offensive",
    "ceasefire",
    "truce",
    "summit",
    "wave",
];

/// Second parts of hyphenated compounds that count something ("a 12-member panel").
const COUNT_SUFFIXES: &[&str] = &[
    "member",
    "strong",
    "man",
    "seat",
    "storey",
    "story",
    "page",
    "mile",
    "kilometre",
    "kilometer",
    "km",
    "metre",
    "meter",
    "foot",
    "point",
    "nation",
    "country",
    "state",
];

/// The casualty and action concepts and the words that signal them.
const CONCEPTS: &[(&str, &[&str])] = &[
    (
        "killed",
        &[
            "kill",
            "killed",
            "killing",
            "kills",
            "dead",
            "died",
            "die",
            "dies",
            "dying",
            "death",
            "deaths",
            "toll",
            "fatalities",
            "fatality",
            "bodies",
            "body",
        ],
    ),
    (
        "injured",
        &[
            "injured", "injuring", "injuries", "injury", "wounded", "wounding", "wounds", "hurt",
            "injure", "wound",
        ],
    ),
    ("missing", &["missing", "unaccounted"]),
    (
        "displaced",
        &[
            "displaced",
            "displacing",
            "homeless",
            "forced",
            "fled",
            "evacuated",
            "uprooted",
        ],
    ),
    (
        "arrested",
        &[
            "arrested",
            "arresting",
            "arrests",
            "arrest",
            "detained",
            "detaining",
            "detention",
        ],
    ),
    (
        "notice",
        &[
            "notice",
            "warning",
            "warn",
            "warned",
            "advance",
            "notified",
            "notification",
        ],
    ),
];

/// Concepts whose counts are split by the window they cover.
const WINDOWED: &[&str] = &["killed", "injured", "missing", "arrested"];

/// Head nouns mapped to a class, so that outlets' different words for one group of people count
/// the same thing ("soldiers"/"troops", "rebels"/"militants").
const HEAD_CLASSES: &[(&str, &[&str])] = &[
    (
        "people",
        &[
            "people",
            "person",
            "persons",
            "civilian",
            "civilians",
            "resident",
            "residents",
            "individual",
            "individuals",
            "victim",
            "victims",
            "inhabitant",
            "inhabitants",
            "citizen",
            "citizens",
            "villager",
            "villagers",
            "dead",
            "missing",
            "injured",
            "wounded",
            "homeless",
            "displaced",
        ],
    ),
    (
        "troops",
        &[
            "soldier",
            "soldiers",
            "troop",
            "troops",
            "force",
            "forces",
            "serviceman",
            "servicemen",
            "personnel",
        ],
    ),
    (
        "fighters",
        &[
            "militant",
            "militants",
            "fighter",
            "fighters",
            "rebel",
            "rebels",
            "insurgent",
            "insurgents",
            "terrorist",
            "terrorists",
            "jihadist",
            "jihadists",
            "gunmen",
            "gunman",
        ],
    ),
    (
        "protesters",
        &[
            "protester",
            "protesters",
            "protestor",
            "protestors",
            "demonstrator",
            "demonstrators",
            "crowd",
            "marchers",
        ],
    ),
];

/// Places a share can be of ("a third of the district", "half of the Lower Town"): shares of
/// places are grouped by what is said of them, whatever the place is called.
const AREA_NOUNS: &[&str] = &[
    "district",
    "districts",
    "town",
    "city",
    "area",
    "areas",
    "region",
    "country",
    "territory",
    "neighbourhood",
    "neighborhood",
    "province",
    "village",
    "quarter",
    "zone",
    "island",
];

/// Words skipped when reading what is said of a counted thing ("were left trapped").
const PREDICATE_SKIP: &[&str] = &[
    "left",
    "remain",
    "remains",
    "remained",
    "reportedly",
    "currently",
    "believed",
    "thought",
    "feared",
    "estimated",
    "said",
    "reported",
];

/// Two values more than this factor apart are not taken to count the same thing unless a
/// concept (killed, notice...) says they do.
const MAX_DISAGREEMENT_RATIO: f64 = 3.0;

/// Heads that are people: their counts group across values (the annotation's disagreements are
/// mostly about how many people something happened to).
const HUMAN_HEADS: &[&str] = &[
    "people",
    "troops",
    "fighters",
    "protesters",
    "worker",
    "officer",
    "rioter",
    "child",
    "children",
    "women",
    "men",
    "student",
    "journalist",
    "doctor",
    "patient",
    "refugee",
    "migrant",
    "prisoner",
    "detainee",
    "hostage",
    "suspect",
    "police",
    "policemen",
    "voter",
    "official",
    "employee",
    "nurse",
    "teacher",
    "casualti",
];

static TIME_RE: LazyLock<Regex> = LazyLock::new(|| {
    let weekday = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
    let month = "(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.|Feb\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\.)";
    Regex::new(&format!(
        r"\b(?:(?:(?:late |early )?on|since|by|until|from|in|during|last|this|after|before) )?(?:{weekday}(?: (?:night|morning|afternoon|evening))?(?: alone)?|{month}(?: \d{{1,2}})?(?:,? \d{{4}})?|\d{{1,2}} {month}(?: \d{{4}})?|(?:1[89]|20)\d\d\b)|\b(?:overnight|yesterday|today|thus far|so far|this week|last week|in the (?:last|past) \w+ \w+|in (?:one|a|a single) (?:day|week|month|night))"
    ))
    .expect("time pattern compiles")
});

static PLACE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:in|at|near) ((?:the )?[A-Z][\w'’-]*(?: (?:[A-Z][\w'’-]*|al-\w+|of|de))*)")
        .expect("place pattern compiles")
});

/// The figures of one sentence `text[start..end]`, with spans into `text`.
fn sentence_figures(text: &str, start: usize, end: usize) -> Vec<Raw> {
    let Some(sentence) = text.get(start..end) else {
        return Vec::new();
    };
    let toks = tokenize(sentence, start);
    let mut out: Vec<Raw> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match figure_at(text, &toks, i, out.last()) {
            Some((mut raw, next)) => {
                raw.time = nearest_time(sentence, start, raw.start, raw.end);
                raw.place = place_after(sentence, start, raw.end);
                if WINDOWED.contains(&raw.concept.as_str()) {
                    let window = window_of(&toks);
                    if !window.is_empty() {
                        raw.window = window;
                    }
                }
                out.push(raw);
                i = next.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

fn lower(toks: &[Token], i: usize) -> &str {
    toks.get(i).map_or("", |t| t.lower.as_str())
}

fn is_clause_break(t: &Token) -> bool {
    t.kind == Kind::Punct
        && matches!(
            t.lower.as_str(),
            "," | ";" | ":" | "." | "?" | "!" | "(" | ")" | "\"" | "“" | "”" | "—" | "–"
        )
}

/// A cardinal at `i`: value, end token, whether a scale word ended it, whether it is words.
fn cardinal_at(toks: &[Token], i: usize) -> Option<(f64, usize, bool, bool)> {
    let t = toks.get(i)?;
    if t.kind == Kind::Number {
        let mut v = digits(&t.lower)?;
        let mut j = i + 1;
        let mut scaled = false;
        if let Some(s) = scale_word(lower(toks, j)) {
            v *= s;
            j += 1;
            scaled = true;
        }
        return Some((v, j, scaled, false));
    }
    if t.kind != Kind::Word {
        return None;
    }
    if t.is_any(&["a", "one"])
        && let Some(s) = scale_word(lower(toks, i + 1))
    {
        return Some((s, i + 2, true, true));
    }
    let (mut total, mut cur) = (0.0, 0.0);
    let mut any = false;
    let mut scaled = false;
    let mut last_unit = false;
    let mut j = i;
    while let Some(tok) = toks.get(j) {
        let w = tok.lower.as_str();
        if let Some(u) = unit_word(w) {
            if last_unit && !(cur >= 20.0 && cur % 10.0 == 0.0 && u < 10.0) {
                break;
            }
            cur += u;
            any = true;
            last_unit = true;
            scaled = false;
        } else if let (Some(s), true) = (scale_word(w), any) {
            if s == 100.0 {
                cur = cur.max(1.0) * 100.0;
            } else {
                total += cur.max(1.0) * s;
                cur = 0.0;
            }
            last_unit = false;
            scaled = true;
        } else if w == "and"
            && any
            && scaled
            && toks
                .get(j + 1)
                .is_some_and(|n| unit_word(&n.lower).is_some())
        {
            last_unit = false;
        } else {
            break;
        }
        j += 1;
    }
    if !any {
        return None;
    }
    Some((total + cur, j, scaled, true))
}

/// The chunk of non-whitespace text around a token, for URL and label checks.
fn chunk_around(text: &str, start: usize, end: usize) -> &str {
    let s = text[..start]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(p, c)| p + c.len_utf8());
    let e = text[end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |p| end + p);
    &text[s..e]
}

fn is_year_like(t: &Token) -> bool {
    t.kind == Kind::Number
        && t.lower.len() == 4
        && t.lower
            .parse::<u32>()
            .is_ok_and(|y| (1000..=2100).contains(&y))
}

/// Whether the digits at `i` are part of a date, a time, a year, an age, a URL or a label.
fn is_not_a_count(text: &str, toks: &[Token], i: usize) -> bool {
    let t = &toks[i];
    let prev = if i > 0 { lower(toks, i - 1) } else { "" };
    let prev2 = if i > 1 { lower(toks, i - 2) } else { "" };
    let next = lower(toks, i + 1);
    let chunk = chunk_around(text, t.start, t.end);
    if chunk.contains('/') || chunk.contains('@') || chunk.contains("www.") || chunk.contains('#') {
        return true;
    }
    if MONTHS.contains(&prev)
        || (prev == "." && MONTHS.contains(&prev2))
        || MONTHS.contains(&next)
        || WEEKDAYS.contains(&prev)
        || (prev == "," && WEEKDAYS.contains(&prev2))
    {
        return true;
    }
    if (next == ":" && toks.get(i + 2).is_some_and(|n| n.kind == Kind::Number))
        || prev == ":"
        || matches!(next, "am" | "pm" | "gmt" | "utc" | "o'clock" | "hrs")
        || (matches!(next, "a" | "p") && lower(toks, i + 2) == "." && lower(toks, i + 3) == "m")
    {
        return true;
    }
    let prev3 = if i > 2 { lower(toks, i - 3) } else { "" };
    if matches!(prev, "aged" | "age" | "ages")
        || (matches!(prev, "to" | "and" | "or" | "-")
            && i > 2
            && toks[i - 2].kind == Kind::Number
            && matches!(prev3, "aged" | "age" | "ages"))
        || (prev == "of" && prev2 == "age")
        || matches!(next, "years-old" | "year-old")
        || (next == "years" && lower(toks, i + 2) == "old")
    {
        return true;
    }
    // An age in apposition: "Ilie Brana, 71, a retired ferryman".
    if prev == ","
        && i >= 2
        && toks[i - 2].is_capitalized(text)
        && matches!(next, "," | ")" | "")
        && digits(&t.lower).is_some_and(|v| v < 120.0)
    {
        return true;
    }
    // Labels: "S.B. 8", "No. 10", "SB 8", "HR 1".
    let abbreviation = prev == "."
        && i >= 2
        && toks[i - 2].kind == Kind::Word
        && (toks[i - 2].lower.len() == 1 || prev2 == "no");
    // In a sentence written in capitals ("AT LEAST 12"), capitals mark no acronym.
    let acronym = i > 0 && {
        let p = &toks[i - 1];
        p.kind == Kind::Word
            && (2..=5).contains(&p.lower.len())
            && text[p.start..p.end].chars().all(|c| c.is_ascii_uppercase())
            && !toks
                .last()
                .is_some_and(|last| is_shouted(&text[toks[0].start..last.end]))
    };
    if abbreviation || acronym {
        return true;
    }
    if matches!(
        prev,
        "no" | "number"
            | "article"
            | "resolution"
            | "section"
            | "chapter"
            | "flight"
            | "route"
            | "highway"
            | "room"
            | "page"
            | "level"
            | "phase"
            | "stage"
            | "grade"
            | "category"
            | "paragraph"
            | "clause"
            | "item"
            | "platform"
            | "gate"
            | "unit"
            | "block"
            | "line"
            | "channel"
            | "version"
            | "model"
            | "size"
            | "act"
            | "law"
            | "bill"
    ) {
        return true;
    }
    if is_year_like(t) {
        let counted_next = toks.get(i + 1).is_some_and(|n| {
            n.kind == Kind::Word && n.lower.ends_with('s') && !MONTHS.contains(&n.lower.as_str())
        });
        let year_prev = matches!(
            prev,
            "in" | "since"
                | "of"
                | "from"
                | "until"
                | "till"
                | "by"
                | "to"
                | "between"
                | "and"
                | "or"
                | "before"
                | "after"
                | "early"
                | "late"
                | "mid"
                | "the"
                | "during"
                | "summer"
                | "spring"
                | "autumn"
                | "winter"
                | "fall"
                | "year"
                | "'"
                | ","
        );
        return year_prev || !counted_next;
    }
    false
}

/// A qualifier read backwards from token `start`: the qualifier and its first token.
fn qualifier_before(toks: &[Token], start: usize) -> (Qualifier, usize) {
    let w = |k: usize| -> &str {
        if k <= start {
            lower(toks, start - k)
        } else {
            ""
        }
    };
    let three = (w(3), w(2), w(1));
    match three {
        ("as", "many", "as") => return (Qualifier::UpTo, start - 3),
        ("no", "fewer", "than") | ("no", "less", "than") => return (Qualifier::AtLeast, start - 3),
        ("in", "excess", "of") => return (Qualifier::MoreThan, start - 3),
        _ => {}
    }
    let two = (w(2), w(1));
    let q2 = match two {
        ("at", "least") => Some(Qualifier::AtLeast),
        ("more", "than") | ("upwards", "of") | ("just", "over") => Some(Qualifier::MoreThan),
        ("up", "to") | ("at", "most") => Some(Qualifier::UpTo),
        ("close", "to") | ("just", "under") => Some(Qualifier::Nearly),
        ("fewer", "than") | ("less", "than") => Some(Qualifier::LessThan),
        ("an", "estimated") => Some(Qualifier::About),
        _ => None,
    };
    if let Some(q) = q2 {
        return (q, start - 2);
    }
    let q1 = match w(1) {
        "about" | "around" | "some" | "roughly" | "approximately" | "estimated" | "approx" => {
            Some(Qualifier::About)
        }
        "nearly" | "almost" => Some(Qualifier::Nearly),
        "over" => Some(Qualifier::MoreThan),
        _ => None,
    };
    match q1 {
        Some(q) => (q, start - 1),
        None => (Qualifier::Exact, start),
    }
}

/// The number at token `i`, if any: its value, shape and end token.
fn number_at(text: &str, toks: &[Token], i: usize) -> Option<(Value, Shape, usize)> {
    let t = &toks[i];
    let next = lower(toks, i + 1);
    // Shares: "half of", "a third of", "one-third of", "two thirds of".
    if t.is("half") && matches!(next, "of" | "the" | "its" | "their" | "his" | "her" | "all") {
        return Some((Value::One(0.5), Shape::Share, i + 1));
    }
    if t.is_any(&["a", "one"])
        && let Some(f) = fraction_word(next)
        && lower(toks, i + 2) == "of"
        && next != "fourth"
        && !next.ends_with('s')
    {
        return Some((Value::One(round3(f)), Shape::Share, i + 2));
    }
    if let Some(u) = unit_word(&t.lower)
        && (2.0..10.0).contains(&u)
        && next.ends_with('s')
        && let Some(f) = fraction_word(next)
        && lower(toks, i + 2) == "of"
    {
        return Some((Value::One(round3(u * f)), Shape::Share, i + 2));
    }
    // Frequencies.
    let ratio_next = |k: usize| {
        matches!(
            lower(toks, k),
            "as" | "the"
                | "that"
                | "more"
                | "less"
                | "higher"
                | "larger"
                | "greater"
                | "bigger"
                | "over"
                | "faster"
                | "smaller"
                | "lower"
                | "longer"
        )
    };
    if t.is_any(&["twice", "thrice"]) && !ratio_next(i + 1) {
        let v = if t.is("twice") { 2.0 } else { 3.0 };
        return Some((Value::One(v), Shape::Times, i + 1));
    }
    // Ordinal counts of a series.
    if let Some(v) = ordinal_word(&t.lower) {
        let prev = if i > 0 { lower(toks, i - 1) } else { "" };
        if !matches!(
            prev,
            "the" | "its" | "their" | "his" | "her" | "a" | "an" | "this" | "'s"
        ) {
            return None;
        }
        let mut consecutive = false;
        for j in i + 1..i + 4 {
            let w = lower(toks, j);
            if SERIES_NOUNS.contains(&w)
                || (consecutive && toks.get(j).is_some_and(|x| x.kind == Kind::Word))
            {
                return Some((Value::One(v), Shape::Ordinal, i + 1));
            }
            if matches!(w, "consecutive" | "straight" | "successive" | "running") {
                consecutive = true;
            } else if toks.get(j).is_none_or(|x| x.kind != Kind::Word) || is_stopword(w) {
                return None;
            }
        }
        return None;
    }
    // Hyphenated compounds: "six-year", "71-year-old", "6,000-8,000", "one-third", "12-member".
    if t.kind == Kind::Word
        && t.lower.contains('-')
        && unit_word(&t.lower).is_none()
        && let Some((left, right)) = t.lower.split_once('-')
    {
        let lv = digits(left).or_else(|| unit_word(left))?;
        if chunk_around(text, t.start, t.end).contains('/') {
            return None;
        }
        if let Some(rv) = digits(right).or_else(|| unit_word(right)) {
            // A range of digits must count something plural ("6,000-8,000 militants"), which
            // keeps "9-11 commission" and scores out.
            let counted = is_plural(next) || matches!(next, "%" | "percent" | "per");
            if rv > lv && digits(left).is_some() == digits(right).is_some() && counted {
                return Some((
                    Value::Range(lv, rv),
                    Shape::Cardinal { small_word: false },
                    i + 1,
                ));
            }
            return None;
        }
        if let Some(f) = fraction_word(right)
            && next == "of"
        {
            return Some((Value::One(round3(lv * f)), Shape::Share, i + 1));
        }
        let first = right.split('-').next().unwrap_or(right);
        if right.ends_with("-old") || right.ends_with("-olds") {
            return None;
        }
        if (DURATION_UNITS.contains(&first) || COUNT_SUFFIXES.contains(&first)) && lv >= 2.0 {
            return Some((Value::One(lv), Shape::Compound(first.to_owned()), i + 1));
        }
        return None;
    }
    // Cardinals and ranges.
    if t.kind == Kind::Number && is_not_a_count(text, toks, i) {
        return None;
    }
    let (v1, j, scaled1, words1) = cardinal_at(toks, i)?;
    let prev = if i > 0 { lower(toks, i - 1) } else { "" };
    let mut value = Value::One(v1);
    let mut end = j;
    let joiner = lower(toks, j);
    if matches!(joiner, "to" | "-" | "–" | "or") || (joiner == "and" && prev == "between") {
        let ok_second = toks
            .get(j + 1)
            .is_some_and(|n| n.kind != Kind::Number || !is_not_a_count(text, toks, j + 1));
        if ok_second && let Some((v2, k, scaled2, _)) = cardinal_at(toks, j + 1) {
            let mut low = v1;
            if !scaled1
                && scaled2
                && let Some(s) = scale_word(lower(toks, k - 1))
                && v1 * s <= v2
            {
                low = v1 * s;
            }
            if v2 > low {
                value = Value::Range(low, v2);
                end = k;
            }
        }
    }
    // Percentages are shares.
    let pct = lower(toks, end);
    let pct_len = match pct {
        "%" | "percent" | "pct" => 1,
        "per" if lower(toks, end + 1) == "cent" => 2,
        _ => 0,
    };
    if pct_len > 0 {
        let value = match value {
            Value::One(v) => Value::One(round3(v / 100.0)),
            Value::Range(a, b) => Value::Range(round3(a / 100.0), round3(b / 100.0)),
        };
        return Some((value, Shape::Share, end + pct_len));
    }
    if lower(toks, end) == "times" && !ratio_next(end + 1) {
        return Some((value, Shape::Times, end + 1));
    }
    let small_word = words1 && v1 <= 10.0 && !scaled1;
    Some((value, Shape::Cardinal { small_word }, end))
}

/// The noun phrase starting at token `j`: (first token, end token, head word).
fn noun_phrase(text: &str, toks: &[Token], mut j: usize) -> Option<(usize, usize, String)> {
    while toks.get(j).is_some_and(|t| t.is_any(NP_SKIP)) {
        j += 1;
    }
    let start = j;
    let mut words: Vec<usize> = Vec::new();
    while let Some(t) = toks.get(j) {
        if words.len() >= 4 {
            break;
        }
        if t.kind == Kind::Punct {
            // A possessive apostrophe after a plural ("two hours' notice") continues the phrase.
            if t.is("'")
                && !words.is_empty()
                && lower(toks, j - 1).ends_with('s')
                && toks.get(j + 1).is_some_and(|n| n.kind == Kind::Word)
            {
                j += 1;
                continue;
            }
            break;
        }
        let w = t.lower.as_str();
        if t.kind != Kind::Word
            || is_stopword(w)
            || PHRASE_STOPS.contains(&w)
            || MONTHS.contains(&w) && t.is_capitalized(text)
            || WEEKDAYS.contains(&w)
        {
            break;
        }
        words.push(j);
        j += 1;
        // A plural noun ends the phrase ("lawyers wrote"), unless a possessive follows it.
        if is_plural(w) && !toks.get(j).is_some_and(|n| n.is("'")) {
            break;
        }
    }
    if words.is_empty() {
        return None;
    }
    let end = *words.last().expect("non-empty") + 1;
    let unit = words.iter().find(|&&k| {
        let w = lower(toks, k);
        DURATION_UNITS.contains(&w) || MEASURE_UNITS.contains(&w)
    });
    let head = match unit {
        Some(&k) => lower(toks, k).to_owned(),
        None => words
            .iter()
            .rev()
            .map(|&k| lower(toks, k))
            .find(|w| !w.ends_with("ed") && !w.ends_with("ing") && !is_concept_adjective(w))
            .unwrap_or_else(|| lower(toks, words[0]))
            .to_owned(),
    };
    Some((start, end, head))
}

fn is_plural(w: &str) -> bool {
    matches!(
        w,
        "people" | "men" | "women" | "children" | "police" | "personnel" | "staff"
    ) || (w.len() > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is"))
}

fn is_concept_adjective(w: &str) -> bool {
    matches!(
        w,
        "dead"
            | "missing"
            | "injured"
            | "wounded"
            | "homeless"
            | "displaced"
            | "deep"
            | "long"
            | "high"
            | "wide"
            | "old"
    )
}

/// The concept signalled by any of these words, nearest first.
fn concept_of<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    let words: Vec<&str> = words.into_iter().collect();
    let lost = words
        .iter()
        .any(|w| matches!(*w, "lost" | "losing" | "lose"));
    for w in &words {
        if lost && matches!(*w, "life" | "lives") {
            return "killed".to_owned();
        }
        for (name, signals) in CONCEPTS {
            if signals.contains(w) {
                return (*name).to_owned();
            }
        }
    }
    String::new()
}

/// Past participle of a concept verb written in -ing ("killing" -> "killed"), for the phrase.
fn as_participle(w: &str) -> String {
    match w.strip_suffix("ing") {
        Some(stem) if matches!(stem, "kill" | "wound" | "arrest" | "detain" | "displac") => {
            format!("{stem}ed")
        }
        Some("injur") => "injured".to_owned(),
        _ => w.to_owned(),
    }
}

fn head_class(head: &str, stemmer: &Stemmer) -> String {
    for (class, words) in HEAD_CLASSES {
        if words.contains(&head) {
            return (*class).to_owned();
        }
    }
    stemmer.stem(head).into_owned()
}

/// The figure at token `i`, if one starts there, and the token after it.
fn figure_at(text: &str, toks: &[Token], i: usize, prev_fig: Option<&Raw>) -> Option<(Raw, usize)> {
    let (value, shape, num_end) = number_at(text, toks, i)?;
    let (mut qualifier, mut first) = qualifier_before(toks, i);
    let prev_w = |k: usize| if k > 0 { lower(toks, k - 1) } else { "" };
    if matches!(value, Value::Range(..)) {
        qualifier = Qualifier::Range;
        if prev_w(i) == "between" {
            first = i - 1;
        }
    }
    let before = prev_w(first);
    // Vague quantities: "several thousand", "a few hundred".
    if matches!(
        before,
        "several" | "few" | "many" | "dozens" | "hundreds" | "thousands"
    ) {
        return None;
    }
    if toks[i].is("zero") {
        return None;
    }
    let one = toks[i].is("one") && num_end == i + 1;
    if one
        && matches!(
            before,
            "no" | "any"
                | "every"
                | "each"
                | "the"
                | "this"
                | "that"
                | "which"
                | "someone"
                | "anyone"
        )
    {
        return None;
    }
    if toks[num_end.saturating_sub(1)].is_any(&["hundred", "thousand", "million", "billion"])
        && lower(toks, num_end) == "of"
        && toks[i].is("a")
    {
        // "a hundred of them" reads as vague.
        return None;
    }
    let stemmer_words = |from: usize, to: usize| -> Vec<&str> {
        (from..to.min(toks.len())).map(|k| lower(toks, k)).collect()
    };

    // What is counted, after the number.
    let Counted {
        np,
        mut inherited,
        after_from,
    } = counted_after(text, toks, &shape, num_end, one)?;
    let mut subject: Option<(String, String)> = None;
    if np.is_none() && !inherited && !matches!(shape, Shape::Times | Shape::Compound(_)) {
        if let Some(p) = prev_fig.filter(|p| p.end <= toks[first].start) {
            // "killing 20 people and wounding 100": the noun of the previous figure.
            let between = toks
                .iter()
                .filter(|t| t.start >= p.end && t.end <= toks[first].start)
                .count();
            if between <= 6 {
                inherited = true;
            }
        }
        if !inherited {
            subject = subject_before(toks, first);
        }
    }
    if one && np.is_none() {
        return None;
    }
    if inherited && prev_fig.is_none() && subject.is_none() {
        subject = Some(subject_before(toks, first)?);
        inherited = false;
    }

    // The words around it, to the clause boundaries.
    let mut after_end = after_from;
    while let Some(t) = toks.get(after_end) {
        if after_end - after_from >= 7
            || is_clause_break(t)
            || t.is_any(&[
                "and",
                "but",
                "while",
                "as",
                "when",
                "which",
                "who",
                "because",
                "according",
                "said",
                "says",
                "after",
                "before",
                "until",
                "although",
                "though",
                "with",
                "if",
            ])
        {
            break;
        }
        after_end += 1;
    }
    let mut before_start = first;
    while before_start > 0 {
        let t = &toks[before_start - 1];
        if first - before_start >= 6
            || is_clause_break(t)
            || t.is_any(&[
                "and", "but", "while", "as", "when", "which", "who", "because",
            ])
        {
            break;
        }
        before_start -= 1;
    }
    let after_words = stemmer_words(after_from, after_end);
    let period = (before_start..after_end.min(toks.len()))
        .filter(|&k| (k < first || k >= num_end) && k > 0)
        .filter(|&k| toks[k - 1].is_any(&["in", "during", "for"]))
        .map(|k| &toks[k])
        .find(|t| {
            (MONTHS[..12].contains(&t.lower.as_str()) && t.is_capitalized(text)) || is_year_like(t)
        })
        .map(|t| t.lower.clone())
        .unwrap_or_default();
    let before_words: Vec<&str> = stemmer_words(before_start, first)
        .into_iter()
        .rev()
        .collect();

    let mut head: String;
    let mut phrase: String;
    let mut np_words: Vec<&str> = Vec::new();
    match (&np, inherited, &subject, &shape) {
        (Some((s, e, h)), _, _, _) => {
            head = h.clone();
            np_words = stemmer_words(*s, *e);
            phrase = text[toks[*s].start..toks[*e - 1].end].to_owned();
            if np_words.iter().all(|w| is_concept_adjective(w)) {
                // "46 dead", "120 missing": people.
                phrase = format!("people {phrase}");
            }
        }
        (None, true, _, _) => {
            let p = prev_fig.expect("inherited from a previous figure");
            head = p.head.clone();
            phrase = p.noun.clone();
        }
        (None, false, Some((h, words)), _) => {
            head = h.clone();
            phrase = words.clone();
        }
        (None, false, None, Shape::Times) => {
            head = "times".to_owned();
            phrase = "times".to_owned();
        }
        (None, false, None, Shape::Compound(unit)) => {
            head = unit.clone();
            phrase = format!("{unit}s");
        }
        _ => return None,
    }
    // What a later bare number of the sentence inherits: the noun, not the verbs around it.
    let noun = if subject.is_some() && np.is_none() {
        head.clone()
    } else {
        phrase.clone()
    };
    if let Shape::Compound(unit) = &shape {
        head = unit.clone();
        if np.is_some() {
            // "six-year long civil war": the unit, then the thing it measures.
            phrase = format!("{unit}s {phrase}");
        }
        if DURATION_UNITS.contains(&unit.as_str()) && matches!(value, Value::One(v) if v < 2.0) {
            return None;
        }
    }
    if matches!(shape, Shape::Share) {
        phrase = format!("share of {phrase}");
    }
    if matches!(shape, Shape::Times) && !before_words.is_empty() {
        let mut ctx: Vec<&str> = before_words.clone();
        ctx.reverse();
        phrase = format!("{phrase} {}", ctx.join(" "));
    }
    if MONTHS.contains(&head.as_str()) || matches!(head.as_str(), "am" | "pm" | "gmt") {
        return None;
    }
    let is_duration = DURATION_UNITS.contains(&head.as_str());
    // "five years old" is an age and "two years ago" a point in time, not durations.
    if is_duration
        && matches!(
            after_words.first().copied(),
            Some("old" | "ago" | "earlier")
        )
    {
        return None;
    }
    if is_duration && matches!(value, Value::One(v) if v < 2.0) {
        return None;
    }
    if one
        && (is_duration
            || matches!(
                head.as_str(),
                "another" | "way" | "side" | "hand" | "thing" | "point" | "day" | "time"
            ))
    {
        return None;
    }
    // Referential numerals in definite phrases: "the two countries".
    if let Shape::Cardinal { small_word: true } = shape
        && !is_duration
        && qualifier == Qualifier::Exact
        && (matches!(before, "the" | "these" | "those" | "both")
            || (before == "other" && prev_w(first.saturating_sub(1)) == "the"))
    {
        return None;
    }

    // Verb after the phrase, or before the number, completes the phrase. A count that is the
    // object of a preposition ("teams from three towns worked …") is not the subject of the
    // verb after it: only a place or a casualty word there still says what is counted.
    let object_of_preposition = np.is_some()
        && matches!(shape, Shape::Cardinal { .. })
        && COUNT_PREPOSITIONS.contains(&before);
    let describes_count = |k: usize| {
        let w = lower(toks, k);
        TAIL_PREPOSITIONS.contains(&w) || CONCEPTS.iter().any(|(_, s)| s.contains(&w))
    };
    if after_end > after_from && (!object_of_preposition || describes_count(after_from)) {
        let mut k = after_end;
        while k > after_from && is_stopword(lower(toks, k - 1)) {
            k -= 1;
        }
        if k > after_from {
            let tail = &text[toks[after_from].start..toks[k - 1].end];
            if !matches!(shape, Shape::Times) {
                phrase = format!("{phrase} {tail}");
            }
        }
    }
    let concept_words = np_words
        .iter()
        .copied()
        .chain(
            subject
                .as_ref()
                .map(|(_, s)| s.as_str())
                .into_iter()
                .flat_map(str::split_whitespace),
        )
        .chain(after_words.iter().copied())
        .chain(before_words.iter().copied());
    let mut concept = concept_of(concept_words);
    if let Some(verb) = before_words.first().filter(|w| {
        CONCEPTS.iter().any(|(_, s)| s.contains(w)) || w.ends_with("ed") || w.ends_with("ing")
    }) && !matches!(shape, Shape::Times)
        && !phrase.contains(*verb)
    {
        phrase = format!("{phrase} {}", as_participle(verb));
    }
    if is_duration && concept.is_empty() {
        // A duration is grouped by what it measures: "six-year war", "five years of war".
        let measured = match (&shape, &np) {
            (Shape::Compound(_), Some((s, e, _))) => {
                stemmer_words(*s, *e).last().map(|w| w.to_string())
            }
            _ if lower(toks, after_from) == "of" => {
                noun_phrase(text, toks, after_from + 1).map(|(_, _, h)| h)
            }
            _ => None,
        };
        if let Some(m) = measured {
            concept = m;
        }
    }
    let start_tok = first;
    let mut end_tok = num_end;
    if matches!(shape, Shape::Ordinal) || (is_duration && !matches!(shape, Shape::Compound(_))) {
        if let Some((_, _, _)) = &np {
            let unit_tok = (num_end..after_from).find(|&k| lower(toks, k) == head);
            if let Some(k) = unit_tok {
                end_tok = k + 1;
            }
        }
    }
    let raw = Raw {
        sentence: 0,
        start: toks[start_tok].start,
        end: toks[end_tok - 1].end,
        value,
        qualifier,
        counts: phrase.trim().to_owned(),
        head,
        concept,
        window: period,
        time: None,
        place: None,
        noun,
        share: matches!(shape, Shape::Share),
        predicate: after_words
            .iter()
            .find(|w| {
                !is_stopword(w)
                    && !PHRASE_STOPS.contains(w)
                    && !PREDICATE_SKIP.contains(w)
                    && w.chars().all(char::is_alphabetic)
            })
            .map(|w| stemmer_stem(w))
            .unwrap_or_default(),
        from_subject: np.is_none() && !inherited && subject.is_some(),
    };
    Some((raw, num_end))
}

/// The counted noun phrase after a number, or the sign that it refers back to the previous
/// figure's noun ("100 others", "half of them").
struct Counted {
    /// First token, end token and head word of the noun phrase.
    np: Option<(usize, usize, String)>,
    /// Whether a pronoun takes the previous figure's noun.
    inherited: bool,
    /// The token after the counted phrase, where the rest of the clause starts.
    after_from: usize,
}

/// Reads what a number of this shape counts, from the token after it; `None` for "one of ...",
/// which is referential, not a count.
fn counted_after(
    text: &str,
    toks: &[Token],
    shape: &Shape,
    num_end: usize,
    one: bool,
) -> Option<Counted> {
    let mut np: Option<(usize, usize, String)> = None;
    let mut inherited = false;
    let mut after_from = num_end;
    match shape {
        Shape::Share => {
            let mut j = num_end;
            if lower(toks, j) == "of" {
                j += 1;
            }
            while toks.get(j).is_some_and(|t| {
                t.is_any(&["the", "its", "their", "his", "her", "our", "all", "those"])
            }) {
                j += 1;
            }
            if toks.get(j).is_some_and(|t| t.is_any(PRONOUNS)) {
                inherited = true;
                after_from = j + 1;
            } else if let Some(p) = noun_phrase(text, toks, j) {
                after_from = p.1;
                np = Some(p);
            }
        }
        Shape::Ordinal => {
            let series = (num_end..num_end + 3).find(|&k| {
                SERIES_NOUNS.contains(&lower(toks, k))
                    || (k > num_end
                        && lower(toks, k - 1).ends_with("consecutive")
                        && toks.get(k).is_some_and(|t| t.kind == Kind::Word))
            });
            if let Some(k) = series {
                after_from = k + 1;
                np = Some((num_end, k + 1, lower(toks, k).to_owned()));
            }
        }
        Shape::Times => {}
        Shape::Compound(_) => {
            let p = noun_phrase(text, toks, num_end);
            if let Some(p) = &p {
                after_from = p.1;
            }
            np = p;
        }
        Shape::Cardinal { .. } => {
            let j = num_end;
            if lower(toks, j) == "of" {
                if one {
                    return None;
                }
                let mut k = j + 1;
                while toks.get(k).is_some_and(|t| {
                    t.is_any(&["the", "its", "their", "his", "her", "our", "these", "those"])
                }) {
                    k += 1;
                }
                if toks.get(k).is_some_and(|t| t.is_any(PRONOUNS)) {
                    inherited = true;
                    after_from = k + 1;
                } else if let Some(p) = noun_phrase(text, toks, k) {
                    after_from = p.1;
                    np = Some(p);
                }
            } else if toks.get(j).is_some_and(|t| t.is_any(PRONOUNS)) {
                inherited = true;
                after_from = j + 1;
            } else if let Some(p) = noun_phrase(text, toks, j) {
                after_from = p.1;
                np = Some(p);
            }
        }
    }
    Some(Counted {
        np,
        inherited,
        after_from,
    })
}

fn stemmer_stem(w: &str) -> String {
    static STEMMER: LazyLock<Stemmer> = LazyLock::new(Stemmer::new);
    STEMMER.stem(w).into_owned()
}

/// A subject that names what a bare number counts: "the death toll ... stood at 41", "the number
/// of militants ... between six and eight thousand", "the crowd numbered more than 5,000".
fn subject_before(toks: &[Token], first: usize) -> Option<(String, String)> {
    let from = first.saturating_sub(15);
    for k in (from..first).rev() {
        let w = lower(toks, k);
        if matches!(w, "toll" | "tally") {
            return Some(("people".to_owned(), "people killed (death toll)".to_owned()));
        }
        if w == "crowd" {
            return Some(("protesters".to_owned(), "crowd".to_owned()));
        }
        if w == "number" && lower(toks, k + 1) == "of" {
            let noun = lower(toks, k + 2);
            if !noun.is_empty() && !is_stopword(noun) {
                return Some((noun.to_owned(), format!("number of {noun}")));
            }
        }
        if toks[k].kind == Kind::Punct && toks[k].is_any(&[".", ";"]) {
            break;
        }
    }
    None
}

/// The window a casualty count covers, when the sentence states one.
fn window_of(toks: &[Token]) -> String {
    for (k, t) in toks.iter().enumerate() {
        let w = t.lower.as_str();
        if w == "overnight" {
            return "overnight".to_owned();
        }
        if w == "alone" && k > 0 && toks[k - 1].kind == Kind::Word {
            return format!("{} alone", toks[k - 1].lower);
        }
        if matches!(w, "last" | "past" | "previous") && k > 0 && toks[k - 1].is("the") {
            let n = lower(toks, k + 1);
            let unit = lower(toks, k + 2);
            if DURATION_UNITS.contains(&unit) {
                return format!("last {n} {unit}");
            }
            if DURATION_UNITS.contains(&n) {
                return format!("last {n}");
            }
        }
        if w == "in"
            && matches!(lower(toks, k + 1), "one" | "a")
            && matches!(
                lower(toks, k + 2),
                "day" | "week" | "month" | "night" | "single"
            )
        {
            return format!("one {}", lower(toks, k + 2));
        }
        if matches!(w, "daily") || (w == "per" && DURATION_UNITS.contains(&lower(toks, k + 1))) {
            return "per day".to_owned();
        }
    }
    String::new()
}

/// The time expression of the sentence nearest to the figure, as written.
fn nearest_time(sentence: &str, base: usize, start: usize, end: usize) -> Option<String> {
    TIME_RE
        .find_iter(sentence)
        .filter(|m| base + m.end() <= start || base + m.start() >= end)
        .min_by_key(|m| {
            let (s, e) = (base + m.start(), base + m.end());
            if e <= start { start - e } else { s - end }
        })
        .map(|m| m.as_str().to_owned())
}

/// The place named after the figure ("in Aleppo", "at a military base in Dayr al-Zawr").
fn place_after(sentence: &str, base: usize, end: usize) -> Option<String> {
    let from = end.saturating_sub(base).min(sentence.len());
    let from = (from..=sentence.len()).find(|&p| sentence.is_char_boundary(p))?;
    PLACE_RE.captures_iter(&sentence[from..]).find_map(|c| {
        let name = c.get(1)?.as_str();
        let first = name
            .trim_start_matches("the ")
            .split(' ')
            .next()?
            .to_lowercase();
        (!MONTHS.contains(&first.as_str()) && !WEEKDAYS.contains(&first.as_str()))
            .then(|| name.to_owned())
    })
}

/// Groups and merges the figures found in all articles.
fn merge(found: Vec<(ArticleId, Raw)>, stemmer: &Stemmer) -> Vec<Figure> {
    let mut figures: Vec<Figure> = Vec::new();
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    let mut group_ids: HashMap<String, String> = HashMap::new();
    // Per figure: whether its phrase came from a subject, and its length in words.
    let mut strength: Vec<(bool, usize)> = Vec::new();
    // Group keys of people counted with no concept: the first per class, and per value.
    let mut first_of_class: HashMap<String, String> = HashMap::new();
    let mut same_value: HashMap<(String, String), String> = HashMap::new();
    // Reference values of the subgroups of each key.
    let mut references: HashMap<String, Vec<f64>> = HashMap::new();
    for (article, raw) in found {
        let mut class = head_class(&raw.head, stemmer);
        if raw.share {
            if AREA_NOUNS.contains(&raw.head.as_str()) {
                class = "area".to_owned();
            }
            class = format!("share-of-{class}-{}", raw.predicate);
        }
        let human = HUMAN_HEADS.contains(&class.as_str());
        let (value, low, high) = match raw.value {
            Value::One(v) => (Some(v), None, None),
            Value::Range(a, b) => (None, Some(a), Some(b)),
        };
        let value_key = format!("{value:?}/{low:?}/{high:?}");
        let mut key = format!("{class}|{}|{}", raw.concept, raw.window);
        if raw.concept.is_empty() && !human && !raw.share {
            key = format!("{key}|{value_key}");
        } else if raw.concept.is_empty() && human {
            // People counted with no casualty concept: what is said of them decides ("2,000
            // protesters gathered" and "5,000 protesters gathered"), except that a subject ("the
            // crowd numbered 5,000") joins the first group of its class, and the same value of
            // the same class is the same figure.
            let base = key.clone();
            key = if raw.from_subject {
                first_of_class.get(&base).cloned()
            } else {
                same_value.get(&(base.clone(), value_key.clone())).cloned()
            }
            .unwrap_or_else(|| format!("{base}|{}", raw.predicate));
            first_of_class
                .entry(base.clone())
                .or_insert_with(|| key.clone());
            same_value.insert((base, value_key.clone()), key.clone());
        }
        // Without a concept to say what happened to them, values far apart count different
        // things ("4 militants freed", "9,000 fighters in the city").
        if raw.concept.is_empty() {
            let mid = value.unwrap_or_else(|| (low.unwrap_or(0.0) + high.unwrap_or(0.0)) / 2.0);
            let subgroups = references.entry(key.clone()).or_default();
            let close = subgroups.iter().position(|&r| {
                let (a, b) = (r.min(mid), r.max(mid));
                a == b || (a > 0.0 && b / a <= MAX_DISAGREEMENT_RATIO)
            });
            let n = close.unwrap_or_else(|| {
                subgroups.push(mid);
                subgroups.len() - 1
            });
            if n > 0 {
                key = format!("{key}#{n}");
            }
        }
        let next_id = group_ids.len();
        let group = group_ids
            .entry(key.clone())
            .or_insert_with(|| {
                let mut slug = class.clone();
                for part in [&raw.concept, &raw.window] {
                    if !part.is_empty() {
                        slug.push('-');
                        slug.push_str(&part.replace(' ', "-"));
                    }
                }
                format!("{slug}-{next_id}")
            })
            .clone();
        let fig_key = (key, format!("{value_key}/{:?}", raw.qualifier));
        let mention = Mention {
            span: model::Span {
                article: article.clone(),
                start: raw.start,
                end: raw.end,
            },
            sentence: raw.sentence,
        };
        match index.get(&fig_key) {
            Some(&k) => {
                let f = &mut figures[k];
                if !f.articles.contains(&article) {
                    f.articles.push(article);
                    f.occurrences.push(mention);
                }
                let (weak, words) = strength[k];
                let better = (weak && !raw.from_subject)
                    || (weak == raw.from_subject && raw.counts.split_whitespace().count() > words);
                if better {
                    strength[k] = (raw.from_subject, raw.counts.split_whitespace().count());
                    f.counts = raw.counts;
                }
                if f.time.is_none() {
                    f.time = raw.time;
                }
                if f.place.is_none() {
                    f.place = raw.place;
                }
            }
            None => {
                index.insert(fig_key, figures.len());
                strength.push((raw.from_subject, raw.counts.split_whitespace().count()));
                figures.push(Figure {
                    value,
                    low,
                    high,
                    qualifier: raw.qualifier,
                    counts: raw.counts,
                    surface: String::new(),
                    time: raw.time,
                    place: raw.place,
                    articles: vec![article],
                    occurrences: vec![mention],
                    group,
                });
            }
        }
    }
    figures
}

/// Fills each figure's `surface` from its first occurrence.
fn with_surfaces(mut figures: Vec<Figure>, docs: &[Document]) -> Vec<Figure> {
    for f in &mut figures {
        if let Some(m) = f.occurrences.first()
            && let Some(doc) = docs.iter().find(|d| d.article.id == m.span.article)
        {
            f.surface = doc.article.text[m.span.range()].to_owned();
        }
    }
    figures
}

#[cfg(test)]
pub(crate) mod tests;
