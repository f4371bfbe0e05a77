"""Renderers and exports of a fictional comparison: JSON Schema, text, HTML, CSV, JSON-LD."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date

import jsonschema
import pytest

from compare_samples import D1, D2, article, claim, compare, figure
from rashomon.export.jsonld import claims_jsonld
from rashomon.export.select import Selection
from rashomon.model import (
    Analysis,
    Appearance,
    Comparison,
    Conflict,
    ConflictStrength,
    CopyGroup,
    EventType,
    Incident,
    SlotClaim,
)
from rashomon.present import (
    comparison_to_dict,
    export_jsonl,
    load_comparison_schema,
    render_comparison_csv,
    render_comparison_html,
    render_comparison_text,
)
from rashomon.present.spreadsheet import safe_cell


def sample() -> tuple[list[Analysis], Comparison]:
    analyses = [
        article(
            "a0",
            D1,
            outlet="Tarn <Post>",
            figures=(figure("fig-1", "health", 40, None),),
            claims=(claim("claim-1", "army", "a rocket misfired by Islamic Jihad"),),
        ),
        article("a1", D1, outlet="Vost Wire", figures=(figure("fig-1", "health", 40, None),)),
        article(
            "a2",
            D2,
            outlet="Tarn <Post>",
            figures=(figure("fig-1", "health", 52, 52), figure("fig-2", "army", 10, 20)),
            claims=(claim("claim-1", "health", "an Israeli air strike <b>hit</b>"),),
        ),
    ]
    return analyses, compare(analyses, (CopyGroup("copy-1", ("a0", "a1"), "a0", "AFP"),))


def test_dict_matches_schema_and_issue_shape() -> None:
    _, comparison = sample()
    data = comparison_to_dict(comparison)
    jsonschema.validate(data, load_comparison_schema())
    deaths = next(s for s in data["slots"] if s["slot"] == "deaths")
    health = [c for c in deaths["claims"] if c["claimant"] == "ent-health"]
    assert [(c["low"], c["high"], c["articles"]) for c in health] == [
        (40, None, ["a0", "a1"]),
        (52, 52, ["a2"]),
    ]
    assert health[0]["sources"] == 1
    assert data["copies"] == [["a0", "a1"]]
    assert data["changes"] == [
        {
            "claimant": "ent-health",
            "slot": "deaths",
            "from": "at least 40",
            "to": "52",
            "dates": ["2031-05-01", "2031-05-02"],
            "side": "ent-health",
            "steps": 1,
        }
    ]
    [deaths_conflict] = [c for c in data["conflicts"] if c["slot"] == "deaths"]
    assert {k: deaths_conflict[k] for k in ("claimants", "strength")} == {
        "claimants": ["ent-army", "ent-health"],
        "strength": "firm",
    }
    assert [(s["side"], s["display"]) for s in deaths_conflict["sides"]] == [
        ("ent-army", "10-20"),
        ("ent-health", "at least 40"),
    ]


def test_text_lists_conflicts_and_changes() -> None:
    _, comparison = sample()
    text = render_comparison_text(comparison)
    assert "Brell Army: 10-20 vs" in text and ": at least 40" in text
    assert "Copies (AFP): a0, a1" in text
    # one line per claimant: its values in order of first appearance
    assert "at least 40! (05-01 Tarn <Post>, +1, 1 source) → 52! (05-02 Tarn <Post>)" in text


def _seen(article_id: str, outlet: str, day: date | None) -> Appearance:
    return Appearance(article_id, outlet, day, "text")


def timed() -> Comparison:
    """Hand-built: two claimants' clock times (a possible conflict) and a label with markup."""
    noon = _seen("a0", "Vost <Wire>", D1)
    late = _seen("a1", "Tarn Post", D2)
    claims = (
        SlotClaim(
            "damage", "ent-army", "Brell Army", "light damage", first_seen=noon, appearances=(noon,)
        ),
        SlotClaim(
            "damage",
            "ent-army",
            "Brell Army",
            "[bold]<b>x</b>",
            first_seen=late,
            appearances=(late,),
        ),
        SlotClaim(
            "time",
            "ent-army",
            "Brell Army",
            "2031-05-01 12:00 UTC",
            first_seen=noon,
            appearances=(noon,),
        ),
        SlotClaim(
            "time",
            "ent-health",
            "Vostran Health Office",
            "2031-05-01 15:40",
            first_seen=late,
            appearances=(late,),
        ),
    )
    conflict = Conflict(
        "time",
        ("ent-army", "ent-health"),
        ("2031-05-01 12:00 UTC", "2031-05-01 15:40"),
        ConflictStrength.POSSIBLE,
    )
    incident = Incident("inc-1", EventType.ATTACK, (), ("a0", "a1"))
    return Comparison(incident, claims, conflicts=(conflict,))


