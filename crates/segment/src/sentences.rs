//! Sentence splitting for English news prose (and Chinese and Japanese, at `。！？`), as trimmed
//! byte ranges.
//!
//! The splitter is a single linear pass of hand-written rules (no regex), in three steps:
//! 1. Blank lines split the text into blocks (paragraphs); no sentence crosses a block.
//! 2. Inside a block, every run of terminators (`.` `?` `!` `…`) with the closing quotes and
//!    brackets after it is a candidate end (a run with a CJK `。！？` is an end wherever it
//!    stands, since CJK text has no spaces). It is an end only when whitespace follows and the
//!    next word does not start with a lowercase letter; a single `.` is then judged by the word
//!    before it (see [`Abbreviation`]) and the word after it (see [`STARTERS`]).
//! 3. A single newline is soft, except before a bullet, or before a capital after a line without
//!    final punctuation that is heading-like (much shorter than the block's longest line, or all
//!    capitals) or too long to be hard-wrapped prose (over 100 chars: one line per paragraph).
//!
//! Pieces are trimmed, and a piece with no letter or digit is merged into its neighbour, so no
//! sentence is punctuation only.

use std::ops::Range;

/// Sentence byte ranges of `text` (a paragraph or a whole body).
///
/// Blank lines are hard breaks; a single newline inside a paragraph is soft (a sentence can
/// continue over it) unless the line before ends a sentence or is clearly a heading-like line on
/// its own. Ranges are trimmed of surrounding whitespace, ordered, non-overlapping, non-empty,
/// and each holds at least one letter or digit.
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    split_sentences_in(text, 0..text.len())
}

/// Same as [`split_sentences`], but only within `range` of `text`, returning ranges in `text`'s
/// coordinates.
///
/// A range past the end is clamped to the text, and ends that fall inside a character are moved
/// inwards to the nearest char boundary; an empty or reversed range gives no sentences.
pub fn split_sentences_in(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut start = range.start.min(text.len());
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let mut end = range.end.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = Vec::new();
    if start >= end {
        return out;
    }
    for lines in blocks(text, start, end) {
        split_block(text, &lines, &mut out);
    }
    out
}

/// Characters that end a sentence.
fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…' | '‽') || is_cjk_terminator(c)
}

/// The full stops, question and exclamation marks of Chinese and Japanese text, which no space
/// follows: a run of them ends a sentence wherever it stands.
fn is_cjk_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡')
}

/// Closing quotes and brackets that belong to the sentence they follow.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '”'
            | '’'
            | ')'
            | ']'
            | '}'
            | '»'
            | '›'
            | '」'
            | '』'
            | '）'
            | '】'
            | '》'
            | '〉'
    )
}

/// Opening quotes and brackets that may precede the first word of a sentence.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '‘'
            | '('
            | '['
            | '{'
            | '«'
            | '‹'
            | '「'
            | '『'
            | '（'
            | '【'
            | '《'
            | '〈'
    )
}

/// Whitespace, plus the invisible characters that web text leaves around it.
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}')
}

fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let head = s.len() - s.trim_start_matches(is_space).len();
    let tail = s.len() - s.trim_end_matches(is_space).len();
    if head == s.len() {
        return range.start..range.start;
    }
    range.start + head..range.end - tail
}

