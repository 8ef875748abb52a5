//! `chorus ingest`: read articles, skip exact duplicates, mark copies, assign events, recompute
//! the reports of the events that changed, and commit batch by batch.
//!
//! Each batch of `--batch-size` articles (in time order) is one transaction: a killed ingest
//! loses at most the batch in flight, and running the same command again finishes the job. The
//! batches are cut from the whole input, stored or not, so that a resumed run cleans every batch
//! exactly as an uninterrupted run would (the cleaner compares the lines of a batch's articles).
//! An article that fails to store is rolled back alone and counted as an error.

use std::collections::{BTreeSet, HashMap};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use cluster::{ClusterConfig, Clusterer};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use model::Article;
use pipeline::{PipelineConfig, Prepared};
use serde::{Deserialize, Serialize};
use store::{
    ArticleRow, EventChoice, EventRow, Fingerprint, NewArticle, SqliteStore, Store, StoredArticle,
};

use crate::events_cmd::{DbArgs, open_store};

/// Arguments of `chorus ingest`.
#[derive(Debug, Args)]
pub(crate) struct IngestArgs {
    /// Files or folders of articles: .txt (first line is the title), .jsonl of articles or of
    /// clusters (optionally .gz); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) db: DbArgs,
    /// Articles per transaction. Smaller batches lose less to a crash and show up sooner to
    /// readers; larger ones are faster.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub(crate) batch_size: u32,
}

/// What one ingest did, for the summary line.
#[derive(Debug, Default)]
struct Tally {
    read: usize,
    added: usize,
    duplicates: usize,
    near_duplicates: usize,
    /// Events opened by this run.
    opened: BTreeSet<EventRow>,
    /// Events opened before this run that took articles.
    updated: BTreeSet<EventRow>,
    errors: usize,
}

/// Name of the clusterer's checkpoint in the store.
const CLUSTERER_STATE: &str = "clusterer";

/// Batches between two clusterer checkpoints (and always one at the end of a run). Replaying the
/// articles stored after a checkpoint costs about 5% of ingesting them (the clusterer's share of
/// a profile of 1,000 articles), while a checkpoint is megabytes of JSON (1.2 MB after the 137
/// articles of the giveme5w1h dev set): rare checkpoints are the cheaper side.
const CHECKPOINT_EVERY: usize = 256;

pub(crate) fn run(args: &IngestArgs) -> anyhow::Result<ExitCode> {
    let mut store = open_store(&args.db, store::OpenMode::Create)?;
    let input = ingest::read_paths(&args.paths, &ingest::ReadConfig::default());
    let mut tally = Tally {
        errors: input.diagnostics.len(),
        ..Tally::default()
    };
    for diagnostic in &input.diagnostics {
        eprintln!("warning: {diagnostic}");
    }
    let articles = in_time_order(input.groups.into_iter().flat_map(|g| g.articles).collect());
    tally.read = articles.len();
    if articles.is_empty() {
        eprintln!("error: no usable article in the inputs");
        return Ok(ExitCode::from(1));
    }

    let config = PipelineConfig::default();
    let method = summarize::method_by_name("best").context("no summarization method \"best\"")?;
    let mut assigner = Assigner::restore(&store, &ClusterConfig::default())?;
    let progress = progress_bar(articles.len() as u64);
    let mut done = 0;
    let total = articles.len();
    let batch_size = args.batch_size as usize;
    let mut batches = 0;
    let mut articles = articles.into_iter();
    loop {
        let batch: Vec<Article> = articles.by_ref().take(batch_size).collect();
        if batch.is_empty() {
            break;
        }
        let count = batch.len();
        store.begin_batch()?;
        let result = ingest_batch(
            &mut store,
            &mut assigner,
            batch,
            &config,
            method.as_ref(),
            &mut tally,
            &progress,
        );
        batches += 1;
        let checkpoint = result
            .and_then(|()| {
                if batches % CHECKPOINT_EVERY == 0 || done + count == total {
                    assigner.checkpoint(&mut store)
                } else {
                    Ok(())
                }
            })
            .and_then(|()| store.commit_batch().map_err(anyhow::Error::from));
        if let Err(error) = checkpoint {
            // The clusterer may have seen articles the store did not keep: stop rather than
            // assign the next articles from a state the database does not reflect.
            let _ = store.rollback_batch();
            progress.finish_and_clear();
            return Err(
                error.context("the batch in flight was rolled back; earlier batches are stored")
            );
        }
        done += count;
        if progress.is_hidden() {
            eprintln!(
                "chorus: committed through article {done} of {total} ({} added)",
                tally.added
            );
        }
    }
    progress.finish_and_clear();
    println!(
        "read {}, added {}, duplicates {}, near-duplicates {}, events created {}, events updated {}, errors {}",
        tally.read,
        tally.added,
        tally.duplicates,
        tally.near_duplicates,
        tally.opened.len(),
        tally.updated.len(),
        tally.errors
    );
    Ok(ExitCode::SUCCESS)
}

