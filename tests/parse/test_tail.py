"""``FastTail`` sets exactly what spaCy's attribute ruler and lemmatizer set."""

from __future__ import annotations

import numpy as np
import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IS_SPACE, LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language

from rashomon.model import Article
from rashomon.parse import parse_articles
from rashomon.parse.tail import FastTail
from support import REPO

TEXTS = [
    "",
    " ",
    "\n\n  \n",
    "Hello",
    'U.S. officials said, "It\'s got to be done."  \n\nThere is a man who gets it; '
    "there are others who got it too.",
    "The ministry said 12 people were killed and 40 wounded in the strike on Tuesday, "
    "according to the regional governor, who was quoted by Reuters.",
    "a" * 300 + " " + "b. " * 40,
]
ATTRS = [ORTH, TAG, POS, DEP, HEAD, MORPH, LEMMA, ENT_IOB, ENT_TYPE, IS_SPACE]


def _texts() -> list[str]:
    examples = sorted((REPO / "examples").glob("*.txt"))
    return TEXTS + [path.read_text(encoding="utf-8") for path in examples]


def test_the_shipped_pipeline_gets_the_stand_in(nlp: Language) -> None:
    tail = FastTail.for_pipeline(nlp)
    assert tail is not None
    assert tail.replaces == ("attribute_ruler", "lemmatizer")
    assert FastTail.for_pipeline(nlp) is tail  # built once per pipeline


@pytest.mark.parametrize("rounds", [1, 2])  # the second round reads the caches
def test_parse_sets_what_the_plain_pipeline_sets(nlp: Language, rounds: int) -> None:
    texts = _texts()
    articles = [Article(id=str(i), text=t, parts=()) for i, t in enumerate(texts)]
    for _ in range(rounds):
        parsed = [p.doc for p in parse_articles(articles, nlp)]
    plain = list(nlp.pipe(texts))
    for mine, theirs in zip(parsed, plain, strict=True):
        assert np.array_equal(mine.to_array(ATTRS), theirs.to_array(ATTRS)), theirs.text[:40]
        assert [str(t.morph) for t in mine] == [str(t.morph) for t in theirs]
        assert [t.lemma_ for t in mine] == [t.lemma_ for t in theirs]


def test_a_pipeline_without_the_two_runs_as_loaded() -> None:
    blank = Language()
    assert FastTail.for_pipeline(blank) is None


def test_a_pipeline_with_the_two_disabled_runs_as_it_is(nlp: Language) -> None:
    small = nlp.select_pipes(enable=["tok2vec", "tagger", "parser"])
    try:
        assert FastTail.for_pipeline(nlp) is None
        (parsed,) = parse_articles([Article(id="a", text=TEXTS[4], parts=())], nlp)
        assert all(t.lemma == 0 and t.pos_ == "" for t in parsed.doc)  # nothing set them
    finally:
        small.restore()
    assert FastTail.for_pipeline(nlp) is not None
