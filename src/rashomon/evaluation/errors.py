"""Where PolNeAR predictions go wrong: error types, missed cues and the worst documents.

``make eval`` scores predictions with ``shared/eval/polnear/score.py``; this module says
*why* the score is what it is. It re-implements, in the package, the small part of the
scorer it needs (the scorer lives outside the package and is never imported):

* **Gold.** ``<split>/attributions/<doc>_<annotator>.ann`` (brat standoff). Only ``T`` and
  ``E`` lines are read. Each ``E`` line is one attribution; its arguments after the trigger
  are grouped by role with trailing digits dropped (``Content2`` is content), a role's span is
  the union of its entities' fragments, an event with no content is dropped, a missing source
  or cue is null. For an article with several ``.ann`` files the canonical annotator is the
  first one listed in the ``annotators`` column of ``<split>/../metadata.tsv``, else the
  smallest annotator id (the scorer README, section 1).
* **Tokens.** ``\\w+|[^\\w\\s]`` over the whole text; a span's token set is the tokens that
  share a character with any of its fragments.
* **Alignment.** Per document, greedy one-to-one over (prediction, gold) pairs whose content
  token sets intersect, scored (shared content tokens, source agreement, shared source
  tokens, shared cue tokens), ties to the lower prediction then gold index: the scorer's
  attribution alignment. Sources *agree* when both are null or they share a token.
* **Kind** of a gold attribution (the scorer's quote heuristic): ``direct`` when every letter
  or digit of its content lies inside double quotation marks, ``indirect`` when none does,
  ``mixed`` otherwise; the quote state resets at each newline, single quotes are ignored.

Error types (``ErrorType``). They overlap: one matched pair can be both ``wrong source`` and
``boundary``, so the counts are not additive.

* ``missed direct`` / ``missed mixed`` / ``missed indirect``: a gold attribution whose content
  shares no token with any prediction's content, by the gold's kind. (A gold left unmatched
  although a prediction overlaps it lost that prediction to another gold: it shows up as
  ``merged content``.)
* ``wrong source``: a matched pair whose sources do not agree: disjoint token sets, or
  exactly one of them null. ``ErrorReport.wrong_source`` splits it into ``disjoint``,
  ``predicted null`` (the gold has a source) and ``gold null`` (the prediction has one).
* ``split content``: a gold content overlapped by two or more predictions (counted once per
  gold attribution).
* ``merged content``: a prediction whose content overlaps two or more gold contents (counted
  once per prediction).
* ``boundary``: a matched pair whose content token sets have a Jaccard index below 0.5.
* ``spurious``: a prediction whose content overlaps no gold content.
* ``missed cue``: a matched pair where the gold has a cue and the predicted cue shares no
  token with it (a null predicted cue included).

Missed cues (``ErrorReport.missed_cues``): the missed gold attributions counted by their
cue's lowercased text (fragments joined by a space, whitespace collapsed; ``(no cue)`` for a
null cue), most frequent first.

Worst documents: per document, END-TO-END F1 as the scorer defines it (true positives are
matched pairs whose sources agree; P = tp / predictions, R = tp / gold). A document with
neither gold nor predictions scores 1.0 (nothing to find, nothing found). The lowest come
first, ties to the document with more gold attributions, then by name.
"""

from __future__ import annotations

import bisect
import csv
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from rashomon.errors import MALFORMED_JSONL, NOT_FOUND, InputError

TEXT_DIR = "text"
ANN_DIR = "attributions"
METADATA = "metadata.tsv"
WORST_DOCUMENTS = 15
TOP_MISSED_CUES = 20
EXAMPLES_PER_TYPE = 3
BOUNDARY_JACCARD = 0.5
EXCERPT_CHARS = 120
NO_CUE = "(no cue)"

TOKEN_RE = re.compile(r"\w+|[^\w\s]")
_T_LINE = re.compile(r"^(T\d+)\t\S+ (\d+ \d+(?:;\d+ \d+)*)(?:\t|$)")
_E_LINE = re.compile(r"^E(\d+)\t(.*)$")
_ROLES = ("source", "cue", "content")
_OPEN_QUOTES, _CLOSE_QUOTES, _TOGGLE_QUOTE = "“„«", "”»", '"'

