"""Who speaks in sentences that no attribution covers: conventions of news writing.

An attribution covers its own sentence. News writing lets a source govern more than that,
and these rules (tested in tests/attribution/test_discourse.py) say where, sentence by
sentence, for the outlet's body text:

* **after the fact**: "2 were killed and 24 injured. This was reported by the mayor ...":
  an attribution whose content is only an anaphor ("this", "that", "these figures") gives
  its claimant to the unattributed sentences just before it (back to the previous
  attribution, within its paragraph or, when it opens a paragraph, the one before);
* **carry-over**: "Six were killed, Governor X said on television. Forty were injured." A
  run of unattributed sentences right after a sentence with a named source stays under that
  source while it goes on in one paragraph, or through short wire-style paragraphs (one or
  two sentences each). The run ends at another source, at a longer paragraph boundary, at a
  title, caption or other part, and after ``MAX_CARRY`` sentences. A run that ends at an
  attribution of the same claimant (the "sandwich": "..., X said. Forty were injured.
  Sixteen are missing, X said.") is the surest case;
* the outlet's own voice everywhere else.

Speakers are the resolved claimants of ``resolve_claimants``: an unresolved source (None)
and the outlet or a reader never carry over. Negated attributions ("did not say") carry
nothing. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rashomon.model import (
    Attribution,
    Claim,
    Claimant,
    Figure,
    FigureAttribution,
    PartKind,
    TextSpan,
)
from rashomon.parse import ParsedArticle

MAX_CARRY = 3  # sentences a source keeps after its own sentence
SHORT_PARAGRAPH = 2  # sentences: wire copy sets one or two per paragraph
_ANAPHOR = re.compile(
    r"(?:this|that|these|those|it|so|this information|this news|the information|the news|"
    r"these (?:figures|numbers|data)|the (?:figures|numbers|toll|data))[.,:;]?",
    re.IGNORECASE,
)
_PARAGRAPH_BREAK = re.compile(r"\n\s*")
# a sentence that names its own vague source is not carried: "were reportedly killed"
_HEARSAY = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|according to|unconfirmed|it is (?:said|believed))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Voice:
    """The claimant that conventions give one unattributed sentence, and which one."""

    claimant_id: str
    how: FigureAttribution
    attribution: int  # 0-based index of the attribution that names the claimant


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
) -> dict[int, Voice]:
    """Start offset of each body sentence that no attribution covers -> the claimant that
    news-writing conventions give it (sentences left to the outlet are absent)."""
    by_id = {c.id: c for c in claimants}
    sentences = _sentences(parsed)
    covered = [False] * len(sentences)
    named: list[tuple[int, int] | None] = [None] * len(sentences)  # (attribution, coverage)
    pointing_back: list[int | None] = [None] * len(sentences)
    spilled: dict[int, Voice] = {}
    for k, attribution in enumerate(attributions):
        anchor = attribution.cue or attribution.source or attribution.content[0]
        for i, sentence in enumerate(sentences):
            spans = [*attribution.content, anchor]
            if not any(_overlaps(s, sentence) for s in spans):
                continue
            covered[i] = True
            speaker = _speaker(attribution, by_id)
            if speaker is None:
                continue
            if not _overlaps(anchor, sentence):
                # the content of a source named in another sentence runs into this one
                spilled.setdefault(sentence.start, Voice(speaker, FigureAttribution.CARRY_OVER, k))
                continue
            if _anaphoric(attribution):
                pointing_back[i] = k
                continue
            size = sum(min(f.end, sentence.end) - max(f.start, sentence.start) for f in spans)
            best = named[i]
            if best is None or size > best[1]:
                named[i] = (k, size)
    voices: dict[int, Voice] = {}
    _after_the_fact(sentences, covered, pointing_back, attributions, voices)
    _carry_over(sentences, covered, named, attributions, voices)
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
            voice = Voice(claimant, FigureAttribution.AFTER_THE_FACT, k)
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
    attributions: Sequence[Attribution],
    voices: dict[int, Voice],
) -> None:
    sizes = _paragraph_sizes(sentences)
    current: int | None = None  # attribution whose claimant the run carries
    run = 0
    for i, sentence in enumerate(sentences):
        if not sentence.body:
            current, run = None, 0
            continue
        found = named[i]
        if found is not None:
            current, run = found[0], 0
            continue
        if covered[i] or current is None or _HEARSAY.search(sentence.text):
            current = None  # another voice, or the outlet's own framing, takes over
            continue
        previous = sentences[i - 1]
        crossing = previous.paragraph != sentence.paragraph
        if crossing and max(sizes[previous.paragraph], sizes[sentence.paragraph]) > SHORT_PARAGRAPH:
            current = None
            continue
        run += 1
        if run > MAX_CARRY:
            current = None
            continue
        claimant = attributions[current].claimant_id
        assert claimant is not None
        voices.setdefault(sentence.start, Voice(claimant, FigureAttribution.CARRY_OVER, current))


def carry_claims(claims: Sequence[Claim], figures: Sequence[Figure]) -> list[Claim]:
    """The outlet's sentence claims that hold a figure another claimant was given by these
    conventions become that claimant's: a figure and the claim stating it share a claimant."""
    given = {
        f.claim_id: f.claimant_id
        for f in figures
        if f.claim_id is not None
        and f.claimant_id is not None
        and f.attribution in (FigureAttribution.CARRY_OVER, FigureAttribution.AFTER_THE_FACT)
    }
    return [
        replace(c, claimant_id=given[c.id])
        if c.id in given and c.attribution_id is None and c.claimant_id == "outlet"
        else c
        for c in claims
    ]
