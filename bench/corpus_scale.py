"""Time the stored link results on a large store: relink, linking 100 new articles at
ingest, ``incidents`` and ``compare`` of the largest incident; peak memory; incident ids
before and after the new articles.

    python bench/corpus_scale.py [--sizes 10000 100000] [--new 100] [--base-db URL]
                                 [--cache DIR] [--seed 7] [--relink] [--profile FILE]
                                 [--repeat R] [--postgres auto|URL]

The store is made honestly: N synthetic analyses from real ones, perturbed as
``bench/linking.py`` does (dates shifted, places moved, people and names renamed, 30% of the
words swapped, 15% near-verbatim copies), saved with ``Store.save_analyses`` (bulk inserts)
and linked with ``rashomon relink``'s function. The real analyses come from a store that
``../shared/eval/stories.sh`` made (``--base-db``, default ``out/l11/stories.db``; the group
of an analysis is its corpus file), else the bundled examples and the dev corpora are
analysed first. The built store and the new analyses are kept in ``--cache`` (default
``out/bench``; ``scale-N-new100-seed7.*``) and reused by later runs, which time a copy of it
(``relink`` is then the build's figure, or timed again with ``--relink``). The new articles
are saved, then linked (``link_new``, profiled into ``--profile``); ``incidents`` and
``compare`` are timed twice: as functions of ``rashomon.app`` and as the ``rashomon`` command
(a fresh process: imports included). ``--repeat R`` times each size R times, each on a
fresh copy, and prints each figure's lowest, median and highest (a shared virtual machine's
speed wanders by a fifth between identical runs).

``--postgres`` times the same steps in PostgreSQL: the built store is copied into a new
database on a throwaway loopback server (``auto``; PostgreSQL's default, durable settings)
or into the empty database named, and linked, listed and compared there (``copy_s``: the
copy's time; ``relink_s`` stays the SQLite build's unless ``--relink``). See
``bench/pg_store.py``.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from linking import (
    _WORDS,
    REPO,
    Synthesiser,
    _Base,
    _peak_mb,
    _swappable,
    analyse_base,
)
from pg_store import copy_store, postgres_database
from rashomon import app
from rashomon.link import LinkParams
from rashomon.model import Analysis
from rashomon.store import open_store
from rashomon.store.repository import alembic_config

RASHOMON = REPO / ".venv" / "bin" / "rashomon"
SAVE_BATCH = 2_000  # analyses per Store.save_analyses call while building
FIGURES = (
    "save_s",
    "relink_s",
    "relink_peak_mb",
    "save_new_s",
    "link_new_s",
    "link_new_cpu_s",
    "link_new_relinked",
    "incidents_fn_s",
    "incidents_page_fn_s",
    "incidents_cli_s",
    "incidents_page_cli_s",
    "compare_fn_s",
    "compare_cli_s",
    "largest",
    "incidents_cli_peak_mb",
    "compare_cli_peak_mb",
    "peak_mb",
    "copy_s",
)


def base_from_store(url: str) -> dict[str, list[_Base]]:
    """The analyses of a store, grouped by corpus file (what ``load_base`` reads)."""
    groups: dict[str, list[_Base]] = {}
    with open_store(url) as store:
        for analysis in store.analyses():
            group = Path(analysis.article.origin.split(":", 1)[0]).stem or "store"
            pieces = tuple(_WORDS.split(analysis.article.text))
            words = tuple(range(1, len(pieces), 2))
            plain = tuple(i for i in words if _swappable(pieces[i]))
            groups.setdefault(group, []).append(_Base(analysis, pieces, words, plain))
    return groups


# Runs one command and prints its wall seconds and its own peak memory. A small fresh
# process: a child forked from this bench would carry the bench's peak in its ru_maxrss
# (kept across fork and exec), a child of this wrapper only its own.
_MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "subprocess.run(sys.argv[1:], check=True, capture_output=True)\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
    "print(time.perf_counter() - t, peak)\n"
)


def _timed(command: Sequence[str]) -> tuple[float, float]:
    """Wall seconds of a command, and its own peak resident memory (MB)."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command], check=True, capture_output=True, text=True
    )
    seconds, peak = done.stdout.split()
    return float(seconds), float(peak)


