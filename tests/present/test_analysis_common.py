"""Words shared by the text and HTML views: counts, times, places, claim groups."""

from __future__ import annotations

import pytest
from present_samples import make_analysis

from rashomon.model import (
    Claim,
    ClaimType,
    Figure,
    FigureCategory,
    FigureQualifier,
    PartKind,
    Place,
    Precision,
    TextSpan,
    TimeExpression,
)
from rashomon.present._analysis_common import (
    claim_label,
    claims_by_claimant,
    figure_count,
    figure_words,
    figures_by_claimant,
    place_words,
    type_counts,
    when_words,
)

Q = FigureQualifier


def _figure(words: str, low: int | None, high: int | None, qualifier: FigureQualifier) -> Figure:
    return Figure(
        "fig-1", TextSpan(0, len(words), words), FigureCategory.KILLED, None, low, high, qualifier
    )


@pytest.mark.parametrize(
    "words, low, high, qualifier, expected",
    [
        ("471 people", 471, 471, Q.EXACT, "471"),
        ("at least 471", 471, None, Q.AT_LEAST, "at least 471"),
        ("more than 300", 301, None, Q.MORE_THAN, "more than 300"),
        ("up to 50", None, 50, Q.AT_MOST, "up to 50"),
        ("fewer than 50", None, 49, Q.LESS_THAN, "fewer than 50"),
        ("nearly 500", 500, 500, Q.APPROXIMATE, "about 500"),
        ("some 100 to 300", 100, 300, Q.APPROXIMATE, "about 100–300"),
        ("between 100 and 300", 100, 300, Q.RANGE, "100–300"),
        ("three to four", 3, 4, Q.RANGE, "3–4"),
        ("several attackers", 3, 9, Q.VAGUE, "3–9 (several)"),
        ("Scores of patients", 20, 99, Q.VAGUE, "20–99 (scores)"),
        ("hundreds of families", 100, None, Q.VAGUE, "100 or more (hundreds)"),
        ("a great many", 10, 99, Q.VAGUE, "10–99 (many)"),
        ("a crowd", 10, 99, Q.VAGUE, "10–99 (a crowd)"),
        ("at least some", None, None, Q.AT_LEAST, "an unknown number"),
        ("an open count", None, None, Q.EXACT, "an unknown number"),
    ],
)
def test_figure_count_says_the_range_in_words(
    words: str, low: int | None, high: int | None, qualifier: FigureQualifier, expected: str
) -> None:
    assert figure_count(_figure(words, low, high, qualifier)) == expected


def test_figure_words_adds_category_and_group() -> None:
    figure = make_analysis().figures[1]
    assert figure_words(figure) == "at least 30 wounded people"


@pytest.mark.parametrize(
    "time, expected",
    [
        (
            TimeExpression(TextSpan(0, 6, "Friday"), "2031-05-02", Precision.DAY, "weekday"),
            "2031-05-02 (day, from weekday)",
        ),
        (
            TimeExpression(
                TextSpan(0, 9, "at 2:30 am"), "2031-05-02T02:30", Precision.MINUTE, "anchor"
            ),
            "2031-05-02T02:30 (minute, from anchor)",
        ),
        (
            TimeExpression(TextSpan(0, 10, "seven days"), None, None, "explicit", duration="P7D"),
            "not placed in time lasting P7D (from explicit)",
        ),
        (
            TimeExpression(TextSpan(0, 4, "then"), None, None, ""),
            "not placed in time (derivation unknown)",
        ),
    ],
)
def test_when_words(time: TimeExpression, expected: str) -> None:
    assert when_words(time) == expected


@pytest.mark.parametrize(
    "place, expected",
    [
        (
            Place(
                TextSpan(0, 5, "Rafah"),
                "Rafah",
                "city",
                "PS",
                31.29,
                34.25,
                alternatives=("Rafah, EG",),
            ),
            "Rafah (city, PS) 31.2900, 34.2500, city precision; also: Rafah, EG",
        ),
        (
            Place(TextSpan(0, 4, "quay"), "Merren Quay", "landmark"),
            "Merren Quay (landmark) not located",
        ),
    ],
)
def test_place_words(place: Place, expected: str) -> None:
    assert place_words(place) == expected


def test_claims_by_claimant_keeps_reader_claims_apart() -> None:
    analysis = make_analysis()
    outlet = claims_by_claimant(analysis, reader=False)
    reader = claims_by_claimant(analysis, reader=True)
    assert [c.id if c else None for c, _ in outlet] == ["outlet", "c1", "c2", "c3", None]
    assert [c.id if c else None for c, _ in reader] == ["c3", "reader-1", None]
    assert all(claim.part == PartKind.COMMENT for _, claims in reader for claim in claims)
    outlet_claims = dict((c.id if c else None, claims) for c, claims in outlet)["outlet"]
    assert [c.id for c in outlet_claims] == [
        "claim-1",
        "claim-8",
        "claim-9",
        "claim-10",
        "claim-11",
        "claim-12",
    ]


def test_figures_by_claimant_never_merges() -> None:
    analysis = make_analysis()
    groups = figures_by_claimant(analysis)
    assert [(c.id if c else None, [f.id for f in fs]) for c, fs in groups] == [
        ("c1", ["fig-1"]),
        ("c3", ["fig-2", "fig-4"]),
        ("outlet", ["fig-3"]),
        (None, ["fig-5"]),
    ]


def test_type_counts_and_claim_label() -> None:
    analysis = make_analysis()
    assert type_counts(analysis.claims) == "11 fact, 2 judgement, 1 prediction, 1 evidence"
    assert claim_label(analysis, "claim-4") == "claim-4 (Lena Okafor)"
    assert claim_label(analysis, "claim-7") == "claim-7 (unresolved source)"
    assert claim_label(analysis, "claim-99") == "claim-99"


@pytest.mark.parametrize("kind", list(ClaimType))
def test_type_counts_one_type(kind: ClaimType) -> None:
    claim = Claim("claim-1", "outlet", TextSpan(0, 1, "x"), (), kind)
    assert type_counts([claim, claim]) == f"2 {kind.value}"
