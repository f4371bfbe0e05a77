"""Read a count's category and victim group from the dependency parse around it.

``read_count(tokens)`` takes the tokens of one count (as ``find_quantities`` found it) and
returns what the sentence says happened to what it counts, or None when it is no casualty
figure. The rules, in order:

1. The counted noun: the noun the count modifies ("471 *people*"), or the "of" noun of a
   vague word ("dozens of *bodies*"); it must name people (``PERSON_NOUNS``, a nationality,
   a pronoun), else the count is dropped ("17 rockets", "three weeks").
2. Words on the count or its noun: "471 *killed*", "300 *dead*", "314 people *with various
   injuries*", "28 *critical* cases", "people *who were killed*".
3. Its role: passive subject or active object of a category verb ("were killed",
   "killing hundreds"), subject of an intransitive one or of a participle ("died",
   "314 wounded"), through raising verbs ("are said to be in critical condition", "were
   reported killed", "left hundreds dead"), the "of" noun of a nominalisation ("the killing
   of an Israeli soldier"), the value of a toll ("the death toll rose to 44", "put the
   number of dead at more than 60"). Coordinated verbs sharing the count merge: "were
   killed and wounded" is killed_or_wounded.
4. The words right after the count ("Over 300 Killed"), for parses that go astray.
5. The counted noun itself: "471 martyrs", "300 casualties", "240 hostages".

A negated verb ("were not killed") gives no figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from rashomon.figures.words import (
    AFTER_COUNT,
    CASE_NOUNS,
    CASUALTY_NOUNS,
    GROUPS,
    INTRANSITIVE,
    MODALS,
    NOMINALISATIONS,
    NOT_GROUPS,
    PASSIVE_ONLY,
    PERSON_NOUNS,
    PREDICATES,
    RAISING,
    SKIP_AFTER_COUNT,
    TOLL_NOUNS,
    TOLL_WORDS,
    TRANSPARENT_NOUNS,
)
from rashomon.model import FigureCategory

_MODIFIER_DEPS = frozenset({"nummod", "quantmod", "amod", "compound", "det", "nmod"})
_ROLE_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr"})
_RAISING_DEPS = frozenset({"acomp", "oprd", "xcomp", "attr"})
_CONDITION_WORDS = frozenset({"critical", "serious", "stable", "grave"})
_MAX_CLIMB = 6
_VALUE_PREPOSITIONS = frozenset({"to", "at", "around", "about", "of", "above", "over", "past"})
_TOLL_WINDOW = 6


@dataclass(frozen=True, slots=True)
class Reading:
    """What a count counts: its category, the victim group, and the words that said so."""

    category: FigureCategory
    victim_group: str | None
    noun: Token | None  # the counted noun, if any
    trigger: Token | None  # the word that gave the category
    merged: tuple[Token, ...] = ()  # coordinated category words merged in ("and wounded")


def _lemma(token: Token) -> str:
    return str(token.lemma_).lower()


def _lower(token: Token) -> str:
    return str(token.text).lower()


def _is_nominal(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN", "PRON", "NUM")


def is_people_noun(token: Token) -> bool:
    """Whether a noun names people: listed, a nationality ("Palestinians"), or a pronoun."""
    if token.pos_ == "PRON":
        return True
    if _lemma(token) in PERSON_NOUNS or _lower(token) in PERSON_NOUNS:
        return True
    if token.ent_type_ == "NORP":
        return True
    return token.tag_ == "NNPS" and _lower(token).endswith(("ans", "is", "ese"))


def _may_count_people(token: Token) -> bool:
    """Whether a nominal the count passes through can stand for people or their toll."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return True
    lemma = _lemma(token)
    known = CASUALTY_NOUNS.keys() | CASE_NOUNS | TOLL_NOUNS | TRANSPARENT_NOUNS
    return lemma in known or is_people_noun(token)


