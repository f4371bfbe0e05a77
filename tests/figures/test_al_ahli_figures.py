"""Figures on the al-Ahli hospital corpus against the gold sheet's fixture (issue 4), and the
matching rule on made-up figures.

The corpus run needs ../shared (``shared_path``: skipped on a user's clone, fails in CI when
missing). The same measurement, with per-article misses and false positives printed:
``python bench/figures_al_ahli.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from rashomon.config import Settings
from rashomon.evaluation.figures import (
    ArticleGold,
    GoldFigure,
    Score,
    ScoredFigure,
    load_fixture,
    matches,
    normalise_name,
    score_article,
)
from rashomon.figures import extract_figures
from rashomon.figures.quantities import default_quantity_lexicon
from rashomon.ingest import read_inputs
from rashomon.model import (
    Analysis,
    Article,
    Claimant,
    ClaimantType,
    Figure,
    FigureCategory,
    FigureQualifier,
    Part,
    PartKind,
    TextSpan,
)
from rashomon.parse import ParsedArticle
from rashomon.pipeline import analyse_articles
from support import shared_path

FIXTURE = Path(__file__).parent / "fixtures" / "al_ahli_figures.json"
CORPUS = ("corpora", "al-ahli-hospital-2023.jsonl")

# Measured with bench/figures_al_ahli.py (see the fixture's notes). Raise them when
# attribution gets better; never lower them to make a change pass.
PRECISION_FLOOR = 0.87  # rules alone 0.902; with the tagger 0.882 (figures inside
# a claimant's content that the claimant did not state); issue 4 asks >= 0.85
RECALL_FLOOR = 0.92  # measured 0.943
VALUE_PRECISION_FLOOR = 1.0  # (value, category) alone: the figure extraction itself
VALUE_RECALL_FLOOR = 1.0

K = FigureCategory
Q = FigureQualifier


def figure(
    low: int | None,
    high: int | None,
    qualifier: FigureQualifier,
    category: FigureCategory = K.KILLED,
    claimant_id: str | None = "ministry",
) -> Figure:
    return Figure("fig-1", TextSpan(0, 1, "x"), category, None, low, high, qualifier, claimant_id)


def gold(**value: object) -> GoldFigure:
    return GoldFigure(
        category=K.KILLED,
        claimants=frozenset({"gaza health ministry", "outlet"}),
        label="gaza-health-ministry",
        value=value.get("value"),  # type: ignore[arg-type]
        range=value.get("range"),  # type: ignore[arg-type]
        vague=value.get("vague"),  # type: ignore[arg-type]
    )


def analysis() -> Analysis:
    article = Article(id="a", text="x", parts=(Part(PartKind.BODY, 0, 1),))
    ministry = Claimant("ministry", "Health ministry official", ClaimantType.PERSON, part_of="gm")
    whole = Claimant("gm", "Gaza Health Ministry", ClaimantType.GOVERNMENT_BODY)
    outlet = Claimant("outlet", "The Daily", ClaimantType.MEDIA_OUTLET)
    return Analysis(article=article, attributions=(), claimants=(ministry, whole, outlet))


@pytest.mark.parametrize(
    ("expected", "found", "match"),
    [
        (gold(value=471), figure(471, 471, Q.EXACT), True),
        (gold(value=500), figure(500, None, Q.AT_LEAST), True),
        (gold(value=314), figure(315, None, Q.MORE_THAN), True),  # "more than 314"
        (gold(value=500), figure(500, 500, Q.APPROXIMATE), True),  # "nearly 500"
        (gold(value=300), figure(301, None, Q.MORE_THAN), True),
        (gold(value=471), figure(200, 999, Q.VAGUE), False),  # "hundreds" is not 471
        (gold(value=200), figure(100, 300, Q.RANGE), False),  # no containment
        (gold(range=(100, 300)), figure(100, 300, Q.RANGE), True),
        (gold(range=(100, 300)), figure(150, 300, Q.RANGE), False),
        (gold(vague="hundreds"), figure(200, 999, Q.VAGUE), True),
        (gold(vague="hundreds"), figure(200, None, Q.VAGUE), True),  # "at least hundreds"
        (gold(vague="hundreds"), figure(24, 99, Q.VAGUE), False),
        (gold(value=471), figure(471, 471, Q.EXACT, K.WOUNDED), False),
        (gold(value=471), figure(471, 471, Q.EXACT, claimant_id="outlet"), True),
        (gold(value=471), figure(471, 471, Q.EXACT, claimant_id=None), False),
    ],
)
def test_matching_rule(expected: GoldFigure, found: Figure, match: bool) -> None:
    names = {
        "ministry": ("Health ministry official", "Gaza Health Ministry"),
        "outlet": ("outlet",),
    }
    scored = ScoredFigure(found, names.get(found.claimant_id or "", ()))
    assert matches(expected, scored, default_quantity_lexicon()) is match


def test_score_counts_extras_as_right_and_other_events_as_neither() -> None:
    expected = ArticleGold(
        gold=(gold(value=471),),
        extra=(gold(vague="hundreds"),),
        other=(gold(value=3000),),
    )
    figures = [
        figure(471, 471, Q.EXACT),  # gold, claimant via part_of
        figure(200, 999, Q.VAGUE),  # extra
        figure(3000, 3000, Q.EXACT, claimant_id="outlet"),  # another event
        figure(12, 12, Q.EXACT, claimant_id="outlet"),  # wrong
        figure(5, 5, Q.EXACT, K.CAPTURED),  # not scored: outside the gold sheet's scope
    ]
    score = Score((score_article("a", analysis(), figures, expected),))
    assert (score.true_positives, score.predicted) == (2, 3)
    assert (score.gold_found, score.gold_total) == (1, 1)
    assert score.strict_precision == pytest.approx(1 / 4)


def test_fixture_holds_only_numbers_and_names() -> None:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    variants = data["claimants"]
    assert all(len(name) <= 60 for names in variants.values() for name in names)
    for entries in data["articles"].values():
        for entry in (e for kind in ("gold", "extra", "other") for e in entries.get(kind, [])):
            assert sum(key in entry for key in ("value", "range", "vague")) == 1, entry
            assert entry["claimant"] in variants
            FigureCategory(entry["category"])
            assert all(len(name) <= 60 for name in entry.get("also", []))
            assert len(entry.get("why", "")) <= 90
    assert len(load_fixture(FIXTURE)) == 20
    assert normalise_name("The  Hamas’s Ministry") == "hamas's ministry"


@pytest.fixture(scope="module")
def corpus_score(nlp: Language) -> Score:
    corpus = shared_path(*CORPUS)
    settings = Settings()
    expected = load_fixture(FIXTURE)
    articles = [a for a in read_inputs([str(corpus)], settings) if isinstance(a, Article)]
    assert sorted(a.id for a in articles) == sorted(expected)
    analyses = list(analyse_articles(articles, nlp=nlp, settings=settings))
    wired = any(a.figures for a in analyses)  # else: the same parse, then extract_figures
    scores = []
    for result in analyses:
        figures = list(result.figures)
        if not wired:
            parsed = ParsedArticle(result.article, nlp(result.article.text))
            figures = extract_figures(parsed, result.attributions, result.claims)
        scores.append(
            score_article(result.article.id, result, figures, expected[result.article.id])
        )
    return Score(tuple(scores))


def _report(score: Score) -> str:
    lines = []
    for article in score.articles:
        lines += [f"{article.article_id} MISS {g.describe()}" for g in article.missed]
        lines += [f"{article.article_id} FP {f.describe()}" for f in article.wrong]
    return "\n".join(lines)


def test_al_ahli_precision_and_recall_hold_their_floors(corpus_score: Score) -> None:
    assert corpus_score.precision >= PRECISION_FLOOR, _report(corpus_score)
    assert corpus_score.recall >= RECALL_FLOOR, _report(corpus_score)


def test_al_ahli_extraction_without_claimants_holds_its_floors(corpus_score: Score) -> None:
    assert corpus_score.value_precision >= VALUE_PRECISION_FLOOR, _report(corpus_score)
    assert corpus_score.value_recall >= VALUE_RECALL_FLOOR, _report(corpus_score)
