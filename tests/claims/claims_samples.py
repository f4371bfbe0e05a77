"""Helpers for the claims tests: run attribution + claims on a tiny fictional text."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language

from rashomon.attribution import find_attributions, load_lexicon, resolve_claimants
from rashomon.claims import extract_claims, load_claim_lexicon
from rashomon.model import Article, Attribution, Claim, Claimant, Part, PartKind
from rashomon.parse import ParsedArticle

CUES = load_lexicon()
LEXICON = load_claim_lexicon()


@dataclass(frozen=True)
class Result:
    parsed: ParsedArticle
    attributions: list[Attribution]
    claimants: list[Claimant]
    claims: list[Claim]

    def outlet(self) -> list[Claim]:
        return [c for c in self.claims if c.claimant_id == "outlet"]

    def containing(self, words: str) -> Claim:
        found = [c for c in self.claims if words in c.text.text]
        assert len(found) == 1, [c.text.text for c in self.claims]
        return found[0]


def parts_of(text: str, *layout: tuple[PartKind, str, int]) -> tuple[Part, ...]:
    """Parts from (kind, a piece of its text, comment index); each piece found in order."""
    parts = []
    at = 0
    for kind, piece, index in layout:
        start = text.index(piece, at)
        parts.append(Part(kind, start, start + len(piece), index))
        at = start + len(piece)
    return tuple(parts)


def analyse(nlp: Language, text: str, parts: tuple[Part, ...] | None = None) -> Result:
    article = Article(id="t", text=text, parts=parts or (Part(PartKind.BODY, 0, len(text)),))
    return analyse_article(nlp, article)


def analyse_article(nlp: Language, article: Article) -> Result:
    parsed = ParsedArticle(article, nlp(article.text))
    attributions, claimants = resolve_claimants(parsed, find_attributions(parsed, lexicon=CUES))
    claims = extract_claims(parsed, attributions, claimants, lexicon=LEXICON)
    return Result(parsed, attributions, claimants, claims)
