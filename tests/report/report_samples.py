"""A small fictional article and its analysis, built by hand (no spaCy).

A plain module, not a conftest.py: other tests import the root conftest by name.
"""

from __future__ import annotations

from datetime import date

from rashomon.model import (
    Analysis,
    Article,
    Attribution,
    AttributionKind,
    Claimant,
    ClaimantType,
    CueStance,
    Part,
    PartKind,
    PiiKind,
    PublishedSource,
    Redaction,
    Skipped,
    TextSpan,
)

TITLE = "Ferry stalls off Port Merren; counts of the injured differ"
BYLINE = "By Ana Ruiz"
BODY_1 = (
    "The Port Merren Harbour Authority said 14 passengers were treated for minor injuries. "
    '"Everyone is safe," harbour master Lena Okafor told reporters. '
    '"The engine failed," Okafor said, "but the crew acted fast."'
)
BODY_2 = (
    "According to the dockworkers' union, at least 30 people were hurt. "
    'The union claimed the ferry had "ignored repeated warnings" about its engine, '
    "a charge the operator did not confirm."
)
CAPTION = "Passengers wait on the quay in Port Merren."
BOILERPLATE = "Tips? Call the desk on [PHONE####]. Sign up for our newsletter."
COMMENT_META = "Quayside Reader · 2 hours ago"
COMMENT = (
    "The union said 30 were hurt, but my cousin was on board and she said it was closer to 50."
)

PIECES = [
    (PartKind.TITLE, TITLE, 0),
    (PartKind.BYLINE, BYLINE, 0),
    (PartKind.BODY, BODY_1, 0),
    (PartKind.BODY, BODY_2, 0),
    (PartKind.CAPTION, CAPTION, 0),
    (PartKind.BOILERPLATE, BOILERPLATE, 0),
    (PartKind.COMMENT_META, COMMENT_META, 1),
    (PartKind.COMMENT, COMMENT, 1),
]


def build_text(pieces: list[tuple[PartKind, str, int]]) -> tuple[str, tuple[Part, ...]]:
    """Join pieces with blank lines; each piece becomes one part at its offsets."""
    text = ""
    parts = []
    for kind, piece, index in pieces:
        if text:
            text += "\n\n"
        parts.append(Part(kind, len(text), len(text) + len(piece), index))
        text += piece
    return text, tuple(parts)


def span(text: str, needle: str, after: str = "") -> TextSpan:
    """The first ``needle`` in ``text`` (after the first ``after``), as a TextSpan."""
    start = text.index(needle, text.index(after) if after else 0)
    return TextSpan(start, start + len(needle), needle)


