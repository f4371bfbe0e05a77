"""Texts for fuzzing the analysis (issue 13), shared by the Hypothesis tests and
``bench/fuzz.py``: each family is a function of a ``random.Random``, so a failing text is
reproduced from its seed.

Families: news-like sentences with speakers, cues, quotes, numbers and dates; nested and
unbalanced quotes; long repeated structures; random unicode (surrogates, controls, marks,
other scripts) mixed into news sentences; and page-like layouts (titles, bylines, comments).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import fields, is_dataclass
from typing import Any

from rashomon.model import Analysis, TextSpan

SPEAKERS = [
    "The Health Ministry",
    "Colonel Anton Wexler, the army spokesman,",
    "he",
    "She",
    "the group",
    "A senior official who spoke on condition of anonymity",
    "Dr. Irena Kolar",
    "According to the Red Crescent,",
    "Hamas",
    "witnesses",
    "the IDF",
    "Reuters",
]
CUES = ["said", "told reporters", "claimed", "denied", "did not say", "insisted", "added"]
CONTENTS = [
    "at least 41 people were killed and 97 wounded",
    "more than 60 people had died on Tuesday",
    "dozens of civilians were missing after the strike on 12 March",
    "the toll was likely to rise",
    "between 200 and 300 were displaced last week",
    "nearly 1,500 homes had no power since 3 a.m.",
    "five children, aged 3 to 12, were among those hurt",
    "hundreds of thousands had fled since October 7, 2023",
    "no one was hurt",
    "the figures could not be verified",
]
QUOTES = ['"', "“", "”", "‘", "’", "'", "«", "»", "„"]
ODD = [
    "\ud965",
    "\udc00",
    "\x00",
    "\x07",
    "\u200b",
    "\u202e",
    "\ufeff",
    "\u0301",
    "\U0001f600",
    "\u05e9\u05dc\u05d5\u05dd",
    "\u0627\u0644\u0633\u0644\u0627\u0645",
    "\u4e2d\u6587",
    "\t",
    "\r\n",
    "\n\n\n",
    "    ",
    "٠١٢٣٤٥٦٧٨٩",
    "207775032",
    "+972-52-555-1234",
    "jane@example.com",
    "-",
    "—",
    ":",
    "(",
    ")",
]


def sentence(rng: random.Random) -> str:
    """One news sentence: a speaker, a cue and content, quoted or not, in some order."""
    speaker, cue, content = rng.choice(SPEAKERS), rng.choice(CUES), rng.choice(CONTENTS)
    form = rng.randrange(5)
    if form == 0:
        return f"{speaker} {cue} {content}."
    if form == 1:
        return f'"{content[:1].upper()}{content[1:]}," {speaker} {cue}.'
    if form == 2:
        return f"{content[:1].upper()}{content[1:]}, {speaker} {cue}."
    if form == 3:
        return f"{speaker} {cue}: “{content}”."
    return f"{speaker.rstrip(',')} {cue} that {content}, and {rng.choice(CONTENTS)}."


def news(rng: random.Random, paragraphs: int | None = None) -> str:
    count = paragraphs if paragraphs is not None else rng.randint(1, 8)
    return "\n\n".join(
        " ".join(sentence(rng) for _ in range(rng.randint(1, 4))) for _ in range(count)
    )


def quotes(rng: random.Random) -> str:
    """Nested and unbalanced quotation marks around news sentences."""
    pieces = []
    for _ in range(rng.randint(2, 12)):
        pieces.append(rng.choice(QUOTES) * rng.randint(1, 3))
        pieces.append(sentence(rng) if rng.random() < 0.7 else rng.choice(CONTENTS))
    return news(rng, 1) + " " + " ".join(pieces)


def repeated(rng: random.Random, scale: float = 1.0) -> str:
    """A long repeated structure: one sentence, one figure, one quote mark or one word,
    50 to ``3,000 * scale`` times."""
    unit = rng.choice(
        [
            sentence(rng) + " ",
            "41 killed, ",
            "“",
            "said ",
            "he said he said ",
            "(",
            "- ",
            "\n",
            "1,000 ",
            "at least ",
        ]
    )
    return news(rng, 1) + " " + unit * rng.randint(50, max(50, int(3_000 * scale)))


def unicode_mix(rng: random.Random) -> str:
    """News sentences with odd characters (surrogates, controls, marks, scripts) inside."""
    words = news(rng).split(" ")
    for _ in range(rng.randint(1, 12)):
        words.insert(rng.randrange(len(words) + 1), rng.choice(ODD))
    return " ".join(words)


def page(rng: random.Random) -> str:
    """A pasted page: title, byline, captions, body, sign-off, comments."""
    lines = [
        rng.choice(CONTENTS).capitalize(),
        f"By {rng.choice(['Jane Roe', 'Staff', 'AP'])}",
        "Photo: " + rng.choice(CONTENTS),
        news(rng),
        "(The Ostravia Herald)",
        f"{rng.randint(0, 999)} comments",
        "1. reader42: " + sentence(rng),
    ]
    return "\n".join(line for line in lines if rng.random() < 0.85)


FAMILIES: dict[str, Callable[[random.Random], str]] = {
    "news": news,
    "quotes": quotes,
    "repeated": repeated,
    "unicode": unicode_mix,
    "page": page,
}


def fuzz_text(rng: random.Random, scale: float = 1.0) -> tuple[str, str]:
    """(family name, text) of one random family; ``scale`` shrinks the repeated ones
    (the tests use short texts, ``bench/fuzz.py`` the full length)."""
    name = rng.choice(sorted(FAMILIES))
    if name == "repeated":
        return name, repeated(rng, scale)
    return name, FAMILIES[name](rng)


def spans(value: Any) -> Iterator[TextSpan]:
    """Every ``TextSpan`` inside ``value`` (dataclasses, tuples, lists), depth first."""
    if isinstance(value, TextSpan):
        yield value
    elif is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            yield from spans(getattr(value, field.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from spans(item)


def span_problems(analysis: Analysis) -> list[str]:
    """Spans of ``analysis`` outside its article's text or not equal to their slice."""
    text = analysis.article.text
    problems = []
    for span in spans(analysis):
        if not 0 <= span.start <= span.end <= len(text):
            problems.append(f"{span} is outside the text (length {len(text)})")
        elif text[span.start : span.end] != span.text:
            problems.append(f"{span} != {text[span.start : span.end]!r}")
    parts = analysis.article.parts
    problems += [
        f"{p} is outside the text" for p in parts if not 0 <= p.start <= p.end <= len(text)
    ]
    return problems
