"""Slot names, the cause, evidence and damage keyword tables, conflict strengths and clock
times, on fictional sentences."""

from __future__ import annotations

import pytest

from rashomon.compare import slots
from rashomon.compare.labels import cause_of, causes_conflict, packaged_vocabulary
from rashomon.compare.slots import (
    DAMAGE_RULES,
    EVIDENCE_RULES,
    asserted_text,
    conflict_strength,
    figure_slot,
    label_of,
    labels_conflict,
    time_label,
)
from rashomon.model import FigureCategory

# invented nations: the words come from the sides file in use, never from code
NATIONS = {"vostrian": "vostria", "vostria": "vostria", "tarnian": "tarnia", "tarnia": "tarnia"}


@pytest.mark.parametrize(
    ("text", "cause"),
    [
        ("a Vostrian airstrike hit the clinic in Orle", "vostria air strike"),
        ("a bomb dropped by a Vostrian army plane", "vostria air strike"),
        ("the clinic was hit by a rocket misfired by Tarnian militants", "tarnia misfired rocket"),
        ("a failed rocket launch by the Tarnian Front", "tarnia misfired rocket"),
        ("an errant rocket fired by a terrorist group", "militants misfired rocket"),
        ("a missile fired from within Tarnia hit the yard", "tarnia ground-launched rocket"),
        ("Tarnian rocket, not Vostrian airstrike, for blast", "not vostria air strike"),
        # the subject of a denial is no modifier: the denial names no actor, denies them all
        ("the Vostrian army was not conducting air operations there", "not air strike"),
        ("the army was not conducting air operations there", "not air strike"),
        ("I don't know whether it was a Vostrian air strike", "unknown"),
        ("it is unclear whether a rocket hit the yard", "unknown"),
        ("the blast was caused by a Vostrian interceptor", "vostria interceptor"),
    ],
)
def test_cause_from_the_vocabulary(text: str, cause: str) -> None:
    assert cause_of(text, packaged_vocabulary(), NATIONS) == cause


@pytest.mark.parametrize(
    "text", ["The strike hit a clinic.", "Orle mourned on Monday.", "Vostrian missiles hit Orle"]
)
def test_no_cause_without_a_mechanism(text: str) -> None:
    assert cause_of(text, packaged_vocabulary(), NATIONS) is None


@pytest.mark.parametrize(
    ("first", "second", "conflict"),
    [
        ("vostria air strike", "tarnia misfired rocket", True),  # mechanisms excluding
        ("air strike", "misfired rocket", True),
        ("vostria air strike", "not vostria air strike", True),  # a label and its denial
        ("vostria air strike", "not air strike", True),  # denied whoever's
        ("tarnia air strike", "not vostria air strike", False),
        ("vostria air strike", "tarnia air strike", True),  # one mechanism, two actors
        ("vostria air strike", "air strike", False),
        ("misfired rocket", "tarnia ground-launched rocket", False),  # both can be true
        ("unknown", "vostria air strike", False),
        ("not air strike", "not vostria interceptor", False),
    ],
)
def test_causes_conflict(first: str, second: str, conflict: bool) -> None:
    assert causes_conflict(first, second, packaged_vocabulary()) is conflict
    assert labels_conflict("cause", first, second) is conflict


