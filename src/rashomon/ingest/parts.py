"""Split a pasted web page into parts: title, caption, byline, body, comments...

Rules, in order (``lines`` holds the per-line predicates):

1. The comment thread starts at the first comment header ("1 Comment", "Leave a Reply")
   that follows article prose. In it, numbered items ("1. ...") or paragraphs are
   comments, and headers, "Comments are closed.", author and date lines are
   COMMENT_META; when there are author lines, the lines after one form one comment.
   After "Comments are closed." only BOILERPLATE follows.
2. The title is the first line when it is short, capitalised and has no final period
   (or when it equals the known ``title``).
3. Captions, bylines and boilerplate are recognised by their own wording anywhere, and
   so are date lines (BYLINE). Before the first paragraph, a short line right after a
   byline ("Associated Press") and a credit like "CNN —" are BYLINE too; short labels
   above a title found further down ("News") are BOILERPLATE.
4. The body ends at a sign-off ("(Outlet Name)", "— Agency") near the end: everything
   after it is BOILERPLATE. Without one, short title-like lines trailing the last
   paragraph are BOILERPLATE ("Our Vision For Liberation: ...").
5. Inside the body, short title-like lines followed by more body are SUBHEADs; every
   other line is BODY.

Parts are in text order and never overlap; consecutive lines of one kind are merged
into one part (blank lines between them included), except comments, one part each.
"""

from __future__ import annotations

from dataclasses import dataclass

from rashomon.ingest import lines as kinds_of
from rashomon.model import Part, PartKind

TITLE_MAX_WORDS = 20
SUBHEAD_MAX_WORDS = 10
# Sentence-case subheads ("Traders relieved") are accepted up to this length.
SENTENCE_CASE_SUBHEAD_MAX_WORDS = 6
TRAILER_MAX_WORDS = 15
# A known title is looked for among this many first lines; shorter lines above it are labels.
TITLE_SEARCH_LINES = 5
LABEL_MAX_WORDS = 6
# A sign-off is looked for only among this many last lines before the comments.
SIGNOFF_WINDOW = 8

