//! Walking paths and dispatching each file to its reader; collecting articles and diagnostics.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use model::{Article, ArticleId, Origin};

use crate::jsonl::{self, Line, RawArticle};
use crate::page::{article_of_page, looks_like_html};
use crate::{Diagnostic, Error, content_id, feed, gz, text, warc};

/// Settings of the readers.
#[derive(Debug, Clone)]
pub struct ReadConfig {
    /// Read only the cluster with this id from cluster JSON Lines (`--cluster`).
    pub cluster: Option<String>,
    /// Largest file (or decompressed stream) accepted, in bytes. WARC files are streamed and
    /// not bound by it; each of their records is, by [`web::WarcConfig::max_record_bytes`].
    pub max_bytes: u64,
    /// Extraction of the article in HTML pages, WARC records and feed items.
    pub extract: html::ExtractConfig,
    /// Limits of the WARC reader.
    pub warc: web::WarcConfig,
    /// Whether the article lines of a JSON Lines file over `max_bytes` are indexed
    /// ([`ReadOutput::indexed`]) rather than read into memory: for a caller that reads them back
    /// one batch at a time, in an order of its own.
    pub index_large_json_lines: bool,
    /// The folder where a stream to index that cannot be read back at a line (a `.jsonl.gz`
    /// decompressed, or standard input) is copied, or `None` for the temporary folder. The copy
    /// has no name there: it goes when its [`IndexedFile`] is dropped or the process ends, a
    /// killed one too.
    pub copy_dir: Option<PathBuf>,
}

impl Default for ReadConfig {
    fn default() -> Self {
        ReadConfig {
            cluster: None,
            max_bytes: default_max_bytes(),
            extract: html::ExtractConfig::default(),
            warc: web::WarcConfig::default(),
            index_large_json_lines: false,
            copy_dir: None,
        }
    }
}

/// The bytes of the line ending (LF or CR LF) that `line` ends with.
fn ending_of(line: &[u8]) -> u64 {
    match line {
        [.., b'\r', b'\n'] => 2,
        [.., b'\n'] => 1,
        _ => 0,
    }
}

/// Whether a file's (lowercased) name says JSON Lines, uncompressed: `.jsonl` or `.ndjson`. Such
/// a file larger than [`ReadConfig::max_bytes`] is read line by line.
fn is_json_lines_name(name: &str) -> bool {
    name.ends_with(".jsonl") || name.ends_with(".ndjson")
}

/// Whether a file's (lowercased) name says gzip-compressed JSON Lines: `.jsonl.gz` or
/// `.ndjson.gz`. Such a file that decompresses to more than [`ReadConfig::max_bytes`] is read
/// line by line as it is decompressed.
fn is_json_lines_gz_name(name: &str) -> bool {
    name.strip_suffix(".gz").is_some_and(is_json_lines_name)
}

/// Passes over the byte order mark of a UTF-8 input, which is no part of its first line; the
/// bytes passed over.
fn skip_byte_order_mark(input: &mut impl BufRead) -> u64 {
    if input
        .fill_buf()
        .is_ok_and(|b| b.starts_with(b"\xEF\xBB\xBF"))
    {
        input.consume(3);
        return 3;
    }
    0
}

/// What an unnamed input's articles are named after where a format names them after their file
/// (a feed's items, a WARC file's records).
const STREAM_STEM: &str = "stdin";

/// Bytes of an unnamed stream (decompressed, if compressed) read ahead to tell JSON Lines from
/// other formats before it is read past [`ReadConfig::max_bytes`]: room for the first line of
/// a long article.
const SNIFF_BYTES: usize = 1 << 20;

/// Whether the first bytes of a stream open JSON Lines: a JSON object on a line of its own (an
/// article or a cluster), after a byte order mark and blank lines. A first line longer than
/// `head` counts when it opens an object with a key (`{"`), as JSON Lines records do and a
/// pretty-printed document, whose first line is `{` or `[`, does not.
fn opens_json_lines(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace());
    let Some(rest) = start.map(|at| &head[at..]) else {
        return false;
    };
    if !matches!(sniff_format(rest), Format::Json) || !rest.starts_with(b"{") {
        return false;
    }
    match rest.iter().position(|&b| b == b'\n') {
        Some(end) => serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(
            rest[..end].trim_ascii_end(),
        )
        .is_ok(),
        None => rest[1..].trim_ascii_start().starts_with(b"\""),
    }
}

/// The formats an input can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Html,
    Feed,
    Warc,
}

/// The format a file name says (`.gz` aside), or `None` when it says nothing.
fn format_of_name(name: &str) -> Option<Format> {
    let base = name.strip_suffix(".gz").unwrap_or(name);
    let ext = base.rsplit_once('.')?.1;
    Some(match ext {
        "txt" => Format::Text,
        "jsonl" | "json" | "ndjson" => Format::Json,
        "html" | "htm" | "xhtml" | "shtml" => Format::Html,
        "rss" | "atom" | "xml" => Format::Feed,
        "warc" => Format::Warc,
        _ => return None,
    })
}

/// The format of bytes whose name says nothing: a WARC, feed or HTML page by their first
/// bytes, JSON when they open an object (`{`) or an array of objects (`[{`), else text.
fn sniff_format(bytes: &[u8]) -> Format {
    let mut symbols = bytes.iter().filter(|b| !b.is_ascii_whitespace());
    let json = match symbols.next() {
        Some(b'{') => true,
        Some(b'[') => symbols.next() == Some(&b'{'),
        _ => false,
    };
    if web::warc::looks_like_warc(bytes) {
        Format::Warc
    } else if web::feed::looks_like_feed(bytes) {
        Format::Feed
    } else if looks_like_html(bytes) {
        Format::Html
    } else if json {
        Format::Json
    } else {
        Format::Text
    }
}

/// 256 MiB: far above any news article or evaluation set (the largest dev set is 20 MB
/// unpacked), low enough that a wrong path to a disk image fails fast.
fn default_max_bytes() -> u64 {
    256 << 20
}

/// Articles that belong together: one cluster of a cluster file, or all loose articles.
#[derive(Debug, Clone, Default)]
pub struct Group {
    /// The cluster id, or `None` for the loose articles of the inputs.
    pub id: Option<String>,
    /// The articles, in input order.
    pub articles: Vec<Article>,
    /// Human reference summaries, for cluster inputs that carry them.
    pub references: Vec<String>,
    /// Event labels parallel to `articles` (clustering sets), `None` where absent; a `misc`
    /// article gets a label of its own.
    pub labels: Vec<Option<String>>,
}

