//! Which line rules could match a line, found in one pass over it.
//!
//! Most lines are prose that no rule matches, and asking each rule's regex in turn scans the line
//! once per rule. Every match of most patterns contains some literals ("share", "photo", "©"),
//! derived here from the pattern's syntax tree as a condition (this literal, all of these, one of
//! these, this literal at the start of the line); one Aho-Corasick pass over the line (ASCII
//! case-insensitive) finds which literals occur, and only the rules whose condition holds are
//! asked. The result is the same as asking every rule: a rule is skipped only when no match of it
//! can exist.

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};
use regex_syntax::hir::{Hir, HirKind, Look};

/// Literals an automaton can tell apart in one line: bits of a [`Found`] set.
const MAX_LITERALS: usize = 64 * 8;

/// Distinct line prefixes the rules can ask for: bits of a [`Found`] set.
const MAX_PREFIXES: usize = 64 * 4;

/// What was found in a line, as one bit set: the automaton's literals by index, the bytes and
/// byte pairs (ASCII lowercased) that short literals are looked up in instead, and the prefixes
/// the line starts with. A [`Test`] reads it by word and mask.
struct Found {
    bits: [u64; WORDS],
}

/// Where each kind of bit starts in [`Found::bits`], in words. Bit `i` of literals: literal `i`
/// of the automaton occurs; of bytes: byte `i` occurs; of pairs: a pair of adjacent bytes with
/// [`pair_bit`] `i` occurs (a Bloom filter: a bit may stand for a pair that does not occur,
/// never the other way round); of prefixes: the line starts with prefix `i` (ASCII case aside).
const LITERAL_WORDS: usize = 0;
const BYTE_WORDS: usize = LITERAL_WORDS + MAX_LITERALS / 64;
const PAIR_WORDS: usize = BYTE_WORDS + 256 / 64;
const PREFIX_WORDS: usize = PAIR_WORDS + PAIR_BITS / 64;
const WORDS: usize = PREFIX_WORDS + MAX_PREFIXES / 64;

/// The word and mask of bit `index` of the kind whose words start at `offset`.
fn bit(offset: usize, index: usize) -> (u8, u64) {
    let word = u8::try_from(offset + index / 64).expect("fewer than 256 words");
    (word, 1 << (index % 64))
}

/// Bits of the byte-pair filter.
const PAIR_BITS: usize = 1024;

/// The bit of a pair of (lowercased) bytes in [`Found::pairs`].
fn pair_bit(first: u8, second: u8) -> usize {
    (usize::from(first) * 31 + usize::from(second) * 7) % PAIR_BITS
}

impl Found {
    /// The bits of a line, from one pass over its bytes that also runs the automaton.
    fn of(text: &str, automaton: &DFA, prefixes: &Prefixes) -> Found {
        let mut found = Found { bits: [0; WORDS] };
        let mut set = |(word, mask): (u8, u64)| found.bits[usize::from(word)] |= mask;
        let bytes = text.as_bytes();
        if let Some(first) = bytes.first() {
            // Only the prefixes that start with the line's first byte are compared.
            for &index in &prefixes.by_first_byte[usize::from(first.to_ascii_lowercase())] {
                let prefix = &prefixes.all[usize::from(index)];
                if bytes
                    .get(..prefix.len())
                    .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
                {
                    set(bit(PREFIX_WORDS, usize::from(index)));
                }
            }
        }
        // The automaton is stepped by hand rather than by `find_overlapping_iter`: the same
        // states and matches (every match state entered reports all its literals), without the
        // iterator's bookkeeping at each byte. The start state of an unanchored DFA always
        // exists, and with standard semantics no dead state is ever entered.
        let Ok(mut state) = automaton.start_state(Anchored::No) else {
            return found;
        };
        let mut previous: Option<u8> = None;
        for &byte in bytes {
            state = automaton.next_state(Anchored::No, state, byte);
            if automaton.is_special(state) && automaton.is_match(state) {
                for index in 0..automaton.match_len(state) {
                    let literal = automaton.match_pattern(state, index).as_usize();
                    set(bit(LITERAL_WORDS, literal));
                }
            }
            let byte = byte.to_ascii_lowercase();
            set(bit(BYTE_WORDS, usize::from(byte)));
            if let Some(previous) = previous {
                set(bit(PAIR_WORDS, pair_bit(previous, byte)));
            }
            previous = Some(byte);
        }
        found
    }

