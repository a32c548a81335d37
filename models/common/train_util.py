"""Shared pieces of the training scripts: determinism, evaluation, ONNX export and checks,
reference/testset/generated writers for the Fashion-MNIST models, info.json.

Every script: /usr/bin/python3 models/<model>/train.py (Debian python3-torch 1.13, 2 threads).
"""
import json
import os
import random
import subprocess
import tempfile
import time

import numpy as np
import onnx
import onnx.numpy_helper
import torch
import torch.nn as nn

from . import fashion_mnist as fm
from . import reference

MODELS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_DIR = os.path.dirname(MODELS_DIR)
OPSET = 13
GENERATED_DIR = os.path.join(MODELS_DIR, "data", "fashion-mnist-generated")
LENET5_REF = os.path.join(MODELS_DIR, "lenet5", "reference")


def setup_determinism(seed=0):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(2)


def producer():
    return "pytorch " + torch.__version__


def params(model):
    return int(sum(p.numel() for p in model.parameters()))


@torch.no_grad()
def predict(model, x, batch=1000):
    model.eval()
    return torch.cat([model(x[i:i + batch]) for i in range(0, x.shape[0], batch)])


def log(msg):
    print(msg, flush=True)


# ---- ONNX ------------------------------------------------------------------------------------
def _shape(v):
    return [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]


def export_onnx(model, dummy, path, input_names, output_names, dynamic_axes, opset=OPSET,
                post=None):
    """Export (eval mode: BatchNorm folds into Conv), optional graph post-processing `post(m)`,
    full ONNX check. Returns the loaded onnx model."""
    model.eval()
    torch.onnx.export(model, dummy, path, opset_version=opset, input_names=input_names,
                      output_names=output_names, dynamic_axes=dynamic_axes,
                      do_constant_folding=True, export_params=True,
                      training=torch.onnx.TrainingMode.EVAL)
    m = onnx.load(path)
    if post is not None:
        post(m)
        onnx.save(m, path)
        m = onnx.load(path)
    onnx.checker.check_model(m, full_check=True)
    return m


def describe(m):
    log(f"ONNX opset {m.opset_import[0].version}, IR {m.ir_version}, {len(m.graph.node)} nodes")
    log(f"  inputs : {[(v.name, _shape(v)) for v in m.graph.input]}")
    log(f"  outputs: {[(v.name, _shape(v)) for v in m.graph.output]}")
    ops = {}
    for n in m.graph.node:
        ops[n.op_type] = ops.get(n.op_type, 0) + 1
    log(f"  ops    : {ops}")
    return ops


