//! `chorus events`, `chorus show` and `chorus search`: reading the database `chorus ingest`
//! fills; and where that database is (`--db`, `CHORUS_DB`, the platform's data folder).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Args;
use model::{EventReport, REPORT_SCHEMA_VERSION};
use serde::Serialize;
use store::{EventFilter, OpenMode, SqliteStore, Store};

use crate::render;

/// The database option every store command takes.
#[derive(Debug, Args)]
pub(crate) struct DbArgs {
    /// The database file. Default: $CHORUS_DB, else chorus/chorus.db in the platform's data
    /// folder ($XDG_DATA_HOME or ~/.local/share on Linux).
    #[arg(long, value_name = "PATH")]
    pub(crate) db: Option<PathBuf>,
}

/// Arguments of `chorus events`.
#[derive(Debug, Args)]
pub(crate) struct EventsArgs {
    /// Only events seen on or after this time: YYYY-MM-DD, or any time ingest reads. Its offset
    /// is applied (2024-03-15T09:00+05:00 is 04:00 UTC); a time without one is UTC.
    #[arg(long, value_name = "DATE")]
    pub(crate) since: Option<String>,
    /// Only events whose report or articles contain all these words (a query without a word,
    /// such as "" or "*", is an error).
    #[arg(long, value_name = "TEXT")]
    pub(crate) query: Option<String>,
    /// At most this many events, most recently seen first (0: no limit, all of them).
    #[arg(long, default_value_t = 50)]
    pub(crate) limit: usize,
    /// Print JSON.
    #[arg(long)]
    pub(crate) json: bool,
    #[command(flatten)]
    pub(crate) db: DbArgs,
}

/// Arguments of `chorus show`.
#[derive(Debug, Args)]
pub(crate) struct ShowArgs {
    /// The event's id as `chorus events` lists it (a prefix of one id will do; a prefix of
    /// several is an error that lists some of them).
    #[arg(value_name = "EVENT")]
    pub(crate) event: String,
    /// Print one JSON document (schema in docs/REPORT.md) instead of text.
    #[arg(long)]
    pub(crate) json: bool,
    #[command(flatten)]
    pub(crate) db: DbArgs,
}

/// Arguments of `chorus search`.
#[derive(Debug, Args)]
pub(crate) struct SearchArgs {
    /// Words that must all occur (in an event's headline or summary, or an article's title or
    /// text); case and accents are ignored, and a text without a word is an error. Chinese, Japanese and Korean are found inside
    /// longer runs of their characters (which are written without spaces).
    #[arg(required = true, value_name = "TEXT")]
    pub(crate) text: Vec<String>,
    /// At most this many events and this many articles (0: no limit, all of them). Events come
    /// best match first; articles with more of the words in their title first, then the newest,
    /// ranked among the 10,000 most recently stored matches (all of them with 0).
    #[arg(long, default_value_t = 20)]
    pub(crate) limit: usize,
    /// Print JSON.
    #[arg(long)]
    pub(crate) json: bool,
    #[command(flatten)]
    pub(crate) db: DbArgs,
}

/// The database path: `--db`, else `CHORUS_DB`, else the platform's data folder.
pub(crate) fn db_path(args: &DbArgs) -> anyhow::Result<PathBuf> {
    if let Some(path) = &args.db {
        return Ok(path.clone());
    }
    if let Some(path) = std::env::var_os("CHORUS_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let env_dir = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    let data = if cfg!(windows) {
        env_dir("LOCALAPPDATA")
    } else if cfg!(target_os = "macos") {
        env_dir("HOME").map(|h| h.join("Library/Application Support"))
    } else {
        env_dir("XDG_DATA_HOME").or_else(|| env_dir("HOME").map(|h| h.join(".local/share")))
    };
    match data {
        Some(dir) => Ok(dir.join("chorus").join("chorus.db")),
        None => bail!("cannot find a data folder for the database (no HOME): pass --db PATH"),
    }
}

/// Opens the store the arguments name.
pub(crate) fn open_store(args: &DbArgs, mode: OpenMode) -> anyhow::Result<SqliteStore> {
    let path = db_path(args)?;
    Ok(SqliteStore::open(&path, mode)?)
}

