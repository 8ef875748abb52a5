//! The five seed articles against their hand annotation (`../shared/annotations/seeds.json`):
//! every annotated noise line removed, every other body line kept, the outlet inferred where the
//! text names it. Read at run time; skipped when `../shared` is absent.

use std::collections::HashSet;
use std::path::PathBuf;

use clean::{CleanConfig, clean_article, clean_batch};
use model::{Article, ArticleId, Origin};

fn shared_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    dir.join("annotations/seeds.json").exists().then_some(dir)
}

/// Reads a seed: the first non-empty line is the title, the body is everything after it.
fn read_seed(path: &std::path::Path) -> Article {
    let raw = std::fs::read_to_string(path).expect("seed is UTF-8");
    let mut offset = 0;
    let mut title = String::new();
    for line in raw.split_inclusive('\n') {
        offset += line.len();
        if !line.trim().is_empty() {
            title = line.trim().to_owned();
            break;
        }
    }
    Article {
        meta: Default::default(),
        id: ArticleId(path.file_stem().unwrap().to_string_lossy().into_owned()),
        title,
        text: raw[offset..].to_owned(),
        url: None,
        source: None,
        time: None,
        origin: Origin {
            path: path.display().to_string(),
            line: None,
        },
    }
}

struct Seeds {
    articles: Vec<Article>,
    noise: HashSet<(String, String)>,
    outlets: Vec<(String, String)>,
}

fn load() -> Option<Seeds> {
    let Some(dir) = shared_dir() else {
        println!("skipping: ../shared not found");
        return None;
    };
    let annotation: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("annotations/seeds.json")).unwrap())
            .unwrap();
    let noise = annotation["noise"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["article"].as_str().unwrap().to_owned(),
                n["line"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let outlets = annotation["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_owned(),
                a["outlet"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir.join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let articles = paths.iter().map(|p| read_seed(p)).collect();
    Some(Seeds {
        articles,
        noise,
        outlets,
    })
}

#[test]
fn seeds_noise_removed_and_content_kept() {
    let Some(seeds) = load() else { return };
    let cleaned = clean_batch(&seeds.articles, &CleanConfig::default());
    let mut failures = Vec::new();
    let mut checked = 0;
    for (article, result) in seeds.articles.iter().zip(&cleaned) {
        let removed: HashSet<(usize, usize)> =
            result.removed.iter().map(|r| (r.start, r.end)).collect();
        let mut start = 0;
        for piece in article.text.split('\n') {
            let line = piece.trim();
            let lead = piece.len() - piece.trim_start().len();
            let range = (start + lead, start + lead + line.len());
            start += piece.len() + 1;
            if line.is_empty() {
                continue;
            }
            checked += 1;
            let is_noise = seeds
                .noise
                .contains(&(article.id.0.clone(), line.to_owned()));
            let was_removed = removed.contains(&range);
            let was_kept = result.kept.iter().any(|k| (k.start, k.end) == range);
            assert!(
                was_removed != was_kept,
                "line neither or both kept and removed: {line}"
            );
            if is_noise != was_removed {
                let verdict = if was_removed {
                    "removed content"
                } else {
                    "kept noise"
                };
                failures.push(format!("{} {verdict}: {line}", article.id));
            }
        }
    }
    assert!(checked > 50, "only {checked} lines checked");
    // The seeds need no batch evidence: each article alone gives the same answer.
    for (article, result) in seeds.articles.iter().zip(&cleaned) {
        assert_eq!(
            &clean_article(article, &CleanConfig::default()),
            result,
            "{}",
            article.id
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn seeds_outlet_inferred_where_stated() {
    let Some(seeds) = load() else { return };
    let cleaned = clean_batch(&seeds.articles, &CleanConfig::default());
    for (article, result) in seeds.articles.iter().zip(&cleaned) {
        let (_, outlet) = seeds
            .outlets
            .iter()
            .find(|(id, _)| *id == article.id.0)
            .unwrap();
        if article.text.contains(outlet.as_str()) {
            assert_eq!(
                result.outlet.as_deref(),
                Some(outlet.as_str()),
                "{}",
                article.id
            );
        } else {
            // The outlet is not named in the text: the cleaner must not invent one.
            assert_eq!(result.outlet, None, "{}", article.id);
        }
    }
}
