//! `chorus ingest`: read articles, skip exact duplicates, mark copies, assign events, and commit
//! batch by batch; then recompute the reports of the events that changed.
//!
//! Each batch of `--batch-size` articles (in time order) is one transaction: a killed ingest
//! loses at most the batch in flight, and running the same command again finishes the job. The
//! batches are cut from the whole input, stored or not, so that a resumed run cleans every batch
//! exactly as an uninterrupted run would (the cleaner compares the lines of a batch's articles).
//! An article that fails to store is rolled back alone and counted as an error.
//!
//! Three threads share the work: a worker prepares the batches ahead (clean, segment, content
//! hash, shingles, band keys and the clusterer's features of each article: pure functions of the
//! batch); the clusterer's thread decides each new article's event; the main thread finds exact
//! and near duplicates against the database and stores the articles as the decisions come. The
//! clusterer starts on the next batch (when the worker has it ready) while the main thread
//! commits the current one, and waits for a checkpoint to be written between two batches. The order of decisions is the input's, so
//! the result does not depend on the threads' timing.
//!
//! Reports are not recomputed after every batch (an event touched by twenty batches would be
//! summarized twenty times): a batch marks the events it changed stale, in its own transaction,
//! and the end of the run recomputes the report of every stale event once, on every core,
//! committing a few dozen at a time. An event's report is therefore up to date whenever no ingest
//! is running; a killed run leaves its events marked, and the next run (even one that adds
//! nothing) brings their reports up to date. While an ingest runs, readers see the reports as of
//! the previous run, and events it opened have none yet.

use std::collections::{BTreeSet, HashMap};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use cluster::{ArticleFeatures, ClusterConfig, Clusterer, FeatureExtractor};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use model::{Article, Document, EventReport};
use pipeline::{PipelineConfig, Prepared};
use serde::{Deserialize, Serialize};
use store::{
    ArticleRow, EventChoice, EventDocuments, EventRow, Fingerprint, NewArticle, OpenMode,
    SqliteStore, Store, StoredArticle,
};

use crate::events_cmd::{DbArgs, db_path};

/// Arguments of `chorus ingest`.
#[derive(Debug, Args)]
pub(crate) struct IngestArgs {
    /// Files or folders of articles: .txt (first line is the title), .jsonl of articles or of
    /// clusters (optionally .gz); `-` reads standard input.
    #[arg(required_unless_present = "feeds", value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) db: DbArgs,
    /// A list of RSS/Atom feed URLs, one a line (`#` comments): each feed is fetched politely and
    /// conditionally (an unchanged one costs nothing) and its new items are ingested.
    #[arg(long, value_name = "FEEDS")]
    pub(crate) feeds: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) fetch: crate::fetch_cmd::FetchOptions,
    /// Articles per transaction. Smaller batches lose less to a crash and show up sooner to
    /// readers; larger ones are faster.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub(crate) batch_size: u32,
}

/// What one ingest did, for the summary line.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub(crate) read: usize,
    pub(crate) added: usize,
    pub(crate) duplicates: usize,
    pub(crate) near_duplicates: usize,
    /// Events opened by this run.
    pub(crate) opened: BTreeSet<EventRow>,
    /// Events opened before this run that took articles.
    pub(crate) updated: BTreeSet<EventRow>,
    /// Inputs or articles refused: unreadable files and lines, pages that failed, articles that
    /// did not store.
    pub(crate) errors: usize,
    /// Inputs read as intended that hold nothing to ingest: WARC records that are not HTML
    /// pages (one per archive, with their count), listing pages.
    pub(crate) skipped: usize,
    /// Reports recomputed at the end of the run.
    pub(crate) reports: usize,
    /// Events whose report could not be computed (a stage panicked on their articles).
    pub(crate) report_failures: usize,
}

impl Tally {
    /// The one-line summary `chorus ingest` prints.
    pub(crate) fn summary_line(&self) -> String {
        format!(
            "read {}, added {}, duplicates {}, near-duplicates {}, events created {}, events updated {}, errors {}, skipped {}",
            self.read,
            self.added,
            self.duplicates,
            self.near_duplicates,
            self.opened.len(),
            self.updated.len(),
            self.errors,
            self.skipped
        )
    }
}

/// Where an ingest spent its time, summed over batches. The worker's stages (`read`, `prepare`)
/// overlap the main thread's (the others).
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub(crate) struct StageTimes {
    /// Worker: taking the next batch from the input (reading, or generating in the benchmark).
    pub(crate) read: Duration,
    /// Worker: cleaning, segmenting, hashing, shingling, band keys and clusterer features.
    pub(crate) prepare: Duration,
    /// Main: waiting for the worker's next batch.
    pub(crate) wait: Duration,
    /// Main: exact duplicates, near-copy candidates and comparisons, free ids.
    pub(crate) dedup: Duration,
    /// The clusterer (and catching up with articles another process stored): its own thread's
    /// time on its jobs, which overlaps the main thread's stages.
    pub(crate) cluster: Duration,
    /// Main: waiting for the clusterer's decision on the next article.
    pub(crate) wait_cluster: Duration,
    /// Main: storing articles, sentences, band keys, search entries, membership, stale marks.
    pub(crate) store: Duration,
    /// Main: writing the clusterer's checkpoint.
    pub(crate) checkpoint: Duration,
    /// Main: committing batches (the fsyncs of `synchronous=FULL`).
    pub(crate) commit: Duration,
    /// After the stream: recomputing the reports of stale events.
    pub(crate) reports: Duration,
    /// CPU time of each thread (see [`thread_cpu`]), which a busy machine does not inflate the
    /// way it inflates the wall times above. Worker: preparing batches (not reading them).
    pub(crate) prepare_cpu: Duration,
    /// The clusterer's thread.
    pub(crate) cluster_cpu: Duration,
    /// Main thread: the whole stream (waiting costs no CPU time).
    pub(crate) main_cpu: Duration,
    /// Main thread: the commits alone.
    pub(crate) commit_cpu: Duration,
}

/// CPU time the calling thread has run so far, from `/proc/thread-self/schedstat` (nanoseconds);
/// zero where that file is missing, so the CPU figures read 0 rather than fail.
pub(crate) fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

/// Name of the clusterer's checkpoint in the store.
const CLUSTERER_STATE: &str = "clusterer";

/// Articles between two clusterer checkpoints (and always one at the end of a run). A checkpoint
/// holds every open event's centroid (packed, see `cluster::Clusterer`) and members: about 2 KB
/// per article of the open window (40 MB after 20,000 generated articles), so it is written
/// rarely; replaying the articles stored after it costs their clustering again (well under a
/// millisecond each).
const CHECKPOINT_EVERY_ARTICLES: usize = 100_000;

/// Bytes of checkpoint JSON per stored part: the checkpoint is written and read part by part,
/// so that it never sits in memory as one string beside the clusterer it describes.
const CHECKPOINT_PART_BYTES: usize = 4 << 20;

/// Stale events whose reports are recomputed and committed together at the end of a run.
const REPORT_CHUNK: usize = 64;

