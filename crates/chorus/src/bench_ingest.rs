//! `chorus bench-ingest`: the throughput benchmark of `chorus ingest` on a large generated stream.
//!
//! The stream is made deterministically (from `--seed`) by recombining the sentences of the
//! dev sets: each generated event takes a real cluster of the dev sets as its home, and each of
//! its articles is a title of that cluster and 8 to 25 sentences drawn mostly from it (the rest
//! from anywhere), in paragraphs, under a dateline naming the event's town, sometimes with a
//! boilerplate line (a share prompt, a copyright line) for the cleaner to remove. Outlets are the
//! outlet names the dev sets carry, URLs are built from outlet, date and title, and times spread
//! over weeks in time order; about 2% of the articles are exact duplicates (the same URL or the
//! same text under another) and 3% near copies (a reprint with a new lead and its last sentence
//! cut). Event sizes follow a long tail (most events have 1 to 4 articles, a few up to 64).
//!
//! The stream is first written to a JSON Lines file beside the database, untimed: making the
//! stream is not part of ingesting it. The timed run then reads that file line by line, in
//! batches, so that the input does not hold memory, and the articles go through the same code as
//! `chorus ingest` (read each line, clean, segment, dedup, cluster, store in SQLite on disk, with
//! a commit per batch). It prints articles per second (wall and CPU) over the whole stream and
//! for each window of `--window` articles, the time of each stage, the peak resident memory,
//! and the database's size per article; then recomputes the reports of the changed events, as
//! `chorus ingest` does at its end, and prints that time on its own line.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Args;
use cluster::ClusterConfig;
use model::{Article, ArticleId, Origin};
use pipeline::PipelineConfig;
use serde::Serialize;
use store::{OpenMode, SqliteStore, Store};

use crate::ingest_cmd::{BatchDone, Ingest, StageTimes};

/// Arguments of `chorus bench-ingest`.
#[derive(Debug, Args)]
pub(crate) struct BenchIngestArgs {
    /// Articles in the generated stream.
    #[arg(long, default_value_t = 200_000)]
    pub(crate) articles: usize,
    /// Seed of the generator: the same seed gives the same stream.
    #[arg(long, default_value_t = 1)]
    pub(crate) seed: u64,
    /// The folder of the dev sets whose sentences are recombined.
    #[arg(long, value_name = "DIR", default_value = "../shared/data")]
    pub(crate) data: PathBuf,
    /// The database to create (it must not exist). Default: a file in the temporary folder,
    /// removed at the end.
    #[arg(long, value_name = "PATH")]
    pub(crate) db: Option<PathBuf>,
    /// Articles per transaction, as `chorus ingest --batch-size`.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub(crate) batch_size: u32,
    /// Articles per line of the per-window table.
    #[arg(long, default_value_t = 20_000)]
    pub(crate) window: usize,
    /// Do not recompute the reports at the end.
    #[arg(long)]
    pub(crate) no_reports: bool,
    /// Write the generated stream as JSON Lines to this file and stop (to time `chorus ingest`
    /// itself on the same articles).
    #[arg(long, value_name = "FILE")]
    pub(crate) write_jsonl: Option<PathBuf>,
    /// Print the figures as JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

/// The figures of one run.
#[derive(Debug, Serialize)]
struct Figures {
    articles: usize,
    seed: u64,
    batch_size: u32,
    events_planned: usize,
    exact_duplicates_planned: usize,
    near_copies_planned: usize,
    wall_seconds: f64,
    cpu_seconds: Option<f64>,
    articles_per_second: f64,
    articles_per_cpu_second: Option<f64>,
    windows: Vec<Window>,
    stages: StageTimes,
    added: usize,
    duplicates: usize,
    near_duplicates: usize,
    events: usize,
    peak_rss_bytes: Option<u64>,
    db_bytes: u64,
    db_bytes_per_article: f64,
    reports: usize,
    report_failures: usize,
    report_seconds: f64,
}

/// One window of the stream.
#[derive(Debug, Serialize)]
struct Window {
    /// Articles of the stream before the window.
    from: usize,
    /// Articles of the stream at its end.
    to: usize,
    articles_per_second: f64,
    articles_per_cpu_second: Option<f64>,
    /// Resident memory at its end.
    rss_bytes: Option<u64>,
}

pub(crate) fn run(args: &BenchIngestArgs) -> anyhow::Result<ExitCode> {
    let corpus = Corpus::load(&args.data)?;
    let plan = Plan::new(args.articles, args.seed);
    errln!(
        "bench-ingest: {} articles from {} dev clusters ({} sentences, {} outlets): {} events, \
         {} exact duplicates, {} near copies",
        plan.slots.len(),
        corpus.clusters.len(),
        corpus.sentence_count(),
        corpus.outlets.len(),
        plan.events,
        plan.exact,
        plan.near
    );
    if let Some(path) = &args.write_jsonl {
        write_jsonl(path, &corpus, &plan)?;
        errln!("bench-ingest: wrote {}", path.display());
        return Ok(ExitCode::SUCCESS);
    }

    let (db, remove) = match &args.db {
        Some(path) => (path.clone(), false),
        None => (
            std::env::temp_dir().join(format!("chorus-bench-{}.db", std::process::id())),
            true,
        ),
    };
    if db.exists() {
        bail!(
            "{}: exists; bench-ingest needs a new database",
            db.display()
        );
    }
    let figures = bench(args, &corpus, &plan, &db);
    if remove {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
    }
    let figures = figures?;
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&figures)?);
    }
    Ok(ExitCode::SUCCESS)
}

