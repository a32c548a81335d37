#!/usr/bin/python3
"""Train LeNet-1 on Fashion-MNIST, export ONNX, write the PC references.

Regenerate (from the repository root):  /usr/bin/python3 models/lenet1/train.py
Deterministic: reruns give bit-identical model.onnx, reference/, testset/, generated/
(info.json differs only in trainSeconds).

LeNet-1 as in the study's Keras zoo (DeepXplore's MNIST "Model1"): Conv 4@5x5 'same' -> ReLU ->
MaxPool 2 -> Conv 12@5x5 'same' -> ReLU -> MaxPool 2 -> Flatten -> Dense 10.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from common import fashion_mnist as fm  # noqa: E402
from common import train_util as tu  # noqa: E402

NAME = "lenet1"
SEED = 0
EPOCHS = 10
BATCH = 64
LR = 2e-3


class LeNet1(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 5, padding=2)
        self.relu1 = nn.ReLU()
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(4, 12, 5, padding=2)
        self.relu2 = nn.ReLU()
        self.pool2 = nn.MaxPool2d(2)
        self.fc = nn.Linear(12 * 7 * 7, 10)

    def forward(self, x):
        x = self.pool1(self.relu1(self.conv1(x)))   # [N,4,14,14]
        x = self.pool2(self.relu2(self.conv2(x)))   # [N,12,7,7]
        return self.fc(torch.flatten(x, 1))


def main():
    tu.setup_determinism(SEED)
    train_u8, train_y = fm.load_raw("train")
    test_u8, test_y = fm.load_raw("t10k")
    x_train, y_train = tu.to_tensor(train_u8), torch.from_numpy(train_y.astype(np.int64))
    x_test = tu.to_tensor(test_u8)

    model = LeNet1()
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    gen = torch.Generator().manual_seed(SEED)
    n = x_train.shape[0]
    timer = tu.Timer()
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
        acc = (tu.predict(model, x_test).argmax(1).numpy() == test_y).mean()
        tu.log(f"epoch {epoch + 1}/{EPOCHS}: train loss {total / n:.4f}, test acc {acc:.4f}, {timer():.1f} s")
    train_seconds = timer()
    model.eval()

    onnx_path = os.path.join(HERE, "model.onnx")
    io = dict(dummy=torch.zeros(1, 1, 28, 28), input_names=["input"], output_names=["logits"],
              dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}})
    m = tu.export_onnx(model, io["dummy"], onnx_path, io["input_names"], io["output_names"], io["dynamic_axes"])
    ops = tu.describe(m)
    pc_acc, gen_info = tu.write_image_references(model, NAME, HERE, x_test, test_y)
    opset17 = tu.check_opset17(model, io["dummy"], io["input_names"], io["output_names"], io["dynamic_axes"],
                               os.path.join(HERE, "reference", "manifest.json"))
    tu.write_info(HERE, {
        "model": NAME, "dataset": "fashion-mnist", "params": tu.params(model),
        "onnxBytes": os.path.getsize(onnx_path), "opset": tu.OPSET, "ops": [n.op_type for n in m.graph.node],
        "opTypes": ops, "pcTestAccuracy": pc_acc, "generated": gen_info, "opset17": opset17,
        "epochs": EPOCHS, "batch": BATCH, "optimizer": f"Adam lr={LR}", "seed": SEED,
        "torch": torch.__version__, "onnx": onnx.__version__, "threads": torch.get_num_threads(),
        "trainSeconds": round(train_seconds, 1)})
    tu.build_ort_references(NAME)


if __name__ == "__main__":
    main()
