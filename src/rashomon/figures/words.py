"""Word lists for casualty figures: category words, victim nouns and their normal groups.

Lower-case lemmas (spaCy's) unless said otherwise. A count becomes a figure only when a
category word governs it and, if it modifies a noun, that noun names people.
"""

from __future__ import annotations

from rashomon.actors import actor_words
from rashomon.model import FigureCategory

K = FigureCategory

# Verbs, participles and adjectives that give a category to their subject (passive, or
# intransitive) or their object (active): "were killed", "killed 40", "died", "left 9 dead".
PREDICATES: dict[str, FigureCategory] = {
    **dict.fromkeys(
        [
            "kill",
            "die",
            "murder",
            "slay",
            "execute",
            "massacre",
            "assassinate",
            "perish",
            "slaughter",
            "behead",
            "lynch",
            "martyr",
            "dead",
            "killed",
        ],
        K.KILLED,
    ),
    **dict.fromkeys(["wound", "injure", "hurt", "maim", "wounded", "injured"], K.WOUNDED),
    **dict.fromkeys(["missing", "disappear", "vanish", "unaccounted"], K.MISSING),
    **dict.fromkeys(
        ["capture", "abduct", "kidnap", "seize", "captured", "abducted", "kidnapped"], K.CAPTURED
    ),
    **dict.fromkeys(["detain", "arrest", "jail", "imprison", "detained", "arrested"], K.DETAINED),
    **dict.fromkeys(["release", "free", "liberate", "released", "freed"], K.RELEASED),
    **dict.fromkeys(["displace", "uproot", "flee", "homeless", "displaced"], K.DISPLACED),
}

# Of these, the ones that name a casualty only in the passive ("four people were hurt"),
# not in the active ("the crisis hurt millions of Americans").
PASSIVE_ONLY = frozenset(["hurt"])

# Of these, the ones whose grammatical subject is the victim even in the active voice.
INTRANSITIVE = frozenset(
    ["die", "perish", "disappear", "vanish", "flee", "dead", "missing", "homeless", "unaccounted"]
)

# Words that, right after a count, name its category: "471 killed", "300 dead", "28 critical".
# Compared with the lower-cased token text.
AFTER_COUNT: dict[str, FigureCategory] = {
    **dict.fromkeys(["killed", "dead", "died", "martyred", "deceased"], K.KILLED),
    **dict.fromkeys(["wounded", "injured", "hurt", "critical"], K.WOUNDED),
    **dict.fromkeys(["missing", "unaccounted"], K.MISSING),
    **dict.fromkeys(["captured", "abducted", "kidnapped"], K.CAPTURED),
    **dict.fromkeys(["detained", "arrested"], K.DETAINED),
    **dict.fromkeys(["released", "freed"], K.RELEASED),
    "displaced": K.DISPLACED,
}

# Words skipped between a count and its category word: "471 people were killed".
SKIP_AFTER_COUNT = (
    frozenset(
        [
            "people",
            "persons",
            "others",
            "other",
            "more",
            "were",
            "was",
            "are",
            "is",
            "have",
            "has",
            "had",
            "been",
            "being",
            "be",
            "reportedly",
            "seriously",
            "critically",
            "badly",
            "lightly",
            "severely",
            "slightly",
            "also",
            "all",
            "who",
            "civilians",
            "soldiers",
        ]
    )
    | actor_words().demonym_plurals
)  # "471 Palestinians were killed"

# Nouns that carry a category themselves: "471 martyrs", "44 deaths", "300 casualties".
CASUALTY_NOUNS: dict[str, FigureCategory] = {
    **dict.fromkeys(
        ["death", "fatality", "martyr", "body", "corpse", "dead", "deceased"], K.KILLED
    ),
    **dict.fromkeys(["injury", "wounded", "injured"], K.WOUNDED),
    "casualty": K.KILLED_OR_WOUNDED,
    **dict.fromkeys(["hostage", "captive", "abductee"], K.CAPTURED),
    **dict.fromkeys(["detainee", "prisoner"], K.DETAINED),
    **dict.fromkeys(["evacuee", "displaced"], K.DISPLACED),
}

