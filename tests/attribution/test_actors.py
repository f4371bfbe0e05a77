"""The actor words live in a versioned data file, and the stages read them from there."""

from __future__ import annotations

from rashomon.actors import actor_words
from rashomon.attribution.claimant_words import type_from_words
from rashomon.events.triggers import PERSON_WORDS
from rashomon.figures.words import SKIP_AFTER_COUNT
from rashomon.link.names import TITLES
from rashomon.model import ClaimantType


def test_actor_words_are_versioned_data() -> None:
    words = actor_words()
    assert words.version == "actors.en.v1"
    assert {"syrian", "sudanese", "israeli", "ukrainian"} <= words.demonyms
    assert "us" not in words.people  # an abbreviation, and a pronoun


def test_stages_read_the_actor_words() -> None:
    words = actor_words()
    assert type_from_words(["Taliban"]) is ClaimantType.ARMED_GROUP
    assert "syrians" in SKIP_AFTER_COUNT  # "12 Syrians were killed"
    assert "yemeni" in PERSON_WORDS  # "a Yemeni was killed"
    assert words.forces <= TITLES  # "IDF spokesman" is no person's name
