#!/usr/bin/env python3
"""Benchmarks Chorus's summarization methods against peer summarizers and writes docs/EVALUATION.md.

    python3 scripts/peers.py --chorus /path/to/chorus [--shared DIR] [--output FILE] [--repeat N]

For each dev set with references (neus at 67 words, allsides_roundups at 110 words) it:

1. runs `chorus eval --dump-sentences` once to get every cluster's sentences exactly as Chorus
   splits them after cleaning, and `chorus eval --method M --json` for every method that
   `chorus eval --help` lists, taking ROUGE F1, the per-cluster milliseconds (the fastest of
   --repeat runs of `chorus eval --repeat N`, which summarizes each cluster N times in a row, as
   a peer is timed, and the first call's) and the peak memory of each run;
2. feeds the same sentences, minus those shorter than 7 or longer than 60 words, to the peers
   (sumy LexRank, TextRank, LSA, Luhn, KL, SumBasic; summa TextRank; seeded random; lead), each
   in a child process of its own so that its time and peak memory are its own;
3. scores every peer with Google's rouge-score (rouge1, rouge2, rougeL, use_stemmer=True; mean
   over a cluster's references, then over clusters), the package crates/eval is proven identical
   to, so that Chorus's own figures and the peers' are comparable;
4. writes the tables, the speed ratios (median sumy LexRank ms per cluster over median Chorus
   `best` ms per cluster, both from this one run: the one the issue asks for times Chorus's
   summarize step alone, from split sentences to chosen sentences, as the peers are timed; the
   first-call one compares each system's first call on each cluster; the end-to-end one times Chorus from the raw articles) and
   the peak memory to docs/EVALUATION.md,
   keeping whatever follows the hand-maintained marker in the old file.

Every system, peers and Chorus alike, picks sentences by its own ranking until the word budget is
reached; its output is then cut at the budget (the first N whitespace-separated words), as
`chorus eval` cuts Chorus's own summaries.

The script re-runs itself inside the virtualenv .venv-peers at the repository root, created from
scripts/requirements-peers.txt when it is missing or the pins changed. No NLTK data is needed: the
peers get sentences already split, sumy's word tokenizer is NLTK's Treebank-style tokenizer called
on each sentence (what sumy's default tokenizer does after its Punkt sentence split), and the
stemmers (Snowball, Porter) and stop-word lists ship inside the packages.
"""

import argparse
import json
import math
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import venvs
from measure import machine_line, run_measured

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv-peers"
REQUIREMENTS = ROOT / "scripts" / "requirements-peers.txt"
# A copy of the requirements the virtualenv was filled from, to notice changed pins.
INSTALLED = VENV / "requirements-peers.installed.txt"
DEFAULT_OUTPUT = ROOT / "docs" / "EVALUATION.md"
# Splits of the repeated cross-validation of `best` (`chorus train --repeats`).
CV_REPEATS = 20
# The shipped weights of `best`, whose `trained_by` is the `chorus train` command that made them.
BEST_WEIGHTS = ROOT / "crates" / "summarize" / "weights" / "best.json"
HAND_MARKER = "<!-- sections below are maintained by hand -->"

# (name, path under shared/, word budget): the budgets are the sets' mean reference lengths.
SETS = [
    ("neus", "data/neus/dev.jsonl.gz", 67),
    ("allsides_roundups", "data/allsides_roundups/dev.jsonl.gz", 110),
]

# The peers, in the order the tables list them.
PEERS = [
    "sumy LexRank",
    "sumy TextRank",
    "sumy LSA",
    "sumy Luhn",
    "sumy KL",
    "sumy SumBasic",
    "summa TextRank",
    "random",
    "lead",
]

# Sentences outside this many whitespace-separated words are not offered to the peers.
MIN_TOKENS = 7
MAX_TOKENS = 60

# The figures the issue quotes (ROUGE-1 / ROUGE-2 F1 x100), to show how far our runs are from them.
ISSUE_FIGURES = {
    "neus": {
        "random": (37.5, 16.5),
        "lead": (38.8, 17.6),
        "centroid": (39.7, 17.9),
        "summa TextRank": (39.4, 18.4),
    },
    "allsides_roundups": {
        "random": (40.4, 14.2),
        "lead": (41.4, 15.2),
        "sumy LexRank": (41.6, 15.5),
        "summa TextRank": (41.5, 16.0),
    },
}

# The Chorus method whose speed the issue's requirement is about, and the factor it asks for.
CHORUS_BEST = "best"
SPEED_PEER = "sumy LexRank"
REQUIRED_SPEEDUP = 100
# Resamples of the clusters in the paired bootstrap of `best` against each system.
BOOTSTRAP_RESAMPLES = 1000


