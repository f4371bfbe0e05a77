"""What a served application is built from (no module-level state: ``create_app`` takes it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rashomon.config import Settings
from rashomon.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
MIN_TOKEN_CHARS = 16


@dataclass(frozen=True, slots=True)
class WebConfig:
    """``settings.database_url`` is the store served. ``token``: the bearer token writes
    need (None: read-only). ``load_nlp``: how the write endpoint gets its spaCy pipeline
    (default: ``rashomon.parse.load_pipeline(settings.model)``, loaded at the first write).
    ``cached_ledgers``: how many built ledgers the app keeps (0: none)."""

    settings: Settings = field(default_factory=Settings)
    token: str | None = None
    per_page: int = DEFAULT_PER_PAGE
    load_nlp: Callable[[Settings], Language] | None = None
    cached_ledgers: int = 64  # ledgers kept built (each rebuilt once its incident changes)


def read_token(path: Path) -> str:
    """The token in ``path`` (surrounding whitespace dropped); refuses a short or missing one."""
    try:
        token = path.read_text(encoding="utf-8").strip()
    except OSError as error:
        raise ConfigError(
            f"Can't read the token file {str(path)!r} ({error.strerror or error})."
        ) from None
    if len(token) < MIN_TOKEN_CHARS or any(c.isspace() for c in token):
        raise ConfigError(
            f"The token in {str(path)!r} must be one word of at least {MIN_TOKEN_CHARS} "
            "characters (e.g. 'python -c \"import secrets; print(secrets.token_urlsafe())\"')."
        )
    return token
