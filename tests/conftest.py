"""Shared fixtures: the spaCy pipeline (loaded once), settings, and the ../shared data dir."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

from rashomon.config import Settings
from rashomon.parse import load_pipeline

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("RASHOMON_SHARED", REPO.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skips the test on a user's clone, fails in CI when missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is missing: real-article tests need ../shared beside the repository."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def nlp() -> Iterator[Language]:
    yield load_pipeline(Settings().model)


@pytest.fixture
def settings() -> Settings:
    return Settings()
