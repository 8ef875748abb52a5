//! `chorus eval` (summaries of a cluster set scored by ROUGE against its references) and
//! `chorus rouge` (ROUGE of any two texts).

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use eval::{Bootstrap, Comparison, Interval, Prf, RougeScores};
use pipeline::PipelineConfig;
use serde::Serialize;

use crate::cli::{EvalArgs, RougeArgs};

/// Scores of one cluster: the mean over its references.
#[derive(Serialize)]
struct ClusterScore {
    id: String,
    articles: usize,
    summary_words: usize,
    /// Milliseconds for clean, segment, dedup and summarize of this cluster (the whole pipeline
    /// from raw articles to summary sentences).
    ms: f64,
    /// Milliseconds for summarize alone: from the split sentences to the chosen summary
    /// sentences, what peer summarizers fed split sentences are timed on. With `--repeat N`,
    /// the fastest of the N summarizations in a row.
    summarize_ms: f64,
    /// Milliseconds of the first summarization of the cluster alone (the same as
    /// `summarize_ms` without `--repeat`).
    summarize_first_ms: f64,
    #[serde(flatten)]
    scores: RougeScores,
}

/// The JSON document of `chorus eval --json`.
#[derive(Serialize)]
struct EvalReport {
    data: String,
    method: String,
    words: usize,
    clusters: usize,
    skipped: usize,
    /// Mean over clusters.
    mean: RougeScores,
    /// Milliseconds per cluster for clean, segment, dedup and summarize (reading excluded).
    ms_per_cluster: f64,
    /// Milliseconds per cluster for summarize alone (from split sentences to chosen sentences).
    summarize_ms_per_cluster: f64,
    /// 95% bootstrap intervals of the mean F1 over clusters (absent with `--bootstrap 0`).
    #[serde(skip_serializing_if = "Option::is_none")]
    f1_intervals: Option<Kinds<Interval>>,
    /// `--compare`: the other method, and the paired comparison of F1 (this method less it).
    #[serde(skip_serializing_if = "Option::is_none")]
    comparison: Option<MethodComparison>,
    per_cluster: Vec<ClusterScore>,
}

/// One value for each ROUGE kind.
#[derive(Serialize)]
struct Kinds<T> {
    rouge1: T,
    rouge2: T,
    rouge_l: T,
}

impl<T> Kinds<T> {
    /// `make` applied to each kind's F1 getter.
    fn of(mut make: impl FnMut(fn(&RougeScores) -> f64) -> T) -> Kinds<T> {
        Kinds {
            rouge1: make(|s| s.rouge1.f1),
            rouge2: make(|s| s.rouge2.f1),
            rouge_l: make(|s| s.rouge_l.f1),
        }
    }

    fn named(&self) -> [(&'static str, &T); 3] {
        [
            ("ROUGE-1", &self.rouge1),
            ("ROUGE-2", &self.rouge2),
            ("ROUGE-L", &self.rouge_l),
        ]
    }
}

/// `chorus eval --compare`: this run's method against another on the same clusters.
#[derive(Serialize)]
struct MethodComparison {
    method: String,
    /// The other method's mean scores.
    mean: RougeScores,
    /// F1 of this run's method less the other's, by a paired bootstrap over the clusters
    /// (absent with `--bootstrap 0`: then only the mean differences in `mean`).
    #[serde(skip_serializing_if = "Option::is_none")]
    f1_difference: Option<Kinds<Comparison>>,
}

/// One cluster's sentences as Chorus sees them, for feeding peers the same input.
#[derive(Serialize)]
struct SentenceDump<'a> {
    id: &'a str,
    words: usize,
    references: &'a [String],
    titles: Vec<&'a str>,
    sentences: Vec<&'a str>,
}

