"""Small fictional analyses built by hand (no spaCy): a ferry fire in the invented port of
Dunmere, reported by invented outlets. Article ``n`` differs from the others in its text."""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path

from spacy.language import Language

from rashomon.config import Settings
from rashomon.ingest import read_inputs
from rashomon.model import (
    Analysis,
    Article,
    Attribution,
    AttributionKind,
    Claim,
    Claimant,
    ClaimantType,
    ClaimType,
    CueStance,
    Event,
    EventType,
    Figure,
    FigureCategory,
    FigureQualifier,
    Hedge,
    Part,
    PartKind,
    PiiKind,
    Place,
    Precision,
    PublishedSource,
    Redaction,
    Skipped,
    TextSpan,
    TimeExpression,
)
from rashomon.pipeline import analyse_articles

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

TITLE = "Ferry fire off Dunmere: accounts of the injured differ"


def _span(text: str, needle: str, after: int = 0) -> TextSpan:
    start = text.index(needle, after)
    return TextSpan(start, start + len(needle), needle)


def make_analysis(n: int = 1) -> Analysis:
    """Fictional article ``n`` (1, 2, ...) with claimants, attributions, claims, a figure
    per claimant, a time, a place and an event."""
    body = (
        f"The Dunmere Port Office said {10 + n} passengers were hurt on Monday. "
        f'"The crew acted fast," harbour master Ilse Varn told reporters. '
        f"According to the seafarers' guild, at least {20 + n} people were injured. "
        f"The fire will likely keep the pier closed. Call [PHONE####] with tips."
    )
    text = f"{TITLE}\n\n{body}"
    body_start = len(TITLE) + 2
    mask_at = text.index("[PHONE####]")
    article = Article(
        id=f"fictional-dunmere-{n:04d}",
        text=text,
        parts=(Part(PartKind.TITLE, 0, len(TITLE)), Part(PartKind.BODY, body_start, len(text))),
        title=TITLE,
        outlet="The Dunmere Courier" if n % 2 else None,
        url=f"https://courier.example/dunmere/{n}" if n % 2 else None,
        byline="By Ola Brent",
        published=date(2031, 6, 2) if n % 2 else None,
        published_source=PublishedSource.METADATA if n % 2 else None,
        origin=f"fixtures/dunmere.jsonl:{n}",
        redactions=(Redaction(mask_at, mask_at + 11, PiiKind.PHONE),),
    )
    port = Claimant(
        "c1",
        "Dunmere Port Office",
        ClaimantType.GOVERNMENT_BODY,
        aliases=("the port office",),
        mentions=(_span(text, "The Dunmere Port Office"),),
    )
    varn = Claimant(
        "c2",
        "Ilse Varn",
        ClaimantType.PERSON,
        role="harbour master",
        affiliation="Dunmere Port Office",
        part_of="c1",
        aliases=("Varn",),
        mentions=(_span(text, "harbour master Ilse Varn"),),
    )
    guild = Claimant("c3", "seafarers' guild", ClaimantType.ORGANISATION)
    port_count = _span(text, f"{10 + n} passengers")
    guild_count = _span(text, f"at least {20 + n} people")
    attributions = (
        Attribution(
            source=_span(text, "The Dunmere Port Office"),
            cue=_span(text, "said"),
            content=(_span(text, f"{10 + n} passengers were hurt on Monday"),),
            kind=AttributionKind.INDIRECT,
            claimant_id="c1",
        ),
        Attribution(
            source=_span(text, "harbour master Ilse Varn"),
            cue=_span(text, "told"),
            content=(_span(text, "The crew"), _span(text, "acted fast,")),
            kind=AttributionKind.DIRECT,
            stance=CueStance.NEUTRAL,
            claimant_id="c2",
        ),
        Attribution(
            source=_span(text, "the seafarers' guild"),
            cue=_span(text, "According to"),
            content=(_span(text, f"at least {20 + n} people were injured"),),
            kind=AttributionKind.ACCORDING_TO,
            claimant_id="c3",
        ),
    )
    hedge_cue = _span(text, "likely")
    outlet_claim = _span(text, "The fire will likely keep the pier closed.")
    claims = (
        Claim("claim-1", "outlet", _span(text, TITLE), (_span(text, TITLE),), ClaimType.FACT,
              part=PartKind.TITLE),
        Claim("claim-2", "c1", attributions[0].content[0], attributions[0].content,
              ClaimType.FACT, attribution_id="att-1"),
        Claim("claim-3", "c2", TextSpan(attributions[1].content[0].start,
                                        attributions[1].content[-1].end, ""),
              attributions[1].content, ClaimType.JUDGEMENT, attribution_id="att-2"),
        Claim("claim-4", "c3", attributions[2].content[0], attributions[2].content,
              ClaimType.FACT, attribution_id="att-3"),
        Claim("claim-5", "outlet", outlet_claim, (outlet_claim,), ClaimType.PREDICTION,
              hedges=(Hedge(hedge_cue, outlet_claim),)),
    )  # fmt: skip
    figures = (
        Figure("fig-1", port_count, FigureCategory.WOUNDED, "passengers", 10 + n, 10 + n,
               FigureQualifier.EXACT, "c1", "claim-2"),
        Figure("fig-2", guild_count, FigureCategory.WOUNDED, None, 20 + n, None,
               FigureQualifier.AT_LEAST, "c3", "claim-4"),
    )  # fmt: skip
    monday = TimeExpression(
        _span(text, "on Monday"),
        "2031-06-02" if n % 2 else None,
        Precision.DAY if n % 2 else None,
        "weekday",
    )
    dunmere = Place(
        _span(text, "Dunmere", body_start),
        "Dunmere",
        "city",
        country="XO",
        lat=51.123456789,
        lon=-0.5,
        alternatives=("Dunmere, XQ",),
        source="curated:dunmere",
    )
    event = Event(
        "ev-1",
        EventType.WOUNDING,
        "ASSAULT",
        _span(text, "hurt"),
        when=monday,
        where=(dunmere,),
        victims=port_count,
        claim_ids=("claim-2",),
        figure_ids=("fig-1",),
    )
    return Analysis(
        article=article,
        attributions=attributions,
        claimants=(port, varn, guild),
        model="core_web_sm-3.8.0",
        rules="cues.en.v1",
        version="0.1.0",
        warnings=() if n % 2 else ("publication date unknown: no date in the text",),
        claims=claims,
        figures=figures,
        events=(event,),
        times=(monday,),
        places=(dunmere,),
    )


def make_skipped(n: int = 1) -> Skipped:
    return Skipped(f"fixtures/bad-{n}.bin", "R002", f"fixtures/bad-{n}.bin is binary.", None)


@functools.cache
def example_analyses(nlp: Language) -> tuple[Analysis, ...]:
    """Real analyses of the bundled (fictional) examples, made once per test session."""
    settings = Settings()
    inputs = sorted(str(p) for p in EXAMPLES.iterdir() if p.suffix in {".txt", ".html"})
    read = read_inputs([*inputs, str(EXAMPLES / "corpus.jsonl")], settings)
    articles = [item for item in read if not isinstance(item, Skipped)]
    return tuple(analyse_articles(articles, nlp=nlp, settings=settings))
