"""The few reads the pages need that ``rashomon.app`` does not offer: the text and metadata
of an incident's articles (no analysis JSON), the incidents holding an article, and one
claimant's statements across the store. Each is an indexed lookup (article ids, claimant
name), so its cost follows what it returns."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from rashomon.store import Store
from rashomon.store.tables import (
    ArticleRow,
    ClaimantRow,
    ClaimRow,
    FigureRow,
    IncidentHistoryRow,
    IncidentMemberRow,
    IncidentRow,
)

CHUNK = 500
MAX_STATEMENTS = 1000  # a claimant page lists at most this many


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    id: str
    title: str | None
    outlet: str | None
    published: date | None
    url: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Statement:
    """One claim or figure a claimant states in one article."""

    article_id: str
    kind: str  # "claim" or "figure"
    type: str  # the claim's type, or the figure's category
    text: str
    start: int
    end: int
    published: date | None
    outlet: str | None
    title: str | None
    incident_id: str | None


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def articles_info(store: Store, article_ids: Iterable[str]) -> dict[str, ArticleInfo]:
    """Text and metadata of ``article_ids`` (unknown ids left out)."""
    out: dict[str, ArticleInfo] = {}
    columns = (
        ArticleRow.id,
        ArticleRow.title,
        ArticleRow.outlet,
        ArticleRow.published,
        ArticleRow.url,
        ArticleRow.text,
    )
    with store.engine.connect() as conn:
        for part in _chunks(sorted(set(article_ids))):
            for row in conn.execute(select(*columns).where(ArticleRow.id.in_(part))):
                out[row.id] = ArticleInfo(
                    row.id, row.title, row.outlet, row.published, row.url, row.text
                )
    return out


def incidents_of(store: Store, article_ids: Iterable[str]) -> dict[str, str]:
    """{article id: its stored incident id} (an article is in one incident at most)."""
    out: dict[str, str] = {}
    with store.engine.connect() as conn:
        for part in _chunks(sorted(set(article_ids))):
            query = select(IncidentMemberRow.article_id, IncidentMemberRow.incident_id).where(
                IncidentMemberRow.article_id.in_(part)
            )
            out.update((row.article_id, row.incident_id) for row in conn.execute(query))
    return out


def statements(store: Store, name: str, limit: int = MAX_STATEMENTS) -> list[Statement]:
    """The claims and figures of every claimant stored under ``name`` (exact), by date
    (undated last), then article and position; at most ``limit``."""
    with store.engine.connect() as conn:
        owners = conn.execute(
            select(ClaimantRow.article_id, ClaimantRow.key).where(ClaimantRow.name == name)
        ).all()
        keys: dict[str, set[str]] = {}
        for owner in owners:
            keys.setdefault(owner.article_id, set()).add(owner.key)
        found: list[tuple[str, str, str, str, int, int]] = []
        for part in _chunks(sorted(keys)):
            claims = select(
                ClaimRow.article_id,
                ClaimRow.claimant_key,
                ClaimRow.type,
                ClaimRow.text,
                ClaimRow.span_start,
                ClaimRow.span_end,
            ).where(ClaimRow.article_id.in_(part))
            for row in conn.execute(claims):
                if row.claimant_key in keys[row.article_id]:
                    found.append(
                        (row.article_id, "claim", row.type, row.text, row.span_start, row.span_end)
                    )
            figures = select(
                FigureRow.article_id,
                FigureRow.claimant_key,
                FigureRow.category,
                FigureRow.text,
                FigureRow.span_start,
                FigureRow.span_end,
            ).where(FigureRow.article_id.in_(part))
            for row in conn.execute(figures):
                if row.claimant_key in keys[row.article_id]:
                    found.append(
                        (
                            row.article_id,
                            "figure",
                            row.category,
                            row.text,
                            row.span_start,
                            row.span_end,
                        )
                    )
    meta = _meta(store, keys)
    owners_of = incidents_of(store, keys)
    out = [
        Statement(
            article_id=article_id,
            kind=kind,
            type=kind_type,
            text=text,
            start=start,
            end=end,
            published=meta[article_id][0],
            outlet=meta[article_id][1],
            title=meta[article_id][2],
            incident_id=owners_of.get(article_id),
        )
        for article_id, kind, kind_type, text, start, end in found
        if article_id in meta
    ]
    out.sort(key=lambda s: (s.published or date.max, s.article_id, s.start, s.kind))
    return out[:limit]


def _meta(
    store: Store, article_ids: Iterable[str]
) -> dict[str, tuple[date | None, str | None, str | None]]:
    out: dict[str, tuple[date | None, str | None, str | None]] = {}
    columns = (ArticleRow.id, ArticleRow.published, ArticleRow.outlet, ArticleRow.title)
    with store.engine.connect() as conn:
        for part in _chunks(sorted(set(article_ids))):
            for row in conn.execute(select(*columns).where(ArticleRow.id.in_(part))):
                out[row.id] = (row.published, row.outlet, row.title)
    return out


def incident_version(store: Store, incident_id: str) -> tuple[int, str] | None:
    """What changes when an incident's ledger can change: the newest link history entry
    of the store and the incident's last update (two indexed lookups); None when unknown."""
    with store.engine.connect() as conn:
        newest = conn.execute(select(func.max(IncidentHistoryRow.id))).scalar_one()
        updated = conn.execute(
            select(IncidentRow.updated_at).where(IncidentRow.id == incident_id)
        ).scalar_one_or_none()
    if updated is None:
        return None
    return int(newest or 0), str(updated)
