"""PolNeAR export: reading a split and writing the scorer's prediction format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rashomon.errors import NOT_FOUND, InputError, PipelineError
from rashomon.evaluation import attributions_to_predictions, read_split
from rashomon.model import (
    Analysis,
    Article,
    Attribution,
    AttributionKind,
    Part,
    PartKind,
    TextSpan,
)

TEXT = 'Officials said the bridge was safe. "It will hold," the mayor said, "for years."\n'


def _span(text: str, sub: str, nth: int = 0) -> TextSpan:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return TextSpan(start, start + len(sub), sub)


def _analysis(attributions: list[Attribution], text: str = TEXT) -> Analysis:
    article = Article(id="doc", text=text, parts=(Part(PartKind.BODY, 0, len(text)),))
    return Analysis(article=article, attributions=tuple(attributions), claimants=())


def _offsets(span: TextSpan) -> list[int]:
    return [span.start, span.end]


@pytest.mark.parametrize("names", [["b_doc", "a_doc", "c_doc"]])
def test_evaluation_read_split_sorted_raw_text(tmp_path: Path, names: list[str]) -> None:
    text_dir = tmp_path / "text"
    text_dir.mkdir()
    raw = "  Title line \n\nBody with “curly” quotes, é and trailing spaces.  \n\n\n"
    for name in names:
        (text_dir / f"{name}.txt").write_bytes(f"{name}\n{raw}".encode())
    (text_dir / "notes.md").write_text("not a text", encoding="utf-8")

    articles = read_split(tmp_path)

    assert [article.id for article in articles] == sorted(names)
    for article in articles:
        assert article.text == f"{article.id}\n{raw}"
        assert article.parts == (Part(PartKind.BODY, 0, len(article.text)),)
        assert article.origin == str(text_dir / f"{article.id}.txt")
        assert article.redactions == ()


@pytest.mark.parametrize("layout", ["missing", "empty_text_dir"])
def test_evaluation_read_split_without_texts_is_an_input_error(tmp_path: Path, layout: str) -> None:
    split = tmp_path / "split"
    if layout == "empty_text_dir":
        (split / "text").mkdir(parents=True)
    with pytest.raises(InputError) as excinfo:
        read_split(split)
    assert excinfo.value.code == NOT_FOUND
    assert "text/*.txt" in excinfo.value.message


@pytest.mark.parametrize("text", [TEXT])
def test_evaluation_predictions_format(text: str) -> None:
    said = _span(text, "said", 1)
    direct = Attribution(
        source=_span(text, "the mayor"),
        cue=said,
        content=(_span(text, '"It will hold,"'), _span(text, '"for years."')),
        kind=AttributionKind.DIRECT,
    )
    indirect = Attribution(
        source=None,
        cue=_span(text, "said"),
        content=(_span(text, "the bridge was safe"),),
        kind=AttributionKind.INDIRECT,
    )

    records = attributions_to_predictions("doc", _analysis([direct, indirect], text))

    assert records == [
        {
            "doc": "doc",
            "source": _offsets(_span(text, "the mayor")),
            "cue": _offsets(said),
            "content": [_offsets(span) for span in direct.content],
            "kind": "direct",
        },
        {
            "doc": "doc",
            "source": None,
            "cue": _offsets(_span(text, "said")),
            "content": [_offsets(_span(text, "the bridge was safe"))],
            "kind": "indirect",
        },
    ]
    line = json.loads(json.dumps(records[0]))  # what the CLI writes, one line each
    assert text[line["source"][0] : line["source"][1]] == "the mayor"
    assert [text[s:e] for s, e in line["content"]] == ['"It will hold,"', '"for years."']


@pytest.mark.parametrize("text", [TEXT])
def test_evaluation_predictions_drop_empty_spans(text: str) -> None:
    empty = TextSpan(5, 5, "")
    no_content = Attribution(
        source=None, cue=_span(text, "said"), content=(empty,), kind=AttributionKind.INDIRECT
    )
    empty_cue = Attribution(
        source=empty,
        cue=empty,
        content=(empty, _span(text, "the bridge was safe")),
        kind=AttributionKind.NOMINAL,
    )

    records = attributions_to_predictions("doc", _analysis([no_content, empty_cue], text))

    assert records == [
        {
            "doc": "doc",
            "source": None,
            "cue": None,
            "content": [_offsets(_span(text, "the bridge was safe"))],
            "kind": "nominal",
        }
    ]


@pytest.mark.parametrize("start, end", [(-1, 3), (70, len(TEXT) + 1)])
def test_evaluation_predictions_reject_offsets_outside_the_text(start: int, end: int) -> None:
    bad = Attribution(
        source=None, cue=None, content=(TextSpan(start, end, "x"),), kind=AttributionKind.DIRECT
    )
    with pytest.raises(PipelineError, match="outside document 'doc'"):
        attributions_to_predictions("doc", _analysis([bad]))


@pytest.mark.parametrize("text", [TEXT])
def test_evaluation_predictions_empty_when_nothing_found(text: str) -> None:
    assert attributions_to_predictions("doc", _analysis([], text)) == []