def _constant_pad_symbolic(g, input, pad, value):
    """aten::constant_pad_nd -> ONNX Pad with a *constant* pads tensor (torch 1.13's own symbolic
    builds the pads with a negative-step Slice that constant folding skips)."""
    from torch.onnx import symbolic_helper as sh
    pad = sh._get_const(pad, "is", "pad")
    rank = sh._get_tensor_rank(input)
    begins, ends = [0] * rank, [0] * rank
    for i in range(len(pad) // 2):  # torch: (last_begin, last_end, prev_begin, prev_end, ...)
        begins[rank - 1 - i], ends[rank - 1 - i] = pad[2 * i], pad[2 * i + 1]
    pads = g.op("Constant", value_t=torch.tensor(begins + ends, dtype=torch.int64))
    value = 0.0 if sh._is_none(value) else float(sh._get_const(value, "f", "value"))
    value = g.op("Constant", value_t=torch.tensor(value))
    return g.op("Pad", input, pads, value, mode_s="constant")


def _pad_symbolic(g, input, pad, mode, value):
    from torch.onnx import symbolic_helper as sh
    mode = sh._maybe_get_const(mode, "s")
    assert mode == "constant", mode
    return _constant_pad_symbolic(g, input, pad, value)


def register_constant_pad(opsets=(13, 17)):
    for opset in opsets:
        torch.onnx.register_custom_op_symbolic("aten::constant_pad_nd", _constant_pad_symbolic, opset)
        torch.onnx.register_custom_op_symbolic("aten::pad", _pad_symbolic, opset)


def fuse_zero_pad_into_conv(m):
    """Pad(constant 0) -> Conv becomes one Conv with asymmetric `pads` (what Keras 'same' means
    for stride 2 on an even input: the extra row/column at the bottom/right)."""
    g = m.graph
    consts = {t.name: onnx.numpy_helper.to_array(t) for t in g.initializer}
    for n in g.node:
        if n.op_type == "Constant":
            consts[n.output[0]] = onnx.numpy_helper.to_array(n.attribute[0].t)
    consumers = {}
    for n in g.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)
    removed = []
    for pad in list(g.node):
        if pad.op_type != "Pad":
            continue
        mode = [a.s.decode() for a in pad.attribute if a.name == "mode"]
        if mode and mode[0] != "constant":
            continue
        pads = consts[pad.input[1]].astype(np.int64).tolist()
        value = float(consts[pad.input[2]]) if len(pad.input) > 2 and pad.input[2] else 0.0
        users = consumers.get(pad.output[0], [])
        if value != 0.0 or not users or any(u.op_type != "Conv" for u in users):
            continue
        r = len(pads) // 2
        if any(pads[i] or pads[r + i] for i in range(2)):  # batch/channel padding: leave it
            continue
        spatial = pads[2:r] + pads[r + 2:]  # [h_begin, w_begin, h_end, w_end]
        for conv in users:
            old = [a for a in conv.attribute if a.name == "pads"]
            base = list(old[0].ints) if old else [0] * len(spatial)
            for a in old:
                conv.attribute.remove(a)
            conv.attribute.append(onnx.helper.make_attribute(
                "pads", [b + s for b, s in zip(base, spatial)]))
            conv.input[0] = pad.input[0]
        removed.append(pad)
    for n in removed:
        g.node.remove(n)
    used = {i for n in g.node for i in n.input}
    for n in list(g.node):  # drop Constant nodes only the Pads used
        if n.op_type == "Constant" and n.output[0] not in used:
            g.node.remove(n)
    for t in list(g.initializer):
        if t.name not in used:
            g.initializer.remove(t)
    log(f"fused {len(removed)} Pad nodes into Conv pads")


def run_reference_tool(onnx_path, manifest, out_dir, layers="none"):
    """models/reference (onnxruntime-node) on a manifest's inputs; returns the new manifest."""
    cmd = ["node", os.path.join(MODELS_DIR, "reference"), onnx_path, manifest, "-o", out_dir,
           "--layers", layers, "-q"]
    subprocess.run(cmd, check=True)
    with open(os.path.join(out_dir, "manifest.json")) as f:
        return json.load(f)


def check_opset17(model, dummy, input_names, output_names, dynamic_axes, manifest, post=None):
    """Export the same weights at opset 17, check it, run it with onnxruntime-node on the
    reference inputs and compare with the PyTorch outputs. Nothing is kept."""
    with tempfile.TemporaryDirectory() as tmp:
        p = os.path.join(tmp, "model17.onnx")
        export_onnx(model, dummy, p, input_names, output_names, dynamic_axes, opset=17, post=post)
        res = run_reference_tool(p, manifest, os.path.join(tmp, "ref"))
        diffs = {c["name"]: c["maxAbsDiff"] for c in res["compare"]["outputs"]}
    out = {"opset": 17, "onnxCheck": True, "loadsInOnnxruntimeNode": True,
           "maxAbsDiffVsPytorch": diffs}
    log(f"opset 17: {out}")
    return out


def build_ort_references(model_name):
    """ORT outputs + per-layer values + index update: models/build-references.mjs."""
    subprocess.run(["node", os.path.join(MODELS_DIR, "build-references.mjs"), model_name],
                   check=True)


# ---- neuron coverage (DeepXplore-style: a ReLU unit is covered if > 0 for some input) ---------
@torch.no_grad()
def relu_coverage(model, x, batch=500):
    model.eval()
    acts = []
    hooks = [mod.register_forward_hook(lambda _m, _i, out: acts.append(out))
             for mod in model.modules() if isinstance(mod, nn.ReLU)]
    covered = None
    try:
        for i in range(0, x.shape[0], batch):
            acts.clear()
            model(x[i:i + batch])
            cur = torch.cat([(a > 0).flatten(1).any(0) for a in acts])
            covered = cur if covered is None else (covered | cur)
    finally:
        for h in hooks:
            h.remove()
    return covered


