"""Analysis and Skipped as plain JSON-ready dicts: the one documented output shape.

The shape is described by ``rashomon/schema/analysis.schema.json`` and ``docs/output.md``.
Every offset is a character offset (Python string index, end exclusive) into
``article.text``; spans carry their text so a reader never has to slice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rashomon.errors import PipelineError
from rashomon.model import (
    Analysis,
    Article,
    Attribution,
    Claim,
    Claimant,
    ClaimantType,
    Event,
    Figure,
    Hedge,
    Incident,
    PartKind,
    Place,
    Skipped,
    TextSpan,
    TimeExpression,
)

FRAGMENT_JOINER = " … "  # between the fragments of discontinuous content
OUTLET_REPORTER = "outlet"
READER_PARTS = frozenset({PartKind.COMMENT, PartKind.COMMENT_META})
READER_PREFIX = "reader-"


def attribution_id(index: int) -> str:
    """The id of the ``index``-th attribution (0-based) in an analysis: ``att-1``, ``att-2``..."""
    return f"att-{index + 1}"


def content_text(attribution: Attribution) -> str:
    """The content's fragments joined with `` … ``."""
    return FRAGMENT_JOINER.join(fragment.text for fragment in attribution.content)


def is_reader_voice(attribution: Attribution) -> bool:
    """True for what a reader reports (comments), never to be mixed with the outlet's voice."""
    return attribution.reporter_id != OUTLET_REPORTER or attribution.part in READER_PARTS


def is_reader_claim(claim: Claim) -> bool:
    """True for a claim made in a reader comment (a reader's voice, never the outlet's)."""
    return claim.part in READER_PARTS or (claim.claimant_id or "").startswith(READER_PREFIX)


def claimant_for(analysis: Analysis, claimant_id: str | None) -> Claimant | None:
    """The claimant with ``claimant_id``; the outlet's and readers' voices always resolve.

    The claimant stage lists the outlet (``outlet``) and each comment's reader (``reader-N``)
    among the claimants; where an analysis does not, they stand in as the attribution stage
    names them, so an outlet's claim is never shown as unresolved.
    """
    found = analysis.claimant(claimant_id)
    if found is not None or claimant_id is None:
        return found
    if claimant_id == OUTLET_REPORTER:
        name = analysis.article.outlet or "the outlet"
        return Claimant(
            OUTLET_REPORTER, name, ClaimantType.MEDIA_OUTLET, "publisher of the article"
        )
    number = claimant_id.removeprefix(READER_PREFIX)
    if claimant_id.startswith(READER_PREFIX) and number.isdigit():
        return Claimant(claimant_id, f"reader comment {number}", ClaimantType.READER, "reader")
    return None


def _span(span: TextSpan) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.text}


def _optional_span(span: TextSpan | None) -> dict[str, Any] | None:
    return None if span is None else _span(span)


def _content(attribution: Attribution, att_id: str) -> dict[str, Any]:
    fragments = attribution.content
    if not fragments:
        raise PipelineError(f"Attribution {att_id} has no content span; cannot report it.")
    return {
        "start": min(f.start for f in fragments),
        "end": max(f.end for f in fragments),
        "text": content_text(attribution),
        "fragments": [_span(f) for f in fragments],
    }


def _claimant_ref(claimant: Claimant | None) -> dict[str, Any] | None:
    if claimant is None:
        return None
    return {
        "id": claimant.id,
        "name": claimant.name,
        "type": claimant.type.value,
        "role": claimant.role,
    }


def _article(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "byline": article.byline,
        "published": None if article.published is None else article.published.isoformat(),
        "published_source": (
            None if article.published_source is None else article.published_source.value
        ),
        "language": article.language,
        "origin": article.origin,
        "text": article.text,
        "parts": [
            {"kind": p.kind.value, "start": p.start, "end": p.end, "index": p.index}
            for p in article.parts
        ],
        "redactions": [
            {"kind": r.kind.value, "start": r.start, "end": r.end} for r in article.redactions
        ],
    }


def _claimant(claimant: Claimant) -> dict[str, Any]:
    return {
        "id": claimant.id,
        "name": claimant.name,
        "type": claimant.type.value,
        "role": claimant.role,
        "affiliation": claimant.affiliation,
        "part_of": claimant.part_of,
        "aliases": list(claimant.aliases),
        "mentions": [_span(m) for m in claimant.mentions],
    }


