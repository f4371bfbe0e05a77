"""Written variants of identifiers, near-misses, and the pluggable recogniser list (issue 13).

All numbers are fictional (valid check digits, nobody's number).
"""

from __future__ import annotations

import re

import httpx
import pytest

from rashomon.config import Settings, load_settings
from rashomon.errors import ConfigError
from rashomon.ingest import read_inputs
from rashomon.model import Article, PiiKind, Redaction, Skipped
from rashomon.redact import (
    BUILTIN_RECOGNISERS,
    PatternRecogniser,
    find_identifiers,
    mask,
    recognisers_for,
    recognisers_named,
    redact_article,
)

ID = PiiKind.ID_NUMBER
PHONE = PiiKind.PHONE
EMAIL = PiiKind.EMAIL

VARIANTS = [
    # (text, identifier, kind): one identifier each, found whole
    ("Her ID, 20777503-2, was on the form.", "20777503-2", ID),
    ("Her ID 2077 7503 2 was on the form.", "2077 7503 2", ID),
    ("Her ID 207 775 032 was on the form.", "207 775 032", ID),
    ("The card read 207-775-032 in print.", "207-775-032", ID),
    ("Teudat zehut 207775032 leaked.", "207775032", ID),
    ("The form read 536 90 4399 at the top.", "536 90 4399", ID),
    ("His SSN 536904399 leaked.", "536904399", ID),
    ("Her social security: 536904399, leaked.", "536904399", ID),
    ("Call 00972 3 555 1234 now.", "00972 3 555 1234", PHONE),
    ("Call 00 44 20 7946 0958 now.", "00 44 20 7946 0958", PHONE),
    ("Call +972.3.555.1234 now.", "+972.3.555.1234", PHONE),
    ("Call +1 (202) 555-0147 now.", "+1 (202) 555-0147", PHONE),
    ("رقم الهاتف +٩٧٢ ٣ ٥٥٥ ١٢٣٤ للمكتب", "+٩٧٢ ٣ ٥٥٥ ١٢٣٤", PHONE),
    ("شماره ۰۵۲-۵۵۵۱۲۳۴ است", "۰۵۲-۵۵۵۱۲۳۴", PHONE),
    ("اتصل ٠٠٩٧٢٣٥٥٥١٢٣٤ الآن", "٠٠٩٧٢٣٥٥٥١٢٣٤", PHONE),
    ("Her ID ٢٠٧٧٧٥٠٣٢ was shown.", "٢٠٧٧٧٥٠٣٢", ID),
    ("Write to jane(at)example.com today.", "jane(at)example.com", EMAIL),
    ("Write to jane [at] example [dot] com today.", "jane [at] example [dot] com", EMAIL),
    ("Write to jane.doe{at}news(dot)example now.", "jane.doe{at}news(dot)example", EMAIL),
    ("Write to jane at example dot com today.", "jane at example dot com", EMAIL),
    ("Write to jane.doe at news dot co dot uk today.", "jane.doe at news dot co dot uk", EMAIL),
    ("Su DNI 12345678Z fue robado.", "12345678Z", ID),
    ("Su NIE X-2482300-W fue robado.", "X-2482300-W", ID),
    ("His RNOKPP is 1759013776.", "1759013776", ID),
    ("ИНН 7707083893 указан.", "7707083893", ID),
    ("Her tax number: 7707083893.", "7707083893", ID),
    ("PESEL 44051401359 was printed.", "44051401359", ID),
    ("T.C. Kimlik No 17291716060 was printed.", "17291716060", ID),
]

NEAR_MISSES = [
    "At least 471 killed and 1,207 wounded.",
    "The ministry said 471 people were killed in 2023 and 2024.",
    "It was 2024-05-25 at 12:30 when the report came out.",
    "On 25.05.2024 at 14:05:33 the siren sounded.",
    "The fund paid $207,775,032 and €20 777 503.",
    "Article 1759013776 was updated (story 44051401359).",
    "See https://news.example/world/20240525-123456 for more.",
    "A crowd of 1 400 000 marched; 12 345 678 watched.",
    "He was 1759013776 seconds old.",  # valid RNOKPP, no cue
    "The 536904399 figure was wrong.",  # valid SSN digits, no cue
    "Scores: 1200 to 1100, 00 minutes left.",
    "He arrived at Gaza at dawn; the dot on the map was Rafah.",
    "She looked at it; the dot was blue.",
    "Look at [the] map (dot) here.",
    "Code 0099 and route 00 1 were closed.",
]


