"""Pieces shared by the HTML page and its claim, figure and event sections."""

from __future__ import annotations

from html import escape

from rashomon.model import Analysis, Claimant, ClaimantType
from rashomon.present.records import OUTLET_REPORTER, READER_PREFIX

# (strong colour for source and cue, light background for content), one per claimant in turn.
PALETTE = (
    ("#1d4ed8", "#dbeafe"),
    ("#b91c1c", "#fee2e2"),
    ("#047857", "#d1fae5"),
    ("#7e22ce", "#f3e8ff"),
    ("#b45309", "#fef3c7"),
    ("#0e7490", "#cffafe"),
    ("#be185d", "#fce7f3"),
    ("#4d7c0f", "#ecfccb"),
    ("#c2410c", "#ffedd5"),
    ("#4338ca", "#e0e7ff"),
)
UNRESOLVED = ("#525252", "#e5e5e5")  # attributions whose source is not resolved
# The outlet's own voice and readers' voices keep fixed colours of their own, apart from the
# palette that cycles over the other claimants.
VOICES = {"o": ("#334155", "#e2e8f0"), "r": ("#78350f", "#fde68a"), "u": UNRESOLVED}


def colour_names() -> list[tuple[str, tuple[str, str]]]:
    """Every colour name with its (strong, light) pair: the palette, then the voices."""
    return [(str(i), pair) for i, pair in enumerate(PALETTE)] + list(VOICES.items())


def claimant_colours(analysis: Analysis) -> dict[str, str]:
    """Colour name of each claimant id: "o" for the outlet, "r" for readers, and the palette
    ("0".."9") in claimant order for everyone else. Ids not listed get "u" from callers."""
    colours = {OUTLET_REPORTER: "o"}
    others = 0
    for claimant in analysis.claimants:
        if claimant.id == OUTLET_REPORTER:
            continue
        if claimant.type == ClaimantType.READER or claimant.id.startswith(READER_PREFIX):
            colours[claimant.id] = "r"
            continue
        colours[claimant.id] = str(others % len(PALETTE))
        others += 1
    return colours


def swatch(colour: str) -> str:
    return f'<span class="swatch w{colour}"></span>'


def table(css: str, head: list[str], rows: list[str]) -> str:
    """A table; ``head`` cells are trusted literals, ``rows`` are finished ``<tr>`` markup."""
    header = "".join(f"<th>{h}</th>" for h in head)
    return (
        f'<table class="{css}"><thead><tr>{header}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def row(cells: list[str], *, row_id: str = "", css: str = "") -> str:
    """One ``<tr>`` of finished cells; ``row_id`` and ``css`` are escaped here."""
    attrs = f' id="{escape(row_id)}"' if row_id else ""
    attrs += f' class="{escape(css)}"' if css else ""
    return f"<tr{attrs}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def colour_of(colours: dict[str, str], claimant: Claimant | None) -> str:
    """The colour name of ``claimant`` (from ``claimant_colours``); readers not listed get
    "r", anyone else not listed (and no claimant) "u"."""
    if claimant is None:
        return "u"
    if claimant.id in colours:
        return colours[claimant.id]
    return "r" if claimant.type == ClaimantType.READER else "u"
