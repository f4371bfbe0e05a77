"""Throughput of rashomon's whole pipeline against plain spaCy, on PolNeAR dev texts.

One run loads the pipeline, warms every path up on a few texts, then times, in alternating
rounds and with the same model and batch size:

- plain: ``nlp.pipe(texts)`` with the pipeline as ``spacy.load`` gives it (stock spaCy);
- plain, numpy BLAS: the same with its matrix products on numpy's BLAS, as rashomon runs
  spaCy (``rashomon.parse.use_numpy_blas``), so the parse's own share is visible;
- analyze: ``analyse_articles`` (redaction on, as users run it).

The best round of each is reported, with the ratio to each plain parse.

    python bench/throughput.py [--split-dir DIR] [--repeat N] [--limit N] [--model NAME] [--cpu]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import spacy
from spacy.language import Language

from rashomon.config import load_settings
from rashomon.errors import RashomonError
from rashomon.evaluation import read_split
from rashomon.model import Article
from rashomon.parse import load_pipeline, use_numpy_blas
from rashomon.pipeline import analyse_articles

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SPLIT = REPO.parent / "shared" / "data" / "polnear" / "dev"


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split-dir", type=Path, default=DEFAULT_SPLIT, help="PolNeAR split")
    parser.add_argument("--repeat", type=int, default=2, help="timed rounds of each (best kept)")
    parser.add_argument("--warmup", type=int, default=4, help="texts used to warm up")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N texts")
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: settings)")
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="time CPU seconds of this process instead of the wall clock (a fair ratio when "
        "other processes share the cores)",
    )
    return parser.parse_args(argv)


def _seconds(run: Callable[[], None], *, cpu: bool = False) -> float:
    clock = time.process_time if cpu else time.perf_counter
    start = clock()
    run()
    return clock() - start


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    if args.repeat < 1:
        print("error: --repeat must be at least 1", file=sys.stderr)
        return 2
    try:
        articles: list[Article] = read_split(args.split_dir)
        settings = load_settings(overrides={"model": args.model})
        nlp = load_pipeline(settings.model)
        stock = spacy.load(settings.model)  # a plain spaCy parse: nothing of rashomon's
        same_blas = spacy.load(settings.model)
        use_numpy_blas(same_blas)
    except (RashomonError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        print(f"(split used: {args.split_dir}; pass --split-dir DIR)", file=sys.stderr)
        return 2
    settings = replace(settings, redact=True)
    if args.limit:
        articles = articles[: args.limit]
    texts = [article.text for article in articles]
    words = sum(len(text.split()) for text in texts)
    batch_size = settings.batch_size

    def parse_with(pipeline: Language) -> Callable[[], None]:
        def parse() -> None:
            for _doc in pipeline.pipe(texts, batch_size=batch_size):
                pass

        return parse

    def analyse() -> None:
        for _analysis in analyse_articles(articles, nlp=nlp, settings=settings):
            pass

    runs = {"plain": parse_with(stock), "plain, numpy BLAS": parse_with(same_blas)}
    runs["analyze"] = analyse
    warm = articles[: args.warmup]
    for pipeline in (stock, same_blas):
        for _doc in pipeline.pipe([article.text for article in warm], batch_size=batch_size):
            pass
    for _analysis in analyse_articles(warm, nlp=nlp, settings=settings):
        pass

    times: dict[str, list[float]] = {label: [] for label in runs}
    for round_number in range(1, args.repeat + 1):  # alternate, so drift hits all alike
        for label, run in runs.items():
            times[label].append(_seconds(run, cpu=args.cpu))
        line = ", ".join(f"{label} {seconds[-1]:.2f} s" for label, seconds in times.items())
        print(f"round {round_number}: {line}", file=sys.stderr)

    best = {label: min(seconds) for label, seconds in times.items()}
    meta = nlp.meta
    print(f"split      {args.split_dir}")
    print(f"model      {meta.get('name', '')}-{meta.get('version', '')}, batch size {batch_size}")
    print(f"texts      {len(texts)} articles, {words} words (whitespace-separated)")
    print(f"rounds     {args.repeat} of each, alternating; best kept")
    print(f"clock      {'CPU seconds of this process' if args.cpu else 'wall clock'}")
    print(f"{'':18} {'seconds':>8} {'articles/s':>11} {'words/s':>9}")
    for label, seconds in best.items():
        print(f"{label:18} {seconds:8.2f} {len(texts) / seconds:11.1f} {words / seconds:9.0f}")
    analysed = best["analyze"]
    print(f"analyze/plain time ratio: {analysed / best['plain']:.2f}x")
    print(f"throughput ratio (analyze / plain articles per s): {best['plain'] / analysed:.2f}")
    print(
        "throughput ratio against the parse with numpy BLAS (rashomon's own share): "
        f"{best['plain, numpy BLAS'] / analysed:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