pub(crate) fn run(args: &IngestArgs) -> anyhow::Result<ExitCode> {
    let db = db_path(&args.db)?;
    let mut store = SqliteStore::open(&db, store::OpenMode::Create)?;
    // A JSON Lines file too large to hold is indexed and read back batch by batch. A stream's
    // copy goes beside the database, which needs room for the articles anyway, rather than in
    // a temporary folder that may be small or in memory.
    let copy_dir = db
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let config = ingest::ReadConfig {
        index_large_json_lines: true,
        copy_dir: Some(copy_dir),
        ..ingest::ReadConfig::default()
    };
    let input = ingest::read_paths(&args.paths, &config);
    crate::render::diagnostics(&input.diagnostics);
    let mut feeds = (args.feeds.as_deref())
        .map(|list| crate::fetch_cmd::read_feeds(list, &args.fetch, &store))
        .transpose()?;
    let mut articles: Vec<Article> = input.groups.into_iter().flat_map(|g| g.articles).collect();
    if let Some(feeds) = feeds.as_mut() {
        articles.extend(feeds.take_articles());
    }
    let articles = InTimeOrder::new(articles, &input.indexed);
    if articles.is_empty() && !feeds.as_ref().is_some_and(|f| f.usable()) {
        errln!("error: no usable article in the inputs");
        return Ok(ExitCode::from(1));
    }
    let mut ingest = Ingest::start(&store, PipelineConfig::default(), &ClusterConfig::default())?;
    ingest.tally.read = articles.len();
    // Notes on inputs that hold nothing to ingest are skips; warnings about articles that were
    // kept (an unreadable time) are neither skips nor errors.
    let skipped = input
        .diagnostics
        .iter()
        .filter(|d| d.error.is_skip())
        .count();
    let faults = input
        .diagnostics
        .iter()
        .filter(|d| !d.error.is_skip() && !d.error.is_kept())
        .count();
    ingest.tally.skipped = skipped;
    ingest.tally.errors = faults + feeds.as_ref().map_or(0, |f| f.warnings);
    let total = articles.len();
    let progress = progress_bar(total as u64);
    let unread = std::sync::atomic::AtomicUsize::new(0);
    let result = ingest.stream(
        &mut store,
        articles.into_batches(args.batch_size as usize, &unread),
        &mut |batch: &BatchDone| {
            progress.inc(batch.articles as u64);
            progress.set_message(format!("{} added", batch.added));
            if progress.is_hidden() {
                errln!(
                    "chorus: committed through article {} of {total} ({} added)",
                    batch.done,
                    batch.added
                );
            }
        },
    );
    ingest.tally.errors += unread.into_inner();
    if let Err(error) = result {
        progress.finish_and_clear();
        return Err(error);
    }
    progress.set_message("recomputing the reports of changed events");
    let recomputed = ingest.refresh_reports(&mut store, &mut |n| {
        progress.set_message(format!("{n} reports recomputed"));
    });
    progress.finish_and_clear();
    recomputed?;
    if let Some(feeds) = &feeds {
        feeds.commit(&mut store)?;
    }
    outln!("{}", ingest.tally.summary_line());
    // Articles were read but every one was refused (no body, no sentence): nothing usable.
    if ingest.tally.added == 0
        && ingest.tally.duplicates == 0
        && ingest.tally.read > 0
        && !feeds.as_ref().is_some_and(|f| f.usable())
    {
        errln!("error: no article of the inputs could be stored");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// What [`Ingest::stream`] reports after each committed batch.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BatchDone {
    /// Articles in this batch.
    pub(crate) articles: usize,
    /// Articles of the stream committed so far (stored or skipped).
    pub(crate) done: usize,
    /// Articles added so far.
    pub(crate) added: usize,
}

/// An article the worker prepared: the document and what the main thread compares.
struct PreparedArticle {
    doc: Document,
    /// `dedup::text_hash` of the title as read and the body: the exact-duplicate key.
    hash: u64,
    /// Hash and shingles of the kept text (the kept paragraphs joined by line breaks), for
    /// comparing it with copy candidates.
    shingled: dedup::Shingled,
    /// Band keys of the kept text.
    fingerprint: Fingerprint,
    /// What the clusterer reads of the title and the kept text.
    features: ArticleFeatures,
    /// The publication date the text states, for an article without a readable time (see
    /// [`stated_times`]).
    stated_time: Option<String>,
}

/// A new article's prepared parts besides its clusterer features, which go to the clusterer's
/// thread.
struct PreparedRest {
    doc: Document,
    hash: u64,
    shingled: dedup::Shingled,
    fingerprint: Fingerprint,
    stated_time: Option<String>,
}

impl PreparedArticle {
    /// What the clusterer reads (the article's id as read and its features), and the rest.
    fn split(self) -> ((model::ArticleId, ArticleFeatures), PreparedRest) {
        let PreparedArticle {
            doc,
            hash,
            shingled,
            fingerprint,
            features,
            stated_time,
        } = self;
        let rest = PreparedRest {
            doc,
            hash,
            shingled,
            fingerprint,
            stated_time,
        };
        ((rest.doc.article.id.clone(), features), rest)
    }
}

/// Whether each article of a batch is new: neither its URL nor its content hash is stored, or
/// taken by an earlier new article of the batch (what a check just before storing each article
/// would find, except after an article that failed to store: its twins count as duplicates).
fn fresh_articles(store: &SqliteStore, docs: &[PreparedArticle]) -> anyhow::Result<Vec<bool>> {
    let mut urls: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut hashes: std::collections::HashSet<u64> = std::collections::HashSet::new();
    let mut fresh = Vec::with_capacity(docs.len());
    for prepared in docs {
        let url = prepared.doc.article.url.as_deref();
        let key = url.filter(|u| !u.trim().is_empty());
        let duplicate = key.is_some_and(|u| urls.contains(u))
            || hashes.contains(&prepared.hash)
            || store.find_exact(url, prepared.hash)?.is_some();
        if !duplicate {
            urls.extend(key);
            hashes.insert(prepared.hash);
        }
        fresh.push(!duplicate);
    }
    Ok(fresh)
}

/// A batch as the worker hands it over.
enum PreparedBatch {
    /// Every article of the batch was stored before this run started.
    Stored { articles: usize },
    /// The batch's articles, prepared.
    Ready {
        articles: usize,
        docs: Vec<PreparedArticle>,
        warnings: Vec<pipeline::Warning>,
    },
}

/// One ingest: the clusterer tied to the store, the tally and the stage times.
pub(crate) struct Ingest {
    assigner: Assigner,
    config: PipelineConfig,
    pub(crate) tally: Tally,
    pub(crate) times: StageTimes,
    /// Articles stored since the last checkpoint.
    since_checkpoint: usize,
    /// Articles between two checkpoints: [`CHECKPOINT_EVERY_ARTICLES`], fewer in tests.
    checkpoint_every: usize,
}

impl Ingest {
    /// Restores the clusterer from the store's checkpoint and the articles stored after it.
    pub(crate) fn start(
        store: &SqliteStore,
        config: PipelineConfig,
        cluster: &ClusterConfig,
    ) -> anyhow::Result<Ingest> {
        Ok(Ingest {
            assigner: Assigner::restore(store, cluster)?,
            config,
            tally: Tally::default(),
            times: StageTimes::default(),
            since_checkpoint: 0,
            checkpoint_every: CHECKPOINT_EVERY_ARTICLES,
        })
    }

    /// Ingests a stream of batches, each in its own transaction, with a checkpoint of the
    /// clusterer every [`CHECKPOINT_EVERY_ARTICLES`] and after the last batch; calls `done` after
    /// each commit.
    ///
    /// Three threads: the worker prepares batches ahead; the clusterer's thread decides the
    /// events of one batch's new articles in input order; this thread stores them as the
    /// decisions come. The clusterer is handed the next batch, when the worker has it ready,
    /// before this thread commits the current one, so that it decides while this thread
    /// commits; a checkpoint is written while it waits, between two batches, so that it
    /// describes exactly the articles stored.
    pub(crate) fn stream(
        &mut self,
        store: &mut SqliteStore,
        batches: impl Iterator<Item = Vec<Article>> + Send,
        done: &mut dyn FnMut(&BatchDone),
    ) -> anyhow::Result<()> {
        let path = store.path().to_owned();
        let worker_config = self.config.clone();
        let extractor = FeatureExtractor::new(self.assigner.clusterer.config());
        let cpu = thread_cpu();
        let Ingest {
            assigner,
            config,
            tally,
            times,
            since_checkpoint,
            checkpoint_every,
        } = self;
        let Assigner {
            clusterer, ties, ..
        } = assigner;
        let clusterer = std::sync::Mutex::new(clusterer);
        let streamed = std::thread::scope(|scope| -> anyhow::Result<()> {
            let (sender, prepared) =
                mpsc::sync_channel::<(PreparedBatch, Duration, Duration, Duration)>(2);
            scope
                .spawn(move || prepare_batches(&path, batches, &worker_config, extractor, &sender));
            let (jobs, job_receiver) = mpsc::channel::<ClusterJob>();
            let (answer_sender, answers) = mpsc::channel::<ClusterAnswer>();
            let shared = &clusterer;
            let clustering = scope.spawn(move || cluster_jobs(shared, job_receiver, answer_sender));
            let mut lane = Lane {
                store: &mut *store,
                prepared,
                jobs,
                answers,
                ties: &mut *ties,
                config,
                tally: &mut *tally,
                times: &mut *times,
                since_checkpoint: &mut *since_checkpoint,
                checkpoint_every: *checkpoint_every,
            };
            let result = lane.run(shared, done);
            // Hanging up stops the clusterer's thread (and the worker, on an early return).
            drop(lane);
            let (busy, cpu) = clustering.join().expect("the clusterer does not panic");
            times.cluster += busy;
            times.cluster_cpu += cpu;
            result
        });
        let clusterer = clusterer
            .into_inner()
            .expect("the clusterer's thread does not panic");
        let result = streamed.and_then(|()| {
            if *since_checkpoint == 0 {
                return Ok(());
            }
            store.begin_batch()?;
            let started = Instant::now();
            let written = write_checkpoint(store, clusterer, ties)
                .and_then(|()| store.commit_batch().map_err(anyhow::Error::from));
            times.checkpoint += started.elapsed();
            if written.is_err() {
                let _ = store.rollback_batch();
            } else {
                *since_checkpoint = 0;
            }
            written
        });
        times.main_cpu += thread_cpu().saturating_sub(cpu);
        result
    }

    /// Recomputes the report of every stale event (this run's, and any a killed run left),
    /// [`REPORT_CHUNK`] events per transaction, the reports of a chunk on every core. Calls
    /// `progress` with the number recomputed so far after each chunk.
    pub(crate) fn refresh_reports(
        &mut self,
        store: &mut SqliteStore,
        progress: &mut dyn FnMut(usize),
    ) -> anyhow::Result<()> {
        let started = Instant::now();
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        loop {
            let stale = store.stale_events(REPORT_CHUNK)?;
            if stale.is_empty() {
                break;
            }
            store.begin_batch()?;
            let result = (|| -> anyhow::Result<()> {
                let mut events = Vec::with_capacity(stale.len());
                for &event in &stale {
                    events.push((event, store.event_documents(event)?));
                }
                let reports = compute_reports(events, &self.config, threads)?;
                for (event, report) in reports {
                    match report {
                        Ok(Some(report)) => store.put_report(event, &report)?,
                        Ok(None) => store.mark_stale(&[event], false)?,
                        Err(key) => {
                            // Retrying would fail the same way on every run: the mark goes,
                            // the event keeps the report it had (if any).
                            errln!("warning: event {key}: the report could not be computed");
                            self.tally.report_failures += 1;
                            store.mark_stale(&[event], false)?;
                        }
                    }
                }
                store.commit_batch()?;
                Ok(())
            })();
            if let Err(error) = result {
                let _ = store.rollback_batch();
                return Err(error);
            }
            self.tally.reports += stale.len();
            progress(self.tally.reports);
        }
        self.times.reports += started.elapsed();
        Ok(())
    }
}

/// What the main thread asks of the clusterer's thread; the jobs are done in the order sent.
enum ClusterJob {
    /// Decide the event of each new article of a batch, in order.
    Decide(Vec<(model::ArticleId, ArticleFeatures)>),
    /// Add the articles another process stored since this one last looked.
    Replay(Vec<StoredArticle>),
}

/// The clusterer's thread's answers, in the order of the jobs.
enum ClusterAnswer {
    /// The event of the next article of a [`ClusterJob::Decide`].
    Decided(cluster::EventId),
    /// A job is done: the events of the replayed articles (none for a `Decide`), and the events
    /// that closed, which never take articles again.
    Done {
        replayed: Vec<cluster::EventId>,
        closed: Vec<cluster::EventId>,
    },
}

/// The clusterer's thread: does the jobs in order until the main thread hangs up. Returns the
/// time it spent on them and its CPU time. The lock is held for one job at a time, so the main
/// thread can write a checkpoint while this thread waits for the next one.
fn cluster_jobs(
    clusterer: &std::sync::Mutex<&mut Clusterer>,
    jobs: mpsc::Receiver<ClusterJob>,
    answers: mpsc::Sender<ClusterAnswer>,
) -> (Duration, Duration) {
    let mut busy = Duration::ZERO;
    for job in jobs {
        let started = Instant::now();
        let mut clusterer = clusterer
            .lock()
            .expect("only this thread mutates the clusterer");
        let mut replayed = Vec::new();
        match job {
            ClusterJob::Decide(work) => {
                for (id, features) in &work {
                    let decided = ClusterAnswer::Decided(clusterer.add_features(id, features));
                    // A closed receiver means the main thread stopped on an error: so does this.
                    if answers.send(decided).is_err() {
                        return (busy + started.elapsed(), thread_cpu());
                    }
                }
            }
            ClusterJob::Replay(articles) => {
                replayed = articles
                    .into_iter()
                    .map(|a| clusterer.add(&for_clusterer(&a.article, a.clean_text)))
                    .collect();
            }
        }
        let closed = clusterer.drain_closed().iter().map(|e| e.id).collect();
        drop(clusterer);
        busy += started.elapsed();
        if answers
            .send(ClusterAnswer::Done { replayed, closed })
            .is_err()
        {
            break;
        }
    }
    // A thread of its own: all of its CPU time is the clusterer's.
    (busy, thread_cpu())
}

/// A batch whose new articles the clusterer has been handed, waiting to be stored.
struct Pending {
    /// Articles in the batch, stored or not.
    articles: usize,
    /// The new articles' parts besides their features, in the order the clusterer decides them.
    rest: Vec<PreparedRest>,
    /// Which of `rest` another process stored since the batch was checked, each with the stored
    /// event of that process's copy when the copy is among the replayed articles: the clusterer
    /// decides them in place of the copy, this thread ties the event and stores nothing.
    taken: Vec<Option<Option<EventRow>>>,
    /// The stored events of the articles replayed after the batch (another process's) inside
    /// its transaction, if any: their answer is read after the batch's.
    replayed: Option<Vec<Option<EventRow>>>,
    /// The clusterer's decisions on `rest` read ahead, while waiting for a replay before the
    /// transaction.
    decided: std::collections::VecDeque<cluster::EventId>,
    /// Whether the end of the clusterer's job on this batch was read ahead too.
    decide_done: bool,
}

/// The main thread of [`Ingest::stream`]: it hands batches to the clusterer's thread and stores
/// them, one transaction each.
struct Lane<'a> {
    store: &'a mut SqliteStore,
    prepared: mpsc::Receiver<(PreparedBatch, Duration, Duration, Duration)>,
    jobs: mpsc::Sender<ClusterJob>,
    answers: mpsc::Receiver<ClusterAnswer>,
    ties: &'a mut Ties,
    config: &'a PipelineConfig,
    tally: &'a mut Tally,
    times: &'a mut StageTimes,
    since_checkpoint: &'a mut usize,
    checkpoint_every: usize,
}

