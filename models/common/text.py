"""The text task: Debian package descriptions -> archive section (10 classes).

Corpus: models/data/debian-descriptions/corpus.tsv.gz (built by build_corpus.py there, committed).
Encoding (identical for the three text models, and what a browser must feed them):
- tokens = re.findall(r"[a-z0-9]+", text.lower())
- vocabulary: from the *train* split only, words with count >= 2, sorted by (-count, word), the
  first VOCAB - 2 of them; id = 2 + rank. 0 = <pad>, 1 = <unk>. vocab.txt: line i = token of id i.
- ids = the first SEQ_LEN tokens' ids, left-padded with 0 to SEQ_LEN (so the recurrent models'
  last step is the last real token); int64 [N, SEQ_LEN].
Shared files written by prepare() (byte-identical on every run): vocab.txt, test_ids.npy,
test_labels.npy, reference_*.npy, generated_*.npy, generated.json.
"""
import csv
import gzip
import io
import json
import os
import re
from collections import Counter

import numpy as np

from . import reference

DATA_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                        "data", "debian-descriptions")
VOCAB = 5000
SEQ_LEN = 64
PAD, UNK = 0, 1
REF_SAMPLES = 100
GEN_SEED = 20250521
GEN_KINDS = ["drop10", "drop25", "swap_adjacent", "swap_random", "drop_swap"]


def tokenize(text):
    return re.findall(r"[a-z0-9]+", text.lower())


def load_corpus():
    with gzip.open(os.path.join(DATA_DIR, "corpus.tsv.gz"), "rt", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    with open(os.path.join(DATA_DIR, "corpus.json")) as f:
        classes = json.load(f)["classes"]
    return rows, classes


def build_vocab(train_tokens):
    counts = Counter(t for toks in train_tokens for t in toks)
    words = sorted((w for w, c in counts.items() if c >= 2), key=lambda w: (-counts[w], w))
    return ["<pad>", "<unk>"] + words[:VOCAB - 2]


def encode(tokens, index):
    ids = [index.get(t, UNK) for t in tokens[:SEQ_LEN]]
    return [PAD] * (SEQ_LEN - len(ids)) + ids


def _repad(ids):
    ids = [i for i in ids if i != PAD]
    return [PAD] * (SEQ_LEN - len(ids)) + ids


def mutate(row, kind, rs):
    """Token drops and swaps on one encoded row (int list, left-padded). Returns (row, params)."""
    toks = [i for i in row if i != PAD]
    n = len(toks)
    if kind in ("drop10", "drop25", "drop_swap"):
        p = {"drop10": 0.10, "drop25": 0.25, "drop_swap": 0.15}[kind]
        keep = rs.rand(n) >= p
        if keep.all() and n > 1:
            keep[rs.randint(n)] = False
        dropped = [int(i) for i in np.nonzero(~keep)[0]]
        toks = [t for t, k in zip(toks, keep) if k]
        params = {"dropped": dropped}
        if kind == "drop_swap" and len(toks) > 1:
            j = int(rs.randint(len(toks) - 1))
            toks[j], toks[j + 1] = toks[j + 1], toks[j]
            params["swapped"] = [[j, j + 1]]
        return _repad(toks), params
    if kind == "swap_adjacent":
        pairs = []
        for _ in range(3):
            if n < 2:
                break
            j = int(rs.randint(n - 1))
            toks[j], toks[j + 1] = toks[j + 1], toks[j]
            pairs.append([j, j + 1])
        return _repad(toks), {"swapped": pairs}
    if kind == "swap_random":
        pairs = []
        for _ in range(3):
            if n < 2:
                break
            a, b = (int(v) for v in rs.choice(n, 2, replace=False))
            toks[a], toks[b] = toks[b], toks[a]
            pairs.append([a, b])
        return _repad(toks), {"swapped": pairs}
    raise ValueError(kind)


def prepare():
    """Returns dict with train/test ids (int64), labels (int64 train, uint8 test), classes, vocab,
    reference rows, generated set; writes the shared files."""
    rows, classes = load_corpus()
    train = [r for r in rows if r["split"] == "train"]
    test = [r for r in rows if r["split"] == "test"]
    train_tok = [tokenize(r["text"]) for r in train]
    test_tok = [tokenize(r["text"]) for r in test]
    vocab = build_vocab(train_tok)
    index = {w: i for i, w in enumerate(vocab)}
    x_train = np.array([encode(t, index) for t in train_tok], dtype=np.int64)
    x_test = np.array([encode(t, index) for t in test_tok], dtype=np.int64)
    y_train = np.array([classes.index(r["label"]) for r in train], dtype=np.int64)
    y_test = np.array([classes.index(r["label"]) for r in test], dtype=np.uint8)
    ref_rows = np.linspace(0, len(test) - 1, REF_SAMPLES).round().astype(np.int64)

    rs = np.random.RandomState(GEN_SEED)
    existing = {r.tobytes() for r in x_test}
    gen, gen_rows = [], []
    for src in ref_rows:
        for kind in GEN_KINDS:
            for tries in range(1, 101):
                row, params = mutate([int(v) for v in x_test[src]], kind, rs)
                arr = np.array(row, dtype=np.int64)
                if arr.tobytes() not in existing:
                    break
            else:
                raise RuntimeError(f"no new row from {src} with {kind}")
            gen.append(arr)
            gen_rows.append({"source": int(src), "package": test[src]["package"], "kind": kind,
                             **params, "tries": tries})
    x_gen = np.stack(gen)
    gen_sources = np.array([g["source"] for g in gen_rows], dtype=np.int32)

    os.makedirs(DATA_DIR, exist_ok=True)
    with open(os.path.join(DATA_DIR, "vocab.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(vocab) + "\n")
    save = lambda name, arr: reference.save_npy(os.path.join(DATA_DIR, name), arr)  # noqa: E731
    save("test_ids.npy", x_test)
    save("test_labels.npy", y_test)
    save("reference_ids.npy", x_test[ref_rows])
    save("reference_labels.npy", y_test[ref_rows])
    save("generated_ids.npy", x_gen)
    save("generated_labels.npy", y_test[gen_sources])
    save("generated_sources.npy", gen_sources)
    reference.write_json(os.path.join(DATA_DIR, "generated.json"), {
        "seed": GEN_SEED, "kinds": GEN_KINDS, "sourceSplit": "test",
        "note": "row r = test-split row rows[r].source (reference row r // 5) mutated by kinds[r % 5]; "
                "token positions count real tokens only (padding excluded)",
        "rows": gen_rows})
    test_packages = [r["package"] for r in test]
    return {"classes": classes, "vocab": vocab, "x_train": x_train, "y_train": y_train,
            "x_test": x_test, "y_test": y_test, "ref_rows": ref_rows, "x_gen": x_gen,
            "gen_sources": gen_sources, "test_packages": test_packages}


def corpus_sizes(d):
    return {"train": int(len(d["x_train"])), "test": int(len(d["x_test"])), "classes": d["classes"],
            "vocab": len(d["vocab"]), "seqLen": SEQ_LEN}
