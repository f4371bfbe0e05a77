"""``rashomon batch``: analyse a corpus on a ``dask.distributed`` cluster into Parquet.

The caller reads the inputs (streamed, never held whole), skips those already in a finished
partition of the output directory, and cuts the rest into partitions of ``partition_size``
inputs in input order. A partition is analysed as tasks of at most ``TASK_SIZE`` inputs:
a worker analyses a task's articles with the pipeline and resources it loaded once
(``AnalyserPlugin``) and returns the rows; the caller is the only writer, and writes each
partition atomically once all its tasks are back. Tasks smaller than a partition keep the
workers evenly busy to the end (with partitions of 50 on two workers, one worker analysed
a whole partition alone while the other waited). At most a few tasks per worker are in
flight, so a kill loses only their partitions, and running the same command again does
exactly what is missing.

The cluster is a ``LocalCluster`` of ``workers`` single-threaded processes on 127.0.0.1, or
the one at ``scheduler`` (its workers need rashomon installed; the output directory is
written by the caller, so it need not be shared). Dask runs tasks in worker threads, where
``article_time_limit`` cannot interrupt an analysis (``rashomon.deadline``);
``max_article_chars`` still bounds each article.

A local cluster runs with quieter Dask defaults (``LOCAL_CLUSTER_CONFIG``): its workers keep
glibc's own ``malloc`` trimming (Dask's ``MALLOC_TRIM_THRESHOLD_=65536`` made the analysis
fault in its memory again and again, about 10% more CPU), no statistical profiler (it feeds
only the dashboard, which is off), and slower ticks and monitors; on two cores the
scheduler, the nannies and the client share the cores with the workers. A cluster at
``scheduler`` keeps its own configuration.
"""

from __future__ import annotations

import atexit
import itertools
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from distributed import WorkerPlugin

from rashomon.batch.partitions import (
    BatchSettings,
    Manifest,
    PartitionInfo,
    PartitionRow,
    finished_keys,
    input_key,
    prepare_directory,
    row_of,
    write_manifest,
    write_partition,
)
from rashomon.batch.sources import read_batch_inputs
from rashomon.config import Settings
from rashomon.errors import NO_SCHEDULER, BatchError
from rashomon.model import Analysis, Article, Skipped

if TYPE_CHECKING:
    from distributed import Client, Future, Worker
    from spacy.language import Language

    from rashomon.pipeline import Resources

PLUGIN_NAME = "rashomon-analyser"
DEFAULT_PARTITION_SIZE = 50
TASK_SIZE = 8  # inputs per task at most (a partition's share of one worker: about 2 s)
IN_FLIGHT_PER_WORKER = 2  # tasks
CONNECT_TIMEOUT = "10s"
MANIFEST_SECONDS = 5.0  # the manifest is rewritten at most this often while a batch runs

# dask.config for a LocalCluster: its background work, measured idle with 2 workers, fell from
# 0.09 to 0.01 CPU seconds per second (the workers' analysis is what the cores are for)
LOCAL_CLUSTER_CONFIG: dict[str, object] = {
    # None unsets it (distributed.nanny._get_env_variables); one set in the environment wins
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "500ms",
}


@dataclass(frozen=True, slots=True)
class BatchProgress:
    """Where a batch stands: inputs written this run, of ``total`` once every input is read."""

    done: int
    total: int | None
    already_done: int


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """What one ``run_batch`` call did."""

    directory: Path
    inputs: int  # inputs read, already done ones included
    analysed: int
    skipped: list[Skipped] = field(default_factory=list)
    already_done: int = 0
    partitions: int = 0
    workers: int = 0
    seconds: float = 0.0


