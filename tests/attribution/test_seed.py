"""The seed article against its gold sheet (../shared/seed/*.gold.md): 12 of 13 with claimants."""

from __future__ import annotations

import pytest
from spacy.language import Language

from rashomon.config import Settings
from rashomon.ingest import read_inputs
from rashomon.model import Analysis, Article, AttributionKind, ClaimantType, PartKind
from rashomon.pipeline import analyse_articles
from support import shared_path

# (cue word, a piece of the content, expected claimant name) from the gold sheet's table
GOLD = [
    ("said", "it seized a rifle and communication devices", "Al-Qassam Brigades"),
    ("declared", "it had thwarted an Israeli military operation", "Al-Qassam Brigades"),
    ("read", "A special Zionist force was discovered", "Al-Qassam Brigades"),
    ("according to", "resulted in the killing of an Israeli soldier", "Al-Qassam Brigades"),
    ("claimed", "to have seized a rifle", "Al-Qassam Brigades"),
    ("said", "two Israeli soldiers were seriously wounded during", "Daniel Hagari"),
    ("said", "several attackers were killed and wounded", "Hamas"),
    ("insisted", "Israel will release all hostages", "Netanyahu’s War Council"),
    ("insisted", "not a single captive will be released", "Palestinian Resistance"),
    ("declared", "two Israeli soldiers were seriously wounded", "Daniel Hagari"),
    ("described", "At precisely 2:30 am", "Al-Qassam’s Military Media"),
    ("explained", "an Israeli attempt to disguise its soldiers", "military analyst"),
    ("vowed", "he had a plan", "Benjamin Netanyahu’s government"),
]


@pytest.fixture(scope="module")
def seed(nlp: Language) -> Analysis:
    path = shared_path("seed", "000_0f229ec772c65aaf.txt")
    settings = Settings()
    (article,) = list(read_inputs([str(path)], settings))
    assert isinstance(article, Article)
    return next(analyse_articles([article], nlp=nlp, settings=settings))


def _claimant_name(analysis: Analysis, claimant_id: str | None) -> str | None:
    claimant = analysis.claimant(claimant_id)
    return claimant.name if claimant else None


def test_seed_gold_attributions_with_claimants(seed: Analysis) -> None:
    found = 0
    misses = []
    for cue, content, claimant in GOLD:
        matches = [
            a
            for a in seed.attributions
            if a.cue is not None
            and cue in a.cue.text
            and content in " ".join(f.text for f in a.content)
            and _claimant_name(seed, a.claimant_id) == claimant
        ]
        if matches:
            found += 1
        else:
            misses.append((cue, content, claimant))
    assert found >= 12, misses


def test_seed_claimants_are_typed_and_linked(seed: Analysis) -> None:
    by_name = {c.name: c for c in seed.claimants}
    hagari = by_name["Daniel Hagari"]
    assert hagari.type is ClaimantType.PERSON
    assert hagari.role == "Israeli military spokesman"
    assert hagari.affiliation == "Israeli military"
    assert "Hagari" in hagari.aliases
    qassam = by_name["Al-Qassam Brigades"]
    assert qassam.type is ClaimantType.ARMED_GROUP
    assert "Al-Qassam" in qassam.aliases
    hamas = seed.claimant(qassam.part_of)
    assert hamas is not None and hamas.name == "Hamas"
    media = by_name["Al-Qassam’s Military Media"]
    assert media.part_of == qassam.id
    assert by_name["military analyst"].type is ClaimantType.ANONYMOUS_SOURCE


def test_seed_negated_cue_and_caption(seed: Analysis) -> None:
    negated = [a for a in seed.attributions if a.negated]
    assert any(
        a.cue and "mention" in a.cue.text and _claimant_name(seed, a.claimant_id) == "Daniel Hagari"
        for a in negated
    )
    captions = [a for a in seed.attributions if a.part is PartKind.CAPTION]
    assert captions and captions[0].kind is AttributionKind.INDIRECT


def test_seed_reader_comment_is_not_the_outlet(seed: Analysis) -> None:
    comment = next(p for p in seed.article.parts if p.kind is PartKind.COMMENT)
    inside = [a for a in seed.attributions if comment.start <= a.content_start < comment.end]
    assert inside, "the comment reports J'Post headlines"
    assert all(a.reporter_id == "reader-1" for a in inside)
    outside = [a for a in seed.attributions if a not in inside]
    assert all(a.reporter_id == "outlet" for a in outside)


def test_seed_id_number_is_redacted(seed: Analysis) -> None:
    assert "207775032" not in seed.article.text
    assert any(r.kind == "id_number" for r in seed.article.redactions)
