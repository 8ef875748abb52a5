//! The gold-annotation schema of `shared/annotations/README.md` (entities, quotes, figures,
//! disagreements, labels, timeline, noise) and the scorer that implements its matching rules.
//!
//! [`Annotation`] is both sides of a comparison: the hand-checked gold file and any system's
//! export in the same schema ([`Annotation::from_analysis`] converts Chorus's own
//! [`model::Analysis`]). [`score`] compares one pair, [`score_files`] micro-averages over several
//! event files and keeps each file's numbers.
//!
//! Readers are lenient: unknown fields are ignored, missing sections and `null`s read as empty,
//! and the enumerated strings (`type`, `kind`, `qualifier`, `precision`) stay strings, so that one
//! odd value in another system's export cannot stop it from being scored.
//! [`Annotation::schema_problems`] lists what does not follow the schema.

mod convert;
mod normalize;
mod score;

use serde::{Deserialize, Deserializer, Serialize};

pub use convert::qualifier_name;
pub use normalize::{normalize, stems, tokens};
pub use score::{
    AnnotationScores, EntityScores, FigureMatching, FigureScores, FileScores, Mean, QuoteScores,
    Ratio, Scores, SectionScore, disagreement_matches, entity_names_match, figure_matches,
    figure_value_matches, match_entities, match_figures, match_quotes, score, score_files,
    token_f1,
};

/// The qualifier strings the schema allows for `figures[].qualifier`.
pub const QUALIFIERS: [&str; 7] = [
    "about",
    "at least",
    "more than",
    "nearly",
    "up to",
    "exact",
    "range",
];

/// One annotated event: the articles and every analysed item found in them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Annotation {
    /// The event's name ("seeds").
    #[serde(deserialize_with = "null_as_default")]
    pub name: String,
    /// The articles, with outlet and publication date.
    #[serde(deserialize_with = "null_as_default")]
    pub articles: Vec<ArticleEntry>,
    /// People, organizations, places and events.
    #[serde(deserialize_with = "null_as_default")]
    pub entities: Vec<EntityEntry>,
    /// Direct and reported quotes.
    #[serde(deserialize_with = "null_as_default")]
    pub quotes: Vec<QuoteEntry>,
    /// Numbers that count something.
    #[serde(deserialize_with = "null_as_default")]
    pub figures: Vec<FigureEntry>,
    /// Figure groups whose values differ.
    #[serde(deserialize_with = "null_as_default")]
    pub disagreements: Vec<DisagreementEntry>,
    /// The terms each article uses in its own voice for each actor.
    #[serde(deserialize_with = "null_as_default")]
    pub labels: Vec<LabelEntry>,
    /// Dated happenings.
    #[serde(deserialize_with = "null_as_default")]
    pub timeline: Vec<DateEntry>,
    /// Boilerplate lines.
    #[serde(deserialize_with = "null_as_default")]
    pub noise: Vec<NoiseEntry>,
}

/// One article of the event.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ArticleEntry {
    /// Article id (a seed's file name without `.txt`).
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    /// The outlet, when known.
    pub outlet: Option<String>,
    /// Publication date `YYYY-MM-DD`, when known.
    pub published: Option<String>,
}

/// A person, organization, place or named event.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EntityEntry {
    /// Canonical name.
    #[serde(deserialize_with = "null_as_default")]
    pub name: String,
    /// `person`, `organization`, `place` or `event`.
    #[serde(rename = "type", deserialize_with = "null_as_default")]
    pub kind: String,
    /// Surface forms that occur in the text.
    #[serde(deserialize_with = "null_as_default")]
    pub aliases: Vec<String>,
    /// Roles stated by titles and appositions.
    #[serde(deserialize_with = "null_as_default")]
    pub roles: Vec<String>,
    /// Articles that mention it.
    #[serde(deserialize_with = "null_as_default")]
    pub articles: Vec<String>,
}

/// Something someone said.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct QuoteEntry {
    /// `direct` or `reported`.
    #[serde(deserialize_with = "null_as_default")]
    pub kind: String,
    /// The speaker: an `entities[].name`.
    #[serde(deserialize_with = "null_as_default")]
    pub speaker: String,
    /// The quoted or reported words.
    #[serde(deserialize_with = "null_as_default")]
    pub text: String,
    /// Articles that carry it.
    #[serde(deserialize_with = "null_as_default")]
    pub articles: Vec<String>,
}

/// A number that counts something: a single `value`, or a range `low`..`high`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FigureEntry {
    /// The value; `null` for ranges.
    pub value: Option<f64>,
    /// Low end of a range.
    pub low: Option<f64>,
    /// High end of a range.
    pub high: Option<f64>,
    /// One of [`QUALIFIERS`].
    #[serde(deserialize_with = "null_as_default")]
    pub qualifier: String,
    /// What it counts.
    #[serde(deserialize_with = "null_as_default")]
    pub counts: String,
    /// The number as written in the first listed article.
    #[serde(deserialize_with = "null_as_default")]
    pub surface: String,
    /// Articles that state it.
    #[serde(deserialize_with = "null_as_default")]
    pub articles: Vec<String>,
    /// Id shared by the figures that count the same quantity.
    #[serde(deserialize_with = "null_as_default")]
    pub group: String,
}

/// A figure group with more than one distinct value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DisagreementEntry {
    /// The figure group id.
    #[serde(deserialize_with = "null_as_default")]
    pub group: String,
    /// What is counted.
    #[serde(deserialize_with = "null_as_default")]
    pub counts: String,
    /// The values and who states each.
    #[serde(deserialize_with = "null_as_default")]
    pub values: Vec<ValueEntry>,
}

