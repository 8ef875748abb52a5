//! WARC 1.0/1.1 archives, plain or gzip-compressed (one member per record, or the whole file):
//! the HTML pages of their response records, streamed one record at a time.
//!
//! [`WarcReader`] is an iterator over [`WarcEntry`]s: a page (the HTTP payload of a response
//! record, de-chunked and decompressed, with the record's target URI and date) or a record that
//! was skipped because it is not an HTML page (a request, metadata, an image, a redirect). Errors
//! name the record (1-based, counting every record) and its byte offset (in the decompressed
//! stream for gzip input). A record cut short by the end of the file ends reading; a record
//! whose framing is broken is reported and reading resumes at the next `WARC/1.x` line.
//!
//! Memory is bounded by [`WarcConfig::max_record_bytes`] (larger records are skipped without
//! being held), and gzip input may not expand more than [`WarcConfig::max_expansion`] times
//! once it is past that size, which stops a gzip bomb long before it fills memory or disk time.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use flate2::bufread::MultiGzDecoder;

/// Limits of the WARC reader.
#[derive(Debug, Clone)]
pub struct WarcConfig {
    /// Largest record block (and decoded HTTP payload) read into memory, in bytes; larger
    /// records are skipped and reported.
    pub max_record_bytes: u64,
    /// Largest header block of a record (WARC or HTTP headers), in bytes.
    pub max_header_bytes: usize,
    /// Once gzip input has expanded past `max_record_bytes`, the most it may expand relative to
    /// the compressed bytes read so far.
    pub max_expansion: u64,
}

impl Default for WarcConfig {
    fn default() -> Self {
        WarcConfig {
            max_record_bytes: default_max_record_bytes(),
            max_header_bytes: default_max_header_bytes(),
            max_expansion: default_max_expansion(),
        }
    }
}

/// 64 MiB: above the page limit of extraction (50 MB), so every page extraction accepts fits.
fn default_max_record_bytes() -> u64 {
    64 << 20
}

/// 64 KiB: real WARC and HTTP header blocks are well under 8 KiB.
fn default_max_header_bytes() -> usize {
    64 << 10
}

/// 100: HTML compresses 4 to 10 times and a whole crawl rarely 20 times; deflate's maximum
/// is about 1,000, reached only by degenerate input such as a bomb of zeros.
fn default_max_expansion() -> u64 {
    100
}

/// One HTML page read from a response (or resource) record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarcPage {
    /// The record's number in the file, 1-based, counting every record.
    pub record: u64,
    /// Byte offset of the record (in the decompressed stream for gzip input).
    pub offset: u64,
    /// `WARC-Target-URI`.
    pub url: Option<String>,
    /// `WARC-Date` (RFC 3339).
    pub date: Option<String>,
    /// The HTTP status code, for response records.
    pub status: Option<u16>,
    /// The HTTP `Content-Type` (or the record's, for resource records).
    pub content_type: Option<String>,
    /// The payload: HTTP headers stripped, chunked transfer and content encoding undone.
    pub body: Vec<u8>,
}

/// What one record gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WarcEntry {
    /// An HTML page.
    Page(WarcPage),
    /// A record that is not an HTML page.
    Skipped {
        /// The record's number.
        record: u64,
        /// Its byte offset.
        offset: u64,
        /// What it was: `request`, `metadata`, `warcinfo`, `response image/png`,
        /// `response status 301`, and so on.
        kind: String,
    },
}

