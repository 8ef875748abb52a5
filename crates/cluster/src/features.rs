//! What the clusterer compares: an article's hashed terms in two channels, with their counts.
//!
//! - **Content**: English content stems (stopwords dropped, Snowball stems; other Latin-script
//!   languages pass through the stemmer mostly unchanged) and, for Chinese, Japanese and Korean
//!   text, which has no spaces, overlapping character bigrams.
//! - **Names**: what survives translation and transliteration: capitalized words and acronyms
//!   ("Venezuela", "SMART", "COVID-19") and adjacent pairs of them ("leonard glenn"), Latin-script
//!   words inside CJK text, numbers of two or more digits ("2015", "93", "200,000" as "200000"),
//!   and month-day dates in English, Malay and Chinese ("Sep 21", "21 September", "9月21日" are
//!   one feature).
//!
//! Title words count [`ClusterConfig::title_repeat`] times in both channels.

use std::collections::HashMap;
use std::sync::OnceLock;

use segment::{Stemmer, is_stopword, word_ranges};
use xxhash_rust::xxh3::xxh3_64;

use crate::ClusterConfig;
use crate::clusterer::FastHash;
use crate::gazetteer;

/// Term counts of one article, each channel sorted by term hash with one entry per term.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Features {
    /// Content stems and CJK bigrams.
    pub(crate) content: Vec<(u64, f32)>,
    /// Names, numbers and dates.
    pub(crate) names: Vec<(u64, f32)>,
    /// Whether most of the letters are Chinese, Japanese or Korean.
    pub(crate) cjk: bool,
}

/// Builds [`Features`]; owns the stemmer and reusable buffers.
#[derive(Debug, Default, Clone)]
pub(crate) struct Extractor {
    stemmer: Stemmer,
    content: Vec<(u64, f32)>,
    names: Vec<(u64, f32)>,
    /// Lowercase word -> hash of its stem, or `None` for a stopword: news reuses a small
    /// vocabulary, so most words skip the stemmer and the stopword search. Keyed by the word's
    /// xxh3 hash, as terms are: no string is hashed byte by byte, compared or copied, and two
    /// words of one 64-bit hash would share a stem just as two stems of one hash share a term.
    stems: HashMap<u64, Option<u64>, FastHash>,
    /// The lowercase form of the current word.
    lower: String,
}

/// Words remembered by the stem cache before it starts over (a few MB).
const STEM_CACHE_WORDS: usize = 100_000;

/// The channel prefix of a hashed term, so that a stem and a name never share a hash.
const CONTENT: u8 = b'c';
const NAME: u8 = b'n';
const DATE: u8 = b'd';

impl Extractor {
    /// The features of one article's title and body.
    pub(crate) fn extract(&mut self, title: &str, text: &str, config: &ClusterConfig) -> Features {
        self.content.clear();
        self.names.clear();
        let repeat = config.title_repeat as f32;
        if repeat > 0.0 {
            self.add_text(title, repeat, config);
        }
        self.add_text(text, 1.0, config);
        let (mut cjk, mut letters) = (0usize, 0usize);
        for part in [title, text] {
            // No ASCII letter is CJK, and an ASCII char is alphabetic when it is a letter: ASCII
            // bytes are counted in one pass without decoding, each other char is decoded at its
            // lead byte (0xC0 and up).
            let bytes = part.as_bytes();
            letters += bytes.iter().filter(|b| b.is_ascii_alphabetic()).count();
            if part.is_ascii() {
                continue;
            }
            for (i, &b) in bytes.iter().enumerate() {
                if b < 0xC0 {
                    continue;
                }
                let c = part[i..]
                    .chars()
                    .next()
                    .expect("a char starts at a lead byte");
                if c.is_alphabetic() {
                    letters += 1;
                    cjk += usize::from(segment::is_cjk(c));
                }
            }
        }
        Features {
            content: merge(&mut self.content),
            names: merge(&mut self.names),
            // A CJK character carries about as much as a short Latin word: a third of the letters
            // is a CJK text with Latin names in it.
            cjk: cjk * 3 > letters,
        }
    }

