"""Alembic environment for the rashomon store.

``rashomon.store.repository`` runs the migrations in code and hands over its open
connection as ``config.attributes["connection"]``; without one (the ``alembic`` command line
with ``-x url=...`` or ``sqlalchemy.url`` set), an engine is made from that URL.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from rashomon.store.tables import Base

config = context.config


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite has no ALTER for most
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    if not url:
        raise RuntimeError("No database: pass -x url=DATABASE_URL or set sqlalchemy.url.")
    return url


def run_migrations() -> None:
    if context.is_offline_mode():
        context.configure(url=_url(), target_metadata=Base.metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    engine = create_engine(_url())
    try:
        with engine.begin() as own:
            _configure_and_run(own)
    finally:
        engine.dispose()


run_migrations()
