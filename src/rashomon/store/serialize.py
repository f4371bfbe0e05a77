"""Analysis <-> JSON-ready dict, losslessly: ``analysis_from_dict(analysis_to_dict(a)) == a``.

The dict is the documented output shape (``rashomon.present.analysis_to_dict``,
``schema/analysis.schema.json``). Two things that shape cannot carry are added only where
they occur, so a normal analysis serialises to exactly the documented shape:

- ``"rules"`` on an attribution whose rules differ from the analysis's ``rules``;
- ``"claimant_id"`` on an attribution, claim or figure whose claimant id names no claimant
  of the article (the report shows such a claimant as ``null``).

``analysis_from_dict`` also reads any JSON the ``analyze --format json`` command wrote.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any, TypeVar, cast

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
    TextSpan,
    TimeExpression,
)

CLAIMANT_ID = "claimant_id"
RULES = "rules"


def analysis_to_dict(analysis: Analysis) -> dict[str, Any]:
    """``analysis`` as a JSON-ready dict in the documented shape, plus what it cannot carry."""
    # imported here: the renderers load spaCy-backed modules (half a second) that commands
    # which only read the store (incidents, compare) never need
    from rashomon.present import analysis_to_dict as report_dict
    from rashomon.present.records import claimant_for

    document = report_dict(analysis)
    for attribution, record in zip(analysis.attributions, document["attributions"], strict=True):
        if attribution.rules != analysis.rules:
            record[RULES] = attribution.rules
        if (
            attribution.claimant_id is not None
            and analysis.claimant(attribution.claimant_id) is None
        ):
            record[CLAIMANT_ID] = attribution.claimant_id
    for claim, record in zip(analysis.claims, document["claims"], strict=True):
        if claim.claimant_id is not None and claimant_for(analysis, claim.claimant_id) is None:
            record[CLAIMANT_ID] = claim.claimant_id
    for figure, record in zip(analysis.figures, document["figures"], strict=True):
        if figure.claimant_id is not None and claimant_for(analysis, figure.claimant_id) is None:
            record[CLAIMANT_ID] = figure.claimant_id
    return document


E = TypeVar("E", bound=Enum)
# each enum's members by value: decoding many analyses, ``Kind(value)`` was a tenth of the time
_BY_VALUE: dict[type[Enum], dict[Any, Enum]] = {
    kind: {member.value: member for member in kind}
    for kind in (
        AttributionKind,
        ClaimType,
        ClaimantType,
        CueStance,
        EventType,
        FigureAttribution,
        FigureCategory,
        FigureQualifier,
        PartKind,
        PiiKind,
        Precision,
        PublishedSource,
    )
}


def _member(kind: type[E], value: Any) -> E:
    """``kind(value)``, looked up (an unknown value still raises ``ValueError``)."""
    found = _BY_VALUE[kind].get(value)
    return cast(E, found) if found is not None else kind(value)


def analysis_from_dict(document: dict[str, Any]) -> Analysis:
    """The ``Analysis`` that ``analysis_to_dict`` (or the report's shape) describes."""
    rules = str(document.get("rules", "cues.en.v1"))
    return Analysis(
        article=article_from_dict(document["article"]),
        attributions=tuple(_attribution(a, rules) for a in document["attributions"]),
        claimants=tuple(_claimant(c) for c in document["claimants"]),
        model=str(document.get("model", "")),
        rules=rules,
        version=str(document.get("rashomon_version", "")),
        warnings=tuple(document.get("warnings", ())),
        claims=tuple(_claim(c) for c in document.get("claims", ())),
        figures=tuple(_figure(f) for f in document.get("figures", ())),
        events=tuple(_event(e) for e in document.get("events", ())),
        times=tuple(_time(t) for t in document.get("times", ())),
        places=tuple(_place(p) for p in document.get("places", ())),
    )


def article_from_dict(record: dict[str, Any]) -> Article:
    published = record.get("published")
    source = record.get("published_source")
    return Article(
        id=record["id"],
        text=record["text"],
        parts=tuple(
            Part(_member(PartKind, p["kind"]), p["start"], p["end"], p.get("index", 0))
            for p in record.get("parts", ())
        ),
        title=record.get("title"),
        outlet=record.get("outlet"),
        url=record.get("url"),
        byline=record.get("byline"),
        published=None if published is None else date.fromisoformat(published),
        published_source=None if source is None else _member(PublishedSource, source),
        language=record.get("language", "en"),
        origin=record.get("origin", ""),
        redactions=tuple(
            Redaction(r["start"], r["end"], _member(PiiKind, r["kind"]))
            for r in record.get("redactions", ())
        ),
    )


def _span(record: dict[str, Any]) -> TextSpan:
    return TextSpan(record["start"], record["end"], record["text"])


def _optional_span(record: dict[str, Any] | None) -> TextSpan | None:
    return None if record is None else _span(record)


def _claimant_id(record: dict[str, Any]) -> str | None:
    """The claimant id of an attribution, claim or figure record."""
    if CLAIMANT_ID in record:
        return str(record[CLAIMANT_ID])
    ref = record.get("claimant")
    return None if ref is None else str(ref["id"])


def _claimant(record: dict[str, Any]) -> Claimant:
    return Claimant(
        id=record["id"],
        name=record["name"],
        type=_member(ClaimantType, record["type"]),
        role=record.get("role"),
        affiliation=record.get("affiliation"),
        part_of=record.get("part_of"),
        aliases=tuple(record.get("aliases", ())),
        mentions=tuple(_span(m) for m in record.get("mentions", ())),
    )


def _attribution(record: dict[str, Any], rules: str) -> Attribution:
    content = record["content"]
    fragments = content.get("fragments") or [content]
    return Attribution(
        source=_optional_span(record.get("source")),
        cue=_optional_span(record.get("cue")),
        content=tuple(_span(f) for f in fragments),
        kind=_member(AttributionKind, record["kind"]),
        stance=_member(CueStance, record.get("stance", CueStance.NEUTRAL.value)),
        negated=bool(record.get("negated", False)),
        passive=bool(record.get("passive", False)),
        claimant_id=_claimant_id(record),
        reporter_id=record.get("reporter", "outlet"),
        part=_member(PartKind, record.get("part", PartKind.BODY.value)),
        method=record.get("method", "rules"),
        rules=record.get(RULES, rules),
        co_claimant_ids=tuple(str(c["id"]) for c in record.get("co_claimants", ())),
    )


def _claim(record: dict[str, Any]) -> Claim:
    return Claim(
        id=record["id"],
        claimant_id=_claimant_id(record),
        text=_span(record["text"]),
        fragments=tuple(_span(f) for f in record.get("fragments", ())),
        type=_member(ClaimType, record["type"]),
        part=_member(PartKind, record.get("part", PartKind.BODY.value)),
        attribution_id=record.get("attribution"),
        hedges=tuple(Hedge(_span(h["cue"]), _span(h["scope"])) for h in record.get("hedges", ())),
        adopted_from=record.get("adopted_from"),
    )


def _figure(record: dict[str, Any]) -> Figure:
    return Figure(
        id=record["id"],
        text=_span(record["text"]),
        category=_member(FigureCategory, record["category"]),
        victim_group=record.get("victim_group"),
        low=record.get("low"),
        high=record.get("high"),
        qualifier=_member(FigureQualifier, record["qualifier"]),
        claimant_id=_claimant_id(record),
        claim_id=record.get("claim"),
        value=record.get("value"),
        among=None if record.get("among") is None else _member(FigureCategory, record["among"]),
        attribution=_member(
            FigureAttribution, record.get("attribution", FigureAttribution.DIRECT.value)
        ),
        sentence=None if record.get("sentence") is None else _span(record["sentence"]),
    )


def _time(record: dict[str, Any]) -> TimeExpression:
    precision = record.get("precision")
    return TimeExpression(
        text=_span(record["text"]),
        value=record.get("value"),
        precision=None if precision is None else _member(Precision, precision),
        derived_from=record["derived_from"],
        duration=record.get("duration"),
    )


def _place(record: dict[str, Any]) -> Place:
    return Place(
        text=_span(record["text"]),
        name=record["name"],
        kind=record["kind"],
        country=record.get("country"),
        lat=record.get("lat"),
        lon=record.get("lon"),
        precision=record.get("precision", "city"),
        alternatives=tuple(record.get("alternatives", ())),
        source=record.get("source", ""),
    )


def _event(record: dict[str, Any]) -> Event:
    when = record.get("when")
    return Event(
        id=record["id"],
        type=_member(EventType, record["type"]),
        plover=record.get("plover"),
        trigger=_span(record["trigger"]),
        when=None if when is None else _time(when),
        where=tuple(_place(p) for p in record.get("where", ())),
        actor=_optional_span(record.get("actor")),
        target=_optional_span(record.get("target")),
        victims=_optional_span(record.get("victims")),
        claim_ids=tuple(record.get("claims", ())),
        figure_ids=tuple(record.get("figures", ())),
    )
