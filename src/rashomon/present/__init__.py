"""present: every renderer of analyses and ledgers (text, HTML, JSON, JSON Lines, CSV).

Renderers take model objects (``rashomon.model``; ledgers built by ``rashomon.compare``) and
return strings or JSON-ready dicts; nothing here prints or writes files (the CLI, the web
app and ``rashomon.export`` do). ``present`` depends on ``compare`` and ``model``, never the
reverse.

Analyses of single articles (``rashomon analyze --format``):

- ``records``: an analysis (or a skipped input) as the documented JSON dict
  (``analysis_to_dict``, ``docs/output.md``); an incident as ``incidents --format json``
  writes it (``incident_to_dict``).
- ``jsonl``: JSON Lines, one record per input (``render_json``); ``export_jsonl`` adds one
  record per ledger after the analyses.
- ``analysis_text``: the readable terminal report (``render_text``).
- ``analysis_html``: one self-contained HTML page with the text highlighted (``render_html``).
- ``_analysis_common``, ``_analysis_text_sections``, ``_analysis_html_sections``: what the text
  and HTML reports share, and their claims, events and figures sections.

Ledgers of incidents (``rashomon compare --format``):

- ``ledger``: the ledger as a JSON dict (``comparison_to_dict``, its schema from
  ``load_comparison_schema``), as text (``render_comparison_text``) and as CSV
  (``render_comparison_csv``); the rows and marks the HTML page and the web app share.
- ``ledger_html``: the ledger as one HTML page (``render_comparison_html``).

Shared:

- ``_html_common``: HTML helpers of both pages (tables, rows, claimant colours).
- ``spreadsheet``: the one CSV-cell neutraliser against formula injection (``safe_cell``,
  ``safe_row``, ``render_csv``), used by every CSV rashomon writes.

Every analysis renderer takes ``results: Sequence[Analysis | Skipped]`` in input order;
``render(results, fmt)`` picks one by name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import import_module
from typing import TYPE_CHECKING, cast

from rashomon.errors import ConfigError
from rashomon.model import Analysis, Skipped
from rashomon.present.records import (
    analysis_to_dict,
    incident_to_dict,
    result_to_dict,
    skipped_to_dict,
)

if TYPE_CHECKING:
    from rashomon.present.analysis_html import render_html
    from rashomon.present.analysis_text import render_text
    from rashomon.present.jsonl import export_jsonl, render_json
    from rashomon.present.ledger import (
        comparison_to_dict,
        load_comparison_schema,
        render_comparison_csv,
        render_comparison_text,
    )
    from rashomon.present.ledger_html import render_comparison_html

Renderer = Callable[[Sequence[Analysis | Skipped]], str]
if TYPE_CHECKING:
    RENDERERS: dict[str, Renderer]  # built on first use (``renderers``)

# the renderers load on first use: the records (an incident listing) need no spaCy, the
# reports and ledgers reach it through ``rashomon.compare``
_LAZY = {
    "render_html": "rashomon.present.analysis_html",
    "render_text": "rashomon.present.analysis_text",
    "render_json": "rashomon.present.jsonl",
    "export_jsonl": "rashomon.present.jsonl",
    "comparison_to_dict": "rashomon.present.ledger",
    "load_comparison_schema": "rashomon.present.ledger",
    "render_comparison_csv": "rashomon.present.ledger",
    "render_comparison_text": "rashomon.present.ledger",
    "render_comparison_html": "rashomon.present.ledger_html",
}
_FORMATS = {"text": "render_text", "json": "render_json", "html": "render_html"}


def renderers() -> dict[str, Renderer]:
    """Output format name -> its renderer (``RENDERERS``)."""
    return {fmt: cast(Renderer, __getattr__(name)) for fmt, name in _FORMATS.items()}


def render(results: Sequence[Analysis | Skipped], fmt: str) -> str:
    """Render ``results`` in format ``fmt``; an unknown format raises ConfigError."""
    if fmt not in _FORMATS:
        valid = ", ".join(sorted(_FORMATS))
        raise ConfigError(f"Unknown output format {fmt!r}. Valid formats: {valid}.")
    renderer: Renderer = renderers()[fmt]
    return renderer(results)


def __getattr__(name: str) -> object:
    if name == "RENDERERS":
        return renderers()
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "RENDERERS",
    "Renderer",
    "analysis_to_dict",
    "comparison_to_dict",
    "export_jsonl",
    "incident_to_dict",
    "load_comparison_schema",
    "render",
    "render_comparison_csv",
    "render_comparison_html",
    "render_comparison_text",
    "render_html",
    "render_json",
    "render_text",
    "renderers",
    "result_to_dict",
    "skipped_to_dict",
]
