"""Save and load analyses: the only module of rashomon that speaks SQL.

``open_store(url)`` opens (and migrates to the newest schema) a SQLite or PostgreSQL
database; the returned ``Store`` holds the engine and closes it. Saving is idempotent and
whole: one transaction per article, and an article whose normalised text is already stored
is not stored again, so an interrupted ingest is resumed by running it again.
"""

from __future__ import annotations

import fcntl
import os
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    event,
    func,
    insert,
    inspect,
    make_url,
    or_,
    select,
    update,
)
from sqlalchemy import (
    text as sql_text,
)
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, OperationalError
from sqlalchemy.pool import ConnectionPoolEntry

if TYPE_CHECKING:
    from alembic.config import Config

from rashomon.errors import (
    BAD_URL,
    CANNOT_OPEN,
    ID_CONFLICT,
    REFUSED,
    UNKNOWN_RUN,
    StoreError,
)
from rashomon.model import Analysis, Figure, FigureCategory, FigureQualifier, Skipped, TextSpan
from rashomon.store import codec
from rashomon.store.content import content_hash
from rashomon.store.rows import insert_analyses, insert_analysis
from rashomon.store.serialize import analysis_from_dict
from rashomon.store.tables import (
    AnalysisRow,
    ArticleRow,
    FigureRow,
    IngestRunRow,
    SkippedRow,
)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest packaged migration's revision (a test checks that it is Alembic's head): a
# store already at it opens without Alembic, whose import and script loading cost more
# than a page of ``incidents``.
SCHEMA_HEAD = "0007"
DEFAULT_URL = "sqlite:///rashomon.db"
URL_FORMS = "sqlite:///PATH (default) or postgresql+psycopg://USER@HOST:PORT/DBNAME"
STREAM_BATCH = 200  # analyses fetched per round trip by Store.analyses()
BULK = 200  # analyses per bulk insert (Store.save_analyses)


@dataclass(frozen=True, slots=True)
class IngestRun:
    """One ingest run and what it stored, skipped or found already stored."""

    id: str
    started_at: datetime
    finished_at: datetime | None = None
    stored: int = 0
    duplicates: int = 0
    skipped: int = 0


@dataclass(frozen=True, slots=True)
class StoredFigure:
    """A figure with the article it came from and the claimant's name."""

    article_id: str
    figure: Figure
    claimant_name: str | None
    outlet: str | None
    published: date | None