/// What went wrong with one record or with the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WarcError {
    /// The file ends inside a record. Reading stops.
    #[error("record {record} at byte {offset} is truncated: {what}")]
    Truncated {
        /// The record's number.
        record: u64,
        /// Its byte offset.
        offset: u64,
        /// What is missing.
        what: String,
    },
    /// The record's framing is broken (no version line, no or bad `Content-Length`, oversized
    /// headers). Reading resumes at the next record header.
    #[error("record {record} at byte {offset} is malformed ({reason}); resumed at the next record")]
    Malformed {
        /// The record's number.
        record: u64,
        /// Its byte offset.
        offset: u64,
        /// What is wrong.
        reason: String,
    },
    /// The record is larger than [`WarcConfig::max_record_bytes`]; it was skipped.
    #[error(
        "record {record} at byte {offset} is {size} bytes, over the limit of {limit} bytes; skipped"
    )]
    TooLarge {
        /// The record's number.
        record: u64,
        /// Its byte offset.
        offset: u64,
        /// The size its header declares.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The HTTP message inside a response record cannot be decoded (bad chunking, corrupt or
    /// oversized gzip, unsupported encoding); the record was skipped.
    #[error("record {record} at byte {offset}: bad HTTP payload ({reason}); skipped")]
    Payload {
        /// The record's number.
        record: u64,
        /// Its byte offset.
        offset: u64,
        /// What is wrong.
        reason: String,
    },
    /// No record header was found in a long stretch of bytes. Reading stops.
    #[error("no WARC record header in the {scanned} bytes after byte {offset}; reading stopped")]
    Lost {
        /// Where the search started.
        offset: u64,
        /// How many bytes were searched.
        scanned: u64,
    },
    /// The gzip input expands more than [`WarcConfig::max_expansion`] times: a gzip bomb.
    /// Reading stops.
    #[error(
        "gzip input expands more than {ratio} times ({decompressed} bytes from {compressed}): refused as a gzip bomb; reading stopped"
    )]
    Bomb {
        /// The allowed ratio.
        ratio: u64,
        /// Bytes decompressed so far.
        decompressed: u64,
        /// Compressed bytes read so far.
        compressed: u64,
    },
    /// Reading the file failed (including a corrupt gzip stream) at this offset. Reading stops.
    #[error("read error at byte {offset}: {source}")]
    Io {
        /// Offset in the (decompressed) stream.
        offset: u64,
        /// The error.
        #[source]
        source: io::Error,
    },
}

impl WarcError {
    /// Whether reading stopped after this error (otherwise it goes on with the next record).
    pub fn is_fatal(&self) -> bool {
        matches!(
            self,
            WarcError::Truncated { .. }
                | WarcError::Lost { .. }
                | WarcError::Bomb { .. }
                | WarcError::Io { .. }
        )
    }
}

/// Counts the bytes read through it.
struct Counting<R> {
    inner: R,
    count: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

/// The record stream: the file's bytes, or their decompression with an expansion limit.
enum Source<R: Read> {
    Plain(BufReader<Counting<R>>),
    Gzip {
        decoder: Box<MultiGzDecoder<BufReader<Counting<R>>>>,
        produced: u64,
        free: u64,
        ratio: u64,
        bomb: Option<(u64, u64)>,
    },
}

impl<R: Read> Read for Source<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Source::Plain(r) => r.read(buf),
            Source::Gzip {
                decoder,
                produced,
                free,
                ratio,
                bomb,
            } => {
                let n = decoder.read(buf)?;
                *produced += n as u64;
                let compressed = decoder.get_ref().get_ref().count.max(1);
                if *produced > *free && *produced / compressed > *ratio {
                    *bomb = Some((*produced, compressed));
                    return Err(io::Error::other("gzip bomb"));
                }
                Ok(n)
            }
        }
    }
}

/// Streams the records of a WARC file (see the module documentation).
pub struct WarcReader<R: Read> {
    input: BufReader<Source<R>>,
    config: WarcConfig,
    /// Bytes consumed from the (decompressed) stream.
    offset: u64,
    /// Records started so far.
    record: u64,
    /// A header line found while resynchronizing, with its offset.
    pending: Option<(Vec<u8>, u64)>,
    done: bool,
}

/// Opens a WARC file (plain or gzip).
pub fn open(path: &Path, config: &WarcConfig) -> io::Result<WarcReader<File>> {
    WarcReader::new(File::open(path)?, config)
}

/// Whether the bytes start like a WARC file: `WARC/1.` or a gzip member whose decompression
/// starts so.
pub fn looks_like_warc(head: &[u8]) -> bool {
    if head.starts_with(b"WARC/1.") {
        return true;
    }
    if head.starts_with(&[0x1f, 0x8b]) {
        let mut out = [0u8; 7];
        let mut decoder = flate2::read::GzDecoder::new(head);
        let mut got = 0;
        while got < out.len() {
            match decoder.read(&mut out[got..]) {
                Ok(0) | Err(_) => break,
                Ok(n) => got += n,
            }
        }
        return &out[..got] == b"WARC/1.";
    }
    false
}

