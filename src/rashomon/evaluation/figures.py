"""Score extracted figures against a gold fixture: precision and recall on (value, category,
claimant), with the misses and false positives listed per article.

The fixture (JSON, see ``tests/events/fixtures/al_ahli_figures.json``) holds only numbers
and names: named sets of claimant-name variants, and per article three lists of entries,

* ``gold``: the figures the gold sheet lists for that article (recall is over these);
* ``extra``: figures about the same incident that the article states but the gold sheet does
  not list (the outlet's own headline, a caption...): a figure matching one is correct;
* ``other``: figures about other events (a war's total toll): left out of precision.

An entry has a ``category``, a ``claimant`` (a named variant set) with optional ``also``
names, and one value: ``value`` n, ``range`` [a, b] or ``vague`` word.

Matching rule. Value: ``value`` n matches a figure that states n (its low or high, or n for
"more than n" / "fewer than n"); ``range`` [a, b] matches a figure with low a and high b;
``vague`` w matches a VAGUE figure whose range is the lexicon's for w (an open end allowed).
Containment is not used: "hundreds" does not find "471". Category: equal. Claimant: the
figure's claimant name, an alias, its affiliation, or the name or an alias of the claimant it
is ``part_of`` equals a variant, case-insensitively ("outlet" for the outlet's voice); an
unresolved claimant (None) never matches. ``other`` entries match on value and category.

Precision is over the figures of categories killed, wounded and killed_or_wounded (the gold
sheet's scope) that match no ``other`` entry; a figure is correct when it matches a ``gold``
or ``extra`` entry. Recall is over ``gold`` entries: found when one figure matches.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rashomon.figures.quantities import QuantityLexicon, default_quantity_lexicon
from rashomon.model import Analysis, Figure, FigureCategory, FigureQualifier

SCORED_CATEGORIES = frozenset(
    {FigureCategory.KILLED, FigureCategory.WOUNDED, FigureCategory.KILLED_OR_WOUNDED}
)


@dataclass(frozen=True, slots=True)
class GoldFigure:
    """One expected figure: a value (exact, range or vague word), a category, claimants."""

    category: FigureCategory
    claimants: frozenset[str]  # normalised acceptable names
    label: str  # claimant set name, for reports
    value: int | None = None
    range: tuple[int, int] | None = None
    vague: str | None = None

    def describe(self) -> str:
        if self.range is not None:
            shown = f"{self.range[0]}-{self.range[1]}"
        else:
            shown = self.vague if self.vague is not None else str(self.value)
        return f"{shown} {self.category.value} ({self.label})"


@dataclass(frozen=True, slots=True)
class ArticleGold:
    gold: tuple[GoldFigure, ...]
    extra: tuple[GoldFigure, ...] = ()
    other: tuple[GoldFigure, ...] = ()


@dataclass(frozen=True, slots=True)
class ScoredFigure:
    figure: Figure
    claimant_names: tuple[str, ...]

    def describe(self) -> str:
        f = self.figure
        names = "/".join(self.claimant_names) or "unresolved"
        return (
            f"{f.low}..{f.high} {f.qualifier.value} {f.category.value} "
            f"({f.claimant_id}: {names}) {f.text.text!r}"
        )


@dataclass(frozen=True, slots=True)
class ArticleScore:
    article_id: str
    found: tuple[GoldFigure, ...]
    missed: tuple[GoldFigure, ...]
    correct: tuple[ScoredFigure, ...]
    wrong: tuple[ScoredFigure, ...]
    excluded: tuple[ScoredFigure, ...]  # about other events
    strict_correct: int = 0  # figures matching a gold-sheet entry (extras not accepted)
    value_correct: int = 0  # kept figures matching a gold or extra entry, claimant ignored
    value_found: int = 0  # gold entries found, claimant ignored


@dataclass(frozen=True, slots=True)
class Score:
    articles: tuple[ArticleScore, ...] = field(default=())

    @property
    def true_positives(self) -> int:
        return sum(len(a.correct) for a in self.articles)

    @property
    def predicted(self) -> int:
        return sum(len(a.correct) + len(a.wrong) for a in self.articles)

    @property
    def gold_found(self) -> int:
        return sum(len(a.found) for a in self.articles)

    @property
    def gold_total(self) -> int:
        return sum(len(a.found) + len(a.missed) for a in self.articles)

    @property
    def strict_precision(self) -> float:
        """Gold-sheet entries only: extras count as wrong, other events are not left out."""
        predicted = sum(len(a.correct) + len(a.wrong) + len(a.excluded) for a in self.articles)
        correct = sum(a.strict_correct for a in self.articles)
        return correct / predicted if predicted else 1.0

    @property
    def value_precision(self) -> float:
        """Precision on (value, category) alone: the extraction without claimant errors."""
        correct = sum(a.value_correct for a in self.articles)
        return correct / self.predicted if self.predicted else 1.0

    @property
    def value_recall(self) -> float:
        found = sum(a.value_found for a in self.articles)
        return found / self.gold_total if self.gold_total else 1.0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold_total if self.gold_total else 1.0


def normalise_name(name: str) -> str:
    """Case, curly apostrophes, spacing and a leading "the" do not matter."""
    words = name.replace("’", "'").replace("‘", "'").lower().split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _entry(raw: Mapping[str, object], variants: Mapping[str, Sequence[str]]) -> GoldFigure:
    label = str(raw["claimant"])
    if label not in variants:
        raise ValueError(f"Unknown claimant set {label!r} in the figures fixture.")
    also = raw.get("also", [])
    names = [*variants[label], *(also if isinstance(also, list) else [])]
    value, bounds, vague = raw.get("value"), raw.get("range"), raw.get("vague")
    return GoldFigure(
        category=FigureCategory(str(raw["category"])),
        claimants=frozenset(normalise_name(str(n)) for n in names),
        label=label,
        value=value if isinstance(value, int) else None,
        range=(int(bounds[0]), int(bounds[1])) if isinstance(bounds, list) else None,
        vague=vague if isinstance(vague, str) else None,
    )


def load_fixture(path: Path) -> dict[str, ArticleGold]:
    """Per article id, the expected figures of a JSON fixture (format: module docstring)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    variants: dict[str, list[str]] = data["claimants"]
    articles: dict[str, ArticleGold] = {}
    for article_id, entries in data["articles"].items():
        articles[article_id] = ArticleGold(
            gold=tuple(_entry(e, variants) for e in entries.get("gold", [])),
            extra=tuple(_entry(e, variants) for e in entries.get("extra", [])),
            other=tuple(_entry(e, variants) for e in entries.get("other", [])),
        )
    return articles


