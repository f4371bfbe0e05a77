"""Comparison as JSON-ready dict (shape in schema/comparison.schema.json), text and CSV.

CSV: one row per count claim (a claimant's value of a "deaths"/"wounded"/... slot), in the
spirit of UCDP's low/best/high but per claimant. ``best`` is the claimant's own point value:
the count when low == high, otherwise empty (rashomon never picks a point inside a range or
above an open bound).
"""

from __future__ import annotations

import csv
import io
import json
from importlib.resources import files
from typing import Any

from rich.console import Console
from rich.table import Table

from rashomon.compare.conflicts import find_agreements, is_count, value_text
from rashomon.model import Appearance, Comparison, SlotClaim

SCHEMA_FILE = "comparison.schema.json"
CSV_HEADER = (
    "incident",
    "claimant",
    "category",
    "victim_group",
    "low",
    "best",
    "high",
    "first_seen",
    "outlet",
    "article_ids",
)


def load_comparison_schema() -> dict[str, Any]:
    """The JSON Schema of ``comparison_to_dict``, read from the installed package."""
    text = files("rashomon.schema").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _appearance(seen: Appearance | None) -> dict[str, Any] | None:
    if seen is None:
        return None
    published = seen.published.isoformat() if seen.published else None
    return {"article": seen.article_id, "outlet": seen.outlet, "date": published}


def _claim(claim: SlotClaim, names: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {
        "claimant": claim.claimant,
        "claimant_name": names.get(claim.claimant, claim.claimant_name),
        "first_seen": _appearance(claim.first_seen),
        "articles": [a.article_id for a in claim.appearances],
        "sources": claim.sources,
        "adopted_by": list(claim.adopted_by),
        "display": value_text(claim),
    }
    if is_count(claim):
        record["low"], record["high"] = claim.low, claim.high
    else:
        record["value"] = claim.value
    return record


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    """The comparison as plain JSON data (see ``load_comparison_schema``)."""
    names = {c.claimant: c.claimant_name for c in comparison.claims}
    slots: dict[str, list[dict[str, Any]]] = {}
    for claim in comparison.claims:
        slots.setdefault(claim.slot, []).append(_claim(claim, names))
    incident = comparison.incident
    return {
        "incident": incident.id,
        "articles": list(incident.article_ids),
        "slots": [{"slot": slot, "claims": claims} for slot, claims in slots.items()],
        "conflicts": [
            {"slot": c.slot, "claimants": list(c.claimants), "values": list(c.values)}
            for c in comparison.conflicts
        ],
        "changes": [
            {
                "claimant": c.claimant,
                "slot": c.slot,
                "from": c.before,
                "to": c.after,
                "dates": [d.isoformat() if d else None for d in c.dates],
            }
            for c in comparison.changes
        ],
        "agreements": [
            {"slot": a.slot, "value": a.value, "claimants": list(a.claimants)}
            for a in find_agreements(comparison.claims, comparison.copies)
        ],
        "copies": [list(g.article_ids) for g in comparison.copies],
    }


def render_comparison_csv(comparisons: list[Comparison]) -> str:
    """One row per count claim of each comparison (see the module docstring for "best")."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for comparison in comparisons:
        for claim in comparison.claims:
            if not is_count(claim):
                continue
            category, _, group = claim.slot.partition(":")
            seen = claim.first_seen
            best = claim.low if claim.low is not None and claim.low == claim.high else None
            writer.writerow(
                (
                    comparison.incident.id,
                    claim.claimant_name,
                    category,
                    group,
                    "" if claim.low is None else claim.low,
                    "" if best is None else best,
                    "" if claim.high is None else claim.high,
                    seen.published.isoformat() if seen and seen.published else "",
                    (seen.outlet or "") if seen else "",
                    " ".join(a.article_id for a in claim.appearances),
                )
            )
    return buffer.getvalue()


def render_comparison_text(comparison: Comparison, *, width: int = 120) -> str:
    """The ledger for the terminal: slots, conflicts, changes and copies (Rich tables)."""
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    names = {c.claimant: c.claimant_name for c in comparison.claims}
    incident = comparison.incident
    console.print(f"Incident {incident.id}: {len(incident.article_ids)} articles")
    ledger = Table(
        "slot", "claimant", "value", "first seen", "sources", "adopted by", title="Ledger"
    )
    for claim in comparison.claims:
        seen = claim.first_seen
        first = f"{seen.published} {seen.outlet or seen.article_id}" if seen else "undated"
        ledger.add_row(
            claim.slot,
            claim.claimant_name,
            value_text(claim),
            first,
            str(claim.sources),
            ", ".join(claim.adopted_by),
        )
    console.print(ledger)
    conflicts = Table("slot", "values", "claimants", title="Conflicts")
    for conflict in comparison.conflicts:
        who = ", ".join(names.get(c, c) for c in conflict.claimants)
        conflicts.add_row(conflict.slot, " vs ".join(conflict.values), who)
    console.print(conflicts)
    changes = Table("claimant", "slot", "from", "to", "dates", title="Changes over time")
    for change in comparison.changes:
        same = " (same day: discrepancy)" if change.dates[0] == change.dates[1] else ""
        dates = " -> ".join(str(d) for d in change.dates) + same
        changes.add_row(
            names.get(change.claimant, change.claimant),
            change.slot,
            change.before,
            change.after,
            dates,
        )
    console.print(changes)
    for group in comparison.copies:
        agency = f" ({group.agency})" if group.agency else ""
        console.print(f"Copies{agency}: {', '.join(group.article_ids)}")
    return console.export_text()
