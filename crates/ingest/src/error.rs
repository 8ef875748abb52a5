//! What can go wrong while reading, and the diagnostic the user sees for it.

use std::fmt;

use model::Origin;

/// Why an input item could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The path does not exist or cannot be opened.
    #[error("cannot open: {0}")]
    Open(#[source] std::io::Error),
    /// Reading failed midway (including a corrupt gzip stream).
    #[error("cannot read: {0}")]
    Read(#[source] std::io::Error),
    /// A gzip stream of JSON Lines breaks off (the file is cut short, or corrupt from some point
    /// on): the complete lines before the break were read, the partial line and the rest were not.
    #[error(
        "gzip stream breaks off after line {line} ({source}): the lines up to it were read, the rest of the file was not"
    )]
    CutShort {
        /// The last complete line.
        line: u64,
        /// Why decompression stopped.
        #[source]
        source: std::io::Error,
    },
    /// The file's name ends in `.gz` but it is not gzip-compressed, nor text: not read.
    #[error("not gzip-compressed despite its .gz name ({what}); not read")]
    NotGzip {
        /// What it is instead (`it is zstd-compressed`, `it starts with bytes 00 01 02 03`).
        what: String,
    },
    /// The file's name ends in `.gz` but it is plain text, and was read as such.
    #[error("not gzip-compressed despite its .gz name; read as plain text")]
    NotGzipReadAsText,
    /// The file holds no bytes, or only whitespace.
    #[error("empty file")]
    Empty,
    /// The file looks binary (NUL bytes or many control characters).
    ///
    /// For UTF-16 text the offset is in the text decoded to UTF-8.
    #[error("binary file (byte {offset} is a control character), not text")]
    Binary {
        /// Offset of the first offending byte.
        offset: usize,
    },
    /// The bytes are not valid UTF-8.
    #[error("invalid UTF-8 at byte {offset}")]
    InvalidUtf8 {
        /// Offset of the first invalid byte (within the line for JSON Lines).
        offset: usize,
    },
    /// Text that opens with a UTF-16 byte order mark is not valid UTF-16.
    #[error("invalid UTF-16 at byte {offset}")]
    InvalidUtf16 {
        /// Offset of the first unit that cannot be decoded (an unpaired surrogate, or a lone
        /// last byte).
        offset: usize,
    },
    /// The file is larger than the configured limit.
    #[error("file is {size} bytes, over the limit of {limit} bytes")]
    TooLarge {
        /// Size of the file.
        size: u64,
        /// The configured limit.
        limit: u64,
    },
    /// An input without a name (standard input) is larger than the configured limit and is
    /// neither JSON Lines nor a WARC file, the formats read past it.
    #[error(
        "more than {limit} bytes, over the limit; past it only JSON Lines (one JSON object a line) and WARC files are read"
    )]
    StreamTooLarge {
        /// The configured limit.
        limit: u64,
    },
    /// A line of a JSON Lines file read line by line is larger than the configured limit.
    #[error("line is {size} bytes, over the limit of {limit} bytes")]
    LineTooLarge {
        /// Size of the line, without its line feed.
        size: u64,
        /// The configured limit.
        limit: u64,
    },
    /// A JSON line does not parse.
    #[error("malformed JSON: {}", json_message(.0))]
    Json(#[source] serde_json::Error),
    /// A JSON line parses but is not an article or a cluster.
    #[error("{0}")]
    Shape(String),
    /// A field of a JSON record holds a value of the wrong type.
    #[error("field {field:?}: expected {expected}, found {found}")]
    Field {
        /// The field's name.
        field: &'static str,
        /// What it should hold (`a string`).
        expected: &'static str,
        /// What it holds (`an array`).
        found: String,
    },
    /// One item of a JSON array cannot be read; the array's other items are kept.
    #[error("item {item}: {error}")]
    InArray {
        /// The item's 1-based position in the array.
        item: usize,
        /// Why.
        #[source]
        error: Box<Error>,
    },
    /// One article of a cluster cannot be read; the cluster's other articles are kept.
    #[error("article {article}: {error}")]
    ClusterArticle {
        /// The article's 1-based position in the cluster.
        article: usize,
        /// Why.
        #[source]
        error: Box<Error>,
    },
    /// A folder holds no readable article files.
    #[error(
        "no article files (.txt, .jsonl, .json, .ndjson, .html, .htm, .rss, .atom, .xml, .warc, optionally .gz) in this folder"
    )]
    EmptyFolder,
    /// Compressed input expands far past its own size: a gzip bomb or a wrong file, refused
    /// before it fills memory. `limit` is how far it had grown when it was stopped.
    #[error(
        "decompresses to more than {limit} bytes ({compressed} compressed): refused as a possible gzip bomb"
    )]
    Decompressed {
        /// The limit that was passed, in bytes.
        limit: u64,
        /// Compressed bytes read until then.
        compressed: u64,
    },
    /// A gzip-compressed input decompresses to more than the configured limit, at a ratio that
    /// text can have (see [`Error::Decompressed`] for one that text cannot).
    #[error("decompresses to more than {limit} bytes, over the limit")]
    DecompressedTooLarge {
        /// The configured limit.
        limit: u64,
    },
    /// A web page (or a WARC record's page) holds no article, or is too large to read.
    #[error("{context}{error}")]
    Page {
        /// Which record of a WARC file (`record 3 (URL): `), empty for a page file.
        context: String,
        /// Why extraction gave no article.
        #[source]
        error: html::Error,
    },
    /// A file read as a feed is not one.
    #[error("{0}")]
    Feed(#[source] web::FeedError),
    /// A feed item gives no article.
    #[error("item {item}{link}: {error}")]
    FeedItem {
        /// The item's 1-based position in the feed.
        item: usize,
        /// ` (URL)` when the item has a link.
        link: String,
        /// Why.
        #[source]
        error: web::ItemError,
    },
    /// A WARC file is truncated, malformed or not readable at some record.
    #[error("{0}")]
    Warc(#[source] web::WarcError),
    /// Records of a WARC file that are not HTML pages, counted by kind.
    #[error("skipped {count} WARC records that are not HTML pages ({kinds})")]
    WarcSkipped {
        /// How many records were skipped.
        count: u64,
        /// The kinds and their counts, `2 request, 1 response image/png`.
        kinds: String,
    },
    /// `--cluster ID` named a cluster that no input holds.
    #[error("no cluster with id {0:?}")]
    NoSuchCluster(String),
    /// An article's publication time is in no form Chorus reads (see `model::Moment`). The
    /// article is kept: its time is stored as written, and it is clustered without one.
    #[error(
        "publication time {0:?} is not a date Chorus reads; the article is kept, clustered without a time"
    )]
    UnreadableTime(String),
    /// More articles of the same file whose time is unreadable, after the first few named one
    /// by one.
    #[error("{0} more articles of this file have a publication time Chorus does not read")]
    MoreUnreadableTimes(usize),
}

