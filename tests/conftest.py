"""Shared fixtures: the spaCy pipeline (loaded once), settings, the ../shared data dir and
the store's two backends (a SQLite file, or a database on a throwaway PostgreSQL server)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

from pgserver import PostgresServer, PostgresUnavailable, start_postgres
from rashomon.config import Settings
from rashomon.parse import load_pipeline

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("RASHOMON_SHARED", REPO.parent / "shared"))
BACKENDS = ("sqlite", "postgresql")


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skips the test on a user's clone, fails in CI when missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is missing: real-article tests need ../shared beside the repository."
        if _in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return path


def database_url(request: pytest.FixtureRequest, backend: str, directory: Path) -> str:
    """A new, empty store URL: a SQLite file in ``directory``, or a new database on the
    session's PostgreSQL server (``pg_server``: skipped without one on a user's machine)."""
    if backend == "sqlite":
        return f"sqlite:///{directory / 'store.db'}"
    if backend != "postgresql":
        raise ValueError(f"unknown backend {backend!r}; use one of {', '.join(BACKENDS)}")
    server: PostgresServer = request.getfixturevalue("pg_server")
    return server.create_database()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """One throwaway server for the session; each caller makes its own database in it."""
    try:
        server = start_postgres()
    except PostgresUnavailable as error:
        if _in_ci():
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