/// Everything read from a set of paths.
#[derive(Debug, Default)]
pub struct ReadOutput {
    /// Loose articles first (if any), then clusters in input order.
    pub groups: Vec<Group>,
    /// What could not be read (and what was read otherwise than its name says, such as a plain
    /// file named `.gz`), in input order; then the articles kept with a publication time that
    /// could not be read (see [`Error::is_kept`]).
    pub diagnostics: Vec<Diagnostic>,
    /// The JSON Lines files over [`ReadConfig::max_bytes`] whose article lines were indexed
    /// rather than read (only with [`ReadConfig::index_large_json_lines`]), in input order.
    /// Their cluster lines, if any, are read into `groups` as usual.
    pub indexed: Vec<IndexedFile>,
}

/// A JSON Lines file read once to index its article lines: where each one is, so that it can be
/// read again, in any order, with [`IndexedFile::open`]. Ids are the input's (or content ids),
/// not made unique across the file as those of articles held in memory are.
#[derive(Debug)]
pub struct IndexedFile {
    /// The input as diagnostics name it.
    pub shown: String,
    /// Its article lines that read without fault, in file order.
    pub lines: Vec<IndexedLine>,
    /// Where the lines are read back from.
    source: Source,
    /// The articles of the lines that held a page, as JSON, extracted when the file was indexed
    /// (see [`IndexedLine::extracted`]): a temporary file without a name, which goes with this
    /// handle.
    extracted: Option<File>,
    /// How a line's page is read, as when the file was indexed.
    extract: html::ExtractConfig,
}

/// Where the lines of an [`IndexedFile`] are read back from.
#[derive(Debug)]
enum Source {
    /// The input file itself.
    Input(PathBuf),
    /// A copy of a stream (a `.jsonl.gz` decompressed, or standard input) in a temporary file
    /// without a name, which goes with this handle.
    Copy(File),
}

/// One article line of an [`IndexedFile`].
#[derive(Debug, Clone)]
pub struct IndexedLine {
    /// Byte offset of the line in the file.
    pub offset: u64,
    /// Its length in bytes, without the line ending.
    pub len: u64,
    /// Its line number, from 1.
    pub line: u64,
    /// The article's publication time as written, for the caller's order.
    pub time: Option<String>,
    /// Whether the line held a page (a record with `html` and no text): its article was
    /// extracted when the file was indexed and written to the index's own file, and `offset`
    /// and `len` place it there, so that reading it back does not extract the page again.
    pub extracted: bool,
}

impl IndexedFile {
    /// The input file the lines are read back from, or `None` when they are read back from a
    /// copy of the input (see [`ReadConfig::copy_dir`]).
    pub fn path(&self) -> Option<&Path> {
        match &self.source {
            Source::Input(path) => Some(path),
            Source::Copy(_) => None,
        }
    }

    /// Opens the file to read its lines back.
    pub fn open(&self) -> Result<IndexedReader<'_>, Diagnostic> {
        let file = match &self.source {
            Source::Input(path) => File::open(path),
            Source::Copy(copy) => copy.try_clone(),
        };
        let unopened = |e| Diagnostic {
            origin: Origin {
                path: self.shown.clone(),
                line: None,
            },
            error: Error::Open(e),
        };
        let file = file.map_err(unopened)?;
        let extracted = match &self.extracted {
            Some(extracted) => Some(extracted.try_clone().map_err(unopened)?),
            None => None,
        };
        Ok(IndexedReader {
            indexed: self,
            file,
            extracted,
            buf: Vec::new(),
        })
    }
}

/// Reads the lines of an [`IndexedFile`] back.
#[derive(Debug)]
pub struct IndexedReader<'a> {
    indexed: &'a IndexedFile,
    file: File,
    /// The index's file of extracted articles, when it has one.
    extracted: Option<File>,
    buf: Vec<u8>,
}

impl IndexedReader<'_> {
    /// The article of `line`, read again as [`read_paths`] read it; an error (naming the file
    /// and line) when the file changed since it was indexed.
    pub fn read(&mut self, line: &IndexedLine) -> Result<Article, Diagnostic> {
        let shown = &self.indexed.shown;
        let fail = |error: Error| Diagnostic {
            origin: Origin {
                path: shown.clone(),
                line: Some(line.line),
            },
            error,
        };
        // A line is at most `ReadConfig::max_bytes` long, which was read into memory once.
        self.buf.resize(line.len as usize, 0);
        if line.extracted {
            let file = self.extracted.as_ref().ok_or_else(|| {
                fail(Error::Shape(
                    "an extracted line of an index without extracted articles".to_owned(),
                ))
            })?;
            read_exact_at(file, &mut self.buf, line.offset).map_err(|e| fail(Error::Read(e)))?;
            return serde_json::from_slice(&self.buf).map_err(|e| fail(Error::Json(e)));
        }
        read_exact_at(&self.file, &mut self.buf, line.offset).map_err(|e| fail(Error::Read(e)))?;
        let text = std::str::from_utf8(&self.buf).map_err(|e| {
            fail(Error::InvalidUtf8 {
                offset: e.valid_up_to(),
            })
        })?;
        read_article_line(shown, line.line, text, &self.indexed.extract).map_err(fail)
    }
}

/// Reads `buf.len()` bytes of `file` from `offset`, without moving the position that the clones
/// of a copy's handle share.
fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
    }
    #[cfg(not(unix))]
    {
        use std::io::{Seek, SeekFrom};
        let mut file = file;
        file.seek(SeekFrom::Start(offset))?;
        file.read_exact(buf)
    }
}

impl ReadOutput {
    /// Number of articles over all groups.
    pub fn article_count(&self) -> usize {
        self.groups.iter().map(|g| g.articles.len()).sum()
    }
}

/// Reads every path (`-` is standard input, as [`read_stream`] reads it); folders are walked
/// recursively in name order.
pub fn read_paths<P: AsRef<Path>>(paths: &[P], config: &ReadConfig) -> ReadOutput {
    let mut reader = Reader::new(config);
    for path in paths {
        reader.read_path(path.as_ref());
    }
    let first = paths
        .first()
        .map(|p| p.as_ref().display().to_string())
        .unwrap_or_default();
    reader.finish(first)
}

/// Reads one input that has no name to say its format, such as standard input, shown in
/// diagnostics as `shown`. It is held whole up to [`ReadConfig::max_bytes`] and its format
/// sniffed, as for a file. Past that limit (or, gzip-compressed, when it decompresses past it)
/// only JSON Lines and WARC files are read: JSON Lines line by line as they come, each line
/// bounded by the limit, or with [`ReadConfig::index_large_json_lines`] indexed in a temporary
/// copy of the stream ([`ReadOutput::indexed`]), since a stream cannot be read back at a line;
/// a WARC file record by record, as a `.warc` file is.
pub fn read_stream(shown: &str, input: impl Read, config: &ReadConfig) -> ReadOutput {
    let mut reader = Reader::new(config);
    reader.read_stream(shown, input);
    reader.finish(shown.to_owned())
}