def stated_values(figure: Figure) -> set[int]:
    """The numbers a figure's text states: both ends, n for "more than n"/"fewer than n"."""
    values = {v for v in (figure.low, figure.high) if v is not None}
    if figure.qualifier is FigureQualifier.MORE_THAN and figure.low is not None:
        values = {figure.low - 1}
    if figure.qualifier is FigureQualifier.LESS_THAN and figure.high is not None:
        values = {figure.high + 1}
    return values


def value_matches(gold: GoldFigure, figure: Figure, lexicon: QuantityLexicon) -> bool:
    if gold.range is not None:
        return (figure.low, figure.high) == gold.range
    if gold.vague is not None:
        bounds = lexicon.vague_range(gold.vague)
        if bounds is None or figure.qualifier is not FigureQualifier.VAGUE:
            return False
        return figure.low in (bounds[0], None) and figure.high in (bounds[1], None)
    if figure.qualifier is FigureQualifier.VAGUE:
        return False
    return gold.value in stated_values(figure)


def claimant_names(analysis: Analysis, claimant_id: str | None) -> tuple[str, ...]:
    """The names a figure's claimant goes by: name, aliases, affiliation, its whole's."""
    if claimant_id is None:
        return ()
    if claimant_id == "outlet":
        outlet = analysis.claimant("outlet")
        return ("outlet", outlet.name) if outlet is not None else ("outlet",)
    claimant = analysis.claimant(claimant_id)
    if claimant is None:
        return (claimant_id,)
    names = [claimant.name, *claimant.aliases]
    if claimant.affiliation:
        names.append(claimant.affiliation)
    whole = analysis.claimant(claimant.part_of)
    if whole is not None:
        names += [whole.name, *whole.aliases]
    return tuple(names)


def matches(
    gold: GoldFigure, scored: ScoredFigure, lexicon: QuantityLexicon, *, claimant: bool = True
) -> bool:
    figure = scored.figure
    if figure.category is not gold.category or not value_matches(gold, figure, lexicon):
        return False
    if not claimant:
        return True
    return any(normalise_name(n) in gold.claimants for n in scored.claimant_names)


def score_article(
    article_id: str,
    analysis: Analysis,
    figures: Sequence[Figure],
    expected: ArticleGold,
    lexicon: QuantityLexicon | None = None,
) -> ArticleScore:
    """Which gold figures were found and which extracted figures are right, for one article."""
    lex = lexicon if lexicon is not None else default_quantity_lexicon()
    scored = [
        ScoredFigure(f, claimant_names(analysis, f.claimant_id))
        for f in figures
        if f.category in SCORED_CATEGORIES
    ]
    excluded = [
        s for s in scored if any(matches(o, s, lex, claimant=False) for o in expected.other)
    ]
    kept = [s for s in scored if s not in excluded]
    accepted = (*expected.gold, *expected.extra)
    correct = [s for s in kept if any(matches(g, s, lex) for g in accepted)]
    wrong = [s for s in kept if s not in correct]
    found = [g for g in expected.gold if any(matches(g, s, lex) for s in scored)]
    missed = [g for g in expected.gold if g not in found]
    return ArticleScore(
        article_id=article_id,
        found=tuple(found),
        missed=tuple(missed),
        correct=tuple(correct),
        wrong=tuple(wrong),
        excluded=tuple(excluded),
        strict_correct=sum(1 for s in scored if any(matches(g, s, lex) for g in expected.gold)),
        value_correct=sum(
            1 for s in kept if any(matches(g, s, lex, claimant=False) for g in accepted)
        ),
        value_found=sum(
            1 for g in expected.gold if any(matches(g, s, lex, claimant=False) for s in scored)
        ),
    )
