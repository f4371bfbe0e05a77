"""Comparison as JSON-ready dict (shape in schema/comparison.schema.json), text and CSV.

Text (and the HTML page's ledger): one row per slot and claimant, with that claimant's values
in order of first appearance: "at least 500 (10-17 Salon) → 471! (10-18 Zawya, +2)". After
each value: where it was first seen (undated when no appearance is dated), "+N" further
articles, the independent source count when copies made it smaller, the adopting outlets.
"!" marks a value in a firm conflict with another claimant, "?" one only in possible ones.

CSV: one row per value and article where it appears (every slot), with the value as written,
the quote, the article's URL and outlet and how the claimant was found: a fact-checker can
filter and trace each value. For counts, low/best/high in the spirit of UCDP's but per
claimant: ``best`` is the claimant's own point value, the count when low == high, otherwise
empty (rashomon never picks a point inside a range or above an open bound). Cells are
neutralised against formula injection (``present.spreadsheet.safe_cell``, line breaks
read as spaces).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from rashomon.compare.conflicts import find_agreements, is_count, value_text
from rashomon.compare.slots import FIRM, POSSIBLE
from rashomon.model import Appearance, Comparison, Conflict, ConflictStrength, SlotClaim
from rashomon.present.spreadsheet import safe_row

SCHEMA_FILE = "comparison.schema.json"
CSV_HEADER = (
    "incident",
    "slot",
    "category",
    "victim_group",
    "claimant",
    "side",
    "value",
    "low",
    "best",
    "high",
    "first_seen",
    "article_id",
    "outlet",
    "url",
    "published",
    "attribution",
    "claimant_as_written",
    "quote",
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


def _quote(seen: Appearance) -> dict[str, Any]:
    """Where a value can be checked: the article, its outlet, URL and date, the sentence,
    the claimant's name as written there and how the claimant was found."""
    return {
        "article": seen.article_id,
        "outlet": seen.outlet,
        "url": seen.url,
        "date": seen.published.isoformat() if seen.published else None,
        "quote": seen.quote or seen.text,
        "text": seen.text,
        "claimant_as_written": seen.written_as,
        "attribution": seen.attribution,
    }