impl<'a> Reader<'a> {
    fn new(config: &'a ReadConfig) -> Self {
        Reader {
            config,
            loose: Group::default(),
            out: ReadOutput::default(),
            wanted_found: false,
        }
    }

    /// What was read, with the diagnostics that need all of it: the cluster asked for and not
    /// found (named by `first`, the first input), and the unreadable publication times. The
    /// loose articles go first, and ids are made unique within each group.
    fn finish(self, first: String) -> ReadOutput {
        let config = self.config;
        let mut out = self.out;
        if let Some(wanted) = &config.cluster {
            if !self.wanted_found {
                out.diagnostics.push(Diagnostic {
                    origin: Origin {
                        path: first,
                        line: None,
                    },
                    error: Error::NoSuchCluster(wanted.clone()),
                });
            }
        }
        // Asked for one cluster, the caller wants that cluster and no loose articles beside it.
        if !self.loose.articles.is_empty() && config.cluster.is_none() {
            out.groups.insert(0, self.loose);
        }
        for group in &mut out.groups {
            make_ids_unique(&mut group.articles);
        }
        let held = out.groups.iter().flat_map(|g| &g.articles);
        let times = held
            .filter_map(|a| Some((a.origin.path.as_str(), a.origin.line, a.time.as_deref()?)))
            .chain(out.indexed.iter().flat_map(|file| {
                (file.lines.iter())
                    .filter_map(|l| Some((file.shown.as_str(), Some(l.line), l.time.as_deref()?)))
            }));
        let unreadable = unreadable_times(times);
        out.diagnostics.extend(unreadable);
        out
    }
}

/// Articles named one by one per file for an unreadable publication time; the rest of the file's
/// are counted in one more diagnostic, so that a feed of a million such lines does not flood
/// the terminal.
const UNREADABLE_TIMES_NAMED: usize = 3;

/// A diagnostic for each article whose time is given but is in no form [`model::Moment`]
/// reads (at most [`UNREADABLE_TIMES_NAMED`] per file, then a count), in input order.
/// `times` are (file, line, time as written) of each article that states a time.
fn unreadable_times<'a>(
    times: impl Iterator<Item = (&'a str, Option<u64>, &'a str)>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Per file: how many were found, and where the count of the rest goes.
    let mut per_file: HashMap<&str, (usize, Option<usize>)> = HashMap::new();
    for (path, line, time) in times {
        if time.trim().is_empty() || model::Moment::parse(time).is_some() {
            continue;
        }
        let (found, rest) = per_file.entry(path).or_default();
        *found += 1;
        if *found <= UNREADABLE_TIMES_NAMED {
            out.push(Diagnostic {
                origin: Origin {
                    path: path.to_owned(),
                    line,
                },
                error: Error::UnreadableTime(time.to_owned()),
            });
            continue;
        }
        match rest {
            Some(at) => {
                if let Error::MoreUnreadableTimes(n) = &mut out[*at].error {
                    *n += 1;
                }
            }
            None => {
                *rest = Some(out.len());
                out.push(Diagnostic {
                    origin: Origin {
                        path: path.to_owned(),
                        line: None,
                    },
                    error: Error::MoreUnreadableTimes(1),
                });
            }
        }
    }
    out
}

struct Reader<'a> {
    config: &'a ReadConfig,
    loose: Group,
    out: ReadOutput,
    /// Whether the cluster `--cluster` names was seen, even if none of its articles was read.
    wanted_found: bool,
}

