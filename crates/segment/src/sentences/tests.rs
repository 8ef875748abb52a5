//! Unit tests of the sentence splitter, one per tricky case of news prose.

use super::*;

fn sentences(text: &str) -> Vec<&str> {
    split_sentences(text)
        .into_iter()
        .map(|r| &text[r])
        .collect()
}

#[track_caller]
fn check(text: &str, expected: &[&str]) {
    assert_eq!(sentences(text), expected, "input: {text:?}");
}

#[test]
fn plain_sentences() {
    check(
        "It rained. Then it stopped! Why? Nobody knows.",
        &["It rained.", "Then it stopped!", "Why?", "Nobody knows."],
    );
}

#[test]
fn country_abbreviations_inside_a_sentence() {
    check(
        "The U.S. said the U.K. and the U.N. agreed.",
        &["The U.S. said the U.K. and the U.N. agreed."],
    );
    check(
        "The U.S. Navy and U.N. Secretary-General spoke.",
        &["The U.S. Navy and U.N. Secretary-General spoke."],
    );
    check(
        "A U.S.-Russia deal collapsed.",
        &["A U.S.-Russia deal collapsed."],
    );
}

#[test]
fn country_abbreviation_ending_a_sentence() {
    check(
        "The plan was supported by the U.S. The next day it failed.",
        &[
            "The plan was supported by the U.S.",
            "The next day it failed.",
        ],
    );
    check(
        "He blamed the U.K. But London denied it.",
        &["He blamed the U.K.", "But London denied it."],
    );
}

#[test]
fn titles_before_names() {
    for title in [
        "Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Lt.", "Col.", "Sen.", "Rep.", "Gov.", "Prof.",
    ] {
        let text = format!("Yesterday {title} Smith arrived. He left.");
        assert_eq!(
            sentences(&text),
            [
                format!("Yesterday {title} Smith arrived."),
                "He left.".to_owned()
            ]
        );
    }
    check(
        "Lt. Gen. Igor Konashenkov spoke. Col. Ann Lee did not.",
        &["Lt. Gen. Igor Konashenkov spoke.", "Col. Ann Lee did not."],
    );
}

#[test]
fn street_and_suffixes() {
    check(
        "They met in St. Petersburg. It was cold.",
        &["They met in St. Petersburg.", "It was cold."],
    );
    check(
        "Martin Luther King Jr. spoke. Martin Luther King Jr. He spoke.",
        &[
            "Martin Luther King Jr. spoke.",
            "Martin Luther King Jr.",
            "He spoke.",
        ],
    );
    check(
        "Acme Inc. Chief Executive Jo Bell quit.",
        &["Acme Inc. Chief Executive Jo Bell quit."],
    );
}

#[test]
fn months_and_numbers() {
    check(
        "On Jan. 5 and Sept. 30 the talks resumed. On Oct. 3 they ended.",
        &[
            "On Jan. 5 and Sept. 30 the talks resumed.",
            "On Oct. 3 they ended.",
        ],
    );
    check(
        "He was No. 5 on the list. No. He was not.",
        &["He was No. 5 on the list.", "No.", "He was not."],
    );
    check(
        "The House passed H. Res. 601 and S. Con. Res. 14 on Tuesday. Pub. L. 117-58 followed.",
        &[
            "The House passed H. Res. 601 and S. Con. Res. 14 on Tuesday.",
            "Pub. L. 117-58 followed.",
        ],
    );
    check(
        "The war ended in 2015. 2016 was calmer.",
        &["The war ended in 2015.", "2016 was calmer."],
    );
}

#[test]
fn latin_abbreviations() {
    check(
        "Russia vs. Syria vs. Turkey, e.g. Aleppo, i.e. the north.",
        &["Russia vs. Syria vs. Turkey, e.g. Aleppo, i.e. the north."],
    );
    check(
        "Guns, tanks, drones, etc. The list grew.",
        &["Guns, tanks, drones, etc.", "The list grew."],
    );
    check(
        "Guns, tanks, etc. were seized.",
        &["Guns, tanks, etc. were seized."],
    );
}

