"""find_triggers: event mentions (a verb or a noun and its EventType) from the dependency parse.

A mention is a token whose lemma is in the ontology, typed by context where the word is
ambiguous ("seized a rifle" is a seizure, "seized the town" an attack, "seized two soldiers"
an abduction; "released a video" is evidence, "released captives" a release; "in exchange
for" is no event). Mentions of events that did not or may not happen are skipped, not
flagged: negated ("did not attack", "no one was killed"), future or modal ("will release"),
conditional ("if ... attack"), counterfactual ("instead of rescuing") and intended or
demanded ones ("aimed at releasing", "vowed to free", "called for a ceasefire",
"would ensure the release"). PLOVER's "negation" context says such events may be left out of
an event data set; ``Event`` has no flag for them. Reported events stay ("said it seized",
"claimed to have seized").
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from rashomon.actors import actor_words
from rashomon.errors import PipelineError
from rashomon.events.ontology import ONTOLOGY, Family, family_of, words
from rashomon.model import OUTLET_PARTS, EventType, PartKind, TextSpan
from rashomon.parse import ParsedArticle

Trigger = tuple[EventType, TextSpan, Token]

# Title, caption, body and subheads: the outlet's text. Bylines, sign-offs, boilerplate and
# comment metadata never hold events; reader comments are a reader's voice, not the article.
EVENT_PARTS = OUTLET_PARTS

AIR_WORDS = words(
    "air airstrike aerial aircraft airplane plane jet warplane drone helicopter aviation "
    "bomber missile airforce"
)
SHELL_WORDS = words("artillery mortar rocket shell tank howitzer cannon")
LABOUR_WORDS = words("hunger general labour labor worker union teacher doctor")
NOT_ATTACK_MODS = words("heart panic asthma anxiety cyber verbal personal")
CAPTIVE_WORDS = words("captive hostage prisoner detainee abductee")
PERSON_WORDS = (
    CAPTIVE_WORDS
    | words(
        "soldier trooper civilian people person man woman child boy girl baby infant resident "
        "fighter militant journalist reporter worker doctor nurse patient officer policeman "
        "member citizen national family teenager student farmer activist leader commander "
        "official guard settler refugee minor youth individual attacker "
        "gunman relative mother father son daughter brother sister wife husband"
    )
    | actor_words().people
)  # "an Israeli", "a Syrian"
PERSON_PRONOUNS = words("he she they him her them we us i me who whom")
PLACE_WORDS = words(
    "town city village area territory base position hill building hospital crossing "
    "neighbourhood neighborhood district region outpost checkpoint airport port camp control "
    "headquarters compound bridge road street school mosque church settlement kibbutz "
    "province enclave strip island facility post complex square"
)
EVIDENCE_WORDS = words(
    "video footage image photo photograph picture recording audio evidence clip tape videotape"
)
RESCUE_VERBS = words("free release rescue liberate recover retrieve extract")
ATTEMPT_NOUNS = words("operation mission attempt bid effort")
NEGATIONS = frozenset({"not", "n't", "n’t", "never"})
MODALS = words("will would shall should could can may might must 'll 'd wo ca ought")
# Governors whose complement did not (yet) happen: "aimed at releasing", "vowed to free".
IRREALIS_GOVERNORS = words(
    "aim attempt try seek plan intend want wish vow pledge promise threaten demand call urge "
    "hope expect ensure prepare need require refuse fail decline order propose offer agree "
    "able unable prevent avoid deny plot push press ask warn vote negotiate discuss consider "
    "reject oppose likely unlikely mean"
)
# Governors whose infinitive complement did happen (or is reported as having happened).
REALIS_GOVERNORS = words(
    "manage go continue begin start proceed claim appear seem happen say report force compel "
    "oblige allege confirm"
)
# Nouns under which an event is only talked about: "talks on a ceasefire".
IRREALIS_NOUNS = words(
    "talk negotiation deal proposal plan demand call push threat prospect hope bill "
    "resolution appeal request offer condition framework"
)
LIGHT_VERBS = words(
    "launch carry conduct stage mount begin start resume declare announce implement reach "
    "sign observe hold order happen occur take come last follow continue break erupt"
)
# Modifiers kept in a noun trigger's span: "air strike", "rescue mission", "cease-fire".
SPAN_MODS = (
    AIR_WORDS | SHELL_WORDS | CAPTIVE_WORDS | words("rescue cease death casualty gun humanitarian")
)
VICTIM_KEEP_AMOD = frozenset({EventType.KILLING, EventType.WOUNDING})

# Lemma tables from the ontology; the context rules below handle the ambiguous words.
_CONTEXT_VERBS = words(
    "release free publish post broadcast air share provide present circulate seize capture "
    "confiscate raid rescue bomb bombard fire strike hit shoot blow detonate exchange swap "
    "execute"
)
_CONTEXT_NOUNS = words(
    "fire toll taking operation mission attempt bid effort strike raid bombing bombardment "
    "release freeing liberation exchange swap pause cessation capture"
)
_VERB_TABLE = {
    lemma: row.type
    for row in ONTOLOGY.values()
    if row.family is not Family.EVIDENCE
    for lemma in row.verbs
    if lemma not in _CONTEXT_VERBS
}
_NOUN_TABLE = {
    lemma: row.type
    for row in ONTOLOGY.values()
    for lemma in row.nouns
    if lemma not in _CONTEXT_NOUNS
}
_EVIDENCE_VERBS = ONTOLOGY[EventType.EVIDENCE].verbs
ADJ_EVENT_DEPS = frozenset({"acomp", "oprd", "amod", "conj", "xcomp", "ccomp", "ROOT", "advcl"})
_ADJ_TABLE = {"wounded": EventType.WOUNDING, "injured": EventType.WOUNDING}
_KNOWN = (
    frozenset(_VERB_TABLE)
    | frozenset(_NOUN_TABLE)
    | _CONTEXT_VERBS
    | _CONTEXT_NOUNS
    | PERSON_WORDS
    | PLACE_WORDS
    | EVIDENCE_WORDS
)


def find_triggers(
    parsed: ParsedArticle, *, parts: frozenset[PartKind] = EVENT_PARTS
) -> list[Trigger]:
    """Event mentions in text order: (type, trigger span, head token).

    Needs a dependency parse with lemmas (spaCy 'parser' and 'lemmatizer'). Only tokens in
    ``parts`` count (default: title, caption, body, subheads). Pure: same parse, same list.
    """
    doc = parsed.doc
    if not doc.has_annotation("DEP"):
        raise PipelineError("find_triggers needs a dependency parse (spaCy 'parser').")
    if not doc.has_annotation("LEMMA"):
        raise PipelineError("find_triggers needs lemmas (spaCy 'lemmatizer').")
    article = parsed.article
    found: list[Trigger] = []
    for token in doc:
        if token.pos_ not in _TRIGGER_POS or not _in_parts(parsed, token, parts):
            continue  # classify finds nothing outside _TRIGGER_POS: skip the part lookup
        kind = classify(token)
        if kind is None or not _keeps_dep(token, kind) or not is_realis(token):
            continue
        start, end = _span_tokens(token)
        first, last = doc[start], doc[end]
        span_start, span_end = first.idx, last.idx + len(last.text)
        found.append(
            (kind, TextSpan(span_start, span_end, article.text[span_start:span_end]), token)
        )
    return found


def _in_parts(parsed: ParsedArticle, token: Token, parts: frozenset[PartKind]) -> bool:
    if not parsed.article.parts:
        return PartKind.BODY in parts
    part = parsed.article.part_at(token.idx)
    return part is not None and part.kind in parts


def lemma(token: Token) -> str:
    """Lower-case lemma; title-case plurals ("Captives" in a headline) lose their "s"."""
    word = token.lemma_.lower()
    if token.pos_ == "PROPN" and word.endswith("s") and word[:-1] in _KNOWN:
        return word[:-1]
    return word


_TRIGGER_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})  # what classify reads


def classify(token: Token) -> EventType | None:
    """The event type this token starts, by lemma and context; None when it is no trigger."""
    word = lemma(token)
    if token.pos_ in ("NOUN", "PROPN"):
        return _classify_noun(token, word)
    if token.pos_ == "VERB":
        return _classify_verb(token, word)
    if token.pos_ == "ADJ" and token.dep_ in ADJ_EVENT_DEPS:
        return _ADJ_TABLE.get(token.lower_)  # "were wounded", "wounded soldiers"; not "the wounded"
    return None


def _keeps_dep(token: Token, kind: EventType) -> bool:
    """Attributive participles describe, they do not report: "the attacking soldiers"."""
    if token.dep_ == "amod" and kind not in VICTIM_KEEP_AMOD:
        return False
    # "a prisoner held by", "women detained in prisons", "wars fought since 2008": a state or
    # a description, not an event mention; "tanks blown up by fighters" names its agent.
    if token.dep_ == "acl" and token.tag_ == "VBN":
        if kind in (EventType.ABDUCTION, EventType.DETENTION):
            return False
        if kind is EventType.ATTACK:
            return any(c.dep_ == "agent" for c in token.children)
    return True


# ---------------------------------------------------------------------------------------
# Word classes of arguments
# ---------------------------------------------------------------------------------------


def is_person(token: Token) -> bool:
    word = lemma(token)
    counted = token.like_num and token.ent_type_ in ("", "CARDINAL")  # "released 50", not "€50"
    return (
        word in PERSON_WORDS
        or word in PERSON_PRONOUNS
        or token.ent_type_ in ("PERSON", "NORP")
        or counted
    )


def is_place(token: Token) -> bool:
    return token.ent_type_ in ("GPE", "LOC", "FAC") or lemma(token) in PLACE_WORDS


def is_evidence(token: Token) -> bool:
    return any(lemma(t) in EVIDENCE_WORDS for t in _with_conjuncts(token))


def _with_conjuncts(token: Token) -> Iterable[Token]:
    yield token
    yield from token.conjuncts


def _child(token: Token, *deps: str) -> Token | None:
    for child in token.children:
        if child.dep_ in deps:
            return child
    return None


def _of_object(token: Token) -> Token | None:
    """The object of "of" after a noun: "the release of prisoners" -> prisoners."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            return _child(child, "pobj")
    return None