/// One batch inside its transaction: prepare, then each article (duplicate check, copy check,
/// event, store), then the reports of the events that changed.
#[allow(clippy::too_many_arguments)]
fn ingest_batch(
    store: &mut SqliteStore,
    assigner: &mut Assigner,
    batch: Vec<Article>,
    config: &PipelineConfig,
    method: &dyn summarize::Method,
    tally: &mut Tally,
    progress: &ProgressBar,
) -> anyhow::Result<()> {
    assigner.catch_up(store)?;
    let count = batch.len() as u64;
    // A batch that is stored already (a re-run, or the batches before a crash) is not prepared
    // again: that is most of an ingest's work.
    let mut stored = 0;
    for article in &batch {
        let hash = content_hash(&article.title, &article.text);
        stored += usize::from(store.find_exact(article.url.as_deref(), hash)?.is_some());
    }
    if stored == batch.len() {
        tally.duplicates += stored;
        progress.inc(count);
        return Ok(());
    }
    // The whole batch is prepared, stored articles too, so that the cleaner compares the same
    // lines as in a run that stored none of them.
    let prepared = pipeline::prepare_documents(batch, config);
    for warning in &prepared.warnings {
        progress.suspend(|| eprintln!("warning: {warning}"));
    }
    tally.errors += prepared.warnings.len();
    let mut changed: BTreeSet<EventRow> = BTreeSet::new();
    for mut doc in prepared.docs {
        let title_as_read = doc.removed_title.as_deref().unwrap_or(&doc.article.title);
        let hash = content_hash(title_as_read, &doc.article.text);
        if store
            .find_exact(doc.article.url.as_deref(), hash)?
            .is_some()
        {
            tally.duplicates += 1;
            continue;
        }
        let clean = store::kept_text(&doc);
        let fingerprint = Fingerprint::of(&clean);
        let copy_of = find_original(store, &fingerprint, &clean, config)?;
        doc.article.id.0 = store.free_key(doc.article.id.as_str(), hash)?;
        let (cluster_event, choice) = assigner.choose(&doc.article, &clean);
        let new = NewArticle {
            doc: &doc,
            content_hash: hash,
            copy_of,
            fingerprint: &fingerprint,
            language: None,
        };
        match store.add_article(&new, choice) {
            Ok(added) => {
                assigner.stored(cluster_event, added.article, added.event);
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
                tally.errors += 1;
                progress.suspend(|| eprintln!("warning: {}: {error}", doc.article.origin));
            }
        }
    }
    for event in changed {
        let docs = store.event_documents(event)?;
        if docs.docs.is_empty() {
            continue;
        }
        let prepared = Prepared {
            docs: docs.docs,
            copy_of: docs.copy_of,
            warnings: Vec::new(),
        };
        let mut report = pipeline::report(&prepared, method, config);
        report.id = docs.key;
        store.put_report(event, &report)?;
    }
    assigner.drain_closed();
    progress.inc(count);
    progress.set_message(format!("{} added", tally.added));
    Ok(())
}

/// The exact-duplicate key of an article: `dedup::text_hash` of its title as read and its body,
/// equal for texts that differ only in case, punctuation and spacing.
fn content_hash(title: &str, text: &str) -> u64 {
    dedup::text_hash(&format!("{title}\n{text}"))
}

