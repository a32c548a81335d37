#!/usr/bin/python3
"""Train LeNet-5 on Fashion-MNIST, export ONNX, write the PC reference set.

Regenerate (from the repository root):  /usr/bin/python3 models/lenet5/train.py
Deterministic: two runs give bit-identical model.onnx, reference/ and testset/ files
(info.json differs only in trainSeconds).
"""
import hashlib
import json
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from common import fashion_mnist as fm  # noqa: E402
from common import reference  # noqa: E402

SEED = 0
EPOCHS = 5
BATCH = 64
LR = 1e-3
REF_SAMPLES = 100
EVAL_BATCH = 1000
OPSET = 13


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)   # [N,6,14,14]
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)   # [N,16,5,5]
        x = torch.flatten(x, 1)                      # [N,400]
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


def setup_determinism():
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(2)


def to_tensor(images_u8):
    """The documented preprocessing in torch: t.float() / 255, NCHW."""
    return torch.from_numpy(images_u8).unsqueeze(1).float() / 255


@torch.no_grad()
def predict(model, x, batch=EVAL_BATCH):
    model.eval()
    return torch.cat([model(x[i:i + batch]) for i in range(0, x.shape[0], batch)])


def main():
    setup_determinism()
    producer = "pytorch " + torch.__version__

    train_u8, train_y = fm.load_raw("train")
    test_u8, test_y = fm.load_raw("t10k")
    x_train, y_train = to_tensor(train_u8), torch.from_numpy(train_y.astype(np.int64))
    x_test = to_tensor(test_u8)
    # torch preprocessing must be bit-identical to the numpy one (and the browser's).
    assert np.array_equal(x_test.numpy().view(np.uint32), fm.preprocess(test_u8).view(np.uint32))

    model = LeNet5()
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    gen = torch.Generator().manual_seed(SEED)
    n = x_train.shape[0]
    t0 = time.perf_counter()
    for epoch in range(EPOCHS):
        model.train()
        perm = torch.randperm(n, generator=gen)
        total = 0.0
        for i in range(0, n, BATCH):
            idx = perm[i:i + BATCH]
            opt.zero_grad()
            loss = F.cross_entropy(model(x_train[idx]), y_train[idx])
            loss.backward()
            opt.step()
            total += loss.item() * idx.numel()
        acc = (predict(model, x_test).argmax(1).numpy() == test_y).mean()
        print(f"epoch {epoch + 1}/{EPOCHS}: train loss {total / n:.4f}, test acc {acc:.4f}, "
              f"{time.perf_counter() - t0:.1f} s", flush=True)
    train_seconds = time.perf_counter() - t0
    model.eval()

    # ---- ONNX export -------------------------------------------------------------------
    onnx_path = os.path.join(HERE, "model.onnx")
    torch.onnx.export(
        model, torch.zeros(1, 1, 28, 28), onnx_path,
        opset_version=OPSET, input_names=["input"], output_names=["logits"],
        dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}},
        do_constant_folding=True, export_params=True)
    m = onnx.load(onnx_path)
    onnx.checker.check_model(m, full_check=True)
    ops = [node.op_type for node in m.graph.node]
    print("ONNX inputs :", [(v.name, [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim])
                            for v in m.graph.input])
    print("ONNX outputs:", [(v.name, [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim])
                            for v in m.graph.output])
    for node in m.graph.node:
        print(f"  {node.op_type:8s} {node.name:12s} {list(node.input)} -> {list(node.output)}")
    allowed = {"Conv", "Relu", "MaxPool", "Flatten", "Reshape", "Gemm"}
    assert set(ops) <= allowed, f"unexpected ops: {set(ops) - allowed}"

    # ---- PC reference (PyTorch, eval mode, float32) --------------------------------------
    test_logits = predict(model, x_test).numpy().astype(np.float32)
    pc_acc = float((test_logits.argmax(1) == test_y).mean())
    idx = np.arange(REF_SAMPLES)
    ref_x = x_test[idx]
    ref_logits = predict(model, ref_x).numpy()
    reference.write_reference(
        os.path.join(HERE, "reference"), "lenet5", producer, "fashion-mnist t10k", idx,
        inputs=[("input", "input.npy", ref_x.numpy())],
        outputs=[("logits", "logits.npy", ref_logits)],
        labels=test_y[idx])
    reference.write_testset(
        os.path.join(HERE, "testset"), "lenet5", producer, "fashion-mnist t10k",
        images_from=fm.path("t10k", "images"), labels_from=fm.path("t10k", "labels"),
        input_name="input", outputs=[("logits", "logits.npy", test_logits)],
        extra={"evalBatch": EVAL_BATCH, "pcTestAccuracy": pc_acc})

    onnx_bytes = os.path.getsize(onnx_path)
    info = {
        "model": "lenet5", "dataset": "fashion-mnist",
        "params": int(sum(p.numel() for p in model.parameters())),
        "onnxBytes": onnx_bytes, "opset": OPSET, "ops": ops,
        "pcTestAccuracy": pc_acc, "epochs": EPOCHS, "batch": BATCH, "optimizer": f"Adam lr={LR}",
        "seed": SEED, "torch": torch.__version__, "onnx": onnx.__version__,
        "threads": torch.get_num_threads(), "trainSeconds": round(train_seconds, 1),
    }
    with open(os.path.join(HERE, "info.json"), "w") as f:
        json.dump(info, f, indent=2)
        f.write("\n")
    print(json.dumps(info))
    print("sha256 model.onnx", hashlib.sha256(open(onnx_path, "rb").read()).hexdigest())


if __name__ == "__main__":
    main()
