//! [`SqliteStore`]: the [`Store`] over one SQLite file (or a private in-memory database).

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};

use model::{Article, ArticleId, Document, EventReport, Origin, RemovedLine, Sentence};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params, params_from_iter};
use serde::Serialize;

use crate::schema::{APPLICATION_ID, MIGRATIONS, VERSION};
use crate::{
    Added, ArticleHit, ArticleRow, CopyCandidate, Counts, Error, EventChoice, EventDocuments,
    EventFilter, EventHit, EventListing, EventRow, Fingerprint, NewArticle, SearchResults, Store,
    StoredArticle, bands, cjk, kept_text, lsh, time,
};

/// Whether opening may create the file, and whether the store may write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Create the file (and its folder) when missing: for commands that write.
    Create,
    /// Fail with [`Error::Missing`] when the file does not exist, and otherwise open it to read
    /// and write, bringing its schema up to date: for a second connection of a writer.
    Existing,
    /// Open an existing Chorus database only to read it, for commands that only read: the file
    /// is opened read-only, nothing is written to it or created beside it, no migration runs
    /// (an older schema is [`Error::OlderSchema`]), and an empty file is [`Error::Empty`]. See
    /// [`SqliteStore::open`] for how a WAL file is read without its `-shm` file.
    ReadOnly,
}

/// Most copy candidates compared per article: a story reprinted a thousand times has one
/// original, so more candidates than this are boilerplate look-alikes, not copies.
const MAX_CANDIDATES: usize = 32;

/// Most events and articles a CJK `events --query` takes from the search indexes.
const EVENT_QUERY_HITS: usize = 10_000;

/// Prepared statements kept per connection (see `SqliteStore::setup`).
const STATEMENT_CACHE: usize = 64;

/// How long a writer waits for another process's batch before giving up: batches commit within
/// seconds, so a lock held for longer means a stuck process.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// The [`Store`] over SQLite.
#[derive(Debug)]
pub struct SqliteStore {
    pub(crate) conn: Connection,
    path: PathBuf,
    /// Search entries (row, title, clean text) of the articles the open batch stored, indexed
    /// together just before it commits: FTS5 writes out its pending entries at every savepoint,
    /// so indexing each article inside its own savepoint would write one index segment per
    /// article (and merge them all again).
    pending_search: Vec<(i64, String, String)>,
    /// The near-copy band index, built on the first copy-candidate lookup (a reader never
    /// needs it) and dropped when a batch rolls back (its rows may be reused).
    bands: RefCell<Option<bands::BandIndex>>,
    /// Opened with [`OpenMode::ReadOnly`]: batches are refused.
    read_only: bool,
    /// For a file read as immutable (see [`SqliteStore::open`]), what it looked like before it
    /// was opened: a read that ends with the file changed is refused ([`Error::Changed`]).
    immutable_stamp: Option<FileStamp>,
}

