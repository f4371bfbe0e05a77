"""Copying a whole store into another database (``rashomon copy-store``): SQLite to
PostgreSQL and back, link results and all, on a real PostgreSQL server."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from store_samples import make_analysis
from test_stored_links import _invented
from typer.testing import CliRunner

from rashomon import app, cli
from rashomon.errors import REFUSED, StoreError
from rashomon.link import LinkParams
from rashomon.model import Analysis
from rashomon.store import Store, open_store
from rashomon.store import links as stored
from rashomon.store.tables import Base, IncidentHistoryRow, LinkArticleRow
from support import database_url


def _contents(store: Store) -> dict[str, object]:
    """What a user reads of a store: analyses, incidents with ids and members, history,
    copy groups, each article's stored link facts and keys; and the rows of every table."""
    ids = sorted(a.article.id for a in store.analyses())
    with store.engine.connect() as conn:
        counts = {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in Base.metadata.sorted_tables
        }
        linked = {
            row.article_id: (row.facts, row.terms, row.shingles, row.minhash, row.linked_at)
            for row in conn.execute(select(LinkArticleRow))
        }
    return {
        "analyses": stored.analyses_of(store, ids),
        "incidents": app.incidents(store).incidents,
        "history": [
            (h.action, h.incident_id, h.other_id, h.articles) for h in stored.history(store)
        ],
        "copies": stored.copy_groups(store, ids),
        "keys": sorted(stored.keys_of(store, ids), key=lambda k: k.article_id),
        "linked": {a: (*rest, _utc(when)) for a, (*rest, when) in linked.items()},
        "rows": counts,
    }


def _utc(when: datetime) -> datetime:
    """An instant as SQLite reads it back (UTC, no offset), from either database."""
    return when if when.tzinfo is None else when.astimezone(UTC).replace(tzinfo=None)


def _filled(url: str, analyses: list[Analysis]) -> dict[str, object]:
    with open_store(url) as store:
        assert store.save_analyses(analyses)
        app.link_new(store, LinkParams())
        return _contents(store)


