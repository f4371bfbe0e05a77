"""The ledger of the al-Ahli hospital corpus (all 20 articles as one incident, as
``rashomon compare --articles`` builds it: linking is tested in tests/link) against the gold
sheet's "Explicit conflicts a cross-source report should surface" (8 items).

All 8 are surfaced: 1 responsibility, 2 mechanism (the PIJ statement's "bomb dropped by an
Israeli army plane" is credited to the Gaza Health Ministry: the attribution stage resolves
"it said in a statement" and "According to the statement" to the ministry, the subject of the
sentence before, not to Islamic Jihad; Hagari's denial is his), 3 death toll, 4 wounded (one
claimant's 314 -> 324 -> 342 as changes), 5 the Al Jazeera video (Israel's "failed rocket"
vs Forensic Architecture's "interception", firm; AP's "unrelated" is credited to "different
angle", the attribution stage's source for "New video from a different angle shows"), 6
damage (US "light damage" vs Hamas "nothing is left", a possible conflict), 7 time of impact
(AFP's 17:00 UTC vs HRW's 18:59 local, a possible conflict), 8 Hagari's "don't know" ->
denial. Figures of the wider war in the same articles (3,478 and 12,000 since 7 October, the
7 October toll, UNRWA's school) stay out; every figure of the gold death-toll table stays in.
"""

from __future__ import annotations

from collections.abc import Callable

import jsonschema
import pytest
from spacy.language import Language

import rashomon
from rashomon.compare import compare_incident, incident_of_articles, value_text
from rashomon.compare.conflicts import values_conflict
from rashomon.link import find_copies, merge_entities
from rashomon.model import Analysis, Comparison
from rashomon.present import comparison_to_dict, load_comparison_schema
from support import shared_path

SURFACED = 8  # of the gold sheet's 8 listed conflicts


@pytest.fixture(scope="module")
def analyses(nlp: Language) -> list[Analysis]:
    results = rashomon.analyse_file(shared_path("corpora", "al-ahli-hospital-2023.jsonl"), nlp=nlp)
    return [r for r in results if isinstance(r, Analysis)]


@pytest.fixture(scope="module")
def ahli(analyses: list[Analysis]) -> Comparison:
    assert len(analyses) == 20
    entities = merge_entities(analyses)
    incident = incident_of_articles(analyses)
    assert set(incident.article_ids) == {a.article.id for a in analyses}
    copies = find_copies([a.article for a in analyses])
    return compare_incident(incident, analyses, copies=copies, entities=entities)


def _names(comparison: Comparison) -> dict[str, str]:
    return {c.claimant: c.claimant_name for c in comparison.claims}


def _conflict(
    comparison: Comparison,
    slot: str,
    one: set[str],
    two: set[str],
    who_one: str,
    who_two: str,
    strength: str = "firm",
) -> bool:
    """A conflict of ``slot``, of that strength, with a value of ``one`` held by ``who_one``
    on one side and a value of ``two`` held by ``who_two`` on another, the two values in
    conflict (claimant names)."""
    for conflict in comparison.conflicts:
        if conflict.slot != slot or conflict.strength != strength:
            continue
        side_of = {c: side.side for side in conflict.sides for c in side.claimants}
        firsts = [
            x
            for x in comparison.claims
            if x.slot == slot and x.claimant_name == who_one and value_text(x) in one
        ]
        seconds = [
            x
            for x in comparison.claims
            if x.slot == slot and x.claimant_name == who_two and value_text(x) in two
        ]
        for a in firsts:
            for b in seconds:
                if (
                    a.claimant in side_of
                    and b.claimant in side_of
                    and side_of[a.claimant] != side_of[b.claimant]
                    and (values_conflict(a, b) or values_conflict(b, a))
                ):
                    return True
    return False


def responsibility(c: Comparison) -> bool:
    rockets = {"palestine misfired rocket", "palestine ground-launched rocket", "misfired rocket"}
    return _conflict(
        c, "cause", {"israel air strike"}, rockets, "Gaza Health Ministry", "Israel Defense Forces"
    )