/// What changes when a process writes to a file: its length and modification time.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FileStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl FileStamp {
    fn of(path: &Path) -> std::io::Result<FileStamp> {
        let meta = std::fs::metadata(path)?;
        Ok(FileStamp {
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }
}

impl SqliteStore {
    /// Opens (or, with [`OpenMode::Create`], creates) the database at `path` and, unless it is
    /// [`OpenMode::ReadOnly`], brings its schema up to date. A file that is not SQLite, or is
    /// another application's database, is refused without being written to.
    ///
    /// Read-only, a database in WAL mode whose `-wal` file holds changes (a writer is at work,
    /// or one was stopped) is read through its `-shm` file, which SQLite opens read-only when
    /// it cannot write it. Without a `-wal` file, SQLite would create the `-wal` and `-shm`
    /// files, and a reader cannot remove them on closing: files owned by the reader, which a
    /// writer of another user cannot open, or a failure in a folder the reader cannot write.
    /// So when there is no `-wal` file, or an empty one, every change is in the file itself,
    /// and it is read as immutable (no locks, no files beside it); a writer that starts
    /// meanwhile writes to its own `-wal` file, unseen, until it copies it into the file, and a
    /// read that finds the file's length or modification time changed since it was opened is
    /// refused ([`Error::Changed`]) rather than trusted. A `-wal` file with changes but no
    /// `-shm` file (a stopped writer's `-shm` removed) is read as SQLite reads it, creating the
    /// `-shm` file; where it cannot be created the error says so ([`Error::WalUnreadable`]).
    pub fn open(path: &Path, mode: OpenMode) -> Result<SqliteStore, Error> {
        let io = |error| Error::Io {
            path: path.to_owned(),
            error,
        };
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                return Err(io(std::io::Error::new(
                    std::io::ErrorKind::IsADirectory,
                    "is a directory",
                )));
            }
            Ok(_) if mode == OpenMode::ReadOnly => return SqliteStore::open_read_only(path),
            Ok(meta) if meta.len() > 0 => check_foreign(path)?,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if mode != OpenMode::Create {
                    return Err(Error::Missing {
                        path: path.to_owned(),
                    });
                }
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(parent).map_err(io)?;
                }
            }
            Err(e) => return Err(io(e)),
        }
        let conn = Connection::open(path).map_err(|error| Error::Sqlite {
            path: path.to_owned(),
            error,
        })?;
        SqliteStore::setup(conn, path.to_owned())
    }

    /// [`OpenMode::ReadOnly`]'s open of an existing file (see [`SqliteStore::open`]).
    fn open_read_only(path: &Path) -> Result<SqliteStore, Error> {
        let io = |error| Error::Io {
            path: path.to_owned(),
            error,
        };
        // Taken before anything is looked at, so that any change after it is seen.
        let stamp = FileStamp::of(path).map_err(io)?;
        if stamp.len == 0 {
            return Err(Error::Empty {
                path: path.to_owned(),
            });
        }
        let header = sqlite_header(path)?;
        // Bytes 18 and 19 of the header: the read and write versions, 2 for WAL.
        let wal_mode = header[18] == 2 && header[19] == 2;
        let beside = |suffix: &str| {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            std::fs::metadata(PathBuf::from(name)).ok()
        };
        // No WAL, or an empty one, holds no change that is not in the file; a `-shm` file alone
        // (a writer removes the WAL first when it closes) tells nothing.
        let immutable = wal_mode && beside("-wal").is_none_or(|wal| wal.len() == 0);
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = if immutable {
            Connection::open_with_flags(
                format!("file:{}?immutable=1", uri_path(path).map_err(io)?),
                flags | OpenFlags::SQLITE_OPEN_URI,
            )
        } else {
            Connection::open_with_flags(path, flags)
        }
        .map_err(|error| Error::Sqlite {
            path: path.to_owned(),
            error,
        })?;
        // The first read opens the WAL, if any.
        check_application(&conn, path).map_err(|e| match e {
            Error::Sqlite { path, error }
                if !immutable
                    && matches!(
                        error.sqlite_error_code(),
                        Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen)
                    ) =>
            {
                Error::WalUnreadable { path, error }
            }
            e => e,
        })?;
        let store = SqliteStore {
            conn,
            path: path.to_owned(),
            pending_search: Vec::new(),
            bands: RefCell::new(None),
            read_only: true,
            immutable_stamp: immutable.then_some(stamp),
        };
        store
            .conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| store.err(e))?;
        store
            .conn
            .execute_batch("PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;")
            .map_err(|e| store.err(e))?;
        let version = store.read(|| store.schema_version())?;
        if version > VERSION {
            return Err(Error::NewerSchema {
                path: path.to_owned(),
                found: version,
                known: VERSION,
            });
        }
        if version < VERSION {
            return Err(Error::OlderSchema {
                path: path.to_owned(),
                found: version,
                known: VERSION,
            });
        }
        Ok(store)
    }

    /// Runs a read, and refuses its result when the file was read as immutable and has
    /// changed since it was opened (see [`SqliteStore::open`]): what was read may mix pages
    /// from before and after the change.
    fn read<T>(&self, run: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
        let result = run();
        if let Some(stamp) = &self.immutable_stamp {
            if FileStamp::of(&self.path).ok().as_ref() != Some(stamp) {
                return Err(Error::Changed {
                    path: self.path.clone(),
                });
            }
        }
        result
    }

    /// A private, empty database in memory, with the full schema: for tests.
    pub fn open_in_memory() -> Result<SqliteStore, Error> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|error| Error::Sqlite {
            path: path.clone(),
            error,
        })?;
        SqliteStore::setup(conn, path)
    }

    /// The file this store reads and writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open file (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64, Error> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// `PRAGMA integrity_check`: `["ok"]` for a sound file, otherwise what is wrong.
    pub fn integrity_check(&self) -> Result<Vec<String>, Error> {
        let mut stmt = self
            .conn
            .prepare("PRAGMA integrity_check")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Everything the store holds, by content: row ids and timestamps left out, so that two
    /// databases built from the same input in different runs compare equal.
    pub fn snapshot(&self) -> Result<Snapshot, Error> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT a.key, a.title, a.outlet, a.url, a.time, a.time_sort, a.content_hash,
                        o.key, a.copy_similarity, e.key, a.kept, a.removed, a.sentences
                 FROM articles a
                 LEFT JOIN articles o ON o.id = a.copy_of
                 LEFT JOIN event_articles m ON m.article = a.id
                 LEFT JOIN events e ON e.id = m.event
                 ORDER BY a.key",
            )
            .map_err(|e| self.err(e))?;
        let articles = stmt
            .query_map([], |r| {
                Ok(SnapshotArticle {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    outlet: r.get(2)?,
                    url: r.get(3)?,
                    time: r.get(4)?,
                    time_sort: r.get(5)?,
                    content_hash: r.get(6)?,
                    copy_of: r.get(7)?,
                    copy_similarity: r.get(8)?,
                    event: r.get(9)?,
                    kept: r.get(10)?,
                    removed: r.get(11)?,
                    sentences: r.get(12)?,
                })
            })
            .map_err(|e| self.err(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))?;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT e.key, e.headline, e.summary, r.json FROM events e
                 LEFT JOIN reports r ON r.event = e.id ORDER BY e.key",
            )
            .map_err(|e| self.err(e))?;
        let events = stmt
            .query_map([], |r| {
                Ok(SnapshotEvent {
                    id: r.get(0)?,
                    headline: r.get(1)?,
                    summary: r.get(2)?,
                    report: r.get(3)?,
                })
            })
            .map_err(|e| self.err(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))?;
        Ok(Snapshot { articles, events })
    }

    fn setup(conn: Connection, path: PathBuf) -> Result<SqliteStore, Error> {
        let store = SqliteStore {
            conn,
            path,
            pending_search: Vec::new(),
            bands: RefCell::new(None),
            read_only: false,
            immutable_stamp: None,
        };
        store
            .conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| store.err(e))?;
        // Ingest and the report pass run a few dozen distinct statements: rusqlite's default
        // cache of 16 would prepare some of them again for every article.
        store
            .conn
            .set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        store.use_wal()?;
        store
            .conn
            .execute_batch(
                // The per-article savepoints' journal in memory rather than in a temporary file,
                // a page cache of 64 MiB (the default 2 MiB rereads the indexes' pages), and a
                // WAL checkpoint every 64 MiB of WAL rather than every 4 MiB: a batch writes
                // megabytes, so the default checkpointed inside every commit, copying pages
                // (the indexes' inner pages, the tables' last pages) that the next batch
                // rewrites anyway.
                "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;
                 PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 16384;",
            )
            .map_err(|e| store.err(e))?;
        store.migrate()?;
        Ok(store)
    }

    /// Puts the file in WAL mode (a property of the file; an in-memory database stays in
    /// "memory"). On a new file the switch writes the header: a connection that has read the
    /// old header and then finds another process writing it gets `SQLITE_BUSY` at once, because
    /// SQLite does not call the busy handler when a reader upgrades to a writer. So two
    /// processes creating one database together retry here, for as long as a writer would wait.
    fn use_wal(&self) -> Result<(), Error> {
        let started = std::time::Instant::now();
        let mut pause = std::time::Duration::from_millis(1);
        loop {
            match self
                .conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
            {
                Ok(_) => return Ok(()),
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.code == rusqlite::ErrorCode::DatabaseBusy
                        && started.elapsed() < BUSY_TIMEOUT =>
                {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(std::time::Duration::from_millis(50));
                }
                Err(e) => return Err(self.err(e)),
            }
        }
    }

    /// Applies the migrations the file lacks, each in its own transaction with its version bump.
    fn migrate(&self) -> Result<(), Error> {
        loop {
            // An up-to-date file needs no lock: readers must not wait for a running ingest.
            let version: i64 = self
                .conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(|e| self.err(e))?;
            if version == VERSION {
                return Ok(());
            }
            // Read the version again under the write lock, so that two processes creating one
            // file at once do not both apply a migration.
            self.conn
                .execute_batch("BEGIN IMMEDIATE")
                .map_err(|e| self.err(e))?;
            match self.migrate_one() {
                Ok(true) => {}
                Ok(false) => {
                    return self.conn.execute_batch("COMMIT").map_err(|e| self.err(e));
                }
                Err(e) => {
                    let _ = self.conn.execute_batch("ROLLBACK");
                    return Err(e);
                }
            }
            self.conn.execute_batch("COMMIT").map_err(|e| self.err(e))?;
        }
    }

    /// Applies the next migration, if any; returns whether it did.
    fn migrate_one(&self) -> Result<bool, Error> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        if version > VERSION {
            return Err(Error::NewerSchema {
                path: self.path.clone(),
                found: version,
                known: VERSION,
            });
        }
        if version == VERSION {
            return Ok(false);
        }
        let mut sql = MIGRATIONS[version as usize].to_owned();
        if version == 0 {
            sql.push_str(&format!("\nPRAGMA application_id = {APPLICATION_ID};"));
        }
        sql.push_str(&format!("\nPRAGMA user_version = {};", version + 1));
        self.conn.execute_batch(&sql).map_err(|e| self.err(e))?;
        if version == 4 {
            self.backfill_cjk().map_err(|e| self.err(e))?;
        }
        if version == 5 {
            self.move_band_keys().map_err(|e| self.err(e))?;
            self.reindex_articles().map_err(|e| self.err(e))?;
        }
        if version == 7 {
            self.recompute_band_keys().map_err(|e| self.err(e))?;
        }
        if version == 8 {
            self.recompute_sortable_times().map_err(|e| self.err(e))?;
        }
        if version == 9 {
            self.compact_stored_shingles().map_err(|e| self.err(e))?;
        }
        if version == 10 {
            self.reindex_articles().map_err(|e| self.err(e))?;
        }
        Ok(true)
    }

    /// Migration 5's rows for what was stored before it: the CJK runs of every article and
    /// event, in the migration's transaction.
    fn backfill_cjk(&self) -> Result<(), rusqlite::Error> {
        let mut insert = self
            .conn
            .prepare("INSERT INTO articles_cjk (rowid, text) VALUES (?1, ?2)")?;
        self.each_article_text(
            |title, raw| cjk::may_have_cjk(title) || cjk::may_have_cjk(raw),
            &mut |id, title, body| {
                if let Some(text) = cjk::index_text(&[title, body]) {
                    insert.execute(params![id, text])?;
                }
                Ok(())
            },
        )?;
        let mut insert = self
            .conn
            .prepare("INSERT INTO events_cjk (rowid, text) VALUES (?1, ?2)")?;
        let mut stmt = self
            .conn
            .prepare("SELECT id, headline, summary FROM events ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (id, headline, summary): (i64, Option<String>, Option<String>) =
                (r.get(0)?, r.get(1)?, r.get(2)?);
            let texts = [
                headline.as_deref().unwrap_or(""),
                summary.as_deref().unwrap_or(""),
            ];
            if let Some(text) = cjk::index_text(&texts) {
                insert.execute(params![id, text])?;
            }
        }
        Ok(())
    }

    /// Migration 6's band keys for what was stored before it: each original's rows of
    /// `article_bands` become one blob of `article_band_keys`, and the old table goes.
    fn move_band_keys(&self) -> Result<(), rusqlite::Error> {
        let mut insert = self
            .conn
            .prepare("INSERT INTO article_band_keys (article, keys) VALUES (?1, ?2)")?;
        let mut stmt = self.conn.prepare(
            "SELECT b.article, b.band_key FROM article_bands b JOIN articles a ON a.id = b.article
             WHERE a.copy_of IS NULL ORDER BY b.article, b.band_key",
        )?;
        let mut rows = stmt.query([])?;
        let mut current: Option<(i64, Vec<u64>)> = None;
        while let Some(r) = rows.next()? {
            let (article, key): (i64, i64) = (r.get(0)?, r.get(1)?);
            match &mut current {
                Some((a, keys)) if *a == article => keys.push(key as u64),
                _ => {
                    if let Some((a, keys)) = current.take() {
                        insert.execute(params![a, bands::encode(&keys)])?;
                    }
                    current = Some((article, vec![key as u64]));
                }
            }
        }
        if let Some((a, keys)) = current {
            insert.execute(params![a, bands::encode(&keys)])?;
        }
        drop(rows);
        self.conn.execute_batch("DROP TABLE article_bands")
    }

    /// Migration 8's band keys: every original's keys recomputed from its stored shingles (or
    /// from its kept text, for an original stored before version 4), in the migration's
    /// transaction. The rows are read a chunk at a time and rewritten after each chunk, so that
    /// no row is rewritten under a running query of its table.
    fn recompute_band_keys(&self) -> Result<(), rusqlite::Error> {
        const CHUNK: i64 = 4096;
        let mut after = 0;
        loop {
            let rows: Vec<(i64, Option<Vec<u8>>)> = self
                .conn
                .prepare_cached(
                    "SELECT b.article, s.shingles FROM article_band_keys b
                     LEFT JOIN article_shingles s ON s.article = b.article
                     WHERE b.article > ?1 ORDER BY b.article LIMIT ?2",
                )?
                .query_map(params![after, CHUNK], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            let Some(&(last, _)) = rows.last() else {
                return Ok(());
            };
            for (article, blob) in rows {
                let fingerprint = match blob.as_deref().and_then(decode_wide_shingles) {
                    Some(shingles) => Fingerprint::of_shingles(&shingles),
                    None => Fingerprint::of(&self.stored_kept_text(article)?),
                };
                self.conn
                    .prepare_cached("UPDATE article_band_keys SET keys = ?2 WHERE article = ?1")?
                    .execute(params![article, bands::encode(&fingerprint.keys)])?;
            }
            after = last;
        }
    }

    /// Migration 10's shingles: every stored blob rewritten in the compact form (4 bytes a
    /// shingle instead of 8), in the migration's transaction, a chunk at a time as in
    /// [`Self::recompute_band_keys`]. A blob that does not decode is dropped: the article's
    /// shingles are then computed from its text when it is a copy candidate.
    fn compact_stored_shingles(&self) -> Result<(), rusqlite::Error> {
        const CHUNK: i64 = 4096;
        let mut after = 0;
        loop {
            let rows: Vec<(i64, i64, Vec<u8>)> = self
                .conn
                .prepare_cached(
                    "SELECT article, text_hash, shingles FROM article_shingles
                     WHERE article > ?1 ORDER BY article LIMIT ?2",
                )?
                .query_map(params![after, CHUNK], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?
                .collect::<Result<_, _>>()?;
            let Some(&(last, _, _)) = rows.last() else {
                return Ok(());
            };
            for (article, hash, blob) in rows {
                match decode_wide_shingles(&blob) {
                    Some(shingles) => {
                        let compact = dedup::Shingled {
                            hash: hash as u64,
                            shingles,
                        }
                        .compact();
                        self.conn
                            .prepare_cached(
                                "UPDATE article_shingles SET shingles = ?2 WHERE article = ?1",
                            )?
                            .execute(params![article, encode_shingles(&compact.shingles)])?;
                    }
                    None => {
                        self.conn
                            .prepare_cached("DELETE FROM article_shingles WHERE article = ?1")?
                            .execute([article])?;
                    }
                }
            }
            after = last;
        }
    }

    /// Migration 9's times: the sortable time of every article whose written time reads,
    /// recomputed as [`time::sortable_time`] now writes it (in UTC, the offset applied), in the
    /// migration's transaction. Only rows whose value changes are written: those with an offset.
    /// The rows are read a chunk at a time and rewritten after each chunk, as in
    /// [`Self::recompute_band_keys`].
    fn recompute_sortable_times(&self) -> Result<(), rusqlite::Error> {
        const CHUNK: i64 = 4096;
        let mut after = 0;
        loop {
            let rows: Vec<(i64, String, String)> = self
                .conn
                .prepare_cached(
                    "SELECT id, time, time_sort FROM articles
                     WHERE id > ?1 AND time IS NOT NULL ORDER BY id LIMIT ?2",
                )?
                .query_map(params![after, CHUNK], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?
                .collect::<Result<_, _>>()?;
            let Some(last) = rows.last().map(|row| row.0) else {
                return Ok(());
            };
            for (article, raw, stored) in rows {
                match time::sortable_time(&raw) {
                    Some(sortable) if sortable != stored => {
                        self.conn
                            .prepare_cached("UPDATE articles SET time_sort = ?2 WHERE id = ?1")?
                            .execute(params![article, sortable])?;
                    }
                    _ => {}
                }
            }
            after = last;
        }
    }

    /// The kept text of a stored article, for the migrations; kept ranges that do not decode
    /// give the whole text rather than fail the upgrade, as in [`Self::each_article_text`].
    fn stored_kept_text(&self, article: i64) -> Result<String, rusqlite::Error> {
        let (raw, kept): (String, String) = self.conn.query_row(
            "SELECT raw_text, kept FROM articles WHERE id = ?1",
            [article],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(match serde_json::from_str::<Vec<[usize; 2]>>(&kept) {
            Ok(kept) => join_kept(&raw, &kept),
            Err(_) => raw,
        })
    }

    /// The word index of migrations 6 and 11 for what was stored before them: every article's
    /// title and clean text, as `add_article` indexes them.
    fn reindex_articles(&self) -> Result<(), rusqlite::Error> {
        let mut insert = self
            .conn
            .prepare("INSERT INTO articles_fts (rowid, title, body) VALUES (?1, ?2, ?3)")?;
        self.each_article_text(|_, _| true, &mut |id, title, body| {
            insert.execute(params![id, title, body]).map(drop)
        })
    }

    /// Calls `f` with the id, title and clean text of every stored article, in id order, that
    /// `wanted` (given the title and the body as read) accepts; for the migrations that index
    /// what was stored before them. Kept ranges that do not decode give the whole text rather
    /// than fail the upgrade.
    fn each_article_text(
        &self,
        wanted: impl Fn(&str, &str) -> bool,
        f: &mut dyn FnMut(i64, &str, &str) -> Result<(), rusqlite::Error>,
    ) -> Result<(), rusqlite::Error> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, title, raw_text, kept FROM articles ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (id, title, raw, kept): (i64, String, String, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            if !wanted(&title, &raw) {
                continue;
            }
            let body = match serde_json::from_str::<Vec<[usize; 2]>>(&kept) {
                Ok(kept) => join_kept(&raw, &kept),
                Err(_) => raw,
            };
            f(id, &title, &body)?;
        }
        Ok(())
    }

    /// Brings the in-memory band index up to the table (building it on first use): the rows
    /// another writer committed, or the most recent ones the index keeps.
    fn refresh_bands(&self) -> Result<(), rusqlite::Error> {
        let mut guard = self.bands.borrow_mut();
        if guard.is_none() {
            // Built from the most recent originals only: older ones would be dropped anyway.
            let mut index = bands::BandIndex::default();
            index.through = self
                .conn
                .query_row(
                    "SELECT article FROM article_band_keys ORDER BY article DESC LIMIT 1 OFFSET ?1",
                    [index.capacity() as i64],
                    |r| r.get(0),
                )
                .optional()?
                .unwrap_or(0);
            *guard = Some(index);
        }
        let index = guard.as_mut().expect("built above");
        let mut stmt = self.conn.prepare_cached(
            "SELECT article, keys FROM article_band_keys WHERE article > ?1 ORDER BY article",
        )?;
        let mut rows = stmt.query([index.through])?;
        while let Some(r) = rows.next()? {
            let article: i64 = r.get(0)?;
            let blob = r.get_ref(1)?.as_blob()?;
            // A blob that does not decode makes its article no candidate, as a missing row would.
            if let Some(keys) = bands::decode(blob) {
                index.add(article, &keys);
            }
            index.through = index.through.max(article);
        }
        Ok(())
    }

    pub(crate) fn err(&self, source: rusqlite::Error) -> Error {
        Error::Sqlite {
            path: self.path.clone(),
            error: source,
        }
    }

    fn decode<T: serde::de::DeserializeOwned>(
        &self,
        what: &'static str,
        json: &str,
    ) -> Result<T, Error> {
        serde_json::from_str(json).map_err(|error| Error::Decode {
            path: self.path.clone(),
            what,
            error,
        })
    }

    /// Hash and shingles of `shingle` words of a stored article's kept text.
    fn shingled_text(&self, article: ArticleRow, shingle: usize) -> Result<dedup::Shingled, Error> {
        let (raw, kept): (String, String) = self
            .conn
            .prepare_cached("SELECT raw_text, kept FROM articles WHERE id = ?1")
            .and_then(|mut s| s.query_row([article.0], |r| Ok((r.get(0)?, r.get(1)?))))
            .map_err(|e| self.err(e))?;
        let kept: Vec<[usize; 2]> = self.decode("kept ranges", &kept)?;
        let config = dedup::DedupConfig {
            shingle,
            ..dedup::DedupConfig::default()
        };
        Ok(dedup::Shingled::of(&join_kept(&raw, &kept), &config))
    }

    fn insert_article(
        &self,
        new: &NewArticle<'_>,
        event: EventChoice,
        now: &str,
    ) -> Result<Added, rusqlite::Error> {
        let doc = new.doc;
        let article = &doc.article;
        let kept: Vec<[usize; 2]> = doc.paragraphs.iter().map(|r| [r.start, r.end]).collect();
        let time_sort = article
            .time
            .as_deref()
            .and_then(time::sortable_time)
            .or_else(|| new.stated_time.map(str::to_owned))
            .unwrap_or_else(|| now.to_owned());
        let sentences: Vec<[usize; 4]> = doc
            .sentences
            .iter()
            .map(|s| [s.index, s.start, s.end, s.paragraph])
            .collect();
        self.conn
            .prepare_cached(
                "INSERT INTO articles (key, title, removed_title, raw_text, kept, removed, outlet,
                     url, time, time_sort, language, origin_path, origin_line, content_hash,
                     copy_of, copy_similarity, ingested_at, sentences)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                     ?18)",
            )?
            .execute(params![
                article.id.as_str(),
                article.title,
                doc.removed_title,
                article.text,
                to_json(&kept),
                to_json(&doc.removed),
                article.source,
                article.url,
                article.time,
                time_sort,
                new.language,
                article.origin.path,
                article.origin.line.map(|l| l as i64),
                new.content_hash as i64,
                new.copy_of.map(|(row, _)| row.0),
                new.copy_of.and_then(|(_, s)| s),
                now,
                to_json(&sentences),
            ])?;
        let row = ArticleRow(self.conn.last_insert_rowid());
        {
            // Copies are never candidates: only originals get band keys and shingles.
            if new.copy_of.is_none() && !new.fingerprint.keys.is_empty() {
                self.conn
                    .prepare_cached(
                        "INSERT INTO article_band_keys (article, keys) VALUES (?1, ?2)",
                    )?
                    .execute(params![row.0, bands::encode(&new.fingerprint.keys)])?;
            }
            if new.copy_of.is_none() {
                let computed;
                let shingled = match new.shingled {
                    Some(shingled) => shingled,
                    None => {
                        computed = dedup::Shingled::of(
                            &kept_text(doc),
                            &dedup::DedupConfig {
                                shingle: lsh::SHINGLE,
                                ..dedup::DedupConfig::default()
                            },
                        );
                        &computed
                    }
                };
                self.conn
                    .prepare_cached(
                        "INSERT INTO article_shingles (article, text_hash, shingles)
                         VALUES (?1, ?2, ?3)",
                    )?
                    .execute(params![
                        row.0,
                        shingled.hash as i64,
                        encode_shingles(&shingled.compact().shingles)
                    ])?;
            }
        }
        let (event, opened) = match event {
            // The event's row is not touched: `updated_at` is when its report was last computed
            // (or the event created), and the batch marks the event stale for that. Updating it
            // here, per article, dirtied a page of the events table in most of a batch's
            // articles, in random order, for a time nothing reads.
            EventChoice::Join(event) => (event, false),
            EventChoice::Open => {
                let key = self.free_event_key(article.id.as_str())?;
                self.conn
                    .prepare_cached(
                        "INSERT INTO events (key, created_at, updated_at) VALUES (?1, ?2, ?2)",
                    )?
                    .execute(params![key, now])?;
                (EventRow(self.conn.last_insert_rowid()), true)
            }
        };
        self.conn
            .prepare_cached("INSERT INTO event_articles (event, article) VALUES (?1, ?2)")?
            .execute(params![event.0, row.0])?;
        Ok(Added {
            article: row,
            event,
            opened,
        })
    }

    /// Events and articles the word index finds for an FTS5 query, best first.
    fn search_words(
        &self,
        query: &str,
        words: &[String],
        limit: usize,
    ) -> Result<SearchResults, Error> {
        let articles = self.ranked_articles(query, words, limit)?;
        let limit = sql_limit(limit);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT e.key, e.headline FROM events_fts f JOIN events e ON e.id = f.rowid
                 WHERE events_fts MATCH ?1 ORDER BY f.rank, e.id LIMIT ?2",
            )
            .map_err(|e| self.err(e))?;
        let events = stmt
            .query_map(params![query, limit], event_hit)
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        Ok(SearchResults { events, articles })
    }

    /// The articles the word index finds for an FTS5 query, best first: those whose title
    /// holds more of the query's `words`, then the newest (by publication time). The index
    /// keeps no word counts or columns (`detail=none`), so FTS5's own rank is 0 for every
    /// article; the titles and times are read and ranked here instead, of the
    /// [`RANKED_ARTICLES`] most recently stored matches (or `limit`, when larger; all when it
    /// is `usize::MAX`), so that a query of a word in most articles still answers at once.
    fn ranked_articles(
        &self,
        query: &str,
        words: &[String],
        limit: usize,
    ) -> Result<Vec<ArticleHit>, Error> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT a.id, a.title, a.time_sort
                 FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1
                       ORDER BY rowid DESC LIMIT ?2) f
                 JOIN articles a ON a.id = f.rowid",
            )
            .map_err(|e| self.err(e))?;
        let pool = if limit == usize::MAX {
            -1
        } else {
            sql_limit(limit.max(RANKED_ARTICLES))
        };
        let mut found: Vec<(usize, String, i64)> = stmt
            .query_map(params![query, pool], |r| {
                let title: String = r.get(1)?;
                Ok((title_hits(&title, words), r.get(2)?, r.get(0)?))
            })
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        found.sort_unstable_by(|a, b| b.cmp(a));
        found.truncate(limit);
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT a.key, a.title, a.outlet, a.time, a.url, e.key
                 FROM articles a
                 LEFT JOIN event_articles m ON m.article = a.id
                 LEFT JOIN events e ON e.id = m.event
                 WHERE a.id = ?1",
            )
            .map_err(|e| self.err(e))?;
        found
            .iter()
            .map(|&(_, _, id)| stmt.query_row([id], article_hit))
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))
    }

    /// Events and articles whose CJK runs contain every CJK run of the query (trigram MATCH for
    /// runs of 3 or more characters, LIKE over the CJK column for shorter ones) and whose words
    /// index holds the query's other words; ranked when a trigram MATCH is part of the query,
    /// else oldest first, at most `limit` of each (the LIKE scan stops there).
    fn search_cjk(&self, query: &cjk::Query, limit: usize) -> Result<SearchResults, Error> {
        let words = fts_query(&query.words);
        let run = |table: &str, words_table: &str, sql: &str| -> (String, Vec<String>) {
            let mut args: Vec<String> = Vec::new();
            let mut conds: Vec<String> = Vec::new();
            if let Some(trigram) = &query.trigram {
                args.push(trigram.clone());
                conds.push(format!("{table} MATCH ?{}", args.len()));
            }
            for pattern in &query.like {
                args.push(pattern.clone());
                conds.push(format!("c.text LIKE ?{}", args.len()));
            }
            if let Some(words) = &words {
                args.push(words.clone());
                conds.push(format!(
                    "c.rowid IN (SELECT rowid FROM {words_table} WHERE {words_table} MATCH ?{})",
                    args.len()
                ));
            }
            let order = if query.trigram.is_some() {
                "c.rank, c.rowid"
            } else {
                "c.rowid"
            };
            (
                format!(
                    "{sql} WHERE {} ORDER BY {order} LIMIT {}",
                    conds.join(" AND "),
                    sql_limit(limit)
                ),
                args,
            )
        };
        let (sql, args) = run(
            "events_cjk",
            "events_fts",
            "SELECT e.key, e.headline FROM events_cjk c JOIN events e ON e.id = c.rowid",
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let events = stmt
            .query_map(params_from_iter(args.iter()), event_hit)
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        let (sql, args) = run(
            "articles_cjk",
            "articles_fts",
            "SELECT a.key, a.title, a.outlet, a.time, a.url, e.key
             FROM articles_cjk c JOIN articles a ON a.id = c.rowid
             LEFT JOIN event_articles m ON m.article = a.id
             LEFT JOIN events e ON e.id = m.event",
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let articles = stmt
            .query_map(params_from_iter(args.iter()), article_hit)
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        Ok(SearchResults { events, articles })
    }

    /// `e` and 12 hex digits of the hash of the opening article's id: stable as the event grows.
    fn free_event_key(&self, article: &str) -> Result<String, rusqlite::Error> {
        let base = format!(
            "e{:012x}",
            xxhash_rust::xxh3::xxh3_64(article.as_bytes()) >> 16
        );
        let mut key = base.clone();
        let mut n = 1;
        while self
            .conn
            .prepare_cached("SELECT 1 FROM events WHERE key = ?1")?
            .exists([&key])?
        {
            n += 1;
            key = format!("{base}-{n}");
        }
        Ok(key)
    }

    fn read_article(&self, r: &rusqlite::Row<'_>) -> Result<Article, rusqlite::Error> {
        Ok(Article {
            meta: Default::default(),
            id: ArticleId(r.get("key")?),
            title: r.get("title")?,
            text: r.get("raw_text")?,
            url: r.get("url")?,
            source: r.get("outlet")?,
            time: r.get("time")?,
            origin: Origin {
                path: r.get("origin_path")?,
                line: r.get::<_, Option<i64>>("origin_line")?.map(|l| l as u64),
            },
        })
    }

    /// An article's sentences from their stored JSON (see [`schema`](crate::schema)).
    fn sentences(&self, json: &str) -> Result<Vec<Sentence>, Error> {
        let quads: Vec<[usize; 4]> = self.decode("sentences", json)?;
        Ok(quads
            .into_iter()
            .map(|[index, start, end, paragraph]| Sentence {
                index,
                start,
                end,
                paragraph,
            })
            .collect())
    }

    /// The row of the event with this public id, or the only one it is a prefix of (case
    /// ignored); `None` when there is none. A prefix of several events is
    /// [`Error::AmbiguousEvent`], with a few of their ids; text that cannot begin an event id
    /// (see [`is_event_key_prefix`]) is [`Error::NotAnEventId`], so that no pattern is made of
    /// whatever the user typed.
    fn event_by_key(&self, key: &str) -> Result<Option<EventRow>, Error> {
        /// Ids listed for an ambiguous prefix.
        const SHOWN: usize = 5;
        let key = key.to_ascii_lowercase();
        if !is_event_key_prefix(&key) {
            return Err(Error::NotAnEventId {
                shown: shown_argument(&key),
            });
        }
        let exact = self
            .conn
            .query_row("SELECT id FROM events WHERE key = ?1", [&key], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))?;
        if let Some(id) = exact {
            return Ok(Some(EventRow(id)));
        }
        // A prefix holds `e`, hex digits, `-` and digits only: no GLOB wildcard.
        let mut stmt = self
            .conn
            .prepare("SELECT id, key FROM events WHERE key GLOB ?1 || '*' ORDER BY key LIMIT ?2")
            .map_err(|e| self.err(e))?;
        let found: Vec<(i64, String)> = stmt
            .query_map(params![key, SHOWN as i64 + 1], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        match found.as_slice() {
            [] => Ok(None),
            [(id, _)] => Ok(Some(EventRow(*id))),
            _ => {
                let count: i64 = self
                    .conn
                    .query_row(
                        "SELECT COUNT(*) FROM events WHERE key GLOB ?1 || '*'",
                        [&key],
                        |r| r.get(0),
                    )
                    .map_err(|e| self.err(e))?;
                Err(Error::AmbiguousEvent {
                    path: self.path.clone(),
                    prefix: key,
                    matches: found.into_iter().take(SHOWN).map(|(_, k)| k).collect(),
                    count: count as usize,
                })
            }
        }
    }
}

/// Whether `text` can begin an event key as [`SqliteStore::free_event_key`] makes them: `e`,
/// then up to 12 lowercase hex digits, and after all 12 a `-` and up to 10 digits (the count
/// that tells apart events whose opening articles' ids hash alike).
fn is_event_key_prefix(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('e') else {
        return false;
    };
    let hex = rest
        .bytes()
        .take_while(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        .count();
    let rest = &rest[hex..];
    match hex {
        0..12 => rest.is_empty(),
        12 => match rest.strip_prefix('-') {
            None => rest.is_empty(),
            Some(count) => count.len() <= 10 && count.bytes().all(|b| b.is_ascii_digit()),
        },
        _ => false,
    }
}

/// A count of rows as SQLite's `LIMIT` takes it: `usize::MAX` (or any count past `i64::MAX`)
/// is no limit.
fn sql_limit(limit: usize) -> i64 {
    i64::try_from(limit).unwrap_or(-1)
}

/// A user's argument as an error message shows it: quoted, and cut short when it is long.
fn shown_argument(text: &str) -> String {
    const MAX: usize = 24;
    let chars = text.chars().count();
    if chars <= MAX {
        format!("{text:?}")
    } else {
        let start: String = text.chars().take(MAX).collect();
        format!("{start:?}... ({chars} characters)")
    }
}

impl Store for SqliteStore {
    fn begin_batch(&mut self) -> Result<(), Error> {
        if self.read_only {
            return Err(Error::ReadOnly {
                path: self.path.clone(),
            });
        }
        self.pending_search.clear();
        // IMMEDIATE takes the write lock now, so a batch never fails halfway on a lock upgrade.
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(|e| self.err(e))?;
        // Another writer may have committed since: its originals join the index before this
        // batch adds rows above theirs.
        if self.bands.get_mut().is_some() {
            self.refresh_bands().map_err(|e| self.err(e))?;
        }
        Ok(())
    }

    fn commit_batch(&mut self) -> Result<(), Error> {
        let pending = std::mem::take(&mut self.pending_search);
        let index = || -> Result<(), rusqlite::Error> {
            let mut stmt = self.conn.prepare_cached(
                "INSERT INTO articles_fts (rowid, title, body) VALUES (?1, ?2, ?3)",
            )?;
            for (row, title, body) in &pending {
                stmt.execute(params![row, title, body])?;
            }
            let mut stmt = self
                .conn
                .prepare_cached("INSERT INTO articles_cjk (rowid, text) VALUES (?1, ?2)")?;
            for (row, title, body) in &pending {
                if let Some(text) = cjk::index_text(&[title, body]) {
                    stmt.execute(params![row, text])?;
                }
            }
            Ok(())
        };
        index().map_err(|e| self.err(e))?;
        self.conn.execute_batch("COMMIT").map_err(|e| self.err(e))
    }

    fn rollback_batch(&mut self) -> Result<(), Error> {
        self.pending_search.clear();
        // The batch's originals are in the index, and their rows may be reused.
        *self.bands.get_mut() = None;
        self.conn.execute_batch("ROLLBACK").map_err(|e| self.err(e))
    }

    fn find_exact(
        &self,
        url: Option<&str>,
        content_hash: u64,
    ) -> Result<Option<ArticleRow>, Error> {
        let run = || -> Result<Option<i64>, rusqlite::Error> {
            if let Some(url) = url.filter(|u| !u.trim().is_empty()) {
                let found = self
                    .conn
                    .prepare_cached("SELECT id FROM articles WHERE url = ?1 LIMIT 1")?
                    .query_row([url], |r| r.get(0))
                    .optional()?;
                if found.is_some() {
                    return Ok(found);
                }
            }
            self.conn
                .prepare_cached("SELECT id FROM articles WHERE content_hash = ?1 LIMIT 1")?
                .query_row([content_hash as i64], |r| r.get(0))
                .optional()
        };
        run().map(|id| id.map(ArticleRow)).map_err(|e| self.err(e))
    }

    fn copy_candidates(
        &self,
        fingerprint: &Fingerprint,
        shingle: usize,
    ) -> Result<Vec<CopyCandidate>, Error> {
        if fingerprint.keys.is_empty() {
            return Ok(Vec::new());
        }
        self.refresh_bands().map_err(|e| self.err(e))?;
        let mut ids = self
            .bands
            .borrow()
            .as_ref()
            .expect("refresh_bands builds the index")
            .candidates(&fingerprint.keys, MAX_CANDIDATES);
        ids.sort_unstable();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT text_hash, shingles FROM article_shingles WHERE article = ?1")
            .map_err(|e| self.err(e))?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let (hash, shingles): (Option<i64>, Option<Vec<u8>>) = stmt
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()
                .map_err(|e| self.err(e))?
                .unwrap_or((None, None));
            let stored = (shingle == lsh::SHINGLE)
                .then_some(())
                .and(hash.zip(shingles.as_deref().and_then(decode_shingles)));
            let shingled = match stored {
                Some((hash, shingles)) => dedup::Shingled {
                    hash: hash as u64,
                    shingles,
                },
                // Stored before the shingles were (or a blob that does not decode), or asked for
                // another shingle size: from the text.
                None => self.shingled_text(ArticleRow(id), shingle)?.compact(),
            };
            out.push(CopyCandidate {
                article: ArticleRow(id),
                shingled,
            });
        }
        Ok(out)
    }

    fn free_key(&self, wanted: &str, content_hash: u64) -> Result<String, Error> {
        let taken = |key: &str| -> Result<bool, Error> {
            self.conn
                .prepare_cached("SELECT 1 FROM articles WHERE key = ?1")
                .and_then(|mut s| s.exists([key]))
                .map_err(|e| self.err(e))
        };
        if !taken(wanted)? {
            return Ok(wanted.to_owned());
        }
        let base = format!("{wanted}~{:08x}", content_hash >> 32);
        let mut key = base.clone();
        let mut n = 1;
        while taken(&key)? {
            n += 1;
            key = format!("{base}-{n}");
        }
        Ok(key)
    }

    fn add_article(&mut self, new: &NewArticle<'_>, event: EventChoice) -> Result<Added, Error> {
        let now = time::now();
        self.conn
            .prepare_cached("SAVEPOINT article")
            .and_then(|mut s| s.execute([]))
            .map_err(|e| self.err(e))?;
        match self.insert_article(new, event, &now) {
            Ok(added) => {
                self.conn
                    .prepare_cached("RELEASE article")
                    .and_then(|mut s| s.execute([]))
                    .map_err(|e| self.err(e))?;
                self.pending_search.push((
                    added.article.0,
                    new.doc.article.title.clone(),
                    kept_text(new.doc),
                ));
                if new.copy_of.is_none() {
                    if let Some(index) = self.bands.get_mut() {
                        index.add(added.article.0, &new.fingerprint.keys);
                    }
                }
                Ok(added)
            }
            Err(e) => {
                // Undo this article only; the batch's other articles stay.
                let _ = self
                    .conn
                    .execute_batch("ROLLBACK TO article; RELEASE article");
                Err(self.err(e))
            }
        }
    }

    fn visit_articles_after(
        &self,
        after: ArticleRow,
        visit: &mut dyn FnMut(StoredArticle),
    ) -> Result<(), Error> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT a.id, m.event, a.key, a.title, a.raw_text, a.url, a.outlet, a.time,
                        a.origin_path, a.origin_line, a.kept
                 FROM articles a LEFT JOIN event_articles m ON m.article = a.id
                 WHERE a.id > ?1 ORDER BY a.id",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([after.0]).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let (row, event, article, kept) = (|| {
                Ok::<_, rusqlite::Error>((
                    ArticleRow(r.get(0)?),
                    r.get::<_, Option<i64>>(1)?.map(EventRow),
                    self.read_article(r)?,
                    r.get::<_, String>("kept")?,
                ))
            })()
            .map_err(|e| self.err(e))?;
            let kept: Vec<[usize; 2]> = self.decode("kept ranges", &kept)?;
            let clean_text = join_kept(&article.text, &kept);
            visit(StoredArticle {
                row,
                event,
                article,
                clean_text,
            });
        }
        Ok(())
    }

    fn event_documents(&self, event: EventRow) -> Result<EventDocuments, Error> {
        let key: String = self
            .conn
            .query_row("SELECT key FROM events WHERE id = ?1", [event.0], |r| {
                r.get(0)
            })
            .map_err(|e| self.err(e))?;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT a.id, a.copy_of, a.key, a.title, a.raw_text, a.url, a.outlet, a.time,
                        a.origin_path, a.origin_line, a.kept, a.removed, a.removed_title,
                        a.sentences
                 FROM event_articles m JOIN articles a ON a.id = m.article
                 WHERE m.event = ?1 ORDER BY a.id",
            )
            .map_err(|e| self.err(e))?;
        type Row = (
            i64,
            Option<i64>,
            Article,
            String,
            String,
            Option<String>,
            String,
        );
        let rows: Vec<Row> = stmt
            .query_map([event.0], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    self.read_article(r)?,
                    r.get("kept")?,
                    r.get("removed")?,
                    r.get("removed_title")?,
                    r.get("sentences")?,
                ))
            })
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        let copy_of = in_event_copies(rows.iter().map(|row| (row.0, row.1)));
        let mut out = EventDocuments {
            key,
            copy_of,
            ..EventDocuments::default()
        };
        for (_, _, article, kept, removed, removed_title, sentences) in rows {
            let kept: Vec<[usize; 2]> = self.decode("kept ranges", &kept)?;
            let removed: Vec<RemovedLine> = self.decode("removed lines", &removed)?;
            out.docs.push(Document {
                article,
                paragraphs: kept.iter().map(|[s, e]| *s..*e).collect::<Vec<Range<_>>>(),
                removed,
                removed_title,
                sentences: self.sentences(&sentences)?,
            });
        }
        Ok(out)
    }

    fn put_report(&mut self, event: EventRow, report: &EventReport) -> Result<(), Error> {
        let headline = report.summary.headline.as_ref().map(|h| h.text.clone());
        let summary: Vec<&str> = report
            .summary
            .sentences
            .iter()
            .map(|s| s.text.as_str())
            .collect();
        let summary = summary.join(" ");
        let json = serde_json::to_string(report).expect("a report always serializes");
        let now = time::now();
        let run = || -> Result<(), rusqlite::Error> {
            self.conn
                .prepare_cached(
                    "INSERT OR REPLACE INTO reports (event, schema_version, json, computed_at)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![event.0, report.schema_version, json, now])?;
            self.conn
                .prepare_cached(
                    "UPDATE events SET headline = ?2, summary = ?3, updated_at = ?4 WHERE id = ?1",
                )?
                .execute(params![event.0, headline, summary, now])?;
            self.conn
                .prepare_cached("DELETE FROM events_fts WHERE rowid = ?1")?
                .execute([event.0])?;
            self.conn
                .prepare_cached("DELETE FROM stale_reports WHERE event = ?1")?
                .execute([event.0])?;
            self.conn
                .prepare_cached(
                    "INSERT INTO events_fts (rowid, headline, summary) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![event.0, headline.as_deref().unwrap_or(""), summary])?;
            self.conn
                .prepare_cached("DELETE FROM events_cjk WHERE rowid = ?1")?
                .execute([event.0])?;
            if let Some(text) = cjk::index_text(&[headline.as_deref().unwrap_or(""), &summary]) {
                self.conn
                    .prepare_cached("INSERT INTO events_cjk (rowid, text) VALUES (?1, ?2)")?
                    .execute(params![event.0, text])?;
            }
            Ok(())
        };
        run().map_err(|e| self.err(e))
    }

    fn mark_stale(&mut self, events: &[EventRow], stale: bool) -> Result<(), Error> {
        let sql = if stale {
            "INSERT OR IGNORE INTO stale_reports (event) VALUES (?1)"
        } else {
            "DELETE FROM stale_reports WHERE event = ?1"
        };
        let run = || -> Result<(), rusqlite::Error> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            for event in events {
                stmt.execute([event.0])?;
            }
            Ok(())
        };
        run().map_err(|e| self.err(e))
    }

    fn stale_events(&self, limit: usize) -> Result<Vec<EventRow>, Error> {
        let run = || -> Result<Vec<EventRow>, rusqlite::Error> {
            self.conn
                .prepare_cached("SELECT event FROM stale_reports ORDER BY event LIMIT ?1")?
                .query_map([limit as i64], |r| r.get(0).map(EventRow))?
                .collect()
        };
        run().map_err(|e| self.err(e))
    }

    fn state(&self, name: &str) -> Result<Option<String>, Error> {
        self.conn
            .query_row(
                "SELECT value FROM stage_state WHERE name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    fn put_state(&mut self, name: &str, value: &str) -> Result<(), Error> {
        self.conn
            .execute(
                "INSERT OR REPLACE INTO stage_state (name, value, updated_at) VALUES (?1, ?2, ?3)",
                params![name, value, time::now()],
            )
            .map(drop)
            .map_err(|e| self.err(e))
    }

    fn events(&self, filter: &EventFilter) -> Result<Vec<EventListing>, Error> {
        self.read(|| {
            let mut sql = String::from(
                "SELECT e.key, e.headline, COUNT(*), MIN(a.time_sort), MAX(a.time_sort),
                    json_group_array(DISTINCT a.outlet)
             FROM events e
             JOIN event_articles m ON m.event = e.id
             JOIN articles a ON a.id = m.article",
            );
            let mut args: Vec<String> = Vec::new();
            if let Some(query) = filter
                .query
                .as_deref()
                .filter(|q| cjk::split_query(q).is_some())
            {
                // Chinese, Japanese and Korean words sit inside unspaced runs that the word index
                // cannot split: the events are those `search` finds, directly or by an article.
                let found = self.search(query, EVENT_QUERY_HITS)?;
                let keys: std::collections::BTreeSet<String> = found
                    .events
                    .into_iter()
                    .map(|e| e.id)
                    .chain(found.articles.into_iter().filter_map(|a| a.event))
                    .collect();
                if keys.is_empty() {
                    return Ok(Vec::new());
                }
                args.push(serde_json::Value::from(Vec::from_iter(keys)).to_string());
                sql.push_str(" WHERE e.key IN (SELECT value FROM json_each(?1))");
            } else if let Some(query) = &filter.query {
                let Some(query) = fts_query(query) else {
                    return Err(Error::EmptyQuery {
                        shown: shown_argument(query),
                    });
                };
                sql.push_str(
                    " WHERE e.id IN (
                    SELECT rowid FROM events_fts WHERE events_fts MATCH ?1
                    UNION
                    SELECT m2.event FROM articles_fts f
                    JOIN event_articles m2 ON m2.article = f.rowid
                    WHERE articles_fts MATCH ?1)",
                );
                args.push(query);
            }
            sql.push_str(" GROUP BY e.id");
            if let Some(since) = &filter.since {
                args.push(since.clone());
                sql.push_str(&format!(" HAVING MAX(a.time_sort) >= ?{}", args.len()));
            }
            sql.push_str(" ORDER BY MAX(a.time_sort) DESC, e.id DESC");
            if let Some(limit) = filter.limit {
                sql.push_str(&format!(" LIMIT {}", sql_limit(limit)));
            }
            let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
            let rows: Vec<(String, Option<String>, i64, String, String, String)> = stmt
                .query_map(params_from_iter(args.iter()), |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                })
                .map_err(|e| self.err(e))?
                .collect::<Result<_, _>>()
                .map_err(|e| self.err(e))?;
            let mut out = Vec::with_capacity(rows.len());
            for (id, headline, articles, first_seen, last_seen, outlets) in rows {
                let outlets: Vec<Option<String>> = self.decode("outlet list", &outlets)?;
                let mut outlets: Vec<String> = outlets.into_iter().flatten().collect();
                outlets.sort();
                out.push(EventListing {
                    id,
                    headline,
                    outlets,
                    articles: articles as usize,
                    first_seen,
                    last_seen,
                });
            }
            Ok(out)
        })
    }

    fn report(&self, event: &str) -> Result<Option<EventReport>, Error> {
        self.read(|| {
            let Some(row) = self.event_by_key(event)? else {
                return Ok(None);
            };
            let json: Option<String> = self
                .conn
                .query_row("SELECT json FROM reports WHERE event = ?1", [row.0], |r| {
                    r.get(0)
                })
                .optional()
                .map_err(|e| self.err(e))?;
            json.map(|j| self.decode("report", &j)).transpose()
        })
    }

    fn search(&self, text: &str, limit: usize) -> Result<SearchResults, Error> {
        self.read(|| {
            let cjk = cjk::split_query(text);
            let words = fts_query(text);
            if cjk.is_none() && words.is_none() {
                return Err(Error::EmptyQuery {
                    shown: shown_argument(text),
                });
            }
            let mut found = SearchResults::default();
            // A query with CJK characters looks in the CJK indexes first (its words in the word
            // index), then in the word index alone, which still finds a run typed exactly as the
            // text wrote it, even next to Latin letters or digits ("G20峰会").
            if let Some(query) = &cjk {
                found = self.search_cjk(query, limit)?;
            }
            if let Some(words) = words {
                let more = self.search_words(&words, &query_words(text), limit)?;
                merge(&mut found.events, more.events, limit, |e| e.id.clone());
                merge(&mut found.articles, more.articles, limit, |a| a.id.clone());
            }
            Ok(found)
        })
    }

    fn counts(&self) -> Result<Counts, Error> {
        self.read(|| {
            self.conn
                .query_row(
                    "SELECT (SELECT COUNT(*) FROM articles),
                        (SELECT COUNT(*) FROM articles WHERE copy_of IS NOT NULL),
                        (SELECT COUNT(*) FROM events),
                        (SELECT COUNT(*) FROM reports),
                        (SELECT COUNT(*) FROM stale_reports)",
                    [],
                    |r| {
                        Ok(Counts {
                            articles: r.get::<_, i64>(0)? as usize,
                            copies: r.get::<_, i64>(1)? as usize,
                            events: r.get::<_, i64>(2)? as usize,
                            reports: r.get::<_, i64>(3)? as usize,
                            stale: r.get::<_, i64>(4)? as usize,
                        })
                    },
                )
                .map_err(|e| self.err(e))
        })
    }
}

