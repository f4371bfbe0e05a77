"""Attribution tagger: decoding of hand-built tag sequences (fictional sentences) and the
shipped weights."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from rashomon.attribution import find_attributions, load_lexicon
from rashomon.attribution.tagger import LABELS, decode, load_tagger
from rashomon.attribution.tagger.decode import runs
from rashomon.attribution.tagger.features import doc_features, token_features
from rashomon.attribution.tagger.network import _viterbi_numpy, viterbi, windows
from rashomon.attribution.tagger.records import to_attributions
from rashomon.errors import ModelNotFoundError
from rashomon.model import Article, Part, PartKind
from rashomon.parse import ParsedArticle


def make_doc(
    rows: list[tuple[str, int, str, str]], *, space_after: set[int] | None = None
) -> tuple[Doc, list[str]]:
    """rows: (word, head offset from the token, dep, tag). Sentences follow the heads."""
    words = [r[0] for r in rows]
    heads = [i + r[1] for i, r in enumerate(rows)]
    deps = [r[2] for r in rows]
    tags = [r[3] for r in rows]
    no_space = {i for i, w in enumerate(words[1:], start=1) if w in {",", ".", "”"}}
    spaces = [
        (i + 1 not in no_space and words[i] != "“") if space_after is None else i in space_after
        for i in range(len(words))
    ]
    spaces[-1] = False
    doc = Doc(Vocab(), words=words, spaces=spaces, heads=heads, deps=deps)
    return doc, tags


def texts(doc: Doc, indices: list[int] | tuple[int, ...]) -> str:
    return " ".join(doc[i].text for i in indices)


def test_labels_are_bio_over_three_roles() -> None:
    assert LABELS[0] == "O"
    assert set(LABELS[1:]) == {f"{p}-{r}" for p in "BI" for r in ("SOURCE", "CUE", "CONTENT")}


def test_indirect_speech_one_attribution() -> None:
    doc, tags = make_doc(
        [
            ("The", 1, "det", "B-SOURCE"),
            ("minister", 1, "nsubj", "I-SOURCE"),
            ("said", 0, "ROOT", "B-CUE"),
            ("the", 1, "det", "B-CONTENT"),
            ("bridge", 2, "nsubj", "I-CONTENT"),
            ("was", 1, "auxpass", "I-CONTENT"),
            ("closed", -4, "ccomp", "I-CONTENT"),
            (".", -5, "punct", "O"),
        ]
    )
    [att] = decode(doc, tags)
    assert texts(doc, att.source) == "The minister"
    assert texts(doc, att.cue) == "said"
    assert texts(doc, att.content) == "the bridge was closed"


def test_content_split_by_source_and_cue_is_one_discontinuous_content() -> None:
    # “The bridge,” the colonel said, “is closed.”
    doc, tags = make_doc(
        [
            ("“", 2, "punct", "B-CONTENT"),
            ("The", 1, "det", "I-CONTENT"),
            ("bridge", 7, "nsubj", "I-CONTENT"),
            (",", 5, "punct", "I-CONTENT"),
            ("”", 4, "punct", "I-CONTENT"),
            ("the", 1, "det", "B-SOURCE"),
            ("colonel", 1, "nsubj", "I-SOURCE"),
            ("said", 2, "parataxis", "B-CUE"),
            (",", 1, "punct", "O"),
            ("“", 1, "punct", "B-CONTENT"),
            ("is", 0, "ROOT", "I-CONTENT"),
            ("closed", -1, "acomp", "I-CONTENT"),
            (".", -2, "punct", "I-CONTENT"),
            ("”", -3, "punct", "I-CONTENT"),
        ]
    )
    [att] = decode(doc, tags)
    assert texts(doc, att.source) == "the colonel"
    assert texts(doc, att.cue) == "said"
    assert att.content == [0, 1, 2, 3, 4, 9, 10, 11, 12, 13]
    article = Article(id="t", text=doc.text, parts=(Part(PartKind.BODY, 0, len(doc.text)),))
    [record] = to_attributions(doc, article, [att], load_lexicon(), "tagger-test")
    assert [f.text for f in record.content] == ["“The bridge,”", "“is closed.”"]
    assert record.source is not None and record.source.text == "the colonel"
    assert record.cue is not None and record.cue.text == "said"
    assert record.method == "tagger"
    assert record.rules == "tagger-test"


def test_two_cues_in_one_sentence_share_the_source() -> None:
    # Vell said the port reopened, adding that ships were waiting.
    doc, tags = make_doc(
        [
            ("Vell", 1, "nsubj", "B-SOURCE"),
            ("said", 0, "ROOT", "B-CUE"),
            ("the", 1, "det", "B-CONTENT"),
            ("port", 1, "nsubj", "I-CONTENT"),
            ("reopened", -3, "ccomp", "I-CONTENT"),
            (",", -4, "punct", "O"),
            ("adding", -5, "advcl", "B-CUE"),
            ("that", 3, "mark", "B-CONTENT"),
            ("ships", 2, "nsubj", "I-CONTENT"),
            ("were", 1, "aux", "I-CONTENT"),
            ("waiting", -4, "ccomp", "I-CONTENT"),
            (".", -10, "punct", "O"),
        ]
    )
    first, second = decode(doc, tags)
    assert (texts(doc, first.cue), texts(doc, first.content)) == ("said", "the port reopened")
    assert (texts(doc, second.cue), texts(doc, second.content)) == (
        "adding",
        "that ships were waiting",
    )
    assert texts(doc, first.source) == texts(doc, second.source) == "Vell"


def test_resumed_quote_in_next_sentence_joins_the_previous_cue() -> None:
    # “We hold the ridge,” she said. “We will stay.”
    doc, tags = make_doc(
        [
            ("“", 2, "punct", "B-CONTENT"),
            ("We", 1, "nsubj", "I-CONTENT"),
            ("hold", 5, "ccomp", "I-CONTENT"),
            ("the", 1, "det", "I-CONTENT"),
            ("ridge", -2, "dobj", "I-CONTENT"),
            (",", 2, "punct", "I-CONTENT"),
            ("”", 1, "punct", "I-CONTENT"),
            ("she", 1, "nsubj", "B-SOURCE"),
            ("said", 0, "ROOT", "B-CUE"),
            (".", -1, "punct", "O"),
            ("“", 3, "punct", "B-CONTENT"),
            ("We", 2, "nsubj", "I-CONTENT"),
            ("will", 1, "aux", "I-CONTENT"),
            ("stay", 0, "ROOT", "I-CONTENT"),
            (".", -1, "punct", "I-CONTENT"),
            ("”", -2, "punct", "I-CONTENT"),
        ]
    )
    [att] = decode(doc, tags)
    assert texts(doc, att.cue) == "said"
    assert texts(doc, att.source) == "she"
    assert att.content == [0, 1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 15]


def test_content_without_any_cue_is_dropped_unless_asked() -> None:
    doc, tags = make_doc(
        [
            ("Roads", 1, "nsubj", "B-CONTENT"),
            ("stay", 0, "ROOT", "I-CONTENT"),
            ("closed", -1, "acomp", "I-CONTENT"),
            (".", -2, "punct", "O"),
        ]
    )
    assert decode(doc, tags) == []
    [att] = decode(doc, tags, keep_cueless=True)
    assert att.cue == () and att.source == () and att.content == [0, 1, 2]


def test_cue_without_content_gives_nothing_and_stray_i_starts_a_run() -> None:
    doc, tags = make_doc(
        [
            ("Officials", 1, "nsubj", "I-SOURCE"),  # I- without B- still starts a run
            ("declined", 0, "ROOT", "B-CUE"),
            ("comment", -1, "dobj", "O"),
            (".", -2, "punct", "O"),
        ]
    )
    assert [r.role for r in runs(doc, tags)] == ["SOURCE", "CUE"]
    assert decode(doc, tags) == []


def test_untagged_subject_of_the_cue_becomes_the_source() -> None:
    # The mayor warned that the dam could fail.  (the subject was not tagged)
    rows = [
        ("The", 1, "det", "O"),
        ("mayor", 1, "nsubj", "O"),
        ("warned", 0, "ROOT", "B-CUE"),
        ("that", 4, "mark", "B-CONTENT"),
        ("the", 1, "det", "I-CONTENT"),
        ("dam", 2, "nsubj", "I-CONTENT"),
        ("could", 1, "aux", "I-CONTENT"),
        ("fail", -4, "ccomp", "I-CONTENT"),
        (".", -5, "punct", "O"),
    ]
    doc, tags = make_doc(rows)
    for i, pos in enumerate(
        ["DET", "NOUN", "VERB", "SCONJ", "DET", "NOUN", "AUX", "VERB", "PUNCT"]
    ):
        doc[i].pos_ = pos
    [att] = decode(doc, tags)
    assert texts(doc, att.source) == "The mayor"
    [att] = decode(doc, tags, syntax_sources=False)
    assert att.source == ()


def test_headline_colon_cue_takes_the_name_before_it() -> None:
    # Orlov: Talks Will Resume
    doc, tags = make_doc(
        [
            ("Orlov", 3, "nsubj", "O"),
            (":", -1, "punct", "B-CUE"),
            ("Talks", 2, "nsubj", "B-CONTENT"),
            ("Will", 1, "aux", "I-CONTENT"),
            ("Resume", 0, "ROOT", "I-CONTENT"),
        ]
    )
    [att] = decode(doc, tags)
    assert texts(doc, att.cue) == ":"
    assert texts(doc, att.source) == "Orlov"


# ---------------------------------------------------------------------------------------
# the shipped weights


def test_shipped_weights_load_and_meta_is_complete() -> None:
    tagger = load_tagger()
    meta = tagger.meta
    for key in ("version", "rashomon", "features", "lexicon", "data", "seed", "hyperparameters"):
        assert key in meta, key
    assert meta["data"]["split"] == "train"
    assert meta["data"]["files"] > 0
    assert tagger.version.startswith("tagger")
    size = sum(
        p.stat().st_size
        for p in (Path(__file__).parents[2] / "src/rashomon/attribution/tagger/model").iterdir()
    )
    assert size <= 50 * 1024 * 1024


def test_shipped_weights_find_an_attribution(nlp: Language) -> None:
    text = "The harbour master said that the ferry to Ostrava would not sail on Monday."
    article = Article(id="t", text=text, parts=(Part(PartKind.BODY, 0, len(text)),))
    parsed = ParsedArticle(article, nlp(text))
    rules = find_attributions(parsed, lexicon=load_lexicon())
    found = load_tagger().find_attributions(parsed, rules)
    assert len(found) == 1
    [att] = found
    assert att.method == "tagger"
    assert att.cue is not None and att.cue.text == "said"
    assert att.source is not None and att.source.text == "The harbour master"
    assert "ferry to Ostrava would not sail" in " ".join(f.text for f in att.content)


def test_missing_weights_raise_model_not_found(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="train_tagger"):
        load_tagger(tmp_path)
    (tmp_path / "meta.json").write_text(json.dumps({"features": "f1"}), encoding="utf-8")
    with pytest.raises(ModelNotFoundError):
        load_tagger(tmp_path)


@pytest.mark.parametrize("concentration", [0.05, 1.0, 20.0])
def test_python_viterbi_is_the_numpy_viterbi(concentration: float) -> None:
    rng = np.random.default_rng(7)
    draws = [rng.dirichlet(np.full(len(LABELS), concentration), size=n) for n in (1, 2, 40, 400)]
    cases = [np.log(np.maximum(p, 1e-30)).astype(np.float32) for p in draws]
    cases.append(np.zeros((30, len(LABELS)), dtype=np.float32))  # ties everywhere
    cases.append(np.full((5, len(LABELS)), -3e8, dtype=np.float32))  # below the safe bound
    for log_probs in cases:
        assert viterbi(log_probs) == _viterbi_numpy(log_probs)


def test_features_and_encoding_agree_with_the_token_attributes(nlp: Language) -> None:
    text = (
        'The mayor said on Tuesday that "the shelling killed 12 people," and the army '
        "denied it.\n\nOfficials in Kyiv, according to Reuters, put the toll at 14."
    )
    parsed = ParsedArticle(Article(id="a", text=text, parts=()), nlp(text))
    lexicon = load_lexicon()
    columns = token_features(parsed.doc, lexicon)
    feats = doc_features(parsed.doc, lexicon)
    assert feats == columns.rows()
    for token, f in zip(parsed.doc, feats, strict=True):
        if token.is_space:
            assert set(f) <= {"bias", "SPACE", "NL", "q"}
            assert ("NL" in f) == ("\n" in token.text)
            continue
        assert (f["w"], f["l"], f["p"], f["d"]) == (
            token.lower_,
            token.lemma_.lower(),
            token.pos_,
            token.dep_,
        )
        assert f["hl"] == token.head.lemma_.lower()
        assert f.get("e", "") == token.ent_type_
    said = next(t.i for t in parsed.doc if t.text == "said")
    assert feats[said]["vcue"] == 1.0 and "c_nsubj" in feats[said]
    ends = [t.text in (".", "?", "!") or (t.is_space and "\n" in t.text) for t in parsed.doc]
    assert columns.ends == ends
    assert windows(ends, size=5)[0] == (0, ends.index(True, 5) + 1)
    net = load_tagger()._net
    ids = net.encode(columns)
    for i, f in enumerate(feats):
        for j, name in enumerate(net.fields):
            value = f.get(name)
            expected = 0 if value is None else net.maps[j].get(str(value), 1)
            assert ids[i, j] == expected
