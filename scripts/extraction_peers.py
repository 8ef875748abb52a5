#!/usr/bin/env python3
"""Benchmarks Chorus's main-content extraction against trafilatura on the same pages, in one run.

    python3 scripts/extraction_peers.py [--chorus PATH] [--shared DIR] [--repeat N]

For each extraction dev set (article_extraction_benchmark, trafilatura_eval) it:

1. runs `chorus eval-extraction DATA --json` in a child process of its own: Chorus's scores with
   each set's metric, every page's extraction time (html string in, text out: `html::extract`
   and the text it returns, the page already decoded) and the child's peak memory;
2. runs trafilatura (the Python package, pinned in scripts/requirements-extraction-peers.txt) on
   the same pages, each mode in a child process of its own, with the settings of trafilatura's
   own benchmark (`tests/comparison_small.py`: no comments, tables kept, no formatting) in three
   modes: default (with its fallback extractors), precision (`favor_precision=True`) and fast
   (`fast=True`, no fallbacks); each page's time is `trafilatura.extract(html_string, ...)`
   alone, after one warm-up call, so the libraries' first-call set-up is left out;
3. scores trafilatura's outputs with the two published metrics, reimplemented below exactly as
   crates/html/src/score.rs does (the benchmark's 4-word shingles; trafilatura's snippets), and
   checks the reimplementation by scoring Chorus's own outputs too: its figures must equal the
   ones `chorus eval-extraction` printed;
4. prints one Markdown table: scores, median ms per page and total ms, the speed ratios (each
   trafilatura mode's median ms per page over Chorus's, and its total over Chorus's, all from
   this run) and each child's peak resident memory (the page set loaded in memory included, for
   every tool alike).

With --repeat N each tool runs over each set N times and a page's time is its fastest run.

The script re-runs itself inside the virtualenv target/venv-extraction-peers (target/ is ignored
by git), created from the requirements file when it is missing or the pins changed.
"""

import argparse
import gzip
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

import venvs
from measure import machine_line, run_measured

ROOT = Path(__file__).resolve().parent.parent
# Under target/, which git ignores, so the virtualenv never shows up as a change.
VENV = ROOT / "target" / "venv-extraction-peers"
REQUIREMENTS = ROOT / "scripts" / "requirements-extraction-peers.txt"
INSTALLED = VENV / "requirements.installed.txt"

# (name, path under shared/, metric kind)
SETS = [
    ("article_extraction_benchmark", "data/article_extraction_benchmark/dev.jsonl.gz", "shingles"),
    ("trafilatura_eval", "data/trafilatura_eval/dev.jsonl.gz", "snippets"),
]

# trafilatura modes: name -> keyword arguments of trafilatura.extract besides the common ones.
MODES = {
    "default": {},
    "precision": {"favor_precision": True},
    "fast": {"fast": True},
}
COMMON = {"include_comments": False, "include_tables": True, "include_formatting": False}


# --- the two metrics, as crates/html/src/score.rs --------------------------------------------

WORD = re.compile(r"\w+")


def shingles(text):
    """The benchmark's 4-token shingles of `text` as a multiset (a dict of counts)."""
    tokens = WORD.findall(text)
    out = {}
    for i in range(max(1, len(tokens) - 3)):
        shingle = tuple(tokens[i:i + 4])
        if shingle:
            out[shingle] = out.get(shingle, 0) + 1
    return out


