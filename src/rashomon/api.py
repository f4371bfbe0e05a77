"""The small public Python API: analyse a text or a file in one call."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language

from rashomon.config import Settings
from rashomon.errors import InputError
from rashomon.ingest import read_inputs
from rashomon.ingest.text import build_article
from rashomon.model import Analysis, Skipped
from rashomon.parse import load_pipeline
from rashomon.pipeline import analyse_each


def analyse_text(
    text: str,
    *,
    nlp: Language | None = None,
    settings: Settings | None = None,
    origin: str = "<text>",
) -> Analysis:
    """Analyse one article given as text (page parts are recognised as in a .txt file).

    Raises ``InputError`` for empty, too long (R015) or non-English text, and for a text
    whose analysis runs past ``settings.article_time_limit`` (R017, main thread only).
    Lone surrogates are read as U+FFFD. Pass ``nlp`` (from ``load_pipeline``) to reuse a
    loaded pipeline across calls.
    """
    settings = settings or Settings()
    article = build_article(text, origin=origin, settings=settings)
    nlp = nlp if nlp is not None else load_pipeline(settings.model)
    result = next(analyse_each([article], nlp=nlp, settings=settings))
    if isinstance(result, Skipped):
        raise InputError(result.message, code=result.code)
    return result


def analyse_file(
    path: str | Path, *, nlp: Language | None = None, settings: Settings | None = None
) -> list[Analysis | Skipped]:
    """Analyse a file (.txt, .html, .jsonl: one result per line) or a URL, in input order."""
    settings = settings or Settings()
    read = list(read_inputs([str(path)], settings))
    articles = [r for r in read if not isinstance(r, Skipped)]
    if not articles:
        if read and isinstance(read[0], Skipped):
            raise InputError(read[0].message, code=read[0].code)
        return []
    nlp = nlp if nlp is not None else load_pipeline(settings.model)
    analysed = iter(analyse_each(articles, nlp=nlp, settings=settings))
    return [r if isinstance(r, Skipped) else next(analysed) for r in read]
