//! `chorus analyze` (the cross-source analysis of an event: text, JSON with provenance, or the
//! annotation schema) and `chorus eval-analysis` (that analysis, or any export in the annotation
//! schema, scored against a gold annotation file).

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Args;
use eval::annotation::Annotation;
use eval::annotation::{AnnotationScores, ArticleEntry, SectionScore};
use model::{Analysis, ArticleId, Document, Qualifier};
use pipeline::PipelineConfig;
use serde::Serialize;

/// Arguments of `chorus analyze`.
#[derive(Debug, Args)]
pub(crate) struct AnalyzeArgs {
    /// Files or folders of articles, read as by `chorus report`.
    #[arg(required = true, value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    /// Print the analysis as JSON, every item with its article, sentence and byte span.
    #[arg(long, conflicts_with = "as_annotation")]
    pub(crate) json: bool,
    /// Print the analysis in the gold-annotation schema (shared/annotations/README.md); with
    /// several events, a JSON array of them (pick one with --cluster).
    #[arg(long)]
    pub(crate) as_annotation: bool,
    /// Analyze only the cluster with this id (cluster JSON Lines inputs).
    #[arg(long, value_name = "ID")]
    pub(crate) cluster: Option<String>,
}

/// Arguments of `chorus eval-analysis`.
#[derive(Debug, Args)]
pub(crate) struct EvalAnalysisArgs {
    /// The gold annotation file (JSON, schema in shared/annotations/README.md).
    #[arg(value_name = "ANNOTATION")]
    pub(crate) annotation: PathBuf,
    /// The articles to analyze, read as by `chorus report`; or one .json file already in the
    /// annotation schema (any system's export), which is scored as it is.
    #[arg(required = true, value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    /// Analyze only the cluster with this id (cluster JSON Lines inputs).
    #[arg(long, value_name = "ID")]
    pub(crate) cluster: Option<String>,
    /// Print the scores as JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

/// One analysed event.
struct AnalyzedEvent {
    id: String,
    name: String,
    docs: Vec<Document>,
    analysis: Analysis,
}

impl AnalyzedEvent {
    fn annotation(&self) -> Annotation {
        let articles = self
            .docs
            .iter()
            .map(|d| ArticleEntry::from_article(&d.article))
            .collect();
        Annotation::from_analysis(&self.name, articles, &self.analysis)
    }
}

/// Reads the paths and analyses each event (the loose articles, or each cluster).
fn analyze_paths(paths: &[PathBuf], cluster: Option<&str>) -> Vec<AnalyzedEvent> {
    let read_config = ingest::ReadConfig {
        cluster: cluster.map(str::to_owned),
        ..ingest::ReadConfig::default()
    };
    let input = ingest::read_paths(paths, &read_config);
    crate::render::diagnostics(&input.diagnostics);
    let config = PipelineConfig::default();
    let mut events = Vec::new();
    for group in input.groups {
        let prepared = pipeline::prepare(group.articles, &config);
        for warning in &prepared.warnings {
            errln!("warning: {warning}");
        }
        if prepared.docs.is_empty() {
            continue;
        }
        let analysis = pipeline::analyze(&prepared);
        let id = pipeline::event_id(&prepared.docs);
        let name = group
            .id
            .clone()
            .or_else(|| match paths {
                [one] => one
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .filter(|s| !s.is_empty() && s != "-"),
                _ => None,
            })
            .unwrap_or_else(|| id.clone());
        events.push(AnalyzedEvent {
            id,
            name,
            docs: prepared.docs,
            analysis,
        });
    }
    events
}

/// One article as `chorus analyze --json` lists it.
#[derive(Serialize)]
struct ArticleDoc<'a> {
    id: &'a ArticleId,
    outlet: Option<&'a str>,
    title: &'a str,
    time: Option<&'a str>,
    url: Option<&'a str>,
}