def _attribution(analysis: Analysis, attribution: Attribution, att_id: str) -> dict[str, Any]:
    return {
        "id": att_id,
        "source": _optional_span(attribution.source),
        "cue": _optional_span(attribution.cue),
        "content": _content(attribution, att_id),
        "kind": attribution.kind.value,
        "stance": attribution.stance.value,
        "negated": attribution.negated,
        "passive": attribution.passive,
        "part": attribution.part.value,
        "reporter": attribution.reporter_id,
        "method": attribution.method,
        "claimant": _claimant_ref(analysis.claimant(attribution.claimant_id)),
        "co_claimants": [
            ref
            for ref in (_claimant_ref(analysis.claimant(c)) for c in attribution.co_claimant_ids)
            if ref is not None
        ],
    }


def _hedge(hedge: Hedge) -> dict[str, Any]:
    return {"cue": _span(hedge.cue), "scope": _span(hedge.scope)}


def _claim(analysis: Analysis, claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "text": _span(claim.text),
        "fragments": [_span(f) for f in claim.fragments],
        "type": claim.type.value,
        "claimant": _claimant_ref(claimant_for(analysis, claim.claimant_id)),
        "part": claim.part.value,
        "attribution": claim.attribution_id,
        "hedges": [_hedge(h) for h in claim.hedges],
        "adopted_from": claim.adopted_from,
    }


def _figure(analysis: Analysis, figure: Figure) -> dict[str, Any]:
    return {
        "id": figure.id,
        "text": _span(figure.text),
        "category": figure.category.value,
        "victim_group": figure.victim_group,
        "low": figure.low,
        "high": figure.high,
        "qualifier": figure.qualifier.value,
        "value": figure.value,
        "among": None if figure.among is None else figure.among.value,
        "claimant": _claimant_ref(claimant_for(analysis, figure.claimant_id)),
        "claim": figure.claim_id,
        "attribution": figure.attribution.value,
        "sentence": None if figure.sentence is None else _span(figure.sentence),
    }


def _time(time: TimeExpression) -> dict[str, Any]:
    return {
        "text": _span(time.text),
        "value": time.value,
        "precision": None if time.precision is None else time.precision.value,
        "derived_from": time.derived_from,
        "duration": time.duration,
    }


def _place(place: Place) -> dict[str, Any]:
    return {
        "text": _span(place.text),
        "name": place.name,
        "kind": place.kind,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "precision": place.precision,
        "alternatives": list(place.alternatives),
        "source": place.source,
    }


def _event(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "type": event.type.value,
        "plover": event.plover,
        "trigger": _span(event.trigger),
        "when": None if event.when is None else _time(event.when),
        "where": [_place(p) for p in event.where],
        "actor": _optional_span(event.actor),
        "target": _optional_span(event.target),
        "victims": _optional_span(event.victims),
        "claims": list(event.claim_ids),
        "figures": list(event.figure_ids),
    }


def analysis_to_dict(analysis: Analysis) -> dict[str, Any]:
    """One analysed article as a JSON-ready dict (``"ok": true``); deterministic."""
    return {
        "ok": True,
        "rashomon_version": analysis.version,
        "model": analysis.model,
        "rules": analysis.rules,
        "warnings": list(analysis.warnings),
        "article": _article(analysis.article),
        "claimants": [_claimant(c) for c in analysis.claimants],
        "attributions": [
            _attribution(analysis, a, attribution_id(i))
            for i, a in enumerate(analysis.attributions)
        ],
        "claims": [_claim(analysis, c) for c in analysis.claims],
        "figures": [_figure(analysis, f) for f in analysis.figures],
        "events": [_event(e) for e in analysis.events],
        "times": [_time(t) for t in analysis.times],
        "places": [_place(p) for p in analysis.places],
    }


def skipped_to_dict(skipped: Skipped) -> dict[str, Any]:
    """An input that could not be analysed, as a JSON-ready dict (``"ok": false``)."""
    return {
        "ok": False,
        "origin": skipped.origin,
        "article_id": skipped.article_id,
        "error": skipped.message,
        "code": skipped.code,
    }


def result_to_dict(result: Analysis | Skipped) -> dict[str, Any]:
    """Either record kind as a dict."""
    if isinstance(result, Skipped):
        return skipped_to_dict(result)
    return analysis_to_dict(result)


def results_to_dicts(results: Sequence[Analysis | Skipped]) -> list[dict[str, Any]]:
    """Every result as a dict, in input order."""
    return [result_to_dict(result) for result in results]


def incident_to_dict(incident: Incident) -> dict[str, Any]:
    """An incident as ``rashomon incidents --format json`` writes it (also the web API's and
    the export's incident record): id, type, article ids, first and last day, places, rules."""
    return {
        "id": incident.id,
        "type": str(incident.type),
        "articles": list(incident.article_ids),
        "start": None if incident.start is None else incident.start.isoformat(),
        "end": None if incident.end is None else incident.end.isoformat(),
        "places": list(incident.places),
        "rules": list(incident.rules),
    }
