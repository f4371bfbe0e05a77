"""Adopted claims: the outlet asserting in its own voice what another claimant claims."""

from __future__ import annotations

from pathlib import Path

import pytest
from claims_samples import LEXICON, Result, analyse, analyse_article, parts_of
from spacy.language import Language

from rashomon.claims import link_adopted
from rashomon.config import Settings
from rashomon.ingest import read_inputs
from rashomon.model import Article, Claim, ClaimType, PartKind, TextSpan
from rashomon.parse import ParsedArticle

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

HOSTAGE = "\n".join(
    [
        "Killing the Hostage – What Happened in Norland's Failed Rescue in Tarsk",
        "Instead of rescuing Mira Olsen, a Norland commando unit killed her. "
        "The raid is likely to embarrass the defence minister.",
        "The clashes, according to the Tarsk Brigade, resulted in the killing of a Norland "
        "engineer, named Mira Olsen, aged 31.",
        "Colonel Ivo Brandt, the Norland army spokesman, said that three commandos were "
        "wounded during the operation.",
        "The unit reportedly killed Mira Olsen at the gate.",
        "The Ledger's editors said that the unit killed Mira Olsen.",
        "(The Daily Ledger)",
    ]
)


@pytest.fixture(scope="module")
def hostage(nlp: Language):  # type: ignore[no-untyped-def]
    title = HOSTAGE.split("\n")[0]
    body = HOSTAGE[len(title) + 1 : HOSTAGE.index("(The Daily Ledger)")].rstrip()
    parts = parts_of(HOSTAGE, (PartKind.TITLE, title, 0), (PartKind.BODY, body, 0))
    return analyse(nlp, HOSTAGE, parts)


def _brigade_claim(result) -> Claim:  # type: ignore[no-untyped-def]
    (claim,) = [c for c in result.claims if c.claimant_id == "tarsk-brigade"]
    return claim


@pytest.mark.parametrize(
    "words", ["a Norland commando unit killed her", "Killing the Hostage – What Happened"]
)
def test_lede_and_title_adopt_the_brigades_claim(hostage, words: str) -> None:  # type: ignore[no-untyped-def]
    claim = hostage.containing(words)
    assert claim.claimant_id == "outlet"
    assert claim.adopted_from == _brigade_claim(hostage).id


@pytest.mark.parametrize(
    "words",
    [
        "The raid is likely to embarrass",  # no shared event
        "The unit reportedly killed Mira Olsen",  # hedged: the outlet distances itself
    ],
)
def test_outlet_claims_not_adopted(hostage, words: str) -> None:  # type: ignore[no-untyped-def]
    claim = hostage.containing(words)
    assert claim.claimant_id == "outlet"
    assert claim.adopted_from is None


def test_attributed_sentences_adopt_nothing(hostage) -> None:  # type: ignore[no-untyped-def]
    for claim in hostage.claims:
        if claim.attribution_id is not None:
            assert claim.adopted_from is None
    assert not [c for c in hostage.outlet() if "editors said" in c.text.text]


def _pair(nlp: Language, outlet_text: str, other_text: str, **other: object) -> list[Claim]:
    """Two claims by hand: an outlet sentence and another claimant's attributed claim."""
    text = f"{outlet_text} {other_text}"
    doc = nlp(text)
    parsed = ParsedArticle(Article(id="t", text=text, parts=()), doc)
    mine = TextSpan(0, len(outlet_text), outlet_text)
    theirs = TextSpan(len(outlet_text) + 1, len(text), other_text)
    fields: dict[str, object] = {
        "claimant_id": "army",
        "type": ClaimType.FACT,
        "attribution_id": "att-1",
    }
    fields.update(other)
    claims = [
        Claim("claim-1", "outlet", mine, (mine,), ClaimType.FACT),
        Claim("claim-2", text=theirs, fragments=(theirs,), **fields),  # type: ignore[arg-type]
    ]
    return link_adopted(parsed, claims, [], lexicon=LEXICON)


@pytest.mark.parametrize(
    ("outlet_text", "other_text", "other", "adopted"),
    [
        (
            "Rebels fired four mortar rounds at the market.",
            "Four rounds were fired from the ridge by the rebels.",
            {},
            True,
        ),
        # same claimant: never linked
        (
            "Rebels fired four mortar rounds at the market.",
            "Four rounds were fired from the ridge by the rebels.",
            {"claimant_id": "outlet"},
            False,
        ),
        # unresolved claimant: never linked
        (
            "Rebels fired four mortar rounds at the market.",
            "Four rounds were fired from the ridge by the rebels.",
            {"claimant_id": None},
            False,
        ),
        # the other side's prediction is not the outlet's fact
        (
            "Rebels fired four mortar rounds at the market.",
            "Rebels will fire more mortar rounds at the market.",
            {"type": ClaimType.PREDICTION},
            False,
        ),
        # a denied event is not the asserted one
        (
            "Rebels fired four mortar rounds at the market.",
            "No mortar rounds were fired at the market by the rebels.",
            {},
            False,
        ),
        # an aimed-at event is not an asserted one
        (
            "Hostages were released from the camp in Tarsk.",
            "The raid aimed at releasing hostages held in Tarsk.",
            {},
            False,
        ),
        # shared event, too little else: below the threshold
        (
            "Police killed a man near the harbour.",
            "Two soldiers were killed in the mountains.",
            {},
            False,
        ),
        # a reader's claim is never adopted by the outlet
        (
            "Rebels fired four mortar rounds at the market.",
            "Four rounds were fired from the ridge by the rebels.",
            {"part": PartKind.COMMENT},
            False,
        ),
    ],
)
def test_link_adopted_rules(
    nlp: Language, outlet_text: str, other_text: str, other: dict[str, object], adopted: bool
) -> None:
    outlet, _ = _pair(nlp, outlet_text, other_text, **other)
    assert (outlet.adopted_from == "claim-2") is adopted


@pytest.mark.parametrize(
    ("outlet_text", "other_text"),
    [("Instead of rescuing Mira Olsen, the unit killed her.", "The unit killed Olsen.")],
)
def test_pronoun_resolves_to_the_person(nlp: Language, outlet_text: str, other_text: str) -> None:
    outlet, _ = _pair(nlp, outlet_text, other_text)
    assert outlet.adopted_from == "claim-2"


@pytest.fixture(scope="module")
def capital_standard(nlp: Language) -> Result:
    path = EXAMPLES / "capital-standard-velmar.txt"
    (article,) = list(read_inputs([str(path)], Settings()))
    assert isinstance(article, Article)
    return analyse_article(nlp, article)


@pytest.mark.parametrize("part", [PartKind.TITLE, PartKind.BODY])
def test_demo_outlet_adopts_the_armys_account(capital_standard: Result, part: PartKind) -> None:
    """The fictional Capital Standard states the army's account in its headline and lede."""
    claims = capital_standard.claims
    first = next(c for c in claims if c.claimant_id == "outlet" and c.part is part)
    by_id = {c.id: c for c in claims}
    assert first.adopted_from is not None
    speaker = by_id[first.adopted_from].claimant_id
    (source,) = [k for k in capital_standard.claimants if k.id == speaker]
    assert source.name == "Anton Wexler"
    assert source.role is not None and "army" in source.role
