"""Events stage: what happened, to whom, and which times, places and figures belong to it.

``triggers`` finds event mentions, ``assemble`` merges them into happenings and attaches the
article's times (``rashomon.dates``), places (``rashomon.places``) and figures
(``rashomon.figures``); ``ontology`` is the one event ontology (types, families, PLOVER, and
the families incidents are linked by).

The ontology loads eagerly; the stages that need spaCy load on first use, so that linking
(which reads only the ontology) stays light.
"""

from importlib import import_module
from typing import TYPE_CHECKING

from rashomon.events.ontology import ONTOLOGY, ONTOLOGY_VERSION, EventDefinition, plover_type

if TYPE_CHECKING:
    from rashomon.events.assemble import extract_events
    from rashomon.events.triggers import find_triggers

_LAZY = {"extract_events": "rashomon.events.assemble", "find_triggers": "rashomon.events.triggers"}

__all__ = [
    "ONTOLOGY",
    "ONTOLOGY_VERSION",
    "EventDefinition",
    "extract_events",
    "find_triggers",
    "plover_type",
]


def __getattr__(name: str) -> object:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
