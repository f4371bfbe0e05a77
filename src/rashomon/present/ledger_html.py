"""One self-contained HTML page for a comparison, with an inline SVG timeline.

No script, no external assets (a Content-Security-Policy meta tag forbids them). Every
string from articles (claimant names, values, outlets, ids) goes through ``html.escape``.
Timeline: x is the publication date, one row per claimant, one mark per value at its first
appearance; marks of values in a firm conflict are drawn red with a ring, of values only in
possible conflicts amber with a ring, other marks blue. The ledger has one row per slot and
claimant, that claimant's values in order of first appearance (as the text view).
"""

from __future__ import annotations

from datetime import date
from html import escape
from urllib.parse import quote

from rashomon.compare.conflicts import value_text
from rashomon.compare.slots import FIRM, POSSIBLE
from rashomon.model import Appearance, Comparison, SlotClaim
from rashomon.present._html_common import row, table
from rashomon.present.ledger import (
    Marks,
    conflict_marks,
    conflict_values,
    ledger_rows,
    mark_of,
    one_year,
    seen_note,
)

_ROW = 26  # px per claimant row
_LEFT = 230  # px for claimant names
_WIDTH = 960
_CONFLICT = "#b91c1c"
_POSSIBLE = "#b45309"
_PLAIN = "#1d4ed8"
_COLOURS = {FIRM: _CONFLICT, POSSIBLE: _POSSIBLE}

_CSS = (
    "body{font:15px/1.5 system-ui,sans-serif;margin:1.5em auto;max-width:72em;padding:0 1em;"
    "color:#1f2937}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #d1d5db;"
    "padding:.25em .5em;vertical-align:top;text-align:left}.conflict td{background:#fee2e2}"
    ".possible td{background:#fef3c7}.v.firm{background:#fee2e2}.v.possible{background:#fef3c7}"
    ".v{padding:0 .2em}small{color:#4b5563}svg text{font:12px system-ui,sans-serif}"
)


def _timeline(comparison: Comparison, marks: Marks) -> str:
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
        mark = mark_of(claim, marks)
        colour = _COLOURS[mark] if mark else _PLAIN
        ring = f' stroke="{colour}" stroke-width="2" fill-opacity="0.6"' if mark else ""
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


def sentence_link(seen: Appearance) -> str | None:
    """The article's URL pointing at the sentence (a text fragment, ``#:~:text=``), or None."""
    if not seen.url:
        return None
    words = (seen.quote or seen.text).split()
    if not words:
        return seen.url
    fragment = quote(" ".join(words[:8]), safe="")
    if len(words) > 8:
        fragment += "," + quote(" ".join(words[-4:]), safe="")
    return f"{seen.url.split('#', 1)[0]}#:~:text={fragment}"


def _quotes(claim: SlotClaim) -> str:
    """Each appearance: outlet and date linked to the sentence, how the claimant was found,
    the claimant's name as written there, and the sentence."""
    items = []
    for seen in claim.appearances:
        where = escape(f"{seen.outlet or seen.article_id} {seen.published or 'undated'}")
        link = sentence_link(seen)
        where = f'<a href="{escape(link)}">{where}</a>' if link else where
        how = escape(f"{seen.attribution or 'direct'}; as written: {seen.written_as or '-'}")
        items.append(
            f"<li>{where} <small>({how})</small>: “{escape(seen.quote or seen.text)}”</li>"
        )
    return f"<details><summary>quotes</summary><ul>{''.join(items)}</ul></details>"


def _values(claims: tuple[SlotClaim, ...], marks: Marks, year: bool) -> str:
    """One claimant's values in order of first appearance, each with where it was seen and
    its quotes (each linked to its sentence)."""
    parts = []
    for claim in claims:
        mark = mark_of(claim, marks) or ""
        articles = ", ".join(a.article_id for a in claim.appearances)
        parts.append(
            f'<span class="v {escape(mark)}" title="{escape(articles)}">'
            f"{escape(value_text(claim))}</span> "
            f"<small>({escape(seen_note(claim, with_year=year))})</small>{_quotes(claim)}"
        )
    return " → ".join(parts)


def render_comparison_html(comparison: Comparison) -> str:
    """The comparison as one self-contained HTML page."""
    marks = conflict_marks(comparison)
    names = {c.claimant: c.claimant_name for c in comparison.claims}
    incident = escape(comparison.incident.id)
    year = not one_year(comparison.claims)
    ledger_rows_html = []
    previous = None
    for line in ledger_rows(comparison):
        ledger_rows_html.append(
            row(
                [
                    escape(line.slot) if line.slot != previous else "",
                    escape(line.claimant_name),
                    _values(line.claims, marks, year),
                ]
            )
        )
        previous = line.slot
    conflict_rows = [
        row(
            [
                escape(c.slot),
                escape(c.strength),
                escape(conflict_values(c)),
                escape(", ".join(names.get(i, i) for i in c.claimants)),
            ],
            css="conflict" if c.strength == FIRM else "possible",
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
                escape(" → ".join(str(d) for d in c.dates))
                + (f" (net, over {c.steps} changes)" if c.steps > 1 else ""),
            ]
        )
        for c in comparison.changes
    ]
    copy_items = "".join(
        f"<li>{escape(g.agency or 'copies')}: {escape(', '.join(g.article_ids))}</li>"
        for g in comparison.copies
    )
    head = ["slot", "claimant", "values, in order of first appearance"]
    legend = (
        "<p>Red: a value in a firm conflict with another claimant (both cannot be true); "
        "amber: only in possible conflicts (times whose zones may differ, statements that "
        "are not quite the same proposition). +N: further articles carrying the value; hover "
        "a value for its articles.</p>"
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>rashomon: incident {incident}</title><style>{_CSS}</style></head><body>"
        f"<h1>Incident {incident}</h1>"
        f"<p>{len(comparison.incident.article_ids)} articles. rashomon shows who claimed what; "
        "it does not decide who is right.</p>"
        f"<h2>Timeline</h2>{_timeline(comparison, marks)}"
        "<h2>Conflicts</h2>"
        f"{table('conflicts', ['slot', 'strength', 'values', 'claimants'], conflict_rows)}"
        f"<h2>Changes over time</h2>"
        f"{table('changes', ['claimant', 'slot', 'from', 'to', 'dates'], change_rows)}"
        f"<h2>Ledger</h2>{legend}{table('ledger', head, ledger_rows_html)}"
        f"<h2>Wire copies</h2><ul>{copy_items}</ul></body></html>"
    )
