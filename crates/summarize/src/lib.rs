//! Extractive summarization: picks sentences some outlet printed, never writes new ones.
//!
//! One event's documents become a [`Corpus`] once (content stems, word bigrams, TF-IDF vectors,
//! the sentence similarity matrix, each sentence's cross-article support); a [`Method`] chooses
//! sentences from it under a [`Budget`]; this crate then orders them for reading and attaches
//! provenance (article, sentence index, byte span) and support (the articles that state the same
//! thing) to each. Adding a method means adding one module under `methods/` and one line in
//! [`method_by_name`].
//!
//! Methods: `lead`, `centroid`, `lexrank`, `textrank`, `mmr`, `submodular` (Lin & Bilmes 2011),
//! `concept` (Gillick & Favre 2009, by branch and bound) and `best`, a linear sentence scorer
//! fit by `chorus train` on the NeuS and AllSides dev sets, whose weights ship in
//! `weights/best.json`.

mod common;
pub mod corpus;
pub mod methods;
mod summary;
mod table;
mod words;

pub use corpus::{Corpus, CorpusSentence};
pub use methods::best::{FEATURE_NAMES, Learned, Weights, feature_names, sentence_features};
pub use methods::{Budget, METHOD_NAMES, Method, method_by_name};
pub use summary::{MAX_SENTENCES, SummarizeConfig, bounded, summarize, summarize_sentences};
pub use words::{MemoSnapshot, memo_snapshot};
