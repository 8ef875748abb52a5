//! Rules that judge one line on its own: keyword patterns typical of page furniture, guarded by the
//! line's shape so that a real sentence which merely mentions "Facebook" or "subscribers" stays.
//!
//! Each pattern is compiled once. Rules are tried in table order, the cheap shape guard before
//! the pattern, and the first rule whose guard holds and whose pattern matches names the reason.
//! (One `RegexSet` over all patterns was measured 30 times slower: asking which of many patterns
//! match forces the regex crate's slowest engine, while one pattern at a time runs on its lazy DFA
//! and literal prefilters; one regex of all patterns joined by `|` was slower still.) Most lines
//! match no pattern, so the literals every match of a pattern contains are looked for first, in
//! one pass over the line (`prefilter.rs`), and only the rules whose literals occur are asked.

use std::sync::LazyLock;

use regex::Regex;

use crate::lines::Line;
use crate::prefilter::RulePrefilter;

/// When a matching pattern is allowed to drop the line.
#[derive(Debug, Clone, Copy)]
enum Guard {
    /// The pattern alone is enough evidence.
    Always,
    /// Only lines of at most this many words.
    Short(usize),
    /// Only lines of at most this many words that do not end like a sentence.
    ShortOpen(usize),
}

impl Guard {
    fn holds(self, line: &Line<'_>) -> bool {
        match self {
            Guard::Always => true,
            Guard::Short(max) => line.words <= max,
            Guard::ShortOpen(max) => line.words <= max && !line.ends_like_sentence,
        }
    }
}

/// One line rule: the reason it reports, a pattern, and a guard.
struct Rule {
    reason: &'static str,
    pattern: &'static str,
    guard: Guard,
}

const fn rule(reason: &'static str, pattern: &'static str, guard: Guard) -> Rule {
    Rule {
        reason,
        pattern,
        guard,
    }
}

