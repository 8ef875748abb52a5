//! Fuzz target: any bytes as standard input (plain or gzip), read with a limit small enough that
//! most inputs take the path of a stream over it (JSON Lines line by line, held and indexed; a
//! WARC file record by record; anything else refused), and with the default limit.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    for (max_bytes, index) in [(64, false), (64, true), (256 << 20, false)] {
        let config = ingest::ReadConfig {
            max_bytes,
            index_large_json_lines: index,
            ..ingest::ReadConfig::default()
        };
        let out = ingest::read_stream("-", bytes, &config);
        for file in &out.indexed {
            // Every indexed line reads back, as it was read when indexed.
            let mut reader = file.open().expect("the copy is there while indexed");
            for line in &file.lines {
                reader.read(line).expect("an indexed line reads back");
            }
        }
    }
});
