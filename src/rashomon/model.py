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
    # the other claimants named with the source, "the mayor and the governor said": each
    # states the content too (a figure in it is given to each, never merged)
    co_claimant_ids: tuple[str, ...] = ()
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
    claims: tuple[Claim, ...] = ()
    figures: tuple[Figure, ...] = ()
    events: tuple[Event, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    places: tuple[Place, ...] = ()

    def claimant(self, claimant_id: str | None) -> Claimant | None:
        for claimant in self.claimants:
            if claimant.id == claimant_id:
                return claimant
        return None


# ---------------------------------------------------------------------------------------
# Claims, events, figures (issue 4). Offsets are into Article.text, like everything above.
# ---------------------------------------------------------------------------------------


class ClaimType(StrEnum):
    FACT = "fact"  # checkable: "two soldiers were wounded"
    JUDGEMENT = "judgement"  # opinion, evaluation: "far from being a success"
    PREDICTION = "prediction"  # about the future: "will complicate the political scene"
    EVIDENCE = "evidence"  # a report of evidence: "released a video", "no footage"


class Precision(StrEnum):
    MINUTE = "minute"
    HOUR = "hour"
    PART_OF_DAY = "part_of_day"  # "the early hours of Friday"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class FigureCategory(StrEnum):
    KILLED = "killed"
    WOUNDED = "wounded"
    KILLED_OR_WOUNDED = "killed_or_wounded"  # "killed and wounded", "casualties"
    MISSING = "missing"
    CAPTURED = "captured"  # taken captive, abducted, held hostage
    DETAINED = "detained"  # arrested by authorities
    RELEASED = "released"
    DISPLACED = "displaced"
    # breakdowns: a group counted among the victims of a toll (``Figure.among`` names it)
    CHILDREN = "children"
    WOMEN = "women"
    MEN = "men"
    EMPLOYEES = "employees"
    BODIES = "bodies"  # bodies counted or recovered: not a toll (``among`` is killed)
    SERIOUS = "serious"  # wounded in serious or critical condition (``among`` is wounded)


class FigureQualifier(StrEnum):
    EXACT = "exact"
    AT_LEAST = "at_least"  # "at least", "no fewer than"
    MORE_THAN = "more_than"  # "more than", "over"
    AT_MOST = "at_most"  # "up to", "at most", "no more than"
    LESS_THAN = "less_than"  # "fewer than", "under"
    APPROXIMATE = "approximate"  # "about", "nearly", "some", "roughly"
    RANGE = "range"  # "between 100 and 300", "100-300", "three to four"
    VAGUE = "vague"  # "several", "dozens", "scores of", "hundreds": documented ranges


class FigureAttribution(StrEnum):
    """How a figure's claimant was found (a convention of news writing, docs/figures.md)."""

    DIRECT = "direct"  # inside an attribution's content: "40 were killed, he said"
    CARRY_OVER = "carry-over"  # a later sentence still under the last named source
    AFTER_THE_FACT = "after-the-fact"  # "... 24 injured. This was reported by the mayor"
    LEDE = "lede"  # a lede with a plural or described source: "..., local officials said"
    EARLIER = "earlier-report"  # "Earlier it was reported 16 dead": the updater's old count
    OUTLET = "outlet"  # the outlet's own voice
    READER = "reader"  # a reader's comment


@dataclass(frozen=True, slots=True)
class Hedge:
    """A hedge word and the stretch of text it scopes over."""

    cue: TextSpan  # "likely", "reportedly", "allegedly", "may"
    scope: TextSpan


@dataclass(frozen=True, slots=True)
class Claim:
    """A proposition with a claimant: an attribution's content, or a sentence of the outlet.

    ``adopted_from`` is set on an outlet claim that asserts, in the outlet's own voice, what
    another claimant's claim (that id) says elsewhere in the article.
    """

    id: str  # "claim-1", ...
    claimant_id: str | None  # "outlet", "reader-1", a claimant id, or None (unresolved)
    text: TextSpan  # covering span
    fragments: tuple[TextSpan, ...]
    type: ClaimType
    part: PartKind = PartKind.BODY
    attribution_id: str | None = None  # "att-N" for attributed claims
    hedges: tuple[Hedge, ...] = ()
    adopted_from: str | None = None


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A normalised time: ``value`` is ISO 8601 (date, or date and time) or None when it
    cannot be placed; a duration has ``duration`` (ISO 8601, e.g. "P7D", "P3W/P4W")."""

    text: TextSpan
    value: str | None
    precision: Precision | None
    derived_from: str  # "explicit", "metadata", "weekday", "relative", "anchor", ...
    duration: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A geocoded place mention. ``lat``/``lon`` are None when not found."""

    text: TextSpan
    name: str  # canonical name ("Khan Yunis")
    kind: str  # "city", "region", "country", "landmark", "area"
    country: str | None = None  # ISO 3166 alpha-2
    lat: float | None = None
    lon: float | None = None
    precision: str = "city"  # how exact the coordinates are: "point", "city", "region", "country"
    alternatives: tuple[str, ...] = ()  # other readings when ambiguous ("Rafah, EG")
    source: str = ""  # "geonames:<id>", "curated:<key>"


@dataclass(frozen=True, slots=True)
class Figure:
    """A count stated by one claimant: never merged with another claimant's figure."""

    id: str  # "fig-1", ...
    text: TextSpan
    category: FigureCategory
    victim_group: str | None  # "soldiers", "civilians", "captives", "children", "patients"...
    low: int | None  # None when open
    high: int | None  # None when open ("more than 300": low=301, high=None)
    qualifier: FigureQualifier
    claimant_id: str | None = None
    claim_id: str | None = None
    value: int | None = None  # the number as written ("more than 30": 30); None when vague
    among: FigureCategory | None = None  # a breakdown's toll: "including 4 children" (killed)
    attribution: FigureAttribution = FigureAttribution.DIRECT  # how the claimant was found
    sentence: TextSpan | None = None  # the sentence stating it (a reader checks it there)


class EventType(StrEnum):
    """A small ontology; PLOVER equivalents in events/ontology.py."""

    ATTACK = "attack"
    AIR_STRIKE = "air_strike"
    SHELLING = "shelling"
    RAID = "raid"  # also rescue attempts
    KILLING = "killing"
    WOUNDING = "wounding"
    ABDUCTION = "abduction"
    DETENTION = "detention"
    RELEASE = "release"  # also exchanges
    CEASEFIRE = "ceasefire"
    SEIZURE = "seizure"
    DISPLACEMENT = "displacement"
    EXPLOSION = "explosion"  # cause unknown or disputed
    EVIDENCE = "evidence"  # release of a video, statement of evidence


@dataclass(frozen=True, slots=True)
class Event:
    id: str  # "ev-1", ...
    type: EventType
    plover: str | None  # PLOVER event type where one exists ("ASSAULT", "COERCE", ...)
    trigger: TextSpan
    when: TimeExpression | None = None
    where: tuple[Place, ...] = ()
    actor: TextSpan | None = None
    target: TextSpan | None = None
    victims: TextSpan | None = None
    claim_ids: tuple[str, ...] = ()
    figure_ids: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------
# Across articles (issue 5): wire copies and entities merged across outlets.
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CopyGroup:
    """Articles that are copies or updates of one wire story: one source, not several.

    ``original_id`` is the earliest published member (ties: input order); ``agency`` the
    originating agency when the text names it (Reuters, AP, AFP...)."""

    id: str  # "copy-1", ...
    article_ids: tuple[str, ...]
    original_id: str
    agency: str | None = None
    similarity: float = 0.0  # lowest estimated Jaccard similarity within the group


@dataclass(frozen=True, slots=True)
class EntityMention:
    """One article's claimant that belongs to a cross-article entity."""

    article_id: str
    claimant_id: str
    name: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A claimant or person merged across articles (Sahar / Saar / Sa'ar Baruch; IDF = Israeli
    military), with the article claimants it groups. ``part_of`` is another Entity's id."""

    id: str  # "ent-1", ...
    name: str
    type: ClaimantType
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    part_of: str | None = None
    mentions: tuple[EntityMention, ...] = ()


@dataclass(frozen=True, slots=True)
class EventRef:
    """One article's event, by ids."""

    article_id: str
    event_id: str


@dataclass(frozen=True, slots=True)
class Incident:
    """Events across articles that are one happening."""

    id: str  # "inc-1", ...
    type: EventType
    events: tuple[EventRef, ...]
    article_ids: tuple[str, ...]  # every article holding one of the events (input ids)
    start: date | None = None
    end: date | None = None
    places: tuple[str, ...] = ()  # canonical place names
    rules: tuple[str, ...] = ()  # versions of the rules and data files that linked it


@dataclass(frozen=True, slots=True)
class Appearance:
    """Where one value of one claimant appears: the article, its outlet and date."""

    article_id: str
    outlet: str | None
    published: date | None
    text: str  # the claim or figure text as it appears there
    url: str | None = None  # the article's URL
    quote: str = ""  # the sentence stating it (a reader checks the value there)
    attribution: str = ""  # how the claimant was found: direct, carry-over, lede, outlet...
    written_as: str = ""  # the claimant's name as this article writes it


@dataclass(frozen=True, slots=True)
class SlotClaim:
    """One claimant's value for one slot of an incident's ledger.

    ``value`` is a normalised label ("israeli air strike", "killed:people") or, for counts,
    None with ``low``/``high``. ``sources`` counts independent sources: copies of one wire
    story count once. ``adopted_by`` lists outlets asserting it in their own voice."""

    slot: str  # "deaths", "wounded:soldiers", "responsible", "cause", "status", "place", "time"
    claimant: str  # an Entity id
    claimant_name: str
    value: str | None
    low: int | None = None
    high: int | None = None
    first_seen: Appearance | None = None
    appearances: tuple[Appearance, ...] = ()
    sources: int = 1
    adopted_by: tuple[str, ...] = ()
    side: str = ""  # the entity id speaking for the claimant's body (compare.sides); "" unknown
    side_name: str = ""
    number: int | None = None  # counts: the number as written ("more than 30": 30)
    written: str = ""  # counts: the value as written ("more than 30", "nearly 300"); "" bounds


class ConflictStrength(StrEnum):
    FIRM = "firm"  # both values cannot be true
    POSSIBLE = "possible"  # they only may be inconsistent


@dataclass(frozen=True, slots=True)
class ConflictSide:
    """One side of a conflict: the body, its claimants holding values, and its range."""

    side: str  # the side's entity id
    name: str
    claimants: tuple[str, ...]  # Entity ids
    values: tuple[str, ...]  # as displayed, in order of first appearance
    low: int | None = None  # counts: the side's lowest bound (None: open or a label slot)
    high: int | None = None
    display: str = ""  # "20-90", "at least 90", "civilian / military"


@dataclass(frozen=True, slots=True)
class Conflict:
    """Different values of the same slot from different claimants.

    ``strength`` is "firm" when both values cannot be true (471 vs 100-300 killed), or
    "possible" when they only may be inconsistent: clock times whose zones may differ, or
    labels that are not quite the same proposition ("no crater" vs "nothing is left")."""

    slot: str
    claimants: tuple[str, ...]  # Entity ids
    values: tuple[str, ...]  # as displayed ("471", "100-300", "israeli air strike")
    strength: ConflictStrength = ConflictStrength.FIRM
    sides: tuple[ConflictSide, ...] = ()  # per side, its claimants and range (ledger sides)


@dataclass(frozen=True, slots=True)
class Change:
    """One claimant's value for a slot changing over time."""

    claimant: str
    slot: str
    before: str
    after: str
    dates: tuple[date | None, date | None]
    side: str = ""  # the side whose account changed (its entity id)
    steps: int = 1  # >1: the net change of a count over that many successive changes


@dataclass(frozen=True, slots=True)
class Comparison:
    """The side-by-side ledger of one incident. Never decides who is right."""

    incident: Incident
    claims: tuple[SlotClaim, ...]
    conflicts: tuple[Conflict, ...] = ()
    changes: tuple[Change, ...] = ()
    agreements: tuple[tuple[str, ...], ...] = ()  # claimant ids agreeing on a slot value
    copies: tuple[CopyGroup, ...] = ()
    entities: tuple[Entity, ...] = ()
    rules: tuple[str, ...] = ()  # versions of the rules and data files that built it
