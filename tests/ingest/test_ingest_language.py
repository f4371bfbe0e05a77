"""Language check: English passes, other languages are refused with their name."""

from __future__ import annotations

import pytest

from rashomon.config import Settings
from rashomon.errors import NOT_ENGLISH, InputError
from rashomon.ingest import read_text
from rashomon.ingest.language import (
    LanguageDetector,
    language_name,
    require_english,
    require_english_label,
)

GERMAN = (
    "Der Gemeinderat von Wexmoor hat am Dienstag beschlossen, die alte Hafenbrücke bis zum "
    "Frühjahr zu sanieren. Die Bürgermeisterin sagte, die Arbeiten würden weniger kosten als "
    "befürchtet, und die Händler am Ostufer seien erleichtert.\n"
)
FRENCH = (
    "Le conseil municipal de Wexmoor a décidé mardi de rénover le vieux pont du port avant le "
    "printemps. La maire a déclaré que les travaux coûteraient moins cher que prévu et que "
    "les commerçants de la rive est étaient soulagés.\n"
)
ENGLISH = (
    "The town council of Wexmoor decided on Tuesday to repair the old harbour bridge before "
    "the spring. The mayor said the work would cost less than feared.\n"
)


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


@pytest.mark.parametrize("text, name, code", [(GERMAN, "German", "de"), (FRENCH, "French", "fr")])
def test_language_non_english_is_r005_naming_it(
    text: str, name: str, code: str, detector: LanguageDetector
) -> None:
    with pytest.raises(InputError) as info:
        read_text(text.encode(), origin="bericht.txt", settings=Settings(), detector=detector)
    assert info.value.code == NOT_ENGLISH
    assert f"looks like {name} ({code}), not English" in info.value.message
    assert "bericht.txt" in info.value.message


@pytest.mark.parametrize("text", [ENGLISH, "Hello world", "OK"])
def test_language_english_or_unsure_passes(text: str, detector: LanguageDetector) -> None:
    require_english(text, origin="t", settings=Settings(), detector=detector)


@pytest.mark.parametrize("threshold", [1.01])
def test_language_threshold_is_a_setting(threshold: float, detector: LanguageDetector) -> None:
    settings = Settings(min_english_confidence=threshold)
    require_english(GERMAN, origin="t", settings=settings, detector=detector)


@pytest.mark.parametrize("label", ["en", "EN-gb", "en_US", "English", "eng"])
def test_language_english_labels_pass(label: str) -> None:
    require_english_label(label, origin="c.jsonl:1")


@pytest.mark.parametrize("label, words", [("de", "German (de)"), ("fr-CA", "French (fr)")])
def test_language_other_labels_are_r005(label: str, words: str) -> None:
    with pytest.raises(InputError) as info:
        require_english_label(label, origin="c.jsonl:1")
    assert info.value.code == NOT_ENGLISH
    assert words in info.value.message


@pytest.mark.parametrize("code, name", [("de", "German"), ("pcm", "Nigerian Pidgin"), ("xx", "xx")])
def test_language_names(code: str, name: str) -> None:
    assert language_name(code) == name


@pytest.mark.parametrize("model", ["py3langid"])
def test_language_every_model_label_has_a_name(model: str) -> None:
    from rashomon.ingest.language import LANGUAGE_NAMES, _load_identifier

    assert set(_load_identifier().labels) <= set(LANGUAGE_NAMES), model
