//! Each politeness behaviour of the fetcher, checked against a local server on 127.0.0.1.

mod server;

use std::io::Write;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use fetch::{Error, FetchConfig, Fetched, Fetcher, Validators};
use server::{Reply, Server};

/// A configuration for tests: short delays and timeouts, so that the suite stays fast.
fn config() -> FetchConfig {
    FetchConfig {
        delay_ms: 10,
        connect_timeout_ms: 2_000,
        read_timeout_ms: 2_000,
        total_timeout_ms: 5_000,
        ..FetchConfig::default()
    }
}

const ARTICLE: &str = "<html><head><title>Rain</title></head><body><article><p>It rained all day.</p></article></body></html>";

#[test]
fn sends_the_user_agent_and_reads_robots_once() {
    let server = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::ok("text/plain", "User-agent: *\nAllow: /\n"),
        _ => Reply::ok("text/html", ARTICLE),
    });
    let config = FetchConfig {
        contact: Some("mailto:ops@example.org".into()),
        ..config()
    };
    let ua = config.user_agent();
    assert!(
        ua.starts_with(&format!("Chorus/{}", fetch::VERSION)),
        "{ua}"
    );
    let fetcher = Fetcher::new(config);
    for path in ["/a", "/b", "/c"] {
        let page = fetcher.get(&server.url(path)).unwrap();
        assert_eq!(page.status, 200);
        assert_eq!(page.text(), ARTICLE);
    }
    let requests = server.requests();
    assert_eq!(
        requests.iter().map(|r| r.path.as_str()).collect::<Vec<_>>(),
        ["/robots.txt", "/a", "/b", "/c"]
    );
    for r in &requests {
        assert_eq!(r.header("user-agent"), Some(ua.as_str()));
    }
}

#[test]
fn robots_disallow_is_obeyed_and_allow_overrides_it() {
    let server = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::ok(
            "text/plain",
            "User-agent: *\nDisallow: /\n\nUser-agent: Chorus\nDisallow: /private/\nAllow: /private/open\n",
        ),
        _ => Reply::ok("text/html", ARTICLE),
    });
    let fetcher = Fetcher::new(config());
    let err = fetcher.get(&server.url("/private/secret")).unwrap_err();
    assert!(matches!(err, Error::Disallowed { .. }), "{err}");
    assert!(err.to_string().contains("/private/secret"), "{err}");
    assert!(err.to_string().contains("robots.txt"), "{err}");
    assert!(fetcher.get(&server.url("/private/open/1")).is_ok());
    assert!(fetcher.get(&server.url("/news/1")).is_ok());
    assert!(!fetcher.allowed(&server.url("/private/x")).unwrap());
    assert!(server.requests_for("/private/secret").is_empty());
    assert_eq!(server.requests_for("/robots.txt").len(), 1);
}

#[test]
fn robots_server_error_disallows_everything_and_missing_robots_allows() {
    let failing = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(503),
        _ => Reply::ok("text/html", ARTICLE),
    });
    let missing = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        _ => Reply::ok("text/html", ARTICLE),
    });
    let fetcher = Fetcher::new(config());
    let err = fetcher.get(&failing.url("/page")).unwrap_err();
    assert!(
        matches!(&err, Error::Disallowed { reason: Some(r), .. } if r.contains("503")),
        "{err}"
    );
    assert!(failing.requests_for("/page").is_empty());
    assert!(fetcher.get(&missing.url("/page")).is_ok());
}

#[test]
fn crawl_delay_raises_the_host_delay() {
    let server = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::ok("text/plain", "User-agent: *\nCrawl-delay: 0.3\n"),
        _ => Reply::ok("text/html", ARTICLE),
    });
    let fetcher = Fetcher::new(config());
    fetcher.get(&server.url("/1")).unwrap();
    fetcher.get(&server.url("/2")).unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for pair in requests.windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(gap >= Duration::from_millis(300), "{gap:?}");
    }
}