/// The blocks (paragraphs) of `text[start..end]`, each as its trimmed non-blank lines.
fn blocks(text: &str, start: usize, end: usize) -> Vec<Vec<Range<usize>>> {
    let mut out = Vec::new();
    let mut current: Vec<Range<usize>> = Vec::new();
    let mut line_start = start;
    loop {
        let line_end = text[line_start..end]
            .find('\n')
            .map_or(end, |i| line_start + i);
        let line = trim(text, line_start..line_end);
        if line.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line);
        }
        if line_end >= end {
            break;
        }
        line_start = line_end + 1;
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Appends the sentences of one block (given as its trimmed lines) to `out`.
fn split_block(text: &str, lines: &[Range<usize>], out: &mut Vec<Range<usize>>) {
    let (Some(first), Some(last)) = (lines.first(), lines.last()) else {
        return;
    };
    let block = first.start..last.end;
    let mut cuts = terminator_cuts(text, &block);
    cuts.extend(line_cuts(text, lines));
    cuts.sort_unstable();
    cuts.dedup();

    // A piece with no letter or digit joins the sentence before it, or else the one after it.
    let first_out = out.len();
    let mut pending_start: Option<usize> = None;
    let mut from = block.start;
    for cut in cuts.into_iter().chain(std::iter::once(block.end)) {
        if cut <= from {
            continue;
        }
        let piece = trim(text, from..cut);
        from = cut;
        if piece.is_empty() {
            continue;
        }
        if !text[piece.clone()].chars().any(char::is_alphanumeric) {
            if out.len() > first_out {
                if let Some(previous) = out.last_mut() {
                    previous.end = piece.end;
                }
            } else if pending_start.is_none() {
                pending_start = Some(piece.start);
            }
            continue;
        }
        let start = pending_start.take().unwrap_or(piece.start);
        out.push(start..piece.end);
    }
}

/// How a run of terminators reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Run {
    /// A lone `.`: judged by the words around it.
    Dot,
    /// `...` or `…`: ends a sentence only before a capital.
    Ellipsis,
    /// Contains `?` or `!`: ends a sentence unless a lowercase word follows (`"Why?" he asked`).
    Strong,
    /// Contains a CJK terminator (`。！？`): ends a sentence, with or without a space after it.
    Cjk,
}

/// Sentence ends found at terminator runs, as byte offsets just after the run and its closers.
fn terminator_cuts(text: &str, block: &Range<usize>) -> Vec<usize> {
    let mut cuts = Vec::new();
    let s = &text[block.clone()];
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // A terminator is `.`, `?`, `!`, or `…` or `‽`, whose UTF-8 starts with 0xE2, or `。`
        // (0xE3) or `！？｡` (0xEF): other bytes are passed over without decoding (continuation
        // bytes are never these or ASCII, so `i` is on a char boundary wherever it stops).
        if !matches!(bytes[i], b'.' | b'?' | b'!' | 0xE2 | 0xE3 | 0xEF) {
            i += 1;
            continue;
        }
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        if !is_terminator(c) {
            i += c.len_utf8();
            continue;
        }
        let mut dots = usize::from(c == '.');
        let mut strong = matches!(c, '?' | '!' | '‽');
        let mut ellipsis = c == '…';
        let mut cjk = is_cjk_terminator(c);
        let mut j = i + c.len_utf8();
        for d in s[j..].chars() {
            if is_terminator(d) {
                dots += usize::from(d == '.');
                strong |= matches!(d, '?' | '!' | '‽');
                ellipsis |= d == '…';
                cjk |= is_cjk_terminator(d);
            } else if !is_closer(d) {
                break;
            }
            j += d.len_utf8();
        }
        let run = if cjk {
            Run::Cjk
        } else if strong {
            Run::Strong
        } else if ellipsis || dots >= 2 {
            Run::Ellipsis
        } else {
            Run::Dot
        };
        if ends_sentence(text, block, block.start + i, block.start + j, run) {
            cuts.push(block.start + j);
        }
        i = j;
    }
    cuts
}

/// Whether the terminator run `text[run_start..run_end]` (closers included) ends a sentence.
fn ends_sentence(
    text: &str,
    block: &Range<usize>,
    run_start: usize,
    run_end: usize,
    run: Run,
) -> bool {
    let after = &text[run_end..block.end];
    let Some(first) = after.chars().next() else {
        return true;
    };
    if run == Run::Cjk {
        // `「…。」と述べた。`: a quotation closed and followed at once by kana goes on (the
        // particle that reports it), as it does not after `。”` in Chinese.
        let closed = text[run_start..run_end].ends_with(is_closer);
        return !(closed && ('\u{3040}'..='\u{309F}').contains(&first));
    }
    if !is_space(first) {
        // "3.5", "U.S.-led", "example.com", "Go.", he said: not an end.
        return false;
    }
    let rest = after.trim_start_matches(is_space);
    let crosses_line = after[..after.len() - rest.len()].contains('\n');
    let next = rest.trim_start_matches(is_opener);
    let Some(next_char) = next.chars().next() else {
        return true;
    };
    if next_char.is_lowercase() {
        return false;
    }
    match run {
        Run::Strong | Run::Cjk => true,
        Run::Ellipsis => next_char.is_uppercase() || crosses_line,
        Run::Dot => {
            let word = word_before(text, block.start, run_start);
            dot_ends_sentence(word, next, next_char, crosses_line)
        }
    }
}

