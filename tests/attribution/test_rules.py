"""Attribution rules and claimant resolution on tiny fictional texts."""

from __future__ import annotations

import pytest
from spacy.language import Language

from rashomon.attribution import find_attributions, load_lexicon, names_match, resolve_claimants
from rashomon.model import (
    Analysis,
    Article,
    AttributionKind,
    ClaimantType,
    CueStance,
    Part,
    PartKind,
)
from rashomon.parse import ParsedArticle


def analyse(nlp: Language, text: str, parts: tuple[Part, ...] | None = None) -> Analysis:
    article = Article(id="t", text=text, parts=parts or (Part(PartKind.BODY, 0, len(text)),))
    parsed = ParsedArticle(article, nlp(text))
    attributions = find_attributions(parsed, lexicon=load_lexicon())
    attributions, claimants = resolve_claimants(parsed, attributions)
    return Analysis(article=article, attributions=tuple(attributions), claimants=tuple(claimants))


def only(analysis: Analysis, cue: str):  # type: ignore[no-untyped-def]
    found = [a for a in analysis.attributions if a.cue is not None and cue in a.cue.text]
    assert len(found) == 1, [a.cue for a in analysis.attributions]
    return found[0]


@pytest.mark.parametrize(
    ("text", "cue", "source", "content", "kind"),
    [
        (
            "The health ministry said that 41 people were killed in the market.",
            "said",
            "The health ministry",
            "41 people were killed in the market",
            AttributionKind.INDIRECT,
        ),
        (
            "“We will not retreat from Velmar,” the colonel said on Tuesday.",
            "said",
            "the colonel",
            "“We will not retreat from Velmar,”",
            AttributionKind.DIRECT,
        ),
        (
            "The shelling, according to the Northern Liberation Front, was done by the army.",
            "according to",
            "the Northern Liberation Front",
            "was done by the army",
            AttributionKind.ACCORDING_TO,
        ),
        (
            "The rebels claimed to have destroyed three armoured vehicles near the bridge.",
            "claimed",
            "The rebels",
            "to have destroyed three armoured vehicles",
            AttributionKind.INDIRECT,
        ),
        (
            "The attack was described by a local doctor as the worst in a decade.",
            "described",
            "a local doctor",
            "as the worst",
            AttributionKind.INDIRECT,
        ),
        (
            "Minister Lena Varga said the talks were “a waste of everybody’s time” and left.",
            "said",
            "Minister Lena Varga",
            "the talks were “a waste of everybody’s time”",
            AttributionKind.MIXED,
        ),
    ],
)
def test_attribution_kinds(
    nlp: Language, text: str, cue: str, source: str, content: str, kind: AttributionKind
) -> None:
    attribution = only(analyse(nlp, text), cue)
    assert attribution.source is not None and attribution.source.text == source
    assert content in " ".join(f.text for f in attribution.content)
    assert attribution.kind is kind
    for fragment in attribution.content:
        assert text[fragment.start : fragment.end] == fragment.text


def test_attribution_split_quote_is_discontinuous(nlp: Language) -> None:
    text = "“The market was full,” said the mayor, “and nobody was warned.”"
    analysis = analyse(nlp, text)
    attribution = only(analysis, "said")
    assert attribution.kind is AttributionKind.DIRECT
    assert len(attribution.content) == 2
    assert attribution.source is not None and attribution.source.text == "the mayor"


def test_attribution_multi_paragraph_quote(nlp: Language) -> None:
    text = (
        "The group's statement read:\n\n“Our fighters entered the town at dawn.\n\n"
        "“They withdrew before noon without losses.”\n\nThe army disputed this."
    )
    attribution = only(analyse(nlp, text), "read")
    joined = " ".join(f.text for f in attribution.content)
    assert "entered the town" in joined and "withdrew before noon" in joined
    assert attribution.kind is AttributionKind.DIRECT


def test_attribution_negated_and_stance(nlp: Language) -> None:
    analysis = analyse(
        nlp,
        "Colonel Anton Wexler said two soldiers were wounded. He did not say whether "
        "civilians were hit. The rebels insisted that the convoy carried weapons. "
        "The ministry confirmed that the road was closed.",
    )
    assert only(analysis, "did not say").negated
    assert not only(analysis, "Wexler" if False else "said two" if False else "said").negated
    assert only(analysis, "insisted").stance is CueStance.DISTANCING
    assert only(analysis, "confirmed").stance is CueStance.ENDORSING


def test_attribution_noun_cue_is_nominal(nlp: Language) -> None:
    analysis = analyse(nlp, "The army rejected the group's claim that the bridge was mined.")
    attribution = only(analysis, "claim")
    assert attribution.kind is AttributionKind.NOMINAL
    assert "the bridge was mined" in attribution.content[0].text