#[test]
fn one_request_at_a_time_per_host_with_the_delay_between() {
    let server = Server::start(|r| {
        if r.path == "/robots.txt" {
            return Reply::status(404);
        }
        // A slow answer, so that overlapping requests would be seen in flight together.
        thread::sleep(Duration::from_millis(30));
        Reply::ok("text/html", ARTICLE)
    });
    let fetcher = Arc::new(Fetcher::new(FetchConfig {
        delay_ms: 100,
        ..config()
    }));
    let workers: Vec<_> = (0..4)
        .map(|i| {
            let (fetcher, url) = (fetcher.clone(), server.url(&format!("/page/{i}")));
            thread::spawn(move || fetcher.get(&url).map(|p| p.status))
        })
        .collect();
    for w in workers {
        assert_eq!(w.join().unwrap().unwrap(), 200);
    }
    assert_eq!(server.max_in_flight(), 1);
    let requests = server.requests();
    assert_eq!(requests.len(), 5);
    for pair in requests.windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(gap >= Duration::from_millis(100), "{gap:?}");
    }
}

#[test]
fn each_host_has_its_own_robots_txt() {
    // Two servers are two hosts (origins).
    let open = Server::start(|_| Reply::ok("text/html", ARTICLE));
    let closed = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::ok("text/plain", "User-agent: *\nDisallow: /\n"),
        _ => Reply::ok("text/html", ARTICLE),
    });
    let fetcher = Fetcher::new(config());
    assert!(fetcher.get(&open.url("/x")).is_ok());
    assert!(matches!(
        fetcher.get(&closed.url("/x")),
        Err(Error::Disallowed { .. })
    ));
    assert!(fetcher.get(&open.url("/y")).is_ok());
}

#[test]
fn a_stalled_server_times_out() {
    let server = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        _ => Reply::Stall(Duration::from_secs(3)),
    });
    let fetcher = Fetcher::new(FetchConfig {
        read_timeout_ms: 200,
        total_timeout_ms: 1_000,
        ..config()
    });
    let err = fetcher.get(&server.url("/slow")).unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err}");
    assert!(err.to_string().contains("/slow"), "{err}");
    assert!(err.to_string().contains("timed out"), "{err}");
}

#[test]
fn a_server_that_stalls_in_the_body_times_out() {
    let server = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        _ => Reply::StallInBody(Duration::from_secs(3)),
    });
    let fetcher = Fetcher::new(FetchConfig {
        read_timeout_ms: 200,
        total_timeout_ms: 1_000,
        ..config()
    });
    let err = fetcher.get(&server.url("/half")).unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err}");
}

#[test]
fn different_hosts_are_fetched_in_parallel() {
    // The first host answers only once the second has been asked: fetched one after the other,
    // it would give up waiting and answer 503.
    let (asked, wait) = std::sync::mpsc::channel::<()>();
    let wait = std::sync::Mutex::new(wait);
    let first = Server::start(move |r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        _ => match wait.lock().unwrap().recv_timeout(Duration::from_secs(2)) {
            Ok(()) => Reply::ok("text/html", ARTICLE),
            Err(_) => Reply::status(503),
        },
    });
    let asked = std::sync::Mutex::new(asked);
    let second = Server::start(move |r| {
        if r.path != "/robots.txt" {
            let _ = asked.lock().unwrap().send(());
        }
        Reply::ok("text/html", ARTICLE)
    });
    let fetcher = Fetcher::new(config());
    let urls = [first.url("/a"), second.url("/b")];
    let results = fetch::per_host(&urls, String::as_str, 2, |u| fetcher.get(u).map(|p| p.url));
    assert_eq!(results[0].as_ref().unwrap(), &urls[0]);
    assert_eq!(results[1].as_ref().unwrap(), &urls[1]);
}

#[test]
fn a_huge_body_is_refused() {
    let server = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/declared" => Reply::ok("text/html", vec![b'a'; 300_000]),
        "/exact" => Reply::ok("text/html", vec![b'a'; 100_000]),
        _ => Reply::Endless(50 * 1024 * 1024),
    });
    let fetcher = Fetcher::new(FetchConfig {
        max_bytes: 100_000,
        ..config()
    });
    for path in ["/endless", "/declared"] {
        let err = fetcher.get(&server.url(path)).unwrap_err();
        assert!(
            matches!(err, Error::TooLarge { limit: 100_000, .. }),
            "{err}"
        );
        assert!(err.to_string().contains(path), "{err}");
    }
    assert_eq!(
        fetcher.get(&server.url("/exact")).unwrap().body.len(),
        100_000
    );
}

