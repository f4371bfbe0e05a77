"""``rashomon ingest / incidents / compare / export`` on a temporary SQLite store.

The bundled fictional examples are ingested once per module (``stored``) with the session
``nlp`` standing in for ``cli._load_nlp``; the reading commands then run on that database.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from rashomon import cli
from rashomon.config import Settings
from rashomon.store import open_store

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
EXAMPLE_ARTICLES = 5  # two .txt, one .html, two lines of corpus.jsonl

runner = CliRunner()


class Loads:
    """Stands in for ``cli._load_nlp``: hands out the session pipeline and counts calls."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.calls = 0

    def __call__(self, settings: Settings) -> Language:
        self.calls += 1
        return self.nlp


def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("RASHOMON_"):
            monkeypatch.delenv(name)


@pytest.fixture(autouse=True)
def _no_rashomon_env(monkeypatch: pytest.MonkeyPatch) -> None:
    _clean_env(monkeypatch)


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch, nlp: Language) -> Loads:
    stub = Loads(nlp)
    monkeypatch.setattr(cli, "_load_nlp", stub)
    return stub


@pytest.fixture(scope="module")
def stored(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a SQLite database holding the bundled examples."""
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'news.db'}"
    with pytest.MonkeyPatch.context() as patch:
        _clean_env(patch)
        patch.setattr(cli, "_load_nlp", Loads(nlp))
        result = runner.invoke(cli.app, ["ingest", str(EXAMPLES), "--db", url])
    assert result.exit_code == 0, result.output
    yield url


def _first_incident(url: str) -> str:
    result = runner.invoke(cli.app, ["incidents", "--db", url, "--format", "json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert listed, "the examples tell of one incident"
    first: str = listed[0]["id"]
    return first


# --- ingest -------------------------------------------------------------------------------


@pytest.mark.parametrize("inputs", [[str(EXAMPLES)]])
def test_ingest_is_idempotent(tmp_path: Path, loads: Loads, inputs: list[str]) -> None:
    url = f"sqlite:///{tmp_path / 'news.db'}"
    first = runner.invoke(cli.app, ["ingest", *inputs, "--db", url])
    assert first.exit_code == 0, first.output
    assert f"{EXAMPLE_ARTICLES} stored, 0 already there, 0 skipped" in first.stderr
    second = runner.invoke(cli.app, ["ingest", *inputs, "--db", url])
    assert second.exit_code == 0, second.output
    assert f"0 stored, {EXAMPLE_ARTICLES} already there, 0 skipped" in second.stderr
    assert loads.calls == 1  # nothing left to analyse: the pipeline is not even loaded
    with open_store(url) as store:
        assert store.article_count() == EXAMPLE_ARTICLES
        runs = store.runs()
    assert [(run.stored, run.duplicates) for run in runs] == [
        (EXAMPLE_ARTICLES, 0),
        (0, EXAMPLE_ARTICLES),
    ]


@pytest.mark.parametrize("bad_text", ["", "\x00\x01\x02 binary"])
def test_ingest_keeps_going_past_a_bad_file(tmp_path: Path, loads: Loads, bad_text: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(bad_text, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'news.db'}"
    result = runner.invoke(cli.app, ["ingest", str(EXAMPLES), str(bad), "--db", url])
    assert result.exit_code == cli.EXIT_PARTIAL, result.output
    assert f"{EXAMPLE_ARTICLES} stored, 0 already there, 1 skipped" in result.stderr
    assert str(bad) in result.stderr
    with open_store(url) as store:
        assert [item.origin for item in store.skipped()] == [str(bad)]
        assert store.article_count() == EXAMPLE_ARTICLES


@pytest.mark.parametrize("missing", ["no-such-file.txt"])
def test_ingest_every_input_bad_is_an_error(tmp_path: Path, loads: Loads, missing: str) -> None:
    url = f"sqlite:///{tmp_path / 'news.db'}"
    result = runner.invoke(cli.app, ["ingest", str(tmp_path / missing), "--db", url])
    assert result.exit_code == cli.EXIT_ERROR, result.output
    assert "0 stored, 0 already there, 1 skipped" in result.stderr
    assert loads.calls == 0


@pytest.mark.parametrize("name", ["from-env.db"])
def test_ingest_db_defaults_to_the_setting(
    tmp_path: Path, loads: Loads, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv("RASHOMON_DATABASE_URL", f"sqlite:///{tmp_path / name}")
    result = runner.invoke(cli.app, ["ingest", str(EXAMPLES / "corpus.jsonl")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / name).exists()


# --- incidents, compare, export -------------------------------------------------------------


def test_incidents_json_shape(stored: str) -> None:
    result = runner.invoke(cli.app, ["incidents", "--db", stored, "--format", "json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    with open_store(stored) as store:
        ids = set(store.article_ids())
    assert listed
    for incident in listed:
        assert {"id", "articles", "start", "end", "places"} <= set(incident)
        assert set(incident["articles"]) <= ids
        assert isinstance(incident["places"], list)


@pytest.mark.parametrize("columns", [["id", "type", "dates", "articles", "outlets"]])
def test_incidents_text_table(stored: str, columns: list[str]) -> None:
    result = runner.invoke(cli.app, ["incidents", "--db", stored])
    assert result.exit_code == 0, result.output
    for column in columns:
        assert column in result.stdout
    assert _first_incident(stored) in result.stdout


def test_compare_json_shape(stored: str) -> None:
    incident = _first_incident(stored)
    result = runner.invoke(cli.app, ["compare", incident, "--db", stored, "--format", "json"])
    assert result.exit_code == 0, result.output
    ledger = json.loads(result.stdout)
    assert {"slots", "conflicts", "changes", "copies"} <= set(ledger)
    for slot in ledger["slots"]:
        assert {"slot", "claims"} <= set(slot)
        for claim in slot["claims"]:
            assert {"claimant", "first_seen", "articles"} <= set(claim)
    for conflict in ledger["conflicts"]:
        assert {"slot", "claimants", "values"} <= set(conflict)
    for change in ledger["changes"]:
        assert {"claimant", "slot", "from", "to", "dates"} <= set(change)


@pytest.mark.parametrize("fmt, marker", [("text", ""), ("html", "<html"), ("csv", ",")])
def test_compare_other_formats(stored: str, tmp_path: Path, fmt: str, marker: str) -> None:
    out = tmp_path / f"ledger.{fmt}"
    incident = _first_incident(stored)
    args = ["compare", incident, "--db", stored, "--format", fmt, "--out", str(out)]
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    assert marker in out.read_text(encoding="utf-8").lower()


@pytest.mark.parametrize("unknown", ["inc-999999"])
def test_compare_unknown_incident(stored: str, unknown: str) -> None:
    result = runner.invoke(cli.app, ["compare", unknown, "--db", stored])
    assert result.exit_code == cli.EXIT_ERROR
    assert result.stderr.count("\n") == 1
    assert unknown in result.stderr
    assert "rashomon incidents" in result.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "claims-jsonld"])
def test_export(stored: str, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"export.{fmt}"
    result = runner.invoke(cli.app, ["export", "--db", stored, "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    if fmt == "jsonl":
        records = [json.loads(line) for line in text.splitlines() if line.strip()]
        assert len(records) >= EXAMPLE_ARTICLES
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert rows and len(rows[0]) > 1  # a header, then one row per figure claim
    else:
        assert json.loads(text)


@pytest.mark.parametrize("command", [["incidents"], ["compare", "inc-1"], ["export", "-f", "csv"]])
def test_reading_a_missing_database(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "missing.db"
    result = runner.invoke(cli.app, [*command, "--db", f"sqlite:///{path}"])
    assert result.exit_code == cli.EXIT_ERROR
    assert result.stderr.startswith("Error: [R056] No database at")
    assert not path.exists()


@pytest.mark.parametrize(
    "args, expected",
    [
        (["ingest", "--help"], ["--db", "already there", "RASHOMON_DATABASE_URL"]),
        (["incidents", "--help"], ["--format", "keeps its id", "--since", "--per-page", "--quiet"]),
        (["relink", "--help"], ["afresh", "--quiet"]),
        (["compare", "--help"], ["INCIDENT", "--format", "--out"]),
        (["export", "--help"], ["jsonl", "claims-jsonld", "--quiet"]),
    ],
)
def test_store_commands_help(args: list[str], expected: list[str]) -> None:
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    for item in expected:
        assert item in text
