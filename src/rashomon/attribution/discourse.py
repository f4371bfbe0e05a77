"""Who speaks in sentences that no attribution covers: conventions of news writing.

An attribution covers its own sentence. News writing lets a source govern more than that,
and these rules (tested in tests/attribution/test_discourse.py) say where, sentence by
sentence, for the outlet's body text:

* **after the fact**: "2 were killed and 24 injured. This was reported by the mayor ...":
  an attribution whose content is only an anaphor ("this", "that", "these figures") gives
  its claimant to the unattributed sentences just before it (back to the previous
  attribution, within its paragraph or, when it opens a paragraph, the one before);
* **carry-over**: "Six were killed, Governor X said on television. Forty were injured." A
  run of unattributed sentences that state casualty figures, right after a sentence with a
  named source, stays under that source within its paragraph. The run ends at a sentence
  without figures (the outlet's framing), at another source, at a title, caption or other
  part, at background ("since", "amid", "a separate strike", "the total toll") or hearsay
  of its own ("reportedly"), and after ``MAX_CARRY`` sentences. It crosses paragraphs only
  through short wire-style paragraphs (one or two sentences) and only when the same
  claimant speaks again right after it (the "sandwich": "..., X said. ¶ Forty were injured.
  ¶ Sixteen are missing, X said.");
* **spilled content**: a sentence that holds part of the content of a source named in
  another sentence ("Among those killed were five children, said X. Another 109 were
  wounded") is that source's;
* **an earlier report**: "The death toll has increased to 17, the prosecutor said. ...
  Earlier it was reported about 16 dead." An update names the source of the new count; an
  impersonal earlier report of the same count ("earlier it was reported", "was previously
  put at") with no source of its own is that source's earlier count: each of its figures
  goes to the named claimant of the nearest figure of the same category before it;
* the outlet's own voice everywhere else.

Speakers are the resolved claimants of ``resolve_claimants``: an unresolved source (None)
and the outlet or a reader never carry over. Negated attributions ("did not say") carry
nothing. Pure.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from rashomon.model import (
    Attribution,
    Claim,
    Claimant,
    ClaimantType,
    Figure,
    FigureAttribution,
    PartKind,
    TextSpan,
)
from rashomon.parse import ParsedArticle

_PLURAL_SOURCES = ("officials", "authorities", "sources", "witnesses", "residents", "reports")
MAX_CARRY = 3  # sentences a source keeps after its own sentence
SHORT_PARAGRAPH = 2  # sentences: wire copy sets one or two per paragraph
_ANAPHOR = re.compile(
    r"(?:this|that|these|those|it|so|this information|this news|the information|the news|"
    r"these (?:figures|numbers|data)|the (?:figures|numbers|toll|data))[.,:;]?",
    re.IGNORECASE,
)
_PARAGRAPH_BREAK = re.compile(r"\n\s*")
# background the outlet gives, not the source's count: "since the invasion", "amid", "a
# separate strike", "the total toll of the war"
_BACKGROUND = re.compile(
    r"\b(?:since|amid|separate|total|overall|so far|previous|last (?:week|month|year))\b",
    re.IGNORECASE,
)
# a sentence that names its own vague source is not carried: "were reportedly killed"
_HEARSAY = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|according to|unconfirmed|it is (?:said|believed))\b",
    re.IGNORECASE,
)


# "Earlier it was reported ...", "It was previously said ...", "... was earlier put at 16"
_EARLIER_REPORT = re.compile(
    r"\b(?:earlier|previously|initially|before that)\b.{0,40}?\b(?:it|which) (?:was|had been|"
    r"has been) (?:\w+ )?(?:reported|said|stated|announced)\b"
    r"|\bit (?:was|had been|has been) (?:earlier|previously|initially) "
    r"(?:reported|said|stated|announced)\b"
    r"|\b(?:was|were|had been) (?:earlier|previously|initially) (?:reported|put|given|said)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Voice:
    """The claimant that conventions give one unattributed sentence, and which one."""

    claimant_id: str
    how: FigureAttribution
    attribution: int  # 0-based index of the attribution that names the claimant
    also: tuple[str, ...] = ()  # claimants named with it ("the mayor and the governor")


@dataclass(frozen=True, slots=True)
class _Sentence:
    start: int
    end: int
    paragraph: int
    body: bool
    text: str


def _sentences(parsed: ParsedArticle) -> list[_Sentence]:
    text = parsed.article.text
    breaks = [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]
    out: list[_Sentence] = []
    paragraph = 0
    for sent in parsed.doc.sents:
        while paragraph + 1 < len(breaks) and breaks[paragraph + 1] <= sent.start_char:
            paragraph += 1
        part = parsed.article.part_at(sent.start_char)
        body = part.kind is PartKind.BODY if part is not None else not parsed.article.parts
        if not sent.text.strip():
            continue
        out.append(_Sentence(sent.start_char, sent.end_char, paragraph, body, sent.text))
    return out


def _overlaps(span: TextSpan, sentence: _Sentence) -> bool:
    return span.start < sentence.end and sentence.start < span.end


def _touching(starts: list[int], span: TextSpan) -> range:
    """Indexes of the sentences (by start offsets) that ``span`` may overlap."""
    first = max(bisect.bisect_right(starts, span.start) - 1, 0)
    return range(first, bisect.bisect_left(starts, span.end))


def _anaphoric(attribution: Attribution) -> bool:
    """ "This was reported by ...", "X said this": content that only points back."""
    text = " ".join(f.text for f in attribution.content).strip()
    return bool(text) and _ANAPHOR.fullmatch(text) is not None


def _speaker(attribution: Attribution, claimants: dict[str, Claimant]) -> str | None:
    """The claimant an attribution can lend to other sentences, or None."""
    if attribution.negated or attribution.claimant_id is None:
        return None
    if attribution.claimant_id not in claimants:
        return None
    if attribution.claimant_id == "outlet" or attribution.claimant_id.startswith("reader-"):
        return None
    return attribution.claimant_id


def sentence_voices(
    parsed: ParsedArticle,
    attributions: Sequence[Attribution],
    claimants: Sequence[Claimant],
    reporting: Iterable[int] = (),
) -> dict[int, Voice]:
    """Start offset of each body sentence that no attribution covers -> the claimant that
    news-writing conventions give it (sentences left to the outlet are absent).

    ``reporting``: start offsets of the sentences that state casualty figures; a carried
    run goes on through those only (a sentence without figures is the outlet's framing).
    """
    by_id = {c.id: c for c in claimants}
    sentences = _sentences(parsed)
    covered = [False] * len(sentences)
    named: list[tuple[int, int] | None] = [None] * len(sentences)  # (attribution, coverage)
    pointing_back: list[int | None] = [None] * len(sentences)
    spilled: dict[int, Voice] = {}
    starts = [s.start for s in sentences]
    for k, attribution in enumerate(attributions):
        anchor = attribution.cue or attribution.source or attribution.content[0]
        spans = [*attribution.content, anchor]
        touched = sorted({i for s in spans for i in _touching(starts, s)})
        for i in touched:
            sentence = sentences[i]
            if not any(_overlaps(s, sentence) for s in spans):
                continue
            covered[i] = True
            speaker = _speaker(attribution, by_id)
            if speaker is None:
                continue
            if not _overlaps(anchor, sentence):
                # the content of a source named in another sentence runs into this one
                spill = Voice(speaker, FigureAttribution.CARRY_OVER, k, attribution.co_claimant_ids)
                spilled.setdefault(sentence.start, spill)
                continue
            if _anaphoric(attribution):
                pointing_back[i] = k
                continue
            size = sum(
                max(0, min(f.end, sentence.end) - max(f.start, sentence.start)) for f in spans
            )
            best = named[i]
            if best is None or size > best[1]:
                named[i] = (k, size)
    voices: dict[int, Voice] = {}
    _after_the_fact(sentences, covered, pointing_back, attributions, voices)
    _carry_over(sentences, covered, named, frozenset(reporting), voices, attributions)
    for start, voice in spilled.items():
        voices.setdefault(start, voice)
    return voices


def _after_the_fact(
    sentences: list[_Sentence],
    covered: list[bool],
    pointing_back: list[int | None],
    attributions: Sequence[Attribution],
    voices: dict[int, Voice],
) -> None:
    for i, k in enumerate(pointing_back):
        if k is None or not sentences[i].body:
            continue
        claimant = attributions[k].claimant_id
        assert claimant is not None
        opens = i == 0 or sentences[i - 1].paragraph != sentences[i].paragraph
        paragraph = sentences[i].paragraph - 1 if opens else sentences[i].paragraph
        j = i - 1
        while j >= 0 and sentences[j].paragraph == paragraph and sentences[j].body:
            if covered[j]:
                break
            also = attributions[k].co_claimant_ids
            voice = Voice(claimant, FigureAttribution.AFTER_THE_FACT, k, also)
            voices.setdefault(sentences[j].start, voice)
            j -= 1


def _paragraph_sizes(sentences: list[_Sentence]) -> dict[int, int]:
    sizes: dict[int, int] = {}
    for sentence in sentences:
        sizes[sentence.paragraph] = sizes.get(sentence.paragraph, 0) + 1
    return sizes


def _carry_over(
    sentences: list[_Sentence],
    covered: list[bool],
    named: list[tuple[int, int] | None],
    reporting: frozenset[int],
    voices: dict[int, Voice],
    attributions: Sequence[Attribution],
) -> None:
    """Runs of figure-reporting sentences after a named source keep it (see the module)."""
    sizes = _paragraph_sizes(sentences)
    for i, found in enumerate(named):
        if found is None or not sentences[i].body:
            continue
        k = found[0]
        run: list[int] = []
        j = i + 1
        while j < len(sentences) and len(run) < MAX_CARRY:
            sentence = sentences[j]
            if not sentence.body or covered[j] or sentence.start not in reporting:
                break  # another voice, another part, or the outlet's own framing takes over
            if _HEARSAY.search(sentence.text) or _BACKGROUND.search(sentence.text):
                break  # its own vague source, or background the outlet gives
            run.append(j)
            j += 1
        if not run:
            continue
        crossing = [r for r in run if sentences[r].paragraph != sentences[i].paragraph]
        if crossing:
            found_after = named[j] if j < len(named) else None
            sandwich = found_after is not None and (
                attributions[found_after[0]].claimant_id == attributions[k].claimant_id
            )
            short = all(sizes[sentences[r].paragraph] <= SHORT_PARAGRAPH for r in [i, *run])
            if not (sandwich and short):
                run = [r for r in run if r not in crossing]
        claimant = attributions[k].claimant_id
        assert claimant is not None
        for r in run:
            also = attributions[k].co_claimant_ids
            voice = Voice(claimant, FigureAttribution.CARRY_OVER, k, also)
            voices.setdefault(sentences[r].start, voice)


def lede_claims(
    parsed: ParsedArticle,
    attributions: Sequence[Attribution],
    claimants: Sequence[Claimant],
    claims: Sequence[Claim],
) -> frozenset[str]:
    """Ids of the claims of the lede's own plural or unnamed source: "... killed at least six
    people and injured dozens, local officials said" in the first body paragraph."""
    sentences = [s for s in _sentences(parsed) if s.body]
    if not sentences:
        return frozenset()
    first = sentences[0].paragraph
    lede_end = max(s.end for s in sentences if s.paragraph == first)
    unnamed = {
        c.id
        for c in claimants
        if c.type is ClaimantType.ANONYMOUS_SOURCE or c.name.lower().endswith(_PLURAL_SOURCES)
    }
    ledes = {
        f"att-{k}"
        for k, a in enumerate(attributions, start=1)
        if a.claimant_id in unnamed
        and (a.cue or a.content[0]).start < lede_end
        and (a.cue or a.content[0]).start >= sentences[0].start
    }
    return frozenset(c.id for c in claims if c.attribution_id in ledes)


def cue_starts(
    text: str, claims: Sequence[Claim], attributions: Sequence[Attribution]
) -> dict[str, int]:
    """Claim id -> where the paragraph holding the cue of its attribution starts."""
    starts: dict[str, int] = {}
    for claim in claims:
        if claim.attribution_id is None:
            continue
        index = int(claim.attribution_id.removeprefix("att-")) - 1
        cue = attributions[index].cue if 0 <= index < len(attributions) else None
        if cue is not None:
            starts[claim.id] = text.rfind("\n", 0, cue.start) + 1
    return starts


def give_voices(
    figures: Sequence[Figure],
    voices: Mapping[int, Voice],
    ledes: frozenset[str] = frozenset(),
    cues: Mapping[str, int] | None = None,
) -> list[Figure]:
    """The outlet's figures in sentences the conventions give another claimant become that
    claimant's, marked with how (``carry-over``, ``after-the-fact``). Of the figures inside
    an attribution's content, those whose cue comes in a later paragraph ("Source: X" under
    the lede) are marked ``after-the-fact``, those of the lede's plural or unnamed source
    ``lede`` (``cues``: claim id -> start of the cue's paragraph, from ``cue_starts``)."""
    out: list[Figure] = []
    for figure in figures:
        voice = None if figure.sentence is None else voices.get(figure.sentence.start)
        cue = None if cues is None or figure.claim_id is None else cues.get(figure.claim_id)
        if voice is not None and figure.attribution is FigureAttribution.OUTLET:
            figure = replace(figure, claimant_id=voice.claimant_id, attribution=voice.how)
            out.append(figure)
            out += [replace(figure, claimant_id=other) for other in voice.also]
            continue
        elif figure.attribution is not FigureAttribution.DIRECT:
            pass
        elif cue is not None and figure.sentence is not None and cue >= figure.sentence.end:
            figure = replace(figure, attribution=FigureAttribution.AFTER_THE_FACT)
        elif figure.claim_id in ledes:
            figure = replace(figure, attribution=FigureAttribution.LEDE)
        out.append(figure)
    # copies for co-claimants sit next to their figure: number them all again, in order
    return [replace(f, id=f"fig-{n}") for n, f in enumerate(out, start=1)]


def _named(figure: Figure) -> bool:
    claimant = figure.claimant_id
    return claimant is not None and claimant != "outlet" and not claimant.startswith("reader-")


def earlier_reports(parsed: ParsedArticle, figures: Sequence[Figure]) -> list[Figure]:
    """Figures of an impersonal earlier report ("Earlier it was reported about 16 dead")
    with no named source become the earlier count of the source that updates it: the named
    claimant of the nearest figure of the same category before it (see the module)."""
    text = parsed.article.text
    out: list[Figure] = []
    for n, figure in enumerate(figures):
        sentence = figure.sentence
        if (
            sentence is None
            or _named(figure)
            or figure.attribution not in (FigureAttribution.OUTLET, FigureAttribution.DIRECT)
            or _EARLIER_REPORT.search(text[sentence.start : sentence.end]) is None
        ):
            out.append(figure)
            continue
        before = [
            f
            for f in figures[:n]
            if f.category == figure.category
            and _named(f)
            and f.sentence is not None
            and f.sentence.end <= sentence.start
        ]
        if before:
            updated = before[-1]
            figure = replace(
                figure, claimant_id=updated.claimant_id, attribution=FigureAttribution.EARLIER
            )
        out.append(figure)
    return out


def carry_claims(claims: Sequence[Claim], figures: Sequence[Figure]) -> list[Claim]:
    """The outlet's sentence claims that hold a figure another claimant was given by these
    conventions become that claimant's: a figure and the claim stating it share a claimant."""
    given = {
        f.claim_id: f.claimant_id
        for f in figures
        if f.claim_id is not None
        and f.claimant_id is not None
        and f.attribution
        in (
            FigureAttribution.CARRY_OVER,
            FigureAttribution.AFTER_THE_FACT,
            FigureAttribution.EARLIER,
        )
    }
    return [
        # only the outlet adopts another's claim: a carried claim is its claimant's own;
        # an unresolved source's claim ("it was reported") takes the one given its figure
        replace(c, claimant_id=given[c.id], adopted_from=None)
        if c.id in given
        and ((c.attribution_id is None and c.claimant_id == "outlet") or c.claimant_id is None)
        else c
        for c in claims
    ]
