"""Load a spaCy pipeline once and parse articles with it."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc
from thinc.api import Model, NumpyOps

from rashomon.errors import ModelNotFoundError, PipelineError
from rashomon.model import Article
from rashomon.parse.tail import FastTail

PARAGRAPH_COMPONENT = "rashomon_paragraph_breaks"
# Texts longer than this are parsed in sections cut at paragraph breaks and joined into one
# Doc (offsets unchanged): far below spaCy's max_length (1,000,000), and it bounds the
# parser's memory. News articles are shorter, so their parse never changes.
SECTION_CHARS = 50_000
# Where a section may end, best first: after a blank line, a line break, a sentence, a space.
_CUTS = ("\n\n", "\n", ". ", " ")


# A run of tokens with no sentence end (". ! ?" or a line break) longer than this is cut
# after a comma, semicolon, colon or dash once it passes LONG_SENTENCE_SOFT tokens, and
# anywhere at LONG_SENTENCE_HARD. News sentences are far shorter (PolNeAR's longest is 130
# tokens); a 30,000-character run-on sentence (crawled lists, fuzzed text) otherwise makes
# every per-sentence step quadratic in the article's length.
LONG_SENTENCE_SOFT = 150
LONG_SENTENCE_HARD = 250
_SENTENCE_ENDS = frozenset({".", "!", "?"})
_SOFT_CUTS = frozenset({",", ";", ":", "-", "–", "—"})


@Language.component(PARAGRAPH_COMPONENT)
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, so titles, captions and paragraphs never merge,
    and inside runs of tokens too long to be one sentence (``LONG_SENTENCE_SOFT``).

    The parser keeps sentence starts set before it, and only adds more.
    """
    run = 0
    for token in doc[:-1]:
        run += 1
        after = doc[token.i + 1]
        if "\n" in token.text or "\n" in token.whitespace_:
            after.is_sent_start = True
            run = 0
        elif token.text in _SENTENCE_ENDS:
            run = 0
        elif run >= LONG_SENTENCE_HARD or (run >= LONG_SENTENCE_SOFT and token.text in _SOFT_CUTS):
            after.is_sent_start = True
            run = 0
    return doc


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """An article with its spaCy parse (tokens, sentences, dependencies, entities)."""

    article: Article
    doc: Doc


def _installed_pipelines() -> list[str]:
    return sorted(spacy.util.get_installed_models())


def load_pipeline(name: str, *, numpy_blas: bool = True) -> Language:
    """Load an installed spaCy pipeline by package name or path; never downloads.

    ``numpy_blas``: run its matrix products on numpy's BLAS (``use_numpy_blas``); False
    leaves spaCy's own (BLIS). The lemmatizer's word lists are indexed
    (``index_lemma_forms``) either way."""
    is_path = Path(name).exists()
    if not is_path and importlib.util.find_spec(name) is None:
        installed = ", ".join(_installed_pipelines()) or "none"
        raise ModelNotFoundError(
            f"Can't load spaCy model {name!r}. Installed pipelines: {installed}. "
            "Pass --model NAME or set RASHOMON_MODEL."
        )
    try:
        nlp = spacy.load(name)
    except OSError as e:
        raise ModelNotFoundError(f"Can't load spaCy model {name!r}: {e}") from e
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
    if numpy_blas:
        use_numpy_blas(nlp)
    index_lemma_forms(nlp)
    return nlp


class _IndexedForms(list[str]):
    """A list of known forms that answers ``in`` from a set (the same answers)."""

    __slots__ = ("_known",)

    def __init__(self, forms: Iterable[str]) -> None:
        super().__init__(forms)
        self._known = frozenset(self)

    def __contains__(self, form: object) -> bool:
        return form in self._known


