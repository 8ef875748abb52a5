//! `chorus extract` (the article of HTML pages, as text or JSON with metadata and byte spans) and
//! `chorus eval-extraction` (extraction scored on an extraction set with that set's own metric).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::Args;
use html::score::{ExtractionRecord, ShingleScore, SnippetCounts};
use html::{ExtractConfig, Extracted};
use serde::Serialize;

/// Arguments of `chorus extract`.
#[derive(Debug, Args)]
pub(crate) struct ExtractArgs {
    /// HTML pages (any charset; the declared one, else a guess).
    #[arg(required = true, value_name = "PAGE")]
    pub(crate) pages: Vec<PathBuf>,
    /// The page's address (helps with the date and site name); only with one page.
    #[arg(long, value_name = "URL")]
    pub(crate) url: Option<String>,
    /// Print one JSON object a page (metadata, text, paragraphs with byte spans) instead of text.
    #[arg(long)]
    pub(crate) json: bool,
}

/// Arguments of `chorus eval-extraction`.
#[derive(Debug, Args)]
pub(crate) struct EvalExtractionArgs {
    /// Extraction set, JSON Lines (optionally .gz): `{"id","url","html","text"}` a line, or with
    /// `must_contain`/`must_not_contain` snippet lists instead of `text`.
    #[arg(value_name = "DATA")]
    pub(crate) data: PathBuf,
    /// Print the scores, with every page's, as JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Serialize)]
struct PageJson<'a> {
    path: String,
    #[serde(flatten)]
    article: &'a Extracted,
    text: String,
}

/// Runs `chorus extract`.
pub(crate) fn run_extract(args: &ExtractArgs) -> anyhow::Result<ExitCode> {
    if args.url.is_some() && args.pages.len() > 1 {
        bail!("--url names the address of one page; give one PAGE with it");
    }
    let config = ExtractConfig::default();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut ok = 0;
    for (n, path) in args.pages.iter().enumerate() {
        let article = match extract_file(path, args.url.as_deref(), &config) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("warning: {}: {e:#}", path.display());
                continue;
            }
        };
        ok += 1;
        if args.json {
            let page = PageJson {
                path: path.display().to_string(),
                text: article.text(),
                article: &article,
            };
            serde_json::to_writer(&mut out, &page)?;
            writeln!(out)?;
        } else {
            if n > 0 && ok > 1 {
                writeln!(out)?;
            }
            writeln!(out, "{}", article.text())?;
        }
    }
    Ok(if ok == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn extract_file(
    path: &Path,
    url: Option<&str>,
    config: &ExtractConfig,
) -> anyhow::Result<Extracted> {
    let meta = std::fs::metadata(path).with_context(|| "cannot read")?;
    if meta.len() > config.max_bytes as u64 {
        bail!(
            "page of {} bytes is larger than the limit of {} bytes",
            meta.len(),
            config.max_bytes
        );
    }
    let bytes = std::fs::read(path).with_context(|| "cannot read")?;
    let page = html::decode(&bytes);
    Ok(html::extract(&page, url, config)?)
}

#[derive(Serialize)]
struct PageScore {
    id: String,
    url: Option<String>,
    /// Why no article came out, when none did.
    error: Option<String>,
    precision: Option<f64>,
    recall: Option<f64>,
    f1: Option<f64>,
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
    ms: f64,
}

#[derive(Serialize)]
struct SetScore {
    data: String,
    metric: &'static str,
    pages: usize,
    precision: f64,
    recall: f64,
    f1: f64,
    /// Only for snippet sets.
    accuracy: Option<f64>,
    not_an_article: usize,
    median_ms: f64,
    total_ms: f64,
    per_page: Vec<PageScore>,
}

/// Runs `chorus eval-extraction`.
pub(crate) fn run_eval_extraction(args: &EvalExtractionArgs) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(&args.data)
        .with_context(|| format!("cannot read {}", args.data.display()))?;
    let (records, diagnostics) = html::score::parse_records(&bytes);
    for d in &diagnostics {
        eprintln!("warning: {}: {d}", args.data.display());
    }
    if records.is_empty() {
        bail!("{}: no extraction records", args.data.display());
    }
    let score = evaluate(&args.data.display().to_string(), &records);
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &score)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{} ({} pages, {})",
            score.data, score.pages, score.metric
        )?;
        write!(
            out,
            "precision {:.4}  recall {:.4}  F1 {:.4}",
            score.precision, score.recall, score.f1
        )?;
        if let Some(a) = score.accuracy {
            write!(out, "  accuracy {a:.4}")?;
        }
        writeln!(out)?;
        writeln!(out, "not an article: {} pages", score.not_an_article)?;
        writeln!(
            out,
            "time: median {:.2} ms/page, total {:.1} ms",
            score.median_ms, score.total_ms
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn evaluate(data: &str, records: &[ExtractionRecord]) -> SetScore {
    let config = ExtractConfig::default();
    // A set with ground-truth bodies is scored with shingles, one with snippets by snippets.
    let shingles = records.iter().any(|r| r.text.is_some());
    let mut per_page = Vec::new();
    let mut shingle_scores = Vec::new();
    let mut counts = SnippetCounts::default();
    let mut times = Vec::new();
    let mut not_an_article = 0;
    for r in records {
        let start = Instant::now();
        let result = html::extract(&r.html, r.url.as_deref(), &config);
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        times.push(ms);
        let (output, error) = match result {
            Ok(a) => (Some(a.text()), None),
            Err(e) => {
                not_an_article += usize::from(matches!(e, html::Error::NotAnArticle { .. }));
                (None, Some(e.to_string()))
            }
        };
        let mut page = PageScore {
            id: r.id.clone(),
            url: r.url.clone(),
            error,
            precision: None,
            recall: None,
            f1: None,
            tp: 0,
            fp: 0,
            fn_: 0,
            tn: 0,
            ms,
        };
        if shingles {
            // The benchmark scores a missing prediction as an empty articleBody.
            let s: ShingleScore = html::score::shingle_match(
                r.text.as_deref().unwrap_or(""),
                output.as_deref().unwrap_or(""),
            );
            let (p, rc) = (s.precision(), s.recall());
            page.precision = Some(p);
            page.recall = Some(rc);
            page.f1 = Some(if p + rc > 0.0 {
                2.0 * p * rc / (p + rc)
            } else {
                0.0
            });
            shingle_scores.push(s);
        } else {
            let c = SnippetCounts::of_page(output.as_deref(), &r.must_contain, &r.must_not_contain);
            (page.tp, page.fp, page.fn_, page.tn) = (c.tp, c.fp, c.fn_, c.tn);
            counts.add(c);
        }
        per_page.push(page);
    }
    let total_ms: f64 = times.iter().sum();
    times.sort_by(f64::total_cmp);
    let median_ms = times.get(times.len() / 2).copied().unwrap_or(0.0);
    let (metric, precision, recall, f1, accuracy) = if shingles {
        let (p, r, f) = html::score::shingle_means(&shingle_scores);
        (
            "article-extraction-benchmark 4-word shingles, mean over pages",
            p,
            r,
            f,
            None,
        )
    } else {
        let (p, r, a, f) = counts.scores();
        (
            "trafilatura snippets: must-contain found = TP, must-not-contain found = FP",
            p,
            r,
            f,
            Some(a),
        )
    };
    SetScore {
        data: data.to_owned(),
        metric,
        pages: records.len(),
        precision,
        recall,
        f1,
        accuracy,
        not_an_article,
        median_ms,
        total_ms,
        per_page,
    }
}
