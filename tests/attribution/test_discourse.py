"""Who states each figure by the conventions of news writing (attribution/discourse.py and
the figure owner rules), on invented texts: after the fact, carry-over and its limits, spilled
content, trailing and headline sources, described claimants, closing "according to"."""

from __future__ import annotations

import pytest
from spacy.language import Language

from rashomon.api import analyse_text
from rashomon.config import Settings
from rashomon.model import Analysis, Figure, FigureAttribution, FigureCategory

K = FigureCategory
HOW = FigureAttribution


def _analyse(nlp: Language, text: str) -> Analysis:
    return analyse_text(text, nlp=nlp, settings=Settings())


def _figure(analysis: Analysis, low: int, category: FigureCategory = K.KILLED) -> Figure:
    found = [f for f in analysis.figures if f.low == low and f.category is category]
    assert found, [(f.text.text, f.low, f.category) for f in analysis.figures]
    return found[0]


def _who(analysis: Analysis, figure: Figure) -> str:
    if figure.claimant_id is None:
        return "none"
    claimant = next(c for c in analysis.claimants if c.id == figure.claimant_id)
    return " | ".join(x for x in (claimant.name, claimant.role or "", claimant.type) if x)


def test_after_the_fact_this_was_reported_by(nlp: Language) -> None:
    text = (
        "Blast at Velmar depot\n\n"
        "Bombs hit a warehouse in Velmar on Monday.\n\n"
        "As of now, 3 people have been killed and 11 people injured.\n\n"
        "This was reported by the mayor of Velmar Tomas Ardel on Telegram.\n\n"
        "Firefighters were still at the scene in the evening."
    )
    a = _analyse(nlp, text)
    killed, wounded = _figure(a, 3), _figure(a, 11, K.WOUNDED)
    for figure in (killed, wounded):
        assert "Tomas Ardel" in _who(a, figure)
        assert figure.attribution is HOW.AFTER_THE_FACT
        assert figure.sentence is not None and "As of now" in figure.sentence.text


def test_carry_over_within_a_paragraph(nlp: Language) -> None:
    text = (
        "A rocket hit a crowded market in Ostrava Bay, killing at least 12 people, regional "
        "officials said on Tuesday. More than 40 were wounded.\n\n"
        "The market had reopened a week earlier."
    )
    a = _analyse(nlp, text)
    wounded = _figure(a, 41, K.WOUNDED)
    assert "officials" in _who(a, wounded)
    assert wounded.attribution is HOW.CARRY_OVER
    assert wounded.value == 40  # the number as written: "more than 40"


def test_carry_over_through_short_paragraphs_only_in_a_sandwich(nlp: Language) -> None:
    sandwich = (
        "Six people were killed after two bombs hit the store, Governor Ilse Marrow said on "
        "television.\n\n"
        "Forty people were injured, with at least three in serious condition.\n\n"
        "Sixteen people were still unaccounted for, Marrow said."
    )
    a = _analyse(nlp, sandwich)
    assert "Ilse Marrow" in _who(a, _figure(a, 40, K.WOUNDED))
    assert _figure(a, 40, K.WOUNDED).attribution is HOW.CARRY_OVER
    assert _figure(a, 16, K.MISSING).attribution is HOW.DIRECT  # "unaccounted for": missing

    open_ended = (
        "Six people were killed after two bombs hit the store, Governor Ilse Marrow said on "
        "television.\n\n"
        "Forty people were injured, with at least three in serious condition.\n\n"
        "The store had been open for a decade."
    )
    b = _analyse(nlp, open_ended)
    forty = _figure(b, 40, K.WOUNDED)
    assert forty.claimant_id == "outlet"  # across a paragraph without the sandwich: the outlet
    assert forty.attribution is HOW.OUTLET


@pytest.mark.parametrize(
    "follow",
    [
        "Thousands have been killed since the war began.",  # background
        "A separate strike killed seven people on Thursday.",  # another happening
        "At least nine people were reportedly killed.",  # hearsay of its own
    ],
)
def test_carry_over_stops_at_background_and_hearsay(nlp: Language, follow: str) -> None:
    text = "Two missiles struck the station, killing at least 20 people, officials said. " + follow
    a = _analyse(nlp, text)
    later = [f for f in a.figures if f.text.start >= text.index(follow)]
    assert later, [f.text.text for f in a.figures]
    assert all(f.claimant_id == "outlet" for f in later)


