"""analyse: the one module that runs every stage, in order, on articles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language

from rashomon import __version__
from rashomon.attribution import CueLexicon, find_attributions, load_lexicon, resolve_claimants
from rashomon.config import Settings
from rashomon.model import Analysis, Article
from rashomon.parse import parse_articles
from rashomon.redact import redact_article


def analyse_articles(
    articles: Iterable[Article],
    *,
    nlp: Language,
    settings: Settings,
    lexicon: CueLexicon | None = None,
) -> Iterator[Analysis]:
    """Analyse articles in input order: redact, parse, attribute, resolve claimants."""
    cues = lexicon if lexicon is not None else load_lexicon()
    prepared = (redact_article(a) if settings.redact else a for a in articles)
    for parsed in parse_articles(prepared, nlp, batch_size=settings.batch_size):
        attributions = find_attributions(parsed, lexicon=cues)
        attributions, claimants = resolve_claimants(parsed, attributions)
        yield Analysis(
            article=parsed.article,
            attributions=tuple(attributions),
            claimants=tuple(claimants),
            model=f"{nlp.meta.get('name', '')}-{nlp.meta.get('version', '')}",
            rules=cues.version,
            version=__version__,
        )


def analyse_article(
    article: Article, *, nlp: Language, settings: Settings, lexicon: CueLexicon | None = None
) -> Analysis:
    """Analyse one article."""
    return next(analyse_articles([article], nlp=nlp, settings=settings, lexicon=lexicon))
