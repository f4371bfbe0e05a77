"""The store on both backends: SQLite in tmp_path and a real PostgreSQL server on loopback."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from spacy.language import Language
from sqlalchemy import func, select
from store_samples import example_analyses, make_analysis, make_skipped

from rashomon.model import FigureCategory, Skipped
from rashomon.store import Store, StoreError, content_hash, open_store
from rashomon.store import rows as rows_module
from rashomon.store.repository import SCHEMA_HEAD, alembic_config
from rashomon.store.tables import Base
from support import BACKENDS, database_url


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url(request, request.param, tmp_path)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened


def row_counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {
            name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in Base.metadata.tables.items()
        }


def test_store_opens_each_backend(store: Store, store_url: str) -> None:
    assert store.dialect == store_url.split(":")[0].split("+")[0]
    assert store.article_count() == 0


def test_store_round_trip(store: Store) -> None:
    analyses = [make_analysis(n) for n in (1, 2, 3)]
    assert [store.save_analysis(a) for a in analyses] == [True, True, True]
    assert list(store.analyses()) == analyses
    assert store.analysis(analyses[1].article.id) == analyses[1]
    assert store.analysis("no-such-article") is None
    assert store.article_ids() == [a.article.id for a in analyses]
    assert store.article_count() == 3


def test_store_round_trip_bundled_examples(store: Store, nlp: Language) -> None:
    analyses = example_analyses(nlp)
    for analysis in analyses:
        assert store.save_analysis(analysis)
    assert tuple(store.analyses()) == analyses


def test_store_flat_rows(store: Store) -> None:
    store.save_analysis(make_analysis(1))
    counts = row_counts(store)
    assert {k: counts[k] for k in ("articles", "analyses", "claimants", "claims")} == {
        "articles": 1,
        "analyses": 1,
        "claimants": 3,
        "claims": 5,
    }
    assert (counts["figures"], counts["events"]) == (2, 1)


@pytest.mark.parametrize(
    ("category", "claimant_name", "expected"),
    [
        (None, None, [("c1", 11, 11), ("c3", 21, None)]),
        (FigureCategory.WOUNDED, "seafarers' guild", [("c3", 21, None)]),
        (FigureCategory.KILLED, None, []),
    ],
)
def test_store_figures_query(
    store: Store,
    category: FigureCategory | None,
    claimant_name: str | None,
    expected: list[tuple[str, int, int | None]],
) -> None:
    store.save_analysis(make_analysis(1))
    found = store.figures(category=category, claimant_name=claimant_name)
    assert [(f.figure.claimant_id, f.figure.low, f.figure.high) for f in found] == expected
    assert all(f.outlet == "The Dunmere Courier" for f in found)
    assert found == [f for f in store.figures() if f in found]
    assert [f.figure for f in found] == [
        fig for fig in make_analysis(1).figures if fig in [f.figure for f in found]
    ]


def test_store_resave_is_idempotent(store: Store) -> None:
    analysis = make_analysis(1)
    assert store.save_analysis(analysis)
    before = row_counts(store)
    assert not store.save_analysis(analysis)
    rewrapped = replace(
        analysis,
        article=replace(analysis.article, id="another-id", text=analysis.article.text + "\n\n"),
    )
    assert not store.save_analysis(rewrapped)  # same normalised text = same article
    assert row_counts(store) == before


def test_store_has_article(store: Store) -> None:
    analysis = make_analysis(1)
    digest = content_hash(analysis.article.text)
    assert not store.has_article(digest)
    store.save_analysis(analysis)
    assert store.has_article(digest)
    assert store.has_article(analysis.article.id)
    assert not store.has_article(content_hash("some other text"))


def test_store_same_id_other_text_is_refused(store: Store) -> None:
    store.save_analysis(make_analysis(1))
    other = make_analysis(2)
    clash = replace(other, article=replace(other.article, id=make_analysis(1).article.id))
    before = row_counts(store)
    with pytest.raises(StoreError) as raised:
        store.save_analysis(clash)
    assert raised.value.code == "R052"
    assert "already stored with a different text" in str(raised.value)
    assert row_counts(store) == before


class Interrupted(Exception):
    pass


def ingest(store: Store, n_articles: int, *, fail_after: int | None = None) -> int:
    """A miniature ingest loop: skip what is stored, save the rest, die after ``fail_after``."""
    saved = 0
    for n in range(1, n_articles + 1):
        analysis = make_analysis(n)
        if store.has_article(content_hash(analysis.article.text)):
            continue
        if fail_after is not None and saved == fail_after:
            raise Interrupted
        saved += store.save_analysis(analysis)
    return saved


def test_store_interrupted_ingest_resumes(store: Store) -> None:
    with pytest.raises(Interrupted):
        ingest(store, 10, fail_after=4)
    assert store.article_count() == 4
    whole = row_counts(store)
    assert (whole["analyses"], whole["claims"], whole["figures"]) == (4, 20, 8)
    assert list(store.analyses()) == [make_analysis(n) for n in range(1, 5)]
    assert ingest(store, 10) == 6
    assert ingest(store, 10) == 0
    assert list(store.analyses()) == [make_analysis(n) for n in range(1, 11)]
    assert row_counts(store)["figures"] == 20


def test_store_failure_inside_an_article_leaves_nothing_of_it(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save_analysis(make_analysis(1))
    before = row_counts(store)

    def broken(*_args: object) -> dict[object, list[dict[str, object]]]:
        raise Interrupted

    monkeypatch.setattr(rows_module, "flat_rows", broken)  # after article + analysis
    with pytest.raises(Interrupted):
        store.save_analysis(make_analysis(2))
    assert row_counts(store) == before
    monkeypatch.undo()
    assert store.save_analysis(make_analysis(2))


def test_store_runs_and_skipped(store: Store) -> None:
    run_id = store.start_run()
    store.save_analysis(make_analysis(1), run_id=run_id)
    store.save_analysis(make_analysis(2), run_id=run_id)
    store.record_skipped(make_skipped(1), run_id=run_id)
    store.record_skipped(Skipped("corpus.jsonl:7", "R011", "no text", "x-7"), run_id=run_id)
    store.record_skipped(make_skipped(3))
    run = store.finish_run(run_id, duplicates=1)
    assert (run.stored, run.skipped, run.duplicates) == (2, 2, 1)
    assert run.finished_at is not None and run.finished_at >= run.started_at
    assert run.started_at.tzinfo is not None
    assert store.runs() == [run]
    assert store.skipped(run_id=run_id) == [
        make_skipped(1),
        Skipped("corpus.jsonl:7", "R011", "no text", "x-7"),
    ]
    assert store.skipped()[-1] == make_skipped(3)


def test_store_finish_unknown_run(store: Store) -> None:
    with pytest.raises(StoreError) as raised:
        store.finish_run("nope")
    assert raised.value.code == "R053"


def test_store_migrations_at_head_match_tables(store: Store) -> None:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert context.get_current_revision() == head
        assert compare_metadata(context, Base.metadata) == []


def test_a_store_at_the_schema_head_is_read_without_alembic_or_spacy(
    store_url: str,
) -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == SCHEMA_HEAD
    open_store(store_url).close()  # made and migrated to the head
    script = (
        "import sys\n"
        "import rashomon.app, rashomon.compare\n"  # what incidents and compare read with
        "from rashomon.store import open_store\n"
        f"open_store({store_url!r}).close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'spacy')))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert shown.strip() == "[]"


def test_store_reopen_keeps_data(store_url: str) -> None:
    with open_store(store_url) as store:
        store.save_analysis(make_analysis(1))
    with open_store(store_url) as store:
        assert store.article_count() == 1
        assert not store.save_analysis(make_analysis(1))


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("not a url", "R050"),
        ("mysql://user@127.0.0.1/db", "R050"),
        ("postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=2", "R051"),
    ],
)
def test_store_open_errors(url: str, code: str) -> None:
    with pytest.raises(StoreError) as raised:
        open_store(url)
    assert raised.value.code == code


def test_store_refused_analysis_leaves_nothing(store: Store) -> None:
    analysis = make_analysis(1)
    twice = replace(analysis, figures=(analysis.figures[0], analysis.figures[0]))
    with pytest.raises(StoreError) as raised:
        store.save_analysis(twice)
    assert raised.value.code == "R054"
    assert all(count == 0 for count in row_counts(store).values())


def test_store_save_analyses_in_bulk_is_save_analysis(store: Store, store_url: str) -> None:
    analyses = [make_analysis(n) for n in (1, 2, 3)]
    again = replace(
        analyses[0],
        article=replace(analyses[0].article, id="another-id", text=analyses[0].article.text + " "),
    )
    assert store.save_analyses([*analyses, again]) == [True, True, True, False]
    assert store.save_analyses(analyses) == [False, False, False]
    assert list(store.analyses()) == analyses
    one_by_one = store_url.replace(".db", "-single.db") if "sqlite" in store_url else None
    if one_by_one is not None:  # the same rows as saving one at a time
        with open_store(one_by_one) as single:
            for analysis in analyses:
                single.save_analysis(analysis)
            assert row_counts(single) == row_counts(store)
    clash = replace(make_analysis(4), article=replace(make_analysis(4).article, id="a-clash"))
    clash = replace(clash, article=replace(clash.article, id=analyses[1].article.id))
    before = row_counts(store)
    with pytest.raises(StoreError) as raised:
        store.save_analyses([make_analysis(5), clash])
    assert raised.value.code == "R052"
    assert row_counts(store) == before  # nothing of the batch