pub(crate) fn run_eval(args: &EvalArgs) -> anyhow::Result<ExitCode> {
    let input = ingest::read_paths(
        std::slice::from_ref(&args.data),
        &ingest::ReadConfig::default(),
    );
    crate::render::diagnostics(&input.diagnostics);
    let method = summarize::method_by_name(&args.method).context("unknown method")?;
    let mut config = PipelineConfig::default();
    config.summarize.word_budget = args.words as usize;
    // Every system's output is cut at the budget, so the last sentence may run past it.
    config.summarize.fill_budget = true;
    let budget = args.words as usize;
    let mut dump = match &args.dump_sentences {
        Some(path) => Some(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => None,
    };

    // Three passes, each over every cluster: clean, segment and dedup; summarize; score. The
    // summarize pass runs one cluster's summarization after another, as the peers fed split
    // sentences are run, so that its times are not those of caches refilling after the
    // cleaner or the scorer.
    let mut skipped = 0;
    let mut clusters = Vec::new();
    for mut group in input.groups {
        let name = group.id.clone().unwrap_or_default();
        // An empty reference would score every system 0 on the cluster.
        let given = group.references.len();
        group.references.retain(|r| !r.trim().is_empty());
        if group.references.len() < given && group.id.is_some() {
            errln!(
                "warning: {}: cluster {name}: {} empty reference(s) left out",
                args.data.display(),
                given - group.references.len()
            );
        }
        if group.references.is_empty() {
            if group.id.is_some() {
                errln!(
                    "warning: {}: cluster {name}: no reference summary; not scored",
                    args.data.display()
                );
            }
            skipped += 1;
            continue;
        }
        let started = Instant::now();
        let prepared = pipeline::prepare(group.articles, &config);
        let prepare_seconds = started.elapsed().as_secs_f64();
        if prepared.docs.is_empty() {
            errln!(
                "warning: {}: cluster {name}: no usable article; not scored",
                args.data.display()
            );
            skipped += 1;
            continue;
        }
        clusters.push((
            group.id.unwrap_or_default(),
            group.references,
            prepared,
            prepare_seconds,
        ));
    }
    let mut summaries = Vec::with_capacity(clusters.len());
    for (id, _, prepared, _) in &clusters {
        // The words the summarizer's memo knows before this cluster, put back before each
        // repeat so that no repeat finds the cluster's own new words already stemmed.
        let memo = (args.repeat > 1).then(summarize::memo_snapshot);
        let summarize_once = || {
            let started = Instant::now();
            // The summary alone: the headline a report also prints is not scored.
            let sentences = summarize::summarize_sentences(
                &prepared.docs,
                &prepared.copy_of,
                method.as_ref(),
                &config.summarize,
            );
            (sentences, started.elapsed().as_secs_f64())
        };
        let (sentences, first_seconds) = summarize_once();
        let mut fastest = first_seconds;
        for _ in 1..args.repeat {
            if let Some(memo) = &memo {
                memo.restore();
            }
            let (again, seconds) = summarize_once();
            fastest = fastest.min(seconds);
            if again != sentences {
                bail!(
                    "{}: cluster {id}: summarizing it again chose other sentences",
                    args.data.display()
                );
            }
        }
        summaries.push((sentences, first_seconds, fastest));
    }

    let mut per_cluster = Vec::with_capacity(clusters.len());
    // Each scored cluster's references and prepared articles, for `--compare`.
    let mut scored = Vec::with_capacity(clusters.len());
    let mut elapsed = 0.0;
    let mut summarizing = 0.0;
    for ((id, references, prepared, prepare_seconds), (sentences, first_seconds, fastest)) in
        clusters.into_iter().zip(summaries)
    {
        let seconds = prepare_seconds + first_seconds;
        elapsed += seconds;
        summarizing += fastest;
        if let Some(out) = dump.as_mut() {
            let record = SentenceDump {
                id: &id,
                words: budget,
                references: &references,
                titles: prepared
                    .docs
                    .iter()
                    .map(|d| d.article.title.as_str())
                    .collect(),
                sentences: prepared
                    .docs
                    .iter()
                    .flat_map(|d| d.sentences.iter().map(|s| d.sentence_text(s)))
                    .collect(),
            };
            serde_json::to_writer(&mut *out, &record)?;
            writeln!(out)?;
        }
        let text = summary_text(&sentences, budget);
        per_cluster.push(ClusterScore {
            id,
            articles: prepared.docs.len(),
            summary_words: text.split_whitespace().count(),
            ms: seconds * 1000.0,
            summarize_ms: fastest * 1000.0,
            summarize_first_ms: first_seconds * 1000.0,
            scores: score_text(&references, &text),
        });
        scored.push((references, prepared));
    }
    if let Some(mut out) = dump {
        out.flush()?;
    }
    if per_cluster.is_empty() {
        bail!(
            "{}: no cluster with reference summaries",
            args.data.display()
        );
    }
    let bootstrap = Bootstrap {
        resamples: args.bootstrap as usize,
        ..Bootstrap::default()
    };
    let scores: Vec<&RougeScores> = per_cluster.iter().map(|c| &c.scores).collect();
    let f1_of = |get: fn(&RougeScores) -> f64, scores: &[&RougeScores]| -> Vec<f64> {
        scores.iter().map(|s| get(s)).collect()
    };
    let f1_intervals = (args.bootstrap > 0).then(|| {
        Kinds::of(|get| {
            bootstrap
                .mean(&f1_of(get, &scores))
                .expect("clusters and resamples")
        })
    });
    let comparison = match &args.compare {
        Some(other) => {
            let method = summarize::method_by_name(other).context("unknown method")?;
            let theirs: Vec<RougeScores> = scored
                .iter()
                .map(|(references, prepared)| {
                    let sentences = summarize::summarize_sentences(
                        &prepared.docs,
                        &prepared.copy_of,
                        method.as_ref(),
                        &config.summarize,
                    );
                    score_text(references, &summary_text(&sentences, budget))
                })
                .collect();
            let theirs: Vec<&RougeScores> = theirs.iter().collect();
            Some(MethodComparison {
                method: other.clone(),
                mean: mean(theirs.iter().copied()),
                f1_difference: (args.bootstrap > 0).then(|| {
                    Kinds::of(|get| {
                        bootstrap
                            .paired(&f1_of(get, &scores), &f1_of(get, &theirs))
                            .expect("clusters and resamples")
                    })
                }),
            })
        }
        None => None,
    };
    let report = EvalReport {
        data: args.data.display().to_string(),
        method: args.method.clone(),
        words: budget,
        clusters: per_cluster.len(),
        skipped,
        mean: mean(per_cluster.iter().map(|c| &c.scores)),
        ms_per_cluster: elapsed * 1000.0 / per_cluster.len() as f64,
        summarize_ms_per_cluster: summarizing * 1000.0 / per_cluster.len() as f64,
        f1_intervals,
        comparison,
        per_cluster,
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{}: {} clusters, method {}, {} words",
            report.data, report.clusters, report.method, report.words
        )?;
        print_scores(&mut out, &report.mean)?;
        if let Some(intervals) = &report.f1_intervals {
            write!(
                out,
                "F1 95% interval over the clusters ({} resamples):",
                args.bootstrap
            )?;
            for (name, i) in intervals.named() {
                write!(
                    out,
                    "  {name} [{:.2}, {:.2}]",
                    i.low * 100.0,
                    i.high * 100.0
                )?;
            }
            writeln!(out)?;
        }
        if let Some(c) = &report.comparison {
            print_comparison(&mut out, &report, c, args.bootstrap)?;
        }
        writeln!(
            out,
            "{:.3} ms per cluster (clean, segment, dedup, summarize), {:.3} ms of it summarize",
            report.ms_per_cluster, report.summarize_ms_per_cluster
        )?;
        if skipped > 0 {
            writeln!(out, "{skipped} clusters without references skipped")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A summary's text cut at the budget, as every system's is before scoring.
fn summary_text(sentences: &[model::SummarySentence], budget: usize) -> String {
    cut_to_words(
        &sentences
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        budget,
    )
}

/// ROUGE of a summary's text, the mean over the cluster's references.
fn score_text(references: &[String], text: &str) -> RougeScores {
    let references: Vec<&str> = references.iter().map(String::as_str).collect();
    eval::rouge_multi(&references, text)
}

/// The lines of `--compare`: the other method's mean F1, and each kind's paired difference.
fn print_comparison(
    out: &mut impl Write,
    report: &EvalReport,
    c: &MethodComparison,
    resamples: u32,
) -> std::io::Result<()> {
    let mean = Kinds::of(|get| (get(&report.mean), get(&c.mean)));
    match &c.f1_difference {
        Some(_) => writeln!(
            out,
            "{} against {}, F1 x100 (paired bootstrap over the {} clusters, {resamples} resamples):",
            report.method, c.method, report.clusters
        )?,
        None => writeln!(out, "{} against {}, F1 x100:", report.method, c.method)?,
    }
    for (k, (name, (ours, theirs))) in mean.named().into_iter().enumerate() {
        write!(
            out,
            "{name}  {:6.2} against {:6.2}: {:+.2}",
            ours * 100.0,
            theirs * 100.0,
            (ours - theirs) * 100.0
        )?;
        if let Some(differences) = &c.f1_difference {
            let d = differences.named()[k].1;
            write!(
                out,
                "  [{:+.2}, {:+.2}], {} no better in {:.1}% of resamples",
                d.interval.low * 100.0,
                d.interval.high * 100.0,
                report.method,
                d.not_better * 100.0
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

pub(crate) fn run_rouge(args: &RougeArgs) -> anyhow::Result<ExitCode> {
    let read = |path: &std::path::Path| {
        std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {} as UTF-8 text", path.display()))
    };
    let (reference, candidate) = (read(&args.reference)?, read(&args.candidate)?);
    let pairs: Vec<(&str, &str)> = if args.lines {
        let refs: Vec<&str> = reference.lines().collect();
        let cands: Vec<&str> = candidate.lines().collect();
        if refs.len() != cands.len() {
            bail!(
                "--lines needs as many lines in {} ({}) as in {} ({})",
                args.reference.display(),
                refs.len(),
                args.candidate.display(),
                cands.len()
            );
        }
        refs.into_iter().zip(cands).collect()
    } else {
        vec![(reference.as_str(), candidate.as_str())]
    };
    if pairs.is_empty() {
        bail!(
            "no lines to score: {} and {} are empty",
            args.reference.display(),
            args.candidate.display()
        );
    }
    for (what, path, text) in [
        ("reference", &args.reference, &reference),
        ("candidate", &args.candidate, &candidate),
    ] {
        if text.trim().is_empty() {
            errln!(
                "warning: the {what} {} is empty: its scores are 0",
                path.display()
            );
        }
    }
    let scores: Vec<RougeScores> = pairs.iter().map(|(r, c)| eval::rouge(r, c)).collect();
    let mean = mean(scores.iter());
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        #[derive(Serialize)]
        struct Doc<'a> {
            pairs: usize,
            mean: &'a RougeScores,
            per_pair: &'a [RougeScores],
        }
        serde_json::to_writer_pretty(
            &mut out,
            &Doc {
                pairs: scores.len(),
                mean: &mean,
                per_pair: &scores,
            },
        )?;
        writeln!(out)?;
    } else {
        print_scores(&mut out, &mean)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_scores(out: &mut impl Write, scores: &RougeScores) -> std::io::Result<()> {
    writeln!(out, "          P       R       F1   (x100)")?;
    for (name, prf) in [
        ("ROUGE-1", &scores.rouge1),
        ("ROUGE-2", &scores.rouge2),
        ("ROUGE-L", &scores.rouge_l),
    ] {
        writeln!(
            out,
            "{name}  {:6.2}  {:6.2}  {:6.2}",
            prf.precision * 100.0,
            prf.recall * 100.0,
            prf.f1 * 100.0
        )?;
    }
    Ok(())
}

pub(crate) fn mean<'s>(scores: impl Iterator<Item = &'s RougeScores>) -> RougeScores {
    let all: Vec<&RougeScores> = scores.collect();
    let n = all.len().max(1) as f64;
    let avg = |get: fn(&RougeScores) -> &Prf| Prf {
        precision: all.iter().map(|s| get(s).precision).sum::<f64>() / n,
        recall: all.iter().map(|s| get(s).recall).sum::<f64>() / n,
        f1: all.iter().map(|s| get(s).f1).sum::<f64>() / n,
    };
    RougeScores {
        rouge1: avg(|s| &s.rouge1),
        rouge2: avg(|s| &s.rouge2),
        rouge_l: avg(|s| &s.rouge_l),
    }
}

/// The first `words` whitespace-separated words of `text`: how every system's output is cut at
/// the budget before scoring, so that no method gains from running over it.
pub(crate) fn cut_to_words(text: &str, words: usize) -> String {
    text.split_whitespace()
        .take(words)
        .collect::<Vec<_>>()
        .join(" ")
}
