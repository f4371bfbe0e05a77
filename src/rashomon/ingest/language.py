"""English or not: refuse articles py3langid confidently places in another language."""

from __future__ import annotations

import functools
from typing import Any

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from rashomon.config import Settings
from rashomon.errors import NOT_ENGLISH, InputError

ENGLISH = "en"
# How much of the body the identifier reads: enough to be sure, cheap on long articles.
SAMPLE_CHARS = 5_000
# It reads the opening first: an opening this long that is English with at least this
# confidence passes without the rest. On 1,003 English articles (PolNeAR, the dev stories)
# 1,000 openings passed so, no decision changed, and the check took 0.56 s instead of 1.34
# (py3langid reads each text byte by byte, in Python).
OPENING_CHARS = 1_000
SURELY_ENGLISH = 0.99
# Values of a corpus ``language`` field that mean English.
_ENGLISH_LABELS = frozenset({"en", "eng", "english"})
# ISO 639 names of every label the bundled py3langid 0.4 model knows (140 labels).
LANGUAGE_NAMES: dict[str, str] = {
    "ace": "Acehnese", "af": "Afrikaans", "am": "Amharic", "an": "Aragonese",
    "ar": "Arabic", "ary": "Moroccan Arabic", "arz": "Egyptian Arabic", "as": "Assamese",
    "az": "Azerbaijani", "ba": "Bashkir", "bcl": "Central Bikol", "be": "Belarusian",
    "bg": "Bulgarian", "bn": "Bengali", "br": "Breton", "bs": "Bosnian", "ca": "Catalan",
    "crh": "Crimean Tatar", "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German",
    "dz": "Dzongkha", "el": "Greek", "en": "English", "eo": "Esperanto", "es": "Spanish",
    "et": "Estonian", "eu": "Basque", "ext": "Extremaduran", "fa": "Persian",
    "fi": "Finnish", "fo": "Faroese", "fr": "French", "fuv": "Nigerian Fulfulde",
    "fy": "Western Frisian", "ga": "Irish", "gcf": "Guadeloupean Creole",
    "gcr": "Guianese Creole", "gd": "Scottish Gaelic", "gl": "Galician",
    "gom": "Goan Konkani", "grc": "Ancient Greek", "gu": "Gujarati",
    "gug": "Paraguayan Guarani", "guw": "Gun", "ha": "Hausa", "hbo": "Ancient Hebrew",
    "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "ht": "Haitian Creole",
    "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian", "ig": "Igbo",
    "is": "Icelandic", "it": "Italian", "ja": "Japanese", "jv": "Javanese",
    "ka": "Georgian", "kab": "Kabyle", "kik": "Kikuyu", "kk": "Kazakh", "km": "Khmer",
    "kn": "Kannada", "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz", "la": "Latin",
    "lb": "Luxembourgish", "lg": "Ganda", "lij": "Ligurian", "ln": "Lingala", "lo": "Lao",
    "lt": "Lithuanian", "ltg": "Latgalian", "lv": "Latvian", "mg": "Malagasy",
    "mk": "Macedonian", "ml": "Malayalam", "mn": "Mongolian", "mr": "Marathi",
    "ms": "Malay", "mt": "Maltese", "my": "Burmese", "ne": "Nepali", "nl": "Dutch",
    "nn": "Norwegian Nynorsk", "no": "Norwegian", "nso": "Northern Sotho", "oc": "Occitan",
    "om": "Oromo", "or": "Odia", "pa": "Punjabi", "pcm": "Nigerian Pidgin", "pl": "Polish",
    "ps": "Pashto", "pt": "Portuguese", "qu": "Quechua", "ro": "Romanian", "ru": "Russian",
    "rw": "Kinyarwanda", "sa": "Sanskrit", "sdh": "Southern Kurdish",
    "se": "Northern Sami", "si": "Sinhala", "sk": "Slovak", "sl": "Slovenian",
    "sn": "Shona", "so": "Somali", "sq": "Albanian", "sr": "Serbian",
    "st": "Southern Sotho", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil",
    "te": "Telugu", "tg": "Tajik", "th": "Thai", "tk": "Turkmen", "tl": "Tagalog",
    "tr": "Turkish", "tt": "Tatar", "ug": "Uyghur", "uk": "Ukrainian", "ur": "Urdu",
    "uz": "Uzbek", "uzs": "Southern Uzbek", "vec": "Venetian", "vi": "Vietnamese",
    "vo": "Volapük", "wa": "Walloon", "wuu": "Wu Chinese", "xh": "Xhosa",
    "yo": "Yoruba", "yue": "Cantonese", "zh": "Chinese", "zu": "Zulu",
    "zxx": "no linguistic content",
}  # fmt: skip


@functools.cache
def _load_identifier() -> Any:
    """The bundled py3langid model, loaded once per process (about 0.7 s).

    Read-only after loading: nothing here calls ``set_languages`` or otherwise changes it,
    so sharing it between detectors is safe.
    """
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


class LanguageDetector:
    """Guesses the language of a text. Build one per batch and pass it to the readers."""

    def __init__(self) -> None:
        self._identifier = _load_identifier()

    def detect(self, text: str, *, chars: int = SAMPLE_CHARS) -> tuple[str, float]:
        """``(code, confidence)`` for the first ``chars`` characters of ``text``."""
        code, confidence = self._identifier.classify(text[:chars])
        return str(code), float(confidence)


def language_name(code: str) -> str:
    """``"German"`` for ``"de"``; the code itself when unknown."""
    return LANGUAGE_NAMES.get(code.lower(), code)


def require_english(
    text: str, *, origin: str, settings: Settings, detector: LanguageDetector
) -> None:
    """Raise R005 when ``text`` is another language with confidence ≥ the setting.

    Text the identifier is unsure about (short or mixed) is given the benefit of the doubt,
    and so is text that opens in English beyond doubt (``OPENING_CHARS``, ``SURELY_ENGLISH``);
    only the rest is judged on the first ``SAMPLE_CHARS`` characters.
    """
    code, confidence = detector.detect(text, chars=OPENING_CHARS)
    if code == ENGLISH and confidence >= SURELY_ENGLISH:
        return
    if len(text) > OPENING_CHARS:
        code, confidence = detector.detect(text)
    if code != ENGLISH and confidence >= settings.min_english_confidence:
        raise InputError(
            f"{origin} looks like {language_name(code)} ({code}), not English; "
            f"rashomon analyses English text only (confidence {confidence:.2f}).",
            code=NOT_ENGLISH,
        )


def require_english_label(label: str, *, origin: str) -> None:
    """Raise R005 when a declared language label (``"de"``, ``"en-GB"``) is not English."""
    code = label.strip().lower().replace("_", "-").split("-")[0]
    if code and code not in _ENGLISH_LABELS:
        raise InputError(
            f"{origin} is declared as {language_name(code)} ({code}), not English; "
            "rashomon analyses English text only.",
            code=NOT_ENGLISH,
        )
