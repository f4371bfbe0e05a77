"""HTML captions and authored comments kept as parts (fictional pages written here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.config import Settings
from rashomon.ingest import read_html
from rashomon.ingest.html_parts import PageComment, page_extras
from rashomon.model import Article, PartKind

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "northern-voice-velmar.html"

PAGE = """<html><head><title>Harbour Bridge Reopens</title></head><body>
<nav><figure><figcaption>Menu picture</figcaption></figure></nav>
<article><h1>Harbour Bridge Reopens</h1>
<p>The Harbour Bridge in the town of Wexmoor reopened to traffic on Thursday, three weeks
after a winter storm tore away part of its eastern railing, the town council said.</p>
<div class="wp-caption"><img src="a.jpg"><p class="wp-caption-text">The bridge on Thursday
morning, seen from the quay.</p></div>
<p>Engineers from the regional roads office said the structure was inspected twice before
the barriers were removed. According to the office, no further closures are planned.</p>
</article>
<div id="disqus" class="user-comments"><h3>Reader comments</h3>
<div class="c-item"><div class="comment-meta"><span class="c-author">Pip Marlow</span>
<time>2 days ago</time></div>
<div class="c-text"><p>Finally! The detour through the market square was a nightmare.</p></div>
<div class="c-item"><span class="c-author">Rowan</span>
<div class="c-text"><p>I doubt the repairs cost less than feared; the council never tells.</p>
</div><a class="reply">Reply</a></div>
</div>
</div>
</body></html>"""


@pytest.fixture(scope="module")
def page() -> Article:
    return read_html(PAGE, origin="bridge.html", settings=Settings())


def _part(article: Article, snippet: str) -> tuple[PartKind, int]:
    part = article.part_at(article.text.index(snippet))
    assert part is not None
    return part.kind, part.index


def test_example_caption_is_a_caption_part() -> None:
    article = read_html(EXAMPLE.read_bytes(), origin=str(EXAMPLE), settings=Settings())
    assert _part(article, "Mourners carry a coffin") == (PartKind.CAPTION, 0)
    assert _part(article, "Ilsa from Kessel") == (PartKind.COMMENT_META, 0)
    assert _part(article, "My father always said") == (PartKind.COMMENT, 1)
    # the lede stays the first paragraph after the title
    assert _part(article, "Hundreds of mourners") == (PartKind.BODY, 0)
    assert article.text.index("Hundreds of mourners") < article.text.index("Mourners carry")


def test_caption_class_and_nested_replies(page: Article) -> None:
    assert _part(page, "The bridge on Thursday morning") == (PartKind.CAPTION, 0)
    assert "Menu picture" not in page.text
    assert _part(page, "Pip Marlow") == (PartKind.COMMENT_META, 0)
    assert _part(page, "Finally! The detour") == (PartKind.COMMENT, 1)
    assert _part(page, "Rowan") == (PartKind.COMMENT_META, 0)
    assert _part(page, "I doubt the repairs") == (PartKind.COMMENT, 2)
    for furniture in ("2 days ago", "Reply"):
        assert furniture not in page.text


def test_page_extras_reads_the_markup() -> None:
    extras = page_extras(PAGE)
    assert extras.captions == ("The bridge on Thursday morning, seen from the quay.",)
    assert extras.comments == (
        PageComment(
            "Pip Marlow", ("Finally! The detour through the market square was a nightmare.",)
        ),
        PageComment(
            "Rowan", ("I doubt the repairs cost less than feared; the council never tells.",)
        ),
    )


@pytest.mark.parametrize("markup", ["", "   ", "<html></html>"])
def test_page_extras_of_nothing(markup: str) -> None:
    assert page_extras(markup).captions == ()
    assert page_extras(markup).comments == ()


def test_comments_without_authors_stay_trafilaturas() -> None:
    page = PAGE.replace('class="c-author"', 'class="c-who"')
    article = read_html(page, origin="bridge.html", settings=Settings())
    kinds = [p.kind for p in article.parts]
    assert PartKind.COMMENT in kinds
    assert "Finally! The detour" in article.text
