"""The event ontology: what each ``EventType`` means, its trigger words and its PLOVER type.

One frozen table, ``ONTOLOGY``, read by ``triggers`` (which words start an event mention) and
``assemble`` (which mentions may merge into one happening, which figures fit an event, which
type names a merged event), and ``LINK_FAMILIES``, read by ``rashomon.link`` (which event
types are one kind of happening across articles). Documented with the PLOVER mapping in
``docs/events.md``.

PLOVER types and modes are taken from the PLOVER manual (draft 0.7b1) and the
CAMEO-to-PLOVER table (draft 0.8, 2021) of the Open Event Data Alliance. PLOVER codes
deliberate acts by a source actor; where it has no category for one of our types
(displacement, an explosion of unknown cause, a report of evidence) ``plover`` is None.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from rashomon.model import EventType, FigureCategory

ONTOLOGY_VERSION = "events.en.v1"


class Family(StrEnum):
    """Event types that can be aspects of one happening: only one family merges."""

    INCIDENT = "incident"  # violence and its results: attack, raid, killing, detention...
    TRUCE = "truce"  # a ceasefire and the releases done under it
    DISPLACEMENT = "displacement"
    EVIDENCE = "evidence"


@dataclass(frozen=True, slots=True)
class EventDefinition:
    """One row of the ontology.

    ``verbs`` and ``nouns`` are lower-case lemmas that start a mention; the context rules in
    ``triggers`` decide the ambiguous ones (``context`` says which). ``figures`` are the
    figure categories an event of this type can hold.
    """

    type: EventType
    definition: str
    plover: str | None
    plover_mode: str | None
    family: Family
    verbs: frozenset[str]
    nouns: frozenset[str]
    figures: frozenset[FigureCategory]
    context: str = ""


_HARM = frozenset(
    {
        FigureCategory.KILLED,
        FigureCategory.WOUNDED,
        FigureCategory.KILLED_OR_WOUNDED,
        FigureCategory.MISSING,
        FigureCategory.CAPTURED,
    }
)


def words(text: str) -> frozenset[str]:
    """A word set from a space-separated string (lexicons read better as prose)."""
    return frozenset(text.split())


def _row(
    event_type: EventType,
    definition: str,
    plover: str | None,
    plover_mode: str | None,
    family: Family,
    verbs: str,
    nouns: str,
    figures: frozenset[FigureCategory],
    context: str = "",
) -> EventDefinition:
    return EventDefinition(
        type=event_type,
        definition=definition,
        plover=plover,
        plover_mode=plover_mode,
        family=family,
        verbs=words(verbs),
        nouns=words(nouns),
        figures=figures,
        context=context,
    )


_ROWS = (
    _row(
        EventType.ATTACK,
        "Armed force used against people, places or forces on the ground: an attack, "
        "assault, storming, clash, battle, invasion or shooting, also the taking of a place.",
        "ASSAULT",
        "firearms / heavy-weapons, by weapon",
        Family.INCIDENT,
        "attack assault storm ambush invade clash fight shoot",
        "attack assault offensive invasion incursion clash battle fighting firefight "
        "gunfight gunbattle skirmish ambush shooting gunfire",
        _HARM,
        "seize/capture + a place ('seized the town') is an attack; 'blew up' with an agent",
    ),
    _row(
        EventType.AIR_STRIKE,
        "An attack delivered from the air: aircraft, drones, missiles; a bombing, "
        "bombardment or raid from the air.",
        "ASSAULT",
        "heavy-weapons (CAMEO 195 'employ aerial weapons')",
        Family.INCIDENT,
        "bomb bombard",
        "airstrike strike bombing bombardment",
        _HARM,
        "'strike'/'raid'/'attack' with an air word (air, drone, jet, warplane...)",
    ),
    _row(
        EventType.SHELLING,
        "Indirect fire from the ground: artillery, tank, mortar or rocket fire.",
        "ASSAULT",
        "heavy-weapons",
        Family.INCIDENT,
        "shell",
        "shelling",
        _HARM,
        "'fire'/'attack'/'strike' with artillery, mortar, rocket, tank or shell",
    ),
    _row(
        EventType.RAID,
        "A ground raid or incursion by a force, including rescue attempts: an operation "
        "aimed at releasing or rescuing someone, an infiltration.",
        "ASSAULT",
        "firearms (when shots are fired)",
        Family.INCIDENT,
        "raid infiltrate rescue",
        "raid rescue",
        _HARM,
        "'operation/mission/attempt' + 'rescue' or a purpose 'to free/release'",
    ),
    _row(
        EventType.KILLING,
        "People killed or dead by violence: killing, death, massacre, murder, execution.",
        "ASSAULT",
        "the 'dead' field; assassinate / execute / cleansing (mass killing) as modes",
        Family.INCIDENT,
        "kill murder assassinate execute slay massacre die behead lynch",
        "killing death massacre murder execution assassination slaying",
        frozenset({FigureCategory.KILLED, FigureCategory.KILLED_OR_WOUNDED}),
        "'death toll'; 'shot dead'",
    ),
    _row(
        EventType.WOUNDING,
        "People wounded or injured by violence.",
        "ASSAULT",
        "the 'injured' field",
        Family.INCIDENT,
        "wound injure maim hurt",
        "injury wound wounding",
        frozenset({FigureCategory.WOUNDED, FigureCategory.KILLED_OR_WOUNDED}),
        "",
    ),
    _row(
        EventType.ABDUCTION,
        "People taken or held captive by an armed group or person: abduction, kidnapping, "
        "hostage-taking.",
        "ASSAULT",
        "abduct",
        Family.INCIDENT,
        "abduct kidnap",
        "abduction kidnapping kidnap",
        frozenset({FigureCategory.CAPTURED, FigureCategory.MISSING}),
        "'take/hold hostage or captive'; seize/capture + a person",
    ),
    _row(
        EventType.DETENTION,
        "People arrested, detained or imprisoned by an authority.",
        "COERCE",
        "arrest",
        Family.INCIDENT,
        "detain arrest imprison jail",
        "arrest detention imprisonment internment",
        frozenset({FigureCategory.DETAINED}),
        "",
    ),
    _row(
        EventType.RELEASE,
        "Captives, hostages, prisoners or detainees set free, also in an exchange or swap.",
        "RETREAT",
        "release",
        Family.TRUCE,
        "release free exchange swap",
        "release freeing exchange swap liberation",
        frozenset({FigureCategory.RELEASED}),
        "only with people released: 'released a video' is evidence, 'in exchange for' none",
    ),
    _row(
        EventType.CEASEFIRE,
        "A ceasefire, truce or pause in fighting that takes effect (a promise of one is "
        "not an event).",
        "RETREAT",
        "ceasefire (a declared but not implemented one is CONCEDE)",
        Family.TRUCE,
        "",
        "ceasefire truce armistice",
        frozenset({FigureCategory.RELEASED}),
        "'cease-fire'; 'humanitarian pause', 'pause in the fighting'",
    ),
    _row(
        EventType.SEIZURE,
        "Objects seized or confiscated: weapons, equipment, vehicles, property.",
        "COERCE",
        "confiscate",
        Family.INCIDENT,
        "seize confiscate capture",
        "seizure confiscation capture",
        frozenset(),
        "seize + an object; + a person is abduction, + a place an attack",
    ),
    _row(
        EventType.DISPLACEMENT,
        "People forced from their homes or an area: displacement, flight, evacuation, expulsion.",
        None,
        "none (a 'migration' context; forced expulsion: COERCE deport, ASSAULT cleansing)",
        Family.DISPLACEMENT,
        "displace flee evacuate expel uproot",
        "displacement evacuation exodus expulsion",
        frozenset({FigureCategory.DISPLACED}),
        "",
    ),
    _row(
        EventType.EXPLOSION,
        "An explosion or blast whose cause the article does not state in its own voice "
        "(unknown or disputed).",
        None,
        "none (PLOVER codes only deliberate acts; ASSAULT explosives once a cause is given)",
        Family.INCIDENT,
        "explode detonate",
        "explosion blast detonation",
        _HARM,
        "'blow up' without an agent",
    ),
    _row(
        EventType.EVIDENCE,
        "Evidence made public: a video, footage, images, a recording released or provided.",
        None,
        "none (PLOVER dropped CAMEO's comment categories 01 and 02)",
        Family.EVIDENCE,
        "release publish post broadcast air share provide present circulate",
        "",
        frozenset(),
        "only with an evidence object: video, footage, images, photos, recording, evidence",
    ),
)

ONTOLOGY: Mapping[EventType, EventDefinition] = MappingProxyType({row.type: row for row in _ROWS})

# The type that names a merged happening: the first present in this order. An explosion
# whose cause only claimants give stays an EXPLOSION (see ``assemble``).
PRIORITY: tuple[EventType, ...] = (
    EventType.RAID,
    EventType.AIR_STRIKE,
    EventType.SHELLING,
    EventType.ATTACK,
    EventType.EXPLOSION,
    EventType.ABDUCTION,
    EventType.DETENTION,
    EventType.SEIZURE,
    EventType.KILLING,
    EventType.WOUNDING,
    EventType.CEASEFIRE,
    EventType.RELEASE,
    EventType.DISPLACEMENT,
    EventType.EVIDENCE,
)

# The kinds of happening articles are linked by into incidents (``rashomon.link``): coarser
# across articles than ``Family`` is within one (violence is one kind, a raid, a captivity,
# a seizure or a displacement another); a type absent here (evidence) never starts an incident.
LINK_FAMILIES: Mapping[EventType, str] = MappingProxyType(
    {
        EventType.ATTACK: "violence",
        EventType.AIR_STRIKE: "violence",
        EventType.SHELLING: "violence",
        EventType.EXPLOSION: "violence",
        EventType.KILLING: "violence",
        EventType.WOUNDING: "violence",
        EventType.RAID: "raid",
        EventType.ABDUCTION: "captivity",
        EventType.DETENTION: "captivity",
        EventType.RELEASE: "captivity",
        EventType.CEASEFIRE: "captivity",
        EventType.SEIZURE: "seizure",
        EventType.DISPLACEMENT: "displacement",
    }
)

# Types whose mentions name a cause of harm; used for the disputed-explosion rule.
CAUSE_TYPES = frozenset(
    {EventType.ATTACK, EventType.AIR_STRIKE, EventType.SHELLING, EventType.RAID}
)

# Types whose patient is a victim group (the killed, the wounded, the captives...).
VICTIM_TYPES: tuple[EventType, ...] = (
    EventType.KILLING,
    EventType.WOUNDING,
    EventType.ABDUCTION,
    EventType.DETENTION,
    EventType.RELEASE,
    EventType.DISPLACEMENT,
)


def plover_type(event_type: EventType) -> str | None:
    """The PLOVER event type of ``event_type`` (None where PLOVER has none)."""
    return ONTOLOGY[event_type].plover


def family_of(event_type: EventType) -> Family:
    return ONTOLOGY[event_type].family