def _claim(claim: SlotClaim, names: dict[str, str], roles: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {
        "claimant": claim.claimant,
        "claimant_name": names.get(claim.claimant, claim.claimant_name),
        "claimant_role": roles.get(claim.claimant, ""),
        "side": claim.side or claim.claimant,
        "side_name": claim.side_name or claim.claimant_name,
        # the body the claimant speaks for, when that is another entity (a spokesman's
        # ministry, "later multiple reports" of the press reports): empty for a side's own
        "claimant_affiliation": (
            claim.side_name if claim.side and claim.side != claim.claimant else ""
        )
        or "",
        "first_seen": _appearance(claim.first_seen),
        "articles": [a.article_id for a in claim.appearances],
        "sources": claim.sources,
        "adopted_by": list(claim.adopted_by),
        "display": value_text(claim),
        "quotes": [_quote(a) for a in claim.appearances],
    }
    if is_count(claim):
        record["low"], record["high"] = claim.low, claim.high
        record["value"] = claim.number
    else:
        record["value"] = claim.value
    return record


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    """The comparison as plain JSON data (see ``load_comparison_schema``)."""
    names = {c.claimant: c.claimant_name for c in comparison.claims}
    roles = {e.id: "; ".join(e.roles) for e in comparison.entities}
    slots: dict[str, list[dict[str, Any]]] = {}
    for claim in comparison.claims:
        slots.setdefault(claim.slot, []).append(_claim(claim, names, roles))
    incident = comparison.incident
    return {
        "incident": incident.id,
        "articles": list(incident.article_ids),
        "rules": list(comparison.rules),
        "slots": [{"slot": slot, "claims": claims} for slot, claims in slots.items()],
        "conflicts": [
            {
                "slot": c.slot,
                "claimants": list(c.claimants),
                "values": list(c.values),
                "strength": c.strength.value,
                "sides": [
                    {
                        "side": p.side,
                        "name": p.name,
                        "claimants": list(p.claimants),
                        "values": list(p.values),
                        "low": p.low,
                        "high": p.high,
                        "display": p.display,
                    }
                    for p in c.sides
                ],
            }
            for c in comparison.conflicts
        ],
        "changes": [
            {
                "claimant": c.claimant,
                "slot": c.slot,
                "from": c.before,
                "to": c.after,
                "dates": [d.isoformat() if d else None for d in c.dates],
                "side": c.side or c.claimant,
                "steps": c.steps,
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
    """One row per value and article of each comparison: the value (as written), its bounds
    and ``best`` for counts, the article's id, outlet, URL and date, how the claimant was
    found there and the sentence stating it. Cells that a spreadsheet would read as a
    formula (starting with = + - @, a tab or a carriage return, and not only a number) get a
    leading "'"; line breaks inside a cell read as spaces."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for comparison in comparisons:
        for claim in comparison.claims:
            category, _, group = claim.slot.partition(":")
            seen = claim.first_seen
            count = is_count(claim)
            best = (
                claim.low if count and claim.low is not None and claim.low == claim.high else None
            )
            shared = (
                comparison.incident.id,
                claim.slot,
                category,
                group,
                claim.claimant_name,
                claim.side_name or claim.claimant_name,
                value_text(claim),
                "" if claim.low is None else claim.low,
                "" if best is None else best,
                "" if claim.high is None else claim.high,
                seen.published.isoformat() if seen and seen.published else "",
            )
            articles = " ".join(a.article_id for a in claim.appearances)
            for seen_at in claim.appearances:
                row = (
                    *shared,
                    seen_at.article_id,
                    seen_at.outlet or "",
                    seen_at.url or "",
                    seen_at.published.isoformat() if seen_at.published else "",
                    seen_at.attribution,
                    seen_at.written_as,
                    seen_at.quote or seen_at.text,
                    articles,
                )
                writer.writerow(safe_row(row, one_line=True))
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One claimant's values for one slot, in order of first appearance."""

    slot: str
    claimant: str  # an Entity id
    claimant_name: str
    claims: tuple[SlotClaim, ...]


def ledger_rows(comparison: Comparison) -> list[LedgerRow]:
    """The ledger grouped per slot (ledger order), then per claimant (earliest first seen
    first, undated last), each claimant's values in order of first appearance."""
    grouped: dict[str, dict[str, list[SlotClaim]]] = {}
    for claim in comparison.claims:
        grouped.setdefault(claim.slot, {}).setdefault(claim.claimant, []).append(claim)
    rows: list[LedgerRow] = []
    for slot, by_claimant in grouped.items():
        per_claimant = [sorted(claims, key=_seen_day) for claims in by_claimant.values()]
        per_claimant.sort(key=lambda claims: (_seen_day(claims[0]), claims[0].claimant_name))
        rows.extend(
            LedgerRow(slot, claims[0].claimant, claims[0].claimant_name, tuple(claims))
            for claims in per_claimant
        )
    return rows


Marks = dict[tuple[str, str, str], ConflictStrength]  # (slot, claimant, value) -> strength


def conflict_marks(comparison: Comparison) -> Marks:
    """(slot, claimant, value as displayed) -> "firm" or "possible" for every value in a
    conflict (firm when it is in any firm one)."""
    holders = {(c.slot, c.claimant, value_text(c)) for c in comparison.claims}
    marks: Marks = {}
    for conflict in comparison.conflicts:
        for claimant in conflict.claimants:
            for value in conflict.values:
                key = (conflict.slot, claimant, value)
                if key in holders and marks.get(key) != FIRM:
                    marks[key] = conflict.strength
    return marks


MARKS = {FIRM: "!", POSSIBLE: "?"}


def conflict_values(conflict: Conflict) -> str:
    """ "Vostran Army: 10-20 vs Health Office: 40-52": each side's range, or the values."""
    if not conflict.sides:
        return " vs ".join(conflict.values)
    return " vs ".join(f"{side.name}: {side.display}" for side in conflict.sides)


def mark_of(claim: SlotClaim, marks: Marks) -> ConflictStrength | None:
    """The strongest conflict ``claim``'s value is in, None when in none."""
    return marks.get((claim.slot, claim.claimant, value_text(claim)))


def seen_note(claim: SlotClaim, *, with_year: bool = True) -> str:
    """ "10-17 Salon, +2, 2 sources, adopted by X": first seen, then what else carries it."""
    seen = claim.first_seen
    if seen is None:
        first = claim.appearances[0] if claim.appearances else None
        where = (first.outlet or first.article_id) if first else ""
        parts = [f"undated {where}".strip()]
    else:
        day = seen.published.isoformat() if seen.published else "undated"
        parts = [f"{day if with_year else day[5:]} {seen.outlet or seen.article_id}"]
    more = len(claim.appearances) - 1
    if more > 0:
        parts.append(f"+{more}")
        if claim.sources < len(claim.appearances):
            parts.append(f"{claim.sources} source{'s' if claim.sources != 1 else ''}")
    if claim.adopted_by:
        parts.append("adopted by " + ", ".join(claim.adopted_by))
    return ", ".join(parts)


def one_year(claims: Sequence[SlotClaim]) -> bool:
    """Whether every dated first appearance falls in one year (dates can drop the year)."""
    years = {c.first_seen.published.year for c in claims if c.first_seen and c.first_seen.published}
    return len(years) <= 1


def _seen_day(claim: SlotClaim) -> date:
    seen = claim.first_seen
    return seen.published if seen and seen.published else date.max


def render_comparison_text(comparison: Comparison, *, width: int = 120) -> str:
    """The ledger for the terminal: per slot and claimant the values in order of first
    appearance, then conflicts, changes and copies (Rich tables)."""
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    names = {c.claimant: c.claimant_name for c in comparison.claims}
    incident = comparison.incident
    console.print(Text(f"Incident {incident.id}: {len(incident.article_ids)} articles"))
    marks = conflict_marks(comparison)
    short = one_year(comparison.claims)
    ledger = Table(title="Ledger")
    ledger.add_column("slot", no_wrap=True)
    ledger.add_column("claimant", max_width=28)
    ledger.add_column("values, in order of first appearance", ratio=1)
    previous = None
    for line in ledger_rows(comparison):
        if previous is not None and line.slot != previous:
            ledger.add_section()
        values = " → ".join(
            f"{value_text(c)}{MARKS[mark] if (mark := mark_of(c, marks)) else ''}"
            f" ({seen_note(c, with_year=not short)})"
            for c in line.claims
        )
        slot = line.slot if line.slot != previous else ""
        ledger.add_row(Text(slot), Text(line.claimant_name), Text(values))
        previous = line.slot
    console.print(ledger)
    console.print(
        "! in a firm conflict with another claimant; ? only in possible ones (see Conflicts). "
        "+N: further articles carrying the value."
    )
    conflicts = Table("slot", "strength", "values", "claimants", title="Conflicts")
    for conflict in comparison.conflicts:
        who = ", ".join(names.get(c, c) for c in conflict.claimants)
        conflicts.add_row(
            Text(conflict.slot), conflict.strength, Text(conflict_values(conflict)), Text(who)
        )
    console.print(conflicts)
    changes = Table("claimant", "slot", "from", "to", "dates", title="Changes over time")
    for change in comparison.changes:
        same = " (same day: discrepancy)" if change.dates[0] == change.dates[1] else ""
        if change.steps > 1:
            same += f" (net, over {change.steps} changes)"
        dates = " -> ".join(str(d) for d in change.dates) + same
        changes.add_row(
            Text(names.get(change.claimant, change.claimant)),
            Text(change.slot),
            Text(change.before),
            Text(change.after),
            dates,
        )
    console.print(changes)
    for group in comparison.copies:
        agency = f" ({group.agency})" if group.agency else ""
        console.print(Text(f"Copies{agency}: {', '.join(group.article_ids)}"))
    return console.export_text()
