"""The virtual environments of the scripts in this folder: each script pins its Python peers in a
requirements file and runs itself again inside a virtualenv filled from it."""

import os
import subprocess
import sys


def inside(venv):
    """Whether this interpreter is the one of `venv`."""
    return os.path.realpath(sys.prefix) == os.path.realpath(venv)


def ensure(venv, requirements, installed, who, failed_status=1):
    """Creates and fills `venv` from `requirements` unless `installed` (a copy of the requirements
    it was last filled from) shows it already holds them. pip talks on stderr so that stdout
    stays the script's own. On failure: a message naming the step, and exit `failed_status`."""
    wanted = requirements.read_text()
    if installed.exists() and installed.read_text() == wanted:
        return
    python = venv / "bin" / "python"
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [str(python), "-m", "pip", "install", "--quiet", "--timeout", "30", "--retries", "1",
         "-r", str(requirements)],
    ]
    for step in steps:
        print(f"{who}: {' '.join(step)}", file=sys.stderr)
        if subprocess.run(step, stdout=sys.stderr).returncode != 0:
            print(f"{who}: setup failed: {' '.join(step)} (is the package index reachable?)",
                  file=sys.stderr)
            sys.exit(failed_status)
    installed.write_text(wanted)


def enter(venv, requirements, installed, who, script, argv, failed_status=1):
    """Runs `script` with `argv` again inside `venv` (created and filled first when needed),
    unless this interpreter is already the venv's; returns only inside it."""
    if inside(venv):
        return
    ensure(venv, requirements, installed, who, failed_status)
    python = str(venv / "bin" / "python")
    os.execv(python, [python, str(script), *argv])
