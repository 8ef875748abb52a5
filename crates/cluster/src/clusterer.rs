//! [`Clusterer`]: the incremental clustering state (document frequencies, open events with their
//! centroids, an inverted index from terms to open events) and the one operation on it, [`add`].
//!
//! [`add`]: Clusterer::add

use std::cmp::Reverse;
use std::collections::hash_map::Entry as MapEntry;
use std::collections::{BTreeMap, BinaryHeap, HashMap};
use std::hash::{BuildHasherDefault, Hash, Hasher};

use model::{Article, ArticleId};
use serde::{Deserialize, Serialize};

use crate::ClusterConfig;
use crate::features::{Extractor, Features};
use crate::time::parse_time;

mod state;

/// The id of an event: 0 for the first event a [`Clusterer`] opens, then 1, 2, ...
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventId(pub u64);

impl std::fmt::Display for EventId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "e{}", self.0)
    }
}

/// One event as the clusterer holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Its id.
    pub id: EventId,
    /// Its articles, in the order they were added.
    pub articles: Vec<ArticleId>,
    /// Earliest publication time of its articles, in days since 1970-01-01 (see
    /// [`parse_time`](crate::parse_time)); `None` when no article had a readable time.
    pub first_time: Option<f64>,
    /// Latest publication time of its articles, as `first_time`.
    pub last_time: Option<f64>,
    /// Whether it can still take articles. A closed event never reopens.
    pub open: bool,
}

/// Incremental, time-aware event clustering of a stream of articles.
///
/// Feed articles in publication order with [`add`](Self::add); each joins the best-matching open
/// event or opens a new one. The result depends only on the configuration and the sequence of
/// articles: feeding a stream in one call sequence or in several batches to the same clusterer
/// (or to one restored from its serialized state) gives the same events.
///
/// Memory is bounded by the open events: an event is closed, and its centroid dropped, when it has
/// taken no article for [`ClusterConfig::close_after_days`] (in publication time) or
/// [`ClusterConfig::close_after_articles`] (in stream position). Closed events stay listed by
/// [`events`](Self::events) until [`drain_closed`](Self::drain_closed) hands them over. The
/// document frequencies are kept for the terms of the open events and of the last period of
/// `close_after_articles` articles; a term that is neither is forgotten when the next period
/// starts, and counts as new if it comes back.
///
/// Its state serializes (for a checkpoint between runs) in the compact layout of the `state`
/// module; a restored clusterer makes the same decisions as the one saved.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "state::Stored")]
pub struct Clusterer {
    config: ClusterConfig,
    extractor: Extractor,
    /// Articles added so far: the stream position of the next article.
    seen: u64,
    /// Newest publication time seen, in days.
    now: Option<f64>,
    /// Every content and name term seen, with its document frequency and the open events holding
    /// it (see [`Vocabulary`]).
    content: Vocabulary,
    names: Vocabulary,
    /// Events not yet drained, open and closed, by id.
    events: BTreeMap<EventId, Event>,
    /// Centroids of the open events.
    centroids: HashMap<EventId, Centroid, BuildHasherDefault<TermHasher>>,
    /// The heaps below, like the vocabularies' lists of open events, follow from the centroids
    /// and events, so they are not serialized: a restored clusterer rebuilds them (see
    /// [`Self::rebuild_indexes`]) before its first article, which gives the same decisions (a
    /// lookup sees the open events holding a term, whatever the order of the list; a heap closes
    /// the same events in the same order).
    ///
    /// Open events by the stream position of their last article, earliest on top (stale entries
    /// are skipped).
    by_position: BinaryHeap<Reverse<(u64, EventId)>>,
    /// Open events by their latest publication time in whole seconds, earliest on top.
    by_time: BinaryHeap<Reverse<(i64, EventId)>>,
    /// Whether the index and heaps reflect the open events (false after deserializing).
    indexed: bool,
    /// No open event has a lower id (rebuilt with the index).
    first_open: u64,
    /// Scratch space of [`Self::best_event`] (see [`SharedWeights`]).
    shared: SharedWeights,
    /// [`DENSE_EVENTS`], lowered by tests to take the hash map's way.
    dense_limit: u64,
    next_id: u64,
}

/// The events that share an article's top terms don't need a hash map: an open event's id lies
/// in `first_open..next_id`, so its sum can sit at `id - first_open` of a flat array, read back
/// through the list of places touched. A stamp per place tells a sum of this article from an
/// earlier one's, so nothing is cleared between articles. Used while that span holds at most
/// [`DENSE_EVENTS`] ids (12 bytes each); beyond, a hash map as before.
#[derive(Debug, Clone, Default)]
struct SharedWeights {
    sums: Vec<f64>,
    stamps: Vec<u32>,
    touched: Vec<u32>,
    stamp: u32,
}