impl Reader<'_> {
    fn diagnose(&mut self, path: &str, line: Option<u64>, error: Error) {
        self.out.diagnostics.push(Diagnostic {
            origin: Origin {
                path: path.to_owned(),
                line,
            },
            error,
        });
    }

    fn read_path(&mut self, path: &Path) {
        let shown = path.display().to_string();
        if shown == "-" {
            return self.read_stream("-", std::io::stdin().lock());
        }
        match std::fs::metadata(path) {
            Err(e) => self.diagnose(&shown, None, Error::Open(e)),
            Ok(meta) if meta.is_dir() => {
                let mut files = Vec::new();
                collect_files(path, &mut files);
                if files.is_empty() {
                    self.diagnose(&shown, None, Error::EmptyFolder);
                }
                for file in files {
                    let rel = file.strip_prefix(path).unwrap_or(&file);
                    let stem = id_from_relative(rel);
                    self.read_file(&file, &stem);
                }
            }
            Ok(_) => {
                let stem =
                    id_from_relative(Path::new(path.file_name().unwrap_or(path.as_os_str())));
                self.read_file(path, &stem);
            }
        }
    }

    fn read_file(&mut self, path: &Path, stem: &str) {
        let shown = path.display().to_string();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if format_of_name(&name) == Some(Format::Warc) {
            // Streamed: a crawl archive may be larger than memory.
            return match web::warc::open(path, &self.config.warc) {
                Ok(reader) => self.add(warc::read_warc(reader, &shown, stem, &self.config.extract)),
                Err(e) => self.diagnose(&shown, None, Error::Open(e)),
            };
        }
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if size > self.config.max_bytes && is_json_lines_name(&name) {
            // Streamed by line: a crawl's export may be larger than the limit on one input
            // held whole, and each line is an input of its own.
            return match File::open(path) {
                Ok(file) => self.large_json_lines(path, &shown, BufReader::new(file)),
                Err(e) => self.diagnose(&shown, None, Error::Open(e)),
            };
        }
        if is_json_lines_gz_name(&name)
            && (size > self.config.max_bytes
                || gz::stated_size(path).is_some_and(|n| n > self.config.max_bytes))
        {
            return self.large_json_lines_gz(path, &shown);
        }
        if size > self.config.max_bytes {
            self.diagnose(
                &shown,
                None,
                Error::TooLarge {
                    size,
                    limit: self.config.max_bytes,
                },
            );
            return;
        }
        let mut bytes = Vec::new();
        match File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)) {
            Ok(_) => self.read_bytes(&shown, stem, Some(path), bytes),
            Err(e) => self.diagnose(&shown, None, Error::Open(e)),
        }
    }

    /// Reads an input without a name, as [`read_stream`] says.
    fn read_stream(&mut self, shown: &str, mut input: impl Read) {
        let limit = self.config.max_bytes;
        let mut bytes = Vec::new();
        if let Err(e) = input.by_ref().take(limit + 1).read_to_end(&mut bytes) {
            return self.diagnose(shown, None, Error::Read(e));
        }
        if bytes.len() as u64 <= limit {
            return self.read_bytes(shown, STREAM_STEM, None, bytes);
        }
        let refused = Error::StreamTooLarge { limit };
        self.large_stream(shown, std::io::Cursor::new(bytes).chain(input), refused);
    }

    /// Reads an unnamed input past [`ReadConfig::max_bytes`], plain or gzip-compressed, when
    /// it is JSON Lines or a WARC file: JSON Lines as a large `.jsonl` (or `.jsonl.gz`) file is
    /// read, each line held alone, except that an index points into a temporary copy of the
    /// stream; a WARC file record by record, as a `.warc` file is. Anything else is refused with
    /// `refused`, since it would have to be held whole.
    fn large_stream(&mut self, shown: &str, input: impl Read, refused: Error) {
        let mut input = BufReader::new(input);
        let (gzip, archive) = match input.fill_buf() {
            Ok(head) => (
                head.starts_with(&[0x1f, 0x8b]),
                web::warc::looks_like_warc(head),
            ),
            Err(e) => return self.diagnose(shown, None, Error::Read(e)),
        };
        if archive {
            return match web::WarcReader::new(input, &self.config.warc) {
                Ok(reader) => {
                    let read = warc::read_warc(reader, shown, STREAM_STEM, &self.config.extract);
                    self.add(read);
                }
                Err(e) => self.diagnose(shown, None, Error::Read(e)),
            };
        }
        if gzip {
            return self.large_stream_json_lines(shown, gz::Streamed::new(input), refused);
        }
        self.large_stream_json_lines(shown, input, refused)
    }

    /// The second half of [`Self::large_stream`]: `input` is the stream as text. Its first line
    /// that is not blank (up to [`SNIFF_BYTES`] of it) says whether it is JSON Lines.
    fn large_stream_json_lines(&mut self, shown: &str, input: impl Read, refused: Error) {
        let mut input = BufReader::new(input);
        let mut head = Vec::new();
        loop {
            let room = (SNIFF_BYTES - head.len()) as u64;
            match input.by_ref().take(room).read_until(b'\n', &mut head) {
                Ok(0) => break,
                Ok(_) if head.len() < SNIFF_BYTES && head.iter().all(u8::is_ascii_whitespace) => {}
                Ok(_) => break,
                Err(e) => return self.diagnose(shown, None, Error::Read(e)),
            }
        }
        if !opens_json_lines(&head) {
            return self.diagnose(shown, None, refused);
        }
        self.json_lines_stream(shown, std::io::Cursor::new(head).chain(input));
    }

    /// Reads the JSON Lines of a stream that cannot be read back at a line (decompressed, or
    /// standard input) line by line, or with [`ReadConfig::index_large_json_lines`] indexes them
    /// in a copy of the stream.
    fn json_lines_stream(&mut self, shown: &str, input: impl Read) {
        if self.config.index_large_json_lines {
            return self.index_in_copy(shown, input);
        }
        let mut input = BufReader::new(input);
        skip_byte_order_mark(&mut input);
        self.read_json_lines(shown, input);
    }

    /// Reads a plain JSON Lines file larger than [`ReadConfig::max_bytes`] line by line: its
    /// articles are held, or with [`ReadConfig::index_large_json_lines`] indexed where they are.
    fn large_json_lines(&mut self, path: &Path, shown: &str, mut input: impl BufRead) {
        let start = skip_byte_order_mark(&mut input);
        if !self.config.index_large_json_lines {
            return self.read_json_lines(shown, input);
        }
        let (lines, extracted) = self.index_json_lines(shown, &mut input, start);
        self.out.indexed.push(IndexedFile {
            shown: shown.to_owned(),
            lines,
            source: Source::Input(path.to_owned()),
            extracted,
            extract: self.config.extract.clone(),
        });
    }

    /// Reads a `.jsonl.gz` (or `.ndjson.gz`) file that decompresses to more than
    /// [`ReadConfig::max_bytes`], or is larger than that itself, line by line as it is
    /// decompressed, under the same guard against a gzip bomb as a file read whole. To be
    /// indexed, it is decompressed once into a temporary copy that the index points into
    /// (removed with the [`IndexedFile`]): a compressed stream cannot be read back at a line.
    fn large_json_lines_gz(&mut self, path: &Path, shown: &str) {
        let mut file = match File::open(path) {
            Ok(file) => BufReader::new(file),
            Err(e) => return self.diagnose(shown, None, Error::Open(e)),
        };
        let head = match file.fill_buf() {
            Ok(head) => head,
            Err(e) => return self.diagnose(shown, None, Error::Read(e)),
        };
        if !head.starts_with(&[0x1f, 0x8b]) {
            // As for an input held whole: text under a .gz name is read as text, and said to
            // be; bytes of another kind are not read.
            if let Some(what) = gz::not_gzip(head) {
                return self.diagnose(shown, None, Error::NotGzip { what });
            }
            self.diagnose(shown, None, Error::NotGzipReadAsText);
            return self.large_json_lines(path, shown, file);
        }
        self.json_lines_stream(shown, gz::Streamed::new(file));
    }

    /// Indexes the JSON Lines of a stream that cannot be read back at a line (decompressed, or
    /// standard input) in a copy of it, written as it is read, in a temporary file without a
    /// name in [`ReadConfig::copy_dir`] (or, if it cannot be made there, the temporary folder).
    /// A copy that cannot be made or finished is diagnosed, and nothing is indexed.
    fn index_in_copy(&mut self, shown: &str, input: impl Read) {
        let copy = match &self.config.copy_dir {
            Some(dir) => tempfile::tempfile_in(dir).or_else(|_| tempfile::tempfile()),
            None => tempfile::tempfile(),
        };
        let copy = match copy {
            Ok(copy) => copy,
            Err(e) => {
                let why = format!("cannot make a copy to index: {e}");
                let error = Error::Read(std::io::Error::new(e.kind(), why));
                return self.diagnose(shown, None, error);
            }
        };
        let mut input = BufReader::new(gz::Tee {
            inner: input,
            copy: BufWriter::new(copy),
        });
        // Every byte read is copied, the mark too, so offsets in the stream are offsets in
        // the copy.
        let start = skip_byte_order_mark(&mut input);
        let (lines, extracted) = self.index_json_lines(shown, &mut input, start);
        match input.into_inner().copy.into_inner() {
            Ok(copy) => self.out.indexed.push(IndexedFile {
                shown: shown.to_owned(),
                lines,
                source: Source::Copy(copy),
                extracted,
                extract: self.config.extract.clone(),
            }),
            Err(e) => {
                let error = Error::Read(gz::copy_not_written(e.into_error()));
                self.diagnose(shown, None, error);
            }
        }
    }

    /// The article lines of a JSON Lines input (`start` bytes into its file) as an index: where
    /// each one is, its line number and its time. Cluster lines are read as usual, and what
    /// does not read is diagnosed. The article of a line that holds a page is extracted here,
    /// to know whether it reads and when it was published, and kept (in the file returned, see
    /// [`IndexedLine::extracted`]) so that it is not extracted again when read back.
    fn index_json_lines(
        &mut self,
        shown: &str,
        input: impl BufRead,
        start: u64,
    ) -> (Vec<IndexedLine>, Option<File>) {
        let mut lines = Vec::new();
        let mut extracted = ExtractedArticles::new(self.config.copy_dir.clone());
        self.json_lines(
            shown,
            input,
            start,
            |reader, lineno, offset, line| match jsonl::parse_line(line) {
                Ok(Line::Article(raw)) => {
                    let page = holds_page(&raw);
                    match article(shown, lineno, raw, &reader.config.extract) {
                        Ok((article, _)) => {
                            let kept = page.then(|| extracted.keep(&article)).flatten();
                            let (offset, len) = kept.unwrap_or((offset, line.len() as u64));
                            lines.push(IndexedLine {
                                offset,
                                len,
                                line: lineno,
                                time: article.time,
                                extracted: kept.is_some(),
                            });
                        }
                        Err(error) => reader.diagnose(shown, Some(lineno), error),
                    }
                }
                other => reader.record(shown, lineno, None, other),
            },
        );
        (lines, extracted.file)
    }

    /// Reads one input's bytes; `path` (when a real file) decides the format by extension.
    fn read_bytes(&mut self, shown: &str, stem: &str, path: Option<&Path>, bytes: Vec<u8>) {
        let name = path
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().to_lowercase());
        let gz = bytes.starts_with(&[0x1f, 0x8b]);
        let blank = bytes.iter().all(u8::is_ascii_whitespace);
        if !gz && !blank && name.as_deref().is_some_and(|n| n.ends_with(".gz")) {
            // A download that was decompressed on the way but kept its name is read as the text
            // it is, and said to be; bytes of another kind (another compression) are not read.
            if let Some(what) = gz::not_gzip(&bytes) {
                return self.diagnose(shown, None, Error::NotGzip { what });
            }
            self.diagnose(shown, None, Error::NotGzipReadAsText);
        }
        let (bytes, broken) = if gz {
            // A compressed WARC whose name says nothing (standard input) is decompressed record
            // by record under the WARC limits, not whole.
            if name.as_deref().and_then(format_of_name).is_none()
                && web::warc::looks_like_warc(&bytes)
            {
                return self.read_warc_bytes(shown, stem, &bytes);
            }
            match gz::gunzip(&bytes, self.config.max_bytes) {
                Ok(out) => (out.bytes, out.broken),
                Err(gz::Overflow::Limit(e)) => {
                    // A JSON Lines file is read again as a stream, one line at a time.
                    let lines = name.as_deref().is_some_and(is_json_lines_gz_name);
                    if let Some(path) = path.filter(|_| lines) {
                        drop(bytes);
                        return self.large_json_lines_gz(path, shown);
                    }
                    if path.is_none() {
                        // An unnamed input is read again from the bytes held, if JSON Lines.
                        return self.large_stream(shown, std::io::Cursor::new(bytes), e);
                    }
                    return self.diagnose(shown, None, e);
                }
                Err(e) => return self.diagnose(shown, None, e.into_error()),
            }
        } else {
            (bytes, None)
        };
        if bytes.len() as u64 > self.config.max_bytes {
            let limit = self.config.max_bytes;
            return self.diagnose(
                shown,
                None,
                Error::TooLarge {
                    size: bytes.len() as u64,
                    limit,
                },
            );
        }
        // UTF-16 text with a byte order mark is read as the UTF-8 it decodes to, which the
        // articles then hold; pages and feeds decode their bytes themselves.
        let named = name.as_deref().and_then(format_of_name);
        let utf16 = match named {
            None | Some(Format::Text | Format::Json) => text::decode_utf16(&bytes),
            Some(_) => None,
        };
        let format = named.unwrap_or_else(|| match &utf16 {
            Some(Ok(decoded)) => sniff_format(decoded.as_bytes()),
            _ => sniff_format(&bytes),
        });
        // Part of a document is not the document: a page or an article cut short must not be
        // stored as if it were whole. Only JSON Lines keep what came before a break.
        let broken = match broken {
            Some(e) if format != Format::Json => return self.diagnose(shown, None, Error::Read(e)),
            broken => broken,
        };
        let bytes = match utf16 {
            Some(decoded) if matches!(format, Format::Text | Format::Json) => match decoded {
                Ok(decoded) => decoded.into_bytes(),
                Err(e) => return self.diagnose(shown, None, e),
            },
            _ => bytes,
        };
        let origin = Origin {
            path: shown.to_owned(),
            line: None,
        };
        let id = |bytes: &[u8]| {
            if path.is_some() {
                ArticleId(stem.to_owned())
            } else {
                ArticleId(format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes)))
            }
        };
        match format {
            Format::Json => self.read_json(shown, &bytes, broken),
            Format::Html => {
                match article_of_page(&bytes, None, id(&bytes), origin, &self.config.extract) {
                    Ok(article) => self.add((vec![article], Vec::new())),
                    Err(error) => self.diagnose(
                        shown,
                        None,
                        Error::Page {
                            context: String::new(),
                            error,
                        },
                    ),
                }
            }
            Format::Feed => {
                let read = feed::read_feed(&bytes, shown, stem, &self.config.extract);
                self.add(read);
            }
            Format::Warc => self.read_warc_bytes(shown, stem, &bytes),
            Format::Text => self.read_text(shown, stem, path, &bytes),
        }
    }

    /// Reads a WARC file held in memory (standard input, or a file whose name said nothing).
    fn read_warc_bytes(&mut self, shown: &str, stem: &str, bytes: &[u8]) {
        match web::WarcReader::new(bytes, &self.config.warc) {
            Ok(reader) => {
                let read = warc::read_warc(reader, shown, stem, &self.config.extract);
                self.add(read);
            }
            Err(e) => self.diagnose(shown, None, Error::Read(e)),
        }
    }

    /// Adds loose articles (without labels) and diagnostics read from one input.
    fn add(&mut self, (articles, diagnostics): (Vec<Article>, Vec<Diagnostic>)) {
        for article in articles {
            self.loose.articles.push(article);
            self.loose.labels.push(None);
        }
        self.out.diagnostics.extend(diagnostics);
    }

    fn read_text(&mut self, shown: &str, stem: &str, path: Option<&Path>, bytes: &[u8]) {
        match text::decode(bytes) {
            Ok(content) => {
                let (title, body) = text::split_title(&content);
                let id = if path.is_some() {
                    ArticleId(stem.to_owned())
                } else {
                    content_id(title, body)
                };
                self.loose.articles.push(Article {
                    meta: Default::default(),
                    id,
                    title: title.to_owned(),
                    text: body.to_owned(),
                    url: None,
                    source: None,
                    time: None,
                    origin: Origin {
                        path: shown.to_owned(),
                        line: None,
                    },
                });
                self.loose.labels.push(None);
            }
            Err(e) => self.diagnose(shown, None, e),
        }
    }

    /// Reads JSON; `broken` says why decompression stopped early, in which case the complete
    /// lines before the break are read and the partial line after them is not.
    fn read_json(&mut self, shown: &str, bytes: &[u8], broken: Option<std::io::Error>) {
        let bytes = match &broken {
            Some(_) => &bytes[..bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)],
            None => bytes,
        };
        if let Some(e) = broken {
            if bytes.iter().all(u8::is_ascii_whitespace) {
                return self.diagnose(shown, None, Error::Read(e));
            }
            self.read_json_complete(shown, bytes);
            let line = bytes.iter().filter(|&&b| b == b'\n').count() as u64;
            return self.diagnose(shown, None, Error::CutShort { line, source: e });
        }
        self.read_json_complete(shown, bytes);
    }

    /// Reads JSON: one document (an object or an array of records, over any number of lines)
    /// when the whole input parses as one, else JSON Lines.
    fn read_json_complete(&mut self, shown: &str, bytes: &[u8]) {
        // Editors and exporters on Windows open UTF-8 files with a byte order mark, which is no
        // part of the JSON.
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if let Ok(text) = std::str::from_utf8(bytes) {
            match jsonl::parse_document(text) {
                Ok(records) if records.is_empty() => {
                    let error = Error::Shape("the JSON array holds no records".to_owned());
                    return self.diagnose(shown, None, error);
                }
                Ok(records) => {
                    for record in records {
                        self.record(shown, record.line, record.item, record.record);
                    }
                    return;
                }
                // One error where it is, rather than one for every line of the document.
                Err(e) if jsonl::is_broken_document(text) => {
                    let line = jsonl::line_of_error(text, &e);
                    return self.diagnose(shown, Some(line), Error::Json(e));
                }
                Err(_) => {}
            }
        }
        self.read_json_lines(shown, bytes);
    }

    /// Reads JSON Lines line by line, each line held alone and bounded by
    /// [`ReadConfig::max_bytes`]: an input held whole, or a file larger than that limit read as
    /// it goes. A line over the limit is skipped with [`Error::LineTooLarge`]; a read error stops
    /// the input with [`Error::CutShort`] after the complete lines before it.
    fn read_json_lines(&mut self, shown: &str, input: impl BufRead) {
        self.json_lines(shown, input, 0, |reader, lineno, _, line| {
            reader.record(shown, lineno, None, jsonl::parse_line(line));
        });
    }

    /// The line loop of [`Self::read_json_lines`]: calls `each` with the line number, byte
    /// offset (`input` starting at `start`) and text of every line that is not blank, without
    /// its line ending; diagnoses the others.
    fn json_lines(
        &mut self,
        shown: &str,
        mut input: impl BufRead,
        start: u64,
        mut each: impl FnMut(&mut Self, u64, u64, &str),
    ) {
        let limit = self.config.max_bytes;
        let mut any = false;
        let mut lineno = 0u64;
        let mut offset = start;
        let mut raw = Vec::new();
        loop {
            let at = offset;
            raw.clear();
            // Room for the limit and a CR LF: more than that is a line over the limit.
            let read = input.by_ref().take(limit + 2).read_until(b'\n', &mut raw);
            match read {
                Ok(0) => break,
                Ok(_) => {}
                // Broken before any line that is not blank: nothing was kept, as for an input
                // held whole.
                Err(source) if !any => return self.diagnose(shown, None, Error::Read(source)),
                Err(source) => {
                    let line = lineno;
                    self.diagnose(shown, None, Error::CutShort { line, source });
                    return;
                }
            }
            lineno += 1;
            offset += raw.len() as u64;
            if raw.len() as u64 - ending_of(&raw) > limit {
                // The rest of the line is passed over without being held; its last two bytes
                // say whether it ends with CR LF.
                let mut rest = raw.len() as u64;
                let mut tail = raw[raw.len().saturating_sub(2)..].to_vec();
                while tail.last() != Some(&b'\n') {
                    raw.clear();
                    match input.by_ref().take(1 << 20).read_until(b'\n', &mut raw) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            rest += n as u64;
                            offset += n as u64;
                        }
                    }
                    tail.extend_from_slice(&raw);
                    tail.drain(..tail.len().saturating_sub(2));
                }
                let size = rest - ending_of(&tail);
                self.diagnose(shown, Some(lineno), Error::LineTooLarge { size, limit });
                continue;
            }
            let line = raw.strip_suffix(b"\n").unwrap_or(&raw);
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            any = true;
            let line = match std::str::from_utf8(line) {
                Ok(line) => line,
                Err(e) => {
                    self.diagnose(
                        shown,
                        Some(lineno),
                        Error::InvalidUtf8 {
                            offset: e.valid_up_to(),
                        },
                    );
                    continue;
                }
            };
            each(self, lineno, at, line);
        }
        if !any {
            self.diagnose(shown, None, Error::Empty);
        }
    }

    /// Adds what one JSON record holds (read at line `lineno`, item `item` of an array), or says
    /// why it holds nothing.
    fn record(
        &mut self,
        shown: &str,
        lineno: u64,
        item: Option<usize>,
        record: Result<Line, Error>,
    ) {
        let diagnose = |reader: &mut Self, error: Error| {
            let error = match item {
                Some(item) => Error::InArray {
                    item,
                    error: Box::new(error),
                },
                None => error,
            };
            reader.diagnose(shown, Some(lineno), error);
        };
        let cluster = match record {
            Ok(Line::Cluster(cluster)) => cluster,
            Ok(Line::Article(raw)) => {
                match article(shown, lineno, raw, &self.config.extract) {
                    Ok((article, label)) => {
                        self.loose.articles.push(article);
                        self.loose.labels.push(label);
                    }
                    Err(e) => diagnose(self, e),
                }
                return;
            }
            Err(e) => return diagnose(self, e),
        };
        let id = cluster.id.clone().unwrap_or_else(|| match item {
            Some(item) => format!("{shown}:{lineno}#{item}"),
            None => format!("{shown}:{lineno}"),
        });
        match &self.config.cluster {
            Some(wanted) if wanted != &id => return,
            Some(_) => self.wanted_found = true,
            None => {}
        }
        if cluster.articles.is_empty() {
            let error = Error::Shape(format!("cluster {id:?} has no articles; skipped"));
            return diagnose(self, error);
        }
        let mut group = Group {
            id: Some(id),
            references: cluster.summaries,
            ..Group::default()
        };
        for (n, raw) in cluster.articles.into_iter().enumerate() {
            let read = raw.and_then(|mut raw| {
                // An article that states no time takes its cluster's story date: the outlets
                // of a roundup reported the story on that day.
                if raw.time.is_none() {
                    raw.time.clone_from(&cluster.date);
                }
                article(shown, lineno, raw, &self.config.extract)
            });
            match read {
                Ok((article, label)) => {
                    group.articles.push(article);
                    group.labels.push(label);
                }
                Err(error) => {
                    let error = Error::ClusterArticle {
                        article: n + 1,
                        error: Box::new(error),
                    };
                    diagnose(self, error);
                }
            }
        }
        // Each of its articles was reported; an empty group would be an event of nothing.
        if !group.articles.is_empty() {
            self.out.groups.push(group);
        }
    }
}

