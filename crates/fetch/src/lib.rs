//! Polite HTTP(S) fetching: the way a well-behaved crawler asks a site for pages.
//!
//! A [`Fetcher`] sends a clear User-Agent, reads each host's robots.txt once and obeys it
//! (Disallow/Allow for the `Chorus` token, Crawl-delay raising the host's delay), sends at most one
//! request at a time to a host with a minimum delay between two of them, gives up on stalled
//! connections, refuses bodies over a size limit while streaming them (decompressed size
//! included), follows redirects itself so that every hop is checked against robots.txt and
//! counted, and makes conditional requests: with the [`Validators`] of an earlier fetch, an
//! unchanged page comes back as [`Fetched::NotModified`] and costs no body.
//!
//! ```no_run
//! let fetcher = fetch::Fetcher::new(fetch::FetchConfig::default());
//! let page = fetcher.get("https://example.com/news/1.html")?;
//! println!("{}", page.text());
//! # Ok::<(), fetch::Error>(())
//! ```
//!
//! Invariants: no request reaches a path robots.txt disallows; no two requests to one host
//! (scheme, host and port) overlap, and the next starts at least the host's delay after the last
//! one ended; no body larger than [`FetchConfig::max_bytes`] is held in memory. Every error
//! names the URL it happened to. The crate keeps no state on disk: callers persist
//! [`Validators`] where they like.

mod charset;
mod client;
mod hosts;
mod robots;

use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use charset::{charset_of, decode};
pub use client::{Fetched, Fetcher, Page};
pub use hosts::{host_key, per_host};

/// How politely and within which limits a [`Fetcher`] works.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FetchConfig {
    /// Who to contact about the crawler (a URL or an e-mail address), added to the User-Agent as
    /// `(+contact)` so that a site owner can reach whoever runs it.
    pub contact: Option<String>,
    /// Obey robots.txt. Turn off only for sites you own.
    pub obey_robots: bool,
    /// Minimum time between the end of one request to a host and the start of the next.
    pub delay_ms: u64,
    /// Highest Crawl-delay of a robots.txt that is honoured; longer ones are cut to this, so that
    /// one host cannot stall a run for hours.
    pub max_crawl_delay_ms: u64,
    /// Time allowed to open a connection (DNS, TCP and TLS).
    pub connect_timeout_ms: u64,
    /// Time allowed for each read from the connection: the response head or any part of the body.
    pub read_timeout_ms: u64,
    /// Time allowed for one request from connecting to the last byte of its body.
    pub total_timeout_ms: u64,
    /// Largest body accepted, in bytes after decompression; a larger one is an
    /// [`Error::TooLarge`].
    pub max_bytes: u64,
    /// Bytes of a robots.txt that are read; the rest is ignored (RFC 9309 asks for at least
    /// 500 KiB).
    pub max_robots_bytes: u64,
    /// Redirects followed for one request; one more is an [`Error::TooManyRedirects`].
    pub max_redirects: u32,
}

impl Default for FetchConfig {
    fn default() -> Self {
        Self {
            contact: None,
            obey_robots: true,
            delay_ms: default_delay_ms(),
            max_crawl_delay_ms: default_max_crawl_delay_ms(),
            connect_timeout_ms: default_connect_timeout_ms(),
            read_timeout_ms: default_read_timeout_ms(),
            total_timeout_ms: default_total_timeout_ms(),
            max_bytes: default_max_bytes(),
            max_robots_bytes: default_max_robots_bytes(),
            max_redirects: default_max_redirects(),
        }
    }
}

impl FetchConfig {
    /// The User-Agent header: `Chorus/<version> (+contact)`, or a description of the crawler
    /// when no contact is configured or the contact is invalid (see [`FetchConfig::validate`]).
    pub fn user_agent(&self) -> String {
        match self
            .contact
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty() && self.validate().is_ok())
        {
            Some(contact) => format!("{ROBOTS_TOKEN}/{VERSION} (+{contact})"),
            None => format!("{ROBOTS_TOKEN}/{VERSION} (news event reader; obeys robots.txt)"),
        }
    }

    /// Whether the configuration can be used as is: the contact must fit in an HTTP header (no
    /// control characters such as a line break, which would otherwise end the header early).
    pub fn validate(&self) -> Result<(), ConfigError> {
        if let Some(contact) = &self.contact {
            if let Some(c) = contact.chars().find(|&c| !is_header_char(c)) {
                return Err(ConfigError::Contact {
                    contact: contact.clone(),
                    reason: format!("control character {:?} is not allowed in an HTTP header", c),
                });
            }
        }
        Ok(())
    }

    pub(crate) fn delay(&self) -> Duration {
        Duration::from_millis(self.delay_ms)
    }
}