/// Most ids between the oldest open event and the newest for which [`SharedWeights`] keeps its
/// sums in a flat array (12 MB).
const DENSE_EVENTS: u64 = 1 << 20;

/// Sums of the unit TF-IDF vectors of an event's articles, per channel.
///
/// A hash map per channel: scoring looks each of the article's terms up in the candidate's map.
/// Sorted vectors walked side by side with the article's were measured slower (`chorus
/// bench-ingest --articles 50000`: clusterer 18.8 s against 10.3 s), since a centroid holds
/// several times the terms of an article.
///
/// On that stream an article's ~330 terms meet about 40 maps (20 candidates, two channels) of
/// 2,100 terms on average: 6,400 lookups, of which 49% find the term, and scoring is about 60%
/// of [`Clusterer::add_features`] (choosing candidates 15%, [`Clusterer::weigh`] 11%, joining
/// 11%). Measured slower than the std map (clusterer thread CPU per article, `add_features`
/// alone on the same 50,000 articles, alternating runs, the same decisions in every variant):
/// a blocked Bloom filter (8 to 16 bits per term) in front of each map, 156-171 µs against
/// 142-147 µs, since hashbrown's control bytes already are such a filter at the same size and
/// half the lookups then pay for both; open addressing with the term and its entry in one
/// 16-byte slot, at most half full, the home slots of 16 terms read before any is compared,
/// 177-186 µs against 142-155 µs; the same with hashbrown's layout (a tag byte per slot, groups
/// of 16 compared at once, seven eighths full), 242-248 µs against 141-151 µs. Reusing the
/// per-article buffers of [`Clusterer::best_event`], the entry API in `add_vector` and a
/// per-article memo of the IDF of rare terms moved it by under the noise (about 2%).
///
/// The maps are keyed by the terms' [`TermId`]s rather than their 64-bit hashes, so that an
/// entry takes 12 bytes instead of 16 and a candidate's hits fall on fewer cache lines. With the
/// lists of open events reached by id as well (see [`Vocabulary`]), the clusterer alone on
/// 200,000 articles of `chorus bench-ingest`'s stream took 23.4 / 23.6 s against 26.6 / 32.2 s
/// (alternating runs, the same decisions), and the whole ingest peaked 150 MB lower.
#[derive(Debug, Clone, Default)]
struct Centroid {
    content: IdMap<Entry>,
    content_norm2: f64,
    names: IdMap<Entry>,
    names_norm2: f64,
    /// Stream position of the last article.
    last_position: u64,
    /// Articles mostly in CJK scripts, and the others.
    cjk_articles: u32,
    other_articles: u32,
    /// The event's time span, as [`Event::first_time`] and [`Event::last_time`], kept here too so
    /// that scoring a candidate reads one record (restored from the event, not serialized).
    first_time: Option<f64>,
    last_time: Option<f64>,
}

/// One term of a centroid: its summed weight, and where the event stands in the term's list of
/// open events (so that closing the event unlists it without searching the list).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Entry {
    weight: f32,
    listed_at: u32,
}

/// A term's place in its channel's [`Vocabulary`]: 0 for the first term the channel saw, then
/// 1, 2, ..., except that a new term takes the id of a forgotten one first.
type TermId = u32;

/// Every term one channel has seen.
///
/// Weighing an article looks each of its terms up here once, which gives the term's document
/// frequency and its [`TermId`]; everything after that (the lists of open events, the
/// centroids) is reached through the id, by index or in a map of 4-byte keys, and no other
/// 64-bit hash is looked up. The lists and the term hashes grow with the vocabulary, as the
/// document frequencies do (about 60 bytes a term in all), not with the number of articles.
///
/// A term that no open event holds and no article has had for a whole period of
/// [`ClusterConfig::close_after_articles`] articles is forgotten (see [`Vocabulary::forget`]):
/// it belonged to events that closed, and a stream brings new names all the time (the
/// generated stream of `chorus bench-ingest` about five new names an article), so keeping every
/// term ever seen would make memory grow with the closed events after all. A forgotten term that
/// comes back counts as new, its document frequency starting again at one, and its id is given
/// to the next new term.
#[derive(Debug, Clone, Default)]
struct Vocabulary {
    /// Each term's id, document frequency and the period it was last counted in, by term hash.
    slots: TermMap<Slot>,
    /// The term hash of each id (a forgotten term's hash stays until its id is given again).
    terms: Vec<u64>,
    /// The open events holding each term, by id, exactly: an event is listed when its centroid
    /// gains the term and unlisted when it closes, in constant time (each centroid entry keeps
    /// its position in the term's list), so a lookup never filters a list and a list's length is
    /// the number of open events holding the term. A term no open event holds has an empty list
    /// without an allocation.
    events: Vec<Vec<EventId>>,
    /// Ids of forgotten terms, given to new terms before any new id.
    free: Vec<TermId>,
}