#[test]
fn a_gzip_bomb_is_refused_by_its_decompressed_size() {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&vec![b' '; 20 * 1024 * 1024]).unwrap();
    let bomb = encoder.finish().unwrap();
    assert!(bomb.len() < 100_000);
    let small = {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(ARTICLE.as_bytes()).unwrap();
        e.finish().unwrap()
    };
    let server = Server::start(move |r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/small" => Reply::ok("text/html", small.clone()).with("Content-Encoding", "gzip"),
        _ => Reply::ok("text/html", bomb.clone()).with("Content-Encoding", "gzip"),
    });
    let fetcher = Fetcher::new(FetchConfig {
        max_bytes: 1_000_000,
        ..config()
    });
    let err = fetcher.get(&server.url("/bomb")).unwrap_err();
    assert!(matches!(err, Error::TooLarge { .. }), "{err}");
    assert_eq!(fetcher.get(&server.url("/small")).unwrap().text(), ARTICLE);
    assert!(
        server.requests_for("/bomb")[0]
            .header("accept-encoding")
            .is_some_and(|v| v.contains("gzip"))
    );
}

#[test]
fn redirects_are_followed_up_to_the_limit_and_each_hop_is_checked() {
    let server = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::ok("text/plain", "User-agent: *\nDisallow: /private\n"),
        "/r1" => Reply::redirect(301, "/r2"),
        "/r2" => Reply::redirect(302, "r3"),
        "/r3" => Reply::redirect(307, "/final"),
        "/loop" => Reply::redirect(302, "/loop"),
        "/to-private" => Reply::redirect(302, "/private/page"),
        "/nowhere" => Reply::status(302),
        "/final" => Reply::ok("text/html", ARTICLE),
        _ => Reply::status(404),
    });
    let fetcher = Fetcher::new(FetchConfig {
        max_redirects: 3,
        ..config()
    });
    let page = fetcher.get(&server.url("/r1")).unwrap();
    assert_eq!(page.url, server.url("/final"));
    assert_eq!(page.requested, server.url("/r1"));
    assert_eq!(page.redirects, 3);

    let err = fetcher.get(&server.url("/loop")).unwrap_err();
    assert!(
        matches!(err, Error::TooManyRedirects { limit: 3, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("/loop"), "{err}");
    // The first request and three redirects, then the limit.
    assert_eq!(server.requests_for("/loop").len(), 4);

    let strict = Fetcher::new(FetchConfig {
        max_redirects: 2,
        ..config()
    });
    assert!(matches!(
        strict.get(&server.url("/r1")),
        Err(Error::TooManyRedirects { limit: 2, .. })
    ));

    let err = fetcher.get(&server.url("/to-private")).unwrap_err();
    assert!(matches!(err, Error::Disallowed { .. }), "{err}");
    assert!(server.requests_for("/private/page").is_empty());

    assert!(matches!(
        fetcher.get(&server.url("/nowhere")),
        Err(Error::BadRedirect { status: 302, .. })
    ));
    let err = fetcher.get(&server.url("/missing")).unwrap_err();
    assert!(matches!(err, Error::Status { status: 404, .. }), "{err}");
    assert!(err.to_string().contains("/missing"), "{err}");
}

#[test]
fn conditional_requests_get_304_with_etag_and_with_last_modified() {
    const DATE: &str = "Tue, 12 Mar 2024 10:05:00 GMT";
    let server = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/etag" if r.header("if-none-match") == Some("\"v1\"") => Reply::status(304),
        "/etag" => Reply::ok("application/rss+xml", "<rss/>").with("ETag", "\"v1\""),
        "/date" if r.header("if-modified-since") == Some(DATE) => Reply::status(304),
        "/date" => Reply::ok("application/rss+xml", "<rss/>").with("Last-Modified", DATE),
        _ => Reply::status(404),
    });
    let fetcher = Fetcher::new(config());
    for (path, expected) in [
        (
            "/etag",
            Validators {
                etag: Some("\"v1\"".into()),
                last_modified: None,
            },
        ),
        (
            "/date",
            Validators {
                etag: None,
                last_modified: Some(DATE.into()),
            },
        ),
    ] {
        let url = server.url(path);
        let Fetched::Page(first) = fetcher
            .get_conditional(&url, &Validators::default())
            .unwrap()
        else {
            panic!("{path}: the first fetch has no validators to send");
        };
        assert_eq!(first.validators, expected);
        let second = fetcher.get_conditional(&url, &first.validators).unwrap();
        assert!(
            matches!(second, Fetched::NotModified { .. }),
            "{path}: {second:?}"
        );
        let requests = server.requests_for(path);
        assert_eq!(requests.len(), 2);
        assert_eq!(requests[0].header("if-none-match"), None);
        assert_eq!(requests[0].header("if-modified-since"), None);
    }
}