/// One event of `chorus analyze --json`.
#[derive(Serialize)]
struct EventDoc<'a> {
    id: &'a str,
    name: &'a str,
    articles: Vec<ArticleDoc<'a>>,
    analysis: &'a Analysis,
}

pub(crate) fn run_analyze(args: &AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let events = analyze_paths(&args.paths, args.cluster.as_deref());
    if events.is_empty() {
        errln!("error: no usable article in the inputs");
        return Ok(ExitCode::from(1));
    }
    let mut out = Vec::new();
    if args.as_annotation {
        let annotations: Vec<Annotation> = events.iter().map(AnalyzedEvent::annotation).collect();
        if let [one] = annotations.as_slice() {
            serde_json::to_writer_pretty(&mut out, one)?;
        } else {
            errln!(
                "warning: {} events, printed as a JSON array; pick one with --cluster ID",
                annotations.len()
            );
            serde_json::to_writer_pretty(&mut out, &annotations)?;
        }
        writeln!(out)?;
    } else if args.json {
        #[derive(Serialize)]
        struct Doc<'a> {
            events: Vec<EventDoc<'a>>,
        }
        let doc = Doc {
            events: events
                .iter()
                .map(|e| EventDoc {
                    id: &e.id,
                    name: &e.name,
                    articles: e
                        .docs
                        .iter()
                        .map(|d| ArticleDoc {
                            id: &d.article.id,
                            outlet: d.article.source.as_deref(),
                            title: &d.article.title,
                            time: d.article.time.as_deref(),
                            url: d.article.url.as_deref(),
                        })
                        .collect(),
                    analysis: &e.analysis,
                })
                .collect(),
        };
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
    } else {
        let mut safe = crate::render::TerminalSafe(&mut out);
        for (i, event) in events.iter().enumerate() {
            if i > 0 {
                writeln!(safe)?;
            }
            render_analysis(&mut safe, event)?;
        }
    }
    print(&out)
}

