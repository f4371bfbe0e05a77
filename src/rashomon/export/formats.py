"""Every export format by name: text ones rendered to a string, file ones written.

``rashomon export --format NAME`` is a thin boundary over ``export_text`` and
``export_files``; an unknown or misused format raises ``ConfigError``.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

from rashomon.errors import ConfigError
from rashomon.export.jsonld import claims_jsonld
from rashomon.export.records import write_jsonl_files
from rashomon.export.select import Selection
from rashomon.export.tables import (
    CLAIM_COLUMNS,
    EVENT_COLUMNS,
    claim_rows,
    event_rows,
    to_csv,
    to_parquet,
)


class Format(StrEnum):
    JSONL = "jsonl"  # every analysis and ledger in one file (the earlier export)
    CSV = "csv"  # one row per ledger value and article (the earlier export)
    CLAIMS_JSONLD = "claims-jsonld"
    EVENTS_CSV = "events-csv"
    EVENTS_PARQUET = "events-parquet"
    CLAIMS_CSV = "claims-csv"
    CLAIMS_PARQUET = "claims-parquet"
    JSONL_FILES = "jsonl-files"


FILE_FORMATS = frozenset({Format.EVENTS_PARQUET, Format.CLAIMS_PARQUET, Format.JSONL_FILES})


def export_text(selection: Selection, fmt: Format) -> str:
    """A text export (CSV, JSON Lines, JSON-LD) of ``selection``."""
    from rashomon import present

    if fmt is Format.JSONL:
        return present.export_jsonl(selection.analyses, selection.comparisons)
    if fmt is Format.CSV:
        return present.render_comparison_csv(selection.comparisons)
    if fmt is Format.CLAIMS_JSONLD:
        return json.dumps(claims_jsonld(selection), indent=2, ensure_ascii=False) + "\n"
    if fmt is Format.EVENTS_CSV:
        return to_csv(event_rows(selection), EVENT_COLUMNS)
    if fmt is Format.CLAIMS_CSV:
        return to_csv(claim_rows(selection), CLAIM_COLUMNS)
    raise ConfigError(f"The {fmt.value} export is written to files; give --out.")


def export_files(selection: Selection, fmt: Format, out: Path | None) -> list[Path]:
    """A file export: a Parquet file at ``out``, or ``out`` a directory of JSONL files."""
    if out is None:
        where = "a directory" if fmt is Format.JSONL_FILES else "a .parquet file"
        raise ConfigError(f"The {fmt.value} export needs --out ({where}).")
    if fmt is Format.JSONL_FILES:
        return list(write_jsonl_files(selection, out).values())
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt is Format.EVENTS_PARQUET:
        to_parquet(event_rows(selection), EVENT_COLUMNS, out)
    elif fmt is Format.CLAIMS_PARQUET:
        to_parquet(claim_rows(selection), CLAIM_COLUMNS, out)
    else:
        raise ConfigError(f"The {fmt.value} export is text; it has no files.")
    return [out]
