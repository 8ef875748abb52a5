//! Timeline: the dated happenings the articles mention, with relative dates ("on Friday",
//! "yesterday (Monday)", "last fall", "earlier this week") resolved against each article's
//! publication date.
//!
//! Resolution rules, kept simple on purpose:
//! - A weekday is the most recent such day on or before publication, unless the sentence speaks
//!   of the future before it ("will", "would", "is due to", "is expected", "next"): then the next
//!   such day on or after publication. A weekday followed by an explicit date ("Tuesday, March
//!   11") defers to the date.
//! - A day or month without a year takes the publication year, or the year before when that puts
//!   it after publication in a past-tense sentence. Without a publication date, it takes the
//!   event's reference year (the most common publication year of the other articles), and
//!   relative dates are not resolved at all.
//! - "yesterday", "today", "tomorrow", "last night" are days; "last/this/next month" and
//!   "last/this/next year" are months and years; "last fall" (spring, summer) is the most recent
//!   such season that has ended, at year precision (winter spans two years and is left out);
//!   "earlier this week" and "last week" count only when the whole week lies in one month.
//!   A plain "this week" is the present of the article, not a dated happening.
//! - Datelines ("PORT AUREL, March 12 (Wire) -") date the article, not a happening; dates in
//!   removed lines (captions, widgets) are not happenings either.

use std::collections::HashMap;
use std::sync::LazyLock;

use model::{DatePrecision, Document, Mention, TimelineEntry};
use regex::Regex;
use segment::{Stemmer, content_stems};

mod civil;

use civil::{civil_from_days, days_from_civil, is_valid, weekday};

/// Publication date of an article: from `article.time` when it parses, else from the text
/// itself (a "Published: 12 March 2025" line, usually among the removed lines; the latest full
/// date among the removed lines, such as a dated caption; a dateline "PORT AUREL, March 12
/// (Wire) -" when a full date elsewhere in the article gives its year), else `None`.
pub fn publication_date(doc: &Document) -> Option<(i32, u32, u32)> {
    publication_date_with_hint(doc, None)
}

/// [`publication_date`] of each of a group of articles (an event, a batch read together); a
/// dateline without a year ("PORT AUREL, March 12 (Wire) -" in an article that gives no full
/// date anywhere) takes the year most of the group's dated articles have.
pub fn publication_dates(docs: &[Document]) -> Vec<Option<(i32, u32, u32)>> {
    let own: Vec<Option<(i32, u32, u32)>> = docs.iter().map(publication_date).collect();
    let reference_year = most_common(own.iter().flatten().map(|&(y, _, _)| y));
    docs.iter()
        .zip(own)
        .map(|(doc, own)| own.or_else(|| publication_date_with_hint(doc, reference_year)))
        .collect()
}

/// [`publication_date`], with a year for a dateline that states none.
fn publication_date_with_hint(doc: &Document, year_hint: Option<i32>) -> Option<(i32, u32, u32)> {
    if let Some(d) = doc.article.time.as_deref().and_then(parse_date) {
        return Some(d);
    }
    let text = &doc.article.text;
    let removed: Vec<&str> = doc
        .removed
        .iter()
        .filter_map(|r| text.get(r.start..r.end))
        .collect();
    // A labelled line, among the removed lines or anywhere near the top of the text.
    let top: Vec<&str> = text.lines().take(12).collect();
    for line in removed.iter().chain(top.iter()) {
        if LABEL_RE.is_match(line)
            && let Some(d) = first_full_date(line)
        {
            return Some(d);
        }
    }
    let latest = removed
        .iter()
        .flat_map(|l| full_dates(l))
        .max_by_key(|&(y, m, d)| days_from_civil(y, m, d));
    if latest.is_some() {
        return latest;
    }
    let (m, d) = dateline(doc)?;
    let year = year_hint.or_else(|| full_dates(text).into_iter().map(|(y, _, _)| y).max())?;
    is_valid(year, m, d).then_some((year, m, d))
}

