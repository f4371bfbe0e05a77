"""Token features for the attribution tagger: word, parse, cue lexicon, quotes, rules.

One feature dict per spaCy token (whitespace tokens included, so a document is one
sequence). Everything here is computed from the parse, the packaged cue lexicon, the
quotation finder and the rules' own attributions (stacking): nothing is learned here.
"""

from __future__ import annotations

from collections.abc import Sequence

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


def doc_features(
    doc: Doc, lexicon: CueLexicon, rule_attributions: Sequence[Attribution] = ()
) -> list[dict[str, float | str]]:
    """One feature dict per token of ``doc``: name -> value (a string, or 1.0/0.0 for flags).
    Only the token's own features: the BiLSTM reads the neighbours itself."""
    n = len(doc)
    text = doc_text(doc)
    quotes = find_quotes(text)
    inq = bytearray(len(text) + 1)
    for q in quotes:
        inq[q.start : q.end] = b"\x01" * (q.end - q.start)
    # scorer-style quote state: straight quotes toggle, curly open/close, reset at newline
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

    feats: list[dict[str, float | str]] = []
    shapes: dict[str, str] = {}
    for i in range(n):
        word, idx = words[i], starts[i]
        if space[i]:
            f: dict[str, float | str] = {"bias": 1.0, "SPACE": 1.0}
            if "\n" in word:
                f["NL"] = 1.0
            f["q"] = float(inq[idx])
            feats.append(f)
            continue
        w = lower[i]
        f = {
            "bias": 1.0,
            "w": w,
            "l": lemma[i],
            "p": pos[i],
            "t": tag[i],
            "d": dep[i],
            "sh": shapes[word] if word in shapes else shapes.setdefault(word, _shape(word)),
            "s3": w[-3:],
            "pd": pos[i] + "|" + dep[i],
            "q": float(inq[idx]),
            "r": rules[i] or "-",
        }
        if ent[i]:
            f["e"] = ent[i]
        if word in QUOTE_CHARS:
            f["qc"] = 1.0
            f["qcs"] = (
                "open"
                if (idx + 1 < len(text) and inq[idx + 1] and (idx == 0 or not inq[idx - 1]))
                else "close"
                if inq[idx]
                else "stray"
            )
        h = heads[i]
        f["hl"] = lemma[h]
        f["hd"] = dep[h]
        f["hp"] = pos[h]
        f["d_hd"] = dep[i] + "|" + dep[h]
        f["hdir"] = "L" if h < i else "R" if h > i else "0"
        if is_vcue[i]:
            f["vcue"] = 1.0
        if is_ncue[i]:
            f["ncue"] = 1.0
        for cd in child_deps[i]:
            if cd in (
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
            ):
                f["c_" + cd] = 1.0
        if cue_like[i] and "ccomp" in child_deps[i]:
            f["cue_ccomp"] = 1.0
        # climb to the nearest cue-like ancestor; the dep of the child right under it
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
            f["a_rel"] = path[-1]
            f["a_l"] = lemma[anc]
            f["a_rel_l"] = path[-1] + "|" + lemma[anc]
            f["a_dist"] = str(min(len(path), 4))
            f["a_dir"] = "L" if anc < i else "R"
            f["a_path"] = "/".join(path[-2:])
            f["a_rule"] = rules[anc] or "-"
        else:
            f["a_none"] = 1.0
        # first verb ancestor
        j = i
        for _ in range(MAX_CLIMB):
            hj = heads[j]
            if hj == j:
                f["root_path"] = dep[j]
                break
            if pos[hj] in ("VERB", "AUX"):
                f["v_rel"] = dep[j]
                f["v_l"] = lemma[hj]
                break
            j = hj
        # sentence position and cues around
        ss, se = sent_start[i], sent_end[i]
        f["spos"] = "F" if i == ss else "L" if i == se - 1 else "M"
        f["srel"] = str(min(4, (5 * (i - ss)) // max(1, se - ss)))
        f["scues"] = str(min(sent_cues[sent_id[i]], 3))
        lc, rc = left_cue[i], right_cue[i]
        f["lcue"] = "-" if lc < 0 else str(min((i - lc) // 3, 5))
        f["rcue"] = "-" if rc < 0 else str(min((rc - i) // 3, 5))
        if lc >= 0:
            f["lcue_l"] = lemma[lc]
        if rc >= 0:
            f["rcue_l"] = lemma[rc]
        feats.append(f)
    return feats
