"""The issue-10 figures per story: the ``stories.sh`` flow, and the same ledger scoring with
each story's ledger built from the gold grouping (``rashomon compare --articles``), so that
linking errors are told apart from ledger errors.

    python bench/stories.py [--out out/stories] [--reuse] [--shared ../shared]

Runs ``../shared/eval/stories.sh`` (ingest every corpus into a fresh SQLite store, link, score
incidents and each story's ledger), unless ``--reuse`` takes the store already in ``--out``.
Then, for each ``<story>.gold.json``, builds the ledger of exactly its "articles" with
``rashomon compare --articles-file`` and scores it with ``ledger/score.py``. Prints one line per
story and flow, then the totals. Run by hand (``make eval-stories``); nothing here is tuned.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RASHOMON = ROOT / ".venv" / "bin" / "rashomon"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "stories")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--reuse", action="store_true", help="score the store already in --out")
    args = parser.parse_args()
    shared: Path = args.shared.resolve()
    out: Path = args.out.resolve()
    corpora = shared / "corpora"
    scorer = shared / "eval" / "ledger" / "score.py"
    if not scorer.exists():
        print(f"no {scorer}: the bench needs ../shared beside the repository", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    if not (args.reuse and (out / "stories.db").exists()):
        env = {**os.environ, "OUT": str(out), "RASHOMON": str(RASHOMON)}
        subprocess.run([str(shared / "eval" / "stories.sh")], cwd=ROOT, env=env, check=True)
    db = f"sqlite:///{out / 'stories.db'}"
    pairs: dict[str, list[str]] = {"stories.sh": [], "--articles": []}
    for gold in sorted(corpora.glob("*.gold.json")):
        data = json.loads(gold.read_text(encoding="utf-8"))
        story = data.get("story")
        if not story or not data.get("articles"):
            continue
        ledger = out / f"{story}.articles.ledger.json"
        command = [str(RASHOMON), "compare", "--articles-file", str(gold), "--db", db]
        command += ["--format", "json", "--out", str(ledger)]
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        pairs["--articles"] += ["--gold", str(gold), "--ledger", str(ledger)]
        linked = out / f"{story}.ledger.json"
        incident = _incident_of(out / "incidents.json", set(data["articles"]))
        if args.reuse and incident:
            # --reuse rebuilds the linked ledger too: ledger changes show in both flows
            command = [str(RASHOMON), "compare", incident, "--db", db]
            command += ["--format", "json", "--out", str(linked)]
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
            if done.returncode != 0:  # linking changed since the store was built: ids differ
                print(f"{story}: stories.sh ledger kept ({done.stderr.strip()[:120]})")
        if not linked.exists():
            linked.write_text("{}", encoding="utf-8")
        pairs["stories.sh"] += ["--gold", str(gold), "--ledger", str(linked)]
    for flow, scorer_args in pairs.items():
        result = subprocess.run(
            [sys.executable, str(scorer), *scorer_args, "--json", "-"],
            check=True,
            capture_output=True,
            text=True,
        )
        report: dict[str, Any] = json.loads(result.stdout)
        print(f"== ledger, {flow} flow (scorer {report['scorer_version']})")
        for story in report["stories"]:
            print("  " + _line(story["story"], story))
        print("  " + _line("all stories", report["total"]))
    return 0


def _incident_of(incidents_file: Path, members: set[str]) -> str:
    """The incident holding most of the story's articles (as stories.sh picks it), or ""."""
    if not incidents_file.exists():
        return ""
    incidents: list[dict[str, Any]] = json.loads(incidents_file.read_text(encoding="utf-8"))
    best, shared = "", 0
    for incident in incidents:
        ids = {a.get("id") if isinstance(a, dict) else a for a in incident.get("articles", [])}
        if len(ids & members) > shared:
            best, shared = str(incident["id"]), len(ids & members)
    return best


def _line(name: str, s: dict[str, Any]) -> str:
    def pct(key: str) -> str:
        found, gold = s[key]["found"], s[key]["gold"]
        share = f"{100 * found / gold:.0f}%" if gold else "n/a"
        return f"{key} {found}/{gold} ({share})"

    noise = s["conflicts"].get("noise")
    return (
        f"{name:<26} {pct('figures')}, {pct('conflicts')} noise {noise}, "
        f"{pct('changes')}, {pct('copies')}"
    )


if __name__ == "__main__":
    sys.exit(main())
