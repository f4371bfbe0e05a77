"""Copying a whole store into another, empty one: SQLite to PostgreSQL (a store that outgrew
its file), PostgreSQL to SQLite (a copy to take away), or a plain copy.

Every table is copied as it is, link results included: the copy needs no analysis and no
linking again, its incidents keep their ids, and ``incidents`` and ``compare`` read it at
once. Rows go in batches, parents before children, in one transaction on the target (an
interrupted copy leaves it empty). Times are written in UTC (SQLite keeps them without an
offset, PostgreSQL with one), PostgreSQL's id sequences are moved past the copied ids, and
its planner statistics are gathered (``ANALYZE``) after the copy.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Integer, Table, func, insert, select, text

from rashomon.errors import REFUSED, StoreError
from rashomon.store.repository import Store
from rashomon.store.tables import Base

COPY_BATCH = 2_000  # rows read and inserted at a time (an analysis is tens of kilobytes)

CopyProgress = Callable[[str, int, int | None], None]


@dataclass(frozen=True, slots=True)
class CopiedStore:
    """What ``copy_store`` copied: rows by table, and its seconds."""

    rows: Mapping[str, int]
    seconds: float

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _no_progress(stage: str, done: int, total: int | None) -> None:
    del stage, done, total


def copy_store(source: Store, target: Store, progress: CopyProgress = _no_progress) -> CopiedStore:
    """Copy every row of ``source`` into ``target`` (both opened, so at the same schema).
    Raises ``StoreError`` (``REFUSED``) when ``target`` holds articles or is ``source``;
    ``progress("copying", rows done, rows in all)``."""
    started = time.perf_counter()
    shown = target.engine.url.render_as_string(hide_password=True)
    if source.engine.url == target.engine.url:
        raise StoreError(
            f"Copy a store into another database, not into {shown} itself.", code=REFUSED
        )
    held = target.article_count()
    if held:
        raise StoreError(
            f"{shown} holds {held} articles already: copy into an empty database.", code=REFUSED
        )
    tables = list(Base.metadata.sorted_tables)  # parents first
    with source.engine.connect() as reading:
        total = sum(
            int(reading.execute(select(func.count()).select_from(t)).scalar_one()) for t in tables
        )
        done = 0
        progress("copying", 0, total)
        copied: dict[str, int] = {}
        with target.engine.begin() as writing:
            for table in tables:
                copied[table.name] = 0
                times = [c.name for c in table.columns if isinstance(c.type, DateTime)]
                rows = reading.execution_options(yield_per=COPY_BATCH).execute(select(table))
                for batch in rows.mappings().partitions():
                    values = [_in_utc(row, times) for row in batch]
                    writing.execute(insert(table), values)
                    copied[table.name] += len(values)
                    done += len(values)
                    progress("copying", done, total)
            if writing.dialect.name == "postgresql":
                for table in tables:
                    _move_sequence(writing, table)
    if target.engine.dialect.name == "postgresql":
        with target.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    return CopiedStore(rows=copied, seconds=time.perf_counter() - started)


def _in_utc(row: Mapping[Any, Any], times: list[str]) -> dict[str, Any]:
    """A row to insert, its times in UTC: SQLite gives them back without an offset (they
    were written in UTC), PostgreSQL in its session's time zone."""
    values = dict(row)
    for name in times:
        value = values[name]
        if isinstance(value, datetime):
            aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value
            values[name] = aware.astimezone(UTC)
    return values


def _move_sequence(conn: Any, table: Table) -> None:
    """Set the id sequence of ``table`` (if it has one) past the largest copied id, so that
    rows added later get new ids."""
    keys = list(table.primary_key.columns)
    if len(keys) != 1 or not isinstance(keys[0].type, Integer):
        return
    name = keys[0].name
    sequence = conn.execute(
        text("SELECT pg_get_serial_sequence(:table, :column)"),
        {"table": table.name, "column": name},
    ).scalar_one()
    if sequence is None:
        return
    highest = conn.execute(select(func.max(table.c[name]))).scalar_one()
    conn.execute(
        text("SELECT setval(:sequence, :value, :called)"),
        {"sequence": sequence, "value": highest or 1, "called": highest is not None},
    )