/// The article one line of JSON Lines holds, read as [`read_paths`] reads it (line `lineno` of
/// the input shown as `shown`, a page in place of text extracted with `extract`), for a caller
/// that streams a large file line by line rather than reading it whole. A cluster line is an
/// error here: its articles belong together.
pub fn read_article_line(
    shown: &str,
    lineno: u64,
    line: &str,
    extract: &html::ExtractConfig,
) -> Result<Article, Error> {
    match jsonl::parse_line(line)? {
        Line::Article(raw) => article(shown, lineno, raw, extract).map(|(article, _)| article),
        Line::Cluster(_) => Err(Error::Shape(
            "a cluster, where an article was expected".to_owned(),
        )),
    }
}

/// Whether [`article`] reads a record's article from its page: it has a page and no text.
fn holds_page(raw: &RawArticle) -> bool {
    let stated = |field: &Option<String>| field.as_deref().is_some_and(|v| !v.trim().is_empty());
    stated(&raw.html) && !stated(&raw.text)
}

/// The articles an index extracted from pages, as JSON one after the other in a temporary
/// file without a name (in `dir`, or the temporary folder), made when the first one comes.
struct ExtractedArticles {
    dir: Option<PathBuf>,
    file: Option<File>,
    /// Bytes written so far: where the next article goes.
    written: u64,
    /// The file could not be made or written: the lines go on pointing into the input, and
    /// their pages are extracted again when read back.
    failed: bool,
}