def coverage_summary(model, x_orig, x_gen):
    a = relu_coverage(model, x_orig)
    b = relu_coverage(model, x_gen)
    return {"reluUnits": int(a.numel()), "coveredByOriginals": int(a.sum()),
            "coveredByGenerated": int(b.sum()), "coveredOnlyByGenerated": int((b & ~a).sum()),
            "coveredByBoth": int((a | b).sum()),
            "rule": "a ReLU output unit (layer, channel, position) counts as covered if it is > 0 "
                    "for at least one input (PyTorch, eval mode)"}


# ---- Fashion-MNIST reference sets --------------------------------------------------------------
def to_tensor(images_u8):
    """The documented preprocessing in torch: t.float() / 255, NCHW."""
    return torch.from_numpy(images_u8).unsqueeze(1).float() / 255


def write_image_references(model, name, here, test_x, test_y, eval_batch=1000):
    """reference/ (test images 0..99; input/labels shared with lenet5/reference), testset/
    (all 10,000), generated/ (the 500 shared generated inputs). Returns (pc_acc, generated info)."""
    onnx_rel = "../model.onnx"
    test_logits = predict(model, test_x, eval_batch).numpy().astype(np.float32)
    pc_acc = float((test_logits.argmax(1) == test_y).mean())

    idx = np.arange(100)
    ref_in = np.load(os.path.join(LENET5_REF, "input.npy"))
    assert np.array_equal(ref_in.view(np.uint32), test_x[idx].numpy().view(np.uint32))
    ref_logits = predict(model, test_x[idx], eval_batch).numpy()
    common = {"model": name, "onnx": onnx_rel, "producer": producer(),
              "preprocess": reference.PREPROCESS}
    reference.write_set(
        os.path.join(here, "reference"), {**common, "dataset": "fashion-mnist t10k", "sampleIndices": idx},
        inputs=[{"name": "input", "file": "../../lenet5/reference/input.npy", "write": False}],
        outputs=[{"name": "logits", "file": "logits.npy", "array": ref_logits}],
        labels={"file": "../../lenet5/reference/labels.npy", "write": False},
        extra={"evalBatch": eval_batch})

    n = test_logits.shape[0]
    reference.write_set(
        os.path.join(here, "testset"), {**common, "dataset": "fashion-mnist t10k", "sampleIndices": range(n)},
        inputs=[], outputs=[{"name": "logits", "file": "logits.npy", "array": test_logits}],
        extra={"imagesFrom": fm.path("t10k", "images"), "labelsFrom": fm.path("t10k", "labels"),
               "evalBatch": eval_batch, "pcTestAccuracy": pc_acc})
    # inputs come from the IDX file (as in lenet5/testset): patch the entry in
    mpath = os.path.join(here, "testset", "manifest.json")
    with open(mpath) as f:
        man = json.load(f)
    man["inputs"] = [{"name": "input", "from": "imagesFrom", "dtype": "float32", "shape": [n, 1, 28, 28]}]
    reference.write_json(mpath, man)

    gen_info = write_generated(model, name, here, test_x, test_y, test_logits, eval_batch)
    log(f"PC test accuracy {pc_acc:.4f}; generated: {json.dumps(gen_info)}")
    return pc_acc, gen_info


def write_generated(model, name, here, test_x, test_y, test_logits, eval_batch=1000):
    """generated/: PyTorch outputs on the 500 shared generated inputs + how far they reach."""
    common = {"model": name, "onnx": "../model.onnx", "producer": producer(),
              "preprocess": reference.PREPROCESS}
    idx = np.arange(100)
    gen_x = torch.from_numpy(np.load(os.path.join(GENERATED_DIR, "input.npy")))
    gen_y = np.load(os.path.join(GENERATED_DIR, "labels.npy"))
    sources = np.load(os.path.join(GENERATED_DIR, "sources.npy"))
    gen_logits = predict(model, gen_x, eval_batch).numpy()
    gen_pred = gen_logits.argmax(1)
    orig_pred = test_logits[sources].argmax(1)
    gen_info = {
        "pcAccuracy": float((gen_pred == gen_y).mean()),
        "pcAccuracyOnSources": float((test_logits[idx].argmax(1) == test_y[idx]).mean()),
        "predictionChangedVsSource": float((gen_pred != orig_pred).mean()),
        "coverage": coverage_summary(model, test_x[idx], gen_x),
    }
    reference.write_set(
        os.path.join(here, "generated"),
        {**common, "dataset": "fashion-mnist t10k, generated (models/data/fashion-mnist-generated)",
         "sampleIndices": range(gen_x.shape[0])},
        inputs=[{"name": "input", "file": "../../data/fashion-mnist-generated/input.npy", "write": False}],
        outputs=[{"name": "logits", "file": "logits.npy", "array": gen_logits}],
        labels={"file": "../../data/fashion-mnist-generated/labels.npy", "write": False},
        extra={"mutations": "../../data/fashion-mnist-generated/mutations.json",
               "sources": "../../data/fashion-mnist-generated/sources.npy", **gen_info})
    return gen_info


