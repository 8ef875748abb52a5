//! Outlet inference: the name an outlet gives itself in its own page furniture ("More from X",
//! "X's website can also be accessed at", "the X App").
//!
//! Only removed lines are searched: body text names many outlets ("told the BBC", "according to
//! Reuters") that are sources, not the publisher.

use std::sync::LazyLock;

use regex::Regex;

/// A capitalized name of one to six words, optionally starting with "The".
const NAME: &str = r"((?:The\s+)?\p{Lu}[\p{L}\p{N}.&'-]*(?:\s+\p{Lu}[\p{L}\p{N}.&'-]*){0,5}?)";

/// Self-references, most reliable first; group 1 is the name.
static OUTLET_PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        format!(r"^(?i:more (?:from|stories from|news from))\s+{NAME}\s*$"),
        format!(r"^{NAME}[’']s\s+(?i:web\s?site|homepage|home page)\b"),
        format!(
            r"\b(?i:with|on|from|get|download|install)\s+{NAME}\s+(?:App|app|mobile app|apps)\b"
        ),
        format!(r"\b{NAME}\s+would like to hear from\b"),
        // "Subscribe to The Morning Ledger's daily briefing": the outlet's own newsletter.
        format!(
            r"^(?i:subscribe to|sign up (?:to|for)|get)\s+{NAME}[’']s\s+(?:[\p{{L}}-]+\s+){{0,3}}(?i:newsletters?|briefings?|digest|bulletin|e-?mails?|alerts)\b"
        ),
    ]
    .iter()
    .map(|pattern| Regex::new(pattern).expect("the outlet patterns are valid regular expressions"))
    .collect()
});

/// Returns the outlet named by the first removed line that names one.
pub(crate) fn infer_outlet<'a>(removed_lines: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let lines: Vec<&str> = removed_lines.into_iter().collect();
    for pattern in OUTLET_PATTERNS.iter() {
        for line in &lines {
            if let Some(name) = pattern.captures(line).and_then(|c| c.get(1)) {
                let name = name.as_str().trim_end_matches(['.', '\'']).trim();
                if !name.is_empty() {
                    return Some(name.to_owned());
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_self_references() {
        assert_eq!(
            infer_outlet(["More from Daily Planet"]).as_deref(),
            Some("Daily Planet")
        );
        assert_eq!(
            infer_outlet(["Planet TV’s website can also be accessed at the following addresses:"])
                .as_deref(),
            Some("Planet TV")
        );
        assert_eq!(
            infer_outlet(["Stay up to date with The Morning Ledger App. Download now"]).as_deref(),
            Some("The Morning Ledger")
        );
        assert_eq!(
            infer_outlet(["Subscribe to The Harbour Post's morning briefing"]).as_deref(),
            Some("The Harbour Post")
        );
        assert_eq!(
            infer_outlet(["Sign up for Velm Radio’s weekly newsletter"]).as_deref(),
            Some("Velm Radio")
        );
        assert_eq!(infer_outlet(["Subscribe to our newsletter"]), None);
        assert_eq!(infer_outlet(["Advertisement"]), None);
    }
}