def test_a_sentence_without_figures_ends_the_run(nlp: Language) -> None:
    text = (
        "The strike killed at least 20 people, officials said. The city lies near the border. "
        "More than 30 were wounded."
    )
    a = _analyse(nlp, text)
    assert _figure(a, 31, K.WOUNDED).claimant_id == "outlet"


def test_trailing_source_and_the_message_says(nlp: Language) -> None:
    text = (
        "The death toll from the strike on the depot rose to 17, with 48 wounded, the press "
        "service of the Velmar Regional Prosecutor's Office reports.\n\n"
        '"Forty-eight people were injured. Five people remain missing," the message says.'
    )
    a = _analyse(nlp, text)
    for figure in (_figure(a, 48, K.WOUNDED), _figure(a, 5, K.MISSING)):
        assert "prosecutor" in _who(a, figure).lower()


def test_headline_dash_source(nlp: Language) -> None:
    text = (
        "Death toll rises to 17 in Velmar – prosecutor's office\n\n"
        "Rescuers kept searching the rubble on Monday."
    )
    a = _analyse(nlp, text)
    assert "prosecutor" in _who(a, _figure(a, 17)).lower()


def test_described_claimants(nlp: Language) -> None:
    text = (
        "At least 39 people, including four children, were killed in the attack, spokesman "
        "for the Ostravian Security Service Artem Delko said. The armed wing of the militant "
        "group Varnak said 90 people were killed."
    )
    a = _analyse(nlp, text)
    assert "Delko | spokesman" in _who(a, _figure(a, 39))
    children = _figure(a, 4, K.CHILDREN)
    assert children.among is K.KILLED and "Delko" in _who(a, children)
    assert "Varnak" in _who(a, _figure(a, 90))


def test_closing_according_to_governs_the_count(nlp: Language) -> None:
    governs = (
        "Velmar said it targeted a commander in a strike that killed at least 71 people, "
        "according to local health officials."
    )
    a = _analyse(nlp, governs)
    assert "health officials" in _who(a, _figure(a, 71))
    record = (
        "Ostravian intelligence officials said 100 to 300 people were killed in the strike, "
        "according to excerpts of a document seen on Thursday."
    )
    b = _analyse(nlp, record)
    assert "intelligence" in _who(b, _figure(b, 100)).lower()  # a document is no claimant


def test_counted_bodies_and_news_reports(nlp: Language) -> None:
    text = (
        "At the hospital, Associated Press journalists counted over 40 bodies.\n\n"
        "A missile slammed into the station, killing at least 50 and wounding more than 100, "
        "news reports said on Friday."
    )
    a = _analyse(nlp, text)
    assert "Associated Press journalists" in _who(a, _figure(a, 41, K.BODIES))
    assert "news reports" in _who(a, _figure(a, 101, K.WOUNDED))


def test_the_paper_counted_is_the_outlet(nlp: Language) -> None:
    text = "The paper counted 12 wounded civilians at the clinic."
    a = _analyse(nlp, text)
    assert _figure(a, 12, K.WOUNDED).claimant_id == "outlet"


def test_lede_with_a_plural_source(nlp: Language) -> None:
    text = (
        "Bombs hit a hardware store in Velmar on Saturday, killing at least six people and "
        "injuring dozens, local officials said.\n\n"
        "Nine people were killed in the city last week, the mayor Tomas Ardel said."
    )
    a = _analyse(nlp, text)
    six = _figure(a, 6)
    assert "officials" in _who(a, six) and six.attribution is HOW.LEDE
    assert _figure(a, 9).attribution is HOW.DIRECT  # a named source, after the lede


def test_source_line_under_the_lede(nlp: Language) -> None:
    text = (
        "Body of the 18th victim found\n\n"
        "The body of another civilian killed in the strike on the Velmar store has been found, "
        "bringing the death toll to 18.\n\n"
        "Source: Tomas Ardel, Velmar Mayor, on Telegram\n\n"
        'Quote: "The body has just been found."'
    )
    a = _analyse(nlp, text)
    toll = _figure(a, 18)
    assert "Tomas Ardel" in _who(a, toll)
    assert toll.attribution is HOW.AFTER_THE_FACT


