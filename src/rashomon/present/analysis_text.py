"""Plain-text report for a terminal or a file, laid out with Rich.

Per article: a header, the outlet's attributions grouped by claimant, reader comments in a
section of their own, the claims by claimant (reader comments' claims apart), a table of
figures by claimant, the events, and a line of counts. A skipped input is one ``✗`` line.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console
from rich.padding import Padding
from rich.rule import Rule
from rich.text import Text

from rashomon.model import Analysis, Article, Attribution, Claimant, CueStance, PartKind, Skipped
from rashomon.present._analysis_common import (
    Group,
    date_line,
    group_by_claimant,
    one_line,
    part_counts,
    part_name,
    shorten,
)
from rashomon.present._analysis_text_sections import print_claims, print_events, print_figures
from rashomon.present.records import content_text

DEFAULT_WIDTH = 100  # columns when the caller gives none (a file, a pipe, a test)
_MIN_CONTENT = 60


def _claimant_line(claimant: Claimant | None, count: int) -> Text:
    if claimant is None:
        return Text.assemble(("Unresolved source", "bold"), f"  ({count})")
    line = Text.assemble((one_line(claimant.name), "bold"), "  ", (claimant.type.value, "cyan"))
    for label, value in (("role", claimant.role), ("affiliation", claimant.affiliation)):
        if value:
            line.append(f" · {label}: {one_line(value)}")
    if claimant.aliases:
        line.append(" · also: " + ", ".join(one_line(a) for a in claimant.aliases))
    line.append(f"  ({count})")
    return line


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _where(article: Article, attribution: Attribution) -> str:
    """The attribution's part, numbered for comments ("comment 2")."""
    if not attribution.content:
        return attribution.part.value
    return part_name(article, attribution.part, attribution.content_start)


def _attribution_line(
    att_id: str, attribution: Attribution, claimant: Claimant | None, where: str, limit: int
) -> Text:
    line = Text("• ")
    line.append(attribution.kind.value, "bold")
    line.append(" · ")
    line.append(
        attribution.stance.value, "" if attribution.stance == CueStance.NEUTRAL else "yellow"
    )
    if attribution.negated:
        line.append(" · ")
        line.append("NEGATED", "bold red")
    if attribution.passive:
        line.append(" · passive")
    if attribution.part != PartKind.BODY:
        line.append(f" · in {where}")
    source = attribution.source
    if source is not None and (claimant is None or source.text != claimant.name):
        line.append("  source “")
        line.append(shorten(source.text, 40), "bold")
        line.append("”")
    if attribution.cue is not None:
        line.append("  cue “")
        line.append(shorten(attribution.cue.text, 40), "italic")
        line.append("”")
    line.append(f"  [{att_id}]", "dim")
    line.append("\n  “" + shorten(content_text(attribution), limit) + "”")
    return line


def _print_groups(console: Console, article: Article, groups: list[Group], limit: int) -> None:
    for group in groups:
        console.print(Padding(_claimant_line(group.claimant, len(group.items)), (1, 0, 0, 2)))
        for att_id, attribution in group.items:
            where = _where(article, attribution)
            line = _attribution_line(att_id, attribution, group.claimant, where, limit)
            console.print(Padding(line, (0, 0, 0, 4)))


def _print_analysis(console: Console, analysis: Analysis, width: int) -> None:
    article = analysis.article
    title = one_line(article.title or "") or "(untitled)"
    console.print(Rule(Text(title, "bold"), style="", align="left"))
    facts = [article.outlet or "outlet unknown", date_line(analysis), f"id {article.id}"]
    console.print(Text(one_line(" · ".join(facts))))
    if article.origin:
        console.print(Text(f"from {one_line(article.origin)}", "dim"))
    parts = ", ".join(f"{n} {kind.value}" for kind, n in part_counts(analysis))
    console.print(Text(f"parts: {parts or 'none'}", "dim"))
    for warning in analysis.warnings:
        console.print(Text(f"! {one_line(warning)}", "yellow"))

    limit = max(_MIN_CONTENT, 2 * (width - 8))
    outlet = group_by_claimant(analysis, reader=False)
    reader = group_by_claimant(analysis, reader=True)
    if outlet:
        _print_groups(console, article, outlet, limit)
    else:
        console.print(Padding(Text("No attributions in the outlet's text.", "dim"), (1, 0, 0, 2)))
    if reader:
        console.print()
        console.print(Text("Reader comments (readers' voice, not the outlet's)", "bold"))
        _print_groups(console, article, reader, limit)

    print_claims(console, analysis, limit)
    print_figures(console, analysis)
    print_events(console, analysis)

    n_outlet = sum(len(g.items) for g in outlet)
    n_reader = sum(len(g.items) for g in reader)
    counts = (
        f"{_plural(n_outlet + n_reader, 'attribution')} ({n_outlet} outlet, {n_reader} reader)"
        f" · {_plural(len(analysis.claimants), 'claimant')}"
        f" · {_plural(len(article.redactions), 'redaction')}"
        f" · {_plural(len(analysis.claims), 'claim')}"
        f" · {_plural(len(analysis.figures), 'figure')}"
        f" · {_plural(len(analysis.events), 'event')}"
    )
    console.print()
    console.print(Text(counts, "bold"))


def _print_skipped(console: Console, skipped: Skipped) -> None:
    line = f"✗ {skipped.origin}: [{skipped.code}] {skipped.message}"
    console.print(Text(one_line(line), "red"))


def render_text(results: Sequence[Analysis | Skipped], *, width: int | None = None) -> str:
    """A readable report of every result in input order (no colour codes).

    ``width`` is the line width in columns (default ``DEFAULT_WIDTH``), so the output is the
    same wherever it runs; the CLI passes the terminal's width.
    """
    columns = DEFAULT_WIDTH if width is None else width
    console = Console(
        record=True,
        file=io.StringIO(),
        width=columns,
        color_system=None,
        force_terminal=False,
        markup=False,
        emoji=False,
        highlight=False,
    )
    previous: Analysis | Skipped | None = None
    for result in results:
        if isinstance(previous, Analysis):
            console.print()  # a blank line after each article
        if isinstance(result, Skipped):
            _print_skipped(console, result)
        else:
            if previous is not None:
                console.print()
            _print_analysis(console, result, columns)
        previous = result
    if len(results) > 1:
        skipped = sum(isinstance(r, Skipped) for r in results)
        console.print()
        console.print(Text(f"{len(results) - skipped} analysed, {skipped} skipped", "bold"))
    # Padding fills lines with spaces up to the width; drop them.
    return "\n".join(line.rstrip() for line in console.export_text().split("\n"))
