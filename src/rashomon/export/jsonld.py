"""schema.org ``Claim`` records (JSON-LD), as fact-checkers and ClaimReview tools read them.

One ``Claim`` per value of a claimant in an incident's ledger: ``author`` is the claimant,
typed ``Person`` or ``Organization`` (by its claimant type), ``text`` the sentence stating
the value, ``appearance`` the articles it appears in (``CreativeWork`` with ``url``,
``publisher``, ``datePublished``), ``firstAppearance`` the earliest of them, ``about`` the
incident (an ``Event`` with its dates and places). Only types and properties of the
schema.org vocabulary are used (``VOCABULARY``; a test checks each against the domains
schema.org gives them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rashomon.compare.conflicts import value_text
from rashomon.export.select import Selection
from rashomon.model import Appearance, ClaimantType, Comparison, Entity, SlotClaim

PERSON_TYPES = frozenset({ClaimantType.PERSON, ClaimantType.READER, ClaimantType.ANONYMOUS_SOURCE})

# Each schema.org type used, and the properties used on it.
VOCABULARY: Mapping[str, frozenset[str]] = {
    "Claim": frozenset(
        {
            "identifier",
            "name",
            "text",
            "author",
            "about",
            "appearance",
            "firstAppearance",
            "datePublished",
        }
    ),
    "Person": frozenset({"identifier", "name", "alternateName", "jobTitle"}),
    "Organization": frozenset({"identifier", "name", "alternateName"}),
    "CreativeWork": frozenset({"identifier", "url", "publisher", "datePublished", "headline"}),
    "Event": frozenset({"identifier", "name", "startDate", "endDate", "location"}),
    "Place": frozenset({"name"}),
}


def claims_jsonld(selection: Selection, urls: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A JSON-LD document: ``@context`` schema.org and a ``@graph`` of ``Claim`` nodes
    (claimant filter applied). ``urls`` maps article ids to URLs (default: the selected
    articles' own; an article without one gets ``urn:rashomon:article:<id>``)."""
    known = {a.article.id: a.article.url for a in selection.analyses if a.article.url}
    known.update(urls or {})
    titles = {a.article.id: a.article.title for a in selection.analyses if a.article.title}
    graph: list[dict[str, Any]] = []
    for comparison in selection.comparisons:
        entities = {e.id: e for e in comparison.entities}
        event = _event(comparison)
        for index, claim in enumerate(comparison.claims, start=1):
            if not selection.where.claimant_matches(claim.claimant_name):
                continue
            graph.append(
                _claim(comparison, index, claim, entities.get(claim.claimant), event, known, titles)
            )
    return {"@context": "https://schema.org", "@graph": graph}


def _event(comparison: Comparison) -> dict[str, Any]:
    incident = comparison.incident
    node: dict[str, Any] = {
        "@type": "Event",
        "@id": f"urn:rashomon:{incident.id}",
        "identifier": incident.id,
        "name": f"{incident.type}" + (f" in {incident.places[0]}" if incident.places else ""),
    }
    if incident.start is not None:
        node["startDate"] = incident.start.isoformat()
    if incident.end is not None:
        node["endDate"] = incident.end.isoformat()
    if incident.places:
        node["location"] = [{"@type": "Place", "name": p} for p in incident.places]
    return node


def _author(claim: SlotClaim, entity: Entity | None) -> dict[str, Any]:
    person = entity is not None and entity.type in PERSON_TYPES
    node: dict[str, Any] = {
        "@type": "Person" if person else "Organization",
        "identifier": claim.claimant,
        "name": claim.claimant_name,
    }
    if entity is not None and entity.aliases:
        node["alternateName"] = list(entity.aliases)
    if person and entity is not None and entity.roles:
        node["jobTitle"] = entity.roles[0]
    return node


def _work(seen: Appearance, urls: Mapping[str, str], titles: Mapping[str, str]) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@type": "CreativeWork",
        "identifier": seen.article_id,
        "url": seen.url or urls.get(seen.article_id, f"urn:rashomon:article:{seen.article_id}"),
    }
    if seen.article_id in titles:
        node["headline"] = titles[seen.article_id]
    if seen.outlet:
        node["publisher"] = {"@type": "Organization", "name": seen.outlet}
    if seen.published:
        node["datePublished"] = seen.published.isoformat()
    return node


def _claim(
    comparison: Comparison,
    index: int,
    claim: SlotClaim,
    entity: Entity | None,
    event: dict[str, Any],
    urls: Mapping[str, str],
    titles: Mapping[str, str],
) -> dict[str, Any]:
    seen = claim.first_seen
    node: dict[str, Any] = {
        "@type": "Claim",
        "@id": f"urn:rashomon:{comparison.incident.id}:claim-{index}",
        "identifier": f"{comparison.incident.id}:claim-{index}",
        "name": f"{claim.slot}: {value_text(claim)}",
        "text": (seen.quote or seen.text) if seen is not None else value_text(claim),
        "author": _author(claim, entity),
        "about": event,
        "appearance": [_work(a, urls, titles) for a in claim.appearances],
    }
    if seen is not None:
        node["firstAppearance"] = _work(seen, urls, titles)
        if seen.published is not None:
            node["datePublished"] = seen.published.isoformat()
    return node
