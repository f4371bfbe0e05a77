"""Corpus throughput on both cores: ``ingest --jobs 1`` vs ``--jobs 2``, and ``batch`` on a
local Dask cluster of 1 vs 2 workers, on the same texts in one run (issue 11).

The PolNeAR dev texts (or ``--corpus FILE.jsonl``) are written to a JSON Lines corpus once
(``--copies N`` repeats it, each copy's text marked so none is a duplicate); then each
command runs as a user runs it, a fresh process on a fresh store or output directory, and
its wall-clock time is taken from start to exit (so it includes loading the model in every
worker and starting the cluster), with the CPU seconds of it and every process it started.
Prints articles/s and the ratios from 1 to 2.

    python bench/batch.py [--split-dir DIR | --corpus FILE] [--copies N] [--limit N]
                          [--partition-size K] [--only ingest|batch] [--per-process]
                          [--rounds R]

The cores may be shared: the load average before each run is printed beside it. On a
machine whose speed wanders between runs (a shared virtual machine), ``--rounds R`` runs
each pair R times and prints each round's ratio, their median and the ratio of the total
times; the order alternates (1 then 2, then 2 then 1: ABBA), so a speed that drifts over
minutes favours neither.
``--per-process`` also prints the CPU seconds of each process (psutil, sampled every 0.2 s):
the command's own (for ``batch``: the client, the scheduler and the nannies) and each worker.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SPLIT = REPO.parent / "shared" / "data" / "polnear" / "dev"


@dataclass(frozen=True, slots=True)
class Timing:
    label: str
    articles: int
    seconds: float
    cpu: float  # CPU seconds of the command and every process it started
    load: float

    @property
    def rate(self) -> float:
        return self.articles / self.seconds


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split-dir", type=Path, default=DEFAULT_SPLIT, help="PolNeAR split")
    parser.add_argument("--corpus", type=Path, default=None, help="a JSONL corpus instead")
    parser.add_argument("--copies", type=int, default=1, help="repeat the texts N times")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N texts")
    parser.add_argument("--partition-size", type=int, default=8, help="batch partition size")
    parser.add_argument(
        "--only", choices=("ingest", "batch"), default=None, help="time one command's pair only"
    )
    parser.add_argument(
        "--per-process", action="store_true", help="CPU seconds of each process (psutil)"
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="run each pair R times, in ABBA order"
    )
    return parser.parse_args(argv)


def _records(args: argparse.Namespace) -> list[dict[str, str]]:
    if args.corpus is not None:
        lines = args.corpus.read_text(encoding="utf-8").splitlines()
        records = [json.loads(line) for line in lines if line.strip()]
    else:
        files = sorted((args.split_dir / "text").glob("*.txt"))
        records = [{"id": f.stem, "text": f.read_text(encoding="utf-8")} for f in files]
    if args.limit:
        records = records[: args.limit]
    copies = []
    for copy in range(args.copies):
        for record in records:
            suffix = "" if copy == 0 else f"\n\n(Republished, copy {copy + 1}.)"
            copies.append(
                {**record, "id": f"{record['id']}-{copy}", "text": record["text"] + suffix}
            )
    return copies


def _run(label: str, command: list[str], articles: int, *, per_process: bool = False) -> Timing:
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
        shares = _sample(process) if per_process else {}
        returncode = process.wait()
        seconds = time.perf_counter() - start
        stderr.seek(0)
        errors = stderr.read().decode("utf-8", errors="replace")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if returncode != 0:
        raise SystemExit(f"{label} failed ({returncode}):\n{errors}")
    timing = Timing(label, articles, seconds, cpu, load)
    print(
        f"{label:<22} {articles:>5} articles {seconds:7.1f} s {timing.rate:6.2f} articles/s"
        f"  {cpu:6.1f} CPU s   (load average before: {load:.2f})",
        flush=True,
    )
    if shares:
        # the command's own process holds the client and, for batch, the scheduler and the
        # nannies; sampled every 0.2 s, so each process's last 0.2 s may be missing
        parts = ", ".join(f"{name} {seconds:.1f}" for name, seconds in shares.items())
        print(f"{'':<22} CPU s by process: {parts}", flush=True)
    return timing


def _sample(process: subprocess.Popen[bytes]) -> dict[str, float]:
    """CPU seconds of ``process`` and each process under it, by the last sample of each."""
    import psutil  # type: ignore[import-untyped]  # a Dask dependency; ships no py.typed

    root = psutil.Process(process.pid)
    last: dict[int, float] = {}
    helpers: set[int] = set()  # multiprocessing's resource tracker and the like
    while process.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        for member in tree:
            try:
                times = member.cpu_times()
                if member.pid not in last and "resource_tracker" in " ".join(member.cmdline()):
                    helpers.add(member.pid)
            except psutil.NoSuchProcess:
                continue
            last[member.pid] = times.user + times.system
        time.sleep(0.2)
    shares = {"main": last.pop(process.pid, 0.0)}
    helped = sum(last.pop(pid, 0.0) for pid in helpers)
    others = [seconds for seconds in last.values() if seconds >= 0.05]
    shares.update({f"worker {number}": seconds for number, seconds in enumerate(others, 1)})
    if helped >= 0.05:
        shares["helpers"] = helped
    return shares


def _ratios(label: str, ones: list[Timing], twos: list[Timing]) -> None:
    """Each round's ratio of rates (2 over 1, run one after the other), their median, and
    with several rounds the ratio of the total times (every round weighed by its length)."""
    ratios = [two.rate / one.rate for one, two in zip(ones, twos, strict=True)]
    rounds = " ".join(f"{ratio:.2f}x" for ratio in ratios)
    median = statistics.median(ratios)
    if len(ratios) == 1:
        print(f"ratio {label} {median:.2f}x")
        return
    pooled = sum(t.seconds for t in ones) / sum(t.seconds for t in twos)
    print(f"ratio {label} {median:.2f}x  (median of {rounds}; total times: {pooled:.2f}x)")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    records = _records(args)
    if not records:
        print("error: no texts found", file=sys.stderr)
        return 2
    rashomon = [sys.executable, "-m", "rashomon"]
    env_note = f"{os.cpu_count()} cores; OPENBLAS_NUM_THREADS=1 in every process"
    print(
        f"{len(records)} articles, {sum(len(r['text'].split()) for r in records):,} words; "
        f"{env_note}"
    )
    with tempfile.TemporaryDirectory(prefix="rashomon-bench-batch-") as tmp:
        root = Path(tmp)
        corpus = root / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        timings: dict[str, list[Timing]] = {}
        for round_ in range(1, args.rounds + 1):
            order = (1, 2) if round_ % 2 else (2, 1)  # ABBA: a drift favours neither
            for jobs in order if args.only != "batch" else ():
                db = f"sqlite:///{root / f'jobs{jobs}-{round_}.db'}"
                command = [*rashomon, "ingest", str(corpus), "--db", db, "--jobs", str(jobs)]
                timings.setdefault(f"jobs{jobs}", []).append(
                    _run(
                        f"ingest --jobs {jobs}",
                        [*command, "-q"],
                        len(records),
                        per_process=args.per_process,
                    )
                )
            for workers in order if args.only != "ingest" else ():
                out = root / f"batch{workers}-{round_}"
                command = [*rashomon, "batch", str(corpus), "--out", str(out), "-q"]
                command += ["--workers", str(workers), "--partition-size", str(args.partition_size)]
                timings.setdefault(f"w{workers}", []).append(
                    _run(
                        f"batch --workers {workers}",
                        command,
                        len(records),
                        per_process=args.per_process,
                    )
                )
    if "jobs2" in timings:
        _ratios("ingest --jobs 2 / --jobs 1:     ", timings["jobs1"], timings["jobs2"])
    if "w2" in timings:
        _ratios("batch --workers 2 / --workers 1:", timings["w1"], timings["w2"])
    return 0


if __name__ == "__main__":
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    raise SystemExit(main())
