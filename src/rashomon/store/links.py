"""Stored link results: incidents with stable ids, their members and history, wire-copy
groups, each linked article's blocking keys and the store's term counts.

Like ``repository``, this module speaks SQL and nothing else: which articles to link and how
ids carry over is decided by ``rashomon.app``. Every read here is an indexed lookup (by
incident id, article id or blocking key) or a page of incidents, so its cost follows what is
asked for, not the size of the store.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    JSON,
    Connection,
    String,
    bindparam,
    delete,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    type_coerce,
    update,
)

from rashomon.errors import BAD_URL, StoreError
from rashomon.link._incident_keys import Facts
from rashomon.link.incidents import BlockingKeys
from rashomon.link.syndication import Signature
from rashomon.model import Analysis, CopyGroup, EventRef, EventType, Incident, Place, TextSpan
from rashomon.store import codec
from rashomon.store.repository import STREAM_BATCH, Store, _analysis
from rashomon.store.tables import (
    COMMON_FLOOR,
    AnalysisRow,
    ArticleRow,
    CopyMemberRow,
    IncidentHistoryRow,
    IncidentMemberRow,
    IncidentRow,
    LinkArticleRow,
    LinkKeyRow,
    LinkTermRow,
)

TERM_CHARS = 200  # longer terms (hostile text) are not counted: they weigh as unique
CHUNK = 500  # values per IN (...) list: well under every database's limit
WRITE_BATCH = 5_000  # articles whose rows are made and inserted at a time (a relink's: all)
# the parts of a stored analysis that linking never reads (left out by ``link_views_of``)
UNLINKED_PARTS = ("claims", "attributions", "figures")
_EVENT_TYPES = {member.value: member for member in EventType}


@lru_cache(maxsize=1 << 17)
def key_hash(key: str) -> str:
    """A blocking key as stored: 24 hex digits of its BLAKE2b hash (fixed width, indexed).
    Remembered: the keys of new articles are hashed as they are looked up and again as
    they are written, and neighbouring cells, regions and terms recur across articles."""
    return hashlib.blake2b(key.encode("utf-8"), digest_size=12).hexdigest()


@dataclass(frozen=True, slots=True)
class StoredKeys:
    """An article's blocking keys as stored (hashed): see ``rashomon.link.BlockingKeys``;
    ``probes`` (the timed keys it looks up) are made for new articles, never stored."""

    article_id: str
    undated: bool
    timed: frozenset[str]
    untimed: frozenset[str]
    probes: frozenset[str] = field(default=frozenset(), compare=False)


def hashed(keys: BlockingKeys, *, probes: bool = False) -> StoredKeys:
    """``keys`` as stored; with ``probes``, with the timed keys they look up."""
    return StoredKeys(
        keys.article_id,
        keys.undated,
        frozenset(key_hash(k) for k in keys.timed),
        frozenset(key_hash(k) for k in keys.untimed),
        frozenset(key_hash(k) for k in keys.probes) if probes else frozenset(),
    )


@dataclass(frozen=True, slots=True)
class IncidentFilter:
    """Which stored incidents to list: overlapping [since, until], a place or text (case
    insensitive, in the places and the member titles), an event type."""

    since: date | None = None
    until: date | None = None
    place: str | None = None
    type: EventType | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    action: str  # created, grew, shrank, merged, split, dissolved
    incident_id: str
    other_id: str | None
    articles: int


@dataclass(frozen=True, slots=True)
class LinkedPart:
    """The result of linking one part of the store, to be written in one transaction:
    ``articles`` every article of the part (their old incidents and keys are replaced),
    ``new_terms`` the term sets of articles linked for the first time (counted in)."""

    articles: Sequence[str]
    incidents: Sequence[Incident]
    keys: Sequence[StoredKeys]
    copies: Sequence[CopyGroup]
    new_terms: Mapping[str, frozenset[str]]
    titles: Mapping[str, str]
    history: Sequence[HistoryEntry]
    retired: Sequence[str]
    cause: str
    replace_all: bool = False  # a relink: every earlier result goes (history stays)
    # title-and-lead term counts to keep, by article (new ones, and any stored without)
    counts: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    # MinHash signatures to keep, by article (new ones, and any stored without)
    signatures: Mapping[str, Signature] = field(default_factory=dict)
    # each record's facts, by article (written where they differ from those kept)
    facts: Mapping[str, Facts] = field(default_factory=dict)
    # incidents of ``incidents`` linked again with the same members, in the same order, as
    # stored: their rows and members are left as they are
    unchanged: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class StoredPlaces:
    """The places of a stored article's facts (``Neighbour.places``)."""

    fine: tuple[Place, ...]
    coarse: frozenset[str]
    areas: tuple[Place, ...]


