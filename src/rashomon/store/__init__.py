"""store: analyses in a database (SQLAlchemy 2 + Alembic); SQLite by default, PostgreSQL by URL.

The only stage that knows SQL. ``open_store(url)`` migrates the database to the newest
schema and returns a ``Store``::

    with open_store("sqlite:///news.db") as store:
        run_id = store.start_run()
        for result in results:
            if isinstance(result, Skipped):
                store.record_skipped(result, run_id=run_id)
            elif not store.save_analysis(result, run_id=run_id):
                duplicates += 1
        store.finish_run(run_id, duplicates=duplicates)

The names are imported when first asked for: the serialisation (``analysis_to_dict``,
``analysis_from_dict``) and ``content_hash`` need no SQLAlchemy, which a ``batch`` worker
and its client would otherwise import for nothing (0.4 s each).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rashomon.errors import StoreError
from rashomon.lazy import lazy_attributes

if TYPE_CHECKING:
    from rashomon.store.content import content_hash
    from rashomon.store.repository import (
        DEFAULT_URL,
        IngestRun,
        Store,
        StoredFigure,
        open_store,
    )
    from rashomon.store.serialize import analysis_from_dict, analysis_to_dict

_HOMES = {
    "DEFAULT_URL": "repository",
    "IngestRun": "repository",
    "Store": "repository",
    "StoredFigure": "repository",
    "open_store": "repository",
    "content_hash": "content",
    "analysis_from_dict": "serialize",
    "analysis_to_dict": "serialize",
}


__getattr__ = lazy_attributes(__name__, _HOMES)

__all__ = [
    "DEFAULT_URL",
    "IngestRun",
    "Store",
    "StoreError",
    "StoredFigure",
    "analysis_from_dict",
    "analysis_to_dict",
    "content_hash",
    "open_store",
]