/// One side of a disagreement.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ValueEntry {
    /// The value; `null` for a range.
    pub value: Option<f64>,
    /// Low end of a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    /// High end of a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    /// Articles on this side.
    #[serde(deserialize_with = "null_as_default")]
    pub articles: Vec<String>,
}

/// The terms one article uses for one actor.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LabelEntry {
    /// The article id.
    #[serde(deserialize_with = "null_as_default")]
    pub outlet_article: String,
    /// The actor (free text; not scored).
    #[serde(deserialize_with = "null_as_default")]
    pub actor: String,
    /// Lowercase terms as written.
    #[serde(deserialize_with = "null_as_default")]
    pub terms: Vec<String>,
}

/// A dated happening.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DateEntry {
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    #[serde(deserialize_with = "null_as_default")]
    pub date: String,
    /// `day`, `month` or `year`.
    #[serde(deserialize_with = "null_as_default")]
    pub precision: String,
    /// What happened.
    #[serde(deserialize_with = "null_as_default")]
    pub what: String,
    /// Articles that state it.
    #[serde(deserialize_with = "null_as_default")]
    pub articles: Vec<String>,
}

/// A boilerplate line of one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NoiseEntry {
    /// The article id.
    #[serde(deserialize_with = "null_as_default")]
    pub article: String,
    /// The line as in the file, trimmed.
    #[serde(deserialize_with = "null_as_default")]
    pub line: String,
}

/// Reads `null` as the type's default, so `"aliases": null` is an empty list.
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

impl Annotation {
    /// What in this annotation does not follow the schema, one message per problem: unknown
    /// enumerated strings, quote speakers that name no entity, figures without a value or range,
    /// disagreements of unknown groups, dates that do not fit their precision, and article ids
    /// that are not in `articles`. Scoring does not need any of these to hold.
    pub fn schema_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let ids: std::collections::HashSet<&str> =
            self.articles.iter().map(|a| a.id.as_str()).collect();
        let check_ids = |what: &str, list: &[String], problems: &mut Vec<String>| {
            for id in list {
                if !ids.contains(id.as_str()) {
                    problems.push(format!("{what}: article {id:?} is not in articles"));
                }
            }
        };
        let names: std::collections::HashSet<&str> =
            self.entities.iter().map(|e| e.name.as_str()).collect();
        for (i, e) in self.entities.iter().enumerate() {
            if !["person", "organization", "place", "event"].contains(&e.kind.as_str()) {
                problems.push(format!("entities[{i}] {:?}: type {:?}", e.name, e.kind));
            }
            check_ids(&format!("entities[{i}]"), &e.articles, &mut problems);
        }
        for (i, q) in self.quotes.iter().enumerate() {
            if !["direct", "reported"].contains(&q.kind.as_str()) {
                problems.push(format!("quotes[{i}]: kind {:?}", q.kind));
            }
            if !names.contains(q.speaker.as_str()) {
                problems.push(format!(
                    "quotes[{i}]: speaker {:?} names no entity",
                    q.speaker
                ));
            }
            check_ids(&format!("quotes[{i}]"), &q.articles, &mut problems);
        }
        let groups: std::collections::HashSet<&str> =
            self.figures.iter().map(|f| f.group.as_str()).collect();
        for (i, f) in self.figures.iter().enumerate() {
            if !QUALIFIERS.contains(&f.qualifier.as_str()) {
                problems.push(format!("figures[{i}]: qualifier {:?}", f.qualifier));
            }
            let range = f.low.is_some() && f.high.is_some();
            if f.value.is_none() && !range {
                problems.push(format!("figures[{i}]: neither value nor low and high"));
            }
            if (f.qualifier == "range") != (f.value.is_none() && range) {
                problems.push(format!(
                    "figures[{i}]: qualifier \"range\" goes with value null, low and high"
                ));
            }
            check_ids(&format!("figures[{i}]"), &f.articles, &mut problems);
        }
        for (i, d) in self.disagreements.iter().enumerate() {
            if !groups.contains(d.group.as_str()) {
                problems.push(format!(
                    "disagreements[{i}]: group {:?} has no figure",
                    d.group
                ));
            }
            if d.values.len() < 2 {
                problems.push(format!("disagreements[{i}]: fewer than two values"));
            }
            for v in &d.values {
                check_ids(&format!("disagreements[{i}]"), &v.articles, &mut problems);
            }
        }
        for (i, l) in self.labels.iter().enumerate() {
            check_ids(
                &format!("labels[{i}]"),
                std::slice::from_ref(&l.outlet_article),
                &mut problems,
            );
        }
        for (i, t) in self.timeline.iter().enumerate() {
            let want = match t.precision.as_str() {
                "day" => 10,
                "month" => 7,
                "year" => 4,
                other => {
                    problems.push(format!("timeline[{i}]: precision {other:?}"));
                    continue;
                }
            };
            if t.date.len() != want {
                problems.push(format!(
                    "timeline[{i}]: date {:?} does not fit precision {:?}",
                    t.date, t.precision
                ));
            }
            check_ids(&format!("timeline[{i}]"), &t.articles, &mut problems);
        }
        for (i, n) in self.noise.iter().enumerate() {
            check_ids(
                &format!("noise[{i}]"),
                std::slice::from_ref(&n.article),
                &mut problems,
            );
        }
        problems
    }
}