/// The dated happenings of the event, sorted by date; one entry per date and happening, merged
/// over the articles that mention it.
pub fn extract_timeline(docs: &[Document]) -> Vec<TimelineEntry> {
    let stemmer = Stemmer::new();
    let dates = publication_dates(docs);
    // The publication dates an undated article of this event may plausibly have.
    let known: Vec<i64> = dates
        .iter()
        .flatten()
        .map(|&(y, m, d)| days_from_civil(y, m, d))
        .collect();
    let candidates: Vec<(i32, u32, u32)> = match (known.iter().min(), known.iter().max()) {
        (Some(&lo), Some(&hi)) if hi - lo <= 60 => (lo - UNDATED_SLACK_DAYS
            ..=hi + UNDATED_SLACK_DAYS)
            .map(civil_from_days)
            .collect(),
        _ => Vec::new(),
    };
    let mut found: Vec<(TimelineEntry, Vec<String>)> = Vec::new();
    for (doc, pub_date) in docs.iter().zip(dates) {
        let dateline_end = dateline_span(doc);
        for sentence in &doc.sentences {
            let text = doc.sentence_text(sentence);
            let hits = match pub_date {
                Some(p) => dates_in(text, Some(p)),
                None => dates_for_any_of(text, &candidates),
            };
            for hit in hits {
                let (start, end) = (sentence.start + hit.start, sentence.start + hit.end);
                if dateline_end.is_some_and(|e| start < e) {
                    continue;
                }
                let entry = TimelineEntry {
                    date: hit.date,
                    precision: hit.precision,
                    what: text.to_owned(),
                    surface: doc.article.text[start..end].to_owned(),
                    articles: vec![doc.article.id.clone()],
                    occurrences: vec![Mention {
                        span: doc.span(start, end),
                        sentence: sentence.index,
                    }],
                };
                let stems = content_stems(text, &stemmer);
                merge_entry(&mut found, entry, stems);
            }
        }
    }
    let mut out: Vec<TimelineEntry> = found.into_iter().map(|(e, _)| e).collect();
    out.sort_by(|a, b| a.date.cmp(&b.date));
    out
}

/// Adds an entry, merging it into one of the same date whose sentence shares enough words.
fn merge_entry(
    found: &mut Vec<(TimelineEntry, Vec<String>)>,
    entry: TimelineEntry,
    stems: Vec<String>,
) {
    for (e, s) in found.iter_mut() {
        if e.date != entry.date || e.precision != entry.precision {
            continue;
        }
        let shared = stems.iter().filter(|w| s.contains(w)).count();
        let smaller = stems.len().min(s.len()).max(1);
        if shared * 3 >= smaller || e.articles.contains(&entry.articles[0]) && shared * 5 >= smaller
        {
            if !e.articles.contains(&entry.articles[0]) {
                e.articles.push(entry.articles[0].clone());
            }
            e.occurrences.extend(entry.occurrences);
            return;
        }
    }
    found.push((entry, stems));
}

/// Days before the earliest and after the latest known publication date of an event that an
/// undated article of the event may have been published.
const UNDATED_SLACK_DAYS: i64 = 7;

/// The dates of a sentence whose publication date is unknown: those that resolve the same for
/// every candidate publication date (all of them absolute ones, and relative ones coarse enough,
/// such as "last fall"); with no candidates, only dates that need no publication date.
fn dates_for_any_of(text: &str, candidates: &[(i32, u32, u32)]) -> Vec<Hit> {
    let Some((first, rest)) = candidates.split_first() else {
        return dates_in(text, None);
    };
    let mut hits = dates_in(text, Some(*first));
    for &c in rest {
        if hits.is_empty() {
            break;
        }
        let other = dates_in(text, Some(c));
        hits.retain(|h| {
            other
                .iter()
                .any(|o| o.start == h.start && o.date == h.date && o.precision == h.precision)
        });
    }
    hits
}

fn most_common(years: impl Iterator<Item = i32>) -> Option<i32> {
    let mut counts: HashMap<i32, usize> = HashMap::new();
    for y in years {
        *counts.entry(y).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(y, n)| (n, y))
        .map(|(y, _)| y)
}

