//! `chorus train`: fits the weights of the `best` summarization method on cluster sets with
//! reference summaries, reports their k-fold cross-validated ROUGE (folds by cluster, so no
//! cluster is scored by weights fit on it), and writes the weights fit on all clusters.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Args;
use eval::RougeScores;
use pipeline::{PipelineConfig, Prepared};
use summarize::{Corpus, Learned, Weights, feature_names};

use crate::eval::{cut_to_words, mean};

/// Arguments of `chorus train`.
#[derive(Debug, Args)]
pub(crate) struct TrainArgs {
    /// A cluster set and its word budget, as `PATH:WORDS` (repeat for several sets).
    #[arg(long = "data", value_name = "PATH:WORDS", required = true)]
    data: Vec<String>,
    /// Number of cross-validation folds (clusters are dealt to folds in input order).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(2..=100))]
    folds: u32,
    /// Repeat the cross-validation this many times: the first deals clusters to folds in input
    /// order, each later one after a shuffle seeded by its number; the figures are the mean over
    /// the repeats, with their lowest and highest, so one lucky split cannot carry a result.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100))]
    repeats: u32,
    /// Ridge penalty on the standardized features (10, 30 and 100 cross-validate alike).
    #[arg(long, default_value_t = 10.0)]
    ridge: f64,
    /// Cosine similarity at or above which a sentence repeats a chosen one (0.4 cross-validated
    /// best of 0.3 to 0.5 on the NeuS and AllSides dev sets).
    #[arg(long, default_value_t = 0.4)]
    redundancy: f32,
    /// Score drop per unit of similarity to the closest chosen sentence (0.5 cross-validated
    /// best of 0 to 1 on the NeuS and AllSides dev sets).
    #[arg(long, default_value_t = 0.5)]
    penalty: f32,
    /// Fewest words of a chosen sentence.
    #[arg(long, default_value_t = 10)]
    min_words: usize,
    /// Leave out sentences that open with a quotation mark, unless the quotation is attributed
    /// after it closes (`"…," the mayor said.`) and two or more independent outlets carry it.
    #[arg(long)]
    skip_quoted_openings: bool,
    /// Selection bonus per unit of new shared-bigram density (see `Weights::coverage`): 2
    /// cross-validated best of 0 to 4 on the NeuS and AllSides dev sets (1.6 to 4 alike).
    #[arg(long, default_value_t = 0.0, allow_negative_numbers = true)]
    coverage: f32,
    /// Selection bonus for each chosen sentence earlier in the same article (see
    /// `Weights::article_bonus`): 0.05 cross-validated best of 0.04 to 0.1 on the NeuS and
    /// AllSides dev sets (docs/BEST_EXPERIMENTS.md).
    #[arg(long, default_value_t = 0.0, allow_negative_numbers = true)]
    article_bonus: f32,
    /// Selection bonus per word for new content stems, each by the share of the other articles
    /// that use it (see `Weights::term_coverage`): 0.2 to 0.4 cross-validate alike on the NeuS
    /// and AllSides dev sets with `--article-bonus 0.05` (docs/BEST_EXPERIMENTS.md).
    #[arg(long, default_value_t = 0.0, allow_negative_numbers = true)]
    term_coverage: f32,
    /// Weight of a second target: 1 for the sentences of the cluster's greedy ROUGE oracle
    /// (sentences added while they raise ROUGE-1 plus ROUGE-2 F1 of the summary cut at the
    /// budget), 0 for the others.
    #[arg(long, default_value_t = 0.0)]
    oracle_weight: f64,
    /// Also report the ROUGE of the selection given the true targets as scores (an upper bound
    /// of what a better scorer could reach with this selection).
    #[arg(long)]
    ideal: bool,
    /// Leave a feature out of the fit (repeat for several): its weight is held at 0, an
    /// ablation of what the feature adds.
    #[arg(long = "drop-feature", value_name = "NAME")]
    drop_feature: Vec<String>,
    /// Nested cross-validation: hold out outer fold `K` of `N` (clusters dealt to `N` folds within
    /// each set after a shuffle seeded by `--hold-out-seed`). The cross-validation runs on the
    /// other clusters only, and the held-out clusters are scored by weights fit on all the
    /// others, so a setting chosen by the inner figures is judged on clusters that played no
    /// part in choosing it (`scripts/nested_cv.py`).
    #[arg(long, value_name = "K/N", value_parser = parse_hold_out, conflicts_with = "out")]
    hold_out: Option<(usize, usize)>,
    /// Seed of the shuffle that deals the clusters to the outer folds of `--hold-out` (0 deals
    /// them in input order, as the first repeat of the inner cross-validation does).
    #[arg(long, default_value_t = 1, requires = "hold_out")]
    hold_out_seed: u64,
    /// Write the weights fit on every cluster to this JSON file.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Write each cluster's cross-validated ROUGE F1 (scored by weights fit without it, the mean
    /// over the repeats) to this JSON Lines file, one cluster a line, for paired comparisons
    /// with other systems on the same clusters.
    #[arg(long, value_name = "FILE")]
    per_cluster: Option<PathBuf>,
}