def shingle_match(truth, prediction):
    """Per-page (tp, fp, fn), normalized to sum to 1, of the benchmark's shingle matching."""
    t, p = shingles(truth), shingles(prediction)
    tp = sum(min(c, p.get(k, 0)) for k, c in t.items())
    fn = sum(max(0, c - p.get(k, 0)) for k, c in t.items())
    fp = sum(max(0, c - t.get(k, 0)) for k, c in p.items())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def shingle_means(pages):
    """Mean precision, mean recall and their F1, as the benchmark's `metrics_from_tp_fp_fns`."""
    def precision(tp, fp, fn):
        if fp == 0 and fn == 0:
            return 1.0
        return 0.0 if tp == 0 and fp == 0 else tp / (tp + fp)

    def recall(tp, fp, fn):
        if fp == 0 and fn == 0:
            return 1.0
        return 0.0 if tp == 0 and fn == 0 else tp / (tp + fn)

    ps = [precision(*s) for s in pages if s[0] + s[1] > 0]
    rs = [recall(*s) for s in pages if s[0] + s[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def collapse(text):
    return " ".join(text.split())


def snippet_scores(pages):
    """trafilatura's rule over (output or None, must, must_not) pages: P, R, F and accuracy."""
    tp = fp = fn = tn = 0
    for output, must, must_not in pages:
        out = collapse(output) if output is not None else None
        found = sum(1 for s in must if out is not None and collapse(s) in out)
        wrong = sum(1 for s in must_not if out is not None and collapse(s) in out)
        tp, fn = tp + found, fn + len(must) - found
        fp, tn = fp + wrong, tn + len(must_not) - wrong
    div = lambda a, b: a / b if b else 0.0  # noqa: E731
    p, r = div(tp, tp + fp), div(tp, tp + fn)
    return {"precision": p, "recall": r, "f1": div(2 * p * r, p + r),
            "accuracy": div(tp + tn, tp + fp + fn + tn)}


def score(kind, records, outputs):
    """Scores outputs (page id -> text or None) of one set with the set's own metric."""
    if kind == "shingles":
        return shingle_means([shingle_match(r.get("text") or "", outputs.get(r["id"]) or "")
                              for r in records])
    return snippet_scores([(outputs.get(r["id"]), r.get("must_contain") or [],
                            r.get("must_not_contain") or []) for r in records])


def read_set(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def run_worker(mode, data, repeat):
    """Runs trafilatura in `mode` over every page of `data`; prints outputs and times as JSON."""
    import trafilatura  # only inside the virtualenv

    kwargs = {**COMMON, **MODES[mode]}
    records = read_set(data)
    trafilatura.extract(records[0]["html"], **kwargs)  # warm-up: imports, first-call set-up
    pages = {}
    for r in records:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            text = trafilatura.extract(r["html"], **kwargs)
            times.append((time.perf_counter() - started) * 1000.0)
        pages[r["id"]] = {"text": text, "ms": min(times)}
    json.dump(pages, sys.stdout)


def run_chorus(chorus, data, repeat):
    """`chorus eval-extraction --json` runs: the report, fastest time of each page, peak memory."""
    reports, peak = [], 0
    for _ in range(repeat):
        stdout, peak_kb = run_measured([chorus, "eval-extraction", str(data), "--json"],
                                       f"chorus eval-extraction on {data}")
        reports.append(json.loads(stdout))
        peak = max(peak, peak_kb)
    report = reports[0]
    for k, page in enumerate(report["per_page"]):
        page["ms"] = min(r["per_page"][k]["ms"] for r in reports)
    return report, peak


# --- report -----------------------------------------------------------------------------------


def fmt_scores(kind, s):
    if kind == "shingles":
        return f"F1 **{s['f1']:.4f}** (P {s['precision']:.3f}, R {s['recall']:.3f})"
    return (f"F **{s['f1']:.4f}** (P {s['precision']:.3f}, R {s['recall']:.3f}, "
            f"acc {s['accuracy']:.3f})")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    target = os.environ.get("CARGO_TARGET_DIR")
    default = (Path(target) if target else ROOT / "target") / "release" / "chorus"
    parser.add_argument("--chorus", type=Path, default=default,
                        help="the chorus binary (default: %(default)s)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                        help="the shared folder holding data/ (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each tool; a page's time is its fastest (default: 1)")
    parser.add_argument("--worker", nargs=2, metavar=("MODE", "DATA"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        run_worker(args.worker[0], args.worker[1], args.repeat)
        return
    chorus = args.chorus.resolve()
    if not (chorus.is_file() and os.access(chorus, os.X_OK)):
        sys.exit(f"extraction_peers: no chorus binary at {chorus}: build it with "
                 "`cargo build --release -p chorus` or pass --chorus PATH")
    venvs.enter(VENV, REQUIREMENTS, INSTALLED, "extraction_peers", __file__, argv)

    import trafilatura

    rows = []
    for name, relative, kind in SETS:
        data = args.shared / relative
        if not data.is_file():
            print(f"extraction_peers: skipping {name}: {data} not found", file=sys.stderr)
            continue
        records = read_set(data)
        print(f"extraction_peers: {name}: chorus", file=sys.stderr)
        report, peak = run_chorus(str(chorus), data, args.repeat)
        ms = [p["ms"] for p in report["per_page"]]
        own = {"precision": report["precision"], "recall": report["recall"], "f1": report["f1"]}
        if report.get("accuracy") is not None:
            own["accuracy"] = report["accuracy"]
        # The Python scorer below must agree with Chorus's own on Chorus's outputs.
        outputs = {p["id"]: p.get("text") for p in report["per_page"]}
        if all("text" in p for p in report["per_page"]):
            mine = score(kind, records, outputs)
            if any(abs(mine[k] - own[k]) > 1e-9 for k in own):
                sys.exit(f"extraction_peers: the Python scorer disagrees with chorus on {name}: "
                         f"{mine} vs {own}")
        chorus_median = statistics.median(ms)
        rows.append((name, kind, "Chorus", own, chorus_median, sum(ms), peak))
        for mode in MODES:
            print(f"extraction_peers: {name}: trafilatura {mode}", file=sys.stderr)
            stdout, peak = run_measured(
                [sys.executable, __file__, "--worker", mode, str(data),
                 "--repeat", str(args.repeat)], f"trafilatura {mode} on {name}")
            pages = json.loads(stdout)
            outputs = {k: v["text"] for k, v in pages.items()}
            tms = [v["ms"] for v in pages.values()]
            rows.append((name, kind, f"trafilatura {trafilatura.__version__} {mode}",
                         score(kind, records, outputs), statistics.median(tms), sum(tms), peak))

    print(f"\nMeasured {machine_line()}; `python3 scripts/extraction_peers.py"
          f"{'' if args.repeat == 1 else f' --repeat {args.repeat}'}`.\n")
    print("| set | tool | score (the set's own metric) | median ms/page | total ms "
          "| Chorus faster (median, total) | peak memory |")
    print("|---|---|---|---|---|---|---|")
    for name, kind, tool, s, median, total, peak in rows:
        base = next(r for r in rows if r[0] == name and r[2] == "Chorus")
        ratio = "" if tool == "Chorus" else f"{median / base[4]:.0f}×, {total / base[5]:.0f}×"
        print(f"| {name} | {tool} | {fmt_scores(kind, s)} | {median:.2f} | {total:.0f} "
              f"| {ratio} | {peak / 1024:.0f} MiB |")


if __name__ == "__main__":
    main(sys.argv[1:])
