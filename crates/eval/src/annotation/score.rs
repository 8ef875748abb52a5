//! The matching rules of `shared/annotations/README.md`, section by section, and the scores they
//! give: P/R/F1 per section with the counts behind them, per file and micro-averaged over files.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::normalize::{normalize, stems, tokens};
use super::{Annotation, EntityEntry, FigureEntry};
use crate::prf;

/// The least token F1 at which two quote texts match.
const QUOTE_MIN_F1: f64 = 0.7;
/// The relative tolerance within which two figure values are equal.
const FIGURE_TOLERANCE: f64 = 0.005;

/// Matched, predicted and gold item counts of one section, and the P/R/F1 they give.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct SectionScore {
    /// Matched pairs (true positives).
    pub matched: usize,
    /// Predicted items.
    pub predicted: usize,
    /// Gold items.
    pub gold: usize,
    /// `matched / predicted` (0 when nothing was predicted).
    pub precision: f64,
    /// `matched / gold` (0 when there is no gold item).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl SectionScore {
    /// The score of `matched` pairs out of `predicted` and `gold` items.
    pub fn new(matched: usize, predicted: usize, gold: usize) -> SectionScore {
        let p = prf(matched, predicted, gold);
        SectionScore {
            matched,
            predicted,
            gold,
            precision: p.precision,
            recall: p.recall,
            f1: p.f1,
        }
    }

    /// The micro-average of two scores: counts summed, then P/R/F1 recomputed.
    pub fn merge(&self, other: &SectionScore) -> SectionScore {
        SectionScore::new(
            self.matched + other.matched,
            self.predicted + other.predicted,
            self.gold + other.gold,
        )
    }
}

/// A share: `found` out of `total` (0 when `total` is 0).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Ratio {
    /// Items found.
    pub found: usize,
    /// Items there were to find.
    pub total: usize,
    /// `found / total`.
    pub value: f64,
}

impl Ratio {
    /// `found` out of `total`.
    pub fn new(found: usize, total: usize) -> Ratio {
        let value = if total == 0 {
            0.0
        } else {
            found as f64 / total as f64
        };
        Ratio {
            found,
            total,
            value,
        }
    }

    fn merge(&self, other: &Ratio) -> Ratio {
        Ratio::new(self.found + other.found, self.total + other.total)
    }
}

/// A mean over `count` values summing to `sum` (0 when `count` is 0).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Mean {
    /// Sum of the values.
    pub sum: f64,
    /// Number of values.
    pub count: usize,
    /// `sum / count`.
    pub mean: f64,
}

impl Mean {
    /// The mean of `count` values summing to `sum`.
    pub fn new(sum: f64, count: usize) -> Mean {
        let mean = if count == 0 { 0.0 } else { sum / count as f64 };
        Mean { sum, count, mean }
    }

    fn merge(&self, other: &Mean) -> Mean {
        Mean::new(self.sum + other.sum, self.count + other.count)
    }
}

/// Entity scores.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct EntityScores {
    /// P/R/F1 over entities (1:1 greedy matching).
    #[serde(flatten)]
    pub score: SectionScore,
    /// Over matched pairs: gold aliases (normalized, deduplicated) found among the predicted
    /// entity's name and aliases.
    pub alias_recall: Ratio,
}

/// Quote scores.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct QuoteScores {
    /// Direct quotes only (both sides restricted to `direct`).
    pub direct: SectionScore,
    /// Reported quotes only.
    pub reported: SectionScore,
    /// All quotes, kind ignored.
    pub all: SectionScore,
    /// Mean Jaccard of the `articles` sets over the pairs matched in `all`.
    pub article_jaccard: Mean,
}

/// Figure scores.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct FigureScores {
    /// P/R/F1 over figure entries (one per distinct value, article set and counted thing).
    #[serde(flatten)]
    pub score: SectionScore,
    /// Share of the (gold figure, article) pairs that a matched predicted figure also lists.
    pub article_recall: Ratio,
}

