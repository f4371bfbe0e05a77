"""Fetch an article over HTTP(S) with httpx, refusing private addresses (SSRF guard).

Each hop (the URL and every redirect) is resolved once, every resolved address is
checked, and the request is then sent to the checked address itself, with the name in the
``Host`` header and in TLS SNI (so certificates are still verified against the name).
There is no second DNS lookup between the check and the connection, which closes the
usual DNS-rebinding gap. What remains: with ``allow_private_urls`` nothing is checked (by
design); a caller-supplied ``client`` with a proxy or a custom transport sends requests
wherever it is configured to; and ``getaddrinfo`` has no timeout of its own. Only the first
checked address is tried.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import httpx

from rashomon import __version__
from rashomon.config import Settings
from rashomon.errors import (
    BAD_CONTENT_TYPE,
    HTTP_STATUS,
    UNSUPPORTED_INPUT,
    URL_REFUSED,
    URL_UNREACHABLE,
    InputError,
)
from rashomon.ingest.decode import require_size, too_large
from rashomon.ingest.html import read_html
from rashomon.ingest.language import LanguageDetector
from rashomon.ingest.text import read_text
from rashomon.model import Article

# (host, port) -> the addresses it resolves to, as strings ("93.184.215.14", "::1").
Resolver = Callable[[str, int], Sequence[str]]

SCHEMES = frozenset({"http", "https"})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
USER_AGENT = f"rashomon/{__version__} (+https://github.com/rashomon)"
ACCEPT = "text/html, application/xhtml+xml, text/plain;q=0.9"
PAGE_TYPES = HTML_TYPES | TEXT_TYPES
# feeds and sitemaps: XML (RSS, Atom, sitemaps), JSON Feed, and text sitemaps
FEED_TYPES = (
    frozenset(
        {
            "application/rss+xml",
            "application/atom+xml",
            "application/rdf+xml",
            "application/xml",
            "text/xml",
            "application/feed+json",
            "application/json",
            "application/x-gzip",
            "application/gzip",
        }
    )
    | TEXT_TYPES
)
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml, text/xml;q=0.9, "
    "text/plain;q=0.8, text/html;q=0.5"
)


@dataclass(frozen=True, slots=True)
class Fetched:
    """One downloaded resource: what was asked, where it ended, and the bytes received.

    ``body`` is decoded from any Content-Encoding; ``headers`` are the response's headers
    as received, ``request_headers`` those sent (for the WARC record of the exchange)."""

    url: str  # as asked
    final: str  # after redirects
    status: int
    reason: str
    mime: str
    charset: str | None
    headers: tuple[tuple[str, str], ...]
    body: bytes
    fetched_at: datetime
    request_headers: tuple[tuple[str, str], ...] = ()
    http_version: str = "HTTP/1.1"


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def resolve_host(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (system resolver); raises ``socket.gaierror``."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]).split("%")[0] for info in infos]


def address_problem(address: str) -> str | None:
    """Why ``address`` must not be fetched ("loopback", "private"...); None if it is public.

    IPv4 addresses embedded in IPv6 (IPv4-mapped, 6to4, NAT64) are judged as IPv4.
    """
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip.sixtofour is not None:
            ip = ip.sixtofour
        elif ip in _NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    checks = (
        (ip.is_unspecified, "unspecified"),
        (ip.is_loopback, "loopback"),
        (ip.is_link_local, "link-local"),
        (ip.is_multicast, "multicast"),
        (ip.is_reserved, "reserved"),
        (ip.is_private, "private"),
        (not ip.is_global, "non-public"),
    )
    return next((name for failed, name in checks if failed), None)


def fetch_url(
    url: str,
    settings: Settings,
    *,
    client: httpx.Client | None = None,
    resolver: Resolver | None = None,
    detector: LanguageDetector | None = None,
) -> Article:
    """Download ``url`` and read it as HTML or plain text by its content type.

    Redirects are followed here (at most ``settings.max_redirects``), each hop checked
    again. Raises ``InputError``: R006 refused address or scheme, R007 unreachable, R008
    HTTP error status, R009 unsupported content type, R003 body over ``max_input_bytes``,
    and the reader's own errors. ``client`` and ``resolver`` are for tests and embedding.
    """
    fetched = fetch_resource(url, settings, client=client, resolver=resolver)
    return read_fetched(fetched, settings, detector=detector)


def fetch_resource(
    url: str,
    settings: Settings,
    *,
    client: httpx.Client | None = None,
    resolver: Resolver | None = None,
    types: frozenset[str] | None = PAGE_TYPES,
    accept: str = ACCEPT,
    error_status: bool = False,
) -> Fetched:
    """Download ``url`` under every guard of ``fetch_url`` (private addresses, redirects,
    size and time caps) and return the bytes. ``types`` are the content types accepted
    (None: any, R009 otherwise); with ``error_status`` an HTTP error status is returned
    rather than raised (robots.txt needs to tell 404 from 403)."""
    resolve = resolver if resolver is not None else resolve_host
    if client is None:
        with httpx.Client(trust_env=False) as own:
            return _fetch(url, settings, own, resolve, types, accept, error_status)
    return _fetch(url, settings, client, resolve, types, accept, error_status)


def read_fetched(
    fetched: Fetched, settings: Settings, *, detector: LanguageDetector | None = None
) -> Article:
    """The article in a fetched page, read as HTML or plain text by its content type."""
    if fetched.mime in HTML_TYPES:
        return read_html(
            fetched.body,
            origin=fetched.url,
            url=fetched.final,
            settings=settings,
            detector=detector,
            declared_encoding=fetched.charset,
        )
    article = read_text(
        fetched.body,
        origin=fetched.url,
        settings=settings,
        detector=detector,
        declared_encoding=fetched.charset,
    )
    return replace(article, url=fetched.final)


def _fetch(
    url: str,
    settings: Settings,
    client: httpx.Client,
    resolve: Resolver,
    types: frozenset[str] | None,
    accept: str,
    error_status: bool,
) -> Fetched:
    current = _parse(url)
    deadline = time.monotonic() + settings.url_deadline
    for hop in range(settings.max_redirects + 1):
        request = _request(
            client,
            current,
            origin=url,
            redirected=hop > 0,
            settings=settings,
            resolve=resolve,
            accept=accept,
        )
        _check_deadline(deadline, origin=url, settings=settings)
        try:
            response = client.send(request, stream=True, follow_redirects=False)
            try:
                if response.is_redirect:
                    current = _redirect_target(current, response, origin=url)
                    continue
                mime, charset = _check_response(
                    response, origin=url, settings=settings, types=types, error_status=error_status
                )
                body = _read_body(response, origin=url, settings=settings, deadline=deadline)
                received = tuple(
                    (k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw
                )
                sent = tuple(
                    (k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw
                )
                status, reason = response.status_code, response.reason_phrase
                version = response.http_version
            finally:
                response.close()
        except httpx.TimeoutException:
            raise InputError(
                f"URL {url} timed out after {settings.url_timeout:g} s; try again later or "
                "raise url_timeout (RASHOMON_URL_TIMEOUT).",
                code=URL_UNREACHABLE,
            ) from None
        except httpx.TransportError as e:
            reason = " ".join(str(e).split()) or type(e).__name__
            raise InputError(
                f"URL {url} is unreachable ({reason}); check the address and your network.",
                code=URL_UNREACHABLE,
            ) from e
        return Fetched(
            url=url,
            final=str(current),
            status=status,
            reason=reason,
            mime=mime,
            charset=charset,
            headers=received,
            body=body,
            fetched_at=datetime.now(UTC),
            request_headers=sent,
            http_version=version,
        )
    raise InputError(
        f"URL {url} redirects more than {settings.max_redirects} times; open it in a "
        "browser to find the final address, or raise max_redirects.",
        code=HTTP_STATUS,
    )


def _parse(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as e:
        raise InputError(
            f"{url!r} is not a valid URL ({e}); give an http:// or https:// address.",
            code=UNSUPPORTED_INPUT,
        ) from None
    if parsed.scheme not in SCHEMES or not parsed.host:
        raise InputError(
            f"URL {url} was refused: only http:// and https:// addresses with a host are fetched.",
            code=URL_REFUSED,
        )
    return parsed


def _request(
    client: httpx.Client,
    url: httpx.URL,
    *,
    origin: str,
    redirected: bool,
    settings: Settings,
    resolve: Resolver,
    accept: str = ACCEPT,
) -> httpx.Request:
    """The request for one hop: to the checked address, unless private URLs are allowed."""
    headers = {"User-Agent": settings.user_agent or USER_AGENT, "Accept": accept}
    extensions: dict[str, str] = {}
    target = url
    if not settings.allow_private_urls:
        host = url.raw_host.decode("ascii")
        hop = f" (redirected to {url})" if redirected else ""
        address = _checked_address(url, host, origin=origin + hop, resolve=resolve)
        target = url.copy_with(host=address)
        headers["Host"] = url.netloc.decode("ascii")
        if url.scheme == "https":
            extensions["sni_hostname"] = host
    return client.build_request(
        "GET",
        target,
        headers=headers,
        extensions=extensions,
        timeout=httpx.Timeout(settings.url_timeout),
    )


def _checked_address(url: httpx.URL, host: str, *, origin: str, resolve: Resolver) -> str:
    """The first address ``host`` resolves to, after checking them all (R006, R007)."""
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        addresses = list(resolve(host, port))
    except (socket.gaierror, UnicodeError) as e:
        raise InputError(
            f"URL {origin} is unreachable: host {host!r} cannot be resolved ({e}); "
            "check the address and your network.",
            code=URL_UNREACHABLE,
        ) from None
    if not addresses:
        raise InputError(
            f"URL {origin} is unreachable: host {host!r} has no address; check the address.",
            code=URL_UNREACHABLE,
        )
    for address in addresses:
        problem = address_problem(address)
        if problem is not None:
            raise InputError(
                f"URL {origin} was refused: {host} resolves to {address}, a {problem} "
                "address; pass --allow-private-urls (or RASHOMON_ALLOW_PRIVATE_URLS=1) "
                "to fetch it.",
                code=URL_REFUSED,
            )
    return addresses[0]


def _redirect_target(current: httpx.URL, response: httpx.Response, *, origin: str) -> httpx.URL:
    location = response.headers["location"]
    try:
        target = current.join(location)
    except httpx.InvalidURL:
        raise InputError(
            f"URL {origin} redirects to an invalid address ({location!r}); "
            "check the URL in a browser.",
            code=HTTP_STATUS,
        ) from None
    if target.scheme not in SCHEMES or not target.host:
        raise InputError(
            f"URL {origin} redirects to {target}, which was refused: only http:// and "
            "https:// addresses are fetched.",
            code=URL_REFUSED,
        )
    return target


def _check_response(
    response: httpx.Response,
    *,
    origin: str,
    settings: Settings,
    types: frozenset[str] | None = PAGE_TYPES,
    error_status: bool = False,
) -> tuple[str, str | None]:
    """Raise for an error status, an unreadable type or a declared size over the limit."""
    mime, charset = _content_type(response.headers.get("content-type", ""))
    if error_status and not response.is_success:
        return mime, charset
    if not response.is_success:
        status = response.status_code
        reason = response.reason_phrase or httpx.codes.get_reason_phrase(status)
        raise InputError(
            f"URL {origin} answered HTTP {status} {reason}; check the address, or try later.",
            code=HTTP_STATUS,
        )
    if types is not None and mime not in types:
        # pages (feeds and sitemaps too, where they are read) are what a person gives
        pages = types >= PAGE_TYPES
        what = "a web page or text" if pages else "of a type read here"
        listed = PAGE_TYPES if pages else types
        raise InputError(
            f"URL {origin} is {mime or 'of no declared type'}, not {what}; "
            f"rashomon reads {', '.join(sorted(listed))}.",
            code=BAD_CONTENT_TYPE,
        )
    declared = response.headers.get("content-length", "")
    if declared.isdigit():
        require_size(int(declared), origin=f"URL {origin}", settings=settings)
    return mime, charset


def _content_type(header: str) -> tuple[str, str | None]:
    """``("text/html", "utf-8")`` from ``"text/html; charset=UTF-8"``."""
    mime, *params = header.split(";")
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip(" \"'"):
            charset = value.strip(" \"'").lower()
    return mime.strip().lower(), charset


def _check_deadline(deadline: float, *, origin: str, settings: Settings) -> None:
    """R007 once the whole fetch has taken longer than ``settings.url_deadline``."""
    if time.monotonic() > deadline:
        raise InputError(
            f"URL {origin} took more than {settings.url_deadline:g} s in all; the server is "
            "too slow. Try again later or raise url_deadline (RASHOMON_URL_DEADLINE).",
            code=URL_UNREACHABLE,
        )


def _read_body(
    response: httpx.Response, *, origin: str, settings: Settings, deadline: float
) -> bytes:
    """The (decompressed) body, stopping with R003 as soon as it passes the limit and with
    R007 when the whole fetch passes its deadline (a server trickling bytes)."""
    chunks: list[bytes] = []
    total = 0
    for chunk in response.iter_bytes():
        _check_deadline(deadline, origin=origin, settings=settings)
        total += len(chunk)
        if total > settings.max_input_bytes:
            raise too_large(f"URL {origin}", settings=settings)
        chunks.append(chunk)
    return b"".join(chunks)
