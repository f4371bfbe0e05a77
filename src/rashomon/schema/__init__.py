"""JSON Schema (draft 2020-12) of rashomon's JSON Lines records, shipped as package data."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

SCHEMA_FILE = "analysis.schema.json"


def load_schema() -> dict[str, Any]:
    """The output schema as a dict, read from the installed package."""
    text = files(__name__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


__all__ = ["SCHEMA_FILE", "load_schema"]
