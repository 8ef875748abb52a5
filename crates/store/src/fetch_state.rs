//! What the fetcher remembers between runs: each URL's conditional-request validators (ETag and
//! Last-Modified, as the server sent them) and when it was last fetched, so that an unchanged
//! feed costs a 304 and yields no new work. Strings only: this crate knows no HTTP.

use rusqlite::{OptionalExtension, params};

use crate::{Error, SqliteStore, time};

/// The stored fetch state of one URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FetchState {
    /// The `ETag` the server sent last.
    pub etag: Option<String>,
    /// The `Last-Modified` the server sent last.
    pub last_modified: Option<String>,
    /// When the URL was last fetched (an answer with a body or a 304), as
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub fetched_at: String,
}

impl SqliteStore {
    /// The fetch state of `url`, if it was ever fetched.
    pub fn fetch_state(&self, url: &str) -> Result<Option<FetchState>, Error> {
        self.conn
            .prepare_cached(
                "SELECT etag, last_modified, fetched_at FROM fetch_state WHERE url = ?1",
            )
            .and_then(|mut stmt| {
                stmt.query_row([url], |r| {
                    Ok(FetchState {
                        etag: r.get(0)?,
                        last_modified: r.get(1)?,
                        fetched_at: r.get(2)?,
                    })
                })
                .optional()
            })
            .map_err(|e| self.err(e))
    }

    /// Records that `url` was fetched now, with the validators of the answer (replacing the
    /// earlier ones). Outside a batch it commits at once.
    pub fn put_fetch_state(
        &mut self,
        url: &str,
        etag: Option<&str>,
        last_modified: Option<&str>,
    ) -> Result<(), Error> {
        self.conn
            .prepare_cached(
                "INSERT INTO fetch_state (url, etag, last_modified, fetched_at)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(url) DO UPDATE SET etag = excluded.etag,
                     last_modified = excluded.last_modified, fetched_at = excluded.fetched_at",
            )
            .and_then(|mut stmt| stmt.execute(params![url, etag, last_modified, time::now()]))
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// Whether an article with this exact URL is stored (a feed item read before).
    pub fn has_article_url(&self, url: &str) -> Result<bool, Error> {
        self.conn
            .prepare_cached("SELECT 1 FROM articles WHERE url = ?1 LIMIT 1")
            .and_then(|mut stmt| stmt.exists([url]))
            .map_err(|e| self.err(e))
    }
}

#[cfg(test)]
mod tests {
    use crate::{OpenMode, SqliteStore};

    #[test]
    fn validators_round_trip_and_are_replaced() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        assert_eq!(store.fetch_state("http://h/feed").unwrap(), None);
        store
            .put_fetch_state("http://h/feed", Some("\"v1\""), None)
            .unwrap();
        let state = store.fetch_state("http://h/feed").unwrap().unwrap();
        assert_eq!(state.etag.as_deref(), Some("\"v1\""));
        assert_eq!(state.last_modified, None);
        assert_eq!(state.fetched_at.len(), "2024-03-12T10:05:00Z".len());
        store
            .put_fetch_state("http://h/feed", None, Some("Tue, 12 Mar 2024 10:05:00 GMT"))
            .unwrap();
        let state = store.fetch_state("http://h/feed").unwrap().unwrap();
        assert_eq!(state.etag, None);
        assert_eq!(
            state.last_modified.as_deref(),
            Some("Tue, 12 Mar 2024 10:05:00 GMT")
        );
        assert_eq!(store.fetch_state("http://h/other").unwrap(), None);
        assert!(!store.has_article_url("http://h/a").unwrap());
    }

    #[test]
    fn state_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chorus.db");
        {
            let mut store = SqliteStore::open(&path, OpenMode::Create).unwrap();
            store
                .put_fetch_state("http://h/feed", Some("e"), Some("d"))
                .unwrap();
        }
        let store = SqliteStore::open(&path, OpenMode::Existing).unwrap();
        let state = store.fetch_state("http://h/feed").unwrap().unwrap();
        assert_eq!(
            (state.etag.as_deref(), state.last_modified.as_deref()),
            (Some("e"), Some("d"))
        );
    }
}