/// The line rules, most specific first. Patterns are case-insensitive unless they start with
/// `(?-i)`; `\b` is compiled as an ASCII word boundary, which keeps the set on the fast engine.
const RULES: &[Rule] = &[
    rule(
        "skip-link",
        r"^skip to (the )?(main )?(content|navigation|article|search)\b",
        Guard::Short(6),
    ),
    rule(
        "copyright",
        r"^(copyright|©|\(c\))\s*(©\s*)?\d{4}|\ball rights reserved\b|this material may not be (re)?published|may not be (re)?published, broadcast",
        Guard::Short(60),
    ),
    rule(
        "share-prompt",
        r"^(share|sharing)( this( article| story| page| post| video)?| on| via)\b|^share\s*[:|]|^read or share this story\b|^(click|tap) (here )?to (share|tweet|email|print)\b",
        Guard::Always,
    ),
    rule(
        "share-prompt",
        r"^(\d+\s+)?(share|shares|tweet|email|print|save|comments?|reprints?|view comments|show comments|add comment|listen to (this )?article|font size|text size|a\+\s*a-)$",
        Guard::Always,
    ),
    rule(
        "follow-prompt",
        r"^(follow|like|check|find|join|connect with)\s+([^.!?]{0,60}?\s)?(on|at|out on|via)?\s*(facebook|twitter|instagram|youtube|linkedin|tiktok|google\+?|snapchat|@)",
        Guard::Short(20),
    ),
    rule(
        "follow-prompt",
        r"^follow (us|me|him|her|them|@)",
        Guard::Short(12),
    ),
    rule(
        "comment-form",
        r"\bleave a (reply|comment)\b|\brequired fields are marked\b|\byour email address will not be published\b|\bcomments are closed\b|\bpost a comment\b|\bmust be logged in to (post a )?comment",
        Guard::Short(30),
    ),
    rule(
        "comment-policy",
        r"\bviews expressed in (the )?comments\b|\bcomment writers\b|^disclaimer\s*:|\b(abstain|refrain) from posting\b|\bwe (respect|moderate|reserve the right)[^.]{0,80}\bcomments?\b|\b(your|all (the )?) comments (will|may|are) (be )?moderated\b|\bmoderating (your |the )?comments\b",
        Guard::Always,
    ),
    rule(
        "photo-credit",
        r"^\[?(featured |top |main |header |lead |cover )?(image|photo|picture|photograph|video)s?( credit)?(\s*:|\s+(by|credit|courtesy)\b)",
        Guard::Short(30),
    ),
    rule(
        "photo-credit",
        r"\((photo|image|picture|photograph|file photo|video)s?\s*(by|:|credit|courtesy)[^)]*\)\s*$|[.!?]\s+(photo|image|picture)s?\s*:\s*[^.]{2,80}$|\bphoto ?credits?\s*:|\bphotograph(er)?\s*:|\bimage (copyright|credit|source)s?\b|\bimage caption\b|\bmedia caption\b|\btoggle caption\b|\benlarge this image\b|\bhide caption\b|^screenshot\s*:|\bcredit\s*:\s*\S|©",
        Guard::Short(60),
    ),
    rule(
        "photo-credit",
        r"^file\s*[-–—]+\s*(in )?this\b|^in this [^.]{0,80}\b(file )?photo\b|\bphoto (made available|provided|released|issued|distributed|obtained|taken) by\b|^\(?(pictured|above|below|top|left|right)\s*:",
        Guard::Short(150),
    ),
    rule(
        "photo-credit",
        r"\([^()]{0,60}(\b(getty|afp|reuters|epa|ap|pa|rex|shutterstock|alamy|bloomberg|images?|photo|pool|file|xinhua|anadolu|tass|sputnik)\b|\S/\S|\s/\s)[^()]{0,60}\)$",
        Guard::Short(80),
    ),
    rule(
        "photo-credit",
        r"(?-i)^(Getty( Images)?( - Contributor)?|GETTY|AP:Associated Press|AFP( or licensors)?|EPA|REUTERS|Reuters|Rex( Features)?|Splash News|SWNS( • PA)?|Alamy|PA( Wire)?|BBC|Twitter|Instagram)\s",
        Guard::ShortOpen(45),
    ),
    rule(
        "media-label",
        r"^(photo|photos|image|images|picture|pictures|video|videos|gallery|slideshow( \(\d+ images?\))?|play video|now playing:?|listen|audio|youtube|graphic|infographic|getty images|close|embed|loading\.*|\.\.\.|…|_+|-+|\*+)$",
        Guard::Always,
    ),
    rule(
        "gallery",
        r"\b\d+ show all\b|\bhide caption \d+ of \d+\b",
        Guard::Always,
    ),
    rule(
        "video-widget",
        r"^just watched\b|\bmust watch\b|\breplay more videos\b|^media playback is (unsupported|not supported)|^now playing\b|^(watch|video)\s*:|^up next\b|^autoplay\b|\bplay slideshow\b",
        Guard::Short(60),
    ),
    rule(
        "social-embed",
        r"^a post shared by\b|\ba post shared by .{1,60} on [a-z]{3,9}\.? \d{1,2}, \d{4}|\bposted by .{1,40} on [a-z]+day, [a-z]+ \d{1,2}, \d{4}$|—\s*[^—]{1,80}\(@\w{1,30}\)\s+[a-z]{3,9}\.? \d{1,2}, \d{4}$|\bpic\.twitter\.com/\w+",
        Guard::Always,
    ),
    rule(
        "via-link",
        r"^via\s+(https?://|www\.)\S+|^\(?(h/t|hat tip)\b",
        Guard::Short(12),
    ),
    rule(
        "more-from",
        r"^more (from|on|stories from|news from)\s+\S",
        Guard::ShortOpen(6),
    ),
    rule(
        "related-link",
        r"^(read more|read next|also read|see also|more|related( \w+)?|further reading|must read|don'?t miss|recommended( \w+)?|watch more|more (stories|news|coverage)|popular( \w+)?|most (popular|read|viewed|shared))\s*[:|»›>]",
        Guard::Short(30),
    ),
    rule(
        "related-link",
        r"^(read more|popular video|most popular|trending( now)?|related (stories|articles|coverage|content|links|videos?)|you (may|might) also like|top stories|more stories|recommended( for you)?|editor'?s picks|further reading|related|online)\s*:?$",
        Guard::Always,
    ),
    rule("related-link", r"^related\s", Guard::ShortOpen(30)),
    rule("related-link", r"\bread more$", Guard::Short(30)),
    rule("related-link", r"^\[\S+(\s+\S+){2,}\]$", Guard::Short(25)),
    rule(
        "timestamp",
        r"^(published|posted|updated|last updated|first published|last modified)\s*(time|date|on|at)?\s*:?\s*(\d|(mon|tues|wednes|thurs|fri|satur|sun)day|(mon|tue|wed|thu|fri|sat|sun)\.?,\s|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d)|\blast updated\s*:",
        Guard::Short(30),
    ),
    rule(
        "app-prompt",
        r"\bdownload (now|the app|our app|it (now|here|free))\b|\bapp\W+download\b",
        Guard::Short(40),
    ),
    rule(
        "app-prompt",
        r"\b(download|get|available)[^.]{0,40}\b(app store|google play)\b",
        Guard::ShortOpen(40),
    ),
    // "Download The Morning Ledger App": a heading-like line that names the outlet's app.
    rule(
        "app-prompt",
        r"^(download|get|install|try)\s[^.]{0,60}\bapps?$",
        Guard::ShortOpen(12),
    ),
    rule(
        "alternate-address",
        r"\balternate (web )?addresses\b|\bcan also be accessed at\b|\bmirror sites?\b",
        Guard::Short(30),
    ),
    rule(
        "newsletter",
        r"\bnewsletter sign ?up\b|\bsign up for (our|the|breaking|daily|weekly)[^.]{0,40}\b(newsletters?|e-?mails?|alerts)\b|\bthank(s| you) for subscribing\b|\binvalid email\b|\benter your email\b|\bemail address is invalid\b|\bverify you'?re not a robot\b|\+ subscribe\b|\bget (daily|weekly|the latest) [^.]{0,40}\b(to|in) your inbox\b|\bdelivered (straight |directly )?to your inbox\b|\bsign up to our\b|\bsubscribe to our\b|\bsubscribe (now|today|here)\b|\balready (a subscriber|subscribed)\b|\bnot in our deliverable area\b|\bsign up for digital access\b|\bget digital access\b",
        Guard::Short(100),
    ),
    rule(
        "advertisement",
        r"^(advertisement|advertising|advert|sponsored( content)?|ad|paid content|promoted( stories| content)?)$|\bcontinue reading (the )?(main story|below)\b|\b(story|article) continues below\b",
        Guard::Always,
    ),
    rule(
        "reporting-credit",
        r"^(additional )?reporting by\b|^(writing|editing|compiled|edited|written|produced|graphics|research) by\b|^[-–—]?\s*with assistance (by|from)\b|\bcontributed (reporting|to this (report|story|article))\b|^[-–—]?\s*(with )?reporting (from|by)\b",
        Guard::Short(40),
    ),
    rule(
        "reporting-credit",
        r"(?-i)^[a-z]{1,4}(/[a-z]{1,4})+\s*(\([^)]{1,40}\))?$",
        Guard::Always,
    ),
    rule(
        "tip-line",
        r"\b(got|have) a (confidential )?(news )?tip\b|\bnews tips?\b.{0,40}\b(email|contact|send)\b|\bwe pay for (your )?(stories|videos|pictures)\b|\bclick here to upload\b|\b(email|call) us (at|on|direct)\b|\bdo you have a story for\b|\bif you (witnessed|saw|were at|have)\b[^.]{0,120}\b(form below|email us|contact us|get in touch with us)\b|^email the author\.?$|\bget in touch with (us|our)\b",
        Guard::Short(50),
    ),
    rule(
        "update-notice",
        r"^this (is a )?(breaking|developing) (news )?story\b|\bthis story (is developing|will be updated|has been updated)\b|\bmore follows\b|\bcheck back (later|soon)\b",
        Guard::Short(30),
    ),
    rule("newsletter", r"^subscribe\b", Guard::ShortOpen(6)),
    rule(
        "source-credit",
        r"^(sources?|credits?)\s*:",
        Guard::ShortOpen(40),
    ),
    rule(
        "bare-url",
        r"^(https?://|www\.)\S+$|^[\w-]+(\.[\w-]+)*\.(com|org|net|co\.uk|co|uk|ru|ir|in|de|fr|info|io|tv|news|gov|edu|ly)(/\S*)?$|^[^.!?]{0,40}:\s*(https?://|www\.)\S+$",
        Guard::Always,
    ),
];

