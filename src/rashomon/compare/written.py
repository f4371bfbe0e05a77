"""A count as its article writes it: "more than 30", "nearly 300", "50 or more", "up to 35".

A figure carries its bounds (``low``/``high``: "more than 30" is low 31) and the number as
written (``value``: 30). The ledger shows what was said, never the bounds rewritten as another
phrase ("at least 31" misstates "more than 30"): the qualifier words found in the figure's own
text, from the quantity lexicon the figure stage read them with (``quantities.en.v1``), else
the lexicon's first phrase for the figure's qualifier. Exact counts are the number; ranges
and vague words keep their bounds ("100-300", "24-99").
"""

from __future__ import annotations

import re

from rashomon.figures.quantities import QuantityLexicon, default_quantity_lexicon, parse_number
from rashomon.model import Figure, FigureQualifier

# qualifiers whose written form is words around one number
_WORDED = frozenset(
    {
        FigureQualifier.AT_LEAST,
        FigureQualifier.MORE_THAN,
        FigureQualifier.AT_MOST,
        FigureQualifier.LESS_THAN,
        FigureQualifier.APPROXIMATE,
    }
)


def written_form(figure: Figure, lexicon: QuantityLexicon | None = None) -> str:
    """The count as written ("more than 30"), or "" when its bounds say it (a range, a vague
    word) or it has no number as written."""
    number = figure.value
    if number is None or figure.qualifier in (FigureQualifier.RANGE, FigureQualifier.VAGUE):
        return ""
    if figure.qualifier is FigureQualifier.EXACT or figure.qualifier not in _WORDED:
        return str(number)
    lex = lexicon if lexicon is not None else default_quantity_lexicon()
    text = " ".join(figure.text.text.split())
    prefixes = [p for p, q in lex.qualifiers if q is figure.qualifier]
    postfixes = [p for p, q in lex.postfix if q is figure.qualifier]
    found = _phrase_in(text, prefixes, lex, before=True)
    found = found or _phrase_in(text, postfixes, lex, before=False)
    if found is not None:
        phrase, before = found
        return f"{phrase} {number}" if before else f"{number} {phrase}"
    if prefixes:
        return f"{prefixes[0]} {number}"
    if postfixes:
        return f"{number} {postfixes[0]}"
    return str(number)


def _phrase_in(
    text: str, phrases: list[str], lex: QuantityLexicon, *, before: bool
) -> tuple[str, bool] | None:
    """The longest of ``phrases`` right before (or after) a number in ``text``, lower case."""
    for phrase in sorted(phrases, key=len, reverse=True):
        words = r"\s+".join(re.escape(w) for w in phrase.split())
        if before:
            for match in re.finditer(rf"\b{words}\s+([\w,-]+)", text, re.IGNORECASE):
                if parse_number(match.group(1).rstrip(","), lex) is not None:
                    return phrase.lower(), True
        elif re.search(rf"\b[\w,-]+\s+{words}\b", text, re.IGNORECASE):
            return phrase.lower(), False
    return None
