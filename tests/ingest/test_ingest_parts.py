"""Page-part segmentation of pasted web pages (all pages here are fictional)."""

from __future__ import annotations

import itertools

import pytest

from rashomon.ingest import segment_parts
from rashomon.ingest.parts import segment_thread
from rashomon.model import Part, PartKind
from support import shared_path

T, C, BY, B, SH = (
    PartKind.TITLE,
    PartKind.CAPTION,
    PartKind.BYLINE,
    PartKind.BODY,
    PartKind.SUBHEAD,
)
SO, BP, CM, CO = PartKind.SIGNOFF, PartKind.BOILERPLATE, PartKind.COMMENT_META, PartKind.COMMENT

PLAIN = """Harbour Bridge Reopens After Storm Repairs

The Harbour Bridge in Wexmoor reopened to traffic on Thursday, three weeks after a storm tore \
away part of its railing, the town council said.

"We promised it would be open before the spring market," council leader Odile Brannock said.

Engineers said the structure was inspected twice before the barriers were removed.
"""

NO_TITLE = """The Harbour Bridge in Wexmoor reopened to traffic on Thursday, the council said.

Engineers said the structure was inspected twice before the barriers were removed.
"""

FULL_PAGE = """Ferry Strike Ends After Nine Days
Deckhands walk off the Wexmoor ferry on Monday. (Photo: Ledger staff)
By Mara Quillfeather and Ilse Dorn
Published March 3, 2031 09:15 am

Ferry crews in Wexmoor returned to work on Wednesday after the union accepted a new pay offer, \
ending a nine-day strike that stranded hundreds of island commuters, officials said.

The union's regional secretary, Bram Okafor, said members had voted by a narrow margin to \
accept the deal, which raises wages by four percent this year.

What Comes Next

The ferry company said timetables would return to normal by the weekend. It declined to say \
how much the strike had cost.

Advertisement

Island residents said they had spent the week on crowded water taxis and were relieved.

— Ledger Wire

Support our journalism: donate today and keep local news free.
Sign up for our morning newsletter
Best Of The Island This Summer

3 Comments

  1. About time. My daughter missed four days of school because of this strike.

  2. The company should have paid them in the first place.
     Nine days was too long for everyone involved.

  3. Does anyone know if the night crossing is running again?

Comments are closed.
Subscribe to the Ledger
"""

UNNUMBERED_THREAD = """Council Approves Market Budget

The council approved the market budget on Friday after a long debate about stall fees, the \
treasurer said in a statement to reporters.

Leave a Reply

Pip says:
Stall fees are already too high for small traders like me.
October 2, 2031 at 8:14 pm
Reply

Rowan says:
The budget looks fair to me.
"""

TRAILER_NO_SIGNOFF = """The museum will reopen on Saturday after a two-year renovation of its \
east wing, the director said on Monday.

Visitors will be able to see the restored whaling collection from 10 a.m.

Related Stories
Museum Director Honoured By Heritage Board
"""


def _layout(text: str, parts: tuple[Part, ...]) -> list[tuple[PartKind, int, int, int]]:
    """Each part as (kind, first line number, last line number, index), lines from 1."""

    def line_of(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    return [(p.kind, line_of(p.start), line_of(p.end - 1), p.index) for p in parts]


def _check_invariants(text: str, parts: tuple[Part, ...]) -> None:
    """In text order, no overlap, no edge whitespace, every non-blank character covered."""
    for before, after in itertools.pairwise(parts):
        assert before.end <= after.start
    for part in parts:
        assert text[part.start : part.end] == text[part.start : part.end].strip()
    covered = {i for p in parts for i in range(p.start, p.end)}
    assert all(i in covered for i, char in enumerate(text) if not char.isspace())


@pytest.mark.parametrize("name", ["000_0f229ec772c65aaf.txt"])
def test_parts_seed_article_matches_gold_sheet(name: str) -> None:
    text = shared_path("seed", name).read_text(encoding="utf-8")
    parts = segment_parts(text)
    _check_invariants(text, parts)
    assert _layout(text, parts) == [
        (T, 1, 1, 0),
        (C, 3, 3, 0),
        (BY, 5, 5, 0),
        (B, 7, 13, 0),
        (SH, 15, 15, 0),
        (B, 17, 44, 0),
        (SH, 46, 46, 0),
        (B, 48, 62, 0),
        (SO, 64, 64, 0),
        (BP, 66, 67, 0),
        (CM, 69, 69, 0),
        (CO, 71, 71, 1),
        (CM, 73, 73, 0),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (PLAIN, [(T, 1, 1, 0), (B, 3, 7, 0)]),
        (NO_TITLE, [(B, 1, 3, 0)]),
        ("", []),
        ("\n  \n", []),
    ],
)
def test_parts_plain_article_is_title_and_body(
    text: str, expected: list[tuple[PartKind, int, int, int]]
) -> None:
    parts = segment_parts(text)
    _check_invariants(text, parts)
    assert _layout(text, parts) == expected


