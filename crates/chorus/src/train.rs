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
    /// Leave out sentences that open with a quotation mark.
    #[arg(long)]
    skip_quoted_openings: bool,
    /// Write the weights fit on every cluster to this JSON file.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// One cluster, prepared once: its documents, references, budget, and each candidate
/// sentence's features and target.
struct Example {
    set: usize,
    prepared: Prepared,
    references: Vec<String>,
    budget: usize,
    features: Vec<Vec<f32>>,
    targets: Vec<f64>,
}

/// What a sentence is worth in a summary: its ROUGE-1 plus ROUGE-2 precision against the
/// references, the share of its words and word pairs that the editors wrote too. The budget is
/// fixed, so a summary is best made of dense sentences; recall or F1 targets favour long
/// sentences and scored 0.5 to 1 ROUGE-1 lower in cross-validation.
fn target(references: &[&str], sentence: &str) -> f64 {
    let scores = eval::rouge_multi(references, sentence);
    scores.rouge1.precision + scores.rouge2.precision
}

pub(crate) fn run_train(args: &TrainArgs) -> anyhow::Result<ExitCode> {
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
        for diagnostic in &input.diagnostics {
            eprintln!("warning: {diagnostic}");
        }
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
            for (s, row) in corpus.sentences.iter().zip(rows) {
                let text = corpus.text(s);
                if s.is_candidate() {
                    features.push(row);
                    targets.push(target(&references, text));
                }
            }
            examples.push(Example {
                set,
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

    let folds = args.folds as usize;
    let fold_of: Vec<usize> = {
        let mut seen = vec![0; names.len()];
        examples
            .iter()
            .map(|e| {
                seen[e.set] += 1;
                (seen[e.set] - 1) % folds
            })
            .collect()
    };
    let mut scores: Vec<Vec<RougeScores>> = vec![Vec::new(); names.len()];
    for fold in 0..folds {
        let train: Vec<&Example> = examples
            .iter()
            .zip(&fold_of)
            .filter(|(_, f)| **f != fold)
            .map(|(e, _)| e)
            .collect();
        let learned = Learned::new(fit(&train, args, String::new()));
        for (e, _) in examples.iter().zip(&fold_of).filter(|(_, f)| **f == fold) {
            scores[e.set].push(score(e, &learned));
        }
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    writeln!(out, "{folds}-fold cross-validated ROUGE F1 (x100) of best:")?;
    for (name, set) in names.iter().zip(&scores) {
        let m = mean(set.iter());
        writeln!(
            out,
            "{name}: {} clusters  R1 {:.2}  R2 {:.2}  RL {:.2}",
            set.len(),
            m.rouge1.f1 * 100.0,
            m.rouge2.f1 * 100.0,
            m.rouge_l.f1 * 100.0
        )?;
    }
    if let Some(path) = &args.out {
        let all: Vec<&Example> = examples.iter().collect();
        let trained_by = format!(
            "chorus train {} --folds {folds} --ridge {} --redundancy {} --penalty {} --min-words {}{}",
            args.data
                .iter()
                .map(|d| format!("--data {d}"))
                .collect::<Vec<_>>()
                .join(" "),
            args.ridge,
            args.redundancy,
            args.penalty,
            args.min_words,
            if args.skip_quoted_openings {
                " --skip-quoted-openings"
            } else {
                ""
            }
        );
        let weights = fit(&all, args, trained_by);
        let json = serde_json::to_string_pretty(&weights)? + "\n";
        std::fs::write(path, json).with_context(|| format!("cannot write {}", path.display()))?;
        writeln!(out, "weights written to {}", path.display())?;
    }
    Ok(ExitCode::SUCCESS)
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

/// Ridge regression of the targets on the standardized features, returned in the features'
/// own units.
fn fit(examples: &[&Example], args: &TrainArgs, trained_by: String) -> Weights {
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
            .map(|k| (f64::from(x[k]) - mean_x[k]) / scale[k])
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
    fn gaussian_elimination_solves_a_small_system() {
        let x = solve(vec![vec![2.0, 1.0], vec![1.0, 3.0]], vec![3.0, 5.0]);
        assert!(
            (x[0] - 0.8).abs() < 1e-9 && (x[1] - 1.4).abs() < 1e-9,
            "{x:?}"
        );
    }
}
