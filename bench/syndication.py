"""Time ``find_copies`` on N synthetic articles with planted copies; print pair precision/recall.

Usage: python bench/syndication.py CORPUS.jsonl [CORPUS.jsonl ...] [--n 1000 10000]

Each synthetic story mixes sentences of three random corpus articles, shuffled, with 15% of
its words swapped for random corpus words (so stories differ from one another). A quarter of
the articles are copies of an earlier synthetic story: re-punctuated, 2% of words swapped,
and half of them with a sentence dropped or an extra paragraph appended (an update).
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import time
from datetime import date, timedelta
from itertools import combinations

from rashomon.config import Settings
from rashomon.ingest import read_inputs
from rashomon.link import find_copies
from rashomon.model import Article, Part, PartKind

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def synthetic(texts: list[str], n: int, seed: int = 5) -> tuple[list[Article], list[set[int]]]:
    rng = random.Random(seed)
    sentences = [s for t in texts for s in _SENTENCE.split(t) if len(s.split()) > 4]
    vocab = [w for t in texts for w in t.split()]
    bodies: list[str] = []
    families: list[int] = []
    for i in range(n):
        if i > 10 and rng.random() < 0.25:
            source = rng.randrange(len(bodies))
            bodies.append(_copy(bodies[source], sentences, vocab, rng))
            families.append(families[source])
        else:
            chosen = [s for t in rng.sample(texts, 3) for s in _SENTENCE.split(t)]
            picked = rng.sample(chosen, min(12, len(chosen)))
            bodies.append(_swap(" ".join(picked), vocab, rng, 0.15))
            families.append(i)
    start = date(2023, 10, 1)
    articles = [
        Article(
            id=f"syn-{i}",
            text=body,
            parts=(Part(PartKind.BODY, 0, len(body)),),
            published=start + timedelta(days=rng.randrange(60)),
        )
        for i, body in enumerate(bodies)
    ]
    groups: dict[int, set[int]] = {}
    for i, family in enumerate(families):
        groups.setdefault(family, set()).add(i)
    return articles, [g for g in groups.values() if len(g) > 1]


def _swap(text: str, vocab: list[str], rng: random.Random, rate: float) -> str:
    return " ".join(rng.choice(vocab) if rng.random() < rate else w for w in text.split())


def _copy(body: str, sentences: list[str], vocab: list[str], rng: random.Random) -> str:
    text = _swap(body.replace(",", "").replace('"', "“"), vocab, rng, 0.02)
    roll = rng.random()
    if roll < 0.25:
        parts = _SENTENCE.split(text)
        parts.pop(rng.randrange(len(parts)))
        text = " ".join(parts)
    elif roll < 0.5:
        text += "\n\n" + " ".join(rng.sample(sentences, 3))
    return text


def pairs_of(groups: list[set[int]] | list[set[str]]) -> set[tuple[object, object]]:
    return {tuple(sorted(p)) for g in groups for p in combinations(g, 2)}  # type: ignore[misc]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpora", nargs="+")
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    texts = [a.text for a in read_inputs(args.corpora, Settings()) if isinstance(a, Article)]
    for n in args.n:
        articles, planted = synthetic(texts, n)
        began = time.perf_counter()
        groups = find_copies(articles)
        elapsed = time.perf_counter() - began
        found = pairs_of([{int(i.split("-")[1]) for i in g.article_ids} for g in groups])
        truth = pairs_of(planted)
        hit = len(found & truth)
        precision = hit / len(found) if found else 1.0
        recall = hit / len(truth) if truth else 1.0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"N={n}: {elapsed:.2f} s, {len(groups)} groups, planted pairs {len(truth)}, "
            f"found {len(found)}, precision {precision:.4f}, recall {recall:.4f}, "
            f"peak RSS {peak:.0f} MiB"
        )


if __name__ == "__main__":
    main()