def test_claimant_pronoun_and_role_noun_resolve_to_named_speaker(nlp: Language) -> None:
    text = (
        "Colonel Anton Wexler, the army spokesman, said the shells came from rebel positions. "
        "He added that an inquiry had been opened. Later the spokesman said that the inquiry "
        "would take a week. Wexler told reporters that no soldier had fired."
    )
    analysis = analyse(nlp, text)
    ids = {a.claimant_id for a in analysis.attributions}
    assert len(ids) == 1, [(a.source, a.claimant_id) for a in analysis.attributions]
    claimant = analysis.claimant(ids.pop())
    assert claimant is not None
    assert claimant.name == "Anton Wexler"
    assert claimant.type is ClaimantType.PERSON
    assert claimant.role is not None and "spokesman" in claimant.role
    assert "Wexler" in claimant.aliases


def test_claimant_group_parts_and_types(nlp: Language) -> None:
    text = (
        "The Velmar Brigades, the armed wing of the Northern Liberation Front, said it had "
        "shot down a drone. The Brigades said the drone was armed. The health ministry said "
        "that 41 people were killed. A military analyst said the claim was plausible."
    )
    analysis = analyse(nlp, text)
    by_name = {c.name: c for c in analysis.claimants}
    brigades = by_name["Velmar Brigades"]
    assert brigades.type is ClaimantType.ARMED_GROUP
    assert brigades.part_of is not None
    parent = analysis.claimant(brigades.part_of)
    assert parent is not None and "Northern Liberation Front" in parent.name
    assert by_name["health ministry"].type is ClaimantType.GOVERNMENT_BODY
    analyst = [c for c in analysis.claimants if c.type is ClaimantType.ANONYMOUS_SOURCE]
    assert analyst and analyst[0].role == "military analyst"
    brigade_ids = {
        a.claimant_id for a in analysis.attributions if a.source and "Brigades" in a.source.text
    }
    assert brigade_ids == {brigades.id}


def test_claimant_reader_comment_is_a_reader_not_the_outlet(nlp: Language) -> None:
    body = "The ministry said 41 people were killed."
    comment = "I suspect that the ministry counted only the dead it could name."
    text = body + "\n\n" + comment
    parts = (
        Part(PartKind.BODY, 0, len(body)),
        Part(PartKind.COMMENT, len(body) + 2, len(text), index=1),
    )
    analysis = analyse(nlp, text, parts)
    in_comment = [a for a in analysis.attributions if a.cue and a.cue.start > len(body)]
    assert in_comment and all(a.reporter_id == "reader-1" for a in in_comment)
    think = only(analysis, "suspect")
    assert think.claimant_id == "reader-1"
    assert any(c.id == "reader-1" and c.type is ClaimantType.READER for c in analysis.claimants)
    body_attribution = [a for a in analysis.attributions if a.cue and a.cue.start < len(body)]
    assert body_attribution and body_attribution[0].reporter_id == "outlet"


@pytest.mark.parametrize(
    ("a", "b", "kind", "same"),
    [
        ("Hagari", "Daniel Hagari", ClaimantType.PERSON, True),
        ("Ron Hagari", "Daniel Hagari", ClaimantType.PERSON, False),
        ("Al-Qassam", "Al-Qassam Brigades", ClaimantType.ARMED_GROUP, True),
        ("IDF", "Israel Defense Forces", ClaimantType.MILITARY, True),
        ("Brigades", "Velmar Brigades", ClaimantType.ARMED_GROUP, False),
        ("health ministry", "interior ministry", ClaimantType.GOVERNMENT_BODY, False),
    ],
)
def test_claimant_names_match(a: str, b: str, kind: ClaimantType, same: bool) -> None:
    assert names_match(a, b, kind) is same


@pytest.mark.parametrize(
    ("text", "cue", "source", "content"),
    [
        (
            "At least 30 people were killed in the blast at the depot, reported local officials.",
            "reported",
            "local officials",
            "At least 30 people were killed",
        ),
        (
            "It was fewer than the nearly 90 deaths that health officials originally described.",
            "described",
            "health officials",
            "the nearly 90 deaths",
        ),
        (
            "Estimates vary, with monitors putting the figure at between 15 and 30 people.",
            "putting",
            "monitors",
            "the figure at between 15 and 30 people",
        ),
        (
            "The depot, which the Velmar Health Ministry said killed dozens of people, burned.",
            "said",
            "the Velmar Health Ministry",
            "killed dozens of people",
        ),
    ],
)
def test_attribution_special_patterns(
    nlp: Language, text: str, cue: str, source: str, content: str
) -> None:
    attribution = only(analyse(nlp, text), cue)
    assert attribution.source is not None and attribution.source.text == source
    assert content in " ".join(f.text for f in attribution.content)


def test_attribution_dateline_is_not_a_transcript_speaker(nlp: Language) -> None:
    analysis = analyse(nlp, "VELMAR: The army said the road to the port had reopened.")
    assert [a.cue.text for a in analysis.attributions if a.cue] == ["said"]


def test_claimant_titled_person_and_common_noun_names(nlp: Language) -> None:
    analysis = analyse(
        nlp,
        "Opposition lawmaker Vera Stanek said the inquiry was a sham. The government said "
        "the inquiry was fair, while the government coalition said nothing new.",
    )
    names = {c.name: c for c in analysis.claimants}
    assert names["Vera Stanek"].type is ClaimantType.PERSON
    assert names["Vera Stanek"].role == "Opposition lawmaker"
    assert "government" in names and "government coalition" in names
