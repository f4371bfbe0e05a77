"""Who claims what: attributed claims, the outlet's own sentences, readers, quotations."""

from __future__ import annotations

import pytest
from claims_samples import analyse, parts_of
from spacy.language import Language

from rashomon.model import ClaimType, PartKind

PAGE = "\n".join(
    [
        "Flood Defences Fail in Tarsk",
        "Workers carry sandbags to the river wall in Tarsk. (Photo: Ledger)",
        "By Jana Holm",
        "The river broke through the northern wall on Sunday night. "
        "Mayor Olaf Dren said that 40 homes were flooded.",
        "Disgraceful Delay",
        "Engineers had inspected the wall in May.",
        "(The Tarsk Ledger)",
        "Subscribe to the Ledger for 1 euro a week.",
        "2 Comments",
        "1. I live by the wall and nobody came to help us. The council will close the road again.",
        "2. The mayor said the pumps failed. That is simply untrue.",
        "Comments are closed.",
    ]
)

LAYOUT = (
    (PartKind.TITLE, "Flood Defences Fail in Tarsk", 0),
    (PartKind.CAPTION, "Workers carry sandbags to the river wall in Tarsk. (Photo: Ledger)", 0),
    (PartKind.BYLINE, "By Jana Holm", 0),
    (PartKind.BODY, "The river broke", 0),
    (PartKind.SUBHEAD, "Disgraceful Delay", 0),
    (PartKind.BODY, "Engineers had inspected the wall in May.", 0),
    (PartKind.SIGNOFF, "(The Tarsk Ledger)", 0),
    (PartKind.BOILERPLATE, "Subscribe to the Ledger for 1 euro a week.", 0),
    (PartKind.COMMENT_META, "2 Comments", 0),
    (PartKind.COMMENT, "1. I live by the wall and nobody came to help us. The council will", 1),
    (PartKind.COMMENT, "2. The mayor said the pumps failed. That is simply untrue.", 2),
    (PartKind.COMMENT_META, "Comments are closed.", 0),
)


@pytest.fixture(scope="module")
def page(nlp: Language):  # type: ignore[no-untyped-def]
    text = PAGE
    parts = list(parts_of(text, *LAYOUT))
    # the first body part runs to the end of its paragraph
    body_end = text.index("flooded.") + len("flooded.")
    parts[3] = type(parts[3])(PartKind.BODY, parts[3].start, body_end, 0)
    comment_end = text.index("again.") + len("again.")
    parts[9] = type(parts[9])(PartKind.COMMENT, parts[9].start, comment_end, 1)
    return analyse(nlp, text, tuple(parts))


def test_claims_numbered_in_text_order(page) -> None:  # type: ignore[no-untyped-def]
    assert [c.id for c in page.claims] == [f"claim-{n}" for n in range(1, len(page.claims) + 1)]
    starts = [c.text.start for c in page.claims]
    assert starts == sorted(starts)
    for claim in page.claims:
        assert page.parsed.article.text[claim.text.start : claim.text.end] == claim.text.text


def test_attribution_content_is_a_claim_of_its_claimant(page) -> None:  # type: ignore[no-untyped-def]
    claim = page.containing("40 homes were flooded")
    (att,) = [a for a in page.attributions if a.cue is not None and a.cue.text == "said"][:1]
    k = page.attributions.index(att)
    assert claim.attribution_id == f"att-{k + 1}"
    assert claim.claimant_id == att.claimant_id == "olaf-dren"
    assert claim.fragments == att.content
    assert claim.type is ClaimType.FACT


@pytest.mark.parametrize(
    ("words", "part", "kind"),
    [
        ("Flood Defences Fail in Tarsk", PartKind.TITLE, ClaimType.FACT),
        ("Workers carry sandbags", PartKind.CAPTION, ClaimType.FACT),
        ("The river broke through the northern wall", PartKind.BODY, ClaimType.FACT),
        ("Disgraceful Delay", PartKind.SUBHEAD, ClaimType.JUDGEMENT),
        ("Engineers had inspected", PartKind.BODY, ClaimType.FACT),
    ],
)
def test_outlet_parts_make_outlet_claims(page, words: str, part: PartKind, kind: ClaimType) -> None:  # type: ignore[no-untyped-def]
    claim = page.containing(words)
    assert (claim.claimant_id, claim.part, claim.type) == ("outlet", part, kind)
    assert claim.attribution_id is None


@pytest.mark.parametrize(
    "words", ["Jana Holm", "Tarsk Ledger", "Subscribe", "Comments", "Photo: Ledger"]
)
def test_bylines_signoffs_boilerplate_make_no_claims(page, words: str) -> None:  # type: ignore[no-untyped-def]
    assert not [c for c in page.claims if words in c.text.text]


def test_reader_comments_are_never_the_outlets(page) -> None:  # type: ignore[no-untyped-def]
    article = page.parsed.article
    in_comments = [c for c in page.claims if c.part is PartKind.COMMENT]
    assert in_comments
    for claim in page.claims:
        part = article.part_at(claim.text.start)
        if part is not None and part.kind is PartKind.COMMENT:
            assert claim.claimant_id != "outlet"
    assert page.containing("nobody came to help us").claimant_id == "reader-1"
    prediction = page.containing("The council will close the road again")
    assert (prediction.claimant_id, prediction.type) == ("reader-1", ClaimType.PREDICTION)
    assert page.containing("That is simply untrue").claimant_id == "reader-2"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the remainder outside the attribution has its own clause: an outlet claim
        (
            "Soon after the minister declared that the bridge was safe, the engineers closed it.",
            ["Soon after", "the engineers closed it"],
        ),
        # the remainder only frames the attribution: no outlet claim
        ("The latest claim, as of Monday, is that the road will reopen in May.", []),
        ("He insisted that the guards had left, and said the gate was open.", []),
        ("According to the police, two shops were looted.", []),
        ("The Front repeated its claim that the army fired first.", []),
        # no attribution at all: the sentence is the outlet's
        (
            "Instead of rescuing the engineer, a commando unit killed him.",
            ["Instead of rescuing the engineer, a commando unit killed him"],
        ),
    ],
)
def test_outlet_remainder_rule(nlp: Language, text: str, expected: list[str]) -> None:
    result = analyse(nlp, text)
    fragments = [[f.text for f in c.fragments] for c in result.outlet()]
    assert fragments == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("text", "cue"),
    [("Although the mayor did not mention that the dam had failed, it was clear.", "mention")],
)
def test_negated_attribution_is_not_the_claimants_claim(nlp: Language, text: str, cue: str) -> None:
    result = analyse(nlp, text)
    negated = [a for a in result.attributions if a.negated]
    assert negated and cue in (negated[0].cue.text if negated[0].cue else "")
    assert not [c for c in result.claims if c.attribution_id is not None]


@pytest.mark.parametrize(
    "text",
    [
        '"We have the radar logs, and we have the photos," Colonel Lea Voss said. '
        '"Nobody else was on the ridge that night."'
    ],
)
def test_quotation_continues_its_speaker(nlp: Language, text: str) -> None:
    result = analyse(nlp, text)
    claim = result.containing("Nobody else was on the ridge")
    assert claim.claimant_id == "lea-voss"
    assert claim.attribution_id == "att-1"
    assert not result.outlet()
