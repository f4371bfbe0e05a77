"""analyse: the one module that runs every stage, in order, on articles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace

from spacy.language import Language

from rashomon import __version__
from rashomon.actors import actor_words
from rashomon.attribution import CueLexicon, find_attributions, load_lexicon, resolve_claimants
from rashomon.attribution.combine import combine
from rashomon.attribution.discourse import (
    carry_claims,
    cue_starts,
    earlier_reports,
    give_voices,
    lede_claims,
    sentence_voices,
)
from rashomon.attribution.tagger import AttributionTagger, load_tagger
from rashomon.claims import ClaimLexicon, extract_claims, load_claim_lexicon
from rashomon.config import Settings
from rashomon.dates import extract_times, infer_published
from rashomon.deadline import TimeLimitExceeded, time_limit
from rashomon.errors import ARTICLE_TIMEOUT
from rashomon.events import extract_events
from rashomon.figures import extract_figures
from rashomon.model import Analysis, Article, Skipped
from rashomon.parse import ParsedArticle, parse_articles
from rashomon.places import Gazetteer, extract_places
from rashomon.redact import recognisers_for, redact_article


@dataclass(frozen=True, slots=True)
class Resources:
    """What the stages load once and share: lexicons and the gazetteer."""

    cues: CueLexicon
    claims: ClaimLexicon
    gazetteer: Gazetteer
    tagger: AttributionTagger | None = None  # None: the rules alone


def analyse_articles(
    articles: Iterable[Article],
    *,
    nlp: Language,
    settings: Settings,
    lexicon: CueLexicon | None = None,
    claim_lexicon: ClaimLexicon | None = None,
    gazetteer: Gazetteer | None = None,
    tagger: AttributionTagger | None = None,
) -> Iterator[Analysis]:
    """Analyse articles in input order: redact, parse, attribute, resolve claimants, then
    claims, time, places, figures and events.

    Resources not given are loaded once for the call (the gazetteer is closed at the end).
    The learned attribution tagger runs unless ``settings.tagger`` is off. No time limit:
    ``analyse_each`` is the batch form that skips a runaway article.
    """
    with ExitStack() as stack:
        resources = _resources(stack, settings, lexicon, claim_lexicon, gazetteer, tagger)
        recognisers = recognisers_for(settings)
        prepared = (redact_article(a, recognisers) if settings.redact else a for a in articles)
        for parsed in parse_articles(prepared, nlp, batch_size=settings.batch_size):
            yield analyse_parsed(parsed, resources=resources, model=_model_name(nlp))


def analyse_each(
    articles: Iterable[Article],
    *,
    nlp: Language,
    settings: Settings,
    lexicon: CueLexicon | None = None,
    resources: Resources | None = None,
) -> Iterator[Analysis | Skipped]:
    """``analyse_articles`` for a batch: an article whose analysis after parsing runs past
    ``settings.article_time_limit`` seconds becomes a ``Skipped`` (R017) and the batch
    goes on. The limit holds in the main thread only (``rashomon.deadline``); parsing is
    bounded by ``max_article_chars`` instead. ``resources`` (from ``open_resources``) lets
    a worker that analyses many small batches load them once.
    """
    with ExitStack() as stack:
        if resources is None:
            resources = _resources(stack, settings, lexicon, None, None, None)
        recognisers = recognisers_for(settings)
        prepared = (redact_article(a, recognisers) if settings.redact else a for a in articles)
        model = _model_name(nlp)
        for parsed in parse_articles(prepared, nlp, batch_size=settings.batch_size):
            try:
                with time_limit(settings.article_time_limit):
                    analysis = analyse_parsed(parsed, resources=resources, model=model)
            except TimeLimitExceeded:
                yield _timed_out(parsed.article, settings.article_time_limit)
            else:
                yield analysis


def _timed_out(article: Article, seconds: float) -> Skipped:
    message = (
        f"{article.origin} took more than {seconds:g} s to analyse and was skipped; "
        "raise article_time_limit (RASHOMON_ARTICLE_TIME_LIMIT) to give it longer."
    )
    return Skipped(article.origin, ARTICLE_TIMEOUT, message, article.id)


@contextmanager
def open_resources(settings: Settings) -> Iterator[Resources]:
    """The lexicons, the gazetteer and (unless ``settings.tagger`` is off) the tagger, loaded
    once for many ``analyse_each`` calls; the gazetteer is closed on the way out."""
    with ExitStack() as stack:
        yield _resources(stack, settings, None, None, None, None)


def _resources(
    stack: ExitStack,
    settings: Settings,
    lexicon: CueLexicon | None,
    claim_lexicon: ClaimLexicon | None,
    gazetteer: Gazetteer | None,
    tagger: AttributionTagger | None,
) -> Resources:
    if gazetteer is None:
        gazetteer = stack.enter_context(Gazetteer.open())
    cues = lexicon if lexicon is not None else load_lexicon()
    if tagger is None and settings.tagger:
        tagger = load_tagger(lexicon=cues)
    return Resources(
        cues=cues,
        claims=claim_lexicon if claim_lexicon is not None else load_claim_lexicon(),
        gazetteer=gazetteer,
        tagger=tagger if settings.tagger else None,
    )


def analyse_parsed(parsed: ParsedArticle, *, resources: Resources, model: str) -> Analysis:
    """Every stage after parsing, on one parsed article."""
    attributions = find_attributions(parsed, lexicon=resources.cues)
    rules = resources.cues.version
    if resources.tagger is not None:
        # the tagger reads the rules' attributions as features and returns its own
        tagged = resources.tagger.find_attributions(parsed, attributions)
        attributions = combine(tagged, attributions)
        rules = f"{rules}+{resources.tagger.version}"
    rules = f"{rules}+{actor_words().version}"  # the actor words the stages read
    attributions, claimants = resolve_claimants(parsed, attributions)
    warnings: list[str] = []
    article = parsed.article
    published, published_source, reason = infer_published(article, parsed.doc)
    if article.published is None and published is not None:
        article = replace(article, published=published, published_source=published_source)
        parsed = ParsedArticle(article=article, doc=parsed.doc)
    elif published is None:
        warnings.append(f"publication date unknown: {reason}")
    times = extract_times(parsed, published)
    places = extract_places(parsed, resources.gazetteer)
    claims = extract_claims(parsed, attributions, claimants, lexicon=resources.claims)
    figures = extract_figures(parsed, attributions, claims)
    reporting = {f.sentence.start for f in figures if f.sentence is not None}
    voices = sentence_voices(parsed, attributions, claimants, reporting)
    ledes = lede_claims(parsed, attributions, claimants, claims)
    figures = give_voices(figures, voices, ledes, cue_starts(article.text, claims, attributions))
    figures = earlier_reports(parsed, figures)
    claims = carry_claims(claims, figures)
    events = extract_events(parsed, claims, figures, times, places)
    return Analysis(
        article=article,
        attributions=tuple(attributions),
        claimants=tuple(claimants),
        model=model,
        rules=rules,
        version=__version__,
        warnings=tuple(warnings),
        claims=tuple(claims),
        figures=tuple(figures),
        events=tuple(events),
        times=tuple(times),
        places=tuple(places),
    )


def _model_name(nlp: Language) -> str:
    return f"{nlp.meta.get('name', '')}-{nlp.meta.get('version', '')}"


def analyse_article(
    article: Article, *, nlp: Language, settings: Settings, lexicon: CueLexicon | None = None
) -> Analysis:
    """Analyse one article."""
    return next(analyse_articles([article], nlp=nlp, settings=settings, lexicon=lexicon))
