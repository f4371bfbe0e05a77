"""The event table and the claims table: rows, CSV and Parquet (docs/exports.md).

Each table's columns are declared once (``EVENT_COLUMNS``, ``CLAIM_COLUMNS``) with their
pandas dtype and their meaning; the CSV header, the Parquet schema, the pandas reading
arguments (``pandas_csv_args``) and the tests' dtype checks all come from them.

Event table, in the spirit of ACLED and UCDP GED: one row per incident and claimant. Counts
follow UCDP's best/low/high: ``low`` is the least the claimant's figure allows, ``high``
the most (empty when open: "at least 40"), and ``best`` is the low end, never a midpoint:
a vague word counts for the lowest number it is read as ("dozens" = 24 to 99, best 24;
the ranges of ``data/quantities.en.v1.toml``, listed in docs/exports.md). When a
claimant's toll changed over time, the latest value is given (``*_values`` keeps them all).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rashomon.compare.conflicts import value_text
from rashomon.events.ontology import ONTOLOGY
from rashomon.export.select import Selection
from rashomon.model import Analysis, Comparison, Entity, Place, Precision, SlotClaim
from rashomon.present.spreadsheet import render_csv

STRING = "string"
INT = "Int64"
FLOAT = "Float64"
BOOL = "boolean"
DATE = "datetime64[us]"

# the finer a precision, the earlier it comes
_PRECISION_ORDER = [p.value for p in Precision]


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    dtype: str  # the pandas dtype once loaded (pandas_csv_args / read_parquet numpy_nullable)
    meaning: str


EVENT_COLUMNS: tuple[Column, ...] = (
    Column("incident_id", STRING, "stored incident id (inc-<8 hex>)"),
    Column("event_type", STRING, "rashomon event type (attack, air_strike, shelling...)"),
    Column("plover", STRING, "PLOVER event type, where the ontology has one"),
    Column("start_date", DATE, "first day of the incident"),
    Column("end_date", DATE, "last day of the incident"),
    Column("date_precision", STRING, "finest precision of the event times found"),
    Column("place", STRING, "main place: the incident's first geocoded place, else its first"),
    Column("places", STRING, "every place of the incident, '; ' between"),
    Column("admin_area", STRING, "region among the incident's places, if one was found"),
    Column("country", STRING, "ISO 3166 alpha-2 country code of the main place"),
    Column("latitude", FLOAT, "latitude of the main place (WGS 84)"),
    Column("longitude", FLOAT, "longitude of the main place (WGS 84)"),
    Column("geo_precision", STRING, "how exact the coordinates are: point, city, region..."),
    Column("claimant", STRING, "claimant's name (merged across articles)"),
    Column("claimant_id", STRING, "claimant's entity id within the incident's ledger"),
    Column("claimant_type", STRING, "person, military, government_body, armed_group..."),
    Column("side", STRING, "the body the claimant speaks for, when known"),
    Column("deaths_low", INT, "least number of deaths the claimant's figure allows"),
    Column("deaths_best", INT, "conservative best estimate (the low end)"),
    Column("deaths_high", INT, "most deaths the figure allows; empty when open"),
    Column("deaths_values", STRING, "every deaths value of the claimant as written, '; '"),
    Column("wounded_low", INT, "least number of wounded"),
    Column("wounded_best", INT, "conservative best estimate of the wounded"),
    Column("wounded_high", INT, "most wounded; empty when open"),
    Column("wounded_values", STRING, "every wounded value as written, '; '"),
    Column("first_seen", DATE, "earliest publication date of one of the claimant's values"),
    Column(
        "source_count",
        INT,
        "independent sources stating the claimant's values (wire copies counted once)",
    ),
    Column("article_count", INT, "articles in which the claimant's values appear"),
    Column("article_urls", STRING, "their URLs, space-separated"),
    Column("article_ids", STRING, "their article ids, space-separated"),
    Column("quote", STRING, "the sentence stating the claimant's main value, first seen"),
)

CLAIM_COLUMNS: tuple[Column, ...] = (
    Column("claim_id", STRING, "claim id within its article (claim-N)"),
    Column("article_id", STRING, "article id"),
    Column("url", STRING, "article URL"),
    Column("outlet", STRING, "outlet"),
    Column("published", DATE, "article's publication date"),
    Column("incident_ids", STRING, "stored incidents holding the article, space-separated"),
    Column(
        "claimant",
        STRING,
        "claimant's name as the article writes it; 'outlet' for the outlet's own voice",
    ),
    Column("claimant_id", STRING, "claimant id within the article"),
    Column("claimant_type", STRING, "claimant type (person, military...; outlet, reader)"),
    Column("claim_type", STRING, "fact, judgement, prediction or evidence"),
    Column("hedged", BOOL, "whether a hedge word scopes over the claim"),
    Column("hedges", STRING, "the hedge words, '; ' between"),
    Column("text", STRING, "the claim's text"),
    Column("part", STRING, "part of the page: body, title, caption, comment..."),
    Column("attribution_id", STRING, "the attribution stating it (att-N), if any"),
    Column("adopted_from", STRING, "another claimant's claim the outlet asserts as its own"),
)

Row = dict[str, Any]


def event_rows(selection: Selection) -> list[Row]:
    """One row per incident and claimant with a value in the incident's ledger."""
    by_id = {a.article.id: a for a in selection.analyses}
    rows: list[Row] = []
    for comparison in selection.comparisons:
        context = _incident_context(comparison, by_id)
        entities = {e.id: e for e in comparison.entities}
        claimants: dict[str, list[SlotClaim]] = {}
        for claim in comparison.claims:
            claimants.setdefault(claim.claimant, []).append(claim)
        for claimant_id, claims in claimants.items():
            entity = entities.get(claimant_id)
            name = entity.name if entity is not None else claims[0].claimant_name
            if not selection.where.claimant_matches(name):
                continue
            rows.append({**context, **_claimant_columns(claimant_id, name, entity, claims)})
    return rows


