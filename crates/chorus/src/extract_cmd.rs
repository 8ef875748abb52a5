//! `chorus extract` (the article of HTML pages and of WARC files' HTML records, as text or JSON
//! with metadata and byte spans) and `chorus eval-extraction` (extraction scored on an
//! extraction set with that set's own metric).

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
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
    /// HTML pages (any charset; the declared one, else a guess) and WARC files (`.warc`,
    /// `.warc.gz`: every HTML response record).
    #[arg(required = true, value_name = "PAGE|WARC")]
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
    /// The record's number in a WARC file.
    #[serde(skip_serializing_if = "Option::is_none")]
    record: Option<u64>,
    /// The address the page was fetched from (a WARC record's target, or `--url`).
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
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
    for path in &args.pages {
        for item in input_pages(path, args.url.as_deref(), &config) {
            let page = match item {
                PageItem::Page(page) => page,
                PageItem::Warning(w) => {
                    errln!("warning: {}: {w}", path.display());
                    continue;
                }
            };
            let article = match html::extract(&page.html, page.url.as_deref(), &config) {
                Ok(a) => a,
                Err(e) => {
                    errln!("warning: {}: {e}", page.label());
                    continue;
                }
            };
            ok += 1;
            print_article(&mut out, &article, args.json, ok, |text| PageJson {
                path: page.path.clone(),
                record: page.record,
                url: page.url.clone(),
                text,
                article: &article,
            })?;
        }
    }
    Ok(exit_status(ok))
}

/// Prints the `count`-th extracted article (from 1): one JSON line, built by `json` around the
/// article's text, or the text itself with a blank line before every article but the first.
pub(crate) fn print_article<J: Serialize>(
    out: &mut impl Write,
    article: &Extracted,
    as_json: bool,
    count: usize,
    json: impl FnOnce(String) -> J,
) -> anyhow::Result<()> {
    if as_json {
        serde_json::to_writer(&mut *out, &json(article.text()))?;
        writeln!(out)?;
    } else {
        if count > 1 {
            writeln!(out)?;
        }
        writeln!(crate::render::TerminalSafe(&mut *out), "{}", article.text())?;
    }
    Ok(())
}

/// Exit status of a command that extracts articles: 1 when none came out.
pub(crate) fn exit_status(articles: usize) -> ExitCode {
    if articles == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// One page to extract: where it came from, its address, and its decoded HTML.
pub(crate) struct InputPage {
    /// The input path as given.
    pub(crate) path: String,
    /// The record's number, for a page from a WARC file.
    pub(crate) record: Option<u64>,
    /// The page's address, when known.
    pub(crate) url: Option<String>,
    /// The page, decoded from its charset.
    pub(crate) html: String,
}

impl InputPage {
    /// The page's name in messages: the path, with the record and URL for a WARC record.
    pub(crate) fn label(&self) -> String {
        match (self.record, &self.url) {
            (Some(r), Some(url)) => format!("{}: record {r} ({url})", self.path),
            (Some(r), None) => format!("{}: record {r}", self.path),
            _ => self.path.clone(),
        }
    }
}

/// What reading an input path gives, in order: pages, and warnings about what is not one.
pub(crate) enum PageItem {
    /// A page to extract.
    Page(InputPage),
    /// Something that could not be read or is not a page (message without the path).
    Warning(String),
}

/// The pages of one input path: every HTML response record of a WARC file (plain or gzip,
/// streamed), else the file itself as one page. `url` is the address of a single page.
pub(crate) fn input_pages(
    path: &Path,
    url: Option<&str>,
    config: &ExtractConfig,
) -> Box<dyn Iterator<Item = PageItem>> {
    if let Some(pages) = crate::fetch_cmd::url_list_pages(path) {
        return pages;
    }
    let shown = path.display().to_string();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let warc = name.ends_with(".warc")
        || name.ends_with(".warc.gz")
        || read_head(path).is_some_and(|head| web::warc::looks_like_warc(&head));
    if warc {
        return match web::warc::open(path, &web::WarcConfig::default()) {
            Ok(reader) => Box::new(WarcPages {
                reader,
                path: shown,
                skipped: BTreeMap::new(),
                finished: false,
            }),
            Err(e) => Box::new(std::iter::once(PageItem::Warning(format!(
                "cannot read: {e}"
            )))),
        };
    }
    let item = match read_page(path, config) {
        Ok(html) => PageItem::Page(InputPage {
            path: shown,
            record: None,
            url: url.map(str::to_owned),
            html,
        }),
        Err(e) => PageItem::Warning(format!("{e:#}")),
    };
    Box::new(std::iter::once(item))
}

/// The first bytes of a file, for sniffing its format.
fn read_head(path: &Path) -> Option<Vec<u8>> {
    let mut head = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(512)
        .read_to_end(&mut head)
        .ok()?;
    Some(head)
}

/// A page file, decoded; refused when larger than the extraction limit.
fn read_page(path: &Path, config: &ExtractConfig) -> anyhow::Result<String> {
    let meta = std::fs::metadata(path).with_context(|| "cannot read")?;
    if meta.len() > config.max_bytes as u64 {
        bail!(
            "page of {} bytes is larger than the limit of {} bytes",
            meta.len(),
            config.max_bytes
        );
    }
    let bytes = std::fs::read(path).with_context(|| "cannot read")?;
    Ok(html::decode(&bytes))
}

/// The HTML pages of a WARC file, then one warning with the count of the records that are not.
struct WarcPages {
    reader: web::WarcReader<std::fs::File>,
    path: String,
    skipped: BTreeMap<String, u64>,
    finished: bool,
}

impl Iterator for WarcPages {
    type Item = PageItem;

    fn next(&mut self) -> Option<PageItem> {
        if self.finished {
            return None;
        }
        loop {
            match self.reader.next() {
                Some(Ok(web::WarcEntry::Page(page))) => {
                    return Some(PageItem::Page(InputPage {
                        path: self.path.clone(),
                        record: Some(page.record),
                        url: page.url,
                        html: html::decode(&page.body),
                    }));
                }
                Some(Ok(web::WarcEntry::Skipped { kind, .. })) => {
                    *self.skipped.entry(kind).or_default() += 1;
                }
                Some(Err(e)) => return Some(PageItem::Warning(e.to_string())),
                None => {
                    self.finished = true;
                    let count: u64 = self.skipped.values().sum();
                    if count == 0 {
                        return None;
                    }
                    let kinds: Vec<String> = self
                        .skipped
                        .iter()
                        .map(|(kind, n)| format!("{n} {kind}"))
                        .collect();
                    return Some(PageItem::Warning(format!(
                        "skipped {count} WARC records that are not HTML pages ({})",
                        kinds.join(", ")
                    )));
                }
            }
        }
    }
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
    /// Milliseconds of extraction alone: the decoded page in, the article text out.
    ms: f64,
    /// The extracted text, so that other scorers can check this one's figures.
    text: Option<String>,
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
        errln!("warning: {}: {d}", args.data.display());
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
        // Timed like peers are: an HTML string in, the article's text out.
        let start = Instant::now();
        let result = html::extract(&r.html, r.url.as_deref(), &config).map(|a| a.text());
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        times.push(ms);
        let (output, error) = match result {
            Ok(text) => (Some(text), None),
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
            text: None,
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
        page.text = output;
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
