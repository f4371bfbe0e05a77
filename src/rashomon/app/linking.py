"""Linking in the store: ``link_new`` (what ingest stored since the last link) and
``relink`` (everything, from scratch), with stable incident ids.

``link_new`` finds the new articles' stored neighbours through the stored blocking keys
(indexed lookups), tests them on what the store keeps of them (``_Neighbourhood``: may a
new article link with, copy or join one's incident?), re-runs the batch linker on the new
articles and the incidents that pass, with the store's term counts, and carries the ids
over (``carry_ids``). docs/linking.md ("Stored incidents") says when the two paths can
differ. Nothing here prints; ``progress`` callbacks report how far it is.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import math
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from rashomon.link import LinkParams, find_copies
from rashomon.link._incident_attach import is_loose
from rashomon.link._incident_keys import Facts, Placed, Record, common_tag, facts_of, gap_days
from rashomon.link._incident_text import (
    MIN_DOCS,
    MIN_TERMS,
    TermStats,
    centroid,
    cosine,
    term_counts,
    vectors_of,
)
from rashomon.link.entities import people_by_article
from rashomon.link.incidents import (
    Linked,
    could_be_one,
    link_with_keys,
    may_attach,
    may_be_joined,
    may_link,
    place_conflict,
    text_bound,
)
from rashomon.link.minhash import MinHasher
from rashomon.link.shingles import WordHasher
from rashomon.link.syndication import Signature, may_copy_pairs, signature_of
from rashomon.model import Analysis, Incident
from rashomon.store import Store
from rashomon.store import links as stored
from rashomon.store.links import HistoryEntry, LinkedPart

NEIGHBOUR_CAP = 10_000  # stored neighbours of new articles looked up at most (then: those)
NEW_BATCH = 500  # new articles linked together (memory stays bounded on a large ingest)

# progress(stage, done, total): called as work advances (total None: unknown)
Progress = Callable[[str, int, int | None], None]


def _quiet(stage: str, done: int, total: int | None) -> None:
    del stage, done, total


@dataclass(frozen=True, slots=True)
class LinkReport:
    """What one link pass did: ``new`` articles linked for the first time, ``relinked``
    articles of the store linked again with them, incidents ``created`` and ``changed``
    (grown, merged or split), how many lookups of neighbours stopped at ``NEIGHBOUR_CAP``
    (``capped``)."""

    new: int = 0
    relinked: int = 0
    created: int = 0
    changed: int = 0
    retired: int = 0
    capped: int = 0
    seconds: float = 0.0


def link_new(
    store: Store, params: LinkParams, *, progress: Progress = _quiet, cap: int = NEIGHBOUR_CAP
) -> LinkReport:
    """Link every stored article that has not been linked yet (see the module docstring)."""
    started = time.perf_counter()
    pending = stored.unlinked_ids(store)
    totals: Counter[str] = Counter()
    for start in range(0, len(pending), NEW_BATCH):
        batch = pending[start : start + NEW_BATCH]
        with _collector_paused():
            totals.update(_link_batch(store, batch, params, cap))
        progress("linking", min(start + NEW_BATCH, len(pending)), len(pending))
    return LinkReport(
        new=len(pending),
        relinked=totals["relinked"],
        created=totals["created"],
        changed=totals["changed"],
        retired=totals["retired"],
        capped=totals["capped"],
        seconds=time.perf_counter() - started,
    )


def relink(store: Store, params: LinkParams, *, progress: Progress = _quiet) -> LinkReport:
    """Link every stored article from scratch (after a change of rules or settings); ids
    carry over to the new incidents that hold most of an old one's articles."""
    started = time.perf_counter()
    total = store.article_count()
    analyses: list[Analysis] = []
    with _collector_paused():
        for analysis in stored.link_views(store):
            analyses.append(analysis)
            if len(analyses) % 200 == 0:
                progress("reading", len(analyses), total)
    progress("reading", len(analyses), total)
    progress("linking", 0, None)
    old = stored.members_of_incidents_with(store, [a.article.id for a in analyses])
    cache: dict[str, str] = {}
    lead = {a.article.id: term_counts(a.article, params.lead_chars, cache) for a in analyses}
    terms = {article_id: frozenset(found) for article_id, found in lead.items()}
    with _collector_paused():
        part, _ = _link_part(
            store, analyses, params, old, terms, stats=None, cause="relink", counts=lead, keep=lead
        )
    progress("writing", 0, None)
    stored.write(store, part)
    progress("writing", 1, 1)
    counts = _history_counts(part.history)
    return LinkReport(
        new=len(analyses),
        created=counts["created"],
        changed=counts["changed"],
        retired=len(part.retired),
        seconds=time.perf_counter() - started,
    )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a part is linked or many rows are read: linking
    allocates many small objects while the part's analyses are alive, and each full
    collection walks them all (at 10,000 articles, linking 100 new ones took 2.0-2.5 s with
    it, 1.3 s without). What they leave is collected when it is back on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _link_batch(store: Store, new_ids: Sequence[str], params: LinkParams, cap: int) -> Counter[str]:
    """Link new articles with the part of the store they can change (docs/linking.md, "Stored
    incidents"): the incidents of the stored neighbours that a new article may link with or
    copy (``may_link``, ``may_copy``: tested on the neighbours' stored facts, without their
    analyses), those a loose new article may join, then whatever the linked part shows a
    new article reaching; the other neighbours' incidents stay as stored."""
    new = stored.link_views_of(store, new_ids)
    cache: dict[str, str] = {}
    new_counts = {a.article.id: term_counts(a.article, params.lead_chars, cache) for a in new}
    new_terms = {article_id: frozenset(found) for article_id, found in new_counts.items()}
    store_df: dict[str, int] = {}  # the store's term counts read so far
    stats = _stats(store, new_terms, params, new_terms, store_df)
    hasher, minhasher = WordHasher(), MinHasher()
    new_signatures = {a.article.id: signature_of(a.article, hasher, minhasher) for a in new}
    first = link_with_keys(new, (), copies=(), params=params, stats=stats, counts=new_counts)
    probes = [stored.hashed(k, probes=True) for k in first.keys]
    found, capped = stored.neighbours(store, probes, cap)
    near = _Neighbourhood(store, found, params, stats, new_terms, store_df)
    part_ids = set(new_ids) | near.incidents_of(near.linkable(first.records, new_signatures))
    part_ids |= near.missed(first, set(new_ids), part_ids)  # as the new ones group alone
    while True:
        analyses = stored.link_views_of(store, part_ids, {a.article.id: a for a in new})
        lead: dict[str, Mapping[str, int]] = near.stored_counts(part_ids - set(new_counts))
        lead.update(new_counts)
        signatures = near.signatures(part_ids - set(new_counts))
        keep: dict[str, Mapping[str, int]] = dict(new_counts)
        for analysis in analyses:  # linked before revision 0003: counted now, kept
            if analysis.article.id not in lead:
                found_counts = term_counts(analysis.article, params.lead_chars, cache)
                lead[analysis.article.id] = keep[analysis.article.id] = found_counts
        part_terms = {article_id: frozenset(terms) for article_id, terms in lead.items()}
        part_stats = _stats(
            store,
            part_terms,
            params,
            new_terms,
            store_df,
            stats.common,
            counted=stats.size - len(new_terms),
        )
        old = stored.members_of_incidents_with(store, part_ids)
        part, linked = _link_part(
            store,
            analyses,
            params,
            old,
            new_terms,
            stats=part_stats,
            cause="ingest",
            counts=lead,
            keep=keep,
            signatures=signatures,
            computed=new_signatures,
            alone=first,
        )
        missed = near.missed(linked, set(new_ids), part_ids)
        if not missed:
            break
        part_ids |= missed
    stored.write(store, part)
    counts = _history_counts(part.history)
    counts["relinked"] = len(analyses) - len(new)
    counts["retired"] = len(part.retired)
    counts["capped"] = int(capped)
    return counts


