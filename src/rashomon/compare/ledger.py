"""The ledger of one incident: each claimant's value per slot, where and when it appeared.

Observations come from figures (count slots and "status"), claims (``cause`` /
``responsible`` via the keyword table in ``slots``) and events ("place", and "time" when the
event time is given to the hour or minute). The claimant of an observation is the Entity
holding the article's claimant (``Entity.mentions``); observations with no resolved claimant
are left out. Values of different claimants are never merged.

An outlet claim ``adopted_from`` another claimant's claim is not the outlet's own value: it
adds the outlet to ``adopted_by`` of that claimant's same value, and is never a source. When
the source claim does not state that value, the outlet's claim counts as the outlet's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rashomon.compare.conflicts import find_agreements, find_changes, find_conflicts
from rashomon.compare.slots import cause_of, figure_slot, slot_rank, victim_status
from rashomon.model import (
    Analysis,
    Appearance,
    Claim,
    Comparison,
    CopyGroup,
    Entity,
    Incident,
    Precision,
    SlotClaim,
)

_EXACT_TIMES = frozenset({Precision.HOUR, Precision.MINUTE})


@dataclass(frozen=True, slots=True)
class _Obs:
    slot: str
    entity: str
    value: str | None
    low: int | None
    high: int | None
    article: str
    order: int  # input order of the article
    text: str
    adopted_by: str | None = None  # outlet name when an outlet adopted this claimant's claim


def compare_incident(
    incident: Incident,
    analyses: Sequence[Analysis],
    *,
    copies: Sequence[CopyGroup],
    entities: Sequence[Entity],
) -> Comparison:
    """The side-by-side ledger of ``incident`` over the analyses of its articles."""
    members = set(incident.article_ids)
    chosen = [a for a in analyses if a.article.id in members]
    owner = {(m.article_id, m.claimant_id): e for e in entities for m in e.mentions}
    observations = [o for i, a in enumerate(chosen) for o in _observe(a, i, owner)]
    groups = [g for g in copies if members.intersection(g.article_ids)]
    source_of = {a: g.id for g in groups for a in g.article_ids}
    names = {e.id: e.name for e in entities}
    by_id = {a.article.id: a for a in chosen}
    claims = _slot_claims(observations, by_id, source_of, names)
    used = {c.claimant for c in claims}
    return Comparison(
        incident=incident,
        claims=claims,
        conflicts=find_conflicts(claims),
        changes=find_changes(claims),
        agreements=tuple(a.claimants for a in find_agreements(claims, groups)),
        copies=tuple(groups),
        entities=tuple(e for e in entities if e.id in used),
    )


def _observe(analysis: Analysis, order: int, owner: dict[tuple[str, str], Entity]) -> list[_Obs]:
    article = analysis.article.id
    claims = {c.id: c for c in analysis.claims}

    def who(claimant_id: str | None) -> Entity | None:
        return None if claimant_id is None else owner.get((article, claimant_id))

    def adoption(claim: Claim | None) -> tuple[Entity, str] | None:
        if claim is None or claim.adopted_from is None:
            return None
        source = claims.get(claim.adopted_from)
        entity = who(source.claimant_id) if source else None
        speaker = who(claim.claimant_id)
        outlet = analysis.article.outlet or (speaker.name if speaker else "outlet")
        return (entity, outlet) if entity else None

    found: list[_Obs] = []

    def add(
        slot: str,
        claimant_id: str | None,
        claim: Claim | None,
        text: str,
        value: str | None = None,
        low: int | None = None,
        high: int | None = None,
    ) -> None:
        adopted = adoption(claim)
        entity = adopted[0] if adopted else who(claimant_id)
        if entity is None:
            return
        outlet = adopted[1] if adopted else None
        found.append(_Obs(slot, entity.id, value, low, high, article, order, text, outlet))

    for figure in analysis.figures:
        claim = claims.get(figure.claim_id) if figure.claim_id else None
        text = " ".join(figure.text.text.split())
        slot = figure_slot(figure.category, figure.victim_group)
        add(slot, figure.claimant_id, claim, text, None, figure.low, figure.high)
        status = victim_status(figure.victim_group)
        if status:
            add("status", figure.claimant_id, claim, text, status)
    for claim in analysis.claims:
        text = " ".join(claim.text.text.split())
        rule = cause_of(text)
        if rule:
            add("cause", claim.claimant_id, claim, text, rule.cause)
            add("responsible", claim.claimant_id, claim, text, rule.responsible)
    for event in analysis.events:
        claim = claims.get(event.claim_ids[0]) if event.claim_ids else None
        claimant_id = claim.claimant_id if claim else "outlet"
        for place in event.where:
            add("place", claimant_id, claim, place.text.text, place.name)
        when = event.when
        if when and when.value and when.precision in _EXACT_TIMES:
            add("time", claimant_id, claim, when.text.text, when.value)
    return found


def _slot_claims(
    observations: list[_Obs],
    by_id: dict[str, Analysis],
    source_of: dict[str, str],
    names: dict[str, str],
) -> tuple[SlotClaim, ...]:
    own: dict[tuple[str, str, str | None, int | None, int | None], list[_Obs]] = {}
    for obs in observations:
        if obs.adopted_by is None:
            own.setdefault(_key(obs), []).append(obs)
    adopted: dict[tuple[str, str, str | None, int | None, int | None], list[str]] = {}
    for obs in observations:
        if obs.adopted_by is None:
            continue
        if _key(obs) in own:
            outlets = adopted.setdefault(_key(obs), [])
            if obs.adopted_by not in outlets:
                outlets.append(obs.adopted_by)
    result: list[SlotClaim] = []
    for key, found in own.items():
        appearances = _appearances(found, by_id)
        slot, entity, value, low, high = key
        sources = {source_of.get(a.article_id, a.article_id) for a in appearances}
        result.append(
            SlotClaim(
                slot=slot,
                claimant=entity,
                claimant_name=names.get(entity, entity),
                value=value,
                low=low,
                high=high,
                first_seen=first_seen(appearances),
                appearances=appearances,
                sources=len(sources),
                adopted_by=tuple(adopted.get(key, ())),
            )
        )
    result.sort(key=lambda c: (slot_rank(c.slot), c.claimant_name, _seen_key(c), c.value or ""))
    return tuple(result)


def _key(obs: _Obs) -> tuple[str, str, str | None, int | None, int | None]:
    return obs.slot, obs.entity, obs.value, obs.low, obs.high


def _appearances(found: list[_Obs], by_id: dict[str, Analysis]) -> tuple[Appearance, ...]:
    seen: dict[str, Appearance] = {}
    for obs in sorted(found, key=lambda o: o.order):
        if obs.article not in seen:
            article = by_id[obs.article].article
            seen[obs.article] = Appearance(obs.article, article.outlet, article.published, obs.text)
    return tuple(seen.values())


def first_seen(appearances: Sequence[Appearance]) -> Appearance | None:
    """The earliest dated appearance (ties: input order); undated ones are never first."""
    dated = [a for a in appearances if a.published is not None]
    return min(dated, key=lambda a: a.published or date.min) if dated else None


def _seen_key(claim: SlotClaim) -> date:
    seen = claim.first_seen
    return seen.published if seen and seen.published else date.max
