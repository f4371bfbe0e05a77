"""A small fictional article and its analysis, built by hand (no spaCy).

A plain module, not a conftest.py: tests import it by name (as ``support``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from rashomon.model import (
    Analysis,
    Article,
    Attribution,
    AttributionKind,
    Claim,
    Claimant,
    ClaimantType,
    ClaimType,
    CueStance,
    Event,
    EventType,
    Figure,
    FigureAttribution,
    FigureCategory,
    FigureQualifier,
    Hedge,
    Part,
    PartKind,
    PiiKind,
    Place,
    Precision,
    PublishedSource,
    Redaction,
    Skipped,
    TextSpan,
    TimeExpression,
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
    "a charge the operator did not confirm. "
    "The ferry's engine failed on Friday evening off Port Merren, and the crossing will likely "
    "stay closed for three days. Several crew members were also treated on board. "
    "The union later released a photo of the engine room."
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
    claims = _claims(text, attributions)
    figures = _figures(text)
    times, places = _times(text), _places(text)
    return Analysis(
        article=article,
        attributions=attributions,
        claimants=claimants,
        model="core_web_sm-3.8.0",
        rules="cues.en.v1",
        version="0.1.0",
        claims=claims,
        figures=figures,
        events=_events(text, times, places),
        times=times,
        places=places,
    )


def _attributed(
    attributions: tuple[Attribution, ...], number: int, claim_type: ClaimType, claim_id: str
) -> Claim:
    """The claim of attribution ``att-<number>``: its content, claimant and part."""
    attribution = attributions[number - 1]
    first, last = attribution.content[0], attribution.content[-1]
    covering = TextSpan(first.start, last.end, "")
    return Claim(
        id=claim_id,
        claimant_id=attribution.claimant_id,
        text=covering,
        fragments=attribution.content,
        type=claim_type,
        part=attribution.part,
        attribution_id=f"att-{number}",
    )


def _own(
    text: str,
    needle: str,
    claim_id: str,
    claim_type: ClaimType,
    *,
    part: PartKind = PartKind.BODY,
    claimant_id: str = "outlet",
    hedges: tuple[Hedge, ...] = (),
    adopted_from: str | None = None,
) -> Claim:
    """A claim in the outlet's (or a reader's) own voice: a stretch of the text."""
    found = span(text, needle)
    return Claim(
        claim_id,
        claimant_id,
        found,
        (found,),
        claim_type,
        part=part,
        hedges=hedges,
        adopted_from=adopted_from,
    )


def _claims(text: str, attributions: tuple[Attribution, ...]) -> tuple[Claim, ...]:
    """Claims in text order: attributed ones from attributions, the rest the outlet's own."""
    claims = [
        _own(text, TITLE, "claim-1", ClaimType.FACT, part=PartKind.TITLE),
        _attributed(attributions, 1, ClaimType.FACT, "claim-2"),
        _attributed(attributions, 2, ClaimType.JUDGEMENT, "claim-3"),
        _attributed(attributions, 3, ClaimType.FACT, "claim-4"),
        _attributed(attributions, 4, ClaimType.FACT, "claim-5"),
        _attributed(attributions, 5, ClaimType.JUDGEMENT, "claim-6"),
        _attributed(attributions, 6, ClaimType.FACT, "claim-7"),
        _own(
            text,
            "The ferry's engine failed on Friday evening off Port Merren",
            "claim-8",
            ClaimType.FACT,
            adopted_from="claim-4",  # restates Okafor's "The engine failed" as fact
        ),
        _own(
            text,
            "the crossing will likely stay closed for three days",
            "claim-9",
            ClaimType.PREDICTION,
            hedges=(Hedge(span(text, "likely"), span(text, "stay closed for three days")),),
        ),
        _own(text, "Several crew members were also treated on board.", "claim-10", ClaimType.FACT),
        _own(
            text,
            "The union later released a photo of the engine room.",
            "claim-11",
            ClaimType.EVIDENCE,
        ),
        _own(text, CAPTION, "claim-12", ClaimType.FACT, part=PartKind.CAPTION),
        _attributed(attributions, 7, ClaimType.FACT, "claim-13"),
        _own(
            text,
            "my cousin was on board",
            "claim-14",
            ClaimType.FACT,
            part=PartKind.COMMENT,
            claimant_id="reader-1",
        ),
        _attributed(attributions, 8, ClaimType.FACT, "claim-15"),
    ]
    return tuple(
        replace(c, text=TextSpan(c.text.start, c.text.end, text[c.text.start : c.text.end]))
        for c in claims
    )