/// Whether a character may appear in an HTTP header value (RFC 9110 5.5: visible characters,
/// spaces and tabs; anything outside ASCII is sent as its UTF-8 bytes, which are allowed).
pub(crate) fn is_header_char(c: char) -> bool {
    c == '\t' || !c.is_control()
}

/// Why a [`FetchConfig`] cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The contact cannot be sent in the User-Agent header.
    #[error("invalid contact {contact:?}: {reason}")]
    Contact {
        /// The contact as given.
        contact: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// The product token robots.txt groups are matched against (`User-agent: Chorus`).
pub const ROBOTS_TOKEN: &str = "Chorus";

/// This build's version, as the User-Agent states it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// One second: the usual politeness delay of research crawlers (Heritrix's minimum, and what
/// Crawl-delay lines most often ask for).
fn default_delay_ms() -> u64 {
    1_000
}

/// One minute: a Crawl-delay above it is rare and would make a feed list take hours.
fn default_max_crawl_delay_ms() -> u64 {
    60_000
}

/// Ten seconds: a reachable host answers a connection within a few hundred milliseconds.
fn default_connect_timeout_ms() -> u64 {
    10_000
}

/// Twenty seconds without a byte means a stalled server.
fn default_read_timeout_ms() -> u64 {
    20_000
}

/// One minute for a whole page, enough for 10 MiB on a slow line.
fn default_total_timeout_ms() -> u64 {
    60_000
}

/// 10 MiB: twice the largest page of the extraction sets (about 5 MB).
fn default_max_bytes() -> u64 {
    10 * 1024 * 1024
}

/// 512 KiB, the RFC 9309 minimum (500 KiB) rounded up.
fn default_max_robots_bytes() -> u64 {
    512 * 1024
}

/// Five: what RFC 9309 asks crawlers to follow at least for robots.txt, and more than news
/// sites need (one hop to https, one to the canonical host).
fn default_max_redirects() -> u32 {
    5
}

/// Conditional-request validators of a URL: sent back as `If-None-Match` and
/// `If-Modified-Since`, so that an unchanged page answers 304 Not Modified.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    /// The `ETag` header of the last response.
    pub etag: Option<String>,
    /// The `Last-Modified` header of the last response.
    pub last_modified: Option<String>,
}

impl Validators {
    /// Whether there is nothing to send.
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// Why a fetch failed; every variant names the URL.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The URL does not parse, or is not http(s).
    #[error("{url}: invalid URL: {reason}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// robots.txt does not allow Chorus to fetch the URL (or answered with a server error, which
    /// RFC 9309 treats as disallowing everything). A host whose robots.txt gets no answer at all
    /// is [`Error::Transport`] instead: nothing of it is requested either.
    #[error("{url}: disallowed by robots.txt{}", reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_default())]
    Disallowed {
        /// The URL refused.
        url: String,
        /// Why robots.txt disallows everything, when it answered with a server error.
        reason: Option<String>,
    },
    /// The server answered with an error or unexpected status.
    #[error("{url}: HTTP status {status}")]
    Status {
        /// The URL requested.
        url: String,
        /// The status code.
        status: u16,
    },
    /// The server did not answer (or stopped answering) in time.
    #[error("{url}: timed out ({phase})")]
    Timeout {
        /// The URL requested.
        url: String,
        /// Which limit ran out.
        phase: String,
    },
    /// The body is larger than [`FetchConfig::max_bytes`].
    #[error("{url}: response larger than the limit of {limit} bytes")]
    TooLarge {
        /// The URL requested.
        url: String,
        /// The limit.
        limit: u64,
    },
    /// The redirect chain is longer than [`FetchConfig::max_redirects`].
    #[error("{url}: more than {limit} redirects")]
    TooManyRedirects {
        /// The URL first requested.
        url: String,
        /// The limit.
        limit: u32,
    },
    /// A redirect without a usable `Location` header.
    #[error("{url}: redirect (status {status}) without a valid Location")]
    BadRedirect {
        /// The URL that answered with the redirect.
        url: String,
        /// The status code.
        status: u16,
    },
    /// The response is not a web page (a PDF, an image, JSON…): its `Content-Type` is not HTML,
    /// XHTML or plain text, or, when it has none, its first bytes are those of a binary file.
    #[error("{url}: not an HTML page ({content_type})")]
    NotHtml {
        /// The URL the body came from.
        url: String,
        /// The media type of the response, or what the body looks like when it has none.
        content_type: String,
    },
    /// The connection failed (DNS, refused, reset, TLS, broken HTTP).
    #[error("{url}: {message}")]
    Transport {
        /// The URL requested.
        url: String,
        /// What went wrong.
        message: String,
    },
}

