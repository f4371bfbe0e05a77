"""Fuzz the reader and the whole analysis for N minutes (issue 13).

Texts come from ``tests/hostile/fuzz_texts.py`` at full length (news-like sentences, nested
and unbalanced quotes, long repeated structures, odd unicode, pages), each from its own
seed. Each is read with ``build_article`` (an ``InputError`` there is a refusal, not a
crash) and analysed with ``analyse_each`` under ``--hang`` seconds of time limit. Prints
texts/s, refusals, crashes (any other exception: 0 allowed), hangs (analyses past the
limit: 0 allowed) and the slowest input, with the seed that rebuilds it::

    OPENBLAS_NUM_THREADS=1 .venv/bin/python bench/fuzz.py --minutes 20
    .venv/bin/python bench/fuzz.py --replay SEED   # the text of one seed, on stdout

Exit status 1 when anything crashed or hung.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "hostile"))

from fuzz_texts import fuzz_text, span_problems  # noqa: E402 - path set just above

from rashomon.config import Settings  # noqa: E402
from rashomon.errors import InputError  # noqa: E402
from rashomon.ingest.text import build_article  # noqa: E402
from rashomon.model import Analysis  # noqa: E402
from rashomon.parse import load_pipeline  # noqa: E402
from rashomon.pipeline import analyse_each  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument("--seed", type=int, default=13, help="first seed (then +1 per text)")
    parser.add_argument("--hang", type=float, default=60.0, help="seconds that count as a hang")
    parser.add_argument("--replay", type=int, help="print the text of this seed and exit")
    args = parser.parse_args()
    if args.replay is not None:
        family, text = fuzz_text(random.Random(args.replay))
        print(f"# {family}, {len(text):,} characters", file=sys.stderr)
        sys.stdout.write(text)
        return 0
    settings = Settings(article_time_limit=args.hang)
    nlp = load_pipeline(settings.model)
    started = time.monotonic()
    deadline = started + args.minutes * 60
    texts = refused = 0
    chars = 0
    crashes: list[str] = []
    hangs: list[str] = []
    slowest = (0.0, "", 0, 0)
    seed = args.seed
    while time.monotonic() < deadline:
        family, text = fuzz_text(random.Random(seed))
        begun = time.monotonic()
        try:
            article = build_article(text, origin=f"seed {seed}", settings=settings)
            (result,) = analyse_each([article], nlp=nlp, settings=settings)
        except InputError:
            refused += 1
        except Exception:  # noqa: BLE001 - the fuzzer's boundary: every crash is recorded
            crashes.append(f"seed {seed} ({family}): {traceback.format_exc().splitlines()[-1]}")
        else:
            if not isinstance(result, Analysis):
                hangs.append(f"seed {seed} ({family}, {len(text):,} chars): [{result.code}]")
            elif problems := span_problems(result):
                crashes.append(f"seed {seed} ({family}): span {problems[0]}")
        seconds = time.monotonic() - begun
        if seconds > slowest[0]:
            slowest = (seconds, family, len(text), seed)
        texts += 1
        chars += len(text)
        seed += 1
    elapsed = time.monotonic() - started
    print(
        f"{texts} texts ({chars:,} characters) in {elapsed:.0f} s: {texts / elapsed:.2f} texts/s, "
        f"{chars / elapsed:,.0f} characters/s; {refused} refused by the reader"
    )
    print(f"crashes: {len(crashes)}; hangs (over {args.hang:g} s): {len(hangs)}")
    for line in crashes + hangs:
        print("  " + line)
    seconds, family, length, seed_of = slowest
    print(f"slowest: seed {seed_of} ({family}, {length:,} characters) {seconds:.1f} s")
    return 1 if crashes or hangs else 0


if __name__ == "__main__":
    sys.exit(main())
