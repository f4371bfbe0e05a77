"""A built benchmark store in PostgreSQL: ``corpus_scale.py --postgres`` times the same steps
there as on the SQLite file.

``copy_store`` copies the store with ``rashomon.app.copy_store`` (what ``rashomon
copy-store`` runs: every table, in one transaction), then vacuums and checkpoints it.
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

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from rashomon import app
from rashomon.store import open_store

TESTS = Path(__file__).resolve().parent.parent / "tests"


def copy_store(
    source_url: str, target_url: str, say: Callable[[str], None] = lambda _: None
) -> dict[str, int]:
    """Copy the store at ``source_url`` into the empty database at ``target_url``
    (``rashomon.app.copy_store``, as ``rashomon copy-store`` does), then on PostgreSQL
    vacuum it (the visibility map that index-only scans read) and write it out; returns the
    rows copied, by table."""
    last = [0.0]

    def progress(_stage: str, done: int, total: int | None) -> None:
        if time.perf_counter() - last[0] > 30 or done == total:
            last[0] = time.perf_counter()
            say(f"  copied {done:,} of {total:,} rows")

    copied = app.copy_store(source_url, target_url, progress=progress)
    with open_store(target_url) as target:
        if target.engine.dialect.name == "postgresql":
            with target.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
                # the copy written out before anything is timed (as the SQLite copy is synced)
                try:
                    conn.execute(text("CHECKPOINT"))
                except DBAPIError as error:  # a role without pg_checkpoint: timings may wait
                    say(f"  no CHECKPOINT after the copy ({str(error.orig).strip()})")
    return dict(copied.rows)


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