/// The decision for a lone `.` followed by whitespace and `next` (which does not start lowercase).
fn dot_ends_sentence(word: &str, next: &str, next_char: char, crosses_line: bool) -> bool {
    if is_ordinal_number(word) && starts_with_ordinal_noun(next) {
        return false;
    }
    match classify(word) {
        Abbreviation::Title | Abbreviation::NeverEnds => false,
        Abbreviation::NumberPrefix => !next_char.is_numeric(),
        Abbreviation::Initial => starts_with_starter(next),
        Abbreviation::MayEnd => {
            !next_char.is_numeric()
                && (starts_with_starter(next) || (crosses_line && next_char.is_uppercase()))
        }
        Abbreviation::None => true,
    }
}

/// The longest word looked at before a `.`; a longer one is never an abbreviation.
const MAX_WORD_BYTES: usize = 48;

/// The word just before byte `at` (back to whitespace), without leading quotes and brackets.
fn word_before(text: &str, block_start: usize, at: usize) -> &str {
    let before = &text[block_start..at];
    let mut start = before.len();
    for (i, c) in before.char_indices().rev() {
        if is_space(c) {
            break;
        }
        if before.len() - i > MAX_WORD_BYTES {
            return "";
        }
        start = i;
    }
    before[start..].trim_start_matches(|c: char| !c.is_alphanumeric())
}

/// What the word before a lone `.` says about the `.`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Abbreviation {
    /// A title before a name ("Mr.", "Gen.", "Sen."): never ends a sentence.
    Title,
    /// "vs.", "e.g.", "i.e.", "cf.": never end a sentence.
    NeverEnds,
    /// "No.", "Vol.", "pp.": not an end before a number.
    NumberPrefix,
    /// One capital letter ("John F. Kennedy"): an end only before a common sentence starter.
    Initial,
    /// "U.S.", "etc.", "Inc.", "Jr.", "Oct.", "Calif.": an end only before a common sentence
    /// starter, or before a capital on a new line; never before a number ("Oct. 5").
    MayEnd,
    /// An ordinary word.
    None,
}

const TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Messrs", "Mmes", "Mme", "Mlle", "Dr", "Drs", "Prof", "Gen", "Gens", "Lt",
    "Col", "Maj", "Capt", "Cpt", "Sgt", "Cpl", "Pvt", "Adm", "Brig", "Cmdr", "Cdr", "Gov", "Govs",
    "Sen", "Sens", "Rep", "Reps", "Amb", "Pres", "Sec", "Supt", "Insp", "Det", "Atty", "Rev", "Fr",
    "Hon", "Mt", "Ft",
];

const NEVER_ENDS: &[&str] = &["vs", "Vs", "v", "cf", "e.g", "i.e", "viz"];

const NUMBER_PREFIXES: &[&str] = &[
    "No", "Nos", "no", "Vol", "vol", "Vols", "Art", "Fig", "fig", "Figs", "pp", "p", "Op", "Nr",
    "ca", "Ch", "ch", "Para", "para",
    // Bills and laws: "H. Res. 601", "Amdt. 4", "135 Stat. 429".
    "Res", "Amdt", "Stat",
];

