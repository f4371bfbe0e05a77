"""Where: place mentions geocoded offline (GeoNames index + curated table), on fictional texts.

The sentences are invented; the real places in them are only there to be looked up.
"""

from __future__ import annotations

import csv
import io
import pickle
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from spacy.language import Language

from rashomon.config import Settings
from rashomon.errors import ConfigError
from rashomon.ingest import read_inputs
from rashomon.model import Article, Part, PartKind, PiiKind, Place, Redaction
from rashomon.parse import ParsedArticle
from rashomon.places import Gazetteer, extract_places, normalise_name
from rashomon.places.gazetteer import loose_key, parse_curated
from rashomon.redact import redact_article
from support import shared_path

HEADER = "key,name,kind,precision,country,lat,lon,aliases,context_aliases,source,note\n"


@pytest.fixture(scope="module")
def gazetteer() -> Iterator[Gazetteer]:
    with Gazetteer.open() as opened:
        yield opened


def _places(
    nlp: Language, gazetteer: Gazetteer, text: str, *, redactions: tuple[Redaction, ...] = ()
) -> list[Place]:
    parts = (Part(PartKind.BODY, 0, len(text)),)
    article = Article(id="t", text=text, parts=parts, redactions=redactions)
    return extract_places(ParsedArticle(article, nlp(text)), gazetteer)


def _one(places: list[Place], piece: str) -> Place:
    found = [p for p in places if p.text.text == piece]
    assert len(found) == 1, f"{piece!r} in {[p.text.text for p in places]}"
    return found[0]


# --- names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Deir al-Balah", "Deir el-Balah"),
        ("Khuza'a", "Khuza’a"),
        ("Khān Yūnis", "Khan Yunis"),
        ("the Gaza Strip", "Gaza Strip"),
        ("U.S.", "US"),
        ("Al-Shifa Hospital", "al Shifa hospital"),
    ],
)
def test_where_normalise_same_name(a: str, b: str) -> None:
    assert normalise_name(a) == normalise_name(b)


@pytest.mark.parametrize(
    ("name", "loose"), [("Dayr al Balah", "dayr balah"), ("Ash Shati", "shati"), ("Gaza", "gaza")]
)
def test_where_loose_key_drops_articles(name: str, loose: str) -> None:
    assert loose_key(normalise_name(name)) == loose


# --- the gazetteer ----------------------------------------------------------------------


@pytest.mark.parametrize("key", ["source", "source_version", "dataset", "min_population"])
def test_where_index_records_its_source(gazetteer: Gazetteer, key: str) -> None:
    assert gazetteer.meta[key]


@pytest.mark.parametrize("name", ["Rafah"])
def test_where_index_has_both_rafahs(gazetteer: Gazetteer, name: str) -> None:
    assert {e.country for e in gazetteer.geonames(name)} >= {"PS", "EG"}


@pytest.mark.parametrize("name", ["Kramatorsk"])
def test_where_gazetteer_pickles_by_path(gazetteer: Gazetteer, name: str) -> None:
    with pickle.loads(pickle.dumps(gazetteer)) as copy:
        assert copy.lookup(name) == gazetteer.lookup(name)


@pytest.mark.parametrize("name", ["missing.sqlite"])
def test_where_missing_index_is_a_config_error(tmp_path: Path, name: str) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        Gazetteer.open(tmp_path / name)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("x,X,town,city,,,,,,public-geography,\n", "unknown kind"),
        ("x,X,city,exact,,,,,,public-geography,\n", "unknown precision"),
        ("x,X,city,city,,north,,,,public-geography,\n", "not a number"),
        ("x,X,city,city,,,,,,,\n", "needs a source"),
        ("x,X,city,city,,,,,,s,\nx,Y,city,city,,,,,,s,\n", "duplicate key"),
    ],
)
def test_where_bad_curated_rows_are_refused(row: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_curated(HEADER + row)


def _curated_rows() -> list[dict[str, str]]:
    raw = resources.files("rashomon.data").joinpath("places.en.v1.csv").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(raw)))


@pytest.mark.parametrize("row", _curated_rows(), ids=lambda row: row["key"])
def test_where_curated_row_is_sound(row: dict[str, str]) -> None:
    assert row["source"] in {"public-geography", "public-knowledge", "fictional-demo"}
    assert row["note"]
    assert row["country"] == "" or (len(row["country"]) == 2 and row["country"].isupper())
    has_point = bool(row["lat"]) and bool(row["lon"])
    if row["source"] == "fictional-demo":
        assert not row["lat"] and not row["lon"] and not row["country"]
    elif row["source"] == "public-geography":
        assert has_point
        assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180


