"""JSON Lines output: one record per input, in input order, keys sorted; with ledgers, one
record per comparison after the analyses (``export_jsonl``)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from rashomon.model import Analysis, Comparison, Skipped
from rashomon.present.ledger import comparison_to_dict
from rashomon.present.records import result_to_dict

# JSON keeps these raw inside strings, but str.splitlines() and some JSONL readers treat them
# as line ends; escaping them keeps one record per line for every reader.
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


def _one_line(record: str) -> str:
    for raw, escaped in _LINE_BREAKS.items():
        record = record.replace(raw, escaped)
    return record


def render_json(results: Sequence[Analysis | Skipped]) -> str:
    """JSON Lines: each result as one line of sorted-key JSON (UTF-8 text, not ASCII-escaped)."""
    return "".join(
        _one_line(json.dumps(result_to_dict(r), ensure_ascii=False, sort_keys=True)) + "\n"
        for r in results
    )


def export_jsonl(analyses: Sequence[Analysis], comparisons: Sequence[Comparison]) -> str:
    """Every analysis record (as ``--format json``), then one record per comparison
    (``{"type": "comparison", ...}``): one JSON object per line."""
    lines = [render_json(analyses)]
    for comparison in comparisons:
        record = {"type": "comparison", **comparison_to_dict(comparison)}
        lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    return "".join(lines)