#[test]
fn charset_from_the_header_else_guessed() {
    let latin1_page = "<html><body><p>Le président a déclaré que la réunion à Genève était \
                       terminée; les ministres étrangers sont rentrés chez eux après une journée \
                       difficile.</p></body></html>";
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(latin1_page);
    let latin1 = latin1.into_owned();
    let russian_page = "<html><body><p>Президент заявил, что переговоры в Женеве завершились, \
                        и министры вернулись домой.</p></body></html>";
    let (koi8, _, _) = encoding_rs::KOI8_R.encode(russian_page);
    let koi8 = koi8.into_owned();
    let server = Server::start(move |r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/latin1" => Reply::ok("text/html", latin1.clone()),
        "/koi8" => Reply::ok("text/html; charset=KOI8-R", koi8.clone()),
        _ => Reply::status(404),
    });
    let fetcher = Fetcher::new(config());
    let page = fetcher.get(&server.url("/latin1")).unwrap();
    assert!(std::str::from_utf8(&page.body).is_err());
    assert_eq!(page.text(), latin1_page);
    let page = fetcher.get(&server.url("/koi8")).unwrap();
    assert_eq!(
        fetch::charset_of(page.content_type.as_deref().unwrap()),
        Some("KOI8-R")
    );
    assert_eq!(page.text(), russian_page);
}

#[test]
fn connection_refused_names_the_url() {
    // Bind a port, then close it: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let fetcher = Fetcher::new(FetchConfig {
        obey_robots: false,
        ..config()
    });
    let url = format!("http://127.0.0.1:{port}/x");
    let err = fetcher.get(&url).unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err}");
    assert_eq!(err.url(), url);
}

#[test]
fn a_host_whose_robots_txt_gets_no_answer_is_unreachable_not_forbidding() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // robots.txt is obeyed: it cannot be fetched, so the page is not requested, and the error
    // says the host could not be reached rather than that its robots.txt forbids the page.
    let fetcher = Fetcher::new(config());
    let url = format!("http://127.0.0.1:{port}/x");
    let err = fetcher.get(&url).unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err}");
    assert_eq!(err.url(), url);
    let message = err.to_string();
    assert!(message.contains("host unreachable"), "{message}");
    assert!(message.contains("robots.txt"), "{message}");
    assert!(!message.contains("disallowed"), "{message}");
    assert!(matches!(
        fetcher.allowed(&url),
        Err(Error::Transport { .. })
    ));
}

#[test]
fn header_values_that_cannot_be_sent_never_panic() {
    let server = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        _ => Reply::ok("text/html", ARTICLE),
    });
    let fetcher = Fetcher::new(FetchConfig {
        contact: Some("ops\r\nX-Injected: 1".into()),
        ..config()
    });
    let stored = Validators {
        etag: Some("\"v1\"\n".into()),
        last_modified: Some("Tue, 12 Mar 2024 10:00:00 GMT".into()),
    };
    let fetched = fetcher.get_conditional(&server.url("/a"), &stored).unwrap();
    assert!(matches!(fetched, Fetched::Page(_)));
    let request = server.requests_for("/a").remove(0);
    assert_eq!(
        request.header("user-agent"),
        Some(FetchConfig::default().user_agent().as_str())
    );
    assert_eq!(request.header("x-injected"), None);
    assert_eq!(request.header("if-none-match"), None);
    assert_eq!(
        request.header("if-modified-since"),
        Some("Tue, 12 Mar 2024 10:00:00 GMT")
    );
}
