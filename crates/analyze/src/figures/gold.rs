//! Test support: builds [`Document`]s from annotated `.txt` events (the seeds under `../shared`,
//! the built-in example) and scores figures, disagreements and timeline with the matching rules
//! of the annotation README, until the official scorer lands.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use model::{
    Article, ArticleId, Disagreement, Document, Figure, Origin, RemovedLine, Sentence,
    TimelineEntry,
};
use segment::{Stemmer, is_stopword, split_sentences_in};
use serde_json::Value;

/// One annotated event: its documents and its gold annotation.
pub(crate) struct Event {
    pub(crate) name: String,
    pub(crate) docs: Vec<Document>,
    pub(crate) gold: Value,
}

/// The workspace root (two levels above this crate).
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The seeds event, or `None` (with a message) when `../shared` is absent.
pub(crate) fn seeds(with_dates: bool) -> Option<Event> {
    let shared = workspace().join("../shared");
    let ann = shared.join("annotations/seeds.json");
    if !ann.exists() {
        eprintln!("skipping: {} is absent", ann.display());
        return None;
    }
    load(&shared.join("seeds"), &ann, with_dates)
}

/// The built-in example event.
pub(crate) fn example(with_dates: bool) -> Option<Event> {
    let root = workspace().join("examples");
    let ann = root.join("annotations/port-aurel-dam.json");
    if !ann.exists() {
        eprintln!("skipping: {} is absent", ann.display());
        return None;
    }
    load(&root.join("port-aurel-dam"), &ann, with_dates)
}

fn load(dir: &Path, ann: &Path, with_dates: bool) -> Option<Event> {
    let gold: Value = serde_json::from_str(&std::fs::read_to_string(ann).ok()?).ok()?;
    let mut docs = Vec::new();
    for a in gold["articles"].as_array()? {
        let id = a["id"].as_str()?;
        let raw = std::fs::read_to_string(dir.join(format!("{id}.txt"))).ok()?;
        let noise: HashSet<&str> = gold["noise"]
            .as_array()?
            .iter()
            .filter(|n| n["article"].as_str() == Some(id))
            .filter_map(|n| n["line"].as_str())
            .collect();
        let time = if with_dates {
            a["published"].as_str().map(str::to_owned)
        } else {
            None
        };
        docs.push(document(id, &raw, &noise, time));
    }
    Some(Event {
        name: gold["name"].as_str().unwrap_or("event").to_owned(),
        docs,
        gold,
    })
}

/// A document from a `.txt` file: first non-empty line is the title, the rest is the text; noise
/// lines are removed, blank lines split paragraphs.
pub(crate) fn document(
    id: &str,
    raw: &str,
    noise: &HashSet<&str>,
    time: Option<String>,
) -> Document {
    let mut offset = 0;
    let mut title = String::new();
    for line in raw.split_inclusive('\n') {
        offset += line.len();
        if !line.trim().is_empty() {
            title = line.trim().to_owned();
            break;
        }
    }
    let text = raw[offset..].to_owned();
    let mut kept = Vec::new();
    let mut removed = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let (s, e) = (pos, pos + body.len());
        pos += line.len();
        let trimmed = body.trim();
        if trimmed.is_empty() {
            continue;
        }
        if noise.contains(trimmed) {
            removed.push(RemovedLine {
                start: s,
                end: e,
                reason: "gold-noise".to_owned(),
            });
        } else {
            kept.push(s..e);
        }
    }
    let paragraphs = segment::paragraphs(&text, &kept);
    let mut sentences = Vec::new();
    for (p, range) in paragraphs.iter().enumerate() {
        for r in split_sentences_in(&text, range.clone()) {
            sentences.push(Sentence {
                index: sentences.len(),
                start: r.start,
                end: r.end,
                paragraph: p,
            });
        }
    }
    Document {
        article: Article {
            meta: Default::default(),
            id: ArticleId(id.to_owned()),
            title,
            text,
            url: None,
            source: None,
            time,
            origin: Origin::default(),
        },
        paragraphs,
        removed,
        removed_title: None,
        sentences,
    }
}