# Nouns that name an event done to the "of" noun: "the killing of an Israeli soldier".
NOMINALISATIONS: dict[str, FigureCategory] = {
    **dict.fromkeys(
        ["killing", "death", "murder", "execution", "massacre", "assassination"], K.KILLED
    ),
    **dict.fromkeys(["wounding", "injury"], K.WOUNDED),
    "disappearance": K.MISSING,
    **dict.fromkeys(["abduction", "kidnapping", "capture"], K.CAPTURED),
    **dict.fromkeys(["arrest", "detention", "imprisonment"], K.DETAINED),
    **dict.fromkeys(["release", "liberation"], K.RELEASED),
    "displacement": K.DISPLACED,
}

# Nouns a count is the value of: "the death toll rose to 44", "put the number of dead at 60".
TOLL_NOUNS = frozenset(["toll", "number", "figure", "tally", "count", "total", "estimate"])

# Words that, modifying a toll noun, give its category ("death toll", "number of injured").
TOLL_WORDS: dict[str, FigureCategory] = {
    **dict.fromkeys(
        ["death", "dead", "killed", "fatality", "martyr", "die", "kill", "body"], K.KILLED
    ),
    **dict.fromkeys(["injury", "injured", "wounded", "wound", "injure"], K.WOUNDED),
    "casualty": K.KILLED_OR_WOUNDED,
    **dict.fromkeys(["missing"], K.MISSING),
    **dict.fromkeys(["hostage", "captive"], K.CAPTURED),
    **dict.fromkeys(["detainee", "arrest"], K.DETAINED),
    **dict.fromkeys(["displaced"], K.DISPLACED),
}

# Nouns a count passes through on its way to a toll noun: "at the low end of the 100-to-300
# spectrum" is still the value of "the number of deaths".
TRANSPARENT_NOUNS = frozenset(
    [
        "end",
        "spectrum",
        "range",
        "region",
        "vicinity",
        "neighbourhood",
        "neighborhood",
        "order",
        "scale",
    ]
)

# Victim nouns (lemma) -> the group a figure reports, in the plural. Nouns not listed but
# given here as people keep their own plural (lower case): "villagers", "journalists".
GROUPS: dict[str, str] = {
    **dict.fromkeys(["people", "person", "persons", "individual", "other", "others"], "people"),
    **dict.fromkeys(
        ["soldier", "troop", "trooper", "serviceman", "servicemember", "reservist"], "soldiers"
    ),
    **dict.fromkeys(["child", "kid", "minor"], "children"),
    "woman": "women",
    "man": "men",
    **dict.fromkeys(["fighter", "combatant"], "fighters"),
    **dict.fromkeys(["attacker", "assailant"], "attackers"),
    **dict.fromkeys(["captive", "hostage", "abductee"], "captives"),
    "gunman": "gunmen",
    "policeman": "police officers",
    "police": "police officers",
    "baby": "babies",
}

# Nouns that count people (lemma). A count that modifies any other common noun (rockets,
# tanks, days, kilograms, hospitals) is no casualty figure.
PERSON_NOUNS = frozenset(
    [
        "people",
        "person",
        "persons",
        "individual",
        "other",
        "others",
        "civilian",
        "soldier",
        "troop",
        "trooper",
        "serviceman",
        "servicemember",
        "reservist",
        "officer",
        "policeman",
        "police",
        "guard",
        "fighter",
        "militant",
        "combatant",
        "gunman",
        "insurgent",
        "rebel",
        "terrorist",
        "attacker",
        "assailant",
        "jihadist",
        "operative",
        "child",
        "kid",
        "minor",
        "baby",
        "infant",
        "toddler",
        "teenager",
        "teen",
        "boy",
        "girl",
        "woman",
        "man",
        "adult",
        "patient",
        "doctor",
        "nurse",
        "medic",
        "paramedic",
        "journalist",
        "reporter",
        "photographer",
        "worker",
        "employee",
        "volunteer",
        "resident",
        "villager",
        "inhabitant",
        "citizen",
        "national",
        "student",
        "pupil",
        "teacher",
        "refugee",
        "migrant",
        "protester",
        "demonstrator",
        "passenger",
        "pilgrim",
        "worshipper",
        "member",
        "hostage",
        "captive",
        "abductee",
        "prisoner",
        "detainee",
        "victim",
        "martyr",
        "crew",
        "sailor",
        "pilot",
        "miner",
        "firefighter",
        "rescuer",
        "official",
        "diplomat",
        "settler",
        "tourist",
        "spectator",
        "shopper",
        "parishioner",
        "monk",
        "priest",
        "nun",
        "colleague",
        "relative",
        "survivor",
        "evacuee",
        "bystander",
        "staffer",
        "staff",
        "personnel",
        "commander",
        "recruit",
        "conscript",
    ]
)