/// Writes the output to stdout; a reader that stops early (`| head`) is not an error.
fn print(bytes: &[u8]) -> anyhow::Result<ExitCode> {
    let stdout = io::stdout();
    let mut lock = stdout.lock();
    match lock.write_all(bytes).and_then(|()| lock.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// The readable analysis: articles numbered in input order, and every item marked with the
/// numbers of the articles that carry it.
fn render_analysis(out: &mut impl Write, event: &AnalyzedEvent) -> io::Result<()> {
    writeln!(out, "ANALYSIS {} ({})", event.name, event.id)?;
    writeln!(out, "\nARTICLES")?;
    for (i, d) in event.docs.iter().enumerate() {
        let outlet = d.article.source.as_deref().unwrap_or("unknown outlet");
        let mut details = vec![format!("id {}", d.article.id)];
        if let Some(time) = &d.article.time {
            details.push(time.clone());
        }
        writeln!(out, "  [{}] {outlet}: {}", i + 1, d.article.title.trim())?;
        writeln!(out, "      {}", details.join(" · "))?;
    }

    render_sections(out, &event.docs, &event.analysis)
}

/// The analysis sections (entities, quotes, figures, labels, timeline, coverage, noise), with
/// articles numbered in the order of `docs`; shared by `chorus analyze` and `chorus report`.
pub(crate) fn render_sections(
    out: &mut impl Write,
    docs: &[Document],
    a: &Analysis,
) -> io::Result<()> {
    let numbers: HashMap<&ArticleId, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (&d.article.id, i + 1))
        .collect();
    let outlet_of: HashMap<&ArticleId, &str> = docs
        .iter()
        .map(|d| {
            let outlet = d.article.source.as_deref().unwrap_or(d.article.id.as_str());
            (&d.article.id, outlet)
        })
        .collect();
    let marks = |ids: &[ArticleId]| {
        let list: Vec<String> = ids
            .iter()
            .filter_map(|id| numbers.get(id))
            .map(usize::to_string)
            .collect();
        format!("[{}]", list.join(","))
    };
    writeln!(out, "\nENTITIES ({})", a.entities.len())?;
    for e in &a.entities {
        let kind = serde_json::to_value(e.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        writeln!(out, "  {} ({kind}) {}", e.name, marks(&e.articles))?;
        if !e.aliases.is_empty() {
            writeln!(out, "      also: {}", e.aliases.join("; "))?;
        }
        if !e.roles.is_empty() {
            writeln!(out, "      roles: {}", e.roles.join("; "))?;
        }
    }

    writeln!(out, "\nQUOTES ({})", a.quotes.len())?;
    let mut by_speaker: BTreeMap<&str, Vec<&model::Quote>> = BTreeMap::new();
    for q in &a.quotes {
        by_speaker.entry(q.speaker.as_str()).or_default().push(q);
    }
    for (speaker, quotes) in by_speaker {
        let role = quotes.iter().find_map(|q| q.role.as_deref());
        match role {
            Some(role) => writeln!(out, "  {speaker}, {role}")?,
            None => writeln!(out, "  {speaker}")?,
        }
        for q in quotes {
            let text = one_line(&q.text);
            match q.kind {
                model::QuoteKind::Direct => writeln!(out, "    “{text}” {}", marks(&q.articles))?,
                model::QuoteKind::Reported => {
                    writeln!(out, "    (reported) {text} {}", marks(&q.articles))?
                }
            }
        }
    }

    writeln!(out, "\nFIGURES ({})", a.figures.len())?;
    let disputed: HashMap<&str, usize> = a
        .disagreements
        .iter()
        .map(|d| (d.group.as_str(), d.values.len()))
        .collect();
    for f in &a.figures {
        let flag = if disputed.contains_key(f.group.as_str()) {
            "!"
        } else {
            " "
        };
        writeln!(
            out,
            " {flag} {} {} {} ({})",
            amount(f.value, f.low, f.high, f.qualifier),
            f.counts,
            marks(&f.articles),
            f.surface
        )?;
    }
    if !a.disagreements.is_empty() {
        writeln!(out, "\nDISAGREEMENTS ({})", a.disagreements.len())?;
        for d in &a.disagreements {
            writeln!(out, "  ! {} ({})", d.counts, d.group)?;
            for side in &d.values {
                let outlets: Vec<String> = side
                    .articles
                    .iter()
                    .map(|id| {
                        let n = numbers.get(id).map(usize::to_string).unwrap_or_default();
                        format!(
                            "{} [{n}]",
                            outlet_of.get(id).copied().unwrap_or(id.as_str())
                        )
                    })
                    .collect();
                writeln!(
                    out,
                    "      {}: {}",
                    amount(side.value, side.low, side.high, side.qualifier),
                    outlets.join(", ")
                )?;
            }
        }
    }

    writeln!(out, "\nLABELS ({})", a.framing.labels.len())?;
    let mut current: Option<&ArticleId> = None;
    for l in &a.framing.labels {
        if current != Some(&l.article) {
            let outlet = l
                .outlet
                .as_deref()
                .or_else(|| outlet_of.get(&l.article).copied())
                .unwrap_or(l.article.as_str());
            let n = numbers
                .get(&l.article)
                .map(usize::to_string)
                .unwrap_or_default();
            writeln!(out, "  {outlet} [{n}]")?;
            current = Some(&l.article);
        }
        let terms: Vec<&str> = l.terms.iter().map(|t| t.term.as_str()).collect();
        writeln!(out, "      {}: {}", l.actor, terms.join(", "))?;
    }
    for d in &a.framing.distinctive {
        let actor = d.actor.as_deref().unwrap_or("loaded word");
        writeln!(
            out,
            "  distinctive: “{}” ({actor}) used by {} not by {}",
            d.term,
            marks(&d.used_by),
            marks(&d.not_used_by)
        )?;
    }

    writeln!(out, "\nTIMELINE ({})", a.timeline.len())?;
    for t in &a.timeline {
        writeln!(
            out,
            "  {:<10} {} {}",
            t.date,
            one_line(&t.what),
            marks(&t.articles)
        )?;
    }

    if !a.coverage.outlets.is_empty() {
        writeln!(out, "\nCOVERAGE ({} facts)", a.coverage.facts.len())?;
        for c in &a.coverage.outlets {
            let outlet = c
                .outlet
                .as_deref()
                .or_else(|| outlet_of.get(&c.article).copied())
                .unwrap_or(c.article.as_str());
            writeln!(
                out,
                "  {outlet} {}: {:.0}% of the facts, {} omissions",
                marks(std::slice::from_ref(&c.article)),
                c.share * 100.0,
                c.omissions.len()
            )?;
        }
    }

    let mut per_article: Vec<String> = Vec::new();
    for d in docs {
        let n = a.noise.iter().filter(|l| l.article == d.article.id).count();
        if n > 0 {
            per_article.push(format!("{n} in [{}]", numbers[&d.article.id]));
        }
    }
    writeln!(
        out,
        "\nNOISE: {} lines removed as boilerplate{}",
        a.noise.len(),
        if per_article.is_empty() {
            String::new()
        } else {
            format!(" ({})", per_article.join(", "))
        }
    )?;
    Ok(())
}

/// A figure's value as read: "at least 46", "3,000 to 4,000", "0.333".
fn amount(value: Option<f64>, low: Option<f64>, high: Option<f64>, q: Qualifier) -> String {
    let number = |v: f64| {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            let digits = format!("{}", v.abs() as u64);
            let mut grouped = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            if v < 0.0 {
                format!("-{grouped}")
            } else {
                grouped
            }
        } else {
            format!("{v}")
        }
    };
    let core = match (value, low, high) {
        (Some(v), _, _) => number(v),
        (None, Some(l), Some(h)) => format!("{} to {}", number(l), number(h)),
        _ => "?".to_owned(),
    };
    match q {
        Qualifier::Exact | Qualifier::Range => core,
        Qualifier::LessThan => format!("less than {core}"),
        other => format!("{} {core}", eval::annotation::qualifier_name(other)),
    }
}

/// Text on one line: inner line breaks become spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a path is a JSON file in the annotation schema: a `.json` file holding an object with
/// a `name` or an `entities` key.
fn read_annotation_export(path: &Path) -> anyhow::Result<Option<Annotation>> {
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if !is_json || !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read {} as UTF-8 text", path.display()))?;
    let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Ok(None);
    };
    let Some(object) = value.as_object() else {
        return Ok(None);
    };
    if !object.contains_key("name") && !object.contains_key("entities") {
        return Ok(None);
    }
    let annotation = serde_json::from_value(value)
        .with_context(|| format!("{}: not in the annotation schema", path.display()))?;
    Ok(Some(annotation))
}

