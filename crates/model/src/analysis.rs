//! The cross-source analysis of one event (DESIGN.md items 3 to 8) as it travels to the report and
//! the JSON output. Every item carries where it was found: article id, sentence index, byte span.
//!
//! The shapes follow the annotation schema of the hand-checked gold data (entities, quotes,
//! figures, disagreements, labels, timeline, noise), so that an analysis converts to that schema
//! without loss and can be scored by any scorer of it.

use serde::{Deserialize, Serialize};

use crate::{ArticleId, Span};

/// Where one occurrence of an item was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Article and byte range of the occurrence (the quoted words, the number, the name...).
    pub span: Span,
    /// Index of the sentence that holds it, in its article.
    pub sentence: usize,
}

/// What kind of thing an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A person.
    Person,
    /// An organization: government body, army, party, company, agency, armed group.
    Organization,
    /// A country, city, region or other place (capital-city metonyms included).
    Place,
    /// A named event.
    Event,
}

/// A person, organization, place or named event, with every surface form merged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Canonical name (the fullest name form found).
    pub name: String,
    /// Kind.
    pub kind: EntityKind,
    /// Every other surface form found ("Kerry", "US Secretary of State John Kerry").
    pub aliases: Vec<String>,
    /// Roles stated by titles and appositions ("US Secretary of State").
    pub roles: Vec<String>,
    /// Articles that mention it.
    pub articles: Vec<ArticleId>,
    /// Every mention.
    pub mentions: Vec<Mention>,
}

/// Whether a quote is in the speaker's words or reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Words inside quotation marks.
    Direct,
    /// Attributed indirect speech ("X said that ...", "X accused Y of ...").
    Reported,
}

/// Something someone said, merged over the articles that carry it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// Direct or reported.
    pub kind: QuoteKind,
    /// The speaker's canonical name (an entity's `name` when resolved).
    pub speaker: String,
    /// Index of the speaker in [`Analysis::entities`], when resolved.
    pub speaker_entity: Option<usize>,
    /// The speaker's role when stated ("Russian Foreign Minister").
    pub role: Option<String>,
    /// The words, as printed in the first article (parts of a split quote joined by one space).
    pub text: String,
    /// Articles that carry it (near-identical wordings merged).
    pub articles: Vec<ArticleId>,
    /// One occurrence per article and part.
    pub occurrences: Vec<Mention>,
}

/// How a figure's value is qualified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// As stated, no qualifier.
    Exact,
    /// "about", "around", "some", "roughly", "an estimated".
    About,
    /// "at least".
    AtLeast,
    /// "more than", "over", "upwards of".
    MoreThan,
    /// "nearly", "almost", "close to".
    Nearly,
    /// "up to", "as many as".
    UpTo,
    /// "fewer than", "less than", "under".
    LessThan,
    /// A range ("between six and eight thousand"): see `low` and `high`.
    Range,
}

/// A number that counts something.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// The value (shares as fractions: "a third" = 0.333); `None` for ranges.
    pub value: Option<f64>,
    /// Low end of a range.
    pub low: Option<f64>,
    /// High end of a range.
    pub high: Option<f64>,
    /// Qualifier.
    pub qualifier: Qualifier,
    /// What it counts, as a short phrase from the text ("people killed", "militants").
    pub counts: String,
    /// The number as written in the first article ("Three hundred", "more than 200,000").
    pub surface: String,
    /// When, if the sentence says ("on Saturday", "since September").
    pub time: Option<String>,
    /// Where, if the sentence says ("in Aleppo").
    pub place: Option<String>,
    /// Articles that state this value for this thing.
    pub articles: Vec<ArticleId>,
    /// One occurrence per article.
    pub occurrences: Vec<Mention>,
    /// Id shared by figures that count the same thing (same thing, place and period).
    pub group: String,
}

/// One side of a disagreement: a value and the articles that state it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisagreementSide {
    /// The value (`None` for a range).
    pub value: Option<f64>,
    /// Low end of a range.
    pub low: Option<f64>,
    /// High end of a range.
    pub high: Option<f64>,
    /// Qualifier.
    pub qualifier: Qualifier,
    /// Articles on this side.
    pub articles: Vec<ArticleId>,
}