class Neighbour:
    """What the store keeps of a linked article for testing new ones against it first: its
    facts (None: linked before revision 0005; decoded when first asked for: a test on its
    ``days`` may rule it out before) and signature (its term counts are read with
    ``article_term_counts``, only where the facts leave a test open)."""

    __slots__ = ("_decoded", "_places", "article_id", "data", "signature")

    def __init__(
        self, article_id: str, data: dict[str, Any] | None, signature: Signature | None
    ) -> None:
        self.article_id = article_id
        self.data = data  # the facts as stored
        self.signature = signature
        self._decoded: Facts | None = None
        self._places: StoredPlaces | None = None

    @property
    def facts(self) -> Facts | None:
        if self._decoded is None and self.data is not None:
            places = self.places()
            assert places is not None  # made whenever there are facts
            self._decoded = _facts(self.article_id, self.data, places)
        return self._decoded

    def places(self) -> StoredPlaces | None:
        """Its facts' places alone (None: no facts), made without the rest of them (once):
        most neighbours of a new article are ruled out by their places (``place_conflict``)."""
        if self._places is None and self.data is not None:
            data = self.data
            self._places = StoredPlaces(
                tuple([_place(*place) for place in data["fine"]]),
                frozenset(data["coarse"]),
                tuple([_place(*place) for place in data["areas"]]),
            )
        return self._places

    @property
    def common(self) -> str | None:
        """The tag of the common words its facts were made with (None: no facts)."""
        return None if self.data is None else str(self.data["common"])

    def days(self) -> list[tuple[int, int]]:
        """Every time of its facts (``Facts.dates``) as day ordinals, without decoding."""
        data = self.data
        if data is None:
            return []
        out: list[tuple[int, int]] = [(lo, hi) for lo, hi in data["spans"]]
        if data["lo"] is not None and data["hi"] is not None:
            out.append((data["lo"], data["hi"]))
        if data["published"] is not None:
            out.append((data["published"], data["published"]))
        return out