@pytest.mark.parametrize("text", [FULL_PAGE])
def test_parts_full_page(text: str) -> None:
    parts = segment_parts(text)
    _check_invariants(text, parts)
    assert _layout(text, parts) == [
        (T, 1, 1, 0),
        (C, 2, 2, 0),
        (BY, 3, 4, 0),
        (B, 6, 8, 0),
        (SH, 10, 10, 0),
        (B, 12, 12, 0),
        (BP, 14, 14, 0),
        (B, 16, 16, 0),
        (SO, 18, 18, 0),
        (BP, 20, 22, 0),
        (CM, 24, 24, 0),
        (CO, 26, 26, 1),
        (CO, 28, 29, 2),
        (CO, 31, 31, 3),
        (CM, 33, 33, 0),
        (BP, 34, 34, 0),
    ]


@pytest.mark.parametrize("text", [UNNUMBERED_THREAD])
def test_parts_unnumbered_thread_grouped_by_author_lines(text: str) -> None:
    parts = segment_parts(text)
    assert _layout(text, parts) == [
        (T, 1, 1, 0),
        (B, 3, 3, 0),
        (CM, 5, 7, 0),
        (CO, 8, 8, 1),
        (CM, 9, 12, 0),
        (CO, 13, 13, 2),
    ]


@pytest.mark.parametrize("text", [TRAILER_NO_SIGNOFF])
def test_parts_title_like_lines_after_body_are_boilerplate(text: str) -> None:
    assert _layout(text, segment_parts(text)) == [(B, 1, 3, 0), (BP, 5, 6, 0)]


@pytest.mark.parametrize(
    "text, title, max_words, first",
    [
        ("Bridge reopens\n\nThe bridge reopened on Monday, the council said.", None, 20, T),
        ("The bridge reopened on Monday.\n\nThe council said so.", None, 20, B),
        ("Bridge reopens after six weeks of storm repairs and a long row over costs\n\nText.",
         None, 10, B),
        ("News\nBridge reopens\nThe bridge reopened on Monday.", "Bridge reopens", 20, BP),
    ],
)  # fmt: skip
def test_parts_title_rules(text: str, title: str | None, max_words: int, first: PartKind) -> None:
    parts = segment_parts(text, title=title, title_max_words=max_words)
    assert parts[0].kind is first
    if title is not None:
        assert [p.kind for p in parts][:2] == [BP, T]


@pytest.mark.parametrize(
    "line, kind",
    [
        ("Rescuers search the rubble on Friday. (AP Photo/Jane Roe)", C),
        ("Photo: Wexmoor council", C),
        ("Caption: the old ferry terminal", C),
        ("Smoke over the harbour on Monday. Credit: Ledger staff", C),
        ("By JANE ROE", BY),
        ("(Reporting by Jane Roe; Editing by John Doe)", BY),
        ("By Tuesday the council had voted to reopen the bridge and the market.", B),
    ],
)
def test_parts_line_kinds_inside_body(line: str, kind: PartKind) -> None:
    text = (
        "The first paragraph of the report is long enough to count as running prose, "
        "the editor said.\n\n"
        f"{line}\n\n"
        "The last paragraph is also long enough to count as running prose, the editor said."
    )
    parts = segment_parts(text)
    middle = next(p for p in parts if p.start <= text.index(line) < p.end)
    assert middle.kind is kind


@pytest.mark.parametrize(
    "thread, expected",
    [
        (
            "2 Comments\n\nIlsa Marren\n\nThe night ferry is back, I took it yesterday.\n\n"
            "Tobias Venn\n\nWell said\n\nComments are closed.",
            [(CM, 1, 3, 0), (CO, 5, 5, 1), (CM, 7, 7, 0), (CO, 9, 9, 2), (CM, 11, 11, 0)],
        ),
        ("First comment.\nSecond comment.", [(CO, 1, 1, 1), (CO, 2, 2, 2)]),
        (
            "3 Comments\n\nFirst comment.\n\nSecond comment.\n\nThird.",
            [(CM, 1, 1, 0), (CO, 3, 3, 1), (CO, 5, 5, 2), (CO, 7, 7, 3)],
        ),
    ],
)
def test_parts_segment_thread(thread: str, expected: list[tuple[PartKind, int, int, int]]) -> None:
    assert _layout(thread, segment_thread(thread)) == expected
