//! ROUGE throughput: 10,000 (reference, candidate) pairs cycled from the committed fixture.
//!
//! Compare with rouge-score on the same pairs:
//! `python3 scripts/rouge_parity.py --bench 10000 crates/eval/test_data/rouge_pairs.jsonl`.

// `criterion_group!` defines a public function that cannot carry a doc comment.
#![allow(missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use eval::{rouge, rouge_tokens, rouge_tokens_scores};
use serde::Deserialize;

const PAIRS: usize = 10_000;

#[derive(Deserialize)]
struct Pair {
    reference: String,
    candidate: String,
}

fn load_pairs() -> Vec<Pair> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/test_data/rouge_pairs.jsonl");
    let text = std::fs::read_to_string(path).expect("read rouge_pairs.jsonl");
    let fixture: Vec<Pair> = text
        .lines()
        .map(|line| serde_json::from_str(line).expect("fixture line"))
        .collect();
    (0..PAIRS)
        .map(|i| {
            let pair = &fixture[i % fixture.len()];
            Pair {
                reference: pair.reference.clone(),
                candidate: pair.candidate.clone(),
            }
        })
        .collect()
}

/// Mean ROUGE-L F1 must land strictly between 0 and 1 on this mix of close and unrelated pairs.
fn assert_sane(total_f1: f64) {
    let mean = total_f1 / PAIRS as f64;
    assert!(mean > 0.1 && mean < 0.9, "mean ROUGE-L F1 {mean}");
}

fn bench_rouge(c: &mut Criterion) {
    let pairs = load_pairs();
    let tokenized: Vec<(Vec<String>, Vec<String>)> = pairs
        .iter()
        .map(|p| (rouge_tokens(&p.reference), rouge_tokens(&p.candidate)))
        .collect();

    let mut group = c.benchmark_group("rouge");
    group.throughput(Throughput::Elements(PAIRS as u64));
    group.sample_size(10);
    group.bench_function("text_10k_pairs", |b| {
        b.iter(|| {
            let total: f64 = pairs
                .iter()
                .map(|p| rouge(&p.reference, &p.candidate).rouge_l.f1)
                .sum();
            assert_sane(total);
            total
        })
    });
    group.bench_function("pretokenized_10k_pairs", |b| {
        b.iter(|| {
            let total: f64 = tokenized
                .iter()
                .map(|(r, c)| rouge_tokens_scores(r, c).rouge_l.f1)
                .sum();
            assert_sane(total);
            total
        })
    });
    group.finish();
}

criterion_group!(benches, bench_rouge);
criterion_main!(benches);