Fragments = tuple[tuple[int, int], ...]
"""Character fragments of one span: sorted, touching or overlapping ones merged, non-empty."""


class ErrorType(StrEnum):
    """One kind of error; the value is the key in ``errors.json``."""

    MISSED_DIRECT = "missed_direct"
    MISSED_MIXED = "missed_mixed"
    MISSED_INDIRECT = "missed_indirect"
    WRONG_SOURCE = "wrong_source"
    SPLIT_CONTENT = "split_content"
    MERGED_CONTENT = "merged_content"
    BOUNDARY = "boundary"
    SPURIOUS = "spurious"
    MISSED_CUE = "missed_cue"

    @property
    def label(self) -> str:
        """Human label: ``missed indirect``."""
        return self.value.replace("_", " ")


_MISSED_BY_KIND = {
    "direct": ErrorType.MISSED_DIRECT,
    "mixed": ErrorType.MISSED_MIXED,
    "indirect": ErrorType.MISSED_INDIRECT,
}
WRONG_SOURCE_KINDS = ("disjoint", "predicted null", "gold null")


@dataclass(frozen=True)
class Spans:
    """One attribution as character fragments (gold or predicted); ``ident`` names it
    (``E3`` for gold, ``line 12`` for a prediction)."""

    content: Fragments
    source: Fragments | None
    cue: Fragments | None
    ident: str


@dataclass(frozen=True)
class GoldDocument:
    """One article of a split with its canonical gold attributions (``E`` number order)."""

    doc: str
    text: str
    attributions: tuple[Spans, ...]


@dataclass(frozen=True)
class ErrorExample:
    """One occurrence of an error, as short text excerpts ("" where a side has none)."""

    error: ErrorType
    doc: str
    gold: str
    predicted: str


@dataclass(frozen=True)
class DocumentErrors:
    """The errors of one document; ``counts`` has every ``ErrorType``."""

    doc: str
    n_gold: int
    n_pred: int
    e2e_tp: int
    counts: Mapping[ErrorType, int]
    wrong_source: Mapping[str, int]
    missed_cues: tuple[str, ...]
    examples: tuple[ErrorExample, ...]

    @property
    def e2e_f1(self) -> float:
        """END-TO-END F1 of this document; 1.0 when it has neither gold nor predictions."""
        if not self.n_gold and not self.n_pred:
            return 1.0
        return _f1(self.e2e_tp, self.n_pred, self.n_gold)


@dataclass(frozen=True)
class ErrorReport:
    """Errors over a whole split: totals, most frequent first, and every document."""

    split: str
    predictions: str
    documents: tuple[DocumentErrors, ...]

    @property
    def n_gold(self) -> int:
        return sum(document.n_gold for document in self.documents)

    @property
    def n_pred(self) -> int:
        return sum(document.n_pred for document in self.documents)

    @property
    def e2e_tp(self) -> int:
        return sum(document.e2e_tp for document in self.documents)

    @property
    def e2e_f1(self) -> float:
        return _f1(self.e2e_tp, self.n_pred, self.n_gold)

    @property
    def counts(self) -> list[tuple[ErrorType, int]]:
        """Every error type with its total, most frequent first (ties in enum order)."""
        totals = {kind: sum(d.counts[kind] for d in self.documents) for kind in ErrorType}
        return sorted(totals.items(), key=lambda item: -item[1])

    @property
    def wrong_source(self) -> dict[str, int]:
        return {k: sum(d.wrong_source[k] for d in self.documents) for k in WRONG_SOURCE_KINDS}

    def missed_cues(self, top: int = TOP_MISSED_CUES) -> list[tuple[str, int]]:
        """The missed gold attributions' cue texts, most frequent first (ties by text)."""
        counter = Counter(cue for document in self.documents for cue in document.missed_cues)
        return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:top]

    def worst(self, n: int = WORST_DOCUMENTS) -> list[DocumentErrors]:
        """The ``n`` documents with the lowest END-TO-END F1 (ties: more gold, then name)."""
        ranked = sorted(self.documents, key=lambda d: (d.e2e_f1, -d.n_gold, d.doc))
        return ranked[:n]

    def examples(self, per_type: int = EXAMPLES_PER_TYPE) -> list[ErrorExample]:
        """The first ``per_type`` examples of each error type, in document order."""
        picked: list[ErrorExample] = []
        for kind in ErrorType:
            of_kind = (e for d in self.documents for e in d.examples if e.error is kind)
            picked.extend(example for _, example in zip(range(per_type), of_kind, strict=False))
        return picked


