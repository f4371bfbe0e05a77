"""Text-report sections for claims (by claimant), figures (a table by claimant) and events."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from rashomon.model import Analysis, Claim, Claimant, Event, PartKind
from rashomon.present._analysis_common import (
    claim_label,
    claims_by_claimant,
    figure_count,
    figure_words,
    figures_by_claimant,
    find_claim,
    one_line,
    part_name,
    place_words,
    shorten,
    type_counts,
    when_words,
)
from rashomon.present.records import FRAGMENT_JOINER, claimant_for, is_reader_claim


def _claimant_head(claimant: Claimant | None, claims: tuple[Claim, ...]) -> Text:
    counts = f"  ({len(claims)}: {type_counts(claims)})"
    if claimant is None:
        return Text.assemble(("Unresolved source", "bold"), counts)
    line = Text.assemble((one_line(claimant.name), "bold"), "  ", (claimant.type.value, "cyan"))
    line.append(counts)
    return line


def _claim_lines(analysis: Analysis, claim: Claim, limit: int) -> tuple[Text, Text]:
    """The claim's type and markers, then its text (printed indented under it)."""
    line = Text("• ")
    line.append(claim.type.value, "bold")
    if claim.part != PartKind.BODY:
        line.append(f" · in {part_name(analysis.article, claim.part, claim.text.start)}")
    if claim.adopted_from:
        line.append(" · ")
        adopted = one_line(claim_label(analysis, claim.adopted_from))
        line.append(f"adopted from {adopted}", "bold magenta")
    adopters = [one_line(other.id) for other in analysis.claims if other.adopted_from == claim.id]
    if adopters:
        line.append(" · adopted as fact by " + ", ".join(adopters))
    for hedge in claim.hedges:
        line.append(" · hedged: “")
        line.append(shorten(hedge.cue.text, 30), "yellow")
        line.append(f"” over “{shorten(hedge.scope.text, 60)}”")
    ids = claim.id if claim.attribution_id is None else f"{claim.id}, {claim.attribution_id}"
    line.append(f"  [{one_line(ids)}]", "dim")
    pieces = claim.fragments or (claim.text,)
    said = Text("“" + shorten(FRAGMENT_JOINER.join(f.text for f in pieces), limit) + "”")
    return line, said


def _print_claim_groups(
    console: Console,
    analysis: Analysis,
    groups: list[tuple[Claimant | None, tuple[Claim, ...]]],
    limit: int,
) -> None:
    for claimant, claims in groups:
        console.print(Padding(_claimant_head(claimant, claims), (1, 0, 0, 2)))
        for claim in claims:
            line, said = _claim_lines(analysis, claim, limit)
            console.print(Padding(line, (0, 0, 0, 4)))
            console.print(Padding(said, (0, 0, 0, 6)))


def print_claims(console: Console, analysis: Analysis, limit: int) -> None:
    """The claims of the outlet's parts by claimant, then those in reader comments apart."""
    if not analysis.claims:
        return
    outlet = claims_by_claimant(analysis, reader=False)
    reader = claims_by_claimant(analysis, reader=True)
    if outlet:
        count = sum(len(claims) for _, claims in outlet)
        console.print()
        kinds = type_counts(c for _, claims in outlet for c in claims)
        console.print(Text(f"Claims ({count}: {kinds})", "bold"))
        _print_claim_groups(console, analysis, outlet, limit)
    if reader:
        console.print()
        console.print(Text("Claims in reader comments (readers' voice, not the outlet's)", "bold"))
        _print_claim_groups(console, analysis, reader, limit)


_TABLE_WIDTH = 80  # narrower consoles get the figures as a list instead of a table
_FIGURE_COLUMNS = ("Claimant", "Count", "Category", "Victims", "How", "Stated as", "Id")


def _figure_rows(analysis: Analysis) -> list[tuple[list[str], bool]]:
    """One row per figure (claimant shown on its group's first row), and whether it ends a
    claimant's group."""
    rows = []
    for claimant, figures in figures_by_claimant(analysis):
        who = "unresolved source" if claimant is None else one_line(claimant.name)
        for index, figure in enumerate(figures):
            claim = find_claim(analysis, figure.claim_id)
            stated = f"“{shorten(figure.text.text, 60)}”"
            if claim is not None and is_reader_claim(claim):
                stated += " (in a reader comment)"
            cells = [
                who if index == 0 else "",
                figure_count(figure),
                figure.category.value.replace("_", " "),
                one_line(figure.victim_group or "—"),
                figure.attribution.value,
                stated,
                one_line(figure.id),
            ]
            rows.append((cells, index == len(figures) - 1))
    return rows