/// `K/N` of `--hold-out`: fold `K` (from 0) of `N` outer folds, `N` at least 2.
fn parse_hold_out(spec: &str) -> Result<(usize, usize), String> {
    let (k, n) = spec
        .split_once('/')
        .ok_or_else(|| format!("expected K/N (fold K of N, from 0), not {spec:?}"))?;
    let number = |v: &str| {
        v.trim()
            .parse::<usize>()
            .map_err(|_| format!("{v:?} in {spec:?} is not a whole number"))
    };
    let (k, n) = (number(k)?, number(n)?);
    if n < 2 {
        return Err(format!("{spec}: at least 2 outer folds are needed"));
    }
    if k >= n {
        return Err(format!(
            "{spec}: fold {k} does not exist among {n} (folds count from 0)"
        ));
    }
    Ok((k, n))
}

/// One cluster, prepared once: its documents, references, budget, and each candidate
/// sentence's features and target.
struct Example {
    set: usize,
    /// The cluster's id in its file.
    id: String,
    prepared: Prepared,
    references: Vec<String>,
    budget: usize,
    features: Vec<Vec<f32>>,
    targets: Vec<f64>,
}

/// What a sentence is worth in a summary: its ROUGE-1 plus ROUGE-2 precision against the
/// references, the share of its words and word pairs that the editors wrote too. The budget is
/// fixed, so a summary is best made of dense sentences; recall or F1 targets favour long
/// sentences and scored 0.5 to 1 ROUGE-1 lower in cross-validation. `--oracle-weight` adds
/// membership in the cluster's greedy oracle summary (see `oracle`), which says which sentences
/// work together under the budget: 0.3 cross-validated best of 0.1 to 1.5 (+0.4 ROUGE-1 on
/// NeuS, +0.2 on AllSides).
fn target(references: &[&str], sentence: &str) -> f64 {
    let scores = eval::rouge_multi(references, sentence);
    scores.rouge1.precision + scores.rouge2.precision
}