/// A store's content, for comparing two databases (see [`SqliteStore::snapshot`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    /// Every article, by id.
    pub articles: Vec<SnapshotArticle>,
    /// Every event, by id.
    pub events: Vec<SnapshotEvent>,
}

/// One article of a [`Snapshot`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SnapshotArticle {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Outlet.
    pub outlet: Option<String>,
    /// Address.
    pub url: Option<String>,
    /// Time as given.
    pub time: Option<String>,
    /// Sortable time.
    pub time_sort: String,
    /// Content hash.
    pub content_hash: i64,
    /// Id of the original it copies.
    pub copy_of: Option<String>,
    /// Similarity to that original.
    pub copy_similarity: Option<f64>,
    /// Id of its event.
    pub event: Option<String>,
    /// Kept ranges (JSON).
    pub kept: String,
    /// Removed lines (JSON).
    pub removed: String,
    /// Sentences (JSON).
    pub sentences: String,
}

/// One event of a [`Snapshot`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SnapshotEvent {
    /// Public id.
    pub id: String,
    /// Headline.
    pub headline: Option<String>,
    /// Summary text.
    pub summary: Option<String>,
    /// Report JSON.
    pub report: Option<String>,
}

/// Refuses a non-empty file that is not a SQLite database, or is one without Chorus's mark and
/// with tables of its own. Reads the header and opens read-only, so the file is not modified.
fn check_foreign(path: &Path) -> Result<(), Error> {
    sqlite_header(path)?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|error| sqlite_error(path, error))?;
    check_application(&conn, path)
}

