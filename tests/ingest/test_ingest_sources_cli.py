"""End to end: a feed file, a URL list served by the loopback site and the WARC written
while fetching them, each through 'rashomon ingest' into a store."""

from __future__ import annotations

from pathlib import Path

import pytest
from loopback import rss, serve
from typer.testing import CliRunner

from rashomon import cli
from rashomon.store import open_store

runner = CliRunner()
LOOPBACK = ["--allow-private-urls"]  # 127.0.0.1 is refused by the SSRF guard otherwise


def _ingest(*args: str) -> str:
    result = runner.invoke(cli.app, ["ingest", *args, "--quiet", "--jobs", "1"])
    assert result.exit_code in {cli.EXIT_OK, cli.EXIT_PARTIAL}, result.output
    return result.stderr


def test_feed_file_url_list_and_warc_end_to_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RASHOMON_CRAWL_DELAY", "0")
    archive = tmp_path / "archive"
    fetched_db = f"sqlite:///{tmp_path / 'fetched.db'}"
    replay_db = f"sqlite:///{tmp_path / 'replay.db'}"
    with serve() as site:
        feed = tmp_path / "wexmoor.rss"
        feed.write_text(rss(site.base), encoding="utf-8")
        line = _ingest(str(feed), *LOOPBACK, "--archive", str(archive), "--db", fetched_db)
        assert line.startswith("2 stored, 0 already there, 1 skipped"), line
        assert "R018" in line  # the item robots.txt disallows
        line = _ingest(
            site.base + "/list.txt", *LOOPBACK, "--archive", str(archive), "--db", fetched_db
        )
        assert line.startswith("1 stored, 1 already there, 1 skipped"), line
        assert "R008" in line  # /news/gone answers 404
    warcs = sorted(archive.glob("*.warc.gz"))
    assert len(warcs) == 2
    line = _ingest(*map(str, warcs), "--db", replay_db)  # no network: the kept bytes
    assert line.startswith("2 stored, 1 already there, 0 skipped"), line
    with open_store(fetched_db) as fetched, open_store(replay_db) as replayed:
        fetched_ids = {a.article.id for a in fetched.analyses()}
        replayed_ids = {a.article.id for a in replayed.analyses()}
    assert replayed_ids <= fetched_ids and len(replayed_ids) == 2
