//! Publication times as inputs write them ([`Article::time`](crate::Article::time)), read one way
//! for every stage: the clusterer measures how far apart two articles are with it, and the store
//! sorts and filters events by it. Two readers of one string must never disagree on whether it
//! is a time.
//!
//! Accepted, after trimming:
//! - ISO 8601 / RFC 3339: a date (`2016-04-04`), or a date and a time of day after `T` or a
//!   space (`2016-04-04T15:10`, `2016-04-04 15:10:56.250`), with an optional `Z` or `±HH:MM`,
//!   `±HHMM`, `±HH` offset;
//! - Unix time: 9 to 12 digits are seconds, 13 digits milliseconds (what JavaScript writes);
//!   eight digits or fewer could be a compact date (`20160404`) and are refused;
//! - RFC 2822, as feeds and mail write it: `Tue, 10 Jun 2003 04:00:00 GMT` (the day name, the
//!   seconds and the zone optional; the zone a `±HHMM` offset, `GMT`, `UT`, `UTC`, `Z` or a
//!   North American name such as `EST`; two-digit years read as 1950 to 2049), a plain
//!   `12 March 2024`, and the month first as American outlets write it, with a twelve-hour clock
//!   or not (`Tuesday, March 12, 2024 10:05 AM EDT`).
//!
//! Anything else is not a time.

/// A moment as the input wrote it: the date and the time of day on the writer's clock, and the
/// writer's offset from UTC when it gave one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    /// Days from 1970-01-01 to the date as written.
    pub days: i64,
    /// Seconds since midnight on the writer's clock (0 when only a date is written; up to 86,400
    /// for a leap second).
    pub second_of_day: u32,
    /// The writer's offset from UTC in minutes (east positive), 0 when none is written.
    pub offset_minutes: i32,
}

impl Moment {
    /// Parses a publication time (see the module's documentation for the forms read).
    pub fn parse(text: &str) -> Option<Moment> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if text.bytes().all(|b| b.is_ascii_digit()) {
            return unix(text);
        }
        iso(text.as_bytes()).or_else(|| rfc2822(text))
    }

    /// Days since 1970-01-01 00:00 UTC, with the time of day as a fraction.
    pub fn utc_days(&self) -> f64 {
        let days = self.days as f64 + f64::from(self.second_of_day) / 86_400.0;
        // A local time at +02:00 is two hours earlier in UTC.
        days - f64::from(self.offset_minutes) / 1440.0
    }

    /// Seconds since 1970-01-01 00:00 on the writer's clock (the offset not applied).
    pub fn local_seconds(&self) -> i64 {
        self.days * 86_400 + i64::from(self.second_of_day)
    }

    /// RFC 3339 on the writer's clock with the writer's offset: `2003-06-10T04:00:00+00:00`.
    pub fn rfc3339(&self) -> String {
        let (year, month, day) = civil_from_days(self.days);
        let s = self.second_of_day;
        let sign = if self.offset_minutes < 0 { '-' } else { '+' };
        let offset = self.offset_minutes.unsigned_abs();
        format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
            s / 3600,
            s % 3600 / 60,
            s % 60,
            offset / 60,
            offset % 60
        )
    }
}

/// The proleptic Gregorian (year, month, day) of a count of days from 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

fn unix(digits: &str) -> Option<Moment> {
    let seconds: i64 = match digits.len() {
        9..=12 => digits.parse().ok()?,
        13 => digits.parse::<i64>().ok()? / 1000,
        _ => return None,
    };
    Some(Moment {
        days: seconds.div_euclid(86_400),
        second_of_day: seconds.rem_euclid(86_400) as u32,
        offset_minutes: 0,
    })
}

