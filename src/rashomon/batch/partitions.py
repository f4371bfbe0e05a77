"""A batch's output directory: Parquet partitions of analyses, and its manifest.

One row per input: an analysed article (``analysis`` holds the JSON record that
``analyze --format json`` writes, made lossless by ``rashomon.store.analysis_to_dict``) or a
skipped one (``code`` and ``message``). Partitions are written whole or not at all (a hidden
temporary file, then ``os.replace``), so after a kill every ``part-*.parquet`` is complete and
the keys in them are the inputs done; ``manifest.json`` is rebuilt from the partitions on
every start, so it never disagrees with them for long.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from rashomon import __version__
from rashomon.config import Settings
from rashomon.errors import BAD_OUTPUT_DIR, BAD_PARTITION, BatchError
from rashomon.model import Analysis, Skipped
from rashomon.store import codec
from rashomon.store.content import content_hash
from rashomon.store.serialize import analysis_from_dict, analysis_to_dict

MANIFEST = "manifest.json"
MANIFEST_FORMAT = "rashomon-batch"
MANIFEST_VERSION = 1
PARTITION_GLOB = "part-*.parquet"
TEMPORARY_PREFIX = ".tmp-"
ROW_BATCH = 256  # rows decoded at a time when a partition is read back

SCHEMA = pa.schema(
    [
        pa.field("key", pa.string(), nullable=False),  # the article id, or "origin:<origin>"
        pa.field("id", pa.string()),
        pa.field("origin", pa.string()),
        pa.field("url", pa.string()),
        pa.field("outlet", pa.string()),
        pa.field("published", pa.date32()),
        pa.field("content_hash", pa.string()),  # rashomon.store.content_hash of the text
        pa.field("code", pa.string()),  # R0xx when skipped; null when analysed
        pa.field("message", pa.string()),
        pa.field("analysis", pa.string()),  # JSON; null when skipped
        pa.field("model", pa.string()),
        pa.field("rules", pa.string()),
        pa.field("version", pa.string()),
    ]
)


@dataclass(frozen=True, slots=True)
class PartitionRow:
    """One input's outcome, as stored in a partition."""

    key: str
    id: str | None
    origin: str
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    content_hash: str | None = None
    code: str | None = None
    message: str | None = None
    analysis: str | None = None
    model: str | None = None
    rules: str | None = None
    version: str = __version__

    @property
    def skipped(self) -> bool:
        return self.code is not None


@dataclass(frozen=True, slots=True)
class PartitionInfo:
    """A finished partition file and what it holds."""

    file: str
    rows: int
    analysed: int
    skipped: int


@dataclass(frozen=True, slots=True)
class BatchSettings:
    """The settings that shape an analysis: every partition of one directory shares them."""

    model: str
    redact: bool
    tagger: bool

    @classmethod
    def of(cls, settings: Settings) -> BatchSettings:
        return cls(model=settings.model, redact=settings.redact, tagger=settings.tagger)


@dataclass(frozen=True, slots=True)
class Manifest:
    """``manifest.json``: the batch's settings and finished partitions, by name."""

    settings: BatchSettings
    partitions: tuple[PartitionInfo, ...] = ()
    runs: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    @property
    def analysed(self) -> int:
        return sum(p.analysed for p in self.partitions)

    @property
    def skipped(self) -> int:
        return sum(p.skipped for p in self.partitions)


def input_key(article_id: str | None, origin: str) -> str:
    """What marks an input as done: its article id, else (a skipped input without one) its
    origin."""
    return article_id if article_id is not None else f"origin:{origin}"


def row_of(result: Analysis | Skipped) -> PartitionRow:
    """The partition row of an analysis or a skipped input."""
    if isinstance(result, Skipped):
        return PartitionRow(
            key=input_key(result.article_id, result.origin),
            id=result.article_id,
            origin=result.origin,
            code=result.code,
            message=result.message,
        )
    article = result.article
    document = codec.dumps(analysis_to_dict(result))
    return PartitionRow(
        key=input_key(article.id, article.origin),
        id=article.id,
        origin=article.origin,
        url=article.url,
        outlet=article.outlet,
        published=article.published,
        content_hash=content_hash(article.text),
        analysis=document,
        model=result.model,
        rules=result.rules,
        version=result.version,
    )


def result_of(row: PartitionRow) -> Analysis | Skipped:
    """The analysis or skipped input a row holds (the inverse of ``row_of``)."""
    if row.analysis is None:
        return Skipped(row.origin, row.code or BAD_PARTITION, row.message or "", row.id)
    return analysis_from_dict(codec.loads(row.analysis))


def prepare_directory(directory: Path, settings: BatchSettings) -> Manifest:
    """Make ``directory`` ready for a (resumed) batch: created when missing, temporary files
    of a killed run removed, the manifest rebuilt from the finished partitions. Raises
    ``BatchError`` (R060) when it is not a usable directory or holds a batch made with other
    settings."""
    if directory.exists() and not directory.is_dir():
        raise BatchError(
            f"--out {str(directory)!r} is a file; give a directory for the partitions.",
            code=BAD_OUTPUT_DIR,
        )
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for stale in directory.glob(f"{TEMPORARY_PREFIX}*"):
            stale.unlink()
    except OSError as error:
        raise _unusable(directory, error) from None
    previous = read_manifest(directory)
    if previous is not None and previous.settings != settings:
        raise BatchError(
            f"--out {str(directory)!r} holds a batch made with other settings "
            f"({_describe(previous.settings)}, not {_describe(settings)}); "
            "use another directory or the same settings.",
            code=BAD_OUTPUT_DIR,
        )
    partitions = tuple(partition_info(path) for path in partition_files(directory))
    runs = previous.runs if previous is not None else ()
    manifest = Manifest(settings=settings, partitions=partitions, runs=runs)
    write_manifest(directory, manifest)
    return manifest