class _Group:
    """A group of linked records, with its members' ids and centroid (made once)."""

    def __init__(self, records: list[Record]) -> None:
        self.records = records
        self.key = frozenset(r.article_id for r in records)
        self.centroid = centroid([r.vector for r in records])


class _Neighbourhood:
    """The stored neighbours of new articles (``found``: each with the new articles it was
    found for), their incidents, and what the store keeps of them and of their incidents'
    members — facts and signatures first; term counts, and from them text vectors weighed
    as the part will be (``stats``), only where the facts leave a test open — read as
    needed; the tests that say whose incidents a new article may change. An article whose
    facts or terms are not kept may be anything: it passes."""

    def __init__(
        self,
        store: Store,
        found: Mapping[str, set[str]],
        params: LinkParams,
        stats: TermStats,
        new_terms: Mapping[str, frozenset[str]],
        store_df: dict[str, int],
    ) -> None:
        self.store = store
        self.found = found
        self.params = params
        self.size = stats.size
        self.tag = common_tag(stats.common or frozenset())
        self.added = Counter(t for terms in new_terms.values() for t in terms)
        self.store_df = store_df  # shared with the part's ``_stats``
        self.of_new: dict[str, set[str]] = defaultdict(set)
        for article_id, new_ids in found.items():
            for new_id in new_ids:
                self.of_new[new_id].add(article_id)
        self.members: dict[str, list[str]] = {}  # incident -> members (read as needed)
        self.incident: dict[str, str | None] = {}  # article -> its incident (None: none)
        self.kept: dict[str, stored.Neighbour] = {}
        self.counts: dict[str, Mapping[str, int] | None] = {}
        self.vectors: dict[str, Mapping[str, float] | None] = {}
        self.tested: set[tuple[frozenset[str], str]] = set()

    def _read_incidents(self, article_ids: Iterable[str]) -> None:
        """Read the incidents of ``article_ids`` and their members (once)."""
        wanted = {a for a in article_ids if a not in self.incident}
        if not wanted:
            return
        found = stored.members_of_incidents_with(self.store, wanted)
        self.members.update(found)
        self.incident.update({a: i for i, members in found.items() for a in members})
        self.incident.update({a: None for a in wanted if a not in self.incident})

    def incidents_of(self, article_ids: Iterable[str]) -> set[str]:
        """``article_ids`` and every member of their incidents."""
        out = set(article_ids)
        self._read_incidents(out)
        for article_id in list(out):
            incident = self.incident.get(article_id)
            if incident is not None:
                out.update(self.members[incident])
        return out

    def _read(self, article_ids: Iterable[str]) -> None:
        """Read the facts and signatures of ``article_ids`` (once)."""
        wanted = {a for a in article_ids if a not in self.kept}
        if wanted:
            self.kept.update(stored.neighbour_data(self.store, wanted))

    def _read_counts(self, article_ids: Iterable[str]) -> None:
        """Read the stored title-and-lead term counts of ``article_ids`` (None: not kept)."""
        wanted = {a for a in article_ids if a not in self.counts}
        if wanted:
            found = stored.article_term_counts(self.store, wanted)
            self.counts.update({a: found.get(a) for a in wanted})

    def stored_counts(self, article_ids: Iterable[str]) -> dict[str, Mapping[str, int]]:
        """The stored term counts of ``article_ids`` that are kept, by id in order (those
        read for the tests are not read again)."""
        ids = sorted(set(article_ids))
        self._read_counts(ids)
        return {a: counts for a in ids if (counts := self.counts[a]) is not None}

    def signatures(self, article_ids: Iterable[str]) -> dict[str, Signature]:
        """The stored signatures of ``article_ids`` that are kept, by id in order (those
        read with the neighbours' facts are not read again)."""
        ids = sorted(set(article_ids))
        self._read(ids)
        return {a: kept.signature for a in ids if (kept := self.kept.get(a)) and kept.signature}

    def _read_vectors(self, article_ids: Iterable[str]) -> None:
        """Make the text vectors of ``article_ids`` from their stored term counts and the
        store's document counts with the new articles counted in (as ``_stats`` gives them
        to the part): None where no counts are kept."""
        wanted = {a for a in article_ids if a not in self.vectors}
        if not wanted:
            return
        self._read_counts(wanted)
        counts = {a: found for a in wanted if (found := self.counts[a]) is not None}
        distinct: set[str] = set()  # each term once (hundreds of articles share most)
        for found in counts.values():
            distinct.update(found)
        missing = distinct.difference(self.store_df)
        if missing:
            df = stored.term_df(self.store, missing)
            self.store_df.update({t: df.get(t, 0) for t in missing})
        added = self.added
        df = {t: self.store_df[t] + added.get(t, 0) for t in distinct}
        self.vectors.update(vectors_of(counts, df, self.size))
        self.vectors.update({a: None for a in wanted if a not in counts})

    def _terms_bound(self, vector: Mapping[str, float], article_ids: Sequence[str]) -> float:
        """The most that ``vector``'s cosine with the centroid of some of the articles can
        be, from their terms alone (``text_bound`` over all their terms; 1.0: some not
        kept)."""
        terms: set[str] = set()
        for article_id in article_ids:
            counts = self.counts.get(article_id)
            if counts is None:
                return 1.0
            terms.update(counts)
        return text_bound(vector, terms)

    def _facts(self, article_id: str) -> Facts | None:
        """An article's stored facts, if made with today's common words."""
        kept = self.kept.get(article_id)
        if kept is None or kept.common != self.tag:
            return None
        return kept.facts

    def _bound(self, vector: Mapping[str, float], article_ids: Sequence[str]) -> float:
        """The most that ``vector``'s cosine with the centroid of some of the articles can
        be (1.0 when a vector is not known). Each article's vector is a unit vector of
        positive weights, or empty, so the sum of a set S of them has a norm of at least
        sqrt(|S|) (their dot products are not negative): the cosine with S's centroid is
        at most sum(cos) / sqrt(|S|) over its articles. The highest of that is reached by
        the k articles most like ``vector``, for some k; it is never more than
        sqrt(sum(cos^2)) over all of them, and most often much less."""
        cosines: list[float] = []
        for article_id in article_ids:
            other = self.vectors.get(article_id)
            if other is None:
                return 1.0
            cosines.append(cosine(vector, other))
        cosines.sort(reverse=True)
        best = total = 0.0
        for k, value in enumerate(cosines, start=1):
            if value <= 0.0:  # an empty vector, or none shared: S is better without it
                break
            total += value
            best = max(best, total / math.sqrt(k))
        return best + _SLACK

    def _join_bound(self, group: _Group, members: Sequence[str], *, exact: bool) -> float:
        """``_bound`` of a loose group's centroid and some of a stored incident's
        ``members``, over the sets that it could join only: ``attach_left_overs`` moves it
        into a group of two or more that ``fits`` each of its records, that is, where at
        least as many members fit the record (within ``close_days`` or undated, and
        ``could_be_one``) as do not. For each record, the best such set takes the ``a``
        fitting and ``b`` other members most like the group, ``b`` as many as the fitting
        members, with empty vectors, allow (``_fitting_bound``); the lowest of these
        bounds holds for every set that it could join. ``exact``: from the members'
        vectors; else from their terms alone (``text_bound`` each, any of them possibly
        with an empty vector). 1.0 where a member's facts, vector or terms are not known,
        or past ``_FIT_BOUND_MEMBERS`` members (the unconstrained bound then)."""
        values: list[float | None] = []  # None: an empty vector
        facts: list[Facts] = []
        for article_id in members:
            found = self._facts(article_id)
            if exact:
                other = self.vectors.get(article_id)
                known = other is not None
                value = cosine(group.centroid, other) if other else None
            else:
                counts = self.counts.get(article_id)
                value = None if counts is None else text_bound(group.centroid, counts)
                known = counts is not None
            if found is None or not known:
                return 1.0
            values.append(value)
            facts.append(found)
        if len(members) > _FIT_BOUND_MEMBERS:
            if exact:
                return self._bound(group.centroid, members)
            return self._terms_bound(group.centroid, members)
        close, best = self.params.close_days, 1.0
        for record in group.records:
            fitting: list[float] = []
            other_ones: list[float] = []
            voids = [0, 0]  # members with an empty vector, fitting and not
            for value, member in zip(values, facts, strict=True):
                gap = gap_days(record, member)
                near = gap is None or gap <= close
                fits_it = near and could_be_one(record, member, self.params)
                if value is None:
                    voids[0 if fits_it else 1] += 1
                else:
                    (fitting if fits_it else other_ones).append(value)
            found_bound = _fitting_bound(fitting, other_ones, (voids[0], voids[1]), fill=not exact)
            best = min(best, found_bound)
        return best

    def linkable(self, records: Sequence[Record], signatures: Mapping[str, Signature]) -> set[str]:
        """The neighbours that a new record may link with (``may_link``, with their text
        vectors: exact but for the people) or copy (``may_copy``)."""
        by_id = {r.article_id: r for r in records}
        self._read(self.found)
        out: set[str] = set()
        open_: dict[str, list[Record]] = {}  # may link, as far as the facts without text say
        far = max(self.params.close_days, self.params.window_days)
        days = {
            r.article_id: [(lo.toordinal(), hi.toordinal()) for lo, hi in r.dates] for r in records
        }
        copied = self._copied(by_id, signatures)
        for article_id, new_ids in self.found.items():
            kept = self.kept.get(article_id)
            if kept is None or kept.common != self.tag:
                out.add(article_id)
                continue
            if article_id in copied:
                out.add(article_id)
                continue
            news = [by_id[n] for n in sorted(new_ids) if n in by_id]
            # ``links`` first asks whether the two lie too far apart in time: asked here on
            # the stored days, before the facts are decoded
            stored_days = kept.days()
            news = [r for r in news if not _apart(days[r.article_id], stored_days, far)]
            # and whether their places rule it out (most do), before the facts are made
            placed = kept.places() if news else None
            news = [r for r in news if placed is None or not place_conflict(r, placed)]
            facts = self._facts(article_id) if news else None
            if facts is None:
                continue
            news = [r for r in news if may_link(r, facts, self.params, 1.0, has_vector=True)]
            if news:
                open_[article_id] = news
        self._read_counts(open_)
        for article_id in list(open_):
            facts, counts = self._facts(article_id), self.counts[article_id]
            if facts is not None and counts is not None:
                has_vector = self.size >= MIN_DOCS and len(counts) >= MIN_TERMS
                open_[article_id] = [
                    r
                    for r in open_[article_id]
                    if may_link(
                        r, facts, self.params, text_bound(r.vector, counts), has_vector=has_vector
                    )
                ]
                if not open_[article_id]:
                    del open_[article_id]
        self._read_vectors(open_)
        for article_id, news in open_.items():
            facts, vector = self._facts(article_id), self.vectors.get(article_id)
            if facts is None or vector is None:
                out.add(article_id)
                continue
            if any(
                may_link(r, facts, self.params, cosine(r.vector, vector), has_vector=bool(vector))
                for r in news
            ):
                out.add(article_id)
        return out

    def _copied(
        self, records: Mapping[str, Record], signatures: Mapping[str, Signature]
    ) -> set[str]:
        """The neighbours (read) that a new one of ``records`` may copy (``may_copy``), all
        pairs compared at once."""
        pairs = [
            (article_id, signatures[new_id], signature)
            for article_id, new_ids in self.found.items()
            if (kept := self.kept.get(article_id)) is not None
            and (signature := kept.signature) is not None
            for new_id in new_ids
            if new_id in records
        ]
        copies = may_copy_pairs([(new, old) for _, new, old in pairs])
        return {article_id for (article_id, _, _), copy in zip(pairs, copies, strict=True) if copy}

    def missed(self, linked: Linked, new_ids: set[str], part: set[str]) -> set[str]:
        """The stored articles that the linked groups (``linked.groups``) show a new article
        may reach but ``part`` does not hold, with their incidents: a loose group holding a
        new article may join a neighbour's incident (``may_attach``); a neighbour, loose,
        may join a group holding a new article (``may_be_joined``). A group tested with a
        target before (the same articles: the same records) is not tested again."""
        joins: list[tuple[_Group, str]] = []  # (loose group, incident)
        joined: list[tuple[_Group, str]] = []  # (group, neighbour)
        self._read_incidents(
            k
            for positions in linked.groups
            if is_loose([linked.records[i] for i in positions])
            for i in positions
            for k in self.of_new.get(linked.records[i].article_id, ())
        )
        for positions in linked.groups:
            records = [linked.records[i] for i in positions]
            fresh = sorted(r.article_id for r in records if r.article_id in new_ids)
            if not fresh:
                continue
            group = _Group(records)
            if is_loose(records):
                near = {self.incident.get(k) for a in fresh for k in self.of_new.get(a, ())}
                joins.extend(
                    (group, i)
                    for i in sorted(i for i in near if i is not None)
                    if len(self.members[i]) >= 2
                    and not set(self.members[i]) <= part
                    and self._first((group.key, i))
                )
            if len(records) >= 2:
                near_group = {k for a in fresh for k in self.of_new.get(a, ())} - part
                joined.extend((group, k) for k in sorted(near_group) if self._first((group.key, k)))
        self._read(m for _, i in joins for m in self.members[i])
        self._read(k for _, k in joined)
        joins = [(g, i) for g, i in joins if self._may_join(g.records, self.members[i], 1.0)]
        joined = [(g, k) for g, k in joined if self._may_be_joined(k, g.records, 1.0)]
        self._read_incidents(k for _, k in joined if (f := self._facts(k)) and not f.dates)
        loose_of = {k: self._loose(k) for _, k in joined}
        self._read_counts(
            [m for _, i in joins for m in self.members[i]]
            + [m for _, k in joined for m in loose_of[k]]
        )
        joins = [
            (g, i)
            for g, i in joins
            if self._may_join(
                g.records, self.members[i], self._join_bound(g, self.members[i], exact=False)
            )
        ]
        joined = [
            (g, k)
            for g, k in joined
            if self._may_be_joined(k, g.records, self._terms_bound(g.centroid, loose_of[k]))
        ]
        self._read_vectors(
            [m for _, i in joins for m in self.members[i]]
            + [m for _, k in joined for m in loose_of[k]]
        )
        out: set[str] = set()
        for group, incident in joins:
            members = self.members[incident]
            if self._may_join(group.records, members, self._join_bound(group, members, exact=True)):
                out.update(members)
        for group, neighbour in joined:
            if neighbour in out:
                continue
            bound = self._bound(group.centroid, loose_of[neighbour])
            if self._may_be_joined(neighbour, group.records, bound):
                out |= self.incidents_of([neighbour])
        return out - part

    def _first(self, test: tuple[frozenset[str], str]) -> bool:
        """Whether a (group, target) test is asked for the first time."""
        if test in self.tested:
            return False
        self.tested.add(test)
        return True

    def _placed(self, article_id: str) -> Placed | None:
        """An article's stored places (``Neighbour.places``), if its facts are usable."""
        kept = self.kept.get(article_id)
        if kept is None or kept.common != self.tag:
            return None
        return kept.places()

    def _may_join(self, lone: Sequence[Record], members: list[str], bound: float) -> bool:
        """Whether the loose group ``lone`` may join a group made of some of the stored
        ``members`` (``may_attach``), their centroids' similarity at most ``bound``. Their
        places are asked first: a dated lone record that no member's places allow rules
        the join out (``may_attach``), before the members' facts are made."""
        placed = [p for a in members if (p := self._placed(a)) is not None]
        if len(placed) < len(members):
            return True
        if any(r.dates and all(place_conflict(r, p) for p in placed) for r in lone):
            return False
        facts = [f for a in members if (f := self._facts(a)) is not None]
        return len(facts) < len(members) or may_attach(lone, facts, bound, self.params)

    def _loose(self, neighbour: str) -> list[str]:
        """The articles that a neighbour's loose group is made of some of: itself when it
        is dated (a dated record's loose group is itself alone), else its incident."""
        facts = self._facts(neighbour)
        incident = self.incident.get(neighbour)
        if facts is None or facts.dates or incident is None:
            return [neighbour]
        return self.members[incident]

    def _may_be_joined(self, neighbour: str, group: Sequence[Record], bound: float) -> bool:
        """Whether a stored neighbour, loose, may join ``group`` (``may_be_joined``), their
        centroids' similarity at most ``bound``."""
        placed = self._placed(neighbour)
        if placed is None:
            return True
        # most of the group must fit it (``fits``): not where its places rule most out
        if not _mostly_placed(placed, group):
            return False
        facts = self._facts(neighbour)
        return facts is None or may_be_joined(facts, group, bound, self.params)