def victim_group(token: Token) -> str | None:
    """The normal group name of a victim noun: "troops" -> "soldiers", "Israelis"."""
    if token.pos_ == "PRON":
        return None
    lemma = _lemma(token)
    if lemma in GROUPS:
        return GROUPS[lemma]
    if lemma in NOT_GROUPS:
        return None
    if token.pos_ == "PROPN" or token.ent_type_ == "NORP":
        name = str(token.text)
        return name if name.endswith("s") else name + "s"
    return _lower(token) if token.tag_ == "NNS" else lemma + "s"


def _negated(token: Token) -> bool:
    return any(child.dep_ == "neg" for child in token.children)


def is_unreal(verb: Token) -> bool:
    """A verb of an aim, a plan or a future, not of something that happened: "will be
    released", "an attempt to free one of them", "aimed at releasing a prisoner". A modal
    with "have" ("may have been killed") and raising ("said to be") stay real."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    auxiliaries = [_lemma(c) for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a in MODALS for a in auxiliaries) and "have" not in auxiliaries:
        return True
    if any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children):
        return _lemma(verb.head) not in RAISING  # "said to be" is real, "tried to free" not
    if verb.dep_ == "pcomp" and verb.tag_ == "VB" and _lower(verb.head) == "to":
        return True  # "advance to free one of the prisoners"
    return verb.tag_ == "VBG" and verb.dep_ == "pcomp" and _lower(verb.head) in ("at", "for")


def _predicate(token: Token) -> FigureCategory | None:
    return PREDICATES.get(_lemma(token)) or PREDICATES.get(_lower(token))


def _is_passive(verb: Token) -> bool:
    return any(child.dep_ in ("auxpass", "nsubjpass") for child in verb.children)


def _is_perfect(verb: Token) -> bool:
    return any(child.dep_ == "aux" and _lemma(child) == "have" for child in verb.children)


def _condition(token: Token) -> FigureCategory | None:
    """ "in critical condition" under ``token``: wounded."""
    for prep in token.children:
        if prep.dep_ != "prep" or _lower(prep) != "in":
            continue
        for obj in prep.children:
            modifiers = {_lower(c) for c in obj.children}
            if _lemma(obj) == "condition" and modifiers & _CONDITION_WORDS:
                return FigureCategory.WOUNDED
    return None


def _held(verb: Token) -> FigureCategory | None:
    """ "taken hostage", "held captive": captured."""
    if _lemma(verb) not in ("take", "hold", "keep"):
        return None
    for child in verb.children:
        if _lemma(child) in ("hostage", "captive", "prisoner") and child.dep_ != "nsubj":
            return FigureCategory.CAPTURED
    return None


def _raised(verb: Token, depth: int = 0) -> tuple[FigureCategory, Token] | None:
    """A category below a raising or copular verb: "are feared dead", "were reported
    killed", "are said to be in critical condition", "left hundreds dead"."""
    condition = _condition(verb)
    if condition is not None:
        return condition, verb
    if depth > 2:
        return None
    for child in verb.children:
        if child.dep_ not in _RAISING_DEPS or _negated(child):
            continue
        category = _predicate(child) or _held(child)
        if category is not None:
            return category, child
        deeper = _raised(child, depth + 1)
        if deeper is not None:
            return deeper
    return None


def _has_own_argument(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in verb.children)


def _merge_conjuncts(verb: Token, category: FigureCategory) -> FigureCategory:
    """ "were killed and wounded": killed_or_wounded when the second verb shares the count."""
    categories = {category}
    for other in verb.conjuncts:
        other_category = _predicate(other)
        if other_category is None or _negated(other):
            continue
        if other.i > verb.i and _has_own_argument(other):
            continue
        if other.i < verb.i and _has_own_argument(verb):
            continue
        categories.add(other_category)
    if categories == {FigureCategory.KILLED, FigureCategory.WOUNDED}:
        return FigureCategory.KILLED_OR_WOUNDED
    return category


