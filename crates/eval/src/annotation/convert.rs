//! Chorus's own [`Analysis`] in the annotation schema, so that it can be scored like any other
//! system's export (and exported for other tools).

use model::{Analysis, Article, DatePrecision, EntityKind, Figure, Qualifier, QuoteKind};

use super::{
    Annotation, ArticleEntry, DateEntry, DisagreementEntry, EntityEntry, FigureEntry, LabelEntry,
    NoiseEntry, QuoteEntry, ValueEntry,
};

impl ArticleEntry {
    /// The entry of one article: its id, outlet, and publication date (the first ten characters
    /// of the input's time when they read as `YYYY-MM-DD`, else the time as given).
    pub fn from_article(article: &Article) -> ArticleEntry {
        let published = article.time.as_deref().map(|time| {
            let time = time.trim();
            match time.get(..10) {
                Some(day) if is_iso_day(day) => day.to_owned(),
                _ => time.to_owned(),
            }
        });
        ArticleEntry {
            id: article.id.0.clone(),
            outlet: article.source.clone(),
            published,
        }
    }
}

fn is_iso_day(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// The schema string of a qualifier. The schema has no "less than"; it is written "up to", the
/// other upper bound (the scorer does not compare qualifiers).
pub fn qualifier_name(qualifier: Qualifier) -> &'static str {
    match qualifier {
        Qualifier::Exact => "exact",
        Qualifier::About => "about",
        Qualifier::AtLeast => "at least",
        Qualifier::MoreThan => "more than",
        Qualifier::Nearly => "nearly",
        Qualifier::UpTo | Qualifier::LessThan => "up to",
        Qualifier::Range => "range",
    }
}

fn entity_kind_name(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "person",
        EntityKind::Organization => "organization",
        EntityKind::Place => "place",
        EntityKind::Event => "event",
    }
}

fn ids(articles: &[model::ArticleId]) -> Vec<String> {
    articles.iter().map(|a| a.0.clone()).collect()
}

fn figure_entry(f: &Figure) -> FigureEntry {
    FigureEntry {
        value: f.value,
        low: f.low,
        high: f.high,
        qualifier: qualifier_name(f.qualifier).to_owned(),
        counts: f.counts.clone(),
        surface: f.surface.clone(),
        articles: ids(&f.articles),
        group: f.group.clone(),
    }
}

impl Annotation {
    /// Chorus's analysis of one event in the annotation schema: entities (name, type, aliases,
    /// roles, articles), quotes (kind, the speaker's name, text, articles), figures, disagreements,
    /// labels (one entry per article and actor), timeline and noise, with `articles` as given.
    ///
    /// The schema wants every quote's speaker among the entities; a speaker the analysis did not
    /// resolve to an entity ("protesters", "Drevnia's foreign minister") gets an entity of its own,
    /// as the annotation rules do for unnamed speakers.
    pub fn from_analysis(
        name: &str,
        articles: Vec<ArticleEntry>,
        analysis: &Analysis,
    ) -> Annotation {
        let mut annotation = Annotation {
            name: name.to_owned(),
            articles,
            entities: analysis
                .entities
                .iter()
                .map(|e| EntityEntry {
                    name: e.name.clone(),
                    kind: entity_kind_name(e.kind).to_owned(),
                    aliases: e.aliases.clone(),
                    roles: e.roles.clone(),
                    articles: ids(&e.articles),
                })
                .collect(),
            quotes: analysis
                .quotes
                .iter()
                .map(|q| QuoteEntry {
                    kind: match q.kind {
                        QuoteKind::Direct => "direct",
                        QuoteKind::Reported => "reported",
                    }
                    .to_owned(),
                    speaker: q
                        .speaker_entity
                        .and_then(|i| analysis.entities.get(i))
                        .map_or_else(|| q.speaker.clone(), |e| e.name.clone()),
                    text: q.text.clone(),
                    articles: ids(&q.articles),
                })
                .collect(),
            figures: analysis.figures.iter().map(figure_entry).collect(),
            disagreements: analysis
                .disagreements
                .iter()
                .map(|d| DisagreementEntry {
                    group: d.group.clone(),
                    counts: d.counts.clone(),
                    values: d
                        .values
                        .iter()
                        .map(|v| ValueEntry {
                            value: v.value,
                            low: v.low,
                            high: v.high,
                            articles: ids(&v.articles),
                        })
                        .collect(),
                })
                .collect(),
            labels: analysis
                .framing
                .labels
                .iter()
                .map(|l| LabelEntry {
                    outlet_article: l.article.0.clone(),
                    actor: l.actor.clone(),
                    terms: l.terms.iter().map(|t| t.term.clone()).collect(),
                })
                .collect(),
            timeline: analysis
                .timeline
                .iter()
                .map(|t| DateEntry {
                    date: t.date.clone(),
                    precision: match t.precision {
                        DatePrecision::Day => "day",
                        DatePrecision::Month => "month",
                        DatePrecision::Year => "year",
                    }
                    .to_owned(),
                    what: t.what.clone(),
                    articles: ids(&t.articles),
                })
                .collect(),
            noise: analysis
                .noise
                .iter()
                .map(|n| NoiseEntry {
                    article: n.article.0.clone(),
                    line: n.line.clone(),
                })
                .collect(),
        };
        add_speaker_entities(&mut annotation);
        annotation
    }
}