def test_a_capitalised_title_before_a_name_is_a_role(nlp: Language) -> None:
    text = (
        'Sixteen people were missing, Velmar Mayor Tomas Ardel said. "It is terrible," Ardel said.'
    )
    a = _analyse(nlp, text)
    people = [c for c in a.claimants if c.type == "person"]
    assert [(c.name, c.role) for c in people] == [("Tomas Ardel", "Velmar Mayor")]


def test_an_embedded_post_is_its_posters(nlp: Language) -> None:
    text = (
        "Strike on store\n\n"
        "Bombs just hit a hypermarket in Velmar. 2 people confirmed killed, many are wounded. "
        "pic.twitter.com/abcDEF — Tomas Ardel (@tardel) May 25, 2024\n\n"
        "Firefighters arrived later."
    )
    a = _analyse(nlp, text)
    assert "Tomas Ardel" in _who(a, _figure(a, 2))


def test_source_and_quote_lines(nlp: Language) -> None:
    text = (
        "Fire at printing house put out\n\n"
        "Firefighters have put out a fire at a printing house in Velmar.\n"
        "Source: State Emergency Service of Ostravia\n"
        'Quote: "The fire has been put out. Seven people have been killed."\n'
        'Quote from Tomas Ardel: "Another 12 people were injured."\n'
        "Previously: strikes hit the city on Monday.\n"
    )
    a = _analyse(nlp, text)
    assert "State Emergency Service" in _who(a, _figure(a, 7))
    assert "Tomas Ardel" in _who(a, _figure(a, 12, K.WOUNDED))
    assert not [c for c in a.claimants if c.name.lower() in ("source", "quote", "previously")]


def test_two_named_sources_each_state_the_figures(nlp: Language) -> None:
    text = (
        "Strike on store\n\n"
        "Russian troops struck a hypermarket in Velmar.\n\n"
        "As of now, 2 persons have been killed by the attack, in addition to 24 people injured.\n\n"
        "This was reported by the mayor of Velmar Tomas Ardel and head of Velmar Oblast "
        "Administration Ilse Marrow on Telegram."
    )
    a = _analyse(nlp, text)
    wounded = [f for f in a.figures if f.low == 24]
    names = [_who(a, f) for f in wounded]
    assert any("Ilse Marrow" in n for n in names) and any("Tomas Ardel" in n for n in names)
    assert len(wounded) == 2 and len({f.claimant_id for f in wounded}) == 2  # never merged
    assert [f.id for f in a.figures] == [f"fig-{n}" for n in range(1, len(a.figures) + 1)]


def test_an_aside_in_a_disputed_claim_is_not_disputed(nlp: Language) -> None:
    text = (
        "The Varnak movement rejected media claims that its commander was the target of an "
        "airstrike on the camp, which killed over 70 people and injured nearly 300 others."
    )
    a = _analyse(nlp, text)
    killed = _figure(a, 71)
    assert "media" not in _who(a, killed).lower()  # the aside is not the media's disputed claim


def test_an_earlier_report_is_the_updating_sources_old_count(nlp: Language) -> None:
    text = (
        "Toll of the Velmar depot strike rises\n\n"
        "The number of people killed in the strike on the Velmar fuel depot has risen to 23, "
        "the regional police said on Friday. Thirty people were injured.\n\n"
        "Earlier it was reported that 21 people were killed and 28 injured.\n\n"
        "A separate report said 5 died in a fire in Orlen."
    )
    a = _analyse(nlp, text)
    new, old = _figure(a, 23), _figure(a, 21)
    assert "police" in _who(a, new)
    assert "police" in _who(a, old)
    assert old.attribution is HOW.EARLIER
    assert "police" in _who(a, _figure(a, 28, K.WOUNDED))
    # a report that names nothing earlier stays the outlet's
    assert _figure(a, 5).attribution is not HOW.EARLIER
    claim = next(c for c in a.claims if c.id == old.claim_id)
    assert claim.claimant_id == old.claimant_id


def test_an_earlier_report_with_no_count_before_it_stays_unnamed(nlp: Language) -> None:
    text = (
        "Earlier it was reported that 4 people were killed in Velmar.\n\n"
        "The regional police said on Friday that 6 people were killed."
    )
    a = _analyse(nlp, text)
    assert _figure(a, 4).attribution is not HOW.EARLIER
