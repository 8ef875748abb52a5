//! Fuzz target: the whole report of an event (clean, segment, dedup, summarize, analyze) made of
//! up to eight articles cut from any bytes. Bytes 0x1E separate articles; in each, the first
//! line is the title and the rest the body, read as UTF-8 with invalid bytes replaced, as the
//! readers do. The report may be empty; it must never panic, and every summary sentence must
//! be the text of its span in its article, as provenance promises.
#![no_main]

use libfuzzer_sys::fuzz_target;
use model::{Article, ArticleId, ArticleMeta, Origin};

fuzz_target!(|bytes: &[u8]| {
    let articles: Vec<Article> = bytes
        .split(|&b| b == 0x1E)
        .take(8)
        .enumerate()
        .map(|(i, part)| {
            let text = String::from_utf8_lossy(part);
            let (title, body) = text.split_once('\n').unwrap_or(("", &text));
            Article {
                id: ArticleId(format!("a{i}")),
                title: title.to_owned(),
                text: body.to_owned(),
                url: None,
                source: (i % 3 == 1).then(|| format!("Outlet {i}")),
                time: (i % 2 == 0).then(|| format!("2024-03-{:02}", 1 + i)),
                origin: Origin {
                    path: "fuzz.txt".to_owned(),
                    line: None,
                },
                meta: ArticleMeta::default(),
            }
        })
        .collect();
    let config = pipeline::PipelineConfig::default();
    let prepared = pipeline::prepare(articles, &config);
    for doc in &prepared.docs {
        for s in &doc.sentences {
            assert!(doc.article.text.get(s.start..s.end).is_some());
        }
    }
    for (i, copy) in prepared.copy_of.iter().enumerate() {
        if let Some(original) = copy {
            assert!(*original < prepared.docs.len() && *original != i);
        }
    }
    let method = summarize::Learned::default();
    let report = pipeline::report(&prepared, &method, &config);
    let summary = &report.summary;
    for sentence in summary.headline.iter().chain(&summary.sentences) {
        let doc = prepared
            .docs
            .iter()
            .find(|d| d.article.id == sentence.span.article)
            .expect("a summary sentence names one of the event's articles");
        assert_eq!(
            doc.article.text.get(sentence.span.range()),
            Some(sentence.text.as_str())
        );
    }
});