# added to a computed upper bound of a similarity, so that rounding never puts it below
# the similarity itself (which is computed in another order)
_SLACK = 1e-9
# the most members of a stored incident whose sets ``_join_bound`` weighs one by one
_FIT_BOUND_MEMBERS = 64


def _fitting_bound(
    fitting: list[float],
    other_ones: list[float],
    empty: tuple[int, int] = (0, 0),
    *,
    fill: bool = False,
) -> float:
    """The highest sum(cos) / sqrt(|S|) over the sets S of two or more members that hold
    at least as many fitting members as others: the cosines of the members with a vector,
    ``fitting`` and ``other_ones``, and the numbers of members whose vector is empty,
    fitting and not (they add nothing to the sum or to the norm, but count in the set). A
    set's best are its highest cosines (both lists are sorted first). ``fill``: the
    cosines are upper bounds of members that may have an empty vector, so a member left
    out of the sum may still fill the set as an empty one. With ``_SLACK``; 0.0 when there
    is no such set."""
    fitting = sorted(fitting, reverse=True)
    other_ones = sorted(other_ones, reverse=True)
    tops = list(itertools.accumulate(fitting, initial=0.0))
    others = list(itertools.accumulate(other_ones, initial=0.0))
    empty_fitting, empty_others = empty
    best = 0.0
    for a, total in enumerate(tops):
        for b in range(0, len(other_ones) + 1):
            if fill:
                spare = (empty_fitting + len(fitting) - a, empty_others + len(other_ones) - b)
            else:
                spare = empty
            if a + b and _can_fill(a, b, *spare):
                best = max(best, (total + others[b]) / math.sqrt(a + b))
    return best + _SLACK if best > 0.0 else 0.0