/// Every section's score for one event file, or micro-averaged over files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    /// Entities.
    pub entities: EntityScores,
    /// Quotes.
    pub quotes: QuoteScores,
    /// Figures.
    pub figures: FigureScores,
    /// Disagreements.
    pub disagreements: SectionScore,
    /// Framing labels: (article, stemmed term) pairs.
    pub labels: SectionScore,
    /// Timeline: (date truncated to its precision, precision) pairs.
    pub timeline: SectionScore,
    /// Noise: (article, normalized line) pairs.
    pub noise: SectionScore,
}

impl Scores {
    /// The micro-average of two scores: every count summed, every ratio recomputed.
    pub fn merge(&self, other: &Scores) -> Scores {
        Scores {
            entities: EntityScores {
                score: self.entities.score.merge(&other.entities.score),
                alias_recall: self
                    .entities
                    .alias_recall
                    .merge(&other.entities.alias_recall),
            },
            quotes: QuoteScores {
                direct: self.quotes.direct.merge(&other.quotes.direct),
                reported: self.quotes.reported.merge(&other.quotes.reported),
                all: self.quotes.all.merge(&other.quotes.all),
                article_jaccard: self
                    .quotes
                    .article_jaccard
                    .merge(&other.quotes.article_jaccard),
            },
            figures: FigureScores {
                score: self.figures.score.merge(&other.figures.score),
                article_recall: self
                    .figures
                    .article_recall
                    .merge(&other.figures.article_recall),
            },
            disagreements: self.disagreements.merge(&other.disagreements),
            labels: self.labels.merge(&other.labels),
            timeline: self.timeline.merge(&other.timeline),
            noise: self.noise.merge(&other.noise),
        }
    }
}

/// One event file's scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileScores {
    /// The gold file's `name`.
    pub name: String,
    /// Its scores.
    #[serde(flatten)]
    pub scores: Scores,
}

/// Scores over several event files.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AnnotationScores {
    /// Micro-average: counts summed over files, then P/R/F1.
    pub micro: Scores,
    /// Each file's scores, in input order.
    pub files: Vec<FileScores>,
}

/// Scores (gold, predicted) pairs of event files: each file, and the micro-average over them.
pub fn score_files<'a>(
    pairs: impl IntoIterator<Item = (&'a Annotation, &'a Annotation)>,
) -> AnnotationScores {
    let mut all = AnnotationScores::default();
    for (gold, predicted) in pairs {
        let scores = score(gold, predicted);
        all.micro = all.micro.merge(&scores);
        all.files.push(FileScores {
            name: gold.name.clone(),
            scores,
        });
    }
    all
}

/// Scores one predicted event file against its gold file, section by section.
pub fn score(gold: &Annotation, predicted: &Annotation) -> Scores {
    Scores {
        entities: score_entities(&gold.entities, &predicted.entities),
        quotes: score_quotes(gold, predicted),
        figures: score_figures(&gold.figures, &predicted.figures),
        disagreements: score_disagreements(gold, predicted),
        labels: set_score(&label_set(gold), &label_set(predicted)),
        timeline: set_score(&timeline_set(gold), &timeline_set(predicted)),
        noise: set_score(&noise_set(gold), &noise_set(predicted)),
    }
}

// ---------------------------------------------------------------------------------------------
// Entities

/// The normalized, non-empty forms of a name and its aliases.
fn name_set(name: &str, aliases: &[String]) -> HashSet<String> {
    std::iter::once(name)
        .chain(aliases.iter().map(String::as_str))
        .map(normalize)
        .filter(|n| !n.is_empty())
        .collect()
}

/// Whether two entities match: the name or an alias of one equals, after normalization, the name
/// or an alias of the other.
pub fn entity_names_match(a: &EntityEntry, b: &EntityEntry) -> bool {
    !name_set(&a.name, &a.aliases).is_disjoint(&name_set(&b.name, &b.aliases))
}

