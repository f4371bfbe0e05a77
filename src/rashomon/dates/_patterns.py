"""Regular-expression fragments of time expressions, and the words that let a rule search
a line.

The ``*_RE`` names are pattern sources, compiled case-insensitive by ``compile_rule``; month
and weekday names must be capitalised. A line is searched by a rule only when one of the
rule's trigger words is among the line's token keys (``token_key``).
"""

from __future__ import annotations

import re

from rashomon.dates._vocabulary import MONTHS, UNITS, WEEKDAYS

WEEKDAY_RE = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
MONTH_RE = (
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
FULL_MONTH_RE = (
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)"
)
DAY_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
YEAR_RE = r"(?:19|20)\d{2}(?![\d-])"
NUMWORD_RE = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|one|two|three|four|five|six|seven|eight|nine|ten)"
)
NUM_RE = rf"(?:\d{{1,3}}(?:\.\d+)?(?![\d,])|{NUMWORD_RE})"
VAGUE_RE = r"(?:a\s+few|a\s+couple\s+of|couple\s+of|several|few)"
UNIT_RE = r"(?:second|minute|hour|day|night|week|fortnight|month|year|decade)"
NOT_AGE_RE = r"(?![- ]olds?\b)"
QUALIFIER_RE = (
    r"(?:over|more\s+than|at\s+least|no\s+less\s+than|just\s+over|nearly|almost|up\s+to"
    r"|less\s+than|under|fewer\s+than|no\s+more\s+than|just\s+under|barely|about|around"
    r"|some|roughly|approximately)"
)
SIGNAL_RE = (
    r"(?:since|until|till|as\s+of|by|from|starting(?:\s+on|\s+from)?|beginning(?:\s+on)?"
    r"|on|in|at|during|before|after|through)"
)
POD_RE = (
    r"(?:early\s+hours|small\s+hours|wee\s+hours|early\s+morning|late\s+morning|morning"
    r"|early\s+afternoon|late\s+afternoon|afternoon|early\s+evening|late\s+evening|evening"
    r"|late\s+night|night|dawn|dusk|daybreak|sunrise|first\s+light|nightfall|sunset)"
)
CLOCK_MOD_RE = (
    r"(?:precisely|exactly|about|around|approximately|roughly|some|shortly\s+before"
    r"|shortly\s+after|just\s+before|just\s+after)"
)
CLOCK_SIGNAL_RE = r"(?:at|by|from|until|till|since|before|after|around)"
CLOCK24_SIGNAL_RE = r"(?:at|from|until|till|since|before|after|around)"
# a day: "Friday, December 8(, 2023)", "8 December 2023", "2023-12-08", "last Friday", "today"
DAY_REF_RE = (
    rf"(?:(?:(?P<wd>{WEEKDAY_RE}),?\s+(?:the\s+)?)?"
    rf"(?:(?P<m1>{MONTH_RE})\s+(?P<d1>{DAY_RE})|(?P<d2>{DAY_RE})(?:\s+of)?\s+(?P<m2>{MONTH_RE}))"
    rf"(?:,?\s+(?P<y>{YEAR_RE}))?"
    r"|(?P<iso>(?:19|20)\d{2}-[01]\d-[0-3]\d)(?![\d-])"
    rf"|(?:(?P<rel>last|next|this|past|coming)\s+)?(?P<wd2>{WEEKDAY_RE})"
    r"|(?P<word>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|yesterday"
    r"|tomorrow))"
)
CLOCK12_RE = (
    r"(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ampm>a\.m\.|p\.m\.|am|pm)(?![a-z])"
)
CLOCK24_RE = r"(?P<h24>[01]?\d|2[0-3]):(?P<mi24>[0-5]\d)"
# the zone written after a clock time: GMT and UTC keep it ("Z" in the value)
ZONE_RE = r"\s*(?P<zone>GMT|UTC|local\s+time)"
# the day of a clock time: "on Tuesday", ", March 15", or "that (same) day" (the day talked
# about before it)
ON_DAY_RE = (
    rf"(?:,?\s+(?:on\s+)?(?:the\s+)?(?P<day>{DAY_REF_RE})"
    r"|\s+(?P<that>that\s+(?:same\s+)?day|the\s+same\s+day))?"
)


def compile_rule(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w#-])(?:{pattern})(?![\w#])", re.IGNORECASE)


# A line is searched by a rule only when one of the rule's words is among the line's
# tokens (lower-cased words, CLOCK_TOKEN for "2:30", YEAR_TOKEN for four digits): a dict
# look-up per word instead of every pattern over every line.
TOKEN_RE = re.compile(r"[A-Za-z]+|\d+(?::\d\d)?")
CLOCK_TOKEN = "#clock"
YEAR_TOKEN = "#year"


def trigger_words(*groups: str) -> frozenset[str]:
    return frozenset(word for group in groups for word in group.split())


def token_key(token: str) -> str:
    if ":" in token:
        return CLOCK_TOKEN
    if token.isdigit():
        return YEAR_TOKEN if len(token) == 4 else ""
    return token.lower()


DAY_WORDS = trigger_words(*WEEKDAYS, *MONTHS, "today yesterday tomorrow", YEAR_TOKEN)
UNIT_WORDS = trigger_words(*UNITS, *(unit + "s" for unit in UNITS))