    fn add_text(&mut self, text: &str, weight: f32, config: &ClusterConfig) {
        // Tokens of the text, split further where the script changes between CJK and the rest:
        // `word_ranges` keeps "对COVID-19的免疫力" as one run of alphanumerics.
        let mut pieces: Vec<Piece<'_>> = Vec::new();
        for range in word_ranges(text) {
            let word = &text[range.clone()];
            if word.is_ascii() {
                // No ASCII char is CJK: the word is one piece.
                pieces.push(Piece::new(word, false, range.start));
                continue;
            }
            let mut start = 0;
            let mut cjk = None;
            for (i, c) in word.char_indices() {
                let this = segment::is_cjk(c);
                if cjk.is_some_and(|prev| prev != this) {
                    pieces.push(Piece::new(
                        &word[start..i],
                        cjk == Some(true),
                        range.start + start,
                    ));
                    start = i;
                }
                cjk = Some(this);
            }
            pieces.push(Piece::new(
                &word[start..],
                cjk == Some(true),
                range.start + start,
            ));
        }
        // The previous piece's name and where it ends, when that piece was a name; the buffers
        // are swapped, not reallocated, from one name to the next.
        let mut previous_end: Option<usize> = None;
        let (mut previous, mut name, mut pair) = (String::new(), String::new(), String::new());
        for (k, piece) in pieces.iter().enumerate() {
            if piece.cjk {
                self.add_cjk(piece.text, weight);
                self.add_cjk_date(&pieces, k, weight);
                previous_end = None;
                continue;
            }
            normalize_into(piece.text, &mut self.lower);
            let lower = self.lower.strip_suffix("'s").unwrap_or(&self.lower);
            if lower.is_empty() {
                continue;
            }
            if let Some(number) = number(lower) {
                if number.len() >= 2 {
                    self.names.push((hash(NAME, &number), weight));
                }
                self.content.push((hash(CONTENT, &number), weight));
                self.add_latin_date(&pieces, k, &number, weight);
                previous_end = None;
                continue;
            }
            let key = xxh3_64(lower.as_bytes());
            let stem = match self.stems.get(&key) {
                Some(&stem) => stem,
                None => {
                    let stem = (!is_stopword(lower)
                        && lower.chars().count() >= config.min_word_chars)
                        .then(|| hash(CONTENT, &self.stemmer.stem(lower)));
                    if self.stems.len() >= STEM_CACHE_WORDS {
                        self.stems.clear();
                    }
                    self.stems.insert(key, stem);
                    stem
                }
            };
            let Some(stem) = stem else {
                previous_end = None;
                continue;
            };
            self.content.push((stem, weight));
            let capitalized = piece.text.chars().next().is_some_and(char::is_uppercase);
            let in_cjk = k > 0 && pieces[k - 1].cjk || pieces.get(k + 1).is_some_and(|p| p.cjk);
            if (capitalized || in_cjk) && !is_month(lower) {
                // "U.S." and "US" are one name.
                name.clear();
                if lower.contains('.') {
                    name.extend(lower.chars().filter(|&c| c != '.'));
                } else {
                    name.push_str(lower);
                }
                self.names.push((hash(NAME, &name), weight));
                if let Some(english) = english_alias(&name) {
                    self.names.push((hash(NAME, english), weight));
                }
                if let Some(end) = previous_end {
                    // Adjacent names only: "Leonard Glenn", not "Leonard ... Glenn".
                    if text[end..piece.start].bytes().all(|b| b == b' ') {
                        pair.clear();
                        pair.push_str(&previous);
                        pair.push(' ');
                        pair.push_str(&name);
                        self.names.push((hash(NAME, &pair), weight));
                        if let Some(english) = english_alias(&pair) {
                            self.names.push((hash(NAME, english), weight));
                        }
                    }
                }
                std::mem::swap(&mut previous, &mut name);
                previous_end = Some(piece.start + piece.text.len());
            } else {
                previous_end = None;
            }
        }
    }

