//! The data that flows between Chorus's stages.
//!
//! This crate owns the types and nothing else: no IO, and no text logic but one, the reading of
//! publication times ([`Moment`]), which every stage must do alike. Every stage depends on it, and
//! it depends on no stage. Offsets are byte offsets into [`Article::text`], the body exactly as
//! it was read, so any [`Span`] can be checked by slicing the original text.

mod analysis;
mod article;
mod report;
pub mod time;

pub use analysis::{
    ActorLabels, Analysis, Coverage, DatePrecision, Disagreement, DisagreementSide,
    DistinctiveTerm, Entity, EntityKind, Fact, Figure, Framing, LabelTerm, Mention, NoiseLine,
    OutletCoverage, Qualifier, Quote, QuoteKind, TimelineEntry,
};
pub use article::{Article, ArticleId, ArticleMeta, Document, Origin, RemovedLine, Sentence, Span};
pub use report::{EventReport, REPORT_SCHEMA_VERSION, SourceEntry, Summary, SummarySentence};
pub use time::Moment;
