//! The schema, its numbered migrations, and the checks that keep Chorus off other files.
//!
//! `PRAGMA user_version` is the number of migrations applied; each migration runs in its own
//! transaction together with the version bump, so a crash leaves the file at one version or the
//! next, never between. `PRAGMA application_id` marks a file as Chorus's from its first
//! migration on: a non-empty database without the mark is someone else's and is refused.

/// `PRAGMA application_id` of a Chorus database: "CHOR" in ASCII.
pub const APPLICATION_ID: i32 = 0x4348_4F52;

/// The migrations, in order; migration `i` brings the file from version `i` to `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    MIGRATION_1,
    MIGRATION_2,
    MIGRATION_3,
    MIGRATION_4,
    MIGRATION_5,
    MIGRATION_6,
    MIGRATION_7,
    MIGRATION_8,
    MIGRATION_9,
    MIGRATION_10,
    MIGRATION_11,
];

/// The newest schema version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// Version 1: articles, sentences, events and membership, reports, the near-copy index and the
/// full-text indexes, and the state of stateful stages. An event's `updated_at` is when it was
/// opened or its report last computed (an ingest that adds articles to it marks it stale, and
/// the report pass at its end sets the time).
const MIGRATION_1: &str = "
CREATE TABLE articles (
    id              INTEGER PRIMARY KEY,
    -- The article id as reports show it: the input's id, made unique in this database.
    key             TEXT NOT NULL UNIQUE,
    title           TEXT NOT NULL,
    -- The first line as read, when it was boilerplate and a body line became the title.
    removed_title   TEXT,
    -- The body exactly as read; every stored offset points into it.
    raw_text        TEXT NOT NULL,
    -- JSON [[start, end], ...]: byte ranges of the kept paragraphs (the clean text).
    kept            TEXT NOT NULL,
    -- JSON [{start, end, reason}, ...]: the lines the cleaner removed.
    removed         TEXT NOT NULL,
    outlet          TEXT,
    url             TEXT,
    -- Publication time as the input wrote it.
    time            TEXT,
    -- Publication time as YYYY-MM-DDTHH:MM:SSZ, or the ingest time when unreadable.
    time_sort       TEXT NOT NULL,
    language        TEXT,
    origin_path     TEXT NOT NULL,
    origin_line     INTEGER,
    -- dedup::text_hash of title and body: equal for exact copies.
    content_hash    INTEGER NOT NULL,
    -- The original this article copies (exact or near), when it is a copy.
    copy_of         INTEGER REFERENCES articles(id),
    copy_similarity REAL,
    ingested_at     TEXT NOT NULL
) STRICT;
CREATE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
CREATE INDEX articles_content_hash ON articles(content_hash);
CREATE INDEX articles_copy_of ON articles(copy_of) WHERE copy_of IS NOT NULL;

-- Replaced by articles.sentences in version 6.
CREATE TABLE sentences (
    article   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx       INTEGER NOT NULL,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    paragraph INTEGER NOT NULL,
    PRIMARY KEY (article, idx)
) STRICT, WITHOUT ROWID;

-- MinHash LSH band keys of each article's clean text (see lsh.rs); replaced by
-- article_band_keys in version 6.
CREATE TABLE article_bands (
    band_key INTEGER NOT NULL,
    article  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (band_key, article)
) STRICT, WITHOUT ROWID;

CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    -- Stable public id: derived from the key of the article that opened the event.
    key        TEXT NOT NULL UNIQUE,
    headline   TEXT,
    summary    TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE event_articles (
    event   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    article INTEGER NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (event, article)
) STRICT, WITHOUT ROWID;

-- The computed report of each event, as the JSON of model::EventReport.
CREATE TABLE reports (
    event          INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    schema_version INTEGER NOT NULL,
    json           TEXT NOT NULL,
    computed_at    TEXT NOT NULL
) STRICT;