fn read_gold(path: &Path) -> anyhow::Result<Annotation> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read {} as UTF-8 text", path.display()))?;
    serde_json::from_str(&text)
        .with_context(|| format!("{}: not an annotation file", path.display()))
}

/// The JSON document of `chorus eval-analysis --json`.
#[derive(Serialize)]
struct EvalAnalysisDoc<'a> {
    annotation: String,
    predicted: String,
    #[serde(flatten)]
    scores: &'a AnnotationScores,
}

pub(crate) fn run_eval_analysis(args: &EvalAnalysisArgs) -> anyhow::Result<ExitCode> {
    let gold = read_gold(&args.annotation)?;
    let (predicted, source) = match args.paths.as_slice() {
        [one] => match read_annotation_export(one)? {
            Some(export) => (export, one.display().to_string()),
            None => (analyze_one(args)?, "chorus analyze".to_owned()),
        },
        _ => (analyze_one(args)?, "chorus analyze".to_owned()),
    };
    for problem in predicted.schema_problems().iter().take(10) {
        errln!("warning: prediction: {problem}");
    }
    let gold_ids: Vec<&str> = gold.articles.iter().map(|a| a.id.as_str()).collect();
    let missing: Vec<&str> = gold_ids
        .iter()
        .copied()
        .filter(|id| !predicted.articles.iter().any(|a| a.id == *id))
        .collect();
    if !predicted.articles.is_empty() && !missing.is_empty() {
        errln!(
            "warning: {} of {} annotated articles are not among the predicted articles: {}",
            missing.len(),
            gold_ids.len(),
            missing.join(", ")
        );
    }
    let scores = eval::annotation::score_files([(&gold, &predicted)]);
    let mut out = Vec::new();
    if args.json {
        let doc = EvalAnalysisDoc {
            annotation: args.annotation.display().to_string(),
            predicted: source,
            scores: &scores,
        };
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{} ({} articles) against {source} ({} articles)",
            args.annotation.display(),
            gold.articles.len(),
            predicted.articles.len()
        )?;
        print_scores(&mut out, &scores)?;
    }
    print(&out)
}