# --- gold and predictions -------------------------------------------------------------


def has_gold(split_dir: Path) -> bool:
    """Whether the split holds gold annotations (``attributions/*.ann``)."""
    return any((split_dir / ANN_DIR).glob("*.ann"))


def _merge(fragments: Iterable[tuple[int, int]]) -> Fragments:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(fragments):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def parse_ann(text: str) -> tuple[Spans, ...]:
    """The attributions of one brat ``.ann`` file's text, in ``E`` number order."""
    entities: dict[str, list[tuple[int, int]]] = {}
    events: list[tuple[int, list[str]]] = []
    for line in text.split("\n"):  # as the scorer: no other line breaks
        if match := _T_LINE.match(line):
            entities[match[1]] = [
                (int(start), int(end))
                for start, end in (part.split() for part in match[2].split(";"))
            ]
        elif match := _E_LINE.match(line):
            events.append((int(match[1]), match[2].split()))
    attributions = []
    for number, args in sorted(events):
        roles: dict[str, list[tuple[int, int]]] = {role: [] for role in _ROLES}
        for arg in args[1:]:
            role, _, entity = arg.partition(":")
            role = role.rstrip("0123456789").lower()
            if role in roles and entity in entities:
                roles[role].extend(entities[entity])
        if not roles["content"]:
            continue
        attributions.append(
            Spans(
                content=_merge(roles["content"]),
                source=_merge(roles["source"]) if roles["source"] else None,
                cue=_merge(roles["cue"]) if roles["cue"] else None,
                ident=f"E{number}",
            )
        )
    return tuple(attributions)


def _annotator_order(split_dir: Path) -> dict[str, list[str]]:
    path = split_dir.resolve().parent / METADATA
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["filename"]: [a for a in (row.get("annotators") or "").split("|") if a]
            for row in csv.DictReader(handle, delimiter="\t")
        }


def load_gold(split_dir: Path) -> dict[str, GoldDocument]:
    """Every ``text/*.txt`` of a split with its canonical annotation, by document stem.

    A document without any ``.ann`` file has no gold attributions.
    """
    texts = sorted((split_dir / TEXT_DIR).glob("*.txt"))
    if not texts:
        raise InputError(
            f"No PolNeAR texts in {str(split_dir / TEXT_DIR)!r}: expected text/*.txt.",
            code=NOT_FOUND,
        )
    annotators: dict[str, list[str]] = {}
    for path in (split_dir / ANN_DIR).glob("*_*.ann"):
        stem, annotator = path.stem.rsplit("_", 1)
        annotators.setdefault(stem, []).append(annotator)
    order = _annotator_order(split_dir)
    documents = {}
    for path in texts:
        with path.open(encoding="utf-8") as handle:  # same decoding as the scorer
            text = handle.read()
        available = sorted(annotators.get(path.stem, []))
        listed = [a for a in order.get(path.stem, []) if a in available]
        chosen = (listed or available)[:1]
        attributions: tuple[Spans, ...] = ()
        if chosen:
            ann = split_dir / ANN_DIR / f"{path.stem}_{chosen[0]}.ann"
            attributions = parse_ann(ann.read_text(encoding="utf-8"))
        documents[path.stem] = GoldDocument(path.stem, text, attributions)
    return documents


