"""The seed article against its gold sheet (../shared/seed/*.gold.md), read at test time:
the outlet's judgements and predictions, its checkable facts, the adopted lede and title,
and the reader comment."""

from __future__ import annotations

import re

import pytest
from claims_samples import Result, analyse_article
from spacy.language import Language

from rashomon.config import Settings
from rashomon.ingest import read_inputs
from rashomon.model import Article, AttributionKind, Claim, ClaimType, PartKind
from support import shared_path

SEED = "000_0f229ec772c65aaf"
# The gold sheet paraphrases two checkable facts; these words of its own pick them out.
PARAPHRASED_FACTS = ("November 24", "seven days")


def _norm(text: str) -> str:
    """Fold typographic quotes and dashes, and spaces, as the gold sheet types them plainly."""
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    return " ".join(text.split())


def _bullet(gold: str, opening: str) -> str:
    """The text of the gold sheet's bullet that opens with ``opening`` (continuation lines
    included)."""
    match = re.search(rf"^- {re.escape(opening)}.*?(?=^- |^#|\Z)", gold, re.S | re.M)
    assert match, opening
    return match.group(0)


def _quoted(bullet: str) -> list[str]:
    return [_norm(q) for q in re.findall(r'"([^"]+)"', bullet)]


@pytest.fixture(scope="module")
def gold() -> str:
    return shared_path("seed", f"{SEED}.gold.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(nlp: Language) -> Result:
    path = shared_path("seed", f"{SEED}.txt")
    (article,) = list(read_inputs([str(path)], Settings()))
    assert isinstance(article, Article)
    return analyse_article(nlp, article)


def _outlet_claim(seed: Result, phrase: str) -> Claim:
    found = [c for c in seed.outlet() if phrase in _norm(c.text.text)]
    assert len(found) == 1, (phrase, [c.text.text for c in seed.outlet()])
    return found[0]


def test_seed_outlet_judgements_and_predictions(seed: Result, gold: str) -> None:
    phrases = _quoted(_bullet(gold, "Judgements and predictions"))
    assert len(phrases) == 5
    for phrase in phrases:
        claim = _outlet_claim(seed, phrase)
        assert claim.type in {ClaimType.JUDGEMENT, ClaimType.PREDICTION}, phrase


def test_seed_outlet_checkable_facts(seed: Result, gold: str) -> None:
    bullet = _bullet(gold, "Checkable factual assertions")
    (no_footage,) = _quoted(bullet)
    for words in PARAPHRASED_FACTS:
        assert words in bullet
        assert _outlet_claim(seed, words).type is ClaimType.FACT, words
    # a checkable report about evidence: typed evidence (issue 4 names this very phrase)
    assert _outlet_claim(seed, no_footage).type is ClaimType.EVIDENCE


def test_seed_lede_and_title_adopt_al_qassams_claim(seed: Result) -> None:
    (according_to,) = [
        k for k, a in enumerate(seed.attributions) if a.kind is AttributionKind.ACCORDING_TO
    ]
    (qassam,) = [c for c in seed.claims if c.attribution_id == f"att-{according_to + 1}"]
    lede = next(c for c in seed.outlet() if c.part is PartKind.BODY)
    title = next(c for c in seed.outlet() if c.part is PartKind.TITLE)
    assert lede.adopted_from == qassam.id
    assert title.adopted_from == qassam.id
    name = {c.id: c.name for c in seed.claimants}[qassam.claimant_id or ""]
    assert name == "Al-Qassam Brigades"


def test_seed_reader_comment_is_no_claim_of_the_outlet(seed: Result) -> None:
    article = seed.parsed.article
    comment = [p for p in article.parts if p.kind is PartKind.COMMENT]
    assert comment
    in_comment = [c for c in seed.claims if any(p.start <= c.text.start < p.end for p in comment)]
    assert in_comment
    assert all(c.claimant_id != "outlet" for c in in_comment)
    assert {c.claimant_id for c in in_comment if c.attribution_id is None} == {"reader-1"}


def test_seed_outlet_claims_stay_in_outlet_parts(seed: Result) -> None:
    for claim in seed.outlet():
        part = seed.parsed.article.part_at(claim.text.start)
        assert part is not None and part.kind in {
            PartKind.TITLE,
            PartKind.CAPTION,
            PartKind.BODY,
            PartKind.SUBHEAD,
        }
