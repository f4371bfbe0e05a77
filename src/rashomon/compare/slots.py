"""Slot names and value labels: which ledger slot a figure, claim or event fills.

Counts: a figure's category gives the slot (KILLED -> "deaths", WOUNDED -> "wounded", others
by their category name); a specific victim group is appended ("wounded:soldiers"), a generic
one (``GENERIC_GROUPS``: none, "people", "others"...) is not, so that "471 Palestinians" and
"100-300 people" land in one slot and can conflict.

Cause and responsibility: ``CAUSE_RULES`` is the keyword table. Each rule is a regular
expression, the short cause label it gives and the party it makes responsible. A claim gets
the label of the rule matching earliest in its text (ties: table order), so "Palestinian
rocket, not Israeli airstrike" is "rocket from gaza". Labels on opposite ``SIDES`` conflict;
"unknown" and "rocket (launcher unknown)" conflict with nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rashomon.model import FigureCategory

SLOT_ORDER = ("deaths", "wounded", "responsible", "cause", "status", "place", "time")

CATEGORY_SLOTS = {FigureCategory.KILLED: "deaths", FigureCategory.WOUNDED: "wounded"}

# victim groups that do not narrow a count: they share the bare slot ("deaths")
GENERIC_GROUPS = frozenset(
    {"people", "persons", "person", "others", "individuals", "palestinians", "martyrs"}
)

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
class CauseRule:
    pattern: re.Pattern[str]
    cause: str
    responsible: str


def _rule(pattern: str, cause: str, responsible: str) -> CauseRule:
    return CauseRule(re.compile(pattern, re.IGNORECASE), cause, responsible)


_PIJ = r"(?:palestinian |palestine )?islamic jihad|\bpij\b"
_MISFIRE = r"misfir\w*|malfunctioning|failed|errant|misguided|went off course"

CAUSE_RULES: tuple[CauseRule, ...] = (
    _rule(
        r"israel(?:'s|’s)? (?:was|is) not responsible|israel (?:probably )?did(?:n['’]t| not) "
        r"(?:strike|bomb)|not (?:conducting|carrying out) air operations|not israeli air ?strike"
        r"|none of (?:their|its|our) intelligence indicates an israeli strike",
        "not an israeli strike",
        "not israel",
    ),
    _rule(r"(?:do(?:n['’]t| not) know|unclear)\b.{0,40}\bwhether", "unknown", "unknown"),
    _rule(
        rf"(?:{_MISFIRE})[\w\s-]{{0,40}}?(?:rocket|missile|launch)[\w\s,-]{{0,50}}?(?:{_PIJ})"
        rf"|(?:{_PIJ})[\w\s-]{{0,30}}?(?:rocket|missile)[\w\s-]{{0,30}}?(?:{_MISFIRE})"
        rf"|(?:rocket|missile) (?:misfired|fired) by (?:{_PIJ})",
        "misfired rocket (islamic jihad)",
        "islamic jihad",
    ),
    _rule(
        r"israeli (?:air ?strikes?|airstrikes?|air force strike|missile strike|strike)"
        r"|bomb dropped by an israeli|israel was (?:behind|responsible)"
        r"|responsibility .{0,30}israeli air force|caused by an israeli",
        "israeli air strike",
        "israel",
    ),
    _rule(r"israeli interceptor", "israeli interceptor", "israel"),
    _rule(
        rf"(?:{_MISFIRE}) (?:hamas )?(?:rocket|launch)|misfir\w+ rocket"
        r"|rocket[\w\s]{0,20}misfired",
        "misfired rocket",
        "palestinian militants",
    ),
    _rule(
        r"(?:rocket|missile)s?[\w\s,]{0,40}?(?:from|within|inside|in) (?:the )?gaza"
        r"|palestinian rocket|(?:rocket|missile)s? (?:was |were )?fired by "
        r"(?:terrorists|militants|a terrorist group)",
        "rocket from gaza",
        "palestinian militants",
    ),
    _rule(r"rocket-propelled munition", "rocket (launcher unknown)", "unknown"),
)

# two labels conflict when they sit on opposite sides
SIDES: dict[str, int] = {
    "israeli air strike": 1,
    "israeli interceptor": 1,
    "israel": 1,
    "misfired rocket (islamic jihad)": 2,
    "misfired rocket": 2,
    "rocket from gaza": 2,
    "not an israeli strike": 2,
    "islamic jihad": 2,
    "palestinian militants": 2,
    "not israel": 2,
}


def figure_slot(category: FigureCategory, victim_group: str | None) -> str:
    """ "deaths", "wounded:soldiers", "missing": the count slot of a figure."""
    base = CATEGORY_SLOTS.get(category, category.value)
    group = normal_group(victim_group)
    return base if group is None else f"{base}:{group}"


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


def cause_of(text: str) -> CauseRule | None:
    """The rule matching earliest in ``text`` (ties: table order), or None."""
    best: tuple[int, int, CauseRule] | None = None
    for order, rule in enumerate(CAUSE_RULES):
        match = rule.pattern.search(text)
        if match and (best is None or (match.start(), order) < best[:2]):
            best = (match.start(), order, rule)
    return best[2] if best else None


def labels_conflict(slot: str, first: str, second: str) -> bool:
    """Whether two labels of a non-count slot exclude each other."""
    if slot == "status":
        return frozenset({first, second}) in STATUS_CONFLICTS
    if slot in ("responsible", "cause"):
        one, two = SIDES.get(first), SIDES.get(second)
        return one is not None and two is not None and one != two
    return False


def slot_rank(slot: str) -> tuple[int, str]:
    """Sort key: the order of ``SLOT_ORDER``, victim groups after their bare slot."""
    base = slot.split(":", 1)[0]
    rank = SLOT_ORDER.index(base) if base in SLOT_ORDER else len(SLOT_ORDER)
    return rank, slot
