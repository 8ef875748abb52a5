//! Fuzz target: any bytes as an RSS/Atom feed, then every item as an article.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = web::feed::looks_like_feed(bytes);
    if let Ok(feed) = web::parse_feed(bytes) {
        let config = html::ExtractConfig::default();
        for item in &feed.items {
            let _ = web::item_article(&feed, item, model::Origin::default(), &config);
        }
    }
});
