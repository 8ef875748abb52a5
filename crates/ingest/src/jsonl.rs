//! JSON Lines: articles `{"title","text","url","source","time"}` and clusters
//! `{"id","summaries":[...],"articles":[...]}` (the format of Chorus's evaluation data).
//!
//! Unknown fields are ignored. A line that does not parse, or parses into something else, is a
//! diagnostic for that line; the other lines are still read.

use serde::Deserialize;
use serde_json::Value;

use crate::Error;

/// One article as it appears in JSON Lines input.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RawArticle {
    /// An id given by the input (`id` or `doc_id`), if any.
    #[serde(default, alias = "doc_id", deserialize_with = "loose_string")]
    pub id: Option<String>,
    /// Headline.
    #[serde(default, deserialize_with = "loose_string")]
    pub title: Option<String>,
    /// Body.
    #[serde(default, deserialize_with = "loose_string")]
    pub text: Option<String>,
    /// Address.
    #[serde(default, deserialize_with = "loose_string")]
    pub url: Option<String>,
    /// Outlet.
    #[serde(default, deserialize_with = "loose_string")]
    pub source: Option<String>,
    /// Publication time, kept as written.
    #[serde(default, deserialize_with = "loose_string")]
    pub time: Option<String>,
    /// Event label, in clustering sets.
    #[serde(default, deserialize_with = "loose_string")]
    pub event_id: Option<String>,
    /// Catch-all label marker, in clustering sets (such articles are singletons).
    #[serde(default)]
    pub misc: bool,
}

/// A cluster of articles about one event, with reference summaries when it has them.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RawCluster {
    /// The cluster's id.
    #[serde(default, deserialize_with = "loose_string")]
    pub id: Option<String>,
    /// Human reference summaries.
    #[serde(default)]
    pub summaries: Vec<String>,
    /// The date of the cluster's story (`YYYY-MM-DD`), in some sets.
    #[serde(default, deserialize_with = "loose_string")]
    pub date: Option<String>,
    /// Headline of the reference, in some sets.
    #[serde(default, deserialize_with = "loose_string")]
    pub summary_title: Option<String>,
    /// The articles.
    pub articles: Vec<RawArticle>,
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
    let Value::Object(map) = &value else {
        return Err(Error::Shape(format!(
            "expected a JSON object, found {}",
            kind(&value)
        )));
    };
    if map.contains_key("articles") {
        let cluster: RawCluster = serde_json::from_value(value).map_err(Error::Json)?;
        return Ok(Line::Cluster(cluster));
    }
    if map.contains_key("text") {
        let article: RawArticle = serde_json::from_value(value).map_err(Error::Json)?;
        return Ok(Line::Article(article));
    }
    Err(Error::Shape(
        "object has neither \"text\" (an article) nor \"articles\" (a cluster)".to_owned(),
    ))
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

/// Accepts a string, a number or null where a string is expected, so that `"time": 1476316800`
/// or `"id": 17` do not reject an otherwise good article.
fn loose_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Null => None,
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        other => {
            return Err(serde::de::Error::custom(format!(
                "expected a string, found {}",
                kind(&other)
            )));
        }
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
        assert_eq!(c.articles[1].time.as_deref(), Some("5"));
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
            Err(Error::Json(_))
        ));
    }
}