def _through_one_of(token: Token) -> Token:
    """ "one of the prisoners" -> prisoners."""
    if token.lower_ in ("one", "some", "several", "many", "most", "all", "two", "three"):
        inner = _of_object(token)
        if inner is not None:
            return inner
    return token


def patient(token: Token) -> Token | None:
    """Who or what undergoes the event: the object, the passive subject, "the X of Y"."""
    if token.pos_ in ("NOUN", "PROPN"):
        found = _of_object(token) or _child(token, "poss")
        if found is None:
            found = next((c for c in token.lefts if c.dep_ == "compound" and is_person(c)), None)
        return _through_one_of(found) if found is not None else None
    found = _child(token, "dobj") or _child(token, "nsubjpass")
    if found is None and token.dep_ in ("acl", "amod") and token.head.pos_ in ("NOUN", "PROPN"):
        found = token.head  # "five people killed in", "wounded soldiers"
    if found is None and token.dep_ == "conj" and token.head.pos_ in ("VERB", "ADJ"):
        return patient(token.head)  # "were killed and wounded"
    relative = found is not None and found.dep_ == "nsubjpass" and found.lower_ in PERSON_PRONOUNS
    if relative and token.dep_ == "relcl":
        found = token.head  # "the soldier who was wounded"
    return _through_one_of(found) if found is not None else None


