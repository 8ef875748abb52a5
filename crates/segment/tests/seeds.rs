//! Invariants of the splitter on the five real seed articles, read at run time from
//! `../shared/seeds` (never copied into the repository).
//!
//! Run with `--nocapture` to print every sentence for a look by eye.

use std::fs;
use std::ops::Range;
use std::path::PathBuf;

/// Titles that always precede a name, so a sentence can never end with one.
const TITLES: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Lt.", "Col.", "Sen.", "Rep.", "Gov.", "Prof.",
];

/// Abbreviations that may end a sentence, but only before a word that starts one.
const MAY_END: &[&str] = &["U.S.", "U.K.", "U.N.", "etc.", "Jr.", "St."];

/// A few words that may start a sentence after one of [`MAY_END`].
const STARTERS: &[&str] = &[
    "The", "He", "She", "It", "They", "We", "But", "In", "On", "This", "That", "A", "And",
];

fn seeds_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds")
}

/// Whether the paragraph containing byte `at` starts right there (a blank line or the start
/// of the text comes before it).
fn starts_paragraph(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    before.is_empty() || text[before.len()..at].matches('\n').count() >= 2
}

fn check_article(name: &str, text: &str, ranges: &[Range<usize>]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut previous_end = 0;
    for (i, range) in ranges.iter().enumerate() {
        if range.start < previous_end || range.start >= range.end || range.end > text.len() {
            problems.push(format!("{name}: range {range:?} out of order or empty"));
            continue;
        }
        if !text.is_char_boundary(range.start) || !text.is_char_boundary(range.end) {
            problems.push(format!("{name}: range {range:?} not on char boundaries"));
            continue;
        }
        previous_end = range.end;
        let sentence = &text[range.clone()];
        let next = ranges.get(i + 1).map(|r| &text[r.clone()]);
        let next_word = next
            .and_then(|s| s.split_whitespace().next())
            .unwrap_or("")
            .trim_start_matches(['"', '“', '‘', '\'', '(']);
        let last_word = sentence.split_whitespace().last().unwrap_or("");
        if TITLES.contains(&last_word) && next.is_some() {
            problems.push(format!("{name}: sentence ends at a title: {sentence:?}"));
        }
        if MAY_END.contains(&last_word)
            && next.is_some()
            && !STARTERS.contains(&next_word)
            && !text[range.end..ranges[i + 1].start].contains("\n\n")
        {
            problems.push(format!(
                "{name}: sentence ends at {last_word:?} before {next_word:?}: {sentence:?}"
            ));
        }
        if sentence.chars().next().is_some_and(char::is_lowercase)
            && !starts_paragraph(text, range.start)
        {
            problems.push(format!("{name}: sentence starts lowercase: {sentence:?}"));
        }
    }
    problems
}

#[test]
fn seed_articles_keep_invariants() {
    let dir = seeds_dir();
    let Ok(entries) = fs::read_dir(&dir) else {
        println!(
            "skipping: ../shared/seeds not found (looked in {})",
            dir.display()
        );
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    let mut problems = Vec::new();
    for path in &paths {
        let Ok(text) = fs::read_to_string(path) else {
            continue;
        };
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let ranges = segment::split_sentences(&text);
        println!("== {name}: {} sentences", ranges.len());
        for range in &ranges {
            println!("  | {}", text[range.clone()].replace('\n', "⏎"));
        }
        problems.extend(check_article(&name, &text, &ranges));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
