//! Test support shared by the analysis tests: builds [`Document`]s from annotated `.txt` events
//! the way the pipeline would (title line, noise lines dropped, blank-line paragraphs, sentences),
//! and scores predictions with the matching rules of the gold annotation README.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use model::{Article, ArticleId, Document, Entity, Origin, Quote, QuoteKind, Sentence};
use serde_json::Value;

/// One annotated event: its documents and the gold annotation.
pub(crate) struct Event {
    pub(crate) name: String,
    pub(crate) docs: Vec<Document>,
    pub(crate) gold: Value,
}

/// The seeds (`../shared`) and the built-in example, whichever are present.
pub(crate) fn events() -> Vec<Event> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let pairs = [
        (
            root.join("../../../shared/seeds"),
            root.join("../../../shared/annotations/seeds.json"),
        ),
        (
            root.join("../../examples/port-aurel-dam"),
            root.join("../../examples/annotations/port-aurel-dam.json"),
        ),
    ];
    for (dir, ann) in pairs {
        match load_event(&dir, &ann) {
            Some(event) => out.push(event),
            None => eprintln!("skipping {}: not found", ann.display()),
        }
    }
    out
}

fn load_event(dir: &Path, ann: &Path) -> Option<Event> {
    let gold: Value = serde_json::from_str(&std::fs::read_to_string(ann).ok()?).ok()?;
    let noise: HashSet<(String, String)> = gold["noise"]
        .as_array()?
        .iter()
        .map(|n| {
            (
                n["article"].as_str().unwrap_or_default().to_owned(),
                n["line"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let mut docs = Vec::new();
    for a in gold["articles"].as_array()? {
        let id = a["id"].as_str()?;
        let outlet = a["outlet"].as_str().map(str::to_owned);
        let raw = std::fs::read_to_string(dir.join(format!("{id}.txt"))).ok()?;
        docs.push(build_document(id, outlet, &raw, &|line| {
            noise.contains(&(id.to_owned(), line.to_owned()))
        }));
    }
    Some(Event {
        name: gold["name"].as_str()?.to_owned(),
        docs,
        gold,
    })
}

/// Builds a document from a `.txt` article: first non-empty line is the title, the rest is the
/// body; lines for which `is_noise` holds are dropped; paragraphs are runs of kept lines.
pub(crate) fn build_document(
    id: &str,
    outlet: Option<String>,
    raw: &str,
    is_noise: &dyn Fn(&str) -> bool,
) -> Document {
    let mut title = String::new();
    let mut body_start = raw.len();
    let mut offset = 0;
    for line in raw.split_inclusive('\n') {
        offset += line.len();
        if !line.trim().is_empty() {
            title = line.trim().to_owned();
            body_start = offset;
            break;
        }
    }
    let text = raw[body_start..].to_owned();
    let mut kept = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        if !trimmed.is_empty() && !is_noise(trimmed) {
            kept.push(pos..pos + content.len());
        }
        pos += line.len();
    }
    if is_noise(&title) && !kept.is_empty() {
        let first = kept.remove(0);
        title = text[first].trim().to_owned();
    }
    let paragraphs = segment::paragraphs(&text, &kept);
    let mut sentences = Vec::new();
    for (p, range) in paragraphs.iter().enumerate() {
        for s in segment::split_sentences_in(&text, range.clone()) {
            sentences.push(Sentence {
                index: sentences.len(),
                start: s.start,
                end: s.end,
                paragraph: p,
            });
        }
    }
    Document {
        article: Article {
            meta: Default::default(),
            id: ArticleId(id.to_owned()),
            title,
            text,
            url: None,
            source: outlet,
            time: None,
            origin: Origin::default(),
        },
        paragraphs,
        removed: Vec::new(),
        removed_title: None,
        sentences,
    }
}

/// A document from body text alone (fixtures): one paragraph per blank-line block.
pub(crate) fn doc(id: &str, body: &str) -> Document {
    build_document(id, None, &format!("Title\n\n{body}"), &|_| false)
}

/// The README normalization: lowercase, curly marks folded, hyphens/dashes/slashes to spaces,
/// other punctuation dropped, whitespace collapsed.
pub(crate) fn normalize(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            '-' | '‐' | '‑' | '–' | '—' | '/' => out.push(' '),
            c if c.is_alphanumeric() || c.is_whitespace() => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Bag-of-tokens F1 of two normalized texts.
pub(crate) fn token_f1(a: &str, b: &str) -> f64 {
    let ta: Vec<String> = normalize(a)
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect();
    let mut tb: Vec<String> = normalize(b)
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect();
    if ta.is_empty() || tb.is_empty() {
        return 0.0;
    }
    let (la, lb) = (ta.len(), tb.len());
    let mut common = 0;
    for t in ta {
        if let Some(i) = tb.iter().position(|x| *x == t) {
            tb.swap_remove(i);
            common += 1;
        }
    }
    if common == 0 {
        return 0.0;
    }
    let p = common as f64 / la as f64;
    let r = common as f64 / lb as f64;
    2.0 * p * r / (p + r)
}

/// Precision, recall, F1.
pub(crate) fn prf(tp: usize, npred: usize, ngold: usize) -> (f64, f64, f64) {
    let p = if npred == 0 {
        0.0
    } else {
        tp as f64 / npred as f64
    };
    let r = if ngold == 0 {
        0.0
    } else {
        tp as f64 / ngold as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

fn gold_names(g: &Value) -> HashSet<String> {
    let mut set: HashSet<String> = g["aliases"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).map(normalize).collect())
        .unwrap_or_default();
    set.insert(normalize(g["name"].as_str().unwrap_or_default()));
    set
}

fn entity_names(e: &Entity) -> HashSet<String> {
    let mut set: HashSet<String> = e.aliases.iter().map(|a| normalize(a)).collect();
    set.insert(normalize(&e.name));
    set
}

/// Entity matching of the README; returns (tp, predicted, gold) and prints misses when `verbose`.
pub(crate) fn score_entities(
    pred: &[Entity],
    gold: &Value,
    verbose: bool,
) -> (usize, usize, usize) {
    let golds = gold["entities"].as_array().cloned().unwrap_or_default();
    let names: Vec<HashSet<String>> = pred.iter().map(entity_names).collect();
    let mut used = vec![false; pred.len()];
    let mut tp = 0;
    for g in &golds {
        let gn = gold_names(g);
        let gname = normalize(g["name"].as_str().unwrap_or_default());
        let exact = (0..pred.len()).find(|&i| !used[i] && normalize(&pred[i].name) == gname);
        let any =
            exact.or_else(|| (0..pred.len()).find(|&i| !used[i] && !names[i].is_disjoint(&gn)));
        match any {
            Some(i) => {
                used[i] = true;
                tp += 1;
            }
            None if verbose => eprintln!("  entity FN: {}", g["name"]),
            None => {}
        }
    }
    if verbose {
        for (i, e) in pred.iter().enumerate() {
            if !used[i] {
                eprintln!("  entity FP: {} {:?}", e.name, e.aliases);
            }
        }
    }
    (tp, pred.len(), golds.len())
}

/// Quote matching of the README restricted to `kind` (all when `None`): (tp, predicted, gold).
pub(crate) fn score_quotes(
    pred: &[Quote],
    entities: &[Entity],
    gold: &Value,
    kind: Option<QuoteKind>,
    verbose: bool,
) -> (usize, usize, usize) {
    let gold_entities = gold["entities"].as_array().cloned().unwrap_or_default();
    let gq: Vec<&Value> = gold["quotes"]
        .as_array()
        .map(|a| a.iter().collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|q| match kind {
            None => true,
            Some(QuoteKind::Direct) => q["kind"] == "direct",
            Some(QuoteKind::Reported) => q["kind"] == "reported",
        })
        .collect();
    let pq: Vec<&Quote> = pred
        .iter()
        .filter(|q| kind.is_none_or(|k| q.kind == k))
        .collect();
    let speaker_names = |q: &Quote| {
        let mut set = HashSet::from([normalize(&q.speaker)]);
        if let Some(e) = q.speaker_entity.and_then(|i| entities.get(i)) {
            set.extend(entity_names(e));
        }
        set
    };
    let gold_speaker = |q: &Value| {
        let name = q["speaker"].as_str().unwrap_or_default();
        gold_entities
            .iter()
            .find(|e| e["name"] == name)
            .map(gold_names)
            .unwrap_or_else(|| HashSet::from([normalize(name)]))
    };
    let mut pairs = Vec::new();
    for (i, p) in pq.iter().enumerate() {
        let ps = speaker_names(p);
        for (j, g) in gq.iter().enumerate() {
            if ps.is_disjoint(&gold_speaker(g)) {
                continue;
            }
            let f = token_f1(&p.text, g["text"].as_str().unwrap_or_default());
            if f >= 0.7 {
                pairs.push((f, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut up, mut ug) = (vec![false; pq.len()], vec![false; gq.len()]);
    let mut tp = 0;
    for (_, i, j) in pairs {
        if !up[i] && !ug[j] {
            up[i] = true;
            ug[j] = true;
            tp += 1;
        }
    }
    if verbose {
        for (j, g) in gq.iter().enumerate() {
            if !ug[j] {
                eprintln!("  quote FN [{}] {}: {}", g["kind"], g["speaker"], g["text"]);
            }
        }
        for (i, p) in pq.iter().enumerate() {
            if !up[i] {
                eprintln!("  quote FP [{:?}] {}: {}", p.kind, p.speaker, p.text);
            }
        }
    }
    (tp, pq.len(), gq.len())
}
