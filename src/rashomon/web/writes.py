"""``POST /api/articles``: read the posted text, HTML, URL or JSON Lines, analyse what is
new, store it and link it, as ``rashomon ingest`` does.

One writer at a time (a lock held by the ``Writer`` the app factory makes): the spaCy
pipeline is loaded at the first write and kept. A URL is fetched with the store's settings,
so a private, loopback or link-local address is refused unless ``allow_private_urls`` is on.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rashomon import app as application
from rashomon.config import Settings
from rashomon.errors import InputError
from rashomon.ingest import fetch_url, read_html, read_text
from rashomon.ingest.jsonl import read_record
from rashomon.ingest.language import LanguageDetector
from rashomon.model import Article, Skipped
from rashomon.present.records import skipped_to_dict
from rashomon.store import Store
from rashomon.web.queries import incidents_of

if TYPE_CHECKING:
    from spacy.language import Language

ORIGIN = "POST /api/articles"
TEXT_TYPES = ("text/plain",)
HTML_TYPES = ("text/html",)
JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines")
JSON_TYPES = ("application/json",)
ACCEPTED = TEXT_TYPES + HTML_TYPES + JSONL_TYPES + JSON_TYPES


class UnsupportedBody(ValueError):
    """A body whose content type the endpoint does not read."""


@dataclass(frozen=True, slots=True)
class WriteResult:
    stored: tuple[str, ...]
    duplicates: int
    skipped: tuple[Skipped, ...]
    incidents: dict[str, str]  # stored article id -> its incident id

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": bool(self.stored) or not self.skipped,
            "stored": list(self.stored),
            "duplicates": self.duplicates,
            "skipped": [skipped_to_dict(s) for s in self.skipped],
            "incidents": self.incidents,
        }


def media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def read_posted(
    body: bytes, content_type: str, settings: Settings, *, url: str | None = None
) -> list[Article | Skipped]:
    """The articles in a posted body (``Skipped`` for one that can't be read)."""
    kind = media_type(content_type)
    detector = LanguageDetector()
    if kind in TEXT_TYPES:
        return [_guard(ORIGIN, lambda: read_text(body, origin=ORIGIN, settings=settings))]
    if kind in HTML_TYPES:
        origin = url or ORIGIN
        return [_guard(origin, lambda: read_html(body, origin=origin, url=url, settings=settings))]
    if kind in JSONL_TYPES:
        return list(_lines(body, settings, detector))
    if kind in JSON_TYPES:
        try:
            data: Any = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError):
            data = None  # read_record says what is wrong with it
        if isinstance(data, dict) and isinstance(data.get("url"), str) and "text" not in data:
            target: str = data["url"]
            return [_guard(target, lambda: fetch_url(target, settings, detector=detector))]
        return [
            _guard(
                ORIGIN,
                lambda: read_record(body, origin=ORIGIN, settings=settings, detector=detector),
            )
        ]
    raise UnsupportedBody(
        f"Can't read a {kind or 'typeless'} body; send one of {', '.join(ACCEPTED)}."
    )


def _lines(
    body: bytes, settings: Settings, detector: LanguageDetector
) -> Iterator[Article | Skipped]:
    for number, raw in enumerate(body.split(b"\n"), start=1):
        if not raw.strip():
            continue
        origin = f"{ORIGIN}:{number}"
        try:
            yield read_record(raw, origin=origin, settings=settings, detector=detector)
        except InputError as error:
            yield Skipped(origin, error.code, error.message)


def _guard(origin: str, read: Callable[[], Article]) -> Article | Skipped:
    try:
        return read()
    except InputError as error:
        return Skipped(origin, error.code, error.message)


class Writer:
    """Analyses and stores posted articles, one request at a time."""

    def __init__(self, settings: Settings, load_nlp: Callable[[Settings], Language] | None) -> None:
        self._settings = settings
        self._load_nlp = load_nlp
        self._nlp: Language | None = None
        self._lock = threading.Lock()

    def _pipeline(self) -> Language:
        if self._nlp is None:
            if self._load_nlp is not None:
                self._nlp = self._load_nlp(self._settings)
            else:
                from rashomon.parse import load_pipeline

                self._nlp = load_pipeline(self._settings.model)
        return self._nlp

    def write(self, store: Store, items: list[Article | Skipped]) -> WriteResult:
        from rashomon.pipeline import analyse_each

        settings = self._settings
        with self._lock:
            skipped = [item for item in items if isinstance(item, Skipped)]
            duplicates = 0
            fresh: list[Article] = []
            seen: set[str] = set()
            for item in items:
                if isinstance(item, Skipped):
                    continue
                verdict = application.triage(store, item, settings, seen)
                if isinstance(verdict, Skipped):
                    skipped.append(verdict)
                elif verdict:
                    fresh.append(item)
                else:
                    duplicates += 1
            stored: list[str] = []
            if fresh:
                run_id = store.start_run()
                for result in analyse_each(fresh, nlp=self._pipeline(), settings=settings):
                    if isinstance(result, Skipped):
                        store.record_skipped(result, run_id=run_id)
                        skipped.append(result)
                        continue
                    saved = store.save_or_refuse(result, run_id=run_id)
                    if isinstance(saved, Skipped):
                        store.record_skipped(saved, run_id=run_id)
                        skipped.append(saved)
                    elif saved:
                        stored.append(result.article.id)
                    else:
                        duplicates += 1
                store.finish_run(run_id, duplicates=duplicates)
                application.link_new(store, application.link_settings(settings))
            return WriteResult(
                stored=tuple(stored),
                duplicates=duplicates,
                skipped=tuple(skipped),
                incidents=incidents_of(store, stored),
            )