_OUTSIDE_BODY = frozenset(
    {PartKind.CAPTION, PartKind.BYLINE, PartKind.BOILERPLATE, PartKind.COMMENT_META}
)


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line: offsets of its stripped text in the page."""

    start: int
    end: int
    text: str


def split_lines(text: str) -> list[Line]:
    """Every non-blank line of ``text`` with the offsets of its stripped content."""
    result: list[Line] = []
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = offset + (len(raw) - len(raw.lstrip()))
            result.append(Line(start, start + len(stripped), stripped))
        offset += len(raw) + 1
    return result


def segment_parts(
    text: str, *, title: str | None = None, title_max_words: int = TITLE_MAX_WORDS
) -> tuple[Part, ...]:
    """Parts of ``text`` in text order, one per run of lines of the same kind.

    ``title`` is a title known from metadata: a line among the first few equal to it is the
    TITLE. Otherwise the first line is the TITLE only when it is title-like and at most
    ``title_max_words`` words long.
    """
    page = split_lines(text)
    if not page:
        return ()
    found: list[PartKind | None] = [None] * len(page)
    indexes = [0] * len(page)
    thread = _thread_start(page)
    _label_thread(page, found, indexes, thread)
    _label_title(page, found, thread, title=title, max_words=title_max_words)
    _label_furniture(page, found, thread)
    body_end = _label_trailer(page, found, thread)
    _label_body(page, found, body_end)
    return _merge(page, found, indexes)


def segment_thread(text: str) -> tuple[Part, ...]:
    """Parts of a text that is all comment thread (an HTML page's comments block)."""
    page = split_lines(text)
    found: list[PartKind | None] = [None] * len(page)
    indexes = [0] * len(page)
    _label_thread(page, found, indexes, 0)
    return _merge(page, found, indexes)


def _thread_start(page: list[Line]) -> int:
    """Index of the first comment header after some prose, or ``len(page)``."""
    seen_prose = False
    for i, line in enumerate(page):
        if seen_prose and (
            kinds_of.is_comment_header(line.text) or kinds_of.is_comments_closed(line.text)
        ):
            return i
        if kinds_of.word_count(line.text) > TRAILER_MAX_WORDS and kinds_of.ends_sentence(line.text):
            seen_prose = True
    return len(page)


def _label_thread(
    page: list[Line], found: list[PartKind | None], indexes: list[int], start: int
) -> None:
    zone = page[start:]
    numbered = any(kinds_of.is_numbered_item(line.text) for line in zone)
    # Author or date lines between comments: the lines after one belong to one comment.
    grouped = numbered or any(_is_author_line(line.text) for line in zone)
    closed = False
    open_comment = False
    comment = 0
    for i in range(start, len(page)):
        line = page[i].text
        if closed or kinds_of.is_boilerplate(line):
            found[i], open_comment = PartKind.BOILERPLATE, False
        elif (
            kinds_of.is_comment_header(line)
            or kinds_of.is_comments_closed(line)
            or kinds_of.is_comment_furniture(line)
        ):
            found[i], open_comment = PartKind.COMMENT_META, False
            closed = kinds_of.is_comments_closed(line)
        elif open_comment and grouped and not kinds_of.is_numbered_item(line):
            found[i], indexes[i] = PartKind.COMMENT, comment
        else:
            comment += 1
            found[i], indexes[i], open_comment = PartKind.COMMENT, comment, True


def _is_author_line(line: str) -> bool:
    return (
        kinds_of.is_comment_furniture(line)
        and not kinds_of.is_comment_header(line)
        and not kinds_of.is_comments_closed(line)
    )


def _label_title(
    page: list[Line],
    found: list[PartKind | None],
    thread: int,
    *,
    title: str | None,
    max_words: int,
) -> None:
    if title is not None:
        wanted = " ".join(title.split()).casefold()
        for i, line in enumerate(page[: min(TITLE_SEARCH_LINES, thread)]):
            if " ".join(line.text.split()).casefold() == wanted:
                found[i] = PartKind.TITLE
                for j in range(i):  # section labels above the title ("News")
                    label = page[j].text
                    if kinds_of.is_title_like(
                        label, max_words=LABEL_MAX_WORDS
                    ) and not kinds_of.is_date_line(label):
                        found[j] = PartKind.BOILERPLATE
                return
    first = page[0].text
    if (
        thread > 0
        and kinds_of.is_title_like(first, max_words=max_words)
        and kinds_of.word_count(first) >= 2
        and not _furniture_kind(first)
        and not kinds_of.is_date_line(first)
    ):
        found[0] = PartKind.TITLE


def _furniture_kind(line: str) -> PartKind | None:
    """The kind a line has by its wording alone, wherever it is."""
    if kinds_of.is_caption(line):
        return PartKind.CAPTION
    if kinds_of.is_byline(line):
        return PartKind.BYLINE
    if kinds_of.is_boilerplate(line):
        return PartKind.BOILERPLATE
    return None


def _label_furniture(page: list[Line], found: list[PartKind | None], thread: int) -> None:
    in_header = True
    for i in range(thread):
        if found[i] is not None:
            continue
        line = page[i].text
        kind = _furniture_kind(line)
        if kind is None and kinds_of.is_date_line(line):
            kind = PartKind.BYLINE
        if kind is None and in_header:
            after_byline = i > 0 and found[i - 1] is PartKind.BYLINE
            short_credit = after_byline and kinds_of.is_title_like(line, max_words=4)
            if short_credit or kinds_of.is_dateline_credit(line):
                kind = PartKind.BYLINE
        if kind is None:
            in_header = False
        elif kinds_of.is_comment_header(line):
            kind = PartKind.COMMENT_META
        found[i] = kind


def _label_trailer(page: list[Line], found: list[PartKind | None], thread: int) -> int:
    """Label the sign-off and what follows the body; return the index after the body."""
    for i in range(thread - 1, max(thread - SIGNOFF_WINDOW, 0) - 1, -1):
        if found[i] is None and kinds_of.is_signoff(page[i].text):
            found[i] = PartKind.SIGNOFF
            for j in range(i + 1, thread):
                if found[j] is None:
                    found[j] = PartKind.BOILERPLATE
            return i
    end = thread
    for i in range(thread - 1, -1, -1):
        if found[i] in _OUTSIDE_BODY:
            continue
        line = page[i].text
        if found[i] is None and _is_trailer(line):
            found[i] = PartKind.BOILERPLATE
            end = i
            continue
        break
    return end


def _is_trailer(line: str) -> bool:
    return kinds_of.is_title_like(line, max_words=TRAILER_MAX_WORDS) and kinds_of.title_cased(line)


def _label_body(page: list[Line], found: list[PartKind | None], end: int) -> None:
    body_follows = False
    for i in range(end - 1, -1, -1):  # backwards: a subhead needs body after it
        if found[i] is None:
            subhead = body_follows and _is_subhead(page[i].text)
            found[i] = PartKind.SUBHEAD if subhead else PartKind.BODY
            body_follows = body_follows or not subhead
    for i in range(end, len(page)):
        if found[i] is None:
            found[i] = PartKind.BOILERPLATE


def _is_subhead(line: str) -> bool:
    if not kinds_of.is_title_like(line, max_words=SUBHEAD_MAX_WORDS):
        return False
    words = kinds_of.word_count(line)
    return kinds_of.title_cased(line) or words <= SENTENCE_CASE_SUBHEAD_MAX_WORDS


def _merge(page: list[Line], found: list[PartKind | None], indexes: list[int]) -> tuple[Part, ...]:
    parts: list[Part] = []
    for line, kind, index in zip(page, found, indexes, strict=True):
        if kind is None:  # every line is labelled above; keep mypy and readers honest
            kind = PartKind.BODY
        last = parts[-1] if parts else None
        if last is not None and last.kind is kind and last.index == index:
            parts[-1] = Part(kind, last.start, line.end, index)
        else:
            parts.append(Part(kind, line.start, line.end, index))
    return tuple(parts)
