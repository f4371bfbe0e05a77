"""extract_events: one Event per distinct happening, from the trigger mentions of an article.

Granularity (documented in docs/events.md):

1. Mentions of one family (``ontology.Family``: incident, truce, displacement, evidence) in
   the same or adjacent sentences are one happening unless their own times or places
   conflict: "a clash that led to the death and injury of ..." is one incident.
2. An article reports one main incident: the incident that the title names, else the first
   one in the body. A later incident mention joins it when nothing says it is another one
   (no other day, no other place, no "another"/"separate") and something says it is the
   same: a definite or possessive mention ("the clashes", "today's rescue mission"), a
   relative clause on one ("the operation, which killed him"), a shared participant word,
   the same day, or a place in the lede.
3. Other happenings of one family merge when they share a place, a named participant or a
   day attached to their triggers ("the attempt to invade Khan Yunis" ... "the battle of
   Khan Yunis").

The event's type is the most specific of its mentions (``ontology.PRIORITY``): a raid in
which a captive was killed and soldiers wounded is a RAID holding the killing and wounding
figures. An explosion whose cause only claimants name stays an EXPLOSION.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from rashomon.events._attach import build_events
from rashomon.events._clusters import (
    absorb_into_main,
    adjacent_clusters,
    main_incident,
    merge_shared,
)
from rashomon.events._event_mentions import ArticleIndex, build_mention, narrow_scopes
from rashomon.events.ontology import words
from rashomon.events.triggers import EVENT_PARTS, PLACE_WORDS, classify, find_triggers, lemma
from rashomon.model import Claim, Event, Figure, Place, TextSpan, TimeExpression
from rashomon.parse import ParsedArticle

LOCATIVE_PREPS = words(
    "in at near on into across throughout around outside inside from towards toward within "
    "over off along through between"
)
LOCATIVE_VERBS = words(
    "invade storm raid bomb bombard shell strike hit attack seize capture enter besiege "
    "infiltrate occupy evacuate"
)


def extract_events(
    parsed: ParsedArticle,
    claims: Sequence[Claim],
    figures: Sequence[Figure],
    times: Sequence[TimeExpression],
    places: Sequence[Place],
) -> list[Event]:
    """One Event per distinct happening, ordered by first mention, numbered "ev-1", ...

    Needs the dependency parse and lemmas (see ``find_triggers``). ``claims`` give each
    event its claim ids and tell the outlet's own voice from claimants'; ``figures``,
    ``times`` and ``places`` are attached by sentence, paragraph and syntax. Pure.
    """
    index = ArticleIndex(parsed)
    mentions = [
        build_mention(index, claims, kind, span, token)
        for kind, span, token in find_triggers(parsed)
    ]
    if not mentions:
        return []
    mentions = narrow_scopes(mentions)
    timed = [(t, index.locate(t.text)) for t in times if _in_event_part(index, t.text)]
    placed = [
        (p, loc)
        for p in places
        if _in_event_part(index, p.text)
        and _locative(index.doc[(loc := index.locate(p.text)).token])
    ]
    clusters = adjacent_clusters(mentions, timed, placed)
    main = main_incident(clusters)
    marker = clusters[main][0] if main is not None else None
    if main is not None:
        clusters = absorb_into_main(clusters, main, index, timed, placed)
    clusters = merge_shared(clusters, timed, placed)
    if marker is not None:
        main = next(i for i, c in enumerate(clusters) if any(m is marker for m in c))
    else:
        main = max(range(len(clusters)), key=lambda i: (len(clusters[i]), -i))
    return build_events(clusters, main, index, claims, figures, timed, placed)


def _in_event_part(index: ArticleIndex, span: TextSpan) -> bool:
    return index.part(span.start) in EVENT_PARTS


def _locative(token: Token) -> bool:
    """A place named as where something is or happens, not as an actor ("Israel decided").

    "in Gaza", "throughout the Gaza Strip", "the city of Khan Yunis", "the battle of Khan
    Yunis", "Gaza city", "invaded Rafah".
    """
    while token.dep_ in ("conj", "appos") and token.head.i != token.i:
        token = token.head
    head = token.head
    if token.dep_ == "pobj":
        if head.lower_ in LOCATIVE_PREPS:
            return True
        owner = head.head
        if head.lower_ == "of" and _place_like(owner):
            return True  # "the city of Khan Yunis"
        return head.lower_ in ("of", "for") and classify(owner) is not None  # "battle for X"
    if token.dep_ == "compound":
        return _place_like(head)
    return token.dep_ in ("dobj", "nsubjpass") and lemma(head) in LOCATIVE_VERBS


def _place_like(token: Token) -> bool:
    return lemma(token) in PLACE_WORDS or token.ent_type_ in ("GPE", "LOC", "FAC")