/// The compiled rule table.
static RULE_REGEXES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    RULES
        .iter()
        .map(|rule| {
            let pattern = rule.pattern.replace(r"\b", r"(?-u:\b)");
            let pattern = match pattern.strip_prefix("(?-i)") {
                Some(rest) => rest.to_owned(),
                None => format!("(?i){pattern}"),
            };
            Regex::new(&pattern).expect("the line rules are valid regular expressions")
        })
        .collect()
});

/// The literals of the rule table, to skip the rules that cannot match a line.
static PREFILTER: LazyLock<Option<RulePrefilter>> = LazyLock::new(|| {
    let patterns: Vec<&str> = RULES.iter().map(|rule| rule.pattern).collect();
    RulePrefilter::new(&patterns)
});

/// The rule patterns, for the prefilter's tests.
#[cfg(test)]
pub(crate) fn patterns() -> Vec<&'static str> {
    RULES.iter().map(|rule| rule.pattern).collect()
}

/// Social networks and share targets, as they appear in icon rows ("Facebook Twitter Google+").
const SOCIAL_WORDS: &[&str] = &[
    "facebook",
    "twitter",
    "google",
    "google+",
    "pinterest",
    "whatsapp",
    "flipboard",
    "linkedin",
    "reddit",
    "email",
    "e-mail",
    "mail",
    "instagram",
    "youtube",
    "tumblr",
    "print",
    "share",
    "messenger",
    "telegram",
    "snapchat",
    "vk",
    "sms",
    "copy",
    "link",
    "tweet",
    "comments",
    "x",
    "threads",
    "stumbleupon",
    "digg",
    "pocket",
];

