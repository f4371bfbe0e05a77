"""``index_lemma_forms``: the rule lemmatizer asks a set, and every lemma stays spaCy's."""

from __future__ import annotations

import numpy as np
import spacy
from spacy.attrs import LEMMA, POS, TAG
from spacy.language import Language
from spacy.pipeline import Lemmatizer

from rashomon.config import Settings
from rashomon.parse import pipeline as parse_pipeline
from rashomon.parse.pipeline import index_lemma_forms
from support import REPO


def _index_lists(nlp: Language) -> list[list[str]]:
    lemmatizer = nlp.get_pipe("lemmatizer")
    assert isinstance(lemmatizer, Lemmatizer)
    return list(lemmatizer.lookups.get_table("lemma_index").values())


def test_the_loaded_pipeline_lemmatizes_as_spacy_does(nlp: Language) -> None:
    stock = spacy.load(Settings().model)
    ours = _index_lists(nlp)
    assert ours and all(type(forms).__name__ == "_IndexedForms" for forms in ours)
    assert all(type(forms) is list for forms in _index_lists(stock))
    assert [list(forms) for forms in ours] == _index_lists(stock)  # same words, same order
    texts = [path.read_text(encoding="utf-8") for path in sorted((REPO / "examples").glob("*.txt"))]
    texts.append(
        "Officials said the strikes hit refineries; the wounded were being treated, "
        "and gunmen fleeing the shelled villages were caught. She'd been lying."
    )
    assert len(texts) >= 3
    for got, want in zip(nlp.pipe(texts), stock.pipe(texts), strict=True):
        assert np.array_equal(got.to_array([LEMMA, TAG, POS]), want.to_array([LEMMA, TAG, POS]))


def test_indexed_forms_answer_in_as_the_list_does() -> None:
    forms = parse_pipeline._IndexedForms(["run", "walk", "run", "ca"])
    assert list(forms) == ["run", "walk", "run", "ca"]
    for word in ("run", "walk", "ca", "Run", "", "runs"):
        assert (word in forms) == (word in list(forms))
    assert 3 not in forms  # type: ignore[comparison-overlap]


def test_indexing_twice_changes_nothing(nlp: Language) -> None:
    before = [id(forms) for forms in _index_lists(nlp)]
    index_lemma_forms(nlp)
    assert [id(forms) for forms in _index_lists(nlp)] == before
