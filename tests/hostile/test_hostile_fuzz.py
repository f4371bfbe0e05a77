"""Property tests (Hypothesis) of issue 13: every text and every line the readers and the
analysis accept gives an analysis whose spans are slices of the text, or an ``InputError``;
never another exception. A few hundred examples in all, under a minute; ``bench/fuzz.py``
runs the same families for minutes."""

from __future__ import annotations

import json
import random
from pathlib import Path

from fuzz_texts import fuzz_text, span_problems
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from rashomon.config import Settings
from rashomon.errors import InputError
from rashomon.ingest import read_jsonl
from rashomon.ingest.decode import decode_bytes
from rashomon.ingest.parts import segment_parts
from rashomon.ingest.text import build_article
from rashomon.model import Analysis, Article, Skipped
from rashomon.pipeline import analyse_each

FUZZ = settings(
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
SETTINGS = Settings()


def _analyse(article: Article, nlp: Language) -> Analysis:
    (result,) = analyse_each([article], nlp=nlp, settings=SETTINGS)
    assert isinstance(result, Analysis), result
    assert span_problems(result) == []
    return result


@settings(FUZZ, max_examples=100)
@given(seed=st.integers(0, 2**32 - 1))
def test_hostile_fuzz_families_read_and_analysed(seed: int, nlp: Language) -> None:
    """News-like, quotes, repeated structures, odd unicode and pages, through the reader
    (which may refuse them with an ``InputError``) and the whole analysis."""
    _family, text = fuzz_text(random.Random(seed), scale=0.05)
    try:
        article = build_article(text, origin="fuzz", settings=SETTINGS)
    except InputError:
        return
    analysis = _analyse(article, nlp)
    analysis.article.text.encode("utf-8")


@settings(FUZZ, max_examples=80)
@given(text=st.text(min_size=1, max_size=400))
def test_hostile_fuzz_any_unicode_is_analysed(text: str, nlp: Language) -> None:
    """Any string the Python API can hold, even one the language check would refuse: the
    stages after reading must still be safe on it."""
    try:
        article = build_article(text, origin="fuzz", settings=Settings(min_english_confidence=0))
    except InputError:
        return
    _analyse(article, nlp)


@settings(FUZZ, max_examples=40)
@given(text=st.text(min_size=1, max_size=300))
def test_hostile_fuzz_unchecked_articles(text: str, nlp: Language) -> None:
    """An ``Article`` made by hand (no reader checks at all) is analysed or skipped."""
    article = Article(id="x", text=text, parts=segment_parts(text))
    (result,) = analyse_each([article], nlp=nlp, settings=SETTINGS)
    if isinstance(result, Analysis):
        assert span_problems(result) == []
    else:
        assert isinstance(result, Skipped)


@settings(FUZZ, max_examples=150)
@given(data=st.binary(max_size=2_000))
def test_hostile_fuzz_bytes_decode_or_refuse(data: bytes) -> None:
    try:
        text = decode_bytes(data, origin="fuzz")
    except InputError:
        return
    assert "\r" not in text


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
LINES = st.one_of(
    st.binary(max_size=300),
    JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries(
        {"text": st.text(max_size=200)},
        optional={
            "id": JSON_VALUES,
            "title": JSON_VALUES,
            "outlet": JSON_VALUES,
            "url": JSON_VALUES,
            "published": JSON_VALUES,
            "language": JSON_VALUES,
        },
    ).map(lambda v: json.dumps(v).encode()),
)


@settings(FUZZ, max_examples=150)
@given(lines=st.lists(LINES, min_size=1, max_size=6))
def test_hostile_fuzz_jsonl_lines_skip_only_themselves(lines: list[bytes], tmp_path: Path) -> None:
    path = tmp_path / "fuzz.jsonl"
    path.write_bytes(b"\n".join(line.replace(b"\n", b" ") for line in lines) + b"\n")
    results = list(read_jsonl(path, SETTINGS))
    assert len(results) == sum(1 for line in lines if line.replace(b"\n", b" ").strip())
    for result in results:
        if isinstance(result, Article):
            result.text.encode("utf-8")
            assert result.id.encode("utf-8")
