"""Casualty figures with the right claimant on every story with a gold sheet (issue 9).

    python bench/figures_stories.py [--shared ../shared] [--out out/eval/figures] [--model NAME]

For each ``<story>.gold.json`` in ``../shared/corpora`` that lists ``figures``, analyses the
story's ``<story>.jsonl`` with the whole pipeline (``read_inputs`` + ``analyse_articles``, the
same as ``rashomon analyze``), writes the analyses as JSONL to ``--out/<story>.jsonl`` and
scores them all with the shared scorer ``../shared/eval/figures/score.py``: per story and in
total, the share of gold figures found with the right value and category, and with the right
claimant too. Also prints how the claimants of all figures were found (direct, carry-over,
after-the-fact, lede, outlet, reader). Run by hand (``make eval``); nothing is tuned here.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from rashomon.config import Settings
from rashomon.ingest.inputs import read_inputs
from rashomon.model import Analysis, Skipped
from rashomon.parse.pipeline import load_pipeline
from rashomon.pipeline import analyse_articles
from rashomon.present.jsonl import render_json

ROOT = Path(__file__).resolve().parent.parent


def _stories(corpora: Path) -> list[tuple[str, Path, Path]]:
    """(story, corpus, gold) for every gold sheet with figures."""
    found = []
    for gold in sorted(corpora.glob("*.gold.json")):
        sheet = json.loads(gold.read_text(encoding="utf-8"))
        story = sheet.get("story")
        corpus = corpora / f"{story}.jsonl"
        if story and sheet.get("figures") and corpus.exists():
            found.append((story, corpus, gold))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "eval" / "figures")
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: the setting)")
    args = parser.parse_args()
    shared: Path = args.shared.resolve()
    scorer = shared / "eval" / "figures" / "score.py"
    if not scorer.exists():
        print(f"no {scorer}: the bench needs ../shared beside the repository", file=sys.stderr)
        return 1
    stories = _stories(shared / "corpora")
    if not stories:
        print("no gold sheet with figures in ../shared/corpora", file=sys.stderr)
        return 1
    settings = Settings() if args.model is None else Settings(model=args.model)
    nlp = load_pipeline(settings.model)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    how: Counter[str] = Counter()
    command = [sys.executable, str(scorer), "-v"]
    for story, corpus, gold in stories:
        items = list(read_inputs([str(corpus)], settings=settings))
        articles = [i for i in items if not isinstance(i, Skipped)]
        results: list[Analysis | Skipped] = [i for i in items if isinstance(i, Skipped)]
        results += list(analyse_articles(articles, nlp=nlp, settings=settings))
        how.update(
            f.attribution.value for r in results if isinstance(r, Analysis) for f in r.figures
        )
        path = out / f"{story}.jsonl"
        path.write_text(render_json(results), encoding="utf-8")
        command += ["--gold", str(gold), "--analyses", str(path)]
    scored = subprocess.run(command, capture_output=True, text=True, check=False)
    print(scored.stdout, end="")
    if scored.returncode != 0:
        print(scored.stderr, file=sys.stderr)
        return scored.returncode
    total = sum(how.values()) or 1
    shares = ", ".join(f"{k} {100 * v / total:.0f}%" for k, v in how.most_common())
    print(f"how the {sum(how.values())} figures' claimants were found: {shares}")
    print(f"analyses in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