impl<R: Read> WarcReader<R> {
    /// A reader over `input`; gzip is recognized by its magic bytes.
    pub fn new(input: R, config: &WarcConfig) -> io::Result<Self> {
        let mut raw = BufReader::with_capacity(
            64 << 10,
            Counting {
                inner: input,
                count: 0,
            },
        );
        let gzip = raw.fill_buf()?.starts_with(&[0x1f, 0x8b]);
        let source = if gzip {
            Source::Gzip {
                decoder: Box::new(MultiGzDecoder::new(raw)),
                produced: 0,
                free: config.max_record_bytes,
                ratio: config.max_expansion,
                bomb: None,
            }
        } else {
            Source::Plain(raw)
        };
        Ok(WarcReader {
            input: BufReader::with_capacity(64 << 10, source),
            config: config.clone(),
            offset: 0,
            record: 0,
            pending: None,
            done: false,
        })
    }

    /// The error for a failed read: a bomb when the expansion limit tripped.
    fn io_error(&mut self, source: io::Error) -> WarcError {
        self.done = true;
        if let Source::Gzip {
            bomb: Some((decompressed, compressed)),
            ratio,
            ..
        } = self.input.get_ref()
        {
            return WarcError::Bomb {
                ratio: *ratio,
                decompressed: *decompressed,
                compressed: *compressed,
            };
        }
        WarcError::Io {
            offset: self.offset,
            source,
        }
    }

