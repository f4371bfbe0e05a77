"""``rashomon ingest --jobs N``: the same stored analyses as one process, in the same order,
and resumed after a kill with nothing lost or stored twice."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_samples import articles, write_jsonl
from typer.testing import CliRunner

from rashomon import cli
from rashomon.batch.jobs import CHUNK_SIZE
from rashomon.store import open_store

runner = CliRunner()
COUNT = 2 * CHUNK_SIZE + 4  # more than 2 jobs' first chunks: the worker processes do run
KILL_COUNT = 60


@pytest.fixture(autouse=True)
def _no_rashomon_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("RASHOMON_"):
            monkeypatch.delenv(name)


def test_jobs_2_stores_what_jobs_1_stores(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", articles(COUNT), bad_line=True)
    stores = {}
    for jobs in (1, 2):
        url = f"sqlite:///{tmp_path / f'jobs{jobs}.db'}"
        result = runner.invoke(cli.app, ["ingest", str(corpus), "--db", url, "--jobs", str(jobs)])
        assert result.exit_code == 3, result.output  # the bad line
        assert f"{COUNT} stored, 0 already there, 1 skipped" in result.stderr
        with open_store(url) as store:
            stores[jobs] = list(store.analyses())
    assert [a.article.id for a in stores[2]] == [f"story-{i:03d}" for i in range(COUNT)]
    assert stores[2] == stores[1]


def test_jobs_2_again_analyses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", articles(3))
    url = f"sqlite:///{tmp_path / 'news.db'}"
    first = runner.invoke(cli.app, ["ingest", str(corpus), "--db", url, "--jobs", "2"])
    assert "3 stored, 0 already there, 0 skipped" in first.stderr

    def no_pipeline(settings: object) -> None:
        raise AssertionError("nothing is new: the pipeline must not load")

    monkeypatch.setattr(cli, "_load_nlp", no_pipeline)
    second = runner.invoke(cli.app, ["ingest", str(corpus), "--db", url, "--jobs", "2"])
    assert second.exit_code == 0, second.output
    assert "0 stored, 3 already there, 0 skipped" in second.stderr


def _stored_now(path: Path) -> int:
    """Articles stored so far, read without migrating (quick enough to catch a run midway)."""
    if not path.exists():
        return 0
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        try:
            return int(db.execute("SELECT count(*) FROM articles").fetchone()[0])
        except sqlite3.OperationalError:  # the schema is not made yet
            return 0


def test_ingest_jobs_killed_midway_resumes(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", articles(KILL_COUNT))
    path = tmp_path / "news.db"
    url = f"sqlite:///{path}"
    command = [sys.executable, "-m", "rashomon", "ingest", str(corpus), "--db", url]
    command += ["--jobs", "2", "--quiet"]
    log = tmp_path / "stderr.txt"
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 180
        while not _stored_now(path):
            assert process.poll() is None, log.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, "nothing stored in 180 s"
            time.sleep(0.05)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    finally:
        with contextlib.suppress(ProcessLookupError):  # already gone: nothing left to end
            os.killpg(process.pid, signal.SIGKILL)
    before = _stored_now(path)
    assert 0 < before < KILL_COUNT, "the kill came after the end: nothing to resume"

    resumed = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{KILL_COUNT - before} stored, {before} already there, 0 skipped" in resumed.stderr
    with open_store(url) as store:
        ids = store.article_ids()
    assert sorted(ids) == [f"story-{i:03d}" for i in range(KILL_COUNT)]


def _fresh_imports(first: str, then: str, watched: set[str]) -> tuple[list[str], list[str]]:
    """In a fresh interpreter: the ``watched`` top-level packages loaded after the imports
    ``first``, and those loaded after ``then`` too."""
    loaded = "json.dumps(sorted({m.split('.')[0] for m in sys.modules} & watched))"
    script = (
        f"import json, sys\nwatched = set({sorted(watched)!r})\n"
        f"{first}\nprint({loaded})\n{then}\nprint({loaded})\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    before, after = (json.loads(line) for line in result.stdout.splitlines())
    return before, after


def test_a_worker_imports_no_store_or_parquet_code() -> None:
    """A ``--jobs`` worker starts from ``rashomon.batch.jobs`` (its ``serve``) and analyses:
    it loads neither SQLAlchemy nor pyarrow nor Dask (0.6 s in every worker), while the
    package's names stay importable from ``rashomon.batch``."""
    before, after = _fresh_imports(
        "import rashomon.batch.jobs, rashomon.pipeline",
        "from rashomon.batch import import_batch, is_batch_directory, default_jobs",
        {"sqlalchemy", "pyarrow", "dask", "alembic"},
    )
    assert before == []
    assert {"sqlalchemy", "pyarrow"} <= set(after)


def test_a_dask_batch_imports_no_database_code() -> None:
    """``rashomon batch`` (the client and each Dask worker's plugin) serialises analyses and
    hashes texts without SQLAlchemy (``rashomon.store`` imports its names when asked for),
    and the store's names stay importable from ``rashomon.store``."""
    from rashomon.store import content_hash
    from rashomon.store.repository import content_hash as from_repository

    assert from_repository is content_hash
    before, after = _fresh_imports(
        "import rashomon.batch.cluster, rashomon.pipeline",
        "from rashomon.store import content_hash, open_store, Store, analysis_to_dict",
        {"sqlalchemy", "alembic"},
    )
    assert before == []
    assert "sqlalchemy" in after


def test_the_batch_package_names_an_unknown_attribute() -> None:
    import rashomon.batch

    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        rashomon.batch.nope  # noqa: B018


def test_the_store_package_names_an_unknown_attribute() -> None:
    import rashomon.store

    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        rashomon.store.nope  # noqa: B018