    /// Overlapping character bigrams of a CJK run (a lone character counts as itself), and the
    /// English name of every place or body of the gazetteer it writes.
    fn add_cjk(&mut self, run: &str, weight: f32) {
        let chars: Vec<char> = run.chars().collect();
        let gazetteer = chinese_gazetteer();
        let mut i = 0;
        while i < chars.len() {
            let found = gazetteer.get(&chars[i]).and_then(|entries| {
                // Entries are sorted longest first, so "印度尼西亚" wins over "印度".
                entries
                    .iter()
                    .find(|(name, _)| chars[i..].starts_with(name))
            });
            match found {
                Some((name, english)) => {
                    self.names.push((hash(NAME, english), weight));
                    i += name.len();
                }
                None => i += 1,
            }
        }
        if chars.len() == 1 {
            let mut buf = [0u8; 4];
            self.content
                .push((hash(CONTENT, chars[0].encode_utf8(&mut buf)), weight));
            return;
        }
        let mut buf = String::new();
        for pair in chars.windows(2) {
            buf.clear();
            buf.push(pair[0]);
            buf.push(pair[1]);
            self.content.push((hash(CONTENT, &buf), weight));
        }
    }

    /// "9月21日": the CJK run "月" after a number and before a number followed by "日".
    fn add_cjk_date(&mut self, pieces: &[Piece<'_>], k: usize, weight: f32) {
        if pieces[k].text != "月" || k == 0 {
            return;
        }
        let (Some(month), Some(day), Some(after)) = (
            pieces.get(k - 1).and_then(|p| p.text.parse::<u32>().ok()),
            pieces.get(k + 1).and_then(|p| p.text.parse::<u32>().ok()),
            pieces.get(k + 2),
        ) else {
            return;
        };
        if after.text.starts_with('日') || after.text.starts_with('号') {
            self.push_date(month, day, weight);
        }
    }

    /// "Sep 21", "September 21", "21 September", "21 Sept": a day number next to a month name.
    fn add_latin_date(&mut self, pieces: &[Piece<'_>], k: usize, number: &str, weight: f32) {
        let Ok(day) = number.parse::<u32>() else {
            return;
        };
        let month_at = |i: usize| {
            pieces
                .get(i)
                .filter(|p| !p.cjk)
                .and_then(|p| month_number(&normalize(p.text)))
        };
        let month = k
            .checked_sub(1)
            .and_then(month_at)
            .or_else(|| month_at(k + 1));
        if let Some(month) = month {
            self.push_date(month, day, weight);
        }
    }

    fn push_date(&mut self, month: u32, day: u32, weight: f32) {
        if (1..=12).contains(&month) && (1..=31).contains(&day) {
            let key = format!("{month}-{day}");
            self.names.push((hash(DATE, &key), weight));
        }
    }
}

/// Gazetteer entries by first character: the name as chars, and its English name feature.
type Gazetteer = HashMap<char, Vec<(Vec<char>, &'static str)>>;

/// The Chinese gazetteer by first character, longest names first.
fn chinese_gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(|| {
        let mut map = Gazetteer::new();
        for &(name, english) in gazetteer::CHINESE {
            let chars: Vec<char> = name.chars().collect();
            map.entry(chars[0]).or_default().push((chars, english));
        }
        for entries in map.values_mut() {
            entries.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        }
        map
    })
}

/// English long forms and their name features, looked up before the Malay gazetteer.
const ENGLISH: &[(&str, &str)] = &[
    ("united states", "us"),
    ("usa", "us"),
    ("united nations", "un"),
    ("united kingdom", "britain"),
    ("uk", "britain"),
    ("european union", "eu"),
];

/// The English name feature of a Malay place name or an English long form ("united states").
fn english_alias(name: &str) -> Option<&'static str> {
    // A map built once: every name of an article is looked up, and scanning the lists compared
    // each with every entry. The first entry of a name wins, as in a scan of the lists.
    // The fast hasher: the lookup is on the path of every name, and SipHash dominated it.
    static ALIASES: OnceLock<HashMap<&'static str, &'static str, FastHash>> = OnceLock::new();
    let aliases = ALIASES.get_or_init(|| {
        let mut aliases = HashMap::default();
        for &(from, to) in ENGLISH.iter().chain(gazetteer::MALAY) {
            if from != to {
                aliases.entry(from).or_insert(to);
            }
        }
        aliases
    });
    aliases.get(name).copied()
}

/// One token piece: a word, a number or a CJK run, with its byte offset in the text.
struct Piece<'a> {
    text: &'a str,
    cjk: bool,
    start: usize,
}

