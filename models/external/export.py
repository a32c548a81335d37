#!/usr/bin/python3
"""Exports the torch-built part of models/external/ (issue 11's real-architecture set) to ONNX.

    /usr/bin/python3 models/external/export.py [NAME ...]      (default: every model below)

Needs Debian's python3-torch 1.13 + python3-torchvision 0.14 (`tools/setup.sh external-export`;
about 160 packages, ~5 min to install here, which is why the exports are committed and ./test
never runs this script). Writes models/external/<name>/model.onnx and info.json.

Every model is a real torchvision 0.14 (or torch.nn) architecture with random weights (fixed
seeds), made narrow so the committed files stay small: `narrow(model, k)` divides the channels of
every Conv2d / ConvTranspose2d / BatchNorm2d / Linear by k (the image input's 3 channels and the
classifier's outputs stay), which keeps the graph's op types, depth, strides, groups (depthwise
stays depthwise), concats and residual adds exactly as in the full-width model. BatchNorm
statistics are set from a seeded calibration batch (each BN then normalises its real input, as a
trained network's would: outputs neither vanish nor explode 100 layers deep), with random affine
parameters; ONNX export folds them into the convolutions, as for the zoo's models.

Reproducible: same torch build, same bytes (checked: two runs, identical sha256).
"""
import hashlib
import json
import os
import sys

import torch
import torch.nn as nn
import torchvision

HERE = os.path.dirname(os.path.abspath(__file__))
torch.set_num_threads(2)