/// A group of figures counting the same thing with different values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Disagreement {
    /// The figure group.
    pub group: String,
    /// What is counted.
    pub counts: String,
    /// The values and who states each.
    pub values: Vec<DisagreementSide>,
}

/// The terms one article uses, in its own voice, for one actor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorLabels {
    /// The article.
    pub article: ArticleId,
    /// Its outlet, when known.
    pub outlet: Option<String>,
    /// The actor (free text, e.g. "armed opposition").
    pub actor: String,
    /// Lowercase terms as written, with where each occurs.
    pub terms: Vec<LabelTerm>,
}

/// One label term and where it occurs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelTerm {
    /// The term, lowercase ("rebels", "rebel-held").
    pub term: String,
    /// Occurrences in the article's own voice.
    pub occurrences: Vec<Mention>,
}

/// A term that only some outlets use for an actor (or a loaded word used by few).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DistinctiveTerm {
    /// The term.
    pub term: String,
    /// The actor it names, or `None` for a loaded word not tied to one actor.
    pub actor: Option<String>,
    /// Articles that use it in their own voice.
    pub used_by: Vec<ArticleId>,
    /// Articles of the event that do not.
    pub not_used_by: Vec<ArticleId>,
}

/// How the outlets name the actors.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Framing {
    /// Per article and actor, the terms in the article's own voice.
    pub labels: Vec<ActorLabels>,
    /// Terms only some outlets use.
    pub distinctive: Vec<DistinctiveTerm>,
}

/// How precise a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    /// `YYYY-MM-DD`.
    Day,
    /// `YYYY-MM`.
    Month,
    /// `YYYY`.
    Year,
}

/// A dated happening.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// The date, truncated to its precision (`2016-10-07`, `2016-10`, `2016`).
    pub date: String,
    /// Precision.
    pub precision: DatePrecision,
    /// What happened: the clause or sentence that states it.
    pub what: String,
    /// The date expression as written ("on Friday", "last fall").
    pub surface: String,
    /// Articles that mention it.
    pub articles: Vec<ArticleId>,
    /// Occurrences (the date expressions).
    pub occurrences: Vec<Mention>,
}

/// One fact of the event and who reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    /// The fact as one outlet printed it.
    pub text: String,
    /// Where that wording is.
    pub origin: Mention,
    /// Articles that report it.
    pub articles: Vec<ArticleId>,
}

/// One article's coverage of the event's facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutletCoverage {
    /// The article.
    pub article: ArticleId,
    /// Its outlet, when known.
    pub outlet: Option<String>,
    /// Share of the event's facts it reports, 0 to 1.
    pub share: f64,
    /// Indices into [`Coverage::facts`] of facts most outlets report and this one does not.
    pub omissions: Vec<usize>,
}

/// Which outlet reports which fact.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Coverage {
    /// The event's facts.
    pub facts: Vec<Fact>,
    /// Per article.
    pub outlets: Vec<OutletCoverage>,
}

/// A line the cleaner removed, for the report's noise section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoiseLine {
    /// The article.
    pub article: ArticleId,
    /// The line as in the file, trimmed.
    pub line: String,
    /// The rule that removed it.
    pub reason: String,
}

/// Everything the analysis finds in one event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Analysis {
    /// People, organizations, places, events.
    pub entities: Vec<Entity>,
    /// Direct and reported quotes.
    pub quotes: Vec<Quote>,
    /// Figures.
    pub figures: Vec<Figure>,
    /// Figure groups whose values disagree.
    pub disagreements: Vec<Disagreement>,
    /// Labels per outlet and actor.
    pub framing: Framing,
    /// Facts by outlet.
    pub coverage: Coverage,
    /// Dated happenings, sorted by date.
    pub timeline: Vec<TimelineEntry>,
    /// Lines removed as boilerplate.
    pub noise: Vec<NoiseLine>,
}
