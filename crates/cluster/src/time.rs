//! Publication times: [`Article::time`](model::Article::time) as written, parsed into days since
//! the Unix epoch so that the clusterer can measure how far apart two articles are.

/// Parses a publication time into days since 1970-01-01 UTC (fractional days for times of day).
///
/// Accepted, after trimming: an ISO date (`2016-04-04`), an ISO date-time with `T` or a space
/// (`2016-04-04T15:10:56`, `2016-04-04 15:10`, optional fraction of a second, optional `Z` or
/// `±HH:MM`/`±HHMM` offset), and Unix seconds (`1476316800`, as readers keep a numeric `time`).
/// Anything else is `None`: the article is then clustered without a time penalty.
pub fn parse_time(text: &str) -> Option<f64> {
    let text = text.trim();
    if !text.is_empty() && text.len() <= 12 && text.bytes().all(|b| b.is_ascii_digit()) {
        // Unix seconds. Eight digits or fewer could be a compact date (`20160404`); refuse those.
        if text.len() < 9 {
            return None;
        }
        let seconds: f64 = text.parse().ok()?;
        return Some(seconds / 86_400.0);
    }
    let bytes = text.as_bytes();
    let year = digits(bytes, 0, 4)?;
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    let month = digits(bytes, 5, 2)?;
    let day = digits(bytes, 8, 2)?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut days = days_from_civil(year as i64, month, day) as f64;
    let rest = &bytes[10..];
    if rest.is_empty() {
        return Some(days);
    }
    if !matches!(rest[0], b'T' | b't' | b' ') {
        return None;
    }
    let rest = &rest[1..];
    let hour = digits(rest, 0, 2)?;
    if rest.get(2) != Some(&b':') {
        return None;
    }
    let minute = digits(rest, 3, 2)?;
    let mut i = 5;
    let mut second = 0.0;
    if rest.get(i) == Some(&b':') {
        second = f64::from(digits(rest, i + 1, 2)?);
        i += 3;
        if rest.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while rest.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == start {
                return None;
            }
            // The fraction cannot change the day count by more than a second: ignore it.
        }
    }
    if hour > 24 || minute > 59 || second > 60.0 {
        return None;
    }
    days += (f64::from(hour) * 3600.0 + f64::from(minute) * 60.0 + second) / 86_400.0;
    let offset = &rest[i..];
    let offset_minutes = match offset {
        [] | [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), tail @ ..] => {
            let (h, m) = match tail {
                [_, _, b':', _, _] | [_, _, _, _] => {
                    let m_at = if tail.len() == 5 { 3 } else { 2 };
                    (digits(tail, 0, 2)?, digits(tail, m_at, 2)?)
                }
                [_, _] => (digits(tail, 0, 2)?, 0),
                _ => return None,
            };
            let minutes = i64::from(h * 60 + m);
            if *sign == b'+' { minutes } else { -minutes }
        }
        _ => return None,
    };
    // A local time at +02:00 is two hours earlier in UTC.
    Some(days - offset_minutes as f64 / 1440.0)
}

/// The number written in `len` ASCII digits at `start`, if they are all there.
fn digits(bytes: &[u8], start: usize, len: usize) -> Option<u32> {
    let slice = bytes.get(start..start + len)?;
    slice.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::parse_time;

    #[test]
    fn parses_dates_and_datetimes() {
        assert_eq!(parse_time("1970-01-01"), Some(0.0));
        assert_eq!(parse_time("2016-04-04"), Some(16_895.0));
        assert_eq!(parse_time(" 2000-03-01 "), Some(11_017.0));
        assert_eq!(parse_time("2016-04-04T12:00:00"), Some(16_895.5));
        assert_eq!(parse_time("2016-04-04 06:00"), Some(16_895.25));
        assert_eq!(parse_time("2016-04-04T12:00:00.250Z"), Some(16_895.5));
        assert_eq!(parse_time("2016-04-04T12:00:00+12:00"), Some(16_895.0));
        assert_eq!(parse_time("2016-04-04T12:00:00-1200"), Some(16_896.0));
        assert_eq!(parse_time("1476316800"), Some(17_087.0));
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        for bad in [
            "",
            "yesterday",
            "2016-13-01",
            "2016-04-4",
            "20160404",
            "2016-04-04X",
            "2016-04-04T1",
            "2016-04-04T12:00+1",
            "2016-04-04T25:00",
            "２０１６-04-04",
        ] {
            assert_eq!(parse_time(bad), None, "{bad:?}");
        }
    }
}
