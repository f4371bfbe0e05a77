"""Incident linking: hand-built fictional analyses for each rule, then al-Ahli + distractors."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from itertools import combinations

import pytest

import rashomon
from rashomon.link import link_incidents, merge_entities
from rashomon.link._incident_keys import Record, build_record
from rashomon.link.incidents import _place_keys, _time_keys, blocking_keys, candidate_pairs
from rashomon.model import (
    Analysis,
    Article,
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

# fictional places: two towns 5 km apart, one 200 km away
VARNO = (44.00, 20.00)
VARNO_EAST = (44.00, 20.06)
KELDA = (45.80, 20.00)


def place(name: str, at: tuple[float, float] | None, kind: str = "city") -> Place:
    lat, lon = at if at else (None, None)
    return Place(text=TextSpan(0, 1, name), name=name, kind=kind, lat=lat, lon=lon)


def event(
    kind: EventType,
    when: str | None,
    *where: Place,
    victims: str | None = None,
    event_id: str = "ev-1",
    precision: Precision = Precision.DAY,
) -> Event:
    time = None
    if when is not None:
        time = TimeExpression(TextSpan(0, 1, "x"), when, precision, "explicit")
    return Event(
        id=event_id,
        type=kind,
        plover=None,
        trigger=TextSpan(0, 1, "x"),
        when=time,
        where=where,
        victims=TextSpan(0, len(victims), victims) if victims else None,
    )


def analysis(
    article_id: str, *events: Event, published: str | None = None, title: str | None = None
) -> Analysis:
    text = "A fictional story."
    article = Article(
        id=article_id,
        text=text,
        parts=(Part(PartKind.BODY, 0, len(text)),),
        title=title,
        published=date.fromisoformat(published) if published else None,
    )
    return Analysis(article=article, attributions=(), claimants=(), events=events)


def grouped(analyses: list[Analysis], **options: int) -> list[tuple[str, ...]]:
    return [inc.article_ids for inc in link_incidents(analyses, **options)]


STRIKE, RAID, EVIDENCE = EventType.AIR_STRIKE, EventType.RAID, EventType.EVIDENCE


@pytest.mark.parametrize(
    "second, together",
    [
        # same family, same town, next day: one incident
        (event(EventType.EXPLOSION, "2031-03-05", place("Varno", VARNO)), True),
        # a town 5 km away counts as the same place
        (event(EventType.SHELLING, "2031-03-04", place("Varno East", VARNO_EAST)), True),
        # 200 km away: another incident
        (event(STRIKE, "2031-03-04", place("Kelda", KELDA)), False),
        # only a region to go by, and no shared name: not enough
        (event(STRIKE, "2031-03-04", place("Vell Province", (44.5, 20.3), "region")), False),
        # another type family (a raid) is another incident
        (event(RAID, "2031-03-04", place("Varno", VARNO)), False),
    ],
)
def test_incidents_type_family_and_place(second: Event, together: bool) -> None:
    first = analysis("a", event(STRIKE, "2031-03-04", place("Varno", VARNO)))
    result = grouped([first, analysis("b", second)])
    assert (result == [("a", "b")]) is together


@pytest.mark.parametrize(
    "first_victims, second_victims, together",
    [
        ("the hostage Tamsin Orrow", "Tamsin Orrow, a hostage", True),  # follow-up joins
        ("two hostages", "three fishermen", False),  # weeks apart, nothing shared
    ],
)
def test_incidents_follow_up_joins_weeks_later(
    first_victims: str, second_victims: str, together: bool
) -> None:
    raid = analysis("dec", event(RAID, "2031-12-10", place("Varno", VARNO), victims=first_victims))
    statement = analysis(
        "jan",
        event(RAID, "2032-01-20", place("Varno", VARNO), victims=second_victims),
        published="2032-01-21",
    )
    assert (grouped([raid, statement]) == [("dec", "jan")]) is together


@pytest.mark.parametrize(
    "title_a, title_b, days_apart, together",
    [
        # same town, same month, ten days apart, different hospitals: apart
        ("Strike on Mirelle Hospital", "Strike on Oskava Hospital", 10, False),
        # same town, ten days apart, nothing distinctive shared: apart
        ("Strike in Varno", "Another strike in Varno", 10, False),
        # ten days apart but the same hospital (spelled two ways): one incident
        ("Strike on Mirelle Hospital", "Who hit the Mirele hospital?", 10, True),
        # the next day in the same town: one incident
        ("Strike in Varno", "Another strike in Varno", 1, True),
        # two days apart in the same town, nothing else shared: apart (a city at war has
        # strikes every other day)
        ("Strike in Varno", "Another strike in Varno", 2, False),
        # a generic word's possessive names no hospital: apart
        ("Strike on Tuesday's hospital", "Tuesday's hospital toll rises", 10, False),
    ],
)
def test_incidents_look_alikes_stay_apart(
    title_a: str, title_b: str, days_apart: int, together: bool
) -> None:
    a = analysis("a", event(STRIKE, "2031-05-03", place("Varno", VARNO)), title=title_a)
    later = f"2031-05-{3 + days_apart:02d}"
    b = analysis("b", event(STRIKE, later, place("Varno", VARNO)), title=title_b)
    assert (grouped([a, b]) == [("a", "b")]) is together


@pytest.mark.parametrize(
    "region, together",
    [((44.5, 20.3), True), ((50.0, 20.0), False)],  # the hospital's town is inside / 660 km off
)
def test_incidents_region_report_joins_by_name(region: tuple[float, float], together: bool) -> None:
    town = analysis(
        "a", event(STRIKE, "2031-05-03", place("Varno", VARNO)), title="Mirelle Hospital hit"
    )
    wide = analysis(
        "b",
        event(STRIKE, "2031-05-04", place("Vell Province", region, "region")),
        title="Strike on a hospital: the Mirelle hospital",
    )
    assert (grouped([town, wide]) == [("a", "b")]) is together


@pytest.mark.parametrize("title, together", [("The Mirelle Hospital blast", True), (None, False)])
def test_incidents_undated_join_only_by_name(title: str | None, together: bool) -> None:
    dated = analysis(
        "a", event(STRIKE, "2031-05-03", place("Varno", VARNO)), title="Mirelle Hospital hit"
    )
    undated = analysis("b", event(STRIKE, None, place("Varno", VARNO)), title=title)
    assert (grouped([dated, undated]) == [("a", "b")]) is together


@pytest.mark.parametrize(
    "second_date, expected",
    [
        # two incidents a year apart share the hospital's name: the undated report, with
        # one link to each, joins neither (before, it chained them into one)
        (None, [("a",), ("b",), ("u",)]),
        # a second report of the first incident: two links there, one to the other
        ("2031-05-04", [("a", "u", "a2"), ("b",)]),
    ],
)
def test_incidents_undated_report_never_bridges_two(
    second_date: str | None, expected: list[tuple[str, ...]]
) -> None:
    analyses = [
        analysis(
            "a", event(STRIKE, "2031-05-03", place("Varno", VARNO)), title="Mirelle Hospital hit"
        ),
        analysis(
            "b", event(STRIKE, "2032-09-10", place("Varno", VARNO)), title="Mirelle Hospital again"
        ),
        analysis(
            "u", event(STRIKE, None, place("Varno", VARNO)), title="The Mirelle Hospital blast"
        ),
    ]
    if second_date is not None:
        second = event(STRIKE, second_date, place("Varno", VARNO))
        analyses.append(analysis("a2", second, title="Mirelle hospital toll rises"))
    assert sorted(grouped(analyses)) == expected


@pytest.mark.parametrize(
    "step_days, title, count",
    [
        (1, None, 100),  # a strike in the same town every day: each links to the next
        # a follow-up by name every 40 days (19 articles: too few for a name in every title
        # to count as too common to link)
        (40, "Mirelle Hospital hit", 19),
    ],
)
def test_incidents_chains_stay_within_the_window(
    step_days: int, title: str | None, count: int
) -> None:
    """Links that are each fine never chain events further apart than ``window_days``."""
    start = date(2031, 1, 1)
    analyses = [
        analysis(
            f"s{k}",
            event(
                STRIKE, (start + timedelta(days=k * step_days)).isoformat(), place("Varno", VARNO)
            ),
            title=title,
        )
        for k in range(count)
    ]
    incidents = link_incidents(analyses, window_days=60)
    assert 1 < len(incidents) < count
    for incident in incidents:
        assert incident.start is not None and incident.end is not None
        assert (incident.end - incident.start).days <= 60


@pytest.mark.parametrize("window", [60])
def test_incidents_evidence_attaches_and_never_starts(window: int) -> None:
    only_evidence = analysis("v", event(EVIDENCE, "2031-05-03", place("Varno", VARNO)))
    strike = analysis(
        "s",
        event(EVIDENCE, "2031-05-03", event_id="ev-1"),
        event(STRIKE, "2031-05-03", place("Varno", VARNO), event_id="ev-2"),
    )
    (incident,) = link_incidents([only_evidence, strike], window_days=window)
    assert incident.article_ids == ("s",)
    assert [(r.article_id, r.event_id) for r in incident.events] == [("s", "ev-2"), ("s", "ev-1")]


@pytest.mark.parametrize("window", [60])
def test_incidents_ids_by_start_and_fields(window: int) -> None:
    later = analysis("late", event(STRIKE, "2031-07-01", place("Kelda", KELDA)))
    early_b = analysis("e2", event(EventType.EXPLOSION, "2031-02-02", place("Varno", VARNO)))
    early_a = analysis("e1", event(STRIKE, "2031-02-01", place("Varno", VARNO)))
    result = link_incidents([later, early_b, early_a], window_days=window)
    assert [(i.id, i.article_ids) for i in result] == [
        ("inc-1", ("e2", "e1")),  # input order
        ("inc-2", ("late",)),
    ]
    first = result[0]
    assert (first.start, first.end, first.places) == (
        date(2031, 2, 1),
        date(2031, 2, 2),
        ("Varno",),
    )
    assert first.type is STRIKE or first.type is EventType.EXPLOSION


@pytest.mark.parametrize("window", [0, -5])
def test_incidents_rejects_bad_window(window: int) -> None:
    with pytest.raises(ValueError, match="window_days"):
        link_incidents([], window_days=window)


@pytest.mark.parametrize("towns", [200])
def test_incidents_blocking_never_all_pairs(towns: int) -> None:
    """Strikes in 200 towns far apart, each reported twice, plus one far in time: the
    candidates are the pairs in one town and month, not all 80,000 pairs."""
    analyses = []
    for t in range(towns):
        at = (10.0 + t * 0.5, 30.0)
        for copy in range(2):
            day = f"2031-03-{1 + copy:02d}"
            analyses.append(analysis(f"{t}-{copy}", event(STRIKE, day, place(f"T{t}", at))))
        analyses.append(analysis(f"{t}-old", event(STRIKE, "2029-03-01", place(f"T{t}", at))))
    records = [r for i, a in enumerate(analyses) if (r := build_record(i, a, frozenset()))]
    pairs = list(candidate_pairs(records, window_days=60))
    assert len(pairs) == towns  # each town's two same-month reports, nothing else
    assert len(link_incidents(analyses)) == 2 * towns


def test_blocking_keys_filed_meet_probes_as_buckets_do() -> None:
    """The store files a record under its own cells and time buckets only and a new one
    probes the cells and buckets around its own: a record's filed keys meet another's
    probes exactly when the two share a bucket of ``candidate_pairs`` (neighbouring cells
    and the next time bucket filed), whichever is filed and whichever probes."""
    analyses = []
    for n, day in enumerate(range(0, 200, 7)):
        when = (date(2031, 1, 1) + timedelta(days=day)).isoformat()
        for k in range(4):  # places a few cells apart in each direction
            at = (44.0 + 0.11 * k * (n % 3 - 1), 20.0 + 0.13 * k * (n % 2))
            kind = RAID if k == 3 else STRIKE
            analyses.append(
                analysis(f"{n}-{k}", event(kind, when, place(f"P{n}{k}", at)), published=when)
            )
    analyses.append(
        analysis("vell", event(STRIKE, "2031-02-01", place("Vell", (44.5, 20.3), "region")))
    )
    records = [r for i, a in enumerate(analyses) if (r := build_record(i, a, frozenset()))]

    def bucketed(record: Record) -> set[tuple[object, ...]]:
        times = _time_keys(record, 60)
        where = [*_place_keys(record), *(("name", key) for key in record.names)]
        return {(record.family, *at, t) for at in where for t in times}

    buckets = [bucketed(r) for r in records]
    keys = [blocking_keys(r, 60) for r in records]
    met = 0
    for i, j in combinations(range(len(records)), 2):
        shared = bool(buckets[i] & buckets[j])
        met += shared
        assert bool(keys[i].timed & keys[j].probes) == shared
        assert bool(keys[j].timed & keys[i].probes) == shared
    assert 0 < met < len(records) * (len(records) - 1) // 2
    assert sum(len(k.timed) for k in keys) * 3 < sum(len(b) for b in buckets)


@pytest.fixture(scope="module")
def corpus() -> list[Analysis]:
    results = []
    for name in ("al-ahli-hospital-2023.jsonl", "dev-distractors.jsonl"):
        results.extend(rashomon.analyse_file(shared_path("corpora", name)))
    return [r for r in results if not isinstance(r, Skipped)]


def test_incidents_al_ahli_one_incident_distractors_apart(corpus: list[Analysis]) -> None:
    ahli = [a.article.id for a in corpus if a.article.id.startswith("ahli-")]
    distractors = {a.article.id for a in corpus if a.article.id.startswith("devd-")}
    assert len(ahli) == 20 and len(distractors) == 9
    incidents = link_incidents(corpus, merge_entities(corpus))
    holding = [i for i in incidents if set(i.article_ids) & set(ahli)]
    assert len(holding) == 1
    assert list(holding[0].article_ids) == ahli  # every al-Ahli article, nothing else
    assert holding[0].start == date(2023, 10, 17)
    assert "al-Ahli Arab Hospital" in holding[0].places
    for incident in incidents:
        assert len(set(incident.article_ids) & distractors) <= 1


@pytest.mark.parametrize(
    "published, figures, together",
    [
        # an investigation ten months on, its only event the strike with its toll: joins
        ("2032-01-14", ("fig-1",), True),
        # the same, stating no toll: a mere mention of the past, placed by its own day
        ("2032-01-14", (), False),
        # 25 days on, its only dated event the strike: a misread date as likely as a
        # retrospective, so placed by its own day (as any report whose events are past)
        ("2031-03-29", ("fig-1",), False),
    ],
)
def test_incidents_retrospective_joins_its_happening(
    published: str, figures: tuple[str, ...], together: bool
) -> None:
    first = analysis(
        "first",
        event(STRIKE, "2031-03-04", place("Varno", VARNO)),
        published="2031-03-04",
        title="Strike on Varno station",
    )
    strike = replace(
        event(STRIKE, "2031-03-04T10:28", place("Varno", VARNO), precision=Precision.MINUTE),
        figure_ids=figures,
    )
    later = analysis("later", strike, published=published, title="What hit Varno")
    assert (grouped([first, later]) == [("first", "later")]) is together
