"""Exports: JSON Lines of analyses and comparisons; schema.org ``Claim`` JSON-LD."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

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
    """schema.org ``Claim`` nodes, one per slot claim (``rashomon.export.jsonld``, where
    this moved: typed ``author``, ``text``, ``appearance``, ``firstAppearance``)."""
    from rashomon.export.jsonld import claims_jsonld
    from rashomon.export.select import Selection

    selection = Selection([], [c.incident for c in comparisons], list(comparisons))
    return claims_jsonld(selection, urls)
