"""Analysis and Skipped as plain JSON-ready dicts: the one documented output shape.

The shape is described by ``rashomon/schema/analysis.schema.json`` and ``docs/output.md``.
Every offset is a character offset (Python string index, end exclusive) into
``article.text``; spans carry their text so a reader never has to slice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rashomon.errors import PipelineError
from rashomon.model import Analysis, Article, Attribution, Claimant, PartKind, Skipped, TextSpan

FRAGMENT_JOINER = " … "  # between the fragments of discontinuous content
OUTLET_REPORTER = "outlet"
READER_PARTS = frozenset({PartKind.COMMENT, PartKind.COMMENT_META})


def attribution_id(index: int) -> str:
    """The id of the ``index``-th attribution (0-based) in an analysis: ``att-1``, ``att-2``..."""
    return f"att-{index + 1}"


def content_text(attribution: Attribution) -> str:
    """The content's fragments joined with `` … ``."""
    return FRAGMENT_JOINER.join(fragment.text for fragment in attribution.content)


def is_reader_voice(attribution: Attribution) -> bool:
    """True for what a reader reports (comments), never to be mixed with the outlet's voice."""
    return attribution.reporter_id != OUTLET_REPORTER or attribution.part in READER_PARTS


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