    /// Whether every byte of the UTF-8 form of `c` occurs in the line (a necessary condition
    /// of `c` occurring).
    fn has_bytes_of(&self, c: char) -> bool {
        let mut buffer = [0; 4];
        c.encode_utf8(&mut buffer).bytes().all(|byte| {
            let (word, mask) = bit(BYTE_WORDS, usize::from(byte));
            self.bits[usize::from(word)] & mask != 0
        })
    }
}

/// What every match of a pattern contains.
#[derive(Debug, Clone, PartialEq)]
enum Need {
    /// Nothing known: the pattern is always asked.
    Nothing,
    /// A literal of the automaton (three bytes or more), anywhere in the line.
    Literal(usize),
    /// A byte (ASCII lowercased), anywhere in the line.
    Byte(u8),
    /// Two adjacent bytes (ASCII lowercased), anywhere in the line: their [`pair_bit`].
    Pair(usize),
    /// A prefix of the line (ASCII case aside): its index in [`Prefixes::all`].
    Prefix(u16),
    /// All of these.
    All(Vec<Need>),
    /// At least one of these.
    Any(Vec<Need>),
}

impl Need {
    /// The condition as bit tests on a [`Found`] set.
    fn test(&self) -> Test {
        let leaf = |offset: usize, index: usize| Test::AllOf(vec![bit(offset, index)]);
        match self {
            Need::Nothing => Test::True,
            Need::Literal(index) => leaf(LITERAL_WORDS, *index),
            Need::Byte(byte) => leaf(BYTE_WORDS, usize::from(*byte)),
            Need::Pair(index) => leaf(PAIR_WORDS, *index),
            Need::Prefix(index) => leaf(PREFIX_WORDS, usize::from(*index)),
            Need::All(needs) => {
                // The bits every branch needs in one test, checked before the other branches.
                let mut bits = Vec::new();
                let mut rest = Vec::new();
                for test in needs.iter().map(Need::test) {
                    match test {
                        Test::True => {}
                        Test::AllOf(more) => bits.extend(more),
                        Test::All(more) => {
                            for test in more {
                                match test {
                                    Test::AllOf(more) => bits.extend(more),
                                    other => rest.push(other),
                                }
                            }
                        }
                        other => rest.push(other),
                    }
                }
                let mut tests = Vec::with_capacity(rest.len() + 1);
                if !bits.is_empty() {
                    tests.push(Test::AllOf(merged(bits)));
                }
                tests.extend(rest);
                match tests.len() {
                    0 => Test::True,
                    1 => tests.pop().unwrap_or(Test::True),
                    _ => Test::All(tests),
                }
            }
            Need::Any(needs) => {
                // Single bits and bit alternatives of the branches in one test.
                let mut bits = Vec::new();
                let mut rest = Vec::new();
                for test in needs.iter().map(Need::test) {
                    match test {
                        Test::True => return Test::True,
                        Test::AllOf(more) if more.len() == 1 && more[0].1.count_ones() == 1 => {
                            bits.extend(more);
                        }
                        Test::AnyOf(more) => bits.extend(more),
                        Test::Any(more) => {
                            for test in more {
                                match test {
                                    Test::AnyOf(more) => bits.extend(more),
                                    other => rest.push(other),
                                }
                            }
                        }
                        other => rest.push(other),
                    }
                }
                let mut tests = Vec::with_capacity(rest.len() + 1);
                if !bits.is_empty() {
                    tests.push(Test::AnyOf(merged(bits)));
                }
                tests.extend(rest);
                match tests.len() {
                    1 => tests.pop().unwrap_or(Test::True),
                    _ => Test::Any(tests),
                }
            }
        }
    }
}

/// Masks of the same word ORed together, in word order.
fn merged(mut bits: Vec<(u8, u64)>) -> Vec<(u8, u64)> {
    bits.sort_unstable_by_key(|&(word, _)| word);
    let mut out: Vec<(u8, u64)> = Vec::with_capacity(bits.len());
    for (word, mask) in bits {
        match out.last_mut() {
            Some(last) if last.0 == word => last.1 |= mask,
            _ => out.push((word, mask)),
        }
    }
    out
}

