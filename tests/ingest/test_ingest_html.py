"""HTML pages through trafilatura: metadata, body parts and comments (fictional page)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rashomon.config import Settings
from rashomon.errors import NO_ARTICLE_TEXT, InputError
from rashomon.ingest import read_html, read_inputs
from rashomon.model import Article, PartKind, PublishedSource

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Harbour Bridge Reopens After Storm Repairs | The Lakeside Ledger</title>
<meta property="og:site_name" content="The Lakeside Ledger">
<meta property="og:title" content="Harbour Bridge Reopens After Storm Repairs">
<meta name="author" content="Mara Quillfeather">
<meta property="article:published_time" content="2024-04-17T08:30:00Z">
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/city">City</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<div class="ad">Buy the new Zephyr 9 phone today! Limited offer.</div>
<article>
<h1>Harbour Bridge Reopens After Storm Repairs</h1>
<p class="byline">By Mara Quillfeather</p>
<figure><img src="bridge.jpg" alt="bridge">
<figcaption>Workers paint the railings on Tuesday. (Photo: Ledger staff)</figcaption></figure>
<p>The Harbour Bridge in the town of Wexmoor reopened to traffic on Thursday, three weeks
after a winter storm tore away part of its eastern railing, the town council said.</p>
<p>"We promised the bridge would be open before the spring market, and it is," council leader
Odile Brannock told reporters at the ceremony. She said the repairs had cost less than the
council first feared.</p>
<p>Engineers from the regional roads office said the structure was inspected twice before the
barriers were removed. According to the office, no further closures are planned this year.</p>
<h2>Traders Relieved</h2>
<p>Shop owners on the eastern bank said the closure had cut their takings by half. Fishmonger
Teodor Vance said customers had stayed away for most of the month.</p>
<p>The council said a small ceremony would be held on Saturday to thank the repair crews.</p>
</article>
<section id="comments" class="comments">
<h3>2 Comments</h3>
<ol class="comment-list">
<li class="comment"><div class="comment-author">Pip</div>
<p>Finally! The detour through the market square was a nightmare every morning.</p></li>
<li class="comment"><p class="comment-author">Rowan Ashdown</p>
<p>I doubt the repairs cost less than feared; the council never publishes its accounts.</p></li>
</ol>
</section>
<footer><p>Subscribe to our newsletter</p><p>&copy; 2024 The Lakeside Ledger</p></footer>
</body>
</html>
"""


@pytest.fixture(scope="module")
def article() -> Article:
    return read_html(
        PAGE.encode("utf-8"),
        origin="ledger.html",
        url="https://ledger.example/bridge",
        settings=Settings(),
    )


@pytest.mark.parametrize(
    "field, expected",
    [
        ("title", "Harbour Bridge Reopens After Storm Repairs"),
        ("byline", "Mara Quillfeather"),
        ("outlet", "The Lakeside Ledger"),
        ("published", date(2024, 4, 17)),
        ("published_source", PublishedSource.METADATA),
        ("url", "https://ledger.example/bridge"),
        ("origin", "ledger.html"),
    ],
)
def test_html_metadata(article: Article, field: str, expected: object) -> None:
    assert getattr(article, field) == expected


@pytest.mark.parametrize(
    "snippet, kind, index",
    [
        ("Harbour Bridge Reopens After Storm Repairs", PartKind.TITLE, 0),
        ("The Harbour Bridge in the town", PartKind.BODY, 0),
        ("Traders Relieved", PartKind.SUBHEAD, 0),
        ("to thank the repair crews", PartKind.BODY, 0),
        ("Finally! The detour", PartKind.COMMENT, 1),
        ("I doubt the repairs", PartKind.COMMENT, 2),
        ("Rowan Ashdown", PartKind.COMMENT_META, 0),
    ],
)
def test_html_parts(article: Article, snippet: str, kind: PartKind, index: int) -> None:
    part = article.part_at(article.text.index(snippet))
    assert part is not None
    assert (part.kind, part.index) == (kind, index)


@pytest.mark.parametrize("absent", ["Zephyr 9", "Home", "Subscribe to our newsletter", "©"])
def test_html_leaves_out_page_furniture(article: Article, absent: str) -> None:
    assert absent not in article.text


@pytest.mark.parametrize("kinds", [{PartKind.TITLE, PartKind.BODY, PartKind.SUBHEAD}])
def test_html_comments_are_not_body(article: Article, kinds: set[PartKind]) -> None:
    comments = [p for p in article.parts if p.kind is PartKind.COMMENT]
    assert [p.index for p in comments] == [1, 2]
    last_outlet = max(p.end for p in article.parts if p.kind in kinds)
    assert all(c.start > last_outlet for c in comments)
    assert article.text.startswith("Harbour Bridge Reopens After Storm Repairs\n\nThe Harbour")


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Log in</title></head><body><form><input name=u></form></body></html>",
        b"<html><body></body></html>",
    ],
)
def test_html_without_article_text_is_r014(page: str | bytes) -> None:
    with pytest.raises(InputError) as info:
        read_html(page, origin="index.html", settings=Settings())
    assert info.value.code == NO_ARTICLE_TEXT
    assert "index.html" in info.value.message


@pytest.mark.parametrize("name", ["ledger.html"])
def test_html_file_through_read_inputs(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(PAGE, encoding="utf-8")
    (article,) = read_inputs([str(path)], Settings())
    assert isinstance(article, Article)
    assert article.outlet == "The Lakeside Ledger"
    assert article.url is None or article.url.startswith("http")
