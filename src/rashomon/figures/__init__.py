"""Figures stage: casualty figures, each with a category, a victim group and its claimant.

``extract``: the figures of an article. ``quantities``: counts in plain text (numbers,
ranges, qualifiers, vague words; ``rashomon/data/quantities.en.v1.toml``). ``syntax``: the
parse patterns that make a count a casualty figure. ``words``: the words those read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rashomon.figures.quantities import (
    Quantity,
    QuantityLexicon,
    find_quantities,
    load_quantity_lexicon,
    parse_number,
)
from rashomon.lazy import lazy_attributes

if TYPE_CHECKING:
    from rashomon.figures.extract import extract_figures


# ``extract_figures`` imported when first asked for: it needs spaCy, which readers of stored
# figures (``compare`` reads ``quantities``) need not load (0.7 s)
__getattr__ = lazy_attributes(__name__, {"extract_figures": "extract"})


__all__ = [
    "Quantity",
    "QuantityLexicon",
    "extract_figures",
    "find_quantities",
    "load_quantity_lexicon",
    "parse_number",
]
