"""Describe the source span of an attribution: who it names, with role and affiliation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from spacy.tokens import Doc, Span, Token

from rashomon.attribution.claimant_words import (
    GROUP_ROLE_NOUNS,
    PRONOUNS_GROUP,
    PRONOUNS_PERSON,
    ROLE_NOUNS,
    STATEMENT_NOUNS,
    type_from_words,
)
from rashomon.attribution.spans import doc_text
from rashomon.model import ClaimantType

NAME_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE", "FAC"})
SKIP_DEPS = frozenset({"det", "punct", "case", "cc", "relcl", "acl", "predet", "advmod"})
RELATIVE_WORDS = frozenset({"who", "which", "that"})
EVIDENCE_NOUNS = frozenset({"video", "footage", "image", "images", "photo", "picture"})
PART_OF_NOUNS = frozenset({"wing", "arm", "part", "branch", "unit", "division", "affiliate"})
# the parts of a body that speak for it: "the press service of the prosecutor's office"
OWNED_PART_NOUNS = frozenset(
    {"service", "office", "department", "directorate", "bureau", "centre", "center", "desk"}
)


class MentionKind(StrEnum):
    NAMED = "named"
    PRONOUN = "pronoun"
    ROLE = "role"  # "the spokesman", "the group": refers back to a named claimant
    ANONYMOUS = "anonymous"  # "a military analyst", "officials"


@dataclass(frozen=True, slots=True)
class Mention:
    """What a source span says about its speaker."""

    start: int
    end: int
    text: str
    kind: MentionKind
    name: str
    type: ClaimantType
    role: str | None = None
    affiliation: str | None = None
    part_of: str | None = None
    head: str = ""  # lowercased head word ("spokesman", "he", "hagari")


def clean_name(text: str) -> str:
    """Strip determiners, possessive endings, quotes and edge punctuation from a name."""
    text = re.sub(r"[’']s\b$", "", text.strip())
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.IGNORECASE)
    return text.strip(' ,.;:“”"‘’()').strip()


def _words(tokens: list[Token]) -> str:
    """The tokens' text; a space wherever tokens were skipped between them."""
    out = ""
    for k, token in enumerate(tokens):
        if k and not out.endswith(" ") and token.i != tokens[k - 1].i + 1:
            out += " "
        out += token.text + (token.whitespace_ if k < len(tokens) - 1 else "")
    return clean_name(re.sub(r"\s+", " ", out))


def _name_tokens(root: Token) -> list[Token]:
    """The proper-noun name around ``root``: compounds, flat names, possessors, "of X" parts."""
    keep: set[int] = {root.i}
    for child in root.children:
        if child.dep_ in ("compound", "poss", "amod", "nmod", "nummod") and child.i < root.i:
            keep |= {t.i for t in child.subtree if t.dep_ not in ("det", "punct")}
            if child.dep_ == "poss":
                keep |= {t.i for t in child.subtree if t.dep_ == "case"}
        elif child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and objects[0].pos_ == "PROPN" and root.pos_ == "PROPN":
                keep |= {t.i for t in child.subtree}
    doc = root.doc
    lo, hi = min(keep), max(keep)
    # keep hyphenated names whole ("Al-Qassam"): punctuation inside the range stays
    return [doc[i] for i in range(lo, hi + 1) if doc[i].dep_ != "det" or i > lo]


def _person_entity(doc: Doc, span: Span) -> Span | None:
    """The first PERSON entity inside ``span`` (read from the tokens: linear in the span)."""
    for token in span:
        if token.ent_iob_ != "B" or token.ent_type_ != "PERSON":
            continue
        end = token.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        if end <= span.end:
            return Span(doc, token.i, end, label="PERSON")
    return None


def _clause_tokens(tokens: list[Token]) -> set[int]:
    """Tokens inside relative clauses and other clauses hanging on the phrase."""
    inside: set[int] = set()
    for token in tokens:
        if token.dep_ in ("relcl", "acl", "advcl"):
            inside |= {t.i for t in token.subtree}
    return inside


