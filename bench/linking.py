"""Time linking and comparing N synthetic articles; print time and peak memory per N.

    python bench/linking.py [--sizes 1000 10000 100000] [--corpus FILE.jsonl ...] [--seed 7]

Stages timed: ``find_copies``, ``merge_entities``, ``link_incidents``, then ``compare_incident``
on every incident. The base articles (the bundled fictional examples, plus
``../shared/corpora/*.jsonl`` when present, or the ``--corpus`` files) are analysed once with
the real pipeline. Each N then runs in a fresh process, so that its peak memory (ru_maxrss)
is its own, on N synthetic analyses made from them:

- a synthetic story takes 1-8 articles of one base corpus (one incident told by several
  outlets), shifts every date by one offset (up to ten years either way), swaps its place
  names for others (a pool of the base names and made-up ones), renames people (surname
  variants, surname alone, a made-up surname), adds one number to its counts, renames the
  capitalised words of its texts, titles and victim spans (recurring organisations kept),
  and gives new article ids and outlets;
- 30% of each text's words are swapped for words of the same length (offsets stay valid),
  so that stories are not wire copies of one another; 15% of articles are near-verbatim
  copies (2% of words swapped) of the story's previous article, under another outlet.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rashomon.model import (
    Analysis,
    Article,
    ClaimantType,
    Comparison,
    CopyGroup,
    Entity,
    Figure,
    Incident,
    Place,
    TextSpan,
    TimeExpression,
)

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
SHARED_CORPORA = REPO.parent / "shared" / "corpora"
DEFAULT_SIZES = (1_000, 10_000, 100_000)
WORD_SWAP = 0.30
COPY_SHARE = 0.15
COPY_SWAP = 0.02
MAX_STORY = 8
MADE_UP_PLACES = 50_000
MADE_UP_OUTLETS = 400
SYLLABLES = ("ka", "ro", "mi", "sel", "dan", "vor", "li", "tes", "bar", "nu", "qa", "zim")
_WORDS = re.compile(r"([A-Za-z]+)")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_NUMBER = re.compile(r"\d[\d,]*")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+")
LETTERS = "abcdefghiklmnoprstuvz"
# kept as they are: function words that start sentences, and recurring organisations
KEEP_WORDS = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "He",
        "She",
        "It",
        "They",
        "We",
        "I",
        "But",
        "And",
        "As",
        "After",
        "Before",
        "When",
        "Mr",
        "Ms",
        "Dr",
        "Israel",
        "Israeli",
        "Hamas",
        "Gaza",
        "Palestinian",
        "Ministry",
        "Health",
        "Army",
        "Reuters",
    ]
)


# --- the base analyses (parent process) -----------------------------------------------------


def analyse_base(corpora: Sequence[Path], out: Path) -> int:
    """Analyse the examples and ``corpora`` once; write {group, analysis} lines to ``out``."""
    from rashomon.config import Settings
    from rashomon.ingest import read_inputs
    from rashomon.parse import load_pipeline
    from rashomon.pipeline import analyse_articles
    from rashomon.store import analysis_to_dict

    settings = Settings()
    nlp = load_pipeline(settings.model)
    groups = [("examples", [str(EXAMPLES)])] + [(path.stem, [str(path)]) for path in corpora]
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        for name, inputs in groups:
            articles = [a for a in read_inputs(inputs, settings) if isinstance(a, Article)]
            for analysis in analyse_articles(articles, nlp=nlp, settings=settings):
                record = {"group": name, "analysis": analysis_to_dict(analysis)}
                handle.write(json.dumps(record) + "\n")
                count += 1
    return count


# --- synthetic analyses (child process) ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Base:
    analysis: Analysis
    pieces: tuple[str, ...]  # text split by _WORDS: words at odd positions
    words: tuple[int, ...]  # positions of the words in pieces


def load_base(path: Path) -> dict[str, list[_Base]]:
    from rashomon.store import analysis_from_dict

    groups: dict[str, list[_Base]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        analysis = analysis_from_dict(record["analysis"])
        pieces = tuple(_WORDS.split(analysis.article.text))
        base = _Base(analysis, pieces, tuple(range(1, len(pieces), 2)))
        groups.setdefault(record["group"], []).append(base)
    return groups


class Synthesiser:
    """Makes synthetic analyses from base ones (deterministic for one seed)."""

    def __init__(self, groups: dict[str, list[_Base]], seed: int) -> None:
        self.rng = random.Random(seed)
        self.groups = list(groups.values())
        self.vocab: dict[int, list[str]] = {}
        for bases in self.groups:
            for base in bases:
                for i in base.words:
                    self.vocab.setdefault(len(base.pieces[i]), []).append(base.pieces[i])
        names = {p.name for bases in self.groups for b in bases for p in b.analysis.places}
        made_up = [self._word(3) + " " + self._word(2).title() for _ in range(MADE_UP_PLACES)]
        self.places = sorted(names) + [name.title() for name in made_up]
        self.outlets = [f"The {self._word(3).title()} Post" for _ in range(MADE_UP_OUTLETS)]

    def _word(self, syllables: int) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(syllables))

    def make(self, n: int) -> list[Analysis]:
        out: list[Analysis] = []
        while len(out) < n:
            bases = self.rng.choice(self.groups)
            members = self.rng.sample(bases, self.rng.randint(1, min(len(bases), MAX_STORY)))
            story = _Story(
                days=self.rng.randrange(-3650, 3650),
                places={p: self._place(p) for b in members for p in _place_names(b)},
                names={},
                words={},
                delta=self.rng.randint(1, 400),
            )
            previous: tuple[_Base, str] | None = None
            for base in members:
                if len(out) == n:
                    break
                if previous is not None and self.rng.random() < COPY_SHARE:
                    base, text = previous[0], self._swap(previous[1], COPY_SWAP)
                else:
                    text = self._swap_base(base, WORD_SWAP, story)
                out.append(self._analysis(base, text, story, f"syn-{len(out)}"))
                previous = (base, text)
        return out

    def _place(self, name: str) -> str:
        return self.rng.choice(self.places)

    def _swap_base(self, base: _Base, share: float, story: _Story) -> str:
        """Swap ``share`` of the words at random, then every capitalised word the story's
        way (so that its articles share names and other stories do not)."""
        pieces = list(base.pieces)
        for i in self.rng.sample(base.words, int(len(base.words) * share)):
            pieces[i] = self.rng.choice(self.vocab[len(pieces[i])])
        for i in base.words:
            if pieces[i][0].isupper():
                pieces[i] = self._rename(pieces[i], story)
        return "".join(pieces)

    def _rename(self, word: str, story: _Story) -> str:
        if word in KEEP_WORDS:
            return word
        if word not in story.words:
            letters = "".join(self.rng.choice(LETTERS) for _ in range(len(word) - 1))
            story.words[word] = word[0] + letters
        return story.words[word]

    def _span(self, span: TextSpan | None, story: _Story) -> TextSpan | None:
        """A victims or target span with the story's names and counts."""
        if span is None:
            return None
        text = _NUMBER.sub(lambda m: str(int(m.group().replace(",", "")) + story.delta), span.text)
        text = _CAPITALISED.sub(lambda m: self._rename(m.group(), story), text)
        return replace(span, text=text)

    def _swap(self, text: str, share: float, story: _Story | None = None) -> str:
        pieces = _WORDS.split(text)
        words = range(1, len(pieces), 2)
        for i in self.rng.sample(words, int(len(words) * share)):
            pieces[i] = self.rng.choice(self.vocab[len(pieces[i])])
        if story is not None:
            for i in words:
                if pieces[i][0].isupper():
                    pieces[i] = self._rename(pieces[i], story)
        return "".join(pieces)

    def _analysis(self, base: _Base, text: str, story: _Story, new_id: str) -> Analysis:
        analysis = base.analysis
        article = analysis.article
        article = replace(
            article,
            id=new_id,
            title=None if article.title is None else self._swap(article.title, 0.0, story),
            text=text,
            outlet=self.rng.choice(self.outlets),
            url=f"https://news.example/{new_id}",
            published=_shift_date(article.published, story.days),
            origin=new_id,
        )
        claimants = tuple(
            replace(c, name=self._person(c.name, story)) if c.type is ClaimantType.PERSON else c
            for c in analysis.claimants
        )
        return replace(
            analysis,
            article=article,
            claimants=claimants,
            figures=tuple(_shift_figure(f, story.delta) for f in analysis.figures),
            times=tuple(_shift_time(t, story.days) for t in analysis.times),
            places=tuple(_swap_place(p, story) for p in analysis.places),
            events=tuple(
                replace(
                    e,
                    when=None if e.when is None else _shift_time(e.when, story.days),
                    where=tuple(_swap_place(p, story) for p in e.where),
                    victims=self._span(e.victims, story),
                    target=self._span(e.target, story),
                )
                for e in analysis.events
            ),
        )

    def _person(self, name: str, story: _Story) -> str:
        """One spelling per story: kept, surname alone, a vowel variant, or a new surname."""
        if name not in story.names:
            words = name.split()
            pick = self.rng.random()
            if len(words) < 2 or pick < 0.25:
                story.names[name] = name
            elif pick < 0.45:
                story.names[name] = words[-1]
            elif pick < 0.6:
                story.names[name] = " ".join([*words[:-1], _vowel_variant(words[-1])])
            else:
                story.names[name] = " ".join([*words[:-1], self._word(3).title()])
        return story.names[name]


