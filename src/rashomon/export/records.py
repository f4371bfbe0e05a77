"""JSON Lines, one record type per file: articles, claims, figures, incidents, ledgers.

Each line is one JSON object with sorted keys; claims and figures carry their
``article_id`` (and the shapes of ``docs/output.md``), incidents the shape of
``rashomon incidents --format json``, ledgers that of ``rashomon compare --format json``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rashomon.export.select import Selection
from rashomon.present.ledger import comparison_to_dict
from rashomon.present.records import analysis_to_dict, incident_to_dict

RECORD_TYPES = ("articles", "claims", "figures", "incidents", "ledgers")


def records(selection: Selection) -> dict[str, list[dict[str, Any]]]:
    """Every record of the selection, by record type."""
    where = selection.where
    incidents_of = selection.incidents_of()
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in RECORD_TYPES}
    for analysis in selection.analyses:
        data = analysis_to_dict(analysis)
        article_id = analysis.article.id
        article = {
            "article_id": article_id,
            "incident_ids": incidents_of.get(article_id, []),
            "rashomon_version": data["rashomon_version"],
            "rules": data["rules"],
            **data["article"],
        }
        out["articles"].append(article)
        for kind in ("claims", "figures"):
            for item in data[kind]:
                claimant = item.get("claimant") or {}
                if where.claimant_matches(claimant.get("name")):
                    out[kind].append({"article_id": article_id, **item})
    for incident in selection.incidents:
        out["incidents"].append(incident_to_dict(incident))
    out["ledgers"] = [comparison_to_dict(c) for c in selection.comparisons]
    return out


def to_jsonl(items: Iterable[dict[str, Any]]) -> str:
    return "".join(
        json.dumps(item, ensure_ascii=False, sort_keys=True)
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
        + "\n"
        for item in items
    )


def write_jsonl_files(selection: Selection, directory: Path) -> dict[str, Path]:
    """``DIRECTORY/<type>.jsonl`` for each record type (an empty file when there are none)."""
    directory.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name, items in records(selection).items():
        path = directory / f"{name}.jsonl"
        path.write_text(to_jsonl(items), encoding="utf-8")
        written[name] = path
    return written