def write_info(here, info):
    with open(os.path.join(here, "info.json"), "w") as f:
        json.dump(info, f, indent=2)
        f.write("\n")
    log(json.dumps(info))


class Timer:
    def __init__(self):
        self.t0 = time.perf_counter()

    def __call__(self):
        return time.perf_counter() - self.t0


def train_sgd_onecycle(model, x_train, y_train, x_eval, y_eval, epochs, batch, max_lr, seed,
                       weight_decay=5e-4, flip=True, eval_every=1, train_subset=None, final_eval=True):
    """SGD (momentum 0.9, Nesterov) with a one-cycle schedule; optional random horizontal flips.
    All randomness from one torch.Generator(seed): reruns are bit-identical."""
    gen = torch.Generator().manual_seed(seed)
    n = x_train.shape[0] if train_subset is None else train_subset  # per epoch: a fresh random subset
    steps = epochs * ((n + batch - 1) // batch)
    opt = torch.optim.SGD(model.parameters(), lr=max_lr, momentum=0.9, nesterov=True,
                          weight_decay=weight_decay)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=max_lr, total_steps=steps)
    timer = Timer()
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(x_train.shape[0], generator=gen)[:n]
        total = 0.0
        for i in range(0, n, batch):
            idx = perm[i:i + batch]
            xb = x_train[idx]
            if flip:
                f = torch.rand(idx.numel(), generator=gen) < 0.5
                xb = torch.where(f[:, None, None, None], xb.flip(3), xb)
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(xb), y_train[idx])
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * idx.numel()
            if (i // batch) % 50 == 0:
                log(f"  epoch {epoch + 1} step {i // batch}: loss {loss.item():.4f}, {timer():.0f} s")
        msg = f"epoch {epoch + 1}/{epochs}: train loss {total / n:.4f}, {timer():.1f} s"
        if (epoch + 1) % eval_every == 0 or (final_eval and epoch + 1 == epochs):
            acc = (predict(model, x_eval).argmax(1).numpy() == y_eval).mean()
            msg += f", test acc {acc:.4f}"
        log(msg)
    return timer()


def drop_zero_initial_state(m):
    """LSTM/GRU: PyTorch builds the zero initial state from the batch size at run time
    (Shape -> Gather -> Concat -> ConstantOfShape). ONNX's default initial state is zero already,
    so leave those optional inputs empty and delete the chain: same function, fewer ops."""
    g = m.graph
    producers = {o: n for n in g.node for o in n.output}
    changed = 0
    for n in g.node:
        if n.op_type not in ("LSTM", "GRU"):
            continue
        for k in (5, 6):
            if k >= len(n.input) or not n.input[k]:
                continue
            p = producers.get(n.input[k])
            if p is None or p.op_type != "ConstantOfShape":
                continue
            vals = [onnx.numpy_helper.to_array(a.t) for a in p.attribute if a.name == "value"]
            if vals and np.any(vals[0] != 0):
                continue
            n.input[k] = ""
            changed += 1
        while n.input and n.input[-1] == "":
            n.input.pop()
    outputs = {o.name for o in g.output}
    while True:  # dead-code elimination
        used = {i for n in g.node for i in n.input} | outputs
        dead = [n for n in g.node if not any(o in used for o in n.output if o)]
        if not dead:
            break
        for n in dead:
            g.node.remove(n)
    used = {i for n in g.node for i in n.input}
    for t in list(g.initializer):
        if t.name not in used:
            g.initializer.remove(t)
    log(f"dropped {changed} zero initial-state inputs of LSTM/GRU")
