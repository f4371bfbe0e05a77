"""Events: the ontology and its PLOVER mapping, triggers, merging, participants, when/where.

Tiny fictional texts with hand-built times, places, figures and claims; the seed article
(../shared) with hand-built time and place inputs, and with the real stages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

import pytest
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from rashomon.config import Settings
from rashomon.errors import PipelineError
from rashomon.events.assemble import extract_events
from rashomon.events.ontology import LINK_FAMILIES, ONTOLOGY, PRIORITY, plover_type
from rashomon.events.triggers import EVENT_PARTS, find_triggers
from rashomon.ingest import read_inputs
from rashomon.model import (
    Article,
    Claim,
    ClaimType,
    Event,
    EventType,
    Figure,
    FigureCategory,
    FigureQualifier,
    Part,
    PartKind,
    Place,
    Precision,
    TextSpan,
    TimeExpression,
)
from rashomon.parse import ParsedArticle, parse_articles
from support import REPO, shared_path

E = EventType


def parse(nlp: Language, text: str, parts: tuple[Part, ...] | None = None) -> ParsedArticle:
    article = Article(id="t", text=text, parts=parts or (Part(PartKind.BODY, 0, len(text)),))
    return ParsedArticle(article, nlp(text))


def span(text: str, piece: str, nth: int = 0) -> TextSpan:
    starts = [m.start() for m in re.finditer(re.escape(piece), text)]
    start = starts[nth]
    return TextSpan(start, start + len(piece), piece)


def day(text: str, piece: str, value: str, **kwargs: str) -> TimeExpression:
    return TimeExpression(span(text, piece), value, Precision.DAY, "explicit", **kwargs)


def place(text: str, piece: str, kind: str = "city", nth: int = 0) -> Place:
    return Place(span(text, piece, nth), piece, kind, "XX", 1.0, 2.0)


def figure(
    text: str, piece: str, fid: str, category: FigureCategory, count: int, nth: int = 0
) -> Figure:
    return Figure(fid, span(text, piece, nth), category, None, count, count, FigureQualifier.EXACT)


def claim(text: str, piece: str, cid: str, claimant: str) -> Claim:
    s = span(text, piece)
    return Claim(cid, claimant, s, (s,), ClaimType.FACT)


def events(
    nlp: Language,
    text: str,
    *,
    times: Sequence[TimeExpression] = (),
    places: Sequence[Place] = (),
    figures: Sequence[Figure] = (),
    claims: Sequence[Claim] = (),
) -> list[Event]:
    return extract_events(parse(nlp, text), claims, figures, times, places)


def types(found: list[tuple[EventType, TextSpan, object]]) -> list[tuple[EventType, str]]:
    return [(kind, s.text) for kind, s, _ in found]


# ---------------------------------------------------------------------------------------
# Ontology and PLOVER
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event_type", "plover"),
    [
        (E.ATTACK, "ASSAULT"),
        (E.AIR_STRIKE, "ASSAULT"),
        (E.SHELLING, "ASSAULT"),
        (E.RAID, "ASSAULT"),
        (E.KILLING, "ASSAULT"),
        (E.WOUNDING, "ASSAULT"),
        (E.ABDUCTION, "ASSAULT"),
        (E.DETENTION, "COERCE"),
        (E.RELEASE, "RETREAT"),
        (E.CEASEFIRE, "RETREAT"),
        (E.SEIZURE, "COERCE"),
        (E.DISPLACEMENT, None),
        (E.EXPLOSION, None),
        (E.EVIDENCE, None),
    ],
)
def test_events_plover_mapping(event_type: EventType, plover: str | None) -> None:
    assert plover_type(event_type) == plover


def test_events_ontology_covers_every_type() -> None:
    assert set(ONTOLOGY) == set(EventType)
    assert set(PRIORITY) == set(EventType)
    assert all(row.definition and row.plover_mode for row in ONTOLOGY.values())


def test_events_docs_table_matches_ontology() -> None:
    """docs/events.md has one table row per type, with the PLOVER type of the code."""
    rows = {}
    for line in (REPO / "docs" / "events.md").read_text(encoding="utf-8").splitlines():
        found = re.match(r"\| `([a-z_]+)` \|", line)
        if found:
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows[found.group(1)] = cells[4]
    assert set(rows) == {t.value for t in EventType}
    for event_type in EventType:
        assert rows[event_type.value] == (plover_type(event_type) or "none")


# ---------------------------------------------------------------------------------------
# Triggers
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebel fighters attacked the police station in Dorvan.", [(E.ATTACK, "attacked")]),
        ("Troops stormed the compound.", [(E.ATTACK, "stormed")]),
        ("An air strike hit the market in Velmar.", [(E.AIR_STRIKE, "air strike")]),
        ("Warplanes bombed the bridge near Kessin.", [(E.AIR_STRIKE, "bombed")]),
        (
            "A drone strike killed a commander.",
            [(E.AIR_STRIKE, "drone strike"), (E.KILLING, "killed")],
        ),
        ("Artillery shelled the village overnight.", [(E.SHELLING, "shelled")]),
        ("Mortar fire hit the camp.", [(E.SHELLING, "Mortar fire")]),
        ("Militants fired rockets at Tarsk.", [(E.SHELLING, "fired")]),
        ("Commandos raided the farmhouse at dawn.", [(E.RAID, "raided")]),
        ("The army launched a rescue operation.", [(E.RAID, "rescue operation")]),
        ("Gunmen killed four villagers.", [(E.KILLING, "killed")]),
        (
            "Three guards were wounded in the clash.",
            [(E.WOUNDING, "wounded"), (E.ATTACK, "clash")],
        ),
        ("Militants kidnapped two aid workers.", [(E.ABDUCTION, "kidnapped")]),
        ("The gang took three tourists hostage.", [(E.ABDUCTION, "took")]),
        ("The rebels seized two soldiers.", [(E.ABDUCTION, "seized")]),
        ("Police arrested five protesters.", [(E.DETENTION, "arrested")]),
        ("The militia released twelve prisoners.", [(E.RELEASE, "released")]),
        ("The prisoners were freed on Sunday.", [(E.RELEASE, "freed")]),
        ("They were released in exchange for food.", [(E.RELEASE, "released")]),
        ("The group released a video of the prisoners.", [(E.EVIDENCE, "released")]),
        ("A ceasefire took effect at noon.", [(E.CEASEFIRE, "ceasefire")]),
        ("A cease-fire began on Monday.", [(E.CEASEFIRE, "cease-fire")]),
        ("Soldiers seized a rifle and two radios.", [(E.SEIZURE, "seized")]),
        ("The rebels seized the town of Marlow.", [(E.ATTACK, "seized")]),
        ("Thousands fled their homes.", [(E.DISPLACEMENT, "fled")]),
        ("An explosion destroyed the depot.", [(E.EXPLOSION, "explosion")]),
        ("A blast shook the port.", [(E.EXPLOSION, "blast")]),
    ],
)
def test_events_trigger_types(nlp: Language, text: str, expected: list[object]) -> None:
    assert types(find_triggers(parse(nlp, text))) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The army did not attack the village.",
        "Israel didn’t strike the hospital.",
        "No one was killed.",
        "The rebels will release the hostages next week.",
        "The council called for a ceasefire.",
        "Instead of rescuing the hostage, the soldiers retreated.",
        "The unit was sent to free the captives.",
        "If soldiers attack the village, the town will fall.",
        "Ministers vowed to free all detainees.",
        "The talks on a truce collapsed.",
        "Aid arrived in exchange for fuel.",
        "The attacking soldiers wore masks.",
        "Rescue workers searched the rubble.",
        "The company released its annual report.",
        "Ceasefire talks resumed in Tarsk.",
        "He had a heart attack.",
        "Teachers went on strike.",
    ],
)
def test_events_trigger_skips_unreal_and_other_senses(nlp: Language, text: str) -> None:
    assert types(find_triggers(parse(nlp, text))) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The group claimed to have seized a rifle.", [(E.SEIZURE, "seized")]),
        ("The ministry said that two guards were wounded.", [(E.WOUNDING, "wounded")]),
        (
            "The unit thwarted an operation aimed at releasing a prisoner.",
            [(E.RAID, "operation")],
        ),
    ],
)
def test_events_trigger_keeps_reported_events(
    nlp: Language, text: str, expected: list[object]
) -> None:
    assert types(find_triggers(parse(nlp, text))) == expected


def test_events_trigger_parts(nlp: Language) -> None:
    lines = [
        "Soldiers raid Harn",
        "By a staff writer who fought for the truth",
        "Police arrested two men in Harn.",
        "Donations help us fight the killing of news.",
        "Soldiers shot my cousin.",
    ]
    text = "\n".join(lines)
    kinds = [
        PartKind.TITLE,
        PartKind.BYLINE,
        PartKind.BODY,
        PartKind.BOILERPLATE,
        PartKind.COMMENT,
    ]
    parts, start = [], 0
    for line, kind in zip(lines, kinds, strict=True):
        parts.append(Part(kind, start, start + len(line), 1 if kind is PartKind.COMMENT else 0))
        start += len(line) + 1
    parsed = parse(nlp, text, tuple(parts))
    assert types(find_triggers(parsed)) == [(E.RAID, "raid"), (E.DETENTION, "arrested")]
    with_comments = find_triggers(parsed, parts=EVENT_PARTS | {PartKind.COMMENT})
    assert (E.ATTACK, "shot") in types(with_comments)


def test_events_trigger_needs_a_parse() -> None:
    doc = Doc(Vocab(), words=["Gunmen", "killed", "two"])
    article = Article(id="t", text=doc.text, parts=(Part(PartKind.BODY, 0, len(doc.text)),))
    with pytest.raises(PipelineError):
        find_triggers(ParsedArticle(article, doc))


# ---------------------------------------------------------------------------------------
# Merging and granularity
# ---------------------------------------------------------------------------------------


def test_events_merge_one_incident(nlp: Language) -> None:
    text = (
        "Soldiers raided a house in Harn on Tuesday. Two villagers were killed and three "
        "were wounded during the raid."
    )
    found = events(
        nlp,
        text,
        times=[day(text, "on Tuesday", "2024-03-05")],
        places=[place(text, "Harn")],
        figures=[
            figure(text, "Two villagers", "fig-1", FigureCategory.KILLED, 2),
            figure(text, "three", "fig-2", FigureCategory.WOUNDED, 3),
        ],
    )
    assert len(found) == 1
    (event,) = found
    assert (event.id, event.type, event.plover, event.trigger.text) == (
        "ev-1",
        E.RAID,
        "ASSAULT",
        "raided",
    )
    assert event.when is not None and event.when.value == "2024-03-05"
    assert [p.name for p in event.where] == ["Harn"]
    assert event.figure_ids == ("fig-1", "fig-2")


def test_events_keep_other_day_and_place_apart(nlp: Language) -> None:
    text = "An air strike hit Harn on Monday. On Wednesday, shelling killed three people in Lusk."
    found = events(
        nlp,
        text,
        times=[day(text, "on Monday", "2024-03-04"), day(text, "On Wednesday", "2024-03-06")],
        places=[place(text, "Harn"), place(text, "Lusk")],
        figures=[figure(text, "three people", "fig-1", FigureCategory.KILLED, 3)],
    )
    assert [(e.type, e.when.value if e.when else None) for e in found] == [
        (E.AIR_STRIKE, "2024-03-04"),
        (E.SHELLING, "2024-03-06"),
    ]
    assert [p.name for p in found[1].where] == ["Lusk"]
    assert found[0].figure_ids == () and found[1].figure_ids == ("fig-1",)


def test_events_main_incident_absorbs_later_mentions(nlp: Language) -> None:
    text = (
        "Deadly raid in Harn\n"
        "Soldiers raided a house in Harn early on Friday. A spokesman described the target as "
        "a weapons cache. Residents said the troops left after an hour. The council met on "
        "Saturday to discuss repairs. Two teenagers were killed in the raid, their families "
        "said."
    )
    title_end = text.index("\n")
    parts = (Part(PartKind.TITLE, 0, title_end), Part(PartKind.BODY, title_end + 1, len(text)))
    found = extract_events(
        parse(nlp, text, parts),
        [],
        [figure(text, "Two teenagers", "fig-1", FigureCategory.KILLED, 2)],
        [day(text, "on Friday", "2024-03-08"), day(text, "on Saturday", "2024-03-09")],
        [place(text, "Harn"), place(text, "Harn", nth=1)],
    )
    assert len(found) == 1
    assert found[0].type is E.RAID
    assert found[0].when is not None and found[0].when.value == "2024-03-08"
    assert found[0].figure_ids == ("fig-1",)


def test_events_another_place_is_another_happening(nlp: Language) -> None:
    text = (
        "Soldiers raided a house in Harn on Friday. Farmers planted wheat. The battle for "
        "Lusk went on."
    )
    found = events(
        nlp,
        text,
        times=[day(text, "on Friday", "2024-03-08")],
        places=[place(text, "Harn"), place(text, "Lusk")],
    )
    assert [(e.type, [p.name for p in e.where]) for e in found] == [
        (E.RAID, ["Harn"]),
        (E.ATTACK, ["Lusk"]),
    ]


def test_events_release_and_ceasefire_are_one_truce_with_duration(nlp: Language) -> None:
    text = (
        "From 3 May, the militia released prisoners in small groups. That was part of a "
        "truce that lasted for five days."
    )
    duration = TimeExpression(span(text, "five days"), None, None, "duration", duration="P5D")
    found = events(nlp, text, times=[day(text, "From 3 May", "2024-05-03"), duration])
    assert len(found) == 1
    (event,) = found
    assert (event.type, event.plover) == (E.CEASEFIRE, "RETREAT")
    assert event.when is not None
    assert (event.when.value, event.when.duration) == ("2024-05-03", "P5D")
    assert event.victims is not None and event.victims.text == "prisoners"


def test_events_evidence_is_its_own_event_and_inherits_time(nlp: Language) -> None:
    text = (
        "Gunmen attacked a checkpoint in Harn on Monday.\nLater, the group released a video "
        "showing a masked man."
    )
    found = events(
        nlp,
        text,
        times=[day(text, "on Monday", "2024-03-04")],
        places=[place(text, "Harn")],
        figures=[figure(text, "a masked man", "fig-1", FigureCategory.KILLED, 1)],
    )
    assert [e.type for e in found] == [E.ATTACK, E.EVIDENCE]
    evidence = found[1]
    assert evidence.plover is None
    assert evidence.when is not None and evidence.when.value == "2024-03-04"
    assert evidence.when.derived_from == "inherited:explicit"
    assert evidence.where == found[0].where  # the article's main place
    assert evidence.figure_ids == ()  # a killed count never fits a video


@pytest.mark.parametrize(
    ("outlet_sentence", "expected"),
    [
        ("An explosion tore through the Lusk market on Sunday.", E.EXPLOSION),
        ("An air strike caused an explosion at the Lusk market on Sunday.", E.AIR_STRIKE),
    ],
)
def test_events_disputed_cause_leaves_an_explosion(
    nlp: Language, outlet_sentence: str, expected: EventType
) -> None:
    text = (
        f"{outlet_sentence} The ministry said an air strike caused the blast. The army said "
        "a shell from an artillery battery hit the market."
    )
    claims = [
        claim(text, "an air strike caused the blast", "claim-1", "ministry"),
        claim(text, "a shell from an artillery battery hit the market", "claim-2", "army"),
    ]
    found = events(nlp, text, claims=claims)
    assert len(found) == 1
    assert found[0].type is expected
    assert found[0].claim_ids == ("claim-1", "claim-2")


def test_events_claim_ids_hold_the_triggers(nlp: Language) -> None:
    text = "The ministry said that gunmen killed four villagers. The army denied it."
    claims = [
        claim(text, "gunmen killed four villagers", "claim-1", "ministry"),
        claim(text, "The army denied it.", "claim-2", "outlet"),
    ]
    (event,) = events(nlp, text, claims=claims)
    assert event.claim_ids == ("claim-1",)


# ---------------------------------------------------------------------------------------
# Participants, when, where
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "actor", "target", "victims"),
    [
        (
            "Rebel fighters attacked the police station.",
            "Rebel fighters",
            "the police station",
            None,
        ),
        ("Gunmen killed four villagers.", "Gunmen", None, "four villagers"),
        ("Three guards were wounded by the attackers.", "the attackers", None, "Three guards"),
        ("The army's shelling of the hospital went on.", "The army", "the hospital", None),
        ("Police arrested five protesters.", "Police", None, "five protesters"),
        ("The group claimed to have seized a rifle.", "The group", "a rifle", None),
        ("An Israeli air strike hit the bakery.", "Israeli", "the bakery", None),
        ("Thousands fled their homes.", None, None, "Thousands"),
    ],
)
def test_events_participants(
    nlp: Language, text: str, actor: str | None, target: str | None, victims: str | None
) -> None:
    (event,) = events(nlp, text)
    assert (event.actor and event.actor.text) == actor
    assert (event.target and event.target.text) == target
    assert (event.victims and event.victims.text) == victims


def test_events_victims_fall_back_to_a_figure(nlp: Language) -> None:
    text = "A blast hit the market, leaving 12 dead."
    (event,) = events(
        nlp, text, figures=[figure(text, "12 dead", "fig-1", FigureCategory.KILLED, 12)]
    )
    assert event.type is E.EXPLOSION
    assert event.figure_ids == ("fig-1",)
    assert event.victims is not None and event.victims.text == "12 dead"


def test_events_when_skips_durations_and_bounds(nlp: Language) -> None:
    text = "Shelling since 2020 has hit Harn for three weeks, and on 9 June it hit the school."
    found = events(
        nlp,
        text,
        times=[
            TimeExpression(span(text, "since 2020"), "2020", Precision.YEAR, "explicit"),
            TimeExpression(span(text, "three weeks"), None, None, "duration", duration="P3W"),
            day(text, "on 9 June", "2024-06-09"),
        ],
    )
    assert [e.when.value if e.when else None for e in found] == ["2024-06-09"]


def test_events_when_none_without_times(nlp: Language) -> None:
    (event,) = events(nlp, "Gunmen killed four villagers.")
    assert event.when is None and event.where == ()


def test_events_where_is_a_location_not_an_actor(nlp: Language) -> None:
    text = "Velmar said its troops raided a farm near Kessin."
    found = events(nlp, text, places=[place(text, "Velmar", "country"), place(text, "Kessin")])
    assert [p.name for p in found[0].where] == ["Kessin"]


def test_events_empty_article(nlp: Language) -> None:
    assert events(nlp, "The weather was mild and the market was busy.") == []


# ---------------------------------------------------------------------------------------
# The seed article (../shared): one rescue raid, a ceasefire, the battle of Khan Yunis
# ---------------------------------------------------------------------------------------

SEED = ("seed", "000_0f229ec772c65aaf.txt")


@pytest.fixture(scope="module")
def seed(nlp: Language) -> ParsedArticle:
    path = shared_path(*SEED)
    (article,) = list(read_inputs([str(path)], Settings()))
    assert isinstance(article, Article)
    (parsed,) = list(parse_articles([article], nlp))
    return parsed


def _seed_inputs(
    text: str,
) -> tuple[list[TimeExpression], list[Place], list[Figure]]:
    def at(piece: str, value: str | None, precision: Precision | None, **kw: str) -> TimeExpression:
        return TimeExpression(span(text, piece), value, precision, "hand", **kw)

    times = [
        at("the early hours of Friday", "2023-12-08", Precision.PART_OF_DAY),
        at("Hours later", None, None),
        at("over two months", None, None, duration="P2M"),
        at("November 24", "2023-11-24", Precision.DAY),
        at("seven days", None, None, duration="P7D"),
        at("Friday, December 8", "2023-12-08", Precision.DAY),
        at("three to four weeks", None, None, duration="P3W/P4W"),
        at("today", "2023-12-08", Precision.DAY),
        at("2:30 am", "2023-12-08T02:30", Precision.MINUTE),
        at("October 7", "2023-10-07", Precision.DAY),
    ]
    places = [
        Place(TextSpan(m.start(), m.end(), m.group()), "Gaza Strip", "region", "PS")
        for m in re.finditer(r"\bGaza\b(?: Strip)?", text)
    ] + [
        Place(TextSpan(m.start(), m.end(), m.group()), "Khan Yunis", "city", "PS")
        for m in re.finditer("Khan Yunis", text)
    ]
    figures = [
        figure(text, "an Israeli soldier", "fig-1", FigureCategory.KILLED, 1),
        figure(text, "two Israeli soldiers", "fig-2", FigureCategory.WOUNDED, 2),
        Figure(
            "fig-3",
            span(text, "several attackers"),
            FigureCategory.KILLED_OR_WOUNDED,
            "attackers",
            3,
            9,
            FigureQualifier.VAGUE,
        ),
        figure(text, "two Israeli soldiers", "fig-4", FigureCategory.WOUNDED, 2, nth=1),
    ]
    return times, places, figures


def _check_seed(found: list[Event], figure_ids: set[str]) -> None:
    raids = [e for e in found if e.type is E.RAID]
    assert len(raids) == 1, [(e.type, e.trigger.text) for e in found]
    raid = raids[0]
    assert raid.when is not None and raid.when.value is not None
    assert raid.when.value.startswith("2023-12-08")
    assert any("Gaza" in p.name for p in raid.where)
    assert figure_ids <= set(raid.figure_ids)
    ceasefires = [e for e in found if e.type is E.CEASEFIRE]
    assert len(ceasefires) == 1
    truce = ceasefires[0]
    assert truce.when is not None and truce.when.value == "2023-11-24"
    assert truce.when.duration == "P7D"
    battles = [e for e in found if any(p.name == "Khan Yunis" for p in e.where)]
    assert len(battles) == 1 and battles[0].type is E.ATTACK
    assert not any(e.type is E.RELEASE for e in found)  # "will release": future


def test_events_seed_hand_built_inputs(seed: ParsedArticle) -> None:
    times, places, figures = _seed_inputs(seed.article.text)
    found = extract_events(seed, [], figures, times, places)
    _check_seed(found, {"fig-1", "fig-2", "fig-3", "fig-4"})
    comment = next(p for p in seed.article.parts if p.kind is PartKind.COMMENT)
    assert all(not (comment.start <= e.trigger.start < comment.end) for e in found)


def test_events_seed_real_stages(seed: ParsedArticle) -> None:
    when = pytest.importorskip("rashomon.dates.extract")
    published_module = pytest.importorskip("rashomon.dates.published")
    where = pytest.importorskip("rashomon.places.extract")
    figures_module = pytest.importorskip("rashomon.figures.extract")
    gazetteer = pytest.importorskip("rashomon.places.gazetteer")
    claims_module = pytest.importorskip("rashomon.claims")
    from rashomon.attribution import find_attributions, load_lexicon, resolve_claimants

    published, source, _ = published_module.infer_published(seed.article, seed.doc)
    parsed = ParsedArticle(
        replace(seed.article, published=published, published_source=source), seed.doc
    )
    attributions = find_attributions(parsed, lexicon=load_lexicon())
    attributions, claimants = resolve_claimants(parsed, attributions)
    claims = claims_module.extract_claims(parsed, attributions, claimants)
    figures = figures_module.extract_figures(parsed, attributions, claims)
    times = when.extract_times(parsed, published)
    with gazetteer.Gazetteer.open() as places_index:
        places = where.extract_places(parsed, places_index)
    found = extract_events(parsed, claims, figures, times, places)
    wanted = {
        f.id
        for f in figures
        if f.category in (FigureCategory.KILLED, FigureCategory.WOUNDED) or "several" in f.text.text
    }
    _check_seed(found, wanted)
    raid = next(e for e in found if e.type is E.RAID)
    assert raid.claim_ids  # Al-Qassam's, Hagari's and the outlet's claims assert it


def test_link_families_cover_every_type_but_evidence() -> None:
    assert set(LINK_FAMILIES) == set(ONTOLOGY) - {EventType.EVIDENCE}
    assert set(LINK_FAMILIES.values()) == {
        "violence",
        "raid",
        "captivity",
        "seizure",
        "displacement",
    }