@dataclass(frozen=True, slots=True)
class _Story:
    days: int
    places: dict[str, str]
    names: dict[str, str]  # person name -> its spelling in this story
    words: dict[str, str]  # capitalised word -> a made-up word of the same length
    delta: int  # added to every count of the story


def _place_names(base: _Base) -> set[str]:
    names = {p.name for p in base.analysis.places}
    return names | {p.name for e in base.analysis.events for p in e.where}


def _swap_place(place: Place, story: _Story) -> Place:
    name = story.places.get(place.name, place.name)
    return place if name == place.name else replace(place, name=name, source="")


def _shift_figure(figure: Figure, delta: int) -> Figure:
    low = None if figure.low is None else figure.low + delta
    high = None if figure.high is None else figure.high + delta
    return replace(figure, low=low, high=high)


def _shift_date(day: date | None, days: int) -> date | None:
    return None if day is None else day + timedelta(days=days)


def _shift_time(time_: TimeExpression, days: int) -> TimeExpression:
    value = time_.value
    if value is None or not _ISO_DAY.match(value):
        return time_
    shifted = date.fromisoformat(value[:10]) + timedelta(days=days)
    return replace(time_, value=shifted.isoformat() + value[10:])


def _vowel_variant(word: str) -> str:
    for old, new in (("ou", "u"), ("ee", "i"), ("a", "aa"), ("i", "y"), ("e", "a")):
        if old in word[1:]:
            return word[0] + word[1:].replace(old, new, 1)
    return word + "h"