const MONTH_NAMES: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";

fn month_number(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.').to_lowercase();
    let key = n.get(..3)?;
    const KEYS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let i = KEYS.iter().position(|&k| k == key)?;
    // "Mar" must not be a prefix of some other word: the regexes only match whole names.
    Some(i as u32 + 1)
}

fn weekday_number(name: &str) -> Option<u32> {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    DAYS.iter()
        .position(|&d| d == name.to_lowercase())
        .map(|i| i as u32)
}

static LABEL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:published|posted|updated|last updated|date)\b").expect("label pattern")
});

static FULL_DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:(?P<y1>\d{{4}})-(?P<m1>\d{{1,2}})-(?P<d1>\d{{1,2}})|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)? (?P<m2>{MONTH_NAMES})\.?,? (?P<y2>\d{{4}})|(?P<m3>{MONTH_NAMES})\.? (?P<d3>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<y3>\d{{4}})|(?P<d4>\d{{1,2}})\.(?P<m4>\d{{1,2}})\.(?P<y4>\d{{4}}))\b"
    ))
    .expect("full date pattern")
});

/// Every full date (day, month and year) in a string.
fn full_dates(s: &str) -> Vec<(i32, u32, u32)> {
    FULL_DATE_RE
        .captures_iter(s)
        .filter_map(|c| {
            let get = |k: &str| c.name(k).map(|m| m.as_str());
            let (y, m, d) = if let Some(y) = get("y1") {
                (y, get("m1")?.parse().ok()?, get("d1")?)
            } else if let Some(y) = get("y2") {
                (y, month_number(get("m2")?)?, get("d2")?)
            } else if let Some(y) = get("y3") {
                (y, month_number(get("m3")?)?, get("d3")?)
            } else {
                (get("y4")?, get("m4")?.parse().ok()?, get("d4")?)
            };
            let (y, d): (i32, u32) = (y.parse().ok()?, d.parse().ok()?);
            is_valid(y, m, d).then_some((y, m, d))
        })
        .collect()
}

fn first_full_date(s: &str) -> Option<(i32, u32, u32)> {
    full_dates(s).into_iter().next()
}

/// A publication time as given by an input: ISO 8601, RFC 2822, or a written date.
fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    if let Some(c) = ISO_RE.captures(s) {
        let (y, m, d) = (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
        return is_valid(y, m, d).then_some((y, m, d));
    }
    first_full_date(s)
}

static ISO_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:$|[T\s])").expect("ISO date pattern")
});

static DATELINE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[A-Z][A-Z .'/-]+(?:, [A-Z][A-Za-z .'-]+)?, (?P<m>{MONTH_NAMES})\.? (?P<d>\d{{1,2}})\b[^\n]{{0,60}}?(?:-|—|–|:)"
    ))
    .expect("dateline pattern")
});

/// Month and day of a dateline at the start of the first sentence.
fn dateline(doc: &Document) -> Option<(u32, u32)> {
    let first = doc.sentences.first()?;
    let c = DATELINE_RE.captures(doc.sentence_text(first))?;
    Some((month_number(&c["m"])?, c["d"].parse().ok()?))
}

/// End byte of the dateline, if the first sentence opens with one.
fn dateline_span(doc: &Document) -> Option<usize> {
    let first = doc.sentences.first()?;
    let m = DATELINE_RE.find(doc.sentence_text(first))?;
    Some(first.start + m.end())
}

/// One date expression found in a sentence, resolved.
struct Hit {
    start: usize,
    end: usize,
    date: String,
    precision: DatePrecision,
}

