"""A built benchmark store in PostgreSQL: ``corpus_scale.py --postgres`` times the same steps
there as on the SQLite file.

``copy_store`` copies every table of one store into another, empty one of the same schema
(rows in batches, parents before children, sequences moved past the copied ids, then
``VACUUM ANALYZE`` so that the planner knows the tables' sizes, and a ``CHECKPOINT``).
``postgres_database`` gives the database to copy into: a new database on a throwaway
server that it starts on loopback and stops afterwards (``auto``: ``initdb`` into a
temporary directory, with PostgreSQL's default, durable settings, unlike the tests'
server), or an empty database that the caller names (``postgresql+psycopg://...``).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Integer, insert, select, text
from sqlalchemy.exc import DBAPIError

from rashomon.store import open_store
from rashomon.store.tables import Base

TESTS = Path(__file__).resolve().parent.parent / "tests"
COPY_BATCH = 5_000  # rows per INSERT ... executemany


def copy_store(
    source_url: str, target_url: str, say: Callable[[str], None] = lambda _: None
) -> dict[str, int]:
    """Copy every row of the store at ``source_url`` into the empty store at ``target_url``
    (migrated to the same schema); returns the rows copied, by table."""
    source, target = open_store(source_url), open_store(target_url)
    copied: dict[str, int] = {}
    try:
        if target.article_count():
            shown = target.engine.url.render_as_string(hide_password=True)
            raise SystemExit(f"{shown} holds articles already: give an empty database")
        started = time.perf_counter()
        with source.engine.connect() as reading, target.engine.begin() as writing:
            for table in Base.metadata.sorted_tables:
                count = 0
                batch: list[dict[str, object]] = []
                for row in reading.execute(select(table)).mappings():
                    batch.append(dict(row))
                    if len(batch) >= COPY_BATCH:
                        writing.execute(insert(table), batch)
                        count, batch = count + len(batch), []
                if batch:
                    writing.execute(insert(table), batch)
                    count += len(batch)
                copied[table.name] = count
                say(f"  {table.name}: {count:,} rows ({time.perf_counter() - started:.0f} s)")
            if target.engine.dialect.name == "postgresql":
                for table in Base.metadata.sorted_tables:
                    keys = list(table.primary_key.columns)
                    if len(keys) == 1 and isinstance(keys[0].type, Integer):
                        name = keys[0].name
                        writing.execute(
                            text(
                                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{name}'),"
                                f" coalesce(max({name}), 0) + 1, false) FROM {table.name}"
                            )
                        )
        if target.engine.dialect.name == "postgresql":
            with target.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
                # the copy written out before anything is timed (as the SQLite copy is synced)
                try:
                    conn.execute(text("CHECKPOINT"))
                except DBAPIError as error:  # a role without pg_checkpoint: timings may wait
                    say(f"  no CHECKPOINT after the copy ({str(error.orig).strip()})")
    finally:
        source.engine.dispose()
        target.engine.dispose()
    return copied


@contextmanager
def postgres_database(spec: str) -> Iterator[str]:
    """The URL of an empty PostgreSQL database: ``spec`` itself, or with ``auto`` a new
    database on a throwaway loopback server (stopped and removed on exit)."""
    if spec != "auto":
        yield spec
        return
    sys.path.insert(0, str(TESTS))
    from pgserver import start_postgres

    server = start_postgres(settings="")  # PostgreSQL's defaults: fsync and all
    try:
        yield server.create_database()
    finally:
        server.stop()
