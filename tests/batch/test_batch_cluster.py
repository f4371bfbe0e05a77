"""``rashomon batch`` on a real Dask LocalCluster (2 workers on 127.0.0.1), its resume after
part of the inputs and after a kill, and ``rashomon ingest DIR`` of its partitions.

Everything here needs only Dask itself: no service is skipped, in CI or elsewhere.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from batch_samples import articles, write_jsonl, write_parquet
from typer.testing import CliRunner

from rashomon import cli
from rashomon.batch import partition_files, read_rows, result_of
from rashomon.batch.partitions import MANIFEST, TEMPORARY_PREFIX, read_manifest
from rashomon.model import Analysis
from rashomon.store import open_store

runner = CliRunner()
COUNT = 8  # articles in the corpus; a bad line is added as the second line
KILL_COUNT = 24


@pytest.fixture(autouse=True)
def _no_rashomon_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("RASHOMON_"):
            monkeypatch.delenv(name)


def _rows(directory: Path) -> list[tuple[str, str | None]]:
    return [(row.key, row.code) for path in partition_files(directory) for row in read_rows(path)]


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A batch over part of a corpus, then over all of it (a resume), on 2 local workers."""
    root = tmp_path_factory.mktemp("batch")
    out = root / "out"
    part = write_jsonl(root / "part.jsonl", articles(COUNT // 2))
    whole = write_jsonl(root / "whole.jsonl", articles(COUNT), bad_line=True)
    options = ["--out", str(out), "--workers", "2", "--partition-size", "3"]
    first = runner.invoke(cli.app, ["batch", str(part), *options])
    assert first.exit_code == 0, first.output
    assert f"{COUNT // 2} analysed, 0 already done, 0 skipped" in first.stderr
    second = runner.invoke(cli.app, ["batch", str(whole), *options])
    assert second.exit_code == 3, second.output  # the bad line is skipped
    assert f"{COUNT - COUNT // 2} analysed, {COUNT // 2} already done, 1 skipped" in (second.stderr)
    assert "[R010]" in second.stderr
    yield out


def test_batch_resumes_with_nothing_lost_or_duplicated(batch_dir: Path) -> None:
    rows = _rows(batch_dir)
    keys = Counter(key for key, _ in rows)
    assert all(count == 1 for count in keys.values()), keys
    expected = {f"story-{i:03d}" for i in range(COUNT)}
    assert {key for key, code in rows if code is None} == expected
    assert [code for _, code in rows if code is not None] == ["R010"]
    manifest = read_manifest(batch_dir)
    assert manifest is not None
    assert (manifest.analysed, manifest.skipped) == (COUNT, 1)
    assert [p.file for p in manifest.partitions] == [p.name for p in partition_files(batch_dir)]
    assert len(manifest.runs) == 2


def test_a_partition_is_analysed_as_tasks(tmp_path: Path) -> None:
    """A partition larger than a task goes out as several tasks (over both workers) and is
    written once, whole and in input order, when its last task is back."""
    from rashomon.batch.cluster import run_batch
    from rashomon.config import Settings

    corpus = write_jsonl(tmp_path / "corpus.jsonl", articles(7), bad_line=True)
    out = tmp_path / "out"
    summary = run_batch([str(corpus)], out, Settings(), workers=2, partition_size=5, task_size=2)
    assert (summary.inputs, summary.analysed, len(summary.skipped)) == (8, 7, 1)
    assert summary.partitions == 2
    files = partition_files(out)
    rows = [list(read_rows(path)) for path in files]
    assert [len(part) for part in rows] == [5, 3]
    keys = [row.key for part in rows for row in part]
    assert [key for key in keys if key.startswith("story-")] == [f"story-{i:03d}" for i in range(7)]
    assert [row.code for row in rows[0]] == [None, "R010", None, None, None]
    manifest = read_manifest(out)
    assert manifest is not None
    assert [p.file for p in manifest.partitions] == [p.name for p in files]


def test_batch_rows_hold_the_json_analysis(batch_dir: Path) -> None:
    row = next(r for r in read_rows(partition_files(batch_dir)[0]) if r.code is None)
    analysis = result_of(row)
    assert isinstance(analysis, Analysis)
    assert analysis.article.id == row.id
    assert (row.outlet, row.url, row.model, row.rules) == (
        analysis.article.outlet,
        analysis.article.url,
        analysis.model,
        analysis.rules,
    )
    assert analysis.attributions, "the invented article quotes its witness"


def test_batch_again_does_nothing(batch_dir: Path) -> None:
    whole = batch_dir.parent / "whole.jsonl"  # the same inputs (a bad line is known by origin)
    before = _rows(batch_dir)
    result = runner.invoke(cli.app, ["batch", str(whole), "--out", str(batch_dir)])
    assert result.exit_code == 0, result.output
    assert f"0 analysed, {COUNT + 1} already done, 0 skipped" in result.stderr
    assert "0 workers" in result.stderr  # no cluster was started
    assert _rows(batch_dir) == before


def test_ingest_imports_a_batch_without_analysing(
    batch_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pipeline(settings: object) -> None:
        raise AssertionError("importing a batch must not load the pipeline")

    monkeypatch.setattr(cli, "_load_nlp", no_pipeline)
    url = f"sqlite:///{tmp_path / 'news.db'}"
    first = runner.invoke(cli.app, ["ingest", str(batch_dir), "--db", url])
    assert first.exit_code == 3, first.output  # the batch's skipped line is reported
    assert f"{COUNT} stored, 0 already there, 1 skipped" in first.stderr
    second = runner.invoke(cli.app, ["ingest", str(batch_dir), "--db", url])
    assert f"0 stored, {COUNT} already there, 1 skipped" in second.stderr
    with open_store(url) as store:
        stored = {a.article.id: a for a in store.analyses()}
    rows = [r for path in partition_files(batch_dir) for r in read_rows(path) if r.code is None]
    assert stored == {r.id: result_of(r) for r in rows}


def test_batch_with_other_settings_is_refused(batch_dir: Path, tmp_path: Path) -> None:
    whole = write_jsonl(tmp_path / "whole.jsonl", articles(1))
    result = runner.invoke(cli.app, ["batch", str(whole), "--out", str(batch_dir), "--no-tagger"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: [R060]")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_local_cluster_workers_run_quiet() -> None:
    """A local cluster's workers: glibc's own malloc trimming, no statistical profiler."""
    from rashomon.batch.cluster import _client

    def probe() -> tuple[str | None, object, object]:
        import dask

        return (
            os.environ.get("MALLOC_TRIM_THRESHOLD_"),
            dask.config.get("distributed.worker.profile.enabled"),
            dask.config.get("distributed.admin.tick.interval"),
        )

    with _client(None, 1) as client:
        answers = list(client.run(probe).values())
    assert answers == [(os.environ.get("MALLOC_TRIM_THRESHOLD_"), False, "1s")]


def test_batch_unreachable_scheduler(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "one.jsonl", articles(1))
    command = ["batch", str(corpus), "--out", str(tmp_path / "out")]
    result = runner.invoke(cli.app, [*command, "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: [R061]")
    assert len(result.stderr.strip().splitlines()) == 1


def test_batch_out_is_a_file(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "one.jsonl", articles(1))
    result = runner.invoke(cli.app, ["batch", str(corpus), "--out", str(corpus)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: [R060]")


def _batch_process(corpus: Path, out: Path, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "rashomon", "batch", str(corpus), "--out", str(out)]
    command += ["--workers", "2", "--partition-size", "1", "--quiet"]
    with log.open("wb") as stderr:
        return subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,  # its own process group: the kill takes its workers too
        )


def test_batch_killed_midway_resumes(tmp_path: Path) -> None:
    corpus = write_parquet(tmp_path / "corpus.parquet", articles(KILL_COUNT))
    out = tmp_path / "out"
    log = tmp_path / "stderr.txt"
    process = _batch_process(corpus, out, log)
    try:
        deadline = time.monotonic() + 180
        while not (out.is_dir() and partition_files(out)):
            assert process.poll() is None, log.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, "no partition written in 180 s"
            time.sleep(0.02)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    finally:
        with contextlib.suppress(ProcessLookupError):  # already gone: nothing left to end
            os.killpg(process.pid, signal.SIGKILL)
    done_before = len(_rows(out))
    assert 0 < done_before < KILL_COUNT, "the kill came after the end: nothing to resume"

    command = [sys.executable, "-m", "rashomon", "batch", str(corpus), "--out", str(out)]
    resumed = subprocess.run(
        [*command, "--workers", "2", "--partition-size", "4"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert f"{done_before} already done" in resumed.stderr
    keys = Counter(key for key, _ in _rows(out))
    assert set(keys) == {f"story-{i:03d}" for i in range(KILL_COUNT)}
    assert set(keys.values()) == {1}
    assert not list(out.glob(f"{TEMPORARY_PREFIX}*"))
    manifest = read_manifest(out)
    assert manifest is not None
    assert manifest.analysed == KILL_COUNT
    assert (out / MANIFEST).is_file()
