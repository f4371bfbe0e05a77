"""HTML sections for claims (by type), figures (by claimant), events, times and places.

Every string taken from the analysis is escaped here; ids from other stages are escaped too,
and an in-page link is written only when its target row exists on the page.
"""

from __future__ import annotations

from html import escape

from rashomon.model import Analysis, Claim, Claimant, ClaimType, Event, Figure, TextSpan
from rashomon.present._analysis_common import (
    claim_label,
    coordinates,
    figure_count,
    figures_by_claimant,
    find_claim,
    part_name,
    place_words,
    shorten,
    when_words,
)
from rashomon.present._html_common import claimant_colours, colour_of, row, swatch, table
from rashomon.present.records import (
    FRAGMENT_JOINER,
    attribution_id,
    claimant_for,
    is_reader_claim,
)

_TYPE_HEADINGS = {
    ClaimType.FACT: "Facts",
    ClaimType.JUDGEMENT: "Judgements",
    ClaimType.PREDICTION: "Predictions",
    ClaimType.EVIDENCE: "Evidence",
}
_TYPE_NOTES = {
    ClaimType.FACT: "checkable assertions",
    ClaimType.JUDGEMENT: "opinions and evaluations",
    ClaimType.PREDICTION: "about the future",
    ClaimType.EVIDENCE: "reports of evidence: videos, documents, their absence",
}
_CLAIM_TEXT = 300  # characters of a claim shown in the tables

CSS = (
    "tr.adopted td{background:#fdf2f8}tr.adopted td:first-child{border-left:4px solid #be185d}"
    ".flag{background:#be185d;color:#fff;padding:0 .35em;border-radius:3px;font-size:.85em;"
    "font-weight:600}"
    ".hedge{font-style:italic;color:#92400e}"
    ".num{text-align:right;font-variant-numeric:tabular-nums}"
)


def _link(prefix: str, target: str, ids: set[str], label: str | None = None) -> str:
    """A link to the row of ``target`` when it is on the page, else the escaped text."""
    text = escape(label if label is not None else target)
    if target not in ids:
        return text
    return f'<a href="#{escape(f"{prefix}-{target}")}">{text}</a>'


def _who_claimant(analysis: Analysis, claimant: Claimant | None) -> str:
    if claimant is None:
        return swatch("u") + " <em>unresolved</em>"
    colour = colour_of(claimant_colours(analysis), claimant)
    return f'{swatch(colour)} <span class="f{colour}">{escape(claimant.name)}</span>'


def _claim_text(claim: Claim) -> str:
    pieces = claim.fragments or (claim.text,)
    return escape(shorten(FRAGMENT_JOINER.join(f.text for f in pieces), _CLAIM_TEXT))


def _hedges(claim: Claim) -> str:
    return "<br>".join(
        f'<span class="hedge">{escape(h.cue.text)}</span> over {_span_cell(h.scope)}'
        for h in claim.hedges
    )


def _adoption(analysis: Analysis, claim: Claim, prefix: str, ids: set[str]) -> str:
    notes = []
    if claim.adopted_from:
        label = claim_label(analysis, claim.adopted_from)
        link = _link(prefix, claim.adopted_from, ids, label)
        notes.append(f'<span class="flag">adopted</span> restates {link}')
    adopters = [_link(prefix, o.id, ids) for o in analysis.claims if o.adopted_from == claim.id]
    if adopters:
        notes.append("adopted as fact by " + ", ".join(adopters))
    return "<br>".join(notes)


def claims_section(analysis: Analysis, prefix: str) -> str:
    """Claims grouped by type, each with its claimant's colour; adoptions linked both ways."""
    if not analysis.claims:
        return '<p class="meta">No claims found.</p>'
    ids = {c.id for c in analysis.claims}
    att_ids = {attribution_id(i) for i in range(len(analysis.attributions))}
    colours = claimant_colours(analysis)
    out = []
    head = ["Id", "Claimant", "Part", "Claim", "Hedges", "Adopted"]
    for kind in ClaimType:
        claims = [c for c in analysis.claims if c.type == kind]
        if not claims:
            continue
        rows = []
        for claim in claims:
            claimant = claimant_for(analysis, claim.claimant_id)
            colour = colour_of(colours, claimant)
            reader = is_reader_claim(claim)
            adopted = claim.adopted_from is not None
            css = " ".join(name for name, on in (("adopted", adopted), ("reader", reader)) if on)
            att = claim.attribution_id
            cells = [
                escape(claim.id) + (f"<br>{_link(prefix, att, att_ids)}" if att else ""),
                _who_claimant(analysis, claimant),
                escape(part_name(analysis.article, claim.part, claim.text.start)),
                f'<span class="b{colour}">{_claim_text(claim)}</span>',
                _hedges(claim),
                _adoption(analysis, claim, prefix, ids),
            ]
            rows.append(row(cells, row_id=f"{prefix}-{claim.id}", css=css))
        out.append(f"<h4>{_TYPE_HEADINGS[kind]} ({len(claims)})</h4>")
        out.append(f'<p class="meta">{_TYPE_NOTES[kind]}</p>')
        out.append(table(f"claims claims-{kind.value}", head, rows))
    return "".join(out)


