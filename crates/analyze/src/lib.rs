//! Cross-source analysis of one event: who is named and how (entities), who said what (quotes),
//! which numbers (figures), which words each outlet uses in its own voice (framing), which outlet
//! reports which fact (coverage), and when things happened (timeline).
//!
//! Every item carries its provenance: article id, sentence index and byte span into
//! `Article::text`. The analyses read [`model::Document`]s (cleaned and segmented articles) and
//! never write text of their own.

mod case;
pub mod coverage;
pub mod entities;
pub mod figures;
pub mod framing;
pub mod quotes;
pub mod timeline;
