"""ingest: files, directories, stdin, JSON Lines corpora and URLs to ``Article``s.

The first stage. Every reader returns ``rashomon.model.Article`` with character-offset
``parts`` (title, byline, caption, body, comments...) or raises ``InputError`` with a
code from ``rashomon.errors``; ``read_inputs`` turns those errors into ``Skipped`` records
so one bad input never stops a batch.
"""

from rashomon.ingest.html import read_html
from rashomon.ingest.ids import article_id
from rashomon.ingest.inputs import read_inputs
from rashomon.ingest.jsonl import read_jsonl
from rashomon.ingest.language import LanguageDetector
from rashomon.ingest.parts import segment_parts
from rashomon.ingest.text import read_text
from rashomon.ingest.url import fetch_url

__all__ = [
    "LanguageDetector",
    "article_id",
    "fetch_url",
    "read_html",
    "read_inputs",
    "read_jsonl",
    "read_text",
    "segment_parts",
]