/// Adds an entity for each quote speaker that names none: a person when the name starts with a
/// capital ("Drevnia's foreign minister"), else a group ("protesters"); its articles are the
/// articles of its quotes.
fn add_speaker_entities(annotation: &mut Annotation) {
    let known = annotation.entities.len();
    for i in 0..annotation.quotes.len() {
        let speaker = annotation.quotes[i].speaker.clone();
        let index = match annotation.entities.iter().position(|e| e.name == speaker) {
            Some(index) if index < known => continue,
            Some(index) => index,
            None if speaker.trim().is_empty() => continue,
            None => {
                let kind = if speaker.starts_with(char::is_uppercase) {
                    "person"
                } else {
                    "organization"
                };
                annotation.entities.push(EntityEntry {
                    name: speaker.clone(),
                    kind: kind.to_owned(),
                    aliases: vec![speaker],
                    roles: Vec::new(),
                    articles: Vec::new(),
                });
                annotation.entities.len() - 1
            }
        };
        let quote_articles = annotation.quotes[i].articles.clone();
        let entity = &mut annotation.entities[index];
        for article in quote_articles {
            if !entity.articles.contains(&article) {
                entity.articles.push(article);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{ArticleId, NoiseLine, Origin};

    #[test]
    fn article_entry_takes_the_day_of_the_time() {
        let article = Article {
            meta: Default::default(),
            id: ArticleId::from("01_a"),
            title: String::new(),
            text: String::new(),
            url: None,
            source: Some("Wire".into()),
            time: Some("2025-03-12T08:00:00Z".into()),
            origin: Origin::default(),
        };
        let entry = ArticleEntry::from_article(&article);
        assert_eq!(entry.published.as_deref(), Some("2025-03-12"));
        assert_eq!(entry.outlet.as_deref(), Some("Wire"));
        assert_eq!(entry.id, "01_a");
    }

    #[test]
    fn unresolved_speakers_become_entities() {
        let quote = |speaker: &str, article: &str| model::Quote {
            kind: QuoteKind::Reported,
            speaker: speaker.into(),
            speaker_entity: None,
            role: None,
            text: "the dam was neglected".into(),
            articles: vec![ArticleId::from(article)],
            occurrences: Vec::new(),
        };
        let analysis = Analysis {
            quotes: vec![
                quote("protesters", "a"),
                quote("protesters", "b"),
                quote("Drevnia's foreign minister", "a"),
            ],
            ..Analysis::default()
        };
        let a = Annotation::from_analysis("x", Vec::new(), &analysis);
        assert_eq!(a.entities.len(), 2);
        assert_eq!(a.entities[0].name, "protesters");
        assert_eq!(a.entities[0].kind, "organization");
        assert_eq!(a.entities[0].articles, ["a", "b"]);
        assert_eq!(a.entities[1].kind, "person");
        assert_eq!(a.quotes[2].kind, "reported");
        let problems = a.schema_problems();
        assert!(
            !problems.iter().any(|p| p.contains("speaker")),
            "{problems:?}"
        );
    }

    #[test]
    fn noise_and_qualifiers_convert() {
        let analysis = Analysis {
            noise: vec![NoiseLine {
                article: ArticleId::from("a"),
                line: "Skip to main content".into(),
                reason: "title".into(),
            }],
            ..Analysis::default()
        };
        let a = Annotation::from_analysis("x", Vec::new(), &analysis);
        assert_eq!(a.noise[0].line, "Skip to main content");
        assert_eq!(a.noise[0].article, "a");
        assert_eq!(qualifier_name(Qualifier::AtLeast), "at least");
        assert_eq!(qualifier_name(Qualifier::LessThan), "up to");
    }
}