/// The stored original this kept text copies, if any: the oldest candidate that
/// `dedup::find_copies` calls an original of it, with the measured similarity.
fn find_original(
    store: &SqliteStore,
    fingerprint: &Fingerprint,
    clean: &str,
    config: &PipelineConfig,
) -> anyhow::Result<Option<(ArticleRow, Option<f64>)>> {
    for candidate in store.copy_candidates(fingerprint)? {
        match dedup::find_copies(&[&candidate.text, clean], &config.dedup)[1] {
            dedup::Copy::Original => {}
            dedup::Copy::Exact(_) => return Ok(Some((candidate.article, Some(1.0)))),
            dedup::Copy::Near(_, similarity) => {
                return Ok(Some((candidate.article, Some(similarity))));
            }
        }
    }
    Ok(None)
}

/// Articles sorted by publication time, as the clusterer wants them. The sort is stable, and an
/// article without a readable time takes the time of the article before it in the input, so it
/// stays beside its neighbours.
fn in_time_order(articles: Vec<Article>) -> Vec<Article> {
    let mut last = f64::NEG_INFINITY;
    let mut keyed: Vec<(f64, Article)> = articles
        .into_iter()
        .map(|a| {
            if let Some(t) = a.time.as_deref().and_then(cluster::parse_time) {
                last = t;
            }
            (last, a)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
    keyed.into_iter().map(|(_, a)| a).collect()
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
    /// Stored event of each open clusterer event.
    events: HashMap<cluster::EventId, EventRow>,
    /// The last stored article the clusterer has seen.
    after: ArticleRow,
    /// Replayed articles whose clusterer event was already tied to another stored event: the
    /// configuration changed, or an article failed to store after the clusterer saw it.
    disagreements: usize,
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
            events: HashMap::new(),
            after: ArticleRow(0),
            disagreements: 0,
        };
        if let Some(json) = store.state(CLUSTERER_STATE)? {
            match serde_json::from_str::<Checkpoint>(&json) {
                Ok(checkpoint) if checkpoint.config == *config => {
                    assigner.clusterer = checkpoint.clusterer;
                    assigner.after = ArticleRow(checkpoint.after);
                    assigner.events = checkpoint
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
            eprintln!(
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
        store.visit_articles_after(self.after, &mut |a| replayed.push(a))?;
        for stored in replayed {
            let id = self
                .clusterer
                .add(&for_clusterer(&stored.article, &stored.clean_text));
            if let Some(event) = stored.event {
                let bound = *self.events.entry(id).or_insert(event);
                self.disagreements += usize::from(bound != event);
            }
            self.after = stored.row;
        }
        self.drain_closed();
        Ok(())
    }

    /// The clusterer's event for a new article, and the stored event it maps to.
    fn choose(&mut self, article: &Article, clean: &str) -> (cluster::EventId, EventChoice) {
        let id = self.clusterer.add(&for_clusterer(article, clean));
        let choice = match self.events.get(&id) {
            Some(&event) => EventChoice::Join(event),
            None => EventChoice::Open,
        };
        (id, choice)
    }

    /// Records that the article the clusterer put in `id` is stored in `event`.
    fn stored(&mut self, id: cluster::EventId, article: ArticleRow, event: EventRow) {
        self.events.entry(id).or_insert(event);
        self.after = article;
    }

    /// Forgets the stored events of closed clusterer events, which never take articles again.
    fn drain_closed(&mut self) {
        for event in self.clusterer.drain_closed() {
            self.events.remove(&event.id);
        }
    }

    fn checkpoint(&self, store: &mut SqliteStore) -> anyhow::Result<()> {
        let mut events: Vec<(cluster::EventId, i64)> =
            self.events.iter().map(|(id, row)| (*id, row.0)).collect();
        events.sort();
        let checkpoint = CheckpointRef {
            after: self.after.0,
            config: self.clusterer.config(),
            clusterer: &self.clusterer,
            events,
        };
        store.put_state(CLUSTERER_STATE, &serde_json::to_string(&checkpoint)?)?;
        Ok(())
    }
}

/// What the clusterer reads of an article: its title and time, and its kept text rather than
/// the raw body, so that boilerplate does not make unrelated articles look alike.
fn for_clusterer(article: &Article, clean: &str) -> Article {
    Article {
        text: clean.to_owned(),
        ..article.clone()
    }
}