-- Contentless full-text indexes: the text lives once, in the tables above.
CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='', contentless_delete=1,
    tokenize='unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE events_fts USING fts5(headline, summary, content='', contentless_delete=1,
    tokenize='unicode61 remove_diacritics 2');

-- Named state of stateful stages (the clusterer's checkpoint), written in the batch it reflects.
CREATE TABLE stage_state (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
";

/// Version 2: what the fetcher remembers of each URL (conditional-request validators and the
/// time of the last fetch), so that an unchanged feed costs a 304 on the next run.
const MIGRATION_2: &str = "
CREATE TABLE fetch_state (
    url           TEXT PRIMARY KEY,
    -- The ETag and Last-Modified headers of the last answer with a body, as the server sent them.
    etag          TEXT,
    last_modified TEXT,
    fetched_at    TEXT NOT NULL
) STRICT;
";

/// Version 3: events whose report is out of date. `chorus ingest` marks the events a batch changed
/// in that batch's transaction and recomputes their reports once, at the end of the run (or of
/// the next run, after a killed one), instead of after every batch.
const MIGRATION_3: &str = "
CREATE TABLE stale_reports (
    event INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE
) STRICT;
";

/// Version 4: the text hash and shingles of each original's kept text, written when it is stored,
/// so that checking a new article against its copy candidates reads them rather than reading and
/// re-shingling the candidates' texts. Copies get none: they are never candidates. Articles
/// stored before this version have none either; their shingles are computed from the text.
const MIGRATION_4: &str = "
CREATE TABLE article_shingles (
    article   INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    -- dedup::text_hash of the kept text.
    text_hash INTEGER NOT NULL,
    -- The distinct lsh::SHINGLE-word shingle hashes of the kept text (dedup::shingles), sorted,
    -- each 8 bytes little-endian.
    shingles  BLOB NOT NULL
) STRICT;
";

/// Version 5: the Chinese, Japanese and Korean runs of each article (title and clean text) and
/// of each event (headline and summary), in `trigram` indexes: the word indexes keep a run of
/// such characters as one token, so they cannot find a word inside it (see cjk.rs). Only texts
/// with such characters get a row. These tables keep their text (it is short, and queries of
/// 1 or 2 characters, which no trigram can look up, scan it with LIKE). Rows of articles and
/// events stored before this version are added by the migration itself (sqlite.rs).
const MIGRATION_5: &str = "
CREATE VIRTUAL TABLE articles_cjk USING fts5(text, tokenize='trigram');
CREATE VIRTUAL TABLE events_cjk USING fts5(text, tokenize='trigram');
";

/// Version 6: fewer and smaller rows per article, so that storing a batch writes fewer pages.
/// Each article's sentences become one JSON column of the article row instead of a row each;
/// the near-copy band keys become one blob per original (`article_band_keys`, appended in row
/// order) instead of a row per key in a table ordered by key, whose random inserts dirtied most
/// of its pages in every batch (the writer keeps the key → article map in memory, bands.rs).
/// Copies get no band keys: they are never candidates. The article word index keeps which
/// column each word is in but not its positions (`detail=column`: about half the size and a
/// third less work per batch; every query is words that must all match, never a phrase, see
/// `fts_query` in sqlite.rs), and collects up to 64 MiB of a batch's entries before writing
/// them out as a segment (`hashsize`; the default 1 MiB wrote several segments per batch and
/// merged them again). The rows of articles stored before this version are moved by the
/// migration itself (the band keys and the word index by sqlite.rs).
const MIGRATION_6: &str = "
-- JSON [[idx, start, end, paragraph], ...]: the article's sentences in order, byte offsets into
-- raw_text.
ALTER TABLE articles ADD COLUMN sentences TEXT NOT NULL DEFAULT '[]';
UPDATE articles SET sentences = (
    SELECT json_group_array(json_array(s.idx, s.start, s.end, s.paragraph) ORDER BY s.idx)
    FROM sentences s WHERE s.article = articles.id)
WHERE id IN (SELECT article FROM sentences);
DROP TABLE sentences;

-- The MinHash LSH band keys of each original's clean text (see lsh.rs), 8 bytes little-endian
-- each, in band order.
CREATE TABLE article_band_keys (
    article INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    keys    BLOB NOT NULL
) STRICT;

DROP TABLE articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='', contentless_delete=1,
    detail=column, tokenize='unicode61 remove_diacritics 2');
INSERT INTO articles_fts (articles_fts, rank) VALUES ('hashsize', 67108864);
";

/// Version 7: the article word index merges its segments 16 at a time instead of 4
/// (`automerge`, FTS5's maximum). Each batch writes one segment; with merges of 4, every entry
/// was written again at each of about five levels over a long ingest (a quarter of the index's
/// work per batch at 5,000 articles, more as it grows), with merges of 16 at about half as many.
/// A search reads a few more segments, each of them larger.
const MIGRATION_7: &str = "
INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', 16);
";

/// Version 8: the near-copy band keys are one-permutation MinHash (one hash per shingle) instead
/// of one hash function per signature slot (see lsh.rs), which cost a quarter of an ingest
/// worker's time. Keys written by the old function would never match a new article's, so the
/// migration recomputes every stored original's keys from its stored shingles
/// (`article_shingles`; from its kept text when it has none), in sqlite.rs. The tables do not
/// change.
const MIGRATION_8: &str = "
-- article_band_keys.keys are recomputed by sqlite.rs (SqliteStore::recompute_band_keys).
";

/// Version 9: an article's sortable time (`articles.time_sort`) is UTC, its written offset
/// applied; before, it kept the writer's clock and dropped the offset, so an article written at
/// `23:30-05:00` sorted five hours early and `events --since` missed it. The migration
/// recomputes the sortable time of every article whose written time reads (see time.rs), in
/// sqlite.rs; those with an offset change, the others come out as they were, and the
/// articles whose time does not read keep their time of ingest. Event first and last seen are
/// worked out from these times by every query, never stored. The tables do not change.
const MIGRATION_9: &str = "
-- articles.time_sort is recomputed by sqlite.rs (SqliteStore::recompute_sortable_times).
";

/// Version 10: each original's stored shingles (`article_shingles.shingles`) are the compact
/// form, `dedup::Shingled::compact`: every hash cut to its high 32 bits, 4 bytes little-endian
/// each instead of 8. They were a third of the database (3.5 KB of the 11.4 KB of an article in
/// `chorus bench-ingest`), and writing them went through the WAL and the checkpoint. A new
/// article is compared with its copy candidates in the same form. The migration rewrites every
/// stored blob, in sqlite.rs. The tables do not change.
const MIGRATION_10: &str = "
-- article_shingles.shingles are rewritten by sqlite.rs (SqliteStore::compact_stored_shingles).
";

/// Version 11: the article word index keeps which articles hold each word and nothing else
/// (`detail=none`), not also the column. Every query is words that must all occur anywhere in an
/// article (`fts_query` in sqlite.rs), never a phrase or a column, so the same articles are
/// found; and on a contentless index `bm25()` is 0 for every row with `detail=column` as with
/// `none`, so the order is the same too. Storing a batch commits 2 to 3 s less per 200,000
/// articles of `chorus bench-ingest`, and the database is 6.5% smaller. The index is built again
/// from every stored article, in sqlite.rs, with migration 6's settings.
const MIGRATION_11: &str = "
DROP TABLE articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='', contentless_delete=1,
    detail=none, tokenize='unicode61 remove_diacritics 2');
INSERT INTO articles_fts (articles_fts, rank) VALUES ('hashsize', 67108864);
INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', 16);
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn application_id_spells_chor() {
        assert_eq!(&APPLICATION_ID.to_be_bytes(), b"CHOR");
    }
}
