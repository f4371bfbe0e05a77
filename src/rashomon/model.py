"""Plain, typed data passed between stages.

Every stage takes and returns these frozen dataclasses. Offsets are character offsets
(Python string indices, end exclusive) into ``Article.text``. Nothing here knows spaCy,
SQL or HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class PartKind(StrEnum):
    """What a stretch of the page is. Only BODY, TITLE, SUBHEAD and CAPTION are the outlet's."""

    TITLE = "title"
    BYLINE = "byline"
    CAPTION = "caption"
    BODY = "body"
    SUBHEAD = "subhead"
    SIGNOFF = "signoff"
    BOILERPLATE = "boilerplate"
    COMMENT = "comment"
    COMMENT_META = "comment_meta"


OUTLET_PARTS = frozenset({PartKind.TITLE, PartKind.CAPTION, PartKind.BODY, PartKind.SUBHEAD})


class PublishedSource(StrEnum):
    METADATA = "metadata"
    INFERRED = "inferred"


class AttributionKind(StrEnum):
    DIRECT = "direct"
    INDIRECT = "indirect"
    MIXED = "mixed"
    ACCORDING_TO = "according_to"
    NOMINAL = "nominal"


class CueStance(StrEnum):
    NEUTRAL = "neutral"
    DISTANCING = "distancing"
    ENDORSING = "endorsing"


class ClaimantType(StrEnum):
    PERSON = "person"
    ARMED_GROUP = "armed_group"
    MILITARY = "military"
    GOVERNMENT_BODY = "government_body"
    ORGANISATION = "organisation"
    MEDIA_OUTLET = "media_outlet"
    ANONYMOUS_SOURCE = "anonymous_source"
    READER = "reader"


class PiiKind(StrEnum):
    ID_NUMBER = "id_number"
    PHONE = "phone"
    EMAIL = "email"


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A stretch of ``Article.text``: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Part:
    """One stretch of the page with its role. ``index`` numbers comments (1, 2, ...)."""

    kind: PartKind
    start: int
    end: int
    index: int = 0


@dataclass(frozen=True, slots=True)
class Redaction:
    """A personal identifier replaced in place by a mask of the same length."""

    start: int
    end: int
    kind: PiiKind


@dataclass(frozen=True, slots=True)
class Article:
    """One input article. ``text`` is the whole page text; ``parts`` say what each stretch is."""

    id: str
    text: str
    parts: tuple[Part, ...]
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    byline: str | None = None
    published: date | None = None
    published_source: PublishedSource | None = None
    language: str = "en"
    origin: str = ""  # file path, URL or "corpus.jsonl:3": where it was read from
    redactions: tuple[Redaction, ...] = ()

    def part_at(self, offset: int) -> Part | None:
        """The part holding character ``offset`` (None when outside every part)."""
        for part in self.parts:
            if part.start <= offset < part.end:
                return part
        return None


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that could not be analysed, and why. The batch goes on without it."""

    origin: str
    code: str
    message: str
    article_id: str | None = None


@dataclass(frozen=True, slots=True)
class Claimant:
    """One speaker entity of an article: canonical name, aliases, type, role, affiliation."""

    id: str
    name: str
    type: ClaimantType
    role: str | None = None
    affiliation: str | None = None
    part_of: str | None = None  # id of the claimant this one belongs to (Al-Qassam -> Hamas)
    aliases: tuple[str, ...] = ()
    mentions: tuple[TextSpan, ...] = ()


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who (source) said (cue) what (content). Content may be discontinuous (fragments)."""

    source: TextSpan | None
    cue: TextSpan | None
    content: tuple[TextSpan, ...]
    kind: AttributionKind
    stance: CueStance = CueStance.NEUTRAL
    negated: bool = False
    passive: bool = False
    claimant_id: str | None = None
    reporter_id: str = "outlet"  # whose text reports it: the outlet, or a reader
    part: PartKind = PartKind.BODY
    method: str = "rules"  # "rules" or "tagger"
    rules: str = "cues.en.v1"

    @property
    def content_start(self) -> int:
        return self.content[0].start

    @property
    def content_end(self) -> int:
        return self.content[-1].end


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything rashomon found in one article."""

    article: Article
    attributions: tuple[Attribution, ...]
    claimants: tuple[Claimant, ...]
    model: str = ""
    rules: str = "cues.en.v1"
    version: str = ""
    warnings: tuple[str, ...] = field(default=())

    def claimant(self, claimant_id: str | None) -> Claimant | None:
        for claimant in self.claimants:
            if claimant.id == claimant_id:
                return claimant
        return None