def _can_fill(fitting: int, others: int, empty_fitting: int, empty_others: int) -> bool:
    """Whether members with empty vectors can make ``fitting`` and ``others`` members a
    set of two or more with at least as many fitting members as others."""
    for taken in range(max(others - fitting, 0), empty_fitting + 1):
        room = fitting + taken - others  # the empty others the fitting ones allow
        if fitting + others + taken + min(room, empty_others) >= 2:
            return True
    return False


def _mostly_placed(placed: Placed, group: Sequence[Record]) -> bool:
    """Whether at least half of ``group`` has places that do not conflict with ``placed``
    (``2 * fitting >= len(group)``), stopping as soon as the count settles it."""
    need = (len(group) + 1) // 2  # fitting records for the half
    spare = len(group) - need  # conflicting records that still leave it
    fitting = conflicting = 0
    for record in group:
        if fitting >= need:
            return True
        if place_conflict(placed, record):
            conflicting += 1
            if conflicting > spare:
                return False
        else:
            fitting += 1
    return fitting >= need


def _apart(left: Sequence[tuple[int, int]], right: Sequence[tuple[int, int]], days: int) -> bool:
    """Whether every time of ``left`` lies more than ``days`` from every time of ``right``
    (``gap_days`` over day ordinals; False when one side has none)."""
    if not left or not right:
        return False
    return all(
        lo_b - hi_a > days or lo_a - hi_b > days for lo_a, hi_a in left for lo_b, hi_b in right
    )