/// A [`Need`] as bit tests, with the leaves of each `All` and `Any` folded into one mask per word
/// (a rule's condition is then a handful of AND-and-compare steps instead of a walk of its tree).
#[derive(Debug, Clone, PartialEq)]
enum Test {
    /// Always holds.
    True,
    /// Every bit of each (word, mask) is set.
    AllOf(Vec<(u8, u64)>),
    /// Some bit of some (word, mask) is set.
    AnyOf(Vec<(u8, u64)>),
    /// All of these hold.
    All(Vec<Test>),
    /// At least one of these holds.
    Any(Vec<Test>),
}

impl Test {
    fn holds(&self, found: &Found) -> bool {
        let word = |w: u8| found.bits[usize::from(w)];
        match self {
            Test::True => true,
            Test::AllOf(bits) => bits.iter().all(|&(w, mask)| word(w) & mask == mask),
            Test::AnyOf(bits) => bits.iter().any(|&(w, mask)| word(w) & mask != 0),
            Test::All(tests) => tests.iter().all(|t| t.holds(found)),
            Test::Any(tests) => tests.iter().any(|t| t.holds(found)),
        }
    }
}

/// A [`Test`] as alternatives of clauses, each a conjunction of masks: the test holds when some
/// clause does. Asked of every line for most rules, it is a loop over flat lists rather than a
/// walk of the tree (the tree's calls cost more than its bit tests). The same function of the
/// bits: `All` distributes over the alternatives of its parts.
#[derive(Debug, Clone, PartialEq, Default)]
struct Clause {
    /// Every bit of each (word, mask) is set.
    all: Vec<(u8, u64)>,
    /// In each list, some bit of some (word, mask) is set.
    any: Vec<Vec<(u8, u64)>>,
}

/// Tests with more clauses than this stay trees (the expansion grows as the product of the
/// alternatives of their parts).
const MAX_CLAUSES: usize = 32;

impl Clause {
    /// The conjunction of two clauses.
    fn and(&self, other: &Clause) -> Clause {
        let mut all = self.all.clone();
        all.extend_from_slice(&other.all);
        let mut any = self.any.clone();
        any.extend(other.any.iter().cloned());
        Clause {
            all: merged(all),
            any,
        }
    }

    fn holds(&self, found: &Found) -> bool {
        let word = |w: u8| found.bits[usize::from(w)];
        self.all.iter().all(|&(w, mask)| word(w) & mask == mask)
            && self
                .any
                .iter()
                .all(|bits| bits.iter().any(|&(w, mask)| word(w) & mask != 0))
    }
}

impl Test {
    /// The test as clauses, or `None` when it has more than [`MAX_CLAUSES`].
    fn clauses(&self) -> Option<Vec<Clause>> {
        let clauses = match self {
            Test::True => vec![Clause::default()],
            Test::AllOf(bits) => vec![Clause {
                all: bits.clone(),
                any: Vec::new(),
            }],
            Test::AnyOf(bits) => vec![Clause {
                all: Vec::new(),
                any: vec![bits.clone()],
            }],
            Test::All(tests) => {
                let mut clauses = vec![Clause::default()];
                for test in tests {
                    let parts = test.clauses()?;
                    if clauses.len() * parts.len() > MAX_CLAUSES {
                        return None;
                    }
                    clauses = clauses
                        .iter()
                        .flat_map(|clause| parts.iter().map(|part| clause.and(part)))
                        .collect();
                }
                clauses
            }
            Test::Any(tests) => {
                let mut clauses = Vec::new();
                for test in tests {
                    clauses.extend(test.clauses()?);
                    if clauses.len() > MAX_CLAUSES {
                        return None;
                    }
                }
                clauses
            }
        };
        Some(clauses)
    }
}

/// A rule's condition as it is asked: clauses where they are few, else the tree.
enum Condition {
    Clauses(Vec<Clause>),
    Tree(Test),
}

impl Condition {
    fn of(test: Test) -> Condition {
        match test.clauses() {
            Some(clauses) => Condition::Clauses(clauses),
            None => Condition::Tree(test),
        }
    }