# --- sentences and budgets --------------------------------------------------------------------


def word_count(text):
    """Words as every budget counts them: whitespace-separated."""
    return len(text.split())


def cut_to_words(text, words):
    """The first `words` whitespace-separated words of `text`, as `chorus eval` cuts summaries."""
    return " ".join(text.split()[:words])


def candidate_sentences(sentences):
    """The sentences offered to the peers: MIN_TOKENS to MAX_TOKENS words, all when none is."""
    kept = [s for s in sentences if MIN_TOKENS <= word_count(s) <= MAX_TOKENS]
    return kept or list(sentences)


def take_until_budget(ranked, words, text=str):
    """The prefix of `ranked` (best first) whose words first reach `words`."""
    chosen, used = [], 0
    for item in ranked:
        if used >= words:
            break
        chosen.append(item)
        used += word_count(text(item))
    return chosen


def read_dump(path):
    """The clusters `chorus eval --dump-sentences` wrote, in order."""
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


# --- the peers (run inside a worker process) --------------------------------------------------


class SentenceWords:
    """A sumy tokenizer for sentences that are already split.

    sumy's own `Tokenizer` loads NLTK's Punkt model (data that cannot be downloaded here) for the
    sentence split it does first; its word split is NLTK's `word_tokenize`, which on one sentence
    is the Treebank-style `NLTKWordTokenizer`, followed by sumy's filter of word-like tokens. This
    class does exactly that word split and no sentence split.
    """

    language = "english"

    def __init__(self):
        from nltk.tokenize.destructive import NLTKWordTokenizer
        from sumy.nlp.tokenizers import Tokenizer

        self._words = NLTKWordTokenizer()
        self._is_word = Tokenizer._is_word

    def to_sentences(self, paragraph):
        raise NotImplementedError("sentences come split from chorus eval --dump-sentences")

    def to_words(self, sentence):
        return tuple(w for w in self._words.tokenize(sentence) if self._is_word(w))


