"""Small invented articles for the batch and ``--jobs`` tests, as JSONL or Parquet corpora."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

TOWNS = ("Velmar", "Ostrava Nova", "Kessel", "Branik", "Lorn", "Sedov", "Haldor", "Pelin")
SPEAKERS = ("Anna Petrov", "Marek Halas", "Irena Dvor", "Tomas Reyes", "Lena Okafor")
BAD_LINE = "{not json"


def article(index: int) -> dict[str, Any]:
    """The ``index``-th invented article (distinct text, id, outlet and date)."""
    town = TOWNS[index % len(TOWNS)]
    speaker = SPEAKERS[index % len(SPEAKERS)]
    killed = 3 + index
    wounded = 10 + 2 * index
    text = (
        f"Shelling kills {killed} in {town}\n\n"
        f"At least {killed} people were killed and {wounded} wounded when shells struck a "
        f"market in {town} on Tuesday, the regional health ministry said.\n\n"
        f'"We heard the whistle and then the roof came down," said {speaker}, who sells '
        f"bread near the market. {speaker.split()[0]} said she had helped carry the wounded "
        f"to the hospital on street number {index + 1}.\n\n"
        "The army denied any role and said its units were not firing near the town. "
        "A rebel spokesman said the group would publish its own account of the attack."
    )
    return {
        "id": f"story-{index:03d}",
        "url": f"https://news.example/{index}",
        "outlet": f"Invented Courier {index % 3}",
        "published": f"2025-03-{11 + index % 3:02d}",
        "title": f"Shelling kills {killed} in {town}",
        "language": "en",
        "text": text,
    }


def articles(count: int, start: int = 0) -> list[dict[str, Any]]:
    return [article(i) for i in range(start, start + count)]


def write_jsonl(path: Path, records: list[dict[str, Any]], *, bad_line: bool = False) -> Path:
    lines = [json.dumps(record) for record in records]
    if bad_line:
        lines.insert(1, BAD_LINE)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_parquet(path: Path, records: list[dict[str, Any]]) -> Path:
    pq.write_table(pa.Table.from_pylist(records), path)
    return path