def _merge_words(word: Token, category: FigureCategory) -> FigureCategory:
    """ "6,000 dead and wounded": a category word coordinated with another."""
    categories = {category} | {
        AFTER_COUNT[_lower(c)] for c in word.conjuncts if _lower(c) in AFTER_COUNT
    }
    if categories == {FigureCategory.KILLED, FigureCategory.WOUNDED}:
        return FigureCategory.KILLED_OR_WOUNDED
    return category


def _verb_role(verb: Token, role: str) -> tuple[FigureCategory, Token] | None:
    """The category a verb (or adjective) gives to its argument in ``role``: the passive
    subject, the active object, the subject of an intransitive verb, an adjective or a bare
    participle ("314 wounded"); never the agent ("three gunmen killed two")."""
    if _negated(verb):
        return None
    category = _predicate(verb) or _held(verb)
    if category is None:
        return _raised(verb) if role in ("nsubj", "nsubjpass", "dobj") else None
    if role == "nsubjpass":
        fits = True
    elif role == "dobj":
        fits = not _is_passive(verb) and _lemma(verb) not in PASSIVE_ONLY
    elif role == "nsubj":
        bare_participle = verb.tag_ == "VBN" and not _is_perfect(verb) and not _has_dobj(verb)
        intransitive = _lemma(verb) in INTRANSITIVE or _lower(verb) in INTRANSITIVE
        fits = intransitive or verb.pos_ == "ADJ" or bare_participle
    else:
        fits = False
    return (_merge_conjuncts(verb, category), verb) if fits else None


def _has_dobj(verb: Token) -> bool:
    return any(c.dep_ == "dobj" for c in verb.children)


def toll_category(noun: Token, *, previous_sentence: bool = True) -> FigureCategory | None:
    """The category of a toll noun: "death toll", "number of dead", "figure of injured"."""
    for child in noun.subtree:
        if child.i == noun.i:
            continue
        category = TOLL_WORDS.get(_lemma(child)) or TOLL_WORDS.get(_lower(child))
        if category is not None:
            return category
    if _lemma(noun) == "toll":
        return FigureCategory.KILLED
    return _nearby_toll_word(noun, previous_sentence=previous_sentence)


def _nearby_toll_word(noun: Token, *, previous_sentence: bool) -> FigureCategory | None:
    """For "figure", "number", "estimate" alone: the casualty word nearest before it in its
    sentence, else the last one in the sentence before ("... were killed. Estimates vary,
    with sources putting the figure at 150")."""
    sentence = noun.sent
    before = [t for t in sentence if t.i < noun.i]
    previous: list[Token] = []
    if previous_sentence and sentence.start > 0:
        previous = list(noun.doc[sentence.start - 1].sent)
    for token in reversed(previous + before):
        category = TOLL_WORDS.get(_lemma(token)) or TOLL_WORDS.get(_lower(token))
        if category is not None:
            return category
    return None


