"""Learned attribution tagger: BIO tags (source / cue / content) over spaCy tokens.

The model is a BiLSTM over token features, run in numpy at inference (``network.py``),
trained on PolNeAR train by ``tools/train_tagger.py``; weights (float16), vocabulary and a
JSON ``meta`` ship in ``rashomon/attribution/tagger/model/``. Features come from the
parse, the cue lexicon, quotations and the rules' own attributions (the rules' output is
an input feature), so the tagger runs after the rules and its attributions replace
theirs::

    tagger = load_tagger()                       # once
    rules = find_attributions(parsed, lexicon=lexicon)
    attributions = tagger.find_attributions(parsed, rules)

Decoding (``decode.py``) turns tags into attributions anchored on cues; ``records.py``
turns them into ``Attribution`` records (method "tagger", rules = the model version).
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.attribution.lexicon import CueLexicon, load_lexicon
from rashomon.attribution.tagger.decode import LABELS, Decoded, decode
from rashomon.attribution.tagger.features import FEATURE_SET, token_features
from rashomon.attribution.tagger.network import BiLSTM
from rashomon.attribution.tagger.records import to_attributions
from rashomon.errors import ModelNotFoundError, PipelineError
from rashomon.model import Attribution
from rashomon.parse import ParsedArticle

WEIGHTS_FILE = "tagger.npz"  # BiLSTM arrays (float16)
VOCAB_FILE = "vocab.json"  # BiLSTM feature vocabularies
META_FILE = "meta.json"

__all__ = [
    "LABELS",
    "AttributionTagger",
    "Decoded",
    "decode",
    "find_attributions",
    "load_tagger",
]


class AttributionTagger:
    """A loaded model with its meta. ``version`` goes into ``Attribution.rules``."""

    def __init__(self, meta: dict[str, Any], lexicon: CueLexicon, net: BiLSTM) -> None:
        self.meta = meta
        self.version = str(meta.get("version", "tagger"))
        self.lexicon = lexicon
        self._net = net

    def tag(self, parsed: ParsedArticle, rules: Sequence[Attribution] = ()) -> list[str]:
        """One BIO tag per token of the parse."""
        doc = parsed.doc
        if not doc.has_annotation("DEP"):
            raise PipelineError("The attribution tagger needs a dependency parse (spaCy 'parser').")
        if len(doc) == 0:
            return []
        return self._net.tag(token_features(doc, self.lexicon, rules))

    def find_attributions(
        self, parsed: ParsedArticle, rules: Sequence[Attribution] = ()
    ) -> list[Attribution]:
        """The tagger's attributions (method "tagger"), in text order of content.

        ``rules``: the rules' attributions of the same parse (``extract.find_attributions``);
        they are features, so pass them (the shipped model was trained with them).
        """
        tags = self.tag(parsed, rules)
        decoded = decode(parsed.doc, tags)
        return to_attributions(parsed.doc, parsed.article, decoded, self.lexicon, self.version)


def find_attributions(
    parsed: ParsedArticle, tagger: AttributionTagger, rules: Sequence[Attribution] = ()
) -> list[Attribution]:
    """Function form of ``AttributionTagger.find_attributions``."""
    return tagger.find_attributions(parsed, rules)


def _read(path: Path | None, name: str) -> bytes:
    try:
        if path is None:
            return (
                resources.files("rashomon.attribution.tagger").joinpath("model", name).read_bytes()
            )
        return (path / name).read_bytes()
    except (OSError, ModuleNotFoundError) as e:
        where = "the packaged model" if path is None else str(path)
        raise ModelNotFoundError(
            f"Attribution tagger weights {name!r} not found in {where}. "
            "Rebuild them with: python tools/train_tagger.py"
        ) from e


def load_tagger(
    path: Path | None = None, *, lexicon: CueLexicon | None = None
) -> AttributionTagger:
    """Load the tagger: the packaged model by default, or the model directory ``path``
    (``meta.json``, ``tagger.npz``, ``vocab.json``). Never touches the network.

    Raises ``ModelNotFoundError`` when files are missing, ``PipelineError`` when the model
    was trained with another feature set or cue lexicon than ``lexicon``.
    """
    meta = json.loads(_read(path, META_FILE).decode("utf-8"))
    cues = lexicon if lexicon is not None else load_lexicon()
    if meta.get("features") != FEATURE_SET:
        raise PipelineError(
            f"Tagger model uses feature set {meta.get('features')!r}, this code {FEATURE_SET!r}."
        )
    if meta.get("lexicon") not in (None, cues.version):
        raise PipelineError(
            f"Tagger model was trained with cue lexicon {meta.get('lexicon')!r}, "
            f"not {cues.version!r}."
        )
    vocab = json.loads(_read(path, VOCAB_FILE).decode("utf-8"))
    with np.load(io.BytesIO(_read(path, WEIGHTS_FILE))) as arrays:
        net = BiLSTM(dict(arrays), vocab)
    return AttributionTagger(meta, cues, net)