pub(crate) fn run_train(args: &TrainArgs) -> anyhow::Result<ExitCode> {
    let dropped = dropped_features(&args.drop_feature)?;
    let mut examples = Vec::new();
    let mut names = Vec::new();
    for (set, spec) in args.data.iter().enumerate() {
        let (path, words) = spec
            .rsplit_once(':')
            .with_context(|| format!("--data {spec}: expected PATH:WORDS"))?;
        let budget: usize = words
            .parse()
            .with_context(|| format!("--data {spec}: {words} is not a word count"))?;
        names.push(path.to_owned());
        let input = ingest::read_paths(&[PathBuf::from(path)], &ingest::ReadConfig::default());
        crate::render::diagnostics(&input.diagnostics);
        let config = PipelineConfig::default();
        for group in input.groups {
            if group.references.is_empty() {
                continue;
            }
            let prepared = pipeline::prepare(group.articles, &config);
            let references: Vec<&str> = group.references.iter().map(String::as_str).collect();
            let corpus = Corpus::new(&prepared.docs, &prepared.copy_of);
            let rows = summarize::sentence_features(&corpus);
            let (mut features, mut targets) = (Vec::new(), Vec::new());
            let pool: Vec<usize> = (0..corpus.sentences.len())
                .filter(|&i| corpus.sentences[i].is_candidate())
                .collect();
            let texts: Vec<&str> = pool
                .iter()
                .map(|&i| corpus.text(&corpus.sentences[i]))
                .collect();
            let in_oracle = if args.oracle_weight != 0.0 {
                oracle(&references, &texts, budget)
            } else {
                vec![false; pool.len()]
            };
            for (k, &i) in pool.iter().enumerate() {
                features.push(rows[i].clone());
                targets.push(
                    target(&references, texts[k])
                        + args.oracle_weight * f64::from(u8::from(in_oracle[k])),
                );
            }
            examples.push(Example {
                set,
                id: group.id.clone().unwrap_or_default(),
                references: group.references.clone(),
                budget,
                features,
                targets,
                prepared,
            });
        }
    }
    if examples.is_empty() {
        bail!("no cluster with reference summaries");
    }

    // Nested cross-validation: the held-out clusters leave the examples the folds are dealt from.
    let mut held_out = Vec::new();
    if let Some((fold, outer)) = args.hold_out {
        let set_of: Vec<usize> = examples.iter().map(|e| e.set).collect();
        let outer_of = fold_assignment(&set_of, outer, args.hold_out_seed);
        let (out, kept): (Vec<_>, Vec<_>) = examples
            .into_iter()
            .zip(outer_of)
            .partition(|(_, f)| *f == fold);
        held_out = out.into_iter().map(|(e, _)| e).collect();
        examples = kept.into_iter().map(|(e, _)| e).collect();
        if examples.is_empty() || held_out.is_empty() {
            bail!("--hold-out {fold}/{outer}: too few clusters to hold a fold out");
        }
    }

    let folds = args.folds as usize;
    // scores[repeat][set]: one ROUGE per cluster, each from weights fit without its fold.
    let mut scores: Vec<Vec<Vec<RougeScores>>> = Vec::new();
    // Each example's held-out scores, one per repeat.
    let mut held: Vec<Vec<RougeScores>> = vec![Vec::new(); examples.len()];
    for repeat in 0..u64::from(args.repeats) {
        let set_of: Vec<usize> = examples.iter().map(|e| e.set).collect();
        let fold_of = fold_assignment(&set_of, folds, repeat);
        let mut by_set: Vec<Vec<RougeScores>> = vec![Vec::new(); names.len()];
        for fold in 0..folds {
            let train: Vec<&Example> = examples
                .iter()
                .zip(&fold_of)
                .filter(|(_, f)| **f != fold)
                .map(|(e, _)| e)
                .collect();
            let learned = Learned::new(fit(&train, args, &dropped, String::new()));
            for (k, e) in examples
                .iter()
                .enumerate()
                .filter(|(k, _)| fold_of[*k] == fold)
            {
                let scores = score(e, &learned);
                held[k].push(scores);
                by_set[e.set].push(scores);
            }
        }
        scores.push(by_set);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let all: Vec<&Example> = examples.iter().collect();
    // Weights fit on every cluster the cross-validation saw, fit once for `--ideal` and
    // `--hold-out` alike.
    let fit_on_all = std::cell::OnceCell::new();
    let learned_on_all =
        || fit_on_all.get_or_init(|| Learned::new(fit(&all, args, &dropped, String::new())));
    if args.ideal {
        let learned = learned_on_all();
        for (set, name) in names.iter().enumerate() {
            let (_, m) = set_mean(&examples, set, |e| score_ideal(e, learned));
            writeln!(
                out,
                "ideal scores, {name}: R1 {:.2}  R2 {:.2}",
                m.rouge1.f1 * 100.0,
                m.rouge2.f1 * 100.0
            )?;
        }
    }
    if args.repeats == 1 {
        writeln!(out, "{folds}-fold cross-validated ROUGE F1 (x100) of best:")?;
    } else {
        writeln!(
            out,
            "{folds}-fold cross-validated ROUGE F1 (x100) of best, mean of {} repeats [lowest, highest]:",
            args.repeats
        )?;
    }
    for (set, name) in names.iter().enumerate() {
        let runs: Vec<RougeScores> = scores.iter().map(|r| mean(r[set].iter())).collect();
        let clusters = scores[0][set].len();
        let [r1, r2, rl] = [
            |m: &RougeScores| m.rouge1.f1,
            |m: &RougeScores| m.rouge2.f1,
            |m: &RougeScores| m.rouge_l.f1,
        ]
        .map(|f| Spread::of(runs.iter().map(f)));
        if args.repeats == 1 {
            writeln!(
                out,
                "{name}: {clusters} clusters  R1 {:.2}  R2 {:.2}  RL {:.2}",
                r1.mean, r2.mean, rl.mean
            )?;
        } else {
            writeln!(
                out,
                "{name}: {clusters} clusters  R1 {r1}  R2 {r2}  RL {rl}"
            )?;
        }
    }
    if let Some((fold, outer)) = args.hold_out {
        let learned = learned_on_all();
        writeln!(
            out,
            "held-out fold {fold} of {outer} (seed {}), scored by weights fit on the other clusters:",
            args.hold_out_seed
        )?;
        for (set, name) in names.iter().enumerate() {
            let (clusters, m) = set_mean(&held_out, set, |e| score(e, learned));
            writeln!(
                out,
                "{name}: {clusters} held-out clusters  R1 {:.4}  R2 {:.4}  RL {:.4}",
                m.rouge1.f1 * 100.0,
                m.rouge2.f1 * 100.0,
                m.rouge_l.f1 * 100.0
            )?;
        }
    }
    if let Some(path) = &args.per_cluster {
        write_per_cluster(path, &names, &examples, &held)?;
        writeln!(out, "per-cluster scores written to {}", path.display())?;
    }
    if let Some(path) = &args.out {
        let mut trained_by = format!(
            "chorus train {} --folds {folds} --ridge {} --redundancy {} --penalty {} --min-words {}",
            args.data
                .iter()
                .map(|d| format!("--data {d}"))
                .collect::<Vec<_>>()
                .join(" "),
            args.ridge,
            args.redundancy,
            args.penalty,
            args.min_words,
        );
        if args.skip_quoted_openings {
            trained_by.push_str(" --skip-quoted-openings");
        }
        for name in &args.drop_feature {
            trained_by.push_str(&format!(" --drop-feature {name}"));
        }
        // The selection's optional terms, named only when on.
        for (flag, on, value) in [
            (
                "--coverage",
                args.coverage != 0.0,
                args.coverage.to_string(),
            ),
            (
                "--oracle-weight",
                args.oracle_weight != 0.0,
                args.oracle_weight.to_string(),
            ),
            (
                "--article-bonus",
                args.article_bonus != 0.0,
                args.article_bonus.to_string(),
            ),
            (
                "--term-coverage",
                args.term_coverage != 0.0,
                args.term_coverage.to_string(),
            ),
        ] {
            if on {
                trained_by.push_str(&format!(" {flag} {value}"));
            }
        }
        let weights = fit(&all, args, &dropped, trained_by);
        let json = serde_json::to_string_pretty(&weights)? + "\n";
        std::fs::write(path, json).with_context(|| format!("cannot write {}", path.display()))?;
        writeln!(out, "weights written to {}", path.display())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Each cluster's cross-validated F1, the mean over its held-out scores, as JSON Lines.
fn write_per_cluster(
    path: &std::path::Path,
    names: &[String],
    examples: &[Example],
    held: &[Vec<RougeScores>],
) -> anyhow::Result<()> {
    #[derive(serde::Serialize)]
    struct Line<'a> {
        data: &'a str,
        id: &'a str,
        repeats: usize,
        rouge1: f64,
        rouge2: f64,
        rouge_l: f64,
    }
    let mut text = String::new();
    for (example, scores) in examples.iter().zip(held) {
        let m = mean(scores.iter());
        let line = Line {
            data: &names[example.set],
            id: &example.id,
            repeats: scores.len(),
            rouge1: m.rouge1.f1,
            rouge2: m.rouge2.f1,
            rouge_l: m.rouge_l.f1,
        };
        text += &serde_json::to_string(&line)?;
        text.push('\n');
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// The fold of each cluster, given the set of each: within each set, clusters are dealt to folds
/// in turn, in input order for repeat 0 and after a shuffle seeded by the repeat's number for the
/// others.
fn fold_assignment(set_of: &[usize], folds: usize, repeat: u64) -> Vec<usize> {
    let mut fold_of = vec![0; set_of.len()];
    let sets = set_of.iter().max().map_or(0, |&s| s + 1);
    for set in 0..sets {
        let mut members: Vec<usize> = (0..set_of.len()).filter(|&i| set_of[i] == set).collect();
        if repeat > 0 {
            shuffle(&mut members, repeat);
        }
        for (turn, &i) in members.iter().enumerate() {
            fold_of[i] = turn % folds;
        }
    }
    fold_of
}

/// Fisher-Yates shuffle driven by SplitMix64 from `seed`: the same seed, the same order on every
/// machine.
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut draws = eval::SplitMix64(seed);
    for i in (1..items.len()).rev() {
        items.swap(i, (draws.next() % (i as u64 + 1)) as usize);
    }
}

/// The mean, lowest and highest of some F1 values, printed x100.
struct Spread {
    mean: f64,
    low: f64,
    high: f64,
}

impl Spread {
    fn of(values: impl Iterator<Item = f64>) -> Spread {
        let (mut sum, mut n) = (0.0, 0usize);
        let (mut low, mut high) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in values {
            let v = v * 100.0;
            sum += v;
            n += 1;
            low = low.min(v);
            high = high.max(v);
        }
        Spread {
            mean: sum / n.max(1) as f64,
            low,
            high,
        }
    }
}

impl std::fmt::Display for Spread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.2} [{:.2}, {:.2}]", self.mean, self.low, self.high)
    }
}