def sumy_peer(summarizer_class):
    """A peer running one sumy summarizer with the English Snowball stemmer and stop words."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.utils import get_stop_words

    tokenizer = SentenceWords()
    summarizer = summarizer_class(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")

    def run(sentences, words, _cluster_id):
        document = ObjectDocumentModel(
            [Paragraph([Sentence(s, tokenizer) for s in sentences])])
        # sumy calls a callable count with the sentences ranked best first and returns the ones
        # kept in document order.
        count = lambda infos: take_until_budget(infos, words, lambda i: str(i.sentence))
        return " ".join(str(s) for s in summarizer(document, count))

    return run


def summa_textrank(sentences, words, _cluster_id):
    """summa's TextRank on the given sentences, ranked with summa's own code.

    `summa.summarizer.summarize` takes one text and splits it with its own regex; this does what
    it does after that split, on Chorus's sentences, and applies the common budget rule instead of
    summa's "closest word count" one.
    """
    from summa import summarizer
    from summa.preprocessing import textcleaner

    textcleaner.init_textcleanner("english", None)
    units = textcleaner.merge_syntactic_units(sentences, textcleaner.filter_words(sentences))
    graph = summarizer._build_graph([unit.token for unit in units])
    summarizer._set_graph_edge_weights(graph)
    summarizer._remove_unreachable_nodes(graph)
    if len(graph.nodes()) == 0:
        return ""
    summarizer._add_scores_to_sentences(units, summarizer._pagerank(graph))
    ranked = sorted(units, key=lambda unit: unit.score, reverse=True)
    chosen = take_until_budget(ranked, words, lambda unit: unit.text)
    return " ".join(unit.text for unit in sorted(chosen, key=lambda unit: unit.index))


def random_peer(seed):
    """Random sentences in document order, seeded by `seed` and the cluster id."""

    def run(sentences, words, cluster_id):
        order = list(range(len(sentences)))
        random.Random(f"{seed}:{cluster_id}").shuffle(order)
        chosen = take_until_budget(order, words, lambda i: sentences[i])
        return " ".join(sentences[i] for i in sorted(chosen))

    return run


def lead(sentences, words, _cluster_id):
    """The first sentences in cluster order (the first article's, then the next one's)."""
    return " ".join(take_until_budget(sentences, words))


def make_peer(name, seed):
    """The summarize function of the peer named `name`: (sentences, words, id) -> text."""
    if name.startswith("sumy "):
        from sumy.summarizers.kl import KLSummarizer
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.lsa import LsaSummarizer
        from sumy.summarizers.luhn import LuhnSummarizer
        from sumy.summarizers.sum_basic import SumBasicSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer

        classes = {
            "sumy LexRank": LexRankSummarizer,
            "sumy TextRank": TextRankSummarizer,
            "sumy LSA": LsaSummarizer,
            "sumy Luhn": LuhnSummarizer,
            "sumy KL": KLSummarizer,
            "sumy SumBasic": SumBasicSummarizer,
        }
        return sumy_peer(classes[name])
    if name == "summa TextRank":
        return summa_textrank
    if name == "random":
        return random_peer(seed)
    if name == "lead":
        return lead
    raise ValueError(f"unknown peer {name!r}")


def run_worker(peer, dump, seed, repeat):
    """Runs one peer over every cluster of a dump; prints its summaries and times as JSON.

    Each cluster is summarized `repeat` times in a row and its time is the fastest of them, which
    also leaves out the libraries' first-call set-up.
    """
    warnings.simplefilter("ignore")  # sumy's LSA warns on clusters with few distinct words.
    summarize = make_peer(peer, seed)
    clusters = []
    for cluster in read_dump(dump):
        sentences = candidate_sentences(cluster["sentences"])
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            summary = summarize(sentences, cluster["words"], cluster["id"])
            times.append((time.perf_counter() - started) * 1000.0)
        clusters.append({"id": cluster["id"], "summary": summary, "ms": min(times),
                         "first_ms": times[0]})
    json.dump({"peer": peer, "clusters": clusters}, sys.stdout)


# --- running processes ------------------------------------------------------------------------


def launcher_floor_kb():
    """The smallest peak `run_measured` can report: that of a program doing nothing."""
    return run_measured(["true"], "true")[1]


def chorus_methods(chorus):
    """The method names `chorus eval --help` lists as possible values of --method."""
    help_text = subprocess.run([chorus, "eval", "--help"], capture_output=True, text=True,
                               check=True).stdout
    match = re.search(r"--method[^\n]*\[possible values: ([^\]]+)\]", help_text)
    if not match:
        sys.exit("peers: cannot find the --method possible values in `chorus eval --help`")
    return [name.strip() for name in match.group(1).split(",")]


def run_chorus(chorus, data, words, method, dump=None, repeat=1):
    """One `chorus eval --json` run, summarizing each cluster `repeat` times in a row: its report
    and its peak memory in KiB."""
    command = [chorus, "eval", str(data), "--words", str(words), "--method", method, "--json",
               "--repeat", str(repeat)]
    if dump:
        command += ["--dump-sentences", str(dump)]
    stdout, peak_kb = run_measured(command, f"chorus eval --method {method} on {data}")
    return json.loads(stdout), peak_kb


def run_peer(peer, dump, seed, repeat):
    """One peer over a dump, in a worker process of this script: its output and peak memory."""
    command = [sys.executable, __file__, "--worker", peer, str(dump), "--seed", str(seed),
               "--repeat", str(repeat)]
    # A fixed string hash seed: sumy's LSA orders its term matrix by set iteration, so that its
    # choices (and so its scores) would otherwise change from run to run.
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    stdout, peak_kb = run_measured(command, f"peer {peer}", env)
    return json.loads(stdout), peak_kb


# --- scoring and the benchmark ----------------------------------------------------------------


def make_scorer():
    """Google's ROUGE with the Porter stemmer, the reference crates/eval matches."""
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)


def score_cluster(scorer, references, summary):
    """ROUGE-1/2/L F1 of one summary: the mean over the cluster's references."""
    totals = [0.0, 0.0, 0.0]
    for reference in references:
        scores = scorer.score(reference, summary)
        for i, name in enumerate(["rouge1", "rouge2", "rougeL"]):
            totals[i] += scores[name].fmeasure
    return [t / len(references) for t in totals]


def summarize_times(ms):
    """Median and mean of per-cluster milliseconds."""
    return statistics.median(ms), statistics.fmean(ms)


