"""Exact, faster stand-ins for spaCy's attribute ruler and rule lemmatizer.

In ``en_core_web_sm`` these two components take about a fifth of the parse, nearly all of
it per-token Python work: the attribute ruler runs a 179-pattern ``Matcher`` over every
token and builds a ``Span`` per match; the lemmatizer builds a ``Token`` and a morphology
dict per token and caches only the lemmas that needed its rules. ``parse_articles`` runs
the pipeline without them and then applies ``FastTail`` to each Doc, which writes the same
values in a few array passes:

* attribute ruler: what a pattern of one token sets depends only on the token's tag, its
  dependency label, whether it is a space, and its lowercase form when a pattern names it;
  the merged attributes are kept per such key (found the first time by the ruler's own
  matcher on that token). Other patterns (several tokens, a regular expression) still run
  through a ``Matcher``, and all are applied in the ruler's order (later patterns win), as
  ``AttributeRuler`` does.
* lemmatizer: the lemma is a function of the token's text, part of speech and morphology
  (spaCy's own cache key), so every lemma is cached by that key, not only ruled ones.

``FastTail.for_pipeline`` returns None (and the pipeline runs as loaded) unless the
pipeline has the shape this was checked on: an ``attribute_ruler`` then a rule-mode
``lemmatizer``, followed by nothing or by an ``ner`` that reads only lexical features
(so running it before them changes nothing). Tests compare every token attribute with
the plain pipeline's.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, EntityRecognizer, Lemmatizer
from spacy.tokens import Doc
from thinc.types import Ints2d

RULER = "attribute_ruler"
LEMMATIZER = "lemmatizer"
# attributes a rule may set: token-only ones, so applying them as arrays is what
# spaCy's set_token_attrs does
_SET = (POS, TAG, DEP, MORPH, LEMMA)
_SETTABLE = frozenset(_SET)
# what a one-token pattern may test, with the key fields that decide it
_TESTABLE = frozenset({"TAG", "DEP", "LOWER", "IS_SPACE"})
# the NER may run before the two only if its features are lexical (the token's text)
_LEXICAL_FEATURES = frozenset({"NORM", "PREFIX", "SUFFIX", "SHAPE", "ORTH", "LOWER", "SPACY"})
_CACHE_LIMIT = 500_000  # entries per cache; cleared when reached (a long-running server)
_COLUMNS = [ORTH, LOWER, IS_SPACE, TAG, DEP, POS, MORPH, LEMMA]
_ORTH, _LOWER, _SPACE, _TAG, _DEP, _POS, _MORPH, _LEMMA = range(len(_COLUMNS))
_RULED = [_POS, _TAG, _DEP, _MORPH, _LEMMA]  # the table's columns of _SET, in its order

_TAILS: weakref.WeakKeyDictionary[Language, FastTail] = weakref.WeakKeyDictionary()


class FastTail:
    """The attribute ruler and the lemmatizer of one pipeline, applied to a parsed Doc."""

    def __init__(self, nlp: Language, ruler: AttributeRuler, lemmatizer: Lemmatizer) -> None:
        self.replaces = (RULER, LEMMATIZER)
        self._vocab = nlp.vocab
        self._ruler = ruler
        self._lemmatizer = lemmatizer
        self._single: dict[int, int] = {}  # match id -> rule index (keyed patterns)
        self._single_matcher = Matcher(nlp.vocab)
        self._multi: dict[int, int] = {}  # match id -> rule index (the other patterns)
        self._multi_matcher = Matcher(nlp.vocab)
        self._attrs: list[dict[int, int]] = [dict(a) for a in ruler.attrs]
        self._index: list[int] = list(ruler.indices)
        self._lowers: set[int] = set()  # lowercase forms a keyed pattern names
        for rule, entry in enumerate(ruler.patterns):
            patterns = cast(list[list[dict[str, Any]]], entry["patterns"])
            key = f"rashomon_tail_{rule}"
            match_id = nlp.vocab.strings.add(key)
            if all(_keyed(p) for p in patterns):
                for pattern in patterns:
                    self._lowers.update(_named_lowers(nlp, pattern[0]))
                self._single[match_id] = rule
                self._single_matcher.add(key, patterns)
            else:
                self._multi[match_id] = rule
                self._multi_matcher.add(key, patterns)
        self._lower_array = np.array(sorted(self._lowers), dtype=np.uint64)
        # key -> (keyed rules that apply, in order; the (column, value) pairs they set)
        self._ruled: dict[
            tuple[int, int, int, int], tuple[tuple[int, ...], tuple[tuple[int, int], ...]]
        ] = {}
        self._lemmas: dict[tuple[int, int, int], int] = {}

    @classmethod
    def for_pipeline(cls, nlp: Language) -> FastTail | None:
        """The stand-in for ``nlp`` as its components are enabled now, or None where it does
        not apply and the pipeline must run its own components. Asked per parse: a pipeline
        with some components disabled (``select_pipes``) may not get one. Built once per
        pipeline, again if its ruler or lemmatizer is replaced or the ruler gains rules."""
        parts = cls._parts(nlp)
        if parts is None:
            return None
        ruler, lemmatizer = parts
        tail = _TAILS.get(nlp)
        if tail is None or not tail._built_from(ruler, lemmatizer):
            tail = _TAILS[nlp] = cls(nlp, ruler, lemmatizer)
        return tail

    def _built_from(self, ruler: AttributeRuler, lemmatizer: Lemmatizer) -> bool:
        return (
            self._ruler is ruler
            and self._lemmatizer is lemmatizer
            and len(ruler.attrs) == len(self._attrs)
        )

    @staticmethod
    def _parts(nlp: Language) -> tuple[AttributeRuler, Lemmatizer] | None:
        """The ruler and the lemmatizer when the enabled pipeline has the checked shape."""
        names = nlp.pipe_names
        if RULER not in names or LEMMATIZER not in names:
            return None
        at = names.index(RULER)
        if names[at + 1 : at + 2] != [LEMMATIZER]:
            return None
        ruler, lemmatizer = nlp.get_pipe(RULER), nlp.get_pipe(LEMMATIZER)
        if type(ruler) is not AttributeRuler or not isinstance(lemmatizer, Lemmatizer):
            return None
        if lemmatizer.mode != "rule" or lemmatizer.overwrite:
            return None
        if not all(set(a) <= _SETTABLE for a in ruler.attrs):
            return None
        if not all(_lexical_ner(nlp, name) for name in names[at + 2 :]):
            return None
        return ruler, lemmatizer

    def __call__(self, doc: Doc) -> Doc:
        """Set what the attribute ruler and then the lemmatizer would set on ``doc``."""
        if len(doc) == 0:
            return doc
        if len(self._ruled) > _CACHE_LIMIT:
            self._ruled.clear()
        table = doc.to_array(_COLUMNS)
        multi = self._multi_matches(doc)  # matched before anything is set, as the ruler does
        # one key per token (tag, dependency, space, a named lowercase form or 0); the rules
        # are looked up once per distinct key in the doc, then spread back over its tokens
        lower = table[:, _LOWER].copy()
        lower[~np.isin(lower, self._lower_array)] = 0
        keys = np.stack([table[:, _TAG], table[:, _DEP], table[:, _SPACE], lower], axis=1)
        distinct, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
        sets = np.zeros((len(distinct), len(_SET)), dtype=bool)
        values = np.zeros((len(distinct), len(_SET)), dtype=np.uint64)
        keyed: list[tuple[int, ...]] = []
        for u, (key, i) in enumerate(zip(distinct.tolist(), first.tolist(), strict=True)):
            ruled = self._ruled.get(tuple(key))
            if ruled is None:
                ruled = self._ruled[tuple(key)] = self._keyed_rules(doc, i)
            keyed.append(ruled[0])
            for column, value in ruled[1]:
                sets[u, column] = True
                values[u, column] = value
        inverse = inverse.reshape(-1)
        out = np.where(sets[inverse], values[inverse], table[:, _RULED])
        for i, pairs in multi.items():  # rare: merge in the ruler's order (rule, then start)
            rules = keyed[inverse[i]]
            for column, value in self._merge(r for r, _ in sorted([(r, i) for r in rules] + pairs)):
                out[i, column] = value
        doc.from_array(list(_SET), cast(Ints2d, out))
        self._lemmatize(doc, table[:, _ORTH], out)
        return doc

    def _multi_matches(self, doc: Doc) -> dict[int, list[tuple[int, int]]]:
        """Token -> (rule, match start) for the patterns that go through the matcher."""
        found: dict[int, list[tuple[int, int]]] = {}
        for match_id, start, end in self._multi_matcher(doc, allow_missing=True):
            rule = self._multi[match_id]
            target = range(start, end)[self._index[rule]]  # a negative index counts back
            found.setdefault(target, []).append((rule, start))
        return found

    def _merge(self, rules: Iterable[int]) -> tuple[tuple[int, int], ...]:
        """(column, value) pairs that rules applied in this order leave (later win)."""
        merged: dict[int, int] = {}
        for rule in rules:
            merged.update(self._attrs[rule])
        return tuple((column, merged[attr]) for column, attr in enumerate(_SET) if attr in merged)

    def _keyed_rules(self, doc: Doc, i: int) -> tuple[tuple[int, ...], tuple[tuple[int, int], ...]]:
        """The keyed rules that apply to token ``i``, by the ruler's own matcher, in order,
        and what they set."""
        matches = self._single_matcher(doc[i : i + 1], allow_missing=True)
        rules = tuple(sorted(self._single[match_id] for match_id, _, _ in matches))
        return rules, self._merge(rules)

    def _lemmatize(self, doc: Doc, orth: np.ndarray[Any, Any], ruled: np.ndarray[Any, Any]) -> None:
        """Lemmas for tokens without one (the lemmatizer's rule: it never overwrites);
        ``ruled``: the columns POS, TAG, DEP, MORPH, LEMMA after the attribute ruler."""
        if len(self._lemmas) > _CACHE_LIMIT:
            self._lemmas.clear()
        missing = np.flatnonzero(ruled[:, 4] == 0)
        if len(missing) == 0:
            return
        keys = np.stack([orth[missing], ruled[missing, 0], ruled[missing, 3]], axis=1)
        distinct, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
        found = np.empty(len(distinct), dtype=np.uint64)
        for u, (key, at) in enumerate(zip(distinct.tolist(), first.tolist(), strict=True)):
            value = self._lemmas.get(tuple(key))
            if value is None:
                text = self._lemmatizer.lemmatize(doc[int(missing[at])])[0]
                value = self._lemmas[tuple(key)] = self._vocab.strings.add(text)
            found[u] = value
        lemmas = ruled[:, 4:5].copy()
        lemmas[missing, 0] = found[inverse.reshape(-1)]
        doc.from_array([LEMMA], cast(Ints2d, lemmas))


def _keyed(pattern: Sequence[Mapping[str, Any]]) -> bool:
    """Whether a pattern is one token testing only what ``FastTail`` keys on (tag,
    dependency, space, a lowercase form or a list of them); others go to a ``Matcher``."""
    if len(pattern) != 1 or not set(pattern[0]) <= _TESTABLE:
        return False
    lower = pattern[0].get("LOWER")
    return (
        lower is None
        or isinstance(lower, str)
        or (isinstance(lower, dict) and set(lower) == {"IN"})
    )


def _named_lowers(nlp: Language, token: Mapping[str, Any]) -> set[int]:
    lower = token.get("LOWER")
    if lower is None:
        return set()
    words = [lower] if isinstance(lower, str) else list(lower["IN"])
    return {nlp.vocab.strings.add(word) for word in words}


def _lexical_ner(nlp: Language, name: str) -> bool:
    """Whether component ``name`` is an entity recognizer with its own token-to-vector
    layer over lexical features only (so it reads nothing the ruler or lemmatizer set)."""
    if not isinstance(nlp.get_pipe(name), EntityRecognizer):
        return False
    config = nlp.config["components"][name]["model"]["tok2vec"]
    embed = config.get("embed", {})
    attrs = embed.get("attrs")
    return (
        isinstance(attrs, list)
        and set(attrs) <= _LEXICAL_FEATURES
        and "Listener" not in str(config.get("@architectures", ""))
        and not embed.get("include_static_vectors", False)
    )
