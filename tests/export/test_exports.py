"""Every export of a store of the bundled (fictional) examples, loaded in pandas with the
documented dtypes; the JSON-LD checked against the schema.org vocabulary it uses."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from rashomon import cli
from rashomon.export.jsonld import VOCABULARY
from rashomon.export.records import RECORD_TYPES
from rashomon.export.tables import CLAIM_COLUMNS, EVENT_COLUMNS, Column, pandas_csv_args

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
DOCS = REPO / "docs" / "exports.md"
SCHEMA_ORG = Path(__file__).resolve().parent / "schema_org_vocabulary.json"
runner = CliRunner()


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'news.db'}"
    result = runner.invoke(cli.app, ["ingest", str(EXAMPLES), "--db", url, "--quiet"])
    assert result.exit_code == 0, result.output
    return url


def _export(stored: str, fmt: str, *args: str) -> str:
    result = runner.invoke(cli.app, ["export", "--db", stored, "--format", fmt, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _check_dtypes(frame: pd.DataFrame, columns: tuple[Column, ...]) -> None:
    assert list(frame.columns) == [c.name for c in columns]
    for column in columns:
        assert str(frame[column.name].dtype) == column.dtype, column.name


@pytest.mark.parametrize(
    "fmt, columns", [("events-csv", EVENT_COLUMNS), ("claims-csv", CLAIM_COLUMNS)]
)
def test_csv_loads_in_pandas(stored: str, fmt: str, columns: tuple[Column, ...]) -> None:
    frame = pd.read_csv(io.StringIO(_export(stored, fmt)), **pandas_csv_args(columns))
    print(fmt, frame.shape)  # noqa: T201 (the shapes, shown with -s)
    assert len(frame) > 0
    _check_dtypes(frame, columns)


@pytest.mark.parametrize(
    "fmt, columns", [("events-parquet", EVENT_COLUMNS), ("claims-parquet", CLAIM_COLUMNS)]
)
def test_parquet_loads_in_pandas(
    stored: str, tmp_path: Path, fmt: str, columns: tuple[Column, ...]
) -> None:
    path = tmp_path / f"{fmt}.parquet"
    _export(stored, fmt, "--out", str(path))
    frame = pd.read_parquet(path, dtype_backend="numpy_nullable")
    print(fmt, frame.shape)  # noqa: T201 (the shapes, shown with -s)
    assert len(frame) > 0
    _check_dtypes(frame, columns)


def test_event_table_values(stored: str) -> None:
    frame = pd.read_csv(
        io.StringIO(_export(stored, "events-csv")), **pandas_csv_args(EVENT_COLUMNS)
    )
    with_deaths = frame[frame["deaths_best"].notna()]
    assert len(with_deaths) >= 2  # the ministry's and the rebels' tolls, side by side
    assert (with_deaths["deaths_best"] == with_deaths["deaths_low"]).all()
    assert set(frame["claimant_type"].dropna()) <= {
        "person",
        "armed_group",
        "military",
        "government_body",
        "organisation",
        "media_outlet",
        "anonymous_source",
        "reader",
    }
    assert (frame["source_count"] >= 1).all()


def test_jsonl_files_load_in_pandas(stored: str, tmp_path: Path) -> None:
    directory = tmp_path / "jsonl"
    _export(stored, "jsonl-files", "--out", str(directory))
    for name in RECORD_TYPES:
        frame = pd.read_json(directory / f"{name}.jsonl", lines=True, dtype=False)
        print(name, frame.shape)  # noqa: T201 (the shapes, shown with -s)
        assert len(frame) > 0, name
    claims = pd.read_json(directory / "claims.jsonl", lines=True, dtype=False)
    assert {"article_id", "id", "type", "claimant", "hedges", "part"} <= set(claims.columns)


def test_filters(stored: str) -> None:
    events = pd.read_csv(
        io.StringIO(_export(stored, "events-csv")), **pandas_csv_args(EVENT_COLUMNS)
    )
    first = str(events["incident_id"].iloc[0])
    one = pd.read_csv(
        io.StringIO(_export(stored, "events-csv", "--incident", first)),
        **pandas_csv_args(EVENT_COLUMNS),
    )
    assert set(one["incident_id"]) == {first}
    claimant = str(events["claimant"].iloc[0])
    only = pd.read_csv(
        io.StringIO(_export(stored, "claims-csv", "--claimant", claimant)),
        **pandas_csv_args(CLAIM_COLUMNS),
    )
    assert all(claimant.casefold() in str(n).casefold() for n in only["claimant"])
    none = _export(stored, "events-csv", "--place", "Nowhere-at-all")
    assert none.count("\n") == 1  # the header alone
    future = _export(stored, "claims-csv", "--since", "2099-01-01")
    assert future.count("\n") == 1


def test_unknown_incident_is_one_line(stored: str) -> None:
    result = runner.invoke(
        cli.app, ["export", "--db", stored, "-f", "events-csv", "--incident", "inc-00000000"]
    )
    assert result.exit_code == cli.EXIT_ERROR
    assert result.stderr.count("\n") == 1


def test_parquet_needs_out(stored: str) -> None:
    result = runner.invoke(cli.app, ["export", "--db", stored, "-f", "events-parquet"])
    assert result.exit_code == cli.EXIT_USAGE
    assert "--out" in result.stderr


def _nodes(value: object) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    if isinstance(value, dict):
        if "@type" in value:
            found.append(value)
        for item in value.values():
            found.extend(_nodes(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_nodes(item))
    return found


def test_jsonld_uses_only_schema_org_terms(stored: str) -> None:
    """Every type and property used exists in schema.org and the property applies to the
    type (its domain includes the type or one of its ancestors)."""
    vocabulary = json.loads(SCHEMA_ORG.read_text(encoding="utf-8"))
    document = json.loads(_export(stored, "claims-jsonld"))
    assert document["@context"] == "https://schema.org"
    nodes = _nodes(document["@graph"])
    claims = [n for n in nodes if n["@type"] == "Claim"]
    print("claims-jsonld", len(claims), "Claim nodes")  # noqa: T201 (the shapes, shown with -s)
    assert claims
    for node in nodes:
        kind = str(node["@type"])
        ancestors = {kind, *vocabulary["classes"][kind]}
        for prop in node:
            if prop.startswith("@"):
                continue
            domains = set(vocabulary["properties"][prop])
            assert domains & ancestors, (kind, prop)
    for claim in claims:
        assert claim["author"]["@type"] in {"Person", "Organization"}  # type: ignore[index]
        assert claim["text"] and claim["appearance"] and claim["firstAppearance"]


def test_jsonld_module_vocabulary_is_in_the_checked_list() -> None:
    vocabulary = json.loads(SCHEMA_ORG.read_text(encoding="utf-8"))
    for kind, props in VOCABULARY.items():
        assert kind in vocabulary["classes"]
        assert props <= set(vocabulary["properties"])


def test_csv_cells_cannot_start_formulas(stored: str) -> None:
    for fmt in ("events-csv", "claims-csv"):
        for line in _export(stored, fmt).splitlines():
            for cell in line.split(","):
                assert not re.match(r'^"?[=+@]', cell), cell


@pytest.mark.parametrize("columns", [EVENT_COLUMNS, CLAIM_COLUMNS])
def test_docs_list_every_column(columns: tuple[Column, ...]) -> None:
    text = DOCS.read_text(encoding="utf-8")
    for column in columns:
        assert f"| `{column.name}` | {column.dtype} |" in text, column.name
