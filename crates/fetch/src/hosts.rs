//! Many URLs at once: hosts in parallel, each host's URLs one after another in input order, so
//! that a slow or delayed host holds up only its own URLs.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// The host key of a URL: its origin (scheme, host and port), which is what robots.txt and the
/// per-host delay apply to; a URL that does not parse is its own key.
pub fn host_key(url: &str) -> String {
    match url::Url::parse(url.trim()) {
        Ok(parsed) if parsed.host().is_some() => parsed.origin().ascii_serialization(),
        _ => url.to_owned(),
    }
}

/// `work` applied to every item, with up to `threads` hosts worked on at once and the items of
/// one host in input order on one thread; the results come back in input order.
pub fn per_host<T, R>(
    items: &[T],
    url_of: impl Fn(&T) -> &str,
    threads: usize,
    work: impl Fn(&T) -> R + Sync,
) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: HashMap<String, usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let next = groups.len();
        let g = *group_of.entry(host_key(url_of(item))).or_insert(next);
        if g == next {
            groups.push(Vec::new());
        }
        groups[g].push(i);
    }
    let threads = threads.clamp(1, groups.len().max(1));
    if threads == 1 {
        return items.iter().map(work).collect();
    }
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    let next = AtomicUsize::new(0);
    thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                while let Some(group) = groups.get(next.fetch_add(1, Ordering::Relaxed)) {
                    for &i in group {
                        let result = work(&items[i]);
                        results
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)[i] = Some(result);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .into_iter()
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_origins() {
        assert_eq!(host_key("https://a.test/x?y"), "https://a.test");
        assert_eq!(host_key("http://a.test:8080/x"), "http://a.test:8080");
        assert_ne!(host_key("http://a.test/x"), host_key("https://a.test/x"));
        assert_eq!(host_key("nonsense"), "nonsense");
    }

    #[test]
    fn results_keep_input_order_and_hosts_keep_theirs() {
        let urls: Vec<String> = (0..40)
            .map(|i| format!("http://h{}.test/{i}", i % 3))
            .collect();
        let seen = Mutex::new(Vec::new());
        let out = per_host(
            &urls,
            |u| u,
            4,
            |u| {
                seen.lock().unwrap().push(u.clone());
                u.len()
            },
        );
        assert_eq!(out, urls.iter().map(String::len).collect::<Vec<_>>());
        let seen = seen.into_inner().unwrap();
        for host in ["h0", "h1", "h2"] {
            let order: Vec<&String> = seen.iter().filter(|u| u.contains(host)).collect();
            let expected: Vec<&String> = urls.iter().filter(|u| u.contains(host)).collect();
            assert_eq!(order, expected);
        }
    }
}
