//! Incremental, time-aware event clustering: which articles of a stream report the same event?
//!
//! A [`Clusterer`] takes articles one at a time, in publication order. Each article joins the
//! open event it matches best or opens a new one; nothing already decided is revisited, so a
//! stream can be fed today and continued tomorrow.
//!
//! # How an article is compared with an event
//!
//! Each article becomes two TF-IDF vectors (sublinear term frequency, IDF over all articles seen
//! so far, updated as the stream goes), each scaled to unit length:
//!
//! - **content**: English content stems and, for Chinese, Japanese and Korean text, character
//!   bigrams;
//! - **names**: capitalized words and adjacent pairs of them, Latin-script words inside CJK text,
//!   numbers of two or more digits, month-day dates ("Sep 21" = "9月21日"), and the English names of
//!   countries, major cities and international bodies written in Chinese or Malay (a small
//!   general-purpose gazetteer). These survive translation, which is how an English, a Malay and a
//!   Chinese report of one event find each other. When an article and an event share no script
//!   (a Chinese article, an English event), only names are compared, with their own weight.
//!
//! Title words count extra. An event keeps, per channel, the sum of its articles' vectors; the
//! score of an article against an event is a weighted sum of the two cosines (the evidence),
//! minus a penalty that grows with the days between the article and the event's time span
//! (articles days apart need stronger evidence). The penalty shrinks as the evidence grows, and
//! for long articles it vanishes at a much lower evidence than for short ones: two long reports
//! that share much of their weight rarely do so by chance, while short snippets of different
//! stories on one topic often look alike, so only closeness in time tells them apart. Times come
//! from [`model::Article::time`] through [`parse_time`]; an article without a readable time pays
//! no penalty.
//!
//! # Cost
//!
//! An inverted index from terms to open events finds the candidates: the events that share one
//! of the article's highest-weighted terms. Only those are scored, each in time linear in the
//! article's length, so adding an article never touches all events, let alone all articles.
//! Events that took no article for a while are closed and their centroids dropped (see
//! [`ClusterConfig::close_after_days`] and [`ClusterConfig::close_after_articles`]).
//!
//! Extracting an article's terms needs no clusterer state: a [`FeatureExtractor`] can do it ahead
//! (on another thread, as `chorus ingest` does), and [`Clusterer::add_features`] then only
//! decides, exactly as [`Clusterer::add`] would.
//!
//! The clusterer cannot fail: every article, however odd, is assigned an event.

mod clusterer;
mod config;
mod features;
mod gazetteer;
mod time;

#[cfg(test)]
mod tests;

pub use clusterer::{ArticleFeatures, Clusterer, Event, EventId, FeatureExtractor};
pub use config::ClusterConfig;
pub use time::parse_time;
