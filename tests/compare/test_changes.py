"""One side's account over time (compare/conflicts.py ``find_changes``): successive values,
the net change of a count revised several times, and a value an update only recalls
("Earlier it was reported about 16 dead"). Invented values."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from rashomon.compare.conflicts import find_changes
from rashomon.model import Appearance, SlotClaim

DAY = date(2031, 3, 2)
NEXT = date(2031, 3, 3)


def count(value: int, day: date, article: str, how: str = "direct") -> SlotClaim:
    seen = Appearance(article, "Tarn Post", day, f"{value} killed", attribution=how)
    return SlotClaim(
        slot="deaths",
        claimant="e1",
        claimant_name="Tarn police",
        value=None,
        low=value,
        high=value,
        first_seen=seen,
        appearances=(seen,),
        side="e1",
        side_name="Tarn police",
        number=value,
    )


def pairs(claims: list[SlotClaim]) -> set[tuple[str, str, int]]:
    return {(c.before, c.after, c.steps) for c in find_changes(claims)}


def test_a_count_revised_twice_has_its_steps_and_its_net_change() -> None:
    found = pairs([count(12, DAY, "a1"), count(17, DAY, "a2"), count(19, NEXT, "a3")])
    assert found == {("12", "17", 1), ("17", "19", 1), ("12", "19", 2)}


def test_a_recalled_earlier_report_is_the_updates_own_change_not_a_step() -> None:
    claims = [
        count(12, DAY, "a1"),
        count(16, DAY, "a2", how="earlier-report"),  # "Earlier it was reported about 16 dead"
        count(17, DAY, "a2"),
    ]
    # the series goes 12 -> 17 between the accounts; the update says 16 -> 17
    assert pairs(claims) == {("12", "17", 1), ("16", "17", 1)}


def test_a_value_also_stated_directly_is_a_step() -> None:
    recalled = count(16, DAY, "a2", how="earlier-report")
    direct = count(16, DAY, "a3")
    both = replace(recalled, appearances=(*recalled.appearances, *direct.appearances))
    found = pairs([count(12, DAY, "a1"), both, count(17, DAY, "a2")])
    assert ("12", "16", 1) in found and ("16", "17", 1) in found and ("12", "17", 2) in found
