"""The ledger on hand-built fictional analyses: copies, adoption, changes, no merging."""

from __future__ import annotations

import random
from dataclasses import replace
from itertools import combinations

import pytest

from compare_samples import D1, D2, D3, article, claim, compare, entities, figure, only
from rashomon.compare import (
    compare_incident,
    compare_incidents,
    find_agreements,
    find_conflicts,
    value_text,
)
from rashomon.compare.conflicts import values_conflict
from rashomon.model import (
    Analysis,
    ClaimantType,
    CopyGroup,
    Entity,
    EntityMention,
    EventType,
    FigureCategory,
    Incident,
    SlotClaim,
    TextSpan,
)


def test_copies_of_one_wire_story_count_once() -> None:
    analyses = [
        article(f"a{i}", D1, figures=(figure("fig-1", "health", 40, 40),)) for i in range(3)
    ]
    copies = (CopyGroup("copy-1", ("a0", "a1"), "a0", agency="AFP"),)
    [forty] = only(compare(analyses, copies), "deaths", "ent-health")
    assert [a.article_id for a in forty.appearances] == ["a0", "a1", "a2"]
    assert forty.sources == 2  # a0 + a1 are one wire story, a2 another source


def test_copies_listed_and_agreement_needs_two_independent_sources() -> None:
    # health says 40 in a0, army says 40 in its copy a1: one wire story, no agreement
    analyses = [
        article("a0", D1, figures=(figure("fig-1", "health", 40, 40),)),
        article("a1", D1, figures=(figure("fig-1", "army", 40, 40),)),
        article("a2", D1, figures=(figure("fig-1", "army", 40, 40),)),
    ]
    copied = compare(analyses, (CopyGroup("copy-1", ("a0", "a1"), "a0"),))
    assert [list(g.article_ids) for g in copied.copies] == [["a0", "a1"]]
    assert [a.claimants for a in find_agreements(copied.claims, copied.copies)] == [
        ("ent-army", "ent-health")  # a2 is a second source
    ]
    alone = compare(analyses[:2], (CopyGroup("copy-1", ("a0", "a1"), "a0"),))
    assert alone.agreements == ()


def test_adopted_claim_is_not_a_source_of_the_outlet() -> None:
    said = claim("claim-1", "health", "40 people died in the attack")
    adopted = claim("claim-2", "outlet", "40 dead in attack", adopted_from="claim-1")
    analyses = [
        article(
            "a0",
            D1,
            outlet="Daily Fictional",
            claims=(said, adopted),
            figures=(
                figure("fig-1", "health", 40, 40, claim_id="claim-1"),
                figure("fig-2", "outlet", 40, 40, claim_id="claim-2"),
            ),
        )
    ]
    result = compare(analyses)
    [forty] = only(result, "deaths", "ent-health")
    assert forty.adopted_by == ("Daily Fictional",)
    assert forty.sources == 1
    assert only(result, "deaths", "ent-a0") == []  # no value of the outlet's own


def test_changes_follow_dates_not_input_order() -> None:
    analyses = [
        article("late", D3, figures=(figure("fig-1", "health", 52, 52),)),
        article("early", D1, figures=(figure("fig-1", "health", 40, None),)),
        article("mid", D2, figures=(figure("fig-1", "health", 47, 47),)),
        article("undated", None, figures=(figure("fig-1", "health", 99, 99),)),
    ]
    changes = compare(analyses).changes
    assert [(c.before, c.after, c.dates) for c in changes if c.steps == 1] == [
        ("at least 40", "47", (D1, D2)),
        ("47", "52", (D2, D3)),
        ("52", "99", (D3, None)),  # the undated page's count, placed where a rising toll has it
    ]
    # and the count's net change over its three revisions
    assert [(c.before, c.after, c.steps) for c in changes if c.steps > 1] == [
        ("at least 40", "99", 3)
    ]


def test_an_undated_count_sits_after_the_last_count_not_larger() -> None:
    analyses = [
        article("a", D1, figures=(figure("fig-1", "health", 20, 20),)),
        article("b", D3, figures=(figure("fig-1", "health", 90, 90),)),
        article("undated", None, figures=(figure("fig-1", "health", 71, 71),)),
    ]
    changes = compare(analyses).changes
    steps = [(c.before, c.after, c.dates) for c in changes if c.steps == 1]
    assert steps == [("20", "71", (D1, None)), ("71", "90", (None, D3))]
    assert [(c.before, c.after, c.steps) for c in changes if c.steps > 1] == [("20", "90", 2)]