impl ExtractedArticles {
    fn new(dir: Option<PathBuf>) -> Self {
        ExtractedArticles {
            dir,
            file: None,
            written: 0,
            failed: false,
        }
    }

    /// Writes an article and returns where it is (offset and length), or `None` when it could
    /// not be written.
    fn keep(&mut self, article: &Article) -> Option<(u64, u64)> {
        if self.failed {
            return None;
        }
        if self.file.is_none() {
            let made = match &self.dir {
                Some(dir) => tempfile::tempfile_in(dir).or_else(|_| tempfile::tempfile()),
                None => tempfile::tempfile(),
            };
            self.file = made.ok();
        }
        let written = self.file.as_mut().and_then(|file| {
            let json = serde_json::to_vec(article).ok()?;
            file.write_all(&json).ok()?;
            Some(json.len() as u64)
        });
        match written {
            Some(len) => {
                let at = self.written;
                self.written += len;
                Some((at, len))
            }
            None => {
                // Whatever part of the article was written lies past every offset handed out.
                self.failed = true;
                None
            }
        }
    }
}

/// Builds an article from a JSON record read at line `lineno`, with its event label. A record
/// without text whose `html` holds a page gets the page's article (see [`article_of_page`]),
/// what the record states (title, outlet, URL, time, id) taking precedence over what the page
/// says; a record with neither text nor title, nor a page, is an error.
fn article(
    shown: &str,
    lineno: u64,
    raw: RawArticle,
    extract: &html::ExtractConfig,
) -> Result<(Article, Option<String>), Error> {
    let from_page = holds_page(&raw);
    let RawArticle {
        id,
        title,
        text,
        html,
        url,
        source,
        time,
        event_id,
        misc,
    } = raw;
    let origin = Origin {
        path: shown.to_owned(),
        line: Some(lineno),
    };
    let stated = |field: Option<String>| field.filter(|value| !value.trim().is_empty());
    let (title, text, url, source, time, meta) = match html.filter(|_| from_page) {
        Some(page) => {
            // The page's article takes the record's URL when it states one, else the page's
            // canonical link; its id is made below, as for any record.
            let placeholder = ArticleId(String::new());
            let page = article_of_page(
                page.as_bytes(),
                stated(url).as_deref(),
                placeholder,
                origin.clone(),
                extract,
            )
            .map_err(|error| Error::Page {
                context: "the record's html: ".to_owned(),
                error,
            })?;
            (
                stated(title).unwrap_or(page.title),
                page.text,
                page.url,
                stated(source).or(page.source),
                stated(time).or(page.time),
                page.meta,
            )
        }
        _ => {
            let text = text.unwrap_or_default();
            let title = title.unwrap_or_default();
            if text.trim().is_empty() && title.trim().is_empty() {
                return Err(Error::Shape("article has no text and no title".to_owned()));
            }
            (title, text, url, source, time, Default::default())
        }
    };
    let id = id
        .map(ArticleId)
        .unwrap_or_else(|| content_id(&title, &text));
    let label = if misc {
        Some(format!("misc:{id}"))
    } else {
        event_id
    };
    Ok((
        Article {
            meta,
            id,
            title,
            text,
            url,
            source,
            time,
            origin,
        },
        label,
    ))
}

