"""The ledgers of the dev stories (``../shared/corpora/<story>.gold.json``), each built from
its gold grouping as ``rashomon compare --articles`` builds it, scored by the shared ledger
scorer (``../shared/eval/ledger/score.py``, called, never copied). Bounds sit a little under
what the ledger reaches (``make eval-stories`` prints the figures), loose enough to be stable
while the figure and attribution stages change. Skips without ../shared; fails in CI.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

import rashomon
from rashomon.compare import compare_incident, incident_of_articles
from rashomon.link import find_copies, merge_entities
from rashomon.model import Analysis
from rashomon.present import comparison_to_dict
from support import shared_path

STORIES = ("kharkiv-epicentr-2024", "kramatorsk-station-2022", "mawasi-deif-2024")
# totals over the three stories (reached, --articles flow: figures 100%, conflicts 12/13,
# noise 1.38, changes 16/19, copies 4/4). Noise 1.54 -> 1.38: a side that also states every
# value of another does not contradict it (kharkiv's bodies, mawasi's wounded). Changes
# 12 -> 14: a count revised several times also shows its net change (24 -> 54 via 40).
# Changes 14 -> 16: an update's recalled "earlier it was reported" value (16 -> 17) and a
# claimant's affiliation ("later multiple reports" of the press reports) in the JSON.
MIN_FIGURES = 0.95
MIN_CONFLICTS = 12
MAX_NOISE = 1.4
MIN_CHANGES = 15
MIN_COPIES = 4  # every gold wire-copy pair (rewrites found within the incident)


@pytest.fixture(scope="module")
def scores(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    scorer = shared_path("eval", "ledger", "score.py")
    folder = tmp_path_factory.mktemp("ledgers")
    args: list[str] = []
    for story in STORIES:
        gold = shared_path("corpora", f"{story}.gold.json")
        members = json.loads(gold.read_text(encoding="utf-8"))["articles"]
        corpus = shared_path("corpora", f"{story}.jsonl")
        results = rashomon.analyse_file(corpus, nlp=nlp)
        analyses = [r for r in results if isinstance(r, Analysis) and r.article.id in members]
        comparison = compare_incident(
            incident_of_articles(analyses),
            analyses,
            copies=find_copies([a.article for a in analyses]),
            entities=merge_entities(analyses),
        )
        ledger = folder / f"{story}.json"
        ledger.write_text(json.dumps(comparison_to_dict(comparison)), encoding="utf-8")
        args += ["--gold", str(gold), "--ledger", str(ledger)]
    done = subprocess.run(
        [sys.executable, str(Path(scorer)), *args, "--json", "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def test_dev_story_ledgers_reach_their_scores(scores: dict[str, Any]) -> None:
    total = scores["total"]
    assert total["figures"]["recall"] >= MIN_FIGURES
    assert total["conflicts"]["found"] >= MIN_CONFLICTS
    assert total["conflicts"]["noise"] <= MAX_NOISE
    assert total["changes"]["found"] >= MIN_CHANGES
    assert total["copies"]["found"] >= MIN_COPIES


def test_no_story_buries_its_conflicts(scores: dict[str, Any]) -> None:
    for story in scores["stories"]:
        assert story["conflicts"]["noise"] <= 2 * MAX_NOISE, story["story"]
