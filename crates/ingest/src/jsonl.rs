//! JSON Lines: articles `{"title","text","url","source","time"}` (or a crawled page's `"html"`
//! in place of the text) and clusters
//! `{"id","summaries":[...],"articles":[...]}` (the format of Chorus's evaluation data); also a
//! JSON document that is one such record or an array of them, spread over many lines
//! ([`parse_document`]).
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
    /// The page the article was crawled from, as HTML: its article is extracted when the record
    /// has no text (a crawl's export of URL and page).
    pub html: Option<String>,
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
            html: loose_string(&mut object, "html")?,
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
/// has `text`, or a page's `html`).
pub fn parse_record(value: Value) -> Result<Line, Error> {
    let Value::Object(object) = value else {
        return Err(not_an_object(&value));
    };
    if object.contains_key("articles") {
        return RawCluster::from_object(object).map(Line::Cluster);
    }
    if object.contains_key("text") || object.contains_key("html") {
        return RawArticle::from_object(object).map(Line::Article);
    }
    Err(Error::Shape(
        "object has neither \"text\" nor \"html\" (an article) nor \"articles\" (a cluster)"
            .to_owned(),
    ))
}

/// One record of a JSON document, with where it starts.
#[derive(Debug)]
pub struct DocumentRecord {
    /// The 1-based line of the file it starts on.
    pub line: u64,
    /// Its 1-based position in the document's array, `None` when the document is one object.
    pub item: Option<usize>,
    /// What it holds.
    pub record: Result<Line, Error>,
}

/// The records of `text` when it is one JSON document: an object (one record) or an array of
/// records, each spread over any number of lines. `Err` holds the parser's error when `text` is
/// not one JSON document (JSON Lines of more than one record are not).
pub fn parse_document(text: &str) -> Result<Vec<DocumentRecord>, serde_json::Error> {
    let start = text.len() - text.trim_start().len();
    let mut lines = LineCounter::default();
    if !text[start..].starts_with('[') {
        let value: Value = serde_json::from_str(text)?;
        return Ok(vec![DocumentRecord {
            line: lines.line_at(text, start),
            item: None,
            record: parse_record(value),
        }]);
    }
    // Checked whole first, without building it, so that the items can then be read one at a
    // time and each be told apart by the line it starts on.
    serde_json::from_str::<serde::de::IgnoredAny>(text)?;
    let mut records = Vec::new();
    let mut at = start + 1;
    loop {
        at = skip_whitespace(text, at);
        if text[at..].starts_with(']') {
            break;
        }
        let mut items = serde_json::Deserializer::from_str(&text[at..]).into_iter::<Value>();
        let Some(Ok(value)) = items.next() else {
            // Not reached: the whole array parsed above.
            break;
        };
        records.push(DocumentRecord {
            line: lines.line_at(text, at),
            item: Some(records.len() + 1),
            record: parse_record(value),
        });
        at = skip_whitespace(text, at + items.byte_offset());
        if text[at..].starts_with(',') {
            at += 1;
        }
    }
    Ok(records)
}

/// Whether `text`, which is not one JSON document, is meant to be one all the same (a document
/// with a syntax error), rather than JSON Lines with a bad line: it has more than one line, its
/// first line opens a value it does not close, and no line holds a whole object on its own.
pub fn is_broken_document(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|line| !line.is_empty());
    let opens = lines.next().is_some_and(|first| {
        serde_json::from_str::<serde::de::IgnoredAny>(first).is_err_and(|e| e.is_eof())
    });
    let mut rest = lines.peekable();
    opens
        && rest.peek().is_some()
        && !rest.any(|line| {
            line.starts_with('{') && serde_json::from_str::<serde::de::IgnoredAny>(line).is_ok()
        })
}

/// The line of a broken document that `error` (from parsing it whole) is on: for input that
/// ends too soon, the last line that holds anything rather than the empty one after it.
pub fn line_of_error(text: &str, error: &serde_json::Error) -> u64 {
    if !error.is_eof() {
        return error.line() as u64;
    }
    let last = (text.lines().enumerate())
        .filter(|(_, line)| !line.trim().is_empty())
        .last();
    last.map_or(1, |(index, _)| index as u64 + 1)
}

/// Line numbers of byte offsets given in increasing order, counted once over the text.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: u64,
}

impl LineCounter {
    fn line_at(&mut self, text: &str, offset: usize) -> u64 {
        self.line += text.as_bytes()[self.offset..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.offset = offset;
        self.line + 1
    }
}

fn skip_whitespace(text: &str, from: usize) -> usize {
    from + text[from..].len() - text[from..].trim_start().len()
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

    #[test]
    fn a_document_is_an_object_or_an_array_of_records_over_many_lines() {
        let object = "\n{\n  \"title\": \"T\",\n  \"text\": \"Body.\"\n}\n";
        let records = parse_document(object).unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!((records[0].line, records[0].item), (2, None));
        assert!(matches!(records[0].record, Ok(Line::Article(_))));

        let array = "[\n  {\n    \"text\": \"A.\"\n  },\n  7 , {\"id\":\"c\",\"articles\":[]}\n]";
        let records = parse_document(array).unwrap();
        let lines: Vec<_> = records.iter().map(|r| (r.line, r.item)).collect();
        assert_eq!(lines, [(2, Some(1)), (5, Some(2)), (5, Some(3))]);
        assert!(matches!(records[0].record, Ok(Line::Article(_))));
        assert!(matches!(records[1].record, Err(Error::Shape(_))));
        assert!(matches!(records[2].record, Ok(Line::Cluster(_))));
        assert!(parse_document(" [ ] ").unwrap().is_empty());

        let lines = "{\"text\":\"A.\"}\n{\"text\":\"B.\"}\n";
        assert!(parse_document(lines).is_err(), "JSON Lines are no document");
    }

    #[test]
    fn a_broken_document_is_told_from_json_lines_with_a_bad_line() {
        assert!(is_broken_document(
            "[\n  {\"text\": \"A.\"},\n  {\"text\" \"B.\"}\n]\n"
        ));
        assert!(is_broken_document("{\n  \"text\": \"A.\",\n}\n"));
        assert!(is_broken_document("{\n\"text\": \"cut"));
        // One line is a line of JSON Lines, however broken.
        assert!(!is_broken_document("{\"text\": \"cut\n\n"));
        // The first line is cut, the next is a whole record: JSON Lines.
        assert!(!is_broken_document("{\"text\": \"cut\n{\"text\":\"B.\"}\n"));
        // The first line is a whole value: JSON Lines.
        assert!(!is_broken_document("{\"text\":\"A.\"}\n{broken\n"));
        assert!(!is_broken_document(""));
    }

    #[test]
    fn a_document_that_ends_too_soon_is_named_by_its_last_line() {
        let text = "[\n  {\"text\": \"A.\"}\n\n";
        let error = serde_json::from_str::<Value>(text).unwrap_err();
        assert_eq!((error.line(), line_of_error(text, &error)), (4, 2));
        let text = "{\n  \"text\" 1\n}";
        let error = serde_json::from_str::<Value>(text).unwrap_err();
        assert_eq!(line_of_error(text, &error), 2);
    }
}