    /// Reads one line (through its `\n`) of at most `max` bytes; `None` at the end of input.
    fn read_line(&mut self, max: usize) -> io::Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        let n = (&mut self.input)
            .take(max as u64)
            .read_until(b'\n', &mut line)?;
        self.offset += n as u64;
        Ok((n > 0).then_some(line))
    }

    /// Skips line breaks between records; `true` at the end of input.
    fn skip_blank(&mut self) -> io::Result<bool> {
        loop {
            let buf = self.input.fill_buf()?;
            if buf.is_empty() {
                return Ok(true);
            }
            let n = buf
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
            let all = n == buf.len();
            self.input.consume(n);
            self.offset += n as u64;
            if !all {
                return Ok(false);
            }
        }
    }

    /// Reads up to `len` bytes; fewer only at the end of input.
    fn read_block(&mut self, len: u64) -> io::Result<Vec<u8>> {
        let mut block = Vec::with_capacity(len.min(1 << 20) as usize);
        let n = (&mut self.input).take(len).read_to_end(&mut block)?;
        self.offset += n as u64;
        Ok(block)
    }

    /// Skips up to `len` bytes without keeping them; returns how many there were.
    fn discard(&mut self, len: u64) -> io::Result<u64> {
        let n = io::copy(&mut (&mut self.input).take(len), &mut io::sink())?;
        self.offset += n;
        Ok(n)
    }

    /// After a malformed record: finds the next `WARC/1.` line and reports the bad record.
    fn resync(&mut self, record: u64, offset: u64, reason: String) -> WarcError {
        let from = self.offset;
        loop {
            if self.offset - from > self.config.max_record_bytes {
                self.done = true;
                return WarcError::Lost {
                    offset: from,
                    scanned: self.offset - from,
                };
            }
            let start = self.offset;
            match self.read_line(self.config.max_header_bytes) {
                Ok(Some(line)) if line.starts_with(b"WARC/1.") => {
                    self.pending = Some((line, start));
                    break;
                }
                Ok(Some(_)) => {}
                Ok(None) => {
                    self.done = true;
                    break;
                }
                Err(e) => return self.io_error(e),
            }
        }
        WarcError::Malformed {
            record,
            offset,
            reason,
        }
    }

    fn next_entry(&mut self) -> Option<Result<WarcEntry, WarcError>> {
        let (first, start) = match self.pending.take() {
            Some(pending) => pending,
            None => {
                match self.skip_blank() {
                    Ok(true) => return None,
                    Ok(false) => {}
                    Err(e) => return Some(Err(self.io_error(e))),
                }
                let start = self.offset;
                match self.read_line(self.config.max_header_bytes) {
                    Ok(Some(line)) => (line, start),
                    Ok(None) => return None,
                    Err(e) => return Some(Err(self.io_error(e))),
                }
            }
        };
        self.record += 1;
        let record = self.record;
        if !first.starts_with(b"WARC/") {
            return Some(Err(self.resync(
                record,
                start,
                "no WARC/1.x version line".to_owned(),
            )));
        }
        // The header block.
        let mut headers: Vec<(String, String)> = Vec::new();
        let mut header_bytes = first.len();
        loop {
            let line = match self.read_line(self.config.max_header_bytes) {
                Ok(Some(line)) => line,
                Ok(None) => {
                    self.done = true;
                    return Some(Err(WarcError::Truncated {
                        record,
                        offset: start,
                        what: "the file ends inside its headers".to_owned(),
                    }));
                }
                Err(e) => return Some(Err(self.io_error(e))),
            };
            header_bytes += line.len();
            if line == b"\r\n" || line == b"\n" {
                break;
            }
            if header_bytes > self.config.max_header_bytes {
                let reason = format!("headers longer than {} bytes", self.config.max_header_bytes);
                return Some(Err(self.resync(record, start, reason)));
            }
            if line.starts_with(b"WARC/1.") {
                // A new record begins where this one's blank line should be.
                self.pending = Some((line, self.offset - header_bytes as u64));
                return Some(Err(WarcError::Malformed {
                    record,
                    offset: start,
                    reason: "headers not ended by a blank line".to_owned(),
                }));
            }
            let text = String::from_utf8_lossy(&line);
            if let Some((name, value)) = text.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
            }
        }
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let Some(length) = header("content-length").and_then(|v| v.parse::<u64>().ok()) else {
            return Some(Err(self.resync(
                record,
                start,
                "no valid Content-Length".to_owned(),
            )));
        };
        let kind = header("warc-type")
            .unwrap_or("unknown")
            .to_ascii_lowercase();
        let block_type = header("content-type").map(str::to_ascii_lowercase);
        let http = kind == "response"
            && block_type
                .as_deref()
                .is_some_and(|t| t.starts_with("application/http"));
        let resource_html = kind == "resource" && block_type.as_deref().is_some_and(is_html_type);
        let url = header("warc-target-uri").map(|u| u.trim_matches(['<', '>']).to_owned());
        let date = header("warc-date").map(str::to_owned);
        if !(http || resource_html) || length > self.config.max_record_bytes {
            let too_large = (http || resource_html) && length > self.config.max_record_bytes;
            match self.discard(length) {
                Ok(got) if got < length => {
                    return Some(Err(self.truncated(record, start, length, got)));
                }
                Ok(_) => {}
                Err(e) => return Some(Err(self.io_error(e))),
            }
            if too_large {
                return Some(Err(WarcError::TooLarge {
                    record,
                    offset: start,
                    size: length,
                    limit: self.config.max_record_bytes,
                }));
            }
            let kind = match block_type {
                Some(t) if kind == "response" || kind == "resource" => {
                    format!("{kind} {}", mime(&t))
                }
                _ => kind,
            };
            return Some(Ok(WarcEntry::Skipped {
                record,
                offset: start,
                kind,
            }));
        }
        let block = match self.read_block(length) {
            Ok(block) if (block.len() as u64) < length => {
                let got = block.len() as u64;
                return Some(Err(self.truncated(record, start, length, got)));
            }
            Ok(block) => block,
            Err(e) => return Some(Err(self.io_error(e))),
        };
        let page = if http {
            match http_payload(&block, self.config.max_record_bytes) {
                Ok(payload) => payload,
                Err(reason) => {
                    return Some(Err(WarcError::Payload {
                        record,
                        offset: start,
                        reason,
                    }));
                }
            }
        } else {
            HttpPayload {
                status: None,
                content_type: block_type.clone(),
                body: block,
            }
        };
        let skipped = |kind: String| {
            Some(Ok(WarcEntry::Skipped {
                record,
                offset: start,
                kind,
            }))
        };
        if let Some(status) = page.status {
            if !(200..300).contains(&status) {
                return skipped(format!("response status {status}"));
            }
        }
        let html = match page.content_type.as_deref() {
            Some(t) if !t.trim().is_empty() => is_html_type(t),
            _ => html::looks_like_html(&page.body),
        };
        if !html {
            let what = page
                .content_type
                .as_deref()
                .map(mime)
                .unwrap_or_else(|| "without type, not HTML".to_owned());
            return skipped(format!("response {what}"));
        }
        Some(Ok(WarcEntry::Page(WarcPage {
            record,
            offset: start,
            url,
            date,
            status: page.status,
            content_type: page.content_type,
            body: page.body,
        })))
    }

    fn truncated(&mut self, record: u64, offset: u64, length: u64, got: u64) -> WarcError {
        self.done = true;
        WarcError::Truncated {
            record,
            offset,
            what: format!("its header declares {length} bytes, the file holds {got}"),
        }
    }
}

