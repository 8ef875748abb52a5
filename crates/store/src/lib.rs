//! Where Chorus keeps what it has read: articles (raw and cleaned), their sentences, events, which
//! article belongs to which event, and each event's computed report.
//!
//! The only crate that knows SQL. [`Store`] is the interface the binary programs against, so that
//! a server-grade store can join later; [`SqliteStore`] is the default, one file a user can open
//! with `sqlite3` (or a private in-memory database for tests, [`SqliteStore::open_in_memory`]).
//!
//! Durability and consistency: the file runs in WAL mode with `synchronous=FULL`, so a batch is
//! on disk before [`Store::commit_batch`] returns (`NORMAL` would survive a killed process too,
//! but could lose the last commits on a power cut: "committed" must mean durable). Every batch
//! is one transaction, so a reader in another process sees whole batches or nothing, and a
//! killed ingest leaves the file at its last commit. Inside a batch each article is a savepoint
//! of its own: an article that fails is rolled back alone. The search entries of a batch's
//! articles are written together just before it commits (FTS5 writes out its pending entries at
//! every savepoint, which per article would cost a segment each), so they commit with the batch.
//! Reports are computed outside the store: [`Store::mark_stale`] records, in the batch that
//! changed an event, that its report is out of date, and [`Store::put_report`] clears the mark.
//!
//! What a batch writes is kept to few pages, since every written page is written twice (to the
//! WAL, then to the file at a checkpoint): an article is a row of its own (sentences inside it),
//! its search entry, and for an original its shingles and band keys, all appended in row order.
//! The near-copy band index (band key → originals) lives in the writer's memory (bands.rs),
//! built from the stored keys on its first lookup, and the article word index keeps no word
//! positions (no phrase queries, which no command makes).
//!
//! Commands that only read open the file with [`OpenMode::ReadOnly`]: SQLite's read-only mode,
//! no migration and no change of journal mode, and no `-wal` or `-shm` file created beside a
//! database that has none (it is read as immutable, and a read during which another process
//! changed the file is refused), so that a user who may read a database but not write it,
//! or its folder, reads it and leaves nothing behind.
//!
//! Invariants: offsets stored for an article (kept paragraphs, removed lines, sentences) are byte
//! offsets into its raw text, which is stored exactly as read; a file that is not a Chorus
//! database is never written to, nor is any file opened to be read only.

mod bands;
mod cjk;
mod error;
mod fetch_state;
pub mod lsh;
mod schema;
mod sqlite;
mod time;

use model::{Article, Document, EventReport};
use serde::Serialize;

pub use error::Error;
pub use fetch_state::FetchState;
pub use lsh::Fingerprint;
pub use schema::{APPLICATION_ID, VERSION as SCHEMA_VERSION};
pub use sqlite::{OpenMode, Snapshot, SqliteStore};
pub use time::sortable_time;

/// The row of a stored article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArticleRow(pub i64);

/// The row of a stored event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EventRow(pub i64);

/// An article to store, as the pipeline prepared it.
#[derive(Debug, Clone, Copy)]
pub struct NewArticle<'a> {
    /// The cleaned and segmented article; its id must be free (see [`Store::free_key`]).
    pub doc: &'a Document,
    /// `dedup::text_hash` of its title and body.
    pub content_hash: u64,
    /// The stored original this article copies, with the measured similarity for near copies.
    pub copy_of: Option<(ArticleRow, Option<f64>)>,
    /// Band keys of its kept text.
    pub fingerprint: &'a Fingerprint,
    /// Hash and shingles of its kept text, of [`lsh::SHINGLE`] words, when the caller has them
    /// (they are computed otherwise). Stored with an original, so that a later article's
    /// near-copy check reads them instead of re-shingling its text.
    pub shingled: Option<&'a dedup::Shingled>,
    /// Language code, when known.
    pub language: Option<&'a str>,
    /// The publication time the article's text states (a "Published: 12 March 2025" line, a
    /// dated dateline) as `YYYY-MM-DDTHH:MM:SSZ`, for an article without a readable time of its
    /// own: its sortable time then, instead of the time of ingest.
    pub stated_time: Option<&'a str>,
}