impl<'a> Piece<'a> {
    fn new(text: &'a str, cjk: bool, start: usize) -> Self {
        Piece { text, cjk, start }
    }
}

/// Sorts by hash and sums the counts of equal terms; leaves the buffer empty.
fn merge(terms: &mut Vec<(u64, f32)>) -> Vec<(u64, f32)> {
    terms.sort_unstable_by_key(|&(term, _)| term);
    let mut out: Vec<(u64, f32)> = Vec::with_capacity(terms.len());
    for &(term, count) in terms.iter() {
        match out.last_mut() {
            Some((last, total)) if *last == term => *total += count,
            _ => out.push((term, count)),
        }
    }
    terms.clear();
    out
}

fn hash(channel: u8, term: &str) -> u64 {
    xxh3_64(term.as_bytes()) ^ (u64::from(channel) << 56).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Lowercase, curly apostrophes folded to `'`, Unicode hyphens to `-`.
fn normalize(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    normalize_into(word, &mut out);
    out
}

/// [`normalize`] into a reused buffer.
fn normalize_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    for c in word.chars() {
        match c {
            '’' | 'ʼ' | '‘' => out.push('\''),
            '‐' | '‑' => out.push('-'),
            _ => out.extend(c.to_lowercase()),
        }
    }
}

/// The digits of a number token ("200,000" -> "200000", "3.5" -> "3.5"), or `None` for a word.
fn number(word: &str) -> Option<String> {
    if !word.starts_with(|c: char| c.is_ascii_digit())
        || !word
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
    {
        return None;
    }
    Some(word.chars().filter(|&c| c != ',').collect())
}

/// Month names and abbreviations in English and Malay/Indonesian, lowercase.
fn month_number(word: &str) -> Option<u32> {
    let word = word.strip_suffix('.').unwrap_or(word);
    let month = match word {
        "jan" | "january" | "januari" => 1,
        "feb" | "february" | "februari" | "pebruari" => 2,
        "mar" | "march" | "mac" | "maret" => 3,
        "apr" | "april" => 4,
        "may" | "mei" => 5,
        "jun" | "june" | "juni" => 6,
        "jul" | "july" | "julai" | "juli" => 7,
        "aug" | "august" | "ogos" | "agustus" | "agu" => 8,
        "sep" | "sept" | "september" => 9,
        "oct" | "october" | "oktober" | "okt" => 10,
        "nov" | "november" => 11,
        "dec" | "december" | "disember" | "desember" | "dis" | "des" => 12,
        _ => return None,
    };
    Some(month)
}