def _fragments(value: Any, where: str, length: int) -> Fragments | None:
    if value is None:
        return None
    if not isinstance(value, list) or not value:
        raise InputError(f"{where}: expected [start, end] or a list of them.", code=MALFORMED_JSONL)
    pairs = value if isinstance(value[0], list) else [value]
    fragments = []
    for pair in pairs:
        if not (isinstance(pair, list) and len(pair) == 2 and all(type(v) is int for v in pair)):
            raise InputError(f"{where}: bad fragment {pair!r}.", code=MALFORMED_JSONL)
        start, end = pair
        if not 0 <= start < end <= length:
            raise InputError(
                f"{where}: fragment [{start}, {end}] outside the text (length {length}).",
                code=MALFORMED_JSONL,
            )
        fragments.append((start, end))
    return _merge(fragments)


def load_predictions(path: Path, gold: Mapping[str, GoldDocument]) -> dict[str, list[Spans]]:
    """Scorer-format predictions (JSON Lines) by document; lines of other documents are
    ignored, documents without lines predict nothing."""
    predictions: dict[str, list[Spans]] = {doc: [] for doc in gold}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(f"{where}: invalid JSON ({e}).", code=MALFORMED_JSONL) from None
            if not isinstance(record, dict) or record.get("content") is None:
                raise InputError(f"{where}: needs 'doc' and 'content'.", code=MALFORMED_JSONL)
            document = gold.get(str(record.get("doc")))
            if document is None:
                continue
            length = len(document.text)
            predictions[document.doc].append(
                Spans(
                    content=_fragments(record["content"], where, length) or (),
                    source=_fragments(record.get("source"), where, length),
                    cue=_fragments(record.get("cue"), where, length),
                    ident=f"line {number}",
                )
            )
    return predictions


# --- per-document analysis ------------------------------------------------------------


class _Tokens:
    """Maps character fragments of one text to the token indices they touch."""

    def __init__(self, text: str) -> None:
        matches = list(TOKEN_RE.finditer(text))
        self._starts = [match.start() for match in matches]
        self._ends = [match.end() for match in matches]

    def of(self, fragments: Fragments | None) -> frozenset[int] | None:
        if fragments is None:
            return None
        tokens: set[int] = set()
        for start, end in fragments:
            tokens.update(
                range(bisect.bisect_right(self._ends, start), bisect.bisect_left(self._starts, end))
            )
        return frozenset(tokens)


def _shared(a: frozenset[int] | None, b: frozenset[int] | None) -> int:
    return len(a & b) if a is not None and b is not None else 0


def _agree(a: frozenset[int] | None, b: frozenset[int] | None) -> bool:
    return (a is None and b is None) or _shared(a, b) > 0


def _f1(tp: int, n_pred: int, n_gold: int) -> float:
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def inside_quotes(text: str) -> list[bool]:
    """Per character: whether it lies inside double quotation marks (the scorer's rule)."""
    mask = [False] * len(text)
    inside = False
    for i, char in enumerate(text):
        if char == "\n":
            inside = False
        elif char in _OPEN_QUOTES or char in _CLOSE_QUOTES or char == _TOGGLE_QUOTE:
            mask[i] = True
            inside = char in _OPEN_QUOTES or (char == _TOGGLE_QUOTE and not inside)
            continue
        mask[i] = inside
    return mask


def quote_kind(text: str, inside: Sequence[bool], content: Fragments) -> str:
    """``direct``, ``mixed`` or ``indirect`` (module doc); ``inside`` is ``inside_quotes(text)``."""
    flags = [inside[i] for start, end in content for i in range(start, end) if text[i].isalnum()]
    if flags and all(flags):
        return "direct"
    return "mixed" if any(flags) else "indirect"


def _excerpt(text: str, fragments: Fragments | None) -> str:
    if fragments is None:
        return ""
    joined = " … ".join(" ".join(text[start:end].split()) for start, end in fragments)
    return joined if len(joined) <= EXCERPT_CHARS else joined[: EXCERPT_CHARS - 1] + "…"


def _describe(text: str, spans: Spans, *, source: bool = False) -> str:
    content = _excerpt(text, spans.content)
    if not source:
        return content
    return f"source: {_excerpt(text, spans.source) or '(null)'}; content: {content}"


