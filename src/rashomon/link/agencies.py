"""Which news agency a text names as its origin: "(AFP)", "BSS/AFP", "— Reuters", "(AP) —"."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rashomon.model import Article, PartKind

# canonical name -> the ways a text names it (acronyms are matched case-sensitively)
AGENCY_NAMES: dict[str, tuple[str, ...]] = {
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "AP": ("AP", "Associated Press"),
    "Reuters": ("Reuters", "REUTERS"),
    "NAN": ("NAN", "News Agency of Nigeria"),
    "The Canadian Press": ("The Canadian Press", "Canadian Press"),
    "PA": ("PA Media", "Press Association"),
    "Xinhua": ("Xinhua",),
    "Anadolu": ("Anadolu Agency", "Anadolu"),
    "dpa": ("dpa", "Deutsche Presse-Agentur"),
    "EFE": ("EFE",),
    "ANI": ("ANI", "Asian News International"),
    "PTI": ("PTI", "Press Trust of India"),
    "IANS": ("IANS",),
    "UPI": ("UPI", "United Press International"),
    "Kyodo": ("Kyodo",),
    "Yonhap": ("Yonhap",),
    "WAFA": ("WAFA",),
    "Bloomberg": ("Bloomberg",),
}
_ALTERNATION = "|".join(
    sorted((re.escape(n) for names in AGENCY_NAMES.values() for n in names), key=len, reverse=True)
)
_CANONICAL = {name: agency for agency, names in AGENCY_NAMES.items() for name in names}
_TAG = rf"\((?:[A-Za-z]{{2,8}}\s*/\s*)*(?P<name>{_ALTERNATION})\)"
# a dateline at a line start: "GAZA CITY (AFP) -", "(AP) —", "WASHINGTON, Oct 19 (Reuters):"
_DATELINE = re.compile(rf"^(?:[A-Z][A-Za-z0-9 .,'’-]{{0,40}}?\s*)?{_TAG}\s*[—–:-]", re.MULTILINE)
# a sign-off at the very end of the story: "... by Islamic Jihad. (BSS/AFP)", "— Reuters"
_SIGNOFF = re.compile(rf"(?:{_TAG}|[—–-]+\s*(?P<dash>{_ALTERNATION}))\W*\Z")
_COPYRIGHT = re.compile(rf"(?:©|Copyright)\s*(?:\d{{4}}\s*)?(?:The\s+)?(?P<name>{_ALTERNATION})")
_MENTION = re.compile(rf"(?<![\w/-])(?P<name>{_ALTERNATION})(?![\w-])")
_SCANNED_PARTS = frozenset(PartKind) - {PartKind.CAPTION, PartKind.COMMENT, PartKind.COMMENT_META}


@dataclass(frozen=True, slots=True)
class AgencyEvidence:
    """Agencies an article names: in credit tags (strong) and anywhere else (mentions)."""

    tagged: Counter[str]
    mentioned: Counter[str]


def agency_evidence(article: Article) -> AgencyEvidence:
    """Agencies named by an article's text (captions and comments left out), byline and
    outlet field."""
    pieces = [article.text[p.start : p.end] for p in article.parts if p.kind in _SCANNED_PARTS] or [
        article.text
    ]
    tagged: Counter[str] = Counter()
    mentioned: Counter[str] = Counter()
    for piece in pieces:
        for pattern in (_DATELINE, _COPYRIGHT):
            tagged.update(_CANONICAL[m.group("name")] for m in pattern.finditer(piece))
        mentioned.update(_CANONICAL[m.group("name")] for m in _MENTION.finditer(piece))
    ending = _SIGNOFF.search(pieces[-1].rstrip())
    if ending is not None:
        tagged[_CANONICAL[ending.group("name") or ending.group("dash")]] += 1
    for field in (article.byline, article.outlet):
        # "Manila Bulletin (AFP)", "By The Canadian Press": the page credits the agency
        tagged.update(_CANONICAL[m.group("name")] for m in _MENTION.finditer(field or ""))
    return AgencyEvidence(tagged=tagged, mentioned=mentioned)


def detect_agency(article: Article) -> str | None:
    """The agency an article credits in a dateline, sign-off, copyright line, byline or
    outlet field; None when it credits none, or two equally."""
    evidence = agency_evidence(article)
    return choose_agency([AgencyEvidence(tagged=evidence.tagged, mentioned=Counter())])


def choose_agency(evidence: Iterable[AgencyEvidence]) -> str | None:
    """One agency for a group of copies: the most credited in tags (a tie gives None); with
    no tags, the only agency the texts mention at all."""
    tagged: Counter[str] = Counter()
    mentioned: Counter[str] = Counter()
    for item in evidence:
        tagged.update(item.tagged)
        mentioned.update(item.mentioned)
    if tagged:
        ranked = tagged.most_common(2)
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            return ranked[0][0]
        return None
    if len(mentioned) == 1:
        return next(iter(mentioned))
    return None
