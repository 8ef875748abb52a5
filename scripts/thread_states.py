#!/usr/bin/env python3
"""Samples how many threads of a running process are runnable, to find where cores sit idle.

    python3 scripts/thread_states.py [--interval SECONDS] [--min-threads N] -- COMMAND [ARGS...]
    python3 scripts/thread_states.py --pid PID

Starts COMMAND (or watches PID) and reads the state of each of its threads from
/proc/PID/task/*/stat every INTERVAL seconds (default 0.005) until it exits, counting only the
moments when it has at least N threads (default 3: `chorus ingest` and `chorus bench-ingest`
while they stream, worker, clusterer and writer). It prints how often 0, 1, 2, ... threads
were runnable (state R), and, for the moments with fewer runnable threads than the machine has
cores, the state of each thread: R running or waiting for a core, S sleeping (waiting on a
channel, a lock or a read), D uninterruptible (usually disk I/O, such as an fsync). Threads are
named by their order of creation (thread 0 is the main thread). Linux only.

Example (the idle-time analysis of docs/EVALUATION.md, seventeenth pass):

    python3 scripts/thread_states.py -- target/release/chorus bench-ingest --articles 200000 --no-reports
"""

import argparse
import collections
import os
import subprocess
import sys
import time


def thread_states(pid):
    """{tid: state} of the process's threads, or None once it has exited."""
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return None
    states = {}
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as stat:
                text = stat.read()
        except (FileNotFoundError, ProcessLookupError):
            continue
        # The command name is in parentheses and may itself hold spaces or parentheses.
        states[int(tid)] = text[text.rindex(")") + 2]
    return states


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pid", type=int, help="watch this process instead of starting one")
    parser.add_argument("--interval", type=float, default=0.005)
    parser.add_argument("--min-threads", type=int, default=3)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = [c for c in args.command if c != "--"] if args.command else []
    if (args.pid is None) == (not command):
        parser.error("give either --pid PID or a command after --")
    child = None
    if command:
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        pid = child.pid
    else:
        pid = args.pid
    cores = os.cpu_count() or 1
    runnable = collections.Counter()
    idle_states = collections.Counter()
    order = {}
    samples = 0
    while True:
        states = thread_states(pid)
        if states is None or (child is not None and child.poll() is not None):
            break
        if len(states) >= args.min_threads:
            for tid in sorted(states):
                order.setdefault(tid, len(order))
            running = sum(1 for s in states.values() if s == "R")
            runnable[running] += 1
            if running < cores:
                for tid, state in states.items():
                    idle_states[(order[tid], state)] += 1
            samples += 1
        time.sleep(args.interval)
    if child is not None:
        child.wait()
    if samples == 0:
        sys.exit(f"no moment with at least {args.min_threads} threads was seen")
    idle = sum(v for k, v in runnable.items() if k < cores)
    print(f"samples {samples} (every {args.interval} s or so), cores {cores}")
    for count in sorted(runnable):
        share = 100 * runnable[count] / samples
        print(f"  {count} runnable: {runnable[count]} ({share:.1f}%)")
    if idle:
        print(f"in the {idle} samples with fewer than {cores} runnable:")
        for (thread, state), n in sorted(idle_states.items()):
            print(f"  thread {thread} {state}: {n} ({100 * n / idle:.0f}%)")


if __name__ == "__main__":
    main()
