//! The numbers a sentence writes in digits, for telling whether two similar sentences state the
//! same figures.

/// The numbers `text` writes in digits (a thousands separator read as such, so `1,200` is 1200;
/// a decimal point too, so `1.5` is 1.5), in increasing order and each once.
///
/// Left out, since two reports of one fact write them differently or they name rather than
/// count: years standing alone (four digits from 1900 to 2099: one outlet dates a fact, the
/// other does not), and digits joined to a letter (`COVID-19`, `F-35`, `G7`, `1990s`, `3rd`).
pub fn numbers(text: &str) -> Vec<f64> {
    let bytes = text.as_bytes();
    let mut out: Vec<f64> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let mut number = String::new();
        let mut decimal = false;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_digit() {
                number.push(char::from(b));
                i += 1;
            } else if b == b',' && thousands_group(&bytes[i + 1..]) {
                i += 1;
            } else if b == b'.' && !decimal && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
                decimal = true;
                number.push('.');
                i += 1;
            } else {
                break;
            }
        }
        if joined_to_letter(text, start, i) || is_year(&number) {
            continue;
        }
        // Digits with at most one point between digits always read.
        if let Ok(value) = number.parse::<f64>() {
            out.push(value);
        }
    }
    out.sort_unstable_by(f64::total_cmp);
    out.dedup();
    out
}

/// Whether two lists of [`numbers`] share a value, within the rounding of one report against
/// another (5%: `$1.37 trillion` and `$1.4 trillion`, `81 percent` and `more than 80 percent`
/// agree; `180 killed` and `150 killed` do not).
pub fn share_a_number(a: &[f64], b: &[f64]) -> bool {
    a.iter().any(|&x| {
        b.iter()
            .any(|&y| (x - y).abs() <= 0.05 * x.abs().max(y.abs()))
    })
}

/// Whether `rest` (what follows a comma) is a group of three digits that ends there: `,200` in
/// `1,200` but not `,20` in `3,20` or `,2000`.
fn thousands_group(rest: &[u8]) -> bool {
    rest.len() >= 3
        && rest[..3].iter().all(u8::is_ascii_digit)
        && !rest.get(3).is_some_and(u8::is_ascii_digit)
}

/// Whether the digits at `start..end` touch a letter, directly or across a hyphen before them.
fn joined_to_letter(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let before = match before {
        Some('-') => text[..start - 1].chars().next_back(),
        other => other,
    };
    let after = text[end..].chars().next();
    before.is_some_and(char::is_alphabetic) || after.is_some_and(char::is_alphabetic)
}

fn is_year(number: &str) -> bool {
    number.len() == 4 && (number.starts_with("19") || number.starts_with("20"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_read_and_names_and_years_are_not() {
        assert_eq!(
            numbers("At least 1,200 people fled and 12 died, 3.5 km away, in 2021."),
            [3.5, 12.0, 1200.0]
        );
        assert_eq!(numbers("The vote was 54-35."), [35.0, 54.0]);
        assert_eq!(
            numbers("$1.2 trillion; 10% of 50,000,000"),
            [1.2, 10.0, 5e7]
        );
        assert!(numbers("COVID-19 and the F-35 in the 1990s, for the 3rd time; G7.").is_empty());
        assert_eq!(numbers("Lists 3,20 and 7,"), [3.0, 7.0, 20.0]);
        assert_eq!(numbers("1.2.3 ends."), [1.2, 3.0]);
        assert!(numbers("").is_empty());
    }

    #[test]
    fn reports_share_a_number_within_rounding() {
        let [a, b] = ["a $1.37 trillion package", "a $1.4 trillion bill"].map(numbers);
        assert!(share_a_number(&a, &b));
        let [a, b] = [
            "more than 180 people were killed",
            "at least 150 people killed",
        ]
        .map(numbers);
        assert!(!share_a_number(&a, &b));
        assert!(!share_a_number(&[], &[1.0]));
    }

    proptest::proptest! {
        /// Numbers come sorted, each once, finite and not negative, and a list shares a number
        /// with itself when it has one.
        #[test]
        fn numbers_are_sorted_counts(text in "[0-9a-zA-Z ,.\\-é]{0,40}") {
            let found = numbers(&text);
            proptest::prop_assert!(found.windows(2).all(|w| w[0] < w[1]));
            for &n in &found {
                proptest::prop_assert!(n >= 0.0 && n.is_finite());
            }
            proptest::prop_assert_eq!(share_a_number(&found, &found), !found.is_empty());
        }
    }
}