@pytest.mark.parametrize("text, identifier, kind", VARIANTS)
def test_written_variants_are_found_whole(text: str, identifier: str, kind: PiiKind) -> None:
    found = find_identifiers(text)
    start = text.index(identifier)
    assert [(r.start, r.end, r.kind) for r in found] == [(start, start + len(identifier), kind)]
    masked = mask(text, found)
    assert len(masked) == len(text)
    assert masked[:start] == text[:start]
    assert masked[start + len(identifier) :] == text[start + len(identifier) :]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses_are_left_alone(text: str) -> None:
    assert find_identifiers(text) == []


@pytest.mark.parametrize("text", ["Call +٩٧٢ ٣ ٥٥٥ ١٢٣٤.", "اتصل ٠٠٩٧٢٣٥٥٥١٢٣٤"])
def test_masks_cover_the_original_digits(text: str) -> None:
    masked = mask(text, find_identifiers(text))
    assert len(masked) == len(text)
    assert not re.search(r"\d", masked)


def test_the_setting_chooses_builtin_recognisers() -> None:
    assert recognisers_for(Settings()) == BUILTIN_RECOGNISERS
    names = [r.name for r in recognisers_named("all,-phone")]
    assert names == ["il_id", "us_ssn", "id_context", "national_ids", "email"]
    assert [r.name for r in recognisers_named("email, il_id")] == ["email", "il_id"]
    assert recognisers_named("") == ()
    settings = load_settings(env={"RASHOMON_REDACT_RECOGNISERS": "all,-email"})
    text = "Call +1 202-555-0147 or write to jane@example.org."
    kinds = [r.kind for r in find_identifiers(text, recognisers_for(settings))]
    assert kinds == [PHONE]


def test_an_unknown_recogniser_name_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown recogniser 'fone'"):
        recognisers_named("all,-fone")


def test_a_recogniser_of_ones_own_joins_the_builtin_ones() -> None:
    staff = PatternRecogniser("staff_id", ID, re.compile(r"\bST-\d{5}\b"))
    article = Article(id="a1", text="Badge ST-12345 and phone +1 202-555-0147.", parts=())
    redacted = redact_article(article, (*BUILTIN_RECOGNISERS, staff))
    assert redacted.text == "Badge [ID####] and phone [PHONE########]."
    assert [(r.start, r.end, r.kind) for r in redacted.redactions] == [(6, 14, ID), (25, 40, PHONE)]
    assert redact_article(article, ()).text == article.text


def test_a_custom_recogniser_is_any_object_with_name_kind_and_find() -> None:
    class Everything:
        name = "everything"
        kind = PiiKind.EMAIL

        def find(self, text: str) -> list[Redaction]:
            return [Redaction(0, len(text), self.kind)]

    assert find_identifiers("abc", [Everything()]) == [Redaction(0, 3, EMAIL)]


@pytest.mark.parametrize(
    "url, secret",
    [
        ("https://news.example/contact/jane.doe@example.org", "jane.doe@example.org"),
        ("https://news.example/tips?phone=+12025550147", "+12025550147"),
    ],
)
def test_skipped_url_inputs_show_no_identifier(url: str, secret: str) -> None:
    with httpx.Client(transport=httpx.MockTransport(lambda _: httpx.Response(404))) as client:
        (skipped,) = read_inputs([url], Settings(allow_private_urls=True), client=client)
        (kept,) = read_inputs([url], Settings(allow_private_urls=True, redact=False), client=client)
    assert isinstance(skipped, Skipped)
    assert isinstance(kept, Skipped)
    assert secret not in skipped.origin
    assert secret not in skipped.message
    assert len(skipped.origin) == len(url)
    assert kept.origin == url