impl Error {
    /// The URL the error is about.
    pub fn url(&self) -> &str {
        match self {
            Error::InvalidUrl { url, .. }
            | Error::Disallowed { url, .. }
            | Error::Status { url, .. }
            | Error::Timeout { url, .. }
            | Error::TooLarge { url, .. }
            | Error::TooManyRedirects { url, .. }
            | Error::BadRedirect { url, .. }
            | Error::NotHtml { url, .. }
            | Error::Transport { url, .. } => url,
        }
    }
}

/// Whether a line of a URL list is an http(s) URL: lists hold one a line, with `#` comments and
/// blank lines, and nothing else.
pub fn is_http_url(line: &str) -> bool {
    let lower = line.trim().get(..8).unwrap_or("").to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// `reference` resolved against `base` (RFC 3986), as a browser resolves a link on the page at
/// `base`: `None` when `base` is not an absolute URL or the result does not parse.
pub fn join_url(base: &str, reference: &str) -> Option<String> {
    let joined = url::Url::parse(base.trim())
        .ok()?
        .join(reference.trim())
        .ok()?;
    Some(joined.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_agent_names_version_and_contact() {
        let config = FetchConfig {
            contact: Some("mailto:news@example.org".into()),
            ..FetchConfig::default()
        };
        assert_eq!(
            config.user_agent(),
            format!("Chorus/{VERSION} (+mailto:news@example.org)")
        );
        assert!(FetchConfig::default().user_agent().starts_with("Chorus/"));
    }

    #[test]
    fn contacts_must_fit_in_a_header() {
        let with = |contact: &str| FetchConfig {
            contact: Some(contact.into()),
            ..FetchConfig::default()
        };
        assert!(with("mailto:ops@example.org").validate().is_ok());
        assert!(with("Zoë Ops <ops@example.org>").validate().is_ok());
        let bad = with("a\nb");
        let e = bad.validate().unwrap_err().to_string();
        assert!(
            e.contains("\"a\\nb\"") && e.contains("control character"),
            "{e}"
        );
        assert_eq!(bad.user_agent(), FetchConfig::default().user_agent());
        assert!(with("a\rb").validate().is_err());
        assert!(with("a\u{7f}").validate().is_err());
    }

    #[test]
    fn links_join_their_base() {
        let base = "http://h.test/feeds/main.xml";
        assert_eq!(join_url(base, "/a/1").as_deref(), Some("http://h.test/a/1"));
        assert_eq!(
            join_url(base, "b/2").as_deref(),
            Some("http://h.test/feeds/b/2")
        );
        assert_eq!(
            join_url(base, "https://o.test/x").as_deref(),
            Some("https://o.test/x")
        );
        assert_eq!(join_url("/relative", "x"), None);
    }

    #[test]
    fn url_lines() {
        assert!(is_http_url("https://example.org/feed"));
        assert!(is_http_url("  HTTP://example.org"));
        assert!(!is_http_url("ftp://example.org"));
        assert!(!is_http_url("# https://example.org"));
        assert!(!is_http_url("http"));
    }
}