def _plain_phrase(span: Span) -> str:
    """The noun phrase without clauses and adverbs ("a surgeon there, who ..." -> "surgeon")."""
    tokens = list(span)
    skip = _clause_tokens(tokens)
    kept = [t for t in tokens if t.i not in skip and t.dep_ not in ("advmod", "punct")]
    return clean_name(_words(kept)) if kept else clean_name(span.text)


def _role_of(tokens: list[Token], exclude: set[int]) -> str | None:
    exclude = exclude | _clause_tokens(tokens)
    words = [t for t in tokens if t.i not in exclude and t.dep_ not in SKIP_DEPS]
    words = [t for t in words if t.pos_ != "PUNCT"]
    if not words:
        return None
    role = _words(words)
    return role or None


def _affiliation(role: str | None) -> str | None:
    """ "Israeli military spokesman" -> "Israeli military": the modifiers of the role noun."""
    if not role:
        return None
    words = role.split()
    if len(words) >= 2 and words[-1].lower() in ROLE_NOUNS:
        return " ".join(words[:-1])
    match = re.search(r"\bof (?:the )?(.+)$", role)
    if match and words[0].lower() in ROLE_NOUNS | GROUP_ROLE_NOUNS | PART_OF_NOUNS:
        return match.group(1)
    return None


def _part_of(appos: Token) -> str | None:
    """ "the military wing of ... Hamas" -> "Hamas"."""
    if appos.lemma_.lower() not in PART_OF_NOUNS:
        return None
    for child in appos.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return _words(_name_tokens(objects[0]))
    return None


def _titled_person(tokens: list[Token]) -> tuple[str, str] | None:
    """ "Opposition lawmaker Vera Stanek" -> ("Vera Stanek", "Opposition lawmaker"): a role
    noun followed by two or more capitalised words is a titled person the tagger missed."""
    words = [t for t in tokens if not t.is_punct]
    # the last role noun: "Kharkiv Mayor Ihor Terekhov", "Secretary General Antonio Guterres"
    k = max((i for i, t in enumerate(words[:-2]) if t.lower_ in ROLE_NOUNS), default=None)
    if k is None:
        return None
    rest = words[k + 1 :]
    if len(rest) >= 2 and all(t.text[:1].isupper() and t.pos_ == "PROPN" for t in rest):
        if type_from_words([t.text for t in rest]) is not None:
            return None  # "spokesman Al-Qassam Brigades": a group, not a person
        return _words(rest), _words(words[: k + 1])
    return None


def _title_inside(tokens: list[Token]) -> tuple[str, str] | None:
    """ "Kharkiv Mayor Ihor Terekhov" -> ("Ihor Terekhov", "Kharkiv Mayor"): a person entity
    that starts with a title (a role noun, in any case) before two or more name words."""
    words = [t for t in tokens if not t.is_punct]
    last_role = max((k for k, t in enumerate(words) if t.lower_ in ROLE_NOUNS), default=None)
    if last_role is None or len(words) - last_role - 1 < 2:
        return None
    rest = words[last_role + 1 :]
    if not all(t.text[:1].isupper() for t in rest):
        return None
    return clean_name(_words(rest)), _words(words[: last_role + 1])


