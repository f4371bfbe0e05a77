"""``rashomon ingest DIR``: store the analyses of a batch's partitions without analysing.

Idempotent like the ingest of articles: an analysis whose text is already stored is counted
as already there (found by the partition's content hash, before its JSON is decoded), a
different text under a stored id is recorded as skipped (R052), and inputs the batch
skipped are recorded as skipped with their own codes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rashomon.batch.partitions import partition_files, read_rows, result_of
from rashomon.model import Skipped
from rashomon.store import Store


@dataclass(frozen=True, slots=True)
class ImportCounts:
    """What importing one batch directory met: rows read, already stored, skipped."""

    rows: int = 0
    duplicates: int = 0
    skipped: list[Skipped] = field(default_factory=list)


def import_batch(
    store: Store,
    directory: Path,
    *,
    run_id: str,
    on_row: Callable[[], None] | None = None,
) -> ImportCounts:
    """Store every analysis in the finished partitions of ``directory``, in their order."""
    rows = duplicates = 0
    skipped: list[Skipped] = []

    def skip(item: Skipped) -> None:
        store.record_skipped(item, run_id=run_id)
        skipped.append(item)

    for path in partition_files(directory):
        for row in read_rows(path):
            rows += 1
            result = (
                None
                if row.content_hash and store.has_article(row.content_hash)
                else (result_of(row))
            )
            if result is None:
                duplicates += 1
            elif isinstance(result, Skipped):
                skip(result)
            else:
                saved = store.save_or_refuse(result, run_id=run_id)
                if isinstance(saved, Skipped):
                    skip(saved)
                elif not saved:
                    duplicates += 1
            if on_row is not None:
                on_row()
    return ImportCounts(rows=rows, duplicates=duplicates, skipped=skipped)