def index_lemma_forms(nlp: Language) -> None:
    """Let the rule lemmatizer look its known forms up in a set.

    spaCy's ``Lemmatizer.rule_lemmatize`` asks, for each form its suffix rules make,
    ``form in index``, where the index is the ``lemma_index`` table's list of that part of
    speech's words (57,528 nouns in ``en_core_web_sm``): a scan of the list, 0.14 ms per
    word it has not seen yet, 7% of an article's analysis in a new process. Each list is
    replaced by a list of the same words, in the same order, whose ``in`` asks a set:
    every lemma is the same (tested), and the table still reads and saves as lists."""
    for _, component in nlp.pipeline:
        if not isinstance(component, Lemmatizer) or not component.lookups.has_table("lemma_index"):
            continue
        table = component.lookups.get_table("lemma_index")
        for key, forms in list(table.items()):
            if isinstance(forms, list) and not isinstance(forms, _IndexedForms):
                dict.__setitem__(table, key, _IndexedForms(forms))


def use_numpy_blas(nlp: Language) -> None:
    """Run the pipeline's matrix products on numpy's BLAS (OpenBLAS in numpy's wheels)
    rather than the BLIS that thinc uses by default.

    The BLIS build that spaCy installs falls back to its generic kernel on CPUs it does not
    recognise (an AMD EPYC under a hypervisor, here: about 25 GFLOP/s, against OpenBLAS's
    70 on one core), which makes the parse about a quarter slower. The floats differ in
    their last bits (and, with OpenBLAS, with the batch a text is parsed in), the
    decisions do not: on PolNeAR dev and 400 train texts (387,346 tokens) every tag, lemma,
    dependency, sentence start and entity is the same either way, and so is every analysis
    of PolNeAR dev and ``../shared/corpora``. Only models on thinc's CPU ops are switched;
    any other backend (a GPU) is left as it is.
    """
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if not isinstance(model, Model):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps:
                node.ops = ops


def parse_articles(
    articles: Iterable[Article],
    nlp: Language,
    *,
    batch_size: int = 32,
    section_chars: int = SECTION_CHARS,
) -> Iterator[ParsedArticle]:
    """Parse articles in batches with ``nlp.pipe``, in input order.

    An article longer than ``section_chars`` is parsed in sections (``split_sections``) whose
    Docs are joined into one with the article's exact text, so no text is too long for spaCy.
    Where the pipeline allows it, its attribute ruler and lemmatizer are replaced by
    ``FastTail``, which sets the same values faster (``rashomon.parse.tail``).
    """
    pending: list[Doc] = []
    pairs = _section_pairs(articles, section_chars)
    tail = FastTail.for_pipeline(nlp)
    skipped = list(tail.replaces) if tail is not None else []
    for doc, (article, last) in nlp.pipe(
        pairs, as_tuples=True, batch_size=batch_size, disable=skipped
    ):
        pending.append(tail(doc) if tail is not None else doc)
        if last:
            yield ParsedArticle(article=article, doc=_join(pending, article.text))
            pending = []


def split_sections(text: str, limit: int = SECTION_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters that join back into it.

    Each cut falls after the last blank line in the piece, else the last line break, else
    the last sentence end, else the last space (after a whole run of it); a text with
    none of those is cut at ``limit``.
    """
    if limit <= 0:
        raise ValueError("limit must be positive")
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = next(
            (
                position
                for mark in _CUTS
                if (position := _cut_after(text, mark, start, end)) > start
            ),
            end,
        )
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def _cut_after(text: str, mark: str, start: int, end: int) -> int:
    """The position after the last ``mark`` in ``text[start:end]`` and the whitespace
    following it (within ``end``); ``start`` when there is none."""
    found = text.rfind(mark, start, end)
    if found < 0:
        return start
    position = found + len(mark)
    while position < end and text[position].isspace():
        position += 1
    return position


def _section_pairs(
    articles: Iterable[Article], section_chars: int
) -> Iterator[tuple[str, tuple[Article, bool]]]:
    for article in articles:
        sections = split_sections(article.text, section_chars)
        for index, section in enumerate(sections):
            yield section, (article, index == len(sections) - 1)


def _join(docs: list[Doc], text: str) -> Doc:
    if len(docs) == 1:
        return docs[0]
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    if doc.text != text:  # from_docs keeps every character; a bug if it ever does not
        raise PipelineError("Joining the parsed sections of a long article changed its text.")
    return doc
