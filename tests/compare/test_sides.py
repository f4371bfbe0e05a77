"""Claimant sides and the generic doer slot, on invented names (Vostran, Brell, Tarn)."""

from __future__ import annotations

from rashomon.compare.sides import assign_sides, load_side_table, skeleton
from rashomon.compare.slots import doer_of, doers_conflict
from rashomon.model import ClaimantType, Entity

TABLE = load_side_table()
NATIONS = {"russian": "russia", "russia": "russia", "ukrainian": "ukraine", "ukraine": "ukraine"}


def entity(eid: str, name: str, kind: ClaimantType, part_of: str | None = None) -> Entity:
    return Entity(eid, name, kind, part_of=part_of)


def test_a_body_its_spokesman_and_its_office_are_one_side() -> None:
    entities = [
        entity("e1", "Vostran Regional Prosecutor Office", ClaimantType.GOVERNMENT_BODY),
        entity("e2", "Mirek Dolan", ClaimantType.PERSON),
        entity("e3", "prosecutors", ClaimantType.ORGANISATION),
        entity("e4", "Tarn Governor Office", ClaimantType.GOVERNMENT_BODY),
        entity("e5", "Brell Weekly", ClaimantType.MEDIA_OUTLET),
    ]
    described = {"e2": ["Vostran Regional Prosecutor Office spokesman"]}
    sides = assign_sides(entities, described, TABLE)
    assert sides["e1"] == sides["e2"] == sides["e3"]
    assert sides["e1"].name == "Vostran Regional Prosecutor Office"
    assert sides["e4"] != sides["e1"] and sides["e5"].id == "e5"


def test_an_official_of_a_named_body_and_a_part_are_on_its_side() -> None:
    entities = [
        entity("e1", "Brell Front", ClaimantType.ARMED_GROUP),
        entity("e2", "Oskar Vell", ClaimantType.PERSON),
        entity("e3", "Brell Front media office", ClaimantType.GOVERNMENT_BODY, part_of="e1"),
    ]
    sides = assign_sides(entities, {"e2": ["senior Brell Front official"]}, TABLE)
    assert sides["e1"] == sides["e2"] == sides["e3"]


def test_offices_of_two_nations_stay_apart() -> None:
    entities = [
        entity("e1", "Russian Defence Ministry", ClaimantType.GOVERNMENT_BODY),
        entity("e2", "Ukrainian military", ClaimantType.MILITARY),
        entity("e3", "Russian armed forces", ClaimantType.MILITARY),
    ]
    sides = assign_sides(entities, {}, TABLE)
    assert sides["e1"] == sides["e3"] != sides["e2"]


def test_one_person_written_two_ways_is_one_side() -> None:
    assert skeleton("Syniehubov") == skeleton("Synegubov")
    entities = [
        entity("e1", "Ihor Tarnovych", ClaimantType.PERSON),
        entity("e2", "Igor Tarnovich", ClaimantType.PERSON),
        entity("e3", "Vostran Mayor Ihor Tarnovych", ClaimantType.ORGANISATION),
        entity("e4", "Anna Tarnovych", ClaimantType.PERSON),
    ]
    sides = assign_sides(entities, {}, TABLE)
    assert sides["e1"] == sides["e2"] == sides["e3"]
    assert sides["e4"] != sides["e1"]  # another first name: another person


def test_doer_from_the_claims_own_words() -> None:
    assert doer_of("Russian forces struck the depot at dawn", NATIONS) == "russia"
    assert doer_of("the strike was carried out by Ukraine's missile division", NATIONS) == (
        "ukraine"
    )
    assert doer_of("it denied that Russian missiles hit the station", NATIONS) == "not russia"
    assert doer_of("the depot burned for hours", NATIONS) is None
    assert doers_conflict("russia", "ukraine") and doers_conflict("russia", "not russia")
    assert not doers_conflict("not russia", "ukraine") and not doers_conflict("russia", "russia")


def test_unnamed_press_reports_are_one_voice_apart_from_named_bodies() -> None:
    entities = [
        entity("e1", "news reports", ClaimantType.ANONYMOUS_SOURCE),
        entity("e2", "Initial reports", ClaimantType.ANONYMOUS_SOURCE),
        entity("e3", "later multiple reports", ClaimantType.ANONYMOUS_SOURCE),
        entity("e4", "Brell Health Office", ClaimantType.GOVERNMENT_BODY),
        entity("e5", "Tarn Courier", ClaimantType.MEDIA_OUTLET),
    ]
    sides = assign_sides(entities, {}, TABLE)
    assert sides["e1"] == sides["e2"] == sides["e3"]
    assert sides["e4"].id == "e4" and sides["e5"].id == "e5"
