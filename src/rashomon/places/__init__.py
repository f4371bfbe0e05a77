"""Places stage: place mentions geocoded offline.

``extract``: an article's place mentions, resolved with ambiguity handled.
``gazetteer``: the packaged GeoNames index and the curated place table it is read with
(``rashomon/data/gazetteer.sqlite``, ``rashomon/data/places.en.v1.csv``).
"""

from rashomon.places.extract import extract_places
from rashomon.places.gazetteer import Gazetteer, GazetteerEntry, load_curated, normalise_name

__all__ = ["Gazetteer", "GazetteerEntry", "extract_places", "load_curated", "normalise_name"]
