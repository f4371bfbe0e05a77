"""Language check: English passes, other languages are refused with their name."""

from __future__ import annotations

import pytest

from rashomon.config import Settings
from rashomon.errors import NOT_ENGLISH, InputError
from rashomon.ingest import read_text
from rashomon.ingest.language import (
    OPENING_CHARS,
    SAMPLE_CHARS,
    SURELY_ENGLISH,
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


def _repeated(paragraph: str, chars: int) -> str:
    return paragraph * (chars // len(paragraph) + 1)


def _refusal(text: str, detector: LanguageDetector) -> str:
    """The message of the R005 that ``text`` gets."""
    with pytest.raises(InputError) as info:
        require_english(text, origin="t", settings=Settings(), detector=detector)
    assert info.value.code == NOT_ENGLISH
    return info.value.message


def test_language_a_long_foreign_text_is_refused(detector: LanguageDetector) -> None:
    assert "German (de)" in _refusal(_repeated(GERMAN, 3 * OPENING_CHARS), detector)


def test_language_a_foreign_opening_is_judged_on_the_whole_sample(
    detector: LanguageDetector,
) -> None:
    # German for the opening, English for the rest of the sample: most of it is English
    text = _repeated(GERMAN, OPENING_CHARS) + _repeated(ENGLISH, SAMPLE_CHARS)
    assert detector.detect(text, chars=OPENING_CHARS)[0] == "de"
    require_english(text, origin="t", settings=Settings(), detector=detector)
    # and the other way round
    text = _repeated(ENGLISH, OPENING_CHARS // 4) + _repeated(FRENCH, SAMPLE_CHARS)
    assert "French (fr)" in _refusal(text, detector)


def test_language_an_opening_english_beyond_doubt_passes_alone(
    detector: LanguageDetector,
) -> None:
    """The rest of the sample is not read: a text that opens in plain English passes, even
    if a longer foreign passage follows (the whole sample would say French)."""
    text = _repeated(ENGLISH, OPENING_CHARS) + _repeated(FRENCH, 2 * SAMPLE_CHARS)
    assert detector.detect(text)[0] == "fr"
    code, confidence = detector.detect(text, chars=OPENING_CHARS)
    assert code == "en" and confidence >= SURELY_ENGLISH
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