def _subject(token: Token) -> Token | None:
    found = _child(token, "nsubj")
    if found is None:
        agent = _child(token, "agent")
        found = _child(agent, "pobj") if agent is not None else None
    return found


def _near_words(token: Token, words: frozenset[str], *, under_bombing: bool = False) -> bool:
    """An air or artillery word modifies the trigger or governs it: "air raid", "bombed ...
    with a series of raids", "jets struck"."""
    for child in token.children:
        if child.dep_ in ("compound", "amod", "nmod", "nsubj") and lemma(child) in words:
            return True
        if child.dep_ == "agent":
            obj = _child(child, "pobj")
            if obj is not None and lemma(obj) in words:
                return True
    if under_bombing:
        for ancestor in list(token.ancestors)[:4]:
            if ancestor.pos_ == "VERB" and lemma(ancestor) in ("bomb", "bombard"):
                return True
    return False


def _mods(token: Token) -> set[str]:
    return {lemma(c) for c in token.lefts if c.dep_ in ("compound", "amod", "nmod")}


# ---------------------------------------------------------------------------------------
# Verb and noun rules
# ---------------------------------------------------------------------------------------


def _classify_verb(token: Token, word: str) -> EventType | None:
    if word in ("release", "free"):
        obj = patient(token)
        if word == "release" and obj is not None and is_evidence(obj):
            return EventType.EVIDENCE
        return EventType.RELEASE if obj is not None and is_person(obj) else None
    if word in _EVIDENCE_VERBS:
        obj = patient(token)
        return EventType.EVIDENCE if obj is not None and is_evidence(obj) else None
    if word == "set":
        freed = any(c.lower_ == "free" for c in token.children)
        return EventType.RELEASE if freed else None
    if word in ("seize", "capture", "confiscate"):
        return _seized(token, word)
    if word in ("take", "hold"):
        held = any(
            lemma(c) in CAPTIVE_WORDS
            if c.dep_ in ("xcomp", "oprd", "advmod", "npadvmod", "acomp", "attr")
            else c.dep_ == "dobj" and lemma(c) in ("hostage", "captive")
            for c in token.children
        )  # "took three tourists hostage", "held them captive"; not "took the prisoner to"
        return EventType.ABDUCTION if held else None
    if word == "raid":
        return (
            EventType.AIR_STRIKE
            if _near_words(token, AIR_WORDS, under_bombing=True)
            else EventType.RAID
        )
    if word == "rescue":
        obj = patient(token)
        captive = obj is not None and (
            lemma(obj) in CAPTIVE_WORDS | {"soldier"} or obj.ent_type_ == "PERSON"
        )
        return EventType.RAID if captive else None
    if word in ("bomb", "bombard"):
        shelled = _near_words(token, SHELL_WORDS)
        return EventType.SHELLING if shelled else EventType.AIR_STRIKE
    if word == "fire":
        return _fired(token)
    if word in ("strike", "hit"):
        return _struck(token, word)
    if word == "shoot":
        dead = any(c.lower_ == "dead" for c in token.children)
        return EventType.KILLING if dead else EventType.ATTACK
    if word in ("blow", "detonate"):
        if word == "blow" and not any(c.dep_ == "prt" and c.lower_ == "up" for c in token.children):
            return None
        agent = _child(token, "agent") or _child(token, "nsubj")
        return EventType.ATTACK if agent is not None else EventType.EXPLOSION
    if word in ("exchange", "swap"):
        obj = _child(token, "dobj")
        if obj is not None and lemma(obj) in ("fire", "gunfire", "shot"):
            return EventType.ATTACK
        return EventType.RELEASE if obj is not None and is_person(obj) else None
    if word == "execute":
        obj = patient(token)
        return EventType.KILLING if obj is not None and is_person(obj) else None
    return _VERB_TABLE.get(word)