/// The 1:1 greedy entity matching: gold entities in file order, each taking the first unmatched
/// predicted entity whose name normalizes to its own, or failing that the first unmatched one
/// that matches by any name or alias. Returns (gold index, predicted index) pairs.
pub fn match_entities(gold: &[EntityEntry], predicted: &[EntityEntry]) -> Vec<(usize, usize)> {
    let pred_names: Vec<String> = predicted.iter().map(|p| normalize(&p.name)).collect();
    let pred_sets: Vec<HashSet<String>> = predicted
        .iter()
        .map(|p| name_set(&p.name, &p.aliases))
        .collect();
    let mut taken = vec![false; predicted.len()];
    let mut pairs = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        let name = normalize(&g.name);
        let set = name_set(&g.name, &g.aliases);
        let exact = (0..predicted.len())
            .find(|&pi| !taken[pi] && !name.is_empty() && pred_names[pi] == name);
        let any =
            || (0..predicted.len()).find(|&pi| !taken[pi] && !set.is_disjoint(&pred_sets[pi]));
        if let Some(pi) = exact.or_else(any) {
            taken[pi] = true;
            pairs.push((gi, pi));
        }
    }
    pairs
}

fn score_entities(gold: &[EntityEntry], predicted: &[EntityEntry]) -> EntityScores {
    let pairs = match_entities(gold, predicted);
    let (mut found, mut total) = (0, 0);
    for &(gi, pi) in &pairs {
        let g = &gold[gi];
        let p = &predicted[pi];
        let pred_set = name_set(&p.name, &p.aliases);
        let gold_aliases: HashSet<String> = g
            .aliases
            .iter()
            .map(|a| normalize(a))
            .filter(|a| !a.is_empty())
            .collect();
        total += gold_aliases.len();
        found += gold_aliases
            .iter()
            .filter(|a| pred_set.contains(*a))
            .count();
    }
    EntityScores {
        score: SectionScore::new(pairs.len(), predicted.len(), gold.len()),
        alias_recall: Ratio::new(found, total),
    }
}

// ---------------------------------------------------------------------------------------------
// Quotes

