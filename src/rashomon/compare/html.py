"""One self-contained HTML page for a comparison, with an inline SVG timeline.

No script, no external assets (a Content-Security-Policy meta tag forbids them). Every
string from articles (claimant names, values, outlets, ids) goes through ``html.escape``.
Timeline: x is the publication date, one row per claimant, one mark per value at its first
appearance; marks of values in a conflict are drawn red with a ring, other marks grey-blue.
"""

from __future__ import annotations

from datetime import date
from html import escape

from rashomon.compare.conflicts import value_text
from rashomon.model import Comparison, SlotClaim
from rashomon.report._html_common import row, table

_ROW = 26  # px per claimant row
_LEFT = 230  # px for claimant names
_WIDTH = 960
_CONFLICT = "#b91c1c"
_PLAIN = "#1d4ed8"

_CSS = (
    "body{font:15px/1.5 system-ui,sans-serif;margin:1.5em auto;max-width:72em;padding:0 1em;"
    "color:#1f2937}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #d1d5db;"
    "padding:.25em .5em;vertical-align:top;text-align:left}.conflict td{background:#fee2e2}"
    "svg text{font:12px system-ui,sans-serif}"
)


def _conflicted(comparison: Comparison) -> set[tuple[str, str, str]]:
    """(slot, claimant, value) of every value that is part of a conflict."""
    marked: set[tuple[str, str, str]] = set()
    holders = {(c.slot, c.claimant, value_text(c)) for c in comparison.claims}
    for conflict in comparison.conflicts:
        for claimant in conflict.claimants:
            for value in conflict.values:
                if (conflict.slot, claimant, value) in holders:
                    marked.add((conflict.slot, claimant, value))
    return marked


def _timeline(comparison: Comparison, marked: set[tuple[str, str, str]]) -> str:
    dated = [c for c in comparison.claims if c.first_seen and c.first_seen.published]
    if not dated:
        return "<p>No dated claims: no timeline.</p>"
    days = [_day(c) for c in dated]
    start, end = min(days), max(days)
    span = max((end - start).days, 1)
    claimants: list[str] = []
    for claim in sorted(dated, key=_day):
        if claim.claimant not in claimants:
            claimants.append(claim.claimant)
    names = {c.claimant: c.claimant_name for c in dated}
    height = _ROW * (len(claimants) + 2)
    usable = _WIDTH - _LEFT - 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{height}" '
        f'role="img" aria-label="Claims by claimant over time">'
    ]
    for index, claimant in enumerate(claimants):
        y = _ROW * (index + 1)
        parts.append(f'<text x="4" y="{y + 4}">{escape(names[claimant][:32])}</text>')
        parts.append(f'<line x1="{_LEFT}" y1="{y}" x2="{_WIDTH - 10}" y2="{y}" stroke="#e5e7eb"/>')
    for claim in dated:
        x = _LEFT + usable * (_day(claim) - start).days // span
        y = _ROW * (claimants.index(claim.claimant) + 1)
        hot = (claim.slot, claim.claimant, value_text(claim)) in marked
        colour = _CONFLICT if hot else _PLAIN
        ring = f' stroke="{_CONFLICT}" stroke-width="2" fill-opacity="0.6"' if hot else ""
        label = escape(f"{claim.slot}: {value_text(claim)} ({_day(claim).isoformat()})")
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="5" fill="{colour}"{ring}><title>{label}</title></circle>'
        )
    axis_y = _ROW * (len(claimants) + 1)
    for day, anchor in ((start, "start"), (end, "end")):
        x = _LEFT + usable * (day - start).days // span
        parts.append(f'<text x="{x}" y="{axis_y + 4}" text-anchor="{anchor}">{day}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _day(claim: SlotClaim) -> date:
    seen = claim.first_seen
    return seen.published if seen and seen.published else date.min


def render_comparison_html(comparison: Comparison) -> str:
    """The comparison as one self-contained HTML page."""
    marked = _conflicted(comparison)
    names = {c.claimant: c.claimant_name for c in comparison.claims}
    incident = escape(comparison.incident.id)
    ledger_rows = []
    for claim in comparison.claims:
        seen = claim.first_seen
        first = f"{seen.published} {seen.outlet or seen.article_id}" if seen else "undated"
        hot = (claim.slot, claim.claimant, value_text(claim)) in marked
        ledger_rows.append(
            row(
                [
                    escape(claim.slot),
                    escape(claim.claimant_name),
                    escape(value_text(claim)),
                    escape(first),
                    str(claim.sources),
                    escape(", ".join(a.article_id for a in claim.appearances)),
                    escape(", ".join(claim.adopted_by)),
                ],
                css="conflict" if hot else "",
            )
        )
    conflict_rows = [
        row(
            [
                escape(c.slot),
                escape(" vs ".join(c.values)),
                escape(", ".join(names.get(i, i) for i in c.claimants)),
            ]
        )
        for c in comparison.conflicts
    ]
    change_rows = [
        row(
            [
                escape(names.get(c.claimant, c.claimant)),
                escape(c.slot),
                escape(c.before),
                escape(c.after),
                escape(" → ".join(str(d) for d in c.dates)),
            ]
        )
        for c in comparison.changes
    ]
    copy_items = "".join(
        f"<li>{escape(g.agency or 'copies')}: {escape(', '.join(g.article_ids))}</li>"
        for g in comparison.copies
    )
    head = ["slot", "claimant", "value", "first seen", "sources", "articles", "adopted by"]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>rashomon: incident {incident}</title><style>{_CSS}</style></head><body>"
        f"<h1>Incident {incident}</h1>"
        f"<p>{len(comparison.incident.article_ids)} articles. rashomon shows who claimed what; "
        "it does not decide who is right.</p>"
        f"<h2>Timeline</h2>{_timeline(comparison, marked)}"
        f"<h2>Conflicts</h2>{table('conflicts', ['slot', 'values', 'claimants'], conflict_rows)}"
        f"<h2>Changes over time</h2>"
        f"{table('changes', ['claimant', 'slot', 'from', 'to', 'dates'], change_rows)}"
        f"<h2>Ledger</h2>{table('ledger', head, ledger_rows)}"
        f"<h2>Wire copies</h2><ul>{copy_items}</ul></body></html>"
    )