/// A JSON parser's message with the column but not its own line: the diagnostic names the line
/// of the file, which serde's line (counted within the text it was given) is not. Input that
/// ends too soon has no column to show: the end of the input is where it breaks.
fn json_message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    if error.line() == 0 {
        return message;
    }
    let position = format!(" at line {} column {}", error.line(), error.column());
    match message.strip_suffix(&position) {
        Some(bare) if error.is_eof() => bare.to_owned(),
        Some(bare) => format!("{bare} at column {}", error.column()),
        None => message,
    }
}

impl Error {
    /// Whether the input was read as intended and simply holds nothing to ingest here (a WARC
    /// record that is not an HTML page, a web page that is a listing rather than an article):
    /// worth telling, but not a fault of the input.
    pub fn is_skip(&self) -> bool {
        matches!(
            self,
            Error::WarcSkipped { .. }
                | Error::Page {
                    error: html::Error::NotAnArticle { .. },
                    ..
                }
        )
    }

    /// Whether the item was read and kept, and the diagnostic only says what of it was not
    /// understood (a publication time in an unknown form, a `.gz` name on a plain file): not an
    /// error of the run.
    pub fn is_kept(&self) -> bool {
        matches!(
            self,
            Error::UnreadableTime(_) | Error::MoreUnreadableTimes(_) | Error::NotGzipReadAsText
        )
    }
}

/// One problem with one input item, for the user to read on stderr.
#[derive(Debug)]
pub struct Diagnostic {
    /// Where: the file, and the line for JSON Lines.
    pub origin: Origin,
    /// What is wrong.
    pub error: Error,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skipped_records_and_listing_pages_are_skips_and_faults_are_not() {
        let skipped = Error::WarcSkipped {
            count: 2,
            kinds: "2 request".into(),
        };
        let listing = Error::Page {
            context: String::new(),
            error: html::Error::NotAnArticle {
                reason: "links only".into(),
            },
        };
        let too_large = Error::Page {
            context: String::new(),
            error: html::Error::TooLarge { size: 2, limit: 1 },
        };
        assert!(skipped.is_skip() && listing.is_skip());
        assert!(!too_large.is_skip() && !Error::Empty.is_skip());
    }

    #[test]
    fn a_json_error_names_the_column_and_not_the_parsers_line() {
        let json = |text: &str| {
            Error::Json(serde_json::from_str::<serde_json::Value>(text).unwrap_err()).to_string()
        };
        assert_eq!(
            json(r#"{"a":1} x"#),
            "malformed JSON: trailing characters at column 9"
        );
        assert_eq!(
            json("{\n\"a\" 1}"),
            "malformed JSON: expected `:` at column 5"
        );
        assert_eq!(json("{\"a\":"), "malformed JSON: EOF while parsing a value");
    }

    #[test]
    fn an_unreadable_time_keeps_its_article_and_no_fault_does() {
        let time = Error::UnreadableTime("yesterday".into());
        assert!(time.is_kept() && !time.is_skip());
        assert!(Error::MoreUnreadableTimes(3).is_kept());
        assert!(!Error::Empty.is_kept() && !Error::NoSuchCluster("c".into()).is_kept());
        assert!(time.to_string().contains("\"yesterday\""));
    }
}
