"""Analysis <-> dict: an exact round trip, in the documented shape where it can carry it."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from spacy.language import Language
from store_samples import example_analyses, make_analysis

from rashomon.model import Analysis
from rashomon.present import analysis_to_dict as report_dict
from rashomon.store import analysis_from_dict, analysis_to_dict


@pytest.fixture
def examples(nlp: Language) -> tuple[Analysis, ...]:
    return example_analyses(nlp)


@pytest.mark.parametrize("n", [1, 2])
def test_store_serialize_round_trip_fictional(n: int) -> None:
    analysis = make_analysis(n)
    assert analysis_from_dict(analysis_to_dict(analysis)) == analysis


@pytest.mark.parametrize("n", [1, 2])
def test_store_serialize_uses_the_report_shape(n: int) -> None:
    analysis = make_analysis(n)
    assert analysis_to_dict(analysis) == report_dict(analysis)


def test_store_serialize_round_trip_bundled_examples(examples: tuple[Analysis, ...]) -> None:
    assert len(examples) == 5
    for analysis in examples:
        document = json.loads(json.dumps(analysis_to_dict(analysis)))
        assert analysis_from_dict(document) == analysis, analysis.article.id


@pytest.mark.parametrize(
    "change",
    [
        "attribution_rules",
        "attribution_unknown_claimant",
        "claim_unknown_claimant",
        "figure_unknown_claimant",
    ],
)
def test_store_serialize_keeps_what_the_report_shape_drops(change: str) -> None:
    analysis = make_analysis(1)
    first_att, *other_atts = analysis.attributions
    first_claim, *other_claims = analysis.claims
    first_fig, *other_figs = analysis.figures
    if change == "attribution_rules":
        analysis = replace(
            analysis, attributions=(replace(first_att, rules="tagger.v9"), *other_atts)
        )
    elif change == "attribution_unknown_claimant":
        analysis = replace(
            analysis, attributions=(replace(first_att, claimant_id="ghost"), *other_atts)
        )
    elif change == "claim_unknown_claimant":
        analysis = replace(analysis, claims=(replace(first_claim, claimant_id="x"), *other_claims))
    else:
        analysis = replace(analysis, figures=(replace(first_fig, claimant_id="x"), *other_figs))
    document = analysis_to_dict(analysis)
    assert document != report_dict(analysis)
    assert analysis_from_dict(json.loads(json.dumps(document))) == analysis


def test_store_serialize_reads_report_json(examples: tuple[Analysis, ...]) -> None:
    """What ``analyze --format json`` wrote reads back (attribution rules from the analysis)."""
    for analysis in examples:
        restored = analysis_from_dict(report_dict(analysis))
        assert restored.article == analysis.article
        assert restored.claims == analysis.claims
        assert restored.figures == analysis.figures
        assert restored.events == analysis.events
        assert [a.content for a in restored.attributions] == [
            a.content for a in analysis.attributions
        ]