def build(
    groups: dict[str, list[_Base]], n: int, new: int, seed: int, cache: Path
) -> tuple[Path, list[Analysis], dict[str, Any]]:
    """The store of ``n`` synthetic analyses, linked, and the ``new`` ones that arrive after
    them: made once and kept in ``cache`` (a rerun with the same size and seed reuses it)."""
    stem = cache / f"scale-{n}-new{new}-seed{seed}-{_schema()}"
    db, arriving_file, info_file = (stem.with_suffix(s) for s in (".db", ".new.pkl", ".json"))
    info: dict[str, Any] = (
        json.loads(info_file.read_text(encoding="utf-8")) if info_file.exists() else {}
    )
    if db.exists() and arriving_file.exists() and "relink_s" in info:
        print(f"reusing {db}", file=sys.stderr)
        with arriving_file.open("rb") as handle:
            arriving: list[Analysis] = pickle.load(handle)
        return db, arriving, {**info, "reused": True}
    if not (db.exists() and arriving_file.exists() and "save_s" in info):  # else: relink it
        db.unlink(missing_ok=True)
        started = time.perf_counter()
        analyses = Synthesiser(groups, seed).make(n + new).analyses
        info = {"synthesise_s": time.perf_counter() - started}
        with arriving_file.open("wb") as handle:
            pickle.dump(analyses[n:], handle)
        with open_store(f"sqlite:///{db}") as store:
            started = time.perf_counter()
            saved = 0
            for start in range(0, n, SAVE_BATCH):
                saved += sum(store.save_analyses(analyses[start : min(start + SAVE_BATCH, n)]))
                print(f"  saved {saved:,} of {n:,}", file=sys.stderr)
            info["save_s"] = time.perf_counter() - started
            info["stored"] = saved
            info["build_peak_mb"] = _peak_mb()
        del analyses  # relink reads the store (its peak memory is timed by --relink runs)
        info_file.write_text(json.dumps(info), encoding="utf-8")
    with open_store(f"sqlite:///{db}") as store:
        info["relink_s"] = app.relink(store, LinkParams()).seconds
    info["relink_peak_mb"] = _peak_mb()  # the build's own peak is build_peak_mb (lower)
    info_file.write_text(json.dumps(info), encoding="utf-8")
    with arriving_file.open("rb") as handle:
        arriving = pickle.load(handle)
    return db, arriving, {**info, "reused": False}