def _stats(
    store: Store,
    terms: dict[str, frozenset[str]],
    params: LinkParams,
    new_terms: dict[str, frozenset[str]],
    known: dict[str, int] | None = None,
    common: frozenset[str] | None = None,
    counted: int | None = None,
) -> TermStats:
    """The store's term counts for ``terms``, with the new articles counted in; ``known``:
    store counts already read (0: a term the store does not count), extended here;
    ``common``: the common words, when already found for these new articles; ``counted``:
    the number of articles the store counts, when already read (nothing is written
    between: not counted again, a scan of a table on PostgreSQL)."""
    wanted = {t for found in terms.values() for t in found}
    cache = known if known is not None else {}
    missing = {t for t in wanted if t not in cache}
    if counted is None:
        fetched, size = stored.term_counts(store, missing)
    else:
        fetched, size = stored.term_df(store, missing), counted
    cache.update({t: fetched.get(t, 0) for t in missing})
    df = {t: n for t in wanted if (n := cache[t])}
    added: Counter[str] = Counter()
    for found in new_terms.values():
        added.update(found)
    size += len(new_terms)
    counts = Counter(df)
    counts.update({t: n for t, n in added.items() if t in wanted})
    if common is not None:
        return TermStats(df=counts, size=size, common=common)
    # name words too common to key on, over the whole store (docs/linking.md)
    common = frozenset()
    if size >= MIN_DOCS:
        threshold = params.common_share * size
        many = stored.terms_over(store, threshold - len(new_terms))
        for term, n in added.items():
            many[term] = df.get(term, many.get(term, 0)) + n
        common = frozenset(t for t, n in many.items() if n > threshold)
    return TermStats(df=counts, size=size, common=common)


