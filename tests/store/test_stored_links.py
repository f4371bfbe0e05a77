"""Stored link results (issue 11): incidents linked at ingest, one part of the store at a
time, are the incidents a relink from scratch gives; ids stay while incidents are untouched."""

from __future__ import annotations

import functools
import gc
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, delete

import rashomon
from rashomon import app
from rashomon.errors import StoreError
from rashomon.link import LinkParams, find_copies, link_incidents, merge_entities
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
from rashomon.store import Store, open_store
from rashomon.store import links as stored
from rashomon.store.links import IncidentFilter, _driver_rows
from rashomon.store.tables import LinkArticleRow
from support import BACKENDS, database_url, shared_path

Membership = list[tuple[str, ...]]


def _place(name: str, lat: float, lon: float) -> Place:
    return Place(text=TextSpan(0, 1, name), name=name, kind="city", lat=lat, lon=lon)


def _analysis(
    article_id: str, when: str, town: str, at: tuple[float, float], title: str
) -> Analysis:
    if when[5:7] == "03":
        story = f"Shells hit the grain market in {town} early on {when}, as traders fled"
    else:
        story = f"A rocket struck the bus depot of {town} late on {when}; rescuers dug all night"
    text = f"{title}. {story} ({article_id})."
    article = Article(
        id=article_id,
        text=text,
        parts=(Part(PartKind.BODY, 0, len(text)),),
        title=title,
        published=date.fromisoformat(when),
    )
    event = Event(
        id="ev-1",
        type=EventType.SHELLING,
        plover=None,
        trigger=TextSpan(0, 1, "x"),
        when=TimeExpression(TextSpan(0, 1, "x"), when, Precision.DAY, "explicit"),
        where=(_place(town, *at),),
    )
    return Analysis(article=article, attributions=(), claimants=(), events=(event,))


TOWNS = {
    "Varno": (44.0, 20.0),
    "Kelda": (45.8, 20.0),
    "Orlin": (46.9, 22.1),
    "Tessa": (43.1, 18.4),
}


def _invented() -> list[Analysis]:
    """Four towns, each shelled twice four months apart, three to five reports each time."""
    out: list[Analysis] = []
    for n, (town, at) in enumerate(TOWNS.items()):
        for month in (3, 7):
            for k in range(3 + (n + month) % 3):
                day = f"2031-{month:02d}-{10 + n:02d}"
                what = "Market shelled" if month == 3 else "Depot hit"
                title = f"{what} in {town} ({k})"
                out.append(_analysis(f"{town.lower()}-{month}-{k}", day, town, at, title))
    return out


def _membership(incidents: Sequence[rashomon.model.Incident]) -> Membership:
    return sorted(tuple(sorted(i.article_ids)) for i in incidents)


def _batch(analyses: Sequence[Analysis]) -> Membership:
    copies = find_copies([a.article for a in analyses])
    return _membership(link_incidents(analyses, merge_entities(analyses), copies=copies))


def _ingest(store: Store, analyses: Sequence[Analysis]) -> app.LinkReport:
    for analysis in analyses:
        assert store.save_analysis(analysis)
    return app.link_new(store, LinkParams())


def _stored(store: Store) -> Membership:
    return _membership(app.incidents(store).incidents)