/// Normalization of the README: lowercase, quotes folded, hyphens and slashes to spaces, other
/// punctuation dropped.
pub(crate) fn normalize(s: &str) -> String {
    let mut out = String::new();
    for c in s.to_lowercase().chars() {
        match c {
            '-' | '\u{2010}'..='\u{2015}' | '/' => out.push(' '),
            c if c.is_alphanumeric() || c.is_whitespace() => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn stems(s: &str, stemmer: &Stemmer) -> HashSet<String> {
    normalize(s)
        .split_whitespace()
        .filter(|t| !is_stopword(t))
        .map(|t| stemmer.stem(t).into_owned())
        .collect()
}

/// Precision, recall, F1 and counts.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Prf {
    pub(crate) tp: usize,
    pub(crate) predicted: usize,
    pub(crate) gold: usize,
}

impl Prf {
    pub(crate) fn p(&self) -> f64 {
        if self.predicted == 0 {
            0.0
        } else {
            self.tp as f64 / self.predicted as f64
        }
    }
    pub(crate) fn r(&self) -> f64 {
        if self.gold == 0 {
            0.0
        } else {
            self.tp as f64 / self.gold as f64
        }
    }
    pub(crate) fn f1(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    pub(crate) fn line(&self, what: &str) -> String {
        format!(
            "{what}: P {:.3} R {:.3} F1 {:.3} (tp {}, predicted {}, gold {})",
            self.p(),
            self.r(),
            self.f1(),
            self.tp,
            self.predicted,
            self.gold
        )
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.005 * b.abs().max(a.abs())
}

fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

/// Whether a predicted figure's value matches a gold figure's; `Some(true)` when exact in kind.
fn value_match(p: &Figure, g: &Value) -> Option<bool> {
    let (gv, gl, gh) = (num(&g["value"]), num(&g["low"]), num(&g["high"]));
    match (p.value, gv, gl, gh) {
        (Some(v), Some(x), _, _) => close(v, x).then_some(true),
        (Some(v), None, Some(l), Some(h)) => (close(v, l) || close(v, h)).then_some(false),
        (None, None, Some(l), Some(h)) => (close(p.low?, l) && close(p.high?, h)).then_some(true),
        _ => None,
    }
}

fn figure_match(p: &Figure, g: &Value, stemmer: &Stemmer) -> Option<(bool, usize)> {
    let exact = value_match(p, g)?;
    let gs = stems(g["counts"].as_str().unwrap_or(""), stemmer);
    let ps = stems(&p.counts, stemmer);
    let overlap = gs.intersection(&ps).count();
    (overlap > 0).then_some((exact, overlap))
}

/// Predicted figures deduplicated by (value, article set), as the scorer counts them.
fn dedup(figures: &[Figure]) -> Vec<&Figure> {
    let mut seen = HashSet::new();
    figures
        .iter()
        .filter(|f| {
            let mut arts: Vec<&str> = f.articles.iter().map(ArticleId::as_str).collect();
            arts.sort();
            seen.insert(format!(
                "{:?}/{:?}/{:?}/{}",
                f.value,
                f.low,
                f.high,
                arts.join(",")
            ))
        })
        .collect()
}

/// Figure P/R/F1 with the 1:1 greedy matching; prints the misses when `verbose`.
pub(crate) fn score_figures(figures: &[Figure], gold: &Value, verbose: bool) -> Prf {
    score_figures_with(dedup(figures), gold, verbose)
}

/// Figure P/R/F1 counting every predicted figure entry, even two with the same value and
/// article set (which the README's rule counts once).
pub(crate) fn score_figure_entries(figures: &[Figure], gold: &Value) -> Prf {
    score_figures_with(figures.iter().collect(), gold, false)
}

fn score_figures_with(preds: Vec<&Figure>, gold: &Value, verbose: bool) -> Prf {
    let stemmer = Stemmer::new();
    let golds = gold["figures"].as_array().cloned().unwrap_or_default();
    let mut pairs = Vec::new();
    for (i, p) in preds.iter().enumerate() {
        for (j, g) in golds.iter().enumerate() {
            if let Some((exact, overlap)) = figure_match(p, g, &stemmer) {
                pairs.push((exact, overlap, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    let (mut used_p, mut used_g) = (HashSet::new(), HashSet::new());
    for (_, _, i, j) in pairs {
        if !used_p.contains(&i) && !used_g.contains(&j) {
            used_p.insert(i);
            used_g.insert(j);
        }
    }
    if verbose {
        for (j, g) in golds.iter().enumerate() {
            if !used_g.contains(&j) {
                eprintln!(
                    "  missed gold: {} {} | {}",
                    g["surface"], g["value"], g["counts"]
                );
            }
        }
        for (i, p) in preds.iter().enumerate() {
            if !used_p.contains(&i) {
                eprintln!(
                    "  extra: {:?} {:?}-{:?} {:?} | {} | {:?} [{}]",
                    p.value, p.low, p.high, p.surface, p.counts, p.articles, p.group
                );
            }
        }
    }
    Prf {
        tp: used_p.len(),
        predicted: preds.len(),
        gold: golds.len(),
    }
}

/// Disagreement P/R/F1: a predicted group matches a gold group when two of its figures match two
/// gold figures of different values in that gold group.
pub(crate) fn score_disagreements(
    figures: &[Figure],
    disagreements: &[Disagreement],
    gold: &Value,
    verbose: bool,
) -> Prf {
    let stemmer = Stemmer::new();
    let golds = gold["disagreements"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let gold_figs = gold["figures"].as_array().cloned().unwrap_or_default();
    let mut used = HashSet::new();
    let mut tp = 0;
    for d in disagreements {
        let members: Vec<&Figure> = figures.iter().filter(|f| f.group == d.group).collect();
        let hit = golds.iter().enumerate().find(|(j, gd)| {
            if used.contains(j) {
                return false;
            }
            let in_group: Vec<&Value> = gold_figs
                .iter()
                .filter(|g| g["group"] == gd["group"])
                .collect();
            members.iter().enumerate().any(|(a, pa)| {
                members.iter().skip(a + 1).any(|pb| {
                    in_group.iter().any(|ga| {
                        in_group.iter().any(|gb| {
                            ga["value"] != gb["value"]
                                && figure_match(pa, ga, &stemmer).is_some()
                                && figure_match(pb, gb, &stemmer).is_some()
                        })
                    })
                })
            })
        });
        match hit {
            Some((j, _)) => {
                used.insert(j);
                tp += 1;
            }
            None if verbose => {
                let vals: Vec<String> = d
                    .values
                    .iter()
                    .map(|s| format!("{:?}/{:?}-{:?} {:?}", s.value, s.low, s.high, s.articles))
                    .collect();
                eprintln!(
                    "  extra disagreement [{}] {}: {}",
                    d.group,
                    d.counts,
                    vals.join("; ")
                );
            }
            None => {}
        }
    }
    if verbose {
        for (j, g) in golds.iter().enumerate() {
            if !used.contains(&j) {
                eprintln!("  missed disagreement: {} ({})", g["group"], g["counts"]);
            }
        }
    }
    Prf {
        tp,
        predicted: disagreements.len(),
        gold: golds.len(),
    }
}

/// Timeline P/R/F1 over distinct (date, precision) pairs.
pub(crate) fn score_timeline(entries: &[TimelineEntry], gold: &Value, verbose: bool) -> Prf {
    let pred: HashSet<(String, String)> = entries
        .iter()
        .map(|e| {
            let p = serde_json::to_value(e.precision).unwrap_or_default();
            (e.date.clone(), p.as_str().unwrap_or_default().to_owned())
        })
        .collect();
    let gold: HashSet<(String, String)> = gold["timeline"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|t| {
            (
                t["date"].as_str().unwrap_or_default().to_owned(),
                t["precision"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    if verbose {
        let mut missed: Vec<_> = gold.difference(&pred).collect();
        missed.sort();
        let mut extra: Vec<_> = pred.difference(&gold).collect();
        extra.sort();
        for m in missed {
            eprintln!("  missed date: {m:?}");
        }
        for e in extra {
            let why: Vec<String> = entries
                .iter()
                .filter(|x| x.date == e.0)
                .map(|x| format!("{:?} in {:?}", x.surface, x.articles))
                .collect();
            eprintln!("  extra date: {e:?} {}", why.join("; "));
        }
    }
    Prf {
        tp: pred.intersection(&gold).count(),
        predicted: pred.len(),
        gold: gold.len(),
    }
}

/// The articles of a fixture: `#` lines are comments (`# published: YYYY-MM-DD` sets the
/// publication time of every article), `---` lines separate articles.
pub(crate) fn fixture_documents(raw: &str) -> Vec<Document> {
    let mut time = None;
    let mut body = String::new();
    for line in raw.lines() {
        if let Some(c) = line.strip_prefix('#') {
            if let Some(t) = c.trim().strip_prefix("published:") {
                time = Some(t.trim().to_owned());
            }
            continue;
        }
        body.push_str(line);
        body.push('\n');
    }
    body.split("\n---\n")
        .enumerate()
        .map(|(i, text)| {
            let paragraphs = text.trim().replace('\n', "\n\n");
            document(
                &format!("{i}"),
                &format!("Article {i}\n\n{paragraphs}"),
                &HashSet::new(),
                time.clone(),
            )
        })
        .collect()
}

/// Compares `actual` with the `.expected` file beside `fixture`, or writes it when
/// `UPDATE_EXPECT=1`.
pub(crate) fn check_expected(fixture: &Path, actual: &str) {
    let expected_path = fixture.with_extension("expected");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&expected_path, actual).expect("write .expected");
        return;
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    assert_eq!(
        expected,
        actual,
        "{} differs (rerun with UPDATE_EXPECT=1 to accept)",
        expected_path.display()
    );
}

/// The fixtures of one folder under `test_data/`, sorted.
pub(crate) fn fixtures(folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("test_data")
        .join(folder);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}
