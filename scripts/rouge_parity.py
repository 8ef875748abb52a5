#!/usr/bin/env python3
"""Scores text pairs with Google's rouge-score, the reference that crates/eval must match.

    python3 scripts/rouge_parity.py [PAIRS.jsonl]        score pairs (stdin without a path)
    python3 scripts/rouge_parity.py --stems [WORDS.txt]  print NLTK's Porter stem of each word line
    python3 scripts/rouge_parity.py --bench N [PAIRS]    time rouge-score on N pairs cycled from PAIRS
    python3 scripts/rouge_parity.py --setup              only create the virtualenv

Each input line is a JSON object with "reference" and "candidate". Each output line is the same
object with "reference_tokens", "candidate_tokens" and "rouge1", "rouge2", "rougeL" (each
{"precision", "recall", "fmeasure"}) set as RougeScorer(['rouge1', 'rouge2', 'rougeL'],
use_stemmer=True) computes them; so running it on crates/eval/test_data/rouge_pairs.jsonl
regenerates that fixture.

The script re-runs itself inside the virtualenv .venv-eval at the repository root, creating it from
scripts/requirements-eval.txt when it is missing or the pins changed. When that setup fails (no
package index reachable) it exits with status 3, which the Rust parity test reads as "skip".
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import venvs

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv-eval"
REQUIREMENTS = ROOT / "scripts" / "requirements-eval.txt"
# A copy of the requirements the virtualenv was filled from, to notice changed pins.
INSTALLED = VENV / "requirements-eval.installed.txt"
SETUP_FAILED = 3


def read_lines(path):
    source = open(path, encoding="utf-8") if path else sys.stdin
    with source:
        return [line for line in source.read().splitlines() if line.strip()]


def score_pairs(scorer, tokenizer, lines):
    for line in lines:
        pair = json.loads(line)
        reference, candidate = pair["reference"], pair["candidate"]
        pair["reference_tokens"] = tokenizer.tokenize(reference)
        pair["candidate_tokens"] = tokenizer.tokenize(candidate)
        for name, score in scorer.score(reference, candidate).items():
            pair[name] = {"precision": score.precision, "recall": score.recall,
                          "fmeasure": score.fmeasure}
        print(json.dumps(pair, ensure_ascii=False))


def bench(scorer, lines, n):
    pairs = [json.loads(line) for line in lines]
    pairs = [(p["reference"], p["candidate"]) for p in pairs]
    start = time.perf_counter()
    total = 0.0
    for i in range(n):
        reference, candidate = pairs[i % len(pairs)]
        total += scorer.score(reference, candidate)["rougeL"].fmeasure
    seconds = time.perf_counter() - start
    print(json.dumps({"pairs": n, "seconds": seconds, "pairs_per_second": n / seconds,
                      "mean_rougeL_f": total / n}))


def main(argv):
    venvs.enter(VENV, REQUIREMENTS, INSTALLED, "rouge_parity", __file__, argv,
                failed_status=SETUP_FAILED)
    if argv[:1] == ["--setup"]:
        return

    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    # The tokenizer, and so the stemmer, that this scorer uses.
    tokenizer = scorer._tokenizer
    if argv[:1] == ["--stems"]:
        for word in read_lines(argv[1] if len(argv) > 1 else None):
            print(tokenizer._stemmer.stem(word.strip()))
    elif argv[:1] == ["--bench"]:
        bench(scorer, read_lines(argv[2] if len(argv) > 2 else None), int(argv[1]))
    else:
        score_pairs(scorer, tokenizer, read_lines(argv[0] if argv else None))


if __name__ == "__main__":
    main(sys.argv[1:])
