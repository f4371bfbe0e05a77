"""Person names: titles stripped, transliteration-tolerant comparison of name words.

"Rear Adm. Daniel Hagari" -> given "daniel", surname "hagari". Two name words match when
their consonant skeletons agree and their vowel-folded spellings are within a small edit
distance (Sahar / Saar / Sa'ar / Shahar; Mohammed / Muhammad; Zelensky / Zelenskyy), or
when one is the other's initial ("D. Hagari").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import jellyfish

from rashomon.actors import actor_words
from rashomon.link._fold import strip_accents

# words' spellings and skeletons are remembered (a pure function of the word; a store's
# claimant names repeat): linking a part of a large store met each one many times
NAME_CACHE = 1 << 16
# leading words that are titles or roles, not names (compared lower-case, dots removed)
# nationality words, armed groups and forces (data/actors.en.v1.toml) begin organisation
# names ("Israeli military", "IDF spokesman"), never a person's title
_ACTOR_WORDS = actor_words().demonyms | actor_words().armed_groups | actor_words().forces
TITLES = (
    frozenset(
        [
            "the",
            "a",
            "mr",
            "mrs",
            "ms",
            "miss",
            "dr",
            "prof",
            "professor",
            "sir",
            "dame",
            "lord",
            "lady",
            "rev",
            "reverend",
            "father",
            "sheikh",
            "shaikh",
            "imam",
            "rabbi",
            "bishop",
            "archbishop",
            "cardinal",
            "pope",
            "king",
            "queen",
            "prince",
            "princess",
            "emir",
            "sultan",
            "president",
            "vice",
            "prime",
            "minister",
            "pm",
            "deputy",
            "foreign",
            "defence",
            "defense",
            "interior",
            "health",
            "finance",
            "secretary",
            "chancellor",
            "premier",
            "governor",
            "gov",
            "mayor",
            "senator",
            "sen",
            "rep",
            "representative",
            "congressman",
            "congresswoman",
            "judge",
            "justice",
            "ambassador",
            "envoy",
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "chief",
            "commander",
            "cmdr",
            "general",
            "gen",
            "lieutenant",
            "lt",
            "colonel",
            "col",
            "major",
            "maj",
            "brigadier",
            "brig",
            "captain",
            "capt",
            "sergeant",
            "sgt",
            "corporal",
            "cpl",
            "private",
            "pvt",
            "admiral",
            "adm",
            "rear",
            "marshal",
            "field",
            "staff",
            "head",
            "director",
            "leader",
            "senior",
            "former",
            "acting",
            "military",
            "army",
        ]
    )
    | _ACTOR_WORDS
)
# name particles left out when comparing: "Ashraf al-Qidra" = "Ashraf Qidra"
PARTICLES = frozenset(
    {
        "al",
        "el",
        "al-",
        "el-",
        "ad",
        "ed",
        "as",
        "ash",
        "an",
        "at",
        "az",
        "ibn",
        "bin",
        "ben",
        "van",
        "von",
        "der",
        "de",
        "da",
        "di",
        "du",
        "le",
        "la",
    }
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*\.?", re.UNICODE)
_APOSTROPHES = re.compile(r"['’ʼ‘`´]")
_DIGRAPHS = (
    ("sh", "s"),
    ("kh", "k"),
    ("gh", "g"),
    ("th", "t"),
    ("ph", "f"),
    ("dh", "d"),
    ("ck", "k"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
)
_LETTERS = str.maketrans(
    {"q": "k", "c": "k", "w": "v", "y": "i", "j": "i", "o": "u", "e": "i", "z": "s", "x": "ks"}
)
_NO_VOWELS = str.maketrans("", "", "aiu")  # what ``skeleton`` drops after the first letter


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name as written, split into given names and surname (folded, lower case)."""

    written: str
    given: tuple[str, ...]
    surname: str

    @property
    def full(self) -> bool:
        return bool(self.given)

    @property
    def display(self) -> str:
        return self.written


def fold(text: str) -> str:
    """Lower case, accents and apostrophes removed: "Sa'ar" -> "saar", "Zelenskyj" kept."""
    return _APOSTROPHES.sub("", strip_accents(text)).lower()


def parse_person(name: str) -> PersonName | None:
    """Split a written name; None when nothing but titles is left ("the spokesman")."""
    tokens = [t.rstrip(".") for t in _WORD.findall(fold(name).replace("-", " - "))]
    tokens = [t for t in tokens if t]
    while tokens and tokens[0] in TITLES:
        tokens.pop(0)
    tokens = [t for t in tokens if t not in PARTICLES]
    if not tokens:
        return None
    return PersonName(written=name.strip(), given=tuple(tokens[:-1]), surname=tokens[-1])


def starts_with_title(name: str) -> bool:
    """True for "Rear Admiral Hagari", "Dr. Smith": a title, then a capitalised name."""
    words = name.split()
    if len(words) < 2:
        return False
    head = words[0].rstrip(".").lower()
    return head in TITLES and head not in _NOT_PERSONAL and words[-1][:1].isupper()


# titles that also begin organisation names ("Israeli military", "Health Ministry")
_NOT_PERSONAL = (
    frozenset(
        {
            "military",
            "army",
            "health",
            "foreign",
            "defence",
            "defense",
            "interior",
            "finance",
            "field",
            "staff",
            "head",
            "senior",
            "former",
            "acting",
            "leader",
            "director",
            "chief",
            "deputy",
            "vice",
            "general",
            "major",
            "private",
            "justice",
        }
    )
    | _ACTOR_WORDS
)


@lru_cache(maxsize=NAME_CACHE)
def skeleton(word: str) -> str:
    """Consonant skeleton: the first letter, then consonants, without repeats or inner h."""
    folded = _spelling(word)
    if not folded:
        return ""
    return _squeeze(folded[0] + folded[1:].translate(_NO_VOWELS))


def words_match(left: str, right: str) -> bool:
    """Same name word, allowing transliteration variants and an initial for a given name."""
    if left == right:
        return True
    if len(left) == 1 or len(right) == 1:
        return left[0] == right[0]
    if skeleton(left) != skeleton(right):
        return False
    a, b = _spelling(left), _spelling(right)
    limit = 1 if min(len(a), len(b)) <= 5 else 2
    return jellyfish.damerau_levenshtein_distance(a, b) <= limit


def given_compatible(left: tuple[str, ...], right: tuple[str, ...]) -> bool:
    """First given names match (missing ones never conflict)."""
    if not left or not right:
        return True
    return words_match(left[0], right[0])


@lru_cache(maxsize=NAME_CACHE)
def _spelling(word: str) -> str:
    text = word.lower()
    for digraph, single in _DIGRAPHS:
        text = text.replace(digraph, single)
    text = text[:1] + text[1:].replace("h", "")
    return _squeeze(text.translate(_LETTERS))


def _squeeze(text: str) -> str:
    """``text`` with each run of one character (a line break excepted) as one: what
    ``re.sub(r"(.)\\1+", r"\\1", text)`` gives, several times faster on a name's few letters
    (names are squeezed by the thousand when a part of the store is linked again)."""
    out: list[str] = []
    previous = ""
    for ch in text:
        if ch != previous or ch == "\n":
            out.append(ch)
        previous = ch
    return "".join(out)
