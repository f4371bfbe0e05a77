"""CSV cells that are safe to open in a spreadsheet (no formula injection).

A cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
spreadsheets skip before reading one of those) is read as a formula by Excel, LibreOffice
and Google Sheets: an outlet named ``=HYPERLINK("http://evil.example","click")`` in a
ledger would become a live link, or worse. ``safe_cell`` puts a single quote in front of
such a text, the convention spreadsheets show as a literal (OWASP "CSV Injection").
Numbers stay numbers: a cell that is only a number (``-5``, ``+3.5``) is left as written.
This is the one neutraliser: every CSV rashomon writes goes through ``safe_cell`` (the
ledger CSV of ``present.ledger``, with ``one_line`` so each value stays on its row) or
``render_csv`` (the event and claims tables of ``export.tables``, the web app's downloads).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: object, *, one_line: bool = False) -> str:
    """``value`` as CSV cell text, with a leading ``'`` when it would start a formula; with
    ``one_line``, line breaks inside it read as spaces (checked before they are replaced, so
    a cell starting with a carriage return is still quoted).

    >>> safe_cell('=HYPERLINK("http://x.example")')
    '\\'=HYPERLINK("http://x.example")'
    >>> safe_cell(-5), safe_cell("-5"), safe_cell(None)
    ('-5', '-5', '')
    >>> safe_cell("\\r=1\\nx", one_line=True)
    "' =1 x"
    """
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_STARTS) and _NUMBER.fullmatch(text) is None:
        text = "'" + text
    if one_line:
        text = text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    return text


def safe_row(values: Iterable[object], *, one_line: bool = False) -> list[str]:
    """Every cell of a row through ``safe_cell``."""
    return [safe_cell(value, one_line=one_line) for value in values]


def render_csv(rows: Iterable[Iterable[object]]) -> str:
    """Rows (the header first) as CSV text with ``\\n`` line ends, every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow(safe_row(row))
    return buffer.getvalue()