def describe(doc: Doc, start: int, end: int) -> Mention | None:
    """Describe the speaker named by doc.text[start:end] (None when it names nobody)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    root = span.root
    text = doc_text(doc)[start:end]
    lower = root.lower_
    if len(span) == 1 and lower in RELATIVE_WORDS and root.head.dep_ == "relcl":
        # "the government who had vowed": the antecedent speaks
        antecedent = root.head.head
        first = min(t.idx for t in antecedent.subtree if t.i < root.i)
        last = max(t.i for t in antecedent.subtree if t.i < root.i and not t.is_punct)
        return describe(doc, first, doc[last].idx + len(doc[last]))
    if len(span) == 1 and (lower in PRONOUNS_PERSON or lower in PRONOUNS_GROUP):
        kind_type = ClaimantType.PERSON if lower in PRONOUNS_PERSON else ClaimantType.ORGANISATION
        return Mention(start, end, text, MentionKind.PRONOUN, lower, kind_type, head=lower)
    # "Al-Qassam's statement", "the initial Hamas statements", "a statement from X"
    if lower in STATEMENT_NOUNS or root.lemma_.lower() in STATEMENT_NOUNS:
        for child in root.children:
            if child.dep_ == "poss" or (child.dep_ == "compound" and child.pos_ == "PROPN"):
                inner = describe(doc, child.left_edge.idx, child.idx + len(child.text))
                if inner is not None:
                    return Mention(
                        start,
                        end,
                        text,
                        inner.kind,
                        inner.name,
                        inner.type,
                        inner.role,
                        inner.affiliation,
                        inner.part_of,
                        inner.head,
                    )
            if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    obj = objects[0]
                    inner = describe(
                        doc, obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge)
                    )
                    if inner is not None:
                        return inner
        if lower in EVIDENCE_NOUNS or root.lemma_.lower() in EVIDENCE_NOUNS:
            return None  # "the video ... asking to go home": footage is not a speaker
        if root.tag_ == "NNS" and not any(c.dep_ in ("det", "poss") for c in root.children):
            # "news reports said", "initial reports stated": unnamed sources, not a group's
            # statement: an anonymous claimant named as written
            return Mention(
                start,
                end,
                text,
                MentionKind.ANONYMOUS,
                _plain_phrase(span),
                ClaimantType.ANONYMOUS_SOURCE,
                role=_plain_phrase(span),
                head=lower,
            )
        # "the assessment states": the latest group that spoke, if any (resolved later)
        return Mention(
            start,
            end,
            text,
            MentionKind.ROLE,
            clean_name(text),
            ClaimantType.ORGANISATION,
            head=root.lemma_.lower(),
        )
    person = _person_entity(doc, span)
    appositions = [c for c in root.children if c.dep_ == "appos"]
    if (
        person is not None
        and type_from_words([t.text for t in person]) is None
        and (
            root.i in range(person.start, person.end)
            or lower in ROLE_NOUNS
            or any(a.i in range(person.start, person.end) for a in appositions)
        )
    ):
        name = clean_name(person.text)
        inside = set(range(person.start, person.end))
        described = [a for a in appositions if a.i not in inside] or [
            a for a in root.children if a.dep_ == "appos" and a.i not in inside
        ]
        role: str | None
        if root.i in inside and described:
            # "Colonel Anton Wexler, the army spokesman": the apposition is the role
            role = _words([t for t in described[0].subtree if t.dep_ not in ("det", "punct")])
        elif root.i not in inside:
            # "The ministry's spokeswoman, Dr. Irena Kolar": the head noun phrase is the role
            role = _role_of([t for t in span if t.i <= root.i], inside)
        else:
            role = _role_of(list(span), inside)
        titled = _title_inside(list(person))
        if titled is not None:
            # "Kharkiv Mayor Ihor Terekhov" read as one name: the title is a role
            name, title = titled
            role = title if not role or role == name or title in role else f"{title}, {role}"
        return Mention(
            start,
            end,
            text,
            MentionKind.NAMED,
            name,
            ClaimantType.PERSON,
            role=role,
            affiliation=_affiliation(role),
            head=name.split()[-1].lower() if name else lower,
        )
    if root.pos_ == "PROPN" or root.ent_type_ in NAME_ENTS:
        name_tokens = _name_tokens(root)
        name = _words(name_tokens)
        titled = _titled_person(name_tokens)
        if titled is not None:
            person_name, title = titled
            return Mention(
                start,
                end,
                text,
                MentionKind.NAMED,
                person_name,
                ClaimantType.PERSON,
                role=title,
                affiliation=_affiliation(title),
                head=person_name.split()[-1].lower(),
            )
        group_role: str | None = None
        part_of = None
        for appos in appositions:
            group_role = _words([t for t in appos.subtree if t.dep_ not in ("det", "punct")])
            part_of = _part_of(appos)
        words = [t.text for t in name_tokens]
        claimant_type = type_from_words(words)
        owner = next((c for c in root.children if c.dep_ == "poss"), None)
        if owner is not None and part_of is None:
            # "Al-Qassam's Military Media": a part of its owner, and of the owner's kind
            inner = describe(doc, owner.left_edge.idx, owner.idx + len(owner.text))
            if inner is not None and inner.kind is MentionKind.NAMED:
                if inner.type is ClaimantType.PERSON:
                    return Mention(
                        start,
                        end,
                        text,
                        MentionKind.NAMED,
                        name,
                        claimant_type or ClaimantType.ORGANISATION,
                        affiliation=inner.name,
                        head=lower,
                    )
                part_of = inner.name
                if claimant_type is None or inner.type is ClaimantType.ARMED_GROUP:
                    claimant_type = inner.type
        if claimant_type is None:
            claimant_type = _type_from_entity(root)
        return Mention(
            start,
            end,
            text,
            MentionKind.NAMED,
            name,
            claimant_type,
            role=group_role,
            affiliation=None,
            part_of=part_of,
            head=lower,
        )
    # common-noun heads
    of_owner = _of_owner(root, start + len(text))
    if of_owner is not None:
        owned = _owned(start, end, text, root, of_owner)
        if owned is not None:
            return owned
    det = next((c for c in root.children if c.dep_ in ("det", "poss")), None)
    modifiers = [t for t in span if t.i < root.i and t.dep_ in ("amod", "compound", "nmod", "poss")]
    noun_phrase = _words([*modifiers, root]) if modifiers else root.text
    if det is not None and det.dep_ == "poss":
        possessor = describe(doc, det.left_edge.idx, det.idx + len(det.text))
        claimant_type = type_from_words([t.text for t in span]) or ClaimantType.ORGANISATION
        if possessor is not None and possessor.kind is MentionKind.NAMED:
            is_person = possessor.type is ClaimantType.PERSON
            return Mention(
                start,
                end,
                text,
                MentionKind.NAMED,
                _words(list(span)),
                claimant_type,
                affiliation=possessor.name if is_person else None,
                part_of=None if is_person else possessor.name,
                head=lower,
            )
    definite = det is None or det.lower_ in ("the", "this", "that", "these", "those")
    plural = root.tag_ in ("NNS", "NNPS")
    claimant_type = type_from_words([t.text for t in span])
    if lower in ROLE_NOUNS:
        if definite and not (det is None and plural):
            return Mention(
                start,
                end,
                text,
                MentionKind.ROLE,
                noun_phrase,
                ClaimantType.PERSON,
                role=noun_phrase,
                affiliation=_affiliation(noun_phrase),
                head=lower,
            )
        return Mention(
            start,
            end,
            text,
            MentionKind.ANONYMOUS,
            _plain_phrase(span),
            ClaimantType.ANONYMOUS_SOURCE,
            role=noun_phrase,
            affiliation=_affiliation(noun_phrase),
            head=lower,
        )
    if lower in GROUP_ROLE_NOUNS and definite:
        return Mention(
            start, end, text, MentionKind.ROLE, noun_phrase, ClaimantType.ORGANISATION, head=lower
        )
    if claimant_type is not None:
        # "the army", "the Israeli military", "the health ministry"
        return Mention(start, end, text, MentionKind.NAMED, noun_phrase, claimant_type, head=lower)
    if definite:
        return Mention(
            start,
            end,
            text,
            MentionKind.NAMED,
            noun_phrase,
            ClaimantType.ORGANISATION if plural else ClaimantType.ANONYMOUS_SOURCE,
            head=lower,
        )
    return Mention(
        start,
        end,
        text,
        MentionKind.ANONYMOUS,
        _plain_phrase(span),
        ClaimantType.ANONYMOUS_SOURCE,
        role=noun_phrase,
        head=lower,
    )


def _of_owner(root: Token, end: int) -> list[Token] | None:
    """ "the press service of Kharkiv Regional Prosecutor's Office", "the mayor of Kharkiv
    Ihor Terekhov", "spokesman for the Security Service Artem D.": the named body or place
    a common noun belongs to, through "of" or "for"."""
    of = next((c for c in root.children if c.dep_ == "prep" and c.lower_ in ("of", "for")), None)
    if of is None:
        return None
    obj = next((c for c in of.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    if obj.pos_ != "PROPN":
        # "the armed wing of militant group Hamas": the name right after the noun
        after: list[Token] = []
        for token in obj.doc[obj.i + 1 :]:
            if token.pos_ != "PROPN" or token.idx >= end:
                break
            after.append(token)
        if after:
            return after
    tokens = [t for t in obj.subtree if t.dep_ not in ("det", "punct", "cc", "conj")]
    tokens = [t for t in tokens if t.i <= max(t.i for t in _name_tokens(obj)) and t.idx < end]
    named = obj.pos_ == "PROPN" or obj.ent_type_ in NAME_ENTS
    if not named and type_from_words([t.text for t in tokens]) is None:
        # "the head of the Donetsk regional military administration": keep looking down
        return _of_owner(obj, end)
    return tokens or None


def _trailing_person(tokens: list[Token]) -> tuple[list[Token], list[Token]] | None:
    """ "Kharkiv Ihor Terekhov" -> (Kharkiv, Ihor Terekhov): a place or body named before
    a person's first name and surname that the tagger read as one name."""
    words = [t for t in tokens if not t.is_punct]
    if len(words) < 3 or not all(t.text[:1].isupper() for t in words[-2:]):
        return None
    person = words[-2:]
    if type_from_words([t.text for t in person]) is not None:
        return None
    if any(t.ent_type_ == "PERSON" for t in person) or words[-3].ent_type_ in ("GPE", "ORG", "LOC"):
        return words[:-2], person
    if type_from_words([t.text for t in words[:-2]]) is not None:
        return words[:-2], person
    return None


