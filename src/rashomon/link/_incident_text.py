"""Text similarity for incident linking: sparse TF-IDF over each article's title and lead.

An editor reads the headline and the first paragraphs to tell one happening from another
("DIY store" against "printing house", "train station" against "pizza restaurant"). Each
article becomes a bag of its title and lead words: folded to lower case, function words and
reporting verbs dropped, a plural "s" stripped, and words of five letters or more reduced to
their consonant skeleton, so that transliterations of one name ("Epicentr", "Epicenter")
are one term. Weights are sublinear term frequency times ``log(N / df)`` over the articles
being linked (a term every article has weighs nothing; below ``MIN_DOCS`` articles there are
no weights, and text neither links nor parts articles), vectors are L2-normalised and cut to
their ``MAX_TERMS`` heaviest terms, so that memory and comparison time stay bounded per
article. Standard library only (no scikit-learn in the lock file).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rashomon.link.names import fold, skeleton
from rashomon.model import Article

MAX_TERMS = 60  # heaviest terms kept per article
MIN_TERMS = 5  # fewer distinct terms: too little text to compare
MIN_DOCS = 20  # fewer articles: document counts say nothing, and no article gets a vector
_WORD = re.compile(r"[^\W\d_]+")
# function words, reporting verbs and words of every casualty report: they name no happening
STOPWORDS = frozenset(
    word
    for line in (
        "a about above after again against all also am an and any are as at be because been",
        "before being below between both but by can could did do does doing down during each",
        "few for from further had has have having he her here hers herself him himself his how",
        "i if in into is it its itself just me more most my myself no nor not now of off on once",
        "only or other our ours out over own same she should so some such than that the their",
        "theirs them themselves then there these they this those through to too under until up",
        "very was we were what when where which while who whom why will with would you your",
        "said says say saying told tell according reported reports report added one two",
        "three four five six seven eight nine ten year years day days week weeks month months",
        "time people least including news new via image images photo photos video",
        "monday tuesday wednesday thursday friday saturday sunday today yesterday",
        "january february march april may june july august september october november december",
    )
    for word in line.split()
)

Vector = Mapping[str, float]
# the sublinear term frequency 1 + log(n) of the counts most terms have, reckoned once
_TF_KNOWN = 64
_TF = (0.0, *(1.0 + math.log(n) for n in range(1, _TF_KNOWN)))


@dataclass(frozen=True, slots=True)
class TextIndex:
    """Each article's TF-IDF vector (by input position), and each term's document count."""

    vectors: tuple[Vector, ...]
    df: Mapping[str, int]
    size: int


def lead_text(article: Article, lead_chars: int) -> str:
    """The title and the first ``lead_chars`` characters of the text."""
    return f"{article.title or ''}\n{article.text[:lead_chars]}"


def terms(text: str, cache: dict[str, str] | None = None) -> list[str]:
    """The text's terms, in order (see the module docstring); ``cache`` keeps each word's
    term for the caller's run."""
    cache = {} if cache is None else cache
    out: list[str] = []
    for word in _WORD.findall(fold(text)):
        term = cache.get(word)
        if term is None:
            term = word_term(word)
            cache[word] = term
        if term:
            out.append(term)
    return out


def word_term(word: str) -> str:
    """A word's term ("" for none)."""
    if len(word) < 3 or word in STOPWORDS:
        return ""
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return "~" + skeleton(word) if len(word) >= 5 else word


@dataclass(frozen=True, slots=True)
class TermStats:
    """Document counts over a whole store: ``df`` holds (at least) every term of the
    articles being linked, ``size`` is the number of articles counted. Linking a part of a
    store with the store's counts weighs its terms as linking the whole store would."""

    df: Mapping[str, int]
    size: int
    common: frozenset[str] | None = None  # name words too common to key on (else from df)


def article_terms(article: Article, lead_chars: int) -> frozenset[str]:
    """The distinct terms of an article's title and lead (what its document counts count)."""
    return frozenset(terms(lead_text(article, lead_chars)))


def term_counts(
    article: Article, lead_chars: int, cache: dict[str, str] | None = None
) -> Counter[str]:
    """How often each term occurs in an article's title and lead."""
    return Counter(terms(lead_text(article, lead_chars), cache))


