"""Polite fetching of many pages: one host at a time, robots.txt honoured, all kept.

Every request rashomon sends for feeds, sitemaps and URL lists goes through a ``Crawler``,
which wraps ``url.fetch_resource`` (private-address refusal, redirect, size and time caps)
and adds:

* a per-host rate limit: at least ``settings.crawl_delay`` seconds (or the host's own
  robots.txt ``Crawl-delay``, when longer) between two requests to one host;
* robots.txt (``urllib.robotparser``): fetched once per host through the same guards, and
  a page it disallows for our User-Agent is refused with R018. As ``urllib.robotparser``
  does, a 401 or 403 answer disallows the whole host and any other error status allows it;
  ``settings.robots_txt = false`` turns the check off;
* the User-Agent of ``settings.user_agent`` (default ``rashomon/VERSION (+URL)``);
* an optional ``WarcWriter``: every response received is written to a WARC file, so an
  analysis can be re-run later on exactly the same bytes (``ingest.warc``).

A page given on the command line by itself is fetched without the robots.txt check (it is
a person's request, not a crawl) but with the rate limit, User-Agent and archive.
"""

from __future__ import annotations

import logging
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Protocol

import httpx

from rashomon.config import Settings
from rashomon.errors import ROBOTS_DISALLOWED, InputError
from rashomon.ingest.url import (
    ACCEPT,
    PAGE_TYPES,
    USER_AGENT,
    Fetched,
    Resolver,
    fetch_resource,
)

logger = logging.getLogger(__name__)

ROBOTS_MAX_BYTES = 500_000


class Archive(Protocol):
    """Where fetched responses are kept (``warc.WarcWriter``)."""

    def write(self, fetched: Fetched) -> None: ...


@dataclass
class Crawler:
    """Fetches for one run of ``read_inputs``: holds the run's robots.txt answers and the
    time of the last request to each host (never shared between runs)."""

    settings: Settings
    client: httpx.Client
    resolver: Resolver | None = None
    archive: Archive | None = None
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _last: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, urllib.robotparser.RobotFileParser] = field(default_factory=dict)

    @property
    def user_agent(self) -> str:
        return self.settings.user_agent or USER_AGENT

    def fetch(
        self,
        url: str,
        *,
        types: frozenset[str] | None = PAGE_TYPES,
        accept: str = ACCEPT,
        robots: bool = True,
    ) -> Fetched:
        """``url`` fetched under the guards, the rate limit and (``robots``) robots.txt;
        raises ``InputError`` (R018 disallowed, and ``fetch_resource``'s codes)."""
        if robots and self.settings.robots_txt and not self.allowed(url):
            raise InputError(
                f"URL {url} is disallowed by its site's robots.txt for {self.user_agent!r}; "
                "rashomon does not fetch it (robots_txt = false turns the check off).",
                code=ROBOTS_DISALLOWED,
            )
        fetched = self._get(url, types=types, accept=accept)
        if self.archive is not None:
            self.archive.write(fetched)
        return fetched

    def allowed(self, url: str) -> bool:
        """Whether the site's robots.txt lets our User-Agent fetch ``url``."""
        parser = self._robots_for(url)
        return parser.can_fetch(self.user_agent, url)

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser:
        site = _site(url)
        if site in self._robots:
            return self._robots[site]
        parser = urllib.robotparser.RobotFileParser(site + "/robots.txt")
        robots_settings = self.settings
        if robots_settings.max_input_bytes > ROBOTS_MAX_BYTES:
            robots_settings = replace(robots_settings, max_input_bytes=ROBOTS_MAX_BYTES)
        try:
            fetched = self._get(
                site + "/robots.txt",
                types=None,
                accept="text/plain",
                settings=robots_settings,
                error_status=True,
            )
        except InputError as e:
            # no usable robots.txt (unreachable, too large...): nothing is disallowed
            logger.info("robots.txt of %s not read, taken as allowing all: %s", site, e)
            parser.parse([])
        else:
            if self.archive is not None:
                self.archive.write(fetched)
            if fetched.status in {401, 403}:
                parser.parse(["User-agent: *", "Disallow: /"])
            elif fetched.status >= 400:
                parser.parse([])
            else:
                text = fetched.body.decode(fetched.charset or "utf-8", errors="replace")
                parser.parse(text.splitlines())
        parser.modified()  # read: crawl_delay() answers only once it is marked so
        self._robots[site] = parser
        return parser

    def _get(
        self,
        url: str,
        *,
        types: frozenset[str] | None,
        accept: str,
        settings: Settings | None = None,
        error_status: bool = False,
    ) -> Fetched:
        self._wait(url)
        try:
            return fetch_resource(
                url,
                settings or self.settings,
                client=self.client,
                resolver=self.resolver,
                types=types,
                accept=accept,
                error_status=error_status,
            )
        finally:
            self._last[_site(url)] = self.clock()

    def _wait(self, url: str) -> None:
        """Sleep until the host's delay has passed since its last request."""
        site = _site(url)
        last = self._last.get(site)
        if last is None:
            return
        delay = self.settings.crawl_delay
        parser = self._robots.get(site)
        if parser is not None and self.settings.robots_txt:
            asked = parser.crawl_delay(self.user_agent)
            if asked is not None:
                delay = max(delay, float(asked))
        remaining = last + delay - self.clock()
        if remaining > 0:
            self.sleep(remaining)


def _site(url: str) -> str:
    """``scheme://host:port`` of ``url`` (the unit of the rate limit and of robots.txt)."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        return url
    return f"{parsed.scheme}://{parsed.netloc.decode('ascii', 'replace')}"
