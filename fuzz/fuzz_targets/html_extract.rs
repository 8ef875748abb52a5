//! Fuzz target: main-content extraction of any bytes as an HTML page (charset decoding, then
//! `html::extract` with the default limits). Extraction may refuse a page; it must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let page = html::decode(bytes);
    let config = html::ExtractConfig::default();
    if let Ok(article) = html::extract(&page, Some("https://fuzz.example/2024/01/02/a"), &config) {
        for p in &article.paragraphs {
            // Every paragraph's source range is a valid slice of the page.
            assert!(page.get(p.source.clone()).is_some());
        }
    }
});
