"""Claims stage: what each claimant claims, and what the outlet asserts in its own voice.

Every attribution's content is a claim of its claimant; the outlet's sentences outside any
attribution are claims of the outlet; readers' sentences are claims of "reader-N". Each
claim is typed (prediction, judgement, evidence, fact), lists its hedges with their scope,
and an outlet claim that restates another claimant's claim points to it (``adopted_from``).
"""

from rashomon.claims.adopted import link_adopted
from rashomon.claims.classify import ClaimLexicon, classify_claim, load_claim_lexicon
from rashomon.claims.extract import extract_claims
from rashomon.claims.hedges import find_hedges

__all__ = [
    "ClaimLexicon",
    "classify_claim",
    "extract_claims",
    "find_hedges",
    "link_adopted",
    "load_claim_lexicon",
]
