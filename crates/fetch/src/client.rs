//! [`Fetcher`]: robots.txt per host, one request at a time per host with a delay, manual
//! redirects, capped bodies and conditional requests, over a `ureq` agent.
//!
//! Locking: each host has two locks. `slot` is held for the whole of one request to that host,
//! which is what keeps requests to a host one at a time and spaced by its delay; nothing else is
//! locked while it is held. `robots` is held while the host's robots.txt is fetched, so that it is
//! fetched once even when several threads want the host at once; the fetch takes a `slot` (its
//! own host's, or another's after a redirect), never a `robots` lock, so the two cannot deadlock.

use std::collections::HashMap;
use std::io::Read;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use url::Url;

use crate::robots::Rules;
use crate::{Error, FetchConfig, Validators, charset};

/// A polite HTTP(S) client (see the crate documentation). Share one per run: it is `Sync`, and
/// the per-host state (robots.txt, the time of the last request) lives in it.
pub struct Fetcher {
    config: FetchConfig,
    agent: ureq::Agent,
    hosts: Mutex<HashMap<String, Arc<Host>>>,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// What one host has told us, and when it may be asked again.
struct Host {
    /// Its robots.txt rules, once read.
    robots: Mutex<Option<Arc<Rules>>>,
    /// Held for the duration of each request to the host.
    slot: Mutex<Slot>,
}

struct Slot {
    /// When the last request to the host ended.
    last_end: Option<Instant>,
    /// The host's delay: the configured one, raised by its Crawl-delay.
    delay: Duration,
}

/// A page fetched with a body.
#[derive(Debug, Clone)]
pub struct Page {
    /// The URL asked for.
    pub requested: String,
    /// The URL the body came from, after redirects.
    pub url: String,
    /// The final status (2xx).
    pub status: u16,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The body, decompressed, at most [`FetchConfig::max_bytes`] long.
    pub body: Vec<u8>,
    /// The validators to send next time.
    pub validators: Validators,
    /// How many redirects were followed.
    pub redirects: u32,
}

impl Page {
    /// The body as text: BOM, else the header's charset, else the page's declaration, else a
    /// guess.
    pub fn text(&self) -> String {
        charset::decode(&self.body, self.content_type.as_deref())
    }

    /// Whether the body is a page to extract an article from: an HTML, XHTML or plain-text
    /// `Content-Type`, or, without a usable one (none, or `application/octet-stream`), a body
    /// that does not start like a binary file. Anything else (PDF, images, JSON, feeds) is an
    /// [`Error::NotHtml`] naming the type.
    pub fn check_html(&self) -> Result<(), Error> {
        let media_type = self
            .content_type
            .as_deref()
            .and_then(|t| t.split(';').next())
            .map(|t| t.trim().to_ascii_lowercase())
            .filter(|t| !t.is_empty());
        let refused = match media_type.as_deref() {
            Some("text/html" | "application/xhtml+xml" | "text/plain") => None,
            None | Some("application/octet-stream") => {
                binary_kind(&self.body).map(|kind| match &media_type {
                    Some(t) => format!("{t}, {kind}"),
                    None => kind.to_owned(),
                })
            }
            Some(other) => Some(other.to_owned()),
        };
        match refused {
            None => Ok(()),
            Some(content_type) => Err(Error::NotHtml {
                url: self.url.clone(),
                content_type,
            }),
        }
    }
}

/// What a body is when its first bytes are those of a binary file: the signatures of the binary
/// formats links most often lead to, else a NUL byte (which no 8-bit or UTF-8 page holds) in the
/// first kilobyte of a body without a UTF-16 byte order mark.
fn binary_kind(body: &[u8]) -> Option<&'static str> {
    const SIGNATURES: [(&[u8], &str); 8] = [
        (b"%PDF-", "a PDF file"),
        (b"\x89PNG", "a PNG image"),
        (b"GIF8", "a GIF image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"RIFF", "a RIFF (WebP, WAV) file"),
        (b"PK\x03\x04", "a ZIP archive"),
        (b"\x1f\x8b", "a gzip file"),
        (b"\x00\x00\x00", "a binary file"),
    ];
    if let Some((_, kind)) = SIGNATURES.iter().find(|(sig, _)| body.starts_with(sig)) {
        return Some(kind);
    }
    let utf16 = body.starts_with(b"\xff\xfe") || body.starts_with(b"\xfe\xff");
    let head = &body[..body.len().min(1024)];
    (!utf16 && head.contains(&0)).then_some("a binary file")
}

/// The outcome of a conditional request.
#[derive(Debug, Clone)]
pub enum Fetched {
    /// The server says the page is unchanged since the validators were given (304).
    NotModified {
        /// The URL that answered 304.
        url: String,
    },
    /// A new or changed page.
    Page(Page),
}

/// One response, before redirects are dealt with.
enum Answer {
    Body {
        status: u16,
        content_type: Option<String>,
        validators: Validators,
        body: Vec<u8>,
    },
    Redirect {
        status: u16,
        location: Option<String>,
    },
    NotModified,
    Status(u16),
}

/// What to do with a body over the limit.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Overflow {
    Refuse,
    Truncate,
}

