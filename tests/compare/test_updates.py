"""A follow-up report of an incident: its updated tolls are the incident's (the report's own
day is an update, a date carried from elsewhere places nothing), its other happenings are not
("a separate strike", a date written in the sentence); a claim carried over to a claimant of
its own is that claimant's even when linked to an outlet's claim. Fictional text."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from rashomon.compare import compare_incident, value_text
from rashomon.compare.scope import article_scope
from rashomon.model import (
    Analysis,
    Article,
    Claim,
    Claimant,
    ClaimantType,
    ClaimType,
    Entity,
    EntityMention,
    Event,
    EventRef,
    EventType,
    Figure,
    FigureAttribution,
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

DAY = date(2031, 5, 5)  # the shelling of the clinic
REPORT_DAY = date(2031, 5, 9)  # the follow-up report
TEXT = (
    "Monday's shelling of the Marnow clinic in Tarn drew wide condemnation. "
    "As the Vostran Health Office noted earlier, the toll rose to 45 on Friday. "
    "A separate strike on Tarn killed 3 on Thursday. "
    "On May 1 a raid on Vost killed 12. "
    "Rescuers pulled 2 more bodies from the rubble, the office said. "
    "Tarn was shelled often in 2029."
)


def span(piece: str) -> TextSpan:
    start = TEXT.index(piece)
    return TextSpan(start, start + len(piece), piece)


def when(piece: str, value: str, precision: Precision = Precision.DAY) -> TimeExpression:
    return TimeExpression(span(piece), value, precision, "test")


def figure(fid: str, piece: str, low: int, event_claim: str) -> Figure:
    return Figure(
        fid,
        span(piece),
        FigureCategory.KILLED,
        "people",
        low,
        low,
        FigureQualifier.EXACT,
        "health",
        event_claim,
        value=low,
    )


TARN = Place(span("Tarn"), "Tarn", "town", "VS", 1.0, 2.0)
VOST = Place(span("Vost"), "Vost", "town", "VS", 3.0, 4.0)
EVENTS = (
    Event("ev-1", EventType.SHELLING, None, span("shelling"), when("Monday", "2031-05-05")),
    # the report's own day, written in its sentence: an update of the incident's toll
    Event(
        "ev-2",
        EventType.ATTACK,
        None,
        span("toll rose"),
        when("on Friday", "2031-05-09"),
        where=(TARN,),
        figure_ids=("fig-1",),
    ),
    # "A separate strike": another happening, whatever its day
    Event(
        "ev-3",
        EventType.AIR_STRIKE,
        None,
        span("strike"),
        when("on Thursday", "2031-05-08"),
        figure_ids=("fig-2",),
    ),
    # another day written in its sentence
    Event(
        "ev-4",
        EventType.RAID,
        None,
        span("raid"),
        when("On May 1", "2031-05-01"),
        where=(VOST,),
        figure_ids=("fig-3",),
    ),
    # a year carried from a later sentence places nothing
    Event(
        "ev-5",
        EventType.ATTACK,
        None,
        span("pulled"),
        when("in 2029", "2029-01-01", Precision.YEAR),
        figure_ids=("fig-4",),
    ),
)
FIGURES = (
    figure("fig-1", "toll rose to 45", 45, "claim-1"),
    figure("fig-2", "killed 3", 3, "claim-1"),
    figure("fig-3", "killed 12", 12, "claim-1"),
    figure("fig-4", "2 more bodies", 2, "claim-2"),
)


def analysis(*, adopted: bool = False) -> Analysis:
    article = Article(
        id="a1",
        text=TEXT,
        parts=(Part(PartKind.BODY, 0, len(TEXT)),),
        outlet="Tarn Courier",
        published=REPORT_DAY,
    )
    claims = (
        Claim("claim-1", "health", span("the toll rose to 45"), (), ClaimType.FACT),
        Claim("claim-3", "outlet", span("Monday's shelling"), (), ClaimType.FACT),
        # carried over to the office, but first linked to the outlet's claim
        Claim(
            "claim-2",
            "health",
            span("Rescuers pulled 2 more bodies from the rubble"),
            (),
            ClaimType.FACT,
            adopted_from="claim-3" if adopted else None,
        ),
    )
    claimants = (
        Claimant("outlet", "Tarn Courier", ClaimantType.MEDIA_OUTLET),
        Claimant("health", "Vostran Health Office", ClaimantType.GOVERNMENT_BODY),
    )
    carried = FigureAttribution.CARRY_OVER
    figures = tuple(replace(f, attribution=carried) if f.id == "fig-4" else f for f in FIGURES)
    return Analysis(article, (), claimants, claims=claims, figures=figures, events=EVENTS)


INCIDENT = Incident(
    "inc-1", EventType.SHELLING, (EventRef("a1", "ev-1"),), ("a1",), DAY, DAY, places=("Tarn",)
)


def test_follow_up_tolls_are_the_incidents_other_happenings_are_not() -> None:
    scope = article_scope(analysis(), INCIDENT)
    assert [e.id for e in scope.events] == ["ev-1", "ev-2", "ev-5"]
    assert set(scope.figure_ids) == {"fig-1", "fig-4"}


def test_a_claim_carried_over_to_a_claimant_is_never_the_outlets() -> None:
    entities = [
        Entity(
            "ent-health",
            "Vostran Health Office",
            ClaimantType.GOVERNMENT_BODY,
            mentions=(EntityMention("a1", "health", "Vostran Health Office"),),
        ),
        Entity(
            "ent-outlet",
            "Tarn Courier",
            ClaimantType.MEDIA_OUTLET,
            mentions=(EntityMention("a1", "outlet", "Tarn Courier"),),
        ),
    ]
    result = compare_incident(INCIDENT, [analysis(adopted=True)], copies=(), entities=entities)
    counts = {(c.claimant, value_text(c)) for c in result.claims if c.slot == "deaths"}
    assert counts == {("ent-health", "45"), ("ent-health", "2")}