def test_a_store_goes_to_postgresql_and_back_unchanged(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    analyses = [*_invented(), make_analysis(1), make_analysis(2)]
    first = f"sqlite:///{tmp_path / 'first.db'}"
    before = _filled(first, analyses[:-3])
    server = database_url(request, "postgresql", tmp_path)
    seen: list[tuple[str, int, int | None]] = []
    report = app.copy_store(first, server, progress=lambda *a: seen.append(a))
    assert report.rows == before["rows"]
    assert seen[0] == ("copying", 0, report.total) and seen[-1][1] == report.total
    with open_store(server) as copy:
        assert _contents(copy) == before
        # the copy goes on as the original would: new articles link in, ids keep counting
        app.link_new(copy, LinkParams())
        assert copy.save_analyses(analyses[-3:])
        app.link_new(copy, LinkParams())
        grown = _contents(copy)
        with copy.engine.connect() as conn:
            ids = [row.id for row in conn.execute(select(IncidentHistoryRow.id))]
        assert len(ids) == len(set(ids))
    with open_store(first) as original:
        assert original.save_analyses(analyses[-3:])
        app.link_new(original, LinkParams())
        assert {k: v for k, v in _contents(original).items() if k != "linked"} == {
            k: v for k, v in grown.items() if k != "linked"
        }
    back = f"sqlite:///{tmp_path / 'back.db'}"
    app.copy_store(server, back)
    with open_store(back) as returned:
        assert _contents(returned) == grown


def test_times_are_copied_in_utc(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """SQLite keeps times without an offset and PostgreSQL with one: a copy keeps the
    instant, whatever the PostgreSQL session's time zone."""
    source = f"sqlite:///{tmp_path / 'a.db'}"
    _filled(source, _invented()[:3])
    with open_store(source) as store, store.engine.connect() as conn:
        written = conn.execute(select(LinkArticleRow.linked_at)).scalars().all()
    target = database_url(request, "postgresql", tmp_path)
    with open_store(target) as store, store.engine.connect() as conn:  # the copy's sessions
        name = store.engine.url.database
        conn.exec_driver_sql(f"ALTER DATABASE \"{name}\" SET timezone = 'Asia/Kolkata'")
        conn.commit()
    app.copy_store(source, target)
    with open_store(target) as store, store.engine.connect() as conn:
        conn.exec_driver_sql("SET TIME ZONE 'America/Lima'")
        read = conn.execute(select(LinkArticleRow.linked_at)).scalars().all()
    assert sorted(read) == sorted(w.replace(tzinfo=UTC) for w in written)
    assert all(isinstance(w, datetime) for w in read)


def test_a_copy_is_refused_where_it_would_lose_or_mix_rows(tmp_path: Path) -> None:
    one, two = (f"sqlite:///{tmp_path / name}" for name in ("one.db", "two.db"))
    _filled(one, _invented()[:4])
    _filled(two, _invented()[4:6])
    with pytest.raises(StoreError) as refused:
        app.copy_store(one, two)
    assert refused.value.code == REFUSED and "holds 2 articles" in str(refused.value)
    with pytest.raises(StoreError) as itself:
        app.copy_store(one, one)
    assert itself.value.code == REFUSED
    with pytest.raises(app.EmptyStoreError):
        app.copy_store(f"sqlite:///{tmp_path / 'none.db'}", f"sqlite:///{tmp_path / 'x.db'}")
    assert not (tmp_path / "none.db").exists()
    with open_store(f"sqlite:///{tmp_path / 'empty.db'}"):
        pass
    with pytest.raises(app.EmptyStoreError):
        app.copy_store(f"sqlite:///{tmp_path / 'empty.db'}", f"sqlite:///{tmp_path / 'x.db'}")
    with open_store(two) as store:  # the refused copy left the target as it was
        assert store.article_count() == 2


def test_copy_store_command(tmp_path: Path) -> None:
    source, target = (f"sqlite:///{tmp_path / name}" for name in ("a.db", "b.db"))
    _filled(source, _invented()[:5])
    runner = CliRunner()
    done = runner.invoke(cli.app, ["copy-store", target, "--db", source, "--quiet"])
    assert done.exit_code == 0, done.output
    assert "(5 articles)" in done.output and target in done.output
    listed = runner.invoke(cli.app, ["incidents", "--db", target, "--format", "json"])
    same = runner.invoke(cli.app, ["incidents", "--db", source, "--format", "json"])
    assert listed.exit_code == 0 and listed.output == same.output
    again = runner.invoke(cli.app, ["copy-store", target, "--db", source])
    assert again.exit_code == cli.EXIT_ERROR
    assert f"[{REFUSED}]" in again.output and "Traceback" not in again.output
    bad = runner.invoke(cli.app, ["copy-store", "mysql://x/y", "--db", source])
    assert bad.exit_code == cli.EXIT_ERROR and "Traceback" not in bad.output


def test_an_interrupted_copy_leaves_the_target_empty_and_can_run_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One transaction: a copy that stops midway (here: after the first batches of a later
    table) leaves nothing in the target, and the same copy then runs through."""
    from rashomon.store import copy as copying

    source, target = (f"sqlite:///{tmp_path / name}" for name in ("a.db", "b.db"))
    before = _filled(source, _invented()[:6])
    real = copying._in_utc
    calls = 0

    def failing(row: object, times: list[str]) -> dict[str, object]:
        nonlocal calls
        calls += 1
        if calls > 40:
            raise KeyboardInterrupt
        return real(row, times)  # type: ignore[arg-type]

    monkeypatch.setattr(copying, "COPY_BATCH", 5)
    monkeypatch.setattr(copying, "_in_utc", failing)
    with pytest.raises(KeyboardInterrupt):
        app.copy_store(source, target)
    with open_store(target) as store, store.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            assert conn.execute(select(func.count()).select_from(table)).scalar_one() == 0
    monkeypatch.setattr(copying, "_in_utc", real)
    app.copy_store(source, target)
    with open_store(target) as store:
        assert _contents(store) == before
