#!/usr/bin/env python3
"""Nested cross-validation of a choice made by cross-validation, for `best` (issue 4).

    python3 scripts/nested_cv.py --chorus target/release/chorus --procedure knobs [--seeds 7 11]
    python3 scripts/nested_cv.py --chorus target/release/chorus --procedure features [--seeds 7]

A setting picked because it scores best under `chorus train`'s cross-validation is scored too
well by that same cross-validation: among many settings, one is lucky on these clusters. This
script asks whether the *way of choosing* holds up on clusters that took no part in the choice.
For each seed it deals the clusters of every set to `--outer` folds (`chorus train --hold-out
K/N --hold-out-seed SEED`); for each outer fold it makes the choice with the cross-validation on
the other clusters only (10 folds x `--repeats` repeats, as the shipped figures are made), then
scores the held-out clusters twice, with the shipped setting and with the chosen one, both fit
on all the other clusters. The held-out figures, weighted by clusters, are printed for both.

Procedures (the choice rule in both: the highest allsides R1 + R2, among the settings that
keep neus R1 + R2 within --neus-slack of the shipped setting on the same clusters):

- `knobs`: a grid of ridge penalty x fewest words (`--ridge` 30, 60, 100, 150; `--min-words`
  12, 13), the shipped setting first.
- `features`: backward elimination. Drop (`--drop-feature`) the one feature whose removal
  raises the rule's figure most, while that rise exceeds 0.03, and repeat.

The shipped command is read from `trained_by` in crates/summarize/weights/best.json, with its
`--folds` replaced by `--folds 10 --repeats R`. Needs ../shared/data (or --shared).
"""

import argparse
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CV_LINE = re.compile(r"^(\S+): \d+ clusters\s+R1 ([\d.]+).*?R2 ([\d.]+)", re.M)
HELD_LINE = re.compile(r"^(\S+): (\d+) held-out clusters\s+R1 ([\d.]+)\s+R2 ([\d.]+)", re.M)


def shipped_command(chorus, shared, repeats):
    weights = json.loads((REPO / "crates/summarize/weights/best.json").read_text())
    words = shlex.split(weights["trained_by"])[2:]  # after "chorus train"
    args, i = [], 0
    while i < len(words):
        flag = words[i]
        if flag == "--folds":
            i += 2
            continue
        if flag == "--data":
            path, budget = words[i + 1].rsplit(":", 1)
            path = str(Path(shared) / Path(path).relative_to("../shared"))
            args += [flag, f"{path}:{budget}"]
            i += 2
            continue
        takes_value = i + 1 < len(words) and not words[i + 1].startswith("--")
        args += words[i : i + 2] if takes_value else [flag]
        i += 2 if takes_value else 1
    return [chorus, "train", *args, "--folds", "10", "--repeats", str(repeats)]


def with_options(command, options):
    """The command with each (flag, value) of `options` set, replacing the flag's value."""
    command = list(command)
    for flag, value in options:
        if flag in command and flag != "--drop-feature":
            command[command.index(flag) + 1] = str(value)
        else:
            command += [flag, str(value)]
    return command


def run(command):
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    inner = {Path(m[0]).parent.name: (float(m[1]), float(m[2])) for m in CV_LINE.findall(out)}
    held = {
        Path(m[0]).parent.name: (int(m[1]), float(m[2]), float(m[3]))
        for m in HELD_LINE.findall(out)
    }
    return inner, held


def rule(inner, base, slack):
    neus, alls = inner["neus"], inner["allsides_roundups"]
    if sum(neus) < sum(base["neus"]) - slack:
        return float("-inf")
    return sum(alls)


def choose_knobs(command, slack):
    grid = [[("--ridge", r), ("--min-words", m)] for r in (30, 60, 100, 150) for m in (12, 13)]
    shipped = [
        ("--ridge", command[command.index("--ridge") + 1]),
        ("--min-words", command[command.index("--min-words") + 1]),
    ]
    grid = [shipped] + [g for g in grid if [(f, str(v)) for f, v in g] != shipped]
    results = [(options, run(with_options(command, options))[0]) for options in grid]
    base = results[0][1]
    return max(results, key=lambda r: rule(r[1], base, slack))[0]


def choose_features(command, slack, names):
    dropped = []
    base = run(command)[0]
    current = rule(base, base, slack)
    while True:
        trials = []
        for name in names:
            if name in dropped:
                continue
            options = [("--drop-feature", d) for d in dropped + [name]]
            trials.append((name, rule(run(with_options(command, options))[0], base, slack)))
        name, value = max(trials, key=lambda t: t[1])
        if value <= current + 0.03:
            return [("--drop-feature", d) for d in dropped]
        dropped.append(name)
        current = value


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chorus", required=True)
    parser.add_argument("--shared", default=str(REPO.parent / "shared"))
    parser.add_argument("--procedure", choices=["knobs", "features"], required=True)
    parser.add_argument("--seeds", type=int, nargs="+", default=[7, 11])
    parser.add_argument("--outer", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--neus-slack", type=float, default=0.3)
    args = parser.parse_args()
    if not (Path(args.shared) / "data").is_dir():
        sys.exit(f"nested_cv: {args.shared}/data is missing; pass --shared DIR")
    command = shipped_command(args.chorus, args.shared, args.repeats)
    names = json.loads((REPO / "crates/summarize/weights/best.json").read_text())["features"]
    print("shipped:", shlex.join(command))
    for seed in args.seeds:
        totals = {"shipped": {}, "chosen": {}}
        for fold in range(args.outer):
            outer = with_options(
                command, [("--hold-out", f"{fold}/{args.outer}"), ("--hold-out-seed", seed)]
            )
            if args.procedure == "knobs":
                chosen = choose_knobs(outer, args.neus_slack)
            else:
                chosen = choose_features(outer, args.neus_slack, names)
            for label, options in (("shipped", []), ("chosen", chosen)):
                _, held = run(with_options(outer, options))
                for name, (n, r1, r2) in held.items():
                    t = totals[label].setdefault(name, [0, 0.0, 0.0])
                    t[0] += n
                    t[1] += r1 * n
                    t[2] += r2 * n
            print(f"seed {seed} fold {fold}: chose {chosen or 'the shipped setting'}", flush=True)
        for label, sets in totals.items():
            figures = "  ".join(
                f"{name} R1 {t[1] / t[0]:.2f} R2 {t[2] / t[0]:.2f}" for name, t in sets.items()
            )
            print(f"seed {seed}, held-out clusters, {label} setting: {figures}", flush=True)


if __name__ == "__main__":
    main()
