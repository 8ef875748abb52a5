//! Prints what the cleaner removes from a cluster file (`{"articles":[{"title","text","source"}]}`
//! per line, gzip-compressed), with counts per reason: a manual check that rules generalize.
//!
//! Usage: `cargo run -p clean --example inspect [PATH] [--kept]`; the default path is the
//! giveme5w1h dev set in `../shared/data`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};

use clean::{CleanConfig, clean_batch};
use model::{Article, ArticleId, Origin};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show_kept = args.iter().any(|a| a == "--kept");
    let path = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| {
            format!(
                "{}/../../../shared/data/giveme5w1h_news_cluster/dev.jsonl.gz",
                env!("CARGO_MANIFEST_DIR")
            )
        });
    let file = match std::fs::File::open(&path) {
        Ok(file) => file,
        Err(err) => {
            eprintln!("{path}: {err}");
            std::process::exit(1);
        }
    };
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut articles = Vec::new();
    for (line_no, line) in reader.lines().enumerate() {
        let Ok(line) = line else { break };
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&line) else {
            eprintln!("{path}:{}: not JSON", line_no + 1);
            continue;
        };
        for (index, item) in value["articles"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            let field = |name: &str| item[name].as_str().map(str::to_owned);
            articles.push(Article {
                meta: Default::default(),
                id: ArticleId(format!("{}:{index}", line_no + 1)),
                title: field("title").unwrap_or_default(),
                text: field("text").unwrap_or_default(),
                url: field("url"),
                source: field("source"),
                time: field("time"),
                origin: Origin {
                    path: path.clone(),
                    line: Some(line_no as u64 + 1),
                },
            });
        }
    }
    let cleaned = clean_batch(&articles, &CleanConfig::default());
    let mut per_reason: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut kept, mut removed) = (0, 0);
    for (article, result) in articles.iter().zip(&cleaned) {
        println!(
            "=== {} {} outlet={:?}",
            article.id,
            article.source.as_deref().unwrap_or("-"),
            result.outlet
        );
        for line in &result.removed {
            *per_reason.entry(line.reason.as_str()).or_default() += 1;
            let text: String = article.text[line.start..line.end]
                .chars()
                .take(150)
                .collect();
            println!("DROP {:<18} {text}", line.reason);
        }
        if show_kept {
            for range in &result.kept {
                let text: String = article.text[range.clone()].chars().take(150).collect();
                println!("KEEP {text}");
            }
        }
        kept += result.kept.len();
        removed += result.removed.len();
    }
    println!(
        "--- {} articles, {kept} lines kept, {removed} removed",
        articles.len()
    );
    for (reason, count) in per_reason {
        println!("{count:>5} {reason}");
    }
}
