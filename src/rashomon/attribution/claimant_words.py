"""Word lists that type a claimant and spot role nouns. English, versioned with the rules."""

from __future__ import annotations

from rashomon.actors import actor_words
from rashomon.model import ClaimantType

PRONOUNS_PERSON = frozenset({"he", "she", "him", "her", "i", "me"})
PRONOUNS_GROUP = frozenset({"it", "they", "them", "we", "us"})

# Head nouns of a source span that stand for the speaker's words ("Al-Qassam's statement").
STATEMENT_NOUNS = frozenset(
    {
        "statement",
        "statements",
        "claim",
        "claims",
        "communique",
        "communiqué",
        "release",
        "announcement",
        "report",
        "reports",
        "account",
        "message",
        "letter",
        "tweet",
        "post",
        "video",
        "footage",
        "spokesperson",
        "website",
        "channel",
        "note",
        "notice",
        "bulletin",
        "declaration",
        "text",
        "information",
        "data",
    }
)

# Role nouns: "the spokesman", "a military analyst", "the minister".
ROLE_NOUNS = frozenset(
    {
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "minister",
        "president",
        "prime",
        "official",
        "officials",
        "analyst",
        "analysts",
        "commander",
        "general",
        "colonel",
        "officer",
        "chief",
        "head",
        "director",
        "leader",
        "leaders",
        "ambassador",
        "envoy",
        "secretary",
        "governor",
        "mayor",
        "witness",
        "witnesses",
        "resident",
        "residents",
        "source",
        "sources",
        "expert",
        "experts",
        "doctor",
        "doctors",
        "medic",
        "medics",
        "journalist",
        "correspondent",
        "reporter",
        "researcher",
        "investigator",
        "negotiator",
        "mediator",
        "diplomat",
        "diplomats",
        "lawmaker",
        "senator",
        "representative",
        "coordinator",
        "chairman",
        "chairwoman",
        "member",
        "members",
        "aide",
        "adviser",
        "advisor",
        "survivor",
        "survivors",
        "father",
        "mother",
        "relative",
        "relatives",
        "activist",
        "activists",
        "militant",
        "militants",
        "fighter",
        "fighters",
        "soldier",
        "soldiers",
        "staff",
        "worker",
        "workers",
        "volunteer",
        "observer",
        "observers",
    }
)

GROUP_ROLE_NOUNS = frozenset({"group", "movement", "organisation", "organization", "wing"})

_TYPE_WORDS: tuple[tuple[ClaimantType, frozenset[str]], ...] = (
    (
        ClaimantType.MEDIA_OUTLET,
        frozenset(
            {
                "reuters",
                "afp",
                "ap",
                "associated",
                "agency",
                "news",
                "newspaper",
                "times",
                "post",
                "tv",
                "television",
                "radio",
                "channel",
                "broadcaster",
                "jazeera",
                "al-jazeera",
                "bbc",
                "cnn",
                "gazette",
                "herald",
                "tribune",
                "chronicle",
                "press",
                "journal",
                "magazine",
                "wire",
                "daily",
                "j’post",
                "j'post",
            }
        ),
    ),
    (
        ClaimantType.ARMED_GROUP,
        actor_words().armed_groups
        | frozenset(
            {
                "brigades",
                "brigade",
                "militants",
                "militant",
                "rebels",
                "rebel",
                "resistance",
                "front",
                "liberation",
                "militia",
                "militias",
                "insurgents",
                "wing",
                "fighters",
                "guerrillas",
                "armed",
                "faction",
                "factions",
            }
        ),
    ),
    (
        ClaimantType.MILITARY,
        frozenset(
            {
                "army",
                "military",
                "idf",
                "forces",
                "force",
                "navy",
                "troops",
                "command",
                "defense",
                "defence",
                "battalion",
                "regiment",
                "corps",
                "pentagon",
            }
        ),
    ),
    (
        ClaimantType.GOVERNMENT_BODY,
        frozenset(
            {
                "ministry",
                "government",
                "council",
                "cabinet",
                "office",
                "parliament",
                "police",
                "authority",
                "authorities",
                "department",
                "administration",
                "kremlin",
                "house",
                "presidency",
                "senate",
                "congress",
                "commission",
                "municipality",
                "embassy",
                "state",
                "court",
                "prosecutor",
                "agency's",
            }
        ),
    ),
    (
        ClaimantType.ORGANISATION,
        frozenset(
            {
                "organization",
                "organisation",
                "un",
                "nations",
                "committee",
                "red",
                "crescent",
                "cross",
                "unicef",
                "who",
                "amnesty",
                "watch",
                "ngo",
                "charity",
                "foundation",
                "institute",
                "union",
                "association",
                "society",
                "coalition",
                "party",
                "company",
                "hospital",
                "university",
                "group",
                "campaign",
            }
        ),
    ),
)


def type_from_words(words: list[str]) -> ClaimantType | None:
    """The first claimant type whose cue words appear in ``words`` (lowercased tokens).

    The head word (last) is checked first, then the others, so "Israeli military
    spokesman" is not typed by "military" when the caller types people separately.
    """
    lowered = [w.lower() for w in words]
    for word in reversed(lowered):
        for claimant_type, vocabulary in _TYPE_WORDS:
            if word in vocabulary:
                return claimant_type
    return None


# What "according to" can name that is no claimant of its own but a record of another's
# words: "..., according to excerpts of a document", "according to the data".
DOCUMENT_NOUNS = STATEMENT_NOUNS | frozenset(
    {
        "excerpt",
        "excerpts",
        "document",
        "documents",
        "data",
        "record",
        "records",
        "transcript",
        "copy",
        "information",
        "figures",
        "estimate",
        "estimates",
        "assessment",
        "assessments",
        "analysis",
        "study",
        "findings",
        "review",
        "survey",
        "tally",
        "image",
        "images",
        "photo",
        "photos",
    }
)
