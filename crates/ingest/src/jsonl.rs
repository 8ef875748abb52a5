//! JSON Lines: articles `{"title","text","url","source","time"}` and clusters
//! `{"id","summaries":[...],"articles":[...]}` (the format of Chorus's evaluation data).
//!
//! Unknown fields are ignored; a known field of the wrong type is an error that names it. A line
//! that does not parse, or parses into something else, is a diagnostic for that line; the other
//! lines are still read. An article of a cluster is read on its own: a bad one is a diagnostic
//! for that article, and the cluster keeps the others.

use serde_json::{Map, Value};

use crate::Error;

/// One article as it appears in JSON Lines input.
#[derive(Debug, Clone, Default)]
pub struct RawArticle {
    /// An id given by the input (`id` or `doc_id`), if any.
    pub id: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Body.
    pub text: Option<String>,
    /// Address.
    pub url: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Publication time, kept as written.
    pub time: Option<String>,
    /// Event label, in clustering sets.
    pub event_id: Option<String>,
    /// Catch-all label marker, in clustering sets (such articles are singletons).
    pub misc: bool,
}

impl RawArticle {
    /// The article an object holds. Unknown fields are ignored; a known field of the wrong type
    /// is an error that names it.
    pub fn from_object(mut object: Map<String, Value>) -> Result<RawArticle, Error> {
        let id = match loose_string(&mut object, "id")? {
            Some(id) => Some(id),
            None => loose_string(&mut object, "doc_id")?,
        };
        Ok(RawArticle {
            id,
            title: loose_string(&mut object, "title")?,
            text: loose_string(&mut object, "text")?,
            url: loose_string(&mut object, "url")?,
            source: loose_string(&mut object, "source")?,
            time: loose_string(&mut object, "time")?,
            event_id: loose_string(&mut object, "event_id")?,
            misc: match object.remove("misc") {
                None | Some(Value::Null) => false,
                Some(Value::Bool(misc)) => misc,
                Some(other) => return Err(wrong_type("misc", "true or false", &other)),
            },
        })
    }
}

/// A cluster of articles about one event, with reference summaries when it has them.
#[derive(Debug, Default)]
pub struct RawCluster {
    /// The cluster's id.
    pub id: Option<String>,
    /// Human reference summaries.
    pub summaries: Vec<String>,
    /// The date of the cluster's story (`YYYY-MM-DD`), in some sets.
    pub date: Option<String>,
    /// Headline of the reference, in some sets.
    pub summary_title: Option<String>,
    /// The articles in order, each read on its own, so that a bad one costs only itself.
    pub articles: Vec<Result<RawArticle, Error>>,
}

impl RawCluster {
    /// The cluster an object holds. Unknown fields are ignored; a known field of the wrong type
    /// is an error that names it, except in an article, which is an error of that article only.
    pub fn from_object(mut object: Map<String, Value>) -> Result<RawCluster, Error> {
        let id = loose_string(&mut object, "id")?;
        let summaries = match object.remove("summaries") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => (items.into_iter().enumerate())
                .map(|(n, item)| match item {
                    Value::String(summary) => Ok(summary),
                    other => Err(Error::Field {
                        field: "summaries",
                        expected: "an array of strings",
                        found: format!("{} as item {}", kind(&other), n + 1),
                    }),
                })
                .collect::<Result<_, _>>()?,
            Some(other) => return Err(wrong_type("summaries", "an array of strings", &other)),
        };
        let date = loose_string(&mut object, "date")?;
        let summary_title = loose_string(&mut object, "summary_title")?;
        let articles = match object.remove("articles") {
            Some(Value::Array(items)) => items.into_iter().map(article_of_value).collect(),
            Some(other) => return Err(wrong_type("articles", "an array of articles", &other)),
            None => Vec::new(),
        };
        Ok(RawCluster {
            id,
            summaries,
            date,
            summary_title,
            articles,
        })
    }
}

/// What one JSON line holds.
#[derive(Debug)]
pub enum Line {
    /// A single article.
    Article(RawArticle),
    /// A cluster of articles.
    Cluster(RawCluster),
}

/// Parses one line.
pub fn parse_line(line: &str) -> Result<Line, Error> {
    let value: Value = serde_json::from_str(line).map_err(Error::Json)?;
    parse_record(value)
}

/// Reads one parsed record: an object that is a cluster (it has `articles`) or an article (it
/// has `text`).
pub fn parse_record(value: Value) -> Result<Line, Error> {
    let Value::Object(object) = value else {
        return Err(not_an_object(&value));
    };
    if object.contains_key("articles") {
        return RawCluster::from_object(object).map(Line::Cluster);
    }
    if object.contains_key("text") {
        return RawArticle::from_object(object).map(Line::Article);
    }
    Err(Error::Shape(
        "object has neither \"text\" (an article) nor \"articles\" (a cluster)".to_owned(),
    ))
}

