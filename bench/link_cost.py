"""The processor instructions of linking 100 new articles into a built store, counted by
Valgrind's callgrind: a figure that does not wander with the machine's speed, for comparing
two versions of the linking code on a shared machine whose timings vary by a fifth or more
between identical runs.

    python bench/link_cost.py [--size 100000] [--new 100] [--seed 7] [--cache DIR]
                              [--src DIR] [--wall R]

It needs ``valgrind`` (``apt-get install valgrind``) and a store that
``bench/corpus_scale.py --sizes N`` built (kept in ``--cache``, default ``out/bench``). A
child process copies the store, saves the new analyses and links them (``link_new``) under
callgrind, whose counting is switched on (``callgrind_control -i on``) only around
``link_new``: the copy, the imports and the saving are not counted. Prints the
instructions, the articles linked again and a digest of the incidents (the same digest:
the same incidents). ``--src DIR`` runs another checkout's ``src`` (a ``git worktree`` of
an older commit), to compare two versions on the same store: the one built at that
checkout's schema head (``scale-N-...-HEAD.db``, an older file kept, or a copy of the
newer one's source; a newer checkout migrates an older store as it opens it, before
anything is counted). Hash seeds are fixed
(``PYTHONHASHSEED=0``), so a rerun of the same code counts the same within a few
thousandths. Run by hand; it takes about two minutes at 100,000 articles.

``--wall R`` times ``link_new`` instead (wall and processor seconds, no Valgrind): R runs
of this checkout, or with ``--src`` R rounds of the two versions in ABBA order (the other
first, then this one; then this one first), each on a fresh copy of the store, and prints
every run and each version's median: on a machine whose speed wanders, a comparison of
wall times means something only when the two versions alternate in the same minutes.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# the child: copy the store, save the new analyses, then wait for the parent to switch
# counting on around link_new (files in the work directory say where it stands)
_CHILD = """
import hashlib, json, os, pickle, shutil, sys, time
from pathlib import Path
built, work = Path(sys.argv[1]), Path(sys.argv[2])
arriving = pickle.loads(built.with_suffix(".new.pkl").read_bytes())
db = work / "store.db"
shutil.copyfile(built, db)
from rashomon import app
from rashomon.link import LinkParams
from rashomon.store import open_store

def wait(name):
    while not (work / name).exists():
        time.sleep(0.05)

with open_store(f"sqlite:///{db}") as store:
    store.save_analyses(arriving)
    (work / "ready").touch()
    wait("go")
    wall, cpu = time.perf_counter(), time.process_time()
    report = app.link_new(store, LinkParams())
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    (work / "done").touch()
    wait("end")
    found = sorted([i.id, list(i.article_ids)] for i in app.incidents(store).incidents)