/// The pattern of a date or time expression in running text, between two word boundaries.
fn date_pattern() -> String {
    let wd = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";
    format!(
        concat!(
            r"\b(?:",
            r"(?P<fm>{m})\.? (?P<fd>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<fy>\d{{4}})",
            r"|(?P<gd>\d{{1,2}})(?:st|nd|rd|th)? (?P<gm>{m})\.?,? (?P<gy>\d{{4}})",
            r"|(?P<mym>{m})\.?,? (?P<myy>\d{{4}})",
            r"|(?P<dm>{m})\.? (?P<dd>\d{{1,2}})(?:st|nd|rd|th)?",
            r"|(?P<md>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<mm>{m})",
            r"|(?P<pm>(?:in|since|during|until|by|from|early|late|mid-|last|this|next|of) (?:{m}))",
            r"|(?P<season>(?:[Ll]ast|[Tt]his) (?:spring|summer|fall|autumn))",
            r"|(?P<rel>[Yy]esterday|[Ee]arlier today|[Ll]ater today|[Tt]omorrow|[Ll]ast night)",
            r"|(?P<week>[Ee]arlier (?:this|in the) week|[Ll]ast week)",
            r"|(?P<unit>(?:[Ll]ast|[Tt]his|[Nn]ext) (?:month|year))",
            r"|(?P<wd>{wd})(?P<wdate>,? (?:{m})\.? \d)?",
            r"|(?P<yp>(?:in|since|from|until|by|during|of|the|early|late|mid-|and|or|between|after|before|[Ii]n|[Ss]ince|[Bb]y) (?P<y>(?:1[89]|20)\d\d))",
            r")\b"
        ),
        m = MONTH_NAMES,
        wd = wd
    )
}

/// [`date_pattern`] with Unicode word boundaries: the definition of what a date is.
static DATE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&date_pattern()).expect("date pattern"));

/// [`date_pattern`] with ASCII word boundaries, which the regex engine's DFA can run on any
/// text. A Unicode word boundary stops it at the first non-ASCII byte (a typographic quote or
/// dash, in most news sentences), leaving a backtracking search over the whole sentence:
/// that was a tenth of the time of computing reports.
static DATE_RE_ASCII: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&date_pattern().replace(r"\b", r"(?-u:\b)")).expect("date pattern")
});

/// One character that is a Unicode word character (`\w`).
static WORD_CHAR_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\w$").expect("word character pattern"));

/// A digit other than 0-9 (`\d` is Unicode's).
static OTHER_DIGIT_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\d&&[^0-9]]").expect("digit pattern"));

/// The matches of [`DATE_RE`] in `text`, found with [`DATE_RE_ASCII`].
///
/// In a text whose digits are all 0-9, every path through the pattern begins and ends with an
/// ASCII letter or digit, so an ASCII boundary holds wherever a Unicode one does, and the ASCII
/// pattern accepts every match the Unicode one accepts. When the match it prefers also has
/// Unicode boundaries at both ends, it is the Unicode pattern's preferred match too. So when all
/// its matches pass that check they are [`DATE_RE`]'s; otherwise (a date glued to a non-ASCII
/// letter, as in Turkish "10 Mayıs", or other digits in the text) the sentence is searched
/// again with [`DATE_RE`].
fn date_captures(text: &str) -> Vec<regex::Captures<'_>> {
    if !text.is_ascii() && OTHER_DIGIT_RE.is_match(text) {
        return DATE_RE.captures_iter(text).collect();
    }
    let found: Vec<regex::Captures<'_>> = DATE_RE_ASCII.captures_iter(text).collect();
    let unicode_bounded = |c: &regex::Captures<'_>| {
        let whole = c.get(0).expect("match");
        let (head, tail) = (&text[..whole.start()], &text[whole.end()..]);
        let is_word = |c: Option<char>| {
            c.is_some_and(|c| {
                if c.is_ascii() {
                    c.is_ascii_alphanumeric() || c == '_'
                } else {
                    WORD_CHAR_RE.is_match(c.encode_utf8(&mut [0; 4]))
                }
            })
        };
        is_word(head.chars().next_back()) != is_word(whole.as_str().chars().next())
            && is_word(whole.as_str().chars().next_back()) != is_word(tail.chars().next())
    };
    if text.is_ascii() || found.iter().all(unicode_bounded) {
        found
    } else {
        DATE_RE.captures_iter(text).collect()
    }
}