/// Which event a new article goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventChoice {
    /// An event already stored.
    Join(EventRow),
    /// A new event, opened by this article.
    Open,
}

/// What [`Store::add_article`] stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Added {
    /// The article's row.
    pub article: ArticleRow,
    /// Its event's row.
    pub event: EventRow,
    /// Whether the event was opened by this article.
    pub opened: bool,
}

/// A stored article that a new one may copy, ready for `dedup::compare`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyCandidate {
    /// Its row.
    pub article: ArticleRow,
    /// Hash and shingles of its kept paragraphs joined by line breaks, in the compact form
    /// (`dedup::Shingled::compact`): read as stored with the article when they were stored with
    /// the asked shingle size, computed from the text otherwise. Compare it with the compact
    /// form of the new article's.
    pub shingled: dedup::Shingled,
}

/// A stored article as read back, in the order it was stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredArticle {
    /// Its row.
    pub row: ArticleRow,
    /// Its event's row (`None` only in a database some other writer left half-made).
    pub event: Option<EventRow>,
    /// The article, with the title and outlet the pipeline settled on.
    pub article: Article,
    /// Its kept paragraphs, joined by line breaks (see [`kept_text`]).
    pub clean_text: String,
}

/// One event's articles, rebuilt as the pipeline's documents.
#[derive(Debug, Clone, Default)]
pub struct EventDocuments {
    /// The event's public id.
    pub key: String,
    /// Its documents, in the order they were stored.
    pub docs: Vec<Document>,
    /// For each document, the index of the document it copies within this event, if any.
    pub copy_of: Vec<Option<usize>>,
}

/// Which events [`Store::events`] lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventFilter {
    /// Only events last seen at or after this sortable time, in UTC (see [`sortable_time`]).
    pub since: Option<String>,
    /// Only events whose report or articles match this full-text query; a query without a
    /// word is [`Error::EmptyQuery`].
    pub query: Option<String>,
    /// At most this many events, most recently seen first; `None` lists all.
    pub limit: Option<usize>,
}

/// One line of the event list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventListing {
    /// Public id (what `chorus show` takes).
    pub id: String,
    /// The report's headline, when it has one.
    pub headline: Option<String>,
    /// Distinct outlets of its articles, sorted.
    pub outlets: Vec<String>,
    /// Number of articles.
    pub articles: usize,
    /// Earliest article time (sortable form, UTC).
    pub first_seen: String,
    /// Latest article time (sortable form, UTC).
    pub last_seen: String,
}

/// An article found by full-text search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleHit {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Outlet, when known.
    pub outlet: Option<String>,
    /// Publication time as given.
    pub time: Option<String>,
    /// Address.
    pub url: Option<String>,
    /// The event it belongs to.
    pub event: Option<String>,
}

/// An event found by full-text search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventHit {
    /// Public id.
    pub id: String,
    /// Headline.
    pub headline: Option<String>,
}

/// What a full-text search found, best matches first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SearchResults {
    /// Events whose headline or summary match.
    pub events: Vec<EventHit>,
    /// Articles whose title or kept text match.
    pub articles: Vec<ArticleHit>,
}

/// How much a store holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Articles.
    pub articles: usize,
    /// Of which copies of another article.
    pub copies: usize,
    /// Events.
    pub events: usize,
    /// Events with a stored report.
    pub reports: usize,
    /// Events whose report is out of date or missing, waiting for the end of an ingest (see
    /// [`Store::mark_stale`]).
    pub stale: usize,
}

/// A Chorus database: the operations ingest and the read commands need, and nothing of SQL.
///
/// Writes happen inside a batch ([`Store::begin_batch`] .. [`Store::commit_batch`]); reads work
/// inside or outside one (inside, they see the batch's own writes).
pub trait Store {
    /// Starts a batch: one transaction that holds the write lock until commit or rollback.
    fn begin_batch(&mut self) -> Result<(), Error>;
    /// Makes the batch durable.
    fn commit_batch(&mut self) -> Result<(), Error>;
    /// Drops everything the batch wrote.
    fn rollback_batch(&mut self) -> Result<(), Error>;

