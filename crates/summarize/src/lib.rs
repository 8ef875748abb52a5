//! Extractive summarization: picks sentences some outlet printed, never writes new ones.
//!
//! One event's documents become a [`Corpus`] once (content stems, TF-IDF vectors, each sentence's
//! cross-article support); a [`Method`] chooses sentences from it under a word budget; this crate
//! then orders them for reading and attaches provenance (article, sentence index, byte span) and
//! support (the articles that state the same thing) to each. Adding a method means adding one
//! module under `methods/` and one line in [`method_by_name`].

pub mod corpus;
pub mod methods;
mod summary;

pub use corpus::{Corpus, CorpusSentence};
pub use methods::{METHOD_NAMES, Method, method_by_name};
pub use summary::{SummarizeConfig, summarize};
