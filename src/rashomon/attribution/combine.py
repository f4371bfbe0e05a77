"""Combine the learned tagger's attributions with the rules' ones.

The tagger finds more (paraphrase, internal states, nominal cues); the rules keep precise
patterns the tagger sometimes gets wrong (a statement "read" after a quote, "was explained by
X as", "vowed to Y that"). The tagger's attributions are kept, except where a rule attribution
over the same content names a speaker the tagger's lacks (no source, or only "who"/"the");
a rule attribution also joins when its content overlaps none of the tagger's, or when it
is nested inside one (reported speech within reported speech, which the tagger's one label
per token cannot express).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from rashomon.model import Attribution, TextSpan

FUNCTION_WORDS = frozenset({"who", "which", "that", "the", "this", "these", "a", "an", "it"})


def _overlaps(a: Attribution, b: Attribution) -> bool:
    return any(x.start < y.end and y.start < x.end for x in a.content for y in b.content)


def _source_quality(attribution: Attribution) -> int:
    """0: no source; 1: a bare function word; 2: a name or noun phrase."""
    if attribution.source is None:
        return 0
    return 1 if attribution.source.text.strip().lower() in FUNCTION_WORDS else 2


def _rule_reads_better(rule: Attribution, tagged: Attribution) -> bool:
    """Same cue: the rule's speaker wins when it is better named, or when it stands between
    the tagger's speaker and the cue ("the blast, which the ministry said killed ...")."""
    if _source_quality(rule) != _source_quality(tagged):
        return _source_quality(rule) > _source_quality(tagged)
    if rule.source is None or tagged.source is None or rule.cue is None:
        return False
    return tagged.source.end <= rule.source.start and rule.source.end <= rule.cue.start


def _nested(inner: Attribution, outer: Attribution) -> bool:
    """``inner`` (cue and content) lies inside ``outer``'s content: reported speech within
    reported speech ("X has estimated 100 to 300, according to Y")."""
    if inner.cue is None or outer.cue is None:
        return False
    if not outer.cue.text.lower().startswith("according"):
        return False  # only "X said ..., according to Y": PolNeAR marks one label per token
    start, end = outer.content_start, outer.content_end
    return (
        start <= inner.cue.start
        and inner.cue.end <= end
        and start <= inner.content_start
        and inner.content_end <= end
        and (inner.content_end - inner.content_start) < (end - start)
    )


def _closes(rule: Attribution, tagged: Attribution) -> bool:
    """ "X said it struck ... killing 71, according to Y": a closing "according to" after
    another speaker's content is a second, outer attribution of the same words."""
    if rule.cue is None or tagged.cue is None:
        return False
    return (
        rule.cue.text.lower().startswith("according")
        and tagged.cue.start < rule.cue.start
        and tagged.content_end <= rule.cue.start
    )


def _signed(rule: Attribution, tagged: Attribution) -> bool:
    """An embedded post signed "— Name (@handle) date" holds whatever the tagger read in it."""
    if rule.cue is None or rule.cue.text not in ("—", "–"):
        return False
    return rule.content_start <= tagged.content_start and tagged.content_end <= rule.content_end


_COUNT_SOURCE = re.compile(
    r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds)"
    r"(?: \w+)?",
    re.IGNORECASE,
)


# Labels that open a line of a page ("Source: ...", "Quote: ...", "Update: ..."): no speaker
LABELS = frozenset(
    {
        "source",
        "sources",
        "quote",
        "update",
        "updated",
        "details",
        "background",
        "previously",
        "note",
        "photo",
        "video",
        "read also",
        "read more",
        "editor's note",
    }
)


def _label_source(attribution: Attribution) -> bool:
    """ "Source: ..." read as a speaker named "Source" (or "Quote from X", whose speaker the
    rules read as X)."""
    if attribution.source is None:
        return False
    words = attribution.source.text.strip(" :").lower()
    return words in LABELS or words.split(" from ")[0] in LABELS


def _counted_participle(attribution: Attribution) -> bool:
    """ "2 people confirmed killed": a count and a participle, not a speaker and words."""
    if attribution.source is None:
        return False
    content = " ".join(f.text for f in attribution.content).split()
    return len(content) <= 2 and _COUNT_SOURCE.fullmatch(attribution.source.text) is not None


def _same_cue(a: Attribution, b: Attribution) -> bool:
    if a.cue is not None and b.cue is not None and a.cue.start == b.cue.start:
        return True
    # one speaker, one clause, the tagger's cue a word off ("Officials later raised the toll
    # to six, with 40 injured": "later" for "raised"): one reading
    return (
        a.source is not None
        and b.source is not None
        and (a.source.start, a.source.end) == (b.source.start, b.source.end)
        and a.cue is not None
        and b.cue is not None
        and abs(a.cue.start - b.cue.start) <= 12
    )


def _union(a: Attribution, b: Attribution) -> Attribution:
    """``a`` with its content grown to cover ``b``'s: the tagger sometimes skips words in the
    middle of a content ("At least 41 people were … when"), the parse does not."""
    fragments = sorted([*a.content, *b.content], key=lambda f: (f.start, f.end))
    merged: list[TextSpan] = []
    for fragment in fragments:
        last = merged[-1] if merged else None
        if last is not None and fragment.start <= last.end:
            if fragment.end > last.end:
                text = last.text + fragment.text[last.end - fragment.start :]
                merged[-1] = TextSpan(last.start, fragment.end, text)
        else:
            merged.append(fragment)
    return replace(a, content=tuple(merged))


def combine(tagged: Sequence[Attribution], rules: Sequence[Attribution]) -> list[Attribution]:
    """The combined attributions, in text order of content."""
    # misreadings dropped first, so they block no rule: "Source:" as a speaker, "2 people
    # confirmed killed" as speech
    kept = [t for t in tagged if not _counted_participle(t) and not _label_source(t)]
    for rule in rules:
        same = [t for t in kept if _same_cue(rule, t) and _overlaps(rule, t)]
        if same:
            # one cue, two readings: the better-named speaker wins, the content is the union
            best = rule if _rule_reads_better(rule, same[0]) else same[0]
            other = same[0] if best is rule else rule
            kept = [_union(best, other) if t is same[0] else t for t in kept]
            continue
        overlapping = [t for t in kept if _overlaps(rule, t)]
        if not overlapping or all(
            _nested(rule, t) or _nested(t, rule) or _closes(rule, t) or _signed(rule, t)
            for t in overlapping
        ):
            kept.append(rule)
        elif all(_source_quality(rule) > _source_quality(t) for t in overlapping):
            kept = [t for t in kept if t not in overlapping] + [rule]
    kept = [a for a in kept if not _counted_participle(a) and not _label_source(a)]
    kept.sort(key=lambda a: (a.content_start, a.content_end))
    return kept
