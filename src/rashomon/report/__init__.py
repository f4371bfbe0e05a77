"""Report stage: turn analyses (and skipped inputs) into text, JSON Lines or HTML.

Every renderer takes ``results: Sequence[Analysis | Skipped]`` in input order and returns a
string; nothing here prints or writes files (the CLI does).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rashomon.errors import ConfigError
from rashomon.model import Analysis, Skipped
from rashomon.report.html import render_html
from rashomon.report.jsonl import render_json
from rashomon.report.records import analysis_to_dict, result_to_dict, skipped_to_dict
from rashomon.report.text import render_text

Renderer = Callable[[Sequence[Analysis | Skipped]], str]

RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "html": render_html,
}


def render(results: Sequence[Analysis | Skipped], fmt: str) -> str:
    """Render ``results`` in format ``fmt``; an unknown format raises ConfigError."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        valid = ", ".join(sorted(RENDERERS))
        raise ConfigError(f"Unknown output format {fmt!r}. Valid formats: {valid}.") from None
    return renderer(results)


__all__ = [
    "RENDERERS",
    "Renderer",
    "analysis_to_dict",
    "render",
    "render_html",
    "render_json",
    "render_text",
    "result_to_dict",
    "skipped_to_dict",
]
