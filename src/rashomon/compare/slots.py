"""Slot names and value labels: which ledger slot a figure, claim or event fills.

Counts: a figure's category gives the slot (KILLED -> "deaths", WOUNDED -> "wounded", others
by their category name); a specific victim group is appended ("wounded:soldiers"), a generic
one (``GENERIC_GROUPS``: none, "people", "others"...) is not, so that "471 Palestinians" and
"100-300 people" land in one slot and can conflict.

Responsibility (``doer_of``): a nation of the sides file named as the doer ("Russian forces
struck", "carried out by Ukraine", "Israel was not responsible"), "not <nation>" when denied;
different nations, or a nation and its denial, conflict. Cause: ``labels.cause_of`` (a kind of
mechanism from the labels data file, with the actor the claim names). No story's or war's
names here: the words are the data files'.

Evidence and damage: ``EVIDENCE_RULES`` (what footage or images are said to show) and
``DAMAGE_RULES`` (the physical traces at the site: extent of damage, craters, remains of the
munition) give one label per claim the same way. ``LABEL_CONFLICTS`` lists the pairs that
exclude each other, each with its strength: "firm" when both cannot be true ("light damage"
vs "destroyed"), "possible" when they may not be the same proposition but sit uneasily
together ("no crater" vs "no remains of the munition"; "light damage" vs "heavy damage",
perhaps of other buildings): read both before deciding.

Times: the "time" slot holds clock times ("2023-10-17 17:00 UTC", "2023-10-17 18:59": no
zone is the local time of the text). Two times of one day more than ``TIME_TOLERANCE`` apart
are always a "possible" conflict: the zones may differ, or they may be two moments.

A claim whose cue rejects its content ("denied that...", "has ruled out", "disputes") does
not assert it: only what follows a counter-claim turn ("..., claiming that ...") is read
(``asserted_text``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from rashomon.compare import labels
from rashomon.model import ConflictStrength, FigureCategory

SLOT_RULES_VERSION = "slots.en.v4"
SLOT_ORDER = (
    "deaths",
    "wounded",
    "responsible",
    "cause",
    "weapon",
    "target",
    "evidence",
    "damage",
    "status",
    "place",
    "time",
)
FIRM = ConflictStrength.FIRM
POSSIBLE = ConflictStrength.POSSIBLE
TIME_TOLERANCE = timedelta(minutes=60)  # "at around 5pm" and "5:40 p.m." do not conflict

CATEGORY_SLOTS = {FigureCategory.KILLED: "deaths", FigureCategory.WOUNDED: "wounded"}

# victim groups that do not narrow a count: they share the bare slot ("deaths")
GENERIC_GROUPS = frozenset(
    {"people", "persons", "person", "others", "individuals", "palestinians", "martyrs"}
)

# victim groups that name the nature of a whole toll when no breakdown ("30 civilians killed")
TOLL_NATURE_GROUPS = frozenset({"civilians", "civilian"})

# victim group (lower case) -> victim status ("status" slot)
STATUS_GROUPS = {
    "civilians": "civilian",
    "civilian": "civilian",
    "patients": "civilian",
    "children": "civilian",
    "women": "civilian",
    "refugees": "civilian",
    "displaced": "civilian",
    "soldiers": "soldier",
    "soldier": "soldier",
    "troops": "soldier",
    "reservists": "soldier",
    "fighters": "combatant",
    "militants": "combatant",
    "terrorists": "combatant",
    "gunmen": "combatant",
}
# status labels that exclude each other (a civilian is not a soldier or a combatant)
STATUS_CONFLICTS = frozenset(
    {frozenset({"civilian", "soldier"}), frozenset({"civilian", "combatant"})}
)


@dataclass(frozen=True, slots=True)
class LabelRule:
    pattern: re.Pattern[str]
    label: str


def _label(pattern: str, label: str) -> LabelRule:
    return LabelRule(re.compile(pattern, re.IGNORECASE), label)


_FOOTAGE = r"(?:video|footage|clip|recording)s?\b"
_PROJECTILE = r"(?:rocket|missile|projectile|munition)s?\b"

# what footage or images are said to show (slot "evidence")
EVIDENCE_RULES: tuple[LabelRule, ...] = (
    _label(
        rf"{_FOOTAGE}[^.]{{0,60}}?\b(?:no longer (?:tied|linked|connected)|not (?:tied|linked"
        rf"|connected|related)|unrelated)"
        rf"|(?:seen|shown) in (?:the |a |an )?[\w\s'’-]{{0,40}}?{_FOOTAGE}[^.]{{0,100}}?"
        r"\b(?:too far (?:from|away)|not (?:the|a) (?:cause|factor))",
        "footage unrelated to the incident",
    ),
    _label(
        rf"(?:{_FOOTAGE}|\bshown\b|\bseen\b|\bcaptured\b)[^.]{{0,80}}?\bintercept(?:or|ion|ed)"
        rf"|\bintercept(?:or|ion)s?\b[^.]{{0,60}}?(?:{_FOOTAGE}|\bshown\b|\bcaptured\b)",
        "footage shows an interception",
    ),
    _label(
        rf"{_FOOTAGE}[^.]{{0,80}}?\b{_PROJECTILE}[^.]{{0,40}}?\b(?:to fall|fell|falling"
        r"|fall(?:s|en)? (?:short|down)|br(?:eak|oke|eaking) up|misfir\w*|malfunction\w*"
        r"|fail(?:ed|ing|s)?\b|crash\w*)",
        "footage shows a failed rocket",
    ),
)

# the physical traces at the site (slot "damage")
DAMAGE_RULES: tuple[LabelRule, ...] = (
    _label(
        r"\bno (?:observable |visible |impact |large |deep )*craters?\b"
        r"|\bno evidence of (?:a |an )?(?:large |deep |impact )*crater",
        "no crater",
    ),
    _label(
        r"\b(?:left|leaving|created|dug|blasted|gouged) (?:a |an )?(?:large |deep |huge )*crater",
        "crater",
    ),
    _label(
        r"\b(?:only |minor |limited |light |little |superficial )+(?:structural )?damage"
        r"|\b(?:remained|largely|structurally) intact\b",
        "light damage",
    ),
    _label(
        r"\b(?:extensive|widespread|heavy|severe|massive|major) (?:structural )?damage"
        r"|\bheavily damaged",
        "heavy damage",
    ),
    _label(r"\b(?:destroyed|flattened|razed|reduced to rubble)\b", "destroyed"),
    _label(
        r"\bnothing (?:is|was|has been) left|\bdissolved\b|\bvapori[sz]ed"
        r"|\bno (?:fragments|remnants|debris|shrapnel|remains|trace)\b",
        "no remains of the munition",
    ),
    _label(
        rf"\b(?:fragments|remnants|debris|shrapnel|remains|parts) of (?:the |a |an )?{_PROJECTILE}"
        r"[^.]{0,30}?\b(?:found|recovered|collected|identified)"
        rf"|\b(?:found|recovered|collected) (?:the )?(?:fragments|remnants|debris|shrapnel|remains"
        rf"|parts) of (?:the |a |an )?{_PROJECTILE}",
        "remains of the munition found",
    ),
)

LABEL_RULES: dict[str, tuple[LabelRule, ...]] = {
    "evidence": EVIDENCE_RULES,
    "damage": DAMAGE_RULES,
}

# label pairs that exclude each other (the others never conflict), with their strength
LABEL_CONFLICTS: dict[str, dict[frozenset[str], ConflictStrength]] = {
    "evidence": {
        frozenset({"footage shows a failed rocket", "footage shows an interception"}): FIRM,
        frozenset({"footage shows a failed rocket", "footage unrelated to the incident"}): FIRM,
        frozenset({"footage shows an interception", "footage unrelated to the incident"}): (
            POSSIBLE
        ),
    },
    "damage": {
        frozenset({"light damage", "destroyed"}): FIRM,
        # degrees seen by different observers, perhaps of different buildings of one site
        frozenset({"light damage", "heavy damage"}): POSSIBLE,
        frozenset({"no crater", "crater"}): FIRM,
        frozenset({"no remains of the munition", "remains of the munition found"}): FIRM,
        # not the same proposition: a munition that left nothing vs the traces at the site
        frozenset({"no remains of the munition", "light damage"}): POSSIBLE,
        frozenset({"no remains of the munition", "no crater"}): POSSIBLE,
    },
}

# a cue that rejects what it introduces: "denied that", "has ruled out", "disputes"
_REJECTING = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|reject\w*|dismiss\w*|disput\w*|refut\w*|debunk\w*"
    r"|rul(?:e|es|ed|ing)\s+out)\b",
    re.IGNORECASE,
)
# where a rejected content turns to the claimant's own claim: "..., claiming that ..."
_COUNTER_TURN = re.compile(
    r"\b(?:claiming|saying|insisting|arguing|adding|instead|but)\b", re.IGNORECASE
)


def asserted_text(text: str, cue: str) -> str:
    """What a claim's claimant asserts: all of ``text``, or for a rejecting ``cue`` (the cue
    and any words up to the content) only what follows a counter-claim turn ("denied that
    the strike was theirs, claiming it was a misfired rocket"), else nothing."""
    if not _REJECTING.search(cue):
        return text
    turn = _COUNTER_TURN.search(text)
    return text[turn.end() :] if turn else ""


def label_of(text: str, rules: tuple[LabelRule, ...]) -> LabelRule | None:
    """The rule matching earliest in ``text`` (ties: table order), or None."""
    return _earliest(text, rules)


def time_label(value: str) -> str:
    """ "2023-10-17T17:00Z" -> "2023-10-17 17:00 UTC"; "2023-10-17T18:59" -> "2023-10-17 18:59"."""
    day, _, clock = value.partition("T")
    if clock.endswith("Z"):
        return f"{day} {clock[:-1]} UTC"
    return f"{day} {clock}" if clock else day


def _clock(label: str) -> datetime | None:
    try:
        return datetime.fromisoformat(label.removesuffix(" UTC"))
    except ValueError:
        return None


def times_conflict(first: str, second: str) -> bool:
    """Two clock times (``time_label``) of one day more than ``TIME_TOLERANCE`` apart, zones
    read as written (a time with no zone is local), or a part of the day ("2024-07-13
    morning", ``labels`` day parts) and a part or clock time of that day outside its hours:
    always a "possible" conflict."""
    one, two = _clock(first), _clock(second)
    if one is not None and two is not None:
        return one.date() == two.date() and abs(one - two) > TIME_TOLERANCE
    vocab = labels.packaged_vocabulary()
    a, b = labels.hours_of(first, vocab), labels.hours_of(second, vocab)
    if a is None or b is None or a[0] != b[0]:
        return False
    (_, a_first, a_last), (_, b_first, b_last) = a, b
    if a_first == a_last or b_first == b_last:  # a clock time: inside the part's hours
        return not (a_first <= b_last and b_first <= a_last)
    return not (a_first < b_last and b_first < a_last)  # parts: "morning" ends at noon


def figure_slot(
    category: FigureCategory, victim_group: str | None, *, breakdown: bool = True
) -> str:
    """ "deaths", "wounded:soldiers", "missing": the count slot of a figure. A count of
    civilians that is no breakdown of a toll (``breakdown`` False: "at least 30 civilians
    had been killed") is the toll itself, its nature in the "status" slot."""
    base = CATEGORY_SLOTS.get(category, category.value)
    group = normal_group(victim_group)
    if group in TOLL_NATURE_GROUPS and not breakdown:
        return base
    return base if group is None or group == base else f"{base}:{group}"


def normal_group(victim_group: str | None) -> str | None:
    """The victim group in lower case, None when absent or generic ("people")."""
    if victim_group is None:
        return None
    group = " ".join(victim_group.lower().split())
    return None if not group or group in GENERIC_GROUPS else group


def victim_status(victim_group: str | None) -> str | None:
    """ "civilian", "soldier" or "combatant" for a victim group that says so."""
    if victim_group is None:
        return None
    return STATUS_GROUPS.get(victim_group.lower().strip())


# who did it, in any conflict: a nation named as the doer ("Russian forces struck", "a
# Ukrainian missile", "carried out by Ukraine"); "not <nation>" when the claim denies it
_DOER_NOUN = (
    r"(?:air ?strikes?|strikes?|attacks?|missiles?|rockets?|bombs?|shelling|shells?|drones?"
    r"|forces|troops|army|military|occupiers|division|units?|aircraft|jets?|warplanes?)"
)
_DOER_VERB = r"(?:carried out|launched|fired|conducted|committed|perpetrated|done) by"
# a word between a nation and the doing noun ("Russian army missile"), never a function word
# or a verb ("Gaza with retaliatory strikes", "Israel that the strike")
_MODIFIER = (
    r"(?!(?:with|on|in|at|of|to|for|by|from|and|but|that|the|a|an|this|its|their|claim\w*"
    r"|was|were|is|are|has|had|did|does|not|said|says)\b)[\w-]+"
)
# a doing noun that names a source, not a doer: "French military intelligence said"
_NOT_SOURCE = (
    r"(?!\s+(?:intelligence|sources?|officials?|spokes\w*|statement|analysis|assessment"
    r"|said|says))"
)
# a nation as the subject of the doing: "Israel did not strike", "Russia was behind"
_DOER_SUBJECT = (
    r"(?:(?:probably|likely|also|itself|has|had|did|does|was|is|not|n['’]t|never)\s+){0,3}"
    r"(?:struck|strike|bombed|bomb|attacked|shelled|fired|was behind|is behind"
    r"|(?:was|is) responsible|(?:was|is) not responsible|(?:was|is) to blame)\b"
)
_DENIAL = re.compile(
    r"\b(?:not|no|never|den(?:y|ies|ied)|rejects?|rejected|false|fake|provocation)\b",
    re.IGNORECASE,
)


def doer_of(text: str, nations: Mapping[str, str]) -> str | None:
    """The nation a claim makes the doer: its key, "not <key>" when the words before it in
    the claim deny it, None when the claim names no doer."""
    words = "|".join(sorted((re.escape(n) for n in nations), key=len, reverse=True))
    if not words:
        return None
    pattern = re.compile(
        rf"\b({words})(?:'s|’s)?\s+(?:{_MODIFIER}\s+){{0,2}}?{_DOER_NOUN}\b{_NOT_SOURCE}"
        rf"|{_DOER_VERB}\s+(?:the\s+)?({words})\b"
        rf"|\b({words})\s+{_DOER_SUBJECT}",
        re.IGNORECASE,
    )
    match = pattern.search(text)
    if match is None:
        return None
    nation = nations[(match.group(1) or match.group(2) or match.group(3)).lower()]
    before = text[max(0, match.start() - 60) : match.start()]
    denied = _DENIAL.search(before) or _DENIAL.search(match.group(0))  # "Israel did not strike"
    return f"not {nation}" if denied else nation


def doers_conflict(first: str, second: str) -> bool:
    """Two doers conflict when they name different nations, or one denies the other."""
    one, two = first.removeprefix("not "), second.removeprefix("not ")
    if first.startswith("not ") and second.startswith("not "):
        return False
    if first.startswith("not ") or second.startswith("not "):
        return one == two
    return one != two


def _earliest(text: str, rules: tuple[LabelRule, ...]) -> LabelRule | None:
    best: tuple[int, int, LabelRule] | None = None
    for order, rule in enumerate(rules):
        match = rule.pattern.search(text)
        if match and (best is None or (match.start(), order) < best[:2]):
            best = (match.start(), order, rule)
    return best[2] if best else None


def labels_conflict(slot: str, first: str, second: str) -> bool:
    """Whether two labels of a non-count slot exclude each other."""
    pair = frozenset({first, second})
    if slot == "target":
        return pair == {labels.CIVILIAN, labels.MILITARY}
    if slot == "weapon":
        return labels.weapons_conflict(first, second, labels.packaged_vocabulary())
    if slot == "place":  # place names never conflict; kinds of site do
        return pair == {labels.CIVILIAN_SITE, labels.MILITARY_SITE}
    if slot.startswith("status:"):
        return pair in labels.FATE_CONFLICTS
    if slot == "status":
        return frozenset({first, second}) in STATUS_CONFLICTS
    if slot == "cause":
        return labels.causes_conflict(first, second, labels.packaged_vocabulary())
    if slot == "responsible":
        return doers_conflict(first, second)
    if slot in LABEL_CONFLICTS:
        return frozenset({first, second}) in LABEL_CONFLICTS[slot]
    if slot == "time":
        return times_conflict(first, second)
    return False


def conflict_strength(slot: str, first: str, second: str) -> ConflictStrength:
    """ "firm" or "possible" for two conflicting values (as displayed) of ``slot``: times and
    the pairs ``LABEL_CONFLICTS`` marks so are "possible", everything else "firm"."""
    if slot in ("time", "target", "place"):  # a store may also hold soldiers
        return POSSIBLE
    return LABEL_CONFLICTS.get(slot, {}).get(frozenset({first, second}), FIRM)


def slot_rank(slot: str) -> tuple[int, str]:
    """Sort key: the order of ``SLOT_ORDER``, victim groups after their bare slot."""
    base = slot.split(":", 1)[0]
    rank = SLOT_ORDER.index(base) if base in SLOT_ORDER else len(SLOT_ORDER)
    return rank, slot