def _link_part(
    store: Store,
    analyses: Sequence[Analysis],
    params: LinkParams,
    old: dict[str, list[str]],
    new_terms: dict[str, frozenset[str]],
    *,
    stats: TermStats | None,
    cause: str,
    counts: Mapping[str, Mapping[str, int]],
    keep: Mapping[str, Mapping[str, int]],
    signatures: Mapping[str, Signature] | None = None,
    computed: Mapping[str, Signature] | None = None,
    alone: Linked | None = None,
) -> tuple[LinkedPart, Linked]:
    """Link ``analyses`` (a part of the store, or all of it); ``signatures``: the stored
    MinHash signatures of some, ``computed``: those just made of others (both kept); the
    rest are computed, and kept; ``alone``: the new articles linked alone, with ``stats``
    that count their terms as ``stats`` does (``link_with_keys``)."""
    known = {**(signatures or {}), **(computed or {})}
    hasher, minhasher = WordHasher(), MinHasher()
    fresh = {
        a.article.id: signature_of(a.article, hasher, minhasher)
        for a in analyses
        if a.article.id not in known
    }
    fresh.update(computed or {})
    copies = find_copies([a.article for a in analyses], signatures={**known, **fresh})
    linked = link_with_keys(
        analyses,
        (),
        copies=copies,
        params=params,
        stats=stats,
        counts=counts,
        people=people_by_article(analyses),
        known=alone,
    )
    taken = set(old)
    # whether the store used each draft's first candidate id: one lookup for all of them
    first = {_candidate(draft.article_ids, 0) for draft in linked.incidents}
    used = stored.ids_taken(store, first)
    checked = {candidate: candidate in used for candidate in first}
    incidents, history, retired = carry_ids(
        linked.incidents, old, lambda ids: _mint(store, ids, taken, checked)
    )
    part = LinkedPart(
        articles=[a.article.id for a in analyses],
        incidents=incidents,
        keys=[stored.hashed(k) for k in linked.keys],
        copies=copies,
        new_terms=new_terms,
        titles={a.article.id: a.article.title or "" for a in analyses},
        history=history,
        retired=retired,
        cause=cause,
        replace_all=stats is None,
        counts=keep,
        signatures=fresh,
        facts={r.article_id: facts_of(r, linked.common) for r in linked.records},
        unchanged=frozenset(
            i.id
            for i in incidents
            if stats is not None and i.id in old and tuple(old[i.id]) == i.article_ids
        ),
    )
    return part, linked


