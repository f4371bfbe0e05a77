"""One self-contained HTML page: highlighted article text, claimant legend, attribution table.

No external assets, no script, no network: a Content-Security-Policy meta tag forbids them.
All article text (and everything derived from it: claimant names, origins, messages) is
untrusted and goes through ``html.escape``. The highlighted text is built by walking character
offsets: every span boundary and part boundary cuts the text into segments, and each segment
becomes one element carrying the classes of every span over it, so overlapping or crossing
spans never produce mis-nested markup, and the text's characters come out exactly once, in
order.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html import escape
from itertools import pairwise

from rashomon import __version__
from rashomon.model import Analysis, Article, Part, PartKind, Skipped
from rashomon.present._analysis_common import date_line, part_counts, shorten
from rashomon.present._analysis_html_sections import CSS as SECTIONS_CSS
from rashomon.present._analysis_html_sections import (
    claims_section,
    events_section,
    figures_section,
    places_section,
    times_section,
)
from rashomon.present._html_common import (
    claimant_colours,
    colour_names,
    swatch,
    table,
)
from rashomon.present.records import attribution_id, content_text, is_reader_voice

_PART_LABELS = {
    PartKind.TITLE: "title",
    PartKind.BYLINE: "byline",
    PartKind.CAPTION: "caption",
    PartKind.SUBHEAD: "subhead",
    PartKind.SIGNOFF: "sign-off",
    PartKind.BOILERPLATE: "boilerplate: not part of the story",
    PartKind.COMMENT_META: "comment details",
}

_ROLE_CLASS = {"source": "src", "cue": "cue", "content": "cnt"}
_ROLE_ORDER = ("source", "cue", "content")  # the stronger role wins the segment's colour
_TABLE_CONTENT = 300  # characters of content shown in the attribution table


def _css() -> str:
    rules = [
        f".f{n}{{color:{strong}}}.b{n}{{background:{light}}}.w{n}{{background:{strong}}}"
        for n, (strong, light) in colour_names()
    ]
    return (
        "body{font:15px/1.5 system-ui,sans-serif;margin:1.5em auto;max-width:72em;"
        "padding:0 1em;color:#1f2937}"
        "h1{font-size:1.4em}h2{border-top:3px solid #1f2937;padding-top:.5em}"
        ".meta{color:#4b5563;margin:.2em 0}"
        "table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:.9em}"
        "th,td{border:1px solid #d1d5db;padding:.25em .5em;text-align:left;vertical-align:top}"
        "th{background:#f3f4f6}"
        ".swatch{display:inline-block;width:1em;height:1em;border-radius:2px;"
        "vertical-align:middle}"
        ".text{white-space:pre-wrap;font:16px/1.7 Georgia,serif;max-width:46em}"
        ".gap{display:none}"
        ".part{margin:0 0 .9em}"
        ".part[data-label]::before{content:attr(data-label);display:block;"
        "font:600 11px system-ui,sans-serif;letter-spacing:.05em;text-transform:uppercase;"
        "color:#6b7280}"
        ".p-title{font-size:1.35em;font-weight:700}.p-subhead{font-weight:700}"
        ".p-caption{font-style:italic;border-left:3px solid #9ca3af;padding-left:.6em}"
        ".p-byline,.p-signoff{color:#4b5563}"
        ".p-boilerplate{opacity:.45;font-size:.9em}"
        ".p-comment{border:1px dashed #b45309;background:#fffbeb;padding:.4em .6em}"
        ".p-comment::before{color:#b45309}"
        ".p-comment_meta{color:#92400e;font-size:.85em}"
        ".src{font-weight:700;border-bottom:2px solid currentColor}"
        ".cue{font-style:italic;text-decoration:underline wavy currentColor}"
        ".pii{font-family:ui-monospace,monospace;background:#111827;color:#f9fafb}"
        ".neg{color:#b91c1c;font-weight:700}"
        "tr.reader td{background:#fffbeb}"
        ".error{color:#b91c1c}" + SECTIONS_CSS + "".join(rules)
    )


@dataclass(frozen=True, slots=True)
class _Mark:
    """One highlighted stretch: an attribution's source, cue or content fragment, or a mask."""

    start: int
    end: int
    role: str  # "source", "cue", "content" or "pii"
    colour: str  # palette name: "0".."9" or "u"
    label: str  # tooltip text (unescaped)


