//! Readers: turn paths (files, folders, `-` for standard input) into [`model::Article`]s.
//!
//! Untrusted input never aborts a batch. Each file, and each line of a JSON Lines file, is read on
//! its own; what cannot be read becomes a [`Diagnostic`] naming the file (and line) and what is
//! wrong, and reading goes on with the next item. Formats are chosen by extension, or by content
//! for standard input:
//!
//! - `.txt` (and files without a known extension): first non-empty line is the title, the rest is
//!   the body ([`text`]).
//! - `.jsonl`, `.json`, `.ndjson`, optionally gzip-compressed (`.gz`): one JSON object a line,
//!   either an article `{"title","text","url","source","time"}` or a cluster
//!   `{"id","summaries","articles":[...]}` ([`jsonl`]); or one JSON document, an article or
//!   cluster object or an array of them, over any number of lines (chosen when the whole file
//!   parses as one JSON value).
//! - `.html`, `.htm` (any charset): the article the page holds ([`page`]).
//! - `.rss`, `.atom`, `.xml`: one article per feed item ([`feed`]).
//! - `.warc`, `.warc.gz`: one article per HTML response record, streamed ([`warc`]).
//!
//! Files whose extension names none of these are sniffed: a WARC, feed or HTML page by their
//! first bytes, JSON when they start with `{` or `[{`, else text. Text and JSON are UTF-8, or
//! UTF-16 with a byte order mark, which is decoded into the UTF-8 an article holds.
//!
//! An input is held whole up to [`ReadConfig::max_bytes`]. A `.jsonl` or `.ndjson` file over
//! it, or a `.jsonl.gz` or `.ndjson.gz` that decompresses past it, is read line by line, each
//! line bounded by it; with [`ReadConfig::index_large_json_lines`], its article lines are
//! indexed ([`IndexedFile`]) and read back later, in any order, so that their articles are never
//! all in memory (a compressed file is indexed in a temporary decompressed copy of it, without a
//! name in [`ReadConfig::copy_dir`], which goes with the index or the process).
//! Standard input ([`read_stream`]) is read so too past the limit, plain or compressed, when
//! its first line is a JSON object, and record by record when it is a WARC file; any other
//! format over the limit is refused.
//!
//! A gzip file cut short (or corrupt from some point on) keeps what can be trusted: the complete
//! lines of JSON Lines before the break, the records of a WARC file before it; a single document
//! (text, page, feed) is then an error, since a cut article must not be stored as if whole.

mod error;
pub mod feed;
mod gz;
pub mod jsonl;
pub mod page;
mod read;
pub mod text;
pub mod warc;

pub use error::{Diagnostic, Error};
pub use read::{
    Group, IndexedFile, IndexedLine, IndexedReader, ReadConfig, ReadOutput, read_article_line,
    read_paths, read_stream,
};

use model::ArticleId;

/// A content-derived article id: 16 hex digits of the xxh3 hash of title and text.
///
/// Used when the input names no id of its own, so the same article gets the same id on every run.
pub fn content_id(title: &str, text: &str) -> ArticleId {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(title.as_bytes());
    hasher.update(b"\n\x1f\n");
    hasher.update(text.as_bytes());
    ArticleId(format!("{:016x}", hasher.digest()))
}
