"""What of an article the ledger reads: the incident's events and figures, not the wider
war's; clock times of the incident's days; claims whose cue rejects them. Fictional text."""

from __future__ import annotations

from datetime import date

import pytest

from rashomon.compare import compare_incident, value_text
from rashomon.compare.scope import article_scope
from rashomon.model import (
    Analysis,
    Article,
    Attribution,
    AttributionKind,
    Claim,
    Claimant,
    ClaimantType,
    ClaimType,
    Comparison,
    Entity,
    EntityMention,
    Event,
    EventRef,
    EventType,
    Figure,
    FigureCategory,
    FigureQualifier,
    Incident,
    Part,
    PartKind,
    Place,
    Precision,
    TextSpan,
    TimeExpression,
)

DAY = date(2031, 5, 5)
BYLINE = "Posted May 5, 2031 7:10 am\n"
BODY = (
    "A shell hit the Marnow clinic in Tarn on Monday, killing 40 people, the Vostran Health "
    "Office said. Since the war began, 2,300 people have been killed, with 9,100 more hurt, "
    "it added. Earlier on Monday a strike on a school in Tarn killed 6 people, the Brell Army "
    "said. Last month a raid on Vost killed 12. The office later put the toll at 41 dead. "
    "At 6:40 p.m. that day the roof fell, the Brell Army said. The Brell Army denied that "
    "an artillery shell hit the clinic, claiming a depot exploded."
)
TEXT = BYLINE + BODY


def span(piece: str, after: int = 0) -> TextSpan:
    start = TEXT.index(piece, after)
    return TextSpan(start, start + len(piece), piece)


def figure(fid: str, piece: str, low: int, category: FigureCategory, claim_id: str) -> Figure:
    claimant = "army" if claim_id in ("claim-3",) else "health"
    return Figure(
        fid, span(piece), category, "people", low, low, FigureQualifier.EXACT, claimant, claim_id
    )


def when(piece: str, value: str, precision: Precision) -> TimeExpression:
    return TimeExpression(span(piece), value, precision, "test")


def claim(cid: str, claimant: str, piece: str, attribution_id: str | None = None) -> Claim:
    text = span(piece)
    return Claim(cid, claimant, text, (text,), ClaimType.FACT, attribution_id=attribution_id)


CLINIC = Place(span("Marnow clinic"), "Marnow Clinic", "landmark", "VS", 1.0, 2.0)
FIGURES = (
    figure("fig-1", "killing 40 people", 40, FigureCategory.KILLED, "claim-1"),
    figure("fig-2", "2,300 people have been killed", 2300, FigureCategory.KILLED, "claim-2"),
    figure("fig-3", "9,100 more hurt", 9100, FigureCategory.WOUNDED, "claim-2"),
    figure("fig-4", "killed 6 people", 6, FigureCategory.KILLED, "claim-3"),
    figure("fig-5", "killed 12", 12, FigureCategory.KILLED, "claim-4"),
    figure("fig-6", "toll at 41 dead", 41, FigureCategory.KILLED, "claim-5"),
)
CLAIMS = (
    claim(
        "claim-1", "health", "A shell hit the Marnow clinic in Tarn on Monday, killing 40 people"
    ),
    claim("claim-2", "health", "Since the war began, 2,300 people have been killed, with 9,100"),
    claim("claim-3", "army", "Earlier on Monday a strike on a school in Tarn killed 6 people"),
    claim("claim-4", "outlet", "Last month a raid on Vost killed 12."),
    claim("claim-5", "outlet", "The office later put the toll at 41 dead."),
    claim("claim-6", "army", "At 6:40 p.m. that day the roof fell"),
    claim(
        "claim-7", "army", "an artillery shell hit the clinic, claiming a depot exploded", "att-1"
    ),
)
DENIAL = Attribution(
    source=span("The Brell Army denied"),
    cue=span("denied"),
    content=(span("an artillery shell hit the clinic, claiming a depot exploded"),),
    kind=AttributionKind.INDIRECT,
    claimant_id="army",
)
MONDAY = when("on Monday", "2031-05-05", Precision.DAY)
EVENTS = (
    Event(
        "ev-1",
        EventType.SHELLING,
        None,
        span("hit"),
        when=MONDAY,
        where=(CLINIC,),
        figure_ids=("fig-1", "fig-2", "fig-3"),
    ),
    Event(
        "ev-2",
        EventType.AIR_STRIKE,
        None,
        span("strike"),
        when=when("on Monday", "2031-05-05", Precision.DAY),
        figure_ids=("fig-4",),
    ),
    Event(
        "ev-3",
        EventType.RAID,
        None,
        span("raid"),
        when=when("Last month", "2031-04-01", Precision.MONTH),
        figure_ids=("fig-5",),
    ),
)
TIMES = (
    when("7:10 am", "2031-05-05T07:10", Precision.MINUTE),  # the byline's: publication time
    MONDAY,
    when("At 6:40 p.m. that day", "2031-05-05T18:40", Precision.MINUTE),
)


