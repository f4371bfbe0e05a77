"""Precision and recall of casualty figures on the al-Ahli hospital corpus (issue 4).

Runs the whole pipeline (``read_inputs`` + ``analyse_articles``) over the 20 articles of
``../shared/corpora/al-ahli-hospital-2023.jsonl``, takes each analysis' figures (or, while the
pipeline does not fill ``Analysis.figures`` yet, runs ``extract_figures`` on the analysis'
article and attributions), and scores them against the fixture made from the gold sheet
(``tests/events/fixtures/al_ahli_figures.json``; matching rule in
``rashomon.evaluation.figures``). Prints per-article misses and false positives.

    python bench/figures_al_ahli.py [--corpus PATH] [--fixture PATH] [--model NAME] [--all]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from rashomon.config import load_settings
from rashomon.errors import RashomonError
from rashomon.evaluation.figures import Score, load_fixture, score_article
from rashomon.figures.extract import extract_figures
from rashomon.ingest import read_inputs
from rashomon.model import Analysis, Article, Figure
from rashomon.parse import ParsedArticle, load_pipeline
from rashomon.pipeline import analyse_articles

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "al-ahli-hospital-2023.jsonl"
DEFAULT_FIXTURE = REPO / "tests" / "events" / "fixtures" / "al_ahli_figures.json"


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="JSONL corpus")
    parser.add_argument("--fixture", type=Path, default=DEFAULT_FIXTURE, help="gold figures")
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: settings)")
    parser.add_argument("--all", action="store_true", help="also list correct figures")
    return parser.parse_args(argv)


def measure(
    corpus: Path, fixture: Path, model: str | None = None
) -> tuple[Score, list[tuple[Analysis, list[Figure]]], str]:
    """Score the pipeline's figures on ``corpus``; also the figures and where they came from."""
    settings = load_settings(overrides={"model": model})
    nlp = load_pipeline(settings.model)
    expected = load_fixture(fixture)
    articles = [a for a in read_inputs([str(corpus)], settings) if isinstance(a, Article)]
    analyses = list(analyse_articles(articles, nlp=nlp, settings=settings))
    wired = any(a.figures for a in analyses)
    source = "pipeline" if wired else "extract_figures"
    results: list[tuple[Analysis, list[Figure]]] = []
    for analysis in analyses:
        figures = list(analysis.figures)
        if not wired:  # the pipeline does not fill figures: the same parse, then extract_figures
            parsed = ParsedArticle(analysis.article, nlp(analysis.article.text))
            figures = extract_figures(parsed, analysis.attributions, analysis.claims)
        results.append((analysis, figures))
    missing = sorted(set(expected) - {a.article.id for a, _ in results})
    if missing:
        raise RashomonError(f"Articles of the fixture not in the corpus: {', '.join(missing)}")
    scores = tuple(
        score_article(a.article.id, a, figures, expected[a.article.id])
        for a, figures in results
        if a.article.id in expected
    )
    return Score(scores), results, source


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    try:
        score, _, source = measure(args.corpus, args.fixture, args.model)
    except (RashomonError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        print("(pass --corpus PATH and --fixture PATH)", file=sys.stderr)
        return 2
    for article in score.articles:
        if not (article.missed or article.wrong or args.all):
            continue
        print(f"== {article.article_id}")
        for gold in article.missed:
            print(f"  MISS  {gold.describe()}")
        for figure in article.wrong:
            print(f"  FP    {figure.describe()}")
        if args.all:
            for figure in article.correct:
                print(f"  ok    {figure.describe()}")
            for figure in article.excluded:
                print(f"  other {figure.describe()}")
    print()
    print(f"figures from: {source}")
    print(
        f"precision {score.precision:.3f} ({score.true_positives}/{score.predicted}; "
        "killed/wounded figures, other events left out, gold + extra entries accepted)"
    )
    print(f"recall    {score.recall:.3f} ({score.gold_found}/{score.gold_total} gold entries)")
    print(
        f"strict precision {score.strict_precision:.3f} (gold-sheet entries only, nothing left out)"
    )
    print(
        f"claimant ignored: precision {score.value_precision:.3f}, "
        f"recall {score.value_recall:.3f} (value and category only)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