/// The number of `examples` of `set` and the mean of `score` over them.
fn set_mean(
    examples: &[Example],
    set: usize,
    score: impl Fn(&Example) -> RougeScores,
) -> (usize, RougeScores) {
    let scores: Vec<RougeScores> = examples
        .iter()
        .filter(|e| e.set == set)
        .map(score)
        .collect();
    (scores.len(), mean(scores.iter()))
}

/// ROUGE of the selection of `learned` given each candidate's true target as its score.
fn score_ideal(example: &Example, learned: &Learned) -> RougeScores {
    let corpus = Corpus::new(&example.prepared.docs, &example.prepared.copy_of);
    let references: Vec<&str> = example.references.iter().map(String::as_str).collect();
    let scores: Vec<f32> = corpus
        .sentences
        .iter()
        .map(|s| {
            if s.is_candidate() {
                target(&references, corpus.text(s)) as f32
            } else {
                f32::MIN
            }
        })
        .collect();
    let chosen = learned.select_scored(&corpus, summarize::Budget::filled(example.budget), &scores);
    let text: Vec<&str> = chosen
        .iter()
        .map(|&i| corpus.text(&corpus.sentences[i]))
        .collect();
    eval::rouge_multi(&references, &cut_to_words(&text.join(" "), example.budget))
}

