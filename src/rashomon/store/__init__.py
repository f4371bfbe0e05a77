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
"""

from rashomon.errors import StoreError
from rashomon.store.repository import (
    DEFAULT_URL,
    IngestRun,
    Store,
    StoredFigure,
    content_hash,
    open_store,
)
from rashomon.store.serialize import analysis_from_dict, analysis_to_dict

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
