//! Coverage: the event's facts and which outlet reports which. Sentences of all articles are
//! clustered by the cosine of their TF-IDF content-stem vectors (a fact is a cluster), a fact is
//! kept when at least two independent articles report it (a copy of another article is not
//! independent), and each article gets its share of the facts and the facts most others report
//! that it leaves out.

use std::collections::{HashMap, HashSet};

use model::{Coverage, Document, Fact, Mention, OutletCoverage};

#[cfg(test)]
mod tests;

/// Cosine at or above which two sentences state the same fact (the support threshold of
/// `summarize`, measured there on the seed articles).
const SAME_FACT: f32 = 0.3;

/// Sentences with fewer content stems say too little to be a fact.
const MIN_STEMS: usize = 4;

type Vector = Vec<(u32, f32)>;

#[cfg(test)]
fn cosine(a: &Vector, b: &Vector) -> f32 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

/// The sentence vectors seen so far, by term (an inverted index), to find the earlier
/// sentences that share a term with a new one and their cosines, without comparing it with
/// every earlier sentence: an event of a few hundred articles has thousands of sentences.
struct EarlierSimilarities {
    /// By term id, each earlier sentence using the term (in order) with the term's weight.
    postings: Vec<Vec<(usize, f32)>>,
    /// By sentence, the dot product being summed for the new sentence (0 between sentences).
    dots: Vec<f32>,
    /// The sentences `dots` holds a sum for, and whether each sentence is one of them.
    touched: Vec<usize>,
    marked: Vec<bool>,
}

impl EarlierSimilarities {
    fn new(terms: usize, sentences: usize) -> Self {
        EarlierSimilarities {
            postings: vec![Vec::new(); terms],
            dots: vec![0.0; sentences],
            touched: Vec::new(),
            marked: vec![false; sentences],
        }
    }

    /// Each earlier sentence sharing a term with `v`, in order, with its [`cosine`] with `v`,
    /// the same to the bit: each dot product adds the products of the shared terms in
    /// increasing term id, as `cosine` does.
    fn sharing_terms_with(&mut self, v: &Vector) -> impl Iterator<Item = (usize, f32)> + '_ {
        for &(t, w) in v {
            for &(j, wj) in &self.postings[t as usize] {
                if !self.marked[j] {
                    self.marked[j] = true;
                    self.touched.push(j);
                }
                self.dots[j] += w * wj;
            }
        }
        self.touched.sort_unstable();
        let (dots, marked) = (&mut self.dots, &mut self.marked);
        self.touched.drain(..).map(move |j| {
            marked[j] = false;
            (j, std::mem::take(&mut dots[j]))
        })
    }

    /// Adds sentence `k`'s vector, after every earlier one.
    fn add(&mut self, k: usize, v: &Vector) {
        for &(t, w) in v {
            self.postings[t as usize].push((k, w));
        }
    }
}

/// The original an article copies, following chains of copies.
fn root(i: usize, copy_of: &[Option<usize>]) -> usize {
    let mut cur = i;
    for _ in 0..copy_of.len() {
        match copy_of.get(cur).copied().flatten() {
            Some(next) if next != cur && next < copy_of.len() => cur = next,
            _ => break,
        }
    }
    cur
}