/// Which of `texts` the greedy oracle takes: repeatedly the sentence whose addition (read last,
/// the summary cut at `budget` words) most raises ROUGE-1 plus ROUGE-2 F1, while any does.
fn oracle(references: &[&str], texts: &[&str], budget: usize) -> Vec<bool> {
    let mut taken = vec![false; texts.len()];
    let mut summary = String::new();
    let mut best = 0.0;
    loop {
        if summary.split_whitespace().count() >= budget {
            break;
        }
        let mut pick = None;
        for (k, text) in texts.iter().enumerate() {
            if taken[k] {
                continue;
            }
            let candidate = cut_to_words(&format!("{summary} {text}"), budget);
            let scores = eval::rouge_multi(references, &candidate);
            let value = scores.rouge1.f1 + scores.rouge2.f1;
            if value > best {
                best = value;
                pick = Some(k);
            }
        }
        let Some(k) = pick else { break };
        taken[k] = true;
        summary = format!("{summary} {}", texts[k]);
    }
    taken
}

/// ROUGE of the summary `learned` makes of one cluster, cut at its budget as `chorus eval` cuts.
fn score(example: &Example, learned: &Learned) -> RougeScores {
    let config = summarize::SummarizeConfig {
        word_budget: example.budget,
        fill_budget: true,
        ..Default::default()
    };
    let summary = summarize::summarize(
        &example.prepared.docs,
        &example.prepared.copy_of,
        learned,
        &config,
    );
    let text: Vec<&str> = summary.sentences.iter().map(|s| s.text.as_str()).collect();
    let references: Vec<&str> = example.references.iter().map(String::as_str).collect();
    eval::rouge_multi(&references, &cut_to_words(&text.join(" "), example.budget))
}

/// The indexes of the features named by `--drop-feature`, or an error naming the unknown one.
fn dropped_features(names: &[String]) -> anyhow::Result<Vec<usize>> {
    let known = feature_names();
    names
        .iter()
        .map(|name| {
            known.iter().position(|k| k == name).with_context(|| {
                format!(
                    "--drop-feature {name}: no such feature; the features are {}",
                    known.join(", ")
                )
            })
        })
        .collect()
}

