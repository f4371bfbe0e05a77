"""``use_numpy_blas``: spaCy's matrix products on numpy's BLAS give the same parse."""

from __future__ import annotations

import numpy as np
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, POS, SENT_START, TAG
from spacy.language import Language
from thinc.api import Model, NumpyOps

from rashomon.config import Settings
from rashomon.parse import load_pipeline
from support import REPO

ATTRS = [TAG, POS, DEP, HEAD, LEMMA, ENT_IOB, ENT_TYPE, SENT_START]


def _ops(nlp: Language) -> set[bool]:
    """use_blis of every thinc CPU ops object the pipeline's models hold."""
    found = set()
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            found |= {n.ops.use_blis for n in model.walk() if isinstance(n.ops, NumpyOps)}
    return found


def test_the_loaded_pipeline_runs_on_numpy_blas_and_parses_as_spacy_does(nlp: Language) -> None:
    stock = load_pipeline(Settings().model, numpy_blas=False)
    assert _ops(nlp) == {False}
    assert True in _ops(stock)
    texts = [path.read_text(encoding="utf-8") for path in sorted((REPO / "examples").glob("*.txt"))]
    texts.append("The army said 12 people were killed in Kharkiv on Tuesday, the governor said.")
    assert len(texts) >= 3
    for ours, theirs in zip(nlp.pipe(texts), stock.pipe(texts), strict=True):
        assert np.array_equal(ours.to_array(ATTRS), theirs.to_array(ATTRS))