/// Runs the analysis on the paths of `eval-analysis`; exactly one event must come out.
fn analyze_one(args: &EvalAnalysisArgs) -> anyhow::Result<Annotation> {
    let mut events = analyze_paths(&args.paths, args.cluster.as_deref());
    match events.len() {
        0 => bail!("no usable article in the inputs"),
        1 => Ok(events.remove(0).annotation()),
        n => bail!("the inputs hold {n} events; pick one with --cluster ID"),
    }
}

fn print_scores(out: &mut impl Write, scores: &AnnotationScores) -> io::Result<()> {
    let m = &scores.micro;
    writeln!(
        out,
        "{:<18} {:>7} {:>5} {:>5} {:>7} {:>7} {:>7}",
        "section", "matched", "pred", "gold", "P", "R", "F1"
    )?;
    let row = |out: &mut dyn Write, name: &str, s: &SectionScore, extra: String| {
        writeln!(
            out,
            "{name:<18} {:>7} {:>5} {:>5} {:>7.3} {:>7.3} {:>7.3}{extra}",
            s.matched, s.predicted, s.gold, s.precision, s.recall, s.f1
        )
    };
    row(
        out,
        "entities",
        &m.entities.score,
        format!(
            "   alias recall {:.3} ({}/{})",
            m.entities.alias_recall.value,
            m.entities.alias_recall.found,
            m.entities.alias_recall.total
        ),
    )?;
    row(out, "quotes direct", &m.quotes.direct, String::new())?;
    row(out, "quotes reported", &m.quotes.reported, String::new())?;
    row(
        out,
        "quotes all",
        &m.quotes.all,
        format!("   article jaccard {:.3}", m.quotes.article_jaccard.mean),
    )?;
    row(
        out,
        "figures",
        &m.figures.score,
        format!(
            "   article recall {:.3} ({}/{})",
            m.figures.article_recall.value,
            m.figures.article_recall.found,
            m.figures.article_recall.total
        ),
    )?;
    row(out, "disagreements", &m.disagreements, String::new())?;
    row(out, "labels", &m.labels, String::new())?;
    row(out, "timeline", &m.timeline, String::new())?;
    row(out, "noise", &m.noise, String::new())?;
    if scores.files.len() > 1 {
        for f in &scores.files {
            writeln!(
                out,
                "  {}: entities F1 {:.3}, quotes F1 {:.3}, figures F1 {:.3}, noise F1 {:.3}",
                f.name,
                f.scores.entities.score.f1,
                f.scores.quotes.all.f1,
                f.scores.figures.score.f1,
                f.scores.noise.f1
            )?;
        }
    }
    Ok(())
}