fn bench(
    args: &BenchIngestArgs,
    corpus: &Corpus,
    plan: &Plan,
    db: &Path,
) -> anyhow::Result<Figures> {
    let input = PathBuf::from(format!("{}.input.jsonl", db.display()));
    let written = Instant::now();
    write_jsonl(&input, corpus, plan)?;
    let input_bytes = std::fs::metadata(&input).map_or(0, |m| m.len());
    errln!(
        "bench-ingest: wrote the stream to {} ({:.0} MB) in {:.1} s, untimed",
        input.display(),
        input_bytes as f64 / 1e6,
        written.elapsed().as_secs_f64()
    );
    let figures = timed_ingest(args, plan, db, &input);
    let _ = std::fs::remove_file(&input);
    figures
}

/// Ingests the stream written to `input` into a new database at `db`, timed.
fn timed_ingest(
    args: &BenchIngestArgs,
    plan: &Plan,
    db: &Path,
    input: &Path,
) -> anyhow::Result<Figures> {
    let mut store = SqliteStore::open(db, OpenMode::Create)?;
    let mut ingest = Ingest::start(&store, PipelineConfig::default(), &ClusterConfig::default())?;
    ingest.tally.read = plan.slots.len();
    let batch_size = args.batch_size as usize;
    let file = std::fs::File::open(input)
        .with_context(|| format!("{}: cannot open the stream", input.display()))?;
    let shown = input.display().to_string();
    let extract = html::ExtractConfig::default();
    let failure: Arc<Mutex<Option<anyhow::Error>>> = Arc::default();
    let failed = Arc::clone(&failure);
    let mut lines = std::io::BufReader::with_capacity(1 << 20, file)
        .lines()
        .zip(1u64..);
    // The worker's thread runs this; a line that cannot be read ends the stream, and the error
    // is returned after it.
    let batches = std::iter::from_fn(move || {
        let mut batch = Vec::with_capacity(batch_size);
        while batch.len() < batch_size {
            let Some((line, lineno)) = lines.next() else {
                break;
            };
            let read = line
                .map_err(anyhow::Error::from)
                .and_then(|line| Ok(ingest::read_article_line(&shown, lineno, &line, &extract)?));
            match read {
                Ok(article) => batch.push(article),
                Err(error) => {
                    let error = error.context(format!("{shown}:{lineno}"));
                    *failed.lock().unwrap_or_else(PoisonError::into_inner) = Some(error);
                    return None;
                }
            }
        }
        (!batch.is_empty()).then_some(batch)
    });

    let window = args.window.max(1);
    let started = Instant::now();
    let cpu_start = cpu_time();
    let mut windows = Vec::new();
    let (mut mark, mut mark_time, mut mark_cpu) = (0, started, cpu_start);
    let mut on_batch = |batch: &BatchDone| {
        if batch.done / window > mark / window || batch.done == plan.slots.len() {
            let now = Instant::now();
            let cpu = cpu_time();
            let n = (batch.done - mark) as f64;
            windows.push(Window {
                from: mark,
                to: batch.done,
                articles_per_second: n / (now - mark_time).as_secs_f64(),
                articles_per_cpu_second: cpu
                    .zip(mark_cpu)
                    .map(|(c, m)| n / (c - m).as_secs_f64().max(1e-9)),
                rss_bytes: memory("VmRSS:"),
            });
            (mark, mark_time, mark_cpu) = (batch.done, now, cpu);
        }
    };
    ingest.stream(&mut store, batches, &mut on_batch)?;
    let wall = started.elapsed().as_secs_f64();
    if let Some(error) = failure
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take()
    {
        return Err(error.context("reading the generated stream back"));
    }
    let cpu = cpu_time()
        .zip(cpu_start)
        .map(|(c, s)| (c - s).as_secs_f64());
    let counts = store.counts()?;
    let db_bytes = ["", "-wal"]
        .iter()
        .filter_map(|s| std::fs::metadata(format!("{}{s}", db.display())).ok())
        .map(|m| m.len())
        .sum::<u64>();
    let n = plan.slots.len();
    let mut figures = Figures {
        articles: n,
        seed: args.seed,
        batch_size: args.batch_size,
        events_planned: plan.events,
        exact_duplicates_planned: plan.exact,
        near_copies_planned: plan.near,
        wall_seconds: wall,
        cpu_seconds: cpu,
        articles_per_second: n as f64 / wall,
        articles_per_cpu_second: cpu.map(|c| n as f64 / c.max(1e-9)),
        windows,
        stages: ingest.times,
        added: ingest.tally.added,
        duplicates: ingest.tally.duplicates,
        near_duplicates: ingest.tally.near_duplicates,
        events: counts.events,
        peak_rss_bytes: memory("VmHWM:"),
        db_bytes,
        db_bytes_per_article: db_bytes as f64 / counts.articles.max(1) as f64,
        reports: 0,
        report_failures: 0,
        report_seconds: 0.0,
    };
    // The stream's figures first: the reports after it can take a while.
    if !args.json {
        print_figures(&figures);
    }
    if !args.no_reports {
        ingest.refresh_reports(&mut store, &mut |_| {})?;
        figures.reports = ingest.tally.reports;
        figures.report_failures = ingest.tally.report_failures;
        figures.report_seconds = ingest.times.reports.as_secs_f64();
        if !args.json {
            outln!(
                "reports of changed events, after the stream: {} in {:.1} s ({} failed)",
                figures.reports,
                figures.report_seconds,
                figures.report_failures
            );
        }
    }
    Ok(figures)
}