/// Extracts the event's facts, each with the articles that report it, and each article's share
/// of them and notable omissions.
///
/// `copy_of[i]` is the index of the document that document `i` copies (from dedup); copies
/// count as one independent source with their original. Missing entries mean "no copy".
pub fn extract_coverage(docs: &[Document], copy_of: &[Option<usize>]) -> Coverage {
    let stemmer = segment::Stemmer::new();
    // (doc, sentence index, stems)
    let mut items: Vec<(usize, usize, Vec<String>)> = Vec::new();
    // Whether each item holds a grammatical negation: a statement and its negation share their
    // stems, but they are two facts (see `segment::NEGATIONS`).
    let mut negated: Vec<bool> = Vec::new();
    for (di, doc) in docs.iter().enumerate() {
        // A statement an article repeats word for word is one statement: only its first
        // sentence counts. (Pages that repeat a line thousands of times made the comparison of
        // sentences sharing terms grow with the square of the repeats.)
        let mut said: HashSet<Vec<String>> = HashSet::new();
        for s in &doc.sentences {
            let Some(text) = doc.article.text.get(s.start..s.end) else {
                continue;
            };
            let stems = segment::content_stems(text, &stemmer);
            if stems.len() >= MIN_STEMS && !said.contains(&stems) {
                said.insert(stems.clone());
                items.push((di, s.index, stems));
                negated.push(segment::has_negation(text));
            }
        }
    }
    // TF-IDF as `summarize` computes it: document frequency over articles, smoothed idf plus
    // one, sublinear term frequency.
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut df: Vec<u32> = Vec::new();
    let mut last_doc: Vec<usize> = Vec::new();
    let tf: Vec<HashMap<u32, f32>> = items
        .iter()
        .map(|(di, _, stems)| {
            let mut counts: HashMap<u32, f32> = HashMap::new();
            for st in stems {
                let next = ids.len() as u32;
                let id = *ids.entry(st.clone()).or_insert(next);
                if id as usize == df.len() {
                    df.push(0);
                    last_doc.push(usize::MAX);
                }
                if last_doc[id as usize] != *di {
                    last_doc[id as usize] = *di;
                    df[id as usize] += 1;
                }
                *counts.entry(id).or_default() += 1.0;
            }
            counts
        })
        .collect();
    let n = docs.len().max(1) as f32;
    let vectors: Vec<Vector> = tf
        .into_iter()
        .map(|counts| {
            let mut v: Vector = counts
                .into_iter()
                .map(|(id, c)| {
                    (
                        id,
                        (1.0 + c.ln()) * (((n + 1.0) / (df[id as usize] as f32 + 1.0)).ln() + 1.0),
                    )
                })
                .collect();
            v.sort_by_key(|(id, _)| *id);
            let norm = v
                .iter()
                .map(|(_, w)| w * w)
                .sum::<f32>()
                .sqrt()
                .max(f32::EPSILON);
            for (_, w) in &mut v {
                *w /= norm;
            }
            v
        })
        .collect();
    // Each sentence joins the fact holding its most similar earlier sentence of another
    // article that is alike in negation, or starts one.
    let mut leaders: Vec<usize> = Vec::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut cluster_of: Vec<usize> = Vec::with_capacity(vectors.len());
    let mut earlier = EarlierSimilarities::new(ids.len(), vectors.len());
    for (k, v) in vectors.iter().enumerate() {
        let best = earlier
            .sharing_terms_with(v)
            .filter(|&(j, _)| items[j].0 != items[k].0 && negated[j] == negated[k])
            .map(|(j, sim)| (cluster_of[j], sim))
            .filter(|(_, sim)| *sim >= SAME_FACT)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        earlier.add(k, v);
        match best {
            Some((c, _)) => {
                members[c].push(k);
                cluster_of.push(c);
            }
            None => {
                cluster_of.push(leaders.len());
                leaders.push(k);
                members.push(vec![k]);
            }
        }
    }
    let roots: Vec<usize> = (0..docs.len()).map(|i| root(i, copy_of)).collect();
    let mut independent_total: Vec<usize> = roots.clone();
    independent_total.sort_unstable();
    independent_total.dedup();
    let mut facts = Vec::new();
    let mut fact_docs: Vec<Vec<usize>> = Vec::new();
    for (c, ms) in members.iter().enumerate() {
        let mut ds: Vec<usize> = ms.iter().map(|&k| items[k].0).collect();
        ds.sort_unstable();
        ds.dedup();
        let mut independent: Vec<usize> = ds.iter().map(|&d| roots[d]).collect();
        independent.sort_unstable();
        independent.dedup();
        if independent.len() < 2 {
            continue;
        }
        let (di, si, _) = &items[leaders[c]];
        let doc = &docs[*di];
        let s = &doc.sentences[*si];
        facts.push(Fact {
            text: doc.article.text[s.start..s.end].to_owned(),
            origin: Mention {
                span: doc.span(s.start, s.end),
                sentence: s.index,
            },
            articles: ds.iter().map(|&d| docs[d].article.id.clone()).collect(),
        });
        // The fact's articles and their originals, sorted for lookup.
        let mut holders = independent;
        holders.extend(ds.iter().copied());
        holders.sort_unstable();
        holders.dedup();
        fact_docs.push(holders);
    }
    // What each outlet's line needs of a fact, worked out once per fact rather than once per
    // fact and outlet: its number of independent articles (its articles found by id, as the
    // first article of that id, and followed to their originals).
    let mut first_of_id: HashMap<&model::ArticleId, usize> = HashMap::new();
    for (d, doc) in docs.iter().enumerate() {
        first_of_id.entry(&doc.article.id).or_insert(d);
    }
    let support: Vec<usize> = facts
        .iter()
        .map(|fact| {
            fact.articles
                .iter()
                .filter_map(|a| first_of_id.get(a))
                .map(|&d| roots[d])
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        })
        .collect();
    let holds = |f: usize, d: usize| fact_docs[f].binary_search(&d).is_ok();
    let outlets = docs
        .iter()
        .enumerate()
        .map(|(di, doc)| {
            let reported = (0..facts.len())
                .filter(|&f| holds(f, di) || holds(f, roots[di]))
                .count();
            let share = if facts.is_empty() {
                0.0
            } else {
                reported as f64 / facts.len() as f64
            };
            let omissions = (0..facts.len())
                .filter(|&f| {
                    2 * support[f] > independent_total.len()
                        && !holds(f, di)
                        && !holds(f, roots[di])
                })
                .collect();
            OutletCoverage {
                article: doc.article.id.clone(),
                outlet: doc.article.source.clone(),
                share,
                omissions,
            }
        })
        .collect();
    Coverage { facts, outlets }
}