/// A term's entry in [`Vocabulary::slots`].
#[derive(Debug, Clone, Copy, PartialEq)]
struct Slot {
    id: TermId,
    df: u32,
    /// The period (see [`Clusterer::period`]) of the last article counted with the term.
    last: u32,
}

impl Vocabulary {
    /// A vocabulary of these terms, with these document frequencies and last periods and no open
    /// events; each term's id is its place in `terms`, which must be distinct.
    fn from_terms(terms: Vec<u64>, df: &[u32], last: &[u32]) -> Self {
        debug_assert_eq!(terms.len(), df.len());
        debug_assert_eq!(terms.len(), last.len());
        let mut slots = TermMap::default();
        slots.reserve(terms.len());
        for (id, ((&term, &df), &last)) in terms.iter().zip(df).zip(last).enumerate() {
            let id = TermId::try_from(id).expect("under 2^32 terms");
            slots.insert(term, Slot { id, df, last });
        }
        Vocabulary {
            slots,
            events: vec![Vec::new(); terms.len()],
            terms,
            free: Vec::new(),
        }
    }

    /// Counts one more article holding `term`, in `period`, and returns its slot (a new term
    /// gets a forgotten term's id, or the next one).
    fn count(&mut self, term: u64, period: u32) -> Slot {
        let slot = match self.slots.entry(term) {
            MapEntry::Occupied(slot) => slot.into_mut(),
            MapEntry::Vacant(vacant) => {
                let id = match self.free.pop() {
                    Some(id) => {
                        self.terms[id as usize] = term;
                        id
                    }
                    None => {
                        let id = TermId::try_from(self.terms.len()).expect("under 2^32 terms");
                        self.terms.push(term);
                        self.events.push(Vec::new());
                        id
                    }
                };
                vacant.insert(Slot { id, df: 0, last: 0 })
            }
        };
        slot.df += 1;
        slot.last = period;
        *slot
    }

    /// Forgets the terms that no open event holds and no article counted in `before` or a later
    /// period has had, and returns how many. Their ids go to the next new terms; the maps keep
    /// their capacity for them.
    fn forget(&mut self, before: u32) -> usize {
        let events = &self.events;
        let free = &mut self.free;
        let held = free.len();
        self.slots.retain(|_, slot| {
            let keep = slot.last >= before || !events[slot.id as usize].is_empty();
            if !keep {
                free.push(slot.id);
            }
            keep
        });
        free.len() - held
    }

    /// The document frequency of a term.
    #[cfg(test)]
    fn df(&self, term: u64) -> Option<u32> {
        self.slots.get(&term).map(|slot| slot.df)
    }

    /// The id of a term.
    fn id(&self, term: u64) -> Option<TermId> {
        self.slots.get(&term).map(|slot| slot.id)
    }

    /// Whether some open event holds the term.
    fn held(&self, id: TermId) -> bool {
        !self.events[id as usize].is_empty()
    }
}

/// Which channel of a centroid, for code that reaches a centroid through its id.
#[derive(Debug, Clone, Copy)]
enum Channel {
    Content,
    Names,
}

impl Centroid {
    fn channel_mut(&mut self, channel: Channel) -> &mut IdMap<Entry> {
        match channel {
            Channel::Content => &mut self.content,
            Channel::Names => &mut self.names,
        }
    }
}

/// An article as weighted unit vectors, each sorted by term hash.
struct Weighted {
    content: Vec<Weight>,
    names: Vec<Weight>,
    cjk: bool,
}

/// One term of a [`Weighted`] article.
#[derive(Debug, Clone, Copy)]
struct Weight {
    term: u64,
    id: TermId,
    weight: f32,
}

/// What the clusterer reads of one article: its term counts per channel and its publication
/// time. Extracting them needs no clusterer state, so a [`FeatureExtractor`] can do it ahead, on
/// another thread, and [`Clusterer::add_features`] only decides.
#[derive(Debug, Clone)]
pub struct ArticleFeatures {
    features: Features,
    time: Option<f64>,
}

/// Extracts [`ArticleFeatures`] for a [`Clusterer`] of the same configuration. It holds a stem
/// cache and buffers, nothing that changes a decision.
#[derive(Debug, Clone)]
pub struct FeatureExtractor {
    config: ClusterConfig,
    extractor: Extractor,
}

impl FeatureExtractor {
    /// An extractor for clusterers of this configuration.
    pub fn new(config: &ClusterConfig) -> Self {
        FeatureExtractor {
            config: config.clone(),
            extractor: Extractor::default(),
        }
    }

    /// The features of an article (its title, text and time are read), as
    /// [`Clusterer::add`] would extract them.
    pub fn extract(&mut self, article: &Article) -> ArticleFeatures {
        ArticleFeatures {
            features: self
                .extractor
                .extract(&article.title, &article.text, &self.config),
            time: article.time.as_deref().and_then(parse_time),
        }
    }

