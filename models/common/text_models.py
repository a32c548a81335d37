"""TextCNN, LSTM and GRU classifiers on the Debian-descriptions task, and their shared training /
export / reference pipeline. Each models/<name>/train.py calls main(<name>).

Input of every exported model: `ids` int64 [N, 64] (models/common/text.py), output `logits`
float32 [N, 10].
"""
import json
import os

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F

from . import reference
from . import text
from . import train_util as tu

SEED = 0
EMBED = 64
CONFIG = {
    "textcnn": {"epochs": 8, "batch": 64, "lr": 2e-3},
    "lstm": {"epochs": 4, "batch": 64, "lr": 3e-3},
    "gru": {"epochs": 4, "batch": 64, "lr": 3e-3},
}


class TextCNN(nn.Module):
    """Kim (2014): embedding -> parallel 1-D convs (widths 3, 4, 5; 64 filters each) -> ReLU ->
    max over time -> concat -> dropout -> dense."""

    def __init__(self, vocab, classes, filters=64, widths=(3, 4, 5)):
        super().__init__()
        self.embedding = nn.Embedding(vocab, EMBED, padding_idx=text.PAD)
        self.convs = nn.ModuleList([nn.Conv1d(EMBED, filters, w) for w in widths])
        self.relus = nn.ModuleList([nn.ReLU() for _ in widths])
        self.dropout = nn.Dropout(0.5)
        self.fc = nn.Linear(filters * len(widths), classes)

    def forward(self, ids):
        x = self.embedding(ids).transpose(1, 2)                   # [N, E, T]
        feats = [torch.amax(r(c(x)), dim=2) for c, r in zip(self.convs, self.relus)]
        return self.fc(self.dropout(torch.cat(feats, dim=1)))


class RNNClassifier(nn.Module):
    """embedding -> one LSTM/GRU layer (64 units) -> last hidden state -> dropout -> dense."""

    def __init__(self, vocab, classes, cell, hidden=64):
        super().__init__()
        self.embedding = nn.Embedding(vocab, EMBED, padding_idx=text.PAD)
        self.rnn = (nn.LSTM if cell == "lstm" else nn.GRU)(EMBED, hidden, batch_first=True)
        self.cell = cell
        self.dropout = nn.Dropout(0.3)
        self.fc = nn.Linear(hidden, classes)

    def forward(self, ids):
        _, h = self.rnn(self.embedding(ids))
        if self.cell == "lstm":
            h = h[0]
        return self.fc(self.dropout(h[-1]))                       # h: [1, N, H]


def make(name, vocab, classes):
    return TextCNN(vocab, classes) if name == "textcnn" else RNNClassifier(vocab, classes, name)


