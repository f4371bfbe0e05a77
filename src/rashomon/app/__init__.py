"""The application layer: what the commands do, as functions that return data.

Used by the CLI (a thin boundary: Rich output and exit codes stay in ``cli``), the benches
and the tests. Nothing here prints or exits; errors are ``RashomonError`` subclasses.

Link results live in the store (``rashomon.store.links``): wire-copy groups, incidents
with stable ids (``inc-`` and 8 hex digits, minted once; an incident keeps its id while
articles join it, merges and splits are recorded in its history), membership, each
article's blocking keys, term counts and facts, and the store's term counts.
``rashomon.app.linking`` writes them (``link_new`` after an ingest, ``relink`` from
scratch); ``incidents`` and ``ledger`` here read them, at a cost that follows what they
return.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from rashomon.app.linking import (
    NEIGHBOUR_CAP,
    LinkReport,
    Progress,
    _collector_paused,
    _quiet,
    carry_ids,
    link_new,
    relink,
)
from rashomon.config import Settings
from rashomon.errors import ID_CONFLICT, RashomonError, StoreError
from rashomon.link import LinkParams, find_copies, link_params, merge_entities
from rashomon.model import Analysis, Article, Comparison, CopyGroup, Incident, Skipped
from rashomon.store import Store, open_store
from rashomon.store import links as stored
from rashomon.store.copy import CopiedStore
from rashomon.store.copy import copy_store as _copy_rows
from rashomon.store.links import IncidentFilter

__all__ = [
    "EMPTY_STORE",
    "NEIGHBOUR_CAP",
    "NO_DATABASE",
    "UNKNOWN_INCIDENT",
    "EmptyStoreError",
    "Everything",
    "IncidentPage",
    "LinkReport",
    "Progress",
    "UnknownIncidentError",
    "articles_ledger",
    "by_incident",
    "carry_ids",
    "copy_store",
    "everything",
    "incident",
    "incident_analyses",
    "incidents",
    "ledger",
    "link_new",
    "link_settings",
    "open_existing",
    "relink",
    "triage",
]

UNKNOWN_INCIDENT = "R055"
EMPTY_STORE = "R056"
NO_DATABASE = "R057"


class UnknownIncidentError(StoreError):
    """No stored incident has this id."""

    code = UNKNOWN_INCIDENT


class EmptyStoreError(StoreError):
    """The store holds no articles (or no such database file)."""

    code = EMPTY_STORE


@dataclass(frozen=True, slots=True)
class IncidentPage:
    """One page of stored incidents, the number that match, and their members' outlets."""

    incidents: list[Incident]
    total: int
    articles: int  # articles in the store
    outlets: dict[str, str | None] = field(default_factory=dict)


def triage(store: Store, article: Article, settings: Settings, seen: set[str]) -> bool | Skipped:
    """Whether an article read is new: True (and its content hash added to ``seen``, the
    hashes of this batch), False for a copy of a stored article or of one seen in this batch
    (the same text, redacted as it will be stored), or a ``Skipped`` (R052) when its id
    already names another stored text. ``ingest`` and the web app's writes both ask it."""
    from rashomon.redact import redact_article
    from rashomon.store import content_hash

    digest = content_hash(redact_article(article).text if settings.redact else article.text)
    if digest in seen or store.has_article(digest):
        return False
    if store.has_article(article.id):
        message = (
            f"Article id {article.id!r} is already stored with a different text; "
            "give this article another id."
        )
        return Skipped(article.origin, ID_CONFLICT, message, article.id)
    seen.add(digest)
    return True


def open_existing(url: str) -> Store:
    """Open a store that must already exist (reading commands never create a SQLite file)."""
    missing = _missing_sqlite_file(url)
    if missing is not None:
        raise EmptyStoreError(
            f"No database at {missing!r}; fill one with 'rashomon ingest INPUT... --db {url}'."
        )
    return open_store(url)


def copy_store(source_url: str, target_url: str, *, progress: Progress = _quiet) -> CopiedStore:
    """Copy the store at ``source_url`` (it must exist) into the empty database at
    ``target_url`` (a SQLite file is created), link results and all: see
    ``rashomon.store.copy``. Both are migrated to the newest schema first."""
    missing = _missing_sqlite_file(source_url)
    if missing is not None:
        raise EmptyStoreError(f"No database at {missing!r} to copy.")
    with open_store(source_url) as source, open_store(target_url) as target:
        if source.article_count() == 0:
            shown = source.engine.url.render_as_string(hide_password=True)
            raise EmptyStoreError(f"No articles stored in {shown}: nothing to copy.")
        return _copy_rows(source, target, progress)


# --- reading -----------------------------------------------------------------------------


def incidents(
    store: Store,
    where: IncidentFilter | None = None,
    *,
    page: int = 1,
    per_page: int | None = None,
    params: LinkParams | None = None,
    progress: Progress = _quiet,
) -> IncidentPage:
    """Stored incidents matching ``where``, by start date: page ``page`` (from 1) of
    ``per_page`` (None: all). Articles stored but not linked yet are linked first
    (``progress`` follows that)."""
    if page < 1 or (per_page is not None and per_page < 1):
        raise RashomonError("Pages are numbered from 1 and hold at least one incident.")
    _link_pending_or_fail(store, params or LinkParams(), progress)
    offset = 0 if per_page is None else (page - 1) * per_page
    where = where or IncidentFilter()
    with _collector_paused():  # a long listing is many small objects (44,897: 2.7 s -> 1.3 s)
        found = stored.incidents_and_outlets(store, where, offset=offset, limit=per_page)
    listed, outlets = found
    total = stored.count_incidents(store, where) if per_page is not None else len(listed)
    return IncidentPage(listed, total, store.article_count(), outlets)


