"""Time linking and comparing N synthetic articles; print time and peak memory per N.

    python bench/linking.py [--sizes 1000 10000 100000] [--corpus FILE.jsonl ...] [--seed 7]

Stages timed: ``find_copies``, ``merge_entities``, ``link_incidents``, then
``compare_incidents`` over every incident (making the synthetic analyses is timed apart, as
``build s``). The base articles (the bundled fictional examples, plus
``../shared/corpora/*.jsonl`` when present, or the ``--corpus`` files) are analysed once with
the real pipeline. Each N then runs in a fresh process, so that its peak memory (VmHWM)
is its own, on N synthetic analyses made from them:

- a synthetic story takes 1-8 articles of one base corpus (one incident told by several
  outlets), shifts every date by one offset (up to ten years either way), swaps its place
  names for others (a pool of the base names and made-up ones) and moves its places together
  (by up to 3 degrees of latitude and 4 of longitude), renames people (surname variants,
  surname alone, a made-up surname), adds one number to its counts, renames the capitalised
  words of its texts, titles and victim spans (one made-up word per name, whatever its
  spelling; recurring organisations and words that name nothing, such as "Arab" or "March",
  kept), and gives new article ids and outlets;
- 30% of each text's lower-case words of three letters or more are swapped for such words of
  the same length (offsets stay valid), so that stories are not wire copies of one another;
  15% of articles are near-verbatim copies (2% of those words swapped) of the story's
  previous article, under another outlet.

The generator knows the truth, so a second table scores the incidents: a true incident is one
story's articles made from one base incident (as ``link_incidents`` finds them on the real
articles: the al-Ahli articles are one, the distractors nine).
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
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rashomon.link._incident_keys import link_words
from rashomon.link.names import skeleton
from rashomon.model import (
    Analysis,
    Article,
    ClaimantType,
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
SHIFT_LAT = 3.0  # each story's places move together, by up to this much (degrees)
SHIFT_LON = 4.0
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
    plain: tuple[int, ...]  # positions of the lower-case words of 3+ letters (swapped)


def load_base(path: Path) -> dict[str, list[_Base]]:
    from rashomon.store import analysis_from_dict

    groups: dict[str, list[_Base]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        analysis = analysis_from_dict(record["analysis"])
        pieces = tuple(_WORDS.split(analysis.article.text))
        words = tuple(range(1, len(pieces), 2))
        plain = tuple(i for i in words if _swappable(pieces[i]))
        base = _Base(analysis, pieces, words, plain)
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
                for i in base.plain:
                    self.vocab.setdefault(len(base.pieces[i]), []).append(base.pieces[i])
        names = {p.name for bases in self.groups for b in bases for p in b.analysis.places}
        made_up = [self._word(3) + " " + self._word(2).title() for _ in range(MADE_UP_PLACES)]
        self.places = sorted(names) + [name.title() for name in made_up]
        self.outlets = [f"The {self._word(3).title()} Post" for _ in range(MADE_UP_OUTLETS)]

    def _word(self, syllables: int) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(syllables))

    def make(self, n: int) -> Synthetic:
        out: list[Analysis] = []
        stories: list[int] = []
        bases_of: list[str] = []
        number = 0
        while len(out) < n:
            number += 1
            bases = self.rng.choice(self.groups)
            members = self.rng.sample(bases, self.rng.randint(1, min(len(bases), MAX_STORY)))
            story = _Story(
                number=number,
                days=self.rng.randrange(-3650, 3650),
                shift=(
                    self.rng.uniform(-SHIFT_LAT, SHIFT_LAT),
                    self.rng.uniform(-SHIFT_LON, SHIFT_LON),
                ),
                places={p: self._place(p) for b in members for p in sorted(_place_names(b))},
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
                stories.append(story.number)
                bases_of.append(base.analysis.article.id)
                previous = (base, text)
        return Synthetic(out, stories, bases_of)

    def _place(self, name: str) -> str:
        return self.rng.choice(self.places)

    def _swap_base(self, base: _Base, share: float, story: _Story) -> str:
        """Swap ``share`` of the lower-case words at random, then rename every capitalised
        word the story's way (so that its articles share names and other stories do not)."""
        pieces = list(base.pieces)
        for i in self.rng.sample(base.plain, int(len(base.plain) * share)):
            pieces[i] = self.rng.choice(self.vocab[len(pieces[i])])
        for i in base.words:
            if pieces[i][0].isupper():
                pieces[i] = self._rename(pieces[i], story)
        return "".join(pieces)

    def _rename(self, word: str, story: _Story) -> str:
        """One made-up word per name of the story; spellings of one name ("Ahli", "Ahil")
        get the same one, so that the story's articles still share their names."""
        folded = word.lower()
        if (
            word in KEEP_WORDS or folded in link_words().structural
        ):  # no name: "Arab", "Hospital", "March"
            return word
        key = f"{skeleton(folded)}:{''.join(sorted(set(folded)))}"
        if key not in story.words:
            letters = "".join(self.rng.choice(LETTERS) for _ in range(len(word) - 1))
            story.words[key] = word[0] + letters
        return story.words[key]

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
        plain = [i for i in words if _swappable(pieces[i])]
        for i in self.rng.sample(plain, int(len(plain) * share)):
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
class Synthetic:
    """N synthetic analyses and the truth behind them: each one's story and base article."""

    analyses: list[Analysis]
    stories: list[int]
    bases: list[str]  # base article ids


