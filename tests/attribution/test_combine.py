"""Combining the tagger's attributions with the rules'."""

from __future__ import annotations

from rashomon.attribution.combine import combine
from rashomon.model import Attribution, AttributionKind, TextSpan

TEXT = (
    "The army has estimated that 30 people were killed, according to a report seen by us. "
    "Separately, the mayor said the road was open."
)


def span(part: str) -> TextSpan:
    start = TEXT.index(part)
    return TextSpan(start, start + len(part), part)


def att(source: str | None, cue: str, content: str, method: str) -> Attribution:
    return Attribution(
        source=span(source) if source else None,
        cue=span(cue),
        content=(span(content),),
        kind=AttributionKind.INDIRECT,
        method=method,
    )


def test_combine_keeps_the_tagger_and_adds_what_it_missed() -> None:
    tagged = [att("a report", "according to", "The army has estimated that 30", "tagger")]
    rules = [att("the mayor", "said", "the road was open", "rules")]
    combined = combine(tagged, rules)
    assert [a.method for a in combined] == ["tagger", "rules"]


def test_combine_prefers_a_named_speaker_over_none() -> None:
    tagged = [att(None, "said", "the road was open", "tagger")]
    rules = [att("the mayor", "said", "the road was open", "rules")]
    assert [a.method for a in combine(tagged, rules)] == ["rules"]


def test_combine_keeps_the_tagger_when_both_name_a_speaker() -> None:
    tagged = [att("the mayor", "said", "the road was open", "tagger")]
    rules = [att("the mayor", "said", "road was open", "rules")]
    assert [a.method for a in combine(tagged, rules)] == ["tagger"]


def test_combine_keeps_speech_nested_in_according_to() -> None:
    outer = att(
        "a report", "according to", "The army has estimated that 30 people were killed", "tagger"
    )
    inner = att("The army", "has estimated", "that 30 people were killed", "rules")
    combined = combine([outer], [inner])
    assert len(combined) == 2
    said = att("the mayor", "said", "the road was open", "tagger")
    assert len(combine([said], [att("the mayor", "said", "road was open", "rules")])) == 1


def test_combine_same_cue_unions_content_and_picks_the_nearer_speaker() -> None:
    text_tagged = att("The army", "has estimated", "that 30", "tagger")
    text_rules = att("The army", "has estimated", "that 30 people were killed", "rules")
    (combined,) = combine([text_tagged], [text_rules])
    assert combined.method == "tagger"
    assert combined.content[0].text == "that 30 people were killed"
