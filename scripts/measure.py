"""Running a command and measuring its own peak memory, and naming the machine measured on, for
the scripts in this folder that time Chorus against peer tools."""

import datetime
import os
import platform
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

# Runs argv[1:] and, after its output, prints its peak resident memory on stderr. Linux starts a
# child's ru_maxrss at the peak of the process that spawned it, so the children are spawned from
# this minimal interpreter (`python -S`, about 8 MiB) rather than from the calling script, whose
# own peak grows with the outputs it reads.
LAUNCHER = """
import os, sys
pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ)
_, status, usage = os.wait4(pid, 0)
sys.stderr.write(f"\\npeak_kb {usage.ru_maxrss}\\n")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_measured(command, what, env=None):
    """Runs `command` (in `env`, by default this one); returns its stdout and its peak resident
    memory in KiB. On failure: exits naming the calling script, `what` failed and its stderr.

    The peak is the child's own ru_maxrss as os.wait4 reports it (that one child's
    RUSAGE_CHILDREN figure; for a peer worker, its RUSAGE_SELF), taken by LAUNCHER.
    """
    launched = [sys.executable, "-S", "-c", LAUNCHER, *command]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        returncode = subprocess.run(launched, stdout=out, stderr=err, env=env).returncode
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    stderr, _, peak = stderr.rstrip().rpartition("\n")
    if returncode != 0 or not peak.startswith("peak_kb "):
        script = Path(sys.argv[0]).stem
        sys.exit(f"{script}: {what} failed (exit {returncode}):\n{stderr}{peak}")
    return stdout, int(peak.split()[1])


def machine_line():
    """Date, host, cores, memory, CPU and Python: where and when the figures were measured."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        total_kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {total_kb / 1024 / 1024:.0f} GiB memory"
    except (OSError, ValueError, IndexError):
        pass
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (f"{now} on {socket.gethostname()}: {os.cpu_count()} cores ({cpu}){memory}, "
            f"Python {platform.python_version()}")