def _figures(text: str) -> tuple[Figure, ...]:
    wounded = FigureCategory.WOUNDED
    return (
        Figure(
            "fig-1",
            span(text, "14 passengers"),
            wounded,
            "passengers",
            14,
            14,
            FigureQualifier.EXACT,
            claimant_id="c1",
            claim_id="claim-2",
            sentence=span(text, "14 passengers"),
        ),
        Figure(
            "fig-2",
            span(text, "at least 30 people"),
            wounded,
            "people",
            30,
            None,
            FigureQualifier.AT_LEAST,
            claimant_id="c3",
            claim_id="claim-5",
        ),
        Figure(
            "fig-3",
            span(text, "Several crew members"),
            wounded,
            "crew members",
            3,
            9,
            FigureQualifier.VAGUE,
            claimant_id="outlet",
            claim_id="claim-10",
            attribution=FigureAttribution.OUTLET,
        ),
        Figure(
            "fig-4",
            span(text, "30", after=COMMENT),
            wounded,
            None,
            30,
            30,
            FigureQualifier.EXACT,
            claimant_id="c3",
            claim_id="claim-13",
        ),
        Figure(
            "fig-5",
            span(text, "closer to 50"),
            wounded,
            None,
            50,
            50,
            FigureQualifier.APPROXIMATE,
            claim_id="claim-15",
        ),
    )


def _times(text: str) -> tuple[TimeExpression, ...]:
    return (
        TimeExpression(
            span(text, "on Friday evening"), "2031-05-02", Precision.PART_OF_DAY, "weekday"
        ),
        TimeExpression(span(text, "for three days"), None, None, "explicit", duration="P3D"),
    )


def _places(text: str) -> tuple[Place, ...]:
    return (
        Place(
            span(text, "Port Merren", after="Friday evening"),
            "Port Merren",
            "city",
            country="XX",
            lat=54.5,
            lon=-3.25,
            precision="city",
            alternatives=("Port Merren, XY",),
            source="curated:port-merren",
        ),
        Place(span(text, "the quay"), "Merren Quay", "landmark", country="XX"),
    )


def _events(
    text: str, times: tuple[TimeExpression, ...], places: tuple[Place, ...]
) -> tuple[Event, ...]:
    return (
        Event(
            "ev-1",
            EventType.WOUNDING,
            None,
            span(text, "hurt"),
            when=times[0],
            where=places[:1],
            victims=span(text, "at least 30 people"),
            claim_ids=("claim-2", "claim-5", "claim-10"),
            figure_ids=("fig-1", "fig-2", "fig-3"),
        ),
        Event(
            "ev-2",
            EventType.EVIDENCE,
            None,
            span(text, "released a photo"),
            actor=span(text, "The union", after="The union later"),
            claim_ids=("claim-11",),
        ),
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
    claim = Claim(
        "claim-1",
        "c1",
        span(text, "<script>alert(1)</script>"),
        (span(text, "<script>alert(1)</script>"),),
        ClaimType.FACT,
        hedges=(Hedge(span(text, "<b>"), span(text, "<b>now</b>")),),
    )
    place = Place(span(text, "left"), "<script>alert(8)</script>", "<i>city</i>", "XX", 1.0, 2.0)
    figure = Figure(
        "fig-1",
        span(text, "alert(2)"),
        FigureCategory.KILLED,
        "<script>alert(7)</script>",
        2,
        2,
        FigureQualifier.EXACT,
        claimant_id="c1",
        claim_id="claim-1",
    )
    when = TimeExpression(span(text, "now"), "<script>", Precision.DAY, '"onmouseover=')
    event = Event(
        "ev-1",
        EventType.ATTACK,
        "<script>alert(9)</script>",
        span(text, "<b>now</b>"),
        when=when,
        where=(place,),
        actor=span(text, '"onmouseover=alert(2) x="'),
        claim_ids=("claim-1",),
        figure_ids=("fig-1",),
    )
    return Analysis(
        article=article,
        attributions=attributions,
        claimants=claimants,
        claims=(claim,),
        figures=(figure,),
        events=(event,),
        times=(when,),
        places=(place,),
    )


def make_skipped() -> Skipped:
    return Skipped(origin="corpus.jsonl:3", code="R011", message="Line has no 'text' field.")