fn print_figures(f: &Figures) {
    let mb = |b: Option<u64>| b.map_or("n/a".to_owned(), |b| format!("{:.0} MB", b as f64 / 1e6));
    let rate = |r: Option<f64>| r.map_or("n/a".to_owned(), |r| format!("{r:.0}"));
    outln!(
        "ingest of {} generated articles (seed {}, batch {}): {:.0} articles/s wall, {} articles per CPU-second",
        f.articles,
        f.seed,
        f.batch_size,
        f.articles_per_second,
        rate(f.articles_per_cpu_second)
    );
    outln!(
        "  {:.1} s wall, {} s CPU; added {}, duplicates {}, near-duplicates {}, events {}",
        f.wall_seconds,
        f.cpu_seconds
            .map_or("n/a".to_owned(), |c| format!("{c:.1}")),
        f.added,
        f.duplicates,
        f.near_duplicates,
        f.events
    );
    outln!("  window            articles/s  per CPU-s  RSS");
    for w in &f.windows {
        outln!(
            "  {:>7}-{:<7}  {:>10.0}  {:>9}  {}",
            w.from,
            w.to,
            w.articles_per_second,
            rate(w.articles_per_cpu_second),
            mb(w.rss_bytes)
        );
    }
    let s = &f.stages;
    let secs = |d: Duration| d.as_secs_f64();
    outln!(
        "  stages (s): worker: read {:.1}, clean+segment+shingle+features {:.1}; clusterer thread: {:.1}; main: waiting {:.1}, dedup {:.1}, waiting for the clusterer {:.1}, store {:.1}, checkpoint {:.1}, commit {:.1}",
        secs(s.read),
        secs(s.prepare),
        secs(s.cluster),
        secs(s.wait),
        secs(s.dedup),
        secs(s.wait_cluster),
        secs(s.store),
        secs(s.checkpoint),
        secs(s.commit)
    );
    outln!(
        "  thread CPU (s): worker preparing {:.1}; clusterer {:.1}; main {:.1} (commits {:.1})",
        secs(s.prepare_cpu),
        secs(s.cluster_cpu),
        secs(s.main_cpu),
        secs(s.commit_cpu)
    );
    outln!(
        "  peak RSS {}; database {:.1} MB, {:.0} bytes per article",
        mb(f.peak_rss_bytes),
        f.db_bytes as f64 / 1e6,
        f.db_bytes_per_article
    );
    use std::io::Write;
    let _ = std::io::stdout().flush();
}