class AnalyserPlugin(WorkerPlugin):
    """Loads the spaCy pipeline and the resources once per worker, for every task there.

    ``exit_fast`` (a local cluster's own workers only): once the worker has closed, its
    process ends without tearing down its interpreter, which took 1-2 s of the end of
    every batch, freeing the model and every object of the analysis one by one; the
    worker holds nothing by then (the caller wrote every row, and Dask has removed its
    directory).
    """

    name = PLUGIN_NAME

    def __init__(self, settings: Settings, *, exit_fast: bool = False) -> None:
        self.settings = settings
        self.exit_fast = exit_fast
        self._stack: ExitStack | None = None
        self._nlp: Language | None = None
        self._resources: Resources | None = None
        self._lock: threading.Lock | None = None

    def setup(self, worker: Worker) -> None:
        from rashomon import parse, pipeline

        self._lock = threading.Lock()
        self._stack = ExitStack()
        self._nlp = parse.load_pipeline(self.settings.model)
        self._resources = self._stack.enter_context(pipeline.open_resources(self.settings))

    def teardown(self, worker: Worker) -> None:
        if self._stack is not None:
            self._stack.close()
        if self.exit_fast:
            # run at the interpreter's exit, after the worker has closed (its queues and
            # threads) and before the exit handlers registered earlier (multiprocessing's,
            # logging's), which a closed worker with no children of its own does not need
            atexit.register(os._exit, 0)

    def analyse(self, items: Sequence[Article | Skipped]) -> list[PartitionRow]:
        """The rows of ``items``, in order: skipped inputs as they are, articles analysed."""
        from rashomon import pipeline

        if self._nlp is None or self._resources is None or self._lock is None:
            raise RuntimeError("AnalyserPlugin.analyse before setup")
        articles = [item for item in items if isinstance(item, Article)]
        with self._lock:  # one analysis at a time, should the worker have several threads
            analysed = iter(
                list(
                    pipeline.analyse_each(
                        articles, nlp=self._nlp, settings=self.settings, resources=self._resources
                    )
                )
            )
        results: list[Analysis | Skipped] = [
            next(analysed) if isinstance(item, Article) else item for item in items
        ]
        return [row_of(result) for result in results]


def analyse_items(items: list[Article | Skipped]) -> list[PartitionRow]:
    """The task run on a worker: one partition's rows."""
    from distributed import get_worker

    plugin = cast(AnalyserPlugin, get_worker().plugins[PLUGIN_NAME])
    return plugin.analyse(items)


def run_batch(
    inputs: Sequence[str],
    directory: Path,
    settings: Settings,
    *,
    scheduler: str | None = None,
    workers: int = 1,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    on_progress: Callable[[BatchProgress], None] | None = None,
    task_size: int = TASK_SIZE,
) -> BatchSummary:
    """Analyse ``inputs`` into Parquet partitions in ``directory``; resumes what is there.

    Raises ``BatchError`` for an unusable directory (R060) or an unreachable scheduler
    (R061); a bad input is a skipped row and the batch goes on.
    """
    if task_size < 1:
        raise ValueError(f"task_size must be at least 1, not {task_size}")
    started = time.perf_counter()
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    manifest = prepare_directory(directory, BatchSettings.of(settings))
    done = finished_keys(directory)
    run = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(2)}"
    state = _RunState(
        directory=directory,
        manifest=manifest,
        on_progress=on_progress,
        finished=list(manifest.partitions),
    )
    todo = _not_done(read_batch_inputs(inputs, settings), done, state)
    pending = _partitions(todo, partition_size)
    first = next(pending, None)  # no cluster is started when everything is done
    worker_count = 0
    if first is not None:
        with _client(scheduler, workers) as client:
            plugin = AnalyserPlugin(settings, exit_fast=scheduler is None)
            client.register_plugin(plugin, name=PLUGIN_NAME)
            worker_count = len(client.scheduler_info().get("workers", {})) or workers
            limit = max(2, worker_count * IN_FLIGHT_PER_WORKER)
            partitions = itertools.chain([first], pending)
            _run(client, partitions, run=run, limit=limit, state=state, task_size=task_size)
    summary = BatchSummary(
        directory=directory,
        inputs=state.read,
        analysed=state.analysed,
        skipped=state.skipped,
        already_done=state.already_done,
        partitions=state.partitions,
        workers=worker_count,
        seconds=time.perf_counter() - started,
    )
    record = {
        "started": started_at,
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "inputs": summary.inputs,
        "analysed": summary.analysed,
        "skipped": len(summary.skipped),
        "already_done": summary.already_done,
        "workers": summary.workers,
        "scheduler": scheduler or "local",
    }
    final = state.current_manifest()
    write_manifest(directory, replace(final, runs=(*final.runs, record)))
    return summary


@dataclass(slots=True)
class _RunState:
    """The caller's tally while a batch runs (local to one ``run_batch`` call)."""

    directory: Path
    manifest: Manifest
    on_progress: Callable[[BatchProgress], None] | None
    read: int = 0
    queued: int = 0
    reading: bool = True
    written: int = 0
    analysed: int = 0
    already_done: int = 0
    partitions: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    finished: list[PartitionInfo] = field(default_factory=list)  # in the order written
    manifest_written: float = field(default_factory=time.monotonic)

    def current_manifest(self) -> Manifest:
        """The manifest with every partition written so far, listed by name (run, then
        position), as ``partition_files`` lists them, whatever order the workers finish in."""
        listed = tuple(sorted(self.finished, key=lambda p: p.file))
        return replace(self.manifest, partitions=listed)

    def report(self) -> None:
        if self.on_progress is not None:
            total = None if self.reading else self.queued
            self.on_progress(BatchProgress(self.written, total, self.already_done))


