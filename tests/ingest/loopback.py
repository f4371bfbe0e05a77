"""A loopback news site for the feed, sitemap, URL-list and WARC tests (all text invented).

``LoopbackSite`` serves on 127.0.0.1 only: robots.txt (disallowing /private/), two article
pages, an RSS feed (a teaser item, a full-content item, a disallowed item), an Atom feed, a
sitemap index with one news sitemap, a plain URL list and a broken feed. It records every
request (path and User-Agent), so tests can check what was fetched and how.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from rashomon.config import Settings

BRIDGE = """<html><head><title>Harbour Bridge Reopens After Storm Repairs</title>
<meta property="og:site_name" content="Wexmoor Weekly"></head><body><article>
<h1>Harbour Bridge Reopens After Storm Repairs</h1>
<figure><img src="b.jpg"><figcaption>Workers paint the railings on Tuesday.
(Photo: Wexmoor Weekly)</figcaption></figure>
<p>The Harbour Bridge in the town of Wexmoor reopened to traffic on Thursday, three weeks after
a winter storm tore away part of its eastern railing, the town council said.</p>
<p>"We promised the bridge would be open before the spring market, and it is," council leader
Odile Brannock told reporters. Engineers from the regional roads office said the structure
was inspected twice before the barriers were removed.</p>
</article></body></html>"""

MARKET = """<html><head><title>Market Fire Injures Four Traders</title>
<meta property="og:site_name" content="Wexmoor Weekly">
<meta property="article:published_time" content="2024-05-02T10:00:00Z"></head><body><article>
<h1>Market Fire Injures Four Traders</h1>
<p>Four traders were injured when a fire broke out at the covered market in Wexmoor on
Wednesday night, the fire service said on Thursday.</p>
<p>A spokesman for the traders' association said at least six stalls had been destroyed and
that the market would stay closed until the end of the week.</p>
</article></body></html>"""

FULL_ITEM = " ".join(
    [
        "<p>The Wexmoor library will open on Sundays from next month, the town council said on",
        "Monday, after a petition signed by more than 2,000 residents asked for longer hours.</p>",
    ]
    + [
        "<p>Council leader Odile Brannock said the extra day would be paid for by closing the",
        "reading room on Monday mornings, when it is least used, and that no staff would lose",
        "hours. The librarians' union said it had been consulted and welcomed the change.</p>",
    ]
    * 6
)


def rss(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Wexmoor Weekly</title><link>{base}/</link>
<item><title>Harbour Bridge Reopens After Storm Repairs</title><link>{base}/news/bridge</link>
<description>The bridge is open again.</description>
<pubDate>Thu, 18 Apr 2024 08:30:00 GMT</pubDate></item>
<item><title>Library To Open On Sundays</title><link>{base}/news/library</link>
<pubDate>Mon, 22 Apr 2024 09:00:00 GMT</pubDate>
<content:encoded><![CDATA[{FULL_ITEM}]]></content:encoded></item>
<item><title>Staff Only</title><link>{base}/private/memo</link></item>
</channel></rss>"""


def atom(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wexmoor Weekly</title>
<entry><title>Market Fire Injures Four Traders</title>
<link rel="alternate" href="{base}/news/market"/><updated>2024-05-02T10:00:00Z</updated>
<summary>Four traders were injured.</summary></entry></feed>"""


def sitemap_index(base: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/sitemap-news.xml</loc></sitemap></sitemapindex>"""


def sitemap_news(base: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>{base}/news/bridge</loc><news:news><news:publication_date>2024-04-18</news:publication_date>
<news:title>Harbour Bridge Reopens After Storm Repairs</news:title></news:news></url>
<url><loc>{base}/news/market</loc></url></urlset>"""


def url_list(base: str) -> str:
    return f"# Wexmoor stories\n{base}/news/bridge\n{base}/news/market\n{base}/news/gone\n"


ROBOTS = "User-agent: *\nDisallow: /private/\n"


@dataclass
class LoopbackSite:
    base: str
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, User-Agent)

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]


def _routes(base: str) -> dict[str, tuple[int, str, str]]:
    html = "text/html; charset=utf-8"
    return {
        "/robots.txt": (200, "text/plain", ROBOTS),
        "/news/bridge": (200, html, BRIDGE),
        "/news/market": (200, html, MARKET),
        "/private/memo": (200, html, MARKET),
        "/feed.xml": (200, "application/rss+xml", rss(base)),
        "/atom.xml": (200, "application/atom+xml", atom(base)),
        "/sitemap.xml": (200, "application/xml", sitemap_index(base)),
        "/sitemap-news.xml": (200, "application/xml", sitemap_news(base)),
        "/list.txt": (200, "text/plain; charset=utf-8", url_list(base)),
        "/broken.xml": (200, "application/rss+xml", "<rss><channel><item><link>x</chan"),
        "/data.json": (200, "application/json", '{"not": "a feed"}'),
    }


@contextmanager
def serve() -> Iterator[LoopbackSite]:
    """The site on 127.0.0.1 (a port of its own) for the length of the ``with``."""
    site = LoopbackSite("")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.requests.append((self.path, self.headers.get("User-Agent", "")))
            status, ctype, body = _routes(site.base).get(
                self.path, (404, "text/plain", "no such page")
            )
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    site.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def loopback_settings(**changes: object) -> Settings:
    """Settings for the loopback site: private addresses allowed (it is 127.0.0.1, which
    the SSRF guard refuses otherwise), no crawl delay, a test User-Agent."""
    values: dict[str, object] = {
        "allow_private_urls": True,
        "url_timeout": 5.0,
        "crawl_delay": 0.0,
        "user_agent": "rashomon-tests/1.0",
    }
    values.update(changes)
    return Settings(**values)  # type: ignore[arg-type]