def _owned(start: int, end: int, text: str, root: Token, owner: list[Token]) -> Mention | None:
    """A role or part of a named owner: a person holding the role when one is named at the
    end, else the role's holder (unnamed) or the part (a press service, a wing)."""
    lower = root.lower_
    modifiers = [t for t in root.lefts if t.dep_ in ("amod", "compound", "nmod")]
    noun = _words([*modifiers, root])
    split = _trailing_person(owner)
    if lower in ROLE_NOUNS and split is not None:
        body, person = split
        name = _words(person)
        role = f"{noun} of {_words(body)}"
        return Mention(
            start,
            end,
            text,
            MentionKind.NAMED,
            name,
            ClaimantType.PERSON,
            role=role,
            affiliation=_words(body),
            head=person[-1].lower_,
        )
    owner_name = _words(owner)
    if lower in ROLE_NOUNS:
        return None  # "the spokesman of the ministry": the role rules below
    if lower in GROUP_ROLE_NOUNS or lower in PART_OF_NOUNS or lower in OWNED_PART_NOUNS:
        claimant_type = type_from_words([t.text for t in owner]) or ClaimantType.ORGANISATION
        return Mention(
            start,
            end,
            text,
            MentionKind.NAMED,
            f"{noun} of {owner_name}",
            claimant_type,
            part_of=owner_name,
            head=lower,
        )
    return None


def _type_from_entity(token: Token) -> ClaimantType:
    label = token.ent_type_
    if label == "PERSON":
        return ClaimantType.PERSON
    if label == "GPE":
        return ClaimantType.GOVERNMENT_BODY
    return ClaimantType.ORGANISATION
