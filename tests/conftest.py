"""Shared fixtures: the spaCy pipeline (loaded once), settings and the throwaway PostgreSQL
server of the store's tests. What tests import by name (``shared_path``, ``database_url``,
``BACKENDS``, ``REPO``) is in ``support.py``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from spacy.language import Language

from pgserver import PostgresServer, PostgresUnavailable, start_postgres
from rashomon.config import Settings
from rashomon.parse import load_pipeline
from support import in_ci


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """One throwaway server for the session; each caller makes its own database in it."""
    try:
        server = start_postgres()
    except PostgresUnavailable as error:
        if in_ci():
            pytest.fail(f"{error} (CI must run the PostgreSQL tests)")
        pytest.skip(str(error))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def nlp() -> Iterator[Language]:
    yield load_pipeline(Settings().model)


@pytest.fixture
def settings() -> Settings:
    return Settings()
