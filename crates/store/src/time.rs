//! Times as the store sorts and filters them: `YYYY-MM-DDTHH:MM:SSZ` strings, which order
//! correctly as text in SQL.
//!
//! Articles carry their publication time as the input wrote it. The store keeps that string and
//! beside it a sortable form when one can be read (ISO 8601, Unix seconds or milliseconds,
//! RFC 2822 as feeds write it); otherwise the time of ingest stands in, so "first seen" and
//! "last seen" are never empty. The sortable form is UTC: a written offset is applied
//! (`2024-03-14T23:30:00-05:00` sorts as `2024-03-15T04:30:00Z`), and a time written without
//! one is read as UTC. Files written before schema version 9 kept the writer's clock; migration
//! 9 recomputes their times that carry an offset (see schema.rs).

use std::time::{SystemTime, UNIX_EPOCH};

/// The current time, in the sortable form.
pub(crate) fn now() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    from_unix(seconds)
}

/// The sortable form of a time as an input wrote it, or `None` when it cannot be read. The
/// reading is [`model::Moment`]'s, the clusterer's too, and the writer's offset is applied.
pub fn sortable_time(raw: &str) -> Option<String> {
    model::Moment::parse(raw).map(|moment| from_unix(utc_seconds(&moment)))
}

/// Seconds since 1970-01-01 00:00 UTC: the writer's clock minus the writer's offset (a time
/// at +02:00 is two hours earlier in UTC).
fn utc_seconds(moment: &model::Moment) -> i64 {
    moment.local_seconds() - i64::from(moment.offset_minutes) * 60
}

/// Seconds since 1970 as `YYYY-MM-DDTHH:MM:SSZ` (Howard Hinnant's days-to-civil algorithm).
fn from_unix(seconds: i64) -> String {
    let rest = seconds.rem_euclid(86_400);
    let (year, month, day) = model::time::civil_from_days(seconds.div_euclid(86_400));
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
            Some("2024-03-12T08:05:09Z")
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
    fn offsets_are_applied_across_days_months_and_years() {
        let t = |s: &str| sortable_time(s);
        assert_eq!(
            t("2024-03-14T23:30:00-05:00").as_deref(),
            Some("2024-03-15T04:30:00Z")
        );
        assert_eq!(
            t("2024-03-15T12:30+05:00").as_deref(),
            Some("2024-03-15T07:30:00Z")
        );
        assert_eq!(
            t("2024-03-01T01:00:00+0530").as_deref(),
            Some("2024-02-29T19:30:00Z")
        );
        assert_eq!(
            t("2023-12-31T22:00:00-03").as_deref(),
            Some("2024-01-01T01:00:00Z")
        );
        assert_eq!(
            t("Tue, 12 Mar 2024 10:05:00 +0100").as_deref(),
            Some("2024-03-12T09:05:00Z")
        );
        assert_eq!(
            t("March 12, 2024 10:05 AM EDT").as_deref(),
            Some("2024-03-12T14:05:00Z")
        );
        assert_eq!(
            t("2024-03-12T10:05:00Z").as_deref(),
            Some("2024-03-12T10:05:00Z")
        );
    }

    #[test]
    fn unix_epoch_and_leap_day() {
        assert_eq!(from_unix(0), "1970-01-01T00:00:00Z");
        assert_eq!(from_unix(951_782_400), "2000-02-29T00:00:00Z");
    }
}
