"""The ledger of one incident: each claimant's value per slot, where and when it appeared.

Observations come from figures (count slots and "status"), claims (``responsible``
from ``slots.doer_of``, ``cause`` from ``labels.cause_of``, ``evidence`` and ``damage`` via
the label tables in ``slots``; a claim
whose cue rejects its content gives only what it asserts instead), events ("place") and
clock times ("time"). Only what belongs to the incident is read (``scope``): its events
and other events of the same happening, their figures and figures attached to no event
(but never a cumulative toll of a wider war), clock times of the body on the incident's
days. The claimant of an observation is the Entity holding the article's claimant
(``Entity.mentions``); a clock time is held by the claimant of the claim around it, else
the outlet. Within an incident, same-named bodies that ``merge_entities`` kept apart for
want of context (a bare "Health Ministry") are one claimant (``_incident_owner``).
Observations with no resolved claimant are left out. Values of different claimants are
never merged.

An outlet claim ``adopted_from`` another claimant's claim is not the outlet's own value: it
adds the outlet to ``adopted_by`` of that claimant's same value, and is never a source (a
value the source claim does not state is left out). Only the outlet's own words adopt: a
claim or figure with a claimant of its own ("Forty people were injured", carried over from
"the governor said") is that claimant's, whatever claim it was first linked to.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from rashomon.compare.conflicts import find_agreements, find_changes, find_conflicts
from rashomon.compare.copies import incident_copies
from rashomon.compare.labels import (
    LabelVocabulary,
    cause_of,
    day_part_of,
    fates_of,
    packaged_vocabulary,
    site_of,
    target_of,
    weapon_of,
)
from rashomon.compare.scope import article_scope, holding_claim, sentence_at
from rashomon.compare.sides import SideTable, assign_sides, load_side_table
from rashomon.compare.slots import (
    LABEL_RULES,
    SLOT_RULES_VERSION,
    asserted_text,
    doer_of,
    figure_slot,
    label_of,
    slot_rank,
    time_label,
    victim_status,
)
from rashomon.compare.written import written_form
from rashomon.model import (
    Analysis,
    Appearance,
    Claim,
    ClaimantType,
    Comparison,
    CopyGroup,
    Entity,
    FigureAttribution,
    Incident,
    Precision,
    SlotClaim,
)


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
    quote: str = ""  # the sentence stating it
    attribution: str = ""  # how the claimant was found (FigureAttribution values, for claims too)
    written_as: str = ""  # the claimant's name as the article writes it
    number: int | None = None  # counts: the number as written
    written: str = ""  # counts: the value as written ("more than 30")
    offset: int = 0  # where it is stated in the article


# (slot, claimant, label, low, high, count as written): one ledger claim
_Key = tuple[str, str, str | None, int | None, int | None, str]


def compare_incident(
    incident: Incident,
    analyses: Sequence[Analysis],
    *,
    copies: Sequence[CopyGroup],
    entities: Sequence[Entity],
) -> Comparison:
    """The side-by-side ledger of ``incident`` over the analyses of its articles."""
    return compare_incidents([incident], analyses, copies=copies, entities=entities)[0]


def compare_incidents(
    incidents: Sequence[Incident],
    analyses: Sequence[Analysis],
    *,
    copies: Sequence[CopyGroup],
    entities: Sequence[Entity],
) -> tuple[Comparison, ...]:
    """``compare_incident`` for each of ``incidents``, in order, with the same results.

    The indexes over ``analyses``, ``copies`` and ``entities`` (who holds each article
    claimant, each article's copy groups) are built once, so ledgers of every incident of N
    articles take time linear in N, not N times the number of incidents.
    """
    index = _build_index(analyses, copies, entities)
    table = load_side_table()
    return tuple(_compare(incident, index, table) for incident in incidents)


@dataclass(frozen=True, slots=True)
class _Index:
    """``compare_incidents``' inputs, indexed once for every incident."""

    analyses: Sequence[Analysis]
    copies: Sequence[CopyGroup]
    entities: Sequence[Entity]
    rows: dict[str, list[int]]  # article id -> positions in analyses
    groups: dict[str, list[int]]  # article id -> positions in copies of the groups holding it
    held: dict[str, list[int]]  # entity id -> positions in entities
    owner: dict[tuple[str, str], Entity]  # (article id, claimant id) -> entity
    names: dict[str, str]  # entity id -> name


def _build_index(
    analyses: Sequence[Analysis], copies: Sequence[CopyGroup], entities: Sequence[Entity]
) -> _Index:
    rows: dict[str, list[int]] = {}
    for row, analysis in enumerate(analyses):
        rows.setdefault(analysis.article.id, []).append(row)
    groups: dict[str, list[int]] = {}
    for position, group in enumerate(copies):
        for article_id in dict.fromkeys(group.article_ids):
            groups.setdefault(article_id, []).append(position)
    held: dict[str, list[int]] = {}
    for position, entity in enumerate(entities):
        held.setdefault(entity.id, []).append(position)
    return _Index(
        analyses=analyses,
        copies=copies,
        entities=entities,
        rows=rows,
        groups=groups,
        held=held,
        owner={(m.article_id, m.claimant_id): e for e in entities for m in e.mentions},
        names={e.id: e.name for e in entities},
    )


def _compare(incident: Incident, index: _Index, table: SideTable) -> Comparison:
    vocab = packaged_vocabulary()
    members = set(incident.article_ids)
    rows = sorted({r for a in members for r in index.rows.get(a, ())})
    chosen = [index.analyses[r] for r in rows]
    owner = _incident_owner(chosen, index.owner)
    observations = [
        o
        for i, a in enumerate(chosen)
        for o in _observe(a, i, owner, incident, table.nations, vocab)
    ]
    positions = sorted({g for a in members for g in index.groups.get(a, ())})
    groups = incident_copies(
        [a.article for a in chosen],
        [index.copies[g] for g in positions],
        prefix=incident.id,
    )
    source_of = {a: g.id for g in groups for a in g.article_ids}
    names = index.names
    by_id = {a.article.id: a for a in chosen}
    claims = _slot_claims(observations, by_id, source_of, names)
    used = {c.claimant for c in claims}
    held = sorted({e for claimant in used for e in index.held.get(claimant, ())})
    chosen_entities = tuple(index.entities[e] for e in held)
    sides = assign_sides(
        chosen_entities,
        _descriptions(chosen, owner),
        table,
        mentions=_mention_counts(observations),
    )
    claims = tuple(
        replace(c, side=sides[c.claimant].id, side_name=sides[c.claimant].name)
        if c.claimant in sides
        else c
        for c in claims
    )
    return Comparison(
        incident=incident,
        claims=claims,
        conflicts=find_conflicts(claims),
        changes=find_changes(claims),
        agreements=tuple(a.claimants for a in find_agreements(claims, groups)),
        copies=tuple(groups),
        entities=chosen_entities,
        rules=(table.version, SLOT_RULES_VERSION, vocab.version),
    )


def _descriptions(
    chosen: Sequence[Analysis], owner: dict[tuple[str, str], Entity]
) -> dict[str, list[str]]:
    """Entity id -> the roles and affiliations its article claimants are written with."""
    described: dict[str, list[str]] = {}
    for analysis in chosen:
        for claimant in analysis.claimants:
            entity = owner.get((analysis.article.id, claimant.id))
            if entity is None:
                continue
            texts = described.setdefault(entity.id, [])
            for text in (claimant.role, claimant.affiliation):
                if text and text not in texts:
                    texts.append(text)
    return described


def _mention_counts(observations: Sequence[_Obs]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for obs in observations:
        counts[obs.entity] = counts.get(obs.entity, 0) + 1
    return counts


# organisations that are one claimant within an incident when they share a name
_NAMED_BODIES = frozenset(
    {
        ClaimantType.ARMED_GROUP,
        ClaimantType.MILITARY,
        ClaimantType.GOVERNMENT_BODY,
        ClaimantType.ORGANISATION,
    }
)


def _incident_owner(
    chosen: Sequence[Analysis], owner: dict[tuple[str, str], Entity]
) -> dict[tuple[str, str], Entity]:
    """``owner`` for the incident's articles, same-named bodies joined.

    ``merge_entities`` keeps a bare "Health Ministry" or "the Interior Ministry" of two
    articles apart when nothing says which country's it is: across a whole corpus they may be
    different bodies. Within one incident they are one claimant, so entities of a named body
    type (not people, outlets, readers or anonymous sources) with the same name and no
    ``part_of`` are joined to the first of them. Lower-case names ("health officials",
    "witnesses") stay apart: they name groups, not one body.
    """
    local: dict[tuple[str, str], Entity] = {}
    first: dict[tuple[ClaimantType, str], Entity] = {}
    for analysis in chosen:
        for claimant in analysis.claimants:
            key = (analysis.article.id, claimant.id)
            entity = owner.get(key)
            if entity is None:
                continue
            if _joinable(entity):
                entity = first.setdefault((entity.type, entity.name.casefold()), entity)
            local[key] = entity
    return local


def _joinable(entity: Entity) -> bool:
    return (
        entity.type in _NAMED_BODIES
        and entity.part_of is None
        and any(ch.isupper() for ch in entity.name)
    )


def _observe(
    analysis: Analysis,
    order: int,
    owner: dict[tuple[str, str], Entity],
    incident: Incident,
    nations: Mapping[str, str],
    vocab: LabelVocabulary,
) -> list[_Obs]:
    article = analysis.article.id
    claims = {c.id: c for c in analysis.claims}
    scope = article_scope(analysis, incident, vocab.other_happening)

    def who(claimant_id: str | None) -> Entity | None:
        return None if claimant_id is None else owner.get((article, claimant_id))

    def adoption(claim: Claim | None, claimant_id: str | None) -> tuple[Entity, str] | None:
        """The claimant an outlet's claim adopts, and the outlet's name. Only the outlet's
        own words adopt: a claim stated by a claimant of its own (a carry-over "he said")
        is that claimant's, whatever claim it was first linked to."""
        if claim is None or claim.adopted_from is None:
            return None
        if not _is_outlet(claimant_id) or not _is_outlet(claim.claimant_id):
            return None
        source = claims.get(claim.adopted_from)
        entity = who(source.claimant_id) if source else None
        speaker = who(claim.claimant_id)
        outlet = analysis.article.outlet or (speaker.name if speaker else "outlet")
        return (entity, outlet) if entity else None

    found: list[_Obs] = []
    body = analysis.article.text

    def add(
        slot: str,
        claimant_id: str | None,
        claim: Claim | None,
        text: str,
        value: str | None = None,
        low: int | None = None,
        high: int | None = None,
        *,
        at: int | None = None,
        how: str | None = None,
        number: int | None = None,
        written: str = "",
    ) -> None:
        adopted = adoption(claim, claimant_id)
        entity = adopted[0] if adopted else who(claimant_id)
        if entity is None:
            return
        outlet = adopted[1] if adopted else None
        speaker = analysis.claimant(claimant_id)
        offset = at if at is not None else claim.text.start if claim else 0
        found.append(
            _Obs(
                slot,
                entity.id,
                value,
                low,
                high,
                article,
                order,
                text,
                outlet,
                quote=sentence_at(body, offset),
                attribution=how or _claim_attribution(claim, claimant_id),
                written_as=speaker.name if speaker else entity.name,
                number=number,
                written=written,
                offset=offset,
            )
        )

    for figure in analysis.figures:
        if figure.id not in scope.figure_ids:
            continue
        claim = claims.get(figure.claim_id) if figure.claim_id else None
        text = " ".join(figure.text.text.split())
        slot = figure_slot(figure.category, figure.victim_group, breakdown=figure.among is not None)
        where = figure.text.start
        how = figure.attribution.value
        if figure.sentence is not None:
            where = figure.sentence.start
        add(
            slot,
            figure.claimant_id,
            claim,
            text,
            None,
            figure.low,
            figure.high,
            at=where,
            how=how,
            number=figure.value,
            written=written_form(figure),
        )
        status = victim_status(figure.victim_group)
        if status:
            add("status", figure.claimant_id, claim, text, status, at=where, how=how)
    for claim in analysis.claims:
        text = " ".join(claim.text.text.split())
        asserted = asserted_text(text, _cue(analysis, claim))
        if asserted and (cause := cause_of(asserted, vocab, nations)):
            add("cause", claim.claimant_id, claim, text, cause)
        if asserted and (doer := doer_of(asserted, nations)):
            add("responsible", claim.claimant_id, claim, text, doer)
        for slot, rules in LABEL_RULES.items():
            label = label_of(asserted, rules)
            if label:
                add(slot, claim.claimant_id, claim, text, label.label)
        if asserted:
            for slot, value in (
                ("weapon", weapon_of(asserted, vocab)),
                ("target", target_of(asserted, vocab)),
                ("place", site_of(asserted, vocab)),
            ):
                if value:
                    add(slot, claim.claimant_id, claim, text, value)
        for person, fate in fates_of(text, _cue(analysis, claim), vocab):
            if person not in nations:
                add(f"status:{person}", claim.claimant_id, claim, text, fate)
    for event in scope.events:
        claim = claims.get(event.claim_ids[0]) if event.claim_ids else None
        claimant_id = claim.claimant_id if claim else "outlet"
        for place in event.where:
            add("place", claimant_id, claim, place.text.text, place.name, at=place.text.start)
    for time in scope.times:
        claim = holding_claim(analysis, time.text.start)
        claimant_id = claim.claimant_id if claim else "outlet"
        clock = time_label(time.value or "")
        if time.precision is Precision.PART_OF_DAY:
            before = body[max(0, time.text.start - 60) : time.text.start]
            part = day_part_of(time.derived_from, before, vocab)
            if part is None:
                continue
            clock = f"{clock[:10]} {part}"
        add("time", claimant_id, claim, time.text.text, clock, at=time.text.start)
    return found


def _is_outlet(claimant_id: str | None) -> bool:
    return claimant_id is None or claimant_id == "outlet"


def _claim_attribution(claim: Claim | None, claimant_id: str | None) -> str:
    """How a claim's claimant was found, in the words of ``FigureAttribution``."""
    if claimant_id == "outlet":
        return FigureAttribution.OUTLET.value
    if claimant_id and claimant_id.startswith("reader"):
        return FigureAttribution.READER.value
    if claim is not None and claim.attribution_id is None:
        return FigureAttribution.OUTLET.value
    return FigureAttribution.DIRECT.value


def _cue(analysis: Analysis, claim: Claim) -> str:
    """The cue of an attributed claim and the words up to its content ("has ruled out")."""
    if claim.attribution_id is None:
        return ""
    index = int(claim.attribution_id.removeprefix("att-")) - 1
    if not 0 <= index < len(analysis.attributions):
        return ""
    cue = analysis.attributions[index].cue
    if cue is None:
        return ""
    text = analysis.article.text
    return text[cue.start : max(cue.end, claim.text.start)][:80]


def _slot_claims(
    observations: list[_Obs],
    by_id: dict[str, Analysis],
    source_of: dict[str, str],
    names: dict[str, str],
) -> tuple[SlotClaim, ...]:
    own: dict[_Key, list[_Obs]] = {}
    for obs in observations:
        if obs.adopted_by is None:
            own.setdefault(_key(obs), []).append(obs)
    adopted: dict[_Key, list[str]] = {}
    for obs in observations:
        if obs.adopted_by is None:
            continue
        if _key(obs) in own:
            outlets = adopted.setdefault(_key(obs), [])
            if obs.adopted_by not in outlets:
                outlets.append(obs.adopted_by)
    result: list[tuple[tuple[int, int], SlotClaim]] = []  # (article order, offset) first stated
    for key, found in own.items():
        appearances = _appearances(found, by_id)
        slot, entity, value, low, high, written = key
        sources = {source_of.get(a.article_id, a.article_id) for a in appearances}
        stated = min((o.order, o.offset) for o in found)
        result.append(
            (
                stated,
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
                    number=found[0].number,
                    written=written,
                ),
            )
        )
    # a claimant's values of one day in the order they are stated (article, then position)
    result.sort(key=lambda p: (slot_rank(p[1].slot), p[1].claimant_name, _seen_key(p[1]), p[0]))
    return tuple(claim for _, claim in result)


def _key(obs: _Obs) -> _Key:
    return obs.slot, obs.entity, obs.value, obs.low, obs.high, obs.written


def _appearances(found: list[_Obs], by_id: dict[str, Analysis]) -> tuple[Appearance, ...]:
    seen: dict[str, Appearance] = {}
    for obs in sorted(found, key=lambda o: o.order):
        if obs.article not in seen:
            article = by_id[obs.article].article
            seen[obs.article] = Appearance(
                obs.article,
                article.outlet,
                article.published,
                obs.text,
                url=article.url,
                quote=obs.quote,
                attribution=obs.attribution,
                written_as=obs.written_as,
            )
    return tuple(seen.values())


def first_seen(appearances: Sequence[Appearance]) -> Appearance | None:
    """The earliest dated appearance (ties: input order); undated ones are never first."""
    dated = [a for a in appearances if a.published is not None]
    return min(dated, key=lambda a: a.published or date.min) if dated else None


def _seen_key(claim: SlotClaim) -> date:
    seen = claim.first_seen
    return seen.published if seen and seen.published else date.max
