//! The Porter stemmer exactly as NLTK implements it in its default `NLTK_EXTENSIONS` mode.
//!
//! rouge-score stems with `nltk.stem.porter.PorterStemmer()`, whose default mode is
//! `NLTK_EXTENSIONS`: Martin Porter's own later changes plus NLTK's (a pool of irregular forms,
//! `ies`/`ied` on four-letter words, `y -> i` only after a consonant, `alli`, `fulli`, `logi`, and a
//! two-letter `*o` condition). Snowball's English stemmer is a different algorithm, so this module
//! ports NLTK's `porter.py` step by step, keeping its rule order and its "first matching suffix
//! wins, even when its condition fails" behaviour. Words are handled as ASCII bytes, which is all
//! the ROUGE tokenizer ever produces.

/// Returns the NLTK Porter stem (`NLTK_EXTENSIONS` mode) of `word`.
///
/// ASCII letters are lowercased first, as NLTK does. A word holding any non-ASCII character is
/// returned lowercased but otherwise unchanged: NLTK counts such words in code points where this
/// port counts bytes, and the ROUGE tokenizer never produces them.
pub fn stem(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    if !lower.is_ascii() {
        return lower;
    }
    if let Some(irregular) = irregular_stem(&lower) {
        return irregular.to_owned();
    }
    if lower.len() <= 2 {
        return lower;
    }
    let mut w = lower.into_bytes();
    step1a(&mut w);
    step1b(&mut w);
    step1c(&mut w);
    step2(&mut w);
    step3(&mut w);
    step4(&mut w);
    step5a(&mut w);
    step5b(&mut w);
    // Every step only removes ASCII bytes or appends ASCII suffixes, so the bytes stay UTF-8.
    String::from_utf8(w).expect("the stemmer only ever writes ASCII")
}

/// NLTK's pool of irregular forms, looked up before any step runs.
fn irregular_stem(word: &str) -> Option<&'static str> {
    Some(match word {
        "sky" | "skies" => "sky",
        "dying" => "die",
        "lying" => "lie",
        "tying" => "tie",
        "news" => "news",
        "innings" | "inning" => "inning",
        "outings" | "outing" => "outing",
        "cannings" | "canning" => "canning",
        "howe" => "howe",
        "proceed" => "proceed",
        "exceed" => "exceed",
        "succeed" => "succeed",
        _ => return None,
    })
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Whether `w[i]` is a consonant: not a vowel, and a `y` only when the letter before it is a vowel
/// (or it starts the word). Walks back over a run of `y`s instead of recursing, as NLTK does.
fn is_consonant(w: &[u8], i: usize) -> bool {
    if is_vowel(w[i]) {
        return false;
    }
    if w[i] != b'y' {
        return true;
    }
    let mut i = i;
    let mut negate = false;
    while i > 0 && w[i] == b'y' {
        negate = !negate;
        i -= 1;
    }
    is_vowel(w[i]) == negate
}

/// Porter's measure `m`: the number of vowel-run-to-consonant-run transitions in `w`.
fn measure(w: &[u8]) -> usize {
    let mut count = 0;
    let mut previous_consonant: Option<bool> = None;
    for &b in w {
        let consonant = if is_vowel(b) {
            false
        } else if b == b'y' {
            // A leading `y` is a consonant; later ones flip the previous letter's class.
            previous_consonant.is_none_or(|previous| !previous)
        } else {
            true
        };
        if consonant && previous_consonant == Some(false) {
            count += 1;
        }
        previous_consonant = Some(consonant);
    }
    count
}

fn contains_vowel(w: &[u8]) -> bool {
    (0..w.len()).any(|i| !is_consonant(w, i))
}

/// Condition `*d`: the word ends with a double consonant.
fn ends_double_consonant(w: &[u8]) -> bool {
    let n = w.len();
    n >= 2 && w[n - 1] == w[n - 2] && is_consonant(w, n - 1)
}

/// Condition `*o`: the word ends consonant-vowel-consonant, the last not `w`, `x` or `y`; NLTK
/// also accepts a two-letter vowel-consonant word (with no exception for `w`, `x`, `y`).
fn ends_cvc(w: &[u8]) -> bool {
    let n = w.len();
    (n >= 3
        && is_consonant(w, n - 3)
        && !is_consonant(w, n - 2)
        && is_consonant(w, n - 1)
        && !matches!(w[n - 1], b'w' | b'x' | b'y'))
        || (n == 2 && !is_consonant(w, 0) && is_consonant(w, 1))
}

fn replace_suffix(w: &mut Vec<u8>, suffix_len: usize, replacement: &[u8]) {
    w.truncate(w.len() - suffix_len);
    w.extend_from_slice(replacement);
}

/// Applies the first rule whose suffix `w` ends with, if `condition(w, suffix)` holds; either way
/// no later rule is tried, which is how NLTK's `_apply_rule_list` behaves.
fn apply_first_rule(
    w: &mut Vec<u8>,
    rules: &[(&[u8], &[u8])],
    condition: impl Fn(&[u8], &[u8]) -> bool,
) {
    for &(suffix, replacement) in rules {
        if w.ends_with(suffix) {
            if condition(w, suffix) {
                replace_suffix(w, suffix.len(), replacement);
            }
            return;
        }
    }
}

fn step1a(w: &mut Vec<u8>) {
    if w.ends_with(b"ies") && w.len() == 4 {
        replace_suffix(w, 3, b"ie");
        return;
    }
    apply_first_rule(
        w,
        &[
            (b"sses", b"ss"),
            (b"ies", b"i"),
            (b"ss", b"ss"),
            (b"s", b""),
        ],
        |_, _| true,
    );
}