def test_a_count_made_precise_is_no_change_but_a_higher_bound_is() -> None:
    analyses = [
        article("a", D1, figures=(figure("fig-1", "health", 2, None),)),
        article("b", D2, figures=(figure("fig-1", "health", 2, 2),)),
        article("c", D3, figures=(figure("fig-1", "health", 6, None),)),
    ]
    steps = [(c.before, c.after) for c in compare(analyses).changes]
    assert steps == [("at least 2", "at least 6")]  # 2 only states "at least 2" exactly


def test_labels_of_one_day_change_in_the_order_stated() -> None:
    first = claim("claim-1", "health", "it was a missile that hit the market")
    second = claim("claim-2", "health", "it was a bomb that hit the market")
    placed = (
        replace(first, text=TextSpan(0, 10, first.text.text)),
        replace(second, text=TextSpan(40, 50, second.text.text)),
    )
    analyses = [article("a", D1, claims=placed)]
    steps = [(c.before, c.after) for c in compare(analyses).changes if c.slot == "weapon"]
    assert steps == [("missile", "bomb")]  # not alphabetical


def test_a_count_of_civilians_that_is_no_breakdown_is_the_toll() -> None:
    analyses = [
        article("a", D1, figures=(figure("fig-1", "health", 30, None, group="civilians"),)),
        article("b", D2, figures=(figure("fig-1", "health", 50, None),)),
    ]
    result = compare(analyses)
    assert {c.slot for c in result.claims} == {"deaths", "status"}
    assert [(c.before, c.after) for c in result.changes] == [("at least 30", "at least 50")]


def test_a_weapon_named_more_or_less_precisely_is_no_change() -> None:
    texts = [
        "an Iskander missile hit the market",
        "a missile hit the market",
        "a rocket hit the market",
        "a Tochka-U missile hit the market",
    ]
    placed = tuple(
        replace(claim(f"claim-{i}", "health", t), text=TextSpan(60 * i, 60 * i + len(t), t))
        for i, t in enumerate(texts)
    )
    analyses = [article("a", D1, claims=placed)]
    steps = [(c.before, c.after) for c in compare(analyses).changes if c.slot == "weapon"]
    # "missile" and "rocket" only name the Iskander less precisely; another system is a change
    assert steps == [("missile (Iskander missile)", "missile (Tochka-U missile)")]


def test_first_seen_is_earliest_dated_article() -> None:
    analyses = [
        article("undated", None, outlet="Nowhere", figures=(figure("fig-1", "army", 12, 12),)),
        article("b", D2, outlet="Later Post", figures=(figure("fig-1", "army", 12, 12),)),
        article("a", D1, outlet="Early Times", figures=(figure("fig-1", "army", 12, 12),)),
    ]
    [twelve] = only(compare(analyses), "deaths", "ent-army")
    assert twelve.first_seen is not None
    assert (twelve.first_seen.article_id, twelve.first_seen.outlet) == ("a", "Early Times")
    undated = only(compare(analyses[:1]), "deaths", "ent-army")
    assert undated[0].first_seen is None


def test_figures_of_two_claimants_are_never_merged() -> None:
    analyses = [
        article(
            "a0",
            D1,
            figures=(figure("fig-1", "health", 40, 40), figure("fig-2", "army", 40, 40)),
        )
    ]
    claims = [c for c in compare(analyses).claims if c.slot == "deaths"]
    assert sorted(c.claimant for c in claims) == ["ent-army", "ent-health"]


@pytest.mark.parametrize(
    ("health", "army", "conflict"),
    [
        ((40, 40), (12, 12), True),
        ((471, 471), (100, 300), True),
        ((500, None), (200, 999), False),  # "at least 500" vs "hundreds"
        ((200, None), (471, 471), False),  # "at least 200" vs 471
        ((100, 300), (150, 300), False),
    ],
)
def test_conflicts_are_disjoint_ranges(
    health: tuple[int | None, int | None], army: tuple[int | None, int | None], conflict: bool
) -> None:
    analyses = [
        article(
            "a0",
            D1,
            figures=(figure("fig-1", "health", *health), figure("fig-2", "army", *army)),
        )
    ]
    conflicts = compare(analyses).conflicts
    assert bool(conflicts) is conflict
    if conflict:
        assert set(conflicts[0].claimants) == {"ent-health", "ent-army"}


