"""The article's publication date: from metadata, or inferred from the dates in its text.

``infer_published`` takes the date from metadata, or infers it from the dates written in the
text: the year is searched so that every "Weekday, Month Day" agrees with the calendar
(latest such year, never after today); a full date ("17 October 2023") decides directly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc

from rashomon.dates._parts import DATING_PARTS, stretches_to_read
from rashomon.dates._patterns import DAY_RE, MONTH_RE, WEEKDAY_RE, YEAR_RE, compile_rule
from rashomon.dates._readings import date_or_none, norm
from rashomon.dates._vocabulary import MONTHS, WEEKDAYS
from rashomon.model import Article, PublishedSource

EARLIEST_YEAR = 1990  # the year search for an undated article starts here


_DATE_MENTION = compile_rule(
    rf"(?:(?P<anchor>as\s+of|today,?|(?:published|updated|posted)(?:\s+on)?:?)\s+)?"
    rf"(?:(?P<wd>{WEEKDAY_RE}),?\s+(?:the\s+)?)?"
    rf"(?:(?P<m1>{MONTH_RE})\s+(?P<d1>{DAY_RE})|(?P<d2>{DAY_RE})(?:\s+of)?\s+(?P<m2>{MONTH_RE}))"
    rf"(?:,?\s+(?P<y>{YEAR_RE}))?"
    r"|(?P<iso>(?:19|20)\d{2}-[01]\d-[0-3]\d)(?![\d-])"
)


@dataclass(frozen=True, slots=True)
class _Mention:
    text: str
    month: int
    day: int
    year: int | None
    weekday: int | None
    anchored: bool

    def on(self, year: int) -> date | None:
        return date_or_none(self.year or year, self.month, self.day)


def _mentions(text: str, stretches: Sequence[tuple[int, int]]) -> list[_Mention]:
    found: list[_Mention] = []
    for start, end in stretches:
        for m in _DATE_MENTION.finditer(text, start, end):
            groups = m.groupdict()
            anchored = bool(groups.get("anchor"))
            if groups.get("iso"):
                iso = groups["iso"]
                found.append(
                    _Mention(m[0], int(iso[5:7]), int(iso[8:10]), int(iso[:4]), None, anchored)
                )
                continue
            month = MONTHS[norm(groups.get("m1") or groups.get("m2")).rstrip(".")]
            day = int(re.sub(r"\D", "", groups.get("d1") or groups.get("d2") or ""))
            year = int(groups["y"]) if groups.get("y") else None
            weekday = WEEKDAYS.index(norm(groups["wd"])) if groups.get("wd") else None
            found.append(_Mention(m[0], month, day, year, weekday, anchored))
    return found


def _article_date(mentions: Sequence[_Mention], year: int, today: date) -> tuple[date, str] | None:
    """The article date and which mention gave it, if every mention fits ``year``.

    Yearless mentions are placed in ``year``; every weekday must agree, and no weekday-dated
    mention (a news day, "Friday, December 8") may lie after ``today``. The date is the
    latest anchored mention ("as of ...", "Published ..."), else the latest date not after
    ``today`` (later ones may be plans).
    """
    placed: list[tuple[date, _Mention]] = []
    for mention in mentions:
        day = mention.on(year)
        if day is None:
            return None
        if mention.weekday is not None and day.weekday() != mention.weekday:
            return None
        placed.append((day, mention))
    anchored = [(day, m) for day, m in placed if m.anchored]
    if anchored:
        day, mention = max(anchored, key=lambda pair: pair[0])
        return (day, f"anchored by {mention.text!r}") if day <= today else None
    if any(day > today for day, m in placed if m.weekday is not None):
        return None  # a news day ("Friday, December 8") after today: the year is wrong
    past = [(day, m) for day, m in placed if day <= today]  # later ones may be plans
    if not past:
        return None
    day, mention = max(past, key=lambda pair: pair[0])
    return day, f"latest date {mention.text!r}"


def infer_published(
    article: Article, doc: Doc, *, today: date | None = None
) -> tuple[date | None, PublishedSource | None, str]:
    """The article's publication date, where it came from, and a one-line reason.

    Metadata wins. Otherwise the dates written in the article's own parts (title, byline,
    body..., not comments or boilerplate) decide: full dates give the year directly; else the
    latest year from ``EARLIEST_YEAR`` to ``today`` in which every "Weekday, Month Day"
    agrees with the calendar. The date is the one anchored by "as of" / "today," /
    "Published", else the latest mentioned up to ``today``. ``doc`` is the
    article's parse, taken for the stage's uniform signature; the rules read ``article.text``.
    """
    if article.published is not None:
        source = article.published_source or PublishedSource.METADATA
        return article.published, source, f"{source.value}: {article.published.isoformat()}"
    today = today or date.today()
    mentions = _mentions(article.text, stretches_to_read(article, DATING_PARTS))
    full_years = sorted({m.year for m in mentions if m.year is not None}, reverse=True)
    dated_by_weekday = [m for m in mentions if m.weekday is not None and m.year is None]
    if full_years:
        years: Iterable[int] = full_years
        basis = "full dates in the text"
    elif dated_by_weekday:
        years = range(today.year, EARLIEST_YEAR - 1, -1)
        pairs = ", ".join(repr(m.text) for m in dated_by_weekday)
        basis = f"{pairs} fits the calendar (latest such year up to {today.isoformat()})"
    else:
        return None, None, "no full date and no 'Weekday, Month Day' in the text fixes the year"
    for year in years:
        found = _article_date(mentions, year, today)
        if found is not None:
            day, how = found
            return day, PublishedSource.INFERRED, f"inferred {day.isoformat()}: {basis}; {how}"
    if full_years and dated_by_weekday:
        for year in range(today.year, EARLIEST_YEAR - 1, -1):
            found = _article_date(dated_by_weekday, year, today)
            if found is not None:
                day, how = found
                reason = f"inferred {day.isoformat()}: the weekday dates fit {year}; {how}"
                return day, PublishedSource.INFERRED, reason
    return None, None, "the dates in the text fit no year up to today"
