"""render_text: header, attributions grouped by claimant, reader comments apart, counts."""

from __future__ import annotations

from dataclasses import replace

import pytest
from report_samples import make_analysis, make_skipped

from rashomon.model import (
    Claimant,
    ClaimantType,
    PublishedSource,
    TextSpan,
)
from rashomon.report import render_text


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
    out = render_text([replace(analysis, attributions=(replace(first, content=content),))])
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