def test_text_marks_possible_conflicts_and_keeps_markup_as_text() -> None:
    text = render_comparison_text(timed(), width=200)
    assert "2031-05-01 12:00 UTC? (05-01 Vost <Wire>)" in text
    assert "light damage (05-01 Vost <Wire>) → [bold]<b>x</b> (05-02 Tarn Post)" in text
    assert "possible" in text


def test_json_and_html_show_strength() -> None:
    comparison = timed()
    data = comparison_to_dict(comparison)
    jsonschema.validate(data, load_comparison_schema())
    assert [c["strength"] for c in data["conflicts"]] == ["possible"]
    page = render_comparison_html(comparison)
    assert '<tr class="possible">' in page and 'fill="#b45309"' in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
    assert "Vost &lt;Wire&gt;" in page


def test_html_is_escaped_and_has_timeline() -> None:
    _, comparison = sample()
    page = render_comparison_html(comparison)
    assert "<svg" in page and "<circle" in page
    assert "Tarn &lt;Post&gt;" in page and "Tarn <Post>" not in page
    assert "<script" not in page
    assert 'fill="#b91c1c"' in page  # a conflicting value is highlighted
    assert '<span class="v firm" title="a0, a1">at least 40</span>' in page


def test_csv_one_row_per_value_and_article_with_its_quote() -> None:
    _, comparison = sample()
    rows = list(csv.DictReader(io.StringIO(render_comparison_csv([comparison]))))
    counts = [r for r in rows if r["category"] == "deaths"]
    assert len(counts) == 4  # at least 40 in a0 and a1, 52 in a2, 10-20 in a2
    by_value = {(r["claimant"], r["value"], r["article_id"]): r for r in counts}
    exact = by_value[("Vostran Health Office", "52", "a2")]
    assert (exact["best"], exact["low"], exact["high"], exact["first_seen"]) == (
        "52",
        "52",
        "52",
        "2031-05-02",
    )
    assert (exact["outlet"], exact["published"], exact["attribution"]) == (
        "Tarn <Post>",
        "2031-05-02",
        "direct",
    )
    assert exact["quote"] == "The Vostran Health Office said 40 people died."
    assert by_value[("Brell Army", "10-20", "a2")]["best"] == ""
    wired = by_value[("Vostran Health Office", "at least 40", "a1")]
    assert (wired["outlet"], wired["article_ids"]) == ("Vost Wire", "a0 a1")
    labels = [r for r in rows if r["category"] not in ("deaths", "wounded")]
    assert labels and all(r["low"] == r["best"] == r["high"] == "" for r in labels)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_cannot_run_as_formulas(start: str) -> None:
    text = f'{start}HYPERLINK("https://example.invalid") said 40 people died.'
    analyses = [
        article(
            "a0", D1, outlet=f"{start}cmd|' /C calc'!A0", figures=(figure("f", "health", 40, 40),)
        )
    ]
    analyses = [replace(a, article=replace(a.article, text=text)) for a in analyses]
    rows = list(csv.DictReader(io.StringIO(render_comparison_csv([compare(analyses)]))))
    assert rows
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    shown = start if start != "\r" else " "  # a line break inside a cell reads as a space
    assert rows[0]["outlet"] == f"'{shown}cmd|' /C calc'!A0"
    assert safe_cell(40, one_line=True) == "40" and safe_cell("40", one_line=True) == "40"


def test_claims_jsonld_and_jsonl() -> None:
    analyses, comparison = sample()
    selection = Selection([], [comparison.incident], [comparison])
    graph = claims_jsonld(selection, {"a0": "https://example.invalid/a0"})["@graph"]
    first = next(n for n in graph if n["name"] == "deaths: at least 40")
    assert first["@type"] == "Claim"
    assert first["author"]["name"] == "Vostran Health Office"
    assert first["firstAppearance"]["url"] == "https://example.invalid/a0"
    assert [a["identifier"] for a in first["appearance"]] == ["a0", "a1"]
    lines = [json.loads(line) for line in export_jsonl(analyses, [comparison]).splitlines()]
    assert len(lines) == 4 and lines[-1]["type"] == "comparison"