/// Ridge regression of the targets on the standardized features, returned in the features'
/// own units. The `dropped` features take no part: their standardized column is held at 0, so
/// their weight is 0 and the others are fit without them.
fn fit(examples: &[&Example], args: &TrainArgs, dropped: &[usize], trained_by: String) -> Weights {
    let names = feature_names();
    let f = names.len();
    let rows: Vec<(&Vec<f32>, f64)> = examples
        .iter()
        .flat_map(|e| e.features.iter().zip(e.targets.iter().copied()))
        .collect();
    let n = rows.len().max(1) as f64;
    let mut mean_x = vec![0.0; f];
    let mut mean_y = 0.0;
    for (x, y) in &rows {
        for k in 0..f {
            mean_x[k] += f64::from(x[k]) / n;
        }
        mean_y += y / n;
    }
    let mut scale = vec![0.0; f];
    for (x, _) in &rows {
        for k in 0..f {
            scale[k] += (f64::from(x[k]) - mean_x[k]).powi(2) / n;
        }
    }
    let scale: Vec<f64> = scale.iter().map(|v| v.sqrt().max(1e-9)).collect();
    let mut a = vec![vec![0.0; f]; f];
    let mut b = vec![0.0; f];
    for (x, y) in &rows {
        let z: Vec<f64> = (0..f)
            .map(|k| {
                if dropped.contains(&k) {
                    0.0
                } else {
                    (f64::from(x[k]) - mean_x[k]) / scale[k]
                }
            })
            .collect();
        for i in 0..f {
            b[i] += z[i] * (y - mean_y);
            for j in 0..f {
                a[i][j] += z[i] * z[j];
            }
        }
    }
    for (i, row) in a.iter_mut().enumerate() {
        row[i] += args.ridge;
    }
    let beta = solve(a, b);
    let weights: Vec<f64> = beta.iter().zip(&scale).map(|(w, s)| w / s).collect();
    let bias = mean_y - weights.iter().zip(&mean_x).map(|(w, m)| w * m).sum::<f64>();
    Weights {
        trained_by,
        features: names,
        weights: weights.iter().map(|&w| w as f32).collect(),
        bias: bias as f32,
        redundancy: args.redundancy,
        penalty: args.penalty,
        min_words: args.min_words,
        skip_quoted_openings: args.skip_quoted_openings,
        coverage: args.coverage,
        article_bonus: args.article_bonus,
        term_coverage: args.term_coverage,
    }
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting (`a` is positive definite
/// here, thanks to the ridge term).
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        b.swap(col, pivot);
        let p = a[col][col];
        if p.abs() < 1e-12 {
            continue;
        }
        for row in (col + 1)..n {
            let factor = a[row][col] / p;
            let (upper, lower) = a.split_at_mut(row);
            for (x, p) in lower[0][col..].iter_mut().zip(&upper[col][col..]) {
                *x -= factor * p;
            }
            b[row] -= factor * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let rest: f64 = ((row + 1)..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = if a[row][row].abs() < 1e-12 {
            0.0
        } else {
            (b[row] - rest) / a[row][row]
        };
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oracle_takes_the_sentences_that_raise_rouge() {
        let references = ["the dam collapsed after heavy rain and twelve people are missing"];
        let texts = [
            "The dam collapsed after heavy rain.",
            "The mayor opened three shelters.",
            "Twelve people are missing.",
        ];
        assert_eq!(oracle(&references, &texts, 12), vec![true, false, true]);
    }

    #[test]
    fn folds_are_dealt_in_turn_within_each_set_and_shuffled_by_seed() {
        let set_of = [0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0];
        // Repeat 0: input order, in turn within each set.
        assert_eq!(
            fold_assignment(&set_of, 3, 0),
            vec![0, 1, 0, 2, 1, 0, 2, 1, 2, 0, 0]
        );
        let a = fold_assignment(&set_of, 3, 1);
        assert_eq!(
            a,
            fold_assignment(&set_of, 3, 1),
            "the same seed, the same folds"
        );
        assert_ne!(a, fold_assignment(&set_of, 3, 0));
        assert_ne!(a, fold_assignment(&set_of, 3, 2));
        // Every repeat keeps each set's folds as even as in turn-dealing.
        for repeat in 0..5 {
            let folds = fold_assignment(&set_of, 3, repeat);
            for set in 0..2 {
                let mut sizes = [0; 3];
                for (i, &s) in set_of.iter().enumerate() {
                    if s == set {
                        sizes[folds[i]] += 1;
                    }
                }
                assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1);
            }
        }
    }

    #[test]
    fn shuffle_is_a_permutation() {
        let mut items: Vec<u32> = (0..100).collect();
        shuffle(&mut items, 7);
        assert_ne!(items, (0..100).collect::<Vec<_>>());
        items.sort_unstable();
        assert_eq!(items, (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn gaussian_elimination_solves_a_small_system() {
        let x = solve(vec![vec![2.0, 1.0], vec![1.0, 3.0]], vec![3.0, 5.0]);
        assert!(
            (x[0] - 0.8).abs() < 1e-9 && (x[1] - 1.4).abs() < 1e-9,
            "{x:?}"
        );
    }
}
