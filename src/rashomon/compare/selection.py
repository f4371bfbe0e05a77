"""An incident made of articles a user chose (``rashomon compare --articles``), bypassing linking.

Each chosen article's main event (its first event that is not a statement of evidence) and
its evidence events are the incident's (``Incident.events``), as linking would make them;
the ledger's ``scope`` then adds the other events of the same happening. The incident's days
are the most common day of the main events (else the article's publication day), so clock
times of that day, one day either side, are read. Its type is the most common type of the
main events; its places those of the main events.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from rashomon.dates import single_day
from rashomon.model import Analysis, Event, EventRef, EventType, Incident

SELECTION_ID = "selection"


def incident_of_articles(
    analyses: Sequence[Analysis], *, incident_id: str = SELECTION_ID
) -> Incident:
    """The incident holding every event of ``analyses`` (see the module docstring)."""
    mains = [(a, _main_event(a)) for a in analyses]
    refs = tuple(
        EventRef(a.article.id, e.id)
        for a, main in mains
        for e in a.events
        if e is main or e.type is EventType.EVIDENCE
    )
    days = Counter(d for a, e in mains if (d := _day(a, e)) is not None)
    types = Counter(e.type for _, e in mains if e is not None)
    places = dict.fromkeys(p.name for _, e in mains if e is not None for p in e.where)
    day = min(days, key=lambda d: (-days[d], d)) if days else None
    kind = min(types, key=lambda t: (-types[t], t.value)) if types else EventType.ATTACK
    return Incident(
        id=incident_id,
        type=kind,
        events=refs,
        article_ids=tuple(dict.fromkeys(a.article.id for a in analyses)),
        start=day,
        end=day,
        places=tuple(places),
    )


def _main_event(analysis: Analysis) -> Event | None:
    return next((e for e in analysis.events if e.type is not EventType.EVIDENCE), None)


def _day(analysis: Analysis, event: Event | None) -> date | None:
    day = single_day(event.when if event else None)
    return day if day is not None else analysis.article.published