/// Credit words that make a short "Name/Agency" line a photo credit.
static CREDIT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{L}'’.-]*(\s+\p{Lu}[\p{L}'’.-]*){1,2}\s*/\s*\S").expect("valid regex")
});

/// Judges one trimmed line on its own; returns the reason when it is boilerplate.
pub(crate) fn classify_line(line: &Line<'_>) -> Option<&'static str> {
    let text = line.text;
    if is_social_list(text) {
        return Some("social-list");
    }
    // The rules whose guard holds, then those of them whose literals occur in the line.
    let guarded = RULES
        .iter()
        .take(64)
        .enumerate()
        .filter(|(_, rule)| rule.guard.holds(line))
        .fold(0_u64, |set, (index, _)| set | 1 << index);
    let candidates = PREFILTER
        .as_ref()
        .map_or(guarded, |prefilter| prefilter.candidates(text, guarded));
    for (index, (rule, regex)) in RULES.iter().zip(RULE_REGEXES.iter()).enumerate() {
        let candidate = if index < 64 {
            candidates & (1 << index) != 0
        } else {
            rule.guard.holds(line)
        };
        if candidate && regex.is_match(text) {
            return Some(rule.reason);
        }
    }
    if is_credit_line(line) {
        return Some("photo-credit");
    }
    None
}

/// A row of share-button labels: at least two words, every one a social network or share target.
fn is_social_list(text: &str) -> bool {
    let mut count = 0;
    for word in text.split(|c: char| c.is_whitespace() || matches!(c, '|' | ',' | '/' | '·' | '•'))
    {
        if word.is_empty() {
            continue;
        }
        // The list is ASCII lowercase: an ASCII word is compared without a lowercased copy
        // (another word may still lowercase into the list: the Kelvin sign is a `k`).
        let listed = if word.is_ascii() {
            SOCIAL_WORDS.iter().any(|s| s.eq_ignore_ascii_case(word))
        } else {
            SOCIAL_WORDS.contains(&word.to_lowercase().as_str())
        };
        if !listed {
            return false;
        }
        count += 1;
    }
    count >= 2
}

/// A short "Firstname Lastname/Agency" credit line, without a sentence ending.
fn is_credit_line(line: &Line<'_>) -> bool {
    line.words <= 8 && !line.ends_like_sentence && CREDIT_LINE.is_match(line.text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::{ends_like_sentence, split_lines, word_count};
    use proptest::prelude::*;

    /// [`classify_line`] of a one-line text.
    fn classify(text: &str) -> Option<&'static str> {
        classify_line(&split_lines(text)[0])
    }

    /// [`classify_line`] as it was before the prefilter and the shared line shape: the reference
    /// the fast path must equal.
    fn classify_reference(text: &str) -> Option<&'static str> {
        let social = {
            let mut count = 0;
            let mut all = true;
            for word in
                text.split(|c: char| c.is_whitespace() || matches!(c, '|' | ',' | '/' | '·' | '•'))
            {
                if word.is_empty() {
                    continue;
                }
                if !SOCIAL_WORDS.contains(&word.to_lowercase().as_str()) {
                    all = false;
                    break;
                }
                count += 1;
            }
            all && count >= 2
        };
        if social {
            return Some("social-list");
        }
        let (words, ends) = (word_count(text), ends_like_sentence(text));
        for (rule, regex) in RULES.iter().zip(RULE_REGEXES.iter()) {
            let holds = match rule.guard {
                Guard::Always => true,
                Guard::Short(max) => words <= max,
                Guard::ShortOpen(max) => words <= max && !ends,
            };
            if holds && regex.is_match(text) {
                return Some(rule.reason);
            }
        }
        if words <= 8 && !ends && CREDIT_LINE.is_match(text) {
            return Some("photo-credit");
        }
        None
    }

    /// Lines made of furniture words, rule fragments and arbitrary text, to reach every rule.
    fn line_like() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("Share".to_owned()),
            Just("sHARE this".to_owned()),
            Just("Photo:".to_owned()),
            Just("(Photo by".to_owned()),
            Just("Getty Images)".to_owned()),
            Just("Read more".to_owned()),
            Just("Follow us on".to_owned()),
            Just("Twitter".to_owned()),
            Just("facebook".to_owned()),
            Just("vK".to_owned()),
            Just("\u{212a}".to_owned()),
            Just("ſhare".to_owned()),
            Just("©".to_owned()),
            Just("2019".to_owned()),
            Just("all rights reserved".to_owned()),
            Just("Advertisement".to_owned()),
            Just("Reporting by".to_owned()),
            Just("www.example.com".to_owned()),
            Just("https://x.co/a".to_owned()),
            Just("Jane Roe/AP".to_owned()),
            Just("sign up for our daily newsletters".to_owned()),
            Just("the council said.".to_owned()),
            Just("—".to_owned()),
            Just("(@someone) May 3, 2019".to_owned()),
            Just("pic.twitter.com/abc".to_owned()),
            Just("|".to_owned()),
            "[a-zA-Z]{1,8}",
            "\\PC{0,12}",
        ];
        prop::collection::vec(piece, 1..10).prop_map(|pieces| pieces.join(" "))
    }

    proptest! {
        #[test]
        fn classify_line_equals_its_reference(text in line_like()) {
            for line in split_lines(&text) {
                prop_assert_eq!(classify_line(&line), classify_reference(line.text), "{:?}", line.text);
            }
        }

        #[test]
        fn classify_line_equals_its_reference_on_any_text(text in "\\PC{0,80}") {
            for line in split_lines(&text) {
                prop_assert_eq!(classify_line(&line), classify_reference(line.text), "{:?}", line.text);
            }
        }
    }

    #[test]
    fn every_rule_compiles() {
        assert_eq!(RULE_REGEXES.len(), RULES.len());
        assert!(PREFILTER.is_some(), "the prefilter covers every rule");
    }

    #[test]
    fn mentions_inside_sentences_stay() {
        for line in [
            "The campaign thanked the security services on Facebook and asked for patience.",
            "Shares of the company fell 1 percent to $254 in early trading.",
            "Customers can sign up for free credit monitoring, the company said.",
            "More than 51 people were taken to hospital after the crash.",
            "Apple said its App Store would stay open in the country.",
            "Try the new app.",
            "Published in 1998, the report was never updated.",
            "Posted guards stood at the gate on Saturday.",
            "Reuters reported on Monday that the talks had stalled.",
            "9/11 changed the way airports screen passengers.",
        ] {
            assert_eq!(classify(line), None, "{line}");
        }
    }

    #[test]
    fn typical_furniture_goes() {
        for (line, reason) in [
            ("Share on Facebook", "share-prompt"),
            ("Follow us on Twitter", "follow-prompt"),
            ("Facebook Twitter Google+ Pinterest", "social-list"),
            ("Photo: Jane Roe/Getty Images", "photo-credit"),
            ("Vjeran Pavic/The Verge", "photo-credit"),
            ("Download The Morning Ledger App", "app-prompt"),
            (
                "Ada Moor, 71, outside her house on Mill Street. Photo: Ben Ray for The Ledger",
                "photo-credit",
            ),
            ("Published time: 13 Mar, 2025 10:42", "timestamp"),
            ("Posted: Sat, 15 Mar 2025 09:12", "timestamp"),
            ("Get the Harbour Post app", "app-prompt"),
            ("Advertisement", "advertisement"),
            ("www.example.com", "bare-url"),
        ] {
            assert_eq!(classify(line), Some(reason), "{line}");
        }
    }
}
