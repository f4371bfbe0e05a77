"""Fictional articles, claimants and entities for the compare tests (Vostran, Brell, Tarn)."""

from __future__ import annotations

from datetime import date

from rashomon.compare import compare_incident
from rashomon.model import (
    Analysis,
    Article,
    Claim,
    Claimant,
    ClaimantType,
    ClaimType,
    Comparison,
    CopyGroup,
    Entity,
    EntityMention,
    EventType,
    Figure,
    FigureCategory,
    FigureQualifier,
    Incident,
    Part,
    PartKind,
    SlotClaim,
    TextSpan,
)

TEXT = "The Vostran Health Office said 40 people died. The Brell Army said 12 died."
SPAN = TextSpan(0, 10, TEXT[:10])


def figure(
    fid: str,
    claimant: str,
    low: int | None,
    high: int | None,
    category: FigureCategory = FigureCategory.KILLED,
    group: str | None = "people",
    claim_id: str | None = None,
) -> Figure:
    qualifier = FigureQualifier.EXACT if low == high else FigureQualifier.RANGE
    return Figure(fid, SPAN, category, group, low, high, qualifier, claimant, claim_id)


def claim(cid: str, claimant: str, text: str, adopted_from: str | None = None) -> Claim:
    span = TextSpan(0, len(text), text)
    return Claim(cid, claimant, span, (span,), ClaimType.FACT, adopted_from=adopted_from)


def article(
    aid: str,
    published: date | None,
    *,
    outlet: str = "Daily Fictional",
    figures: tuple[Figure, ...] = (),
    claims: tuple[Claim, ...] = (),
) -> Analysis:
    art = Article(
        id=aid,
        text=TEXT,
        parts=(Part(PartKind.BODY, 0, len(TEXT)),),
        outlet=outlet,
        published=published,
    )
    claimants = (
        Claimant("outlet", outlet, ClaimantType.MEDIA_OUTLET),
        Claimant("health", "Vostran Health Office", ClaimantType.GOVERNMENT_BODY),
        Claimant("army", "Brell Army", ClaimantType.MILITARY),
    )
    return Analysis(art, (), claimants, claims=claims, figures=figures)


def entities(analyses: list[Analysis]) -> list[Entity]:
    """ent-health and ent-army across all articles; one outlet entity per article."""

    def mentions(cid: str) -> tuple[EntityMention, ...]:
        return tuple(EntityMention(a.article.id, cid, cid) for a in analyses)

    made = [
        Entity(
            "ent-health",
            "Vostran Health Office",
            ClaimantType.GOVERNMENT_BODY,
            mentions=mentions("health"),
        ),
        Entity("ent-army", "Brell Army", ClaimantType.MILITARY, mentions=mentions("army")),
    ]
    for a in analyses:
        made.append(
            Entity(
                f"ent-{a.article.id}",
                a.article.outlet or "",
                ClaimantType.MEDIA_OUTLET,
                mentions=(EntityMention(a.article.id, "outlet", "outlet"),),
            )
        )
    return made


def compare(analyses: list[Analysis], copies: tuple[CopyGroup, ...] = ()) -> Comparison:
    incident = Incident("inc-1", EventType.ATTACK, (), tuple(a.article.id for a in analyses))
    return compare_incident(incident, analyses, copies=copies, entities=entities(analyses))


def only(comparison: Comparison, slot: str, claimant: str) -> list[SlotClaim]:
    return [c for c in comparison.claims if c.slot == slot and c.claimant == claimant]


D1, D2, D3 = date(2031, 5, 1), date(2031, 5, 2), date(2031, 5, 3)
