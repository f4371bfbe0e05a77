"""What an export holds: the stored analyses, incidents and ledgers a filter keeps.

``ExportFilter`` is the same for every export: one incident, a date range (incidents whose
days overlap it; articles published in it), a place (incidents at a place whose name holds
the text), a claimant (rows and records whose claimant's name holds the text). Matching
is case-insensitive.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from rashomon.model import Analysis, Comparison, Incident

if TYPE_CHECKING:
    from rashomon.link import LinkParams
    from rashomon.store import Store


@dataclass(frozen=True, slots=True)
class ExportFilter:
    incident: str | None = None
    since: date | None = None
    until: date | None = None
    place: str | None = None
    claimant: str | None = None

    def claimant_matches(self, name: str | None) -> bool:
        return self.claimant is None or self.claimant.casefold() in (name or "").casefold()

    def article_matches(self, analysis: Analysis) -> bool:
        """Published within [since, until] (an undated article is kept)."""
        published = analysis.article.published
        if published is None:
            return True
        if self.since is not None and published < self.since:
            return False
        return self.until is None or published <= self.until

    def incident_matches(self, incident: Incident) -> bool:
        if self.incident is not None and incident.id != self.incident:
            return False
        if self.since is not None and incident.end is not None and incident.end < self.since:
            return False
        if self.until is not None and incident.start is not None and incident.start > self.until:
            return False
        if self.place is not None:
            wanted = self.place.casefold()
            return any(wanted in p.casefold() for p in incident.places)
        return True

    @property
    def by_incident(self) -> bool:
        """Whether only the articles of the kept incidents are exported."""
        return self.incident is not None or self.place is not None


@dataclass(frozen=True, slots=True)
class Selection:
    """The analyses, incidents and ledgers to export, and the filter (for claimants)."""

    analyses: list[Analysis]
    incidents: list[Incident]
    comparisons: list[Comparison]
    where: ExportFilter = field(default_factory=ExportFilter)

    def incidents_of(self) -> dict[str, list[str]]:
        """Article id -> ids of the kept incidents holding it."""
        out: dict[str, list[str]] = {}
        for incident in self.incidents:
            for article_id in incident.article_ids:
                out.setdefault(article_id, []).append(incident.id)
        return out


def select(
    analyses: list[Analysis],
    incidents: list[Incident],
    comparisons: list[Comparison],
    where: ExportFilter,
) -> Selection:
    """Keep what ``where`` asks for (the ledgers of the kept incidents, their articles)."""
    kept = [i for i in incidents if where.incident_matches(i)]
    ids = {i.id for i in kept}
    ledgers = [c for c in comparisons if c.incident.id in ids]
    members = {a for i in kept for a in i.article_ids}
    chosen = [
        a
        for a in analyses
        if where.article_matches(a) and (not where.by_incident or a.article.id in members)
    ]
    return Selection(chosen, kept, ledgers, where)


def select_from_store(
    store: Store,
    where: ExportFilter,
    params: LinkParams,
    *,
    progress: Callable[[str, int, int | None], None] | None = None,
) -> Selection:
    """The selection read from a store: one incident's ledger alone when ``where`` names
    one (raises ``UnknownIncidentError`` for an unknown id), else every ledger."""
    from rashomon import app

    if where.incident is not None:
        comparison = app.ledger(store, where.incident, params)
        found = comparison.incident
        analyses, _ = app.incident_analyses(store, found)
        return select(analyses, [found], [comparison], where)
    if progress is None:
        everything = app.everything(store, params)
    else:
        everything = app.everything(store, params, progress=progress)
    return select(everything.analyses, everything.incidents, everything.comparisons, where)