/// CPU time of this process (user and system, all threads), from `/proc/self/stat`; `None`
/// where there is no such file.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name, in clock ticks
    // of 1/100 s (USER_HZ, 100 on every Linux architecture).
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// A memory figure of this process from `/proc/self/status` (`VmHWM:` is the peak resident
/// size, `VmRSS:` the current one), in bytes.
fn memory(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: u64 = line[field.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

/// The sentences of the dev sets, by real cluster, and the outlet names they carry.
struct Corpus {
    clusters: Vec<SourceCluster>,
    outlets: Vec<String>,
}

/// One real cluster: its titles and its sentences.
struct SourceCluster {
    titles: Vec<String>,
    sentences: Vec<String>,
}

/// The dev sets whose articles are recombined: the two clustering sets (one cluster per event
/// label) and the two summarization sets (one per cluster).
const SETS: [&str; 4] = [
    "giveme5w1h_news_cluster",
    "mmds2025_clustering",
    "allsides_roundups",
    "neus",
];

impl Corpus {
    fn load(data: &Path) -> anyhow::Result<Corpus> {
        let paths: Vec<PathBuf> = SETS
            .iter()
            .map(|set| data.join(set).join("dev.jsonl.gz"))
            .collect();
        if let Some(missing) = paths.iter().find(|p| !p.exists()) {
            bail!(
                "{}: missing; bench-ingest recombines the dev sets (pass --data DIR)",
                missing.display()
            );
        }
        let read = ingest::read_paths(&paths, &ingest::ReadConfig::default());
        let mut clusters = Vec::new();
        let mut outlets: Vec<String> = Vec::new();
        for group in read.groups {
            // Clustering sets: one cluster per label, in order of first appearance.
            let mut by_label: Vec<(Option<String>, Vec<Article>)> = Vec::new();
            let mut index: HashMap<Option<String>, usize> = HashMap::new();
            for (i, article) in group.articles.into_iter().enumerate() {
                let label = group.labels.get(i).cloned().flatten();
                let at = *index.entry(label.clone()).or_insert_with(|| {
                    by_label.push((label, Vec::new()));
                    by_label.len() - 1
                });
                by_label[at].1.push(article);
            }
            for (_, articles) in by_label {
                let mut cluster = SourceCluster {
                    titles: Vec::new(),
                    sentences: Vec::new(),
                };
                // The sentences of the cleaned articles, as the pipeline splits them.
                let prepared = pipeline::prepare_documents(articles, &PipelineConfig::default());
                for doc in &prepared.docs {
                    let article = &doc.article;
                    if let Some(source) = article.source.as_deref().map(str::trim) {
                        if !source.is_empty() && !outlets.iter().any(|o| o == source) {
                            outlets.push(source.to_owned());
                        }
                    }
                    if !article.title.trim().is_empty() {
                        cluster.titles.push(article.title.trim().to_owned());
                    }
                    for sentence in &doc.sentences {
                        let sentence = doc.sentence_text(sentence).trim();
                        if sentence.split_whitespace().count() >= 4 {
                            cluster.sentences.push(sentence.to_owned());
                        }
                    }
                }
                if !cluster.titles.is_empty() && cluster.sentences.len() >= 2 {
                    clusters.push(cluster);
                }
            }
        }
        if clusters.is_empty() {
            bail!("{}: no usable cluster in the dev sets", data.display());
        }
        outlets.sort();
        if outlets.len() < 8 {
            outlets.extend(
                [
                    "Meridian Wire",
                    "Civic Ledger",
                    "The Daily Courier",
                    "Harbor Times",
                ]
                .map(str::to_owned),
            );
        }
        Ok(Corpus { clusters, outlets })
    }

    fn sentence_count(&self) -> usize {
        self.clusters.iter().map(|c| c.sentences.len()).sum()
    }

    /// The article of one slot of the plan: a pure function of the plan's seed and the slot.
    fn article(&self, plan: &Plan, slot: &Slot) -> Article {
        let mut article = match slot.kind {
            Kind::Fresh => self.original(plan, slot.event, slot.member, slot.time),
            _ => self.original(plan, slot.event, 0, slot.first),
        };
        match slot.kind {
            Kind::Fresh => {}
            Kind::ExactSameUrl => {
                article.id.0.push_str("-again");
                article.time = Some(iso_time(slot.time));
            }
            Kind::ExactNewUrl => {
                let mut rng = Rng::new(plan.seed ^ 0xe7, slot.event, slot.member + 1000);
                let outlet = rng.pick(&self.outlets);
                article.id.0.push_str("-syndicated");
                article.url = Some(url(outlet, slot.time, &article.title, rng.next()));
                article.source = Some(outlet.clone());
                article.time = Some(iso_time(slot.time));
            }
            Kind::NearCopy => {
                let mut rng = Rng::new(plan.seed ^ 0x9c, slot.event, slot.member + 2000);
                let outlet = rng.pick(&self.outlets).clone();
                // A reprint: another outlet's dateline and lead, the last sentence cut.
                let body = article.text.split_once("\n\n").map_or("", |(_, b)| b);
                let body = body.rsplit_once(". ").map_or(body, |(b, _)| b);
                let from = rng.below(self.clusters.len());
                let lead = rng.pick(&self.clusters[from].sentences);
                article.text = format!("({outlet}) {lead}\n\n{body}.");
                article.id.0.push_str("-reprint");
                article.url = Some(url(&outlet, slot.time, &article.title, rng.next()));
                article.source = Some(outlet);
                article.time = Some(iso_time(slot.time));
            }
        }
        article
    }

    /// The original article `member` of generated event `event`.
    fn original(&self, plan: &Plan, event: u32, member: u32, time: i64) -> Article {
        let mut event_rng = Rng::new(plan.seed, event, u32::MAX);
        let home = &self.clusters[event_rng.below(self.clusters.len())];
        let town = town_name(&mut event_rng);
        let names = Renamer(event_rng.next());
        let mut rng = Rng::new(plan.seed, event, member);
        let outlet = rng.pick(&self.outlets).clone();
        let title: &String = rng.pick(&home.titles);
        let title = names.apply(title);
        let sentences = 8 + rng.below(18);
        // Up to half of the home cluster's sentences (each article its own half), the rest drawn
        // from anywhere: two reports of one event share some sentences, not most.
        let mut own: Vec<&String> = home.sentences.iter().collect();
        for i in (1..own.len()).rev() {
            own.swap(i, rng.below(i + 1));
        }
        own.truncate((home.sentences.len() / 2).max(1).min(sentences * 3 / 4));
        let mut text = format!("{} ({outlet}) -", town.to_uppercase());
        let mut in_paragraph = 0;
        for i in 0..sentences {
            let sentence = match own.get(i) {
                Some(sentence) => names.apply(sentence),
                None => {
                    let from = &self.clusters[rng.below(self.clusters.len())];
                    let sentence: &String = rng.pick(&from.sentences);
                    names.apply(sentence)
                }
            };
            if i > 0 && (in_paragraph >= 3 || (in_paragraph >= 1 && rng.below(2) == 0)) {
                text.push_str("\n\n");
                in_paragraph = 0;
            } else {
                text.push(' ');
            }
            text.push_str(&sentence);
            in_paragraph += 1;
        }
        match rng.below(10) {
            0 => text.push_str("\n\nShare this article on Facebook Twitter Email"),
            1 => text.push_str(&format!("\n\n© 2024 {outlet}. All rights reserved.")),
            2 => text.push_str("\n\nAdvertisement"),
            _ => {}
        }
        let id = format!("bench-{event:07}-{member:02}");
        Article {
            url: Some(url(&outlet, time, &title, rng.next())),
            id: ArticleId(id.clone()),
            title,
            text,
            source: Some(outlet),
            time: Some(iso_time(time)),
            origin: Origin {
                path: "bench-ingest".to_owned(),
                line: None,
            },
            meta: Default::default(),
        }
    }
}

/// What a slot of the stream holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An article of its own.
    Fresh,
    /// The event's first article again, under its own URL (a feed that repeats an item).
    ExactSameUrl,
    /// The event's first article again, word for word, under another outlet's URL.
    ExactNewUrl,
    /// The event's first article reprinted with another lead and a sentence cut.
    NearCopy,
}

/// One article of the stream, before its text is made.
#[derive(Debug, Clone, Copy)]
struct Slot {
    /// Seconds since 2024-01-01.
    time: i64,
    /// The time of the event's first article (which copies copy).
    first: i64,
    event: u32,
    member: u32,
    kind: Kind,
}

/// The stream's events, article times and copies, in time order.
struct Plan {
    seed: u64,
    slots: Vec<Slot>,
    events: usize,
    exact: usize,
    near: usize,
}

impl Plan {
    fn new(articles: usize, seed: u64) -> Plan {
        // About 4,000 articles a day (a large crawl), and at least two weeks.
        let days = (articles / 4000).max(14) as u64;
        let mut rng = Rng::new(seed, u32::MAX, u32::MAX);
        let mut slots = Vec::with_capacity(articles);
        let (mut events, mut exact, mut near) = (0, 0, 0);
        while slots.len() < articles {
            let event = events as u32;
            events += 1;
            let size = match rng.below(100) {
                0..65 => 1 + rng.below(4),
                65..95 => 5 + rng.below(16),
                _ => 21 + rng.below(44),
            };
            let start = rng.below((days * 86_400) as usize) as i64;
            for member in 0..size as u32 {
                if slots.len() == articles {
                    break;
                }
                // Most follow-ups within a day, some over three.
                let spread = if member == 0 {
                    0
                } else {
                    let r = rng.below(1000) as i64;
                    r * r * 259 / 1000
                };
                let kind = match (member, rng.below(100)) {
                    (0, _) => Kind::Fresh,
                    (_, 0) => Kind::ExactSameUrl,
                    (_, 1) => Kind::ExactNewUrl,
                    (_, 2..5) => Kind::NearCopy,
                    _ => Kind::Fresh,
                };
                match kind {
                    Kind::ExactSameUrl | Kind::ExactNewUrl => exact += 1,
                    Kind::NearCopy => near += 1,
                    Kind::Fresh => {}
                }
                slots.push(Slot {
                    time: start + spread.max(i64::from(member > 0) * 60),
                    first: start,
                    event,
                    member,
                    kind,
                });
            }
        }
        slots.sort_by_key(|s| (s.time, s.event, s.member));
        Plan {
            seed,
            slots,
            events,
            exact,
            near,
        }
    }
}

/// Writes the stream as JSON Lines of articles.
fn write_jsonl(path: &Path, corpus: &Corpus, plan: &Plan) -> anyhow::Result<()> {
    use std::io::Write;
    let file = std::fs::File::create(path)
        .with_context(|| format!("{}: cannot create", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    for slot in &plan.slots {
        let a = corpus.article(plan, slot);
        let line = serde_json::json!({
            "id": a.id.0, "title": a.title, "text": a.text, "url": a.url,
            "source": a.source, "time": a.time,
        });
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(())
}

/// A made-up town for an event's dateline.
fn town_name(rng: &mut Rng) -> String {
    const SYLLABLES: [&str; 16] = [
        "ka", "ro", "mi", "tel", "san", "dor", "vi", "len", "mar", "os", "tu", "bel", "qua", "rin",
        "ha", "gor",
    ];
    let mut name: String = (0..2 + rng.below(2))
        .map(|_| *rng.pick(&SYLLABLES))
        .collect();
    if let Some(first) = name.get(..1) {
        name = first.to_uppercase() + &name[1..];
    }
    name
}

/// The names of one generated event: every capitalized word after a sentence's first and every
/// number is replaced by one of its own, the same within the event, so that events made from one
/// real cluster tell of other people, places and figures (as two stories on one topic do).
struct Renamer(u64);

impl Renamer {
    fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 16);
        let mut first = true;
        let mut rest = text;
        while let Some(start) = rest.find(|c: char| c.is_alphanumeric()) {
            out.push_str(&rest[..start]);
            rest = &rest[start..];
            let end = rest
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(rest.len());
            let word = &rest[..end];
            // FNV-1a, seeded with the event's key; only numbers and names are replaced, so
            // only they are hashed.
            let hash = || {
                word.bytes().fold(self.0 ^ 0xcbf2_9ce4_8422_2325, |h, b| {
                    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
                })
            };
            if word.bytes().all(|b| b.is_ascii_digit()) {
                out.push_str(&(hash() % 10u64.pow(word.len().min(6) as u32)).to_string());
            } else if !first && word.len() > 1 && word.starts_with(|c: char| c.is_ascii_uppercase())
            {
                let mut rng = Rng(eval::SplitMix64(hash()));
                out.push_str(&town_name(&mut rng));
            } else {
                out.push_str(word);
            }
            first = false;
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }
}

/// An article URL on the outlet's (made-up) domain.
fn url(outlet: &str, time: i64, title: &str, salt: u64) -> String {
    let domain: String = outlet
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    let domain = if domain.contains('.') {
        domain
    } else {
        format!("www.{domain}.com")
    };
    let slug: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(str::to_lowercase)
        .collect();
    let date = iso_time(time);
    format!(
        "https://{domain}/{}/{}/{}-{:06x}",
        &date[..4],
        &date[5..7],
        slug.join("-"),
        salt & 0xff_ffff
    )
}

/// Seconds since 2024-01-01 as an ISO 8601 time.
fn iso_time(seconds: i64) -> String {
    const MONTHS: [i64; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let (mut day, rest) = (seconds / 86_400, seconds % 86_400);
    let mut year = 2024;
    loop {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let length = if leap { 366 } else { 365 };
        if day < length {
            let mut month = 0;
            while month < 12 {
                let days = if month == 1 && !leap {
                    28
                } else {
                    MONTHS[month]
                };
                if day < days {
                    break;
                }
                day -= days;
                month += 1;
            }
            return format!(
                "{year:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                month + 1,
                day + 1,
                rest / 3600,
                rest % 3600 / 60,
                rest % 60
            );
        }
        day -= length;
        year += 1;
    }
}

/// A small deterministic generator (SplitMix64), seeded per event and member so that any
/// article can be made again on its own.
struct Rng(eval::SplitMix64);

impl Rng {
    fn new(seed: u64, event: u32, member: u32) -> Rng {
        let mut rng = Rng(eval::SplitMix64(
            seed ^ (u64::from(event) << 32 | u64::from(member)).wrapping_mul(0x9e37_79b9_7f4a_7c15),
        ));
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0.next()
    }

    /// A number below `n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_iso_and_the_plan_is_sorted_and_seeded() {
        assert_eq!(iso_time(0), "2024-01-01T00:00:00Z");
        assert_eq!(iso_time(59 * 86_400 + 3661), "2024-02-29T01:01:01Z");
        assert_eq!(iso_time(366 * 86_400), "2025-01-01T00:00:00Z");
        let a = Plan::new(500, 7);
        assert_eq!(a.slots.len(), 500);
        assert!(a.slots.windows(2).all(|w| w[0].time <= w[1].time));
        let b = Plan::new(500, 7);
        assert!(
            a.slots
                .iter()
                .zip(&b.slots)
                .all(|(x, y)| (x.time, x.event, x.member) == (y.time, y.event, y.member))
        );
    }
}