#[test]
fn initials() {
    check(
        "John F. Kennedy and J. R. R. Tolkien met George W. Bush.",
        &["John F. Kennedy and J. R. R. Tolkien met George W. Bush."],
    );
    check(
        "He served in World War I. The war changed him.",
        &["He served in World War I.", "The war changed him."],
    );
    check("J. A. Smith wrote it.", &["J. A. Smith wrote it."]);
}

#[test]
fn decimals_and_money() {
    check(
        "Growth was 3.5 percent, or $1.2 billion. Prices rose 0.4 points.",
        &[
            "Growth was 3.5 percent, or $1.2 billion.",
            "Prices rose 0.4 points.",
        ],
    );
}

#[test]
fn ellipses() {
    check(
        "He paused... and then went on. The rest … was silence.",
        &["He paused... and then went on.", "The rest … was silence."],
    );
    check(
        "He paused… Then he left. Wait... What?",
        &["He paused…", "Then he left.", "Wait...", "What?"],
    );
}

#[test]
fn quotes_end_with_the_sentence() {
    check(
        r#"He said, "It is over." Then he left."#,
        &[r#"He said, "It is over.""#, "Then he left."],
    );
    check(
        "He said, “It is over.” Then he left.",
        &["He said, “It is over.”", "Then he left."],
    );
    check(
        "She said, ‘It is over.’ Then she left.",
        &["She said, ‘It is over.’", "Then she left."],
    );
}

#[test]
fn question_in_quotes_with_attribution() {
    check(
        r#""Why?" he asked. "Because," she said."#,
        &[r#""Why?" he asked."#, r#""Because," she said."#],
    );
    check(
        "“Enough!” shouted the crowd. “Stop!” It worked.",
        &["“Enough!” shouted the crowd.", "“Stop!”", "It worked."],
    );
    check(r#""It is over." he said."#, &[r#""It is over." he said."#]);
}

#[test]
fn closing_brackets() {
    check(
        "The toll rose. (Earlier reports said 20.) Officials disagreed.",
        &[
            "The toll rose.",
            "(Earlier reports said 20.)",
            "Officials disagreed.",
        ],
    );
    check(
        "The ICC [International Criminal Court.] It has no power.",
        &[
            "The ICC [International Criminal Court.]",
            "It has no power.",
        ],
    );
}

#[test]
fn newlines() {
    check(
        "The talks were held in\nGeneva on Friday. They failed.",
        &["The talks were held in\nGeneva on Friday.", "They failed."],
    );
    check(
        "First paragraph ends\n\nsecond begins lower.",
        &["First paragraph ends", "second begins lower."],
    );
    check(
        "Breaking News\nRussia vetoed the resolution on Saturday, diplomats said.",
        &[
            "Breaking News",
            "Russia vetoed the resolution on Saturday, diplomats said.",
        ],
    );
    check("ALEPPO\nBombs fell.", &["ALEPPO", "Bombs fell."]);
    check(
        "Key points:\n- One thing\n- Another thing",
        &["Key points:", "- One thing", "- Another thing"],
    );
    check(
        "He blamed the U.S.\nOfficials denied it.",
        &["He blamed the U.S.", "Officials denied it."],
    );
    check("He met Mr.\nSmith.", &["He met Mr.\nSmith."]);
    let long = "Share this story: a headline repeated in full, long enough that nobody would ever hard-wrap it at this width";
    let text = format!("{long}\nMore from Elsewhere");
    assert_eq!(sentences(&text), [long, "More from Elsewhere"]);
}

#[test]
fn no_sentence_of_only_punctuation() {
    check("It ended. ... !", &["It ended. ... !"]);
    check("— — Then it began.", &["— — Then it began."]);
    check("* * *\n\nText.", &["Text."]);
    check("...", &[]);
    check("", &[]);
    check("  \n\n  ", &[]);
}

#[test]
fn split_within_a_range() {
    let text = "Skip me. Keep this. And this. Not this.";
    let start = text.find("Keep").unwrap();
    let end = text.find(" Not").unwrap();
    let got: Vec<&str> = split_sentences_in(text, start..end)
        .into_iter()
        .map(|r| &text[r])
        .collect();
    assert_eq!(got, ["Keep this.", "And this."]);
    assert!(split_sentences_in(text, Range { start: 10, end: 3 }).is_empty());
    assert!(split_sentences_in(text, 100..200).is_empty());
    let text = "é. Aé.";
    assert_eq!(
        split_sentences_in(text, 1..text.len() + 9),
        vec![Range {
            start: 2,
            end: text.len()
        }],
        "the stray dot joins the next sentence"
    );
}

#[test]
fn long_inputs_stay_linear() {
    let text = "a.".repeat(50_000) + &" U.S.".repeat(50_000) + &"\n".repeat(50_000);
    let ranges = split_sentences(&text);
    assert!(!ranges.is_empty());
}

/// [`terminator_cuts`] as it was before it skipped non-terminator bytes undecoded: the reference
/// of the property test below.
fn terminator_cuts_reference(text: &str, block: &Range<usize>) -> Vec<usize> {
    let mut cuts = Vec::new();
    let s = &text[block.clone()];
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_terminator(c) {
            continue;
        }
        let mut dots = usize::from(c == '.');
        let mut strong = matches!(c, '?' | '!' | '‽');
        let mut ellipsis = c == '…';
        let mut cjk = is_cjk_terminator(c);
        let mut j = i + c.len_utf8();
        while let Some(&(k, d)) = chars.peek() {
            if is_terminator(d) {
                dots += usize::from(d == '.');
                strong |= matches!(d, '?' | '!' | '‽');
                ellipsis |= d == '…';
                cjk |= is_cjk_terminator(d);
            } else if !is_closer(d) {
                break;
            }
            j = k + d.len_utf8();
            chars.next();
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
    }
    cuts
}

proptest::proptest! {
    #[test]
    fn terminator_cuts_equal_their_reference(
        text in "([.?!…‽。！？｡「」\"'”’)\\]» \n]|[A-Za-z]{1,4}|[あ-ん]|U\\.S\\.|Mr\\.|\\PC){0,40}",
        from in 0usize..8,
    ) {
        let start = (0..=from.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        let block = start..text.len();
        proptest::prop_assert_eq!(terminator_cuts(&text, &block), terminator_cuts_reference(&text, &block));
    }
}

#[test]
fn chinese_and_japanese_sentences_end_at_their_full_stops_without_spaces() {
    check(
        "周一凌晨，北京一家工厂发生火灾。消防员赶到现场！起火原因？仍在调查。",
        &[
            "周一凌晨，北京一家工厂发生火灾。",
            "消防员赶到现场！",
            "起火原因？",
            "仍在调查。",
        ],
    );
    check(
        "他说：「我们会调查。」警方已介入。",
        &["他说：「我们会调查。」", "警方已介入。"],
    );
    check(
        "東京で地震があった。けが人はいない。",
        &["東京で地震があった。", "けが人はいない。"],
    );
    // A closed quotation that a particle reports continues its sentence.
    check(
        "司令官は「まだ９人を捜索している。」と述べた。運輸相は「調査する。」と語った。",
        &[
            "司令官は「まだ９人を捜索している。」と述べた。",
            "運輸相は「調査する。」と語った。",
        ],
    );
    check(
        "他说：“我们会调查。”他补充说，警方已介入。",
        &["他说：“我们会调查。”", "他补充说，警方已介入。"],
    );
    // Latin text after a CJK stop starts a sentence of its own.
    check(
        "报道称。Reuters said so.",
        &["报道称。", "Reuters said so."],
    );
}

#[test]
fn german_ordinals_go_on() {
    check(
        "Am 27. Januar erinnern sie an die Opfer. Die Feier ist am Samstag, 31. Juli 2021.",
        &[
            "Am 27. Januar erinnern sie an die Opfer.",
            "Die Feier ist am Samstag, 31. Juli 2021.",
        ],
    );
    check(
        "Der 1. FC Köln gewann zum 3. Mal. Im 20. Jahrhundert war das anders.",
        &[
            "Der 1. FC Köln gewann zum 3. Mal.",
            "Im 20. Jahrhundert war das anders.",
        ],
    );
    // A number that ends a sentence still does, before any other word and after a year.
    check(
        "Die Zahl stieg auf 27. Danach sank sie. Das war 2021. Januar brachte Schnee.",
        &[
            "Die Zahl stieg auf 27.",
            "Danach sank sie.",
            "Das war 2021.",
            "Januar brachte Schnee.",
        ],
    );
}
