"""Time the stored link results on a large store: relink, linking 100 new articles at
ingest, ``incidents`` and ``compare`` of the largest incident; peak memory; incident ids
before and after the new articles.

    python bench/corpus_scale.py [--sizes 10000 100000] [--new 100] [--base-db URL]
                                 [--db-dir DIR] [--seed 7]

The store is made honestly: N synthetic analyses from real ones, perturbed as
``bench/linking.py`` does (dates shifted, places moved, people and names renamed, 30% of the
words swapped, 15% near-verbatim copies), saved with ``Store.save_analysis`` and linked with
``rashomon relink``'s function. The real analyses come from a store that
``../shared/eval/stories.sh`` made (``--base-db``, default ``out/l11/stories.db``; the group
of an analysis is its corpus file), else the bundled examples and the dev corpora are
analysed first. ``incidents`` and ``compare`` are timed twice: as functions of
``rashomon.app`` and as the ``rashomon`` command (a fresh process: imports included).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
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
from rashomon import app
from rashomon.link import LinkParams
from rashomon.store import open_store

RASHOMON = REPO / ".venv" / "bin" / "rashomon"


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


def run_size(
    groups: dict[str, list[_Base]], n: int, new: int, url: str, seed: int
) -> dict[str, Any]:
    result: dict[str, Any] = {"n": n, "new": new}
    started = time.perf_counter()
    analyses = Synthesiser(groups, seed).make(n + new).analyses
    stored, arriving = analyses[:n], analyses[n:]
    result["build_s"] = time.perf_counter() - started
    params = LinkParams()
    with open_store(url) as store:
        started = time.perf_counter()
        saved = sum(store.save_analysis(a) for a in stored)
        result["save_s"] = time.perf_counter() - started
        result["stored"] = saved
        report = app.relink(store, params)
        result["relink_s"] = report.seconds
        result["relink_peak_mb"] = _peak_mb()
        before = {i.id: set(i.article_ids) for i in app.incidents(store).incidents}
        result["incidents"] = len(before)
        for analysis in arriving:
            store.save_analysis(analysis)
        linked = app.link_new(store, params)
        result["link_new_s"] = linked.seconds
        result["link_new_relinked"] = linked.relinked
        result["link_new_capped"] = linked.capped
        after = {i.id: set(i.article_ids) for i in app.incidents(store).incidents}
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
    result["compare_cli_s"], result["compare_cli_peak_mb"] = _timed(
        [str(RASHOMON), "compare", largest.id, "--db", url, "--format", "json", "--out", out]
    )
    result["peak_mb"] = _peak_mb()
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--new", type=int, default=100)
    parser.add_argument("--base-db", default=f"sqlite:///{REPO / 'out' / 'l11' / 'stories.db'}")
    parser.add_argument("--db-dir", type=Path, default=None, help="keep the stores here")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    base_path = Path(args.base_db.removeprefix("sqlite:///"))
    if args.child is not None:  # one size in this process (its own peak memory)
        if base_path.exists():
            groups = base_from_store(args.base_db)
        else:
            from linking import load_base

            groups = load_base(Path(args.base_db))
        url = f"sqlite:///{args.db_dir / f'scale-{args.child}.db'}"
        print(json.dumps(run_size(groups, args.child, args.new, url, args.seed)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        base = args.base_db
        if not base_path.exists():
            print(
                f"no store at {base_path}: analysing the examples and dev corpora", file=sys.stderr
            )
            corpora = sorted((REPO.parent / "shared" / "corpora").glob("*.jsonl"))
            base = str(Path(tmp) / "base.jsonl")
            analyse_base(corpora, Path(base))
        db_dir = (args.db_dir or Path(tmp)).resolve()
        db_dir.mkdir(parents=True, exist_ok=True)
        for n in args.sizes:
            command = [sys.executable, __file__, "--child", str(n), "--new", str(args.new)]
            command += ["--base-db", base, "--db-dir", str(db_dir), "--seed", str(args.seed)]
            done = subprocess.run(command, check=False, capture_output=True, text=True)
            if done.returncode != 0:
                print(done.stderr[-3000:], file=sys.stderr)
                return done.returncode
            record = json.loads(done.stdout.strip().splitlines()[-1])
            print(json.dumps(record))
            for key in (
                "relink_s",
                "link_new_s",
                "link_new_relinked",
                "incidents_fn_s",
                "incidents_page_fn_s",
                "incidents_cli_s",
                "compare_fn_s",
                "compare_cli_s",
                "relink_peak_mb",
                "incidents_cli_peak_mb",
                "compare_cli_peak_mb",
                "peak_mb",
            ):
                print(f"  N={n:>7}  {key:<18} {record[key]:10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