def _not_done(
    items: Iterable[Article | Skipped], done: set[str], state: _RunState
) -> Iterator[Article | Skipped]:
    """The inputs not in a finished partition (nor met earlier in this run)."""
    for item in items:
        state.read += 1
        article_id = item.id if isinstance(item, Article) else item.article_id
        key = input_key(article_id, item.origin)
        if key in done:
            state.already_done += 1
            continue
        done.add(key)
        state.queued += 1
        yield item
    state.reading = False
    state.report()


def _partitions(items: Iterable[Article | Skipped], size: int) -> Iterator[list[Article | Skipped]]:
    partition: list[Article | Skipped] = []
    for item in items:
        partition.append(item)
        if len(partition) >= size:
            yield partition
            partition = []
    if partition:
        yield partition


def _run(
    client: Client,
    partitions: Iterable[list[Article | Skipped]],
    *,
    run: str,
    limit: int,
    state: _RunState,
    task_size: int,
) -> None:
    """Submit each partition as tasks of at most ``task_size`` inputs, at most ``limit``
    tasks in flight, and write each partition once all its tasks are back."""
    from distributed import as_completed

    waiting: dict[int, _Partition] = {}  # partitions with tasks still out, by position
    task_of: dict[object, tuple[int, int]] = {}  # a task's key -> (partition, task)
    completed = as_completed()
    in_flight = 0
    for index, items in enumerate(partitions):
        tasks = list(_partitions(items, task_size))  # a partition cut as inputs are
        waiting[index] = _Partition(f"part-{run}-{index:06d}.parquet", [None] * len(tasks))
        for number, task in enumerate(tasks):
            key = f"rashomon-{run}-{index}-{number}"
            future = client.submit(analyse_items, task, key=key, pure=False)
            task_of[future.key] = (index, number)
            completed.add(future)
            in_flight += 1
            if in_flight >= limit:
                _collect(next(completed), task_of, waiting, state)
                in_flight -= 1
    state.report()
    for future in completed:
        _collect(future, task_of, waiting, state)


@dataclass(slots=True)
class _Partition:
    """A partition whose tasks are out: its file name and each task's rows once back."""

    name: str
    rows: list[list[PartitionRow] | None]


def _collect(
    future: Future[list[PartitionRow]],
    task_of: dict[object, tuple[int, int]],
    waiting: dict[int, _Partition],
    state: _RunState,
) -> None:
    """Keep a finished task's rows; write its partition when it was the last one out."""
    rows: list[PartitionRow] = future.result()
    index, number = task_of.pop(future.key)
    future.release()
    partition = waiting[index]
    partition.rows[number] = rows
    if all(part is not None for part in partition.rows):
        del waiting[index]
        _write(partition.name, [row for part in partition.rows if part for row in part], state)


def _write(name: str, rows: list[PartitionRow], state: _RunState) -> None:
    info = write_partition(state.directory, name, rows)
    state.finished.append(info)
    # rewritten every few seconds, not per partition (n partitions would cost O(n^2)): the
    # partitions are the record, and a resumed batch rebuilds the manifest from them
    if time.monotonic() - state.manifest_written >= MANIFEST_SECONDS:
        write_manifest(state.directory, state.current_manifest())
        state.manifest_written = time.monotonic()
    state.written += len(rows)
    state.analysed += info.analysed
    state.partitions += 1
    state.skipped.extend(
        Skipped(row.origin, row.code or "", row.message or "", row.id)
        for row in rows
        if row.skipped
    )
    state.report()


@contextmanager
def _client(scheduler: str | None, workers: int) -> Iterator[Client]:
    from distributed import Client, LocalCluster

    if scheduler is not None:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as error:
            raise BatchError(
                f"Can't reach the Dask scheduler at {scheduler!r} ({error}); start one "
                "('dask scheduler') or leave --scheduler out for a local cluster.",
                code=NO_SCHEDULER,
            ) from None
        with client:
            yield client
        return
    import dask

    # no dashboard; the scheduler's small HTTP server (health, metrics) on a free loopback
    # port, not 8787, which another cluster or program may hold
    options: dict[str, Any] = {
        "dashboard_address": None,
        "scheduler_kwargs": {"dashboard_address": "127.0.0.1:0"},
        "silence_logs": logging.ERROR,
    }
    with (
        dask.config.set(LOCAL_CLUSTER_CONFIG),
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", **options
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client
