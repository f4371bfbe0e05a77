"""Token features for the attribution tagger: word, parse, cue lexicon, quotes, rules.

One feature dict per spaCy token (whitespace tokens included, so a document is one
sequence). Everything here is computed from the parse, the packaged cue lexicon, the
quotation finder and the rules' own attributions (stacking): nothing is learned here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, IS_SPACE, LEMMA, LENGTH, LOWER, ORTH, POS, TAG
from spacy.tokens import Doc

from rashomon.attribution.lexicon import CueLexicon
from rashomon.attribution.quotes import find_quotes
from rashomon.attribution.spans import doc_text
from rashomon.model import Attribution

FEATURE_SET = "f1"
# role of a token in the rules' output (stacking feature)
RULE_ROLES = ("source", "cue", "content")
QUOTE_CHARS = frozenset({'"', "“", "”", "«", "»", "„"})
MAX_CLIMB = 12


def _shape(text: str) -> str:
    out: list[str] = []
    for ch in text[:6]:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def token_roles(doc: Doc, attributions: Sequence[Attribution]) -> list[str]:
    """For each token, its role in ``attributions`` ("" when none): character spans mapped
    back to tokens (a token takes a role when one of its characters lies inside)."""
    if not attributions:
        return [""] * len(doc)
    starts, lengths, spaces = doc.to_array([IDX, LENGTH, IS_SPACE]).T.tolist()
    return _roles(doc_text(doc), attributions, starts, lengths, spaces)


def _roles(
    text: str,
    attributions: Sequence[Attribution],
    starts: Sequence[int],
    lengths: Sequence[int],
    spaces: Sequence[int],
) -> list[str]:
    """``token_roles`` from the tokens' character offsets, lengths and space flags."""
    roles = [""] * len(starts)
    if not attributions:
        return roles
    char_role = bytearray(len(text) + 1)
    for a in attributions:
        spans = [*(a.content)]
        for fragment in spans:
            char_role[fragment.start : fragment.end] = b"\x03" * (fragment.end - fragment.start)
        for span, code in ((a.cue, 2), (a.source, 1)):
            if span is not None:
                char_role[span.start : span.end] = bytes([code]) * (span.end - span.start)
    names = ("", "source", "cue", "content")
    for i, start in enumerate(starts):
        if spaces[i]:
            continue
        best = 0
        for k in range(start, start + lengths[i]):
            if char_role[k]:
                best = char_role[k]
                break
        roles[i] = names[best]
    return roles


# The child dependencies a token's flags name (``c_<dep>``).
CHILD_FLAGS = frozenset(
    {
        "ccomp",
        "xcomp",
        "nsubj",
        "nsubjpass",
        "dobj",
        "agent",
        "parataxis",
        "mark",
        "aux",
        "neg",
        "prep",
        "acl",
        "relcl",
    }
)
Value = float | str | None


@dataclass(frozen=True, slots=True)
class TokenFeatures:
    """The features of a document's tokens by column: ``columns[name][i]`` is token i's
    value of feature ``name`` (a string, or 1.0/0.0 for a flag), None where the token has
    none. ``ends[i]``: token i may close a window (a line break, or ``.``, ``?``, ``!``).

    Columns rather than one dict per token: the network encodes a column with one
    comprehension, and no per-token dicts are built at inference.
    """

    size: int
    columns: dict[str, list[Value]]
    ends: list[bool]

    def rows(self) -> list[dict[str, float | str]]:
        """One dict per token: its features that are present, plus ``bias`` (training's
        form, ``doc_features``)."""
        named = list(self.columns.items())
        out: list[dict[str, float | str]] = []
        for i in range(self.size):
            row: dict[str, float | str] = {"bias": 1.0}
            for name, column in named:
                value = column[i]
                if value is not None:
                    row[name] = value
            out.append(row)
        return out


def doc_features(
    doc: Doc, lexicon: CueLexicon, rule_attributions: Sequence[Attribution] = ()
) -> list[dict[str, float | str]]:
    """One feature dict per token of ``doc``: name -> value (a string, or 1.0/0.0 for flags).
    Only the token's own features: the BiLSTM reads the neighbours itself."""
    return token_features(doc, lexicon, rule_attributions).rows()