def carry_ids(
    drafts: Sequence[Incident],
    old: dict[str, list[str]],
    mint: Callable[[Sequence[str]], str],
) -> tuple[list[Incident], list[HistoryEntry], list[str]]:
    """Give each newly linked incident the id of the old incident it shares most articles
    with (each old id to one new incident at most; ties: the older id, then the first
    draft), or a new id; returns the incidents, what happened to each id, and the old ids
    no longer used (merged into another incident, or dissolved)."""
    owner = {a: i for i, members in old.items() for a in members}
    overlaps: list[tuple[int, str, int]] = []
    for n, draft in enumerate(drafts):
        shared = Counter(owner[a] for a in draft.article_ids if a in owner)
        overlaps.extend((-count, old_id, n) for old_id, count in shared.items())
    given: dict[int, str] = {}
    used: set[str] = set()
    for _, old_id, n in sorted(overlaps):
        if n not in given and old_id not in used:
            given[n] = old_id
            used.add(old_id)
    history: list[HistoryEntry] = []
    out: list[Incident] = []
    best: dict[str, tuple[int, str]] = {}  # old id -> (overlap, new id) of its largest part
    for n, draft in enumerate(drafts):
        new_id = given.get(n) or mint(draft.article_ids)
        size = len(draft.article_ids)
        out.append(_with_id(draft, new_id))
        shared = Counter(owner[a] for a in draft.article_ids if a in owner)
        for old_id, count in shared.items():
            if count > best.get(old_id, (0, ""))[0]:
                best[old_id] = (count, new_id)
        if n not in given:
            source = max(shared, key=lambda i: (shared[i], i), default=None)
            history.append(
                HistoryEntry("created" if source is None else "split", new_id, source, size)
            )
        elif set(draft.article_ids) != set(old[new_id]):
            history.append(HistoryEntry("changed", new_id, None, size))
    retired = sorted(set(old) - used)
    for old_id in retired:
        if old_id in best:
            history.append(HistoryEntry("merged", best[old_id][1], old_id, len(old[old_id])))
        else:
            history.append(HistoryEntry("dissolved", old_id, None, 0))
    return out, history, retired