def _seized(token: Token, word: str) -> EventType:
    obj = patient(token)
    if obj is None:
        return EventType.SEIZURE
    if word != "confiscate" and is_person(obj):
        return EventType.ABDUCTION
    if is_place(obj):
        return EventType.ATTACK
    return EventType.SEIZURE


def _fired(token: Token) -> EventType | None:
    obj = _child(token, "dobj")
    if obj is not None:
        word = lemma(obj)
        if word in SHELL_WORDS:
            return EventType.SHELLING
        if word in AIR_WORDS:
            return EventType.AIR_STRIKE
        if word in ("shot", "bullet", "round", "gun", "weapon"):
            return EventType.ATTACK
        return None
    aimed = any(c.dep_ == "prep" and c.lower_ in ("at", "on", "upon") for c in token.children)
    return EventType.ATTACK if aimed else None


def _struck(token: Token, word: str) -> EventType | None:
    subject = _subject(token)
    if subject is not None and lemma(subject) in AIR_WORDS:
        return EventType.AIR_STRIKE
    if subject is not None and lemma(subject) in SHELL_WORDS:
        return EventType.SHELLING
    if word == "hit":
        return None
    obj = _child(token, "dobj")
    if obj is not None and lemma(obj) in ("deal", "agreement", "balance", "chord", "tone", "note"):
        return None
    return EventType.ATTACK


