//! Times as the store sorts and filters them: `YYYY-MM-DDTHH:MM:SSZ` strings, which order
//! correctly as text in SQL.
//!
//! Articles carry their publication time as the input wrote it. The store keeps that string and
//! beside it a sortable form when one can be read (ISO 8601, Unix seconds or milliseconds,
//! RFC 2822 as feeds write it); otherwise the time of ingest stands in, so "first seen" and
//! "last seen" are never empty. Offsets are dropped, not applied: the order is right to the day.

use std::time::{SystemTime, UNIX_EPOCH};

/// The current time, in the sortable form.
pub(crate) fn now() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    from_unix(seconds)
}

/// The sortable form of a time as an input wrote it, or `None` when it cannot be read.
pub fn sortable_time(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = raw.parse().ok()?;
        // Thirteen digits are milliseconds (what JavaScript writes), fewer are seconds.
        let seconds = if raw.len() >= 13 { n / 1000 } else { n };
        return (raw.len() >= 9).then(|| from_unix(seconds));
    }
    iso(raw).or_else(|| rfc2822(raw))
}

/// `2024-03-12`, `2024-03-12T10:05`, `2024-03-12 10:05:09+02:00`, ...
fn iso(raw: &str) -> Option<String> {
    let b = raw.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range.clone())
            .filter(|s| s.iter().all(u8::is_ascii_digit))
            .map(|_| &raw[range])
    };
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let mut clock = ("00", "00", "00");
    if matches!(b.get(10), Some(b'T' | b' ')) {
        if let (Some(h), Some(b':'), Some(m)) = (digits(11..13), b.get(13), digits(14..16)) {
            clock = (h, m, "00");
            if let (Some(b':'), Some(s)) = (b.get(16), digits(17..19)) {
                clock.2 = s;
            }
        }
    }
    valid_date(year, month, day)?;
    Some(format!(
        "{year}-{month}-{day}T{}:{}:{}Z",
        clock.0, clock.1, clock.2
    ))
}

/// `Tue, 12 Mar 2024 10:05:00 GMT` and `12 March 2024`.
fn rfc2822(raw: &str) -> Option<String> {
    let words: Vec<&str> = raw
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let start = usize::from(words.first()?.chars().all(char::is_alphabetic));
    let day: u32 = words.get(start)?.parse().ok()?;
    let month = month_number(words.get(start + 1)?)?;
    let year = words.get(start + 2)?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (day, month) = (format!("{day:02}"), format!("{month:02}"));
    valid_date(year, &month, &day)?;
    let clock = words
        .get(start + 3)
        .filter(|c| c.len() >= 5 && c.as_bytes()[2] == b':')
        .map(|c| {
            let c = &c[..c.len().min(8)];
            if c.len() == 5 {
                format!("{c}:00")
            } else {
                c.to_owned()
            }
        })
        .unwrap_or_else(|| "00:00:00".to_owned());
    Some(format!("{year}-{month}-{day}T{clock}Z"))
}

fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = word.to_lowercase();
    let prefix = lower.get(..3)?;
    MONTHS
        .iter()
        .position(|m| *m == prefix)
        .map(|i| i as u32 + 1)
}

fn valid_date(year: &str, month: &str, day: &str) -> Option<()> {
    let (_, m, d): (u32, u32, u32) = (year.parse().ok()?, month.parse().ok()?, day.parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some(())
}

/// Seconds since 1970 as `YYYY-MM-DDTHH:MM:SSZ` (Howard Hinnant's days-to-civil algorithm).
fn from_unix(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let rest = seconds.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_usual_forms() {
        let t = |s: &str| sortable_time(s);
        assert_eq!(t("2024-03-12").as_deref(), Some("2024-03-12T00:00:00Z"));
        assert_eq!(
            t("2024-03-12T10:05:09+02:00").as_deref(),
            Some("2024-03-12T10:05:09Z")
        );
        assert_eq!(
            t("2024-03-12 10:05").as_deref(),
            Some("2024-03-12T10:05:00Z")
        );
        assert_eq!(t("1476316800").as_deref(), Some("2016-10-13T00:00:00Z"));
        assert_eq!(t("1476316800000").as_deref(), Some("2016-10-13T00:00:00Z"));
        assert_eq!(
            t("Tue, 12 Mar 2024 10:05:00 GMT").as_deref(),
            Some("2024-03-12T10:05:00Z")
        );
        assert_eq!(t("12 March 2024").as_deref(), Some("2024-03-12T00:00:00Z"));
        assert_eq!(t("yesterday"), None);
        assert_eq!(t("2024-13-40"), None);
        assert_eq!(t("12"), None);
    }

    #[test]
    fn unix_epoch_and_leap_day() {
        assert_eq!(from_unix(0), "1970-01-01T00:00:00Z");
        assert_eq!(from_unix(951_782_400), "2000-02-29T00:00:00Z");
    }
}
