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
        assert_eq!(parse_time("1476316800000"), Some(17_087.0));
        assert_eq!(
            parse_time("Thu, 13 Oct 2016 12:00:00 +1200"),
            Some(17_087.0)
        );
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
            "13 Oct 2016 noon",
            "２０１６-04-04",
        ] {
            assert_eq!(parse_time(bad), None, "{bad:?}");
        }
    }
}
