"""PolNeAR export: read a split's texts as articles, write attributions as scorer predictions.

The prediction format is the one of ``shared/eval/polnear/score.py`` (its README, section 2):
one JSON object per attribution, ``{"doc", "source", "cue", "content"}``, with character
offsets (Python string indices, end exclusive) into the split's ``text/<doc>.txt``.
Offsets are only meaningful on unredacted text: run the pipeline with redaction off.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rashomon.errors import NOT_FOUND, InputError, PipelineError
from rashomon.model import Analysis, Article, Part, PartKind, TextSpan

TEXT_DIR = "text"


def read_split(split_dir: Path) -> list[Article]:
    """Every ``split_dir/text/*.txt`` as one all-body article, sorted by file name.

    The text is decoded as UTF-8 and read exactly as the scorer reads it (``open`` in text
    mode, so offsets agree with the gold annotations); nothing is stripped or normalised.
    """
    text_dir = split_dir / TEXT_DIR
    paths = sorted(text_dir.glob("*.txt")) if text_dir.is_dir() else []
    if not paths:
        raise InputError(
            f"No PolNeAR texts in {str(text_dir)!r}: expected a split directory holding "
            "text/*.txt (e.g. shared/data/polnear/dev).",
            code=NOT_FOUND,
        )
    articles = []
    for path in paths:
        with path.open(encoding="utf-8") as handle:  # same decoding as score.py
            text = handle.read()
        articles.append(
            Article(
                id=path.stem,
                text=text,
                parts=(Part(PartKind.BODY, 0, len(text)),),
                origin=str(path),
            )
        )
    return articles


def _offsets(span: TextSpan | None, doc_id: str, length: int) -> list[int] | None:
    """``[start, end]`` of a span; None for a missing or empty one (it covers no token)."""
    if span is None or span.end == span.start:
        return None
    if not 0 <= span.start < span.end <= length:
        raise PipelineError(
            f"Attribution span [{span.start}, {span.end}] lies outside document {doc_id!r} "
            f"(length {length}); the attribution stage produced a bad offset."
        )
    return [span.start, span.end]


def attributions_to_predictions(doc_id: str, analysis: Analysis) -> list[dict[str, Any]]:
    """The scorer's prediction records for one analysed article, in attribution order.

    ``content`` is always a list of ``[start, end]`` fragments. Empty spans cover no token
    and are left out (an empty source or cue becomes null); an attribution left with no
    content is not written, because the scorer requires content. ``kind`` is extra: the
    scorer ignores it.
    """
    length = len(analysis.article.text)
    records: list[dict[str, Any]] = []
    for attribution in analysis.attributions:
        fragments = (_offsets(span, doc_id, length) for span in attribution.content)
        content = [fragment for fragment in fragments if fragment is not None]
        if not content:
            continue
        records.append(
            {
                "doc": doc_id,
                "source": _offsets(attribution.source, doc_id, length),
                "cue": _offsets(attribution.cue, doc_id, length),
                "content": content,
                "kind": str(attribution.kind),
            }
        )
    return records
