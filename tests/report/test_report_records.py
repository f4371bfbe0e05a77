"""analysis_to_dict / skipped_to_dict / render_json, validated against the JSON Schema."""

from __future__ import annotations

import json
from dataclasses import replace
from enum import StrEnum
from typing import Any

import jsonschema
import pytest
from report_samples import make_analysis, make_hostile_analysis, make_skipped

from rashomon.errors import PipelineError
from rashomon.model import (
    AttributionKind,
    ClaimantType,
    CueStance,
    PartKind,
    PiiKind,
    PublishedSource,
    Skipped,
)
from rashomon.report import analysis_to_dict, render_json, skipped_to_dict
from rashomon.schema import load_schema


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _spans(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Every {start, end, text} span in an analysis record."""
    found = []
    for claimant in record["claimants"]:
        found += claimant["mentions"]
    for att in record["attributions"]:
        found += [s for s in (att["source"], att["cue"]) if s is not None]
        found += att["content"]["fragments"]
    return found


def test_analysis_to_dict_shape() -> None:
    analysis = make_analysis()
    record = analysis_to_dict(analysis)
    assert record["ok"] is True
    assert record["rashomon_version"] == "0.1.0"
    assert record["model"] == "core_web_sm-3.8.0"
    article = record["article"]
    assert article["published"] == "2031-05-04"
    assert article["published_source"] == "metadata"
    assert [p["kind"] for p in article["parts"]][:3] == ["title", "byline", "body"]
    masked = article["text"].index("[PHONE####]")
    assert article["redactions"] == [{"kind": "phone", "start": masked, "end": masked + 11}]
    ids = [a["id"] for a in record["attributions"]]
    assert ids == [f"att-{i}" for i in range(1, len(analysis.attributions) + 1)]
    assert record["attributions"][1]["claimant"] == {
        "id": "c2",
        "name": "Lena Okafor",
        "type": "person",
        "role": "harbour master",
    }
    assert record["attributions"][5]["claimant"] is None
    assert record["attributions"][5]["negated"] is True
    assert record["attributions"][6]["reporter"] == "reader-1"
    assert record["attributions"][6]["part"] == "comment"
    assert record["claimants"][1]["part_of"] == "c1"


def test_analysis_to_dict_spans_point_into_text() -> None:
    analysis = make_analysis()
    record = analysis_to_dict(analysis)
    text = record["article"]["text"]
    for item in _spans(record):
        assert text[item["start"] : item["end"]] == item["text"]


def test_analysis_to_dict_joins_content_fragments() -> None:
    analysis = make_analysis()
    content = analysis_to_dict(analysis)["attributions"][2]["content"]
    first, second = content["fragments"]
    assert content["text"] == "The engine failed, … but the crew acted fast."
    assert (content["start"], content["end"]) == (first["start"], second["end"])


@pytest.mark.parametrize("article_id", [None, "art-7"])
def test_skipped_to_dict(article_id: str | None) -> None:
    skipped = Skipped("in/a.txt", "R001", "The file is empty.", article_id=article_id)
    assert skipped_to_dict(skipped) == {
        "ok": False,
        "origin": "in/a.txt",
        "article_id": article_id,
        "error": "The file is empty.",
        "code": "R001",
    }


def test_attribution_without_content_is_refused() -> None:
    analysis = make_analysis()
    broken = replace(analysis.attributions[0], content=())
    with pytest.raises(PipelineError, match="att-1 has no content"):
        analysis_to_dict(replace(analysis, attributions=(broken,)))


def test_records_validate_against_schema(validator: jsonschema.Draft202012Validator) -> None:
    analysis = make_analysis()
    hostile = make_hostile_analysis()
    skipped = make_skipped()
    for line in render_json([analysis, skipped, hostile]).splitlines():
        validator.validate(json.loads(line))


@pytest.mark.parametrize(
    "change",
    [
        {"ok": "yes"},
        {"attributions": [{"id": "att-1"}]},
        {"surprise": 1},
        {"article": None},
    ],
)
def test_schema_rejects_bad_records(
    validator: jsonschema.Draft202012Validator, change: dict[str, Any]
) -> None:
    analysis = make_analysis()
    record = analysis_to_dict(analysis) | change
    assert not validator.is_valid(record)


@pytest.mark.parametrize(
    "definition, enum",
    [
        ("part_kind", PartKind),
        ("claimant_type", ClaimantType),
        ("attribution", AttributionKind),
        ("attribution", CueStance),
        ("redaction", PiiKind),
        ("article", PublishedSource),
    ],
)
def test_schema_enums_match_model(definition: str, enum: type[StrEnum]) -> None:
    """The schema's value lists are the model's enums, so they cannot drift apart."""
    schema = load_schema()
    values = {e.value for e in enum}
    found = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "enum" in node:
                found.append({v for v in node["enum"] if v is not None})
            for value in node.values():
                walk(value)

    walk(schema["$defs"][definition])
    assert values in found


def test_schema_describes_every_field() -> None:
    schema = load_schema()
    definitions = schema["$defs"]
    missing = []

    def described(node: dict[str, Any]) -> bool:
        if "description" in node:
            return True
        ref = node.get("$ref", "")
        return "description" in definitions.get(ref.removeprefix("#/$defs/"), {})

    def walk(node: Any, path: str) -> None:
        if not isinstance(node, dict):
            return
        for name, sub in node.get("properties", {}).items():
            if not described(sub):
                missing.append(f"{path}.{name}")
            walk(sub, f"{path}.{name}")
        if "items" in node and "$ref" not in node["items"]:
            walk(node["items"], path + "[]")

    for name, definition in definitions.items():
        assert "description" in definition, name
        walk(definition, name)
    assert missing == []


def test_render_json_is_json_lines_in_input_order() -> None:
    analysis = make_analysis()
    hostile = make_hostile_analysis()
    skipped = make_skipped()
    out = render_json([hostile, skipped, analysis])
    lines = out.split("\n")
    assert lines[-1] == ""  # ends with a newline
    records = [json.loads(line) for line in lines[:-1]]
    assert [r["ok"] for r in records] == [True, False, True]
    assert records[0]["article"]["id"] == "art-x"
    assert records[2] == analysis_to_dict(analysis)


def test_render_json_sorts_keys_and_keeps_unicode() -> None:
    analysis = make_analysis()
    line = render_json([analysis]).rstrip("\n")
    assert "…" in line  # ensure_ascii=False
    assert line == json.dumps(json.loads(line), ensure_ascii=False, sort_keys=True)
    assert render_json([analysis]) == render_json([analysis])  # deterministic


@pytest.mark.parametrize("odd", ["\u2028", "\u2029", "\x85"])
def test_render_json_keeps_one_record_per_line(odd: str) -> None:
    analysis = make_analysis()
    article = replace(analysis.article, title=f"Line{odd}break")
    out = render_json([replace(analysis, article=article), analysis])
    assert len(out.splitlines()) == 2
    assert json.loads(out.splitlines()[0])["article"]["title"] == f"Line{odd}break"


def test_render_json_of_nothing_is_empty() -> None:
    assert render_json([]) == ""