# Count heads that mean "this many of these": "28 critical cases".
CASE_NOUNS = frozenset(["case"])

# Counted nouns that name no group of people: "44 deaths", "dozens of bodies".
NOT_GROUPS = frozenset(
    [
        "death",
        "fatality",
        "body",
        "corpse",
        "dead",
        "deceased",
        "injury",
        "wounded",
        "injured",
        "casualty",
        "case",
    ]
)

# Auxiliaries that make a verb unreal unless "have" follows ("may have been killed" stays).
MODALS = frozenset(["will", "would", "shall", "should", "can", "could", "may", "might", "must"])

# Verbs that report or infer a state without making it unreal: "are said to be in critical
# condition", "are believed to have been killed".
RAISING = frozenset(
    [
        "say",
        "believe",
        "report",
        "fear",
        "think",
        "know",
        "understand",
        "estimate",
        "feel",
        "seem",
        "appear",
    ]
)

MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)

# Words right after a number that make it a measure, a time or money, never a head count.
UNITS = frozenset(
    [
        "second",
        "seconds",
        "minute",
        "minutes",
        "hour",
        "hours",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "decade",
        "decades",
        "century",
        "centuries",
        "am",
        "pm",
        "a.m.",
        "p.m.",
        "gmt",
        "utc",
        "o'clock",
        "km",
        "kilometre",
        "kilometres",
        "kilometer",
        "kilometers",
        "mile",
        "miles",
        "metre",
        "metres",
        "meter",
        "meters",
        "m",
        "feet",
        "foot",
        "ft",
        "inch",
        "inches",
        "kg",
        "kilogram",
        "kilograms",
        "kilo",
        "kilos",
        "gram",
        "grams",
        "g",
        "pound",
        "pounds",
        "lb",
        "lbs",
        "ton",
        "tons",
        "tonne",
        "tonnes",
        "percent",
        "per",
        "cent",
        "dollar",
        "dollars",
        "euro",
        "euros",
        "shekel",
        "shekels",
        "usd",
        "times",
        "point",
        "points",
        "degree",
        "degrees",
        "mm",
        "calibre",
        "caliber",
    ]
)

# Words right before a number that make it an identifier or an age.
ID_WORDS = frozenset(
    ["no.", "no", "number", "numbered", "#", "id", "card", "phone", "tel", "aged", "age", "ages"]
)


# Victim groups that break a toll down ("including four children", "12 men and 7 women
# died", "10 hypermarket employees"): such a figure counts the group, among the toll's
# category, and sits in a slot of its own so a part is never compared with the whole.
BREAKDOWN_GROUPS: dict[str, FigureCategory] = {
    **dict.fromkeys(["children", "babies", "boys", "girls", "minors"], K.CHILDREN),
    "women": K.WOMEN,
    "men": K.MEN,
    **dict.fromkeys(["employees", "workers", "staff", "staffs", "staffers"], K.EMPLOYEES),
}

# Counted bodies are a count of their own (bodies recovered, seen at a morgue), never the
# same measure as a death toll: category ``bodies``, among the killed.
BODY_NOUNS = frozenset({"body", "bodies", "corpse", "corpses", "remains"})