def make_analysis() -> Analysis:
    text, parts = build_text(PIECES)
    mask_at = text.index("[PHONE####]")
    article = Article(
        id="art-ferry-01",
        text=text,
        parts=parts,
        title=TITLE,
        outlet="The Merren Gazette",
        url="https://gazette.example/ferry",
        byline=BYLINE,
        published=date(2031, 5, 4),
        published_source=PublishedSource.METADATA,
        origin="fixtures/ferry.html",
        redactions=(Redaction(mask_at, mask_at + 11, PiiKind.PHONE),),
    )
    claimants = (
        Claimant(
            "c1",
            "Port Merren Harbour Authority",
            ClaimantType.GOVERNMENT_BODY,
            aliases=("the harbour authority",),
            mentions=(span(text, "The Port Merren Harbour Authority"),),
        ),
        Claimant(
            "c2",
            "Lena Okafor",
            ClaimantType.PERSON,
            role="harbour master",
            affiliation="Port Merren Harbour Authority",
            part_of="c1",
            aliases=("Okafor",),
            mentions=(span(text, "harbour master Lena Okafor"), span(text, "Okafor said")),
        ),
        Claimant(
            "c3",
            "dockworkers' union",
            ClaimantType.ORGANISATION,
            mentions=(span(text, "the dockworkers' union"), span(text, "The union claimed")),
        ),
    )
    comment = COMMENT
    attributions = (
        Attribution(
            source=span(text, "The Port Merren Harbour Authority"),
            cue=span(text, "said"),
            content=(span(text, "14 passengers were treated for minor injuries"),),
            kind=AttributionKind.INDIRECT,
            claimant_id="c1",
        ),
        Attribution(
            source=span(text, "harbour master Lena Okafor"),
            cue=span(text, "told"),
            content=(span(text, "Everyone is safe,"),),
            kind=AttributionKind.DIRECT,
            claimant_id="c2",
        ),
        Attribution(
            source=span(text, "Okafor", after="The engine"),
            cue=span(text, "said", after="The engine"),
            content=(span(text, "The engine failed,"), span(text, "but the crew acted fast.")),
            kind=AttributionKind.DIRECT,
            claimant_id="c2",
        ),
        Attribution(
            source=span(text, "the dockworkers' union"),
            cue=span(text, "According to"),
            content=(span(text, "at least 30 people were hurt"),),
            kind=AttributionKind.ACCORDING_TO,
            claimant_id="c3",
        ),
        Attribution(
            source=span(text, "The union", after=BODY_2),
            cue=span(text, "claimed"),
            content=(span(text, 'the ferry had "ignored repeated warnings" about its engine'),),
            kind=AttributionKind.MIXED,
            stance=CueStance.DISTANCING,
            claimant_id="c3",
        ),
        Attribution(
            source=span(text, "the operator"),
            cue=span(text, "did not confirm"),
            content=(span(text, "a charge"),),
            kind=AttributionKind.NOMINAL,
            stance=CueStance.ENDORSING,
            negated=True,
        ),
        Attribution(
            source=span(text, "The union", after=comment),
            cue=span(text, "said", after=comment),
            content=(span(text, "30 were hurt", after=comment),),
            kind=AttributionKind.INDIRECT,
            claimant_id="c3",
            reporter_id="reader-1",
            part=PartKind.COMMENT,
        ),
        Attribution(
            source=span(text, "she", after=comment),
            cue=span(text, "said", after="she"),
            content=(span(text, "it was closer to 50"),),
            kind=AttributionKind.INDIRECT,
            reporter_id="reader-1",
            part=PartKind.COMMENT,
        ),
    )
    return Analysis(
        article=article,
        attributions=attributions,
        claimants=claimants,
        model="core_web_sm-3.8.0",
        rules="cues.en.v1",
        version="0.1.0",
    )


HOSTILE = '<script>alert(1)</script> He said "onmouseover=alert(2) x=" & left <b>now</b>.'


def make_hostile_analysis() -> Analysis:
    """An article whose text, title, names and origin try to inject markup."""
    text, parts = build_text([(PartKind.TITLE, "<i>Title</i>", 0), (PartKind.BODY, HOSTILE, 0)])
    article = Article(
        id="art-x",
        text=text,
        parts=parts,
        title="<script>alert(0)</script>",
        outlet='Evil "Outlet"',
        url="javascript:alert(3)",
        origin="<img src=x onerror=alert(4)>",
    )
    claimants = (Claimant("c1", '<script>alert(5)</script>"onmouseover=', ClaimantType.PERSON),)
    attributions = (
        Attribution(
            source=span(text, "He"),
            cue=span(text, "said"),
            content=(span(text, '"onmouseover=alert(2) x="'),),
            kind=AttributionKind.DIRECT,
            claimant_id="c1",
        ),
        Attribution(  # crosses the first attribution's content and the markup in the text
            source=None,
            cue=None,
            content=(span(text, '<script>alert(1)</script> He said "onmouseover'),),
            kind=AttributionKind.NOMINAL,
        ),
    )
    return Analysis(article=article, attributions=attributions, claimants=claimants)


def make_skipped() -> Skipped:
    return Skipped(origin="corpus.jsonl:3", code="R011", message="Line has no 'text' field.")
