"""Events stage: what happened, when, where, to whom, and the figures each claimant gives.

``when``: the article's publication date (metadata, or inferred from the text) and its time
expressions normalised against it, each with a precision and how it was derived.
"""

from rashomon.events.assemble import extract_events
from rashomon.events.figures import extract_figures
from rashomon.events.gazetteer import Gazetteer, GazetteerEntry, load_curated, normalise_name
from rashomon.events.ontology import ONTOLOGY, ONTOLOGY_VERSION, EventDefinition, plover_type
from rashomon.events.published import infer_published
from rashomon.events.quantities import (
    Quantity,
    QuantityLexicon,
    find_quantities,
    load_quantity_lexicon,
    parse_number,
)
from rashomon.events.triggers import find_triggers
from rashomon.events.when import extract_times
from rashomon.events.where import extract_places

__all__ = [
    "ONTOLOGY",
    "ONTOLOGY_VERSION",
    "EventDefinition",
    "Gazetteer",
    "GazetteerEntry",
    "Quantity",
    "QuantityLexicon",
    "extract_events",
    "extract_figures",
    "extract_places",
    "extract_times",
    "find_quantities",
    "find_triggers",
    "infer_published",
    "load_curated",
    "load_quantity_lexicon",
    "normalise_name",
    "parse_number",
    "plover_type",
]