def measure_set(name, data, words, chorus, methods, seed, repeat, workdir):
    """Runs every Chorus method and every peer on one set, scoring nothing yet.

    Returns the set's clusters (as dumped) and one row per system: Chorus rows carry their ROUGE
    F1 already, peer rows their summaries.
    """
    dump = workdir / f"{name}.sentences.jsonl"
    run_chorus(chorus, data, words, CHORUS_BEST, dump)
    clusters = read_dump(dump)
    rows = []
    for method in methods:
        # `repeat` runs, each summarizing every cluster `repeat` times in a row; a cluster's time
        # is its fastest, as for the peers, and its first-call time that of the first run.
        runs = [run_chorus(chorus, data, words, method, repeat=repeat) for _ in range(repeat)]
        report = runs[0][0]
        peak_kb = max(kb for _, kb in runs)

        def fastest(field):
            return [min(times) for times in
                    zip(*([c[field] for c in run["per_cluster"]] for run, _ in runs))]

        mean = report["mean"]
        # From split sentences to chosen sentences: what the peers are timed on.
        median_ms, mean_ms = summarize_times(fastest("summarize_ms"))
        # From the raw articles: clean, segment, dedup and summarize.
        whole_median_ms, whole_mean_ms = summarize_times(fastest("ms"))
        # The first summarization of each cluster in the first process, cold as a one-off call.
        first_median_ms, _ = summarize_times(
            [c["summarize_first_ms"] for c in runs[0][0]["per_cluster"]])
        rows.append({
            "system": f"chorus {method}", "kind": "chorus",
            "f1": [mean["rouge1"]["f1"], mean["rouge2"]["f1"], mean["rouge_l"]["f1"]],
            "median_ms": median_ms, "mean_ms": mean_ms, "first_median_ms": first_median_ms,
            "whole_median_ms": whole_median_ms, "whole_mean_ms": whole_mean_ms,
            "peak_kb": peak_kb, "clusters": report["clusters"],
            "per_cluster_f1": {
                c["id"]: [c["rouge1"]["f1"], c["rouge2"]["f1"], c["rouge_l"]["f1"]]
                for c in report["per_cluster"]
            },
        })
        print(f"peers: {name}: chorus {method} done", file=sys.stderr)
    for peer in PEERS:
        output, peak_kb = run_peer(peer, dump, seed, repeat)
        median_ms, mean_ms = summarize_times([c["ms"] for c in output["clusters"]])
        first_median_ms, _ = summarize_times([c["first_ms"] for c in output["clusters"]])
        rows.append({
            "system": peer, "kind": "peer", "summaries": output["clusters"],
            "median_ms": median_ms, "mean_ms": mean_ms, "first_median_ms": first_median_ms,
            "peak_kb": peak_kb,
            "clusters": len(output["clusters"]),
        })
        print(f"peers: {name}: {peer} done", file=sys.stderr)
    return clusters, rows


def score_peers(scorer, clusters, rows, words):
    """Sets each peer row's ROUGE F1 (mean over clusters) from its summaries cut at `words`."""
    references = {c["id"]: c["references"] for c in clusters}
    for row in rows:
        summaries = row.pop("summaries", None)
        if summaries is None:
            continue
        per_cluster = [
            score_cluster(scorer, references[s["id"]], cut_to_words(s["summary"], words))
            for s in summaries
        ]
        row["f1"] = [sum(c[i] for c in per_cluster) / len(per_cluster) for i in range(3)]
        row["per_cluster_f1"] = {s["id"]: c for s, c in zip(summaries, per_cluster)}


def percentile(ordered, q):
    """The `q` quantile (0 to 1) of sorted values, interpolated linearly (numpy's default)."""
    at = q * (len(ordered) - 1)
    below, above = math.floor(at), math.ceil(at)
    return ordered[below] + (ordered[above] - ordered[below]) * (at - below)


def paired_bootstrap(first, second, resamples=BOOTSTRAP_RESAMPLES, seed=0):
    """Mean of `first` less `second` (the same clusters, in the same order), its 95% percentile
    interval over resamples of the clusters, and the share of resamples whose mean difference is
    0 or less (how often `first` looks no better)."""
    differences = [a - b for a, b in zip(first, second)]
    n = len(differences)
    draw = random.Random(seed)
    means = sorted(sum(differences[draw.randrange(n)] for _ in range(n)) / n
                   for _ in range(resamples))
    return (sum(differences) / n, percentile(means, 0.025), percentile(means, 0.975),
            sum(1 for m in means if m <= 0) / resamples)


def paired_table(rows, best, label):
    """`best` (each cluster's F1, by cluster id) against every other system, cluster by cluster
    (a paired bootstrap); `label` names it in the table."""
    ids = sorted(best)
    lines = [
        f"| {label} less | R1 F1 difference [95% interval] | "
        "R2 F1 difference [95% interval] | resamples where best is no better, R1 / R2 |",
        "| --- | ---: | ---: | ---: |",
    ]
    for row in rows:
        if row["system"] == f"chorus {CHORUS_BEST}":
            continue
        theirs = row["per_cluster_f1"]
        cells = []
        shares = []
        for kind in range(2):
            mean, low, high, share = paired_bootstrap(
                [best[i][kind] for i in ids], [theirs[i][kind] for i in ids])
            cells.append(f"{100 * mean:+.2f} [{100 * low:+.2f}, {100 * high:+.2f}]")
            shares.append(f"{100 * share:.1f}%")
        lines.append(f"| {row['system']} | {cells[0]} | {cells[1]} | {' / '.join(shares)} |")
    return "\n".join(lines)