pub(crate) fn run_events(args: &EventsArgs) -> anyhow::Result<ExitCode> {
    let since =
        match &args.since {
            Some(date) => Some(store::sortable_time(date).with_context(|| {
                format!("--since {date:?}: not a date (write it as YYYY-MM-DD)")
            })?),
            None => None,
        };
    let store = open_store(&args.db, OpenMode::ReadOnly)?;
    let events = store.events(&EventFilter {
        since,
        query: args.query.clone(),
        limit: (args.limit > 0).then_some(args.limit),
    })?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        #[derive(Serialize)]
        struct Doc<'a> {
            events: &'a [store::EventListing],
        }
        serde_json::to_writer_pretty(&mut out, &Doc { events: &events })?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    if events.is_empty() {
        errln!("no events");
    }
    let mut out = render::TerminalSafe(out);
    for event in &events {
        let day = |t: &str| t.get(..10).unwrap_or(t).to_owned();
        let (first, last) = (day(&event.first_seen), day(&event.last_seen));
        let span = if first == last {
            first
        } else {
            format!("{first} to {last}")
        };
        let mut outlets = event.outlets.iter().take(3).cloned().collect::<Vec<_>>();
        if event.outlets.len() > 3 {
            outlets.push(format!("{} more", event.outlets.len() - 3));
        }
        let noun = if event.articles == 1 {
            "article"
        } else {
            "articles"
        };
        writeln!(
            out,
            "{}  {span}  {} {noun}  {}",
            event.id,
            event.articles,
            outlets.join(", ")
        )?;
        let headline = event.headline.as_deref().unwrap_or("(no headline)");
        writeln!(out, "    {}", one_line(headline))?;
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn run_show(args: &ShowArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(&args.db, OpenMode::ReadOnly)?;
    let Some(report) = store.report(&args.event)? else {
        errln!(
            "error: {}: no event {:?} (see `chorus events`)",
            store.path().display(),
            args.event
        );
        return Ok(ExitCode::from(1));
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        /// The same document as `chorus report --json`, with one event.
        #[derive(Serialize)]
        struct Doc<'a> {
            schema_version: u32,
            events: [&'a EventReport; 1],
        }
        serde_json::to_writer_pretty(
            &mut out,
            &Doc {
                schema_version: REPORT_SCHEMA_VERSION,
                events: [&report],
            },
        )?;
        writeln!(out)?;
    } else {
        render::report(&mut render::TerminalSafe(&mut out), &report)?;
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn run_search(args: &SearchArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(&args.db, OpenMode::ReadOnly)?;
    let limit = if args.limit == 0 {
        usize::MAX
    } else {
        args.limit
    };
    let found = store.search(&args.text.join(" "), limit)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &found)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    if found.events.is_empty() && found.articles.is_empty() {
        errln!("no matches");
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = render::TerminalSafe(out);
    if !found.events.is_empty() {
        writeln!(out, "EVENTS")?;
        for event in &found.events {
            let headline = event.headline.as_deref().unwrap_or("(no headline)");
            writeln!(out, "  {}  {}", event.id, one_line(headline))?;
        }
    }
    if !found.articles.is_empty() {
        if !found.events.is_empty() {
            writeln!(out)?;
        }
        writeln!(out, "ARTICLES")?;
        for article in &found.articles {
            let outlet = article.outlet.as_deref().unwrap_or("unknown outlet");
            let title = if article.title.is_empty() {
                "(untitled)"
            } else {
                &article.title
            };
            writeln!(out, "  {}  {outlet}: {}", article.id, one_line(title))?;
            let mut details = Vec::new();
            if let Some(event) = &article.event {
                details.push(format!("event {event}"));
            }
            if let Some(time) = &article.time {
                details.push(time.clone());
            }
            if let Some(url) = &article.url {
                details.push(url.clone());
            }
            if !details.is_empty() {
                writeln!(out, "      {}", details.join(" · "))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Text on one line: inner line breaks become spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
