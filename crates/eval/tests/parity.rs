//! Parity with Google's rouge-score on real news: pairs built at run time from the shared dev data
//! (reference summaries against article leads and titles) are scored by this crate and by
//! `scripts/rouge_parity.py`, and every F1 must agree within 0.001 (0.1 ROUGE point). The stemmer
//! is also checked word for word against NLTK on every word of the same data.
//!
//! Skipped, with a message, when `../shared/data` is absent or when the script cannot build its
//! virtualenv (no package index reachable); any other failure of the script fails the test.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use eval::{porter, rouge};
use serde::Deserialize;

/// Largest allowed |Rust - Python| for any F1, on the 0..=1 scale.
const TOLERANCE: f64 = 0.001;
/// The script's exit status for "the virtualenv could not be set up".
const SETUP_FAILED: i32 = 3;

#[derive(Deserialize)]
struct Cluster {
    summaries: Vec<String>,
    articles: Vec<ClusterArticle>,
}

#[derive(Deserialize)]
struct ClusterArticle {
    title: Option<String>,
    text: String,
}

#[derive(Deserialize)]
struct ScoredPair {
    reference: String,
    candidate: String,
    rouge1: PythonScore,
    rouge2: PythonScore,
    #[serde(rename = "rougeL")]
    rouge_l: PythonScore,
}

#[derive(Deserialize)]
struct PythonScore {
    fmeasure: f64,
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shared_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

/// The summarization clusters of both dev sets, or `None` when the shared data is absent.
fn load_clusters() -> Option<Vec<Cluster>> {
    let sets = ["neus/dev.jsonl.gz", "allsides_roundups/dev.jsonl.gz"];
    let paths: Vec<PathBuf> = sets.iter().map(|set| shared_data().join(set)).collect();
    if let Some(missing) = paths.iter().find(|path| !path.exists()) {
        eprintln!("SKIPPED: {} is absent", missing.display());
        return None;
    }
    let mut clusters = Vec::new();
    for path in paths {
        let file = std::fs::File::open(&path).expect("open dev set");
        let reader = BufReader::new(flate2::read::GzDecoder::new(file));
        for (line_no, line) in reader.lines().enumerate() {
            let line = line.unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), line_no + 1));
            let cluster: Cluster = serde_json::from_str(&line)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), line_no + 1));
            clusters.push(cluster);
        }
    }
    Some(clusters)
}

fn first_words(text: &str, n: usize) -> String {
    text.split_whitespace()
        .take(n)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Each reference summary against the first 60 and 110 words of each article of its cluster, and
/// against each article title: short and summary-length candidates, close and loose matches.
fn build_pairs(clusters: &[Cluster]) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for cluster in clusters {
        for summary in &cluster.summaries {
            for article in &cluster.articles {
                for n in [60, 110] {
                    pairs.push((summary.clone(), first_words(&article.text, n)));
                }
                if let Some(title) = &article.title {
                    pairs.push((summary.clone(), title.clone()));
                }
            }
        }
    }
    pairs
}

/// Creates the script's virtualenv once per test binary; `false` (after printing why) when it
/// cannot be created, which is the only reason besides absent data to skip.
fn python_ready() -> bool {
    static READY: OnceLock<bool> = OnceLock::new();
    *READY.get_or_init(|| {
        let status = Command::new("python3")
            .arg(repo_root().join("scripts/rouge_parity.py"))
            .arg("--setup")
            .stdout(Stdio::null())
            .status()
            .expect("run python3 scripts/rouge_parity.py --setup");
        match status.code() {
            Some(0) => true,
            Some(SETUP_FAILED) => {
                eprintln!("SKIPPED: scripts/rouge_parity.py could not install rouge-score");
                false
            }
            _ => panic!("scripts/rouge_parity.py --setup failed: {status}"),
        }
    })
}

