"""The store's JSON codec reads all that ``json.dumps`` wrote and writes what it reads."""

from __future__ import annotations

import json
import math

import pytest

from rashomon.store import codec


def test_reads_what_the_standard_library_wrote() -> None:
    value = {"a": [1, 2.5, None, True], "é": "naïve – “quoted”", "n": {"x": []}}
    for text in (json.dumps(value), json.dumps(value, ensure_ascii=False)):
        assert codec.loads(text) == value
        assert codec.loads(text.encode("utf-8")) == value
        assert codec.loads(memoryview(text.encode("utf-8"))) == value


def test_reads_the_non_finite_numbers_that_json_dumps_writes() -> None:
    loaded = codec.loads(json.dumps({"lat": math.nan, "far": math.inf}))
    assert math.isnan(loaded["lat"])
    assert loaded["far"] == math.inf


def test_writes_compact_json_that_round_trips() -> None:
    value = {"terms": {"strike": 2, "gaza": 1}, "places": [["Kyiv", "city", 50.45, 30.52]]}
    text = codec.dumps(value)
    assert text == '{"terms":{"strike":2,"gaza":1},"places":[["Kyiv","city",50.45,30.52]]}'
    assert codec.loads(text) == value


def test_writes_keys_and_non_finite_numbers_as_strict_json_does() -> None:
    assert json.loads(codec.dumps({1: "a", "b": math.nan})) == {"1": "a", "b": None}


def test_bad_text_is_still_an_error() -> None:
    for bad in ("{", "[1,]", ""):
        with pytest.raises(ValueError):
            codec.loads(bad)


def test_what_orjson_cannot_write_is_written_as_json_did() -> None:
    text = codec.dumps({"v": 10**30, "name": "Kramatorsk"})
    assert json.loads(text) == {"v": 10**30, "name": "Kramatorsk"}
    assert codec.loads(text)["name"] == "Kramatorsk"