def compare_all(
    incidents: Sequence[Incident],
    analyses: Sequence[Analysis],
    copies: Sequence[CopyGroup],
    entities: Sequence[Entity],
    compare: Callable[..., Comparison],
) -> list[Comparison]:
    """``compare_incident`` on every incident, each given only its own articles, the copy
    groups touching them and its entities' mentions in them (as ``rashomon compare`` and
    ``export`` do): handing every call all N analyses would make this N x incidents."""
    index = {analysis.article.id: i for i, analysis in enumerate(analyses)}
    groups_of: dict[str, list[int]] = {}
    for g, group in enumerate(copies):
        for article_id in group.article_ids:
            groups_of.setdefault(article_id, []).append(g)
    entities_of: dict[str, set[int]] = {}
    for e, entity in enumerate(entities):
        for mention in entity.mentions:
            entities_of.setdefault(mention.article_id, set()).add(e)
    out: list[Comparison] = []
    for incident in incidents:
        members = set(incident.article_ids)
        rows = sorted(index[i] for i in members if i in index)
        groups = sorted({g for i in members for g in groups_of.get(i, ())})
        chosen = sorted({e for i in members for e in entities_of.get(i, ())})
        scoped = [
            replace(
                entities[e],
                mentions=tuple(m for m in entities[e].mentions if m.article_id in members),
            )
            for e in chosen
        ]
        out.append(
            compare(
                incident,
                [analyses[r] for r in rows],
                copies=[copies[g] for g in groups],
                entities=scoped,
            )
        )
    return out


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM: ru_maxrss would keep the parent's peak
    across fork and exec)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_size(base_file: Path, n: int, seed: int) -> dict[str, Any]:
    """Build N synthetic analyses and time every stage; one result record."""
    from rashomon.compare import compare_incident
    from rashomon.link import find_copies, link_incidents, merge_entities

    started = time.perf_counter()
    analyses = Synthesiser(load_base(base_file), seed).make(n)
    result: dict[str, Any] = {"n": n, "build_s": time.perf_counter() - started}
    result["data_mb"] = _peak_mb()
    timings: dict[str, float] = {}
    started = time.perf_counter()
    copies = find_copies([a.article for a in analyses])
    timings["find_copies_s"] = time.perf_counter() - started
    started = time.perf_counter()
    entities = merge_entities(analyses)
    timings["merge_entities_s"] = time.perf_counter() - started
    started = time.perf_counter()
    incidents = link_incidents(analyses, entities)
    timings["link_incidents_s"] = time.perf_counter() - started
    started = time.perf_counter()
    compare_all(incidents, analyses, copies, entities, compare_incident)
    timings["compare_s"] = time.perf_counter() - started
    result.update(timings)
    result["total_s"] = sum(timings.values())
    result["peak_mb"] = _peak_mb()
    result["copy_groups"] = len(copies)
    result["entities"] = len(entities)
    result["incidents"] = len(incidents)
    return result


