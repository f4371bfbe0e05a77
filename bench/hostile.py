"""Time the hostile-input cases of issue 13 through the real command line.

Writes the bad-input corpus of ``tests/hostile/hostile_corpus.py`` to a temporary folder
and runs ``rashomon analyze INPUT`` (and ``ingest`` where asked) on each case alone, with a
wall-clock limit, printing exit code, error code, seconds and peak memory (the child's
maximum resident set size)::

    .venv/bin/python bench/hostile.py [--rashomon .venv/bin/rashomon] [--limit 120] [--ingest]
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "hostile"))

from hostile_corpus import write_corpus  # noqa: E402 - path set just above

_CODE = re.compile(r"\[(R\d{3})\]")


def run(command: list[str], limit: float) -> tuple[str, str, float, float]:
    """(exit code or "timeout", error codes on stderr, seconds, peak MB) of one command.

    The peak is the child's own maximum resident set size (``os.wait4``)."""
    start = time.monotonic()
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        status = "timeout"
        while True:
            pid, code, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                status = str(os.waitstatus_to_exitcode(code))
                break
            if time.monotonic() - start > limit:
                child.kill()
                _, _, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.05)
        child.returncode = 0  # reaped above
        seconds = time.monotonic() - start
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    codes = ",".join(sorted(set(_CODE.findall(stderr))))
    if "Traceback" in stderr:
        codes += " TRACEBACK:" + stderr.strip().splitlines()[-1][:40]
    return status, codes or "-", seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rashomon",
        default=str(REPO / ".venv" / "bin" / "rashomon"),
        help="the command to run, split like a shell line (e.g. 'python -m rashomon')",
    )
    parser.add_argument("--limit", type=float, default=120.0, help="seconds per command")
    parser.add_argument("--ingest", action="store_true", help="also run ingest per case")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        cases = write_corpus(Path(folder) / "corpus")
        commands = ["analyze", "ingest"] if args.ingest else ["analyze"]
        print(f"{'case':22} {'command':8} {'exit':>7} {'codes':14} {'seconds':>8} {'peak MB':>8}")
        for case in cases:
            for name in commands:
                command = [*shlex.split(args.rashomon), name, case.argument]
                if name == "ingest":
                    database = case.name.strip("/").replace("/", "-")
                    command += ["--db", f"sqlite:///{folder}/{database}.db"]
                status, codes, seconds, peak = run(command, args.limit)
                print(f"{case.name:22} {name:8} {status:>7} {codes:14} {seconds:8.1f} {peak:8.0f}")


if __name__ == "__main__":
    main()
