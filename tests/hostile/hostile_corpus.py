"""The bad-input corpus of issue 13, written by the tests themselves (no stored binaries).

``write_corpus(directory)`` writes one input per case and returns the cases in order,
each with the error code and exit code ``rashomon analyze`` must give when the input is
given alone. ``bench/hostile.py`` times the same cases for the issue's before/after table.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

# A short English news paragraph (long enough for the language identifier).
ENGLISH = (
    "The mayor said on Monday that the bridge would reopen next week. "
    '"We have checked every bolt," the city engineer told reporters, adding that the '
    "repairs had cost less than expected.\n"
)
GOOD_LINE = json.dumps({"id": "good-1", "outlet": "Daily Planet", "text": ENGLISH})


@dataclass(frozen=True, slots=True)
class Case:
    """One hostile input: its command-line argument, and what ``analyze`` of it alone gives."""

    name: str
    argument: str
    code: str | None  # the R0xx of the input (or of its bad line); None: analysed
    exit_code: int  # of ``rashomon analyze ARGUMENT`` alone


def long_article(chars: int) -> str:
    """An English article of about ``chars`` characters in paragraphs."""
    paragraphs = []
    n = 0
    while sum(map(len, paragraphs)) < chars:
        n += 1
        paragraphs.append(
            f"Officials in district {n} said on Tuesday that {n + 2} people were hurt when "
            f'a storm hit the town. "We are still counting," the regional governor told '
            f"reporters, adding that {n * 3} homes had lost power.\n\n"
        )
    return "".join(paragraphs)[:chars]


def write_corpus(directory: Path) -> list[Case]:
    """Write every case under ``directory`` (a FIFO included) and return them in order."""
    directory.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def add(name: str, data: bytes | str, code: str | None, exit_code: int) -> None:
        path = directory / name
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        cases.append(Case(name, str(path), code, exit_code))

    add("huge-line.txt", b"word " * 980_000, "R015", 1)  # 4,900,000 characters, one line
    add("over-max-bytes.txt", b"word " * 1_000_001, "R003", 1)  # 5,000,005 bytes
    add("long-article.txt", long_article(1_200_000), "R015", 1)
    add("long-in-jsonl.jsonl", json.dumps({"text": long_article(1_200_000)}) + "\n", "R015", 1)
    deep = "[" * 100_000 + "]" * 100_000
    add("deep.jsonl", deep + "\n" + GOOD_LINE + "\n", "R010", 3)
    number = '{"text": "x", "n": ' + "9" * 5_000 + "}"
    add("number.jsonl", number + "\n" + GOOD_LINE + "\n", "R010", 3)
    lone = json.dumps({"id": "lone", "text": ENGLISH + "Odd \ud965 char."}, ensure_ascii=True)
    add("surrogate.jsonl", lone + "\n", None, 0)
    add("empty.txt", b"", "R001", 1)
    add("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "R002", 1)
    german = "Der Bürgermeister sagte am Montag, dass die Brücke bald öffne. " * 3
    add("german.txt", german, "R005", 1)
    add("empty.html", "<html><head><title>x</title></head><body><script></script>", "R014", 1)
    fifo = directory / "fifo.txt"
    os.mkfifo(fifo)
    cases.append(Case("fifo.txt", str(fifo), "R016", 1))
    cases.append(Case("/dev/zero", "/dev/zero", "R016", 1))
    cases.append(Case("/dev/urandom", "/dev/urandom", "R016", 1))
    zero = directory / "zero.txt"
    zero.symlink_to("/dev/zero")
    cases.append(Case("zero.txt", str(zero), "R016", 1))
    return cases