    /// A stored article that is an exact duplicate: the same URL, or the same content hash.
    fn find_exact(&self, url: Option<&str>, content_hash: u64)
    -> Result<Option<ArticleRow>, Error>;
    /// Stored originals (articles that copy nothing) sharing a band with `fingerprint`, oldest
    /// first; at most a few dozen, those sharing most bands; each with the shingles of `shingle`
    /// words of its kept text.
    fn copy_candidates(
        &self,
        fingerprint: &Fingerprint,
        shingle: usize,
    ) -> Result<Vec<CopyCandidate>, Error>;
    /// `wanted` if no stored article has that id, otherwise a free id derived from it and the
    /// content hash (inputs from different folders may reuse file names).
    fn free_key(&self, wanted: &str, content_hash: u64) -> Result<String, Error>;
    /// Stores an article with its sentences, band keys and event membership, all or nothing, and
    /// its search entry when the batch commits. Must be called inside a batch.
    fn add_article(&mut self, new: &NewArticle<'_>, event: EventChoice) -> Result<Added, Error>;
    /// Calls `visit` with every article stored after `after`, in storage order (to rebuild a
    /// clusterer's state).
    fn visit_articles_after(
        &self,
        after: ArticleRow,
        visit: &mut dyn FnMut(StoredArticle),
    ) -> Result<(), Error>;
    /// The documents of one event, rebuilt from the stored offsets.
    fn event_documents(&self, event: EventRow) -> Result<EventDocuments, Error>;
    /// Stores (or replaces) the report of an event, indexes its headline and summary, and clears
    /// its stale mark.
    fn put_report(&mut self, event: EventRow, report: &EventReport) -> Result<(), Error>;
    /// Marks events whose membership changed as needing a new report (`stale = true`), or clears
    /// the mark of one that needs none (`stale = false`). Inside a batch, the mark commits with
    /// the articles that made the event stale, so a killed ingest leaves no event unmarked.
    fn mark_stale(&mut self, events: &[EventRow], stale: bool) -> Result<(), Error>;
    /// At most `limit` events marked stale, lowest row first.
    fn stale_events(&self, limit: usize) -> Result<Vec<EventRow>, Error>;
    /// The state a stage saved under `name` (see [`Store::put_state`]).
    fn state(&self, name: &str) -> Result<Option<String>, Error>;
    /// Saves a stage's state (a clusterer checkpoint); inside a batch, it commits with the
    /// articles it reflects.
    fn put_state(&mut self, name: &str, value: &str) -> Result<(), Error>;

    /// Events, most recently seen first.
    fn events(&self, filter: &EventFilter) -> Result<Vec<EventListing>, Error>;
    /// The stored report of the event with this public id (or unique id prefix, case
    /// ignored); `None` when no event has it or it has no report yet. A prefix of several ids
    /// is [`Error::AmbiguousEvent`], and text no id can start with [`Error::NotAnEventId`].
    fn report(&self, event: &str) -> Result<Option<EventReport>, Error>;
    /// Events and articles matching the words of `text`, at most `limit` of each (`usize::MAX`:
    /// all); a text without a word is [`Error::EmptyQuery`]. Events come by FTS5's bm25 rank over
    /// headline and summary. Articles whose title holds more of the words come first, then the
    /// newest by publication time, ranked among the 10,000 most recently stored matches (or
    /// `limit`, when larger); articles found through their Chinese, Japanese or Korean runs come
    /// before the others.
    fn search(&self, text: &str, limit: usize) -> Result<SearchResults, Error>;
    /// How much the store holds.
    fn counts(&self) -> Result<Counts, Error>;
}

/// The text of a document's kept paragraphs, joined by line breaks: its clean text, which copy
/// detection compares and full-text search indexes.
pub fn kept_text(doc: &Document) -> String {
    let parts: Vec<&str> = doc
        .paragraphs
        .iter()
        .map(|r| &doc.article.text[r.clone()])
        .collect();
    parts.join("\n")
}