def document_errors(gold: GoldDocument, predictions: Sequence[Spans]) -> DocumentErrors:
    """The errors of one document's predictions against its gold (module doc)."""
    text = gold.text
    tokens = _Tokens(text)
    golds = [
        (tokens.of(g.content) or frozenset(), tokens.of(g.source), tokens.of(g.cue))
        for g in gold.attributions
    ]
    preds = [
        (tokens.of(p.content) or frozenset(), tokens.of(p.source), tokens.of(p.cue))
        for p in predictions
    ]
    overlaps = [(pi, gi) for pi, p in enumerate(preds) for gi, g in enumerate(golds) if p[0] & g[0]]
    candidates = sorted(
        (
            (
                -len(preds[pi][0] & golds[gi][0]),
                -int(_agree(preds[pi][1], golds[gi][1])),
                -_shared(preds[pi][1], golds[gi][1]),
                -_shared(preds[pi][2], golds[gi][2]),
                pi,
                gi,
            )
            for pi, gi in overlaps
        )
    )
    used_pred: set[int] = set()
    used_gold: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for *_, pi, gi in candidates:
        if pi not in used_pred and gi not in used_gold:
            used_pred.add(pi)
            used_gold.add(gi)
            pairs.append((pi, gi))

    counts = dict.fromkeys(ErrorType, 0)
    wrong_source = dict.fromkeys(WRONG_SOURCE_KINDS, 0)
    missed_cues: list[str] = []
    examples: list[ErrorExample] = []

    def note(error: ErrorType, gold_text: str, predicted_text: str) -> None:
        counts[error] += 1
        examples.append(ErrorExample(error, gold.doc, gold_text, predicted_text))

    inside = inside_quotes(text)
    preds_per_gold = Counter(gi for _, gi in overlaps)
    golds_per_pred = Counter(pi for pi, _ in overlaps)
    for gi, spans in enumerate(gold.attributions):
        if not preds_per_gold[gi]:
            note(
                _MISSED_BY_KIND[quote_kind(text, inside, spans.content)], _describe(text, spans), ""
            )
            cue = _excerpt(text, spans.cue).lower() if spans.cue else NO_CUE
            missed_cues.append(cue)
        elif preds_per_gold[gi] >= 2:
            covering = [predictions[pi] for pi, g in overlaps if g == gi]
            note(
                ErrorType.SPLIT_CONTENT,
                _describe(text, spans),
                " | ".join(_describe(text, p) for p in covering),
            )
    for pi, spans in enumerate(predictions):
        if not golds_per_pred[pi]:
            note(ErrorType.SPURIOUS, "", _describe(text, spans))
        elif golds_per_pred[pi] >= 2:
            covered = [gold.attributions[gi] for p, gi in overlaps if p == pi]
            note(
                ErrorType.MERGED_CONTENT,
                " | ".join(_describe(text, g) for g in covered),
                _describe(text, spans),
            )
    e2e_tp = 0
    for pi, gi in sorted(pairs, key=lambda pair: pair[1]):
        (p_content, p_source, p_cue), (g_content, g_source, g_cue) = preds[pi], golds[gi]
        pred_spans, gold_spans = predictions[pi], gold.attributions[gi]
        if _agree(p_source, g_source):
            e2e_tp += 1
        else:
            if p_source is None:
                wrong_source["predicted null"] += 1
            elif g_source is None:
                wrong_source["gold null"] += 1
            else:
                wrong_source["disjoint"] += 1
            note(
                ErrorType.WRONG_SOURCE,
                _describe(text, gold_spans, source=True),
                _describe(text, pred_spans, source=True),
            )
        if len(p_content & g_content) / len(p_content | g_content) < BOUNDARY_JACCARD:
            note(ErrorType.BOUNDARY, _describe(text, gold_spans), _describe(text, pred_spans))
        if g_cue is not None and not _shared(p_cue, g_cue):
            note(
                ErrorType.MISSED_CUE,
                f"cue: {_excerpt(text, gold_spans.cue)}",
                f"cue: {_excerpt(text, pred_spans.cue) or '(null)'}",
            )
    return DocumentErrors(
        doc=gold.doc,
        n_gold=len(golds),
        n_pred=len(preds),
        e2e_tp=e2e_tp,
        counts=counts,
        wrong_source=wrong_source,
        missed_cues=tuple(missed_cues),
        examples=tuple(examples),
    )