def incident(store: Store, incident_id: str) -> Incident:
    found = stored.incident(store, incident_id)
    if found is None:
        shown = store.engine.url.render_as_string(hide_password=True)
        raise UnknownIncidentError(
            f"No incident {incident_id!r} among the {stored.count_incidents(store)} in {shown}; "
            f"list their ids with 'rashomon incidents --db {shown}'."
        )
    return found


def incident_analyses(store: Store, found: Incident) -> tuple[list[Analysis], list[CopyGroup]]:
    """The analyses of one incident's articles and their stored wire-copy groups."""
    analyses = stored.analyses_of(store, found.article_ids)
    return analyses, stored.copy_groups(store, found.article_ids)


def ledger(store: Store, incident_id: str, params: LinkParams | None = None) -> Comparison:
    """The ledger of one stored incident, built from its articles alone."""
    _link_pending_or_fail(store, params or LinkParams())
    found = incident(store, incident_id)
    analyses, copies = incident_analyses(store, found)
    return _ledger_of(found, analyses, copies)


def _ledger_of(found: Incident, analyses: list[Analysis], copies: list[CopyGroup]) -> Comparison:
    """An incident's ledger from its own articles (entities merged among them), so that
    ``ledger`` and ``everything`` give the same ledger of one incident."""
    from rashomon.compare import compare_incidents

    members = set(found.article_ids)
    own: list[CopyGroup] = []
    for group in sorted(copies, key=lambda g: g.original_id):
        ids = tuple(a for a in group.article_ids if a in members)
        if len(ids) >= 2:
            own.append(replace(group, id=f"copy-{len(own) + 1}", article_ids=ids))
    entities = merge_entities(analyses)
    return next(iter(compare_incidents([found], analyses, copies=own, entities=entities)))


def articles_ledger(store: Store, article_ids: Sequence[str]) -> Comparison:
    """The ledger of exactly ``article_ids`` (bypassing incidents)."""
    from rashomon.compare import compare_incident, incident_of_articles

    ids = list(dict.fromkeys(article_ids))
    if not ids:
        raise RashomonError("Give the ids of the articles to compare.")
    analyses = stored.analyses_of(store, ids)
    unknown = sorted(set(ids) - {a.article.id for a in analyses})
    if unknown:
        shown = store.engine.url.render_as_string(hide_password=True)
        raise StoreError(
            f"No article {', '.join(map(repr, unknown))} in {shown}.", code=UNKNOWN_INCIDENT
        )
    order = {a: n for n, a in enumerate(ids)}
    analyses.sort(key=lambda a: order[a.article.id])
    copies = find_copies([a.article for a in analyses])
    entities = merge_entities(analyses)
    return compare_incident(
        incident_of_articles(analyses), analyses, copies=copies, entities=entities
    )


@dataclass(frozen=True, slots=True)
class Everything:
    """Every stored analysis, incident and ledger (what ``export`` writes)."""

    analyses: list[Analysis]
    incidents: list[Incident]
    comparisons: list[Comparison]


def everything(
    store: Store, params: LinkParams | None = None, *, progress: Progress = _quiet
) -> Everything:
    """Every analysis and every stored incident's ledger (reads the whole store)."""
    _link_pending_or_fail(store, params or LinkParams(), progress)
    total = store.article_count()
    analyses: list[Analysis] = []
    for analysis in store.analyses():
        analyses.append(analysis)
        if len(analyses) % 200 == 0:
            progress("reading", len(analyses), total)
    progress("reading", len(analyses), total)
    listed = stored.incidents(store)
    by_id = {a.article.id: a for a in analyses}
    copies = stored.copy_groups(store, by_id)
    comparisons: list[Comparison] = []
    for number, found in enumerate(listed, start=1):
        comparisons.append(_ledger_of(found, [by_id[a] for a in found.article_ids], copies))
        progress("ledgers", number, len(listed))
    return Everything(analyses, listed, comparisons)


def _link_pending_or_fail(store: Store, params: LinkParams, progress: Progress = _quiet) -> None:
    """Reading commands need a non-empty store whose articles are all linked: a store made
    before link results were kept, or an ingest interrupted before it linked, is linked
    here first (``params``)."""
    if store.article_count() == 0:
        shown = store.engine.url.render_as_string(hide_password=True)
        raise EmptyStoreError(
            f"No articles stored in {shown}; add some with 'rashomon ingest INPUT... --db {shown}'."
        )
    if stored.pending(store):
        link_new(store, params, progress=progress)


def link_settings(settings: Settings) -> LinkParams:
    """The linking thresholds of ``settings``."""
    return link_params(settings)


def _missing_sqlite_file(url: str) -> str | None:
    """The path of a SQLite URL whose file does not exist."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return None  # open_store explains bad URLs
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:") or Path(database).exists():
        return None
    return database


def by_incident(incidents_: Iterable[Incident]) -> dict[str, list[str]]:
    """Membership as {incident id: article ids} (for comparing link results)."""
    out: dict[str, list[str]] = defaultdict(list)
    for item in incidents_:
        out[item.id].extend(item.article_ids)
    return dict(out)