def analysis(aid: str = "a0") -> Analysis:
    article = Article(
        id=aid,
        text=TEXT,
        parts=(Part(PartKind.BYLINE, 0, len(BYLINE)), Part(PartKind.BODY, len(BYLINE), len(TEXT))),
        outlet="Tarn Courier",
        published=DAY,
    )
    claimants = (
        Claimant("outlet", "Tarn Courier", ClaimantType.MEDIA_OUTLET),
        Claimant("health", "Vostran Health Office", ClaimantType.GOVERNMENT_BODY),
        Claimant("army", "Brell Army", ClaimantType.MILITARY),
    )
    return Analysis(
        article,
        (DENIAL,),
        claimants,
        claims=CLAIMS,
        figures=FIGURES,
        events=EVENTS,
        times=TIMES,
    )


def incident(*, linked: bool = True) -> Incident:
    refs = (EventRef("a0", "ev-1"),) if linked else ()
    return Incident("inc-1", EventType.SHELLING, refs, ("a0",), DAY, DAY, places=("Marnow Clinic",))


def compare(chosen: Incident) -> Comparison:
    def mentions(cid: str) -> tuple[EntityMention, ...]:
        return (EntityMention("a0", cid, cid),)

    entities = [
        Entity(
            "ent-health",
            "Vostran Health Office",
            ClaimantType.GOVERNMENT_BODY,
            mentions=mentions("health"),
        ),
        Entity("ent-army", "Brell Army", ClaimantType.MILITARY, mentions=mentions("army")),
        Entity(
            "ent-outlet", "Tarn Courier", ClaimantType.MEDIA_OUTLET, mentions=mentions("outlet")
        ),
    ]
    return compare_incident(chosen, [analysis()], copies=(), entities=entities)


@pytest.mark.parametrize(
    ("linked", "kept"),
    [
        # the incident's own figure, and the one attached to no event; not the war's toll
        # (nor the count joined to it), the school strike's or last month's raid's
        (True, {"fig-1", "fig-6"}),
        # no event refs: every event, only cumulative tolls left out
        (False, {"fig-1", "fig-4", "fig-5", "fig-6"}),
    ],
)
def test_scope_figures(linked: bool, kept: set[str]) -> None:
    assert set(article_scope(analysis(), incident(linked=linked)).figure_ids) == kept


def test_scope_events_and_clock_times() -> None:
    scope = article_scope(analysis(), incident())
    assert [e.id for e in scope.events] == ["ev-1"]
    assert [t.value for t in scope.times] == ["2031-05-05T18:40"]  # not the byline's 07:10


def test_ledger_reads_only_the_incident() -> None:
    result = compare(incident())
    counts = {(c.slot, value_text(c)) for c in result.claims if c.value is None}
    assert counts == {("deaths", "40"), ("deaths", "41")}
    times = [(c.claimant, c.value) for c in result.claims if c.slot == "time"]
    assert times == [("ent-army", "2031-05-05 18:40")]  # held by the claim around it


def test_rejected_content_is_not_asserted() -> None:
    causes = {(c.claimant, c.value) for c in compare(incident()).claims if c.slot == "cause"}
    # "denied that an artillery shell hit the clinic, claiming a depot exploded": no label
    # from the denied part; the cause table has no label for a depot explosion
    assert ("ent-army", "rocket from gaza") not in causes
    assert not [c for c in causes if c[0] == "ent-army"]
