//! What one host's robots.txt allows, read the way RFC 9309 says: a 2xx body is parsed for the
//! `Chorus` group (else `*`), a 4xx means no rules, and a server error or no answer at all means
//! everything is disallowed until the next run.

use std::time::Duration;

use texting_robots::Robot;

/// The robots.txt rules of one host.
pub(crate) enum Rules {
    /// No robots.txt (a 4xx answer), or robots.txt is not obeyed.
    AllowAll,
    /// robots.txt answered with a server error: the reason.
    DisallowAll(String),
    /// robots.txt got no answer at all (the host is unreachable: no DNS record, connection
    /// refused or reset, a timeout): the reason. Everything is disallowed as for a server error,
    /// but what the caller hears is that the host could not be reached, not that it forbids.
    Unreachable(String),
    /// The rules of the group that applies to Chorus.
    Parsed(Box<Robot>),
}

impl Rules {
    /// The rules of a robots.txt body; one that does not parse at all allows everything, as an
    /// empty file would.
    pub(crate) fn parse(body: &[u8]) -> Rules {
        match Robot::new(crate::ROBOTS_TOKEN, body) {
            Ok(robot) => Rules::Parsed(Box::new(robot)),
            Err(_) => Rules::AllowAll,
        }
    }

    /// Whether the URL may be fetched; `Err` holds why everything is disallowed.
    pub(crate) fn allowed(&self, url: &url::Url) -> Result<bool, Option<String>> {
        match self {
            Rules::AllowAll => Ok(true),
            Rules::DisallowAll(reason) | Rules::Unreachable(reason) => Err(Some(reason.clone())),
            Rules::Parsed(robot) => {
                // Match on the path and query only, as RFC 9309 defines the match.
                let mut target = url.path().to_owned();
                if let Some(query) = url.query() {
                    target.push('?');
                    target.push_str(query);
                }
                Ok(robot.allowed(&target))
            }
        }
    }

    /// The Crawl-delay the rules ask for, if any.
    pub(crate) fn crawl_delay(&self) -> Option<Duration> {
        match self {
            Rules::Parsed(robot) => robot
                .delay
                .filter(|d| d.is_finite() && *d > 0.0)
                .map(|d| Duration::from_secs_f64(f64::from(d).min(86_400.0))),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> url::Url {
        url::Url::parse(s).unwrap()
    }

    #[test]
    fn chorus_group_wins_over_star() {
        let rules = Rules::parse(
            b"User-agent: *\nDisallow: /\n\nUser-agent: chorus\nDisallow: /private/\nAllow: /private/open\nCrawl-delay: 2.5\n",
        );
        assert_eq!(rules.allowed(&url("http://h/news/1")), Ok(true));
        assert_eq!(rules.allowed(&url("http://h/private/x")), Ok(false));
        assert_eq!(rules.allowed(&url("http://h/private/open/1")), Ok(true));
        assert_eq!(rules.crawl_delay(), Some(Duration::from_millis(2500)));
    }

    #[test]
    fn star_group_applies_without_a_chorus_group() {
        let rules = Rules::parse(b"User-agent: *\nDisallow: /search\n");
        assert_eq!(rules.allowed(&url("http://h/search?q=x")), Ok(false));
        assert_eq!(rules.allowed(&url("http://h/news")), Ok(true));
        assert_eq!(rules.crawl_delay(), None);
    }

    #[test]
    fn unreadable_robots_disallows_everything() {
        let rules = Rules::DisallowAll("status 503".into());
        assert_eq!(
            rules.allowed(&url("http://h/")),
            Err(Some("status 503".into()))
        );
    }
}