impl Fetcher {
    /// A fetcher with this configuration.
    pub fn new(config: FetchConfig) -> Fetcher {
        let millis = |ms: u64| Some(Duration::from_millis(ms.max(1)));
        let agent = ureq::Agent::config_builder()
            .user_agent(config.user_agent().as_str())
            .accept(
                "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,\
                 application/xml;q=0.9,*/*;q=0.8",
            )
            .max_redirects(0)
            .http_status_as_error(false)
            .timeout_connect(millis(config.connect_timeout_ms))
            .timeout_recv_response(millis(config.read_timeout_ms))
            .timeout_per_read(millis(config.read_timeout_ms))
            .timeout_global(millis(config.total_timeout_ms))
            .build()
            .into();
        Fetcher {
            config,
            agent,
            hosts: Mutex::new(HashMap::new()),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    /// Fetches a page. A 304 (which a server should not send to an unconditional request) is an
    /// [`Error::Status`].
    pub fn get(&self, url: &str) -> Result<Page, Error> {
        match self.get_conditional(url, &Validators::default())? {
            Fetched::Page(page) => Ok(page),
            Fetched::NotModified { url } => Err(Error::Status { url, status: 304 }),
        }
    }

    /// Fetches a page unless it is unchanged since `validators` were taken: `If-None-Match` and
    /// `If-Modified-Since` are sent when known, and a 304 answer is [`Fetched::NotModified`].
    pub fn get_conditional(&self, url: &str, validators: &Validators) -> Result<Fetched, Error> {
        let mut current = parse_url(url)?;
        let limit = self.config.max_redirects;
        let mut redirects = 0;
        loop {
            self.check_robots(&current)?;
            let sent = (!validators.is_empty()).then_some(validators);
            match self.exchange(&current, sent, self.config.max_bytes, Overflow::Refuse)? {
                Answer::Body {
                    status,
                    content_type,
                    validators,
                    body,
                } => {
                    return Ok(Fetched::Page(Page {
                        requested: url.to_owned(),
                        url: current.into(),
                        status,
                        content_type,
                        body,
                        validators,
                        redirects,
                    }));
                }
                Answer::NotModified if sent.is_some() => {
                    return Ok(Fetched::NotModified {
                        url: current.into(),
                    });
                }
                Answer::NotModified => {
                    return Err(Error::Status {
                        url: current.into(),
                        status: 304,
                    });
                }
                Answer::Status(status) => {
                    return Err(Error::Status {
                        url: current.into(),
                        status,
                    });
                }
                Answer::Redirect { status, location } => {
                    if redirects == limit {
                        return Err(Error::TooManyRedirects {
                            url: url.to_owned(),
                            limit,
                        });
                    }
                    current = redirect_target(&current, status, location.as_deref())?;
                    redirects += 1;
                }
            }
        }
    }

    /// Whether robots.txt lets Chorus fetch `url` (reading the host's robots.txt if this fetcher
    /// has not yet).
    pub fn allowed(&self, url: &str) -> Result<bool, Error> {
        match self.check_robots(&parse_url(url)?) {
            Ok(()) => Ok(true),
            Err(Error::Disallowed { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    fn check_robots(&self, url: &Url) -> Result<(), Error> {
        if !self.config.obey_robots {
            return Ok(());
        }
        let rules = self.robots(url);
        if let Rules::Unreachable(reason) = &*rules {
            // RFC 9309 disallows everything then; the page is not requested either.
            return Err(Error::Transport {
                url: url.to_string(),
                message: format!("host unreachable, page not requested (robots.txt: {reason})"),
            });
        }
        match rules.allowed(url) {
            Ok(true) => Ok(()),
            Ok(false) => Err(Error::Disallowed {
                url: url.to_string(),
                reason: None,
            }),
            Err(reason) => Err(Error::Disallowed {
                url: url.to_string(),
                reason,
            }),
        }
    }

    /// The robots.txt rules of the URL's host, fetched on first use.
    fn robots(&self, url: &Url) -> Arc<Rules> {
        let host = self.host(url);
        let mut robots = lock(&host.robots);
        if let Some(rules) = robots.as_ref() {
            return Arc::clone(rules);
        }
        let rules = Arc::new(self.read_robots(url));
        if let Some(crawl_delay) = rules.crawl_delay() {
            let cap = Duration::from_millis(self.config.max_crawl_delay_ms);
            let mut slot = lock(&host.slot);
            slot.delay = slot.delay.max(crawl_delay.min(cap));
        }
        *robots = Some(Arc::clone(&rules));
        rules
    }

    fn read_robots(&self, url: &Url) -> Rules {
        let Ok(mut current) = url.join("/robots.txt") else {
            return Rules::AllowAll;
        };
        for _ in 0..=self.config.max_redirects {
            let answer = self.exchange(
                &current,
                None,
                self.config.max_robots_bytes,
                Overflow::Truncate,
            );
            match answer {
                Ok(Answer::Body { body, .. }) => return Rules::parse(&body),
                Ok(Answer::Redirect { status, location }) => {
                    match redirect_target(&current, status, location.as_deref()) {
                        Ok(next) => current = next,
                        Err(_) => return Rules::AllowAll,
                    }
                }
                // RFC 9309 2.3.1.3: a 4xx means there are no rules.
                Ok(Answer::Status(status)) if (400..500).contains(&status) => {
                    return Rules::AllowAll;
                }
                Ok(Answer::Status(status)) => {
                    return Rules::DisallowAll(format!("robots.txt answered status {status}"));
                }
                Ok(Answer::NotModified) => return Rules::AllowAll,
                Err(e) => return Rules::Unreachable(e.to_string()),
            }
        }
        // RFC 9309 2.3.1.2: too many redirects of robots.txt count as no rules.
        Rules::AllowAll
    }

    fn host(&self, url: &Url) -> Arc<Host> {
        let key = url.origin().ascii_serialization();
        let mut hosts = lock(&self.hosts);
        Arc::clone(hosts.entry(key).or_insert_with(|| {
            Arc::new(Host {
                robots: Mutex::new(None),
                slot: Mutex::new(Slot {
                    last_end: None,
                    delay: self.config.delay(),
                }),
            })
        }))
    }

    /// One request, alone on its host and at least the host's delay after the previous one.
    fn exchange(
        &self,
        url: &Url,
        validators: Option<&Validators>,
        limit: u64,
        overflow: Overflow,
    ) -> Result<Answer, Error> {
        let host = self.host(url);
        let mut slot = lock(&host.slot);
        if let Some(last_end) = slot.last_end {
            let ready = last_end + slot.delay;
            let now = Instant::now();
            if ready > now {
                thread::sleep(ready - now);
            }
        }
        let answer = self.send(url, validators, limit, overflow);
        slot.last_end = Some(Instant::now());
        answer
    }

    fn send(
        &self,
        url: &Url,
        validators: Option<&Validators>,
        limit: u64,
        overflow: Overflow,
    ) -> Result<Answer, Error> {
        let mut request = self.agent.get(url.as_str());
        if let Some(v) = validators {
            // Validators come from a store that may hold anything; one that cannot be a header
            // is not sent, which costs a full answer instead of a 304, never the request.
            let sendable = |value: &&String| value.chars().all(crate::is_header_char);
            if let Some(etag) = v.etag.as_ref().filter(sendable) {
                request = request.header("If-None-Match", etag);
            }
            if let Some(date) = v.last_modified.as_ref().filter(sendable) {
                request = request.header("If-Modified-Since", date);
            }
        }
        let response = request.call().map_err(|e| transport(url, e))?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        match status {
            304 => return Ok(Answer::NotModified),
            300..=399 => {
                return Ok(Answer::Redirect {
                    status,
                    location: header("location"),
                });
            }
            200..=299 => {}
            _ => return Ok(Answer::Status(status)),
        }
        let content_type = header("content-type");
        let validators = Validators {
            etag: header("etag"),
            last_modified: header("last-modified"),
        };
        let declared: Option<u64> = header("content-length").and_then(|n| n.parse().ok());
        if overflow == Overflow::Refuse && declared.is_some_and(|n| n > limit) {
            return Err(Error::TooLarge {
                url: url.to_string(),
                limit,
            });
        }
        // Read one byte past the limit to tell "exactly the limit" from "over it"; the reader
        // decompresses, so the cap holds for the decompressed size.
        let mut body = Vec::new();
        response
            .into_body()
            .into_reader()
            .take(limit.saturating_add(1))
            .read_to_end(&mut body)
            .map_err(|e| transport(url, ureq::Error::from(e)))?;
        if body.len() as u64 > limit {
            if overflow == Overflow::Refuse {
                return Err(Error::TooLarge {
                    url: url.to_string(),
                    limit,
                });
            }
            body.truncate(limit as usize);
        }
        Ok(Answer::Body {
            status,
            content_type,
            validators,
            body,
        })
    }
}

/// A mutex's guard; a panic while holding one of these locks leaves consistent data (times and
/// parsed rules), so a poisoned lock is used as is.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn parse_url(url: &str) -> Result<Url, Error> {
    let parsed = Url::parse(url.trim()).map_err(|e| Error::InvalidUrl {
        url: url.to_owned(),
        reason: e.to_string(),
    })?;
    check_scheme(parsed, url)
}

fn check_scheme(url: Url, given: &str) -> Result<Url, Error> {
    match url.scheme() {
        "http" | "https" if url.host().is_some() => Ok(url),
        "http" | "https" => Err(Error::InvalidUrl {
            url: given.to_owned(),
            reason: "no host".into(),
        }),
        other => Err(Error::InvalidUrl {
            url: given.to_owned(),
            reason: format!("scheme {other} is not http or https"),
        }),
    }
}

fn redirect_target(from: &Url, status: u16, location: Option<&str>) -> Result<Url, Error> {
    let bad = || Error::BadRedirect {
        url: from.to_string(),
        status,
    };
    let next = from.join(location.ok_or_else(bad)?).map_err(|_| bad())?;
    check_scheme(next, from.as_str()).map_err(|_| bad())
}

fn transport(url: &Url, error: ureq::Error) -> Error {
    let url = url.to_string();
    match error {
        ureq::Error::Timeout(phase) => Error::Timeout {
            url,
            phase: phase.to_string(),
        },
        ureq::Error::Io(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            ) =>
        {
            Error::Timeout {
                url,
                phase: "read".into(),
            }
        }
        ureq::Error::BodyExceedsLimit(limit) => Error::TooLarge { url, limit },
        other => Error::Transport {
            url,
            message: other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_must_be_http() {
        assert!(matches!(
            parse_url("ftp://example.org/x"),
            Err(Error::InvalidUrl { .. })
        ));
        assert!(matches!(
            parse_url("not a url"),
            Err(Error::InvalidUrl { .. })
        ));
        assert!(parse_url(" https://example.org/a?b ").is_ok());
    }

    fn page(content_type: Option<&str>, body: &[u8]) -> Page {
        Page {
            requested: "http://h.test/x".into(),
            url: "http://h.test/x".into(),
            status: 200,
            content_type: content_type.map(str::to_owned),
            body: body.to_vec(),
            validators: Validators::default(),
            redirects: 0,
        }
    }

    #[test]
    fn only_web_pages_pass_the_html_check() {
        let html = b"<html><body><p>Rain.</p></body></html>";
        for ok in [
            Some("text/html; charset=utf-8"),
            Some("Application/XHTML+XML"),
            Some("text/plain"),
            Some("application/octet-stream"),
            None,
        ] {
            assert!(page(ok, html).check_html().is_ok(), "{ok:?}");
        }
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("<p>Rain</p>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert!(page(None, &utf16).check_html().is_ok());
        let refused = |t: Option<&str>, body: &[u8]| match page(t, body).check_html() {
            Err(e @ Error::NotHtml { .. }) => e.to_string(),
            other => panic!("{t:?}: {other:?}"),
        };
        assert_eq!(
            refused(Some("application/pdf"), b"%PDF-1.4"),
            "http://h.test/x: not an HTML page (application/pdf)"
        );
        assert_eq!(
            refused(Some("image/png; q=1"), html),
            "http://h.test/x: not an HTML page (image/png)"
        );
        assert!(refused(Some("application/json"), b"{}").contains("application/json"));
        assert!(refused(None, b"%PDF-1.4\n").contains("a PDF file"));
        assert!(refused(Some("application/octet-stream"), b"\x89PNG\r\n").contains("PNG"));
        assert!(refused(None, b"abc\x00def").contains("binary"));
    }

    #[test]
    fn redirects_resolve_relative_locations() {
        let from = Url::parse("http://h.test/a/b").unwrap();
        assert_eq!(
            redirect_target(&from, 301, Some("../c")).unwrap().as_str(),
            "http://h.test/c"
        );
        assert_eq!(
            redirect_target(&from, 302, Some("https://o.test/x"))
                .unwrap()
                .as_str(),
            "https://o.test/x"
        );
        assert!(matches!(
            redirect_target(&from, 302, None),
            Err(Error::BadRedirect { status: 302, .. })
        ));
        assert!(matches!(
            redirect_target(&from, 302, Some("file:///etc/passwd")),
            Err(Error::BadRedirect { .. })
        ));
    }
}
