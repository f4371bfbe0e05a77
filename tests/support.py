"""What tests import (``from support import ...``): the repository and ../shared paths, and
the store's backends. Kept out of ``conftest.py``: several folders have a conftest of their
own, and ``from conftest import`` would reach whichever was imported first."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pgserver import PostgresServer

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("RASHOMON_SHARED", REPO.parent / "shared"))
BACKENDS = ("sqlite", "postgresql")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skips the test on a user's clone, fails in CI when missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is missing: real-article tests need ../shared beside the repository."
        if in_ci():
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
