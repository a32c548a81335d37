#!/usr/bin/python3
"""LeNet-5's generated set: PyTorch outputs on the 500 shared generated inputs, written to
generated/ without retraining and without touching the committed model.onnx, reference/ and
testset/ (which stay bit-identical).

Regenerate (from the repository root):  /usr/bin/python3 models/lenet5/generated.py
The PyTorch model is rebuilt from model.onnx's initializers; the script first checks that it
reproduces the committed reference/logits.npy and testset/logits.npy bit for bit.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import onnx.numpy_helper  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

from common import fashion_mnist as fm  # noqa: E402
from common import train_util as tu  # noqa: E402
from train import LeNet5  # noqa: E402


class LeNet5Modules(LeNet5):
    """LeNet5 with its ReLUs as modules (same function, same parameters) so that the neuron
    coverage hooks see them."""

    def __init__(self):
        super().__init__()
        self.relus = nn.ModuleList([nn.ReLU() for _ in range(4)])

    def forward(self, x):
        r = self.relus
        x = torch.nn.functional.max_pool2d(r[0](self.conv1(x)), 2)
        x = torch.nn.functional.max_pool2d(r[1](self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = r[2](self.fc1(x))
        x = r[3](self.fc2(x))
        return self.fc3(x)


def main():
    tu.setup_determinism(0)
    model = LeNet5Modules()
    weights = {t.name: torch.from_numpy(onnx.numpy_helper.to_array(t).copy())
               for t in onnx.load(os.path.join(HERE, "model.onnx")).graph.initializer}
    model.load_state_dict(weights, strict=True)
    model.eval()
    test_u8, test_y = fm.load_raw("t10k")
    x_test = tu.to_tensor(test_u8)
    test_logits = tu.predict(model, x_test).numpy()
    committed = np.load(os.path.join(HERE, "testset", "logits.npy"))
    assert np.array_equal(test_logits.view(np.uint32), committed.view(np.uint32)), "testset differs"
    ref = tu.predict(model, x_test[:100]).numpy()
    assert np.array_equal(ref.view(np.uint32), np.load(os.path.join(HERE, "reference", "logits.npy")).view(np.uint32))
    info = tu.write_generated(model, "lenet5", HERE, x_test, test_y, test_logits)
    tu.log(f"lenet5 generated: {info}")
    tu.build_ort_references("lenet5")


if __name__ == "__main__":
    main()
