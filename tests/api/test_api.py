"""The public API: rashomon.analyse_text / analyse_file / load_pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

import rashomon
from rashomon.errors import InputError
from rashomon.model import Analysis, Skipped

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_api_analyse_text(nlp: Language) -> None:
    text = (
        "Shelling in Velmar\n\nThe health ministry said that 41 people were killed. "
        "Call +1 202-555-0143 for news."
    )
    analysis = rashomon.analyse_text(text, nlp=nlp)
    assert analysis.article.title == "Shelling in Velmar"
    assert analysis.attributions[0].cue is not None
    assert "555-0143" not in analysis.article.text  # redacted by default


def test_api_analyse_file_keeps_input_order(nlp: Language, tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    lines = (EXAMPLES / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    corpus.write_text("\n".join([lines[0], "{broken", lines[1]]) + "\n", encoding="utf-8")
    results = rashomon.analyse_file(corpus, nlp=nlp)
    assert [type(r) for r in results] == [Analysis, Skipped, Analysis]


def test_api_analyse_file_bad_input_raises(nlp: Language, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   ", encoding="utf-8")
    with pytest.raises(InputError) as error:
        rashomon.analyse_file(empty, nlp=nlp)
    assert error.value.code == "R001"


def test_api_unknown_attribute() -> None:
    with pytest.raises(AttributeError):
        rashomon.no_such_thing  # noqa: B018
