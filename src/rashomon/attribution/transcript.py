"""Transcripts and interviews: a paragraph "SPEAKER: words" is SPEAKER saying the words."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc

from rashomon.attribution.lexicon import CueEntry
from rashomon.attribution.spans import doc_text
from rashomon.attribution.verbal import Candidate

# an upper-case speaker label at the start of a paragraph, after an optional quote mark
SPEAKER_LINE = re.compile(
    r"^[ \t\"“]?(?P<speaker>[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,2})"
    r"(?P<colon>:)[ \t]+(?P<rest>\S)",
    re.MULTILINE,
)
NOT_SPEAKERS = frozenset({"UPDATE", "NOTE", "EDITOR", "WATCH", "READ", "PHOTO", "VIDEO", "MORE"})


def transcript_candidates(doc: Doc) -> Iterator[Candidate]:
    """One candidate per "NAME: ..." paragraph (cue: the colon; content: the rest)."""
    text = doc_text(doc)
    entry = CueEntry(lemma=":")
    matches = list(SPEAKER_LINE.finditer(text))
    if len(matches) < 2:
        return  # one "WASHINGTON: ..." line is a dateline, not a transcript
    for match in matches:
        speaker = match.group("speaker")
        if speaker.rstrip(".") in NOT_SPEAKERS or len(speaker) < 1:
            continue
        line_end = text.find("\n", match.start("rest"))
        line_end = len(text) if line_end == -1 else line_end
        source = doc.char_span(
            match.start("speaker"), match.end("speaker"), alignment_mode="expand"
        )
        colon = doc.char_span(match.start("colon"), match.end("colon"), alignment_mode="expand")
        content = doc.char_span(match.start("rest"), line_end, alignment_mode="expand")
        if source is None or colon is None or content is None or len(content) < 2:
            continue
        yield Candidate(
            cue=tuple(t.i for t in colon),
            head=colon[0].i,
            content=frozenset(t.i for t in content),
            source=frozenset(t.i for t in source),
            entry=entry,
        )