const MAY_END: &[&str] = &[
    // Suffixes and companies.
    "Jr", "Sr", "Inc", "Ltd", "Co", "Cos", "Corp", "Bros", "Plc", "etc", "al", "approx", "est",
    "Dept", "Univ", "Assn", "Intl", // Bills: "S. Con. Res. 14", "Pub. L.".
    "Con", "Pub", // Streets and places.
    "St", "Ave", "Blvd", "Rd", "Sq", // Months (AP style abbreviates them before a day).
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    // Weekdays.
    "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun",
    // U.S. states in AP style that are not also English words.
    "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Fla", "Ga", "Kan", "Ky", "Md", "Mich", "Minn",
    "Neb", "Nev", "Okla", "Ore", "Pa", "Tenn", "Va", "Vt", "Wis", "Wyo",
];

/// Capitalized words that commonly start a sentence. After an abbreviation that may end a
/// sentence ("U.S.", "etc.") one of these means it did: "…backed by the U.S. The next day…".
const STARTERS: &[&str] = &[
    "A",
    "About",
    "According",
    "After",
    "Again",
    "Already",
    "Also",
    "Although",
    "Amid",
    "Among",
    "An",
    "And",
    "Another",
    "Any",
    "As",
    "Asked",
    "At",
    "Because",
    "Before",
    "Both",
    "But",
    "By",
    "Despite",
    "During",
    "Each",
    "Earlier",
    "Either",
    "Even",
    "Every",
    "For",
    "From",
    "Further",
    "He",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "Indeed",
    "Instead",
    "It",
    "Its",
    "Last",
    "Later",
    "Many",
    "Meanwhile",
    "Moreover",
    "Most",
    "Mr",
    "Mrs",
    "Ms",
    "My",
    "Neither",
    "Nevertheless",
    "Next",
    "No",
    "Nor",
    "Not",
    "Now",
    "On",
    "Once",
    "One",
    "Only",
    "Or",
    "Our",
    "Over",
    "Since",
    "So",
    "Some",
    "Still",
    "Such",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "Thus",
    "To",
    "Today",
    "Under",
    "Unlike",
    "Until",
    "We",
    "What",
    "When",
    "Where",
    "Whether",
    "Which",
    "While",
    "Who",
    "Why",
    "With",
    "Without",
    "Yesterday",
    "Yet",
    "You",
];

fn classify(word: &str) -> Abbreviation {
    if word.is_empty() {
        return Abbreviation::None;
    }
    if TITLES.contains(&word) {
        Abbreviation::Title
    } else if NEVER_ENDS.contains(&word) {
        Abbreviation::NeverEnds
    } else if NUMBER_PREFIXES.contains(&word) {
        Abbreviation::NumberPrefix
    } else if MAY_END.contains(&word) || is_dotted_acronym(word) {
        Abbreviation::MayEnd
    } else if is_initial(word) {
        Abbreviation::Initial
    } else {
        Abbreviation::None
    }
}

/// "U.S", "U.N", "a.m", "Ph.D", "D.C": short letter groups joined by dots (the final dot is the
/// one being judged, so it is not part of `word`).
fn is_dotted_acronym(word: &str) -> bool {
    word.contains('.')
        && word.split('.').all(|part| {
            !part.is_empty() && part.chars().count() <= 3 && part.chars().all(char::is_alphabetic)
        })
}

fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
}

/// A number of one to three digits: in German (and the languages that write ordinals as it
/// does) `27.` is "27th", so `am 27. Januar` goes on.
fn is_ordinal_number(word: &str) -> bool {
    (1..=3).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_digit())
}

/// Capitalized words that follow an ordinal number (`27. Januar`, `20. Jahrhundert`, `zum 3.
/// Mal`, `1. FC Köln`) far more often than they open a sentence after a number. The languages
/// whose month names are written in lower case (Danish, Norwegian, Czech, Polish, Finnish) need
/// none: a sentence never goes on in lower case.
const ORDINAL_NOUNS: &[&str] = &[
    "Januar",
    "Jänner",
    "Februar",
    "Feber",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
    "Jahrhundert",
    "Jahrhunderts",
    "Jahrestag",
    "Geburtstag",
    "Todestag",
    "Mal",
    "Liga",
    "Bundesliga",
    "Weltkrieg",
    "Weltkriegs",
    "Spieltag",
    "Runde",
    "Platz",
    "Klasse",
    "Quartal",
    "Halbjahr",
    "Etage",
    "Auflage",
    "Lesung",
    "Sitzung",
    "Amtszeit",
    "Legislaturperiode",
    "FC",
];

