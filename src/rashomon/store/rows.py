"""Rows of one analysis: the article, the analysis document and the flat per-article rows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert

from rashomon.model import Analysis
from rashomon.store.serialize import analysis_to_dict
from rashomon.store.tables import (
    AnalysisRow,
    ArticleRow,
    ClaimantRow,
    ClaimRow,
    EventRow,
    FigureRow,
)


def insert_analysis(
    conn: Connection, analysis: Analysis, *, digest: str, run_id: str | None
) -> None:
    """Insert one article, its analysis and its flat rows (inside the caller's transaction)."""
    insert_analyses(conn, [(analysis, digest)], run_id=run_id)


def insert_analyses(
    conn: Connection, analyses: Sequence[tuple[Analysis, str]], *, run_id: str | None
) -> None:
    """Insert articles (with their content hashes), their analyses and flat rows, one bulk
    insert per table (inside the caller's transaction)."""
    now = datetime.now(UTC)
    articles: list[dict[str, Any]] = []
    documents: list[dict[str, Any]] = []
    flat: dict[Any, list[dict[str, Any]]] = {}
    for analysis, digest in analyses:
        article = analysis.article
        document = analysis_to_dict(analysis)
        document["article"] = {k: v for k, v in document["article"].items() if k != "text"}
        articles.append(
            {
                "id": article.id,
                "content_hash": digest,
                "url": article.url,
                "outlet": article.outlet,
                "title": article.title,
                "byline": article.byline,
                "published": article.published,
                "published_source": (
                    None if article.published_source is None else article.published_source.value
                ),
                "language": article.language,
                "origin": article.origin,
                "text": article.text,
                "ingested_at": now,
                "run_id": run_id,
            }
        )
        documents.append(
            {
                "article_id": article.id,
                "document": document,
                "rashomon_version": analysis.version,
                "rules": analysis.rules,
                "model": analysis.model,
            }
        )
        for table, rows in flat_rows(analysis, document).items():
            flat.setdefault(table, []).extend(rows)
    if not articles:
        return
    conn.execute(insert(ArticleRow), articles)
    conn.execute(insert(AnalysisRow), documents)
    for table, rows in flat.items():
        if rows:
            conn.execute(insert(table), rows)


def flat_rows(analysis: Analysis, document: dict[str, Any]) -> dict[Any, list[dict[str, Any]]]:
    from rashomon.present.records import claimant_for  # writing only (see serialize)

    article_id = analysis.article.id

    def name_of(claimant_id: str | None) -> str | None:
        claimant = claimant_for(analysis, claimant_id)
        return None if claimant is None else claimant.name

    claimants = [
        {
            "article_id": article_id,
            "key": c.id,
            "name": c.name,
            "type": c.type.value,
            "role": c.role,
            "affiliation": c.affiliation,
            "part_of": c.part_of,
            "aliases": list(c.aliases),
        }
        for c in analysis.claimants
    ]
    claims = [
        {
            "article_id": article_id,
            "key": c.id,
            "claimant_key": c.claimant_id,
            "claimant_name": name_of(c.claimant_id),
            "type": c.type.value,
            "part": c.part.value,
            "attribution_key": c.attribution_id,
            "adopted_from": c.adopted_from,
            "hedged": bool(c.hedges),
            "span_start": c.text.start,
            "span_end": c.text.end,
            "text": c.text.text,
        }
        for c in analysis.claims
    ]
    figures = [
        {
            "article_id": article_id,
            "key": f.id,
            "claimant_key": f.claimant_id,
            "claimant_name": name_of(f.claimant_id),
            "category": f.category.value,
            "victim_group": f.victim_group,
            "low": f.low,
            "high": f.high,
            "qualifier": f.qualifier.value,
            "claim_key": f.claim_id,
            "span_start": f.text.start,
            "span_end": f.text.end,
            "text": f.text.text,
        }
        for f in analysis.figures
    ]
    events = [
        {
            "article_id": article_id,
            "key": e.id,
            "type": e.type.value,
            "plover": e.plover,
            "trigger": e.trigger.text,
            "when_value": None if e.when is None else e.when.value,
            "when_precision": (
                None if e.when is None or e.when.precision is None else e.when.precision.value
            ),
            "places": record["where"],
            "claim_keys": list(e.claim_ids),
            "figure_keys": list(e.figure_ids),
        }
        for e, record in zip(analysis.events, document["events"], strict=True)
    ]
    return {ClaimantRow: claimants, ClaimRow: claims, FigureRow: figures, EventRow: events}
