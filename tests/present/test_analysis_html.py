"""render_html: one well-formed, self-contained page; untrusted text always escaped."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser

import pytest
from present_samples import make_analysis, make_hostile_analysis, make_skipped

from rashomon.model import (
    Analysis,
    Article,
    Attribution,
    AttributionKind,
    Claimant,
    ClaimantType,
    Part,
    PartKind,
    Skipped,
    TextSpan,
)
from rashomon.present import render_html

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
    table = table[: table.index("</table>")]
    assert table.count('<tr id="r1-att-') == len(analysis.attributions)
    assert table.count('class="reader"') == 2
    assert '<span class="neg">negated</span>' in table


@pytest.mark.parametrize(
    "needle",
    [
        "<script>alert(1)</script>",  # in the text, a claim, a hedge and an event trigger
        '"onmouseover=alert(2)',  # in the text, a claimant name and an event actor
        "<script>alert(7)</script>",  # a figure's victim group
        "<script>alert(8)</script>",  # a place name
        "<script>alert(9)</script>",  # an event's PLOVER type
        "<i>city</i>",  # a place kind
    ],
)
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
    outside = [u for u in urls if not u.startswith("#")]
    assert outside == [analysis.article.url, analysis.article.url]  # only the article's own link
    ids = {v for n, v in page.attrs if n == "id"}
    assert {u[1:] for u in urls if u.startswith("#")} <= ids  # in-page links all land
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


def _rows(html: str, css: str) -> list[str]:
    """The <tr> markup of the first table with class ``css``, header excluded."""
    table = html[html.index(f'<table class="{css}') :]
    body = table[table.index("<tbody>") : table.index("</table>")]
    return ["<tr" + row for row in body.split("<tr")[1:]]


def _row_ids(rows: list[str]) -> list[str]:
    return [m.group(1) for row in rows if (m := re.search(r'id="([^"]+)"', row))]


def test_render_html_claims_by_type() -> None:
    analysis = make_analysis()
    html = render_html([analysis])
    assert Page(html).errors == []
    by_type = {
        kind: _row_ids(_rows(html, f"claims claims-{kind}"))
        for kind in ("fact", "judgement", "prediction", "evidence")
    }
    assert by_type == {
        "fact": [f"r1-claim-{n}" for n in (1, 2, 4, 5, 7, 8, 10, 12, 13, 14, 15)],
        "judgement": ["r1-claim-3", "r1-claim-6"],
        "prediction": ["r1-claim-9"],
        "evidence": ["r1-claim-11"],
    }
    assert "<h4>Facts (11)</h4>" in html and "<h4>Evidence (1)</h4>" in html
    prediction = _rows(html, "claims claims-prediction")[0]
    assert '<span class="hedge">likely</span> over “stay closed for three days”' in prediction


def test_render_html_claims_in_claimant_colours() -> None:
    html = render_html([make_analysis()])
    rows = dict(zip(_row_ids(r := _rows(html, "claims claims-fact")), r, strict=True))
    assert '<span class="b0">14 passengers' in rows["r1-claim-2"]  # harbour authority: colour 0
    assert '<span class="f1">Lena Okafor</span>' in rows["r1-claim-4"]  # Okafor: colour 1
    assert '<span class="b2">at least 30' in rows["r1-claim-5"]  # union: colour 2
    assert "<em>unresolved</em>" in rows["r1-claim-7"]
    assert 'class="reader"' in rows["r1-claim-14"]
    assert '<a href="#r1-att-3">att-3</a>' in rows["r1-claim-4"]


def test_render_html_flags_adopted_claims_with_links() -> None:
    html = render_html([make_analysis()])
    rows = dict(zip(_row_ids(r := _rows(html, "claims claims-fact")), r, strict=True))
    adopted = rows["r1-claim-8"]
    assert 'class="adopted"' in adopted
    assert '<span class="flag">adopted</span> restates ' in adopted
    assert '<a href="#r1-claim-4">claim-4 (Lena Okafor)</a>' in adopted
    assert 'adopted as fact by <a href="#r1-claim-8">claim-8</a>' in rows["r1-claim-4"]
    assert sum('class="adopted"' in row for row in rows.values()) == 1


def test_render_html_adoption_of_a_missing_claim_is_not_a_link() -> None:
    analysis = make_analysis()
    claims = tuple(
        replace(c, adopted_from="claim-99") if c.id == "claim-8" else c for c in analysis.claims
    )
    html = render_html([replace(analysis, claims=claims)])
    assert '<span class="flag">adopted</span> restates claim-99' in html
    assert 'href="#r1-claim-99"' not in html


def test_render_html_figures_table_by_claimant() -> None:
    html = render_html([make_analysis()])
    rows = _rows(html, "figures")
    assert _row_ids(rows) == ["r1-fig-1", "r1-fig-2", "r1-fig-4", "r1-fig-3", "r1-fig-5"]
    assert '<td rowspan="2">' in rows[1] and "dockworkers&#x27; union" in rows[1]
    assert "rowspan" not in rows[2]  # the union's second figure shares its claimant cell
    assert "<td>at least 30</td><td>wounded</td><td>people</td>" in rows[1]
    assert '<td class="num">30</td><td class="num">open</td>' in rows[1]
    assert "<td>3–9 (several)</td>" in rows[3]
    assert 'class="reader"' in rows[2] and "(in a reader comment)" in rows[2]
    assert '<a href="#r1-claim-5">claim-5</a>' in rows[1]


def test_render_html_events_with_when_and_where() -> None:
    html = render_html([make_analysis()])
    first, second = _rows(html, "events")
    assert "<td>wounding</td>" in first
    assert "2031-05-02 (part of day, from weekday)<br>“on Friday evening”" in first
    assert "Port Merren (city, XX) 54.5000, -3.2500, city precision" in first
    assert '<a href="#r1-fig-2">fig-2</a>: at least 30 wounded (dockworkers&#x27; union)' in first
    assert '<a href="#r1-claim-10">claim-10 (The Merren Gazette)</a>' in first
    assert "<td>“The union”</td>" in second
    places = _rows(html, "places")
    assert "<td>not located</td>" in places[1]
    times = _rows(html, "times")
    assert "<td>P3D</td>" in times[1]


def test_render_html_without_claims_figures_events() -> None:
    analysis = replace(make_analysis(), claims=(), figures=(), events=(), times=(), places=())
    html = render_html([analysis])
    assert Page(html).errors == []
    for what in ("claims", "figures", "events", "time expressions", "places"):
        assert f'<p class="meta">No {what} found.</p>' in html


def test_render_html_voices_have_colours_of_their_own() -> None:
    analysis = make_analysis()
    voices = (
        Claimant("outlet", "The Merren Gazette", ClaimantType.MEDIA_OUTLET),
        Claimant("reader-1", "reader comment 1", ClaimantType.READER),
    )
    for claimants in (analysis.claimants, voices + analysis.claimants):
        html = render_html([replace(analysis, claimants=claimants)])
        rows = dict(zip(_row_ids(r := _rows(html, "claims claims-fact")), r, strict=True))
        assert '<span class="bo">Ferry stalls' in rows["r1-claim-1"]  # the outlet: slate
        assert '<span class="br">my cousin' in rows["r1-claim-14"]  # a reader: amber
        assert '<span class="b1">The engine failed' in rows["r1-claim-4"]  # palette unchanged
        (region,) = Page(html).regions
        assert "b2" in region.classes[analysis.article.text.index("at least 30")]