digest = hashlib.sha256(json.dumps(found).encode()).hexdigest()[:12]
print(f"relinked {report.relinked} incidents {len(found)} digest {digest}")
print(f"seconds {wall:.3f} cpu {cpu:.3f}")
"""


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="articles in the store")
    parser.add_argument("--new", type=int, default=100, help="new articles linked")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cache", type=Path, default=REPO / "out" / "bench")
    parser.add_argument("--src", type=Path, default=None, help="another checkout's src/")
    parser.add_argument(
        "--wall",
        type=int,
        default=0,
        metavar="R",
        help="time R runs (R ABBA rounds with --src) instead of counting instructions",
    )
    args = parser.parse_args(argv)
    if args.wall < 0:
        parser.error("--wall must be 0 or more")
    return args


def _store(cache: Path, size: int, new: int, seed: int, src: Path | None = None) -> Path:
    """The store built for this checkout's schema head, or with ``src`` for that checkout's
    (an older checkout cannot open a store of a newer schema; the newer code migrates an
    older store when it opens it, before anything is counted or timed)."""
    if src is None:
        from alembic.script import ScriptDirectory

        from rashomon.store.repository import alembic_config

        head = str(ScriptDirectory.from_config(alembic_config()).get_current_head())
    else:
        versions = src / "rashomon" / "store" / "migrations" / "versions"
        head = max(p.name for p in versions.glob("[0-9][0-9][0-9][0-9]_*.py"))
    db = cache / f"scale-{size}-new{new}-seed{seed}-{head.split('_', 1)[0]}.db"
    if not db.exists() or not db.with_suffix(".new.pkl").exists():
        raise SystemExit(
            f"error: no built store {db}; run python bench/corpus_scale.py --sizes {size} first"
        )
    return db


def _wait(path: Path, child: subprocess.Popen[str]) -> None:
    while not path.exists():
        if child.poll() is not None:
            _, errors = child.communicate()
            raise SystemExit(f"error: the linking process ended early:\n{errors[-3000:]}")
        time.sleep(0.1)


def _control(switch: str, pid: int) -> None:
    subprocess.run(["callgrind_control", "-i", switch, str(pid)], check=True, capture_output=True)


def _timed(built: Path, src: Path | None) -> tuple[float, float, str]:
    """One run of the child without Valgrind: ``link_new``'s wall and processor seconds,
    and its summary line."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "OPENBLAS_NUM_THREADS": "1"}
    if src is not None:
        env["PYTHONPATH"] = str(src.resolve())
    with tempfile.TemporaryDirectory(prefix="rashomon-link-wall-") as tmp:
        work = Path(tmp)
        command = [sys.executable, "-c", _CHILD, str(built), str(work)]
        child = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        _wait(work / "ready", child)
        (work / "go").touch()
        _wait(work / "done", child)
        (work / "end").touch()
        output, errors = child.communicate()
    if child.returncode != 0:
        raise SystemExit(f"error: the linking process failed:\n{errors[-3000:]}")
    summary, timing = output.strip().splitlines()[-2:]
    _, wall, _, cpu = timing.split()
    return float(wall), float(cpu), summary


def _wall(args: argparse.Namespace, built: Path) -> int:
    """``--wall``: the runs (ABBA rounds with ``--src``), each printed, then the medians;
    each version links into the store built at its own schema head."""
    here = REPO / "src"
    versions: list[Path] = [here] if args.src is None else [args.src, here]
    stores = {here: built}
    if args.src is not None:
        stores[args.src] = _store(args.cache, args.size, args.new, args.seed, args.src)
    times: dict[Path, list[float]] = {version: [] for version in versions}
    for round_number in range(args.wall):
        order = versions if round_number % 2 == 0 else versions[::-1]
        for version in order:
            wall, cpu, summary = _timed(stores[version], None if version == here else version)
            times[version].append(wall)
            print(
                f"round {round_number + 1} {version}: link_new {wall:.3f} s "
                f"(processor {cpu:.3f} s); {summary}",
                flush=True,
            )
    for version, found in times.items():
        print(
            f"{version}: median {statistics.median(found):.3f} s of {len(found)} "
            f"({min(found):.3f}-{max(found):.3f})"
        )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    built = _store(args.cache, args.size, args.new, args.seed)
    if args.wall:
        return _wall(args, built)
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        print("error: valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    env = {**os.environ, "PYTHONHASHSEED": "0", "OPENBLAS_NUM_THREADS": "1"}
    if args.src is not None:
        env["PYTHONPATH"] = str(args.src.resolve())
        built = _store(args.cache, args.size, args.new, args.seed, args.src)
    with tempfile.TemporaryDirectory(prefix="rashomon-link-cost-") as tmp:
        work = Path(tmp)
        log = work / "callgrind.log"
        command = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={work / 'callgrind.out'}",
            f"--log-file={log}",
            sys.executable,
            "-c",
            _CHILD,
            str(built),
            str(work),
        ]
        started = time.perf_counter()
        child = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        _wait(work / "ready", child)
        _control("on", child.pid)
        (work / "go").touch()
        _wait(work / "done", child)
        _control("off", child.pid)
        (work / "end").touch()
        output, errors = child.communicate()
        if child.returncode != 0:
            raise SystemExit(f"error: the linking process failed:\n{errors[-3000:]}")
        found = re.search(r"Collected : (\d+)", log.read_text(encoding="utf-8"))
        if found is None:
            raise SystemExit(f"error: callgrind counted nothing; see its log:\n{log.read_text()}")
    source = args.src or REPO / "src"
    print(
        f"link_new of {args.new} new into {args.size:,}: {int(found.group(1)):,} instructions; "
        f"{output.strip().splitlines()[-2]} (code: {source}; "
        f"{time.perf_counter() - started:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
