//! Fuzz target: any bytes as a WARC file (plain or gzip), read to the end with small limits so
//! that the limit paths are reached too.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = web::warc::looks_like_warc(bytes);
    for config in [
        web::WarcConfig::default(),
        web::WarcConfig {
            max_record_bytes: 512,
            max_header_bytes: 256,
            max_expansion: 4,
        },
    ] {
        if let Ok(reader) = web::WarcReader::new(bytes, &config) {
            for entry in reader {
                if let Ok(web::WarcEntry::Page(page)) = entry {
                    assert!(page.body.len() as u64 <= config.max_record_bytes);
                }
            }
        }
    }
});
