//! Civil (proleptic Gregorian) date arithmetic for the timeline: days since 1970-01-01 and back
//! ([`model::time`]'s, with years kept in an `i32`), weekdays, month lengths.

/// Days from 1970-01-01 to the date (negative before).
pub(crate) fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    model::time::days_from_civil(i64::from(y), m, d)
}

/// The date of a day count from 1970-01-01; years outside `i32` are clamped.
pub(crate) fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let (y, m, d) = model::time::civil_from_days(z);
    (
        y.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32,
        m,
        d,
    )
}

/// Weekday of a day count: 0 = Monday ... 6 = Sunday.
pub(crate) fn weekday(days: i64) -> u32 {
    // 1970-01-01 was a Thursday (3).
    (days + 3).rem_euclid(7) as u32
}

/// Number of days in the month (0 for an invalid month).
pub(crate) fn days_in_month(y: i32, m: u32) -> u32 {
    model::time::days_in_month(i64::from(y), m)
}

/// Whether (y, m, d) is a real date.
pub(crate) fn is_valid(y: i32, m: u32, d: u32) -> bool {
    (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_weekdays() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(
            days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 28),
            2
        );
        // 2016-10-07 was a Friday, 2025-03-12 a Wednesday.
        assert_eq!(weekday(days_from_civil(2016, 10, 7)), 4);
        assert_eq!(weekday(days_from_civil(2025, 3, 12)), 2);
        for z in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(z);
            assert!(is_valid(y, m, d));
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert!(!is_valid(2025, 2, 29));
        assert!(is_valid(2024, 2, 29));
        assert!(!is_valid(1900, 2, 29));
    }
}
