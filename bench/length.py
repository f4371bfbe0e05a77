"""Analysis time and peak memory against article length (issue 13).

Each length runs in a fresh process (so its peak resident memory is its own): it loads the
pipeline, then analyses one English article of that many characters (paragraphs of news
sentences dense with figures, quotes and speakers, from ``tests/hostile/hostile_corpus.py``)
and prints the seconds the analysis took::

    OPENBLAS_NUM_THREADS=1 .venv/bin/python bench/length.py [10000 50000 200000]
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

CHILD = """
import sys, time
sys.path.insert(0, {hostile!r})
from hostile_corpus import long_article
from rashomon.config import Settings
from rashomon.ingest.text import build_article
from rashomon.parse import load_pipeline
from rashomon.pipeline import analyse_each
settings = Settings(article_time_limit=0)
nlp = load_pipeline(settings.model)
article = build_article(long_article({chars}), origin="long", settings=settings)
started = time.perf_counter()
(analysis,) = analyse_each([article], nlp=nlp, settings=settings)
print(time.perf_counter() - started, len(analysis.attributions), len(analysis.figures))
"""


def main() -> None:
    lengths = [int(n) for n in sys.argv[1:]] or [10_000, 50_000, 200_000]
    header = ("characters", "seconds", "chars/s", "peak MB", "atts", "figs")
    print(" ".join(f"{name:>10}" if i == 0 else f"{name:>8}" for i, name in enumerate(header)))
    for chars in lengths:
        code = CHILD.format(hostile=str(REPO / "tests" / "hostile"), chars=chars)
        child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        output = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            print(f"{chars:>10} failed with exit status {child.returncode}")
            continue
        seconds, attributions, figures = output.split()
        rate = chars / float(seconds)
        print(
            f"{chars:>10,} {float(seconds):8.1f} {rate:8,.0f} {usage.ru_maxrss / 1024:8.0f} "
            f"{attributions:>6} {figures:>6}"
        )


if __name__ == "__main__":
    main()