    fn holds(&self, found: &Found) -> bool {
        match self {
            Condition::Clauses(clauses) => clauses.iter().any(|c| c.holds(found)),
            Condition::Tree(test) => test.holds(found),
        }
    }
}

/// The distinct line prefixes the rules ask for, lowercase where ASCII, and which of them start
/// with each byte: a line is compared only with the few that start as it does, once each, however
/// many rules ask for them.
#[derive(Default)]
struct Prefixes {
    all: Vec<Vec<u8>>,
    by_first_byte: Vec<Vec<u16>>,
}

impl Prefixes {
    /// The index of a (lowercased, non-empty) prefix, added if new.
    fn index(&mut self, prefix: Vec<u8>) -> u16 {
        let index = match self.all.iter().position(|p| *p == prefix) {
            Some(index) => index,
            None => {
                self.all.push(prefix);
                self.all.len() - 1
            }
        };
        // Past u16, `RulePrefilter::new` gives up anyway (more than `MAX_PREFIXES`).
        u16::try_from(index).unwrap_or(u16::MAX)
    }

    /// Fills `by_first_byte` once every prefix is known.
    fn index_first_bytes(&mut self) {
        self.by_first_byte = vec![Vec::new(); 256];
        for (index, prefix) in self.all.iter().enumerate() {
            if let (Some(&first), Ok(index)) = (prefix.first(), u16::try_from(index)) {
                self.by_first_byte[usize::from(first)].push(index);
            }
        }
    }
}

/// The literal conditions of every rule, with one automaton for their literals.
pub(crate) struct RulePrefilter {
    /// The distinct literals, lowercase where ASCII, found ASCII case-insensitively.
    automaton: DFA,
    /// The distinct prefixes.
    prefixes: Prefixes,
    /// The condition of each rule.
    tests: Vec<Condition>,
}

impl RulePrefilter {
    /// The prefilter of rule patterns written as the rule table writes them: case-insensitive
    /// unless they start with `(?-i)`. `None` when a pattern does not parse or there are more
    /// than 64 rules or too many literals (the rules then run without a prefilter).
    pub(crate) fn new(patterns: &[&str]) -> Option<RulePrefilter> {
        if patterns.len() > 64 {
            return None;
        }
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut prefixes = Prefixes::default();
        let mut needs = Vec::with_capacity(patterns.len());
        for pattern in patterns {
            let pattern = pattern.strip_prefix("(?-i)").unwrap_or(pattern);
            // Parsed case-sensitively: literals stay literals (a case-insensitive parse turns
            // them into classes), and the automaton ignores ASCII case.
            let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
            needs.push(need_of(&hir, false, &mut literals, &mut prefixes));
        }
        if literals.len() > MAX_LITERALS || prefixes.all.len() > MAX_PREFIXES {
            return None;
        }
        prefixes.index_first_bytes();
        let automaton = DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(&literals)
            .ok()?;
        Some(RulePrefilter {
            automaton,
            prefixes,
            tests: needs
                .iter()
                .map(|need| Condition::of(need.test()))
                .collect(),
        })
    }

    /// Which of the rules in `asked` (bit `i` for rule `i`) could match `text`: a subset of
    /// `asked`.
    pub(crate) fn candidates(&self, text: &str, asked: u64) -> u64 {
        if asked == 0 {
            return asked;
        }
        let found = Found::of(text, &self.automaton, &self.prefixes);
        // Case-insensitive patterns match two non-ASCII letters as ASCII ones (the long s as
        // `s`, the Kelvin sign as `k`), which the ASCII automaton would not see. The line is
        // searched for them only when it holds all their bytes.
        const FOLDING: [char; 2] = ['\u{17f}', '\u{212a}'];
        if FOLDING.iter().any(|&c| found.has_bytes_of(c)) && text.contains(FOLDING) {
            return asked;
        }
        let mut candidates = 0;
        for (rule, test) in self.tests.iter().enumerate() {
            if asked & (1 << rule) != 0 && test.holds(&found) {
                candidates |= 1 << rule;
            }
        }
        candidates
    }
}

