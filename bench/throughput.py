"""Throughput of rashomon's whole pipeline against plain spaCy, on PolNeAR dev texts.

One run loads the pipeline once, warms both paths up on a few texts, then times, in
alternating rounds, plain ``nlp.pipe(texts)`` and ``analyse_articles`` (redaction on, as users
run it), with the same model and batch size. The best round of each is reported.

    python bench/throughput.py [--split-dir DIR] [--repeat N] [--limit N] [--model NAME] [--cpu]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from rashomon.config import load_settings
from rashomon.errors import RashomonError
from rashomon.evaluation import read_split
from rashomon.model import Article
from rashomon.parse import load_pipeline
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
    except RashomonError as e:
        print(f"error: {e}", file=sys.stderr)
        print(f"(split used: {args.split_dir}; pass --split-dir DIR)", file=sys.stderr)
        return 2
    settings = replace(settings, redact=True)
    if args.limit:
        articles = articles[: args.limit]
    texts = [article.text for article in articles]
    words = sum(len(text.split()) for text in texts)
    batch_size = settings.batch_size

    def plain() -> None:
        for _doc in nlp.pipe(texts, batch_size=batch_size):
            pass

    def analyse() -> None:
        for _analysis in analyse_articles(articles, nlp=nlp, settings=settings):
            pass

    warm = articles[: args.warmup]
    for _doc in nlp.pipe([article.text for article in warm], batch_size=batch_size):
        pass
    for _analysis in analyse_articles(warm, nlp=nlp, settings=settings):
        pass

    plain_times: list[float] = []
    analyse_times: list[float] = []
    for round_number in range(1, args.repeat + 1):  # alternate, so drift hits both alike
        plain_times.append(_seconds(plain, cpu=args.cpu))
        analyse_times.append(_seconds(analyse, cpu=args.cpu))
        print(
            f"round {round_number}: plain {plain_times[-1]:.2f} s, "
            f"analyze {analyse_times[-1]:.2f} s",
            file=sys.stderr,
        )

    plain_best, analyse_best = min(plain_times), min(analyse_times)
    meta = nlp.meta
    print(f"split      {args.split_dir}")
    print(f"model      {meta.get('name', '')}-{meta.get('version', '')}, batch size {batch_size}")
    print(f"texts      {len(texts)} articles, {words} words (whitespace-separated)")
    print(f"rounds     {args.repeat} of each, alternating; best kept")
    print(f"clock      {'CPU seconds of this process' if args.cpu else 'wall clock'}")
    print(f"{'':10} {'seconds':>8} {'articles/s':>11} {'words/s':>9}")
    for label, seconds in (("plain", plain_best), ("analyze", analyse_best)):
        print(f"{label:10} {seconds:8.2f} {len(texts) / seconds:11.1f} {words / seconds:9.0f}")
    print(f"analyze/plain time ratio: {analyse_best / plain_best:.2f}x")
    print(f"throughput ratio (analyze / plain articles per s): {plain_best / analyse_best:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
