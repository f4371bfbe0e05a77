"""link: across articles. Wire copies grouped as one source; claimants merged into entities.

``find_copies`` groups near-duplicate articles (MinHash LSH on word shingles) and names the
originating agency; ``merge_entities`` merges article claimants across spelling variants,
titles, acronyms, curated aliases and organisation parts. Both are pure functions of their
input (same input, same output, input order kept).
"""

from rashomon.link.agencies import detect_agency
from rashomon.link.aliases import EntityTable, load_entity_table
from rashomon.link.entities import merge_entities
from rashomon.link.incidents import LinkParams, link_incidents, link_params
from rashomon.link.syndication import find_copies

__all__ = [
    "EntityTable",
    "LinkParams",
    "detect_agency",
    "find_copies",
    "link_incidents",
    "link_params",
    "load_entity_table",
    "merge_entities",
]
