"""JSON for the store's columns, by orjson (a compiled codec: decoding the documents, facts
and term counts that linking new articles reads took about a sixth of its instructions with
the standard library's ``json``, and orjson decodes the same text in about a third of the
time).

``loads`` reads everything ``json.dumps`` ever wrote: text that orjson refuses (``NaN`` or
``Infinity``, which ``json.dumps`` writes and strict JSON has not) is read by ``json``.
``dumps`` writes what ``json.dumps`` wrote, but compact, and ``NaN`` and the infinities as
``null`` (as PostgreSQL needs them); dictionary keys that are not strings become strings,
as with ``json.dumps``. What orjson cannot write (an integer beyond 64 bits) is written
by ``json``, so that nothing fails to be stored; orjson reads such an integer back as a
float.
"""

from __future__ import annotations

import json
from typing import Any

import orjson


def loads(text: str | bytes | bytearray | memoryview) -> Any:
    """A JSON value from ``text`` (see the module docstring)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(bytes(text) if isinstance(text, memoryview) else text)


def dumps(value: Any) -> str:
    """``value`` as JSON text (see the module docstring)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode("utf-8")
    except TypeError:  # what orjson cannot write (an integer beyond 64 bits): as json did
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