def _classify_noun(token: Token, word: str) -> EventType | None:
    if token.dep_ == "compound":
        return None  # the head noun decides: "rescue mission", "ceasefire talks"
    mods = _mods(token)
    if word == "fire":
        return _fire_noun(token, mods)
    if word == "toll":
        return EventType.KILLING if mods & {"death", "casualty"} else None
    if word == "taking":
        return EventType.ABDUCTION if "hostage" in mods else None
    if word in ATTEMPT_NOUNS:
        return _attempt(token, word, mods)
    if word == "strike":
        on_strike = token.dep_ == "pobj" and token.head.lower_ == "on"  # "went on strike"
        if mods & LABOUR_WORDS or on_strike:
            return None
        return EventType.SHELLING if mods & SHELL_WORDS else EventType.AIR_STRIKE
    if word == "raid":
        return (
            EventType.AIR_STRIKE
            if _near_words(token, AIR_WORDS, under_bombing=True)
            else EventType.RAID
        )
    if word in ("bombing", "bombardment"):
        return EventType.SHELLING if mods & SHELL_WORDS else EventType.AIR_STRIKE
    if word in ("release", "freeing", "liberation"):
        return _release_noun(token, word, mods)
    if word in ("exchange", "swap"):
        return _exchange_noun(token, mods)
    if word in ("pause", "cessation"):
        return _pause(token, mods)
    if word == "capture":
        obj = patient(token)
        if obj is not None and is_person(obj):
            return EventType.ABDUCTION
        return EventType.ATTACK if obj is not None and is_place(obj) else EventType.SEIZURE
    kind = _NOUN_TABLE.get(word)
    if kind is EventType.ATTACK:
        if mods & NOT_ATTACK_MODS:
            return None
        if mods & AIR_WORDS:
            return EventType.AIR_STRIKE
        if mods & SHELL_WORDS:
            return EventType.SHELLING
    return kind


def _fire_noun(token: Token, mods: set[str]) -> EventType | None:
    if "cease" in mods:
        return EventType.CEASEFIRE
    if mods & SHELL_WORDS:
        return EventType.SHELLING
    if mods & AIR_WORDS:
        return EventType.AIR_STRIKE
    opened = token.dep_ == "dobj" and lemma(token.head) == "open"
    return EventType.ATTACK if opened else None


def _attempt(token: Token, word: str, mods: set[str]) -> EventType | None:
    """ "rescue mission", "operation aimed at releasing", "attempt to invade the city"."""
    if "rescue" in mods:
        return EventType.RAID
    complement = complement_verb(token)
    if complement is not None:
        if lemma(complement) in RESCUE_VERBS:
            return EventType.RAID
        kind = _classify_verb(complement, lemma(complement))
        if kind is not None and family_of(kind) is Family.INCIDENT:
            return kind
    if word in ("operation", "mission") and mods & {"special", "commando", "covert"}:
        return EventType.RAID
    return None


def complement_verb(token: Token) -> Token | None:
    """The verb a noun is aimed at, up to three steps down: "attempt to advance to free"."""
    frontier = [token]
    for _ in range(3):
        following: list[Token] = []
        for node in frontier:
            for child in node.children:
                if child.dep_ not in ("acl", "xcomp", "advcl", "prep", "pcomp"):
                    continue
                if child.pos_ == "VERB":
                    word = lemma(child)
                    if word in RESCUE_VERBS or _classify_verb(child, word) is not None:
                        return child
                following.append(child)
        frontier = following
    return None


def _release_noun(token: Token, word: str, mods: set[str]) -> EventType | None:
    if mods & {"press", "news", "data", "album", "film", "movie", "software", "product"}:
        return None
    obj = patient(token)
    if word == "release" and obj is not None and is_evidence(obj):
        return EventType.EVIDENCE
    return EventType.RELEASE if obj is None or is_person(obj) else None


def _exchange_noun(token: Token, mods: set[str]) -> EventType | None:
    if mods & CAPTIVE_WORDS:
        return EventType.RELEASE
    obj = _of_object(token)
    if obj is not None and lemma(obj) in ("fire", "gunfire", "shot"):
        return EventType.ATTACK
    return EventType.RELEASE if obj is not None and is_person(obj) else None


def _pause(token: Token, mods: set[str]) -> EventType | None:
    if "humanitarian" in mods:
        return EventType.CEASEFIRE
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "of"):
            obj = _child(child, "pobj")
            if obj is not None and lemma(obj) in ("fighting", "hostility", "war", "combat"):
                return EventType.CEASEFIRE
    return None


# ---------------------------------------------------------------------------------------
# Did it happen? Negation, modality, intention
# ---------------------------------------------------------------------------------------


def is_realis(token: Token) -> bool:
    """False for negated, future, modal, conditional, counterfactual or intended mentions."""
    if token.pos_ in ("NOUN", "PROPN"):
        return _noun_realis(token)
    return _verb_realis(token)