fn step1b(w: &mut Vec<u8>) {
    if w.ends_with(b"ied") {
        let replacement: &[u8] = if w.len() == 4 { b"ie" } else { b"i" };
        replace_suffix(w, 3, replacement);
        return;
    }
    if w.ends_with(b"eed") {
        if measure(&w[..w.len() - 3]) > 0 {
            w.pop();
        }
        return;
    }
    let removed = [&b"ed"[..], &b"ing"[..]]
        .into_iter()
        .find(|suffix| w.ends_with(suffix) && contains_vowel(&w[..w.len() - suffix.len()]));
    let Some(suffix) = removed else {
        return;
    };
    w.truncate(w.len() - suffix.len());

    if w.ends_with(b"at") || w.ends_with(b"bl") || w.ends_with(b"iz") {
        w.push(b'e');
    } else if ends_double_consonant(w) {
        if !matches!(w[w.len() - 1], b'l' | b's' | b'z') {
            w.pop();
        }
    } else if measure(w) == 1 && ends_cvc(w) {
        w.push(b'e');
    }
}

fn step1c(w: &mut [u8]) {
    // NLTK turns `y` into `i` only after a consonant that is not the whole stem.
    let n = w.len();
    if w.ends_with(b"y") && n - 1 > 1 && is_consonant(w, n - 2) {
        w[n - 1] = b'i';
    }
}

fn step2(w: &mut Vec<u8>) {
    if w.ends_with(b"alli") && measure(&w[..w.len() - 4]) > 0 {
        replace_suffix(w, 4, b"al");
        step2(w);
        return;
    }
    const RULES: &[(&[u8], &[u8])] = &[
        (b"ational", b"ate"),
        (b"tional", b"tion"),
        (b"enci", b"ence"),
        (b"anci", b"ance"),
        (b"izer", b"ize"),
        (b"bli", b"ble"),
        (b"alli", b"al"),
        (b"entli", b"ent"),
        (b"eli", b"e"),
        (b"ousli", b"ous"),
        (b"ization", b"ize"),
        (b"ation", b"ate"),
        (b"ator", b"ate"),
        (b"alism", b"al"),
        (b"iveness", b"ive"),
        (b"fulness", b"ful"),
        (b"ousness", b"ous"),
        (b"aliti", b"al"),
        (b"iviti", b"ive"),
        (b"biliti", b"ble"),
        (b"fulli", b"ful"),
        (b"logi", b"log"),
    ];
    apply_first_rule(w, RULES, |word, suffix| {
        // NLTK measures `logi` on the word minus `ogi`, that is the stem plus its `l`.
        let kept = if suffix == b"logi" { 3 } else { suffix.len() };
        measure(&word[..word.len() - kept]) > 0
    });
}

fn step3(w: &mut Vec<u8>) {
    const RULES: &[(&[u8], &[u8])] = &[
        (b"icate", b"ic"),
        (b"ative", b""),
        (b"alize", b"al"),
        (b"iciti", b"ic"),
        (b"ical", b"ic"),
        (b"ful", b""),
        (b"ness", b""),
    ];
    apply_first_rule(w, RULES, |word, suffix| {
        measure(&word[..word.len() - suffix.len()]) > 0
    });
}

fn step4(w: &mut Vec<u8>) {
    const RULES: &[(&[u8], &[u8])] = &[
        (b"al", b""),
        (b"ance", b""),
        (b"ence", b""),
        (b"er", b""),
        (b"ic", b""),
        (b"able", b""),
        (b"ible", b""),
        (b"ant", b""),
        (b"ement", b""),
        (b"ment", b""),
        (b"ent", b""),
        (b"ion", b""),
        (b"ou", b""),
        (b"ism", b""),
        (b"ate", b""),
        (b"iti", b""),
        (b"ous", b""),
        (b"ive", b""),
        (b"ize", b""),
    ];
    apply_first_rule(w, RULES, |word, suffix| {
        let stem = &word[..word.len() - suffix.len()];
        measure(stem) > 1 && (suffix != b"ion" || matches!(stem.last(), Some(b's' | b't')))
    });
}

fn step5a(w: &mut Vec<u8>) {
    if w.ends_with(b"e") {
        let stem = &w[..w.len() - 1];
        let m = measure(stem);
        if m > 1 || (m == 1 && !ends_cvc(stem)) {
            w.pop();
        }
    }
}

fn step5b(w: &mut Vec<u8>) {
    if w.ends_with(b"ll") && measure(&w[..w.len() - 1]) > 1 {
        w.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::stem;

    /// Word -> stem pairs printed by `nltk.stem.porter.PorterStemmer().stem` (NLTK 3.10.4), chosen
    /// to reach every rule, every NLTK extension and the `y` consonant edge cases.
    const NLTK_PAIRS: &str = include_str!("../test_data/porter_nltk.tsv");

    #[test]
    fn matches_nltk_on_every_listed_word() {
        let mut checked = 0;
        for (line_no, line) in NLTK_PAIRS.lines().enumerate() {
            let (word, expected) = line
                .split_once('\t')
                .unwrap_or_else(|| panic!("porter_nltk.tsv:{}: no tab", line_no + 1));
            assert_eq!(
                stem(word),
                expected,
                "porter_nltk.tsv:{}: {word}",
                line_no + 1
            );
            checked += 1;
        }
        assert!(checked > 300, "only {checked} pairs");
    }

    #[test]
    fn paper_examples() {
        for (word, expected) in [
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("relational", "relat"),
            ("hopping", "hop"),
            ("generalizations", "gener"),
        ] {
            assert_eq!(stem(word), expected, "{word}");
        }
    }

    #[test]
    fn lowercases_ascii_and_leaves_other_words_alone() {
        assert_eq!(stem("Running"), "run");
        assert_eq!(stem("Café"), "café");
        assert_eq!(stem(""), "");
    }
}
