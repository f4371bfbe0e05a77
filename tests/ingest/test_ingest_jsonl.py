"""JSON Lines corpora: one article per line, a bad line skips only itself."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from rashomon.config import Settings
from rashomon.errors import (
    INPUT_TOO_LARGE,
    MALFORMED_JSONL,
    MISSING_TEXT,
    NOT_ENGLISH,
    NOT_FOUND,
    InputError,
)
from rashomon.ingest import article_id, read_inputs, read_jsonl
from rashomon.model import Article, PartKind, PublishedSource, Skipped

BODY = (
    "The Wexmoor ferry resumed service on Wednesday after a nine-day strike, the operator said. "
    "Union officials said members had accepted a new pay offer."
)
TITLED = "Ferry Service Resumes\n\n" + BODY


def _line(**fields: object) -> str:
    return json.dumps(fields, ensure_ascii=False)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    lines = [
        _line(
            id="ferry-ledger-20310305",
            url="https://ledger.example/ferry",
            outlet="The Lakeside Ledger",
            published="2031-03-05",
            title="Ferry Service Resumes",
            language="en",
            text=TITLED,
        ),
        "{not json",
        _line(id="no-text", title="Nothing here"),
        "",
        _line(text=BODY, title="A Title The Text Does Not Start With", published=None),
        "[1, 2, 3]",
        _line(id="leer", text="   "),
        _line(id="auf-deutsch", language="de", text=BODY),
        _line(id=17, text=BODY.replace("\n", "\r\n")),
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_reads_good_lines_and_skips_bad_ones(corpus: Path, settings: Settings) -> None:
    results = list(read_jsonl(corpus, settings))
    origins = [r.origin for r in results]
    assert origins == [f"{corpus}:{n}" for n in (1, 2, 3, 5, 6, 7, 8, 9)]
    kinds = [r.code if isinstance(r, Skipped) else "ok" for r in results]
    assert kinds == [
        "ok",
        MALFORMED_JSONL,
        MISSING_TEXT,
        "ok",
        MALFORMED_JSONL,
        MISSING_TEXT,
        NOT_ENGLISH,
        "ok",
    ]
    skipped = [r for r in results if isinstance(r, Skipped)]
    assert all(f"{corpus}:" in s.message for s in skipped)
    assert "is not valid JSON" in skipped[0].message
    assert [s.article_id for s in skipped] == [None, "no-text", None, "leer", "auf-deutsch"]
    assert "German (de)" in skipped[-1].message


def test_jsonl_metadata_and_title_part(corpus: Path, settings: Settings) -> None:
    first = next(iter(read_jsonl(corpus, settings)))
    assert isinstance(first, Article)
    assert first.id == "ferry-ledger-20310305"
    assert (first.outlet, first.url) == ("The Lakeside Ledger", "https://ledger.example/ferry")
    assert first.published == date(2031, 3, 5)
    assert first.published_source is PublishedSource.METADATA
    assert first.title == "Ferry Service Resumes"
    assert [p.kind for p in first.parts] == [PartKind.TITLE, PartKind.BODY]
    assert first.text == TITLED


def test_jsonl_title_not_in_text(corpus: Path, settings: Settings) -> None:
    article = [r for r in read_jsonl(corpus, settings) if isinstance(r, Article)][1]
    assert article.title == "A Title The Text Does Not Start With"
    assert article.text == BODY
    assert [p.kind for p in article.parts] == [PartKind.BODY]
    assert article.id == article_id(BODY)
    assert article.published is None and article.published_source is None


def test_jsonl_id_kept_and_newlines_normalised(corpus: Path, settings: Settings) -> None:
    last = list(read_jsonl(corpus, settings))[-1]
    assert isinstance(last, Article)
    assert last.id == "17"
    assert "\r" not in last.text


@pytest.mark.parametrize("limit", [400])
def test_jsonl_overlong_line_is_skipped(limit: int, tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    long_line = _line(id="long", text=BODY * 20)
    path.write_text("\n".join([long_line, _line(text=BODY)]) + "\n", encoding="utf-8")
    results = list(read_jsonl(path, Settings(max_input_bytes=limit)))
    assert isinstance(results[0], Skipped)
    assert results[0].code == INPUT_TOO_LARGE
    assert results[0].origin == f"{path}:1"
    assert isinstance(results[1], Article)
    assert results[1].origin == f"{path}:2"


@pytest.mark.parametrize("name", ["missing.jsonl"])
def test_jsonl_missing_file(name: str, tmp_path: Path, settings: Settings) -> None:
    with pytest.raises(InputError) as info:
        list(read_jsonl(tmp_path / name, settings))
    assert info.value.code == NOT_FOUND
    (skipped,) = read_inputs([str(tmp_path / name)], settings)
    assert isinstance(skipped, Skipped)
    assert skipped.code == NOT_FOUND


def test_jsonl_through_read_inputs_keeps_order(corpus: Path, settings: Settings) -> None:
    json_copy = corpus.with_suffix(".json")
    json_copy.write_bytes(corpus.read_bytes())
    results = list(read_inputs([str(corpus), str(json_copy)], settings))
    assert len(results) == 16
    assert results[0].origin == f"{corpus}:1"
    assert results[8].origin == f"{json_copy}:1"


@pytest.mark.parametrize("name", ["al-ahli-hospital-2023.jsonl", "dev-distractors.jsonl"])
def test_jsonl_shared_corpora_read_fully(name: str, settings: Settings) -> None:
    from support import shared_path

    path = shared_path("corpora", name)
    results = list(read_jsonl(path, settings))
    assert results
    assert all(isinstance(r, Article) for r in results)
    ids = [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r.id for r in results if isinstance(r, Article)] == ids