def _negated(token: Token) -> bool:
    """A "not" on the word, or right before it when the parse lost it ("didn’t strike")."""
    if any(c.dep_ == "neg" or c.lower_ in NEGATIONS for c in token.children):
        return True
    doc = token.doc

    def same_sentence(i: int) -> bool:  # Token.sent walks the sentence: too slow per word
        return i >= 0 and not doc[i + 1].is_sent_start

    before = token.i - 1
    while same_sentence(before) and doc[before].pos_ == "ADV":
        before -= 1
    return same_sentence(before) and doc[before].lower_ in NEGATIONS


def _modal(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in MODALS for c in token.children)


def _verb_realis(token: Token) -> bool:
    if _negated(token) or _modal(token):
        return False
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubjpass") and (
            child.lower_ in ("nobody", "none", "noone")
            or any(d.dep_ == "det" and d.lower_ == "no" for d in child.children)
        ):
            return False  # "no one was killed"
        if child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether"):
            return False
    if _counterfactual(token):
        return False
    if token.dep_ == "pcomp" and token.head.lower_ == "to" and token.tag_ == "VB":
        return False  # purpose: "advance to free one of the prisoners"
    if _infinitive(token):
        perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in token.children)
        if not perfect and lemma(token.head) not in REALIS_GOVERNORS:
            return False  # purpose or intention: "to free one of the prisoners"
    governor = _governor(token)
    if governor is not None and lemma(governor) in IRREALIS_GOVERNORS:
        return False
    if token.dep_ == "conj" and token.head.pos_ in ("VERB", "AUX", "ADJ"):
        return _verb_realis(token.head)  # "will be killed and wounded"
    return True


def _infinitive(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in token.children)


def _counterfactual(token: Token) -> bool:
    """ "instead of rescuing", "rather than releasing", "without killing"."""
    if token.dep_ != "pcomp":
        return False
    prep = token.head
    if prep.lower_ == "without":
        return True
    return prep.lower_ in ("of", "than") and any(
        c.lower_ in ("instead", "rather") for c in prep.children
    )


def _governor(token: Token) -> Token | None:
    """The word whose complement the verb is: "aimed at releasing" -> aimed."""
    if token.dep_ in ("xcomp", "ccomp", "advcl", "acl"):
        return token.head
    if token.dep_ == "pcomp" and token.head.dep_ == "prep":
        return token.head.head
    return None


def _noun_realis(token: Token) -> bool:
    if _negated(token) or any(c.dep_ == "det" and c.lower_ == "no" for c in token.children):
        return False
    node = token
    while node.dep_ in ("conj", "appos") and node.head.i != node.i:
        node = node.head
    relation, head = node.dep_, node.head
    if relation == "pobj" and head.dep_ == "prep":
        relation, head = "pobj", head.head
        if head.pos_ in ("NOUN", "PROPN"):
            return lemma(head) not in IRREALIS_NOUNS  # "talks on a ceasefire"
    if head.pos_ not in ("VERB", "AUX", "ADJ") or head.i == node.i:
        return True
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in head.children):
        return False  # "if the army attacks, ..."
    if _infinitive(head) and not _verb_realis(head):
        return False  # "hoping to evade attacks", "plans to end the ceasefire"
    word = lemma(head)
    if word in IRREALIS_GOVERNORS and relation in ("dobj", "pobj"):
        return False  # "called for a ceasefire", "ensure the release"
    if _negated(head) and (relation == "dobj" or word in LIGHT_VERBS):
        return False  # "did not launch an attack", "the attack did not happen"
    return not (_modal(head) and word in LIGHT_VERBS)  # "will launch an attack"


# ---------------------------------------------------------------------------------------
# Spans
# ---------------------------------------------------------------------------------------


def _span_tokens(token: Token) -> tuple[int, int]:
    """First and last token index of the trigger: "air strike", "cease-fire", "blown up"."""
    doc: Doc = token.doc
    start = end = token.i
    if token.pos_ in ("NOUN", "PROPN"):
        while start > token.sent.start:
            left = doc[start - 1]
            if left.head.i != token.i:
                break
            modifier = left.dep_ == "compound" and lemma(left) in SPAN_MODS
            hyphen = left.dep_ == "punct" and left.text in ("-", "‐", "‑")
            if not (modifier or hyphen):
                break
            start -= 1
    else:
        for child in token.rights:
            if child.dep_ == "prt" and child.i == end + 1:
                end = child.i
    return start, end
