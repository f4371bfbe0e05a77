"""What hit, what was hit, a named person's fate and day parts, on invented sentences."""

from __future__ import annotations

from rashomon.compare.labels import (
    fates_of,
    packaged_vocabulary,
    site_of,
    target_of,
    weapon_of,
    weapons_conflict,
)
from rashomon.compare.slots import labels_conflict, times_conflict

V = packaged_vocabulary()


def test_nature_of_the_target() -> None:
    assert target_of("two bombs hit a grain store in Vostra", V) == "civilian"
    assert target_of("the Brell Front used the store as a command post", V) == "military"
    assert target_of("not a single military facility was near the store", V) == "civilian"
    assert target_of("stations can be considered military targets", V) is None
    assert site_of("fighters hid among civilians", V) is None
    assert labels_conflict("target", "civilian", "military")


def test_weapons_of_other_classes_or_systems_conflict() -> None:
    assert weapon_of("two guided bombs hit the depot", V) == "bomb (guided bomb)"
    assert weapon_of("a shell struck the market", V) == "shell"
    assert weapon_of("the bombing killed six", V) is None
    assert weapon_of("either an Iskander or a Tochka-U", V) is None
    assert weapons_conflict("bomb (guided bomb)", "shell", V)
    assert not weapons_conflict("rocket", "missile", V)
    assert weapons_conflict("missile (Iskander missile)", "missile (Tochka-U missile)", V)
    assert not weapons_conflict("missile", "missile (Tochka-U missile)", V)


def test_a_named_persons_fate() -> None:
    assert fates_of("Ana Varo was killed in the strike", "", V) == [("varo", "killed")]
    assert fates_of("Varo was not killed in the raid", "", V) == [("varo", "not killed")]
    assert fates_of("whether Ana Varo had been killed", "", V) == [("varo", "unconfirmed")]
    assert fates_of("Varo is in good health", "", V) == [("varo", "alive")]
    assert fates_of("reports of Varo's death", "denied the ", V) == [("varo", "not killed")]
    assert labels_conflict("status:varo", "killed", "alive")
    assert not labels_conflict("status:varo", "killed", "unconfirmed")


def test_parts_of_the_day() -> None:
    assert times_conflict("2031-03-04 morning", "2031-03-04 12:00")
    assert not times_conflict("2031-03-04 morning", "2031-03-04 09:30")
    assert times_conflict("2031-03-04 morning", "2031-03-04 noon")
    assert not times_conflict("2031-03-04 morning", "2031-03-05 noon")