def analyse_errors(split_dir: Path, predictions_path: Path) -> ErrorReport:
    """The error report of a predictions file (scorer format) against a split's gold."""
    gold = load_gold(split_dir)
    predictions = load_predictions(predictions_path, gold)
    documents = tuple(document_errors(gold[doc], predictions[doc]) for doc in sorted(gold))
    return ErrorReport(
        split=split_dir.resolve().name, predictions=predictions_path.name, documents=documents
    )


# --- output ---------------------------------------------------------------------------


def report_paths(out: Path) -> tuple[Path, Path]:
    """``<out stem>.errors.md`` and ``<out stem>.errors.json`` beside the predictions."""
    return out.with_name(f"{out.stem}.errors.md"), out.with_name(f"{out.stem}.errors.json")


def _document_json(document: DocumentErrors) -> dict[str, Any]:
    return {
        "doc": document.doc,
        "e2e_f1": round(document.e2e_f1, 4),
        "n_gold": document.n_gold,
        "n_pred": document.n_pred,
        "e2e_tp": document.e2e_tp,
        "errors": {str(kind): document.counts[kind] for kind in ErrorType},
    }


def to_json(report: ErrorReport) -> dict[str, Any]:
    """The report as plain JSON data (what ``errors.json`` holds)."""
    return {
        "split": report.split,
        "predictions": report.predictions,
        "counts": {
            "docs": len(report.documents),
            "gold_attributions": report.n_gold,
            "pred_attributions": report.n_pred,
            "e2e_tp": report.e2e_tp,
            "e2e_f1": round(report.e2e_f1, 4),
        },
        "error_types": {str(kind): count for kind, count in report.counts},
        "wrong_source": report.wrong_source,
        "missed_cues": [{"cue": cue, "count": count} for cue, count in report.missed_cues()],
        "worst_documents": [_document_json(document) for document in report.worst()],
        "examples": [
            {"error": str(e.error), "doc": e.doc, "gold": e.gold, "predicted": e.predicted}
            for e in report.examples()
        ],
    }


def render_json(report: ErrorReport) -> str:
    return json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n"


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return [*lines, ""]


def render_markdown(report: ErrorReport) -> str:
    """The report as Markdown tables (what ``errors.md`` holds)."""
    lines = [
        f"# Errors of {report.predictions} on PolNeAR {report.split}",
        "",
        f"{len(report.documents)} documents, {report.n_gold} gold and {report.n_pred} predicted "
        f"attributions; END-TO-END tp {report.e2e_tp}, F1 {100 * report.e2e_f1:.1f}. "
        "Definitions: `rashomon.evaluation.errors` (error types overlap; counts are not additive).",
        "",
        "## Error types",
        "",
    ]
    lines += _table(["error type", "count"], ((k.label, n) for k, n in report.counts))
    lines += ["## Wrong source, by case", ""]
    lines += _table(["case", "count"], report.wrong_source.items())
    lines += [f"## Cues of the missed gold attributions (top {TOP_MISSED_CUES})", ""]
    lines += _table(["cue (lowercased)", "missed"], report.missed_cues())
    lines += [f"## Worst documents (lowest END-TO-END F1, {WORST_DOCUMENTS})", ""]
    kinds = list(ErrorType)
    lines += _table(
        ["doc", "e2e F1", "gold", "pred", "e2e tp", *(k.label for k in kinds)],
        (
            [d.doc, f"{100 * d.e2e_f1:.1f}", d.n_gold, d.n_pred, d.e2e_tp]
            + [d.counts[k] for k in kinds]
            for d in report.worst()
        ),
    )
    lines += [f"## Examples (first {EXAMPLES_PER_TYPE} of each type)", ""]
    lines += _table(
        ["error type", "doc", "gold", "predicted"],
        ((e.error.label, e.doc, e.gold, e.predicted) for e in report.examples()),
    )
    return "\n".join(lines)