def _incremental_then_relink(
    url: str, analyses: Sequence[Analysis], chunks: int
) -> tuple[Membership, Membership]:
    size = -(-len(analyses) // chunks)
    with open_store(url) as store:
        for start in range(0, len(analyses), size):
            _ingest(store, analyses[start : start + size])
        incremental = _stored(store)
        app.relink(store, LinkParams())
        return incremental, _stored(store)


def test_invented_records_same_incidents_both_paths(tmp_path: Path) -> None:
    analyses = _invented()
    incremental, relinked = _incremental_then_relink(
        f"sqlite:///{tmp_path / 's.db'}", analyses, chunks=5
    )
    assert incremental == relinked == _batch(analyses)
    assert len(relinked) == 2 * len(TOWNS)


def test_ids_kept_when_articles_join_and_when_untouched(tmp_path: Path) -> None:
    analyses = _invented()
    march = [a for a in analyses if "-3-" in a.article.id]
    july = [a for a in analyses if "-7-" in a.article.id]
    late = [a for a in march if a.article.id.endswith("-0")]
    early = [a for a in march if a not in late]
    with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        _ingest(store, early)
        before = {i.id: set(i.article_ids) for i in app.incidents(store).incidents}
        assert all(i.startswith("inc-") and len(i) == 12 for i in before)
        _ingest(store, late)  # one more report of each March shelling: the ids stay
        grown = {i.id: set(i.article_ids) for i in app.incidents(store).incidents}
        assert set(grown) == set(before)
        assert all(before[i] < grown[i] for i in before)
        _ingest(store, july)  # other incidents: the March ones are untouched
        after = {i.id: set(i.article_ids) for i in app.incidents(store).incidents}
        assert all(after[i] == grown[i] for i in grown)
        assert len(after) == 2 * len(TOWNS)
        app.relink(store, LinkParams())  # same membership: every id carries over
        assert {i.id: set(i.article_ids) for i in app.incidents(store).incidents} == after
        history = stored.history(store)
        assert {h.action for h in history} == {"created", "changed"}


def _draft(*article_ids: str) -> rashomon.model.Incident:
    return rashomon.model.Incident("", EventType.SHELLING, (), article_ids)


def test_carry_ids_records_merges_and_splits() -> None:
    old = {"inc-aaaaaaaa": ["a", "b"], "inc-bbbbbbbb": ["c"], "inc-cccccccc": ["d", "e", "f"]}
    drafts = [_draft("a", "b", "c"), _draft("d", "e"), _draft("f"), _draft("g")]
    minted = iter(["inc-11111111", "inc-22222222"])
    incidents, history, retired = app.carry_ids(drafts, old, lambda _: next(minted))
    assert [i.id for i in incidents] == [
        "inc-aaaaaaaa",  # grew: c joined
        "inc-cccccccc",  # most of it stays
        "inc-11111111",  # split off inc-cccccccc
        "inc-22222222",  # new
    ]
    assert retired == ["inc-bbbbbbbb"]
    assert [(h.action, h.incident_id, h.other_id) for h in history] == [
        ("changed", "inc-aaaaaaaa", None),
        ("changed", "inc-cccccccc", None),
        ("split", "inc-11111111", "inc-cccccccc"),
        ("created", "inc-22222222", None),
        ("merged", "inc-aaaaaaaa", "inc-bbbbbbbb"),
    ]


def test_incident_filters_and_pages(tmp_path: Path) -> None:
    analyses = _invented()
    with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        _ingest(store, analyses)
        everything = app.incidents(store)
        assert everything.total == len(everything.incidents) == 8
        starts = [i.start for i in everything.incidents]
        assert starts == sorted(starts)
        pages = [app.incidents(store, page=p, per_page=3) for p in (1, 2, 3)]
        assert [len(p.incidents) for p in pages] == [3, 3, 2]
        assert all(p.total == 8 for p in pages)
        assert [i.id for p in pages for i in p.incidents] == [i.id for i in everything.incidents]
        kelda = app.incidents(store, IncidentFilter(place="kelda")).incidents
        assert len(kelda) == 2 and all(i.places == ("Kelda",) for i in kelda)
        july = app.incidents(store, IncidentFilter(since=date(2031, 6, 1))).incidents
        assert len(july) == 4
        march = app.incidents(store, IncidentFilter(until=date(2031, 3, 31), text="ORLIN"))
        assert len(march.incidents) == 1
        assert not app.incidents(store, IncidentFilter(type=EventType.RAID)).incidents
        largest = max(everything.incidents, key=lambda i: len(i.article_ids))
        ledger = app.ledger(store, largest.id)
        assert ledger.incident.id == largest.id
        with pytest.raises(app.UnknownIncidentError):
            app.ledger(store, "inc-00000000")


DEV_CORPORA = (
    "al-ahli-hospital-2023",
    "kharkiv-epicentr-2024",
    "kramatorsk-station-2022",
    "mawasi-deif-2024",
    "dev-distractors",
    "dev-distractors-2",
)


@functools.cache
def _dev_chunks() -> tuple[tuple[Analysis, ...], ...]:
    """The dev corpora's analyses, corpus by corpus (analysed once per session)."""
    chunks: list[tuple[Analysis, ...]] = []
    for name in DEV_CORPORA:
        results = rashomon.analyse_file(shared_path("corpora", f"{name}.jsonl"))
        chunks.append(tuple(r for r in results if not isinstance(r, Skipped)))
    return tuple(chunks)


def test_dev_corpora_same_incidents_both_paths(tmp_path: Path) -> None:
    """The dev corpora ingested corpus by corpus (each linked as it arrives): the incidents
    a relink gives, and those of the batch linker."""
    chunks = _dev_chunks()
    analyses = [a for chunk in chunks for a in chunk]
    with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        for chunk in chunks:
            _ingest(store, chunk)
        incremental = _stored(store)
        app.relink(store, LinkParams())
        relinked = _stored(store)
    assert incremental == relinked
    assert relinked == _batch(analyses)


def test_cli_reads_stored_incidents_and_relinks(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from rashomon import cli

    url = f"sqlite:///{tmp_path / 's.db'}"
    with open_store(url) as store:
        _ingest(store, _invented())
    runner = CliRunner()
    listed = runner.invoke(cli.app, ["incidents", "--db", url, "-f", "json"])
    assert listed.exit_code == 0, listed.output
    ids = [i["id"] for i in json.loads(listed.stdout)]
    paged = runner.invoke(
        cli.app, ["incidents", "--db", url, "-f", "json", "--page", "2", "--per-page", "3"]
    )
    assert [i["id"] for i in json.loads(paged.stdout)] == ids[3:6]
    relinked = runner.invoke(cli.app, ["relink", "--db", url, "--quiet"])
    assert relinked.exit_code == 0, relinked.output
    assert "31 articles, 8 incidents (0 new, 0 changed, 0 retired)" in relinked.stderr
    again = runner.invoke(cli.app, ["incidents", "--db", url, "-f", "json"])
    assert [i["id"] for i in json.loads(again.stdout)] == ids
    bad = runner.invoke(cli.app, ["incidents", "--db", url, "--since", "March"])
    assert bad.exit_code == cli.EXIT_USAGE
    assert "Traceback" not in bad.output
    unknown = runner.invoke(cli.app, ["compare", "inc-00000000", "--db", url])
    assert unknown.exit_code == cli.EXIT_ERROR
    assert unknown.stderr.startswith("Error: [R055] No incident 'inc-00000000' among the 8")


def test_the_incidents_table_shows_a_page_and_says_how_to_see_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table shows ``TABLE_PAGE`` incidents unless --per-page or --all is given (at
    100,000 articles the whole table took 47 s to draw); JSON lists every match."""
    import json

    from typer.testing import CliRunner

    from rashomon import cli

    url = f"sqlite:///{tmp_path / 's.db'}"
    with open_store(url) as store:
        _ingest(store, _invented())
    runner = CliRunner()
    ids = [
        i["id"]
        for i in json.loads(runner.invoke(cli.app, ["incidents", "--db", url, "-f", "json"]).stdout)
    ]
    assert len(ids) == 8
    monkeypatch.setattr(cli, "TABLE_PAGE", 3)

    def table(*options: str) -> str:
        result = runner.invoke(cli.app, ["incidents", "--db", url, *options])
        assert result.exit_code == 0, result.output
        return " ".join(result.stdout.split())  # the title may wrap

    first = table()
    assert [i for i in ids if i in first] == ids[:3]
    assert "8 incidents in 31 articles (1–3 shown, page 1 of 3: --page 2 for more" in first
    last = table("--page", "3")
    assert [i for i in ids if i in last] == ids[6:]
    assert "(7–8 shown, page 3 of 3, --all for every one)" in last
    every = table("--all")
    assert [i for i in ids if i in every] == ids
    assert "shown" not in every
    assert [i for i in ids if i in table("--per-page", "8")] == ids
    both = runner.invoke(cli.app, ["incidents", "--db", url, "--all", "--per-page", "2"])
    assert both.exit_code == cli.EXIT_USAGE
    assert "--all" in both.output
    assert "Traceback" not in both.output


@pytest.mark.parametrize("backend", BACKENDS)
def test_linking_reads_trimmed_documents_and_kept_signatures(
    request: pytest.FixtureRequest, backend: str, tmp_path: Path
) -> None:
    from rashomon.link.syndication import signature_of

    analyses = _invented()
    with open_store(database_url(request, backend, tmp_path)) as store:
        _ingest(store, analyses[::2])
        _ingest(store, analyses[1::2])  # a second part: stored signatures and terms are read
        linked = _stored(store)
        app.relink(store, LinkParams())
        assert _stored(store) == linked == _batch(analyses)
        listed = app.incidents(store)
        second = app.incidents(store, page=2, per_page=3)
        assert second.incidents == listed.incidents[3:6] and second.total == listed.total
        members = {a for i in second.incidents for a in i.article_ids}
        assert set(second.outlets) == members
        ids = [a.article.id for a in analyses]
        views = stored.link_views_of(store, ids)
        full = stored.analyses_of(store, ids)
        assert [v.article for v in views] == [a.article for a in full]
        assert [(v.claimants, v.events, v.places, v.times) for v in views] == [
            (a.claimants, a.events, a.places, a.times) for a in full
        ]
        assert all(not v.claims and not v.attributions and not v.figures for v in views)
        assert list(stored.link_views(store)) == views
        kept = stored.article_signatures(store, ids)
        assert kept == {a.article.id: signature_of(a.article) for a in analyses}


def test_reading_commands_report_progress(tmp_path: Path) -> None:
    seen: list[str] = []
    with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        for analysis in _invented():
            store.save_analysis(analysis)  # stored, not linked yet: the first read links
        app.incidents(store, progress=lambda stage, done, total: seen.append(stage))
        assert "linking" in seen
        assert gc.isenabled()  # paused while a part was linked, and back on
        seen.clear()
        app.everything(store, progress=lambda stage, done, total: seen.append(stage))
        assert {"reading", "ledgers"} <= set(seen)


def test_new_articles_linked_alone_lend_their_records_to_the_part(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``link_with_keys`` with ``known`` (the new articles linked alone, as ingest links
    them first) takes their records and keys from it, and links the part exactly as
    without: the same records (positions and people set anew), keys, groups, incidents;
    with other common words nothing is taken."""
    import rashomon.link.incidents as linking
    from rashomon.link._incident_text import TermStats, term_counts
    from rashomon.link.entities import people_by_article

    analyses = [a for chunk in _dev_chunks() for a in chunk] + _invented()
    params = LinkParams()
    counts = {a.article.id: term_counts(a.article, params.lead_chars) for a in analyses}
    df: dict[str, int] = {}
    for found in counts.values():
        for term in found:
            df[term] = df.get(term, 0) + 1
    stats = TermStats(df=df, size=len(analyses) + 1000, common=frozenset({"kyiv", "gaza"}))
    new = analyses[1::3]
    alone = linking.link_with_keys(new, (), copies=(), params=params, stats=stats, counts=counts)
    assert len(alone.records) > 20
    made = 0
    build = linking.build_record

    def counted(*args: object, **kwargs: object) -> object:
        nonlocal made
        made += 1
        return build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(linking, "build_record", counted)

    def link(known: linking.Linked | None, common: frozenset[str]) -> linking.Linked:
        nonlocal made
        made = 0
        return linking.link_with_keys(
            analyses,
            (),
            copies=find_copies([a.article for a in analyses]),
            params=params,
            stats=TermStats(df=stats.df, size=stats.size, common=common),
            counts=counts,
            people=people_by_article(analyses),
            known=known,
        )

    plain = link(None, stats.common or frozenset())
    assert made == len(analyses)
    taken = link(alone, stats.common or frozenset())
    assert made == len(analyses) - len(alone.records)
    assert taken.records == plain.records
    assert [r.entities for r in taken.records] == [r.entities for r in plain.records]
    assert any(r.entities for r in taken.records if r.article_id in {a.article.id for a in new})
    assert taken.keys == plain.keys
    assert [k.probes for k in taken.keys] == [k.probes for k in plain.keys]
    assert taken.groups == plain.groups
    assert _membership(taken.incidents) == _membership(plain.incidents)
    assert taken.incidents == plain.incidents
    other = link(alone, frozenset({"kyiv"}))
    assert made == len(analyses)
    assert other.records != plain.records or other.keys != plain.keys


def test_stored_places_rule_out_only_what_the_facts_rule_out(tmp_path: Path) -> None:
    """A stored neighbour's places, read without the rest of its facts, are its facts'
    places; where they conflict with a record's (``place_conflict``), ``links``,
    ``may_link`` and ``could_be_one`` are all False, in either order: so ingest may rule a
    neighbour out on its places before its facts are made."""
    from itertools import permutations

    from rashomon.link.incidents import could_be_one, links, may_link, place_conflict

    analyses = [a for chunk in _dev_chunks() for a in chunk] + _invented()
    params = LinkParams()
    with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        _ingest(store, analyses)
        kept = stored.neighbour_data(store, [a.article.id for a in analyses])
    linked = rashomon.link.incidents.link_with_keys(analyses, (), copies=(), params=params)
    conflicts = 0
    for left, right in permutations(linked.records, 2):
        facts, placed = kept[right.article_id].facts, kept[right.article_id].places()
        assert facts is not None and placed is not None
        assert (placed.fine, placed.coarse, placed.areas) == (
            facts.fine,
            facts.coarse,
            facts.areas,
        )
        if place_conflict(left, placed):
            conflicts += 1
            assert place_conflict(placed, left)
            assert not links(left, right, params)
            assert not may_link(left, facts, params, 1.0, has_vector=False)
            assert not could_be_one(left, facts, params)
            assert not could_be_one(facts, left, params)
    assert conflicts > 1000


def test_stored_facts_never_rule_out_a_link_or_a_copy(tmp_path: Path) -> None:
    """What ingest tests a new article against (a stored neighbour's facts, term counts and
    signature, read back from the store) never says no where the batch linker links or
    copies: ``may_link`` / ``may_copy`` hold for every pair that ``links`` / ``find_copies``
    joins, on the dev corpora and the invented records; the text vector made of the stored
    counts is the record's."""
    from itertools import combinations

    from rashomon.app.linking import _stats
    from rashomon.link._incident_text import MIN_TERMS, cosine, term_counts, vector_of
    from rashomon.link.entities import people_by_article
    from rashomon.link.incidents import link_with_keys, links, may_link, text_bound
    from rashomon.link.syndication import may_copy, signature_of

    analyses = [a for chunk in _dev_chunks() for a in chunk] + _invented()
    params = LinkParams()
    with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        _ingest(store, analyses)
        ids = [a.article.id for a in analyses]
        kept = stored.neighbour_data(store, ids)
        kept_terms = stored.article_term_counts(store, ids)
        counts = {a.article.id: term_counts(a.article, params.lead_chars) for a in analyses}
        stats = _stats(store, {i: frozenset(c) for i, c in counts.items()}, params, {})
    linked = link_with_keys(
        analyses,
        (),
        copies=(),
        params=params,
        stats=stats,
        counts=counts,
        people=people_by_article(analyses),
    )
    records = linked.records
    assert all(kept[r.article_id].facts is not None for r in records)
    pairs = 0
    for left, right in [*combinations(records, 2), *combinations(records[::-1], 2)]:
        if not links(left, right, params):
            continue
        pairs += 1
        facts, terms = kept[right.article_id].facts, kept_terms.get(right.article_id)
        assert facts is not None and terms is not None
        has_vector = stats.size >= 20 and len(terms) >= MIN_TERMS
        assert bool(right.vector) or not has_vector
        bound = text_bound(left.vector, terms)
        assert may_link(left, facts, params, bound, has_vector=has_vector), (left, right)
        # the vector ingest makes of the stored counts is the record's own
        assert vector_of(terms, stats.df, stats.size) == right.vector
        exact = cosine(left.vector, right.vector)
        assert may_link(left, facts, params, exact, has_vector=bool(right.vector))
    assert pairs > 100
    copies = rashomon.link.find_copies([a.article for a in analyses])
    assert copies
    by_id = {a.article.id: a for a in analyses}
    for group in copies:  # the pairs may_copy lets through join each group
        joined = {group.article_ids[0]}
        for _ in group.article_ids:
            joined |= {
                b
                for a in joined
                for b in group.article_ids
                if (signature := kept[b].signature) is not None
                and may_copy(signature_of(by_id[a].article), signature)
            }
        assert joined == set(group.article_ids), group


def test_unlinked_ids_in_the_order_stored(tmp_path: Path) -> None:
    """The articles not linked yet, in the order stored: the last ones stored (what an
    ingest leaves), and any older one whose link results are gone (an interrupted run)."""
    analyses = _invented()
    with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        _ingest(store, analyses[:4])
        for analysis in analyses[4:]:
            assert store.save_analysis(analysis)
        later = [a.article.id for a in analyses[4:]]
        assert stored.unlinked_ids(store) == later
        with store.engine.begin() as conn:
            conn.execute(
                delete(LinkArticleRow).where(LinkArticleRow.article_id == analyses[1].article.id)
            )
        assert stored.unlinked_ids(store) == [analyses[1].article.id, *later]


@pytest.mark.parametrize("backend", BACKENDS)
def test_terms_over_reads_the_common_terms_index(
    request: pytest.FixtureRequest, backend: str, tmp_path: Path
) -> None:
    """``terms_over`` finds the terms past a count, by the index of the terms past
    ``COMMON_FLOOR`` when the count is (revision 0006), else by a scan: the same answers."""
    from typing import Any

    from sqlalchemy import event, insert

    from rashomon.store.tables import COMMON_FLOOR, LinkTermRow

    counts = {f"t{df}": df for df in (1, 7, 999, COMMON_FLOOR, COMMON_FLOOR + 1, 4000, 90000)}
    with open_store(database_url(request, backend, tmp_path)) as store:
        with store.engine.begin() as conn:
            conn.execute(insert(LinkTermRow), [{"term": t, "df": n} for t, n in counts.items()])
        seen: list[tuple[str, Any]] = []
        event.listen(
            store.engine,
            "before_cursor_execute",
            lambda conn, cursor, statement, parameters, context, many: seen.append(
                (statement, parameters)
            ),
        )
        for count in (0, 6.5, 999, COMMON_FLOOR, 1000.5, 3999, 100000):
            assert stored.terms_over(store, count) == {t: n for t, n in counts.items() if n > count}
        if backend == "sqlite":  # past the floor, the index answers
            statement, parameters = seen[-1]
            with store.engine.connect() as conn:
                plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            assert "ix_link_terms_common" in " ".join(str(row) for row in plan)


def test_the_driver_reads_refuse_a_parameter_style_they_do_not_know() -> None:
    engine = create_engine("sqlite://", paramstyle="named")
    with engine.connect() as conn, pytest.raises(StoreError) as raised:
        list(_driver_rows(conn, "SELECT 1 WHERE 'a' IN ({marks})", ["a"]))
    assert raised.value.code == "R050"
    engine.dispose()


def test_mostly_placed_counts_as_the_whole_sum_would(monkeypatch: pytest.MonkeyPatch) -> None:
    """``_mostly_placed`` stops once the count is settled: it says what ``2 * fitting >=
    len(group)`` over the whole group says, for every pattern of conflicts up to six."""
    import itertools

    from rashomon.app import linking as app_linking

    conflicts: dict[int, bool] = {}
    asked: list[int] = []

    def conflict(_placed: object, record: object) -> bool:
        asked.append(id(record))
        return conflicts[id(record)]

    monkeypatch.setattr(app_linking, "place_conflict", conflict)
    for size in range(0, 7):
        for pattern in itertools.product([False, True], repeat=size):
            group = [object() for _ in pattern]
            conflicts.clear()
            conflicts.update({id(r): c for r, c in zip(group, pattern, strict=True)})
            asked.clear()
            whole = 2 * sum(not c for c in pattern) >= size
            assert app_linking._mostly_placed(object(), group) is whole  # type: ignore[arg-type]
            assert len(asked) <= size
    # a settled count asks no further: two fitting of three settle it
    group = [object() for _ in range(3)]
    conflicts.update({id(r): False for r in group})
    asked.clear()
    assert app_linking._mostly_placed(object(), group)  # type: ignore[arg-type]
    assert len(asked) == 2


@pytest.mark.parametrize("backend", BACKENDS)
def test_driver_reads_and_writes_agree_on_both_databases(
    request: pytest.FixtureRequest, backend: str, tmp_path: Path
) -> None:
    """The driver-level reads and writes of linking (``IN`` lists on SQLite, one array per
    chunk on PostgreSQL; ``executemany`` on SQLite, ``unnest`` of column arrays on
    PostgreSQL) read every row asked for, past one chunk, and count terms up as the
    upsert says: twice the same counts, twice the count."""
    from rashomon.store.links import _COUNT_TERM, CHUNK, _driver_many

    terms = [(f"term{n:05d}", n % 7 + 1) for n in range(CHUNK * 2 + 17)]
    with open_store(database_url(request, backend, tmp_path)) as store:
        with store.engine.begin() as conn:
            _driver_many(conn, _COUNT_TERM, terms)
            _driver_many(conn, _COUNT_TERM, terms[: CHUNK + 3])
            _driver_many(conn, _COUNT_TERM, [])
        asked = [t for t, _ in terms[::2]] + ["absent", 'it\'s "quoted"']
        query = "SELECT term, df FROM link_terms WHERE term IN ({marks})"
        with store.engine.connect() as conn:
            found = dict(_driver_rows(conn, query, asked))
        expected = {t: n * (2 if i < CHUNK + 3 else 1) for i, (t, n) in enumerate(terms)}
        assert found == {t: expected[t] for t in asked if t in expected}
        assert stored.term_df(store, [t for t, _ in terms]) == expected


@pytest.mark.parametrize("backend", BACKENDS)
def test_revision_0007_keeps_the_term_counts_and_the_links(
    request: pytest.FixtureRequest, backend: str, tmp_path: Path
) -> None:
    """Revision 0007 rebuilds SQLite's term counts as one B-tree in term order (a table
    WITHOUT ROWID), and back on a downgrade; PostgreSQL's table stays. Each way the counts
    are the same, and articles then link into the migrated store as into one that never
    was."""
    from alembic import command
    from sqlalchemy import select

    from rashomon.store.repository import alembic_config, upgrade
    from rashomon.store.tables import LinkTermRow

    analyses = _invented()
    first, later = analyses[: len(analyses) // 2], analyses[len(analyses) // 2 :]
    url = database_url(request, backend, tmp_path)

    def counts(store: Store) -> dict[str, int]:
        with store.engine.connect() as conn:
            return {row.term: row.df for row in conn.execute(select(LinkTermRow))}

    def clustered(store: Store) -> bool:
        if store.engine.dialect.name != "sqlite":
            return False
        with store.engine.connect() as conn:
            made = conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE name = 'link_terms'"
            ).scalar_one()
        return "WITHOUT ROWID" in made

    with open_store(f"sqlite:///{tmp_path / 'never.db'}") as never:
        _ingest(never, first)
        _ingest(never, later)
        expected_counts, expected = counts(never), _stored(never)
        assert clustered(never)
    with open_store(url) as store:
        _ingest(store, first)
        before = counts(store)
        assert before and clustered(store) == (backend == "sqlite")
        config = alembic_config()
        with store.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0006")
        assert counts(store) == before and not clustered(store)
        upgrade(store.engine)  # as opening the store does
        assert counts(store) == before and clustered(store) == (backend == "sqlite")
        _ingest(store, later)
        assert counts(store) == expected_counts
        assert _stored(store) == expected


def test_the_join_bound_holds_for_every_set_a_loose_group_could_join() -> None:
    """``_fitting_bound`` is at least the cosine of a vector with the centroid of every
    set of two or more members that holds at least as many fitting members as others, on
    random vectors of positive weights (some empty: they count as members, not in the
    norm), and it is the highest sum(cos) / sqrt(members with a vector) over those sets,
    no looser; from upper bounds of the cosines, members' vectors maybe empty (``fill``),
    it holds too; ``_bound`` holds for every set."""
    import itertools
    import math
    import random

    from rashomon.app import linking as app_linking
    from rashomon.link._incident_text import centroid, cosine

    terms = [f"t{n}" for n in range(8)]
    rng = random.Random(11)

    def unit(weights: dict[str, float]) -> dict[str, float]:
        norm = math.sqrt(sum(w * w for w in weights.values()))
        return {t: w / norm for t, w in weights.items()} if norm else {}

    def vector() -> dict[str, float]:
        if rng.random() < 0.1:
            return {}
        return unit({t: rng.random() for t in rng.sample(terms, rng.randint(1, 5))})

    for _ in range(300):
        lone = vector() or unit({"t0": 1.0})
        members = [vector() for _ in range(rng.randint(1, 7))]
        fit = [rng.random() < 0.5 for _ in members]
        cosines = [cosine(lone, m) for m in members]
        bound = app_linking._fitting_bound(
            [c for c, f, m in zip(cosines, fit, members, strict=True) if f and m],
            [c for c, f, m in zip(cosines, fit, members, strict=True) if not f and m],
            (
                sum(1 for f, m in zip(fit, members, strict=True) if f and not m),
                sum(1 for f, m in zip(fit, members, strict=True) if not f and not m),
            ),
        )
        # from the terms alone: upper bounds of the cosines, emptiness not known
        above = [c + rng.random() * 0.2 for c in cosines]
        from_terms = app_linking._fitting_bound(
            [t for t, f in zip(above, fit, strict=True) if f],
            [t for t, f in zip(above, fit, strict=True) if not f],
            fill=True,
        )
        highest, loosest = 0.0, 0.0
        for size in range(1, len(members) + 1):
            for chosen in itertools.combinations(range(len(members)), size):
                true = cosine(lone, centroid([members[i] for i in chosen]))
                loosest = max(loosest, true)
                fitting = sum(fit[i] for i in chosen)
                if size >= 2 and 2 * fitting >= size:
                    assert true <= bound <= from_terms
                    with_vector = sum(1 for i in chosen if members[i])
                    if with_vector:  # the norm of the sum is at least sqrt(with_vector)
                        found = sum(cosines[i] for i in chosen) / math.sqrt(with_vector)
                        highest = max(highest, found)
        assert bound == pytest.approx(highest + app_linking._SLACK if highest > 0.0 else 0.0)
        # and the bound over all sets, fitting or not
        near = app_linking._Neighbourhood.__new__(app_linking._Neighbourhood)
        near.vectors = {f"m{i}": m for i, m in enumerate(members)}
        assert loosest <= near._bound(lone, [f"m{i}" for i in range(len(members))])
    assert app_linking._fitting_bound([0.3], [0.2, 0.2]) == pytest.approx(0.5 / math.sqrt(2))
    assert app_linking._fitting_bound([], [0.9, 0.9]) == 0.0
    assert app_linking._fitting_bound([0.9], []) == 0.0  # one member is no group to join
    assert app_linking._fitting_bound([], [0.37], (1, 0)) == pytest.approx(0.37)
    assert app_linking._fitting_bound([0.77], [], (0, 1)) == pytest.approx(0.77)
    assert app_linking._fitting_bound([0.77], [], (0, 0)) == 0.0
