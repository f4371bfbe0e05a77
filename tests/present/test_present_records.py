"""analysis_to_dict / skipped_to_dict / render_json, validated against the JSON Schema."""

from __future__ import annotations

import json
from dataclasses import replace
from enum import StrEnum
from typing import Any

import jsonschema
import pytest
from present_samples import make_analysis, make_hostile_analysis, make_skipped

from rashomon.errors import PipelineError
from rashomon.model import (
    Analysis,
    AttributionKind,
    Claimant,
    ClaimantType,
    ClaimType,
    CueStance,
    EventType,
    FigureCategory,
    FigureQualifier,
    PartKind,
    PiiKind,
    Precision,
    PublishedSource,
    Skipped,
)
from rashomon.present import analysis_to_dict, render_json, skipped_to_dict
from rashomon.present.records import claimant_for
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
    for claim in record["claims"]:
        found += [claim["text"], *claim["fragments"]]
        found += [s for h in claim["hedges"] for s in (h["cue"], h["scope"])]
    found += [figure["text"] for figure in record["figures"]]
    times = list(record["times"])
    places = list(record["places"])
    for event in record["events"]:
        found.append(event["trigger"])
        found += [event[k] for k in ("actor", "target", "victims") if event[k] is not None]
        times += [event["when"]] if event["when"] is not None else []
        places += event["where"]
    found += [t["text"] for t in times] + [p["text"] for p in places]
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
        {"claims": [{"id": "claim-1"}]},
        {"claims": None},
        {"figures": [{"id": "fig-1"}]},
        {"events": [{"id": "ev-1", "type": "party"}]},
        {"times": [{"value": "2031-05-02"}]},
        {"places": [{"name": "Port Merren"}]},
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
        ("claim_type", ClaimType),
        ("time", Precision),
        ("figure_category", FigureCategory),
        ("figure_qualifier", FigureQualifier),
        ("event_type", EventType),
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

    def resolve(node: Any) -> None:  # follow one level of $ref ("time" -> "precision")
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                walk(schema["$defs"][ref.removeprefix("#/$defs/")])
            for value in node.values():
                resolve(value)
        elif isinstance(node, list):
            for value in node:
                resolve(value)

    walk(schema["$defs"][definition])
    resolve(schema["$defs"][definition])
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


def _record() -> dict[str, Any]:
    return analysis_to_dict(make_analysis())


def test_claims_in_json() -> None:
    claims = {c["id"]: c for c in _record()["claims"]}
    assert len(claims) == 15
    adopted = claims["claim-8"]
    assert adopted["adopted_from"] == "claim-4"
    assert adopted["attribution"] is None
    assert adopted["claimant"] == {
        "id": "outlet",
        "name": "The Merren Gazette",
        "type": "media_outlet",
        "role": "publisher of the article",
    }
    restated = claims["claim-4"]
    assert restated["attribution"] == "att-3"
    assert restated["claimant"]["name"] == "Lena Okafor"
    assert [f["text"] for f in restated["fragments"]] == [
        "The engine failed,",
        "but the crew acted fast.",
    ]
    assert restated["text"]["text"].startswith("The engine failed,")
    assert restated["text"]["text"].endswith("but the crew acted fast.")
    (hedge,) = claims["claim-9"]["hedges"]
    assert (hedge["cue"]["text"], hedge["scope"]["text"]) == (
        "likely",
        "stay closed for three days",
    )
    assert claims["claim-9"]["type"] == "prediction"
    assert claims["claim-11"]["type"] == "evidence"
    assert claims["claim-1"]["part"] == "title"
    assert claims["claim-7"]["claimant"] is None
    assert claims["claim-14"]["claimant"]["id"] == "reader-1"
    assert claims["claim-14"]["part"] == "comment"


def test_figures_in_json() -> None:
    figures = {f["id"]: f for f in _record()["figures"]}
    assert figures["fig-2"] == {
        "id": "fig-2",
        "text": figures["fig-2"]["text"],
        "category": "wounded",
        "victim_group": "people",
        "low": 30,
        "high": None,
        "qualifier": "at_least",
        "value": figures["fig-2"]["value"],
        "among": None,
        "claimant": {
            "id": "c3",
            "name": "dockworkers' union",
            "type": "organisation",
            "role": None,
        },
        "claim": "claim-5",
        "attribution": "direct",
        "sentence": figures["fig-2"]["sentence"],
    }
    assert figures["fig-2"]["text"]["text"] == "at least 30 people"
    assert (figures["fig-3"]["low"], figures["fig-3"]["high"]) == (3, 9)
    assert figures["fig-5"]["claimant"] is None


