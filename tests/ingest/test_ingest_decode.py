"""Bytes to text: empty, binary and undecodable input, encodings, newlines."""

from __future__ import annotations

import codecs
import random

import pytest

from rashomon.errors import BINARY_INPUT, EMPTY_INPUT, UNDECODABLE, InputError
from rashomon.ingest.decode import decode_bytes, is_binary

WESTERN = "The café owners said the council’s “quick fix” – a new résumé of rules – would fail."


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"Plain ASCII text.\n", "Plain ASCII text.\n"),
        (codecs.BOM_UTF8 + "Ünïcode text.".encode(), "Ünïcode text."),
        (b"one\r\ntwo\rthree\n", "one\ntwo\nthree\n"),
        ("A\u00a0non-breaking space stays.".encode(), "A\u00a0non-breaking space stays."),
        (codecs.BOM_UTF16_LE + "Wide text.".encode("utf-16-le"), "Wide text."),
    ],
)
def test_decode_utf8_and_boms(data: bytes, expected: str) -> None:
    assert decode_bytes(data, origin="x.txt") == expected


@pytest.mark.parametrize("encoding", ["cp1252"])
def test_decode_legacy_encoding_with_charset_normalizer(encoding: str) -> None:
    data = (WESTERN + "\n") * 3
    assert decode_bytes(data.encode(encoding), origin="old.txt") == data


@pytest.mark.parametrize("declared", ["iso-8859-7"])
def test_decode_declared_charset_is_used_when_utf8_fails(declared: str) -> None:
    text = "Καλημέρα, the council said."
    assert decode_bytes(text.encode(declared), origin="u", declared=declared) == text


@pytest.mark.parametrize("data", [b""])
def test_decode_empty_is_r001(data: bytes) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(data, origin="empty.txt")
    assert info.value.code == EMPTY_INPUT
    assert "empty.txt" in info.value.message


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"text with a NUL\x00 inside",
        bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 20 + b"mostly control bytes",
    ],
)
def test_decode_binary_is_r002(data: bytes) -> None:
    assert is_binary(data)
    with pytest.raises(InputError) as info:
        decode_bytes(data, origin="image.txt")
    assert info.value.code == BINARY_INPUT
    assert "image.txt" in str(info.value)


@pytest.mark.parametrize("seed", [1, 7])
def test_decode_garbage_is_r004(seed: int) -> None:
    rng = random.Random(seed)
    garbage = bytes(rng.randrange(0x80, 0x100) for _ in range(2000))
    assert not is_binary(garbage)
    with pytest.raises(InputError) as info:
        decode_bytes(garbage, origin="noise.txt")
    assert info.value.code == UNDECODABLE
    assert str(info.value).startswith("[R004] noise.txt")