/// The first 100 bytes of a file (its SQLite header, zeros past its end), or
/// [`Error::NotSqlite`] when it does not start as a SQLite database does.
fn sqlite_header(path: &Path) -> Result<[u8; 100], Error> {
    let mut header = [0u8; 100];
    let read = std::fs::File::open(path)
        .and_then(|mut f| {
            let mut n = 0;
            while n < header.len() {
                match f.read(&mut header[n..])? {
                    0 => break,
                    k => n += k,
                }
            }
            Ok(n)
        })
        .map_err(|error| Error::Io {
            path: path.to_owned(),
            error,
        })?;
    if read < 16 || &header[..16] != b"SQLite format 3\0" {
        return Err(Error::NotSqlite {
            path: path.to_owned(),
        });
    }
    Ok(header)
}

/// A SQLite error of the file at `path`: [`Error::NotSqlite`] when SQLite finds it is not a
/// database.
fn sqlite_error(path: &Path, error: rusqlite::Error) -> Error {
    if error.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) {
        Error::NotSqlite {
            path: path.to_owned(),
        }
    } else {
        Error::Sqlite {
            path: path.to_owned(),
            error,
        }
    }
}

/// Refuses, through an open connection, a database without Chorus's mark that has tables of
/// its own.
fn check_application(conn: &Connection, path: &Path) -> Result<(), Error> {
    // One statement, so one snapshot: another process may be creating this very database,
    // and its first migration commits the tables and the application id together.
    let (application_id, tables): (i32, i64) = conn
        .query_row(
            "SELECT (SELECT application_id FROM pragma_application_id),
                    (SELECT COUNT(*) FROM sqlite_master)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|error| sqlite_error(path, error))?;
    if application_id != APPLICATION_ID && !(application_id == 0 && tables == 0) {
        return Err(Error::Foreign {
            path: path.to_owned(),
            application_id,
            tables,
        });
    }
    Ok(())
}