impl Lane<'_> {
    /// Every batch, each in its own transaction; batch N + 1 goes to the clusterer before batch
    /// N commits when the worker has it ready. `clusterer` is locked by its thread during a
    /// job, and by this one for a checkpoint.
    fn run(
        &mut self,
        clusterer: &std::sync::Mutex<&mut Clusterer>,
        done: &mut dyn FnMut(&BatchDone),
    ) -> anyhow::Result<()> {
        let mut committed = 0;
        let mut next = self.take_next(true)?.flatten();
        while let Some(mut batch) = next.take() {
            // Another process's articles are replayed to the clusterer before the transaction,
            // until a look finds none, so that the time it takes does not hold the write lock
            // (another writer gives up after waiting 30 s for it): replaying costs more than
            // storing, so while another ingest runs this one mostly replays and waits its turn.
            // Only those stored in the moment before the transaction begins are replayed inside.
            let started = Instant::now();
            while self.catch_up(&mut batch, false)? {}
            self.times.cluster += started.elapsed();
            self.store.begin_batch()?;
            let stored = self.store_batch(&mut batch).and_then(|()| {
                if *self.since_checkpoint >= self.checkpoint_every {
                    self.checkpoint(clusterer)?;
                }
                Ok(())
            });
            // When the worker has the next batch ready, it is checked for duplicates against
            // this one's uncommitted articles and handed to the clusterer before the commit, so
            // that deciding overlaps committing (an error there still lets this batch commit).
            // When it has not, this batch commits first rather than hold the write lock while
            // the worker reads.
            let taken = match stored {
                Ok(()) => self.take_next(false),
                Err(_) => Ok(Some(None)),
            };
            let result = stored.and_then(|()| {
                let started = Instant::now();
                let cpu = thread_cpu();
                self.store.commit_batch()?;
                self.times.commit += started.elapsed();
                self.times.commit_cpu += thread_cpu().saturating_sub(cpu);
                Ok(())
            });
            if let Err(error) = result {
                // The clusterer may have seen articles the store did not keep: stop rather than
                // assign the next articles from a state the database does not reflect.
                let _ = self.store.rollback_batch();
                return Err(error
                    .context("the batch in flight was rolled back; earlier batches are stored"));
            }
            committed += batch.articles;
            done(&BatchDone {
                articles: batch.articles,
                done: committed,
                added: self.tally.added,
            });
            next = match taken? {
                Some(next) => next,
                None => self.take_next(true)?.flatten(),
            };
        }
        Ok(())
    }

    /// Takes the worker's next batch, finds its exact duplicates (against the store as this
    /// thread sees it, the current transaction included) and hands its new articles to the
    /// clusterer: `Some(None)` at the end of the stream, and `None` when `wait` is false and
    /// the worker has no batch ready.
    fn take_next(&mut self, wait: bool) -> anyhow::Result<Option<Option<Pending>>> {
        let waited = Instant::now();
        let received = if wait {
            self.prepared.recv().ok()
        } else {
            match self.prepared.try_recv() {
                Ok(received) => Some(received),
                Err(mpsc::TryRecvError::Empty) => return Ok(None),
                Err(mpsc::TryRecvError::Disconnected) => None,
            }
        };
        let Some((batch, read, prepare, prepare_cpu)) = received else {
            return Ok(Some(None));
        };
        self.times.wait += waited.elapsed();
        self.times.read += read;
        self.times.prepare += prepare;
        self.times.prepare_cpu += prepare_cpu;
        let (articles, docs) = match batch {
            PreparedBatch::Stored { articles } => {
                self.tally.duplicates += articles;
                (articles, Vec::new())
            }
            PreparedBatch::Ready {
                articles,
                docs,
                warnings,
            } => {
                for warning in &warnings {
                    errln!("warning: {warning}");
                }
                self.tally.errors += warnings.len();
                (articles, docs)
            }
        };
        let started = Instant::now();
        let fresh = fresh_articles(self.store, &docs)?;
        self.times.dedup += started.elapsed();
        self.tally.duplicates += fresh.iter().filter(|fresh| !**fresh).count();
        // What the clusterer reads goes to its thread; the rest stays here.
        let (work, rest): (Vec<_>, Vec<_>) = docs
            .into_iter()
            .zip(fresh)
            .filter(|(_, fresh)| *fresh)
            .map(|(prepared, _)| prepared.split())
            .unzip();
        self.jobs
            .send(ClusterJob::Decide(work))
            .map_err(|_| anyhow::anyhow!("the clusterer's thread stopped"))?;
        Ok(Some(Some(Pending {
            articles,
            taken: vec![None; rest.len()],
            rest,
            replayed: None,
            decided: std::collections::VecDeque::new(),
            decide_done: false,
        })))
    }

    /// Hands the clusterer the articles another process stored since this one last looked, and
    /// drops the batch's articles that process stored: the clusterer has seen those already, in
    /// the batch, so their copies are not replayed. Inside the transaction (`inside`) the replay's
    /// answer is read after the batch's; before it, this waits for the replay to end, reading
    /// the batch's decisions ahead. Whether there were any.
    fn catch_up(&mut self, batch: &mut Pending, inside: bool) -> anyhow::Result<bool> {
        let mut foreign: Vec<StoredArticle> = Vec::new();
        self.store
            .visit_articles_after(self.ties.after, &mut |a| foreign.push(a))?;
        let Some(last) = foreign.last() else {
            return Ok(false);
        };
        self.ties.after = last.row;
        let mut twins: HashMap<ArticleRow, Option<EventRow>> = HashMap::new();
        for (rest, taken) in batch.rest.iter().zip(&mut batch.taken) {
            if taken.is_some() {
                continue;
            }
            let url = rest.doc.article.url.as_deref();
            if let Some(row) = self.store.find_exact(url, rest.hash)? {
                let twin = foreign.iter().find(|a| a.row == row);
                *taken = Some(twin.and_then(|a| a.event));
                twins.extend(twin.map(|a| (a.row, a.event)));
                self.tally.duplicates += 1;
            }
        }
        foreign.retain(|a| !twins.contains_key(&a.row));
        if foreign.is_empty() {
            return Ok(true);
        }
        let events: Vec<Option<EventRow>> = foreign.iter().map(|a| a.event).collect();
        self.jobs
            .send(ClusterJob::Replay(foreign))
            .map_err(|_| anyhow::anyhow!("the clusterer's thread stopped"))?;
        if inside {
            batch.replayed = Some(events);
            return Ok(true);
        }
        while !batch.decide_done {
            match self.answers.recv() {
                Ok(ClusterAnswer::Decided(event)) => batch.decided.push_back(event),
                Ok(ClusterAnswer::Done { closed, .. }) => {
                    self.forget_closed(closed);
                    batch.decide_done = true;
                }
                Err(_) => anyhow::bail!("the clusterer's thread stopped"),
            }
        }
        self.job_done(&events)?;
        Ok(true)
    }

    /// The batch's new articles inside the open transaction: each checked for copies and stored
    /// in the event the clusterer decides, in input order; then the events that changed marked
    /// stale. The clusterer decides from the features alone, so running it beside the store
    /// changes no decision.
    fn store_batch(&mut self, batch: &mut Pending) -> anyhow::Result<()> {
        let started = Instant::now();
        self.catch_up(batch, true)?;
        self.times.cluster += started.elapsed();
        let mut changed: BTreeSet<EventRow> = BTreeSet::new();
        let rest = std::mem::take(&mut batch.rest);
        for (prepared, taken) in rest.into_iter().zip(&batch.taken) {
            let PreparedRest {
                mut doc,
                hash,
                shingled,
                fingerprint,
                stated_time,
            } = prepared;
            let started = Instant::now();
            let copy_of = if taken.is_some() {
                None
            } else {
                let copy_of = find_original(self.store, &fingerprint, &shingled, self.config)?;
                doc.article.id.0 = self.store.free_key(doc.article.id.as_str(), hash)?;
                copy_of
            };
            let waiting = Instant::now();
            self.times.dedup += waiting - started;
            let cluster_event = match batch.decided.pop_front() {
                Some(event) => event,
                None => match self.answers.recv() {
                    Ok(ClusterAnswer::Decided(event)) => event,
                    _ => anyhow::bail!("the clusterer's thread stopped"),
                },
            };
            let storing = Instant::now();
            self.times.wait_cluster += storing - waiting;
            if let Some(twin) = taken {
                if let Some(event) = *twin {
                    self.ties.events.entry(cluster_event).or_insert(event);
                }
                continue;
            }
            let choice = self.ties.choice(cluster_event);
            let new = NewArticle {
                doc: &doc,
                content_hash: hash,
                copy_of,
                fingerprint: &fingerprint,
                // The store keeps the shingles of its own size only.
                shingled: (self.config.dedup.shingle == store::lsh::SHINGLE).then_some(&shingled),
                language: None,
                stated_time: stated_time.as_deref(),
            };
            match self.store.add_article(&new, choice) {
                Ok(added) => {
                    self.ties.stored(cluster_event, added.article, added.event);
                    *self.since_checkpoint += 1;
                    let tally = &mut *self.tally;
                    tally.added += 1;
                    tally.near_duplicates += usize::from(copy_of.is_some());
                    if added.opened {
                        tally.opened.insert(added.event);
                    } else if !tally.opened.contains(&added.event) {
                        tally.updated.insert(added.event);
                    }
                    changed.insert(added.event);
                }
                Err(error) => {
                    self.tally.errors += 1;
                    errln!("warning: {}: {error}", doc.article.origin);
                }
            }
            self.times.store += storing.elapsed();
        }
        let waiting = Instant::now();
        if !batch.decide_done {
            self.job_done(&[])?;
        }
        if let Some(events) = batch.replayed.take() {
            self.job_done(&events)?;
        }
        self.times.wait_cluster += waiting.elapsed();
        let started = Instant::now();
        let changed: Vec<EventRow> = changed.into_iter().collect();
        self.store.mark_stale(&changed, true)?;
        self.times.store += started.elapsed();
        Ok(())
    }

    /// Waits for the end of the clusterer's current job: ties the replayed articles' events
    /// (`events`, in order) and then forgets the stored events of the events that closed.
    fn job_done(&mut self, events: &[Option<EventRow>]) -> anyhow::Result<()> {
        let Ok(ClusterAnswer::Done { replayed, closed }) = self.answers.recv() else {
            anyhow::bail!("the clusterer's thread stopped");
        };
        for (id, event) in replayed.into_iter().zip(events) {
            if let Some(event) = *event {
                self.ties.events.entry(id).or_insert(event);
            }
        }
        self.forget_closed(closed);
        Ok(())
    }

    /// Forgets the stored events of clusterer events that closed.
    fn forget_closed(&mut self, closed: Vec<cluster::EventId>) {
        for id in closed {
            self.ties.events.remove(&id);
        }
    }

    /// Writes the clusterer's checkpoint into the open transaction. Called between jobs, when
    /// every job handed over is done, so the state is that of the articles stored.
    fn checkpoint(&mut self, clusterer: &std::sync::Mutex<&mut Clusterer>) -> anyhow::Result<()> {
        let started = Instant::now();
        let clusterer = clusterer
            .lock()
            .map_err(|_| anyhow::anyhow!("the clusterer's thread stopped"))?;
        write_checkpoint(self.store, &clusterer, self.ties)?;
        *self.since_checkpoint = 0;
        self.times.checkpoint += started.elapsed();
        Ok(())
    }
}

