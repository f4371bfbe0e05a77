"""Load a spaCy pipeline once and parse articles with it."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from rashomon.errors import ModelNotFoundError
from rashomon.model import Article

PARAGRAPH_COMPONENT = "rashomon_paragraph_breaks"


@Language.component(PARAGRAPH_COMPONENT)
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, so titles, captions and paragraphs never merge.

    The parser keeps sentence starts set before it, and only adds more.
    """
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """An article with its spaCy parse (tokens, sentences, dependencies, entities)."""

    article: Article
    doc: Doc


def _installed_pipelines() -> list[str]:
    return sorted(spacy.util.get_installed_models())


def load_pipeline(name: str) -> Language:
    """Load an installed spaCy pipeline by package name or path; never downloads."""
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
    return nlp


def parse_articles(
    articles: Iterable[Article], nlp: Language, *, batch_size: int = 32
) -> Iterator[ParsedArticle]:
    """Parse articles in batches with ``nlp.pipe``, in input order."""
    pairs = ((article.text, article) for article in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield ParsedArticle(article=article, doc=doc)