# --- resolution -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "country", "other"),
    [
        ("Tanks entered Rafah after days of shelling near Khan Yunis.", "PS", "Rafah, EG"),
        (
            "Trucks waited in Rafah, a town in the Sinai, before crossing from Egypt.",
            "EG",
            "Rafah, PS",
        ),
    ],
)
def test_where_rafah_by_country_context(
    nlp: Language, gazetteer: Gazetteer, text: str, country: str, other: str
) -> None:
    rafah = _one(_places(nlp, gazetteer, text), "Rafah")
    assert (rafah.name, rafah.country, rafah.kind) == ("Rafah", country, "city")
    assert rafah.source.startswith("geonames:")
    assert other in rafah.alternatives


@pytest.mark.parametrize(
    ("text", "piece", "source", "kind"),
    [
        ("Residents fled Gaza City on Monday.", "Gaza City", "curated:gaza-city", "city"),
        ("Families returned to the city of Gaza.", "city of Gaza", "curated:gaza-city", "city"),
        ("Residents fled Gaza city on Monday.", "Gaza city", "curated:gaza-city", "city"),
        ("Aid trucks entered Gaza on Monday.", "Gaza", "curated:gaza-strip", "region"),
        ("Shelling hit the Gaza city of Khan Yunis.", "Gaza", "curated:gaza-strip", "region"),
        ("Rain fell across the Gaza Strip.", "Gaza Strip", "curated:gaza-strip", "region"),
    ],
)
def test_where_gaza_city_or_strip(
    nlp: Language, gazetteer: Gazetteer, text: str, piece: str, source: str, kind: str
) -> None:
    place = _one(_places(nlp, gazetteer, text), piece)
    assert (place.source, place.kind, place.country) == (source, kind, "PS")


@pytest.mark.parametrize("text", ["Aid trucks entered Gaza on Monday."])
def test_where_bare_gaza_keeps_the_city_reading(
    nlp: Language, gazetteer: Gazetteer, text: str
) -> None:
    assert _one(_places(nlp, gazetteer, text), "Gaza").alternatives == ("Gaza, PS",)


@pytest.mark.parametrize(
    ("text", "a", "b"),
    [
        ("Families sheltered in Khan Younis and later in Khan Yunis.", "Khan Younis", "Khan Yunis"),
        (
            "Strikes hit Deir al-Balah, and residents of Deir el-Balah fled.",
            "Deir al-Balah",
            "Deir el-Balah",
        ),
        ("Fighting spread to El Fasher, also written Al Fashir.", "El Fasher", "Al Fashir"),
    ],
)
def test_where_spelling_variants_are_one_place(
    nlp: Language, gazetteer: Gazetteer, text: str, a: str, b: str
) -> None:
    places = _places(nlp, gazetteer, text)
    first, second = _one(places, a), _one(places, b)
    assert first.source == second.source != ""
    assert (first.name, first.lat, first.lon) == (second.name, second.lat, second.lon)
    assert first.lat is not None


@pytest.mark.parametrize(
    ("text", "piece", "name", "kind", "precision"),
    [
        (
            "Doctors at Al-Shifa Hospital said the generators stopped.",
            "Al-Shifa Hospital",
            "Al-Shifa Hospital",
            "landmark",
            "point",
        ),
        (
            "Trucks crossed at the Rafah crossing.",
            "Rafah crossing",
            "Rafah crossing",
            "landmark",
            "point",
        ),
        (
            "Shelling continued across Donetsk Oblast.",
            "Donetsk Oblast",
            "Donetsk Oblast",
            "region",
            "region",
        ),
        (
            "Shelling continued across the Donetsk region.",
            "Donetsk region",
            "Donetsk Oblast",
            "region",
            "region",
        ),
        (
            "Clashes were reported in northern Gaza.",
            "northern Gaza",
            "Northern Gaza",
            "area",
            "region",
        ),
        ("A missile hit Kramatorsk on Tuesday.", "Kramatorsk", "Kramatorsk", "city", "city"),
        ("Diplomats met in Egypt.", "Egypt", "Egypt", "country", "country"),
    ],
)
def test_where_kind_and_precision(
    nlp: Language,
    gazetteer: Gazetteer,
    text: str,
    piece: str,
    name: str,
    kind: str,
    precision: str,
) -> None:
    place = _one(_places(nlp, gazetteer, text), piece)
    assert (place.name, place.kind, place.precision) == (name, kind, precision)
    assert place.lat is not None and place.lon is not None