def _incident_context(comparison: Comparison, by_id: Mapping[str, Analysis]) -> Row:
    incident = comparison.incident
    places: list[Place] = []
    precisions: list[str] = []
    wanted = {(ref.article_id, ref.event_id) for ref in incident.events}
    for article_id in incident.article_ids:
        analysis = by_id.get(article_id)
        if analysis is None:
            continue
        for event in analysis.events:
            if (article_id, event.id) not in wanted:
                continue
            places.extend(event.where)
            if event.when is not None and event.when.precision is not None:
                precisions.append(event.when.precision.value)
    # the main place: the incident's first place that was geocoded, else its first place
    located = {p.name: p for p in places if p.lat is not None}
    main_name = next((n for n in incident.places if n in located), None)
    if main_name is None:
        main_name = incident.places[0] if incident.places else None
    main = located.get(main_name or "") or next((p for p in places if p.name == main_name), None)
    region = next((p.name for p in places if p.kind == "region"), None)
    definition = ONTOLOGY.get(incident.type)
    precision = min(precisions, key=_PRECISION_ORDER.index) if precisions else None
    return {
        "incident_id": incident.id,
        "event_type": str(incident.type),
        "plover": definition.plover if definition is not None else None,
        "start_date": incident.start,
        "end_date": incident.end,
        "date_precision": precision,
        "place": main_name or (main.name if main else None),
        "places": "; ".join(incident.places) or None,
        "admin_area": region,
        "country": main.country if main else None,
        "latitude": main.lat if main else None,
        "longitude": main.lon if main else None,
        "geo_precision": main.precision if main and main.lat is not None else None,
    }


def _claimant_columns(
    claimant_id: str, name: str, entity: Entity | None, claims: Sequence[SlotClaim]
) -> Row:
    appearances = [a for c in claims for a in c.appearances]
    urls = list(dict.fromkeys(a.url for a in appearances if a.url))
    ids = list(dict.fromkeys(a.article_id for a in appearances))
    dates = [c.first_seen.published for c in claims if c.first_seen and c.first_seen.published]
    side = next((c.side_name for c in claims if c.side_name and c.side != claimant_id), None)
    row: Row = {
        "claimant": name,
        "claimant_id": claimant_id,
        "claimant_type": str(entity.type) if entity is not None else None,
        "side": side,
    }
    quote_from: SlotClaim | None = None
    for slot, prefix in (("deaths", "deaths"), ("wounded", "wounded")):
        values = [c for c in claims if c.slot == slot]
        latest = max(values, key=_seen_order) if values else None
        low, best, high = ucdp_bounds(latest)
        row[f"{prefix}_low"], row[f"{prefix}_best"], row[f"{prefix}_high"] = low, best, high
        row[f"{prefix}_values"] = "; ".join(value_text(c) for c in sorted(values, key=_seen_order))
        row[f"{prefix}_values"] = row[f"{prefix}_values"] or None
        quote_from = quote_from or latest
    quote_from = quote_from or claims[0]
    seen = quote_from.first_seen
    row.update(
        {
            "first_seen": min(dates) if dates else None,
            "source_count": max(c.sources for c in claims),
            "article_count": len(ids),
            "article_urls": " ".join(urls) or None,
            "article_ids": " ".join(ids),
            "quote": (seen.quote or seen.text) if seen is not None else None,
        }
    )
    return row