def main(name):
    here = os.path.join(tu.MODELS_DIR, name)
    cfg = CONFIG[name]
    tu.setup_determinism(SEED)
    d = text.prepare()
    x_train, y_train = torch.from_numpy(d["x_train"]), torch.from_numpy(d["y_train"])
    x_test, y_test = torch.from_numpy(d["x_test"]), d["y_test"]
    model = make(name, len(d["vocab"]), len(d["classes"]))
    tu.log(f"{name}: {tu.params(model)} parameters, {json.dumps(text.corpus_sizes(d))}")
    opt = torch.optim.Adam(model.parameters(), lr=cfg["lr"])
    gen = torch.Generator().manual_seed(SEED)
    n, batch = x_train.shape[0], cfg["batch"]
    timer = tu.Timer()
    for epoch in range(cfg["epochs"]):
        model.train()
        perm = torch.randperm(n, generator=gen)
        total = 0.0
        for i in range(0, n, batch):
            idx = perm[i:i + batch]
            opt.zero_grad()
            loss = F.cross_entropy(model(x_train[idx]), y_train[idx])
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            total += loss.item() * idx.numel()
        acc = (tu.predict(model, x_test).argmax(1).numpy() == y_test).mean()
        tu.log(f"epoch {epoch + 1}/{cfg['epochs']}: train loss {total / n:.4f}, test acc {acc:.4f}, {timer():.1f} s")
    train_seconds = timer()
    model.eval()

    onnx_path = os.path.join(here, "model.onnx")
    io = dict(dummy=torch.zeros(1, text.SEQ_LEN, dtype=torch.int64), input_names=["ids"],
              output_names=["logits"], dynamic_axes={"ids": {0: "N"}, "logits": {0: "N"}})
    m = tu.export_onnx(model, io["dummy"], onnx_path, io["input_names"], io["output_names"], io["dynamic_axes"],
                       post=tu.drop_zero_initial_state)
    ops = tu.describe(m)

    data = "../../data/debian-descriptions"
    common = {"model": name, "onnx": "../model.onnx", "producer": tu.producer(),
              "preprocess": "int64 token ids, see models/common/text.py (vocab: models/data/debian-descriptions/vocab.txt)"}
    dataset = "debian-descriptions test split"
    test_logits = tu.predict(model, x_test).numpy()
    pc_acc = float((test_logits.argmax(1) == y_test).mean())
    ref_rows = d["ref_rows"]
    reference.write_set(
        os.path.join(here, "reference"), {**common, "dataset": dataset, "sampleIndices": ref_rows},
        inputs=[{"name": "ids", "file": f"{data}/reference_ids.npy", "write": False}],
        outputs=[{"name": "logits", "file": "logits.npy", "array": tu.predict(model, x_test[ref_rows]).numpy()}],
        labels={"file": f"{data}/reference_labels.npy", "write": False},
        extra={"classes": d["classes"], "vocab": f"{data}/vocab.txt"})
    reference.write_set(
        os.path.join(here, "testset"), {**common, "dataset": dataset, "sampleIndices": range(len(y_test))},
        inputs=[{"name": "ids", "file": f"{data}/test_ids.npy", "write": False}],
        outputs=[{"name": "logits", "file": "logits.npy", "array": test_logits}],
        labels={"file": f"{data}/test_labels.npy", "write": False},
        extra={"classes": d["classes"], "vocab": f"{data}/vocab.txt", "evalBatch": 1000,
               "pcTestAccuracy": pc_acc})
    gen_logits = tu.predict(model, torch.from_numpy(d["x_gen"])).numpy()
    gen_y = y_test[d["gen_sources"]]
    gen_info = {
        "pcAccuracy": float((gen_logits.argmax(1) == gen_y).mean()),
        "pcAccuracyOnSources": float((test_logits[ref_rows].argmax(1) == y_test[ref_rows]).mean()),
        "predictionChangedVsSource": float((gen_logits.argmax(1) != test_logits[d["gen_sources"]].argmax(1)).mean()),
        "newInputs": "no generated row equals a test-split row (checked when generated)",
    }
    reference.write_set(
        os.path.join(here, "generated"),
        {**common, "dataset": dataset + ", generated (token drops and swaps)", "sampleIndices": range(len(gen_y))},
        inputs=[{"name": "ids", "file": f"{data}/generated_ids.npy", "write": False}],
        outputs=[{"name": "logits", "file": "logits.npy", "array": gen_logits}],
        labels={"file": f"{data}/generated_labels.npy", "write": False},
        extra={"mutations": f"{data}/generated.json", "sources": f"{data}/generated_sources.npy", **gen_info})
    tu.log(f"PC test accuracy {pc_acc:.4f}; generated {json.dumps(gen_info)}")

    opset17 = tu.check_opset17(model, io["dummy"], io["input_names"], io["output_names"], io["dynamic_axes"],
                               os.path.join(here, "reference", "manifest.json"), post=tu.drop_zero_initial_state)
    tu.write_info(here, {
        "model": name, "dataset": "debian-descriptions (Debian 12 package descriptions -> section, 10 classes)",
        "corpus": text.corpus_sizes(d), "params": tu.params(model),
        "onnxBytes": os.path.getsize(onnx_path), "opset": tu.OPSET, "ops": [nd.op_type for nd in m.graph.node],
        "opTypes": ops, "pcTestAccuracy": pc_acc, "generated": gen_info, "opset17": opset17,
        "epochs": cfg["epochs"], "batch": batch, "optimizer": f"Adam lr={cfg['lr']}, grad-norm clip 5",
        "seed": SEED, "torch": torch.__version__, "onnx": onnx.__version__, "threads": torch.get_num_threads(),
        "trainSeconds": round(train_seconds, 1)})
    tu.build_ort_references(name)