def build_index(
    articles: Sequence[Article],
    lead_chars: int,
    stats: TermStats | None = None,
    known: Mapping[str, Mapping[str, int]] | None = None,
    vectors: Mapping[str, Vector] | None = None,
) -> TextIndex:
    """TF-IDF vectors of the articles' titles and leads, weighted over these articles (or
    over the store that ``stats`` counts); ``known`` holds term counts already made
    (``term_counts``, by article id), so that the text is not read again; ``vectors``
    (with ``stats``) vectors already made of some articles, by id, from the same counts
    of their terms over the same number of articles: they are taken as they are."""
    cache: dict[str, str] = {}
    known = known or {}
    made = vectors if vectors is not None and stats is not None else {}
    counts = [
        Counter()
        if article.id in made
        else Counter(known[article.id])
        if article.id in known
        else term_counts(article, lead_chars, cache)
        for article in articles
    ]
    df: Mapping[str, int]
    if stats is None:
        counted: Counter[str] = Counter()
        for count in counts:
            counted.update(count.keys())
        df, size = counted, len(articles)
    else:
        df, size = stats.df, stats.size
    if size < MIN_DOCS:
        return TextIndex(vectors=tuple({} for _ in articles), df=df, size=size)
    found = tuple(
        made[article.id] if article.id in made else _vector(count, df, size)
        for article, count in zip(articles, counts, strict=True)
    )
    return TextIndex(vectors=found, df=df, size=size)


def vector_of(counts: Mapping[str, int], df: Mapping[str, int], size: int) -> Vector:
    """An article's vector as ``build_index`` makes it from its term ``counts``, weighed by
    ``df`` (holding at least its terms) over ``size`` articles."""
    if size < MIN_DOCS:
        return {}
    return _vector(Counter(counts), df, size)


def vectors_of(
    counts: Mapping[str, Mapping[str, int]], df: Mapping[str, int], size: int
) -> dict[str, Vector]:
    """``vector_of`` of many articles' term ``counts`` (by article id) at once: each term's
    weight over the ``size`` articles is reckoned once (the same numbers)."""
    if size < MIN_DOCS:
        return {article_id: {} for article_id in counts}
    idf: dict[str, float] = {}
    out: dict[str, Vector] = {}
    for article_id, count in counts.items():
        if len(count) < MIN_TERMS:
            out[article_id] = {}
            continue
        weights: dict[str, float] = {}
        for term, n in count.items():
            weight = idf.get(term)
            if weight is None:
                weight = idf[term] = math.log(size / max(df.get(term, 0), 1))
            weights[term] = (_TF[n] if n < _TF_KNOWN else 1.0 + math.log(n)) * weight
        out[article_id] = _normalised(weights)
    return out


def _vector(count: Counter[str], df: Mapping[str, int], size: int) -> Vector:
    if len(count) < MIN_TERMS:
        return {}
    # a term the counts lack (too long to store) counts as this article's alone
    weights = {
        term: (_TF[n] if n < _TF_KNOWN else 1.0 + math.log(n))
        * math.log(size / max(df.get(term, 0), 1))
        for term, n in count.items()
    }
    return _normalised(weights)


def _normalised(weights: Mapping[str, float]) -> Vector:
    """The ``MAX_TERMS`` heaviest positive weights, as a unit vector."""
    kept = [(w, t) for t, w in weights.items() if w > 0.0]
    kept.sort(reverse=True)
    del kept[MAX_TERMS:]
    norm = math.sqrt(sum([w * w for w, _ in kept]))
    if norm == 0.0:
        return {}
    return {t: w / norm for w, t in kept}


def cosine(left: Vector, right: Vector) -> float:
    """Cosine similarity of two normalised vectors."""
    if len(left) > len(right):
        left, right = right, left
    # the terms that one lacks add nothing: the shared ones are summed, in the same order
    return sum([w * right[t] for t, w in left.items() if t in right])


def top_terms(vector: Vector, count: int) -> list[str]:
    """The ``count`` heaviest terms of a vector (ties by term)."""
    return [t for _, t in sorted(((-w, t) for t, w in vector.items()))[:count]]


def centroid(vectors: Sequence[Vector]) -> Vector:
    """The normalised sum of ``vectors``."""
    total: dict[str, float] = {}
    for vector in vectors:
        for term, weight in vector.items():
            total[term] = total.get(term, 0.0) + weight
    norm = math.sqrt(sum(w * w for w in total.values()))
    return {t: w / norm for t, w in total.items()} if norm else {}