def _seen_order(claim: SlotClaim) -> tuple[date, str]:
    seen = claim.first_seen
    return (seen.published if seen and seen.published else date.min, value_text(claim))


def ucdp_bounds(claim: SlotClaim | None) -> tuple[int | None, int | None, int | None]:
    """(low, best, high) of a count: best is the low end (conservative); an open lower end
    ("up to 50") leaves low and best empty, an open upper end ("at least 40") high."""
    if claim is None:
        return None, None, None
    return claim.low, claim.low, claim.high


def claim_rows(selection: Selection) -> list[Row]:
    """One row per claim of every selected article (claimant filter applied)."""
    incidents = selection.incidents_of()
    rows: list[Row] = []
    for analysis in selection.analyses:
        article = analysis.article
        for claim in analysis.claims:
            name, kind = _claimant_of(analysis, claim.claimant_id)
            if not selection.where.claimant_matches(name):
                continue
            rows.append(
                {
                    "claim_id": claim.id,
                    "article_id": article.id,
                    "url": article.url,
                    "outlet": article.outlet,
                    "published": article.published,
                    "incident_ids": " ".join(incidents.get(article.id, [])) or None,
                    "claimant": name,
                    "claimant_id": claim.claimant_id,
                    "claimant_type": kind,
                    "claim_type": str(claim.type),
                    "hedged": bool(claim.hedges),
                    "hedges": "; ".join(h.cue.text for h in claim.hedges) or None,
                    "text": claim.text.text,
                    "part": str(claim.part),
                    "attribution_id": claim.attribution_id,
                    "adopted_from": claim.adopted_from,
                }
            )
    return rows


def _claimant_of(analysis: Analysis, claimant_id: str | None) -> tuple[str | None, str | None]:
    if claimant_id is None:
        return None, None
    if claimant_id == "outlet":
        return analysis.article.outlet or "outlet", "outlet"
    if claimant_id.startswith("reader"):
        return claimant_id, "reader"
    found = analysis.claimant(claimant_id)
    if found is None:
        return claimant_id, None
    return found.name, str(found.type)


# --- writing -----------------------------------------------------------------------------


def to_csv(rows: Iterable[Row], columns: Sequence[Column]) -> str:
    """CSV text with a header; every text cell neutralised against formula injection
    (``present.spreadsheet.safe_cell``); dates as YYYY-MM-DD, booleans true/false."""
    names = [c.name for c in columns]
    return render_csv([names, *([_csv_value(row.get(n)) for n in names] for row in rows)])


def _csv_value(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return value


def to_parquet(rows: Sequence[Row], columns: Sequence[Column], path: Path) -> None:
    """A Parquet file with an explicit schema (nullable ints, timestamps for dates)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {
        STRING: pa.string(),
        INT: pa.int64(),
        FLOAT: pa.float64(),
        BOOL: pa.bool_(),
        DATE: pa.timestamp("us"),
    }
    arrays = []
    for column in columns:
        values = [row.get(column.name) for row in rows]
        if column.dtype == DATE:
            values = [datetime(v.year, v.month, v.day) if v is not None else None for v in values]
        arrays.append(pa.array(values, type=types[column.dtype]))
    schema = pa.schema([pa.field(c.name, types[c.dtype]) for c in columns])
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), path)


def pandas_csv_args(columns: Sequence[Column]) -> dict[str, Any]:
    """Keyword arguments of ``pandas.read_csv`` that give the documented dtypes."""
    return {
        "dtype": {c.name: c.dtype for c in columns if c.dtype != DATE},
        "parse_dates": [c.name for c in columns if c.dtype == DATE],
        "true_values": ["true"],
        "false_values": ["false"],
        "keep_default_na": False,
        "na_values": [""],
    }
