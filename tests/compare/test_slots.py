"""Slot names and the cause keyword table, on fictional sentences."""

from __future__ import annotations

import pytest

from rashomon.compare.slots import cause_of, figure_slot, labels_conflict
from rashomon.model import FigureCategory


@pytest.mark.parametrize(
    ("text", "cause", "responsible"),
    [
        ("an Israeli airstrike hit the clinic in Tarn", "israeli air strike", "israel"),
        ("a bomb dropped by an Israeli army plane", "israeli air strike", "israel"),
        (
            "the clinic was hit by a rocket misfired by Islamic Jihad",
            "misfired rocket (islamic jihad)",
            "islamic jihad",
        ),
        (
            "a failed rocket launch by the Palestinian Islamic Jihad group",
            "misfired rocket (islamic jihad)",
            "islamic jihad",
        ),
        ("an errant rocket fired by a terrorist group", "misfired rocket", "palestinian militants"),
        (
            "a missile fired from within Gaza hit the yard",
            "rocket from gaza",
            "palestinian militants",
        ),
        (
            "Palestinian rocket, not Israeli airstrike, for blast",
            "rocket from gaza",
            "palestinian militants",
        ),
        ("Israel was not responsible for the blast", "not an israeli strike", "not israel"),
        ("the army was not conducting air operations there", "not an israeli strike", "not israel"),
        ("I don't know whether it was an Israeli air strike", "unknown", "unknown"),
        (
            "an apparent rocket-propelled munition hit the yard",
            "rocket (launcher unknown)",
            "unknown",
        ),
        ("it was an Israeli interceptor", "israeli interceptor", "israel"),
    ],
)
def test_cause_table(text: str, cause: str, responsible: str) -> None:
    rule = cause_of(text)
    assert rule is not None
    assert (rule.cause, rule.responsible) == (cause, responsible)


@pytest.mark.parametrize("text", ["The strike hit a clinic.", "Tarn mourned on Monday."])
def test_no_cause_without_keywords(text: str) -> None:
    assert cause_of(text) is None


@pytest.mark.parametrize(
    ("category", "group", "slot"),
    [
        (FigureCategory.KILLED, None, "deaths"),
        (FigureCategory.KILLED, "People", "deaths"),
        (FigureCategory.WOUNDED, "soldiers", "wounded:soldiers"),
        (FigureCategory.CAPTURED, "captives", "captured:captives"),
        (FigureCategory.MISSING, None, "missing"),
    ],
)
def test_figure_slot(category: FigureCategory, group: str | None, slot: str) -> None:
    assert figure_slot(category, group) == slot


@pytest.mark.parametrize(
    ("slot", "first", "second", "conflict"),
    [
        ("cause", "israeli air strike", "rocket from gaza", True),
        ("cause", "misfired rocket", "rocket from gaza", False),
        ("cause", "unknown", "israeli air strike", False),
        ("responsible", "israel", "not israel", True),
        ("status", "civilian", "soldier", True),
        ("status", "soldier", "combatant", False),
        ("place", "Tarn", "Vost", False),
    ],
)
def test_labels_conflict(slot: str, first: str, second: str, conflict: bool) -> None:
    assert labels_conflict(slot, first, second) is conflict