static AFTER_MONTH_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\.?,? (?:(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,? (?P<y>\d{4}))?|(?P<y2>\d{4}))\b")
        .expect("after-month pattern")
});

static NEXT_WORD_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ ([a-z]+)").expect("next-word pattern"));

static FUTURE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:will|would|'ll|shall|is due|are due|is expected|are expected|is scheduled|are scheduled|is set to|are set to|plans? to|promise[sd]? to|intends? to|aims? to|next)\b")
        .expect("future pattern")
});

/// The resolved date expressions of one sentence.
fn dates_in(text: &str, pub_date: Option<(i32, u32, u32)>) -> Vec<Hit> {
    let pub_days = pub_date.map(|(y, m, d)| days_from_civil(y, m, d));
    let year_base = pub_date.map(|(y, _, _)| y);
    let found = date_captures(text);
    let has_weekday = found
        .iter()
        .any(|c| c.name("wd").is_some() && c.name("wdate").is_none());
    let mut out = Vec::new();
    for c in found {
        let whole = c.get(0).expect("match");
        let (start, mut end) = (whole.start(), whole.end());
        let future = FUTURE_RE.is_match(&text[..start]);
        let day = |y: i32, m: u32, d: u32| {
            is_valid(y, m, d).then(|| (format!("{y:04}-{m:02}-{d:02}"), DatePrecision::Day))
        };
        let month = |y: i32, m: u32| (format!("{y:04}-{m:02}"), DatePrecision::Month);
        let year = |y: i32| (format!("{y:04}"), DatePrecision::Year);
        // The year of a day or month given without one.
        let infer_year = |m: u32, d: u32| -> Option<i32> {
            let y = year_base?;
            match pub_date {
                Some((_, pm, pd)) if !future && (m, d) > (pm, pd) => Some(y - 1),
                _ => Some(y),
            }
        };
        let num = |k: &str| c.name(k).and_then(|x| x.as_str().parse::<u32>().ok());
        let resolved = if let (Some(m), Some(d), Some(y)) = (
            c.name("fm").and_then(|x| month_number(x.as_str())),
            num("fd"),
            num("fy"),
        ) {
            day(y as i32, m, d)
        } else if let (Some(m), Some(d), Some(y)) = (
            c.name("gm").and_then(|x| month_number(x.as_str())),
            num("gd"),
            num("gy"),
        ) {
            day(y as i32, m, d)
        } else if let (Some(m), Some(y)) = (
            c.name("mym").and_then(|x| month_number(x.as_str())),
            num("myy"),
        ) {
            Some(month(y as i32, m))
        } else if let (Some(m), Some(d)) = (
            c.name("dm").and_then(|x| month_number(x.as_str())),
            num("dd"),
        ) {
            infer_year(m, d).and_then(|y| day(y, m, d))
        } else if let (Some(m), Some(d)) = (
            c.name("mm").and_then(|x| month_number(x.as_str())),
            num("md"),
        ) {
            infer_year(m, d).and_then(|y| day(y, m, d))
        } else if let Some(p) = c.name("pm") {
            let words: Vec<&str> = p.as_str().split(' ').collect();
            let m = words.last().and_then(|w| month_number(w));
            let rest = AFTER_MONTH_RE.captures(&text[end..]);
            let rest_day = rest
                .as_ref()
                .and_then(|r| r.name("d"))
                .and_then(|x| x.as_str().parse::<u32>().ok());
            let rest_year = rest
                .as_ref()
                .and_then(|r| r.name("y").or(r.name("y2")))
                .and_then(|x| x.as_str().parse::<i32>().ok());
            if let Some(r) = &rest {
                end += r.get(0).map_or(0, |x| x.end());
            }
            match (words[0], m) {
                (_, Some(m)) if rest_day.is_some() => {
                    let d = rest_day.unwrap_or(1);
                    rest_year
                        .or_else(|| infer_year(m, d))
                        .and_then(|y| day(y, m, d))
                }
                (_, Some(m)) if rest_year.is_some() => rest_year.map(|y| month(y, m)),
                // "May" after "in" is a month; the modal verb never follows these words.
                (_, None) => None,
                ("last", Some(m)) => infer_year(m, 31).map(|y| month(y, m)),
                ("next", Some(m)) => year_base.map(|y| {
                    let y = match pub_date {
                        Some((_, pm, _)) if m <= pm => y + 1,
                        _ => y,
                    };
                    month(y, m)
                }),
                (_, Some(m)) => infer_year(m, 1).map(|y| month(y, m)),
            }
        } else if let Some(s) = c.name("season") {
            let s = s.as_str().to_lowercase();
            pub_date.and_then(|(y, pm, _)| {
                let (first, last) = match s.split(' ').nth(1)? {
                    "spring" => (3, 5),
                    "summer" => (6, 8),
                    _ => (9, 11),
                };
                if s.starts_with("this") {
                    Some(year(y))
                } else if pm <= last {
                    // The season has not ended yet this year: "last" is the one before.
                    let _ = first;
                    Some(year(y - 1))
                } else {
                    Some(year(y))
                }
            })
        } else if let Some(r) = c.name("rel") {
            let shift = match r.as_str().to_lowercase().as_str() {
                "yesterday" | "last night" => -1,
                "tomorrow" => 1,
                _ => 0,
            };
            pub_days.and_then(|p| {
                let (y, m, d) = civil_from_days(p + shift);
                day(y, m, d)
            })
        } else if c.name("week").is_some() {
            if has_weekday {
                None
            } else {
                pub_days.and_then(|p| {
                    let monday = p - i64::from(weekday(p));
                    let lower = c["week"].to_lowercase();
                    let (a, b) = if lower.starts_with("last") {
                        (monday - 7, monday - 1)
                    } else {
                        (monday, p)
                    };
                    let (ya, ma, _) = civil_from_days(a);
                    let (yb, mb, _) = civil_from_days(b);
                    ((ya, ma) == (yb, mb)).then(|| month(ya, ma))
                })
            }
        } else if let Some(u) = c.name("unit") {
            let lower = u.as_str().to_lowercase();
            pub_date.map(|(y, m, _)| {
                let shift: i32 = if lower.starts_with("last") {
                    -1
                } else if lower.starts_with("next") {
                    1
                } else {
                    0
                };
                if lower.ends_with("year") {
                    year(y + shift)
                } else {
                    let total = y * 12 + (m as i32 - 1) + shift;
                    month(total.div_euclid(12), (total.rem_euclid(12) + 1) as u32)
                }
            })
        } else if let Some(w) = c.name("wd") {
            if c.name("wdate").is_some() {
                None
            } else {
                let target = weekday_number(w.as_str()).unwrap_or(0);
                let before = text[..start].to_lowercase();
                let past = before.ends_with("since ") || before.ends_with("last ");
                let future = !past && (future || before.ends_with("from "));
                pub_days.and_then(|p| {
                    let today = weekday(p);
                    let delta = if future {
                        i64::from((target + 7 - today) % 7)
                    } else {
                        -i64::from((today + 7 - target) % 7)
                    };
                    let (y, m, d) = civil_from_days(p + delta);
                    day(y, m, d)
                })
            }
        } else if let Some(y) = num("y") {
            // "2000 protesters" is a count, not a year.
            let counted = NEXT_WORD_RE
                .captures(&text[end..])
                .is_some_and(|n| n[1].ends_with('s') && !n[1].ends_with("ss"));
            let start_of_year = c.name("y").map_or(start, |m| m.start());
            let end_of_year = c.name("y").map_or(end, |m| m.end());
            if counted {
                None
            } else {
                out.push(Hit {
                    start: start_of_year,
                    end: end_of_year,
                    date: format!("{y:04}"),
                    precision: DatePrecision::Year,
                });
                None
            }
        } else {
            None
        };
        if let Some((date, precision)) = resolved {
            out.push(Hit {
                start,
                end,
                date,
                precision,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests;