def mechanism(c: Comparison) -> bool:
    """The bomb-from-a-plane statement vs Hagari's "no air operations", both in one article
    (whoever the attribution stage credits with the statement)."""
    article = "ahli-manilabulletin-afp-20231018"
    held = {
        (x.claimant_name, x.value)
        for x in c.claims
        if x.slot == "cause" and article in {a.article_id for a in x.appearances}
    }
    strike = {name for name, value in held if value == "israel air strike"}
    return (
        bool(strike)
        and ("Daniel Hagari", "not air strike") in held
        and any(
            _conflict(c, "cause", {"israel air strike"}, {"not air strike"}, name, "Daniel Hagari")
            for name in strike
        )
    )


def death_toll(c: Comparison) -> bool:
    return _conflict(
        c,
        "deaths",
        {"471", "at least 500"},
        {"100-300"},
        "Gaza Health Ministry",
        "US intelligence community",
    )


def wounded(c: Comparison) -> bool:
    names = _names(c)
    steps = {
        (ch.before, ch.after)
        for ch in c.changes
        if ch.slot == "wounded" and names[ch.claimant] == "Gaza Health Ministry"
    }
    values = {v for step in steps for v in step}
    return {"314", "324", "342"} <= values


def video_evidence(c: Comparison) -> bool:
    """Israel's "the footage shows the rocket failing" vs Forensic Architecture's "it shows an
    interception" (firm), and vs AP's "the video is unrelated" (credited to whoever the
    attribution stage makes the source of "New video from a different angle shows")."""
    failed, interception = "footage shows a failed rocket", "footage shows an interception"
    unrelated = "footage unrelated to the incident"
    ap = [
        x.claimant_name
        for x in c.claims
        if x.slot == "evidence"
        and x.value == unrelated
        and "ahli-mynorthwest-ap-20231122" in {a.article_id for a in x.appearances}
    ]
    return (
        _conflict(c, "evidence", {failed}, {interception}, "Israel", "Forensic Architecture")
        and len(ap) == 1
        and _conflict(c, "evidence", {failed}, {unrelated}, "Israel", ap[0])
    )


def damage(c: Comparison) -> bool:
    """US intelligence's "only light structural damage" vs Hamas's "nothing is left" of the
    missile: not the same proposition, so a possible conflict, never a firm one."""
    light, nothing = {"light damage"}, {"no remains of the munition"}
    firm = any(
        x.slot == "damage"
        and x.strength == "firm"
        and any(light & set(s.values) for s in x.sides)
        and any(nothing & set(s.values) for s in x.sides)
        for x in c.conflicts
    )
    return not firm and _conflict(
        c, "damage", light, nothing, "US intelligence community", "Ghazi Hamad", "possible"
    )


def impact_time(c: Comparison) -> bool:
    """AFP's "around 5pm GMT" vs HRW's "6:59 p.m." (the page's local time): possible only."""
    return _conflict(
        c,
        "time",
        {"2023-10-17 17:00 UTC"},
        {"2023-10-17 18:59"},
        "CNA (AFP)",
        "Eurasia Review (Human Rights Watch release)",
        "possible",
    )


def idf_evolution(c: Comparison) -> bool:
    """Hagari's "don't know" -> a Palestinian rocket: a change of his side's account."""
    sides = {x.side for x in c.claims if x.slot == "cause" and x.claimant_name == "Daniel Hagari"}
    return any(
        ch.slot == "cause" and ch.side in sides and ch.before == "unknown" and "rocket" in ch.after
        for ch in c.changes
    )


GOLD: dict[str, tuple[Callable[[Comparison], bool], bool]] = {
    "1 responsibility": (responsibility, True),
    "2 mechanism": (mechanism, True),
    "3 death toll": (death_toll, True),
    "4 wounded": (wounded, True),
    "5 video evidence": (video_evidence, True),
    "6 damage": (damage, True),
    "7 time of impact": (impact_time, True),
    "8 IDF evolution": (idf_evolution, True),
}


@pytest.mark.parametrize("item", list(GOLD))
def test_gold_conflict(ahli: Comparison, item: str) -> None:
    check, surfaced = GOLD[item]
    assert check(ahli) is surfaced


def test_surfaced_count_is_pinned(ahli: Comparison) -> None:
    assert sum(check(ahli) for check, _ in GOLD.values()) == SURFACED


