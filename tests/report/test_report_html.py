"""render_html: one well-formed, self-contained page; untrusted text always escaped."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from report_samples import make_analysis, make_hostile_analysis, make_skipped

from rashomon.model import (
    Analysis,
    Article,
    Attribution,
    AttributionKind,
    Part,
    PartKind,
    Skipped,
    TextSpan,
)
from rashomon.report import render_html

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}


@dataclass
class Region:
    """The characters of one article's highlighted text, each with the classes around it."""

    chars: list[str] = field(default_factory=list)
    classes: list[set[str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def covered(self, css: str) -> set[int]:
        return {i for i, names in enumerate(self.classes) if css in names}


class Page(HTMLParser):
    """Checks nesting and records tags, attributes and the highlighted text regions."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, set[str]]] = []
        self.errors: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.regions: list[Region] = []
        self._region_depth: int | None = None
        self.feed(html)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed: {[t for t, _ in self.stack]}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs
        if tag in VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        self.stack.append((tag, classes))
        if tag == "div" and "text" in classes and self._region_depth is None:
            self._region_depth = len(self.stack)
            self.regions.append(Region())

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        if self._region_depth == len(self.stack):
            self._region_depth = None
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self._region_depth is None:
            return
        around: set[str] = set()
        for _, classes in self.stack[self._region_depth :]:
            around |= classes
        region = self.regions[-1]
        for char in data:
            region.chars.append(char)
            region.classes.append(around)


def _covered(spans: list[TextSpan | None]) -> set[int]:
    return {i for s in spans if s is not None for i in range(s.start, s.end)}


def test_render_html_is_well_formed_and_keeps_the_text() -> None:
    analysis = make_analysis()
    page = Page(render_html([analysis]))
    assert page.errors == []
    assert [r.text for r in page.regions] == [analysis.article.text]


def test_render_html_highlights_every_span() -> None:
    analysis = make_analysis()
    (region,) = Page(render_html([analysis])).regions
    atts = analysis.attributions
    assert region.covered("src") == _covered([a.source for a in atts])
    assert region.covered("cue") == _covered([a.cue for a in atts])
    assert region.covered("cnt") == _covered([f for a in atts for f in a.content])
    masked = {i for r in analysis.article.redactions for i in range(r.start, r.end)}
    assert region.covered("pii") == masked


def test_render_html_colours_claimants_and_keeps_comments_apart() -> None:
    analysis = make_analysis()
    html = render_html([analysis])
    (region,) = Page(html).regions
    text = analysis.article.text
    okafor = text.index("Everyone is safe")
    union = text.index("at least 30")
    assert "b1" in region.classes[okafor]
    assert "b2" in region.classes[union]
    operator = text.index("a charge")
    assert "bu" in region.classes[operator]  # unresolved source: grey
    comment = text.index("it was closer")
    assert "p-comment" in region.classes[comment]
    assert "p-body" not in region.classes[comment]
    boiler = text.index("Sign up")
    assert "p-boilerplate" in region.classes[boiler]
    assert "reader comment 1: a reader&#x27;s voice, not the outlet&#x27;s" in html
    assert "reported by reader-1" in html


def test_render_html_has_legend_and_attribution_table() -> None:
    analysis = make_analysis()
    html = render_html([analysis])
    legend = html[html.index('<table class="legend">') :]
    legend = legend[: legend.index("</table>")]
    for claimant in analysis.claimants:
        assert claimant.name.replace("'", "&#x27;") in legend
        assert claimant.type.value in legend
    assert "harbour master" in legend
    table = html[html.index('<table class="attributions">') :]
    assert table.count('<tr id="r1-att-') == len(analysis.attributions)
    assert table.count('class="reader"') == 2
    assert '<span class="neg">negated</span>' in table


@pytest.mark.parametrize("needle", ["<script>alert(1)</script>", '"onmouseover=alert(2)'])
def test_render_html_escapes_untrusted_text(needle: str) -> None:
    hostile = make_hostile_analysis()
    skipped = Skipped("<script>alert(6)</script>", "R004", 'bad "onmouseover=x bytes')
    html = render_html([hostile, skipped])
    page = Page(html)
    assert page.errors == []
    assert "<script" not in html.lower()
    assert needle not in html
    assert "script" not in page.tags and "img" not in page.tags
    assert not any(name.startswith("on") for name, _ in page.attrs)
    assert not any(
        name in ("href", "src") and (value or "").startswith("javascript:")
        for name, value in page.attrs
    )
    assert [r.text for r in page.regions] == [hostile.article.text]


def test_render_html_splits_crossing_spans() -> None:
    """att-1 content and att-2 content cross; both stay highlighted and markup stays nested."""
    hostile = make_hostile_analysis()
    page = Page(render_html([hostile]))
    assert page.errors == []
    (region,) = page.regions
    contents = [f for a in hostile.attributions for f in a.content]
    assert region.covered("cnt") == _covered(list(contents))
    text = hostile.article.text
    both = text.index("onmouseover")  # inside both contents
    assert {"cnt", "b0"} <= region.classes[both]  # innermost content's claimant wins


@pytest.mark.parametrize(
    "spans",
    [
        [(0, 30), (5, 10), (8, 20)],  # nested and crossing
        [(0, 12), (12, 25), (3, 40)],  # touching, and one over the part boundary
        [(20, 21), (20, 21), (0, 44)],  # duplicates, and one past the end (clipped)
    ],
)
def test_render_html_is_well_formed_for_any_overlap(spans: list[tuple[int, int]]) -> None:
    text = 'Alpha said beta & <gamma> "delta".\n\nOmega?'
    parts = (Part(PartKind.BODY, 0, 34), Part(PartKind.COMMENT, 36, 42, index=1))
    atts = tuple(
        Attribution(
            source=TextSpan(s, e, text[s:e]),
            cue=None,
            content=(TextSpan(s, e, text[s:e]),),
            kind=AttributionKind.DIRECT,
        )
        for s, e in spans
    )
    analysis = Analysis(Article("x", text, parts), atts, ())
    page = Page(render_html([analysis]))
    assert page.errors == []
    assert [r.text for r in page.regions] == [text]
    expected = {i for s, e in spans for i in range(s, min(e, len(text)))}
    assert page.regions[0].covered("cnt") == expected


def test_render_html_is_self_contained() -> None:
    analysis = make_analysis()
    skipped = make_skipped()
    html = render_html([analysis, skipped, analysis])
    page = Page(html)
    assert page.errors == []
    assert html.count("<html") == 1
    assert len(page.regions) == 2
    for tag in ("script", "link", "img", "iframe", "object"):
        assert tag not in page.tags
    urls = [v for n, v in page.attrs if n in ("href", "src") and v]
    assert urls == [analysis.article.url, analysis.article.url]  # only the article's own link
    assert "Content-Security-Policy" in html
    assert not re.search(r"url\(|@import", html)
    assert "✗ corpus.jsonl:3: [R011] Line has no &#x27;text&#x27; field." in html


@pytest.mark.parametrize("text", ["Plain text, no parts.", "", "\n\n"])
def test_render_html_without_parts_or_attributions(text: str) -> None:
    analysis = Analysis(Article("bare", text, ()), (), ())
    page = Page(render_html([analysis]))
    assert page.errors == []
    assert [r.text for r in page.regions] == [text]


def test_render_html_of_nothing_is_a_page() -> None:
    page = Page(render_html([]))
    assert page.errors == []
    assert page.regions == []
