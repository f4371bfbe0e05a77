"""The recognisers the settings choose."""

from __future__ import annotations

from rashomon.config import Settings
from rashomon.redact.identifiers import Recogniser, recognisers_named


def recognisers_for(settings: Settings) -> tuple[Recogniser, ...]:
    """The built-in recognisers ``settings.redact_recognisers`` names (ConfigError if one
    is unknown)."""
    return recognisers_named(settings.redact_recognisers)
