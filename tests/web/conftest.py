"""Fixtures of the web tests (see ``web_samples``) and Debian's chromium for Playwright:
skipped on a user's machine without it, a failure in CI (where ``.ci/run`` installs it)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language
from web_samples import (
    HOSTILE_ID,
    LiveServer,
    TestClient,
    WebStore,
    browser_unavailable,
    build_store,
    make_client,
)

from rashomon import app as application
from rashomon.config import Settings
from rashomon.store import open_store
from rashomon.web import WebConfig

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def web_store(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> WebStore:
    directory = tmp_path_factory.mktemp("web")
    url = f"sqlite:///{directory / 'news.db'}"
    build_store(url, nlp, directory)
    with open_store(url) as store:
        listed = application.incidents(store).incidents
        velmar = max(listed, key=lambda i: len(i.article_ids))
        hostile = next(i for i in listed if HOSTILE_ID in i.article_ids)
        herald = (store.analysis(a) for a in velmar.article_ids)  # caption and comments
        article = next(a.article.id for a in herald if a and "Herald staff" in a.article.text)
    return WebStore(url, velmar.id, hostile.id, article, "Health Ministry")


@pytest.fixture(scope="session")
def client(web_store: WebStore) -> Iterator[TestClient]:
    with make_client(web_store.url) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def live_server(web_store: WebStore) -> Iterator[LiveServer]:
    with LiveServer(WebConfig(settings=Settings(database_url=web_store.url))) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright (``playwright install`` is never needed)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_unavailable("playwright is not installed: pip install -r requirements.lock")
    path = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if path is None:
        browser_unavailable(
            f"no chromium at {CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)"
        )
    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, headless=True, args=args)
        try:
            yield launched
        finally:
            launched.close()