impl<R: Read> Iterator for WarcReader<R> {
    type Item = Result<WarcEntry, WarcError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let entry = self.next_entry();
        if entry.is_none() {
            self.done = true;
        }
        entry
    }
}

/// The media type without parameters, lowercased (`text/html; charset=utf-8` gives `text/html`).
fn mime(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn is_html_type(content_type: &str) -> bool {
    matches!(
        mime(content_type).as_str(),
        "text/html" | "application/xhtml+xml"
    )
}

/// The parts of an HTTP response that matter here.
struct HttpPayload {
    status: Option<u16>,
    content_type: Option<String>,
    body: Vec<u8>,
}

/// Splits an HTTP response into status, type and decoded body (chunked transfer and gzip or
/// deflate content encoding undone, the decoded body at most `limit` bytes).
fn http_payload(block: &[u8], limit: u64) -> Result<HttpPayload, String> {
    let (head_len, body_start) = match find(block, b"\r\n\r\n") {
        Some(i) => (i, i + 4),
        None => match find(block, b"\n\n") {
            Some(i) => (i, i + 2),
            None => return Err("the HTTP headers do not end".to_owned()),
        },
    };
    let head = String::from_utf8_lossy(&block[..head_len]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    if !status_line.starts_with("HTTP/") {
        return Err(format!(
            "no HTTP status line (found {:?})",
            status_line.chars().take(40).collect::<String>()
        ));
    }
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok());
    let mut content_type = None;
    let mut chunked = false;
    let mut encoding = None;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = Some(value.to_owned()),
            "transfer-encoding" => chunked = value.to_ascii_lowercase().contains("chunked"),
            "content-encoding" => encoding = Some(value.to_ascii_lowercase()),
            _ => {}
        }
    }
    let mut body = block[body_start..].to_vec();
    if chunked {
        // Some archivers store the payload de-chunked but keep the header: then the first line
        // is not a chunk size and the body is used as it is.
        if let Some(dechunked) = dechunk(&body) {
            body = dechunked;
        }
    }
    match encoding.as_deref() {
        None | Some("identity" | "") => {}
        Some("gzip" | "x-gzip") if body.starts_with(&[0x1f, 0x8b]) => {
            body = inflate(flate2::read::MultiGzDecoder::new(&body[..]), limit)?;
        }
        Some("deflate") => {
            let zlib = inflate(flate2::read::ZlibDecoder::new(&body[..]), limit);
            body = match zlib {
                Ok(b) => b,
                Err(_) => inflate(flate2::read::DeflateDecoder::new(&body[..]), limit)?,
            };
        }
        // An archiver that already decoded the payload left the header; the bytes are plain.
        Some("gzip" | "x-gzip") => {}
        Some(other) => return Err(format!("content encoding {other} is not supported")),
    }
    Ok(HttpPayload {
        status,
        content_type,
        body,
    })
}

/// Decompresses at most `limit` bytes; more is an error.
fn inflate(decoder: impl Read, limit: u64) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    decoder
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("corrupt compressed payload: {e}"))?;
    if out.len() as u64 > limit {
        return Err(format!(
            "the payload decompresses to more than {limit} bytes (gzip bomb?)"
        ));
    }
    Ok(out)
}

/// Undoes chunked transfer encoding; `None` when the body is not chunked after all.
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let line_end = find(rest, b"\n")?;
        let line = String::from_utf8_lossy(&rest[..line_end]);
        let size_text = line.trim().split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        rest = &rest[line_end + 1..];
        if size == 0 {
            return Some(out);
        }
        if size > rest.len() {
            // A last chunk cut short: keep what there is.
            out.extend_from_slice(rest);
            return Some(out);
        }
        out.extend_from_slice(&rest[..size]);
        rest = &rest[size..];
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .unwrap_or(rest);
        if rest.is_empty() {
            return Some(out);
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests;
