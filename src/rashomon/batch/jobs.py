"""Analysis in N worker processes, results in input order: ``ingest --jobs N``.

Each worker is a fresh (``spawn``) process that loads the spaCy pipeline and the resources
once, then analyses chunks of a few articles from a task queue until told to stop; the
caller's process stays the only writer to the store. Plain processes rather than a Dask
cluster: they start in about the time it takes to load the model, open no ports, and run
the analysis in each worker's main thread, where the per-article time limit
(``article_time_limit``, SIGALRM) works; Dask runs tasks in worker threads, where it cannot.

At most ``2 * jobs`` chunks are in flight and results wait only for the chunks before them,
so memory stays bounded and a kill loses only what was in flight: an ingest run again skips
what was stored before analysing anything.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import queue
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.context import SpawnProcess
from typing import TYPE_CHECKING

from rashomon.config import Settings
from rashomon.errors import WORKER_DIED, BatchError, RashomonError
from rashomon.model import Analysis, Article, Skipped

if TYPE_CHECKING:
    from spacy.language import Language

CHUNK_SIZE = 4  # articles per task: small enough to balance, big enough for nlp.pipe
IN_FLIGHT_PER_JOB = 2
POLL_SECONDS = 0.5  # how often a waiting caller checks that the workers are alive
STOP_SECONDS = 5.0


def default_jobs() -> int:
    """Every core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def analyse_parallel(
    articles: Iterable[Article],
    *,
    settings: Settings,
    jobs: int,
    chunk_size: int = CHUNK_SIZE,
    load_nlp: Callable[[], Language] | None = None,
) -> Iterator[Analysis | Skipped]:
    """``pipeline.analyse_each`` over ``jobs`` processes, in input order.

    Fewer articles than ``jobs * chunk_size`` (or ``jobs`` 1) are analysed in this process,
    with the pipeline ``load_nlp`` returns (default: ``settings.model``): starting workers,
    each loading the model, costs more than it saves on a handful.
    """
    pending = iter(articles)
    head = list(itertools.islice(pending, jobs * chunk_size + 1))
    stream = itertools.chain(head, pending)
    if jobs <= 1 or len(head) <= jobs * chunk_size:
        yield from _in_this_process(stream, settings, load_nlp)
    else:
        yield from _in_processes(stream, settings=settings, jobs=jobs, chunk_size=chunk_size)


def _in_this_process(
    articles: Iterable[Article], settings: Settings, load_nlp: Callable[[], Language] | None
) -> Iterator[Analysis | Skipped]:
    from rashomon import parse, pipeline

    nlp = load_nlp() if load_nlp is not None else parse.load_pipeline(settings.model)
    yield from pipeline.analyse_each(articles, nlp=nlp, settings=settings)


@dataclass(frozen=True, slots=True)
class _Failure:
    """A worker's ``RashomonError`` (its code and message), to raise in the caller."""

    code: str
    message: str


_Outcome = list[Analysis | Skipped] | _Failure


def _in_processes(
    articles: Iterable[Article], *, settings: Settings, jobs: int, chunk_size: int
) -> Iterator[Analysis | Skipped]:
    context = multiprocessing.get_context("spawn")
    tasks: multiprocessing.Queue[tuple[int, list[Article]] | None] = context.Queue()
    results: multiprocessing.Queue[tuple[int, _Outcome]] = context.Queue()
    workers = [
        context.Process(target=serve, args=(settings, tasks, results), daemon=True)
        for _ in range(jobs)
    ]
    for worker in workers:
        worker.start()
    chunks = enumerate(_chunked(articles, chunk_size))
    done: dict[int, list[Analysis | Skipped]] = {}
    in_flight = 0
    next_out = 0
    try:
        for index, chunk in itertools.islice(chunks, jobs * IN_FLIGHT_PER_JOB):
            tasks.put((index, chunk))
            in_flight += 1
        while in_flight:
            index, outcome = _next_result(results, workers)
            if isinstance(outcome, _Failure):
                raise RashomonError(outcome.message, code=outcome.code)
            done[index] = outcome
            in_flight -= 1
            for following in itertools.islice(chunks, 1):
                tasks.put(following)
                in_flight += 1
            while next_out in done:
                yield from done.pop(next_out)
                next_out += 1
    finally:
        _stop(workers, tasks)


def serve(
    settings: Settings,
    tasks: multiprocessing.Queue[tuple[int, list[Article]] | None],
    results: multiprocessing.Queue[tuple[int, _Outcome]],
) -> None:
    """A worker's loop: load once, then analyse each chunk until ``None`` arrives."""
    from rashomon import parse, pipeline

    try:
        nlp = parse.load_pipeline(settings.model)
    except RashomonError as error:
        results.put((-1, _Failure(error.code, error.message)))
        return
    with pipeline.open_resources(settings) as resources:
        while (task := tasks.get()) is not None:
            index, chunk = task
            analysed = pipeline.analyse_each(chunk, nlp=nlp, settings=settings, resources=resources)
            results.put((index, list(analysed)))


def _next_result(
    results: multiprocessing.Queue[tuple[int, _Outcome]], workers: list[SpawnProcess]
) -> tuple[int, _Outcome]:
    while True:
        try:
            return results.get(timeout=POLL_SECONDS)
        except queue.Empty:
            dead = [w for w in workers if not w.is_alive()]
            if dead:
                raise BatchError(
                    f"An analysis worker stopped (exit status {dead[0].exitcode}), perhaps out "
                    "of memory; what was stored stays stored: run the same command again, "
                    "with fewer --jobs.",
                    code=WORKER_DIED,
                ) from None


def _stop(
    workers: list[SpawnProcess], tasks: multiprocessing.Queue[tuple[int, list[Article]] | None]
) -> None:
    for _ in workers:
        tasks.put(None)
    for worker in workers:
        worker.join(STOP_SECONDS)
        if worker.is_alive():
            worker.terminate()
            worker.join()
    tasks.close()


def _chunked(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk
