"""render_text: header, attributions grouped by claimant, reader comments apart, counts."""

from __future__ import annotations

from dataclasses import replace

import pytest
from present_samples import make_analysis, make_skipped

from rashomon.model import (
    Claimant,
    ClaimantType,
    PublishedSource,
    TextSpan,
)
from rashomon.present import render_text


def _section(out: str, start: str, end: str | None = None) -> str:
    tail = out[out.index(start) :]
    return tail if end is None else tail[: tail.index(end)]


def test_render_text_header() -> None:
    analysis = make_analysis()
    out = render_text([analysis])
    lines = out.splitlines()
    assert lines[0].startswith("Ferry stalls off Port Merren; counts of the injured differ ─")
    assert lines[1] == "The Merren Gazette · 2031-05-04 (from metadata) · id art-ferry-01"
    assert "parts: 1 title, 1 byline, 1 caption, 2 body, 1 boilerplate" in out


@pytest.mark.parametrize(
    "source, expected",
    [
        (PublishedSource.INFERRED, "2031-05-04 (inferred)"),
        (PublishedSource.METADATA, "2031-05-04 (from metadata)"),
        (None, "2031-05-04"),
    ],
)
def test_render_text_says_how_the_date_is_known(
    source: PublishedSource | None, expected: str
) -> None:
    analysis = make_analysis()
    article = replace(analysis.article, published_source=source)
    line = render_text([replace(analysis, article=article)]).splitlines()[1]
    assert line == f"The Merren Gazette · {expected} · id art-ferry-01"


@pytest.mark.parametrize("published", [None])
def test_render_text_without_date(published: None) -> None:
    analysis = make_analysis()
    article = replace(analysis.article, published=published, outlet=None)
    line = render_text([replace(analysis, article=article)]).splitlines()[1]
    assert line == "outlet unknown · date unknown · id art-ferry-01"


def test_render_text_groups_by_claimant() -> None:
    analysis = make_analysis()
    out = render_text([analysis], width=200)
    outlet = _section(out, "Port Merren Harbour Authority", "Reader comments")
    okafor = _section(outlet, "Lena Okafor  person", "dockworkers' union  organisation")
    assert "role: harbour master" in okafor
    assert "affiliation: Port Merren Harbour Authority" in okafor
    assert "also: Okafor" in okafor
    assert "“Everyone is safe,”" in okafor
    assert "“The engine failed, … but the crew acted fast.”" in okafor
    union = _section(outlet, "dockworkers' union  organisation", "Unresolved source")
    assert "according_to · neutral" in union
    assert "mixed · distancing" in union
    assert "30 were hurt”" not in union  # the reader's report of the union is not here
    unresolved = _section(outlet, "Unresolved source")
    assert "nominal · endorsing · NEGATED" in unresolved
    assert "cue “did not confirm”" in unresolved


def test_render_text_keeps_reader_comments_apart() -> None:
    analysis = make_analysis()
    out = render_text([analysis])
    reader = _section(out, "Reader comments", "8 attributions")
    assert "“30 were hurt”" in reader
    assert "“it was closer to 50”" in reader
    assert "in comment 1" in reader
    assert "closer to 50" not in out[: out.index("Reader comments")]
    assert "8 attributions (6 outlet, 2 reader) · 3 claimants · 1 redaction" in out


def test_render_text_error_line() -> None:
    analysis = make_analysis()
    skipped = make_skipped()
    out = render_text([skipped, analysis])
    assert out.splitlines()[0] == "✗ corpus.jsonl:3: [R011] Line has no 'text' field."
    assert out.rstrip().splitlines()[-1] == "1 analysed, 1 skipped"


@pytest.mark.parametrize("width", [60, 100, 140])
def test_render_text_fits_the_width(width: int) -> None:
    analysis = make_analysis()
    out = render_text([analysis], width=width)
    assert max(len(line) for line in out.splitlines()) <= width
    assert "\x1b[" not in out
    assert out == out.rstrip(" \n") + "\n"
    assert all(line == line.rstrip() for line in out.splitlines())


def test_render_text_shortens_long_content() -> None:
    analysis = make_analysis()
    long_text = " ".join(["word"] * 400)
    first = analysis.attributions[0]
    content = (TextSpan(0, len(long_text), long_text),)
    shown_only = replace(analysis, attributions=(replace(first, content=content),), claims=())
    out = render_text([shown_only])
    shown = " ".join(x.strip() for x in out.splitlines() if x.strip().startswith(("“", "word")))
    assert shown.startswith("“word word")
    assert shown.endswith("word…”")
    assert len(shown) < 250


def test_render_text_does_not_interpret_markup() -> None:
    analysis = make_analysis()
    name = "[bold red]Evil[/bold red] :smile:"
    claimants = (Claimant("c1", name, ClaimantType.PERSON), *analysis.claimants[1:])
    out = render_text([replace(analysis, claimants=claimants)])
    assert f"{name}  person" in out


def test_render_text_neutralises_control_characters() -> None:
    analysis = make_analysis()
    name = "Evil\x1b[31m\nName\x9b"
    claimants = (Claimant("c1", name, ClaimantType.PERSON), *analysis.claimants[1:])
    article = replace(analysis.article, title="Title\x1b]0;pwned\x07\nline two")
    out = render_text([replace(analysis, claimants=claimants, article=article)])
    assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out
    assert "Evil\ufffd[31m Name\ufffd  person" in out
    assert out.splitlines()[0].startswith("Title\ufffd]0;pwned\ufffd line two ─")


def test_render_text_of_nothing_is_empty() -> None:
    assert render_text([]) == ""


def test_render_text_claims_by_claimant() -> None:
    out = render_text([make_analysis()], width=140)
    claims = _section(
        out, "Claims (12: 8 fact, 2 judgement, 1 prediction, 1 evidence)", "Claims in"
    )
    outlet = _section(claims, "The Merren Gazette  media_outlet", "Port Merren Harbour Authority")
    assert "(6: 4 fact, 1 prediction, 1 evidence)" in outlet
    assert "• fact · in title  [claim-1]" in outlet
    assert "• fact · adopted from claim-4 (Lena Okafor)  [claim-8]" in outlet
    assert "• prediction · hedged: “likely” over “stay closed for three days”  [claim-9]" in outlet
    assert "• evidence  [claim-11]" in outlet
    assert "• fact · in caption  [claim-12]" in outlet
    okafor = _section(claims, "Lena Okafor  person  (2: 1 fact, 1 judgement)", "dockworkers'")
    assert "adopted as fact by claim-8  [claim-4, att-3]" in okafor
    assert "“The engine failed, … but the crew acted fast.”" in okafor
    assert "Unresolved source  (1: 1 fact)" in claims


def test_render_text_keeps_reader_claims_apart() -> None:
    out = render_text([make_analysis()], width=140)
    claims = _section(out, "Claims (12", "Figures by claimant")
    outlet, reader = claims.split("Claims in reader comments (readers' voice, not the outlet's)")
    assert "my cousin was on board" not in outlet
    assert "reader comment 1  reader  (1: 1 fact)" in reader
    assert "• fact · in comment 1  [claim-14]" in reader
    assert "• fact · in comment 1  [claim-13, att-7]" in reader


def test_render_text_figures_table_by_claimant() -> None:
    out = render_text([make_analysis()], width=120)
    table = _section(out, "Figures by claimant (5, never merged)", "Events (2)")
    rows = [line.split() for line in table.splitlines()]
    assert ["Claimant", "Count", "Category", "Victims", "How", "Stated", "as", "Id"] in rows
    flat = [" ".join(row) for row in rows]
    assert any(
        r.startswith("Port Merren Harbour Authority 14 wounded passengers direct") for r in flat
    )
    assert any(r.startswith("dockworkers' union at least 30 wounded people") for r in flat)
    assert any(r.startswith("30 wounded — direct “30” (in a reader comment) fig-4") for r in flat)
    assert any(
        r.startswith("The Merren Gazette 3–9 (several) wounded crew members outlet") for r in flat
    )
    assert "[fig-1] “14 passengers”" in out  # the sentence each figure is stated in
    assert any(r.startswith("unresolved source about 50 wounded") for r in flat)
    union = next(i for i, r in enumerate(flat) if r.startswith("dockworkers'"))
    assert flat[union + 1].startswith("30 wounded")  # the union's two figures side by side


def test_render_text_figures_as_a_list_when_narrow() -> None:
    out = render_text([make_analysis()], width=70)
    table = _section(out, "Figures by claimant", "Events")
    union = "  dockworkers' union\n    • at least 30 wounded people  “at least 30 people” (direct)"
    assert union in table
    assert "  The Merren Gazette\n    • 3–9 (several) wounded crew members" in table
    assert "Claimant" not in table  # no table header


def test_render_text_events() -> None:
    out = render_text([make_analysis()], width=140)
    events = _section(out, "Events (2)", "8 attributions")
    assert "• wounding · no PLOVER type  trigger “hurt”  [ev-1]" in events
    assert "when “on Friday evening”: 2031-05-02 (part of day, from weekday)" in events
    assert (
        "where “Port Merren”: Port Merren (city, XX) 54.5000, -3.2500, city precision;"
        " also: Port Merren, XY"
    ) in events
    assert "victims “at least 30 people”" in events
    assert "figure: at least 30 wounded people (dockworkers' union) [fig-2]" in events
    assert "figure: 3–9 (several) wounded crew members (The Merren Gazette) [fig-3]" in events
    assert "claims: claim-2, claim-5, claim-10" in events
    assert "• evidence · no PLOVER type  trigger “released a photo”  [ev-2]" in events
    assert "actor “The union”" in events


def test_render_text_event_with_plover_and_target() -> None:
    analysis = make_analysis()
    target = TextSpan(0, 5, "Ferry")
    event = replace(analysis.events[0], plover="ASSAULT", target=target, figure_ids=("fig-9",))
    out = render_text([replace(analysis, events=(event,))], width=140)
    assert "• wounding · PLOVER ASSAULT  trigger “hurt”  [ev-1]" in out
    assert "    target “Ferry”" in out
    assert "    figure fig-9" in out


def test_render_text_counts_claims_figures_events() -> None:
    out = render_text([make_analysis()], width=200)
    assert out.rstrip().splitlines()[-1] == (
        "8 attributions (6 outlet, 2 reader) · 3 claimants · 1 redaction"
        " · 15 claims · 5 figures · 2 events"
    )


def test_render_text_without_claims_figures_events() -> None:
    analysis = replace(make_analysis(), claims=(), figures=(), events=(), times=(), places=())
    out = render_text([analysis])
    for heading in ("Claims (", "Claims in reader", "Figures by claimant", "Events ("):
        assert heading not in out
    assert "· 0 claims · 0 figures · 0 events" in out


def test_render_text_neutralises_control_characters_in_findings() -> None:
    analysis = make_analysis()
    figure = replace(analysis.figures[0], victim_group="pass\x1b[2Jengers")
    place = replace(analysis.places[0], name="Port\x1b]0;x\x07Merren")
    event = replace(analysis.events[0], where=(place,))
    out = render_text([replace(analysis, figures=(figure,), events=(event,))], width=140)
    assert "\x1b" not in out and "\x07" not in out
    assert "pass\ufffd[2Jengers" in out
    assert "Port\ufffd]0;x\ufffdMerren (city, XX)" in out
