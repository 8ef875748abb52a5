//! Publication times: [`Article::time`](model::Article::time) as written, parsed into days since
//! the Unix epoch so that the clusterer can measure how far apart two articles are.

/// Parses a publication time into days since 1970-01-01 UTC (fractional days for times of day),
/// the offset applied: [`model::Moment`] reads it, as the store does, so a time the store sorts
/// by is a time the clusterer measures with (ISO 8601, Unix seconds or milliseconds, RFC 2822).
/// Anything else is `None`: the article is then clustered without a time penalty.
pub fn parse_time(text: &str) -> Option<f64> {
    model::Moment::parse(text).map(|moment| moment.utc_days())
}

#[cfg(test)]
mod tests {
    use super::parse_time;

    /// The forms themselves are tested with [`model::Moment`]; here, that the clusterer measures
    /// in UTC days with the offset applied, and gets nothing from what is no time.
    #[test]
    fn days_in_utc_with_the_offset_applied() {
        assert_eq!(parse_time("2016-04-04T12:00:00+12:00"), Some(16_895.0));
        assert_eq!(
            parse_time("Thu, 13 Oct 2016 12:00:00 +1200"),
            Some(17_087.0)
        );
        assert_eq!(parse_time("1476316800000"), Some(17_087.0));
        assert_eq!(parse_time("13 Oct 2016 noon"), None);
    }
}
