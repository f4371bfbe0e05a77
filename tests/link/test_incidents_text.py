"""Incident linking with text: wire copies, every dated event, title-and-lead similarity,
lone reports placed by content (small invented articles), and the dev corpora, scored."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import rashomon
from rashomon.link import LinkParams, find_copies, link_incidents, merge_entities
from rashomon.model import (
    Analysis,
    Article,
    CopyGroup,
    Event,
    EventType,
    Part,
    PartKind,
    Place,
    Precision,
    Skipped,
    TextSpan,
    TimeExpression,
)
from support import shared_path

VARNO = (44.00, 20.00)
STRIKE = EventType.AIR_STRIKE
NAMES = ["Osk", "Mirt", "Pell", "Tarn", "Quill", "Rusk", "Sorr", "Ulm", "Vask", "Wend", "Yorr"]
NAMES += ["Zell", "Abb", "Bern", "Cull", "Dorr", "Eck", "Fenn", "Gorr", "Hask", "Ilm", "Jorr"]
SIDES = ["north", "south", "east", "west", "inner", "outer", "upper", "lower", "coastal"]
FILLER = [  # other happenings, so that document counts mean something (20 articles at least)
    f"Flooding in the {name} valley closed the {SIDES[k % 9]} roads and {k + 3} schools"
    for k, name in enumerate(NAMES)
]


def article_analysis(
    article_id: str,
    text: str,
    *,
    when: str | None = None,
    published: str | None = None,
    at: tuple[float, float] | None = VARNO,
    title: str | None = None,
    events: tuple[Event, ...] | None = None,
) -> Analysis:
    article = Article(
        id=article_id,
        text=text,
        parts=(Part(PartKind.BODY, 0, len(text)),),
        title=title,
        published=date.fromisoformat(published) if published else None,
    )
    if events is None:
        where = ()
        if at is not None:
            where = (Place(TextSpan(0, 5, "Varno"), "Varno", "city", lat=at[0], lon=at[1]),)
        time = None
        if when is not None:
            time = TimeExpression(TextSpan(0, 1, "x"), when, Precision.DAY, "explicit")
        events = (Event("ev-1", STRIKE, None, TextSpan(0, 1, "x"), when=time, where=where),)
    return Analysis(article=article, attributions=(), claimants=(), events=events)


def filler() -> list[Analysis]:
    return [
        article_analysis(f"f{k}", text, when=f"2020-0{1 + k % 9}-10", at=(10.0 + k, 50.0))
        for k, text in enumerate(FILLER)
    ]


def groups_of(analyses: list[Analysis], **options: object) -> dict[str, tuple[str, ...]]:
    incidents = link_incidents(analyses, **options)  # type: ignore[arg-type]
    return {a: i.article_ids for i in incidents for a in i.article_ids}


HYPERMARKET = (
    "A missile hit the crowded Orlin hypermarket in Varno on Saturday afternoon, "
    "setting the building hardware store on fire while shoppers were inside."
)
PRINT_HOUSE = (
    "Rockets struck the Kestrel printing house in Varno, where workers were binding "
    "schoolbooks; the press hall collapsed."
)


def test_incidents_wire_copies_are_one_incident_whatever_their_dates() -> None:
    """A copy of a wire story with a misread date stays with its original."""
    original = article_analysis("wire", HYPERMARKET, when="2031-05-25", published="2031-05-25")
    copy = article_analysis("copy", HYPERMARKET, when="2031-11-02", published="2031-11-03")
    analyses = [*filler(), original, copy]
    apart = groups_of(analyses)
    assert apart["wire"] != apart["copy"]  # months apart: nothing else links them
    group = CopyGroup("copy-1", ("wire", "copy"), "wire")
    together = groups_of(analyses, copies=[group])
    assert together["wire"] == together["copy"] == ("wire", "copy")


def test_incidents_a_report_never_tells_a_later_days_happening() -> None:
    """Same town, two days apart, some words shared: the report published before the
    strike cannot be about it (a look-alike in the same city and week)."""
    earlier = article_analysis("print", PRINT_HOUSE, published="2031-05-23")
    later = article_analysis("mall", HYPERMARKET, when="2031-05-25", published="2031-05-25")
    result = groups_of([*filler(), earlier, later])
    assert result["print"] == ("print",)


def test_incidents_text_links_reports_of_the_same_days() -> None:
    """Two days apart in one town, no shared name, but the same story told: one incident;
    a report on another building of that town those days stays apart."""
    first = article_analysis("a", HYPERMARKET, when="2031-05-25", published="2031-05-25")
    second = article_analysis(
        "b",
        "The death toll at the Orlin hypermarket in Varno rose to 19 as rescuers cleared "
        "the burnt hardware store, officials said.",
        published="2031-05-27",
    )
    other = article_analysis("c", PRINT_HOUSE, when="2031-05-29", published="2031-05-29")
    result = groups_of([*filler(), first, second, other])
    assert result["a"] == ("a", "b")
    assert result["c"] == ("c",)


def test_incidents_background_event_does_not_date_the_article() -> None:
    """An article whose first event is background ("since the spring offensive") is
    placed by its own day and its current event, not by the background one."""
    background = Event(
        "ev-1",
        STRIKE,
        None,
        TextSpan(0, 1, "x"),
        when=TimeExpression(TextSpan(0, 1, "x"), "2031-03-01", Precision.DAY, "explicit"),
        where=(Place(TextSpan(0, 5, "Varno"), "Varno", "city", lat=VARNO[0], lon=VARNO[1]),),
    )
    current = Event(
        "ev-2",
        STRIKE,
        None,
        TextSpan(0, 1, "x"),
        when=TimeExpression(TextSpan(0, 1, "x"), "2031-05-25", Precision.DAY, "explicit"),
        where=background.where,
    )
    later = article_analysis(
        "later",
        "Since the spring offensive began, the Orlin hypermarket strike in Varno is the "
        "deadliest; the hardware store burned for hours.",
        published="2031-05-26",
        events=(background, current),
    )
    first = article_analysis("first", HYPERMARKET, when="2031-05-25", published="2031-05-25")
    old = article_analysis("old", "Shelling hit the Varno rail depot at dawn.", when="2031-03-01")
    result = groups_of([*filler(), first, later, old])
    assert result["later"] == ("first", "later")
    assert result["old"] == ("old",)


def test_incidents_undated_report_placed_by_content() -> None:
    """An undated report joins the incident it reads like, not a look-alike in its town."""
    reports = [
        article_analysis(f"r{k}", HYPERMARKET + extra, when="2031-05-25", published="2031-05-25")
        for k, extra in enumerate([" Ten died.", " Twelve died.", " Many were hurt."])
    ]
    undated = article_analysis(
        "u",
        "Shoppers fled the burning Orlin hypermarket in Varno after the missile hit the "
        "hardware store.",
    )
    other = article_analysis("print", PRINT_HOUSE, when="2031-05-28", published="2031-05-28")
    result = groups_of([*filler(), *reports, undated, other])
    assert "u" in result["r0"]
    assert result["print"] == ("print",)


def test_incidents_thresholds_are_settings() -> None:
    params = LinkParams(text_close=0.99, text_follow=0.99, text_attach=0.99)
    first = article_analysis("a", HYPERMARKET, when="2031-05-25", published="2031-05-25")
    second = article_analysis(
        "b", HYPERMARKET.replace("Saturday", "the weekend"), published="2031-05-27"
    )
    assert groups_of([*filler(), first, second])["a"] == ("a", "b")
    assert groups_of([*filler(), first, second], params=params)["a"] == ("a",)
    with pytest.raises(ValueError, match="window_days"):
        LinkParams(window_days=0)


# --- the dev corpora, scored with the shared scorer ---------------------------------------

CORPORA = (
    "al-ahli-hospital-2023",
    "kharkiv-epicentr-2024",
    "kramatorsk-station-2022",
    "mawasi-deif-2024",
    "dev-distractors",
    "dev-distractors-2",
)


STORIES = (
    "al-ahli-hospital-2023",
    "kharkiv-epicentr-2024",
    "kramatorsk-station-2022",  # its HRW investigation a year later too (a retrospective)
    "mawasi-deif-2024",
)


def test_incidents_dev_corpora_scores(tmp_path: Path) -> None:
    """Every dev corpus linked at once: B-cubed F1, one piece per story, no false merge,
    every wire-copy pair together (the figures of docs/linking.md, less a margin)."""
    scorer = shared_path("eval", "incidents", "score.py")
    gold = shared_path("corpora", "incidents.gold.json")
    analyses: list[Analysis] = []
    for name in CORPORA:
        results = rashomon.analyse_file(shared_path("corpora", f"{name}.jsonl"))
        analyses.extend(r for r in results if not isinstance(r, Skipped))
    copies = find_copies([a.article for a in analyses])
    incidents = link_incidents(analyses, merge_entities(analyses), copies=copies)
    pred = tmp_path / "incidents.json"
    pred.write_text(json.dumps([{"id": i.id, "articles": list(i.article_ids)} for i in incidents]))
    out = tmp_path / "score.json"
    command = [sys.executable, str(scorer), "--gold", str(gold), "--pred", str(pred)]
    subprocess.run([*command, "--json", str(out)], check=True, capture_output=True)
    score = json.loads(out.read_text())
    assert score["bcubed"]["f1"] >= 0.98
    assert score["false_merges"] == 0
    assert score["copies_together"] == "6/6"
    stories = score["stories"]
    for story in STORIES:
        assert stories[story]["pieces"] == 1, story
        assert stories[story]["together"] == stories[story]["articles"], story
