"""Quality gate: attribution F1 on a fixed slice of PolNeAR dev must not drop below its floor.

Floors only move up (edit FLOORS when a change raises them). The slice is the first
SLICE documents of dev in name order; scored with the shared scorer v1.0.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

from spacy.language import Language

from rashomon.config import Settings
from rashomon.evaluation import attributions_to_predictions, read_split
from rashomon.pipeline import analyse_articles
from support import shared_path

SLICE = 20
# content partial F1 and END-TO-END F1 on the slice, in percent
# rules cues.en.v1 alone: 71.2 / 62.2; + tagger-bilstm-f1-s13 (combined): 82.8 / 70.6
FLOORS = {"content_partial": 81.5, "e2e": 69.5}


def _scorer() -> ModuleType:
    path = shared_path("eval", "polnear", "score.py")
    spec = importlib.util.spec_from_file_location("polnear_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def test_quality_polnear_dev_slice(nlp: Language, tmp_path: Path) -> None:
    split = shared_path("data", "polnear", "dev")
    score = _scorer()
    assert score.SCORER_VERSION == "1.0"
    articles = read_split(split)[:SLICE]
    settings = Settings(redact=False)
    lines = []
    for article, analysis in zip(
        articles, analyse_articles(articles, nlp=nlp, settings=settings), strict=True
    ):
        lines += [json.dumps(p) for p in attributions_to_predictions(article.id, analysis)]
    pred = tmp_path / "pred.jsonl"
    pred.write_text("\n".join(lines) + "\n", encoding="utf-8")
    gold, _info = score.load_gold(str(split))
    gold = {stem: doc for stem, doc in gold.items() if stem in {a.id for a in articles}}
    predictions, _ = score.load_predictions(str(pred), gold)
    result = score.score(gold, predictions)
    metrics = result["metrics"]
    got = {key: 100 * metrics[key]["f1"] for key in FLOORS}
    for key, floor in FLOORS.items():
        assert got[key] >= floor, f"{key} F1 {got[key]:.1f} fell below its floor {floor}"
