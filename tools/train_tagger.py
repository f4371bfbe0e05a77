"""Train the attribution tagger on PolNeAR train and write the shipped weights.

    python tools/train_tagger.py                       # ../shared/data/polnear/{train,dev}
    python tools/train_tagger.py --epochs 10 --seed 13 --cache /tmp/tagger-cache

Reads PolNeAR **train only** for training; dev only to pick the epoch and to record its
scores in ``meta.json`` (official scorer, imported from ../shared/eval/polnear/score.py at
training time). Articles are parsed with ``rashomon.parse.load_pipeline`` (the same
pipeline as at inference, paragraph breaks included); ``--cache`` keeps the parses as
DocBins between runs.

Needs PyTorch (training only: inference runs the network in numpy). Install it in a
separate virtual environment, never in the project's: ``pip install torch==2.13.0``.
Uses 2 threads. Prints the wall time.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import spacy
from spacy.tokens import Doc, DocBin

from rashomon import __version__
from rashomon.attribution import find_attributions, load_lexicon
from rashomon.attribution.lexicon import CueLexicon
from rashomon.attribution.tagger import META_FILE, VOCAB_FILE, WEIGHTS_FILE, load_tagger
from rashomon.attribution.tagger.decode import LABELS
from rashomon.attribution.tagger.features import FEATURE_SET, TokenFeatures, token_features
from rashomon.attribution.tagger.network import CHUNK, windows
from rashomon.config import Settings
from rashomon.model import Article, Part, PartKind
from rashomon.parse import ParsedArticle, load_pipeline

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
MODEL_DIR = REPO / "src/rashomon/attribution/tagger/model"
MIN_COUNT = 2  # feature values seen fewer times in train are unknown


def log(*parts: object) -> None:
    sys.stderr.write(" ".join(map(str, parts)) + "\n")


def load_scorer(path: Path) -> Any:
    sys.path.insert(0, str(path.parent))
    import score  # type: ignore[import-not-found]

    return score


def parse_split(split_dir: Path, model: str, cache: Path | None) -> tuple[list[str], list[Doc]]:
    stems = sorted(p.stem for p in (split_dir / "text").glob("*.txt"))
    key = hashlib.sha256(("\n".join(stems) + model).encode()).hexdigest()[:12]
    cached = cache / f"{split_dir.name}-{key}.spacy" if cache else None
    vocab = spacy.blank("en").vocab
    if cached is not None and cached.exists():
        log(f"{split_dir.name}: parses from {cached}")
        return stems, list(DocBin().from_disk(cached).get_docs(vocab))
    nlp = load_pipeline(model)
    texts = [(split_dir / "text" / f"{s}.txt").read_text(encoding="utf-8") for s in stems]
    t0 = time.time()
    docs = list(nlp.pipe(texts, batch_size=32))
    log(f"{split_dir.name}: parsed {len(docs)} articles in {time.time() - t0:.0f}s")
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        DocBin(
            attrs=[
                "ORTH",
                "TAG",
                "HEAD",
                "DEP",
                "ENT_IOB",
                "ENT_TYPE",
                "LEMMA",
                "MORPH",
                "POS",
                "SENT_START",
                "SPACY",
            ],
            docs=docs,
        ).to_disk(cached)
    return stems, docs


def gold_tags(doc: Doc, attributions: list[Any]) -> list[str]:
    """BIO tags of one article from its gold attributions (a token takes the role of its
    first annotated character; runs of one role of one attribution form a span)."""
    role: list[tuple[int, str] | None] = [None] * (len(doc.text) + 1)
    for k, a in enumerate(attributions):
        for frags, name in ((a.content, "CONTENT"), (a.source, "SOURCE"), (a.cue, "CUE")):
            for s, e in frags or ():
                role[s:e] = [(k, name)] * (e - s)
    tok_role = []
    for t in doc:
        found = None
        if not t.is_space:
            found = next((role[c] for c in range(t.idx, t.idx + len(t.text)) if role[c]), None)
        tok_role.append(found)
    tags = ["O"] * len(doc)
    prev = None
    for i, t in enumerate(doc):
        if t.is_space:
            continue
        r = tok_role[i]
        if r is not None:
            tags[i] = ("I-" if prev == r else "B-") + r[1]
        prev = r
    for i, t in enumerate(doc):  # whitespace inside a run belongs to it
        if t.is_space and i > 0:
            j = i + 1
            while j < len(doc) and doc[j].is_space:
                j += 1
            left = tok_role[i - 1]
            if j < len(doc) and left is not None and left == tok_role[j]:
                tags[i] = "I-" + left[1]
    return tags


def _fast_text_spans() -> None:
    """Speed only, same output: ``spans.text_span`` reads ``doc.text`` (rebuilt by spaCy on
    every access); on DocBin-loaded parses the rules took 21 s of 22 s on dev there. Cache
    the text per doc while training."""
    from rashomon.attribution import extract, spans
    from rashomon.model import TextSpan

    cache: dict[tuple[int, int], str] = {}

    def text_span(doc: Doc, start: int, end: int) -> TextSpan:
        key = (id(doc), len(doc))
        if key not in cache:
            cache.clear()
            cache[key] = doc.text
        return TextSpan(start=start, end=end, text=cache[key][start:end])

    spans.text_span = text_span
    extract.text_span = text_span


def rule_attributions(stems: list[str], docs: list[Doc], lexicon: CueLexicon) -> list[list[Any]]:
    out = []
    for stem, doc in zip(stems, docs, strict=True):
        text = doc.text
        article = Article(id=stem, text=text, parts=(Part(PartKind.BODY, 0, len(text)),))
        out.append(find_attributions(ParsedArticle(article, doc), lexicon=lexicon))
    return out


def featurize(docs: list[Doc], rules: list[list[Any]], lexicon: CueLexicon) -> list[TokenFeatures]:
    return [token_features(doc, lexicon, r) for doc, r in zip(docs, rules, strict=True)]


def build_vocab(feats: list[list[dict[str, Any]]]) -> dict[str, Any]:
    counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for doc in feats:
        for f in doc:
            for k, v in f.items():
                if k != "bias":
                    counts[k][str(v)] += 1
    fields = sorted(counts)
    vocab = {
        k: {v: i + 2 for i, (v, c) in enumerate(counts[k].most_common()) if c >= MIN_COUNT}
        for k in fields
    }
    return {"fields": fields, "vocab": vocab}


def embedding_dim(field: str, size: int) -> int:
    if field == "w":
        return 64
    return 32 if size > 1000 else 16 if size > 50 else 8 if size > 4 else 4


def encode(feats: list[dict[str, Any]], vocab: dict[str, Any]) -> np.ndarray:
    fields = vocab["fields"]
    maps = [vocab["vocab"][k] for k in fields]
    ids = np.zeros((len(feats), len(fields)), dtype=np.int64)
    for i, f in enumerate(feats):
        for j, k in enumerate(fields):
            v = f.get(k)
            if v is not None:
                ids[i, j] = maps[j].get(str(v), 1)
    return ids


def train(args: argparse.Namespace) -> None:
    try:
        import torch
        from torch import nn
    except ImportError:
        raise SystemExit(
            "train_tagger needs PyTorch (pip install torch==2.13.0 in a separate venv)"
        ) from None
    t_start = time.time()
    torch.set_num_threads(2)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    scorer = load_scorer(args.scorer)
    lexicon = load_lexicon()
    _fast_text_spans()
    train_stems, train_docs = parse_split(args.train, args.model, args.cache)
    if args.limit:
        train_stems, train_docs = train_stems[: args.limit], train_docs[: args.limit]
    gold, _ = scorer.load_gold(str(args.train))
    feats = featurize(train_docs, rule_attributions(train_stems, train_docs, lexicon), lexicon)
    tags = [
        gold_tags(d, gold[s].attributions) for s, d in zip(train_stems, train_docs, strict=True)
    ]
    vocab = build_vocab([f.rows() for f in feats])
    l2i = {lab: i for i, lab in enumerate(LABELS)}
    xs, ys = [], []
    for f, t in zip(feats, tags, strict=True):
        ids = encode(f.rows(), vocab)
        lab = np.array([l2i[x] for x in t], dtype=np.int64)
        for a, b in windows(f.ends):
            xs.append(ids[a:b])
            ys.append(lab[a:b])
    n_tokens = sum(len(d) for d in train_docs)
    log(f"train: {len(train_stems)} articles, {n_tokens} tokens, {len(xs)} windows")
    dev_data = None
    if args.dev is not None:
        dev_stems, dev_docs = parse_split(args.dev, args.model, args.cache)
        dev_data = (dev_stems, dev_docs, rule_attributions(dev_stems, dev_docs, lexicon))
    fields = vocab["fields"]
    sizes = [len(vocab["vocab"][k]) + 2 for k in fields]
    dims = [embedding_dim(k, n) for k, n in zip(fields, sizes, strict=True)]

    class Net(nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.emb = nn.ModuleList([nn.Embedding(n, d) for n, d in zip(sizes, dims, strict=True)])
            self.drop = nn.Dropout(args.dropout)
            self.lstm = nn.LSTM(sum(dims), args.hidden, bidirectional=True, batch_first=True)
            self.out = nn.Linear(2 * args.hidden, len(LABELS))

        def forward(self, x: Any, lengths: Any) -> Any:
            e = self.drop(torch.cat([m(x[:, :, j]) for j, m in enumerate(self.emb)], -1))
            packed = nn.utils.rnn.pack_padded_sequence(
                e, lengths, batch_first=True, enforce_sorted=False
            )
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True)
            return self.out(self.drop(h))

    net = Net()
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    wi, li = fields.index("w"), fields.index("l")

    def batch(idx: list[int], wdrop: float) -> tuple[Any, Any, Any]:
        lens = [len(xs[i]) for i in idx]
        x = np.zeros((len(idx), max(lens), len(fields)), dtype=np.int64)
        y = np.full((len(idx), max(lens)), -100, dtype=np.int64)
        for b, i in enumerate(idx):
            x[b, : lens[b]] = xs[i]
            y[b, : lens[b]] = ys[i]
        if wdrop:
            drop = np.random.rand(*x.shape[:2]) < wdrop
            for j in (wi, li):
                col = x[:, :, j]
                col[drop & (col > 0)] = 1
        return torch.from_numpy(x), torch.from_numpy(y), torch.tensor(lens)

    def export() -> dict[str, np.ndarray]:
        sd = {k: v.detach().numpy() for k, v in net.state_dict().items()}
        arrays = {f"emb{j}": sd[f"emb.{j}.weight"] for j in range(len(fields))}
        for suffix in ("", "_reverse"):
            arrays[f"w_ih{suffix}"] = sd[f"lstm.weight_ih_l0{suffix}"]
            arrays[f"w_hh{suffix}"] = sd[f"lstm.weight_hh_l0{suffix}"]
            arrays[f"b_ih{suffix}"] = sd[f"lstm.bias_ih_l0{suffix}"]
            arrays[f"b_hh{suffix}"] = sd[f"lstm.bias_hh_l0{suffix}"]
        arrays["out_w"] = sd["out.weight"]
        arrays["out_b"] = sd["out.bias"]
        return {k: v.astype(np.float16) for k, v in arrays.items()}

    files = sorted(p.name for p in (args.train / "text").glob("*.txt"))
    meta: dict[str, Any] = {
        "version": f"tagger-bilstm-{FEATURE_SET}-s{args.seed}",
        "rashomon": __version__,
        "kind": "bilstm",
        "features": FEATURE_SET,
        "lexicon": lexicon.version,
        "labels": list(LABELS),
        "spacy_model": args.model,
        "data": {
            "corpus": "PolNeAR v1.0.0",
            "split": "train",
            "files": len(files),
            "files_sha256": hashlib.sha256("\n".join(files).encode()).hexdigest(),
            "tokens": sum(len(d) for d in train_docs),
        },
        "seed": args.seed,
        "hyperparameters": {
            "epochs": args.epochs,
            "hidden": args.hidden,
            "dropout": args.dropout,
            "lr": args.lr,
            "lr_last_epochs": args.lr / 4,
            "batch": args.batch,
            "chunk_tokens": CHUNK,
            "word_dropout": 0.05,
            "min_count": MIN_COUNT,
            "embedding_dims": dict(zip(fields, dims, strict=True)),
            "optimizer": "adam",
            "clip_grad_norm": 5.0,
            "loss": "cross-entropy",
            "decoding": "viterbi with BIO constraints",
        },
    }
    args.out.mkdir(parents=True, exist_ok=True)
    best: tuple[float, int] | None = None
    order = list(range(len(xs)))
    history = []
    for epoch in range(args.epochs):
        t0 = time.time()
        if epoch == args.epochs - 3:
            for g in opt.param_groups:
                g["lr"] = args.lr / 4
        random.shuffle(order)
        total = 0.0
        net.train()
        for s in range(0, len(order), args.batch):
            x, y, lens = batch(order[s : s + args.batch], 0.05)
            logits = net(x, lens)
            loss = nn.functional.cross_entropy(
                logits.reshape(-1, len(LABELS)),
                y[:, : logits.shape[1]].reshape(-1),
                ignore_index=-100,
            )
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            total += loss.item()
        net.eval()
        with tempfile.TemporaryDirectory() as tmp:
            candidate = Path(tmp)
            np.savez(candidate / WEIGHTS_FILE, **export())
            (candidate / VOCAB_FILE).write_text(json.dumps(vocab), encoding="utf-8")
            (candidate / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
            scores = evaluate(candidate, dev_data, args, scorer) if dev_data else {}
            history.append({"epoch": epoch + 1, "loss": round(total, 2), **scores})
            log(f"epoch {epoch + 1}: loss {total:.1f}, {time.time() - t0:.0f}s, dev {scores}")
            e2e = scores.get("e2e_f1", 0.0)
            if best is None or e2e > best[0] or not dev_data:
                best = (e2e, epoch + 1)
                for name in (WEIGHTS_FILE, VOCAB_FILE):
                    (args.out / name).write_bytes((candidate / name).read_bytes())
                meta["epoch_kept"] = epoch + 1
                meta["dev"] = scores
    meta["history"] = history
    meta["model_selection"] = "epoch with the best dev END-TO-END F1" if dev_data else "last epoch"
    meta["train_wall_seconds"] = round(time.time() - t_start)
    (args.out / META_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    size = sum(p.stat().st_size for p in args.out.iterdir())
    log(f"kept epoch {meta['epoch_kept']} (dev {meta.get('dev')})")
    log(f"{size / 1e6:.1f} MB in {args.out}")
    sys.stdout.write(f"wall time {time.time() - t_start:.0f}s\n")


def evaluate(model_dir: Path, dev: Any, args: argparse.Namespace, scorer: Any) -> dict[str, float]:
    stems, docs, rules_of = dev
    tagger = load_tagger(model_dir)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as out:
        for stem, doc, rules in zip(stems, docs, rules_of, strict=True):
            text = doc.text
            article = Article(id=stem, text=text, parts=(Part(PartKind.BODY, 0, len(text)),))
            parsed = ParsedArticle(article, doc)
            for a in tagger.find_attributions(parsed, rules):
                out.write(
                    json.dumps(
                        {
                            "doc": stem,
                            "source": [a.source.start, a.source.end] if a.source else None,
                            "cue": [a.cue.start, a.cue.end] if a.cue else None,
                            "content": [[c.start, c.end] for c in a.content],
                        }
                    )
                    + "\n"
                )
    result = scorer.run(str(args.dev), out.name)
    Path(out.name).unlink()
    m, k = result["metrics"], result["recall_by_gold_kind"]
    return {
        "scorer_version": scorer.SCORER_VERSION,
        "content_partial_f1": round(100 * m["content_partial"]["f1"], 2),
        "e2e_f1": round(100 * m["e2e"]["f1"], 2),
        "e2e_p": round(100 * m["e2e"]["p"], 2),
        "e2e_r": round(100 * m["e2e"]["r"], 2),
        "cue_overlap_f1": round(100 * m["cue_overlap"]["f1"], 2),
        "recall_indirect": round(100 * k["indirect"]["recall_partial"], 2),
        "recall_direct": round(100 * k["direct"]["recall_partial"], 2),
        "recall_mixed": round(100 * k["mixed"]["recall_partial"], 2),
    }


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--train", type=Path, default=SHARED / "data/polnear/train")
    p.add_argument(
        "--dev",
        type=Path,
        default=SHARED / "data/polnear/dev",
        help="dev split: picks the epoch and is scored into meta.json",
    )
    p.add_argument("--no-dev", dest="dev", action="store_const", const=None)
    p.add_argument("--scorer", type=Path, default=SHARED / "eval/polnear/score.py")
    p.add_argument("--model", default=Settings().model, help="spaCy pipeline")
    p.add_argument("--out", type=Path, default=MODEL_DIR)
    p.add_argument("--cache", type=Path, default=None, help="keep parsed DocBins here")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--dropout", type=float, default=0.3)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--limit", type=int, default=0, help="first N train articles (smoke tests)")
    p.add_argument(
        "--rescore",
        action="store_true",
        help="no training: score the model in --out on --dev with this code, update meta.json",
    )
    args = p.parse_args()
    if args.rescore:
        rescore(args)
    else:
        train(args)


def rescore(args: argparse.Namespace) -> None:
    """Re-score an existing model on dev (after a change of decoding, for example)."""
    if args.dev is None:
        raise SystemExit("--rescore needs --dev")
    scorer = load_scorer(args.scorer)
    _fast_text_spans()
    lexicon = load_lexicon()
    stems, docs = parse_split(args.dev, args.model, args.cache)
    scores = evaluate(
        args.out, (stems, docs, rule_attributions(stems, docs, lexicon)), args, scorer
    )
    meta_path = args.out / META_FILE
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("dev") != scores:
        meta.setdefault("dev_at_training", meta.get("dev"))
    meta["dev"] = scores
    meta_path.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    log(f"dev {scores}")


if __name__ == "__main__":
    main()
