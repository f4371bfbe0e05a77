"""Counts shown as their article writes them, on invented texts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from compare_samples import D1, D2, article, compare, figure, only
from rashomon.compare import value_text
from rashomon.compare.written import written_form
from rashomon.model import Figure, FigureCategory, FigureQualifier, TextSpan
from rashomon.present import comparison_to_dict, load_comparison_schema


def _written(text: str, qualifier: FigureQualifier, value: int | None) -> Figure:
    low = None if qualifier in (FigureQualifier.AT_MOST, FigureQualifier.LESS_THAN) else value
    return Figure(
        "fig-1",
        TextSpan(0, len(text), text),
        FigureCategory.KILLED,
        None,
        low,
        None,
        qualifier,
        "health",
        value=value,
    )


@pytest.mark.parametrize(
    ("text", "qualifier", "value", "shown"),
    [
        ("wounding more than 30", FigureQualifier.MORE_THAN, 30, "more than 30"),
        ("over 100 people were hurt", FigureQualifier.MORE_THAN, 100, "over 100"),
        ("nearly 300 were injured", FigureQualifier.APPROXIMATE, 300, "nearly 300"),
        ("up to thirty-five dead", FigureQualifier.AT_MOST, 35, "up to 35"),
        ("at least six people were killed", FigureQualifier.AT_LEAST, 6, "at least 6"),
        ("50 or more were killed", FigureQualifier.AT_LEAST, 50, "50 or more"),
        ("fewer than 10 dead", FigureQualifier.LESS_THAN, 10, "fewer than 10"),
        ("twelve people died", FigureQualifier.EXACT, 12, "12"),
        # the qualifier word not before a number: the lexicon's own phrase for it
        ("over the weekend it rose above 40", FigureQualifier.MORE_THAN, 40, "above 40"),
        ("the toll passed 40", FigureQualifier.MORE_THAN, 40, "more than 40"),
    ],
)
def test_the_count_is_shown_as_written(
    text: str, qualifier: FigureQualifier, value: int, shown: str
) -> None:
    assert written_form(_written(text, qualifier, value)) == shown


def test_ranges_vague_words_and_unwritten_numbers_keep_their_bounds() -> None:
    assert written_form(_written("dozens were hurt", FigureQualifier.VAGUE, None)) == ""
    ranged = replace(_written("between 100 and 300", FigureQualifier.RANGE, 100), high=300)
    assert written_form(ranged) == ""


def _more_than(fid: str, number: int) -> Figure:
    base = figure(fid, "health", number + 1, None)
    text = f"more than {number} people died"
    return replace(
        base,
        text=TextSpan(0, len(text), text),
        qualifier=FigureQualifier.MORE_THAN,
        value=number,
    )


def test_ledger_claims_carry_the_written_value_and_changes_use_it() -> None:
    analyses = [
        article("a1", D1, figures=(replace(figure("fig-1", "health", 30, 30), value=30),)),
        article("a2", D2, figures=(_more_than("fig-1", 90),)),
    ]
    comparison = compare(analyses)
    ninety = [c for c in only(comparison, "deaths", "ent-health") if c.low == 91]
    assert [value_text(c) for c in ninety] == ["more than 90"]
    assert [(c.before, c.after) for c in comparison.changes] == [("30", "more than 90")]
    data = comparison_to_dict(comparison)
    claims = data["slots"][0]["claims"]
    assert {(c["display"], c["value"], c["low"]) for c in claims} == {
        ("30", 30, 30),
        ("more than 90", 90, 91),
    }
    schema = load_comparison_schema()
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(data, schema)


def test_more_than_and_its_bound_are_two_values_of_one_claimant() -> None:
    at_least = replace(figure("fig-2", "health", 31, None), value=31)
    at_least = replace(at_least, qualifier=FigureQualifier.AT_LEAST)
    analyses = [article("a1", D1, figures=(_more_than("fig-1", 30), at_least))]
    shown = sorted(value_text(c) for c in only(compare(analyses), "deaths", "ent-health"))
    assert shown == ["at least 31", "more than 30"]