def figures_section(analysis: Analysis, prefix: str) -> str:
    """One table, rows grouped by claimant: each claimant's figures side by side, never merged."""
    if not analysis.figures:
        return '<p class="meta">No figures found.</p>'
    claim_ids = {c.id for c in analysis.claims}
    rows = []
    for claimant, figures in figures_by_claimant(analysis):
        who = _who_claimant(analysis, claimant)
        for number, figure in enumerate(figures):
            first = f'<td rowspan="{len(figures)}">{who}</td>' if number == 0 else ""
            rows.append(_figure_row(analysis, figure, prefix, claim_ids, first))
    head = [
        "Claimant",
        "Id",
        "Count",
        "Category",
        "Victim group",
        "Low",
        "High",
        "Stated as",
        "How the claimant was found",
        "Sentence",
        "Claim",
    ]
    return table("figures", head, rows)


def _figure_row(
    analysis: Analysis, figure: Figure, prefix: str, claim_ids: set[str], first: str
) -> str:
    claim = find_claim(analysis, figure.claim_id)
    reader = claim is not None and is_reader_claim(claim)
    stated = f"“{escape(shorten(figure.text.text, 80))}”"
    if reader:
        stated += " <em>(in a reader comment)</em>"
    cells = [
        escape(figure.id),
        escape(figure_count(figure)),
        escape(figure.category.value.replace("_", " ")),
        escape(figure.victim_group or ""),
        "" if figure.low is None else str(figure.low),
        "open" if figure.high is None else str(figure.high),
        stated,
        escape(figure.attribution.value),
        _span_cell_long(figure.sentence),
        _link(prefix, figure.claim_id, claim_ids) if figure.claim_id else "",
    ]
    css = ' class="reader"' if reader else ""
    body = "".join(
        f'<td class="num">{c}</td>' if i in (4, 5) else f"<td>{c}</td>" for i, c in enumerate(cells)
    )
    return f'<tr id="{escape(f"{prefix}-{figure.id}")}"{css}>{first}{body}</tr>'


def _span_cell_long(span: TextSpan | None) -> str:
    return "" if span is None else f"“{escape(shorten(span.text, 240))}”"


def _span_cell(span: TextSpan | None) -> str:
    return "" if span is None else f"“{escape(shorten(span.text, 80))}”"


def _event_row(analysis: Analysis, event: Event, prefix: str) -> str:
    claim_ids = {c.id for c in analysis.claims}
    figures = {f.id: f for f in analysis.figures}
    when = ""
    if event.when is not None:
        when = f"{escape(when_words(event.when))}<br>“{escape(event.when.text.text)}”"
    where = "<br>".join(escape(place_words(p)) for p in event.where)
    counted = []
    for figure_id in event.figure_ids:
        figure = figures.get(figure_id)
        if figure is None:
            counted.append(escape(figure_id))
            continue
        claimant = claimant_for(analysis, figure.claimant_id)
        who = escape(claimant.name) if claimant else "unresolved source"
        link = _link(prefix, figure.id, set(figures))
        counted.append(
            f"{link}: {escape(figure_count(figure))} {escape(figure.category.value)} ({who})"
        )
    cells = [
        escape(event.id),
        escape(event.type.value),
        escape(event.plover or ""),
        _span_cell(event.trigger),
        when,
        where,
        _span_cell(event.actor),
        _span_cell(event.target),
        _span_cell(event.victims),
        "<br>".join(counted),
        ", ".join(_link(prefix, c, claim_ids, claim_label(analysis, c)) for c in event.claim_ids),
    ]
    return row(cells, row_id=f"{prefix}-{event.id}")


def events_section(analysis: Analysis, prefix: str) -> str:
    """Events with type, PLOVER type, when, where, participants, figures and claims."""
    if not analysis.events:
        return '<p class="meta">No events found.</p>'
    rows = [_event_row(analysis, event, prefix) for event in analysis.events]
    head = [
        "Id",
        "Type",
        "PLOVER",
        "Trigger",
        "When",
        "Where",
        "Actor",
        "Target",
        "Victims",
        "Figures",
        "Claims",
    ]
    return table("events", head, rows)


def times_section(analysis: Analysis) -> str:
    if not analysis.times:
        return '<p class="meta">No time expressions found.</p>'
    rows = [
        row(
            [
                f"“{escape(t.text.text)}”",
                escape(t.value or ""),
                escape(t.precision.value if t.precision else ""),
                escape(t.derived_from),
                escape(t.duration or ""),
            ]
        )
        for t in analysis.times
    ]
    return table("times", ["Text", "Value", "Precision", "Derived from", "Duration"], rows)


def places_section(analysis: Analysis) -> str:
    if not analysis.places:
        return '<p class="meta">No places found.</p>'
    rows = [
        row(
            [
                f"“{escape(p.text.text)}”",
                escape(p.name),
                escape(p.kind),
                escape(p.country or ""),
                escape(coordinates(p)),
                escape(p.precision),
                escape(", ".join(p.alternatives)),
                escape(p.source),
            ]
        )
        for p in analysis.places
    ]
    head = ["Text", "Name", "Kind", "Country", "Coordinates", "Precision", "Alternatives", "Source"]
    return table("places", head, rows)
