//! What can go wrong with a database, named by the file it happened to.

use std::path::PathBuf;

/// Why a store could not be opened or used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file exists but is not a SQLite database; it was not modified.
    #[error("{path}: not a SQLite database (left untouched)")]
    NotSqlite {
        /// The file given.
        path: PathBuf,
    },
    /// The file is a SQLite database of some other application; it was not modified.
    #[error(
        "{path}: a SQLite database of another application (application_id {application_id:#x}, \
         {tables} tables), not a Chorus database; left untouched"
    )]
    Foreign {
        /// The file given.
        path: PathBuf,
        /// Its `PRAGMA application_id`.
        application_id: i32,
        /// How many tables and views it holds.
        tables: i64,
    },
    /// The file is a Chorus database made by a newer Chorus.
    #[error(
        "{path}: schema version {found} is newer than this Chorus knows ({known}); upgrade chorus"
    )]
    NewerSchema {
        /// The file given.
        path: PathBuf,
        /// Its `PRAGMA user_version`.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
    /// A file opened to be read only is older than this Chorus: reading never migrates it.
    #[error(
        "{path}: schema version {found} is older than this Chorus's ({known}); commands that \
         only read never change a database: the next `chorus ingest --db {path}` upgrades it"
    )]
    OlderSchema {
        /// The file given.
        path: PathBuf,
        /// Its `PRAGMA user_version`.
        found: i64,
        /// The version this build writes.
        known: i64,
    },
    /// A file opened to be read only is empty; it was not modified.
    #[error("{path}: not a Chorus database (empty file)")]
    Empty {
        /// The file given.
        path: PathBuf,
    },
    /// A file read as immutable changed while it was read (another process wrote to it), so
    /// what was read cannot be trusted.
    #[error(
        "{path}: changed while it was being read (an ingest wrote to it); run the command again"
    )]
    Changed {
        /// The file given.
        path: PathBuf,
    },
    /// A database opened to be read only has changes in its write-ahead log (`-wal`), which
    /// SQLite reads through a `-shm` file it could not open or create.
    #[error(
        "{path}: its write-ahead log ({path}-wal) cannot be read without writing {path}-shm \
         beside it ({error}); an ingest by a user who can write the folder will fold the log \
         into the file"
    )]
    WalUnreadable {
        /// The file given.
        path: PathBuf,
        /// The underlying error (shown in the message, not chained, so it is printed once).
        error: rusqlite::Error,
    },
    /// A store opened to be read only was asked to write.
    #[error("{path}: opened to be read only; cannot write")]
    ReadOnly {
        /// The file given.
        path: PathBuf,
    },
    /// An event id prefix that several events' ids start with.
    #[error(
        "{path}: {prefix:?} is ambiguous: it starts {count} event ids ({}); give more of it",
        listed(.matches, *.count)
    )]
    AmbiguousEvent {
        /// The database file.
        path: PathBuf,
        /// The prefix given (lowercased).
        prefix: String,
        /// The first few of the ids it starts, in order.
        matches: Vec<String>,
        /// How many ids it starts.
        count: usize,
    },
    /// Text given as an event id that no event id can start with.
    #[error(
        "{shown} is not an event id (an id is \"e\" and 12 hex digits, as `chorus events` lists \
         them; a prefix of one will do)"
    )]
    NotAnEventId {
        /// The text as the message shows it: quoted, and cut short when long.
        shown: String,
    },
    /// A search or event query with no word to look for (no letter or digit).
    #[error("empty query: {shown} has no word to search for (letters or digits)")]
    EmptyQuery {
        /// The query as the message shows it: quoted, and cut short when long.
        shown: String,
    },
    /// A read-only command was pointed at a database that does not exist.
    #[error("{path}: no such database (run `chorus ingest` first, or pass --db)")]
    Missing {
        /// The file given.
        path: PathBuf,
    },
    /// The file or its folder cannot be read or created.
    #[error("{path}: {error}")]
    Io {
        /// The file given.
        path: PathBuf,
        /// The underlying error (shown in the message, not chained, so it is printed once).
        error: std::io::Error,
    },
    /// SQLite refused an operation (a corrupt file, a full disk, a lock held too long).
    #[error("{path}: {error}")]
    Sqlite {
        /// The database file (`:memory:` for an in-memory store).
        path: PathBuf,
        /// The underlying error (shown in the message, not chained, so it is printed once).
        error: rusqlite::Error,
    },
    /// A stored value does not decode (a report or range list written by a broken build).
    #[error("{path}: stored {what} does not decode: {error}")]
    Decode {
        /// The database file.
        path: PathBuf,
        /// Which value.
        what: &'static str,
        /// The underlying error (shown in the message, not chained, so it is printed once).
        error: serde_json::Error,
    },
}

/// The ids of [`Error::AmbiguousEvent`]: the ones listed, then how many more.
fn listed(matches: &[String], count: usize) -> String {
    let mut out = matches.join(", ");
    if count > matches.len() {
        out.push_str(&format!(" and {} more", count - matches.len()));
    }
    out
}