def test_cause_words_are_data() -> None:
    """The mechanisms, their exclusions and the actor kinds are the labels file's."""
    vocab = packaged_vocabulary()
    assert vocab.version == "labels.en.v3"
    assert {label for label, _ in vocab.cause} >= {"air strike", "misfired rocket"}
    assert frozenset({"air strike", "misfired rocket"}) in vocab.cause_excluding
    assert not hasattr(slots, "CAUSE_RULES") and not hasattr(slots, "SIDES")


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
        ("cause", "vostria air strike", "tarnia ground-launched rocket", True),
        ("cause", "misfired rocket", "tarnia ground-launched rocket", False),
        ("cause", "unknown", "vostria air strike", False),
        ("responsible", "israel", "not israel", True),
        ("status", "civilian", "soldier", True),
        ("status", "soldier", "combatant", False),
        ("place", "Tarn", "Vost", False),
        ("damage", "light damage", "destroyed", True),
        ("damage", "no crater", "no remains of the munition", True),
        ("damage", "no crater", "heavy damage", False),
        ("evidence", "footage shows a failed rocket", "footage shows an interception", True),
        ("time", "2031-05-01 17:00 UTC", "2031-05-01 18:59", True),
        ("time", "2031-05-01 17:00", "2031-05-01 17:40", False),  # within the hour
        ("time", "2031-05-01 17:00", "2031-05-02 09:00", False),  # other days: other moments
    ],
)
def test_labels_conflict(slot: str, first: str, second: str, conflict: bool) -> None:
    assert labels_conflict(slot, first, second) is conflict


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "the army referred to footage showing the rocket break up and fall on the clinic",
            "footage shows a failed rocket",
        ),
        (
            "the missile shown exploding was hit by a Brell interceptor",
            "footage shows an interception",
        ),
        (
            "a key video is no longer tied to the blast at the clinic",
            "footage unrelated to the incident",
        ),
        (
            "the projectile seen in the Tarn TV video was fired from Vost, too far from the "
            "clinic to have been a factor",
            "footage unrelated to the incident",
        ),
    ],
)
def test_evidence_table(text: str, label: str) -> None:
    rule = label_of(text, EVIDENCE_RULES)
    assert rule is not None and rule.label == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("we observed only light structural damage at the clinic", "light damage"),
        ("both sheds remained intact", "light damage"),
        ("there were no impact craters in the yard", "no crater"),
        ("photos show no evidence of a large crater", "no crater"),
        ("the shell left a deep crater by the gate", "crater"),
        ("photos showed widespread damage", "heavy damage"),
        ("the ward was destroyed", "destroyed"),
        ("the missile dissolved like sugar, nothing is left", "no remains of the munition"),
        ("fragments of the rocket were found in the yard", "remains of the munition found"),
    ],
)
def test_damage_table(text: str, label: str) -> None:
    rule = label_of(text, DAMAGE_RULES)
    assert rule is not None and rule.label == label


@pytest.mark.parametrize("text", ["The shell hit the clinic.", "A video of the mayor's speech."])
def test_no_evidence_or_damage_label_without_keywords(text: str) -> None:
    assert label_of(text, EVIDENCE_RULES) is None and label_of(text, DAMAGE_RULES) is None


@pytest.mark.parametrize(
    ("slot", "first", "second", "strength"),
    [
        ("deaths", "471", "100-300", "firm"),
        ("cause", "vostria air strike", "tarnia ground-launched rocket", "firm"),
        ("time", "2031-05-01 17:00 UTC", "2031-05-01 18:59", "possible"),
        ("damage", "no remains of the munition", "light damage", "possible"),
        ("damage", "light damage", "heavy damage", "possible"),
        ("damage", "destroyed", "light damage", "firm"),
        ("evidence", "footage shows an interception", "footage shows a failed rocket", "firm"),
    ],
)
def test_conflict_strength(slot: str, first: str, second: str, strength: str) -> None:
    assert conflict_strength(slot, first, second) == strength


@pytest.mark.parametrize(
    ("text", "cue", "asserted"),
    [
        ("a shell hit the clinic", "said", "a shell hit the clinic"),
        ("a shell hit the clinic", "has ruled out ", ""),
        ("its shell hit the clinic, claiming a depot blew up", "denied ", " a depot blew up"),
        ("that a rocket from Vost hit the ward", "has disputed claims ", ""),
    ],
)
def test_asserted_text(text: str, cue: str, asserted: str) -> None:
    assert asserted_text(text, cue) == asserted


@pytest.mark.parametrize(
    ("value", "label"),
    [
        ("2031-05-01T17:00Z", "2031-05-01 17:00 UTC"),
        ("2031-05-01T18:59", "2031-05-01 18:59"),
        ("2031-05-01", "2031-05-01"),
    ],
)
def test_time_label(value: str, label: str) -> None:
    assert time_label(value) == label
