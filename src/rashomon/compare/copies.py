"""The wire copies a ledger reports: the corpus's copy groups, plus rewrites found within it.

Linking takes copies as must-links, so ``link.find_copies`` is strict (half the shorter text's
5-word shingles shared): a false copy there merges two happenings. Within one incident the
cost of a false copy is small (two reports of one happening counted as one source, the
cautious reading), while a missed copy counts one wire story twice. So the ledger also looks,
among the incident's own articles only, for pairs sharing at least ``LEDGER_COPY_THRESHOLD``
of the shorter text's shingles: a wire story and its later write-through (the update with a
new lede and an extra paragraph), a paper's lightly edited version of an agency text. Groups
that share an article are joined. The shares are counted exactly (an index of the incident's
shingles), not estimated: at a third of shared text MinHash banding often proposes no pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rashomon.link.shingles import WordHasher, shingle_hashes, story_text, words
from rashomon.model import Article, CopyGroup

MIN_SHINGLES = 12  # shorter texts are too generic to call copies (as ``link.find_copies``)
# share of the shorter text's 5-word shingles: a rewrite of one wire story shares about a
# third, two independent reports of one event a few hundredths (dev corpora: copies 0.29 and
# more, other pairs of one story 0.16 and less)
LEDGER_COPY_THRESHOLD = 0.25


def incident_copies(
    articles: Sequence[Article],
    groups: Sequence[CopyGroup],
    *,
    prefix: str,
    threshold: float = LEDGER_COPY_THRESHOLD,
) -> list[CopyGroup]:
    """``groups`` (the corpus's copy groups holding an article of the incident) joined with
    the copies found among ``articles`` at ``threshold``. A group left unchanged keeps its id;
    a joined or new one is named ``{prefix}-copy-N``."""
    found = rewrites(articles, threshold=threshold)
    if not found:
        return list(groups)
    everything = [*groups, *found]
    parent = list(range(len(everything)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    holder: dict[str, int] = {}
    for position, group in enumerate(everything):
        for article_id in group.article_ids:
            if article_id in holder:
                a, b = root(holder[article_id]), root(position)
                if a != b:
                    parent[max(a, b)] = min(a, b)
            else:
                holder[article_id] = position
    members: dict[int, list[CopyGroup]] = {}
    for position, group in enumerate(everything):
        members.setdefault(root(position), []).append(group)
    published = {a.id: a.published for a in articles}
    order = {a.id: i for i, a in enumerate(articles)}
    result: list[CopyGroup] = []
    for key in sorted(members):
        parts = members[key]
        ids = tuple(dict.fromkeys(a for g in parts for a in g.article_ids))
        kept = next((g for g in parts if g in groups and set(g.article_ids) == set(ids)), None)
        if kept is not None:
            result.append(kept)
            continue
        result.append(
            CopyGroup(
                id=f"{prefix}-copy-{len(result) + 1}",
                article_ids=ids,
                original_id=min(
                    ids,
                    key=lambda a: (published.get(a) or date.max, order.get(a, len(order))),
                ),
                agency=next((g.agency for g in parts if g.agency), None),
                similarity=min(g.similarity for g in parts),
            )
        )
    return result


def rewrites(
    articles: Sequence[Article], *, threshold: float = LEDGER_COPY_THRESHOLD
) -> list[CopyGroup]:
    """Pairs of ``articles`` sharing at least ``threshold`` of the shorter story text's 5-word
    shingles, as two-article groups (``similarity``: their shingles' Jaccard similarity)."""
    hasher = WordHasher()
    shingles = [set(shingle_hashes(words(story_text(a)), hasher).tolist()) for a in articles]
    postings: dict[int, list[int]] = {}
    for position, held in enumerate(shingles):
        if len(held) >= MIN_SHINGLES:
            for value in held:
                postings.setdefault(value, []).append(position)
    shared: dict[tuple[int, int], int] = {}
    for holders in postings.values():
        for i, left in enumerate(holders):
            for right in holders[i + 1 :]:
                shared[(left, right)] = shared.get((left, right), 0) + 1
    found: list[CopyGroup] = []
    for (left, right), count in sorted(shared.items()):
        small = min(len(shingles[left]), len(shingles[right]))
        if count / small < threshold:
            continue
        one, two = articles[left], articles[right]
        union = len(shingles[left]) + len(shingles[right]) - count
        first = one if (one.published or date.max) <= (two.published or date.max) else two
        found.append(
            CopyGroup(
                id=f"rewrite-{len(found) + 1}",
                article_ids=(one.id, two.id),
                original_id=first.id,
                similarity=round(count / union, 4),
            )
        )
    return found