def _toll_of_verb(verb: Token) -> tuple[FigureCategory, Token] | None:
    """ "the death toll rose to 44", "put the number of dead at 60": the verb's toll noun."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and _lemma(child) in TOLL_NOUNS:
            category = toll_category(child)
            if category is not None:
                return category, child
    return None


def _toll_before(prep: Token) -> tuple[FigureCategory, Token] | None:
    """ "figures initially cited by Hamas of more than 500": "of" attached to a name by
    mistake; a toll noun a few words to the left is what the count is the value of."""
    if prep.head.pos_ != "PROPN":
        return None
    sentence_start = prep.sent.start
    for token in reversed(prep.doc[max(sentence_start, prep.i - _TOLL_WINDOW) : prep.i]):
        if _lemma(token) in TOLL_NOUNS:
            category = toll_category(token, previous_sentence=False)
            return None if category is None else (category, token)
    return None


def _modifiers(nouns: list[Token]) -> tuple[FigureCategory, Token] | None:
    """Category words on the count or its noun: "471 killed", "people with injuries"."""
    for noun in nouns:
        for child in noun.children:
            if child.dep_ in ("acl", "amod") and not _negated(child):
                category = AFTER_COUNT.get(_lower(child))
                if category is not None:
                    return _merge_words(child, category), child
            if child.dep_ == "relcl" and not _negated(child):
                relative = any(
                    c.dep_ in ("nsubj", "nsubjpass") and _lower(c) in ("who", "that", "which")
                    for c in child.children
                )
                category = _predicate(child)
                if relative and category is not None:
                    return _merge_conjuncts(child, category), child
            if child.dep_ == "prep" and _lower(child) == "with":
                for obj in child.children:
                    if _lemma(obj) in ("injury", "wound"):
                        return FigureCategory.WOUNDED, obj
        condition = _condition(noun)
        if condition is not None:
            return condition, noun
    return None


def _climb(node: Token) -> tuple[FigureCategory, Token] | None:
    """Up the parse from the counted node to the word that gives it a category. A toll
    noun passed on the way ("a total of 471 ...", "the toll of 44") is the fallback."""
    tolls: list[Token] = []
    found = _climb_from(node, tolls)
    if found is None and tolls:
        category = toll_category(tolls[-1], previous_sentence=False)
        return None if category is None else (category, tolls[-1])
    return found


def _climb_from(node: Token, tolls: list[Token]) -> tuple[FigureCategory, Token] | None:
    for _ in range(_MAX_CLIMB):
        dep, head = node.dep_, node.head
        if head.i == node.i:
            return None
        if dep in ("conj", "appos", "compound") and _is_nominal(head):
            if not _may_count_people(head):
                return None  # "1,192, a number of delegates": the count is of something else
            node = head
            continue
        if dep == "pobj":
            prep, governor = head, head.head
            word, lemma = _lower(prep), _lemma(governor)
            if word == "of" and lemma in NOMINALISATIONS:
                return NOMINALISATIONS[lemma], governor  # "the killing of a journalist"
            passes = word in ("including", "among") or (word == "of" and lemma in TOLL_NOUNS)
            if passes and governor.pos_ in ("VERB", "AUX"):
                # "13 victims were identified, including 10 employees": a part of the
                # victims the verb's subject counts
                return _among(governor)
            if passes or lemma in TRANSPARENT_NOUNS:
                if lemma in TOLL_NOUNS:
                    tolls.append(governor)
                node = governor  # "a total of 471 Palestinians were killed"
                continue
            if lemma in TOLL_NOUNS:
                category = toll_category(governor)  # "the toll stood at 44"
                return None if category is None else (category, governor)
            if word in _VALUE_PREPOSITIONS and governor.pos_ in ("VERB", "AUX"):
                return _toll_of_verb(governor)  # "the death toll rose to 44"
            return _toll_before(prep) if word == "of" else None
        if dep in _ROLE_DEPS and head.pos_ in ("VERB", "AUX", "ADJ"):
            found = _verb_role(head, dep)
            if found is None and dep in ("dobj", "attr"):
                found = _toll_of_verb(head)  # "the toll has surpassed 3,000"
            if found is None and dep == "attr":
                found = _among(head)  # "among those killed were five children"
            return found
        return None
    return None


def _victims_word(token: Token) -> tuple[FigureCategory, Token] | None:
    """ "those killed", "the dead", "victims": a phrase naming casualties, and its category."""
    category = CASUALTY_NOUNS.get(_lemma(token))
    if category is not None:
        return category, token
    if _lemma(token) == "victim":
        return FigureCategory.KILLED, token
    for child in token.children:
        if child.dep_ in ("acl", "amod", "relcl") and not _negated(child):
            category = AFTER_COUNT.get(_lower(child)) or _predicate(child)
            if category is not None:
                return category, child
    return None


def _among(verb: Token) -> tuple[FigureCategory, Token] | None:
    """A count given as part of casualties named around its verb: "Among those killed were
    five children"; "13 victims were identified, including 10 employees"."""
    for child in verb.children:
        if child.dep_ == "prep" and _lower(child) == "among":
            for obj in child.children:
                if obj.dep_ == "pobj" and (found := _victims_word(obj)) is not None:
                    return found
        if child.dep_ in ("nsubj", "nsubjpass") and (found := _victims_word(child)) is not None:
            return found
    return None