    /// The features of an article given by its parts: `text` is what the clusterer should read
    /// as the body (for example the kept text rather than the raw one).
    pub fn extract_parts(
        &mut self,
        title: &str,
        text: &str,
        time: Option<&str>,
    ) -> ArticleFeatures {
        ArticleFeatures {
            features: self.extractor.extract(title, text, &self.config),
            time: time.and_then(parse_time),
        }
    }
}

impl Clusterer {
    /// An empty clusterer.
    pub fn new(config: &ClusterConfig) -> Self {
        Clusterer {
            config: config.clone(),
            extractor: Extractor::default(),
            seen: 0,
            now: None,
            content: Vocabulary::default(),
            names: Vocabulary::default(),
            events: BTreeMap::new(),
            centroids: HashMap::default(),
            by_position: BinaryHeap::new(),
            by_time: BinaryHeap::new(),
            indexed: true,
            first_open: 0,
            shared: SharedWeights::default(),
            dense_limit: DENSE_EVENTS,
            next_id: 0,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &ClusterConfig {
        &self.config
    }

    /// Adds an article (its title, text and time are read) and returns the event it joined or
    /// opened.
    pub fn add(&mut self, article: &Article) -> EventId {
        let features = ArticleFeatures {
            features: self
                .extractor
                .extract(&article.title, &article.text, &self.config),
            time: article.time.as_deref().and_then(parse_time),
        };
        self.add_features(&article.id, &features)
    }

    /// Adds an article whose features a [`FeatureExtractor`] of the same configuration extracted
    /// (possibly on another thread), and returns the event it joined or opened. The decision is
    /// exactly the one [`add`](Self::add) makes for the article.
    pub fn add_features(&mut self, article: &ArticleId, features: &ArticleFeatures) -> EventId {
        if !self.indexed {
            self.rebuild_indexes();
        }
        let position = self.seen;
        self.seen += 1;
        let time = features.time;
        if let Some(t) = time {
            self.now = Some(self.now.map_or(t, |now| now.max(t)));
        }
        self.close_stale(position);
        let period = self.period(position);
        if position > 0 && position % self.config.close_after_articles.max(1) == 0 {
            // The terms of the period before last that nothing holds and nothing has had since.
            let before = period.saturating_sub(1);
            self.content.forget(before);
            self.names.forget(before);
        }

        let weighted = self.weigh(&features.features, period);
        let best = self.best_event(&weighted, time);
        let id = match best {
            Some(id) => id,
            None => self.open_event(),
        };
        self.join(id, &weighted, article, time, position);
        id
    }

    /// Events held: open ones and closed ones not yet drained, by id.
    pub fn events(&self) -> impl Iterator<Item = &Event> {
        self.events.values()
    }

    /// The event with this id, while it is held.
    pub fn event(&self, id: EventId) -> Option<&Event> {
        self.events.get(&id)
    }

    /// Number of open events.
    pub fn open_count(&self) -> usize {
        self.centroids.len()
    }

    /// Removes the closed events from the clusterer and returns them by id, so that a caller that
    /// stores them elsewhere keeps the clusterer's memory bounded.
    pub fn drain_closed(&mut self) -> Vec<Event> {
        let closed: Vec<EventId> = self
            .events
            .values()
            .filter(|e| !e.open)
            .map(|e| e.id)
            .collect();
        closed
            .into_iter()
            .filter_map(|id| self.events.remove(&id))
            .collect()
    }

    /// The period of a stream position: the number of whole
    /// [`ClusterConfig::close_after_articles`] before it. A term is forgotten at the start of a
    /// period when no open event holds it and no article of the period before had it.
    fn period(&self, position: u64) -> u32 {
        u32::try_from(position / self.config.close_after_articles.max(1)).unwrap_or(u32::MAX)
    }

    /// Updates the document frequencies with the article's terms (counted in `period`) and
    /// returns its unit TF-IDF vectors (sublinear term frequency, smoothed IDF).
    fn weigh(&mut self, features: &Features, period: u32) -> Weighted {
        let docs = self.seen as f64;
        // Each term is listed once per channel, so counting the article and reading the count
        // in one pass gives the frequencies of all articles up to and including this one.
        let weigh = |terms: &[(u64, f32)], vocabulary: &mut Vocabulary| {
            let mut out: Vec<Weight> = terms
                .iter()
                .map(|&(term, count)| {
                    let slot = vocabulary.count(term, period);
                    let df = f64::from(slot.df);
                    let idf = ((1.0 + docs) / (1.0 + df)).ln() + 1.0;
                    Weight {
                        term,
                        id: slot.id,
                        weight: ((1.0 + f64::from(count).ln()) * idf) as f32,
                    }
                })
                .collect();
            let norm = out
                .iter()
                .map(|t| f64::from(t.weight) * f64::from(t.weight))
                .sum::<f64>()
                .sqrt();
            if norm > 0.0 {
                for t in &mut out {
                    t.weight = (f64::from(t.weight) / norm) as f32;
                }
            }
            out
        };
        Weighted {
            content: weigh(&features.content, &mut self.content),
            names: weigh(&features.names, &mut self.names),
            cjk: features.cjk,
        }
    }

    /// The open event with the highest score at or above the threshold (the lower id on a tie).
    fn best_event(&mut self, article: &Weighted, time: Option<f64>) -> Option<EventId> {
        // Each open event sharing a top term, with the article weight of the terms it shares,
        // summed in the same order whether in the flat array or in the map.
        let base = self.first_open;
        let dense = self.next_id - base <= self.dense_limit;
        let mut flat = std::mem::take(&mut self.shared);
        let mut map: HashMap<EventId, f64, FastHash> = HashMap::default();
        if dense {
            let span = (self.next_id - base) as usize;
            if flat.sums.len() < span {
                flat.sums.resize(span, 0.0);
                flat.stamps.resize(span, 0);
            }
            flat.stamp = flat.stamp.wrapping_add(1);
            if flat.stamp == 0 {
                flat.stamps.fill(0);
                flat.stamp = 1;
            }
            flat.touched.clear();
        } else {
            // Sized for a typical article at a large open window (a few hundred candidates
            // before the cut), so that filling it does not rehash.
            map.reserve(1024);
        }
        let k = self.config.candidate_terms;
        let max_events = self.config.max_term_events;
        for (terms, vocabulary) in [
            (&article.content, &self.content),
            (&article.names, &self.names),
        ] {
            for term in top_terms(terms, k) {
                // A term no open event holds has an empty list, which adds nothing.
                let events = &vocabulary.events[term.id as usize];
                if events.len() > max_events {
                    continue;
                }
                let weight = f64::from(term.weight);
                for &id in events.iter() {
                    if dense {
                        debug_assert!(id.0 >= base && id.0 < self.next_id, "open ids");
                        let at = (id.0 - base) as usize;
                        if flat.stamps[at] != flat.stamp {
                            flat.stamps[at] = flat.stamp;
                            flat.sums[at] = 0.0;
                            flat.touched.push(at as u32);
                        }
                        flat.sums[at] += weight;
                    } else {
                        *map.entry(id).or_default() += weight;
                    }
                }
            }
        }
        let mut candidates: Vec<(f64, EventId)> = if dense {
            flat.touched
                .iter()
                .map(|&at| (flat.sums[at as usize], EventId(base + u64::from(at))))
                .collect()
        } else {
            map.into_iter().map(|(id, w)| (w, id)).collect()
        };
        self.shared = flat;
        // The events of most shared weight (the lower id on a tie), scored in id order: selecting
        // them leaves them in no particular order, which the sort by id makes irrelevant, and
        // costs linear time where sorting every event that shares a top term (hundreds at a
        // large open window) did not.
        let max = self.config.max_candidates;
        if candidates.len() > max && max > 0 {
            candidates
                .select_nth_unstable_by(max - 1, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        }
        candidates.truncate(max);
        // Events of the article's script only that share far less of its top weight than the
        // best candidate are not scored (see `ClusterConfig::candidate_share`).
        let top = candidates.iter().map(|c| c.0).fold(0.0, f64::max);
        let floor = self.config.candidate_share * top;
        candidates.retain(|&(shared, id)| {
            shared >= floor || {
                let centroid = &self.centroids[&id];
                let other_script = if article.cjk {
                    centroid.other_articles
                } else {
                    centroid.cjk_articles
                };
                other_script > 0
            }
        });
        if candidates.is_empty() {
            return None;
        }
        candidates.sort_unstable_by_key(|&(_, id)| id);
        // Terms no open event holds are in no candidate's centroid: scoring looks up only the
        // others, in the same order, so every sum is the one over all terms.
        let held_terms = |terms: &[Weight], vocabulary: &Vocabulary| {
            terms
                .iter()
                .copied()
                .filter(|term| vocabulary.held(term.id))
                .collect()
        };
        let held = Weighted {
            content: held_terms(&article.content, &self.content),
            names: held_terms(&article.names, &self.names),
            cjk: article.cjk,
        };
        let strong = self.strong_score(article);
        let mut best: Option<(f64, EventId)> = None;
        for (_, id) in candidates {
            let score = self.score(id, &held, strong, time);
            if score >= self.config.threshold && best.is_none_or(|(s, _)| score > s) {
                best = Some((score, id));
            }
        }
        best.map(|(_, id)| id)
    }

    /// The article's score against one open event: the content evidence (see [`Self::evidence`])
    /// less the time penalty, which the evidence scales down from the whole article's `strong`
    /// score (see [`Self::strong_score`]). `article` may hold only the terms some open event
    /// holds: the others add nothing to the evidence.
    fn score(&self, id: EventId, article: &Weighted, strong: f64, time: Option<f64>) -> f64 {
        let config = &self.config;
        let centroid = &self.centroids[&id];
        let evidence = self.evidence(centroid, article);
        let (Some(t), Some(first), Some(last)) = (time, centroid.first_time, centroid.last_time)
        else {
            return evidence;
        };
        let gap = if t < first {
            first - t
        } else if t > last {
            t - last
        } else {
            0.0
        };
        let over = (gap - config.time_grace_days).max(0.0);
        let penalty = (over * config.time_penalty_per_day).min(config.max_time_penalty);
        // Strong evidence outweighs time: the penalty is whole at the threshold and shrinks
        // linearly to nothing at the article's strong score.
        let scale = ((strong - evidence) / (strong - config.threshold).max(1e-9)).clamp(0.0, 1.0);
        evidence - penalty * scale
    }

    /// How well the article's words and names match one open event, before time is considered.
    fn evidence(&self, centroid: &Centroid, article: &Weighted) -> f64 {
        let config = &self.config;
        let same_script = if article.cjk {
            centroid.cjk_articles > 0
        } else {
            centroid.other_articles > 0
        };
        let names = cosine(&article.names, &centroid.names, centroid.names_norm2);
        if same_script {
            let content = cosine(&article.content, &centroid.content, centroid.content_norm2);
            config.content_weight * content + config.names_weight * names
        } else {
            // Across scripts only names, numbers and dates can match. A CJK article names few of
            // them, so how much of the article's name weight the event holds (containment) says
            // more than the cosine, which the event's many other names dilute.
            config.cross_script_cosine_weight * names
                + config.cross_script_containment_weight
                    * containment(&article.names, &centroid.names)
        }
    }

    /// The evidence at which the time penalty vanishes for this article. The longer the article,
    /// the less an unrelated event shares with it by chance: reports of a few hundred words
    /// score under 0.17 against the events they do not belong to in `giveme5w1h_news_cluster`,
    /// while 60-word snippets on one topic but of different stories reach 0.6 in
    /// `allsides_roundups`. So a long article that matches an event is believed across weeks,
    /// and a short one only when it is close in time.
    fn strong_score(&self, article: &Weighted) -> f64 {
        let config = &self.config;
        if config.strong_terms <= 0.0 {
            return config.strong_score;
        }
        let terms = article.content.len().max(1) as f64;
        config.strong_score * (config.strong_terms / terms).powf(config.strong_exponent)
    }

    fn open_event(&mut self) -> EventId {
        let id = EventId(self.next_id);
        self.next_id += 1;
        self.events.insert(
            id,
            Event {
                id,
                articles: Vec::new(),
                first_time: None,
                last_time: None,
                open: true,
            },
        );
        self.centroids.insert(id, Centroid::default());
        id
    }

    fn join(
        &mut self,
        id: EventId,
        article: &Weighted,
        article_id: &ArticleId,
        time: Option<f64>,
        position: u64,
    ) {
        let centroid = self.centroids.get_mut(&id).expect("joined events are open");
        add_vector(
            &mut centroid.content,
            &mut centroid.content_norm2,
            &article.content,
            &mut self.content.events,
            id,
        );
        add_vector(
            &mut centroid.names,
            &mut centroid.names_norm2,
            &article.names,
            &mut self.names.events,
            id,
        );
        centroid.last_position = position;
        if let Some(t) = time {
            centroid.first_time = Some(centroid.first_time.map_or(t, |f| f.min(t)));
            centroid.last_time = Some(centroid.last_time.map_or(t, |l| l.max(t)));
        }
        if article.cjk {
            centroid.cjk_articles += 1;
        } else {
            centroid.other_articles += 1;
        }
        self.by_position.push(Reverse((position, id)));
        let event = self.events.get_mut(&id).expect("open events are held");
        event.articles.push(article_id.clone());
        if let Some(t) = time {
            event.first_time = Some(event.first_time.map_or(t, |f| f.min(t)));
            let last = event.last_time.map_or(t, |l| l.max(t));
            if event.last_time != Some(last) {
                event.last_time = Some(last);
                self.by_time.push(Reverse((seconds(last), id)));
            }
        }
    }

    /// Rebuilds the inverted index and the closing heaps from the open events, which is all they
    /// hold once lookups and closings have dropped their stale entries.
    fn rebuild_indexes(&mut self) {
        for vocabulary in [&mut self.content, &mut self.names] {
            for list in &mut vocabulary.events {
                *list = Vec::new();
            }
        }
        self.by_position.clear();
        self.by_time.clear();
        self.first_open = self
            .centroids
            .keys()
            .map(|id| id.0)
            .min()
            .unwrap_or(self.next_id);
        for event in self.events.values().filter(|e| e.open) {
            let Some(centroid) = self.centroids.get_mut(&event.id) else {
                continue;
            };
            centroid.first_time = event.first_time;
            centroid.last_time = event.last_time;
            for (vector, lists) in [
                (&mut centroid.content, &mut self.content.events),
                (&mut centroid.names, &mut self.names.events),
            ] {
                for (&term, entry) in vector.iter_mut() {
                    let list = &mut lists[term as usize];
                    entry.listed_at = listed_at(list);
                    list.push(event.id);
                }
            }
            self.by_position
                .push(Reverse((centroid.last_position, event.id)));
            if let Some(last) = event.last_time {
                self.by_time.push(Reverse((seconds(last), event.id)));
            }
        }
        self.indexed = true;
    }

    /// Closes the events that took no article for too long, before the article at `position`.
    fn close_stale(&mut self, position: u64) {
        let window = self.config.close_after_articles;
        while let Some(&Reverse((last, id))) = self.by_position.peek() {
            if position.saturating_sub(last) <= window {
                break;
            }
            self.by_position.pop();
            let current = self.centroids.get(&id).map(|c| c.last_position);
            if current == Some(last) {
                self.close(id);
            }
        }
        let Some(now) = self.now else { return };
        let horizon = seconds(now - self.config.close_after_days);
        while let Some(&Reverse((last, id))) = self.by_time.peek() {
            if last >= horizon {
                break;
            }
            self.by_time.pop();
            let current = self
                .events
                .get(&id)
                .and_then(|e| e.open.then_some(e.last_time));
            if current.flatten().map(seconds) == Some(last) {
                self.close(id);
            }
        }
    }

    /// Closes an open event: drops its centroid and unlists it from the inverted index.
    fn close(&mut self, id: EventId) {
        if let Some(centroid) = self.centroids.remove(&id) {
            for (vector, channel, lists) in [
                (
                    &centroid.content,
                    Channel::Content,
                    &mut self.content.events,
                ),
                (&centroid.names, Channel::Names, &mut self.names.events),
            ] {
                for (&term, entry) in vector {
                    unlist(lists, &mut self.centroids, channel, term, entry.listed_at);
                }
            }
        }
        if let Some(event) = self.events.get_mut(&id) {
            event.open = false;
        }
        // Each id is passed once over the whole stream, so this costs constant time per event.
        while self.first_open < self.next_id
            && !self.centroids.contains_key(&EventId(self.first_open))
        {
            self.first_open += 1;
        }
    }
}

/// The position the next event pushed on this posting list takes.
fn listed_at(list: &[EventId]) -> u32 {
    u32::try_from(list.len()).expect("fewer than 2^32 open events")
}

/// Removes the event at `position` from the list of open events holding the term `id` (by
/// swapping the last one into its place and updating that event's centroid entry), and frees
/// the list once it is empty.
fn unlist(
    lists: &mut [Vec<EventId>],
    centroids: &mut HashMap<EventId, Centroid, FastHash>,
    channel: Channel,
    id: TermId,
    position: u32,
) {
    let list = &mut lists[id as usize];
    let position_usize = position as usize;
    list.swap_remove(position_usize);
    if let Some(moved) = list.get(position_usize) {
        centroids
            .get_mut(moved)
            .and_then(|c| c.channel_mut(channel).get_mut(&id))
            .expect("listed events hold the term")
            .listed_at = position;
    } else if list.is_empty() {
        *list = Vec::new();
    }
}

/// Adds a unit vector to a centroid sum, keeping its squared norm and the lists of open events.
fn add_vector(
    sum: &mut IdMap<Entry>,
    norm2: &mut f64,
    vector: &[Weight],
    lists: &mut [Vec<EventId>],
    id: EventId,
) {
    // |S + v|² = |S|² + 2 S·v + |v|², with the dot product taken before S changes.
    let mut dot = 0.0;
    let mut self_dot = 0.0;
    for term in vector {
        let w = f64::from(term.weight);
        self_dot += w * w;
        match sum.get_mut(&term.id) {
            Some(s) => {
                dot += f64::from(s.weight) * w;
                s.weight += w as f32;
            }
            None => {
                let list = &mut lists[term.id as usize];
                let listed_at = listed_at(list);
                list.push(id);
                sum.insert(
                    term.id,
                    Entry {
                        weight: w as f32,
                        listed_at,
                    },
                );
            }
        }
    }
    *norm2 += 2.0 * dot + self_dot;
}

/// Cosine of a unit vector with a centroid sum of squared norm `norm2`.
fn cosine(vector: &[Weight], sum: &IdMap<Entry>, norm2: f64) -> f64 {
    if norm2 <= 0.0 || vector.is_empty() {
        return 0.0;
    }
    let dot: f64 = vector
        .iter()
        .filter_map(|t| {
            sum.get(&t.id)
                .map(|s| f64::from(s.weight) * f64::from(t.weight))
        })
        .sum();
    dot / norm2.sqrt()
}

/// Share of a unit vector's squared weight on terms the centroid holds.
fn containment(vector: &[Weight], sum: &IdMap<Entry>) -> f64 {
    vector
        .iter()
        .filter(|t| sum.contains_key(&t.id))
        .map(|t| f64::from(t.weight) * f64::from(t.weight))
        .sum()
}

/// The `k` terms of highest weight (the lower hash on a tie, so the choice is deterministic).
fn top_terms(terms: &[Weight], k: usize) -> Vec<Weight> {
    let heavier_first =
        |a: &Weight, b: &Weight| b.weight.total_cmp(&a.weight).then(a.term.cmp(&b.term));
    let mut sorted: Vec<Weight> = terms.to_vec();
    // The order is total (terms are distinct), so selecting the first `k` and sorting them
    // gives the same list as sorting all.
    if k < sorted.len() {
        sorted.select_nth_unstable_by(k, heavier_first);
        sorted.truncate(k);
    }
    sorted.sort_unstable_by(heavier_first);
    sorted
}

/// Days as whole seconds, the key of the time heap.
fn seconds(days: f64) -> i64 {
    (days * 86_400.0).round() as i64
}

/// A map keyed by term hashes, which are already uniformly distributed.
type TermMap<V> = HashMap<u64, V, BuildHasherDefault<TermHasher>>;

/// A map keyed by term ids.
type IdMap<V> = HashMap<TermId, V, BuildHasherDefault<TermHasher>>;

/// The fast hasher of [`TermMap`], for other keys of the clusterer (event ids, words).
pub(crate) type FastHash = BuildHasherDefault<TermHasher>;

/// A hasher for keys that are already hashes: one multiply, no SipHash.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct TermHasher(u64);

impl Hash for EventId {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.0);
    }
}

impl Hasher for TermHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn write_u32(&mut self, value: u32) {
        self.write_u64(u64::from(value));
    }
}

