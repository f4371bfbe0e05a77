"""docs/output.md cannot drift from the model and the schema."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest

from rashomon.model import AttributionKind, ClaimantType, CueStance, PartKind, PiiKind
from rashomon.schema import load_schema

DOC = Path(__file__).resolve().parents[2] / "docs" / "output.md"


@pytest.mark.parametrize("enum", [PartKind, ClaimantType, AttributionKind, CueStance, PiiKind])
def test_output_doc_lists_every_value(enum: type[StrEnum]) -> None:
    doc = DOC.read_text(encoding="utf-8")
    missing = [e.value for e in enum if f"`{e.value}`" not in doc]
    assert missing == []


def test_output_doc_names_every_field() -> None:
    doc = DOC.read_text(encoding="utf-8")
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            names.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(load_schema())
    assert sorted(n for n in names if n not in doc) == []