def _marks(analysis: Analysis) -> list[_Mark]:
    colours = claimant_colours(analysis)
    size = len(analysis.article.text)
    marks: list[_Mark] = []
    for index, attribution in enumerate(analysis.attributions):
        claimant = analysis.claimant(attribution.claimant_id)
        colour = colours.get(claimant.id, "u") if claimant else "u"
        who = claimant.name if claimant else "unresolved source"
        if is_reader_voice(attribution):
            who += f", reported by {attribution.reporter_id}"
        att_id = attribution_id(index)
        spans = [("source", attribution.source), ("cue", attribution.cue)]
        spans += [("content", fragment) for fragment in attribution.content]
        for role, span in spans:
            if span is None:
                continue
            start, end = max(0, span.start), min(size, span.end)
            if start < end:
                label = f"{att_id} {role}: {who} ({attribution.kind.value})"
                marks.append(_Mark(start, end, role, colour, label))
    for redaction in analysis.article.redactions:
        start, end = max(0, redaction.start), min(size, redaction.end)
        if start < end:
            label = f"redacted {redaction.kind.value} (same-length mask)"
            marks.append(_Mark(start, end, "pii", "u", label))
    return marks


def _regions(article: Article) -> Iterator[tuple[int, int, Part | None]]:
    """The text cut into parts and the gaps between them, in order, covering all of it."""
    size = len(article.text)
    position = 0
    for part in sorted(article.parts, key=lambda p: (p.start, p.end)):
        start, end = max(position, part.start), min(size, part.end)
        if start >= end:
            continue  # empty, or overlapping an earlier part
        if position < start:
            yield position, start, None
        yield start, end, part
        position = end
    if position < size:
        yield position, size, None


def _segment(chunk: str, active: list[_Mark]) -> str:
    """One stretch of text with the same marks over all of it, as escaped HTML."""
    if not active:
        return escape(chunk)
    classes: list[str] = []
    if any(m.role == "pii" for m in active):
        classes.append("pii")
    roles = [r for r in _ROLE_ORDER if any(m.role == r for m in active)]
    classes += [_ROLE_CLASS[r] for r in roles]
    content = [m for m in active if m.role == "content"]
    if content:  # background: the innermost content's claimant
        classes.append("b" + min(content, key=lambda m: m.end - m.start).colour)
    speaker = [m for m in active if m.role in ("source", "cue")]
    if speaker:  # text colour: the innermost source or cue's claimant
        classes.append("f" + min(speaker, key=lambda m: m.end - m.start).colour)
    title = "; ".join(m.label for m in active)
    return f'<span class="{" ".join(classes)}" title="{escape(title)}">{escape(chunk)}</span>'


def _highlighted_text(analysis: Analysis) -> str:
    """The article text as HTML: parts as blocks, marks as spans, cut at every boundary."""
    article = analysis.article
    text = article.text
    marks = sorted(_marks(analysis), key=lambda m: (m.start, m.end))
    regions = list(_regions(article))
    cuts = {m.start for m in marks} | {m.end for m in marks} | {r[0] for r in regions}
    bounds = sorted(cuts | {len(text)})
    out: list[str] = []
    region_index = 0
    pending = 0  # next mark to open
    active: list[_Mark] = []
    body: list[str] = []
    for start, end in pairwise(bounds):
        while pending < len(marks) and marks[pending].start <= start:
            active.append(marks[pending])
            pending += 1
        active = [m for m in active if m.end > start]  # every cut is a mark edge: all cover
        body.append(_segment(text[start:end], active))
        region_start, region_end, part = regions[region_index]
        if end == region_end:
            out.append(_region_html(text[region_start:region_end], part, "".join(body)))
            body = []
            region_index += 1
    return "".join(out)


def _region_html(raw: str, part: Part | None, body: str) -> str:
    if part is None:
        css = "gap" if not raw.strip() else "part p-none"
        return f'<span class="{css}">{body}</span>'
    label = _part_label(part)
    data = f' data-label="{escape(label)}"' if label else ""
    return f'<div class="part p-{part.kind.value}"{data}>{body}</div>'


def _part_label(part: Part) -> str:
    if part.kind == PartKind.COMMENT:
        number = f" {part.index}" if part.index else ""
        return f"reader comment{number}: a reader's voice, not the outlet's"
    return _PART_LABELS.get(part.kind, "")


def _legend(analysis: Analysis) -> str:
    colours = claimant_colours(analysis)
    counts: dict[str | None, int] = {}
    for attribution in analysis.attributions:
        key = attribution.claimant_id if analysis.claimant(attribution.claimant_id) else None
        counts[key] = counts.get(key, 0) + 1
    rows = []
    for claimant in analysis.claimants:
        parent = analysis.claimant(claimant.part_of)
        cells = [
            swatch(colours[claimant.id]),
            escape(claimant.name),
            escape(claimant.type.value),
            escape(claimant.role or ""),
            escape(claimant.affiliation or ""),
            escape(parent.name if parent else claimant.part_of or ""),
            escape(", ".join(claimant.aliases)),
            str(counts.get(claimant.id, 0)),
        ]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    if None in counts:
        cells = [swatch("u"), "<em>unresolved source</em>", "", "", "", "", "", str(counts[None])]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    if not rows:
        return '<p class="meta">No claimants found.</p>'
    head = ["", "Claimant", "Type", "Role", "Affiliation", "Part of", "Aliases", "Attributions"]
    return table("legend", head, rows)


