"""Dates: an article's time expressions, normalised against its publication date.

``extract_times`` finds time expressions with spaCy DATE/TIME entities plus the rules of
``_rules`` (which also catch what the small model misses: "Hours later", "for months",
"In the early hours of Friday" as one span), and normalises each against the publication
date (``infer_published`` in ``published`` gives it):

- a weekday is the latest such day on or before the article date ("Friday" said on a Friday
  is that day); "last/next Friday" are strictly before/after it;
- "November 24" without a year takes the article's year, or the year before when that date
  would lie after the article (the past reading);
- a clock time or part of day with no day ("At precisely 2:30 am") falls on the anchor day:
  the closest preceding day resolved in the same paragraph, else the article date
  (``derived_from="anchor"``); "at 6:59 p.m. that day" falls on the last day placed before
  it that is not a day something was said on ("HRW said Sunday"): ``"that_day"``;
- a clock time in GMT or UTC keeps its zone: "5pm GMT on Tuesday" is "2023-10-17T17:00Z";
- "hours later", "two days later", "the next day" count from the previous resolved time;
- durations stay durations: ``value`` None, ``duration`` ISO 8601 ("P2M", "P3W/P4W"), and
  ``derived_from`` says "duration", "duration:at_least", "duration:range", ...

``derived_from`` is the method, then details after colons: "weekday:early_hours",
"month_day:since", "explicit", "relative", "relative:previous", "anchor", "dateparser".
A value of a coarse precision is the first day of its period: WEEK is the Monday, MONTH the
1st, YEAR 1 January. Ages ("25-year-old"), long digit strings, masked identifiers
("[ID#####]") and bare years in names ("Vision 2030") are never time expressions.
dateparser is called only for absolute strings no rule reads, with ``RELATIVE_BASE`` set to
the article date and ``PREFER_DATES_FROM="current_period"`` (see STACK.md section 6).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from rashomon.dates._parts import DATING_PARTS, stretches_to_read
from rashomon.dates._patterns import (
    MONTH_RE,
    NUM_RE,
    NUMWORD_RE,
    TOKEN_RE,
    UNIT_RE,
    token_key,
)
from rashomon.dates._readings import (
    POINT_PRECISIONS,
    ReadingContext,
    TimeReading,
    point_reading,
    unplaced,
)
from rashomon.dates._rules import RULES, Rule
from rashomon.model import Article, Precision, TextSpan, TimeExpression
from rashomon.parse import ParsedArticle

NER_LABELS = frozenset({"DATE", "TIME"})

# never time expressions, whatever NER says
_AGE = re.compile(rf"(?:{NUM_RE}|\d+)[- ](?:{UNIT_RE})s?[- ]olds?|aged\s+\d+", re.IGNORECASE)
_AFTER_AGE = re.compile(r"[- ]olds?\b", re.IGNORECASE)
_LONG_DIGITS = re.compile(r"\d{5,}|\d{3}[\s-]\d{3}[\s-]\d{3,}")
_BARE_NUMBER = re.compile(r"\d{1,4}")
_FREQUENCY_BEFORE = re.compile(r"\b(?:once|twice|thrice|every|each|per)\s+\Z", re.IGNORECASE)
_FREQUENCY_START = re.compile(r"(?:every|each)\b", re.IGNORECASE)
_HAS_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_ABSOLUTE = re.compile(
    rf"{MONTH_RE}|\b(?:19|20)\d{{2}}\b|\b\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{1,4}}\b", re.IGNORECASE
)


def _not_a_time(text: str, before: str, after: str) -> bool:
    """Ages, identifiers, masks, bare numbers or years, and frequencies ("once a week",
    "every day": no point or stretch of time) that NER tags DATE."""
    return bool(
        _FREQUENCY_BEFORE.search(before)
        or _FREQUENCY_START.match(text)
        or _AGE.search(text)
        or (_AFTER_AGE.match(after) and re.search(r"\d|" + NUMWORD_RE, text, re.IGNORECASE))
        or _LONG_DIGITS.search(text)
        or "#" in text
        or _BARE_NUMBER.fullmatch(text.strip())
    )


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    match: re.Match[str] | None  # a rule's match; None for a spaCy entity no rule found
    rule: Rule | None
    priority: int = 0  # the rule's place in RULES: the earlier wins a tie


def _lines(text: str, stretches: Sequence[tuple[int, int]]) -> Iterable[tuple[int, int]]:
    """The lines of each stretch: no time expression runs over a line break."""
    for start, end in stretches:
        position = start
        while position < end:
            stop = text.find("\n", position, end)
            stop = end if stop == -1 else stop
            if stop > position:
                yield position, stop
            position = stop + 1


def _inside(start: int, stretches: Sequence[tuple[int, int]]) -> bool:
    return any(s <= start < e for s, e in stretches)


_NO_CONTEXT = ReadingContext(published=None, anchor=None, previous=None)


def _find_candidates(parsed: ParsedArticle) -> list[_Candidate]:
    text = parsed.article.text  # the same as parsed.doc.text, which spaCy rebuilds per call
    stretches = stretches_to_read(parsed.article, None)
    found: list[_Candidate] = []
    for start, end in _lines(text, stretches):
        keys = {token_key(token) for token in TOKEN_RE.findall(text, start, end)}
        for priority, rule in enumerate(RULES):
            if rule.trigger is None or rule.trigger.isdisjoint(keys):
                continue
            for m in rule.pattern.finditer(text, start, end):
                # a reader refuses a match ("a day after") whatever the context: drop it
                # here, so that it does not hide a spaCy entity or a shorter match
                if rule.read(m, _NO_CONTEXT) is not None:
                    found.append(_Candidate(m.start(), m.end(), m, rule, priority))
    # longest first, then earliest; a candidate that overlaps a kept one is dropped
    found.sort(key=lambda c: (c.start - c.end, c.start, c.priority))
    kept: list[_Candidate] = []
    for cand in found:
        if all(cand.end <= k.start or cand.start >= k.end for k in kept):
            kept.append(cand)
    for ent in parsed.doc.ents:
        if ent.label_ not in NER_LABELS or not _inside(ent.start_char, stretches):
            continue
        start, end = ent.start_char, ent.end_char
        if any(start < k.end and k.start < end for k in kept):
            continue  # a rule read this stretch already
        if _not_a_time(text[start:end], text[max(0, start - 8) : start], text[end : end + 6]):
            continue
        kept.append(_Candidate(start, end, None, None))
    kept.sort(key=lambda c: c.start)
    return kept


@dataclass(frozen=True, slots=True)
class _Placed:
    start: int
    paragraph: int
    voice: str
    reading: TimeReading
    reported: bool = False  # the day something was said on: "HRW said Sunday"


# a day right after a reporting verb is when something was said, not what "that day" means
_REPORTED_BEFORE = re.compile(
    r"\b(?:said|says|told|announced|reported|stated|added|wrote|confirmed)\s+(?:on\s+)?\Z",
    re.IGNORECASE,
)


def _voice(article: Article, offset: int) -> str:
    part = article.part_at(offset)
    if part is None or part.kind in DATING_PARTS:
        return "outlet"
    return f"{part.kind}-{part.index}-{part.start}"


def _paragraph(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _context(
    placed: Sequence[_Placed], paragraph: int, voice: str, published: date | None
) -> ReadingContext:
    anchor = published
    for earlier in reversed(placed):
        r = earlier.reading
        if earlier.paragraph == paragraph and r.day is not None and r.precision in POINT_PRECISIONS:
            anchor = r.day
            break
    previous = next(
        (p.reading for p in reversed(placed) if p.voice == voice and p.reading.day is not None),
        None,
    )
    topic = next(
        (
            p.reading.day
            for p in reversed(placed)
            if p.voice == voice and not p.reported and p.reading.precision in POINT_PRECISIONS
        ),
        None,
    )
    return ReadingContext(published=published, anchor=anchor, previous=previous, topic=topic)


_PERIODS = {
    "time": Precision.MINUTE,
    "day": Precision.DAY,
    "week": Precision.WEEK,
    "month": Precision.MONTH,
    "year": Precision.YEAR,
}


class _Dateparser:
    """dateparser, built only when an absolute string is left that no rule reads."""

    def __init__(self, published: date | None) -> None:
        self._published = published
        self._parser: Any = None

    def read(self, text: str) -> TimeReading | None:
        if self._parser is None:
            from dateparser.date import DateDataParser  # type: ignore[import-untyped]

            base = self._published or date.today()
            settings = {
                "RELATIVE_BASE": datetime(base.year, base.month, base.day),
                "PREFER_DATES_FROM": "current_period",
            }
            self._parser = DateDataParser(languages=["en"], settings=settings)
        data = self._parser.get_date_data(text)
        moment = data.date_obj
        precision = _PERIODS.get(data.period)
        if not isinstance(moment, datetime) or precision is None:
            return None
        if precision is Precision.MINUTE:
            return TimeReading(
                moment.isoformat(timespec="minutes"),
                precision,
                "dateparser",
                day=moment.date(),
                moment=moment,
            )
        return point_reading(moment.date(), precision, "dateparser")


def _read_entity(
    text: str, start: int, end: int, ctx: ReadingContext, fallback: _Dateparser
) -> TimeReading | None:
    """A spaCy entity ``text[start:end]`` no search rule found: any rule that reads all of
    it (in its context), else dateparser for absolute strings, else an unplaced one."""
    for rule in RULES:
        m = rule.pattern.fullmatch(text, start, end)
        if m is not None:
            reading = rule.read(m, ctx)
            if reading is not None:
                return reading
    span = text[start:end]
    if _ABSOLUTE.search(span) and (ctx.published is not None or _HAS_YEAR.search(span)):
        reading = fallback.read(span)
        if reading is not None:
            return reading
    return unplaced("unresolved")


def extract_times(parsed: ParsedArticle, published: date | None) -> list[TimeExpression]:
    """Time expressions of the article in text order, normalised against ``published``.

    Without a publication date, only explicit dates are placed; relative ones keep
    ``value=None`` with ``derived_from`` saying what they are.
    """
    article = parsed.article
    text = article.text
    fallback = _Dateparser(published)
    placed: list[_Placed] = []
    times: list[TimeExpression] = []
    for cand in _find_candidates(parsed):
        paragraph = _paragraph(text, cand.start)
        voice = _voice(article, cand.start)
        ctx = _context(placed, paragraph, voice, published)
        span_text = text[cand.start : cand.end]
        if cand.rule is not None and cand.match is not None:
            reading = cand.rule.read(cand.match, ctx)
        else:
            reading = _read_entity(text, cand.start, cand.end, ctx, fallback)
        if reading is None:
            continue
        if reading.day is not None:
            reported = bool(_REPORTED_BEFORE.search(text, max(0, cand.start - 24), cand.start))
            placed.append(_Placed(cand.start, paragraph, voice, reading, reported))
        times.append(
            TimeExpression(
                text=TextSpan(cand.start, cand.end, span_text),
                value=reading.value,
                precision=reading.precision,
                derived_from=reading.derived_from,
                duration=reading.duration,
            )
        )
    return times
