"""read_inputs and read_text: files, directories, stdin, ids, and bad inputs as Skipped."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from rashomon.config import Settings
from rashomon.errors import (
    BINARY_INPUT,
    EMPTY_INPUT,
    INPUT_TOO_LARGE,
    NOT_ENGLISH,
    NOT_FOUND,
    UNSUPPORTED_INPUT,
    InputError,
)
from rashomon.ingest import article_id, read_inputs, read_text
from rashomon.model import Article, PartKind, Skipped

ARTICLE = """Lighthouse Keeper Retires After Forty Years

By Ilse Dorn

The last keeper of the Wexmoor lighthouse retired on Sunday after forty years of tending the \
lamp, the harbour authority said.

"The sea was my only colleague," Tobias Venn told the crowd gathered on the pier.
"""


def _only(results: list[Article | Skipped]) -> Article | Skipped:
    assert len(results) == 1
    return results[0]


@pytest.mark.parametrize("text", [ARTICLE])
def test_ingest_text_file_to_article(text: str, tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "lighthouse.txt"
    path.write_text(text, encoding="utf-8")
    article = _only(list(read_inputs([str(path)], settings)))
    assert isinstance(article, Article)
    assert article.text == text
    assert article.title == "Lighthouse Keeper Retires After Forty Years"
    assert article.byline == "Ilse Dorn"
    assert article.origin == str(path)
    assert article.id == article_id(text)
    assert article.language == "en"
    assert [p.kind for p in article.parts] == [PartKind.TITLE, PartKind.BYLINE, PartKind.BODY]


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("Some text.", "  Some   text.\n", True),
        ("Some text.", "Some\ntext.", True),
        ("Some text.", "Other text.", False),
    ],
)
def test_ingest_article_id_is_stable(a: str, b: str, same: bool) -> None:
    assert article_id(a).startswith("a")
    assert len(article_id(a)) == 17
    assert (article_id(a) == article_id(b)) is same


@pytest.mark.parametrize(
    "name, data, code",
    [
        ("empty.txt", b"", EMPTY_INPUT),
        ("blank.txt", b"  \n\t\n", EMPTY_INPUT),
        ("binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00", BINARY_INPUT),
        ("scan.pdf", b"%PDF-1.7", UNSUPPORTED_INPUT),
        ("noext", b"text", UNSUPPORTED_INPUT),
    ],
)
def test_ingest_bad_file_is_skipped(
    name: str, data: bytes, code: str, tmp_path: Path, settings: Settings
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    skipped = _only(list(read_inputs([str(path)], settings)))
    assert isinstance(skipped, Skipped)
    assert skipped.code == code
    assert skipped.origin == str(path)
    assert str(path) in skipped.message
    assert "\n" not in skipped.message


@pytest.mark.parametrize("size", [50 * 1024 * 1024])
def test_ingest_large_file_is_r003_before_reading(
    size: int, tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(size)  # sparse: instant, takes no disk

    def refuse(self: Path) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    skipped = _only(list(read_inputs([str(path)], settings)))
    assert isinstance(skipped, Skipped)
    assert skipped.code == INPUT_TOO_LARGE
    assert "52,428,800 bytes" in skipped.message
    assert "5,000,000" in skipped.message


@pytest.mark.parametrize("name", ["missing.txt"])
def test_ingest_missing_file_is_r012(name: str, tmp_path: Path, settings: Settings) -> None:
    skipped = _only(list(read_inputs([str(tmp_path / name)], settings)))
    assert isinstance(skipped, Skipped)
    assert skipped.code == NOT_FOUND
    assert name in skipped.message


@pytest.mark.parametrize("item", ["ftp://example.com/a.txt"])
def test_ingest_other_schemes_are_r013(item: str, settings: Settings) -> None:
    skipped = _only(list(read_inputs([item], settings)))
    assert isinstance(skipped, Skipped)
    assert skipped.code == UNSUPPORTED_INPUT


@pytest.mark.parametrize("text", [ARTICLE])
def test_ingest_batch_goes_on_in_order(text: str, tmp_path: Path, settings: Settings) -> None:
    good = tmp_path / "good.txt"
    good.write_text(text, encoding="utf-8")
    german = tmp_path / "german.md"
    german.write_text(
        "Der Leuchtturmwärter von Wexmoor ist nach vierzig Jahren in den Ruhestand gegangen, "
        "teilte die Hafenbehörde am Sonntag mit.",
        encoding="utf-8",
    )
    inputs = [str(good), str(tmp_path / "gone.txt"), str(german), str(good)]
    results = list(read_inputs(inputs, settings))
    assert [type(r).__name__ for r in results] == ["Article", "Skipped", "Skipped", "Article"]
    assert [r.origin for r in results] == inputs
    assert [r.code for r in results if isinstance(r, Skipped)] == [NOT_FOUND, NOT_ENGLISH]


@pytest.mark.parametrize("text", [ARTICLE])
def test_ingest_directory_expands_sorted(text: str, tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text(text, encoding="utf-8")
    (tmp_path / "README.md").write_text(text, encoding="utf-8")  # named only, never expanded
    (tmp_path / "a.htm").write_text("<html><body></body></html>", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("a,b", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(text, encoding="utf-8")
    results = list(read_inputs([str(tmp_path)], settings))
    assert [Path(r.origin).name for r in results] == ["a.htm", "b.txt", "c.txt"]
    assert isinstance(results[0], Skipped)  # an empty page: no article text


@pytest.mark.parametrize("name", ["empty-dir"])
def test_ingest_empty_directory_is_skipped(name: str, tmp_path: Path, settings: Settings) -> None:
    (tmp_path / name).mkdir()
    skipped = _only(list(read_inputs([str(tmp_path / name)], settings)))
    assert isinstance(skipped, Skipped)
    assert skipped.code == EMPTY_INPUT


@pytest.mark.parametrize("text", [ARTICLE])
def test_ingest_stdin(text: str, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    article = _only(list(read_inputs(["-"], settings)))
    assert isinstance(article, Article)
    assert article.origin == "<stdin>"
    assert article.text == text


@pytest.mark.parametrize("limit", [100])
def test_ingest_stdin_over_limit(limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"word " * 100)))
    skipped = _only(list(read_inputs(["-"], Settings(max_input_bytes=limit))))
    assert isinstance(skipped, Skipped)
    assert skipped.code == INPUT_TOO_LARGE


@pytest.mark.parametrize("text", [ARTICLE])
def test_read_text_raises_input_error(text: str, settings: Settings) -> None:
    assert read_text(text.encode(), origin="x", settings=settings).text == text
    with pytest.raises(InputError) as info:
        read_text(b"", origin="x", settings=settings)
    assert info.value.code == EMPTY_INPUT