# --- command line -------------------------------------------------------------------------


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--corpus", type=Path, nargs="*", default=None, help="base JSONL corpora")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timeout", type=int, default=1800, help="seconds per size")
    parser.add_argument("--child", type=Path, default=None, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


COLUMNS = (
    ("n", "{:>7}"),
    ("build_s", "{:>8.1f}"),
    ("find_copies_s", "{:>8.1f}"),
    ("merge_entities_s", "{:>8.1f}"),
    ("link_incidents_s", "{:>8.1f}"),
    ("compare_s", "{:>8.1f}"),
    ("total_s", "{:>8.1f}"),
    ("data_mb", "{:>8.0f}"),
    ("peak_mb", "{:>8.0f}"),
    ("incidents", "{:>9}"),
)
HEADERS = (
    "N",
    "build s",
    "copies s",
    "ents s",
    "link s",
    "compare s",
    "total s",
    "data MB",
    "peak MB",
    "incidents",
)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    if args.child is not None:
        for n in args.sizes:
            print(json.dumps(run_size(args.child, n, args.seed)))
        return 0
    corpora = args.corpus
    if corpora is None:
        corpora = sorted(SHARED_CORPORA.glob("*.jsonl")) if SHARED_CORPORA.is_dir() else []
    with tempfile.TemporaryDirectory() as tmp:
        base_file = Path(tmp) / "base.jsonl"
        count = analyse_base(corpora, base_file)
        names = ", ".join(["examples", *(path.name for path in corpora)])
        print(f"{count} base articles analysed ({names}); each N in a fresh process")
        print(" ".join(f"{h:>9}" for h in HEADERS))
        for n in args.sizes:
            command = [sys.executable, __file__, "--child", str(base_file), "--sizes", str(n)]
            command += ["--seed", str(args.seed)]
            try:
                done = subprocess.run(
                    command, capture_output=True, text=True, timeout=args.timeout, check=False
                )
            except subprocess.TimeoutExpired:
                print(f"{n:>9} did not finish in {args.timeout} s")
                return 1
            if done.returncode != 0:
                print(done.stderr, file=sys.stderr)
                return 1
            row = json.loads(done.stdout.strip().splitlines()[-1])
            cells = [fmt.format(row[key]) for key, fmt in COLUMNS]
            print(" ".join(f"{cell:>9}" for cell in cells))
    print("data MB: peak RSS after building the N analyses; peak MB: after linking")
    return 0


if __name__ == "__main__":
    sys.exit(main())