class Store:
    """A rashomon database. Make one with ``open_store``; close it (or use ``with``)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self._engine.dialect.name

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # --- writing -------------------------------------------------------------------------

    def save_analysis(self, analysis: Analysis, *, run_id: str | None = None) -> bool:
        """Store ``analysis`` and its article in one transaction; True when stored.

        False, changing nothing, when an article with the same normalised text is already
        stored. A different text under an id already stored raises ``StoreError`` (R052).
        """
        article = analysis.article
        digest = content_hash(article.text)
        try:
            with self._engine.begin() as conn:
                found = conn.execute(
                    select(ArticleRow.id, ArticleRow.content_hash).where(
                        or_(ArticleRow.content_hash == digest, ArticleRow.id == article.id)
                    )
                ).all()
                if any(row.content_hash == digest for row in found):
                    return False
                if found:
                    raise _id_conflict(article.id, article.origin)
                insert_analysis(conn, analysis, digest=digest, run_id=run_id)
        except IntegrityError as error:
            # Another writer stored the same text (or id) between our check and insert, or
            # the analysis itself breaks a constraint (two figures with one id).
            if self.has_article(digest):
                return False
            if self.has_article(article.id):
                raise _id_conflict(article.id, article.origin) from error
            reason = str(error.orig or error).strip().splitlines()[0]
            origin = article.origin or "unknown input"
            raise StoreError(
                f"Can't store the analysis of {article.id!r} (from {origin}): {reason}",
                code=REFUSED,
            ) from error
        return True

    def save_analyses(
        self, analyses: Sequence[Analysis], *, run_id: str | None = None
    ) -> list[bool]:
        """``save_analysis`` for many analyses, in one transaction and a few bulk inserts
        (for an import or a bench; an ingest saves each article as it is analysed). Returns
        whether each was stored (False: its text is stored, or comes earlier in the list).
        A different text under a stored id raises ``StoreError`` (R052), storing nothing."""
        digests = [content_hash(a.article.text) for a in analyses]
        ids = [a.article.id for a in analyses]
        with self._engine.begin() as conn:
            taken_hashes: set[str] = set()
            taken_ids: dict[str, str] = {}
            for start in range(0, len(analyses), BULK):
                hashes = digests[start : start + BULK]
                some_ids = ids[start : start + BULK]
                rows = conn.execute(
                    select(ArticleRow.id, ArticleRow.content_hash).where(
                        or_(ArticleRow.content_hash.in_(hashes), ArticleRow.id.in_(some_ids))
                    )
                )
                for row in rows:
                    taken_hashes.add(row.content_hash)
                    taken_ids[row.id] = row.content_hash
            stored: list[bool] = []
            chosen: list[tuple[Analysis, str]] = []
            for analysis, digest in zip(analyses, digests, strict=True):
                article = analysis.article
                if digest in taken_hashes:
                    stored.append(False)
                    continue
                if article.id in taken_ids:
                    raise _id_conflict(article.id, article.origin)
                taken_hashes.add(digest)
                taken_ids[article.id] = digest
                chosen.append((analysis, digest))
                stored.append(True)
            for start in range(0, len(chosen), BULK):
                insert_analyses(conn, chosen[start : start + BULK], run_id=run_id)
        return stored

    def save_or_refuse(self, analysis: Analysis, *, run_id: str | None = None) -> bool | Skipped:
        """``save_analysis``, with a refusal (a different text under a stored id: R052; a
        store that refuses the row) returned as the ``Skipped`` to record, not raised.
        True when stored, False when the same text is already there."""
        try:
            return self.save_analysis(analysis, run_id=run_id)
        except StoreError as error:
            if error.code not in {ID_CONFLICT, REFUSED}:
                raise
            article = analysis.article
            return Skipped(article.origin, error.code, error.message, article.id)

    def record_skipped(self, skipped: Skipped, *, run_id: str | None = None) -> None:
        """Keep an input that could not be read, analysed or stored, with its reason."""
        with self._engine.begin() as conn:
            conn.execute(
                insert(SkippedRow).values(
                    run_id=run_id,
                    origin=skipped.origin,
                    code=skipped.code,
                    message=skipped.message,
                    article_id=skipped.article_id,
                    recorded_at=_now(),
                )
            )

    def start_run(self) -> str:
        """Begin an ingest run; returns its id, to pass to ``save_analysis`` and friends."""
        run_id = uuid.uuid4().hex
        with self._engine.begin() as conn:
            conn.execute(insert(IngestRunRow).values(id=run_id, started_at=_now()))
        return run_id

    def finish_run(self, run_id: str, *, duplicates: int = 0) -> IngestRun:
        """End run ``run_id``: count what it stored and skipped, keep ``duplicates`` (inputs
        already stored, counted by the caller), and return the run."""
        with self._engine.begin() as conn:
            stored = _count(conn, select(func.count()).where(ArticleRow.run_id == run_id))
            skipped = _count(conn, select(func.count()).where(SkippedRow.run_id == run_id))
            result = conn.execute(
                update(IngestRunRow)
                .where(IngestRunRow.id == run_id)
                .values(finished_at=_now(), stored=stored, skipped=skipped, duplicates=duplicates)
            )
            if result.rowcount != 1:
                raise StoreError(f"No ingest run {run_id!r} in this database.", code=UNKNOWN_RUN)
        run = self.run(run_id)
        assert run is not None  # just updated
        return run

    # --- reading -------------------------------------------------------------------------

    def has_article(self, key: str) -> bool:
        """True when an article with this content hash (``content_hash``) or id is stored."""
        with self._engine.connect() as conn:
            found = conn.execute(
                select(ArticleRow.id)
                .where(or_(ArticleRow.content_hash == key, ArticleRow.id == key))
                .limit(1)
            ).first()
        return found is not None

    def article_count(self) -> int:
        with self._engine.connect() as conn:
            return _count(conn, select(func.count()).select_from(ArticleRow))

    def article_ids(self) -> list[str]:
        """Stored article ids, in the order they were stored."""
        with self._engine.connect() as conn:
            rows = conn.execute(select(AnalysisRow.article_id).order_by(AnalysisRow.id))
            return [row.article_id for row in rows]

    def analyses(self) -> Iterator[Analysis]:
        """Every stored analysis, in the order stored; streamed, not loaded all at once."""
        query = (
            select(AnalysisRow.document, ArticleRow.text)
            .join(ArticleRow, ArticleRow.id == AnalysisRow.article_id)
            .order_by(AnalysisRow.id)
        )
        with self._engine.connect() as conn:
            rows = conn.execution_options(yield_per=STREAM_BATCH).execute(query)
            for row in rows:
                yield _analysis(row.document, row.text)

    def analysis(self, article_id: str) -> Analysis | None:
        """The stored analysis of article ``article_id``, or None."""
        query = (
            select(AnalysisRow.document, ArticleRow.text)
            .join(ArticleRow, ArticleRow.id == AnalysisRow.article_id)
            .where(AnalysisRow.article_id == article_id)
        )
        with self._engine.connect() as conn:
            row = conn.execute(query).first()
        return None if row is None else _analysis(row.document, row.text)

    def figures(
        self,
        *,
        article_id: str | None = None,
        category: FigureCategory | None = None,
        claimant_name: str | None = None,
    ) -> list[StoredFigure]:
        """Stored figures, by article in the order stored, then by position in the text."""
        query = (
            select(FigureRow.__table__, ArticleRow.outlet, ArticleRow.published)
            .join(ArticleRow, ArticleRow.id == FigureRow.article_id)
            .order_by(FigureRow.id)
        )
        if article_id is not None:
            query = query.where(FigureRow.article_id == article_id)
        if category is not None:
            query = query.where(FigureRow.category == category.value)
        if claimant_name is not None:
            query = query.where(FigureRow.claimant_name == claimant_name)
        with self._engine.connect() as conn:
            return [_stored_figure(row) for row in conn.execute(query)]

    def skipped(self, *, run_id: str | None = None) -> list[Skipped]:
        """Skipped inputs in the order recorded (of one run when ``run_id`` is given)."""
        query = select(SkippedRow).order_by(SkippedRow.id)
        if run_id is not None:
            query = query.where(SkippedRow.run_id == run_id)
        with self._engine.connect() as conn:
            return [
                Skipped(row.origin, row.code, row.message, row.article_id)
                for row in conn.execute(query)
            ]

    def run(self, run_id: str) -> IngestRun | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(IngestRunRow).where(IngestRunRow.id == run_id)).first()
        return None if row is None else _run(row)

    def runs(self) -> list[IngestRun]:
        """Every ingest run, oldest first."""
        with self._engine.connect() as conn:
            rows = conn.execute(select(IngestRunRow).order_by(IngestRunRow.started_at))
            return [_run(row) for row in rows]


def open_store(url: str = DEFAULT_URL) -> Store:
    """Open the database at ``url`` and migrate it to the newest schema.

    ``sqlite:///PATH`` (the file is created) or ``postgresql+psycopg://USER@HOST:PORT/DB``
    (the database must exist). Raises ``StoreError`` for a bad URL or a database that
    cannot be opened.
    """
    engine = _engine(url)
    try:
        upgrade(engine)
    except OperationalError as error:
        engine.dispose()
        shown = engine.url.render_as_string(hide_password=True)
        reason = str(error.orig or error).strip().splitlines()[0]
        raise StoreError(f"Can't open database {shown}: {reason}", code=CANNOT_OPEN) from None
    return Store(engine)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the packaged Alembic migrations to ``engine`` up to ``revision``.

    Safe under concurrent callers (two ingests starting on one new database): they take
    turns, so the second finds the schema made and does nothing. SQLite runs DDL outside
    transactions, so an exclusive ``flock`` on the database file serialises them; on
    PostgreSQL a transaction-scoped advisory lock does.
    """
    if revision == "head" and _at_head(engine):
        return
    from alembic import command

    config = alembic_config()
    with _schema_lock(engine), engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(sql_text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK_KEY})
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def _at_head(engine: Engine) -> bool:
    """Whether the database's schema is at ``SCHEMA_HEAD`` already (False for a new one)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return False
        versions = conn.execute(sql_text("SELECT version_num FROM alembic_version")).scalars()
        return list(versions) == [SCHEMA_HEAD]


# pg_advisory_xact_lock key for schema setup: any constant, the same in every process.
_SCHEMA_LOCK_KEY = 0x7261_7368  # "rash"


@contextmanager
def _schema_lock(engine: Engine) -> Iterator[None]:
    """An exclusive ``flock`` on a SQLite database file while the schema is set up (the
    file is created if missing, as SQLite would). SQLite's own locks are POSIX record
    locks, which ``flock`` does not touch. Other databases: nothing to do here."""
    database = engine.url.database
    if (
        engine.dialect.name != "sqlite"
        or not database
        or database == ":memory:"
        or database.startswith("file:")
    ):
        yield
        return
    try:
        fd = os.open(database, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:  # SQLite itself reports why the file cannot be opened
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def alembic_config() -> Config:
    """An Alembic ``Config`` for the packaged migrations (no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            f"Can't read database URL {url!r}. Use {URL_FORMS}.", code=BAD_URL
        ) from None
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise StoreError(f"Unsupported database {backend!r}. Use {URL_FORMS}.", code=BAD_URL)
    try:
        engine = create_engine(parsed, json_serializer=codec.dumps, json_deserializer=codec.loads)
    except (ArgumentError, NoSuchModuleError, ImportError) as error:
        shown = parsed.render_as_string(hide_password=True)
        raise StoreError(
            f"Can't use database URL {shown!r} ({error}). Use {URL_FORMS}.", code=BAD_URL
        ) from None
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