/// A path as the path of a SQLite URI (`file:PATH?immutable=1`): absolute, every byte but
/// letters, digits, `-._~` and `/` percent-encoded, so that `?`, `#` and `%` in a file name
/// stay in the name.
fn uri_path(path: &Path) -> std::io::Result<String> {
    let absolute = std::path::absolute(path)?;
    let mut out = String::new();
    for &b in absolute.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Ok(out)
}

/// An [`EventHit`] of a search row (key, headline).
fn event_hit(r: &rusqlite::Row<'_>) -> Result<EventHit, rusqlite::Error> {
    Ok(EventHit {
        id: r.get(0)?,
        headline: r.get(1)?,
    })
}

/// An [`ArticleHit`] of a search row (key, title, outlet, time, url, event key).
fn article_hit(r: &rusqlite::Row<'_>) -> Result<ArticleHit, rusqlite::Error> {
    Ok(ArticleHit {
        id: r.get(0)?,
        title: r.get(1)?,
        outlet: r.get(2)?,
        time: r.get(3)?,
        url: r.get(4)?,
        event: r.get(5)?,
    })
}

/// Appends the hits of `more` that `hits` lacks, up to `limit` in all.
fn merge<T>(hits: &mut Vec<T>, more: Vec<T>, limit: usize, key: impl Fn(&T) -> String) {
    let mut seen: std::collections::HashSet<String> = hits.iter().map(&key).collect();
    for hit in more {
        if hits.len() >= limit {
            break;
        }
        if seen.insert(key(&hit)) {
            hits.push(hit);
        }
    }
}

