"""compare: the side-by-side ledger of one incident (its renderers are in ``rashomon.present``).

``compare_incident`` builds a ``Comparison`` (per slot, each claimant's values with first
appearance, every appearance, independent source count and adopting outlets; conflicts
between claimants; one claimant's changes over time; agreements). Never decides who is right.
``compare_incidents`` does it for many incidents at once, indexing its inputs once.
"""

from rashomon.compare.conflicts import (
    Agreement,
    find_agreements,
    find_changes,
    find_conflicts,
    value_text,
)
from rashomon.compare.ledger import compare_incident, compare_incidents
from rashomon.compare.selection import incident_of_articles

__all__ = [
    "Agreement",
    "compare_incident",
    "compare_incidents",
    "find_agreements",
    "find_changes",
    "find_conflicts",
    "incident_of_articles",
    "value_text",
]
