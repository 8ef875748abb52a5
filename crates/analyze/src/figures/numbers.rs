//! Number words and numerals: "Three hundred", "six to eight thousand", "200,000", "1.2 billion",
//! "one-third", "fifth". Pure lookups over lowercase words; the grammar around them (qualifiers,
//! ranges, what is counted) lives in `figures.rs`.

/// Value of a single number word ("seven" = 7, "twenty-five" = 25), without scale words.
pub(crate) fn unit_word(word: &str) -> Option<f64> {
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(i) = UNITS.iter().position(|&u| u == word) {
        return Some(i as f64);
    }
    if let Some(i) = TENS.iter().position(|&t| t == word) {
        return Some(((i + 2) * 10) as f64);
    }
    let (tens, unit) = word.split_once('-')?;
    let t = TENS.iter().position(|&x| x == tens)?;
    let u = UNITS[1..10].iter().position(|&x| x == unit)?;
    Some(((t + 2) * 10 + u + 1) as f64)
}

/// Value of a singular scale word ("thousand" = 1000). Plurals ("thousands") are vague and are
/// deliberately not scale words.
pub(crate) fn scale_word(word: &str) -> Option<f64> {
    match word {
        "hundred" => Some(100.0),
        "thousand" => Some(1e3),
        "million" | "mln" => Some(1e6),
        "billion" | "bn" => Some(1e9),
        "trillion" => Some(1e12),
        _ => None,
    }
}

/// Value of a numeral written in digits ("200,000", "2.5"); `None` for malformed groups.
pub(crate) fn digits(text: &str) -> Option<f64> {
    let cleaned: String = text.chars().filter(|&c| c != ',').collect();
    if cleaned.is_empty() || cleaned.starts_with('.') || cleaned.ends_with('.') {
        return None;
    }
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Value of a fraction word ("half" = 0.5, "third"/"thirds" = 1/3), as a share of one unit.
pub(crate) fn fraction_word(word: &str) -> Option<f64> {
    match word {
        "half" | "halves" => Some(0.5),
        "third" | "thirds" => Some(1.0 / 3.0),
        "quarter" | "quarters" | "fourth" | "fourths" => Some(0.25),
        "fifth" | "fifths" => Some(0.2),
        "tenth" | "tenths" => Some(0.1),
        _ => None,
    }
}

/// Value of an ordinal ("fifth" = 5, "12th" = 12). "first" is left out on purpose: "the first
/// time" is almost always a ranking, not a count of a series.
pub(crate) fn ordinal_word(word: &str) -> Option<f64> {
    const ORDINALS: [&str; 19] = [
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ];
    if let Some(i) = ORDINALS.iter().position(|&o| o == word) {
        return Some((i + 2) as f64);
    }
    let digits_end = word.find(|c: char| !c.is_ascii_digit())?;
    let (num, suffix) = word.split_at(digits_end);
    if num.is_empty() || !matches!(suffix, "nd" | "rd" | "th") {
        return None;
    }
    num.parse::<f64>().ok().filter(|&v| v >= 2.0)
}

/// Rounds a share to three decimals, as the annotation writes them (1/3 = 0.333).
pub(crate) fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_digits() {
        assert_eq!(unit_word("seven"), Some(7.0));
        assert_eq!(unit_word("twenty-five"), Some(25.0));
        assert_eq!(unit_word("ninety"), Some(90.0));
        assert_eq!(unit_word("twenty-ten"), None);
        assert_eq!(scale_word("thousand"), Some(1e3));
        assert_eq!(scale_word("thousands"), None);
        assert_eq!(digits("200,000"), Some(200_000.0));
        assert_eq!(digits("2.5"), Some(2.5));
        assert_eq!(digits("2."), None);
        assert_eq!(ordinal_word("fifth"), Some(5.0));
        assert_eq!(ordinal_word("12th"), Some(12.0));
        assert_eq!(ordinal_word("first"), None);
        assert_eq!(ordinal_word("1st"), None);
        assert_eq!(round3(fraction_word("third").unwrap()), 0.333);
    }
}
