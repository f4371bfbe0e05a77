"""Attribution stage: who (source) says (cue) what (content), and which claimant spoke.

Rules on the dependency parse find verb cues ("said", "claimed to"), "according to",
noun cues ("the claim that"), quotations (also split and multi-paragraph), passive
("was described by X as") and negated cues; ``resolve_claimants`` then maps each source
to a canonical claimant. A learned tagger can add candidates through the same records.
"""

from rashomon.attribution.claimants import names_match, resolve_claimants
from rashomon.attribution.extract import find_attributions
from rashomon.attribution.lexicon import CueEntry, CueLexicon, load_lexicon

__all__ = [
    "CueEntry",
    "CueLexicon",
    "find_attributions",
    "load_lexicon",
    "names_match",
    "resolve_claimants",
]