/// An article of a cluster: an object, read as one.
fn article_of_value(value: Value) -> Result<RawArticle, Error> {
    match value {
        Value::Object(object) => RawArticle::from_object(object),
        other => Err(not_an_object(&other)),
    }
}

fn not_an_object(value: &Value) -> Error {
    Error::Shape(format!("expected a JSON object, found {}", kind(value)))
}

fn wrong_type(field: &'static str, expected: &'static str, found: &Value) -> Error {
    Error::Field {
        field,
        expected,
        found: kind(found).to_owned(),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Takes a field that holds text. A number or a boolean is accepted as its text and null as
/// no value, so that `"time": 1476316800`, `"id": 17` or a numeric title do not reject an
/// otherwise good article; an array or an object is an error naming the field.
fn loose_string(
    object: &mut Map<String, Value>,
    field: &'static str,
) -> Result<Option<String>, Error> {
    Ok(match object.remove(field) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::Bool(b)) => Some(b.to_string()),
        Some(other) => return Err(wrong_type(field, "a string", &other)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_line_ignores_unknown_fields() {
        let line = r#"{"title":"T","text":"Body.","url":null,"source":"Wire","time":"2020-01-02","stance":"left"}"#;
        let Line::Article(a) = parse_line(line).unwrap() else {
            panic!("not an article")
        };
        assert_eq!(a.title.as_deref(), Some("T"));
        assert_eq!(a.source.as_deref(), Some("Wire"));
    }

    #[test]
    fn cluster_line() {
        let line = r#"{"id":"c1","summaries":["S."],"articles":[{"title":null,"text":"A."},{"text":"B.","time":5}]}"#;
        let Line::Cluster(c) = parse_line(line).unwrap() else {
            panic!("not a cluster")
        };
        assert_eq!(c.id.as_deref(), Some("c1"));
        assert_eq!(c.articles.len(), 2);
        assert_eq!(c.articles[1].as_ref().unwrap().time.as_deref(), Some("5"));
    }

    #[test]
    fn a_field_of_the_wrong_type_is_named() {
        let shown = |line: &str| parse_line(line).unwrap_err().to_string();
        assert_eq!(
            shown(r#"{"title":"Array text","text":["a","b"]}"#),
            "field \"text\": expected a string, found an array"
        );
        assert_eq!(
            shown(r#"{"title":{"en":"T"},"text":"Body."}"#),
            "field \"title\": expected a string, found an object"
        );
        assert_eq!(
            shown(r#"{"text":"Body.","misc":"yes"}"#),
            "field \"misc\": expected true or false, found a string"
        );
        assert_eq!(
            shown(r#"{"id":"c","summaries":["S.",3],"articles":[]}"#),
            "field \"summaries\": expected an array of strings, found a number as item 2"
        );
        assert_eq!(
            shown(r#"{"id":"c","articles":{"text":"A."}}"#),
            "field \"articles\": expected an array of articles, found an object"
        );
        // Numbers and booleans are text where text is expected, on purpose.
        let Line::Article(a) = parse_line(r#"{"title":42,"text":"B.","doc_id":7}"#).unwrap() else {
            panic!("not an article")
        };
        assert_eq!(
            (a.title.as_deref(), a.id.as_deref()),
            (Some("42"), Some("7"))
        );
    }

    #[test]
    fn a_bad_article_of_a_cluster_costs_only_itself() {
        let line = r#"{"id":"c1","articles":[{"title":"Good","text":"A."},{"title":42,"text":["bad"]},7]}"#;
        let Line::Cluster(c) = parse_line(line).unwrap() else {
            panic!("not a cluster")
        };
        assert_eq!(c.articles.len(), 3);
        assert_eq!(
            c.articles[0].as_ref().unwrap().title.as_deref(),
            Some("Good")
        );
        let errors: Vec<String> = c.articles[1..]
            .iter()
            .map(|a| a.as_ref().unwrap_err().to_string())
            .collect();
        assert_eq!(
            errors,
            [
                "field \"text\": expected a string, found an array",
                "expected a JSON object, found a number"
            ]
        );
    }

    #[test]
    fn shapes_are_errors() {
        assert!(matches!(parse_line("[1,2]"), Err(Error::Shape(_))));
        assert!(matches!(
            parse_line(r#"{"title":"no text"}"#),
            Err(Error::Shape(_))
        ));
        assert!(matches!(parse_line("{not json"), Err(Error::Json(_))));
        assert!(matches!(
            parse_line(r#"{"text":["a"]}"#),
            Err(Error::Field { field: "text", .. })
        ));
    }
}