# SQLite's page cache per connection, in KiB (PRAGMA cache_size takes a negative number
# as KiB); its default, 2 MiB, does not hold the upper levels of a large store's indexes
SQLITE_CACHE_KIB = 16_384


def _sqlite_pragmas(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    """Foreign keys on; WAL with synchronous=NORMAL halves the time per saved article. A
    power cut may lose the last few commits (never corrupt the file); ingest resumes them.
    A page cache of ``SQLITE_CACHE_KIB``: linking 100 new articles into 100,000 asked the
    system for 40,600 pages with the default cache, and for 25,500 with this one."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cursor.close()


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _count(conn: Connection, query: Any) -> int:
    return int(conn.execute(query).scalar_one())


def _id_conflict(article_id: str, origin: str) -> StoreError:
    return StoreError(
        f"Article id {article_id!r} (from {origin or 'unknown input'}) is already stored with"
        " a different text; give the input a unique id.",
        code=ID_CONFLICT,
    )


def _analysis(document: dict[str, Any], text: str) -> Analysis:
    article = {**document["article"], "text": text}
    return analysis_from_dict({**document, "article": article})


def _run(row: Any) -> IngestRun:
    started = _utc(row.started_at)
    assert started is not None  # NOT NULL column
    return IngestRun(
        id=row.id,
        started_at=started,
        finished_at=_utc(row.finished_at),
        stored=row.stored,
        duplicates=row.duplicates,
        skipped=row.skipped,
    )


def _stored_figure(row: Any) -> StoredFigure:
    figure = Figure(
        id=row.key,
        text=TextSpan(row.span_start, row.span_end, row.text),
        category=FigureCategory(row.category),
        victim_group=row.victim_group,
        low=row.low,
        high=row.high,
        qualifier=FigureQualifier(row.qualifier),
        claimant_id=row.claimant_key,
        claim_id=row.claim_key,
    )
    return StoredFigure(
        article_id=row.article_id,
        figure=figure,
        claimant_name=row.claimant_name,
        outlet=row.outlet,
        published=row.published,
    )