/// Article files under `dir`, recursively, sorted by path; hidden entries skipped.
fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect_files(&path, out);
        } else {
            if format_of_name(&name).is_some() {
                out.push(path);
            }
        }
    }
}

/// An id from a path relative to the folder given: components joined by `/`, extensions dropped.
fn id_from_relative(rel: &Path) -> String {
    let mut id = rel.to_string_lossy().replace('\\', "/");
    if id.to_lowercase().ends_with(".gz") {
        id.truncate(id.len() - 3);
    }
    if format_of_name(&id.to_lowercase()).is_some() {
        if let Some(dot) = id.rfind('.') {
            id.truncate(dot);
        }
    }
    id
}

/// Gives repeated ids a suffix (`-2`, `-3`, ...) so that every article of a group is addressable.
fn make_ids_unique(articles: &mut [Article]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for article in articles {
        let count = seen.entry(article.id.0.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            article.id.0 = format!("{}-{}", article.id.0, count);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`read_article_line`] with the default extraction.
    fn read_line(shown: &str, lineno: u64, line: &str) -> Result<Article, Error> {
        read_article_line(shown, lineno, line, &html::ExtractConfig::default())
    }

    #[test]
    fn an_article_line_reads_as_read_paths_reads_it() {
        let line = r#"{"id": "a1", "title": "Dam opens", "text": "The dam opened.", "url": "https://example.org/a1", "source": "Example", "time": "2024-03-01T10:00:00Z"}"#;
        let article = read_line("stream.jsonl", 7, line).expect("an article");
        assert_eq!(article.id.0, "a1");
        assert_eq!(article.title, "Dam opens");
        assert_eq!(article.text, "The dam opened.");
        assert_eq!(article.url.as_deref(), Some("https://example.org/a1"));
        assert_eq!(article.source.as_deref(), Some("Example"));
        assert_eq!(article.time.as_deref(), Some("2024-03-01T10:00:00Z"));
        assert_eq!(article.origin.path, "stream.jsonl");
        assert_eq!(article.origin.line, Some(7));
        // Without an id, the content id that read_paths gives.
        let article = read_line("s", 1, r#"{"title": "T", "text": "Body."}"#).unwrap();
        assert_eq!(article.id, content_id("T", "Body."));
    }

    /// A page as a crawler exports it: the article between a menu and a footer.
    const PAGE: &str = "<!doctype html><html lang=en><head><title>Ferry halted | Harbour Post</title>\
        <meta property=\"og:site_name\" content=\"Harbour Post\">\
        <meta property=\"article:published_time\" content=\"2025-06-06T08:30:00Z\">\
        <link rel=canonical href=\"https://post.example/ferry\"></head><body>\
        <nav><a href=/>Home</a> <a href=/sport>Sport</a></nav><article><h1>Ferry halted</h1>\
        <p>The ferry to Gull Island will not run until the pier at Kestrel Bay is repaired, the \
        harbour authority said on Friday.</p><p>From Monday a relief boat will carry passengers \
        from the fishing harbour to the island, the harbour master said.</p></article>\
        <footer>Subscribe to our newsletter</footer></body></html>";

    #[test]
    fn a_record_without_text_gets_the_article_of_its_page() {
        let record = serde_json::json!({"url": "https://crawl.example/1", "html": PAGE});
        let article = read_line("crawl.jsonl", 3, &record.to_string()).expect("an article");
        assert!(
            article.text.starts_with("The ferry to Gull Island"),
            "{}",
            article.text
        );
        assert!(!article.text.contains("Subscribe"), "{}", article.text);
        assert_eq!(article.title, "Ferry halted");
        // The address the record gives is where the page was read from.
        assert_eq!(article.url.as_deref(), Some("https://crawl.example/1"));
        assert_eq!(article.source.as_deref(), Some("Harbour Post"));
        assert_eq!(article.time.as_deref(), Some("2025-06-06T08:30:00Z"));
        assert_eq!(article.meta.language.as_deref(), Some("en"));
        assert_eq!(article.origin.line, Some(3));
        assert_eq!(article.id, content_id(&article.title, &article.text));

        // What the record states wins over what the page says.
        let record = serde_json::json!({"id": "p1", "title": "Gull Island ferry stops",
            "source": "Coast Radio", "time": "2025-06-07", "html": PAGE});
        let article = read_line("crawl.jsonl", 4, &record.to_string()).unwrap();
        assert_eq!(article.id.0, "p1");
        assert_eq!(article.title, "Gull Island ferry stops");
        assert_eq!(article.source.as_deref(), Some("Coast Radio"));
        assert_eq!(article.time.as_deref(), Some("2025-06-07"));
        assert_eq!(article.url.as_deref(), Some("https://post.example/ferry"));

        // A record with text keeps its text: the page is not read.
        let record = serde_json::json!({"text": "The ferry is halted.", "html": PAGE});
        let article = read_line("crawl.jsonl", 5, &record.to_string()).unwrap();
        assert_eq!(article.text, "The ferry is halted.");
        assert_eq!(article.title, "");
    }

    #[test]
    fn a_page_without_an_article_is_refused_with_the_reason() {
        let listing = "<html><body><nav><a href=/a>A</a> <a href=/b>B</a></nav></body></html>";
        let record = serde_json::json!({"url": "https://crawl.example/home", "html": listing});
        let error = read_line("crawl.jsonl", 9, &record.to_string()).unwrap_err();
        assert!(matches!(error, Error::Page { .. }), "{error:?}");
        assert!(
            error.to_string().starts_with("the record's html: "),
            "{error}"
        );
        // An empty page is no page: the record has nothing to read.
        let error = read_line("crawl.jsonl", 9, r#"{"html": " ", "title": ""}"#).unwrap_err();
        assert!(
            error.to_string().contains("no text and no title"),
            "{error}"
        );
    }

    #[test]
    fn a_cluster_or_a_broken_line_is_refused_with_the_reason() {
        let cluster = r#"{"id": "c", "summaries": [], "articles": [{"text": "x"}]}"#;
        let error = read_line("s", 1, cluster).unwrap_err().to_string();
        assert!(error.contains("a cluster"), "{error}");
        assert!(read_line("s", 1, r#"{"text": "#).is_err());
        let error = read_line("s", 1, r#"{"text": " ", "title": ""}"#)
            .unwrap_err()
            .to_string();
        assert!(error.contains("no text and no title"), "{error}");
    }

    #[test]
    fn what_opens_json_lines_in_a_stream() {
        let yes: [&[u8]; 5] = [
            b"{\"id\": \"a\", \"text\": \"x\"}\n{\"text\": \"y\"}\n",
            b"\xEF\xBB\xBF{\"text\": \"x\"}\r\n",
            b"\n \r\n{\"text\": \"x\"}\n",
            // A first line longer than what was read ahead: an object that opens with a key.
            b"{\"text\": \"a very long article",
            b"{ \"id\": \"",
        ];
        for head in yes {
            assert!(opens_json_lines(head), "{}", String::from_utf8_lossy(head));
        }
        let no: [&[u8]; 8] = [
            b"",
            b"\n\n",
            b"{\n  \"text\": \"x\"\n}\n",
            b"[{\"text\": \"x\"}]\n",
            b"{\"text\": \"x\",\n",
            b"{not json}\n",
            b"<html><body><p>x</p></body></html>\n",
            b"A title\n\nA body.\n",
        ];
        for head in no {
            assert!(!opens_json_lines(head), "{}", String::from_utf8_lossy(head));
        }
    }
}