def test_events_times_places_in_json() -> None:
    record = _record()
    first, second = record["events"]
    assert first["type"] == "wounding"
    assert first["plover"] is None
    assert first["when"] == {
        "text": first["when"]["text"],
        "value": "2031-05-02",
        "precision": "part_of_day",
        "derived_from": "weekday",
        "duration": None,
    }
    (where,) = first["where"]
    assert (where["name"], where["lat"], where["lon"], where["country"]) == (
        "Port Merren",
        54.5,
        -3.25,
        "XX",
    )
    assert where["alternatives"] == ["Port Merren, XY"]
    assert first["victims"]["text"] == "at least 30 people"
    assert (first["actor"], first["target"]) == (None, None)
    assert first["claims"] == ["claim-2", "claim-5", "claim-10"]
    assert first["figures"] == ["fig-1", "fig-2", "fig-3"]
    assert second["when"] is None and second["where"] == []
    assert second["actor"]["text"] == "The union"
    assert [t["duration"] for t in record["times"]] == [None, "P3D"]
    assert record["times"][1]["precision"] is None
    assert [p["lat"] for p in record["places"]] == [54.5, None]


def test_json_references_point_at_records() -> None:
    record = _record()
    claims = {c["id"] for c in record["claims"]}
    figures = {f["id"] for f in record["figures"]}
    atts = {a["id"] for a in record["attributions"]}
    assert {c["adopted_from"] for c in record["claims"]} - {None} <= claims
    assert {c["attribution"] for c in record["claims"]} - {None} <= atts
    assert {f["claim"] for f in record["figures"]} - {None} <= claims
    for event in record["events"]:
        assert set(event["claims"]) <= claims
        assert set(event["figures"]) <= figures


def test_record_keys_follow_the_schema() -> None:
    """Keys come in the schema's order (deterministic even before render_json sorts them)."""
    schema = load_schema()["$defs"]
    record = _record()
    assert list(record) == schema["analysis"]["required"]
    for key, definition in [
        ("claims", "claim"),
        ("figures", "figure"),
        ("events", "event"),
        ("times", "time"),
        ("places", "place"),
    ]:
        for item in record[key]:
            assert list(item) == schema[definition]["required"], key
    assert analysis_to_dict(make_analysis()) == record


def test_empty_stages_give_empty_lists(validator: jsonschema.Draft202012Validator) -> None:
    analysis = replace(make_analysis(), claims=(), figures=(), events=(), times=(), places=())
    record = analysis_to_dict(analysis)
    assert [record[k] for k in ("claims", "figures", "events", "times", "places")] == [[]] * 5
    validator.validate(record)


def test_inferred_date_validates(validator: jsonschema.Draft202012Validator) -> None:
    analysis = make_analysis()
    article = replace(analysis.article, published_source=PublishedSource.INFERRED)
    record = analysis_to_dict(replace(analysis, article=article))
    assert (record["article"]["published"], record["article"]["published_source"]) == (
        "2031-05-04",
        "inferred",
    )
    validator.validate(record)


@pytest.mark.parametrize(
    "claimant_id, expected",
    [
        ("outlet", ("outlet", "The Merren Gazette", ClaimantType.MEDIA_OUTLET)),
        ("reader-2", ("reader-2", "reader comment 2", ClaimantType.READER)),
        ("c2", ("c2", "Lena Okafor", ClaimantType.PERSON)),
        ("c9", None),
        ("reader-x", None),
        (None, None),
    ],
)
def test_claimant_for_resolves_voices(
    claimant_id: str | None, expected: tuple[str, str, ClaimantType] | None
) -> None:
    found = claimant_for(make_analysis(), claimant_id)
    assert (None if found is None else (found.id, found.name, found.type)) == expected


def test_claimant_for_prefers_the_listed_outlet() -> None:
    analysis = make_analysis()
    outlet = Claimant("outlet", "Gazette (listed)", ClaimantType.MEDIA_OUTLET)
    listed = replace(analysis, claimants=(*analysis.claimants, outlet))
    assert claimant_for(listed, "outlet") == outlet
    bare = Analysis(replace(analysis.article, outlet=None), (), ())
    found = claimant_for(bare, "outlet")
    assert found is not None and found.name == "the outlet"