def print_figures(console: Console, analysis: Analysis) -> None:
    """One table, rows grouped by claimant; each claimant's figures stay its own."""
    if not analysis.figures:
        return
    console.print()
    console.print(Text(f"Figures by claimant ({len(analysis.figures)}, never merged)", "bold"))
    rows = _figure_rows(analysis)
    if console.width < _TABLE_WIDTH:
        for cells, _ in rows:
            who, count, category, victims, how, stated, figure_id = cells
            if who:
                console.print(Padding(Text(who, "bold"), (0, 0, 0, 2)))
            group = "" if victims == "—" else f" {victims}"
            line = f"• {count} {category}{group}  {stated} ({how})  [{figure_id}]"
            console.print(Padding(Text(line), (0, 0, 0, 4)))
        _print_sentences(console, analysis)
        return
    grid = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for name in _FIGURE_COLUMNS:
        grid.add_column(name, no_wrap=name in ("Count", "Category", "Id"))
    for number, (cells, last) in enumerate(rows):
        grid.add_row(*cells, end_section=last and number < len(rows) - 1)
    console.print(Padding(grid, (0, 0, 0, 2)))
    _print_sentences(console, analysis)


def _print_sentences(console: Console, analysis: Analysis) -> None:
    """Each figure's sentence, so a reader can check the claimant where it was found."""
    stated = [f for f in analysis.figures if f.sentence is not None]
    if stated:
        console.print(Padding(Text("Where each figure is stated", "dim"), (0, 0, 0, 2)))
    for figure in stated:
        assert figure.sentence is not None
        line = Text(f"[{one_line(figure.id)}] ", "dim")
        line.append(f"“{shorten(one_line(figure.sentence.text), 160)}”")
        console.print(Padding(line, (0, 0, 0, 4)))


def _event_lines(analysis: Analysis, event: Event) -> tuple[Text, list[Text]]:
    """The event's type, PLOVER type and trigger; then one line per detail."""
    head = Text("• ")
    head.append(event.type.value, "bold")
    head.append(f" · PLOVER {one_line(event.plover)}" if event.plover else " · no PLOVER type")
    head.append(f"  trigger “{shorten(event.trigger.text, 40)}”")
    head.append(f"  [{one_line(event.id)}]", "dim")
    details: list[str] = []
    if event.when is not None:
        details.append(f"when “{shorten(event.when.text.text, 40)}”: {when_words(event.when)}")
    for place in event.where:
        details.append(f"where “{shorten(place.text.text, 40)}”: {place_words(place)}")
    for label, span in (
        ("actor", event.actor),
        ("target", event.target),
        ("victims", event.victims),
    ):
        if span is not None:
            details.append(f"{label} “{shorten(span.text, 60)}”")
    figures = {f.id: f for f in analysis.figures}
    for figure_id in event.figure_ids:
        figure = figures.get(figure_id)
        if figure is None:
            details.append(f"figure {one_line(figure_id)}")
            continue
        claimant = claimant_for(analysis, figure.claimant_id)
        who = "unresolved source" if claimant is None else one_line(claimant.name)
        details.append(f"figure: {figure_words(figure)} ({who}) [{one_line(figure.id)}]")
    if event.claim_ids:
        details.append("claims: " + ", ".join(one_line(c) for c in event.claim_ids))
    return head, [Text(detail) for detail in details]


def print_events(console: Console, analysis: Analysis) -> None:
    """Each event: type, PLOVER type, when, where, participants, figures and claims."""
    if not analysis.events:
        return
    console.print()
    console.print(Text(f"Events ({len(analysis.events)})", "bold"))
    for event in analysis.events:
        head, details = _event_lines(analysis, event)
        console.print(Padding(head, (0, 0, 0, 2)))
        for detail in details:
            console.print(Padding(detail, (0, 0, 0, 4)))