/// Runs `scripts/rouge_parity.py` with `args`, feeding `input` on stdin; returns stdout's lines.
fn run_script(args: &[&str], input: String) -> Vec<String> {
    let mut child = Command::new("python3")
        .arg(repo_root().join("scripts/rouge_parity.py"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run python3 scripts/rouge_parity.py");
    let mut stdin = child.stdin.take().expect("stdin");
    // Writing from another thread keeps a full stdout pipe from deadlocking both processes.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("wait for rouge_parity.py");
    writer
        .join()
        .expect("writer thread")
        .expect("write to rouge_parity.py");
    assert!(
        output.status.success(),
        "rouge_parity.py {args:?}: {}",
        output.status
    );
    String::from_utf8(output.stdout)
        .expect("UTF-8 output")
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn rouge_matches_rouge_score_on_real_pairs() {
    let Some(clusters) = load_clusters() else {
        return;
    };
    if !python_ready() {
        return;
    }
    let pairs = build_pairs(&clusters);
    assert!(pairs.len() >= 300, "only {} pairs", pairs.len());
    let input: String = pairs
        .iter()
        .map(|(reference, candidate)| {
            let line = serde_json::json!({ "reference": reference, "candidate": candidate });
            format!("{line}\n")
        })
        .collect();
    let lines = run_script(&[], input);
    assert_eq!(lines.len(), pairs.len(), "one output line per pair");

    let mut max_diff = [0.0f64; 3];
    let mut failures = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let python: ScoredPair = serde_json::from_str(line).expect("script output line");
        assert_eq!(
            (&python.reference, &python.candidate),
            (&pairs[i].0, &pairs[i].1)
        );
        let rust = rouge(&python.reference, &python.candidate);
        let compared = [
            ("rouge1", rust.rouge1.f1, python.rouge1.fmeasure),
            ("rouge2", rust.rouge2.f1, python.rouge2.fmeasure),
            ("rougeL", rust.rouge_l.f1, python.rouge_l.fmeasure),
        ];
        for (k, (name, r, p)) in compared.into_iter().enumerate() {
            let diff = (r - p).abs();
            max_diff[k] = max_diff[k].max(diff);
            if diff > TOLERANCE {
                failures.push(format!("pair {i} {name}: rust {r} python {p}"));
            }
        }
    }
    println!(
        "{} real pairs; max |F1 diff| rouge1 {:e}, rouge2 {:e}, rougeL {:e}",
        pairs.len(),
        max_diff[0],
        max_diff[1],
        max_diff[2]
    );
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn porter_matches_nltk_on_every_word_of_the_data() {
    let Some(clusters) = load_clusters() else {
        return;
    };
    if !python_ready() {
        return;
    }
    // The words the ROUGE tokenizer would stem: lowercase ASCII alphanumeric runs of 4+ bytes.
    let mut words = BTreeSet::new();
    let texts = clusters.iter().flat_map(|cluster| {
        let articles = cluster.articles.iter();
        let article_texts = articles.flat_map(|a| [Some(a.text.as_str()), a.title.as_deref()]);
        cluster
            .summaries
            .iter()
            .map(|s| Some(s.as_str()))
            .chain(article_texts)
    });
    for text in texts.flatten() {
        let lower = text.to_lowercase();
        let runs = lower.split(|c: char| !c.is_ascii_alphanumeric());
        words.extend(runs.filter(|w| w.len() > 3).map(str::to_owned));
    }
    let words: Vec<String> = words.into_iter().collect();
    let input: String = words.iter().map(|w| format!("{w}\n")).collect();
    let stems = run_script(&["--stems"], input);
    assert_eq!(stems.len(), words.len(), "one stem per word");
    let mismatches: Vec<String> = words
        .iter()
        .zip(&stems)
        .filter(|(word, nltk)| porter::stem(word) != **nltk)
        .map(|(word, nltk)| format!("{word}: rust {} nltk {nltk}", porter::stem(word)))
        .collect();
    println!("{} distinct words stemmed as NLTK does", words.len());
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