def test_victim_groups_make_their_own_slots() -> None:
    analyses = [
        article(
            "a0",
            D1,
            figures=(
                figure("fig-1", "army", 2, 2, FigureCategory.WOUNDED, "soldiers"),
                figure("fig-2", "health", 40, 40, FigureCategory.KILLED, None),
                # a breakdown of the toll ("among them 9 civilians")
                replace(
                    figure("fig-3", "health", 9, 9, FigureCategory.KILLED, "civilians"),
                    among=FigureCategory.KILLED,
                ),
            ),
        )
    ]
    result = compare(analyses)
    slots = {(c.slot, value_text(c)) for c in result.claims}
    assert {("wounded:soldiers", "2"), ("deaths", "40"), ("deaths:civilians", "9")} <= slots
    assert ("status", "soldier") in slots and ("status", "civilian") in slots
    assert not [c for c in result.conflicts if c.slot.startswith("deaths")]


def test_cause_labels_conflict_between_claimants_and_unresolved_is_left_out() -> None:
    analyses = [
        article(
            "a0",
            D1,
            claims=(
                claim("claim-1", "health", "an Israeli air strike hit the clinic"),
                claim("claim-2", "army", "a rocket misfired by Islamic Jihad hit the clinic"),
                claim("claim-3", "nobody", "a rocket fired from Gaza hit it"),
            ),
        )
    ]
    result = compare(analyses)
    causes = {(c.claimant, c.value) for c in result.claims if c.slot == "cause"}
    # the cause is a kind of mechanism (labels file) with the nation named beside it (sides
    # file); an organisation's name is no actor kind
    assert causes == {("ent-health", "israel air strike"), ("ent-army", "misfired rocket")}
    assert {(c.slot, frozenset(c.values)) for c in result.conflicts} == {
        ("cause", frozenset({"israel air strike", "misfired rocket"})),
    }


def _ledgers_sample() -> tuple[list[Analysis], list[Incident], tuple[CopyGroup, ...]]:
    """Six articles, three incidents (one of them with a copy pair), figures that conflict."""
    analyses = [
        article(f"a{i}", D1 if i % 2 else D2, figures=(figure("fig-1", who, low, low),))
        for i, (who, low) in enumerate(
            [("health", 40), ("army", 12), ("health", 41), ("army", 41), ("health", 7), ("army", 9)]
        )
    ]
    incidents = [
        Incident(f"inc-{k}", EventType.ATTACK, (), ids)
        for k, ids in enumerate([("a0", "a1"), ("a2", "a3", "a4"), ("a5",)], start=1)
    ]
    return analyses, incidents, (CopyGroup("copy-1", ("a2", "a3"), "a2"),)


def test_compare_incidents_equals_compare_incident_on_each() -> None:
    analyses, incidents, copies = _ledgers_sample()
    made = entities(analyses)
    batch = compare_incidents(incidents, analyses, copies=copies, entities=made)
    single = [compare_incident(i, analyses, copies=copies, entities=made) for i in incidents]
    assert list(batch) == single
    assert [c.incident.id for c in batch] == ["inc-1", "inc-2", "inc-3"]
    assert [len(c.copies) for c in batch] == [0, 1, 0]  # only the copy groups it touches
    assert batch[0].conflicts and {e.id for e in batch[2].entities} == {"ent-army"}
    assert compare_incidents([], analyses, copies=copies, entities=made) == ()