/// Token F1 of two texts: bag-of-tokens overlap (with multiplicity) of their normalized forms.
pub fn token_f1(a: &str, b: &str) -> f64 {
    let (a, b) = (tokens(a), tokens(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for t in &a {
        *counts.entry(t).or_default() += 1;
    }
    let mut overlap = 0;
    for t in &b {
        if let Some(n) = counts.get_mut(t.as_str()).filter(|n| **n > 0) {
            *n -= 1;
            overlap += 1;
        }
    }
    prf(overlap, a.len(), b.len()).f1
}

/// The names a quote's speaker may go by: the speaker string, and the name and aliases of the
/// entity of the same annotation whose name is that string (exactly, else after normalization).
fn speaker_set(speaker: &str, entities: &[EntityEntry]) -> HashSet<String> {
    let norm = normalize(speaker);
    let entity = entities
        .iter()
        .find(|e| e.name == speaker)
        .or_else(|| entities.iter().find(|e| normalize(&e.name) == norm));
    let mut set = match entity {
        Some(e) => name_set(&e.name, &e.aliases),
        None => HashSet::new(),
    };
    if !norm.is_empty() {
        set.insert(norm);
    }
    set
}

/// The 1:1 greedy quote matching of `predicted` against `gold`, both restricted to `kind`
/// (`"direct"`, `"reported"`) when given. A pair is a candidate when the speakers match by the
/// entity rule and the token F1 of the texts is at least 0.7; candidates are taken in descending
/// F1 order (ties in gold, then predicted, order). Returns (gold index, predicted index, F1).
pub fn match_quotes(
    gold: &Annotation,
    predicted: &Annotation,
    kind: Option<&str>,
) -> Vec<(usize, usize, f64)> {
    let keep = |k: &str| kind.is_none_or(|want| k.trim().eq_ignore_ascii_case(want));
    let gold_speakers: Vec<Option<HashSet<String>>> = gold
        .quotes
        .iter()
        .map(|q| keep(&q.kind).then(|| speaker_set(&q.speaker, &gold.entities)))
        .collect();
    let pred_speakers: Vec<Option<HashSet<String>>> = predicted
        .quotes
        .iter()
        .map(|q| keep(&q.kind).then(|| speaker_set(&q.speaker, &predicted.entities)))
        .collect();
    let mut candidates = Vec::new();
    for (gi, g) in gold.quotes.iter().enumerate() {
        let Some(gs) = &gold_speakers[gi] else {
            continue;
        };
        for (pi, p) in predicted.quotes.iter().enumerate() {
            let Some(ps) = &pred_speakers[pi] else {
                continue;
            };
            if gs.is_disjoint(ps) {
                continue;
            }
            let f1 = token_f1(&p.text, &g.text);
            // The epsilon keeps an F1 of exactly 0.7 (say 7 of 10 tokens both ways) a match
            // whatever the rounding of the division.
            if f1 + 1e-12 >= QUOTE_MIN_F1 {
                candidates.push((gi, pi, f1));
            }
        }
    }
    candidates.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    greedy(candidates, |&(gi, pi, _)| (gi, pi))
}

fn score_quotes(gold: &Annotation, predicted: &Annotation) -> QuoteScores {
    let count = |a: &Annotation, kind: &str| {
        a.quotes
            .iter()
            .filter(|q| q.kind.trim().eq_ignore_ascii_case(kind))
            .count()
    };
    let section = |kind: &str| {
        SectionScore::new(
            match_quotes(gold, predicted, Some(kind)).len(),
            count(predicted, kind),
            count(gold, kind),
        )
    };
    let all = match_quotes(gold, predicted, None);
    let jaccard: f64 = all
        .iter()
        .map(|&(gi, pi, _)| jaccard(&gold.quotes[gi].articles, &predicted.quotes[pi].articles))
        .sum();
    QuoteScores {
        direct: section("direct"),
        reported: section("reported"),
        all: SectionScore::new(all.len(), predicted.quotes.len(), gold.quotes.len()),
        article_jaccard: Mean::new(jaccard, all.len()),
    }
}

fn jaccard(a: &[String], b: &[String]) -> f64 {
    let a: HashSet<&String> = a.iter().collect();
    let b: HashSet<&String> = b.iter().collect();
    let union = a.union(&b).count();
    if union == 0 {
        1.0
    } else {
        a.intersection(&b).count() as f64 / union as f64
    }
}

// ---------------------------------------------------------------------------------------------
// Figures

/// The bits of an [`Amount`]: kind, then value or low, then high.
type AmountKey = (u8, u64, u64);

/// A figure's amount: one value, or a range.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Amount {
    Single(f64),
    Range(f64, f64),
    Missing,
}

impl Amount {
    fn of(value: Option<f64>, low: Option<f64>, high: Option<f64>) -> Amount {
        match (value, low, high) {
            (Some(v), _, _) => Amount::Single(v),
            (None, Some(l), Some(h)) => Amount::Range(l, h),
            _ => Amount::Missing,
        }
    }

    /// A key equal for exactly equal amounts (for grouping entries).
    fn key(self) -> AmountKey {
        match self {
            Amount::Single(v) => (1, v.to_bits(), 0),
            Amount::Range(l, h) => (2, l.to_bits(), h.to_bits()),
            Amount::Missing => (0, 0, 0),
        }
    }
}

fn within(predicted: f64, gold: f64) -> bool {
    (predicted - gold).abs() <= FIGURE_TOLERANCE * gold.abs() + 1e-12
}

fn same(predicted: f64, gold: f64) -> bool {
    (predicted - gold).abs() <= 1e-9 * gold.abs().max(1.0)
}

/// `None` when the amounts do not match; else whether they match exactly.
fn amounts_match(gold: Amount, predicted: Amount) -> Option<bool> {
    match (gold, predicted) {
        (Amount::Single(g), Amount::Single(p)) => within(p, g).then(|| same(p, g)),
        (Amount::Range(gl, gh), Amount::Range(pl, ph)) => {
            (within(pl, gl) && within(ph, gh)).then(|| same(pl, gl) && same(ph, gh))
        }
        (Amount::Range(gl, gh), Amount::Single(p)) => {
            if within(p, gl) {
                Some(same(p, gl))
            } else if within(p, gh) {
                Some(same(p, gh))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Whether a predicted figure's value matches a gold figure's (rule (a)): within 0.5% relative;
/// for a gold range, a predicted range whose ends are each within 0.5%, or a single predicted value
/// within 0.5% of either end. `Some(true)` for an exact match, `Some(false)` for one within
/// tolerance only, `None` for no match.
pub fn figure_value_matches(gold: &FigureEntry, predicted: &FigureEntry) -> Option<bool> {
    amounts_match(
        Amount::of(gold.value, gold.low, gold.high),
        Amount::of(predicted.value, predicted.low, predicted.high),
    )
}

/// Whether a predicted figure matches a gold one: the values match (see
/// [`figure_value_matches`]) and at least one non-stopword stem of the gold `counts` is among the
/// stems of the predicted `counts`. `Some((exact, overlap))` with `overlap` the number of distinct
/// gold content stems found, or `None`.
pub fn figure_matches(gold: &FigureEntry, predicted: &FigureEntry) -> Option<(bool, usize)> {
    let exact = figure_value_matches(gold, predicted)?;
    let gold_stems: BTreeSet<String> = stems(&gold.counts, true).into_iter().collect();
    let pred_stems: HashSet<String> = stems(&predicted.counts, false).into_iter().collect();
    let overlap = gold_stems
        .iter()
        .filter(|s| pred_stems.contains(*s))
        .count();
    (overlap > 0).then_some((exact, overlap))
}

/// One countable figure: the entries that share a value, an article set and the thing counted.
#[derive(Debug, Clone)]
struct FigureUnit {
    amount: Amount,
    articles: BTreeSet<String>,
    /// Content stems of every member's `counts`.
    stems: BTreeSet<String>,
    members: Vec<usize>,
}

/// Groups figure entries into countable units. The README counts a figure entry once per
/// distinct (value, article set); entries that share both are one unit, unless they count
/// different things (no content stem in common, like "4 helicopters" and "4 districts" in the same
/// articles), which stay separate units, so that no annotation loses items it lists on purpose.
/// Entries without article ids are never merged.
fn figure_units(figures: &[FigureEntry]) -> Vec<FigureUnit> {
    let mut units: Vec<FigureUnit> = Vec::new();
    // Units by (amount, article set).
    let mut buckets: HashMap<(AmountKey, BTreeSet<String>), Vec<usize>> = HashMap::new();
    for (i, f) in figures.iter().enumerate() {
        let amount = Amount::of(f.value, f.low, f.high);
        let articles: BTreeSet<String> = f.articles.iter().cloned().collect();
        let stems: BTreeSet<String> = stems(&f.counts, true).into_iter().collect();
        let candidates = if articles.is_empty() {
            Vec::new()
        } else {
            buckets
                .get(&(amount.key(), articles.clone()))
                .cloned()
                .unwrap_or_default()
        };
        // Merge into every unit of the bucket that shares a stem (connected components), or into
        // the bucket's first unit when this entry or that unit has no content stem at all.
        let sharing: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&u| {
                !units[u].stems.is_disjoint(&stems) || stems.is_empty() || units[u].stems.is_empty()
            })
            .collect();
        match sharing.split_first() {
            None => {
                let index = units.len();
                units.push(FigureUnit {
                    amount,
                    articles: articles.clone(),
                    stems,
                    members: vec![i],
                });
                if !articles.is_empty() {
                    buckets
                        .entry((amount.key(), articles))
                        .or_default()
                        .push(index);
                }
            }
            Some((&first, rest)) => {
                units[first].stems.extend(stems);
                units[first].members.push(i);
                for &other in rest {
                    let moved = std::mem::take(&mut units[other].members);
                    let moved_stems = std::mem::take(&mut units[other].stems);
                    units[first].members.extend(moved);
                    units[first].stems.extend(moved_stems);
                }
                if !rest.is_empty() {
                    let bucket = buckets.get_mut(&(amount.key(), articles)).unwrap();
                    bucket.retain(|u| !rest.contains(u));
                }
            }
        }
    }
    units.retain(|u| !u.members.is_empty());
    for u in &mut units {
        u.members.sort_unstable();
    }
    units
}

/// The result of [`match_figures`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FigureMatching {
    /// The gold units: indices of the gold entries each unit merges (see the README's "a figure
    /// entry counts once per distinct (value, article set)").
    pub gold_units: Vec<Vec<usize>>,
    /// The predicted units.
    pub predicted_units: Vec<Vec<usize>>,
    /// Matched (gold unit, predicted unit) pairs.
    pub pairs: Vec<(usize, usize)>,
    /// (gold unit, article) pairs in all, and those a matched predicted unit also lists.
    pub article_recall: Ratio,
}

/// The 1:1 greedy figure matching over figure units: candidate pairs satisfy the figure rule
/// ([`figure_matches`], the predicted unit's counted phrases pooled); exact-value pairs come
/// first, then pairs with more gold counted stems found, then gold and predicted order.
pub fn match_figures(gold: &[FigureEntry], predicted: &[FigureEntry]) -> FigureMatching {
    let gold_units = figure_units(gold);
    let pred_units = figure_units(predicted);
    let mut candidates = Vec::new();
    for (gi, g) in gold_units.iter().enumerate() {
        for (pi, p) in pred_units.iter().enumerate() {
            let Some(exact) = amounts_match(g.amount, p.amount) else {
                continue;
            };
            let overlap = g.stems.intersection(&p.stems).count();
            if overlap > 0 {
                candidates.push((gi, pi, exact, overlap));
            }
        }
    }
    candidates.sort_by(|a, b| {
        b.2.cmp(&a.2)
            .then(b.3.cmp(&a.3))
            .then(a.0.cmp(&b.0))
            .then(a.1.cmp(&b.1))
    });
    let pairs = greedy(candidates, |&(gi, pi, _, _)| (gi, pi))
        .into_iter()
        .map(|(gi, pi, _, _)| (gi, pi))
        .collect::<Vec<_>>();
    let total = gold_units.iter().map(|u| u.articles.len()).sum();
    let found = pairs
        .iter()
        .map(|&(gi, pi)| {
            gold_units[gi]
                .articles
                .intersection(&pred_units[pi].articles)
                .count()
        })
        .sum();
    FigureMatching {
        gold_units: gold_units.into_iter().map(|u| u.members).collect(),
        predicted_units: pred_units.into_iter().map(|u| u.members).collect(),
        pairs,
        article_recall: Ratio::new(found, total),
    }
}

fn score_figures(gold: &[FigureEntry], predicted: &[FigureEntry]) -> FigureScores {
    let m = match_figures(gold, predicted);
    FigureScores {
        score: SectionScore::new(m.pairs.len(), m.predicted_units.len(), m.gold_units.len()),
        article_recall: m.article_recall,
    }
}

// ---------------------------------------------------------------------------------------------
// Disagreements

/// The figures a disagreement is about: the annotation's figures of its group, plus one figure per
/// side built from the side's value and the disagreement's `counts` (so that a disagreement whose
/// group lists no figure, or not every value, still has its values).
fn disagreement_figures(a: &Annotation, index: usize) -> Vec<FigureEntry> {
    let d = &a.disagreements[index];
    let mut figures: Vec<FigureEntry> = a
        .figures
        .iter()
        .filter(|f| f.group == d.group)
        .cloned()
        .collect();
    figures.extend(d.values.iter().map(|v| FigureEntry {
        value: v.value,
        low: v.low,
        high: v.high,
        counts: d.counts.clone(),
        articles: v.articles.clone(),
        group: d.group.clone(),
        ..FigureEntry::default()
    }));
    figures
}

/// Whether predicted disagreement `pi` matches gold disagreement `gi`: two predicted figures of
/// different values in it match (by the figure rule) two gold figures of different values of the
/// gold disagreement's group.
pub fn disagreement_matches(
    gold: &Annotation,
    gi: usize,
    predicted: &Annotation,
    pi: usize,
) -> bool {
    let gold_figures = disagreement_figures(gold, gi);
    let pred_figures = disagreement_figures(predicted, pi);
    let amount = |f: &FigureEntry| Amount::of(f.value, f.low, f.high);
    // matches[g] = predicted figures that match gold figure g.
    let matches: Vec<Vec<usize>> = gold_figures
        .iter()
        .map(|g| {
            (0..pred_figures.len())
                .filter(|&p| figure_matches(g, &pred_figures[p]).is_some())
                .collect()
        })
        .collect();
    for g1 in 0..gold_figures.len() {
        for g2 in g1 + 1..gold_figures.len() {
            if amount(&gold_figures[g1]) == amount(&gold_figures[g2]) {
                continue;
            }
            for &p1 in &matches[g1] {
                for &p2 in &matches[g2] {
                    if amount(&pred_figures[p1]) != amount(&pred_figures[p2]) {
                        return true;
                    }
                }
            }
        }
    }
    false
}

fn score_disagreements(gold: &Annotation, predicted: &Annotation) -> SectionScore {
    let mut taken = vec![false; predicted.disagreements.len()];
    let mut matched = 0;
    for gi in 0..gold.disagreements.len() {
        let found = (0..predicted.disagreements.len())
            .find(|&pi| !taken[pi] && disagreement_matches(gold, gi, predicted, pi));
        if let Some(pi) = found {
            taken[pi] = true;
            matched += 1;
        }
    }
    SectionScore::new(
        matched,
        predicted.disagreements.len(),
        gold.disagreements.len(),
    )
}

// ---------------------------------------------------------------------------------------------
// Labels, timeline, noise: sets

fn label_set(a: &Annotation) -> HashSet<(String, String)> {
    a.labels
        .iter()
        .flat_map(|l| {
            l.terms
                .iter()
                .map(|t| (l.outlet_article.clone(), stems(t, false).join(" ")))
        })
        .filter(|(_, term)| !term.is_empty())
        .collect()
}

fn timeline_set(a: &Annotation) -> HashSet<(String, String)> {
    a.timeline
        .iter()
        .map(|t| {
            let precision = t.precision.trim().to_lowercase();
            let keep = match precision.as_str() {
                "day" => 10,
                "month" => 7,
                "year" => 4,
                _ => usize::MAX,
            };
            let date = t.date.trim();
            let date = date.get(..keep).unwrap_or(date).to_owned();
            (date, precision)
        })
        .collect()
}

fn noise_set(a: &Annotation) -> HashSet<(String, String)> {
    a.noise
        .iter()
        .filter(|n| !n.line.trim().is_empty())
        .map(|n| (n.article.clone(), normalize(&n.line)))
        .collect()
}

fn set_score<T: Eq + std::hash::Hash>(gold: &HashSet<T>, predicted: &HashSet<T>) -> SectionScore {
    SectionScore::new(
        gold.intersection(predicted).count(),
        predicted.len(),
        gold.len(),
    )
}

/// Takes candidates in the given order, keeping each whose gold and predicted items are both
/// still free.
fn greedy<T>(candidates: Vec<T>, ends: impl Fn(&T) -> (usize, usize)) -> Vec<T> {
    let mut gold_taken = HashSet::new();
    let mut pred_taken = HashSet::new();
    let mut out = Vec::new();
    for c in candidates {
        let (g, p) = ends(&c);
        if !gold_taken.contains(&g) && !pred_taken.contains(&p) {
            gold_taken.insert(g);
            pred_taken.insert(p);
            out.push(c);
        }
    }
    out
}