/// The words of a user's text as an FTS5 query that all must match; `None` when it has none.
/// Every word is quoted, so no input is an FTS5 syntax error. A word must be one token of the
/// index's tokenizer (unicode61: letters, numbers and private-use characters), since a quoted
/// string of several tokens is a phrase, which the article index (`detail=none`) cannot
/// answer: the combining marks and circled letters that Rust counts as alphanumeric split words
/// here as they split tokens there.
fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = tokens(text).map(|w| format!("\"{w}\"")).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// How many of the most recently stored matching articles a search ranks, unless asked for
/// more (or for all).
const RANKED_ARTICLES: usize = 10_000;

/// The words of a text as the index's tokenizer splits them.
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_token_char(c))
        .filter(|w| !w.is_empty())
}

/// A token as unicode61 with `remove_diacritics 2` indexes it: lowercased, accents dropped.
fn folded(token: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    token
        .nfd()
        .filter(|&c| !unicode_normalization::char::is_combining_mark(c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The query's words, each once, folded as the index folds them.
fn query_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = tokens(text).map(folded).collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// How many of the (folded, distinct) query `words` a title holds.
fn title_hits(title: &str, words: &[String]) -> usize {
    if words.is_empty() {
        return 0;
    }
    let title: std::collections::HashSet<String> = tokens(title).map(folded).collect();
    words.iter().filter(|w| title.contains(*w)).count()
}

/// Whether unicode61 (categories `L* N* Co`) keeps `c` inside a token, for the characters
/// Rust calls alphanumeric: all but the marks (`Mn`, `Mc`, `Me`) and the circled and squared
/// letters (`So`) that are alphabetic by Unicode's `Other_Alphabetic`.
fn is_token_char(c: char) -> bool {
    c.is_alphanumeric()
        && !unicode_normalization::char::is_combining_mark(c)
        && !matches!(c, '\u{24B6}'..='\u{24E9}' | '\u{1F130}'..='\u{1F189}')
}

/// Shingle hashes as stored since version 10: the compact form (`dedup::Shingled::compact`),
/// sorted, 4 bytes little-endian each.
fn encode_shingles(compact: &[u64]) -> Vec<u8> {
    debug_assert!(compact.is_sorted());
    compact
        .iter()
        .flat_map(|&h| {
            u32::try_from(h)
                .expect("compact shingles fit 32 bits")
                .to_le_bytes()
        })
        .collect()
}

/// The compact shingle hashes of a stored blob, sorted and each once as `dedup::Shingled`
/// keeps them; `None` when its length is not a multiple of 4.
fn decode_shingles(blob: &[u8]) -> Option<Vec<u64>> {
    if blob.len() % 4 != 0 {
        return None;
    }
    let shingles = blob
        .chunks_exact(4)
        .map(|b| u64::from(u32::from_le_bytes(b.try_into().expect("chunks of 4 bytes"))))
        .collect();
    Some(sorted_once(shingles))
}

/// The full shingle hashes of a blob stored before version 10 (8 bytes little-endian each), for
/// the migrations that read them; `None` when its length is not a multiple of 8.
fn decode_wide_shingles(blob: &[u8]) -> Option<Vec<u64>> {
    if blob.len() % 8 != 0 {
        return None;
    }
    let shingles = blob
        .chunks_exact(8)
        .map(|b| u64::from_le_bytes(b.try_into().expect("chunks of 8 bytes")))
        .collect();
    Some(sorted_once(shingles))
}

/// Hashes as `dedup::Shingled` keeps them: written sorted, but a blob that is not is put in
/// order rather than trusted.
fn sorted_once(mut shingles: Vec<u64>) -> Vec<u64> {
    if !shingles.is_sorted() {
        shingles.sort_unstable();
    }
    shingles.dedup();
    shingles
}

/// The kept ranges of a raw text joined by line breaks, as [`kept_text`] joins a document's.
fn join_kept(raw: &str, kept: &[[usize; 2]]) -> String {
    let parts: Vec<&str> = kept.iter().filter_map(|[s, e]| raw.get(*s..*e)).collect();
    parts.join("\n")
}

/// JSON for the small columns (range lists, removed lines).
fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("plain data always serializes")
}

/// Which member of an event each member copies ([`EventDocuments::copy_of`]), from the members'
/// rows and stored originals in row order. A copy whose original is in the event points to it.
/// One whose original was placed in another event points to the first member that copies the
/// same original, and the first such member to nothing: copies of one text count once in the
/// event's support and coverage, wherever their original is. (Originals are never copies, so
/// one step reaches the text a copy copies.)
fn in_event_copies(rows: impl Iterator<Item = (i64, Option<i64>)> + Clone) -> Vec<Option<usize>> {
    let index: HashMap<i64, usize> = rows
        .clone()
        .enumerate()
        .map(|(i, (row, _))| (row, i))
        .collect();
    let mut first_copy: HashMap<i64, usize> = HashMap::new();
    rows.enumerate()
        .map(|(i, (_, original))| {
            let original = original?;
            if let Some(&at) = index.get(&original) {
                return Some(at);
            }
            let first = *first_copy.entry(original).or_insert(i);
            (first != i).then_some(first)
        })
        .collect()
}

#[cfg(test)]
mod tests;
