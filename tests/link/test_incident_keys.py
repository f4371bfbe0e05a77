"""Name keys of incident linking: the structural word list, and names too common in the
linked articles to tell incidents apart (invented texts and records)."""

from __future__ import annotations

from datetime import date

from rashomon.link import link_incidents
from rashomon.link._incident_keys import build_record, common_terms, link_words, name_key
from rashomon.link._incident_text import MIN_DOCS, build_index, word_term
from rashomon.link.incidents import LinkParams
from rashomon.model import (
    Analysis,
    Article,
    Event,
    EventType,
    Part,
    PartKind,
    Place,
    Precision,
    TextSpan,
    TimeExpression,
)

REGION = Place(TextSpan(0, 1, "Vell"), "Vell Province", "region", 44.5, 20.3)


def _analysis(
    article_id: str, day: str, title: str, victims: str, *, dated_page: bool = True
) -> Analysis:
    text = f"{title}. The strike hit {victims}, officials said."
    article = Article(
        id=article_id,
        text=text,
        parts=(Part(PartKind.BODY, 0, len(text)),),
        title=title,
        published=date.fromisoformat(day) if dated_page else None,
    )
    event = Event(
        id="ev-1",
        type=EventType.AIR_STRIKE,
        plover=None,
        trigger=TextSpan(0, 1, "x"),
        when=TimeExpression(TextSpan(0, 1, "x"), day, Precision.DAY, "explicit"),
        where=(REGION,),
        victims=TextSpan(0, len(victims), victims),
    )
    return Analysis(article=article, attributions=(), claimants=(), events=(event,))


def _corpus(pair_victims: str) -> list[Analysis]:
    """24 invented reports that all name the Varnians (years apart, one a town), and a
    report and its follow-up 19 days later whose victims are ``pair_victims`` (the first
    page carries no publication day, which would rule out telling a later event)."""
    towns = ["Selmo", "Dartu", "Ribek", "Kovan", "Tessa", "Mirko", "Zalen", "Pordi"]
    filler = [
        _analysis(
            f"f{k}",
            date(2001 + k, 1, 1).isoformat(),
            f"Varnian {towns[k % 8]} {word} shelled",
            "Varnian civilians",
        )
        for k, word in enumerate(
            [
                "amber",
                "basalt",
                "cedar",
                "dune",
                "ember",
                "fjord",
                "garnet",
                "heath",
                "iris",
                "jade",
                "kelp",
                "lichen",
                "moss",
                "nectar",
                "opal",
                "pine",
                "quartz",
                "reed",
                "sage",
                "thorn",
                "umber",
                "vetch",
                "willow",
                "yarrow",
            ]
        )
    ]
    pair = [
        _analysis(
            "p1",
            "2031-03-01",
            "Varnian villagers killed near Brask",
            pair_victims,
            dated_page=False,
        ),
        _analysis("p2", "2031-03-20", "Funeral held as Varnian toll rises", pair_victims),
    ]
    return filler + pair


def _key(word: str) -> str:
    key = name_key([word])
    assert key is not None
    return "n:" + key


def test_common_terms_share_and_minimum() -> None:
    df = {"~vrnn": 9, "~orln": 2, "gaza": 6}
    assert common_terms(df, 20, 0.30, 20) == frozenset({"~vrnn"})
    assert common_terms(df, 19, 0.30, 20) == frozenset()  # too few articles to count
    assert common_terms(df, 20, 0.25, 20) == frozenset({"~vrnn", "gaza"})


def test_frequent_name_word_stops_being_a_key_and_a_rare_one_stays() -> None:
    analyses = _corpus("Varnian civilians at the Orlin depot")
    index = build_index([a.article for a in analyses], 1500)
    assert index.size >= MIN_DOCS
    common = common_terms(index.df, index.size, 0.30, MIN_DOCS)
    assert word_term("varnian") in common
    assert word_term("orlin") not in common
    record = build_record(0, analyses[-1], frozenset(), common=common)
    assert record is not None
    assert _key("orlin") in record.names
    assert not any("vrnn" in key for key in record.names)
    # counted over these records only: without the counts, "Varnian" is a name
    alone = build_record(0, analyses[-1], frozenset())
    assert alone is not None
    assert any(key.startswith(_key("varnian")) for key in alone.names)


def test_common_name_does_not_link_a_follow_up_but_a_rare_one_does() -> None:
    common_only = [i.article_ids for i in link_incidents(_corpus("Varnian civilians"))]
    assert ("p1", "p2") not in common_only
    # no name counts as too common at a share of 1: "Varnian" alone links them
    counted_out = link_incidents(_corpus("Varnian civilians"), params=LinkParams(common_share=1.0))
    assert ("p1", "p2") in [i.article_ids for i in counted_out]
    rare = [i.article_ids for i in link_incidents(_corpus("Varnian civilians from Orlin"))]
    assert ("p1", "p2") in rare


def test_link_words_are_structural_and_versioned() -> None:
    words = link_words()
    assert words.version == "link-words.en.v1"
    assert {"hospital", "northern", "march", "tuesday", "ministry"} <= words.structural
    assert words.facility.search("the Jabalia refugee camps") is not None
    incidents = link_incidents(_corpus("Varnian civilians"))
    assert all(i.rules[0] == words.version for i in incidents)


def test_facility_pattern_finds_what_the_plain_alternation_finds() -> None:
    """The facility words' first letters are looked ahead for (speed only): every match is
    the plain case-insensitive alternation's, case folds (long s, dotted I) included."""
    import random
    import re

    facility = link_words().facility
    kinds = facility.pattern.split("(?:", 1)[1].removesuffix(r")s?\b")
    plain = re.compile(rf"\b(?:{kinds})s?\b", re.IGNORECASE)
    samples = [
        "Shelling hit the Ahli Arab Hospital and two SCHOOLS near Jabalia camp.",
        "ſchool, Hoſpital, ſtation: long s folds to s; MALLS, mall_x, xcamp, camp-site",
        "the cathedral's bells; Theatres; a church; İstanbul University; market-hall",
    ]
    rng = random.Random(7)
    letters = "acehilmnoprstuſKİı -_.'’"
    samples += ["".join(rng.choice(letters) for _ in range(60)) for _ in range(3000)]
    words = ["camp", "mall", "hall", "school", "station", "market", "prison", "x", "A"]
    samples += [" ".join(rng.choice(words) for _ in range(12)) for _ in range(300)]
    for text in samples:
        assert [m.span() for m in facility.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ], text
    assert facility.pattern.startswith(r"\b(?=[")