def _chunks(values: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# the placeholder of each DB-API parameter style that the supported drivers use (sqlite3:
# qmark, psycopg: pyformat, which takes positional %s too)
_MARKS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def _mark(conn: Connection) -> str:
    """The driver's placeholder; ``StoreError`` for a driver the store does not support
    (``open_store`` accepts SQLite and psycopg URLs only, so only a hand-made engine)."""
    mark = _MARKS.get(conn.dialect.paramstyle)
    if mark is None:
        raise StoreError(
            f"The database driver {conn.dialect.driver!r} (parameter style "
            f"{conn.dialect.paramstyle!r}) is not supported: use sqlite:/// or "
            "postgresql+psycopg:// URLs.",
            code=BAD_URL,
        )
    return mark


def _driver_rows(
    conn: Connection, query: str, values: Sequence[str], *fixed: Any
) -> Iterator[Sequence[Any]]:
    """The rows of ``query`` with its ``{marks}`` filled with ``values`` (``CHUNK`` at a
    time) and each ``{mark}`` with one of ``fixed`` (they come first), as the driver returns
    them: no statement is built, coerced and compiled per chunk and no result type is
    applied (a JSON column comes back as text from SQLite, decoded from psycopg: see
    ``_json``). For the reads of linking new articles only: at 100,000 articles their
    neighbourhood is tens of thousands of rows, and the expression layer cost about a tenth
    of the time to link 100. Each chunk's rows are fetched at once (``fetchall``: a
    third less than one ``fetchone`` per row, over the tens of thousands of rows).

    On PostgreSQL, ``IN ({marks})`` is sent as ``= ANY(%s)`` with one array of the
    ``CHUNK`` values: one short statement, which psycopg parses once and prepares, where
    a list of hundreds of placeholders was parsed anew in Python for every chunk. Not a
    longer array: from a few thousand values the planner scans the whole table instead
    of the index (5,000 terms: 61 ms, where 500 took 3 ms)."""
    mark = _mark(conn)
    if conn.dialect.name == "postgresql":
        sql = query.replace("IN ({marks})", "= ANY({mark})").format(mark=mark)
        for part in _chunks(values):
            yield from conn.exec_driver_sql(sql, (*fixed, list(part))).fetchall()
        return
    for part in _chunks(values):
        sql = query.format(mark=mark, marks=", ".join([mark] * len(part)))
        yield from conn.exec_driver_sql(sql, (*fixed, *part)).fetchall()


def _driver_many(conn: Connection, into: _Insert, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert ``rows`` as ``into`` says in one statement of the driver: the rows of linking
    new articles' writes (thousands of keys and term counts) are not bound through the
    expression layer one by one. SQLite runs the statement once per row
    (``executemany``); PostgreSQL takes each column as one array and inserts their
    ``unnest``: one statement run once, where ``executemany`` ran it once per row (about
    twice as long for 2,000 keys at 100,000 articles)."""
    if not rows:
        return
    mark = _mark(conn)
    names = ", ".join(name for name, _ in into.columns)
    head = f"INSERT INTO {into.table} ({names}) "
    if conn.dialect.name == "postgresql":
        arrays = ", ".join(f"{mark}::{kind}[]" for _, kind in into.columns)
        sql = f"{head}SELECT * FROM unnest({arrays}){into.tail}"
        conn.exec_driver_sql(sql, tuple(list(column) for column in zip(*rows, strict=True)))
        return
    marks = ", ".join([mark] * len(into.columns))
    conn.exec_driver_sql(f"{head}VALUES ({marks}){into.tail}", list(rows))


def _json(value: Any) -> Any:
    """A JSON column's value as read by ``_driver_rows``: text (SQLite) is decoded here, a
    value psycopg decoded already is kept."""
    return codec.loads(value) if isinstance(value, str | bytes) else value


# --- reading -----------------------------------------------------------------------------


def unlinked_ids(store: Store) -> list[str]:
    """Stored articles that linking has not seen yet, in the order stored."""
    joined = select(
        AnalysisRow.id, AnalysisRow.article_id, LinkArticleRow.article_id.label("linked")
    ).outerjoin(LinkArticleRow, LinkArticleRow.article_id == AnalysisRow.article_id)
    with store.engine.connect() as conn:
        analysed = conn.execute(select(func.count()).select_from(AnalysisRow)).scalar_one()
        linked = conn.execute(select(func.count()).select_from(LinkArticleRow)).scalar_one()
        missing = int(analysed) - int(linked)
        if missing > 0:  # as ``pending`` counts: the last ones stored, when all unlinked
            last = conn.execute(joined.order_by(AnalysisRow.id.desc()).limit(missing)).all()
            if all(row.linked is None for row in last):
                return [row.article_id for row in reversed(last)]
        # sorted here, not by the database: ordered by id, SQLite scanned the analyses table
        # (documents and all: 0.3 s at 100,000 articles) instead of its index on article ids
        rows = conn.execute(joined.where(LinkArticleRow.article_id.is_(None)))
        return [row.article_id for row in sorted(rows, key=lambda r: r.id)]


def analyses_of(store: Store, article_ids: Iterable[str]) -> list[Analysis]:
    """The stored analyses of ``article_ids`` (unknown ids left out), in the order stored."""
    ids = sorted(set(article_ids))
    found: list[tuple[int, Analysis]] = []
    with store.engine.connect() as conn:
        for part in _chunks(ids):
            query = (
                select(AnalysisRow.id, AnalysisRow.document, ArticleRow.text)
                .join(ArticleRow, ArticleRow.id == AnalysisRow.article_id)
                .where(AnalysisRow.article_id.in_(part))
            )
            found.extend((row.id, _analysis(row.document, row.text)) for row in conn.execute(query))
    return [analysis for _, analysis in sorted(found, key=lambda item: item[0])]


def link_views_of(
    store: Store, article_ids: Iterable[str], known: Mapping[str, Analysis] | None = None
) -> list[Analysis]:
    """``analyses_of`` as linking reads them: the article, claimants, events, places and
    times, without the claims, attributions and figures (SQLite drops them before they
    are sent: most of a document, and of the time to decode it; see ``_link_document``
    for PostgreSQL); ``known``: views already read, by article id (only their place in
    the order is read)."""
    known = known or {}
    ids = sorted(set(article_ids))
    found: list[tuple[int, Analysis]] = []
    with store.engine.connect() as conn:
        document = _link_document(conn)
        for part in _chunks([a for a in ids if a in known]):
            query = select(AnalysisRow.id, AnalysisRow.article_id).where(
                AnalysisRow.article_id.in_(part)
            )
            found.extend((row.id, known[row.article_id]) for row in conn.execute(query))
        for part in _chunks([a for a in ids if a not in known]):
            query = (
                select(AnalysisRow.id, document.label("document"), ArticleRow.text)
                .join(ArticleRow, ArticleRow.id == AnalysisRow.article_id)
                .where(AnalysisRow.article_id.in_(part))
            )
            found.extend(
                (row.id, _link_view(row.document, row.text)) for row in conn.execute(query)
            )
    return [analysis for _, analysis in sorted(found, key=lambda item: item[0])]


def link_views(store: Store) -> Iterator[Analysis]:
    """Every stored analysis as linking reads it (``link_views_of``), in the order stored;
    streamed."""
    with store.engine.connect() as conn:
        query = (
            select(_link_document(conn).label("document"), ArticleRow.text)
            .join(ArticleRow, ArticleRow.id == AnalysisRow.article_id)
            .order_by(AnalysisRow.id)
        )
        rows = conn.execution_options(yield_per=STREAM_BATCH).execute(query)
        for row in rows:
            yield _link_view(row.document, row.text)


def _link_document(conn: Connection) -> Any:
    """The stored document less what linking never reads, as an SQL expression."""
    if conn.dialect.name == "postgresql":
        # sent whole and decoded by the client (orjson), the parts dropped there: casting
        # each document to JSONB to drop them in the server took about twice as long
        return AnalysisRow.document
    paths = [literal(f"$.{key}", String) for key in UNLINKED_PARTS]
    return type_coerce(func.json_remove(AnalysisRow.document, *paths), JSON)


def _link_view(document: dict[str, Any], text: str) -> Analysis:
    return _analysis({**document, **{key: [] for key in UNLINKED_PARTS}}, text)


def article_term_counts(store: Store, article_ids: Iterable[str]) -> dict[str, dict[str, int]]:
    """The stored title-and-lead term counts of ``article_ids`` (those linked since
    revision 0003; others are left out)."""
    query = (
        "SELECT article_id, terms FROM link_articles"
        " WHERE terms IS NOT NULL AND article_id IN ({marks})"
    )
    with store.engine.connect() as conn:
        rows = _driver_rows(conn, query, sorted(set(article_ids)))
        return {article_id: _json(terms) for article_id, terms in rows}


def article_signatures(store: Store, article_ids: Iterable[str]) -> dict[str, Signature]:
    """The stored MinHash signatures of ``article_ids`` (those linked since revision 0004;
    others are left out)."""
    out: dict[str, Signature] = {}
    with store.engine.connect() as conn:
        for part in _chunks(sorted(set(article_ids))):
            query = select(
                LinkArticleRow.article_id, LinkArticleRow.shingles, LinkArticleRow.minhash
            ).where(LinkArticleRow.article_id.in_(part), LinkArticleRow.shingles.is_not(None))
            out.update(
                (row.article_id, Signature(row.shingles, row.minhash))
                for row in conn.execute(query)
            )
    return out


def term_counts(store: Store, terms: Iterable[str]) -> tuple[dict[str, int], int]:
    """The stored document counts of ``terms`` and the number of articles counted."""
    df = term_df(store, terms)
    with store.engine.connect() as conn:
        size = int(conn.execute(select(func.count()).select_from(LinkArticleRow)).scalar_one())
    return df, size


def term_df(store: Store, terms: Iterable[str]) -> dict[str, int]:
    """The stored document counts of ``terms`` (terms not counted are left out)."""
    query = "SELECT term, df FROM link_terms WHERE term IN ({marks})"
    with store.engine.connect() as conn:
        return {term: df for term, df in _driver_rows(conn, query, sorted(set(terms)))}


def terms_over(store: Store, count: float) -> dict[str, int]:
    """Stored terms in more than ``count`` articles, with their counts (a handful): read
    from the index of the terms past ``COMMON_FLOOR`` when ``count`` is (the condition
    names the index's own, so that the database can use it), else by a scan (a store
    of a few thousand articles)."""
    query = select(LinkTermRow.term, LinkTermRow.df).where(LinkTermRow.df > count)
    if count >= COMMON_FLOOR:
        query = query.where(literal_column(f"df > {COMMON_FLOOR}"))
    with store.engine.connect() as conn:
        return {row.term: row.df for row in conn.execute(query)}


def keys_of(store: Store, article_ids: Iterable[str]) -> list[StoredKeys]:
    """The stored blocking keys of ``article_ids`` (articles with a record only)."""
    with store.engine.connect() as conn:
        found = _keys_of(conn, article_ids)
    return [found[a] for a in sorted(found)]


def _keys_of(conn: Connection, article_ids: Iterable[str]) -> dict[str, StoredKeys]:
    timed: dict[str, set[str]] = defaultdict(set)
    untimed: dict[str, set[str]] = defaultdict(set)
    undated: dict[str, bool] = {}
    query = 'SELECT article_id, "key", timed, undated FROM link_keys WHERE article_id IN ({marks})'
    for article_id, key, is_timed, is_undated in _driver_rows(
        conn, query, sorted(set(article_ids))
    ):
        (timed if is_timed else untimed)[article_id].add(key)
        undated[article_id] = bool(is_undated)
    return {
        a: StoredKeys(a, undated[a], frozenset(timed[a]), frozenset(untimed[a])) for a in undated
    }


def neighbours(
    store: Store, keys: Sequence[StoredKeys], limit: int
) -> tuple[dict[str, set[str]], bool]:
    """The articles filed under keys that ``keys`` look up (see ``BlockingKeys``: anyone's
    timed keys under their ``probes``; untimed keys of undated articles; anyone's untimed
    keys for an undated one), each with the articles of ``keys`` it was found for; True
    when the lookup stopped past ``limit`` articles (each query is read whole)."""
    # key -> the articles of ``keys`` that look it up: timed, untimed of undated, of dated
    timed_of: dict[str, set[str]] = defaultdict(set)
    of_undated: dict[str, set[str]] = defaultdict(set)
    of_dated: dict[str, set[str]] = defaultdict(set)
    for item in keys:
        for key in item.probes:
            timed_of[key].add(item.article_id)
        for key in item.untimed:
            (of_undated if item.undated else of_dated)[key].add(item.article_id)
    # each answered by the covering key index (key, timed, undated, article id)
    query = 'SELECT "key", article_id FROM link_keys WHERE timed = {mark} AND "key" IN ({marks})'
    of_undated_only = query.replace("WHERE", "WHERE undated = {mark} AND")
    lookups: tuple[tuple[dict[str, set[str]], str, tuple[bool, ...]], ...] = (
        (timed_of, query, (True,)),
        (of_undated, query, (False,)),
        (of_dated, of_undated_only, (True, False)),
    )
    found: dict[str, set[str]] = defaultdict(set)
    with store.engine.connect() as conn:
        for owners, sql, fixed in lookups:
            for part in _chunks(sorted(owners)):
                for key, article_id in _driver_rows(conn, sql, part, *fixed):
                    found[article_id].update(owners[key])
                if len(found) > limit:
                    return dict(found), True
    return dict(found), False


def neighbour_data(store: Store, article_ids: Iterable[str]) -> dict[str, Neighbour]:
    """What the store keeps of ``article_ids`` for testing new articles against them
    (linked articles only)."""
    out: dict[str, Neighbour] = {}
    query = (
        "SELECT article_id, facts, shingles, minhash FROM link_articles"
        " WHERE article_id IN ({marks})"
    )
    with store.engine.connect() as conn:
        for article_id, facts, shingles, minhash in _driver_rows(
            conn, query, sorted(set(article_ids))
        ):
            out[article_id] = Neighbour(
                article_id,
                _json(facts),
                None if shingles is None else Signature(shingles, minhash),
            )
    return out


def _facts_values(facts: Facts) -> dict[str, Any]:
    def day(value: date | None) -> int | None:
        return None if value is None else value.toordinal()

    def places(found: Sequence[Place]) -> list[list[Any]]:
        return [[p.name, p.kind, p.lat, p.lon] for p in found]

    return {
        "family": facts.family,
        "lo": day(facts.lo),
        "hi": day(facts.hi),
        "published": day(facts.published),
        "fine": places(facts.fine),
        "coarse": sorted(facts.coarse),
        "areas": places(facts.areas),
        "names": sorted(facts.names),
        "families": sorted(facts.families),
        "spans": [[lo.toordinal(), hi.toordinal()] for lo, hi in facts.spans],
        "common": facts.common,
    }


@lru_cache(maxsize=1 << 16)
def _place(name: str, kind: str, lat: float | None, lon: float | None) -> Place:
    """A stored place of facts (made once: the same places recur across a store)."""
    return Place(TextSpan(0, len(name), name), name, kind, lat=lat, lon=lon)


def _facts(article_id: str, data: dict[str, Any], places: StoredPlaces) -> Facts:
    # made for thousands of neighbours per link of new articles: no helper calls, lists
    # made by comprehensions (13.7 -> 11 us per article); ``places``: made from ``data``
    day = date.fromordinal
    lo, hi, published = data["lo"], data["hi"], data["published"]
    return Facts(
        article_id=article_id,
        family=data["family"],
        lo=None if lo is None else day(lo),
        hi=None if hi is None else day(hi),
        published=None if published is None else day(published),
        fine=places.fine,
        coarse=places.coarse,
        areas=places.areas,
        names=frozenset(data["names"]),
        families=frozenset(data["families"]),
        spans=tuple([(day(lo), day(hi)) for lo, hi in data["spans"]]),
        common=data["common"],
    )


def members_of_incidents_with(store: Store, article_ids: Iterable[str]) -> dict[str, list[str]]:
    """Every member of each stored incident that holds one of ``article_ids``."""
    owners = "SELECT incident_id FROM incident_members WHERE article_id IN ({marks})"
    query = (
        "SELECT incident_id, position, article_id FROM incident_members"
        " WHERE incident_id IN ({marks})"
    )
    members: dict[str, list[tuple[int, str]]] = defaultdict(list)
    with store.engine.connect() as conn:
        found = {row[0] for row in _driver_rows(conn, owners, sorted(set(article_ids)))}
        for incident_id, position, article_id in _driver_rows(conn, query, sorted(found)):
            members[incident_id].append((position, article_id))
    return {i: [a for _, a in sorted(members[i])] for i in sorted(members)}


def incident_ids(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        return {row.id for row in conn.execute(select(IncidentRow.id))}


def id_taken(store: Store, incident_id: str) -> bool:
    with store.engine.connect() as conn:
        query = select(IncidentHistoryRow.id).where(IncidentHistoryRow.incident_id == incident_id)
        return conn.execute(query.limit(1)).first() is not None


def ids_taken(store: Store, incident_ids: Iterable[str]) -> set[str]:
    """Those of ``incident_ids`` that the store ever used (``id_taken`` of many at once)."""
    query = "SELECT DISTINCT incident_id FROM incident_history WHERE incident_id IN ({marks})"
    with store.engine.connect() as conn:
        return {row[0] for row in _driver_rows(conn, query, sorted(set(incident_ids)))}


def count_incidents(store: Store, where: IncidentFilter = IncidentFilter()) -> int:
    with store.engine.connect() as conn:
        query = select(func.count()).select_from(IncidentRow)
        return int(conn.execute(_filtered(query, where)).scalar_one())


def incidents(
    store: Store,
    where: IncidentFilter = IncidentFilter(),
    *,
    offset: int = 0,
    limit: int | None = None,
) -> list[Incident]:
    """Stored incidents by start date (undated last), then id; one page of them."""
    return incidents_and_outlets(store, where, offset=offset, limit=limit)[0]


def incidents_and_outlets(
    store: Store,
    where: IncidentFilter = IncidentFilter(),
    *,
    offset: int = 0,
    limit: int | None = None,
) -> tuple[list[Incident], dict[str, str | None]]:
    """``incidents``, and the outlet of each of their members: three queries whatever the
    page's size (members and outlets are joined to the page, not looked up id by id).
    Only the columns an ``Incident`` holds are read (not the search text or timestamps), and
    a listing of every match joins members to the matches unsorted (the order is the
    page's alone)."""
    query = _filtered(select(*_LISTED), where).order_by(
        IncidentRow.start.is_(None), IncidentRow.start, IncidentRow.id
    )
    query = query.offset(offset)
    if limit is not None:
        query = query.limit(limit)
    if limit is None and offset == 0:
        page = _filtered(select(IncidentRow.id), where).subquery()
    else:
        page = query.with_only_columns(IncidentRow.id).subquery()
    on_page = select(IncidentMemberRow).join(page, page.c.id == IncidentMemberRow.incident_id)
    outlets_on_page = (
        select(ArticleRow.id, ArticleRow.outlet)
        .join(IncidentMemberRow, IncidentMemberRow.article_id == ArticleRow.id)
        .join(page, page.c.id == IncidentMemberRow.incident_id)
    )
    members: dict[str, list[tuple[int, str]]] = defaultdict(list)
    with store.engine.connect() as conn:  # fetched whole: a row at a time is slower
        rows = conn.execute(query).all()
        for member in conn.execute(on_page).all():
            members[member.incident_id].append((member.position, member.article_id))
        outlets = {row.id: row.outlet for row in conn.execute(outlets_on_page).all()}
    listed = [_incident(row, [a for _, a in sorted(members.get(row.id, []))]) for row in rows]
    return listed, outlets


# what ``_incident`` reads of a stored incident
_LISTED = (
    IncidentRow.id,
    IncidentRow.type,
    IncidentRow.start,
    IncidentRow.end,
    IncidentRow.places,
    IncidentRow.rules,
    IncidentRow.events,
)


def incident(store: Store, incident_id: str) -> Incident | None:
    with store.engine.connect() as conn:
        row = conn.execute(select(*_LISTED).where(IncidentRow.id == incident_id)).first()
        if row is None:
            return None
        return _incident(row, _members(conn, [incident_id]).get(incident_id, []))


def outlets(store: Store, article_ids: Iterable[str]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    with store.engine.connect() as conn:
        for part in _chunks(sorted(set(article_ids))):
            query = select(ArticleRow.id, ArticleRow.outlet).where(ArticleRow.id.in_(part))
            out.update((row.id, row.outlet) for row in conn.execute(query))
    return out


def history(store: Store, incident_id: str | None = None) -> list[HistoryEntry]:
    query = select(IncidentHistoryRow).order_by(IncidentHistoryRow.id)
    if incident_id is not None:
        query = query.where(
            or_(
                IncidentHistoryRow.incident_id == incident_id,
                IncidentHistoryRow.other_id == incident_id,
            )
        )
    with store.engine.connect() as conn:
        return [
            HistoryEntry(r.action, r.incident_id, r.other_id, r.articles)
            for r in conn.execute(query)
        ]


def copy_groups(store: Store, article_ids: Iterable[str]) -> list[CopyGroup]:
    """The stored wire-copy groups that hold one of ``article_ids`` (members among them)."""
    wanted = set(article_ids)
    groups: dict[str, list[Any]] = defaultdict(list)
    with store.engine.connect() as conn:
        for part in _chunks(sorted(wanted)):
            query = select(CopyMemberRow).where(CopyMemberRow.article_id.in_(part))
            for row in conn.execute(query):
                groups[row.original_id].append(row)
    out: list[CopyGroup] = []
    for number, (original, rows) in enumerate(sorted(groups.items()), start=1):
        if len(rows) < 2:
            continue
        out.append(
            CopyGroup(
                id=f"copy-{number}",
                article_ids=tuple(sorted(r.article_id for r in rows)),
                original_id=original,
                agency=rows[0].agency,
                similarity=min(r.similarity for r in rows),
            )
        )
    return out


def _members(conn: Connection, ids: Sequence[str]) -> dict[str, list[str]]:
    members: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for part in _chunks(list(ids)):
        query = select(IncidentMemberRow).where(IncidentMemberRow.incident_id.in_(part))
        for row in conn.execute(query):
            members[row.incident_id].append((row.position, row.article_id))
    return {i: [a for _, a in sorted(m)] for i, m in members.items()}


def _filtered(query: Any, where: IncidentFilter) -> Any:
    if where.since is not None:
        query = query.where(or_(IncidentRow.end.is_(None), IncidentRow.end >= where.since))
    if where.until is not None:
        query = query.where(or_(IncidentRow.start.is_(None), IncidentRow.start <= where.until))
    if where.type is not None:
        query = query.where(IncidentRow.type == where.type.value)
    for needle in (where.place, where.text):
        if needle:
            escaped = needle.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.where(IncidentRow.search.like(f"%{escaped}%", escape="\\"))
    return query


def _incident(row: Any, members: list[str]) -> Incident:
    return Incident(
        id=row.id,
        type=_EVENT_TYPES.get(row.type) or EventType(row.type),
        events=tuple(EventRef(a, e) for a, e in row.events),
        article_ids=tuple(members),
        start=row.start,
        end=row.end,
        places=tuple(row.places),
        rules=tuple(row.rules),
    )


# --- writing -----------------------------------------------------------------------------


_RESULTS = (IncidentMemberRow, IncidentRow, LinkKeyRow, CopyMemberRow, LinkArticleRow, LinkTermRow)


@dataclass(frozen=True, slots=True)
class _Insert:
    """A many-row insert as ``_driver_many`` sends it: the table, its columns with their
    PostgreSQL types (for the arrays), and what follows the rows (a conflict clause)."""

    table: str
    columns: tuple[tuple[str, str], ...]
    tail: str = ""


_INSERT_KEY = _Insert(
    "link_keys",
    (("article_id", "text"), ('"key"', "text"), ("timed", "boolean"), ("undated", "boolean")),
)
# SQLite (3.24 on) and PostgreSQL spell the upsert alike; the terms of one statement are
# distinct (PostgreSQL refuses to update one row twice in a statement)
_COUNT_TERM = _Insert(
    "link_terms",
    (("term", "text"), ("df", "integer")),
    " ON CONFLICT (term) DO UPDATE SET df = link_terms.df + excluded.df",
)


def pending(store: Store) -> bool:
    """Whether some stored article has not been linked yet (two counts, no scan of rows)."""
    with store.engine.connect() as conn:
        analysed = conn.execute(select(func.count()).select_from(AnalysisRow)).scalar_one()
        linked = conn.execute(select(func.count()).select_from(LinkArticleRow)).scalar_one()
    return int(analysed) > int(linked)


def write(store: Store, part: LinkedPart) -> None:
    """Replace the link results of ``part.articles`` with ``part``'s, in one transaction."""
    now = datetime.now(UTC)
    articles = list(part.articles)
    with store.engine.begin() as conn:
        if part.replace_all:
            for table in _RESULTS:
                conn.execute(delete(table))
        _count_terms(conn, part.new_terms)
        new = sorted(part.new_terms)
        undated = {k.article_id: k.undated for k in part.keys}
        for ids in _chunks(new, WRITE_BATCH):  # rows made as written: a relink's are many
            conn.execute(
                insert(LinkArticleRow),
                [
                    {
                        "article_id": a,
                        "undated": undated.get(a),
                        "linked_at": now,
                        "terms": _plain(part.counts.get(a)),
                        "facts": _facts_or_none(part.facts.get(a)),
                        **_signature_values(part.signatures.get(a)),
                    }
                    for a in ids
                ],
            )
        linked_before = {a: f for a, f in part.facts.items() if a not in part.new_terms}
        refacted = _changed_facts(conn, linked_before)
        if refacted:
            conn.execute(
                update(LinkArticleRow)
                .where(LinkArticleRow.article_id == bindparam("b_article"))
                .values(facts=bindparam("b_facts")),
                [{"b_article": a, "b_facts": values} for a, values in refacted.items()],
            )
        recounted = sorted(set(part.counts) - set(new))
        if recounted:
            conn.execute(
                update(LinkArticleRow)
                .where(LinkArticleRow.article_id == bindparam("b_article"))
                .values(terms=bindparam("b_terms")),
                [{"b_article": a, "b_terms": _plain(part.counts[a])} for a in recounted],
            )
        signed = sorted(set(part.signatures) - set(new))
        if signed:
            conn.execute(
                update(LinkArticleRow)
                .where(LinkArticleRow.article_id == bindparam("b_article"))
                .values(shingles=bindparam("b_shingles"), minhash=bindparam("b_minhash")),
                [
                    {f"b_{k}": v for k, v in _signature_values(part.signatures[a]).items()}
                    | {"b_article": a}
                    for a in signed
                ],
            )
        # keys are rewritten only where they changed: most of a part keeps its keys
        kept = {} if part.replace_all else _keys_of(conn, articles)
        rewrite = [k for k in part.keys if kept.get(k.article_id) != k]
        with_record = {k.article_id for k in part.keys}
        stale = {k.article_id for k in rewrite} | (set(kept) - with_record)
        for ids in [] if part.replace_all else _chunks(sorted(stale)):
            conn.execute(delete(LinkKeyRow).where(LinkKeyRow.article_id.in_(ids)))
        incidents = [i for i in part.incidents if i.id not in part.unchanged]
        kept_members = {a for i in part.incidents if i.id in part.unchanged for a in i.article_ids}
        for ids in [] if part.replace_all else _chunks(articles):  # a relink emptied them
            conn.execute(delete(CopyMemberRow).where(CopyMemberRow.article_id.in_(ids)))
            moved = [a for a in ids if a not in kept_members]
            conn.execute(delete(IncidentMemberRow).where(IncidentMemberRow.article_id.in_(moved)))
            conn.execute(
                update(LinkArticleRow)
                .where(LinkArticleRow.article_id.in_(ids))
                .values(linked_at=now)
            )
        if rewrite:
            conn.execute(
                update(LinkArticleRow)
                .where(LinkArticleRow.article_id == bindparam("b_article"))
                .values(undated=bindparam("b_undated")),
                [{"b_article": k.article_id, "b_undated": k.undated} for k in rewrite],
            )
        for start in range(0, len(rewrite), WRITE_BATCH):
            rows = [
                (k.article_id, h, timed, k.undated)
                for k in rewrite[start : start + WRITE_BATCH]
                for timed, hashes in ((True, k.timed), (False, k.untimed))
                for h in sorted(hashes)
            ]
            _driver_many(conn, _INSERT_KEY, rows)
        copies = [
            {
                "article_id": a,
                "original_id": g.original_id,
                "agency": g.agency,
                "similarity": g.similarity,
            }
            for g in part.copies
            for a in g.article_ids
        ]
        if copies:
            conn.execute(insert(CopyMemberRow), copies)
        for ids in _chunks(list(part.retired)):
            conn.execute(delete(IncidentRow).where(IncidentRow.id.in_(ids)))
        existing = {
            row.id
            for ids in _chunks([i.id for i in incidents])
            for row in conn.execute(select(IncidentRow.id).where(IncidentRow.id.in_(ids)))
        }
        changed = [
            {
                "b_id": item.id,
                **{f"b_{k}": v for k, v in _incident_values(item, part.titles, now).items()},
            }
            for item in incidents
            if item.id in existing
        ]
        if changed:
            columns: dict[str, Any] = {k[2:]: bindparam(k) for k in changed[0] if k != "b_id"}
            conn.execute(
                update(IncidentRow).where(IncidentRow.id == bindparam("b_id")).values(**columns),
                changed,
            )
        created = [
            {"id": item.id, "created_at": now, **_incident_values(item, part.titles, now)}
            for item in incidents
            if item.id not in existing
        ]
        if created:
            conn.execute(insert(IncidentRow), created)
        members = [
            {"article_id": a, "incident_id": item.id, "position": n}
            for item in incidents
            for n, a in enumerate(item.article_ids)
        ]
        if members:
            conn.execute(insert(IncidentMemberRow), members)
        entries = [
            {
                "at": now,
                "action": h.action,
                "incident_id": h.incident_id,
                "other_id": h.other_id,
                "articles": h.articles,
                "cause": part.cause,
            }
            for h in part.history
        ]
        if entries:
            conn.execute(insert(IncidentHistoryRow), entries)


def _changed_facts(conn: Connection, facts: Mapping[str, Facts]) -> dict[str, dict[str, Any]]:
    """The values of ``facts`` that differ from those stored, by article."""
    out = {a: _facts_values(f) for a, f in facts.items()}
    for part in _chunks(sorted(out)):
        query = select(LinkArticleRow.article_id, LinkArticleRow.facts).where(
            LinkArticleRow.article_id.in_(part)
        )
        for row in conn.execute(query):
            if row.facts == out[row.article_id]:
                del out[row.article_id]
    return out


def _facts_or_none(facts: Facts | None) -> dict[str, Any] | None:
    return None if facts is None else _facts_values(facts)


def _signature_values(signature: Signature | None) -> dict[str, Any]:
    if signature is None:
        return {"shingles": None, "minhash": None}
    return {"shingles": signature.shingles, "minhash": signature.minhash}


def _plain(counts: Mapping[str, int] | None) -> dict[str, int] | None:
    return None if counts is None else dict(sorted(counts.items()))


def _incident_values(item: Incident, titles: Mapping[str, str], now: datetime) -> dict[str, Any]:
    search = " | ".join([*item.places, *(titles.get(a, "") for a in item.article_ids)])
    return {
        "type": item.type.value,
        "start": item.start,
        "end": item.end,
        "places": list(item.places),
        "rules": list(item.rules),
        "events": [[ref.article_id, ref.event_id] for ref in item.events],
        "size": len(item.article_ids),
        "search": search.lower(),
        "updated_at": now,
    }


def _count_terms(conn: Connection, new_terms: Mapping[str, frozenset[str]]) -> None:
    """Add the term sets of newly linked articles to the document counts."""
    counts: Counter[str] = Counter()
    for found in new_terms.values():
        counts.update(t for t in found if len(t) <= TERM_CHARS)
    # one statement, many rows (a long VALUES list compiles slowly)
    _driver_many(conn, _COUNT_TERM, sorted(counts.items()))