/// Month names are dates, not names: "September" alone says little about the event.
fn is_month(word: &str) -> bool {
    month_number(word).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_alias_is_the_first_entry_of_the_lists() {
        let lists = gazetteer::MALAY;
        for name in lists
            .iter()
            .chain(ENGLISH)
            .flat_map(|&(from, to)| [from, to])
            .chain(["", "paris", "amerika syarikat"])
        {
            // The plain definition: a scan of the lists, English first.
            let scanned = ENGLISH
                .iter()
                .chain(lists)
                .find(|&&(from, to)| from == name && from != to)
                .map(|&(_, to)| to);
            assert_eq!(english_alias(name), scanned, "{name}");
        }
    }

    fn names(title: &str, text: &str) -> Vec<u64> {
        let config = ClusterConfig::default();
        let f = Extractor::default().extract(title, text, &config);
        f.names.iter().map(|&(t, _)| t).collect()
    }

    #[test]
    fn names_survive_across_scripts() {
        let zh = names(
            "",
            "法兰西斯（Leonard Glenn Francis）周二在委内瑞拉（Venezuela）被捕，9月21日",
        );
        let en = names(
            "",
            "Leonard Glenn Francis was arrested in Venezuela on Sep 21.",
        );
        for term in [
            hash(NAME, "venezuela"),
            hash(NAME, "leonard glenn"),
            hash(NAME, "francis"),
            hash(DATE, "9-21"),
        ] {
            assert!(zh.contains(&term) && en.contains(&term));
        }
    }

    #[test]
    fn numbers_are_normalized_and_short_ones_are_not_names() {
        let f = Extractor::default().extract(
            "",
            "200,000 people, 7 days, 93%",
            &ClusterConfig::default(),
        );
        assert!(f.names.iter().any(|&(t, _)| t == hash(NAME, "200000")));
        assert!(f.names.iter().any(|&(t, _)| t == hash(NAME, "93")));
        assert!(!f.names.iter().any(|&(t, _)| t == hash(NAME, "7")));
        assert!(f.content.iter().any(|&(t, _)| t == hash(CONTENT, "7")));
    }

    #[test]
    fn cjk_runs_become_bigrams_and_title_counts_more() {
        let config = ClusterConfig::default();
        let f = Extractor::default().extract("新加坡", "新加坡", &config);
        let count = |s: &str| {
            f.content
                .iter()
                .find(|&&(t, _)| t == hash(CONTENT, s))
                .map(|&(_, c)| c)
        };
        assert_eq!(count("新加"), Some(config.title_repeat as f32 + 1.0));
        assert_eq!(count("加坡"), count("新加"));
        assert_eq!(count("新加坡"), None);
    }

    #[test]
    fn channels_are_sorted_and_merged() {
        let f = Extractor::default().extract(
            "Aleppo",
            "Aleppo Aleppo bombing in Aleppo",
            &ClusterConfig::default(),
        );
        for channel in [&f.content, &f.names] {
            assert!(channel.windows(2).all(|w| w[0].0 < w[1].0));
        }
    }

    /// [`Extractor::extract`] as it was before the ASCII letter count and the reused name
    /// buffers (and without the stem cache): the reference the fast path must equal bit for bit.
    fn extract_reference(title: &str, text: &str, config: &ClusterConfig) -> Features {
        let mut x = Extractor::default();
        let repeat = config.title_repeat as f32;
        if repeat > 0.0 {
            add_text_reference(&mut x, title, repeat, config);
        }
        add_text_reference(&mut x, text, 1.0, config);
        let (mut cjk, mut letters) = (0usize, 0usize);
        for c in title
            .chars()
            .chain(text.chars())
            .filter(|c| c.is_alphabetic())
        {
            letters += 1;
            cjk += usize::from(segment::is_cjk(c));
        }
        Features {
            content: merge(&mut x.content),
            names: merge(&mut x.names),
            cjk: cjk * 3 > letters,
        }
    }

    fn add_text_reference(x: &mut Extractor, text: &str, weight: f32, config: &ClusterConfig) {
        let mut pieces: Vec<Piece<'_>> = Vec::new();
        for range in word_ranges(text) {
            let word = &text[range.clone()];
            let mut start = 0;
            let mut cjk = None;
            for (i, c) in word.char_indices() {
                let this = segment::is_cjk(c);
                if cjk.is_some_and(|prev| prev != this) {
                    pieces.push(Piece::new(
                        &word[start..i],
                        cjk == Some(true),
                        range.start + start,
                    ));
                    start = i;
                }
                cjk = Some(this);
            }
            pieces.push(Piece::new(
                &word[start..],
                cjk == Some(true),
                range.start + start,
            ));
        }
        let mut previous_name: Option<(String, usize)> = None;
        for (k, piece) in pieces.iter().enumerate() {
            if piece.cjk {
                x.add_cjk(piece.text, weight);
                x.add_cjk_date(&pieces, k, weight);
                previous_name = None;
                continue;
            }
            let lower = normalize(piece.text);
            let lower = lower.strip_suffix("'s").unwrap_or(&lower);
            if lower.is_empty() {
                continue;
            }
            if let Some(number) = number(lower) {
                if number.len() >= 2 {
                    x.names.push((hash(NAME, &number), weight));
                }
                x.content.push((hash(CONTENT, &number), weight));
                x.add_latin_date(&pieces, k, &number, weight);
                previous_name = None;
                continue;
            }
            let stem = (!is_stopword(lower) && lower.chars().count() >= config.min_word_chars)
                .then(|| hash(CONTENT, &x.stemmer.stem(lower)));
            let Some(stem) = stem else {
                previous_name = None;
                continue;
            };
            x.content.push((stem, weight));
            let capitalized = piece.text.chars().next().is_some_and(char::is_uppercase);
            let in_cjk = k > 0 && pieces[k - 1].cjk || pieces.get(k + 1).is_some_and(|p| p.cjk);
            if (capitalized || in_cjk) && !is_month(lower) {
                let name: String = lower.chars().filter(|&c| c != '.').collect();
                x.names.push((hash(NAME, &name), weight));
                if let Some(english) = english_alias(&name) {
                    x.names.push((hash(NAME, english), weight));
                }
                if let Some((prev, end)) = &previous_name {
                    if text[*end..piece.start].chars().all(|c| c == ' ') {
                        let pair = format!("{prev} {name}");
                        x.names.push((hash(NAME, &pair), weight));
                        if let Some(english) = english_alias(&pair) {
                            x.names.push((hash(NAME, english), weight));
                        }
                    }
                }
                previous_name = Some((name, piece.start + piece.text.len()));
            } else {
                previous_name = None;
            }
        }
    }

    /// Bit-identical features: same terms, same `f32` weights, same script verdict.
    fn assert_same(got: &Features, want: &Features) {
        assert_eq!(got.cjk, want.cjk);
        for (g, w) in [(&got.content, &want.content), (&got.names, &want.names)] {
            let bits =
                |v: &[(u64, f32)]| v.iter().map(|&(t, c)| (t, c.to_bits())).collect::<Vec<_>>();
            assert_eq!(bits(g), bits(w));
        }
    }

    #[test]
    fn extract_equals_its_reference_on_examples() {
        let config = ClusterConfig::default();
        let mut extractor = Extractor::default();
        for (title, text) in [
            (
                "",
                "法兰西斯（Leonard Glenn Francis）周二在委内瑞拉（Venezuela）被捕，9月21日",
            ),
            (
                "U.S. and United States",
                "The United Nations met the U.S. in Kuala Lumpur on Sep 21.",
            ),
            (
                "Aleppo",
                "Aleppo Aleppo bombing in Aleppo, 200,000 people; Leonard  Glenn.",
            ),
            (
                "Ünïcode Élan",
                "Amerika Syarikat dan Kuala Lumpur, 21 September, Dr. Ng's COVID-19.",
            ),
            ("", "日本の東京で9月21日に会議。Tokyo Kyoto 서울 Seoul"),
        ] {
            let got = extractor.extract(title, text, &config);
            assert_same(&got, &extract_reference(title, text, &config));
        }
    }

    proptest::proptest! {
        #[test]
        fn extract_equals_its_reference(
            title in "([A-Z][a-z]{0,6}|U\\.S\\.|[0-9,]{1,7}|Sep|[ \\-’'.]|\\PC){0,8}",
            text in "([A-Z][a-z]{0,6}|[a-z]{1,8}|U\\.S\\.|United|States|Kuala|Lumpur|[0-9,.]{1,7}|Sep|September|[ \\n\\-’'.]|月|日|中国|\\PC){0,40}",
        ) {
            let config = ClusterConfig::default();
            let got = Extractor::default().extract(&title, &text, &config);
            let want = extract_reference(&title, &text, &config);
            proptest::prop_assert_eq!(got.cjk, want.cjk);
            let bits = |v: &[(u64, f32)]| v.iter().map(|&(t, c)| (t, c.to_bits())).collect::<Vec<_>>();
            proptest::prop_assert_eq!(bits(&got.content), bits(&want.content));
            proptest::prop_assert_eq!(bits(&got.names), bits(&want.names));
        }
    }
}
