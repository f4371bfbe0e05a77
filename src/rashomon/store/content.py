"""The identity of a stored text, without the database code (a batch worker needs it)."""

from __future__ import annotations

import hashlib


def content_hash(text: str) -> str:
    """SHA-256 (hex) of ``text`` with whitespace normalised: the same text is the same article.

    Leading and trailing whitespace is dropped and every run of whitespace counts as one
    space (as for ``rashomon.ingest.article_id``). The store hashes the text it is given,
    which the pipeline has already redacted: hash ``redact_article(article).text`` to ask
    ``Store.has_article`` before analysing.
    """
    canonical = " ".join(text.split())
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