def token_features(
    doc: Doc, lexicon: CueLexicon, rule_attributions: Sequence[Attribution] = ()
) -> TokenFeatures:
    """The features of ``doc``'s tokens (``TokenFeatures``): word, parse, cue lexicon,
    quotes and the rules' roles. A whitespace token has only ``SPACE``, ``q`` and, where
    it holds a line break, ``NL``."""
    n = len(doc)
    text = doc_text(doc)
    quotes = find_quotes(text)
    inq = bytearray(len(text) + 1)
    for q in quotes:
        inq[q.start : q.end] = b"\x01" * (q.end - q.start)
    # token attributes read as arrays, not through one spaCy Token object per read
    strings = doc.vocab.strings
    hashes = doc.to_array([ORTH, LOWER, LEMMA, POS, TAG, DEP, ENT_TYPE]).T.tolist()
    names: dict[int, str] = {}

    def column(values: list[int]) -> list[str]:
        out = []
        for value in values:
            name = names.get(value)
            if name is None:
                name = names[value] = strings[value]
            out.append(name)
        return out

    words, lower, lemma, pos, tag, dep, ent = (column(values) for values in hashes)
    lemma = [word.lower() for word in lemma]
    starts, lengths, relative, spaces = doc.to_array([IDX, LENGTH, HEAD, IS_SPACE]).T.tolist()
    # HEAD is an offset stored unsigned: read it back as a signed 64-bit number
    heads = [i + (h - (1 << 64) if h >= 1 << 63 else h) for i, h in enumerate(relative)]
    space = [bool(flag) for flag in spaces]
    rules = _roles(text, rule_attributions, starts, lengths, spaces)
    is_vcue = [
        (pos[i] in ("VERB", "AUX") or dep[i] == "ROOT") and lexicon.verb(lemma[i]) is not None
        for i in range(n)
    ]
    is_ncue = [pos[i] in ("NOUN", "PROPN") and lexicon.noun(lemma[i]) is not None for i in range(n)]
    cue_like = [is_vcue[i] or is_ncue[i] or (lower[i] == "according") for i in range(n)]
    # children summaries
    child_deps: list[set[str]] = [set() for _ in range(n)]
    for i in range(n):
        h = heads[i]
        if h != i:
            child_deps[h].add(dep[i])
    # sentence info
    sent_id = [0] * n
    sent_start = [0] * n
    sent_end = [0] * n
    sent_cues: list[int] = []
    for k, s in enumerate(doc.sents):
        c = 0
        for i in range(s.start, s.end):
            sent_id[i] = k
            sent_start[i] = s.start
            sent_end[i] = s.end
            if cue_like[i]:
                c += 1
        sent_cues.append(c)
    # nearest cue-like token to the left / right in the same sentence
    left_cue = [-1] * n
    last = -1
    for i in range(n):
        if i == sent_start[i]:
            last = -1
        left_cue[i] = last
        if cue_like[i]:
            last = i
    right_cue = [-1] * n
    nxt = -1
    for i in range(n - 1, -1, -1):
        if i == sent_end[i] - 1:
            nxt = -1
        right_cue[i] = nxt
        if cue_like[i]:
            nxt = i

    def of_words(values: Sequence[Value]) -> list[Value]:
        """``values`` with None at whitespace tokens (they have only SPACE, NL and q)."""
        return [None if sp else v for sp, v in zip(space, values, strict=True)]

    def flags(values: Sequence[bool]) -> list[Value]:
        return [1.0 if v and not sp else None for sp, v in zip(space, values, strict=True)]

    cols: dict[str, list[Value]] = {}
    cols["SPACE"] = [1.0 if sp else None for sp in space]
    cols["NL"] = [1.0 if sp and "\n" in w else None for sp, w in zip(space, words, strict=True)]
    cols["q"] = [float(inq[idx]) for idx in starts]
    cols["w"] = of_words(lower)
    cols["l"] = of_words(lemma)
    cols["p"] = of_words(pos)
    cols["t"] = of_words(tag)
    cols["d"] = of_words(dep)
    shapes: dict[str, str] = {}
    cols["sh"] = of_words(
        [shapes[w] if w in shapes else shapes.setdefault(w, _shape(w)) for w in words]
    )
    cols["s3"] = of_words([w[-3:] for w in lower])
    cols["pd"] = of_words([p + "|" + d for p, d in zip(pos, dep, strict=True)])
    cols["r"] = of_words([r or "-" for r in rules])
    cols["e"] = of_words([e or None for e in ent])
    qc: list[Value] = [None] * n
    qcs: list[Value] = [None] * n
    for i, w in enumerate(words):
        if w in QUOTE_CHARS and not space[i]:
            idx = starts[i]
            qc[i] = 1.0
            qcs[i] = (
                "open"
                if (idx + 1 < len(text) and inq[idx + 1] and (idx == 0 or not inq[idx - 1]))
                else "close"
                if inq[idx]
                else "stray"
            )
    cols["qc"], cols["qcs"] = qc, qcs
    cols["hl"] = of_words([lemma[h] for h in heads])
    cols["hd"] = of_words([dep[h] for h in heads])
    cols["hp"] = of_words([pos[h] for h in heads])
    cols["d_hd"] = of_words([dep[i] + "|" + dep[h] for i, h in enumerate(heads)])
    cols["hdir"] = of_words(["L" if h < i else "R" if h > i else "0" for i, h in enumerate(heads)])
    cols["vcue"] = flags(is_vcue)
    cols["ncue"] = flags(is_ncue)
    for name in sorted(CHILD_FLAGS):
        cols["c_" + name] = flags([name in deps for deps in child_deps])
    cols["cue_ccomp"] = flags(
        [cue and "ccomp" in deps for cue, deps in zip(cue_like, child_deps, strict=True)]
    )
    # climb to the nearest cue-like ancestor (the dep of the child right under it), and
    # to the first verb ancestor
    climbed: dict[str, list[Value]] = {
        name: [None] * n
        for name in (
            "a_rel",
            "a_l",
            "a_rel_l",
            "a_dist",
            "a_dir",
            "a_path",
            "a_rule",
            "a_none",
            "root_path",
            "v_rel",
            "v_l",
        )
    }
    a_rel, a_l, a_rel_l, a_dist = (climbed[k] for k in ("a_rel", "a_l", "a_rel_l", "a_dist"))
    a_dir, a_path, a_rule, a_none = (climbed[k] for k in ("a_dir", "a_path", "a_rule", "a_none"))
    root_path, v_rel, v_l = (climbed[k] for k in ("root_path", "v_rel", "v_l"))
    for i in range(n):
        if space[i]:
            continue
        j = i
        path: list[str] = []
        anc = -1
        for _ in range(MAX_CLIMB):
            hj = heads[j]
            if hj == j:
                break
            path.append(dep[j])
            if cue_like[hj]:
                anc = hj
                break
            j = hj
        if anc >= 0:
            a_rel[i] = path[-1]
            a_l[i] = lemma[anc]
            a_rel_l[i] = path[-1] + "|" + lemma[anc]
            a_dist[i] = str(min(len(path), 4))
            a_dir[i] = "L" if anc < i else "R"
            a_path[i] = "/".join(path[-2:])
            a_rule[i] = rules[anc] or "-"
        else:
            a_none[i] = 1.0
        j = i
        for _ in range(MAX_CLIMB):
            hj = heads[j]
            if hj == j:
                root_path[i] = dep[j]
                break
            if pos[hj] in ("VERB", "AUX"):
                v_rel[i] = dep[j]
                v_l[i] = lemma[hj]
                break
            j = hj
    cols.update(climbed)
    # sentence position and cues around
    spos: list[Value] = [None] * n
    srel: list[Value] = [None] * n
    scues: list[Value] = [None] * n
    for i in range(n):
        if space[i]:
            continue
        ss, se = sent_start[i], sent_end[i]
        spos[i] = "F" if i == ss else "L" if i == se - 1 else "M"
        srel[i] = str(min(4, (5 * (i - ss)) // max(1, se - ss)))
        scues[i] = str(min(sent_cues[sent_id[i]], 3))
    cols["spos"], cols["srel"], cols["scues"] = spos, srel, scues
    cols["lcue"] = of_words(
        ["-" if lc < 0 else str(min((i - lc) // 3, 5)) for i, lc in enumerate(left_cue)]
    )
    cols["rcue"] = of_words(
        ["-" if rc < 0 else str(min((rc - i) // 3, 5)) for i, rc in enumerate(right_cue)]
    )
    cols["lcue_l"] = of_words([lemma[lc] if lc >= 0 else None for lc in left_cue])
    cols["rcue_l"] = of_words([lemma[rc] if rc >= 0 else None for rc in right_cue])
    ends = [
        (sp and "\n" in w) or (not sp and lw in (".", "?", "!"))
        for sp, w, lw in zip(space, words, lower, strict=True)
    ]
    return TokenFeatures(size=n, columns=cols, ends=ends)