def _with_id(draft: Incident, incident_id: str) -> Incident:
    return Incident(
        id=incident_id,
        type=draft.type,
        events=draft.events,
        article_ids=draft.article_ids,
        start=draft.start,
        end=draft.end,
        places=draft.places,
        rules=draft.rules,
    )


def _mint(
    store: Store, article_ids: Sequence[str], taken: set[str], checked: Mapping[str, bool]
) -> str:
    """A new incident id, never used in this store: derived from the articles it is minted
    for (the same store on SQLite and PostgreSQL gets the same ids), salted on a clash;
    ``checked``: whether the store used some candidates (looked up together before)."""
    for salt in itertools.count():
        candidate = _candidate(article_ids, salt)
        if candidate in taken:
            continue
        used = checked.get(candidate)
        if not (stored.id_taken(store, candidate) if used is None else used):
            taken.add(candidate)
            return candidate
    raise AssertionError("unreachable")


def _candidate(article_ids: Sequence[str], salt: int) -> str:
    """The id ``_mint`` tries for ``article_ids`` with ``salt``."""
    text = "\n".join([*sorted(article_ids), str(salt) if salt else ""])
    return f"inc-{hashlib.blake2b(text.encode('utf-8'), digest_size=4).hexdigest()}"


def _history_counts(history: Iterable[HistoryEntry]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for entry in history:
        counts["created" if entry.action in {"created", "split"} else "changed"] += 1
    return counts
