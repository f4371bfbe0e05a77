"""docs/output.md cannot drift from the model and the schema."""

from __future__ import annotations

import json
import re
from enum import StrEnum
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from rashomon.model import (
    AttributionKind,
    ClaimantType,
    ClaimType,
    CueStance,
    EventType,
    FigureAttribution,
    FigureCategory,
    FigureQualifier,
    PartKind,
    PiiKind,
    Precision,
)
from rashomon.schema import load_schema

DOC = Path(__file__).resolve().parents[2] / "docs" / "output.md"


@pytest.mark.parametrize(
    "enum",
    [
        PartKind,
        ClaimantType,
        AttributionKind,
        CueStance,
        PiiKind,
        ClaimType,
        Precision,
        FigureCategory,
        FigureQualifier,
        FigureAttribution,
        EventType,
    ],
)
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


def test_output_doc_example_is_a_valid_record() -> None:
    """The worked example validates, and its spans point into its own text."""
    doc = DOC.read_text(encoding="utf-8")
    example = json.loads(re.findall(r"```json\n(.*?)\n```", doc, re.DOTALL)[0])
    jsonschema.Draft202012Validator(load_schema()).validate(example)
    text = example["article"]["text"]
    spans: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if set(node) == {"start", "end", "text"}:
                spans.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk({k: v for k, v in example.items() if k != "article"})
    assert len(spans) > 10
    assert [s for s in spans if text[s["start"] : s["end"]] != s["text"]] == []
