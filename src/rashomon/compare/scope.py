"""What of a member article belongs to the incident: its events, figures and clock times.

``Incident.events`` lists the (article, event) pairs that linking put in the incident (each
article's main event and its evidence events). An article also tells of other happenings:
the war's toll so far, an earlier attack, a strike on a school the same day. The ledger of
the incident takes from each member article:

- **events**: the incident's, and another event of the article unless its own words place
  it in another happening: its sentence names a facility of another kind than the incident's
  landmarks ("at one of its schools" when the incident is at a hospital), words right before
  its name mark it as another ("a separate strike", the vocabulary's ``other_happening``), or
  its sentence itself writes a date outside the incident's days (``SLACK_DAYS`` either side).
  A date carried from elsewhere in the article (an earlier sentence, "in 2022" two
  paragraphs on) places nothing, and the report's own day is an update of the incident's
  toll ("As of May 29, the toll rose to 19"), not another happening, unless the event names
  only places the incident does not;
- **figures**: those attached to such an event, and those attached to no event (a count
  standing alone, "the figure at between 150 and 300 people", is most often the incident's),
  unless their sentence reads as a cumulative toll ("since October 7", "the total death
  toll of the ongoing attack"): those are the wider war's, never the incident's;
- **clock times** written in the body (a byline's time is when the page was published) on
  one of the incident's days; for an incident without days, the times of its events.

An incident with no event refs (built by hand, or from an older store) keeps every event,
and every figure but cumulative tolls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from rashomon.compare.labels import packaged_vocabulary
from rashomon.dates import SCOPE_DAY_RULE, day_interval
from rashomon.model import (
    Analysis,
    Claim,
    Event,
    Figure,
    Incident,
    PartKind,
    Precision,
    TimeExpression,
)

SLACK_DAYS = 1
# clock times, and parts of the day ("on Saturday morning": compare.labels day parts)
CLOCK_PRECISIONS = frozenset({Precision.HOUR, Precision.MINUTE, Precision.PART_OF_DAY})
_CLAUSE_CHARS = 80  # how far around a figure its sentence is read for a cumulative toll
_JOINED_CHARS = 40  # figures this close in one claim share a cumulative reading
_LEAD_CHARS = 40  # how far before an event's name "a separate", "another" is read

_FACILITY = re.compile(
    r"\b(hospital|clinic|school|mosque|church|camp|market|station|shelter|university|prison"
    r"|bakery|theat(?:er|re))s?\b",
    re.IGNORECASE,
)
_MONTH = (
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
CUMULATIVE = re.compile(
    r"\bsince (?:the |its )?(?:start|beginning|outbreak|war|conflict|fighting|offensive"
    rf"|invasion)\b|\bsince {_MONTH} \d{{1,2}}\b|\bsince \d{{1,2}} {_MONTH}"
    r"|\bso far (?:in|during|this)\b|\bthroughout the (?:war|conflict)\b"
    r"|\b(?:total|overall|cumulative) (?:death )?toll\b"
    r"|\bongoing (?:war|attack|offensive|campaign|bombardment|assault)\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[,;:()—–]|[.!?](?:\s|$)")


@dataclass(frozen=True, slots=True)
class ArticleScope:
    """The events, figures and clock times of one member article that the ledger reads."""

    events: tuple[Event, ...]
    figure_ids: frozenset[str]
    times: tuple[TimeExpression, ...]


def article_scope(
    analysis: Analysis, incident: Incident, other: re.Pattern[str] | None = None
) -> ArticleScope:
    """What of ``analysis`` belongs to ``incident`` (see the module docstring); ``other``:
    the words marking another happening (the label vocabulary's)."""
    article_id = analysis.article.id
    refs = {ref.event_id for ref in incident.events if ref.article_id == article_id}
    if incident.events:
        marks = other if other is not None else packaged_vocabulary().other_happening
        kinds = {k.lower() for name in incident.places for k in _FACILITY.findall(name)}
        days = _widened(incident.start, incident.end)
        events = tuple(
            e
            for e in analysis.events
            if e.id in refs or _same_happening(analysis, incident, e, days, kinds, marks)
        )
    else:
        events = analysis.events
    attached = {f for e in analysis.events for f in e.figure_ids}
    kept = {f for e in events for f in e.figure_ids}
    candidates = [f for f in analysis.figures if f.id in kept or f.id not in attached]
    cumulative = _cumulative(analysis, candidates)
    return ArticleScope(
        events=events,
        figure_ids=frozenset(f.id for f in candidates if f.id not in cumulative),
        times=_clock_times(analysis, incident, events),
    )


def holding_claim(analysis: Analysis, start: int) -> Claim | None:
    """The shortest claim whose text covers offset ``start``, or None."""
    covering = [c for c in analysis.claims if c.text.start <= start < c.text.end]
    return min(covering, key=lambda c: c.text.end - c.text.start, default=None)


def sentence_at(text: str, offset: int) -> str:
    """The sentence of ``text`` holding ``offset``, whitespace collapsed."""
    offset = max(0, min(offset, len(text)))
    start = _sentence_start(text, offset)
    end = _sentence_end(text, offset)
    return " ".join(text[start : min(len(text), end + 1)].split())


def _widened(start: date | None, end: date | None) -> tuple[date, date] | None:
    if start is None or end is None:
        return None
    slack = timedelta(days=SLACK_DAYS)
    return start - slack, end + slack


def _same_happening(
    analysis: Analysis,
    incident: Incident,
    event: Event,
    days: tuple[date, date] | None,
    kinds: set[str],
    other: re.Pattern[str],
) -> bool:
    text = analysis.article.text
    start = _sentence_start(text, event.trigger.start)
    end = _sentence_end(text, event.trigger.end)
    lead = text[max(start, event.trigger.start - _LEAD_CHARS) : event.trigger.start]
    lead = _CLAUSE_END.split(lead)[-1]  # "noted earlier, the number killed": not the event's
    if other.search(lead):
        return False
    named = {k.lower() for k in _FACILITY.findall(text[start:end])}
    if kinds and named and not named & kinds:
        return False
    span = day_interval(event.when, SCOPE_DAY_RULE)
    if days is None or span is None or not (span[1] < days[0] or span[0] > days[1]):
        return True
    when = event.when
    if when is None or not start <= when.text.start < end:
        return True  # a date carried from elsewhere places nothing
    if span[0] == analysis.article.published:
        # the report's own day: an update, unless it names only places the incident does not
        places = {p.name.casefold() for p in event.where}
        return not places or bool(places & {p.casefold() for p in incident.places})
    return False


def _sentence_start(text: str, offset: int) -> int:
    return max(text.rfind(mark, 0, offset) for mark in (". ", "! ", "? ", "\n")) + 1


def _sentence_end(text: str, offset: int) -> int:
    ends = [i for mark in (". ", "! ", "? ", "\n") if (i := text.find(mark, offset)) != -1]
    return min(ends, default=len(text))


def _cumulative(analysis: Analysis, figures: list[Figure]) -> set[str]:
    """Ids of the figures read as a cumulative toll: a marker in the figure, in its sentence
    before it ("Since the war began, 2,300 ...") or in the rest of its clause, shared with
    the figures joined to it in one claim ("3,000 killed, with 12,500 more injured")."""
    text = analysis.article.text
    marked: set[str] = set()
    for figure in figures:
        start = max(_sentence_start(text, figure.text.start), figure.text.start - _CLAUSE_CHARS)
        rest = text[figure.text.end : figure.text.end + _CLAUSE_CHARS]
        stop = _CLAUSE_END.search(rest)
        clause = text[start : figure.text.end] + " " + (rest[: stop.start()] if stop else rest)
        if CUMULATIVE.search(clause):
            marked.add(figure.id)
    ordered = sorted(figures, key=lambda f: f.text.start)
    changed = True
    while changed:
        changed = False
        for one, two in pairwise(ordered):
            joined = (
                one.claim_id is not None
                and one.claim_id == two.claim_id
                and two.text.start - one.text.end <= _JOINED_CHARS
            )
            if joined and (one.id in marked) != (two.id in marked):
                marked |= {one.id, two.id}
                changed = True
    return marked


def _clock_times(
    analysis: Analysis, incident: Incident, events: tuple[Event, ...]
) -> tuple[TimeExpression, ...]:
    if incident.start is None or incident.end is None:
        whens = (e.when for e in events)
        return tuple(w for w in whens if w and w.value and w.precision in CLOCK_PRECISIONS)
    article = analysis.article
    found: list[TimeExpression] = []
    for time in analysis.times:
        if time.value is None or time.precision not in CLOCK_PRECISIONS:
            continue
        part = article.part_at(time.text.start)
        if part is not None and part.kind is not PartKind.BODY:
            continue
        day = date.fromisoformat(time.value[:10])
        if incident.start <= day <= incident.end:
            found.append(time)
    return tuple(found)