def _all_pairs_conflicts(claims: list[SlotClaim]) -> list[tuple[str, frozenset[str]]]:
    """``find_conflicts`` by every pair of claims of two sides (the reference): per slot, the
    holders of every side in a conflicting pair, unless one side states all the other's."""
    stated: dict[tuple[str, str | None], set[tuple[str | None, int | None, int | None]]] = {}
    for held in claims:
        stated.setdefault((held.slot, held.side), set()).add((held.value, held.low, held.high))
    involved: dict[str, set[str]] = {}
    for first, second in combinations(claims, 2):
        if first.slot != second.slot or first.side == second.side:
            continue
        one, two = stated[(first.slot, first.side)], stated[(second.slot, second.side)]
        if one <= two or two <= one:
            continue
        if values_conflict(first, second) or values_conflict(second, first):
            involved.setdefault(first.slot, set()).update({first.side, second.side})
    found = []
    for slot in dict.fromkeys(c.slot for c in claims):
        if slot in involved:
            held = [c.claimant for c in claims if c.slot == slot and c.side in involved[slot]]
            found.append((slot, frozenset(held)))
    return found


def test_a_side_stating_all_the_other_says_does_not_contradict_it() -> None:
    """The minister's "all 19 bodies identified" and "a dog found one body" against the
    police's "19 bodies": the minister also states 19, no conflict; a third side's 12 is."""
    claims = [
        SlotClaim("bodies", "minister", "Minister", None, 19, 19, side="interior"),
        SlotClaim("bodies", "minister", "Minister", None, 1, 1, side="interior"),
        SlotClaim("bodies", "police", "Police", None, 19, 19, side="police"),
    ]
    assert find_conflicts(claims) == ()
    other = SlotClaim("bodies", "mayor", "Mayor", None, 12, 12, side="mayor")
    (conflict,) = find_conflicts([*claims, other])
    assert set(conflict.claimants) == {"minister", "police", "mayor"}


@pytest.mark.parametrize("seed", range(40))
def test_find_conflicts_equals_all_pairs(seed: int) -> None:
    """Comparing distinct values of sides gives what comparing every pair gives."""
    rng = random.Random(seed)
    claims = []
    for _ in range(rng.randint(0, 60)):
        n = rng.randint(0, 7)
        who, side = f"ent-{n}", f"side-{n // 2}"  # two claimants a side
        slot = rng.choice(["deaths", "wounded", "status"])
        if slot == "status":
            value = rng.choice(["civilian", "soldier"])
            claims.append(SlotClaim(slot, who, who, value, side=side))
        else:
            low, high = rng.choice([None, rng.randint(0, 9)]), rng.choice([None, rng.randint(0, 9)])
            claims.append(SlotClaim(slot, who, who, None, low, high, side=side))
    found = [(c.slot, frozenset(c.claimants)) for c in find_conflicts(claims)]
    assert found == _all_pairs_conflicts(claims)


@pytest.mark.parametrize(
    ("name", "kind", "joined", "one_side"),
    [
        ("Vostran Health Office", ClaimantType.GOVERNMENT_BODY, True, True),
        ("Brell Army", ClaimantType.MILITARY, True, True),
        # a group, not one body; but one office (health) of one incident: one side
        ("health officials", ClaimantType.GOVERNMENT_BODY, False, True),
        # people are merge_entities' business; one name in one incident is one side
        ("Tarn Witness", ClaimantType.PERSON, False, True),
        ("Tarn Witness", ClaimantType.ANONYMOUS_SOURCE, False, False),
    ],
)
def test_same_named_body_is_one_claimant_within_an_incident(
    name: str, kind: ClaimantType, joined: bool, one_side: bool
) -> None:
    # merge_entities left the body of each article apart (no country context): two entities
    analyses = [
        article("a0", D1, figures=(figure("fig-1", "health", 40, 40),)),
        article("a1", D2, figures=(figure("fig-1", "health", 44, 44),)),
    ]
    split = [
        Entity(
            f"ent-{a.article.id}-h",
            name,
            kind,
            mentions=(EntityMention(a.article.id, "health", "h"),),
        )
        for a in analyses
    ]
    incident = Incident("inc-1", EventType.ATTACK, (), ("a0", "a1"))
    ledger = compare_incident(incident, analyses, copies=(), entities=split)
    holders = {c.claimant for c in ledger.claims if c.slot == "deaths"}
    if joined:
        assert holders == {"ent-a0-h"}
        assert [(c.before, c.after) for c in ledger.changes] == [("40", "44")]
        assert ledger.conflicts == ()
    else:
        assert holders == {"ent-a0-h", "ent-a1-h"}
        steps = [(c.before, c.after) for c in ledger.changes]
        assert steps == ([("40", "44")] if one_side else [])
        assert (ledger.conflicts == ()) is one_side
