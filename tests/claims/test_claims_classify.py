"""Claim types on tiny fictional sentences: prediction > judgement > evidence > fact."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from rashomon.claims import classify_claim, load_claim_lexicon
from rashomon.errors import ConfigError
from rashomon.model import ClaimType

LEXICON = load_claim_lexicon()


def claim_type(nlp: Language, text: str) -> ClaimType:
    doc = nlp(text)
    return classify_claim(doc, [t.i for t in doc if not t.is_space], LEXICON)


@pytest.mark.parametrize(
    "text",
    [
        "The new tariffs will complicate the trade talks with Norland.",
        "The storm is likely to make the harbour road even more dangerous.",
        "Repairing the bridge would require three more months of work.",
        "A second round of talks is unlikely to take place before spring.",
        "The council is expected to approve the budget next week.",
        "The strike may spread to the northern ports.",
        "The ferry company won't resume sailings this winter.",
        # prediction wins over judgement in the same claim
        "The vote is unlikely to pass, and the botched campaign is proof that nobody cares.",
    ],
)
def test_classify_prediction(nlp: Language, text: str) -> None:
    assert claim_type(nlp, text) is ClaimType.PREDICTION


@pytest.mark.parametrize(
    "text",
    [
        "The evacuation of the valley was far from being a success.",
        "Yesterday's botched raid is proof that the command has lost control.",
        "The minister's answer to the flood victims was embarrassing.",
        "Although the mayor did not say so, it was clear that the plan had collapsed.",
        "The police should have warned the villagers earlier.",
        "The guards were the bravest men in the garrison.",
        "The night raid was a failure.",
        "The shelling of the school was a blatant violation of the truce.",
    ],
)
def test_classify_judgement(nlp: Language, text: str) -> None:
    assert claim_type(nlp, text) is ClaimType.JUDGEMENT


@pytest.mark.parametrize(
    "text",
    [
        "The brigade immediately released a video of the ambush.",
        "Farmers' unions provided documented evidence of dozens of wells being poisoned.",
        "Very little was added to the report – no video footage, pictures or any other details.",
        "Footage shows two trucks leaving the depot before dawn.",
        "Satellite images show fresh craters near the airfield.",
        "The Ledger has seen no evidence of a second gunman.",
        "The video starts with the pilot giving his name.",
    ],
)
def test_classify_evidence(nlp: Language, text: str) -> None:
    assert claim_type(nlp, text) is ClaimType.EVIDENCE


@pytest.mark.parametrize(
    "text",
    [
        "Two border guards were seriously wounded near Tarsk on Monday.",
        "That was part of a truce that only lasted for seven days.",
        "Police detained 14 people after the march in Velmar.",
        "Starting on May 3, civilian detainees were released in small groups, in exchange "
        "for fuel deliveries, along with the release of many farmers held in army camps.",
        "The deadliest flood since 1998 killed 40 people in the delta.",
        "Little did the council know that the river would flood the lower town.",
        "Rescuers reportedly pulled three people from the rubble.",
        "The rebels may have killed the hostage during the night.",
        "A photo of the convoy appeared on the front page.",  # evidence noun, no evidence act
        "Instead of rescuing the engineer, a commando unit killed him.",
    ],
)
def test_classify_fact(nlp: Language, text: str) -> None:
    assert claim_type(nlp, text) is ClaimType.FACT


@pytest.mark.parametrize("content", ["version = 3\n", "not toml ["])
def test_load_claim_lexicon_rejects_bad_files(tmp_path: Path, content: str) -> None:
    path = tmp_path / "claims.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError):
        load_claim_lexicon(path)


@pytest.mark.parametrize("missing", ["nowhere.toml"])
def test_load_claim_lexicon_missing_file(tmp_path: Path, missing: str) -> None:
    with pytest.raises(ConfigError, match="Can't read claim lexicon"):
        load_claim_lexicon(tmp_path / missing)
