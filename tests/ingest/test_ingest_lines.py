"""The caption and boilerplate patterns run on the casefolded line, without re.IGNORECASE:
they must stay written in lower case, and answer as the case-insensitive patterns did."""

from __future__ import annotations

import re

import pytest

from rashomon.ingest import lines
from support import shared_path

CASELESS = (*lines._CAPTION_PATTERNS, lines._BOILERPLATE_PHRASES, lines._BOILERPLATE_WORDS)


def _ignorecase_caption(line: str) -> bool:
    patterns = [re.compile(p.pattern, re.IGNORECASE) for p in lines._CAPTION_PATTERNS]
    return lines.word_count(line) <= 80 and any(p.search(line) for p in patterns)


def _ignorecase_boilerplate(line: str) -> bool:
    phrases = re.compile(lines._BOILERPLATE_PHRASES.pattern, re.IGNORECASE)
    words = re.compile(lines._BOILERPLATE_WORDS.pattern, re.IGNORECASE)
    count = lines.word_count(line)
    if count <= lines._BOILERPLATE_MAX_WORDS and phrases.search(line):
        return True
    return count <= lines._BOILERPLATE_WORDS_MAX and words.search(line) is not None


@pytest.mark.parametrize("pattern", CASELESS, ids=lambda p: p.pattern[:30])
def test_the_caseless_patterns_are_written_in_lower_case(pattern: re.Pattern[str]) -> None:
    # an upper-case letter (or \S, \W, \B) could never match a casefolded line
    assert pattern.pattern == pattern.pattern.casefold()
    assert not pattern.flags & re.IGNORECASE


@pytest.mark.parametrize(
    ("line", "caption", "boilerplate"),
    [
        ("Smoke rises over the port. (AP PHOTO/Jane Roe)", True, False),
        ("PHOTO CREDIT: Defence Ministry", True, False),
        ("Photograph by Jo Bloggs", True, False),
        ("Sign Up For Our Newsletter", False, True),
        ("ADVERTISEMENT", False, True),
        ("© 2024 Example Media. All Rights Reserved.", False, True),
        ("Related Stories", False, True),
        ("5 MIN READ", False, True),
        ("The minister said the strike killed 12 people.", False, False),
        ("Click Here To Read The Full Statement from the ministry's spokesman", False, True),
    ],
)
def test_captions_and_boilerplate_are_found_in_any_case(
    line: str, caption: bool, boilerplate: bool
) -> None:
    assert lines.is_caption(line) is caption
    assert lines.is_boilerplate(line) is boilerplate


def test_every_polnear_line_is_judged_as_with_ignorecase() -> None:
    texts = sorted(shared_path("data", "polnear", "dev", "text").glob("*.txt"))
    assert texts
    checked = 0
    for path in texts:
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if not line:
                continue
            assert lines.is_caption(line) is _ignorecase_caption(line), line
            assert lines.is_boilerplate(line) is _ignorecase_boilerplate(line), line
            checked += 1
    assert checked > 1_000
