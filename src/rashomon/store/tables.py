"""The store's tables (SQLAlchemy 2 declarative). Meaning: DESIGN.md, "Data model".

One row per article (``content_hash`` UNIQUE: the same normalised text is the same article),
one analysis per article holding the whole analysis as JSON, and flat rows for what later
stages query across articles: claimants, claims, figures, events. Ids inside an article
(``c1``, ``claim-3``, ``fig-2``, ``ev-1``) are kept as ``key`` columns next to
``article_id``; figures and claims name their claimant by that key, because the outlet's
and readers' voices (``outlet``, ``reader-1``) have no claimant row of their own.

Every change here needs a new Alembic revision in ``migrations/versions``; the tests check
that the migrations and these tables agree.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Deterministic constraint names on every dialect, so migrations can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(200)  # article ids come from the input (JSONL ``id``) or are "a" + 16 hex digits
KEY = String(64)  # ids inside one article: "c1", "claim-3", "fig-2", "ev-1", "reader-1"
LABEL = String(64)  # enum values, codes, versions


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class IngestRunRow(Base):
    """One ``rashomon ingest`` run; counts are filled in when it finishes."""

    __tablename__ = "ingest_runs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    stored: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)


class ArticleRow(Base):
    """An article as analysed: ``text`` is already redacted by the pipeline."""

    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    byline: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    published_source: Mapped[str | None] = mapped_column(LABEL)
    language: Mapped[str] = mapped_column(LABEL)
    origin: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    run_id: Mapped[str | None] = mapped_column(ForeignKey("ingest_runs.id"), index=True)


class AnalysisRow(Base):
    """The whole analysis of one article as JSON (``rashomon.store.serialize``), minus the
    article text, which lives once, in ``articles.text``."""

    __tablename__ = "analyses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), unique=True
    )
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    rashomon_version: Mapped[str] = mapped_column(LABEL)
    rules: Mapped[str] = mapped_column(LABEL)
    model: Mapped[str] = mapped_column(Text)


class ClaimantRow(Base):
    __tablename__ = "claimants"
    __table_args__ = (UniqueConstraint("article_id", "key", name="uq_claimants_article_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(KEY)
    name: Mapped[str] = mapped_column(Text, index=True)
    type: Mapped[str] = mapped_column(LABEL)
    role: Mapped[str | None] = mapped_column(Text)
    affiliation: Mapped[str | None] = mapped_column(Text)
    part_of: Mapped[str | None] = mapped_column(KEY)
    aliases: Mapped[list[Any]] = mapped_column(JSON)


class ClaimRow(Base):
    __tablename__ = "claims"
    __table_args__ = (UniqueConstraint("article_id", "key", name="uq_claims_article_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(KEY)
    claimant_key: Mapped[str | None] = mapped_column(KEY)
    claimant_name: Mapped[str | None] = mapped_column(Text)
    type: Mapped[str] = mapped_column(LABEL)
    part: Mapped[str] = mapped_column(LABEL)
    attribution_key: Mapped[str | None] = mapped_column(KEY)
    adopted_from: Mapped[str | None] = mapped_column(KEY)
    hedged: Mapped[bool] = mapped_column(Boolean)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class FigureRow(Base):
    """A count one claimant states; never merged with another claimant's."""

    __tablename__ = "figures"
    __table_args__ = (
        UniqueConstraint("article_id", "key", name="uq_figures_article_key"),
        Index("ix_figures_category_victim_group", "category", "victim_group"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(KEY)
    claimant_key: Mapped[str | None] = mapped_column(KEY)
    claimant_name: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str] = mapped_column(LABEL)
    victim_group: Mapped[str | None] = mapped_column(Text)
    low: Mapped[int | None] = mapped_column(Integer)
    high: Mapped[int | None] = mapped_column(Integer)
    qualifier: Mapped[str] = mapped_column(LABEL)
    claim_key: Mapped[str | None] = mapped_column(KEY)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("article_id", "key", name="uq_events_article_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(KEY)
    type: Mapped[str] = mapped_column(LABEL, index=True)
    plover: Mapped[str | None] = mapped_column(LABEL)
    trigger: Mapped[str] = mapped_column(Text)
    when_value: Mapped[str | None] = mapped_column(LABEL, index=True)
    when_precision: Mapped[str | None] = mapped_column(LABEL)
    places: Mapped[list[Any]] = mapped_column(JSON)
    claim_keys: Mapped[list[Any]] = mapped_column(JSON)
    figure_keys: Mapped[list[Any]] = mapped_column(JSON)


class SkippedRow(Base):
    """An input that could not be read, analysed or stored, and why."""

    __tablename__ = "skipped"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str | None] = mapped_column(ForeignKey("ingest_runs.id"), index=True)
    origin: Mapped[str] = mapped_column(Text)
    code: Mapped[str] = mapped_column(LABEL)
    message: Mapped[str] = mapped_column(Text)
    article_id: Mapped[str | None] = mapped_column(ID)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# --- link results (``rashomon.store.links``): kept up to date by ingest, rebuilt by relink ---

INCIDENT_ID = String(32)  # "inc-" + 8 hex digits, minted once
KEY_HASH = String(24)  # a blocking key, hashed (rashomon.store.links.key_hash)


class LinkArticleRow(Base):
    """An article that linking has seen (its terms are counted in ``link_terms``).
    ``undated``: None when the article has no event that can start an incident."""

    __tablename__ = "link_articles"

    article_id: Mapped[str] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    undated: Mapped[bool | None] = mapped_column(Boolean)
    linked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # the term counts of its title and lead (linking reads them instead of the text)
    terms: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # its story text's shingle count and MinHash signature (``link.syndication.Signature``;
    # None before revision 0004): wire copies are found among a part without its texts
    shingles: Mapped[int | None] = mapped_column(Integer)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    # its record's facts (``link.incidents.Facts``; None before revision 0005, or without a
    # record): a new article is tested against it without its analysis
    facts: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class LinkKeyRow(Base):
    """One blocking key of one article (``rashomon.link.BlockingKeys``): a new article is
    compared with the articles found under its keys, never with the whole store."""

    __tablename__ = "link_keys"
    # covers the lookup of the articles under keys (revision 0005): no row is read
    __table_args__ = (Index("ix_link_keys_key_timed", "key", "timed", "undated", "article_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(KEY_HASH)
    timed: Mapped[bool] = mapped_column(Boolean)
    undated: Mapped[bool] = mapped_column(Boolean)  # the article's record has no date


# the document count past which a term is indexed (``ix_link_terms_common``): the common
# words are looked up among these once a store is large enough (``links.terms_over``)
COMMON_FLOOR = 1_000


class LinkTermRow(Base):
    """How many linked articles' titles and leads hold a text term (TF-IDF weights)."""

    __tablename__ = "link_terms"
    # the terms in more than COMMON_FLOOR articles (revision 0006): a handful, found
    # without reading the others; on SQLite the rows are kept in term order, in the
    # primary key's B-tree (revision 0007: one lookup a term, not two)
    __table_args__ = (
        Index(
            "ix_link_terms_common",
            "df",
            sqlite_where=text(f"df > {COMMON_FLOOR}"),
            postgresql_where=text(f"df > {COMMON_FLOOR}"),
        ),
        {"sqlite_with_rowid": False},
    )

    term: Mapped[str] = mapped_column(String(200), primary_key=True)
    df: Mapped[int] = mapped_column(Integer)


class IncidentRow(Base):
    """A stored incident; its id is minted once and kept while articles join it."""

    __tablename__ = "incidents"

    id: Mapped[str] = mapped_column(INCIDENT_ID, primary_key=True)
    type: Mapped[str] = mapped_column(LABEL, index=True)
    start: Mapped[date | None] = mapped_column(Date, index=True)
    end: Mapped[date | None] = mapped_column(Date, index=True)
    places: Mapped[list[Any]] = mapped_column(JSON)
    rules: Mapped[list[Any]] = mapped_column(JSON)
    events: Mapped[list[Any]] = mapped_column(JSON)  # [[article_id, event_id], ...]
    size: Mapped[int] = mapped_column(Integer)
    search: Mapped[str] = mapped_column(Text)  # places and member titles, lower case
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class IncidentMemberRow(Base):
    """An article's incident (one at most), and its position among the members."""

    __tablename__ = "incident_members"

    article_id: Mapped[str] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    incident_id: Mapped[str] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)


class IncidentHistoryRow(Base):
    """What happened to an incident: created, grew, merged (``other_id`` into this one),
    split (off ``other_id``), dissolved."""

    __tablename__ = "incident_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    action: Mapped[str] = mapped_column(LABEL)
    incident_id: Mapped[str] = mapped_column(INCIDENT_ID, index=True)
    other_id: Mapped[str | None] = mapped_column(INCIDENT_ID)
    articles: Mapped[int] = mapped_column(Integer)
    cause: Mapped[str] = mapped_column(LABEL)  # "ingest" or "relink"


class CopyMemberRow(Base):
    """An article of a wire-copy group (``rashomon.model.CopyGroup``)."""

    __tablename__ = "copy_members"

    article_id: Mapped[str] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    original_id: Mapped[str] = mapped_column(ID, index=True)  # names the group
    agency: Mapped[str | None] = mapped_column(Text)
    similarity: Mapped[float] = mapped_column(Float)