def partition_files(directory: Path) -> list[Path]:
    """The finished partitions, in the order written (names sort by run, then position)."""
    return sorted(directory.glob(PARTITION_GLOB))


def finished_keys(directory: Path) -> set[str]:
    """The keys of every input in a finished partition of ``directory``."""
    keys: set[str] = set()
    for path in partition_files(directory):
        table = _read_table(path, columns=["key"])
        keys.update(str(key) for key in table.column("key").to_pylist())
    return keys


def partition_info(path: Path) -> PartitionInfo:
    table = _read_table(path, columns=["code"])
    skipped = table.num_rows - table.column("code").null_count
    return PartitionInfo(path.name, table.num_rows, table.num_rows - skipped, skipped)


def write_partition(directory: Path, name: str, rows: Sequence[PartitionRow]) -> PartitionInfo:
    """Write ``rows`` to ``directory/name`` atomically: a hidden temporary file, flushed to
    disk, then renamed (a reader or a resumed batch sees the whole partition or none)."""
    columns = {column: [getattr(row, column) for row in rows] for column in SCHEMA.names}
    table = pa.table(columns, schema=SCHEMA)
    temporary = directory / f"{TEMPORARY_PREFIX}{name}"
    try:
        pq.write_table(table, temporary, compression="zstd")
        _fsync(temporary)
        temporary.replace(directory / name)
        _fsync(directory)
    except OSError as error:
        raise _unusable(directory, error) from None
    skipped = sum(1 for row in rows if row.skipped)
    return PartitionInfo(name, len(rows), len(rows) - skipped, skipped)


def read_rows(path: Path) -> Iterator[PartitionRow]:
    """The rows of one partition in order, a few hundred decoded at a time."""
    try:
        reader = pq.ParquetFile(path)
        missing = set(SCHEMA.names) - set(reader.schema_arrow.names)
        if missing:
            raise BatchError(
                f"{str(path)!r} is not a rashomon batch partition (no {', '.join(sorted(missing))}"
                " column); give a directory written by 'rashomon batch'.",
                code=BAD_PARTITION,
            )
        for batch in reader.iter_batches(batch_size=ROW_BATCH, columns=SCHEMA.names):
            for record in batch.to_pylist():
                yield PartitionRow(**record)
    except (OSError, pa.ArrowException) as error:
        raise _bad_partition(path, error) from None


def is_batch_directory(path: Path) -> bool:
    """True for a directory written by ``rashomon batch`` (it holds a batch manifest)."""
    return path.is_dir() and read_manifest(path) is not None


def read_manifest(directory: Path) -> Manifest | None:
    """The manifest of ``directory``; None when there is none or it is not a batch's."""
    path = directory / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BatchError(
            f"Can't read {str(path)!r} ({error}); remove it to rebuild it from the partitions.",
            code=BAD_OUTPUT_DIR,
        ) from None
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        return None
    try:
        return Manifest(
            settings=BatchSettings(**data["settings"]),
            partitions=tuple(PartitionInfo(**p) for p in data["partitions"]),
            runs=tuple(data.get("runs", ())),
        )
    except (KeyError, TypeError) as error:
        raise BatchError(
            f"{str(path)!r} is not a manifest this rashomon reads ({error}); remove it to "
            "rebuild it from the partitions.",
            code=BAD_OUTPUT_DIR,
        ) from None


def write_manifest(directory: Path, manifest: Manifest) -> None:
    """Write ``manifest.json`` atomically."""
    data = {
        "format": MANIFEST_FORMAT,
        "format_version": MANIFEST_VERSION,
        "rashomon_version": __version__,
        "settings": asdict(manifest.settings),
        "analysed": manifest.analysed,
        "skipped": manifest.skipped,
        "partitions": [asdict(p) for p in manifest.partitions],
        "runs": list(manifest.runs),
    }
    temporary = directory / f"{TEMPORARY_PREFIX}{MANIFEST}"
    try:
        temporary.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        temporary.replace(directory / MANIFEST)
    except OSError as error:
        raise _unusable(directory, error) from None


def _read_table(path: Path, *, columns: list[str]) -> pa.Table:
    try:
        return pq.read_table(path, columns=columns)
    except (OSError, pa.ArrowException) as error:
        raise _bad_partition(path, error) from None


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _describe(settings: BatchSettings) -> str:
    tagger = "tagger on" if settings.tagger else "tagger off"
    redact = "redacted" if settings.redact else "not redacted"
    return f"model {settings.model}, {tagger}, {redact}"


def _unusable(directory: Path, error: OSError) -> BatchError:
    return BatchError(
        f"Can't write to {str(directory)!r} ({error.strerror or error}); check the path.",
        code=BAD_OUTPUT_DIR,
    )


def _bad_partition(path: Path, error: Exception) -> BatchError:
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return BatchError(
        f"Can't read the partition {str(path)!r} ({reason}); remove it and run the batch "
        "again to redo its articles.",
        code=BAD_PARTITION,
    )
