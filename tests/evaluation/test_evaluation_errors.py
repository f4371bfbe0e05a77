"""Error analysis of PolNeAR predictions on a tiny fictional split (every error type once)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from rashomon.errors import MALFORMED_JSONL, InputError
from rashomon.evaluation.errors import (
    ErrorType,
    analyse_errors,
    has_gold,
    inside_quotes,
    load_gold,
    parse_ann,
    quote_kind,
    render_json,
    render_markdown,
    report_paths,
    to_json,
)
from support import shared_path

TEXT = (
    '"We are ready," the chief said.\n'
    "Officials believe the river will rise.\n"
    'The engineer argued the dam is "safe enough" now.\n'
    "The mayor told the clerk the bridge would hold.\n"
    "Critics claimed the plan was late and the budget was far too small.\n"
    "Residents, the paper reported, were calm and the roads stayed open.\n"
    "Farmers say the harvest will be late this year, and the mill hopes for rain.\n"
    "Nobody noticed the weather.\n"
    "A spokesman added that the office is closed.\n"
    "It was reported that the trains were stopped.\n"
    "The warden warned that the gate is weak.\n"
    "The pilot said the runway is clear.\n"
)

Span = str | Sequence[str] | None
"""A substring of TEXT (its first occurrence, or ``(sub, nth)``), a list of them, or null."""


def _frag(sub: str | tuple[str, int]) -> tuple[int, int]:
    text, nth = (sub, 0) if isinstance(sub, str) else sub
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(text, start + 1)
    return start, start + len(text)


def _frags(span: object) -> list[tuple[int, int]] | None:
    if span is None:
        return None
    if isinstance(span, str | tuple):
        return [_frag(span)]
    assert isinstance(span, list)
    return [_frag(part) for part in span]


# (source, cue, content) per gold attribution, in E order.
GOLD: list[tuple[object, object, object]] = [
    (None, ("said", 0), '"We are ready,"'),  # missed direct ("the chief" left out on purpose)
    ("Officials", "believe", "the river will rise"),  # missed indirect
    ("The engineer", "argued", 'the dam is "safe enough" now'),  # missed mixed
    ("The mayor", "told", "the bridge would hold"),  # wrong source: disjoint
    ("Critics", "claimed", "the plan was late and the budget was far too small"),  # boundary
    ("the paper", "reported", ["Residents", "were calm and the roads stayed open"]),  # split
    ("Farmers", "say", "the harvest will be late this year"),  # merged (with the next one)
    ("the mill", "hopes for", "rain"),
    ("A spokesman", "added", "the office is closed"),  # missed cue
    (None, ("reported", 1), "the trains were stopped"),  # wrong source: gold null
    ("The warden", "warned", "the gate is weak"),  # wrong source: predicted null
    ("The pilot", ("said", 1), "the runway is clear"),  # correct
]
PREDICTIONS: list[tuple[object, object, object]] = [
    ("the clerk", "told", "the bridge would hold"),
    ("Critics", "claimed", "the budget"),
    (None, None, "Residents"),
    ("the paper", "reported", "were calm and the roads stayed open"),
    ("Farmers", "say", ["the harvest will be late this year", "rain"]),
    ("Nobody", "noticed", "the weather"),  # spurious
    ("A spokesman", None, "the office is closed"),
    ("It", ("reported", 1), "the trains were stopped"),
    (None, "warned", "the gate is weak"),
    ("The pilot", ("said", 1), "the runway is clear"),
]
EXPECTED = {
    ErrorType.MISSED_DIRECT: 1,
    ErrorType.MISSED_MIXED: 1,
    ErrorType.MISSED_INDIRECT: 1,
    ErrorType.WRONG_SOURCE: 3,
    ErrorType.SPLIT_CONTENT: 1,
    ErrorType.MERGED_CONTENT: 1,
    ErrorType.BOUNDARY: 1,
    ErrorType.SPURIOUS: 1,
    ErrorType.MISSED_CUE: 1,
}


def _ann(gold: Sequence[tuple[object, object, object]]) -> str:
    lines: list[str] = []
    entity = 0

    def add(kind: str, span: object) -> str:
        nonlocal entity
        frags = _frags(span)
        assert frags is not None
        entity += 1
        offsets = ";".join(f"{start} {end}" for start, end in frags)
        surface = " ".join(TEXT[start:end] for start, end in frags)
        lines.append(f"T{entity}\t{kind} {offsets}\t{surface}")
        return f"T{entity}"

    for number, (source, cue, content) in enumerate(gold, 1):
        args = [f"Content:{add('Content', content)}"]
        if cue is not None:
            args.insert(0, f"Cue:{add('Cue', cue)}")
        if source is not None:
            args.insert(0, f"Source:{add('Source', source)}")
        trigger = "Attribution" if source is not None else "Attribution-no-source"
        anchor = add(trigger, cue if cue is not None else content)
        lines.append(f"E{number}\t{trigger}:{anchor} " + " ".join(args))
    lines.append("#1\tAnnotatorNotes T1\ta note the reader ignores")
    return "\n".join(lines) + "\n"


def _predictions(doc: str, predictions: Sequence[tuple[object, object, object]]) -> str:
    records = [
        {"doc": doc, "source": _frags(source), "cue": _frags(cue), "content": _frags(content)}
        for source, cue, content in predictions
    ]
    records.append({"doc": "not_in_split", "content": [0, 1]})
    return "".join(json.dumps(record) + "\n" for record in records)


def _split(
    root: Path, *, annotators: Sequence[str] = ("4b22",), metadata: str | None = None
) -> Path:
    split = root / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    (split / "text" / "alpha.txt").write_text(TEXT, encoding="utf-8")
    (split / "text" / "quiet.txt").write_text("Nothing is attributed here.\n", encoding="utf-8")
    for index, annotator in enumerate(annotators):
        gold = GOLD if index == 0 else GOLD[:2]
        path = split / "attributions" / f"alpha_{annotator}.ann"
        path.write_text(_ann(gold), encoding="utf-8")
    if metadata is not None:
        header = "compartment\tfilename\tannotators\n"
        (root / "metadata.tsv").write_text(header + metadata, encoding="utf-8")
    return split


@pytest.fixture
def split(tmp_path: Path) -> Path:
    return _split(tmp_path)


@pytest.fixture
def predictions(tmp_path: Path) -> Path:
    path = tmp_path / "out" / "dev.jsonl"
    path.parent.mkdir()
    path.write_text(_predictions("alpha", PREDICTIONS), encoding="utf-8")
    return path


@pytest.mark.parametrize("error", list(ErrorType))
def test_evaluation_errors_counts_each_type(
    split: Path, predictions: Path, error: ErrorType
) -> None:
    report = analyse_errors(split, predictions)
    assert dict(report.counts)[error] == EXPECTED[error]


@pytest.mark.parametrize("expected", [{"disjoint": 1, "predicted null": 1, "gold null": 1}])
def test_evaluation_errors_wrong_source_cases(
    split: Path, predictions: Path, expected: dict[str, int]
) -> None:
    assert analyse_errors(split, predictions).wrong_source == expected


@pytest.mark.parametrize("tp, n_pred, n_gold", [(5, 10, 12)])
def test_evaluation_errors_e2e_and_worst_documents(
    split: Path, predictions: Path, tp: int, n_pred: int, n_gold: int
) -> None:
    report = analyse_errors(split, predictions)
    assert (report.e2e_tp, report.n_pred, report.n_gold) == (tp, n_pred, n_gold)
    assert report.e2e_f1 == pytest.approx(2 * tp / (n_pred + n_gold))
    worst, quiet = report.worst()
    assert (worst.doc, quiet.doc) == ("alpha", "quiet")
    assert quiet.e2e_f1 == 1.0  # nothing to find, nothing found
    assert dict(worst.counts) == EXPECTED


@pytest.mark.parametrize("cues", [[("argued", 1), ("believe", 1), ("said", 1)]])
def test_evaluation_errors_missed_cues(
    split: Path, predictions: Path, cues: list[tuple[str, int]]
) -> None:
    assert analyse_errors(split, predictions).missed_cues() == cues


@pytest.mark.parametrize(
    "annotators, metadata, expected_gold",
    [
        (("4b22", "0aaa"), "x\talpha\t4b22|0aaa\n", len(GOLD)),  # first listed wins
        (("4b22", "0aaa"), None, 2),  # no metadata: the smallest id ("0aaa", two events)
        (("4b22", "0aaa"), "x\tother\t4b22\n", 2),  # not listed: the smallest id
    ],
)
def test_evaluation_errors_canonical_annotator(
    tmp_path: Path, annotators: tuple[str, ...], metadata: str | None, expected_gold: int
) -> None:
    split = _split(tmp_path, annotators=annotators, metadata=metadata)
    assert len(load_gold(split)["alpha"].attributions) == expected_gold
    assert load_gold(split)["quiet"].attributions == ()


@pytest.mark.parametrize(
    "ann, expected",
    [
        (
            "T1\tSource 0 3\tabc\nT2\tContent 10 12;14 16\tx y\nT3\tContent 20 22\tz\n"
            "T4\tCue 5 8\tdef\nE2\tAttribution:T4 Source:T1 Cue:T4 Content:T2 Content2:T3\n"
            "E1\tAttribution:T4 Cue:T4\n",
            [("E2", ((10, 12), (14, 16), (20, 22)), ((0, 3),), ((5, 8),))],
        ),
        (
            "T1\tContent 0 4;4 9\tab\nE1\tAttribution-no-source:T1 Content:T1\n",
            [("E1", ((0, 9),), None, None)],
        ),
    ],
)
def test_evaluation_errors_parse_ann(ann: str, expected: list[tuple[object, ...]]) -> None:
    parsed = [(s.ident, s.content, s.source, s.cue) for s in parse_ann(ann)]
    assert parsed == expected


@pytest.mark.parametrize(
    "text, sub, kind",
    [
        ('He said "all is well" today.', '"all is well"', "direct"),
        ('He said "all is well" today.', 'said "all is well"', "mixed"),
        ('He said "all is well" today.', "He said", "indirect"),
        ("“One\nTwo”", "Two", "indirect"),  # the quote state resets at a newline
        ("“Fine,” she said", "Fine", "direct"),
    ],
)
def test_evaluation_errors_quote_kind(text: str, sub: str, kind: str) -> None:
    start = text.index(sub)
    assert quote_kind(text, inside_quotes(text), ((start, start + len(sub)),)) == kind


@pytest.mark.parametrize(
    "line, message",
    [
        ("not json", "invalid JSON"),
        ('{"doc": "alpha"}', "'content'"),
        ('{"doc": "alpha", "content": [5, 2]}', "outside the text"),
        ('{"doc": "alpha", "content": [[0, 2], [1]]}', "bad fragment"),
        ('{"doc": "alpha", "content": "0-2"}', "expected [start, end]"),
    ],
)
def test_evaluation_errors_malformed_predictions(
    split: Path, tmp_path: Path, line: str, message: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as excinfo:
        analyse_errors(split, path)
    assert excinfo.value.code == MALFORMED_JSONL
    assert f"{path}:2" in excinfo.value.message and message in excinfo.value.message


@pytest.mark.parametrize("out", ["out/eval/dev.jsonl"])
def test_evaluation_errors_outputs(split: Path, predictions: Path, out: str) -> None:
    assert report_paths(Path(out)) == (
        Path("out/eval/dev.errors.md"),
        Path("out/eval/dev.errors.json"),
    )
    assert has_gold(split) and not has_gold(split / "text")
    report = analyse_errors(split, predictions)
    markdown = render_markdown(report)
    for heading in ("## Error types", "## Worst documents", "## Cues of the missed", "## Examples"):
        assert heading in markdown
    for error in ErrorType:
        assert f"| {error.label} | {EXPECTED[error]} |" in markdown
    data = json.loads(render_json(report))
    assert data == json.loads(json.dumps(to_json(report)))
    assert data["error_types"] == {str(error): count for error, count in EXPECTED.items()}
    assert data["counts"]["e2e_tp"] == 5
    assert data["worst_documents"][0]["doc"] == "alpha"
    examples = {example["error"] for example in data["examples"]}
    assert examples == {str(error) for error in ErrorType}
    spurious = next(e for e in data["examples"] if e["error"] == "spurious")
    assert spurious == {"error": "spurious", "doc": "alpha", "gold": "", "predicted": "the weather"}


@pytest.mark.parametrize("metric", ["e2e"])
def test_evaluation_errors_agree_with_the_shared_scorer(
    split: Path, predictions: Path, metric: str
) -> None:
    scorer = shared_path("eval", "polnear", "score.py")
    command = [sys.executable, str(scorer), "--split-dir", str(split)]
    command += ["--pred", str(predictions), "--json"]
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    scored = json.loads(completed.stdout)["metrics"][metric]
    report = analyse_errors(split, predictions)
    assert (scored["tp"], scored["n_pred"], scored["n_gold"]) == (
        report.e2e_tp,
        report.n_pred,
        report.n_gold,
    )


@pytest.mark.parametrize("split_name", ["dev"])
def test_evaluation_errors_gold_as_predictions_has_no_errors(
    tmp_path: Path, split_name: str
) -> None:
    scorer = shared_path("eval", "polnear", "score.py")
    split = shared_path("data", "polnear", split_name)
    dumped = tmp_path / "gold.jsonl"
    subprocess.run(
        [sys.executable, str(scorer), "--split-dir", str(split), "--dump-gold", str(dumped)],
        capture_output=True,
        check=True,
    )
    report = analyse_errors(split, dumped)
    assert report.e2e_tp == report.n_gold == report.n_pred
    assert all(count == 0 for _, count in report.counts)
