"""Figures stage: casualty figures, each with a category, a victim group and its claimant.

``extract``: the figures of an article. ``quantities``: counts in plain text (numbers,
ranges, qualifiers, vague words; ``rashomon/data/quantities.en.v1.toml``). ``syntax``: the
parse patterns that make a count a casualty figure. ``words``: the words those read.
"""

from rashomon.figures.extract import extract_figures
from rashomon.figures.quantities import (
    Quantity,
    QuantityLexicon,
    find_quantities,
    load_quantity_lexicon,
    parse_number,
)

__all__ = [
    "Quantity",
    "QuantityLexicon",
    "extract_figures",
    "find_quantities",
    "load_quantity_lexicon",
    "parse_number",
]