/// What computing one event's report gave: the report, `None` for an event without articles,
/// or the event's key when a stage panicked on its articles.
type ReportResult = Result<Option<EventReport>, String>;

/// The reports of events, computed on `threads` threads; each report depends only on its event's
/// documents, so the result does not depend on the threads. A stage that panics on one event's
/// articles costs that event its report, not the ingest.
fn compute_reports(
    events: Vec<(EventRow, EventDocuments)>,
    config: &PipelineConfig,
    threads: usize,
) -> anyhow::Result<Vec<(EventRow, ReportResult)>> {
    let report = |docs: EventDocuments, method: &dyn summarize::Method| -> ReportResult {
        if docs.docs.is_empty() {
            return Ok(None);
        }
        let key = docs.key;
        let prepared = Prepared {
            docs: docs.docs,
            copy_of: docs.copy_of,
            warnings: Vec::new(),
        };
        let computed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            pipeline::report(&prepared, method, config)
        }));
        match computed {
            Ok(mut report) => {
                report.id = key;
                Ok(Some(report))
            }
            Err(_) => Err(key),
        }
    };
    let method = summarize::method_by_name("best").context("no summarization method \"best\"")?;
    let threads = threads.clamp(1, events.len().max(1));
    if threads == 1 {
        return Ok(events
            .into_iter()
            .map(|(event, docs)| (event, report(docs, method.as_ref())))
            .collect());
    }
    // Event i goes to thread i % threads; the results are put back in input order.
    let mut shares: Vec<Vec<(usize, EventRow, EventDocuments)>> =
        (0..threads).map(|_| Vec::new()).collect();
    for (i, (event, docs)) in events.into_iter().enumerate() {
        shares[i % threads].push((i, event, docs));
    }
    let method = method.as_ref();
    let mut out: Vec<(usize, EventRow, ReportResult)> = std::thread::scope(|scope| {
        let handles: Vec<_> = shares
            .into_iter()
            .map(|share| {
                scope.spawn(move || {
                    share
                        .into_iter()
                        .map(|(i, event, docs)| (i, event, report(docs, method)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("report threads do not panic"))
            .collect()
    });
    out.sort_by_key(|(i, _, _)| *i);
    Ok(out.into_iter().map(|(_, e, r)| (e, r)).collect())
}

/// How much lower the worker's scheduling priority is than the writer's (in nice steps).
///
/// Three threads share the work of an ingest: the worker (reading, cleaning, segmenting and
/// keying each batch, up to two batches ahead), the clusterer (one batch ahead) and the writer
/// (copy detection, storing and committing, in input order). Every batch waits for the writer, so
/// when there are fewer cores than threads the writer should not wait for a core. At equal
/// priority it got about two thirds of one on this 2-core machine. At +5 the worker runs in the
/// time the writer leaves: `chorus bench-ingest --articles 200000 --no-reports` gave 4,304 to
/// 4,393 articles/s against 3,904 to 4,102 at equal priority (alternating runs). +10 was no
/// better, and +19 starved the writer of batches; lowering the clusterer too made the writer
/// wait for its decisions (docs/EVALUATION.md, thirteenth pass).
const WORKER_NICENESS: i32 = 5;

/// Lowers the calling thread's scheduling priority by `steps` nice steps, up to the lowest
/// (19). Only on Linux, where a priority belongs to a thread; elsewhere, and when the system
/// refuses, nothing changes but the speed.
fn lower_this_threads_priority(steps: i32) {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{getpriority_process, setpriority_process};
        let me = Some(rustix::thread::gettid());
        if let Ok(now) = getpriority_process(me) {
            let _ = setpriority_process(me, (now + steps).min(19));
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = steps;
}

/// The worker: prepares each batch and hands it over, until the input ends or the main thread
/// stops listening. A batch whose articles are all in the database already (a re-run, or the
/// batches before a crash) is not prepared: that is most of an ingest's work.
fn prepare_batches(
    path: &Path,
    batches: impl Iterator<Item = Vec<Article>>,
    config: &PipelineConfig,
    mut extractor: FeatureExtractor,
    sender: &mpsc::SyncSender<(PreparedBatch, Duration, Duration, Duration)>,
) {
    lower_this_threads_priority(WORKER_NICENESS);
    // A connection of its own, reading what was committed; a private in-memory store has no
    // second connection, so every batch is prepared.
    let reader = (path != Path::new(":memory:"))
        .then(|| SqliteStore::open(path, OpenMode::Existing).ok())
        .flatten();
    let mut batches = batches;
    loop {
        let started = Instant::now();
        let Some(batch) = batches.next() else { break };
        let read = started.elapsed();
        let started = Instant::now();
        let cpu = thread_cpu();
        let prepared = prepare_batch(reader.as_ref(), batch, config, &mut extractor);
        let cpu = thread_cpu().saturating_sub(cpu);
        if sender
            .send((prepared, read, started.elapsed(), cpu))
            .is_err()
        {
            break;
        }
    }
}

fn prepare_batch(
    reader: Option<&SqliteStore>,
    batch: Vec<Article>,
    config: &PipelineConfig,
    extractor: &mut FeatureExtractor,
) -> PreparedBatch {
    let articles = batch.len();
    if let Some(reader) = reader {
        let stored = batch.iter().all(|a| {
            let hash = content_hash(&a.title, &a.text);
            matches!(reader.find_exact(a.url.as_deref(), hash), Ok(Some(_)))
        });
        if stored {
            return PreparedBatch::Stored { articles };
        }
    }
    // The whole batch is prepared, stored articles too, so that the cleaner compares the same
    // lines as in a run that stored none of them.
    let prepared = pipeline::prepare_documents(batch, config);
    let stated = stated_times(&prepared.docs);
    let docs = prepared
        .docs
        .into_iter()
        .zip(stated)
        .map(|(doc, stated_time)| {
            let title_as_read = doc.removed_title.as_deref().unwrap_or(&doc.article.title);
            // The content hash (`content_hash`) and the kept text's shingles from one walk over
            // the body's words.
            let dedup::Keyed {
                content_hash: hash,
                kept: shingled,
            } = dedup::Keyed::of(
                title_as_read,
                &doc.article.text,
                &doc.paragraphs,
                &config.dedup,
            );
            let clean = store::kept_text(&doc);
            let fingerprint = if config.dedup.shingle == store::lsh::SHINGLE {
                Fingerprint::of_shingles(&shingled.shingles)
            } else {
                Fingerprint::of(&clean)
            };
            // The clusterer reads the kept text rather than the raw body (see `for_clusterer`).
            let features =
                extractor.extract_parts(&doc.article.title, &clean, doc.article.time.as_deref());
            PreparedArticle {
                doc,
                hash,
                shingled,
                fingerprint,
                features,
                stated_time,
            }
        })
        .collect();
    PreparedBatch::Ready {
        articles,
        docs,
        warnings: prepared.warnings,
    }
}

/// The publication date each article's text states, as a sortable time (midnight UTC), for the
/// articles without a readable time of their own: a plain-text article says when it was
/// published in a "Published: 12 March 2025" line or a dateline, which the cleaner removed or
/// kept. `chorus events` then shows when the story ran, not when it was ingested. The dates are
/// read as the analysis of an event reads them ([`analyze::timeline::publication_dates`]), with
/// the batch as the group: a dateline without a year takes the year most of its articles have.
fn stated_times(docs: &[Document]) -> Vec<Option<String>> {
    let timed: Vec<bool> = docs
        .iter()
        .map(|doc| {
            (doc.article.time.as_deref())
                .and_then(model::Moment::parse)
                .is_some()
        })
        .collect();
    if timed.iter().all(|&t| t) {
        return vec![None; docs.len()];
    }
    timed
        .into_iter()
        .zip(analyze::timeline::publication_dates(docs))
        .map(|(timed, date)| {
            let (year, month, day) = date.filter(|_| !timed)?;
            Some(format!("{year:04}-{month:02}-{day:02}T00:00:00Z"))
        })
        .collect()
}

/// The exact-duplicate key of an article: `dedup::text_hash` of its title as read and its body,
/// equal for texts that differ only in case, punctuation and spacing.
fn content_hash(title: &str, text: &str) -> u64 {
    dedup::text_hash_of_parts(&[title, text])
}

/// The stored original this kept text copies, if any: the oldest candidate that
/// `dedup::compare` calls an original of it, with the measured similarity.
fn find_original(
    store: &SqliteStore,
    fingerprint: &Fingerprint,
    clean: &dedup::Shingled,
    config: &PipelineConfig,
) -> anyhow::Result<Option<(ArticleRow, Option<f64>)>> {
    let candidates = store.copy_candidates(fingerprint, config.dedup.shingle)?;
    if candidates.is_empty() {
        return Ok(None);
    }
    // The store keeps the compact form of the shingles (half the bytes).
    let clean = clean.compact();
    for candidate in candidates {
        match dedup::compare(&candidate.shingled, &clean, &config.dedup) {
            dedup::Copy::Original => {}
            dedup::Copy::Exact(_) => return Ok(Some((candidate.article, Some(1.0)))),
            dedup::Copy::Near(_, similarity) => {
                return Ok(Some((candidate.article, Some(similarity))));
            }
        }
    }
    Ok(None)
}

/// The articles of an ingest in publication time order, as the clusterer wants them: those held
/// in memory, then the lines of the indexed files, sorted together. The sort is stable, and an
/// article without a readable time takes the time of the article before it in the input, so it
/// stays beside its neighbours. An indexed line costs a place in the order, not its article,
/// until its batch reads it.
struct InTimeOrder<'a> {
    held: Vec<Option<Article>>,
    indexed: &'a [ingest::IndexedFile],
    order: Vec<Place>,
}

/// Where the next article in time order is: `held[i]`, or line `l` of indexed file `f`.
#[derive(Debug, Clone, Copy)]
enum Place {
    Held(usize),
    Line(u32, u32),
}

impl<'a> InTimeOrder<'a> {
    fn new(held: Vec<Article>, indexed: &'a [ingest::IndexedFile]) -> Self {
        let mut last = f64::NEG_INFINITY;
        let mut key = |time: Option<&str>| {
            if let Some(t) = time.and_then(cluster::parse_time) {
                last = t;
            }
            last
        };
        let mut keyed: Vec<(f64, Place)> = Vec::new();
        for (i, article) in held.iter().enumerate() {
            keyed.push((key(article.time.as_deref()), Place::Held(i)));
        }
        for (f, file) in indexed.iter().enumerate() {
            for (l, line) in file.lines.iter().enumerate() {
                let place = Place::Line(index_u32(f), index_u32(l));
                keyed.push((key(line.time.as_deref()), place));
            }
        }
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
        InTimeOrder {
            held: held.into_iter().map(Some).collect(),
            indexed,
            order: keyed.into_iter().map(|(_, place)| place).collect(),
        }
    }

    fn len(&self) -> usize {
        self.order.len()
    }

    fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The articles in batches of `size`, in order. An indexed line that can no longer be read
    /// (its file changed) is reported and counted in `unread`, and the others go on.
    fn into_batches(
        self,
        size: usize,
        unread: &'a std::sync::atomic::AtomicUsize,
    ) -> impl Iterator<Item = Vec<Article>> + Send + 'a {
        let InTimeOrder {
            mut held,
            indexed,
            order,
        } = self;
        // Each file is opened when its first line is due; one that cannot be opened again is
        // reported once, and its lines are counted as unread.
        let mut readers: Vec<Option<Result<ingest::IndexedReader<'a>, ()>>> =
            indexed.iter().map(|_| None).collect();
        let mut order = order.into_iter();
        std::iter::from_fn(move || {
            let mut batch = Vec::new();
            for place in order.by_ref() {
                match place {
                    Place::Held(i) => batch.extend(held[i].take()),
                    Place::Line(f, l) => {
                        let file = &indexed[f as usize];
                        let reader = readers[f as usize].get_or_insert_with(|| {
                            file.open().map_err(|diagnostic| {
                                errln!("warning: {diagnostic}");
                            })
                        });
                        let read = match reader {
                            Ok(reader) => reader.read(&file.lines[l as usize]).map_err(|d| {
                                errln!("warning: {d}");
                            }),
                            Err(()) => Err(()),
                        };
                        match read {
                            Ok(article) => batch.push(article),
                            Err(()) => {
                                unread.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            }
                        }
                    }
                }
                if batch.len() >= size.max(1) {
                    break;
                }
            }
            (!batch.is_empty()).then_some(batch)
        })
    }
}

/// A place in a list, as the 4 bytes [`Place`] keeps.
fn index_u32(i: usize) -> u32 {
    u32::try_from(i).expect("fewer than 2^32 indexed files and lines")
}

/// A progress bar on a terminal; hidden (and replaced by one line per batch) otherwise.
fn progress_bar(len: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} articles, {msg} ({eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// The clusterer, tied to the store: its event ids mapped to stored events, its state restored
/// from the last checkpoint plus the articles stored after it.
struct Assigner {
    clusterer: Clusterer,
    /// What of the store the clusterer's events are tied to.
    ties: Ties,
    /// Replayed articles whose clusterer event was already tied to another stored event: the
    /// configuration changed, or an article failed to store after the clusterer saw it.
    disagreements: usize,
}

/// The stored event of each open clusterer event, and the last stored article the clusterer has
/// seen: apart from the clusterer itself, so that storing can use them while the clusterer
/// decides the next articles.
struct Ties {
    /// Stored event of each open clusterer event.
    events: HashMap<cluster::EventId, EventRow>,
    /// The last stored article the clusterer has seen.
    after: ArticleRow,
}

impl Ties {
    /// Where an article the clusterer put in `id` goes: the stored event tied to it, or a new one.
    fn choice(&self, id: cluster::EventId) -> EventChoice {
        match self.events.get(&id) {
            Some(&event) => EventChoice::Join(event),
            None => EventChoice::Open,
        }
    }

    /// Records that the article the clusterer put in `id` is stored in `event`.
    fn stored(&mut self, id: cluster::EventId, article: ArticleRow, event: EventRow) {
        self.events.entry(id).or_insert(event);
        self.after = article;
    }
}

/// The checkpoint as stored: the clusterer's state, the last article it reflects, and the stored
/// event of each of its open events.
#[derive(Deserialize)]
struct Checkpoint {
    after: i64,
    config: ClusterConfig,
    clusterer: Clusterer,
    events: Vec<(cluster::EventId, i64)>,
}

/// [`Checkpoint`] by reference, for writing it without a copy of the state.
#[derive(Serialize)]
struct CheckpointRef<'a> {
    after: i64,
    config: &'a ClusterConfig,
    clusterer: &'a Clusterer,
    events: Vec<(cluster::EventId, i64)>,
}

impl Assigner {
    fn restore(store: &SqliteStore, config: &ClusterConfig) -> anyhow::Result<Assigner> {
        let mut assigner = Assigner {
            clusterer: Clusterer::new(config),
            ties: Ties {
                events: HashMap::new(),
                after: ArticleRow(0),
            },
            disagreements: 0,
        };
        if let Some(head) = store.state(CLUSTERER_STATE)? {
            let parsed = match parts_of(&head) {
                Some(parts) => {
                    serde_json::from_reader::<_, Checkpoint>(std::io::BufReader::new(PartReader {
                        store,
                        parts,
                        next: 0,
                        current: Vec::new(),
                        at: 0,
                    }))
                }
                // A checkpoint written whole, by an earlier version.
                None => serde_json::from_str::<Checkpoint>(&head),
            };
            match parsed {
                Ok(checkpoint) if checkpoint.config == *config => {
                    assigner.clusterer = checkpoint.clusterer;
                    assigner.ties.after = ArticleRow(checkpoint.after);
                    assigner.ties.events = checkpoint
                        .events
                        .into_iter()
                        .map(|(id, row)| (id, EventRow(row)))
                        .collect();
                }
                // A different configuration or an older format: rebuild from every article.
                _ => {}
            }
        }
        assigner.catch_up(store)?;
        if assigner.disagreements > 0 {
            errln!(
                "warning: {} stored articles are in other events than the clusterer now chooses; \
                 new articles follow the stored events",
                assigner.disagreements
            );
        }
        Ok(assigner)
    }

    /// Feeds the clusterer the articles stored after the last one it saw (by an earlier run, or
    /// by another process since this one's last batch).
    fn catch_up(&mut self, store: &SqliteStore) -> anyhow::Result<()> {
        let mut replayed: Vec<StoredArticle> = Vec::new();
        store.visit_articles_after(self.ties.after, &mut |a| replayed.push(a))?;
        for stored in replayed {
            let id = self
                .clusterer
                .add(&for_clusterer(&stored.article, stored.clean_text));
            if let Some(event) = stored.event {
                let bound = *self.ties.events.entry(id).or_insert(event);
                self.disagreements += usize::from(bound != event);
            }
            self.ties.after = stored.row;
        }
        self.drain_closed();
        Ok(())
    }

    /// Forgets the stored events of closed clusterer events, which never take articles again.
    fn drain_closed(&mut self) {
        for event in self.clusterer.drain_closed() {
            self.ties.events.remove(&event.id);
        }
    }
}

/// Writes the clusterer's checkpoint (with the ties of its events) into the open transaction, in
/// parts of [`CHECKPOINT_PART_BYTES`].
fn write_checkpoint(
    store: &mut SqliteStore,
    clusterer: &Clusterer,
    ties: &Ties,
) -> anyhow::Result<()> {
    let mut events: Vec<(cluster::EventId, i64)> =
        ties.events.iter().map(|(id, row)| (*id, row.0)).collect();
    events.sort();
    let checkpoint = CheckpointRef {
        after: ties.after.0,
        config: clusterer.config(),
        clusterer,
        events,
    };
    let old_parts = store.state(CLUSTERER_STATE)?.as_deref().and_then(parts_of);
    let mut writer = PartWriter {
        store,
        buffer: Vec::with_capacity(CHECKPOINT_PART_BYTES + 1024),
        part_bytes: CHECKPOINT_PART_BYTES,
        parts: 0,
        error: None,
    };
    let written = serde_json::to_writer(&mut writer, &checkpoint)
        .map_err(anyhow::Error::from)
        .and_then(|()| writer.flush_part(true));
    if let Some(error) = writer.error.take() {
        return Err(error.into());
    }
    written?;
    let parts = writer.parts;
    // Parts a larger earlier checkpoint left are emptied, then the head names the new ones.
    for part in parts..old_parts.unwrap_or(0) {
        store.put_state(&part_name(part), "")?;
    }
    store.put_state(CLUSTERER_STATE, &format!("parts:{parts}"))?;
    Ok(())
}

/// The number of parts a checkpoint head (`parts:N`) names; `None` for a checkpoint stored whole.
fn parts_of(head: &str) -> Option<usize> {
    head.strip_prefix("parts:")?.parse().ok()
}

/// The state name of one part of the checkpoint.
fn part_name(part: usize) -> String {
    format!("{CLUSTERER_STATE}/{part:05}")
}

/// Writes JSON into checkpoint parts of about [`CHECKPOINT_PART_BYTES`], each cut at a character
/// boundary.
struct PartWriter<'a> {
    store: &'a mut SqliteStore,
    buffer: Vec<u8>,
    /// Bytes at which a part is stored.
    part_bytes: usize,
    parts: usize,
    /// The store's error, kept whole (`io::Error` would flatten it).
    error: Option<store::Error>,
}

impl PartWriter<'_> {
    /// Stores the buffer as the next part: all of it when `last`, otherwise up to the last
    /// character boundary.
    fn flush_part(&mut self, last: bool) -> anyhow::Result<()> {
        let mut cut = self.buffer.len();
        if !last {
            while cut > 0 && (self.buffer[cut - 1] & 0xC0) == 0x80 {
                cut -= 1;
            }
            // The last byte before the continuation bytes starts the split character.
            if cut > 0 && self.buffer[cut - 1] >= 0xC0 {
                cut -= 1;
            }
        }
        if cut == 0 && !last {
            return Ok(());
        }
        let text = std::str::from_utf8(&self.buffer[..cut]).context("checkpoint part")?;
        self.store.put_state(&part_name(self.parts), text)?;
        self.parts += 1;
        self.buffer.drain(..cut);
        Ok(())
    }
}

impl std::io::Write for PartWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= self.part_bytes {
            if let Err(error) = self.flush_part(false) {
                let message = error.to_string();
                if let Ok(store_error) = error.downcast::<store::Error>() {
                    self.error = Some(store_error);
                }
                return Err(std::io::Error::other(message));
            }
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Reads the checkpoint parts back in order, one at a time.
struct PartReader<'a> {
    store: &'a SqliteStore,
    parts: usize,
    next: usize,
    current: Vec<u8>,
    at: usize,
}

impl std::io::Read for PartReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.current.len() {
            if self.next == self.parts {
                return Ok(0);
            }
            let part = self
                .store
                .state(&part_name(self.next))
                .map_err(std::io::Error::other)?
                .ok_or_else(|| std::io::Error::other("a checkpoint part is missing"))?;
            self.current = part.into_bytes();
            self.at = 0;
            self.next += 1;
        }
        let n = out.len().min(self.current.len() - self.at);
        out[..n].copy_from_slice(&self.current[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// What the clusterer reads of an article: its title and time, and its kept text rather than
/// the raw body, so that boilerplate does not make unrelated articles look alike.
fn for_clusterer(article: &Article, clean: String) -> Article {
    Article {
        id: article.id.clone(),
        title: article.title.clone(),
        text: clean,
        url: article.url.clone(),
        source: article.source.clone(),
        time: article.time.clone(),
        origin: article.origin.clone(),
        meta: article.meta.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// The articles cut into batches of `size`, in order.
    fn in_batches(
        articles: Vec<Article>,
        size: usize,
    ) -> impl Iterator<Item = Vec<Article>> + Send {
        let mut articles = articles.into_iter();
        std::iter::from_fn(move || {
            let batch: Vec<Article> = articles.by_ref().take(size.max(1)).collect();
            (!batch.is_empty()).then_some(batch)
        })
    }

    #[test]
    fn indexed_lines_and_held_articles_come_in_one_time_order() {
        let dir = tempfile::tempdir().unwrap();
        // Out of time order, with a line without a time (it keeps its place after the one
        // before it) and a broken line.
        let times = [
            Some("2024-03-05"),
            Some("2024-03-01"),
            None,
            Some("2024-03-09"),
            Some("2024-03-03"),
        ];
        let mut text = String::new();
        for (i, time) in times.iter().enumerate() {
            let time = time.map_or(String::new(), |t| format!(r#","time":"{t}""#));
            text.push_str(&format!(
                r#"{{"id":"line{i}","title":"Line {i}","text":"Body {i}."{time}}}"#
            ));
            text.push('\n');
            if i == 1 {
                text.push_str("{broken\n");
            }
        }
        let big = dir.path().join("big.jsonl");
        std::fs::write(&big, &text).unwrap();
        let small = dir.path().join("small.jsonl");
        std::fs::write(
            &small,
            concat!(
                r#"{"id":"held0","title":"Held 0","text":"Body.","time":"2024-03-04"}"#,
                "\n",
                r#"{"id":"held1","title":"Held 1","text":"Body.","time":"2024-03-01"}"#,
            ),
        )
        .unwrap();
        let config = ingest::ReadConfig {
            max_bytes: 200,
            index_large_json_lines: true,
            ..ingest::ReadConfig::default()
        };
        let input = ingest::read_paths(&[&small, &big], &config);
        assert_eq!(input.indexed.len(), 1);
        assert_eq!(input.diagnostics.len(), 1, "{:?}", input.diagnostics);
        let held: Vec<Article> = input.groups.into_iter().flat_map(|g| g.articles).collect();
        let ordered = InTimeOrder::new(held, &input.indexed);
        assert_eq!(ordered.len(), 7);
        let unread = std::sync::atomic::AtomicUsize::new(0);
        let batches: Vec<Vec<String>> = ordered
            .into_batches(3, &unread)
            .map(|batch| batch.into_iter().map(|a| a.id.0).collect())
            .collect();
        // Stable by time: held1 (read first) before line1 on 1 March, line2 (no time) right
        // after line1, and the held articles' times among the lines'.
        assert_eq!(
            batches,
            [
                vec!["held1", "line1", "line2"],
                vec!["line4", "held0", "line0"],
                vec!["line3"],
            ]
        );
        assert_eq!(unread.into_inner(), 0);

        // A file changed since it was indexed: its lines that no longer read are counted and
        // skipped, the others still come.
        let input = ingest::read_paths(&[&big], &config);
        std::fs::write(&big, text.replace(r#""Line 0""#, r#""Line 0\"#)).unwrap();
        let unread = std::sync::atomic::AtomicUsize::new(0);
        let ids: Vec<String> = InTimeOrder::new(Vec::new(), &input.indexed)
            .into_batches(10, &unread)
            .flatten()
            .map(|a| a.id.0)
            .collect();
        assert_eq!(unread.into_inner(), 1);
        assert_eq!(ids.len(), 4);
        assert!(!ids.contains(&"line0".to_owned()));
        // A file gone since it was indexed: every line unread, the held articles still come.
        std::fs::remove_file(&big).unwrap();
        let unread = std::sync::atomic::AtomicUsize::new(0);
        let held = vec![input_article("held")];
        let ids: Vec<String> = InTimeOrder::new(held, &input.indexed)
            .into_batches(2, &unread)
            .flatten()
            .map(|a| a.id.0)
            .collect();
        assert_eq!(ids, ["held"]);
        assert_eq!(unread.into_inner(), 5);
    }

    fn input_article(id: &str) -> Article {
        ingest::read_article_line(
            "held.jsonl",
            1,
            &format!(r#"{{"id":"{id}","text":"Body."}}"#),
            &html::ExtractConfig::default(),
        )
        .unwrap()
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn lowering_a_threads_priority_leaves_the_others_alone() {
        use rustix::process::getpriority_process;
        let nice = || getpriority_process(Some(rustix::thread::gettid())).unwrap();
        let before = nice();
        let (lowered, again) = std::thread::spawn(move || {
            lower_this_threads_priority(WORKER_NICENESS);
            let lowered = nice();
            // Never past the lowest priority.
            lower_this_threads_priority(40);
            (lowered, nice())
        })
        .join()
        .unwrap();
        assert_eq!(lowered, (before + WORKER_NICENESS).min(19));
        assert_eq!(again, 19);
        assert_eq!(nice(), before, "the calling thread keeps its priority");
    }

    #[test]
    fn a_checkpoint_in_many_parts_reads_back_whole() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let value: Vec<String> = (0..200).map(|i| format!("é€{i}ü")).collect();
        let json = serde_json::to_string(&value).unwrap();
        let mut writer = PartWriter {
            store: &mut store,
            buffer: Vec::new(),
            part_bytes: 7,
            parts: 0,
            error: None,
        };
        // Small writes, so that parts are cut inside multi-byte characters.
        for chunk in json.as_bytes().chunks(3) {
            writer.write_all(chunk).unwrap();
        }
        writer.flush_part(true).unwrap();
        let parts = writer.parts;
        assert!(parts > 100);
        let reader = PartReader {
            store: &store,
            parts,
            next: 0,
            current: Vec::new(),
            at: 0,
        };
        let back: Vec<String> = serde_json::from_reader(reader).unwrap();
        assert_eq!(back, value);
        assert_eq!(parts_of(&format!("parts:{parts}")), Some(parts));
        assert_eq!(parts_of("{\"after\":1}"), None);
    }

    /// `n` articles about `n / 6` stories in time order, each story's articles sharing a
    /// headline's words and spread over two batches of 5.
    fn stories(n: usize) -> Vec<Article> {
        let topics = [
            "harbour dredging contract",
            "wildfire evacuation order",
            "central bank rate decision",
            "rail strike negotiations",
            "stadium funding vote",
        ];
        (0..n)
            .map(|i| {
                let story = i / 6;
                let topic = topics[story % topics.len()];
                Article {
                    id: model::ArticleId(format!("a{i:03}")),
                    title: format!("Story{story} {topic}: update {i}"),
                    text: format!(
                        "Officials in Story{story} City discussed the {topic} on Monday. \
                         Reporter {i} spoke to residents of Story{story} about the {topic}. \
                         A spokesperson for Story{story} said more details would follow {i}."
                    ),
                    url: Some(format!("https://example.org/{i}")),
                    source: Some(format!("Outlet {}", i % 4)),
                    time: Some(format!("2024-03-{:02}T{:02}:00:00Z", 1 + story / 4, i % 24)),
                    origin: model::Origin {
                        path: "stories.jsonl".to_owned(),
                        line: Some(i as u64 + 1),
                    },
                    meta: model::ArticleMeta::default(),
                }
            })
            .collect()
    }

    /// Ingests `articles` into the database at `db` in batches of 5, checkpointing every 7
    /// articles; `done` runs after each commit. Returns the tally.
    fn ingest_in_fives(
        db: &Path,
        articles: Vec<Article>,
        done: &mut dyn FnMut(&BatchDone),
    ) -> Tally {
        let mut store = SqliteStore::open(db, OpenMode::Create).unwrap();
        let mut ingest =
            Ingest::start(&store, PipelineConfig::default(), &ClusterConfig::default()).unwrap();
        ingest.checkpoint_every = 7;
        ingest
            .stream(&mut store, in_batches(articles, 5), done)
            .unwrap();
        ingest.tally
    }

    #[test]
    fn a_run_resumed_from_a_checkpoint_between_batches_ends_as_an_uninterrupted_one() {
        let dir = tempfile::tempdir().unwrap();
        let whole = dir.path().join("whole.db");
        ingest_in_fives(&whole, stories(60), &mut |_| {});
        let whole = SqliteStore::open(&whole, OpenMode::Existing)
            .unwrap()
            .snapshot()
            .unwrap();
        let events: std::collections::HashSet<_> =
            whole.articles.iter().map(|a| a.event.clone()).collect();
        assert!(
            (2..whole.articles.len()).contains(&events.len()),
            "the stories make events of several articles: {} events",
            events.len()
        );

        // A copy of the files taken after a commit is what a crash at that moment leaves (no
        // thread writes between a commit and the callback). Batch 3 ends at article 15, the
        // checkpoint before it was written with batch 2, so the resumed run replays 5 articles
        // on top of a checkpoint written mid-run.
        let crashed = dir.path().join("crashed.db");
        let live = dir.path().join("live.db");
        let mut copied = false;
        ingest_in_fives(&live, stories(60), &mut |batch| {
            if batch.done == 15 {
                for suffix in ["", "-wal"] {
                    let from = format!("{}{suffix}", live.display());
                    if Path::new(&from).exists() {
                        std::fs::copy(&from, format!("{}{suffix}", crashed.display())).unwrap();
                    }
                }
                copied = true;
            }
        });
        assert!(copied);
        let store = SqliteStore::open(&crashed, OpenMode::Existing).unwrap();
        assert_eq!(store.counts().unwrap().articles, 15);
        assert!(store.state(CLUSTERER_STATE).unwrap().is_some());
        drop(store);
        ingest_in_fives(&crashed, stories(60), &mut |_| {});
        let resumed = SqliteStore::open(&crashed, OpenMode::Existing)
            .unwrap()
            .snapshot()
            .unwrap();
        assert!(
            resumed == whole,
            "the resumed database differs from the uninterrupted one"
        );
    }

    #[test]
    fn articles_another_process_stores_between_two_batches_are_taken_in() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shared.db");
        let articles = stories(30);
        // Between the commits of batches 3 and 4, while the clusterer already decides batch 4,
        // another ingest stores a copy of batch 4's a017 and a new article of a017's story.
        let mut foreign = vec![articles[17].clone()];
        foreign.push(Article {
            id: model::ArticleId("f001".to_owned()),
            url: Some("https://example.net/f001".to_owned()),
            text: format!("{} The council will meet again.", articles[16].text),
            ..articles[16].clone()
        });
        let mut foreign_tally = None;
        let tally = ingest_in_fives(&db, articles, &mut |batch| {
            if batch.done == 15 {
                foreign_tally = Some(ingest_in_fives(&db, foreign.clone(), &mut |_| {}));
            }
        });
        let foreign_tally = foreign_tally.unwrap();
        assert_eq!((foreign_tally.added, foreign_tally.errors), (2, 0));
        assert_eq!((tally.added, tally.duplicates, tally.errors), (29, 1, 0));

        let store = SqliteStore::open(&db, OpenMode::Existing).unwrap();
        let snapshot = store.snapshot().unwrap();
        assert_eq!(snapshot.articles.len(), 31);
        let event = |id: &str| {
            let article = snapshot.articles.iter().find(|a| a.id == id).unwrap();
            article.event.clone().unwrap()
        };
        // Story 2 is articles 12 to 17: one event, the other process's articles in it too.
        for id in ["a013", "a016", "a017", "f001"] {
            assert_eq!(event(id), event("a012"), "{id}");
        }
        // The checkpoint the run ended with holds every stored article once, the other
        // process's included.
        let restored = Assigner::restore(&store, &ClusterConfig::default()).unwrap();
        let mut seen: Vec<&str> = restored
            .clusterer
            .events()
            .flat_map(|e| e.articles.iter().map(|a| a.as_str()))
            .collect();
        seen.sort_unstable();
        let mut stored: Vec<&str> = snapshot.articles.iter().map(|a| a.id.as_str()).collect();
        stored.sort_unstable();
        assert_eq!(seen, stored);
        drop(store);
        // A rerun of the input changes nothing.
        let again = ingest_in_fives(&db, stories(30), &mut |_| {});
        assert_eq!((again.added, again.duplicates), (0, 30));
        let after = SqliteStore::open(&db, OpenMode::Existing)
            .unwrap()
            .snapshot()
            .unwrap();
        assert!(after == snapshot);
    }
}