/// Whether the bytes hold a non-ASCII char that has other case forms.
fn has_non_ascii_case(bytes: &[u8]) -> bool {
    String::from_utf8_lossy(bytes)
        .chars()
        .any(|c| !c.is_ascii() && (c.is_lowercase() || c.is_uppercase()))
}

/// What every match of `hir` contains; `at_start` when the match starts at the start of the line.
/// Literals that need not be at the start are added to `literals`, those at the start to
/// `prefixes` (lowercased where ASCII).
fn need_of(
    hir: &Hir,
    at_start: bool,
    literals: &mut Vec<Vec<u8>>,
    prefixes: &mut Prefixes,
) -> Need {
    match hir.kind() {
        HirKind::Literal(literal) if literal.0.is_empty() => Need::Nothing,
        // A non-ASCII letter with case ("é") may match another form that the ASCII-only case
        // folding here would miss: such a literal is no evidence.
        HirKind::Literal(literal) if has_non_ascii_case(&literal.0) => Need::Nothing,
        HirKind::Literal(literal) if at_start => {
            Need::Prefix(prefixes.index(literal.0.to_ascii_lowercase()))
        }
        // Short literals occur in most lines: a table of the line's bytes and pairs answers for
        // them, which keeps the automaton's matches few.
        HirKind::Literal(literal) if literal.0.len() == 1 => {
            Need::Byte(literal.0[0].to_ascii_lowercase())
        }
        HirKind::Literal(literal) if literal.0.len() == 2 => Need::Pair(pair_bit(
            literal.0[0].to_ascii_lowercase(),
            literal.0[1].to_ascii_lowercase(),
        )),
        HirKind::Literal(literal) => {
            let literal = literal.0.to_ascii_lowercase();
            let index = match literals.iter().position(|l| *l == literal) {
                Some(index) => index,
                None => {
                    literals.push(literal);
                    literals.len() - 1
                }
            };
            Need::Literal(index)
        }
        HirKind::Empty | HirKind::Class(_) | HirKind::Look(_) => Need::Nothing,
        // The first repetition starts where the repetition does.
        HirKind::Repetition(repetition) if repetition.min >= 1 => {
            need_of(&repetition.sub, at_start, literals, prefixes)
        }
        HirKind::Repetition(_) => Need::Nothing,
        HirKind::Capture(capture) => need_of(&capture.sub, at_start, literals, prefixes),
        HirKind::Concat(parts) => {
            let mut needs = Vec::new();
            let mut at = at_start;
            for part in parts {
                match part.kind() {
                    // `^` (no multi-line mode in the rules) is the start of the line.
                    HirKind::Look(Look::Start) => at = true,
                    // Other assertions match no text: the next part starts at the same place.
                    HirKind::Look(_) => {}
                    _ => {
                        let need = need_of(part, at, literals, prefixes);
                        if need != Need::Nothing {
                            needs.push(need);
                        }
                        at = false;
                    }
                }
            }
            match needs.len() {
                0 => Need::Nothing,
                1 => needs.pop().unwrap_or(Need::Nothing),
                _ => Need::All(needs),
            }
        }
        HirKind::Alternation(branches) => {
            let needs: Vec<Need> = branches
                .iter()
                .map(|branch| need_of(branch, at_start, literals, prefixes))
                .collect();
            if needs.contains(&Need::Nothing) {
                Need::Nothing
            } else {
                Need::Any(needs)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A condition evaluated by walking its tree, as before it became bit tests.
    fn holds_reference(need: &Need, found: &Found) -> bool {
        let set = |(word, mask): (u8, u64)| found.bits[usize::from(word)] & mask != 0;
        match need {
            Need::Nothing => true,
            Need::Literal(index) => set(bit(LITERAL_WORDS, *index)),
            Need::Byte(byte) => set(bit(BYTE_WORDS, usize::from(*byte))),
            Need::Pair(index) => set(bit(PAIR_WORDS, *index)),
            Need::Prefix(index) => set(bit(PREFIX_WORDS, usize::from(*index))),
            Need::All(needs) => needs.iter().all(|n| holds_reference(n, found)),
            Need::Any(needs) => needs.iter().any(|n| holds_reference(n, found)),
        }
    }

    /// The conditions of the cleaner's rules and of a few nested patterns.
    fn needs() -> Vec<Need> {
        let mut literals = Vec::new();
        let mut prefixes = Prefixes::default();
        crate::rules::patterns()
            .into_iter()
            .chain([
                r"^(ab|cd(ef|gh)x)+(ijk|l)",
                r"(one|two (three|four)|(five|six) seven)s?",
                r"^(?:read|see) (more|also)|related:|\bvia\b",
            ])
            .map(|pattern| {
                let pattern = pattern.strip_prefix("(?-i)").unwrap_or(pattern);
                let hir = regex_syntax::Parser::new().parse(pattern).expect("valid");
                need_of(&hir, false, &mut literals, &mut prefixes)
            })
            .collect()
    }

    proptest! {
        #[test]
        fn bit_tests_equal_the_tree(
            words in proptest::collection::vec(any::<u64>(), WORDS),
            sparse in proptest::collection::vec(any::<u64>(), WORDS),
        ) {
            // Sparse sets, most bits clear, so that conditions are true and false alike.
            let mut found = Found { bits: [0; WORDS] };
            for (i, (w, s)) in words.iter().zip(&sparse).enumerate() {
                found.bits[i] = w & s & sparse[(i + 1) % WORDS];
            }
            for need in needs() {
                prop_assert_eq!(need.test().holds(&found), holds_reference(&need, &found), "{:?}", need);
                prop_assert_eq!(Condition::of(need.test()).holds(&found), holds_reference(&need, &found), "{:?}", need);
            }
        }
    }

    proptest! {
        #[test]
        fn stepped_automaton_finds_what_the_overlapping_search_finds(
            text in "([a-zA-Z]{1,8}|[ .,:©(]|ſ|\u{212a}|\\PC){0,40}",
        ) {
            let mut literals = Vec::new();
            let mut prefixes = Prefixes::default();
            for pattern in crate::rules::patterns() {
                let pattern = pattern.strip_prefix("(?-i)").unwrap_or(pattern);
                let hir = regex_syntax::Parser::new().parse(pattern).expect("valid");
                need_of(&hir, false, &mut literals, &mut prefixes);
            }
            prefixes.index_first_bytes();
            let automaton = DFA::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .prefilter(false)
                .build(&literals)
                .expect("builds");
            let reference = aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&literals)
                .expect("builds");
            let found = Found::of(&text, &automaton, &prefixes);
            for (index, _) in literals.iter().enumerate() {
                let (word, mask) = bit(LITERAL_WORDS, index);
                let expected = reference
                    .find_overlapping_iter(text.as_str())
                    .any(|m| m.pattern().as_usize() == index);
                prop_assert_eq!(found.bits[usize::from(word)] & mask != 0, expected);
            }
            for c in ['\u{17f}', '\u{212a}'] {
                prop_assert!(found.has_bytes_of(c) || !text.contains(c));
            }
        }
    }

    fn candidates(prefilter: &RulePrefilter, text: &str) -> Vec<bool> {
        let bits = prefilter.candidates(text, 0b1111);
        (0..4).map(|i| bits & (1 << i) != 0).collect()
    }

    #[test]
    fn rules_without_their_literals_are_skipped() {
        let prefilter =
            RulePrefilter::new(&[r"^share\b", r"(?-i)^AP\s", r"^\d+$", r"(photo|image)s?:"])
                .expect("valid patterns");
        assert_eq!(
            candidates(&prefilter, "SHARE this"),
            [true, false, true, false]
        );
        assert_eq!(
            candidates(&prefilter, "ap Images: x"),
            [false, true, true, true]
        );
        assert_eq!(candidates(&prefilter, "ſhare"), [true; 4]);
        let accented = RulePrefilter::new(&["café", "©"]).expect("valid patterns");
        assert_eq!(accented.candidates("CAFÉ", 0b11), 0b01);
    }

    #[test]
    fn only_two_non_ascii_chars_fold_to_ascii_letters() {
        let letters = regex::Regex::new("(?i)^[a-z]$").expect("valid regex");
        let folding: Vec<char> = (0x80..=0x10ffff_u32)
            .filter_map(char::from_u32)
            .filter(|c| letters.is_match(c.encode_utf8(&mut [0; 4])))
            .collect();
        assert_eq!(folding, ['\u{17f}', '\u{212a}']);
    }
}