/// Whether `next` starts with one of [`ORDINAL_NOUNS`] as a whole word.
fn starts_with_ordinal_noun(next: &str) -> bool {
    let end = next
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(next.len(), |(i, _)| i);
    ORDINAL_NOUNS.contains(&&next[..end])
}

/// Whether `next` starts with a common sentence starter as a whole word (and not an initial,
/// as the "A." of "J. A. Smith" is).
fn starts_with_starter(next: &str) -> bool {
    let len = next
        .char_indices()
        .take(16)
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(next.len().min(64), |(i, _)| i);
    let Some(word) = next.get(..len) else {
        return false;
    };
    if word.is_empty() || (word.len() == 1 && next[len..].starts_with('.')) {
        return false;
    }
    STARTERS.contains(&word)
}

/// Words that a line cannot end with if it is a heading: a line ending with one was wrapped.
const CONNECTORS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with",
    "from", "as", "that", "than", "said", "says", "is", "are", "was", "were",
];

/// The widest line (in chars) that hard-wrapped prose is assumed to have.
const MAX_WRAP_WIDTH: usize = 100;

/// Sentence ends at single newlines: after a heading-like line, a line too long to be wrapped
/// prose, or before a bullet.
fn line_cuts(text: &str, lines: &[Range<usize>]) -> Vec<usize> {
    let widths: Vec<usize> = lines
        .iter()
        .map(|l| text[l.clone()].chars().count())
        .collect();
    let widest = widths.iter().copied().max().unwrap_or(0);
    let mut cuts = Vec::new();
    for (k, pair) in lines.windows(2).enumerate() {
        let (line, next) = (&text[pair[0].clone()], &text[pair[1].clone()]);
        if is_bullet(next) {
            cuts.push(pair[0].end);
            continue;
        }
        let Some(last) = line.chars().rev().find(|&c| !is_closer(c)) else {
            continue;
        };
        if is_terminator(last) || matches!(last, ',' | ';' | ':' | '-' | '–' | '—' | '/' | '&')
        {
            // A terminator is judged by `ends_sentence`; the others continue the sentence.
            continue;
        }
        let last_word = line.rsplit(is_space).next().unwrap_or("");
        if CONNECTORS.iter().any(|c| c.eq_ignore_ascii_case(last_word)) {
            continue;
        }
        let starts_upper = next
            .trim_start_matches(is_opener)
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric());
        let short = widths[k] * 10 <= widest * 7;
        // Nobody hard-wraps prose this wide: such a line is a paragraph of its own (web text).
        let unwrapped = widths[k] > MAX_WRAP_WIDTH;
        let shouting = line.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !line.chars().any(char::is_lowercase);
        if starts_upper && (short || shouting || unwrapped) {
            cuts.push(pair[0].end);
        }
    }
    cuts
}

fn is_bullet(line: &str) -> bool {
    let mut chars = line.chars();
    matches!(
        (chars.next(), chars.next()),
        (Some('-' | '*' | '•' | '–' | '—' | '·'), Some(c)) if is_space(c)
    )
}

/// Kept lines joined into paragraphs: two kept lines belong to one paragraph when only a single
/// line break separates them (no blank line, no removed line). `kept` are byte ranges of lines
/// of `text`, in order.
///
/// ```
/// let text = "One\nTwo\n\nThree";
/// let kept = [0..3, 4..7, 9..14];
/// assert_eq!(segment::paragraphs(text, &kept), vec![0..7, 9..14]);
/// ```
pub fn paragraphs(text: &str, kept: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for line in kept {
        if let Some(last) = out.last_mut() {
            let gap = &text[last.end..line.start];
            if gap.matches('\n').count() == 1 && gap.trim().is_empty() {
                last.end = line.end;
                continue;
            }
        }
        out.push(line.clone());
    }
    out
}

#[cfg(test)]
mod tests;
