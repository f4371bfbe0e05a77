"""Casualty figures on tiny fictional texts: quantities, categories, never-figures, claimants."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from rashomon.attribution import find_attributions, load_lexicon, resolve_claimants
from rashomon.errors import ConfigError
from rashomon.figures import extract_figures, find_quantities, load_quantity_lexicon, parse_number
from rashomon.figures.quantities import default_quantity_lexicon
from rashomon.model import (
    Article,
    Attribution,
    AttributionKind,
    Claim,
    ClaimType,
    Figure,
    FigureCategory,
    FigureQualifier,
    Part,
    PartKind,
    TextSpan,
)
from rashomon.parse import ParsedArticle

K = FigureCategory
Q = FigureQualifier


def parsed(nlp: Language, text: str, parts: tuple[Part, ...] | None = None) -> ParsedArticle:
    article = Article(id="t", text=text, parts=parts or (Part(PartKind.BODY, 0, len(text)),))
    return ParsedArticle(article, nlp(text))


def figures_of(nlp: Language, text: str) -> list[Figure]:
    return extract_figures(parsed(nlp, text), [])


def span(text: str, piece: str) -> TextSpan:
    start = text.index(piece)
    return TextSpan(start, start + len(piece), piece)


# --- quantities: no parse needed -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found", "low", "high", "qualifier"),
    [
        ("83 dead", "83", 83, 83, Q.EXACT),
        ("some 1,400 people", "some 1,400", 1400, 1400, Q.APPROXIMATE),
        ("1.5 million refugees", "1.5 million", 1_500_000, 1_500_000, Q.EXACT),
        ("one hundred and five", "one hundred and five", 105, 105, Q.EXACT),
        ("a dozen guards", "a dozen", 12, 12, Q.EXACT),
        ("two dozen guards", "two dozen", 24, 24, Q.EXACT),
        ("Twenty-eight people", "Twenty-eight", 28, 28, Q.EXACT),
        ("at least 500", "at least 500", 500, None, Q.AT_LEAST),
        ("no fewer than 20", "no fewer than 20", 20, None, Q.AT_LEAST),
        ("50 or more", "50 or more", 50, None, Q.AT_LEAST),
        ("more than 300", "more than 300", 301, None, Q.MORE_THAN),
        ("over 300", "over 300", 301, None, Q.MORE_THAN),
        ("more than a dozen", "more than a dozen", 13, None, Q.MORE_THAN),
        ("up to 5,000", "up to 5,000", None, 5000, Q.AT_MOST),
        ("at most 12", "at most 12", None, 12, Q.AT_MOST),
        ("as many as 40", "as many as 40", None, 40, Q.AT_MOST),
        ("fewer than 10", "fewer than 10", None, 9, Q.LESS_THAN),
        ("about 200", "about 200", 200, 200, Q.APPROXIMATE),
        ("nearly two thousand", "nearly two thousand", 2000, 2000, Q.APPROXIMATE),
        ("around 60", "around 60", 60, 60, Q.APPROXIMATE),
        ("an estimated 90", "an estimated 90", 90, 90, Q.APPROXIMATE),
        ("between 100 and 300", "between 100 and 300", 100, 300, Q.RANGE),
        ("between 100 to 300", "between 100 to 300", 100, 300, Q.RANGE),
        ("100-300 killed", "100-300", 100, 300, Q.RANGE),
        ("100 to 300", "100 to 300", 100, 300, Q.RANGE),
        ("a 100-to-300 range", "100-to-300", 100, 300, Q.RANGE),
        ("three to four", "three to four", 3, 4, Q.RANGE),
        ("two or three", "two or three", 2, 3, Q.RANGE),
        ("two to three thousand", "two to three thousand", 2000, 3000, Q.RANGE),
        ("several attackers", "several", 3, 9, Q.VAGUE),
        ("a few guards", "a few", 2, 5, Q.VAGUE),
        ("a handful of", "a handful of", 2, 5, Q.VAGUE),
        ("dozens of bodies", "dozens", 24, 99, Q.VAGUE),
        ("scores of tanks", "scores of", 40, 99, Q.VAGUE),
        ("Hundreds died", "Hundreds", 200, 999, Q.VAGUE),
        ("thousands fled", "thousands", 2000, 9999, Q.VAGUE),
        ("tens of thousands", "tens of thousands", 20_000, 99_999, Q.VAGUE),
        ("hundreds of thousands", "hundreds of thousands", 200_000, 999_999, Q.VAGUE),
        ("several hundred", "several hundred", 300, 900, Q.VAGUE),
        ("a few dozen", "a few dozen", 24, 60, Q.VAGUE),
        ("at least several", "at least several", 3, None, Q.VAGUE),
        ("up to hundreds", "up to hundreds", None, 999, Q.VAGUE),
    ],
)
def test_quantities_read_values(
    text: str, found: str, low: int | None, high: int | None, qualifier: FigureQualifier
) -> None:
    quantities = find_quantities(text)
    assert len(quantities) == 1, quantities
    q = quantities[0]
    assert (text[q.start : q.end], q.low, q.high, q.qualifier) == (found, low, high, qualifier)


@pytest.mark.parametrize(
    "text",
    [
        "a 25-year-old",
        "an F-16 jet",
        "at 5pm",
        "at 2:30",
        "$500",
        "50%",
        "a three-day truce",
        "no one",
        "2.5",
        "24/7",
    ],
)
def test_quantities_skip_numbers_glued_to_other_things(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize(
    ("text", "values"),
    [("the toll rose from 40 to 44", [40, 44]), ("7-1", []), ("2023-10-17", [])],
)
def test_quantities_changes_and_scores_are_no_ranges(text: str, values: list[int]) -> None:
    assert [q.low for q in find_quantities(text)] == values


@pytest.mark.parametrize(
    ("text", "value"),
    [("1,400", 1400), ("1.5 million", 1_500_000), ("twenty-eight", 28), ("a dozen", 12)],
)
def test_parse_number(text: str, value: int) -> None:
    assert parse_number(text) == value


def test_default_lexicon_is_versioned_and_documented_ranges_hold() -> None:
    lexicon = load_quantity_lexicon()
    assert lexicon is default_quantity_lexicon()
    assert lexicon.version == "quantities.en.v1"
    assert lexicon.vague_range("several") == (3, 9)
    assert lexicon.vague_range("scores of") == (40, 99)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("version = 1", "version"),
        ('version = "x"\n[vague]\nseveral = [9, 3]', "[low, high]"),
        ('version = "x"\n[qualifiers]\nroughly = ["roughly"]', "Unknown qualifier"),
        ('version = "x"\n[scales]\ndozen = "12"', "[scales]"),
        ("version = ", "not valid TOML"),
    ],
)
def test_bad_quantity_lexicon_is_a_config_error(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "quantities.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace("[", r"\[")):
        load_quantity_lexicon(path)


# --- figures: category, group, value ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "category", "group", "low", "high", "qualifier"),
    [
        (
            "Two soldiers were seriously wounded in the ambush.",
            K.WOUNDED,
            "soldiers",
            2,
            2,
            Q.EXACT,
        ),
        (
            "Several attackers were killed and wounded.",
            K.KILLED_OR_WOUNDED,
            "attackers",
            3,
            9,
            Q.VAGUE,
        ),
        ("At least 41 people were killed in the market.", K.KILLED, "people", 41, None, Q.AT_LEAST),
        ("The ministry counted 41 martyrs.", K.KILLED, "martyrs", 41, 41, Q.EXACT),
        ("The shelling hit the village, killing hundreds.", K.KILLED, None, 200, 999, Q.VAGUE),
        ("More than 300 were wounded.", K.WOUNDED, None, 301, None, Q.MORE_THAN),
        ("The death toll rose to 44.", K.KILLED, None, 44, 44, Q.EXACT),
        (
            "Officials put the number of dead at more than 60.",
            K.KILLED,
            None,
            61,
            None,
            Q.MORE_THAN,
        ),
        ("Up to 15 villagers are missing.", K.MISSING, "villagers", None, 15, Q.AT_MOST),
        ("Rebels abducted 20 students from the school.", K.CAPTURED, "students", 20, 20, Q.EXACT),
        ("Police arrested 40 protesters.", K.DETAINED, "protesters", 40, 40, Q.EXACT),
        ("The group freed three hostages on Sunday.", K.RELEASED, "captives", 3, 3, Q.EXACT),
        (
            "Nearly 2,000 residents fled the town.",
            K.DISPLACED,
            "residents",
            2000,
            2000,
            Q.APPROXIMATE,
        ),
        ("Fewer than 10 civilians died.", K.KILLED, "civilians", None, 9, Q.LESS_THAN),
        ("Between 100 and 300 people were killed.", K.KILLED, "people", 100, 300, Q.RANGE),
        ("Three to four guards were injured.", K.WOUNDED, "guards", 3, 4, Q.RANGE),
        ("Dozens of bodies were recovered.", K.BODIES, None, 24, 99, Q.VAGUE),
        ("Scores of fighters were captured.", K.CAPTURED, "fighters", 40, 99, Q.VAGUE),
        ("A dozen children were hurt.", K.CHILDREN, "children", 12, 12, Q.EXACT),
        ("The clashes left dozens dead.", K.KILLED, None, 24, 99, Q.VAGUE),
        ("The raid killed more than 1,400 Veldans.", K.KILLED, "Veldans", 1401, None, Q.MORE_THAN),
        ("The attack caused 300 casualties.", K.KILLED_OR_WOUNDED, None, 300, 300, Q.EXACT),
        ("He condemned the killing of a journalist.", K.KILLED, "journalists", 1, 1, Q.EXACT),
        ("Another 61 people were injured in the blast.", K.WOUNDED, "people", 61, 61, Q.EXACT),
        ("There are 77 people with various injuries.", K.WOUNDED, "people", 77, 77, Q.EXACT),
        ("Nineteen people are in critical condition.", K.SERIOUS, "people", 19, 19, Q.EXACT),
        ("Over 300 Killed in Strike on Market", K.KILLED, None, 301, None, Q.MORE_THAN),
        ("The famine killed one hundred and five troops.", K.KILLED, "soldiers", 105, 105, Q.EXACT),
        ("Militants took about 800 people hostage.", K.CAPTURED, "people", 800, 800, Q.APPROXIMATE),
    ],
)
def test_figure_category_group_and_value(
    nlp: Language,
    text: str,
    category: FigureCategory,
    group: str | None,
    low: int | None,
    high: int | None,
    qualifier: FigureQualifier,
) -> None:
    found = figures_of(nlp, text)
    assert len(found) == 1, found
    f = found[0]
    assert (f.category, f.victim_group, f.low, f.high, f.qualifier) == (
        category,
        group,
        low,
        high,
        qualifier,
    )
    assert text[f.text.start : f.text.end] == f.text.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "At least 212 people were killed and more than 87 wounded.",
            [(K.KILLED, 212), (K.WOUNDED, 88)],
        ),
        (
            "The shelling killed 58 people and injured 93 others.",
            [(K.KILLED, 58), (K.WOUNDED, 93)],
        ),
        ("Three gunmen killed two policemen.", [(K.KILLED, 2)]),
        (
            "Police arrested 40 protesters and later released 12 of them.",
            [(K.DETAINED, 40), (K.RELEASED, 12)],
        ),
    ],
)
def test_figures_of_one_sentence_stay_apart(
    nlp: Language, text: str, expected: list[tuple[FigureCategory, int]]
) -> None:
    found = figures_of(nlp, text)
    assert [(f.category, f.low) for f in found] == expected
    assert [f.id for f in found] == [f"fig-{i}" for i in range(1, len(expected) + 1)]


# --- never figures ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "not_a_figure"),
    [
        ("A 25-year-old soldier was killed.", 25),
        ("The soldier, aged 25, was killed.", 25),
        ("A man with an ID card numbered 207775032 was killed.", 207775032),
        ("A man with card [ID#####] and 3 others were killed.", None),  # 1 and 3 only
        ("In 2014 the war killed 2,200 Veldans.", 2014),
        ("On October 17, 40 people were killed.", 17),
        ("At 2:30 am, 5 people were killed.", 30),
        ("The strike occurred at around 1700 GMT, killing 9 people.", 1700),
        ("Attackers stole $500 and killed 2 guards.", 500),
        ("Turnout fell 40% after 3 voters were hurt.", 40),
        ("A charge of about 5 kilograms killed 3 people.", 5),
        ("The rebels seized 30 rifles.", 30),
        ("17 rockets were fired and 3 tanks were captured.", 17),
        ("17 rockets were fired and 3 tanks were captured.", 3),
        ("The fighting killed people for seven days.", 7),
        ("Scores of tanks were destroyed.", 40),
        ("Hundreds of people sought shelter in the hospital.", 200),
        ("No one was killed.", 1),
        ("Five hostages were not released.", 5),
        ("The militia plans to release 50 hostages.", 50),
        ("The government will free 20 prisoners next week.", 20),
        ("The raid aimed at freeing a hostage failed.", 1),
        ("Three gunmen killed two policemen.", 3),
        ("Vela was one of 26 people killed.", 1),
    ],
)
def test_never_figures(nlp: Language, text: str, not_a_figure: int | None) -> None:
    found = figures_of(nlp, text)
    assert all(not_a_figure not in (f.low, f.high) for f in found), found
    if not_a_figure is None:
        assert [f.low for f in found] == [1, 3]


# --- claimants -------------------------------------------------------------------------


def test_figure_in_a_quoted_claim_belongs_to_its_speaker_not_the_outlet(nlp: Language) -> None:
    text = "“Forty soldiers were killed,” the colonel said. The paper counted 12 wounded civilians."
    p = parsed(nlp, text)
    attributions, claimants = resolve_claimants(p, find_attributions(p, lexicon=load_lexicon()))
    found = extract_figures(p, attributions)
    colonel = next(c for c in claimants if "colonel" in c.name.lower())
    assert [(f.low, f.category, f.claimant_id) for f in found] == [
        (40, K.KILLED, colonel.id),
        (12, K.WOUNDED, "outlet"),
    ]


def _attribution(text: str, source: str, content: str) -> Attribution:
    return Attribution(
        source=span(text, source),
        cue=span(text, "said"),
        content=(span(text, content),),
        kind=AttributionKind.INDIRECT,
        claimant_id=source.lower().replace(" ", "-"),
    )


def test_innermost_attribution_and_its_claim_own_the_figure(nlp: Language) -> None:
    text = "The ministry said that a chief said that 30 people were killed, and 9 were hurt."
    outer = _attribution(
        text, "The ministry", "a chief said that 30 people were killed, and 9 were hurt"
    )
    inner = _attribution(text, "a chief", "30 people were killed")
    claims = [
        Claim(
            "claim-1",
            "the-ministry",
            outer.content[0],
            outer.content,
            ClaimType.FACT,
            attribution_id="att-1",
        ),
        Claim(
            "claim-2",
            "a-chief",
            inner.content[0],
            inner.content,
            ClaimType.FACT,
            attribution_id="att-2",
        ),
    ]
    found = extract_figures(parsed(nlp, text), [outer, inner], claims)
    assert [(f.low, f.claimant_id, f.claim_id) for f in found] == [
        (30, "a-chief", "claim-2"),
        (9, "the-ministry", "claim-1"),
    ]


def test_outlet_figure_takes_the_outlet_claim_covering_it(nlp: Language) -> None:
    text = "At least 12 people were killed in the market."
    claim = Claim("claim-1", "outlet", TextSpan(0, len(text), text), (), ClaimType.FACT)
    found = extract_figures(parsed(nlp, text), [], [claim])
    assert [(f.claimant_id, f.claim_id) for f in found] == [("outlet", "claim-1")]


def test_parts_decide_outlet_reader_or_nothing(nlp: Language) -> None:
    lines = [
        "Nine Killed in Market Blast",  # title
        "By Staff Writer with 3 others wounded",  # byline: no figures
        "Four people were wounded in the blast.",  # body
        "Subscribe: 5 people were killed reading ads.",  # boilerplate: dropped
        "Actually 20 people were killed there.",  # comment 2
    ]
    kinds = [PartKind.TITLE, PartKind.BYLINE, PartKind.BODY, PartKind.BOILERPLATE, PartKind.COMMENT]
    text = "\n".join(lines)
    parts, start = [], 0
    for line, kind in zip(lines, kinds, strict=True):
        parts.append(
            Part(kind, start, start + len(line), index=2 if kind is PartKind.COMMENT else 0)
        )
        start += len(line) + 1
    found = extract_figures(parsed(nlp, text, tuple(parts)), [])
    assert [(f.low, f.claimant_id) for f in found] == [
        (9, "outlet"),
        (4, "outlet"),
        (20, "reader-2"),
    ]
    assert [f.id for f in found] == ["fig-1", "fig-2", "fig-3"]


def test_figure_in_a_negated_attribution_is_nobodys(nlp: Language) -> None:
    text = "The colonel did not say that 40 soldiers were killed."
    attribution = Attribution(
        source=span(text, "The colonel"),
        cue=span(text, "say"),
        content=(span(text, "40 soldiers were killed"),),
        kind=AttributionKind.INDIRECT,
        negated=True,
        claimant_id="colonel",
    )
    assert extract_figures(parsed(nlp, text), [attribution]) == []


@pytest.mark.parametrize(
    ("text", "category", "among", "value"),
    [
        ("At least 39 people, including four children, were killed.", K.CHILDREN, K.KILLED, 4),
        ("12 men and 7 women died in the strike.", K.MEN, K.KILLED, 12),
        ("More than 30 people were killed.", K.KILLED, None, 30),
        ("Sixteen people were still unaccounted for.", K.MISSING, None, 16),
        ("Among those killed in the attack were five children.", K.CHILDREN, K.KILLED, 5),
        ("Forty were injured, with at least three in serious condition.", K.SERIOUS, K.WOUNDED, 3),
        (
            "Thirteen victims have been identified, including 10 store employees.",
            K.EMPLOYEES,
            K.KILLED,
            10,
        ),
    ],
)
def test_figure_breakdown_and_number_as_written(
    nlp: Language, text: str, category: FigureCategory, among: FigureCategory | None, value: int
) -> None:
    """A group counted among a toll's victims has a category of its own (so a part is never
    set against the whole), the toll's category in ``among``, and ``value`` is the number
    as written ("more than 30": 30, where ``low`` is 31)."""
    found = [f for f in figures_of(nlp, text) if f.category is category]
    assert found, figures_of(nlp, text)
    assert (found[0].among, found[0].value) == (among, value)
