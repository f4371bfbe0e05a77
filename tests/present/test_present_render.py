"""RENDERERS and render(): one registry of output formats."""

from __future__ import annotations

import pytest
from present_samples import make_analysis, make_skipped

from rashomon.errors import ConfigError
from rashomon.model import Analysis, Skipped
from rashomon.present import RENDERERS, render, render_html, render_json, render_text


def test_renderers_registry() -> None:
    assert {"text": render_text, "json": render_json, "html": render_html} == RENDERERS


@pytest.mark.parametrize("fmt", ["text", "json", "html"])
def test_render_dispatches(fmt: str) -> None:
    analysis = make_analysis()
    skipped = make_skipped()
    results: list[Analysis | Skipped] = [analysis, skipped]
    assert render(results, fmt) == RENDERERS[fmt](results)


@pytest.mark.parametrize("fmt", ["csv", "JSON", ""])
def test_render_refuses_unknown_format(fmt: str) -> None:
    analysis = make_analysis()
    with pytest.raises(ConfigError) as caught:
        render([analysis], fmt)
    assert caught.value.code == "R020"
    assert str(caught.value) == (
        f"[R020] Unknown output format {fmt!r}. Valid formats: html, json, text."
    )
