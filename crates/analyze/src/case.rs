//! Whether capitals carry a signal: a sentence written in capitals ("THE DAM COLLAPSED ON
//! TUESDAY, OFFICIALS SAID.") tells no name from a common word and no acronym from a shouted
//! word, so the rules that read names and labels from capitals skip it.

/// The share of cased letters, in tenths, that must be capitals for a text to be written in
/// capitals. Acronyms in an ordinary sentence ("The UN, the EU, NATO and the US condemned it")
/// stay under half; a headline in title case is near a fifth.
const SHOUTED_TENTHS: usize = 7;

/// Fewer capitals than this are a lone acronym or initials ("NASA.", "U.S."), not a text
/// written in capitals.
const SHOUTED_MIN_CAPITALS: usize = 8;

/// Whether `text` is written mostly in capitals.
pub(crate) fn is_shouted(text: &str) -> bool {
    let (mut upper, mut lower) = (0usize, 0usize);
    for c in text.chars() {
        if c.is_uppercase() {
            upper += 1;
        } else if c.is_lowercase() {
            lower += 1;
        }
    }
    upper >= SHOUTED_MIN_CAPITALS && upper * 10 >= (upper + lower) * SHOUTED_TENTHS
}

#[cfg(test)]
mod tests {
    use super::is_shouted;

    #[test]
    fn capitals_that_carry_a_signal() {
        assert!(is_shouted(
            "THE VELM HARBOUR WALL BROKE LATE ON FRIDAY NIGHT, OFFICIALS SAID."
        ));
        assert!(is_shouted("OFFICIALS SAID."));
        assert!(is_shouted("ÉTAT D’URGENCE DÉCLARÉ À VELM."));
        assert!(!is_shouted(
            "Storm Breaks Velm Harbour Wall After Week Of Rain"
        ));
        assert!(!is_shouted(
            "The UN, the EU, NATO and the U.S. condemned the attack on Velm."
        ));
        assert!(!is_shouted("NASA."));
        assert!(!is_shouted(""));
    }
}
