"""Issue 13 through the command line: every hostile input gets one ``Error: [R0xx]`` line (or
its line in the skipped list), the right exit code, no traceback and no hang, and the rest
of the batch is analysed or stored."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from hostile_corpus import ENGLISH, GOOD_LINE, Case, write_corpus
from spacy.language import Language
from typer.testing import CliRunner

from rashomon import cli
from rashomon.config import Settings

runner = CliRunner()


@pytest.fixture(autouse=True)
def _no_rashomon_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("RASHOMON_"):
            monkeypatch.delenv(name)


@pytest.fixture
def loaded(monkeypatch: pytest.MonkeyPatch, nlp: Language) -> None:
    def load(settings: Settings) -> Language:
        return nlp

    monkeypatch.setattr(cli, "_load_nlp", load)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Case]:
    return write_corpus(tmp_path_factory.mktemp("hostile"))


def _case(corpus: list[Case], name: str) -> Case:
    return next(case for case in corpus if case.name == name)


CASES = [
    "huge-line.txt",
    "over-max-bytes.txt",
    "long-article.txt",
    "long-in-jsonl.jsonl",
    "deep.jsonl",
    "number.jsonl",
    "surrogate.jsonl",
    "empty.txt",
    "binary.txt",
    "german.txt",
    "empty.html",
    "fifo.txt",
    "/dev/zero",
    "/dev/urandom",
    "zero.txt",
]


@pytest.mark.parametrize("name", CASES)
def test_hostile_input_alone(name: str, corpus: list[Case], loaded: None) -> None:
    case = _case(corpus, name)
    started = time.monotonic()
    result = runner.invoke(cli.app, ["analyze", case.argument, "--format", "json"])
    assert time.monotonic() - started < 60
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == case.exit_code, result.stderr
    assert "Traceback" not in result.stderr
    if case.code is not None:
        assert f"[{case.code}]" in result.stderr
        lines = result.stderr.splitlines()
        if case.exit_code == 1:
            assert len(lines) == 1 and lines[0].startswith(f"Error: [{case.code}] ")
        else:  # a bad line among good ones: listed, the good line analysed
            assert lines[0] == "1 of 2 inputs skipped"
            records = [json.loads(line) for line in result.stdout.splitlines()]
            assert [r["ok"] for r in records] == [False, True]
            assert records[0]["code"] == case.code


def test_hostile_surrogate_is_read_as_replacement_character(
    corpus: list[Case], loaded: None
) -> None:
    result = runner.invoke(
        cli.app, ["analyze", _case(corpus, "surrogate.jsonl").argument, "-f", "json"]
    )
    assert result.exit_code == 0, result.stderr
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert "Odd \ufffd char." in record["article"]["text"]


def test_hostile_batch_goes_on(corpus: list[Case], loaded: None, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ENGLISH, encoding="utf-8")
    arguments = [case.argument for case in corpus] + [str(good)]
    result = runner.invoke(cli.app, ["analyze", *arguments, "--format", "json"])
    assert result.exit_code == 3, result.stderr
    assert "Traceback" not in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    analysed = [r["article"]["origin"] for r in records if r["ok"]]
    # the good file, the good lines of the two JSONL files and the surrogate line
    assert analysed[-1] == str(good) and len(analysed) == 4
    codes = sorted(r["code"] for r in records if not r["ok"])
    assert codes == sorted(case.code for case in corpus if case.code is not None)


def test_hostile_ingest_stores_the_rest(corpus: list[Case], loaded: None, tmp_path: Path) -> None:
    corpus_file = tmp_path / "mixed.jsonl"
    deep = "[" * 100_000 + "]" * 100_000
    corpus_file.write_text("\n".join([deep, GOOD_LINE, '{"text": 1' + "0" * 5000 + "}"]) + "\n")
    url = f"sqlite:///{tmp_path / 'news.db'}"
    arguments = [corpus_file, _case(corpus, "fifo.txt").argument, "/dev/zero"]
    result = runner.invoke(cli.app, ["ingest", *map(str, arguments), "--db", url])
    assert result.exit_code == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert "1 stored, 0 already there, 4 skipped" in result.stderr
    from rashomon.store import open_store

    with open_store(url) as store:
        assert store.article_ids() == ["good-1"]
        assert sorted(s.code for s in store.skipped()) == ["R010", "R010", "R016", "R016"]


def test_hostile_stdin_pipe_is_read_on_purpose(loaded: None) -> None:
    result = runner.invoke(cli.app, ["analyze", "-", "-f", "json"], input=ENGLISH)
    assert result.exit_code == 0, result.stderr


def test_hostile_analysis_time_limit_skips_and_goes_on(
    loaded: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from rashomon import pipeline

    real = pipeline.analyse_parsed
    slow_text = "The minister said the slow road would close. " * 3

    def analyse(parsed: pipeline.ParsedArticle, **kwargs: object) -> object:
        if parsed.article.text.startswith("The minister"):
            time.sleep(5)
        return real(parsed, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "analyse_parsed", analyse)
    (tmp_path / "a.txt").write_text(slow_text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ENGLISH, encoding="utf-8")
    monkeypatch.setenv("RASHOMON_ARTICLE_TIME_LIMIT", "0.5")
    started = time.monotonic()
    result = runner.invoke(cli.app, ["analyze", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    assert time.monotonic() - started < 4.5
    assert result.exit_code == 3, result.stderr
    assert result.stderr.splitlines()[1].startswith(f"{tmp_path / 'a.txt'}: [R017] ")
    assert "bridge would reopen" in result.stdout
