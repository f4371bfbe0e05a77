"""Read the versioned data files (lexicons, tables): packaged defaults or a user's file."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from rashomon.errors import ConfigError


def read_toml(path: Path | None, default: str, what: str) -> tuple[dict[str, Any], str]:
    """(the parsed TOML, where it came from): ``path``, or the packaged ``rashomon/data/
    <default>``. ``what`` names the file in errors ("cue lexicon"). Bad files raise
    ConfigError naming the file."""
    if path is None:
        raw = resources.files("rashomon.data").joinpath(default).read_bytes()
        where = default
    else:
        try:
            raw = path.read_bytes()
        except OSError as e:
            raise ConfigError(f"Can't read {what} {str(path)!r}: {e.strerror}") from e
        where = str(path)
    try:
        return tomllib.loads(raw.decode("utf-8")), where
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"{what.capitalize()} {where!r} is not valid TOML: {e}") from e


def require_version(data: dict[str, Any], where: str, what: str) -> str:
    version = data.get("version")
    if not isinstance(version, str):
        raise ConfigError(f"{what.capitalize()} {where!r} needs a 'version' string.")
    return version