def _window(span: Span) -> tuple[FigureCategory, Token] | None:
    """The first word after the count that is not skippable, if it names a category."""
    doc = span.doc
    end = min(span.end + 5, span.sent.end)
    for token in doc[span.end : end]:
        word = _lower(token)
        if word in SKIP_AFTER_COUNT or token.pos_ in ("ADV", "PUNCT"):
            continue
        category = AFTER_COUNT.get(word)
        if category is None:
            return None
        following = doc[token.i + 1 : token.i + 3]
        if len(following) == 2 and _lower(following[0]) in ("and", "or"):
            other = AFTER_COUNT.get(_lower(following[1]))
            if {category, other} == {FigureCategory.KILLED, FigureCategory.WOUNDED}:
                return FigureCategory.KILLED_OR_WOUNDED, token  # "6,000 dead and wounded"
        return category, token
    return None


def _anchor(span: Span) -> Token:
    """The count's syntactic head: the token of the span whose head lies outside it."""
    outside = [t for t in span if not span.start <= t.head.i < span.end or t.head.i == t.i]
    numbers = [t for t in outside if t.like_num or t.pos_ == "NUM"]
    return (numbers or outside or [span[-1]])[-1]


def _of_noun(token: Token) -> Token | None:
    """The noun after "of" under a vague word or number: "dozens of *bodies*"."""
    for child in token.children:
        if child.dep_ == "prep" and _lower(child) == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def read_count(span: Span, *, singular: bool = False) -> Reading | None:
    """The category and victim group of the count ``span``, or None if it is no figure.

    ``singular``: the count is an article ("a soldier was killed"); then only a verb or
    a nominalisation can give the category, never the noun alone.
    """
    anchor = _anchor(span)
    noun: Token | None = None
    node = anchor
    if anchor.dep_ in _MODIFIER_DEPS and anchor.head.pos_ in ("NOUN", "PROPN"):
        noun = node = anchor.head
    elif (of_noun := _of_noun(anchor)) is not None:
        if any(c.dep_ == "nummod" for c in of_noun.children):
            return None  # "one of 26 people killed": a part of another count
        noun = of_noun
    if noun is not None and _lemma(noun) in TRANSPARENT_NOUNS:
        noun = None
    if noun is not None and not (
        is_people_noun(noun) or _lemma(noun) in CASUALTY_NOUNS or _lemma(noun) in CASE_NOUNS
    ):
        return None
    if node.dep_ in _ROLE_DEPS and _negated(node.head):
        return None  # "five hostages were not released"
    found = _modifiers([t for t in (anchor, noun) if t is not None])
    if found is None:
        found = _climb(node)
    if found is None and not singular:
        found = _window(span)
    if found is None and noun is not None and not singular:
        category = CASUALTY_NOUNS.get(_lemma(noun))
        if category is not None:
            found = (category, noun)
    if found is None and not singular:
        category = CASUALTY_NOUNS.get(_lemma(anchor))
        if category is not None and anchor.pos_ == "NOUN":
            found = (category, anchor)
    if found is None or is_unreal(found[1]):
        return None
    if noun is not None and _lemma(noun) in CASE_NOUNS and found[0] is not FigureCategory.WOUNDED:
        return None
    category, trigger = found
    merged: tuple[Token, ...] = ()
    if category is FigureCategory.KILLED_OR_WOUNDED and _predicate(trigger) is not None:
        merged = tuple(c for c in trigger.conjuncts if _predicate(c) is not None)
    group = victim_group(noun) if noun is not None else None
    return Reading(category, group, noun, trigger, merged)