def _attribution_table(analysis: Analysis, prefix: str) -> str:
    if not analysis.attributions:
        return '<p class="meta">No attributions found.</p>'
    colours = claimant_colours(analysis)
    rows = []
    for index, attribution in enumerate(analysis.attributions):
        att_id = attribution_id(index)
        claimant = analysis.claimant(attribution.claimant_id)
        who = (
            swatch(colours[claimant.id]) + " " + escape(claimant.name)
            if claimant
            else swatch("u") + " <em>unresolved</em>"
        )
        reader = is_reader_voice(attribution)
        cells = [
            escape(att_id),
            who,
            "reader" if reader else "outlet",
            escape(attribution.kind.value),
            escape(attribution.stance.value),
            '<span class="neg">negated</span>' if attribution.negated else "",
            escape(attribution.part.value),
            escape(attribution.source.text) if attribution.source else "",
            escape(attribution.cue.text) if attribution.cue else "",
            escape(shorten(content_text(attribution), _TABLE_CONTENT)),
        ]
        css = ' class="reader"' if reader else ""
        row_id = escape(f"{prefix}-{att_id}")
        rows.append(f'<tr id="{row_id}"{css}>' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    head = ["Id", "Claimant", "Voice", "Kind", "Stance", "", "Part", "Source", "Cue", "Content"]
    return table("attributions", head, rows)


def _url(url: str | None) -> str:
    if not url:
        return ""
    if url.startswith(("http://", "https://")):  # never a javascript: or data: link
        quoted = escape(url)
        return f'<a href="{quoted}" rel="noopener noreferrer nofollow">{quoted}</a>'
    return escape(url)


def _analysis(analysis: Analysis, number: int) -> str:
    article = analysis.article
    prefix = f"r{number}"
    facts = [article.outlet or "outlet unknown", date_line(analysis), f"id {article.id}"]
    meta = [
        f'<p class="meta">{escape(" · ".join(facts))}</p>',
        f'<p class="meta">{_url(article.url)}</p>' if article.url else "",
        f'<p class="meta">byline: {escape(article.byline)}</p>' if article.byline else "",
        f'<p class="meta">from {escape(article.origin)}</p>' if article.origin else "",
    ]
    parts = ", ".join(f"{n} {kind.value}" for kind, n in part_counts(analysis)) or "none"
    redacted = len(article.redactions)
    meta.append(
        f'<p class="meta">parts: {escape(parts)} · {redacted} personal identifiers redacted'
        " (masked in place; offsets unchanged)</p>"
    )
    meta += [f'<p class="meta error">{escape(w)}</p>' for w in analysis.warnings]
    key = (
        '<p class="meta">Key: <span class="src">source</span> · <span class="cue">cue</span>'
        ' · <span class="cnt b0">content</span> · <span class="pii">[MASK]</span>'
        " · colour = claimant; hover a highlight for details.</p>"
    )
    return (
        f'<article class="analysis" id="{prefix}">'
        f"<h2>{escape(article.title or '(untitled)')}</h2>"
        + "".join(meta)
        + "<h3>Claimants</h3>"
        + _legend(analysis)
        + "<h3>Text</h3>"
        + key
        + f'<div class="text">{_highlighted_text(analysis)}</div>'
        + "<h3>Attributions</h3>"
        + _attribution_table(analysis, prefix)
        + "<h3>Claims</h3>"
        + claims_section(analysis, prefix)
        + "<h3>Figures by claimant</h3>"
        + figures_section(analysis, prefix)
        + "<h3>Events</h3>"
        + events_section(analysis, prefix)
        + "<h3>Times</h3>"
        + times_section(analysis)
        + "<h3>Places</h3>"
        + places_section(analysis)
        + "</article>"
    )


def _skipped(skipped: Skipped) -> str:
    line = f"✗ {skipped.origin}: [{skipped.code}] {skipped.message}"
    return f'<section class="skipped"><p class="error">{escape(line)}</p></section>'


def render_html(results: Sequence[Analysis | Skipped]) -> str:
    """One self-contained HTML page for every result, in input order."""
    analyses = [r for r in results if isinstance(r, Analysis)]
    if len(analyses) == 1 and len(results) == 1:
        title = analyses[0].article.title or analyses[0].article.id
    else:
        title = f"{len(analyses)} articles"
    body = "\n".join(
        _skipped(r) if isinstance(r, Skipped) else _analysis(r, n)
        for n, r in enumerate(results, start=1)
    )
    skipped = len(results) - len(analyses)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="rashomon {escape(__version__)}">\n'
        f"<title>rashomon: {escape(title)}</title>\n"
        f"<style>{_css()}</style>\n</head>\n<body>\n"
        f"<h1>rashomon: who said what</h1>\n"
        f'<p class="meta">{len(analyses)} analysed, {skipped} skipped</p>\n'
        f"{body}\n</body>\n</html>\n"
    )