def speed_ratio(rows, chorus_field="median_ms", peer_field="median_ms"):
    """Median sumy LexRank ms per cluster over median Chorus `best` ms per cluster.

    With the default fields, both times are the fastest of `repeat` calls in a row on the
    cluster, and Chorus's is its summarize step alone, from split sentences to chosen sentences,
    which is what the peers are timed on (the issue's ratio); with "first_median_ms" for both,
    each is its first call on the cluster; with "whole_median_ms" for Chorus it is the
    whole pipeline from the raw articles (end to end).
    """
    by_system = {row["system"]: row for row in rows}
    return by_system[SPEED_PEER][peer_field] / by_system[f"chorus {CHORUS_BEST}"][chorus_field]


def cross_validated(chorus):
    """The k-fold cross-validated figures of `best`: the `chorus train` command recorded in the
    shipped weights, re-run from the repository root without writing weights.

    Returns (command, output lines), or None when the command's data is not here.
    """
    trained_by = json.loads(BEST_WEIGHTS.read_text(encoding="utf-8")).get("trained_by", "")
    argv = trained_by.split()
    if argv[:2] != ["chorus", "train"]:
        return None
    data = [argv[k + 1].rpartition(":")[0] for k, a in enumerate(argv) if a == "--data"]
    if not all((ROOT / d).is_file() for d in data):
        return None
    runs = []
    per_cluster = {}
    # The recorded split, then 20 splits at 5 and at 10 folds: one split's figures move by about
    # 0.5 ROUGE-1 from split to split, more than most differences between settings. The last
    # run also writes each cluster's held-out scores, for the paired comparisons.
    with tempfile.TemporaryDirectory(prefix="chorus-cv-") as workdir:
        scores_file = Path(workdir) / "per-cluster.jsonl"
        for extra in ([], ["--folds", "5", "--repeats", str(CV_REPEATS)],
                      ["--folds", "10", "--repeats", str(CV_REPEATS)]):
            args = list(argv[1:])
            if extra:
                k = args.index("--folds") if "--folds" in args else None
                if k is not None:
                    del args[k:k + 2]
            write = ["--per-cluster", str(scores_file)] if extra[1:2] == ["10"] else []
            done = subprocess.run([chorus, *args, *extra, *write], cwd=ROOT,
                                  capture_output=True, text=True)
            if done.returncode != 0:
                sys.exit(f"peers: `chorus {' '.join(args + extra)}` failed:\n{done.stderr}")
            title = next((line for line in done.stdout.splitlines()
                          if "cross-validated" in line), "")
            runs.append((" ".join(extra), title,
                         [line for line in done.stdout.splitlines()
                          if "clusters" in line and "written to" not in line]))
        for line in scores_file.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            per_cluster.setdefault(record["data"], {})[record["id"]] = [
                record["rouge1"], record["rouge2"], record["rouge_l"]]
    return trained_by, runs, per_cluster


def cross_validated_scores(cv, relative):
    """Each cluster's cross-validated F1 of `best` on the set at `relative` (its path under the
    shared data folder), or None when the cross-validation did not cover it."""
    if cv is None:
        return None
    for data, scores in cv[2].items():
        if data.endswith(str(relative)):
            return scores
    return None


# --- the report -------------------------------------------------------------------------------


def chorus_version():
    """The commit of the working tree the Chorus binary was presumably built from."""
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown commit"
    return f"commit {commit}" + (" with uncommitted changes" if dirty else "")