/// `2016-04-04`, `2016-04-04T15:10:56.250+02:00`, ...
fn iso(bytes: &[u8]) -> Option<Moment> {
    let year = digits(bytes, 0, 4)?;
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    let days = civil_days(i64::from(year), digits(bytes, 5, 2)?, digits(bytes, 8, 2)?)?;
    let rest = &bytes[10..];
    if rest.is_empty() {
        return Some(Moment {
            days,
            second_of_day: 0,
            offset_minutes: 0,
        });
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
    let mut second = 0;
    if rest.get(i) == Some(&b':') {
        second = digits(rest, i + 1, 2)?;
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
            // The fraction cannot change the day count by more than a second: ignored.
        }
    }
    let offset_minutes = match &rest[i..] {
        [] | [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), tail @ ..] => {
            let (h, m) = match tail {
                [_, _, b':', _, _] => (digits(tail, 0, 2)?, digits(tail, 3, 2)?),
                [_, _, _, _] => (digits(tail, 0, 2)?, digits(tail, 2, 2)?),
                [_, _] => (digits(tail, 0, 2)?, 0),
                _ => return None,
            };
            signed(*sign, h, m)?
        }
        _ => return None,
    };
    Some(Moment {
        days,
        second_of_day: clock(hour, minute, second)?,
        offset_minutes,
    })
}

/// `Tue, 10 Jun 2003 04:00:00 GMT`, `7 Sep 02 13:05 EST`, `12 March 2024`, and the same with
/// the month first as American outlets write it (`Tuesday, March 12, 2024 10:05 AM EDT`).
fn rfc2822(text: &str) -> Option<Moment> {
    let mut words = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .peekable();
    // An optional day name.
    if words
        .peek()
        .is_some_and(|w| w.chars().all(char::is_alphabetic) && month_number(w).is_none())
    {
        words.next();
    }
    let first = words.next()?;
    let (day, month) = match month_number(first) {
        Some(month) => (number(words.next()?)?, month),
        None => (number(first)?, month_number(words.next()?)?),
    };
    let year_text = words.next()?;
    let mut year = number(year_text)?;
    match year_text.len() {
        2 => year += if year < 50 { 2000 } else { 1900 },
        4 => {}
        _ => return None,
    }
    let days = civil_days(i64::from(year), month, day)?;
    let Some(time) = words.next() else {
        return Some(Moment {
            days,
            second_of_day: 0,
            offset_minutes: 0,
        });
    };
    let mut parts = time.split(':');
    let mut hour = number(parts.next()?)?;
    let minute = number(parts.next()?)?;
    let second = parts.next().map_or(Some(0), number)?;
    if parts.next().is_some() {
        return None;
    }
    let mut zone = words.next();
    // A twelve-hour clock: 12:05 AM is five past midnight, 12:05 PM five past noon.
    if let Some(half) =
        zone.filter(|w| w.eq_ignore_ascii_case("am") || w.eq_ignore_ascii_case("pm"))
    {
        if !(1..=12).contains(&hour) {
            return None;
        }
        hour = hour % 12
            + if half.eq_ignore_ascii_case("pm") {
                12
            } else {
                0
            };
        zone = words.next();
    }
    let offset_minutes = match zone {
        None => 0,
        Some(zone) => zone_minutes(zone)?,
    };
    if words.next().is_some() {
        return None;
    }
    Some(Moment {
        days,
        second_of_day: clock(hour, minute, second)?,
        offset_minutes,
    })
}

/// The offset of an RFC 2822 zone: `±HHMM` or one of the names the RFC lists.
fn zone_minutes(zone: &str) -> Option<i32> {
    let hours = match zone.to_ascii_uppercase().as_str() {
        "GMT" | "UT" | "UTC" | "Z" => 0,
        "EST" => -5,
        "EDT" => -4,
        "CST" => -6,
        "CDT" => -5,
        "MST" => -7,
        "MDT" => -6,
        "PST" => -8,
        "PDT" => -7,
        _ => {
            let bytes = zone.as_bytes();
            let (&sign, tail) = bytes.split_first()?;
            if !matches!(sign, b'+' | b'-') || tail.len() != 4 {
                return None;
            }
            return signed(sign, digits(tail, 0, 2)?, digits(tail, 2, 2)?);
        }
    };
    Some(hours * 60)
}

/// A written offset in minutes, when it is one a clock can have: at most 14 hours (the widest in
/// use, Kiribati's +14:00) and under 60 minutes past the hour.
fn signed(sign: u8, hours: u32, minutes: u32) -> Option<i32> {
    if hours > 14 || minutes > 59 || (hours == 14 && minutes > 0) {
        return None;
    }
    let total = (hours * 60 + minutes) as i32;
    Some(if sign == b'-' { -total } else { total })
}