def test_death_toll_changes_in_date_order(ahli: Comparison) -> None:
    names = _names(ahli)
    steps = [
        (ch.before, ch.after, ch.dates)
        for ch in ahli.changes
        if ch.slot == "deaths" and names[ch.claimant] == "Gaza Health Ministry"
    ]
    assert any(b == "at least 500" and a in {"471", "at least 471"} for b, a, _ in steps)
    dates = [d for _, _, (_, d) in steps if d is not None]
    assert len(dates) == len(steps)  # changes are between dated values only
    assert dates == sorted(dates)


def test_syndicated_pairs_count_once_and_schema(ahli: Comparison) -> None:
    groups = {frozenset(g.article_ids) for g in ahli.copies}
    assert frozenset({"ahli-cna-afp-20231020", "ahli-almonitor-afp"}) in groups
    us = next(
        c
        for c in ahli.claims
        if c.slot == "deaths" and c.claimant_name == "US intelligence community" and c.low == 100
    )
    assert {"ahli-cna-afp-20231020", "ahli-almonitor-afp"} <= {a.article_id for a in us.appearances}
    assert us.sources == len(us.appearances) - 1
    jsonschema.validate(comparison_to_dict(ahli), load_comparison_schema())


# every figure of the gold sheet's death-toll table, and its wounded figures: (value, article)
GOLD_FIGURES = {
    "deaths": [
        ("at least 500", "ahli-salon-20231017"),
        ("at least 500", "ahli-gulfnews-20231017"),
        ("471", "ahli-zawya-reuters-20231018"),
        ("471", "ahli-alarabiya-20231018"),
        ("471", "ahli-dailypost-nan-20231018"),
        ("at least 200", "ahli-manilabulletin-afp-20231018"),
        ("more than 300", "ahli-salon-20231017"),  # as written (low 301)
        ("at least 300", "ahli-egyptianstreets-20231017"),
        ("100-300", "ahli-cnn-usintel-20231019"),
        ("100-300", "ahli-cna-afp-20231020"),
        ("150-300", "ahli-thejc-20231023"),
        ("500-800", "ahli-thejc-20231023"),
        ("more than 500", "ahli-cnn-usintel-20231019"),
        ("nearly 500", "ahli-cna-afp-20231020"),
        ("471", "ahli-tass-20231023"),
        ("471", "ahli-eurasiareview-hrw-20231127"),
    ],
    "wounded": [
        ("more than 314", "ahli-zawya-reuters-20231018"),
        ("314", "ahli-alarabiya-20231018"),
        ("324", "ahli-dailypost-nan-20231018"),
        ("342", "ahli-tass-20231023"),
        ("342", "ahli-eurasiareview-hrw-20231127"),
        ("more than 300", "ahli-cna-afp-20231020"),
    ],
}
# figures of the wider war in the same articles: the toll since 7 October, the 7 October
# attack's, UNRWA's school the same day, Egyptian Streets' running toll
# (counts as written: "more than 1,400" is "more than 1400"; its bound "at least 1401" kept too)
WAR_FIGURES = {
    "at least 3478",
    "12000",
    "more than 1400",
    "at least 1401",
    "at least 6",
    "3000",
    "12500",
}


@pytest.mark.parametrize("slot", list(GOLD_FIGURES))
def test_gold_figures_stay_in_the_ledger(ahli: Comparison, slot: str) -> None:
    held = {
        (value_text(x), a.article_id) for x in ahli.claims if x.slot == slot for a in x.appearances
    }
    assert [pair for pair in GOLD_FIGURES[slot] if pair not in held] == []


def test_figures_of_other_incidents_stay_out(ahli: Comparison) -> None:
    counts = {value_text(x) for x in ahli.claims if x.slot.split(":")[0] in ("deaths", "wounded")}
    assert counts & WAR_FIGURES == set()


@pytest.mark.xfail(
    reason="attribution: 'it said in a statement' and 'According to the statement' resolve to "
    "the health ministry (the previous sentence's subject), not to Islamic Jihad",
    strict=True,
)
def test_pij_bomb_claim_is_credited_to_islamic_jihad(analyses: list[Analysis]) -> None:
    """Task: the ledger credits "a bomb dropped by an Israeli army plane" to whoever holds the
    claim; the claim's claimant comes from the attribution stage."""
    [article] = [a for a in analyses if a.article.id == "ahli-manilabulletin-afp-20231018"]
    [bomb] = [c for c in article.claims if "bomb dropped" in c.text.text]
    claimant = article.claimant(bomb.claimant_id)
    assert claimant is not None and claimant.name == "Islamic Jihad"