def narrow(model, k, keep_out=()):
    """Divides every layer's channels by k in place (new random weights). keep_out: names of
    modules whose out channels/features stay (the classifier). A count k does not divide is
    rounded up; a concat of such counts would then not add up, which the calibration pass (a
    forward run) reports as a shape error."""
    div = lambda c: max(1, -(-c // k))
    for name, module in list(model.named_modules()):
        for child_name, child in list(module.named_children()):
            full = f"{name}.{child_name}" if name else child_name
            new = None
            if isinstance(child, (nn.Conv2d, nn.ConvTranspose2d)):
                assert child.groups in (1, child.in_channels), (full, child.groups)
                cin = child.in_channels if child.in_channels <= 4 else div(child.in_channels)
                cout = child.out_channels if full in keep_out or child.out_channels <= 4 else div(child.out_channels)
                groups = 1 if child.groups == 1 else cin
                cls = type(child)
                kw = dict(stride=child.stride, padding=child.padding, dilation=child.dilation,
                          groups=groups, bias=child.bias is not None)
                if cls is nn.ConvTranspose2d:
                    kw["output_padding"] = child.output_padding
                new = cls(cin, cout, child.kernel_size, **kw)
            elif isinstance(child, nn.BatchNorm2d):
                new = nn.BatchNorm2d(div(child.num_features), eps=child.eps, momentum=child.momentum)
            elif isinstance(child, nn.Linear):
                fin = div(child.in_features)
                fout = child.out_features if full in keep_out else div(child.out_features)
                new = nn.Linear(fin, fout, bias=child.bias is not None)
            if new is not None:
                setattr(module, child_name, new)
    return model


def calibrate_batch_norms(model, example, generator):
    """Sets each BatchNorm's statistics from its real input on `example` (one forward pass, in
    order), and random affine parameters."""
    handles = []

    def pre_hook(bn, args):
        x = args[0]
        dims = [0, 2, 3] if x.dim() == 4 else [0]
        bn.running_mean.copy_(x.mean(dims))
        bn.running_var.copy_(x.var(dims, unbiased=False) + 1e-3)
        bn.weight.data.copy_(torch.rand(bn.num_features, generator=generator) + 0.5)
        bn.bias.data.copy_(torch.randn(bn.num_features, generator=generator) * 0.2)

    for m in model.modules():
        if isinstance(m, (nn.BatchNorm2d, nn.BatchNorm1d)):
            handles.append(m.register_forward_pre_hook(pre_hook))
    with torch.no_grad():
        model(example)
    for h in handles:
        h.remove()


class OutOnly(nn.Module):
    """torchvision's segmentation models return {'out': ...}: the export keeps that tensor."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model(x)["out"]


# --- torch.nn models -------------------------------------------------------------------------

class TransformerEncoder(nn.Module):
    """A small pre-norm transformer encoder (nn.TransformerEncoder): [N, 16, 64] -> [N, 16, 64]."""

    def __init__(self, d=64, heads=4, ff=128, layers=2):
        super().__init__()
        layer = nn.TransformerEncoderLayer(d, heads, ff, dropout=0.0, activation="gelu",
                                           batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(d)

    def forward(self, x):
        return self.norm(self.encoder(x))


class BertClassifier(nn.Module):
    """BERT-style: token + learned position embeddings, LayerNorm, post-norm encoder layers with
    GELU (exported as Erf), [CLS] (position 0) -> dense + tanh pooler -> classifier."""

    def __init__(self, vocab=256, seq=16, d=64, heads=4, ff=128, layers=2, classes=4):
        super().__init__()
        self.tokens = nn.Embedding(vocab, d)
        self.positions = nn.Parameter(torch.randn(1, seq, d) * 0.02)
        self.embed_norm = nn.LayerNorm(d, eps=1e-12)
        self.layers = nn.ModuleList([BertLayer(d, heads, ff) for _ in range(layers)])
        self.pooler = nn.Linear(d, d)
        self.classifier = nn.Linear(d, classes)

    def forward(self, ids):
        x = self.embed_norm(self.tokens(ids) + self.positions)
        for layer in self.layers:
            x = layer(x)
        return self.classifier(torch.tanh(self.pooler(x[:, 0])))


class BertLayer(nn.Module):
    def __init__(self, d, heads, ff):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(d, 3 * d)
        self.out = nn.Linear(d, d)
        self.norm1 = nn.LayerNorm(d, eps=1e-12)
        self.ff1 = nn.Linear(d, ff)
        self.ff2 = nn.Linear(ff, d)
        self.norm2 = nn.LayerNorm(d, eps=1e-12)

    def forward(self, x):
        n, s, d = x.shape
        h = self.heads
        q, k, v = self.qkv(x).reshape(n, s, 3, h, d // h).permute(2, 0, 3, 1, 4)
        attn = torch.softmax(q @ k.transpose(-1, -2) / (d // h) ** 0.5, dim=-1)
        ctx = (attn @ v).transpose(1, 2).reshape(n, s, d)
        x = self.norm1(x + self.out(ctx))
        return self.norm2(x + self.ff2(nn.functional.gelu(self.ff1(x))))


class ConvAutoencoder(nn.Module):
    """Conv (stride 2) x2 -> ConvTranspose (stride 2) x2 on 1x28x28."""

    def __init__(self):
        super().__init__()
        self.encode = nn.Sequential(nn.Conv2d(1, 16, 3, 2, 1), nn.ReLU(), nn.Conv2d(16, 32, 3, 2, 1), nn.ReLU())
        self.decode = nn.Sequential(nn.ConvTranspose2d(32, 16, 3, 2, 1, output_padding=1), nn.ReLU(),
                                    nn.ConvTranspose2d(16, 1, 4, 2, 1), nn.Sigmoid())

    def forward(self, x):
        return self.decode(self.encode(x))


# --- the set ---------------------------------------------------------------------------------
# name: (builder, width divisor, classifier module names, input shape without batch, opset, note)
tv = torchvision.models
seg = torchvision.models.segmentation
IMAGE = [3, 64, 64]
MODELS = {
    "mobilenet_v2": (lambda: tv.mobilenet_v2(num_classes=10), 8, ("classifier.1",), IMAGE, 13),
    "mobilenet_v3_small": (lambda: tv.mobilenet_v3_small(num_classes=10), 8, ("classifier.3",), IMAGE, 14),
    "squeezenet1_1": (lambda: tv.squeezenet1_1(num_classes=10), 4, ("classifier.1",), IMAGE, 13),
    "shufflenet_v2": (lambda: tv.shufflenet_v2_x0_5(num_classes=10), 4, ("fc",), IMAGE, 13),
    "resnet18": (lambda: tv.resnet18(num_classes=10), 16, ("fc",), IMAGE, 13),
    "efficientnet_b0": (lambda: tv.efficientnet_b0(num_classes=10), 16, ("classifier.1",), IMAGE, 13),
    "densenet121": (lambda: tv.densenet121(num_classes=10), 16, ("classifier",), IMAGE, 13),
    "googlenet": (lambda: tv.googlenet(num_classes=10, aux_logits=False, init_weights=True), 16, ("fc",), IMAGE, 13),
    "alexnet": (lambda: tv.alexnet(num_classes=10), 32, ("classifier.6",), [3, 224, 224], 13),
    "fcn_resnet50": (lambda: OutOnly(seg.fcn_resnet50(weights=None, weights_backbone=None, num_classes=4, aux_loss=False)),
                     32, ("model.classifier.4",), IMAGE, 13),
    "deeplabv3_mobilenet_v3": (lambda: OutOnly(seg.deeplabv3_mobilenet_v3_large(weights=None, weights_backbone=None,
                                                                                   num_classes=4, aux_loss=False)),
                               16, ("model.classifier.4",), IMAGE, 13),
    "lraspp_mobilenet_v3": (lambda: OutOnly(seg.lraspp_mobilenet_v3_large(weights=None, weights_backbone=None, num_classes=4)),
                            16, ("model.classifier.low_classifier", "model.classifier.high_classifier"), IMAGE, 13),
    "transformer_encoder_opset17": (TransformerEncoder, 1, (), [16, 64], 17),
    "transformer_encoder_opset13": (TransformerEncoder, 1, (), [16, 64], 13),
    "bert_classifier_opset17": (BertClassifier, 1, (), [16], 17),
    "bert_classifier_opset13": (BertClassifier, 1, (), [16], 13),
    "conv_autoencoder": (ConvAutoencoder, 1, (), [1, 28, 28], 13),
}
SEGMENTATION = ("fcn", "deeplab", "lraspp")
SEED = 11  # issue 11; each model's seed is SEED + its index in MODELS


def input_spec(name, shape):
    if name.startswith("bert"):
        return {"name": "ids", "dtype": "int64", "shape": ["N", *shape], "random": {"int": [0, 256]}}
    return {"name": "input", "dtype": "float32", "shape": ["N", *shape], "random": {"normal": [0, 1]}}


def export(name):
    build, k, keep, shape, opset = MODELS[name]
    seed = SEED + list(MODELS).index(name)
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    model = build()
    if k > 1:
        narrow(model, k, keep)
        torch.manual_seed(seed)
        for m in model.modules():  # fresh default init of the narrowed layers, seeded
            if hasattr(m, "reset_parameters") and not isinstance(m, (nn.BatchNorm2d,)):
                m.reset_parameters()
    model.eval()
    spec = input_spec(name, shape)
    if spec["dtype"] == "int64":
        example = torch.randint(0, 256, (2, *shape), generator=gen)
    else:
        example = torch.randn(8, *shape, generator=gen)
        calibrate_batch_norms(model, example, gen)
        example = example[:2]
    out_dir = os.path.join(HERE, name)
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "model.onnx")
    output_name = "output" if name.startswith(SEGMENTATION + ("transformer", "conv_autoencoder")) else "logits"
    torch.onnx.export(model, example, path, opset_version=opset, input_names=[spec["name"]],
                      output_names=[output_name], dynamic_axes={spec["name"]: {0: "N"}, output_name: {0: "N"}},
                      do_constant_folding=True)
    with torch.no_grad():
        reference = model(example)
        if isinstance(reference, dict):
            reference = reference["out"]
    params = sum(p.numel() for p in model.parameters())
    data = open(path, "rb").read()
    info = {
        "name": name,
        "source": f"torchvision {torchvision.__version__} / torch {torch.__version__} (Debian), random weights, "
                  f"seed {seed}: /usr/bin/python3 models/external/export.py {name}",
        "architecture": name,
        "widthDivisor": k,
        "params": params,
        "opset": opset,
        "seed": seed,
        "samples": 8,
        "inputs": [spec],
        "outputs": [output_name],
        "onnxBytes": len(data),
        "onnxSha256": hashlib.sha256(data).hexdigest(),
        "torchOutputShape": list(reference.shape),
    }
    with open(os.path.join(out_dir, "info.json"), "w") as f:
        json.dump(info, f, indent=1)
        f.write("\n")
    print(f"{name}: {params:,} params, {len(data):,} bytes, opset {opset}, output {list(reference.shape)}")


def main(names):
    unknown = [n for n in names if n not in MODELS]
    if unknown:
        sys.exit(f"export: unknown model(s) {', '.join(unknown)}; known: {', '.join(MODELS)}")
    for name in names or MODELS:
        export(name)


if __name__ == "__main__":
    main(sys.argv[1:])
