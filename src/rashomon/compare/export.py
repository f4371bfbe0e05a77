"""Exports: JSON Lines of analyses and comparisons; schema.org ``Claim`` JSON-LD."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rashomon.compare.conflicts import value_text
from rashomon.compare.render import comparison_to_dict
from rashomon.model import Analysis, Comparison
from rashomon.report.jsonl import render_json


def export_jsonl(analyses: Sequence[Analysis], comparisons: Sequence[Comparison]) -> str:
    """Every analysis record (as ``--format json``), then one record per comparison
    (``{"type": "comparison", ...}``): one JSON object per line."""
    lines = [render_json(analyses)]
    for comparison in comparisons:
        record = {"type": "comparison", **comparison_to_dict(comparison)}
        lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    return "".join(lines)


def export_claims_jsonld(
    comparisons: Sequence[Comparison], urls: dict[str, str] | None = None
) -> dict[str, Any]:
    """schema.org ``Claim`` nodes, one per slot claim: author = claimant, appearance = the
    articles (URL from ``urls`` by article id, else ``urn:rashomon:article:<id>``),
    firstAppearance = the earliest dated one."""
    urls = urls or {}

    def work(article_id: str, outlet: str | None, published: str | None) -> dict[str, Any]:
        node: dict[str, Any] = {
            "@type": "CreativeWork",
            "url": urls.get(article_id, f"urn:rashomon:article:{article_id}"),
            "identifier": article_id,
        }
        if outlet:
            node["publisher"] = {"@type": "Organization", "name": outlet}
        if published:
            node["datePublished"] = published
        return node

    graph: list[dict[str, Any]] = []
    for comparison in comparisons:
        for index, claim in enumerate(comparison.claims, start=1):
            node: dict[str, Any] = {
                "@type": "Claim",
                "@id": f"urn:rashomon:{comparison.incident.id}:claim-{index}",
                "about": comparison.incident.id,
                "name": f"{claim.slot}: {value_text(claim)}",
                "author": {
                    "@type": "Thing",
                    "identifier": claim.claimant,
                    "name": claim.claimant_name,
                },
                "appearance": [
                    work(a.article_id, a.outlet, a.published.isoformat() if a.published else None)
                    for a in claim.appearances
                ],
            }
            seen = claim.first_seen
            if seen:
                published = seen.published.isoformat() if seen.published else None
                node["firstAppearance"] = work(seen.article_id, seen.outlet, published)
            graph.append(node)
    return {"@context": "https://schema.org", "@graph": graph}