def _schema() -> str:
    """The newest schema revision (a built store is rebuilt when it changes)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    return str(head).split("_", 1)[0]


def run_size(
    groups: dict[str, list[_Base]],
    n: int,
    new: int,
    cache: Path,
    seed: int,
    *,
    relink_again: bool = False,
    profile: Path | None = None,
    postgres: str | None = None,
) -> dict[str, Any]:
    built, arriving, info = build(groups, n, new, seed, cache)
    result: dict[str, Any] = {"n": n, "new": new, **info}
    with ExitStack() as stack:
        if postgres is None:
            work = cache / f"scale-{n}.work.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{work}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(built, work)
            # the copy written out first: else the first fsyncs of the timed steps waited
            # for gigabytes of it (at 100,000, storing the 100 new took 1.1-1.7 s, not 0.2-0.3)
            os.sync()
            url = f"sqlite:///{work}"
        else:
            url = stack.enter_context(postgres_database(postgres))
            started = time.perf_counter()
            copy_store(f"sqlite:///{built}", url, say=lambda line: print(line, file=sys.stderr))
            os.sync()
            result["backend"] = "postgresql"
            result["copy_s"] = time.perf_counter() - started
        result.update(_time_store(url, arriving, relink_again=relink_again, profile=profile))
    return result


def _time_store(
    url: str, arriving: list[Analysis], *, relink_again: bool, profile: Path | None
) -> dict[str, Any]:
    """Time linking the ``arriving`` analyses into the store at ``url`` and the reads."""
    result: dict[str, Any] = {}
    params = LinkParams()
    with open_store(url) as store:
        before = {i.id: set(i.article_ids) for i in app.incidents(store).incidents}
        result["incidents"] = len(before)
        started = time.perf_counter()
        store.save_analyses(arriving)
        result["save_new_s"] = time.perf_counter() - started
        profiler = cProfile.Profile() if profile is not None else None
        if profiler is not None:
            profiler.enable()
        cpu = time.process_time()
        linked = app.link_new(store, params)
        result["link_new_cpu_s"] = time.process_time() - cpu
        if profiler is not None and profile is not None:
            profiler.disable()
            profiler.dump_stats(profile)
        result["link_new_s"] = linked.seconds
        result["link_new_relinked"] = linked.relinked
        result["link_new_capped"] = linked.capped
        listed = app.incidents(store).incidents
        after = {i.id: set(i.article_ids) for i in listed}
        # the digest that bench/link_cost.py prints: the same incidents, on either database
        found = sorted([i.id, list(i.article_ids)] for i in listed)
        result["digest"] = hashlib.sha256(json.dumps(found).encode()).hexdigest()[:12]
        unchanged = [i for i, members in before.items() if after.get(i) == members]
        touched = [i for i in before if after.get(i) != before[i]]
        result["ids_unchanged"] = len(unchanged)
        result["ids_touched"] = len(touched)
        result["ids_touched_kept"] = sum(1 for i in touched if i in after)
        started = time.perf_counter()
        page = app.incidents(store)
        result["incidents_fn_s"] = time.perf_counter() - started
        started = time.perf_counter()
        app.incidents(store, page=1, per_page=50)
        result["incidents_page_fn_s"] = time.perf_counter() - started
        largest = max(page.incidents, key=lambda i: len(i.article_ids))
        result["largest"] = len(largest.article_ids)
        started = time.perf_counter()
        app.ledger(store, largest.id)
        result["compare_fn_s"] = time.perf_counter() - started
    out = "/dev/null"
    result["incidents_cli_s"], result["incidents_cli_peak_mb"] = _timed(
        [str(RASHOMON), "incidents", "--db", url, "--format", "json", "--out", out]
    )
    result["incidents_page_cli_s"], _ = _timed(
        [str(RASHOMON), "incidents", "--db", url, "--per-page", "50", "--out", out]
    )
    result["compare_cli_s"], result["compare_cli_peak_mb"] = _timed(
        [str(RASHOMON), "compare", largest.id, "--db", url, "--format", "json", "--out", out]
    )
    result["peak_mb"] = _peak_mb()  # linking the new ones and reading (relink: below)
    if relink_again:
        with open_store(url) as store:
            result["relink_s"] = app.relink(store, params).seconds
        result["relink_peak_mb"] = _peak_mb()
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--new", type=int, default=100)
    parser.add_argument("--base-db", default=f"sqlite:///{REPO / 'out' / 'l11' / 'stories.db'}")
    parser.add_argument(
        "--cache", type=Path, default=REPO / "out" / "bench", help="built stores are kept here"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--relink", action="store_true", help="time relink again on a built store")
    parser.add_argument("--profile", type=Path, default=None, help="cProfile of linking the new")
    parser.add_argument("--repeat", type=int, default=1, help="time each size R times")
    parser.add_argument(
        "--postgres",
        default=None,
        metavar="auto|URL",
        help="time a copy of the built store in PostgreSQL (auto: a throwaway loopback server)",
    )
    parser.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    base_path = Path(args.base_db.removeprefix("sqlite:///"))
    cache = args.cache.resolve()
    if args.child is not None:  # one size in this process (its own peak memory)
        if base_path.exists():
            groups = base_from_store(args.base_db)
        else:
            from linking import load_base

            groups = load_base(Path(args.base_db))
        record = run_size(
            groups,
            args.child,
            args.new,
            cache,
            args.seed,
            relink_again=args.relink,
            profile=args.profile,
            postgres=args.postgres,
        )
        print(json.dumps(record))
        return 0
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        base = args.base_db
        if not base_path.exists():
            print(
                f"no store at {base_path}: analysing the examples and dev corpora", file=sys.stderr
            )
            corpora = sorted((REPO.parent / "shared" / "corpora").glob("*.jsonl"))
            base = str(Path(tmp) / "base.jsonl")
            analyse_base(corpora, Path(base))
        for n in args.sizes:
            command = [sys.executable, __file__, "--child", str(n), "--new", str(args.new)]
            command += ["--base-db", base, "--cache", str(cache), "--seed", str(args.seed)]
            command += ["--relink"] if args.relink else []
            command += ["--profile", str(args.profile)] if args.profile else []
            command += ["--postgres", args.postgres] if args.postgres else []
            records = []
            for _ in range(max(1, args.repeat)):
                done = subprocess.run(command, check=False, stdout=subprocess.PIPE, text=True)
                if done.returncode != 0:
                    return done.returncode
                records.append(json.loads(done.stdout.strip().splitlines()[-1]))
                print(json.dumps(records[-1]))
            for key in FIGURES:
                values = sorted(r[key] for r in records if key in r)
                if len(values) == 1:
                    print(f"  N={n:>7}  {key:<20} {values[0]:10.2f}")
                elif values:
                    low, mid, high = values[0], statistics.median(values), values[-1]
                    print(f"  N={n:>7}  {key:<20} {mid:10.2f}   ({low:.2f} to {high:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