def results_table(rows):
    """The Markdown table of one set."""
    lines = [
        "| system | R1 F1 | R2 F1 | RL F1 | median ms from sentences | mean ms from sentences "
        "| median ms from sentences, first call | median ms from raw articles "
        "| mean ms from raw articles | peak memory MiB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        r1, r2, rl = (100 * f for f in row["f1"])
        name = f"**{row['system']}**" if row["kind"] == "chorus" else row["system"]
        whole = (f"{row['whole_median_ms']:.3f} | {row['whole_mean_ms']:.3f}"
                 if "whole_median_ms" in row else "- | -")
        lines.append(f"| {name} | {r1:.1f} | {r2:.1f} | {rl:.1f} | {row['median_ms']:.3f} | "
                     f"{row['mean_ms']:.3f} | {row['first_median_ms']:.3f} | {whole} | "
                     f"{row['peak_kb'] / 1024:.0f} |")
    return "\n".join(lines)


def issue_table(results):
    """The issue's reference figures beside ours, for the systems that both have."""
    lines = [
        "| set | system | issue R1 / R2 | this run R1 / R2 | difference R1 / R2 |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for name, figures in ISSUE_FIGURES.items():
        by_system = {}
        for row in results.get(name, {}).get("rows", []):
            by_system[row["system"]] = row
            if row["system"].startswith("chorus "):
                by_system[row["system"][len("chorus "):]] = row
        for system, (r1, r2) in figures.items():
            row = by_system.get(system)
            if row is None:
                ours = difference = "not run"
            else:
                ours_r1, ours_r2 = 100 * row["f1"][0], 100 * row["f1"][1]
                ours = f"{ours_r1:.1f} / {ours_r2:.1f}"
                difference = f"{ours_r1 - r1:+.1f} / {ours_r2 - r2:+.1f}"
            lines.append(f"| {name} | {system} | {r1:.1f} / {r2:.1f} | {ours} | {difference} |")
    return "\n".join(lines)


def hand_sections(path):
    """Everything from the hand-maintained marker on in the existing file, or the bare marker."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return HAND_MARKER + "\n"
    at = text.find(HAND_MARKER)
    return text[at:] if at >= 0 else HAND_MARKER + "\n"


def render(results, skipped, command, repeat, floor_kb, output, cv):
    """The whole docs/EVALUATION.md."""
    parts = [
        "# Evaluation",
        "",
        "<!-- Written by scripts/peers.py: everything above the hand-maintained marker is "
        "regenerated whole on each run. -->",
        "",
        f"Regenerate with `{command}` (from the repository root; it sets up `.venv-peers/` "
        "from `scripts/requirements-peers.txt`).",
        "",
        f"Measured {machine_line()}; Chorus from the working tree of {chorus_version()}. "
        "Other work may have been running on the machine, so the times are indicative; "
        "the ratios come from one run.",
        "",
        "## Protocol",
        "",
        "- Sets: the dev parts in `../shared/data/` that have reference summaries; budgets are "
        "the sets' mean reference lengths (neus 67 words, allsides_roundups 110 words).",
        "- Chorus: `chorus eval DATA --words N --method M --json` for every method "
        "`chorus eval --help` lists; ROUGE from Chorus's evaluator (identical to `rouge-score`, "
        "checked by the parity test). Two times per cluster: *from sentences* covers the "
        "summarize step alone, from the cleaned and split sentences to the chosen summary "
        "sentences (building the event's term vectors, features and the selection; no "
        "headline), which is what the peers are timed on; *from raw articles* adds clean, "
        "segment and dedup of the raw articles. Reading the file is excluded from both.",
        "- Peers: fed the sentences `chorus eval --dump-sentences` wrote (Chorus's cleaning and "
        f"sentence split), keeping those of {MIN_TOKENS} to {MAX_TOKENS} words. sumy 0.13.0 "
        "(English Snowball stemmer and stop words, NLTK Treebank word tokens on each sentence), "
        "summa 1.2.0 TextRank (its own filters and PageRank on the same sentences), `random` "
        "(seeded by cluster id) and `lead` (sentences in cluster order), each in a worker "
        "process with `PYTHONHASHSEED=0` (sumy LSA's choices follow set order, so they would "
        "change from run to run otherwise). Their milliseconds "
        "cover building the peer's document from the sentences (word tokens, stems) and "
        "ranking, from split sentences, like Chorus's *from sentences* time.",
        "- Every system ranks sentences its own way, takes them until the budget is reached "
        "(Chorus: without going over it), and the output is cut at the budget's word before "
        "scoring. ROUGE-1/2/L F1 x100, mean over a cluster's references, then over clusters; "
        "peers scored by `rouge-score` 0.1.2 with `use_stemmer=True`.",
        f"- Times: every system summarizes each cluster {repeat} times in a row and a cluster's "
        f"time is its fastest (a peer in one process; Chorus with `chorus eval --repeat {repeat}`, "
        f"in {repeat} processes, fastest of all {repeat * repeat}); the tables give the median "
        "and the mean over clusters. The speed ratio the issue asks for compares these. The "
        "*first call* column is each system's first summarization of each cluster (Chorus's in "
        "its first process), right after the last cluster's: `chorus eval` cleans and splits "
        "every cluster first, then summarizes them one after another, as a peer's worker runs, "
        "and scores them last. The first-call ratio compares those; it is the one a stream of "
        "new events meets, since a repeat on the same input finds the processor's caches and "
        "branch predictors trained on it, which helps Chorus's compiled loops (about half the "
        "time) far more than the peers' interpreted ones (a few per cent). A Chorus "
        "process pays its one-off set-up (compiling its regular "
        "expressions) on its first cluster, which shows in the mean, not in the median. Chorus "
        "memoizes word stems per thread for the whole process (news reuses a small vocabulary), "
        "so a cluster's words seen in earlier clusters of the run skip the stemmer, as in any "
        "long-running Chorus process; `--repeat` puts the memo back as it was before each "
        "repeat, so no repeat finds the cluster's own new words already stemmed by the one "
        "before.",
        "- Peak memory: the peak resident set of each process (`ru_maxrss` from `wait4`): a "
        "whole `chorus eval` run over the set, or a peer's worker process (Python, the peer's "
        "libraries and the set's sentences, scoring excluded). Linux starts a child's "
        "`ru_maxrss` at the peak of the process that spawned it, so each is spawned from a "
        "minimal Python launcher; no figure can be below that launcher's "
        f"{floor_kb / 1024:.0f} MiB, and one that close to it is an upper bound.",
        "",
    ]
    for name, result in results.items():
        rows = result["rows"]
        ratio = speed_ratio(rows)
        whole = speed_ratio(rows, "whole_median_ms")
        first = speed_ratio(rows, "first_median_ms", "first_median_ms")
        verdict = "meets" if ratio >= REQUIRED_SPEEDUP else "does NOT meet"
        parts += [
            f"## {name} (dev, {result['clusters']} clusters, {result['words']} words)",
            "",
            results_table(rows),
            "",
            f"Speed: median {SPEED_PEER} ms per cluster / median chorus {CHORUS_BEST} ms per "
            f"cluster, both from split sentences = **{ratio:.1f}x** ({verdict} the issue's "
            f"{REQUIRED_SPEEDUP}x). First calls on each cluster: **{first:.1f}x** ("
            f"{'meets' if first >= REQUIRED_SPEEDUP else 'does NOT meet'} {REQUIRED_SPEEDUP}x). "
            f"End to end (Chorus "
            f"from the raw articles, cleaning and splitting included; the peer still from split "
            f"sentences): {whole:.1f}x.",
            "",
        ]
        held_out = cross_validated_scores(cv, result["relative"])
        if held_out is not None:
            parts += [
                f"Paired bootstrap, {CHORUS_BEST} cross-validated against each system on the "
                f"same {result['clusters']} clusters ({BOOTSTRAP_RESAMPLES} resamples of the "
                "clusters, seed 0): the mean F1 difference x100 and its 95% interval. Each "
                f"cluster's `{CHORUS_BEST}` score is the mean of its held-out scores over the "
                f"{CV_REPEATS} repeats of the 10-fold cross-validation below (weights fit "
                "without it), not the shipped weights' score of the table above.",
                "",
                paired_table(rows, held_out, f"{CHORUS_BEST} (cross-validated)"),
                "",
            ]
        else:
            parts += [
                f"Paired bootstrap, chorus {CHORUS_BEST} (the shipped weights, fit on these "
                f"clusters) against each system on the same {result['clusters']} clusters "
                f"({BOOTSTRAP_RESAMPLES} resamples, seed 0): the mean F1 difference x100 and its "
                "95% interval.",
                "",
                paired_table(rows, {row["system"]: row for row in rows}
                             [f"chorus {CHORUS_BEST}"]["per_cluster_f1"],
                             f"chorus {CHORUS_BEST}"),
                "",
            ]
    for name, reason in skipped:
        parts += [f"## {name}", "", f"Skipped: {reason}.", ""]
    parts += [
        "## Speed and memory in short",
        "",
        "| set | speed ratio from sentences (sumy LexRank / chorus best, medians; the issue's) "
        "| speed ratio of first calls on each cluster | speed ratio end to end (chorus from raw articles) "
        "| chorus best peak MiB | sumy LexRank peak MiB |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, result in results.items():
        by_system = {row["system"]: row for row in result["rows"]}
        parts.append(
            f"| {name} | {speed_ratio(result['rows']):.1f}x | "
            f"{speed_ratio(result['rows'], 'first_median_ms', 'first_median_ms'):.1f}x | "
            f"{speed_ratio(result['rows'], 'whole_median_ms'):.1f}x | "
            f"{by_system[f'chorus {CHORUS_BEST}']['peak_kb'] / 1024:.0f} | "
            f"{by_system[SPEED_PEER]['peak_kb'] / 1024:.0f} |")
    if cv is not None:
        trained_by, runs, _ = cv
        command = trained_by.split(' --out')[0]
        parts += [
            "",
            "## `best` cross-validated",
            "",
            "The `chorus best` rows above use the shipped weights, fit on these same dev clusters. "
            "Its cross-validated figures (each cluster scored by weights fit without it, folds "
            f"by cluster), from `{command}` (the command recorded in "
            "`crates/summarize/weights/best.json`), first on its own split (clusters dealt to "
            f"folds in input order), then as the mean of {CV_REPEATS} splits (`--repeats`, the "
            "lowest and highest in brackets) at 5 and at 10 folds, the figures to trust:",
        ]
        for extra, title, lines in runs:
            shown = command.split()
            # The run's own --folds replaces the recorded one, as `cross_validated` ran it.
            if extra and "--folds" in shown:
                k = shown.index("--folds")
                del shown[k:k + 2]
            shown = " ".join(shown + ([extra] if extra else []))
            parts += ["", "```", f"$ {shown}", title, *lines, "```"]
    parts += [
        "",
        "## The issue's reference figures",
        "",
        "ROUGE-1 / ROUGE-2 F1 x100 that the issue quotes, beside this run's, so that differences "
        "in how our peer runs are set up show. `centroid` is Chorus's centroid method.",
        "",
        issue_table(results),
        "",
    ]
    return "\n".join(parts) + "\n" + hand_sections(output)


# --- entry point ------------------------------------------------------------------------------


def default_chorus():
    """Where `cargo build --release -p chorus` puts the binary."""
    target = os.environ.get("CARGO_TARGET_DIR")
    return Path(target) / "release" / "chorus" if target else ROOT / "target" / "release" / "chorus"


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Benchmark Chorus against peer summarizers; writes docs/EVALUATION.md.")
    parser.add_argument("--chorus", type=Path, default=default_chorus(),
                        help="the chorus binary (default: %(default)s)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                        help="the shared folder holding data/ (default: %(default)s)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help="the Markdown file to write (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the random baseline")
    parser.add_argument("--repeat", type=int, default=5,
                        help="runs of each system; a cluster's time is its fastest "
                             "(default: %(default)s)")
    # Internal: run one peer over a sentence dump and print its output as JSON.
    parser.add_argument("--worker", nargs=2, metavar=("PEER", "DUMP"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    if args.worker:
        run_worker(args.worker[0], args.worker[1], args.seed, args.repeat)
        return
    chorus = args.chorus.resolve()
    if not (chorus.is_file() and os.access(chorus, os.X_OK)):
        sys.exit(f"peers: no chorus binary at {chorus}: build it with "
                 "`cargo build --release -p chorus` or pass --chorus PATH")
    venvs.enter(VENV, REQUIREMENTS, INSTALLED, "peers", __file__, argv)

    methods = chorus_methods(str(chorus))
    measured, skipped = {}, []
    relatives = {name: relative for name, relative, _ in SETS}
    with tempfile.TemporaryDirectory(prefix="chorus-peers-") as workdir:
        for name, relative, words in SETS:
            data = args.shared / relative
            if not data.is_file():
                print(f"peers: skipping {name}: {data} not found", file=sys.stderr)
                skipped.append((name, f"`{data}` not found"))
                continue
            measured[name] = (words, *measure_set(name, data, words, str(chorus), methods,
                                                  args.seed, args.repeat, Path(workdir)))
    if not measured:
        sys.exit("peers: no set found, so the report is left as it was")

    scorer = make_scorer()
    results = {}
    for name, (words, clusters, rows) in measured.items():
        score_peers(scorer, clusters, rows, words)
        results[name] = {"rows": rows, "clusters": len(clusters), "words": words,
                          "relative": relatives[name]}
        print(f"\n{name} ({len(clusters)} clusters, {words} words)\n{results_table(rows)}\n"
              f"speed ratio from sentences {speed_ratio(rows):.1f}x, "
              f"first calls {speed_ratio(rows, 'first_median_ms', 'first_median_ms'):.1f}x, "
              f"end to end {speed_ratio(rows, 'whole_median_ms'):.1f}x")

    command = "python3 scripts/peers.py"
    if args.chorus != default_chorus():
        command += f" --chorus {args.chorus}"
    if args.repeat != 5:
        command += f" --repeat {args.repeat}"
    cv = cross_validated(str(chorus))
    report = render(results, skipped, command, args.repeat, launcher_floor_kb(), args.output, cv)
    args.output.write_text(report, encoding="utf-8")
    print(f"peers: wrote {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