@pytest.mark.parametrize(("text", "country"), [("A missile hit Kramatorsk on Tuesday.", "UA")])
def test_where_geonames_city_has_its_source(
    nlp: Language, gazetteer: Gazetteer, text: str, country: str
) -> None:
    place = _one(_places(nlp, gazetteer, text), "Kramatorsk")
    assert place.country == country
    assert place.source.startswith("geonames:")


@pytest.mark.parametrize(
    ("text", "piece"), [("Fighting was reported near Zorvanka on Monday.", "Zorvanka")]
)
def test_where_unknown_name_is_a_place_without_coordinates(
    nlp: Language, gazetteer: Gazetteer, text: str, piece: str
) -> None:
    place = _one(_places(nlp, gazetteer, text), piece)
    assert (place.lat, place.lon, place.source) == (None, None, "")
    assert (place.name, place.kind) == (piece, "unknown")


@pytest.mark.parametrize(
    "text",
    [
        "Hamas said Israeli forces had withdrawn.",
        "The Gaza Health Ministry said 40 people were killed.",
        "Opposition lawmaker Mira Dobrev called for an inquiry.",
        "Patients were moved to the Baptist Hospital in the morning.",
    ],
)
def test_where_not_places(nlp: Language, gazetteer: Gazetteer, text: str) -> None:
    assert _places(nlp, gazetteer, text) == []


@pytest.mark.parametrize(
    ("text", "piece"),
    [("Patients were moved to the Baptist Hospital after strikes in Gaza.", "Baptist Hospital")],
)
def test_where_context_alias_needs_its_country(
    nlp: Language, gazetteer: Gazetteer, text: str, piece: str
) -> None:
    assert _one(_places(nlp, gazetteer, text), piece).source == "curated:al-ahli-hospital"


@pytest.mark.parametrize(("text", "piece"), [("A shell hit Kramatorsk at noon.", "Kramatorsk")])
def test_where_skips_redacted_stretches(
    nlp: Language, gazetteer: Gazetteer, text: str, piece: str
) -> None:
    start = text.index(piece)
    redaction = Redaction(start, start + len(piece), PiiKind.ID_NUMBER)
    assert _places(nlp, gazetteer, text, redactions=(redaction,)) == []


@pytest.mark.parametrize(
    ("text", "piece", "source"),
    [
        ("Crowds gathered in Velmar after the shelling.", "Velmar", "curated:velmar"),
        ("Rounds were fired from the Kessel ridge.", "Kessel ridge", "curated:kessel-ridge"),
    ],
)
def test_where_fictional_demo_places(
    nlp: Language, gazetteer: Gazetteer, text: str, piece: str, source: str
) -> None:
    place = _one(_places(nlp, gazetteer, text), piece)
    assert place.source == source
    assert place.lat is None


# --- the seed article -------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_places(nlp: Language, gazetteer: Gazetteer) -> list[Place]:
    path = shared_path("seed", "000_0f229ec772c65aaf.txt")
    (article,) = list(read_inputs([str(path)], Settings()))
    assert isinstance(article, Article)
    article = redact_article(article)
    return extract_places(ParsedArticle(article, nlp(article.text)), gazetteer)


@pytest.mark.parametrize(
    ("piece", "source"),
    [
        ("Gaza", "curated:gaza-strip"),
        ("Gaza Strip", "curated:gaza-strip"),
        ("Khan Yunis", "curated:khan-yunis"),
        ("Al-Shifa Hospital", "curated:al-shifa-hospital"),
        ("Israel", "geonames:294640"),
    ],
)
def test_where_seed_places(seed_places: list[Place], piece: str, source: str) -> None:
    assert source in {p.source for p in seed_places if p.text.text == piece}


@pytest.mark.parametrize("not_a_place", ["Hamas", "Al-Qassam", "Israeli", "Netanyahu", "Hagari"])
def test_where_seed_non_places(seed_places: list[Place], not_a_place: str) -> None:
    assert not_a_place not in {p.text.text for p in seed_places}