@dataclass(frozen=True, slots=True)
class _Story:
    number: int
    days: int
    shift: tuple[float, float]  # degrees of latitude and longitude added to its places
    places: dict[str, str]
    names: dict[str, str]  # person name -> its spelling in this story
    words: dict[str, str]  # a capitalised word's spelling key -> a made-up word
    delta: int  # added to every count of the story


def _swappable(word: str) -> bool:
    """A lower-case word of three letters or more: names stay, and so do the "s" of "Gaza's"
    and "a", which would make new words ("Tuesday'a")."""
    return len(word) >= 3 and word[0].islower()


def _place_names(base: _Base) -> set[str]:
    names = {p.name for p in base.analysis.places}
    return names | {p.name for e in base.analysis.events for p in e.where}


def _swap_place(place: Place, story: _Story) -> Place:
    """The story's name for ``place``, moved by the story's shift: its places keep their
    distances from one another, and are elsewhere than another story's."""
    name = story.places.get(place.name, place.name)
    if place.lat is None or place.lon is None:
        return place if name == place.name else replace(place, name=name, source="")
    lat, lon = place.lat + story.shift[0], place.lon + story.shift[1]
    return replace(place, name=name, source="", lat=max(-90.0, min(90.0, lat)), lon=lon)


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


def linking_quality(
    incidents: Sequence[Incident], synthetic: Synthetic, base_incident: dict[str, str]
) -> dict[str, float]:
    """How well the incidents match the truth the generator knows.

    A true incident is one story's articles made from one base incident (a story draws on
    one base corpus, and the distractors are nine incidents). Only articles that some
    incident holds are scored. ``whole``: share of true incidents of two or more articles
    that land in one incident; ``mixed``: share of incidents of two or more articles that
    hold more than one true incident; ``precision`` and ``recall``: over pairs of articles.
    """
    truth = {
        article.article.id: (story, base_incident.get(base))
        for article, story, base in zip(
            synthetic.analyses, synthetic.stories, synthetic.bases, strict=True
        )
    }
    found = {a: incident.id for incident in incidents for a in incident.article_ids}
    true_groups: dict[tuple[int, str | None], list[str]] = {}
    for article_id in found:
        true_groups.setdefault(truth[article_id], []).append(article_id)
    cells: dict[tuple[str, tuple[int, str | None]], int] = {}
    for article_id, incident_id in found.items():
        key = (incident_id, truth[article_id])
        cells[key] = cells.get(key, 0) + 1
    sizes = [len(incident.article_ids) for incident in incidents]
    plural = [g for g in true_groups.values() if len(g) >= 2]
    whole = sum(1 for g in plural if len({found[a] for a in g}) == 1)
    kinds: dict[str, int] = {}
    for incident_id, _ in cells:
        kinds[incident_id] = kinds.get(incident_id, 0) + 1
    mixed = sum(1 for incident in incidents if kinds.get(incident.id, 0) > 1)
    linked_pairs = sum(k * (k - 1) // 2 for k in sizes)
    right_pairs = sum(k * (k - 1) // 2 for k in cells.values())
    true_pairs = sum(len(g) * (len(g) - 1) // 2 for g in true_groups.values())
    return {
        "whole": whole / len(plural) if plural else 1.0,
        "mixed": mixed / sum(1 for k in sizes if k >= 2) if any(k >= 2 for k in sizes) else 0.0,
        "precision": right_pairs / linked_pairs if linked_pairs else 1.0,
        "recall": right_pairs / true_pairs if true_pairs else 1.0,
        "largest": float(max(sizes, default=0)),
    }


def base_incidents(groups: dict[str, list[_Base]]) -> dict[str, str]:
    """The incident of each base article, as ``link_incidents`` finds them on the real
    articles (tested: every al-Ahli article in one, each distractor apart)."""
    from rashomon.link import link_incidents, merge_entities

    analyses = [base.analysis for bases in groups.values() for base in bases]
    incidents = link_incidents(analyses, merge_entities(analyses))
    return {a: incident.id for incident in incidents for a in incident.article_ids}


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
    from rashomon.compare import compare_incidents
    from rashomon.link import find_copies, link_incidents, merge_entities

    started = time.perf_counter()
    groups = load_base(base_file)
    synthetic = Synthesiser(groups, seed).make(n)
    analyses = synthetic.analyses
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
    comparisons = compare_incidents(incidents, analyses, copies=copies, entities=entities)
    timings["compare_s"] = time.perf_counter() - started
    result.update(timings)
    result["total_s"] = sum(timings.values())
    result["peak_mb"] = _peak_mb()
    result["copy_groups"] = len(copies)
    result["entities"] = len(entities)
    result["incidents"] = len(incidents)
    result["conflicts"] = sum(len(c.conflicts) for c in comparisons)
    result.update(linking_quality(incidents, synthetic, base_incidents(groups)))
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
    ("N", "n", "{:>9}"),
    ("build s", "build_s", "{:>9.1f}"),
    ("copies s", "find_copies_s", "{:>9.1f}"),
    ("ents s", "merge_entities_s", "{:>9.1f}"),
    ("link s", "link_incidents_s", "{:>9.1f}"),
    ("compare s", "compare_s", "{:>9.1f}"),
    ("total s", "total_s", "{:>9.1f}"),
    ("ms/art", "ms_per_article", "{:>9.2f}"),
    ("data MB", "data_mb", "{:>9.0f}"),
    ("peak MB", "peak_mb", "{:>9.0f}"),
)
QUALITY = (
    ("N", "n", "{:>9}"),
    ("incidents", "incidents", "{:>9}"),
    ("largest", "largest", "{:>9.0f}"),
    ("whole %", "whole", "{:>9.1%}"),
    ("mixed %", "mixed", "{:>9.1%}"),
    ("pair P", "precision", "{:>9.3f}"),
    ("pair R", "recall", "{:>9.3f}"),
    ("conflicts", "conflicts", "{:>9}"),
)


def _row(columns: Sequence[tuple[str, str, str]], record: dict[str, Any] | None) -> str:
    if record is None:
        return " ".join(f"{header:>9}" for header, _, _ in columns)
    return " ".join(fmt.format(record[key]) for _, key, fmt in columns)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    if args.child is not None:
        for n in args.sizes:
            print(json.dumps(run_size(args.child, n, args.seed)))
        return 0
    corpora = args.corpus
    if corpora is None:
        corpora = sorted(SHARED_CORPORA.glob("*.jsonl")) if SHARED_CORPORA.is_dir() else []
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        base_file = Path(tmp) / "base.jsonl"
        count = analyse_base(corpora, base_file)
        names = ", ".join(["examples", *(path.name for path in corpora)])
        print(f"{count} base articles analysed ({names}); each N in a fresh process")
        print(_row(COLUMNS, None), flush=True)
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
            row["ms_per_article"] = 1000 * row["total_s"] / n
            rows.append(row)
            print(_row(COLUMNS, row), flush=True)
    print("build s (not counted in total s): making the N synthetic analyses; data MB: peak")
    print("RSS after building them; peak MB: after linking and comparing (ledgers all kept)")
    print("\nlinking quality against the generator's truth (one story's articles from one base")
    print("incident); whole: true incidents kept in one; mixed: incidents holding two or more")
    print(_row(QUALITY, None))
    for row in rows:
        print(_row(QUALITY, row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
