"""URL fetching against a real local HTTP server (127.0.0.1) and mock transports. No network."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from rashomon.config import Settings
from rashomon.errors import (
    BAD_CONTENT_TYPE,
    HTTP_STATUS,
    INPUT_TOO_LARGE,
    URL_REFUSED,
    URL_UNREACHABLE,
    InputError,
)
from rashomon.ingest import fetch_url, read_inputs
from rashomon.ingest.url import Resolver, address_problem
from rashomon.model import Article, PartKind, Skipped

PAGE = b"""<html><head><title>Quarry Road Closed For Repairs</title>
<meta property="og:site_name" content="Wexmoor Weekly"></head><body><article>
<h1>Quarry Road Closed For Repairs</h1>
<p>Quarry Road in Wexmoor will be closed for two weeks from Monday while crews repair a
collapsed drain, the highways office said on Friday.</p>
<p>Drivers will be sent through the village centre, and buses will stop at the church
instead of the quarry gate, the office said in a statement.</p>
</article></body></html>"""
PLAIN = (
    b"Quarry Road will be closed for two weeks from Monday, the highways office said.\n"
    b"Buses will stop at the church instead of the quarry gate.\n"
)
BIG = b"Quarry Road will be closed for two weeks from Monday, the highways office said.\n" * 2000


class Handler(BaseHTTPRequestHandler):
    """Canned routes: a page, plain text, errors, redirects and oversized bodies."""

    def do_GET(self) -> None:
        routes = {
            "/article": (200, "text/html; charset=utf-8", PAGE),
            "/plain": (200, "text/plain; charset=utf-8", PLAIN),
            "/report.pdf": (200, "application/pdf", b"%PDF-1.7"),
            "/missing": (404, "text/html", b"<html><body>gone</body></html>"),
        }
        try:
            if self.path in routes:
                status, ctype, body = routes[self.path]
                self._send(status, ctype, body)
            elif self.path == "/moved":
                self._redirect("/article")
            elif self.path == "/loop":
                self._redirect("/loop")
            elif self.path == "/huge":  # no Content-Length: the client must stop reading
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                for _ in range(20):
                    self.wfile.write(BIG)
            elif self.path == "/huge-declared":
                self._send(200, "text/plain", BIG)
            else:
                self._send(404, "text/plain", b"no route")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading, as it should for oversized bodies

    def _send(self, status: int, ctype: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def local() -> Settings:
    return Settings(allow_private_urls=True, url_timeout=5.0, max_input_bytes=100_000)


def _error(url: str, settings: Settings, **kwargs: object) -> InputError:
    with pytest.raises(InputError) as info:
        fetch_url(url, settings, **kwargs)  # type: ignore[arg-type]
    assert "\n" not in info.value.message
    return info.value


@pytest.mark.parametrize("path", ["/article", "/moved"])
def test_url_html_page(path: str, server: str, local: Settings) -> None:
    article = fetch_url(server + path, local)
    assert article.title == "Quarry Road Closed For Repairs"
    assert article.outlet == "Wexmoor Weekly"
    assert article.origin == server + path
    assert article.url == server + "/article"
    assert [p.kind for p in article.parts][:2] == [PartKind.TITLE, PartKind.BODY]


@pytest.mark.parametrize("path", ["/plain"])
def test_url_plain_text(path: str, server: str, local: Settings) -> None:
    article = fetch_url(server + path, local)
    assert article.text == PLAIN.decode()
    assert article.url == server + path


@pytest.mark.parametrize(
    "path, code, words",
    [
        ("/missing", HTTP_STATUS, "HTTP 404 Not Found"),
        ("/report.pdf", BAD_CONTENT_TYPE, "application/pdf"),
        ("/huge", INPUT_TOO_LARGE, "100,000 bytes"),
        ("/huge-declared", INPUT_TOO_LARGE, "160,000 bytes"),
        ("/loop", HTTP_STATUS, "redirects more than 5 times"),
    ],
)
def test_url_errors(path: str, code: str, words: str, server: str, local: Settings) -> None:
    error = _error(server + path, local)
    assert error.code == code
    assert words in error.message
    assert server + path in error.message


@pytest.mark.parametrize("path", ["/article"])
def test_url_loopback_refused_by_default(path: str, server: str) -> None:
    error = _error(server + path, Settings())
    assert error.code == URL_REFUSED
    assert "127.0.0.1, a loopback address" in error.message
    assert "--allow-private-urls" in error.message


@pytest.mark.parametrize("scheme_url", ["file:///etc/passwd", "gopher://example.com/"])
def test_url_other_schemes_refused(scheme_url: str) -> None:
    assert _error(scheme_url, Settings()).code == URL_REFUSED


@pytest.mark.parametrize("host", ["127.0.0.1"])
def test_url_unreachable_port(host: str, local: Settings) -> None:
    with socket.socket() as probe:
        probe.bind((host, 0))
        port = probe.getsockname()[1]
    error = _error(f"http://{host}:{port}/", local)
    assert error.code == URL_UNREACHABLE


PUBLIC_IP = "93.184.215.14"


def _resolver(table: dict[str, str]) -> Resolver:
    def resolve(host: str, port: int) -> Sequence[str]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [table[host]]

    return resolve


@pytest.mark.parametrize("private_ip", ["10.0.0.5", "169.254.169.254", "::ffff:192.168.1.1"])
def test_url_redirect_to_private_host_refused(private_ip: str) -> None:
    seen: list[tuple[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.host, request.headers["host"]))
        return httpx.Response(302, headers={"Location": "http://intranet.example/admin"})

    resolver = _resolver({"news.example": PUBLIC_IP, "intranet.example": private_ip})
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        error = _error("http://news.example/story", Settings(), client=client, resolver=resolver)
    assert error.code == URL_REFUSED
    assert "redirected to http://intranet.example/admin" in error.message
    # The allowed hop was sent to the checked address, with the name in the Host header.
    assert seen == [(PUBLIC_IP, "news.example")]


@pytest.mark.parametrize("host", ["nowhere.example"])
def test_url_dns_failure_is_unreachable(host: str) -> None:
    error = _error(f"https://{host}/", Settings(), resolver=_resolver({}))
    assert error.code == URL_UNREACHABLE
    assert host in error.message


@pytest.mark.parametrize("url", ["https://news.example:8443/story"])
def test_url_request_goes_to_the_checked_address(url: str) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, headers={"Content-Type": "text/plain"}, content=PLAIN)

    resolver = _resolver({"news.example": PUBLIC_IP})
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        article = fetch_url(url, Settings(), client=client, resolver=resolver)
    (request,) = seen
    assert (request.url.host, request.url.port) == (PUBLIC_IP, 8443)
    assert request.headers["host"] == "news.example:8443"
    assert request.extensions["sni_hostname"] == "news.example"
    assert article.url == url


@pytest.mark.parametrize("url", ["https://news.example/story"])
def test_url_client_is_injected_through_read_inputs(url: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host != "news.example":
            return httpx.Response(404)
        return httpx.Response(200, headers={"Content-Type": "text/plain"}, content=PLAIN)

    inputs = [url, "http://other.example/"]
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        results = list(read_inputs(inputs, Settings(allow_private_urls=True), client=client))
    assert isinstance(results[0], Article)
    assert isinstance(results[1], Skipped)
    assert [r.origin for r in results] == inputs
    assert results[1].code == HTTP_STATUS
    (refused,) = read_inputs(["http://127.0.0.1:9/"], Settings())
    assert isinstance(refused, Skipped)
    assert refused.code == URL_REFUSED


@pytest.mark.parametrize(
    "address, problem",
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("172.16.5.4", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "non-public"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.1", "private"),
        ("2002:7f00:1::", "loopback"),
        ("64:ff9b::a00:1", "private"),
        ("fc00::1", "private"),
        ("93.184.215.14", None),
        ("2606:4700:4700::1111", None),
        ("::ffff:93.184.215.14", None),
    ],
)
def test_url_address_problem(address: str, problem: str | None) -> None:
    assert address_problem(address) == problem
