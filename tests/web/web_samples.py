"""The web tests' store (our own texts: the bundled fictional examples and a hostile article
written here, with payloads in its title, text, quotes, outlet, URL and claimant names), the
app over it, and a live uvicorn server on a free loopback port."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from spacy.language import Language

from rashomon import app as application
from rashomon.config import Settings
from rashomon.ingest import read_inputs
from rashomon.model import Analysis, Article
from rashomon.pipeline import analyse_each
from rashomon.store import open_store
from rashomon.web import WebConfig, create_app

with warnings.catch_warnings():  # starlette asks for httpx2; httpx is what the project pins
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
TOKEN = "test-token-0123456789abcdef"

# Every payload sets window.pwned (or opens a dialog) if it ever runs.
PAYLOAD_TITLE = '<script>window.pwned="title"</script>Shells <img src=x onerror="window.pwned=1">'
PAYLOAD_NAME = "<img src=x onerror=\"window.pwned='name'\">"
HOSTILE_TEXT = (
    "Shelling in Marrow Bay kills 12 <script>window.pwned='text'</script>\n\n"
    "At least 12 people were killed when shells struck the harbour market in Marrow Bay on "
    "Friday, the Coastal Health Office said. <img src=x onerror=\"alert('text')\">\n\n"
    "\"<script>window.pwned='quote'</script> We counted 12 bodies <svg onload=alert(1)>,\" "
    "said Mayor Ilse Varnholt, who called the attack a crime.\n\n"
    "The Marrow Bay Guard said 3 soldiers were wounded and denied firing on the market. "
    '"Our units <iframe src=javascript:alert(2)></iframe> were not there," said Captain '
    "Odo Brannock, a Guard spokesman.\n\n"
    "The Coastal Health Office later said 15 people had died, including four children."
)
HOSTILE_ID = "fictional-hostile-marrowbay-20250314"


@dataclass(frozen=True)
class WebStore:
    url: str
    incident: str  # the Velmar incident (the bundled examples)
    hostile_incident: str
    article: str  # an article of the Velmar incident
    claimant: str  # a claimant name with statements


def _hostile_record() -> dict[str, Any]:
    return {
        "id": HOSTILE_ID,
        "url": "javascript:window.pwned='url'",
        "outlet": "<b onmouseover=\"window.pwned='outlet'\">Harbour Post</b>",
        "published": "2025-03-14",
        "title": PAYLOAD_TITLE,
        "language": "en",
        "text": HOSTILE_TEXT,
    }


def _poisoned(analysis: Analysis) -> Analysis:
    """The hostile article with a payload in every claimant's name."""
    if analysis.article.id != HOSTILE_ID:
        return analysis
    claimants = tuple(replace(c, name=c.name + PAYLOAD_NAME) for c in analysis.claimants)
    return replace(analysis, claimants=claimants)


def build_store(url: str, nlp: Language, directory: Path) -> None:
    corpus = directory / "hostile.jsonl"
    corpus.write_text(json.dumps(_hostile_record()) + "\n", encoding="utf-8")
    settings = Settings(database_url=url)
    items = list(read_inputs([str(EXAMPLES), str(corpus)], settings))
    articles = [item for item in items if isinstance(item, Article)]
    assert len(articles) == 6, items
    with open_store(url) as store:
        for result in analyse_each(articles, nlp=nlp, settings=settings):
            assert isinstance(result, Analysis), result
            assert store.save_analysis(_poisoned(result))
        application.link_new(store, application.link_settings(settings))


def make_client(url: str, *, token: str | None = None, nlp: Language | None = None) -> TestClient:
    config = WebConfig(
        settings=Settings(database_url=url),
        token=token,
        load_nlp=None if nlp is None else (lambda _settings: nlp),
    )
    return TestClient(create_app(config))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class LiveServer:
    """uvicorn serving an app in a thread on a free loopback port."""

    def __init__(self, config: WebConfig) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        server_config = uvicorn.Config(
            create_app(config), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(server_config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def browser_unavailable(message: str) -> None:
    if in_ci():
        pytest.fail(f"{message} (CI must run the browser tests; .ci/run installs chromium)")
    pytest.skip(message)
