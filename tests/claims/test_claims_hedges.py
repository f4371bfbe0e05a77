"""Hedges and their scope (the clause of the hedge's head) on tiny fictional sentences."""

from __future__ import annotations

import pytest
from spacy.language import Language

from rashomon.claims import find_hedges, load_claim_lexicon
from rashomon.model import Hedge

LEXICON = load_claim_lexicon()


def hedges(nlp: Language, text: str) -> tuple[Hedge, ...]:
    doc = nlp(text)
    return find_hedges(doc, [t.i for t in doc if not t.is_space], LEXICON)


@pytest.mark.parametrize(
    ("text", "cue", "scope"),
    [
        (
            "Troops reportedly killed two men near the dam.",
            "reportedly",
            "Troops reportedly killed two men near the dam",
        ),
        (
            "The storm is likely to close the road, and the ferry has already stopped.",
            "likely",
            "The storm is likely to close the road",
        ),
        (
            "The fighters may have left the town before the raid.",
            "may",
            "The fighters may have left the town before the raid",
        ),
        ("The commander appears to have fled the city.", "appears to", "The commander appears"),
        ("The captain is said to be in a military hospital.", "said to be", "The captain is"),
        (
            "The suspects are believed to have crossed the border at night.",
            "believed to",
            "The suspects are believed to have crossed the border at night",
        ),
        ("It seems that the talks have collapsed.", "seems", "It seems that the talks"),
        (
            "If confirmed, the attack would be the worst in the province this year.",
            "If confirmed",
            "the attack would be the worst in the province this year",
        ),
        ("Rescuers could not reach the village.", "could", "Rescuers could not reach"),
        (
            "The dam allegedly burst after the shelling, and the river rose.",
            "allegedly",
            "The dam allegedly burst after the shelling",
        ),
        ("Officials said the death toll will probably rise.", "probably", "toll will probably"),
    ],
)
def test_hedge_cue_and_scope(nlp: Language, text: str, cue: str, scope: str) -> None:
    (hedge,) = hedges(nlp, text)
    assert hedge.cue.text == cue
    assert scope in hedge.scope.text
    assert text[hedge.scope.start : hedge.scope.end] == hedge.scope.text
    assert hedge.scope.start <= hedge.cue.start and hedge.cue.end <= hedge.scope.end


@pytest.mark.parametrize(
    "text",
    ["Troops killed two men near the dam.", "The ferry appeared on the horizon at noon."],
)
def test_no_hedge(nlp: Language, text: str) -> None:
    assert hedges(nlp, text) == ()


@pytest.mark.parametrize(
    ("text", "outside"),
    [("The storm is unlikely to ease, and the ferry has stopped.", "ferry")],
)
def test_hedge_scope_stops_at_coordinated_clause(nlp: Language, text: str, outside: str) -> None:
    (hedge,) = hedges(nlp, text)
    assert outside not in hedge.scope.text