/// Seconds since midnight, when the clock reads a real time (a leap second and the midnight that
/// ends a day, `24:00:00`, allowed).
fn clock(hour: u32, minute: u32, second: u32) -> Option<u32> {
    let ends_the_day = hour == 24 && minute == 0 && second == 0;
    ((hour <= 23 && minute <= 59 && second <= 60) || ends_the_day)
        .then(|| hour * 3600 + minute * 60 + second)
}

/// A number of one to four ASCII digits.
fn number(word: &str) -> Option<u32> {
    (!word.is_empty() && word.len() <= 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
}

fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let prefix = word.get(..3)?.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == prefix)
        .map(|i| i as u32 + 1)
}

/// The number written in `len` ASCII digits at `start`, if they are all there.
fn digits(bytes: &[u8], start: usize, len: usize) -> Option<u32> {
    let slice = bytes.get(start..start + len)?;
    slice.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

/// Days from 1970-01-01 to a date that exists (the month 1 to 12, the day within it).
fn civil_days(year: i64, month: u32, day: u32) -> Option<i64> {
    (day >= 1 && day <= days_in_month(year, month)).then(|| days_from_civil(year, month, day))
}

/// Days from 1970-01-01 to a proleptic Gregorian date, negative before (Howard Hinnant's
/// `days_from_civil`; the day is not checked against the month).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The number of days in a month of the proleptic Gregorian calendar (0 for a month that is not
/// 1 to 12).
pub fn days_in_month(year: i64, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::Moment;

    fn days(text: &str) -> Option<f64> {
        Moment::parse(text).map(|m| m.utc_days())
    }

    #[test]
    fn reads_iso_dates_and_times() {
        assert_eq!(days("1970-01-01"), Some(0.0));
        assert_eq!(days("2016-04-04"), Some(16_895.0));
        assert_eq!(days(" 2000-03-01 "), Some(11_017.0));
        assert_eq!(days("2016-04-04T12:00:00"), Some(16_895.5));
        assert_eq!(days("2016-04-04 06:00"), Some(16_895.25));
        assert_eq!(days("2016-04-04T12:00:00.250Z"), Some(16_895.5));
        assert_eq!(days("2016-04-04T12:00:00+12:00"), Some(16_895.0));
        assert_eq!(days("2016-04-04T12:00:00-1200"), Some(16_896.0));
        assert_eq!(days("2016-04-04T12:00:00+12"), Some(16_895.0));
        assert_eq!(days("2016-02-29"), Some(16_860.0));
    }

    #[test]
    fn reads_unix_seconds_and_milliseconds() {
        assert_eq!(days("1476316800"), Some(17_087.0));
        assert_eq!(days("1476316800000"), Some(17_087.0));
        assert_eq!(days("1476316800999"), Some(17_087.0));
        assert_eq!(days("1476360000"), Some(17_087.5));
    }

    #[test]
    fn reads_feed_dates_with_their_zones() {
        assert_eq!(
            days("Tue, 10 Jun 2003 12:00:00 GMT"),
            days("2003-06-10T12:00Z")
        );
        assert_eq!(
            days("Sat, 07 Sep 2002 00:00:01 -0500"),
            days("2002-09-07T00:00:01-05:00")
        );
        assert_eq!(days("7 Sep 02 13:05 EST"), days("2002-09-07T13:05-05:00"));
        assert_eq!(days("12 March 2024"), days("2024-03-12"));
        assert_eq!(
            days("Tuesday, 12 March 2024 10:05"),
            days("2024-03-12T10:05")
        );
        assert_eq!(days("March 12, 2024"), days("2024-03-12"));
        assert_eq!(
            days("Tuesday, March 12, 2024 10:05 PM EDT"),
            days("2024-03-12T22:05-04:00")
        );
        assert_eq!(days("Mar 12, 2024 12:05 am"), days("2024-03-12T00:05"));
        assert_eq!(days("Mar 12, 2024 12:05 PM"), days("2024-03-12T12:05"));
    }

    #[test]
    fn keeps_the_writers_clock() {
        let m = Moment::parse("2024-03-12T10:05:09+02:00").unwrap();
        assert_eq!(m.offset_minutes, 120);
        assert_eq!(m.local_seconds() % 86_400, 10 * 3600 + 5 * 60 + 9);
        let m = Moment::parse("Tue, 12 Mar 2024 10:05:00 PDT").unwrap();
        assert_eq!(m.offset_minutes, -420);
        assert_eq!(m.second_of_day, 10 * 3600 + 5 * 60);
    }

    #[test]
    fn only_offsets_a_clock_can_have_are_read() {
        for text in [
            "2024-03-12T10:05+14:00",
            "2024-03-12T10:05-12:00",
            "2024-03-12T10:05+05:45",
        ] {
            assert!(Moment::parse(text).is_some(), "{text}");
        }
        for text in [
            "2024-03-12T10:05+25:00",
            "2024-03-12T10:05+14:30",
            "2024-03-12T10:05-05:75",
            "Tue, 12 Mar 2024 10:05:00 +9900",
        ] {
            assert_eq!(Moment::parse(text), None, "{text}");
        }
    }

    #[test]
    fn formats_rfc3339_on_the_writers_clock() {
        let f = |text: &str| Moment::parse(text).unwrap().rfc3339();
        assert_eq!(
            f("Tue, 10 Jun 2003 04:00:00 GMT"),
            "2003-06-10T04:00:00+00:00"
        );
        assert_eq!(f("7 Sep 02 13:05 EST"), "2002-09-07T13:05:00-05:00");
        assert_eq!(f("2000-02-29T23:59:59+05:30"), "2000-02-29T23:59:59+05:30");
        // A leap second is the midnight that ends the day, on the clock of the day it ends.
        assert_eq!(f("2016-12-31T23:59:60Z"), "2016-12-31T24:00:00+00:00");
        assert_eq!(f("1476316800"), "2016-10-13T00:00:00+00:00");
    }

    proptest::proptest! {
        /// Every date from year 0 to 9999 goes to a day count and back.
        #[test]
        fn days_and_dates_round_trip(days in -719_528i64..2_932_897) {
            let (year, month, day) = super::civil_from_days(days);
            proptest::prop_assert_eq!(super::civil_days(year, month, day), Some(days));
            let text = format!("{year:04}-{month:02}-{day:02}");
            proptest::prop_assert_eq!(Moment::parse(&text).map(|m| m.days), Some(days));
        }

        /// Whatever the text, parsing returns (no panic), and a moment read prints as RFC 3339
        /// that reads back as the same moment.
        #[test]
        fn any_text_parses_or_not_and_round_trips(text in "\\PC{0,40}") {
            if let Some(m) = Moment::parse(&text) {
                proptest::prop_assert_eq!(Moment::parse(&m.rfc3339()), Some(m));
            }
        }

        #[test]
        fn generated_feed_dates_read_as_their_iso_twins(
            days in 0i64..40_000, second in 0u32..86_400, offset in -720i32..840,
        ) {
            let (year, month, day) = super::civil_from_days(days);
            const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
            let sign = if offset < 0 { '-' } else { '+' };
            let (h, m, s) = (second / 3600, second % 3600 / 60, second % 60);
            let (oh, om) = (offset.unsigned_abs() / 60, offset.unsigned_abs() % 60);
            let feed = format!("Mon, {day} {} {year} {h:02}:{m:02}:{s:02} {sign}{oh:02}{om:02}", MONTHS[month as usize - 1]);
            let iso = format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}{sign}{oh:02}:{om:02}");
            proptest::prop_assert_eq!(Moment::parse(&feed), Moment::parse(&iso));
            proptest::prop_assert!(Moment::parse(&iso).is_some());
        }
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        for bad in [
            "",
            "yesterday",
            "12",
            "20160404",
            "14763168000000",
            "2016-13-01",
            "2016-02-30",
            "2015-02-29",
            "31 Apr 2024",
            "2024-13-40",
            "2016-04-4",
            "2016-04-04X",
            "2016-04-04T1",
            "2016-04-04T12:00+1",
            "2016-04-04T25:00",
            "2016-04-04T24:30",
            "２０１６-04-04",
            "12 Foo 2024",
            "32 Mar 2024",
            "12 Mar 2024 10:05 Mars time",
            "12 Mar 2024 banana",
            "12 Mar 124",
            "March 2024",
            "Mar 12, 2024 13:05 PM",
            "Mar 12, 2024 0:05 AM",
            "Tuesday Wednesday 12 Mar 2024",
        ] {
            assert_eq!(Moment::parse(bad), None, "{bad:?}");
        }
    }
}