#[cfg(test)]
impl Clusterer {
    /// Sums the shared top-term weights in a hash map, never in the flat array.
    pub(crate) fn without_flat_sums(mut self) -> Self {
        self.dense_limit = 0;
        self
    }

    /// Terms of each channel held now (content, names), forgotten ones not counted.
    pub(crate) fn vocabulary_len(&self) -> (usize, usize) {
        (self.content.slots.len(), self.names.slots.len())
    }

    /// The document frequency of a content term, `None` for a term not held.
    pub(crate) fn content_df(&self, term: u64) -> Option<u32> {
        self.content.df(term)
    }

    /// Checks the lists of open events against the straightforward computation from the
    /// centroids: a term's list holds exactly the open events whose centroid holds the term (each
    /// once), every centroid entry records its event's position in that list, an empty list holds
    /// no allocation, and every term's id is its place in the vocabulary. Panics with what
    /// differs.
    pub(crate) fn assert_index_matches_centroids(&self) {
        for (channel, vocabulary) in [
            (Channel::Content, &self.content),
            (Channel::Names, &self.names),
        ] {
            assert_eq!(
                vocabulary.terms.len(),
                vocabulary.slots.len() + vocabulary.free.len()
            );
            assert_eq!(vocabulary.terms.len(), vocabulary.events.len());
            let mut ids: Vec<TermId> = vocabulary.free.clone();
            for (&term, slot) in &vocabulary.slots {
                assert_eq!(
                    vocabulary.terms[slot.id as usize], term,
                    "{channel:?} term {term}"
                );
                ids.push(slot.id);
            }
            for &id in &vocabulary.free {
                assert!(
                    vocabulary.events[id as usize].is_empty(),
                    "{channel:?}: forgotten term {id} is held"
                );
            }
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(
                ids.len(),
                vocabulary.terms.len(),
                "{channel:?}: ids given twice"
            );
        }
        if !self.indexed {
            return;
        }
        assert!(
            self.centroids.keys().all(|id| id.0 >= self.first_open),
            "no open event below first_open"
        );
        for (channel, vocabulary) in [
            (Channel::Content, &self.content),
            (Channel::Names, &self.names),
        ] {
            let mut expected: Vec<Vec<EventId>> = vec![Vec::new(); vocabulary.events.len()];
            for (&id, centroid) in &self.centroids {
                let vector = match channel {
                    Channel::Content => &centroid.content,
                    Channel::Names => &centroid.names,
                };
                for (&term, entry) in vector {
                    expected[term as usize].push(id);
                    assert_eq!(
                        vocabulary.events[term as usize].get(entry.listed_at as usize),
                        Some(&id),
                        "{channel:?} term {term}: {id} is not where its centroid says"
                    );
                }
            }
            let mut actual = vocabulary.events.clone();
            for list in actual.iter_mut().chain(expected.iter_mut()) {
                list.sort_unstable();
            }
            assert_eq!(actual, expected, "{channel:?} lists");
            assert!(
                vocabulary
                    .events
                    .iter()
                    .all(|list| !list.is_empty() || list.capacity() == 0),
                "{channel:?}: an empty list keeps its allocation"
            );
        }
    }
}
