"""The rule table of time expressions: each rule's pattern, reader and trigger words.

Order matters: on a tie (same span), the earlier rule wins; the rules without trigger words
only read spaCy DATE/TIME entities.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rashomon.dates._patterns import (
    CLOCK12_RE,
    CLOCK24_RE,
    CLOCK24_SIGNAL_RE,
    CLOCK_MOD_RE,
    CLOCK_SIGNAL_RE,
    CLOCK_TOKEN,
    DAY_REF_RE,
    DAY_WORDS,
    FULL_MONTH_RE,
    MONTH_RE,
    NOT_AGE_RE,
    NUM_RE,
    ON_DAY_RE,
    POD_RE,
    QUALIFIER_RE,
    SIGNAL_RE,
    UNIT_RE,
    UNIT_WORDS,
    VAGUE_RE,
    YEAR_RE,
    YEAR_TOKEN,
    ZONE_RE,
    compile_rule,
    trigger_words,
)
from rashomon.dates._readers import (
    read_clock,
    read_day,
    read_decade,
    read_duration,
    read_duration_range,
    read_month,
    read_next_day,
    read_offset,
    read_part_of_day_anchored,
    read_part_of_day_in_the,
    read_part_of_day_of,
    read_part_of_day_relative,
    read_period,
    read_plural_duration,
    read_season,
    read_year,
)
from rashomon.dates._readings import ReadingContext, TimeReading
from rashomon.dates._vocabulary import MONTHS

Reader = Callable[[re.Match[str], ReadingContext], "TimeReading | None"]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    read: Reader
    # words a line must contain before ``pattern`` searches it; None: the rule only reads
    # a spaCy entity's text and never searches the text (too loose for that)
    trigger: frozenset[str] | None


RULES: tuple[Rule, ...] = (
    Rule(
        "part_of_day_of",
        compile_rule(
            rf"(?:(?P<sig>{SIGNAL_RE})\s+)?(?:the\s+)?(?P<pod>{POD_RE})\s+(?:of|on)\s+(?:the\s+)?"
            rf"(?P<day>{DAY_REF_RE})"
        ),
        read_part_of_day_of,
        DAY_WORDS,
    ),
    Rule(
        "day_part_of_day",
        compile_rule(
            rf"(?:(?P<sig>{SIGNAL_RE})\s+)?(?P<day>{DAY_REF_RE})\s+"
            r"(?P<pod>(?:early\s+|late\s+)?(?:morning|afternoon|evening|night))"
        ),
        read_part_of_day_of,
        DAY_WORDS,
    ),
    Rule(
        "part_of_day_relative",
        compile_rule(
            r"(?P<rel>this|last)\s+(?P<pod>morning|afternoon|evening|night)|(?P<tonight>tonight)"
        ),
        read_part_of_day_relative,
        trigger_words("tonight morning afternoon evening night"),
    ),
    Rule(
        "part_of_day_early_hours",
        compile_rule(
            r"(?P<sig>in|during|before|after)\s+the\s+"
            r"(?P<pod>early\s+hours|small\s+hours|wee\s+hours|early\s+morning)(?!\s+of\b)"
        ),
        read_part_of_day_anchored,
        trigger_words("hours morning"),
    ),
    Rule(
        "part_of_day_at",
        compile_rule(
            r"(?P<sig>at|before|after|around|by|until|till)\s+"
            r"(?P<pod>dawn|dusk|daybreak|sunrise|first\s+light|nightfall|sunset)"
        ),
        read_part_of_day_anchored,
        trigger_words("dawn dusk daybreak sunrise light nightfall sunset"),
    ),
    Rule(
        "part_of_day_in_the",
        compile_rule(
            r"(?P<edge>early|late)\s+in\s+the\s+(?P<pod>morning|afternoon|evening|night|day)"
            r"|(?P<overnight>overnight)"
        ),
        read_part_of_day_in_the,
        trigger_words("early late overnight"),
    ),
    Rule(
        "clock12",
        compile_rule(
            rf"(?:(?P<sig>{CLOCK_SIGNAL_RE})\s+)?(?:(?P<mod>{CLOCK_MOD_RE})\s+)?{CLOCK12_RE}"
            rf"(?:{ZONE_RE})?{ON_DAY_RE}"
        ),
        read_clock,
        trigger_words("am pm m"),
    ),
    Rule(
        "clock24",
        compile_rule(
            rf"(?P<sig>{CLOCK24_SIGNAL_RE})\s+(?:(?P<mod>{CLOCK_MOD_RE})\s+)?{CLOCK24_RE}"
            rf"(?:{ZONE_RE}|\s*(?:hrs|hours))?{ON_DAY_RE}"
        ),
        read_clock,
        trigger_words(CLOCK_TOKEN),
    ),
    Rule(
        "clock24_zone",
        compile_rule(
            rf"(?:(?P<sig>{CLOCK_SIGNAL_RE})\s+)?(?P<h24>[01]\d|2[0-3]):?(?P<mi24>[0-5]\d)"
            rf"\s*(?P<zone>GMT|UTC){ON_DAY_RE}"
        ),
        read_clock,
        trigger_words("gmt utc"),
    ),
    Rule(
        "clock_word",
        compile_rule(
            rf"(?P<sig>{CLOCK_SIGNAL_RE})\s+(?:(?P<mod>{CLOCK_MOD_RE})\s+)?"
            rf"(?P<cw>noon|midday|midnight){ON_DAY_RE}"
        ),
        read_clock,
        trigger_words("noon midday midnight"),
    ),
    Rule(
        "offset",
        compile_rule(
            rf"(?:(?:some|about|around|nearly|almost|just|only|barely|over|more\s+than)\s+)?"
            rf"(?:(?P<num>{NUM_RE}|a|an|{VAGUE_RE})\s+)?(?P<unit>{UNIT_RE})s?\s+"
            r"(?P<dir>ago|later|earlier|afterwards?|after\s+that|before\s+that)"
        ),
        read_offset,
        trigger_words("ago later earlier afterward afterwards that"),
    ),
    Rule(
        "next_day",
        compile_rule(
            r"(?:the\s+(?P<which>next|following|previous|preceding|same)|that)\s+"
            r"(?P<unit>day|morning|afternoon|evening|night|week|month|year)"
        ),
        read_next_day,
        trigger_words("next following previous preceding same that"),
    ),
    Rule(
        "period",
        compile_rule(
            r"(?P<the>the\s+)?(?:(?:earlier|later)\s+)?"
            r"(?P<rel>last|this|next|past|previous|coming)\s+(?P<unit>week|month|year)"
        ),
        read_period,
        trigger_words("week month year"),
    ),
    Rule(
        "duration_range",
        compile_rule(
            r"(?:(?P<sig>for|over|within|during)\s+)?(?:(?:between|from)\s+)?"
            rf"(?P<lo>{NUM_RE})(?:\s*[-–]\s*|\s+(?:to|or|and)\s+)(?P<hi>{NUM_RE})[\s-]+"
            rf"(?P<unit>{UNIT_RE})s?{NOT_AGE_RE}"
        ),
        read_duration_range,
        UNIT_WORDS,
    ),
    Rule(
        "duration",
        compile_rule(
            r"(?:(?P<sig>for|within|(?:over|in|during)\s+the\s+(?:past|last|next)"
            r"|the\s+(?:past|last|next|first|coming))\s+)?"
            rf"(?:(?P<mod>{QUALIFIER_RE})\s+)?(?P<num>{NUM_RE}|a|an|{VAGUE_RE})[\s-]+"
            rf"(?P<unit>{UNIT_RE})s?{NOT_AGE_RE}"
        ),
        read_duration,
        UNIT_WORDS,
    ),
    Rule(
        "for_plural",
        compile_rule(rf"(?P<sig>for)\s+(?:(?P<mod>many|several)\s+)?(?P<unit>{UNIT_RE})s"),
        read_plural_duration,
        UNIT_WORDS,
    ),
    Rule(
        "day",
        compile_rule(rf"(?:(?P<sig>{SIGNAL_RE})\s+)?(?P<day>{DAY_REF_RE})"),
        read_day,
        DAY_WORDS,
    ),
    Rule(
        "month",
        compile_rule(
            r"(?P<sig>since|until|till|by|from|in|during|before|after|early|late|mid-?"
            r"|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of)\s*"
            rf"(?P<month>{FULL_MONTH_RE})(?:,?\s+(?P<y>{YEAR_RE}))?"
            rf"|(?P<month2>{MONTH_RE})\s+(?P<y2>{YEAR_RE})"
        ),
        read_month,
        trigger_words(*MONTHS),
    ),
    Rule(
        "season",
        compile_rule(
            rf"(?:(?P<sig>{SIGNAL_RE})\s+)?(?:the\s+)?(?:(?:early|late)\s+)?"
            rf"(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<y>{YEAR_RE})"
        ),
        read_season,
        trigger_words("spring summer autumn fall winter"),
    ),
    Rule(
        "year",
        compile_rule(
            r"(?P<sig>in|since|during|until|till|by|from|before|after|through|throughout)\s+"
            rf"(?P<y>{YEAR_RE})(?!\s*[-–/]\s*\d)"
        ),
        read_year,
        trigger_words(YEAR_TOKEN),
    ),
    # only on spaCy entities: too loose to search the whole text with
    Rule(
        "part_of_day_bare",
        compile_rule(rf"(?:(?P<sig>{SIGNAL_RE})\s+)?(?:the|that)\s+(?P<pod>{POD_RE})"),
        read_part_of_day_anchored,
        None,
    ),
    Rule(
        "plural_duration",
        compile_rule(
            r"(?:(?P<mod>many|several|recent|the\s+past|the\s+last|the\s+coming|the\s+next"
            rf"|past|coming)\s+)?(?P<unit>{UNIT_RE})s"
        ),
        read_plural_duration,
        None,
    ),
    Rule(
        "month_bare",
        compile_rule(rf"(?P<month>{FULL_MONTH_RE})"),
        read_month,
        None,
    ),
    Rule(
        "decade",
        compile_rule(r"(?:the\s+)?(?:early\s+|mid-?|late\s+)?(?P<dec>(?:19|20)\d0)['’]?s"),
        read_decade,
        None,
    ),
)
