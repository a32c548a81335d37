#!/usr/bin/python3
"""Train ResNet-20 (CIFAR-style) on Fashion-MNIST, export ONNX, write the PC references.

Regenerate (from the repository root):  /usr/bin/python3 models/resnet20/train.py   (~20 min on 2 cores)
Deterministic (seeded, deterministic algorithms, 2 threads): reruns give bit-identical files
except info.json's trainSeconds.

He et al.'s CIFAR ResNet-20: 3x3 conv 16 -> 3 stages x 3 basic blocks (16, 32, 64 channels;
the first block of stages 2 and 3 has stride 2) -> global average pool -> dense 10. BatchNorm
after every conv (folded into the Conv weights in the ONNX export). Shortcuts: identity, or a
1x1 stride-2 conv + BN projection where the shape changes (Keras-style ResNet "option B").
Padding is Keras 'same': a stride-2 3x3 conv on an even input (28 -> 14, 14 -> 7) puts the extra
row/column at the bottom/right (ONNX Conv pads [0,0,1,1]); the 1x1 stride-2 projection has no
padding and samples the even rows/columns. So a Keras/TF.js model with these weights computes
exactly this function.
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

NAME = "resnet20"
SEED = 0
EPOCHS = 5
BATCH = 128
MAX_LR = 0.1


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.stride = stride
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, padding=0 if stride == 2 else 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.relu1 = nn.ReLU()
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = None
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
        self.relu2 = nn.ReLU()

    def forward(self, x):
        y = F.pad(x, (0, 1, 0, 1)) if self.stride == 2 else x  # Keras 'same', stride 2, even size
        y = self.relu1(self.bn1(self.conv1(y)))
        y = self.bn2(self.conv2(y))
        s = x if self.shortcut is None else self.shortcut(x)
        return self.relu2(y + s)


class ResNet20(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv = nn.Conv2d(1, 16, 3, 1, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(16)
        self.relu = nn.ReLU()
        blocks, cin = [], 16
        for cout, stride in ((16, 1), (32, 2), (64, 2)):
            for b in range(3):
                blocks.append(Block(cin, cout, stride if b == 0 else 1))
                cin = cout
        self.blocks = nn.Sequential(*blocks)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(64, num_classes)

    def forward(self, x):
        x = self.relu(self.bn(self.conv(x)))     # [N,16,28,28]
        x = self.blocks(x)                       # [N,64,7,7]
        return self.fc(torch.flatten(self.pool(x), 1))


def main():
    tu.setup_determinism(SEED)
    tu.register_constant_pad()
    train_u8, train_y = fm.load_raw("train")
    test_u8, test_y = fm.load_raw("t10k")
    x_train, y_train = tu.to_tensor(train_u8), torch.from_numpy(train_y.astype(np.int64))
    x_test = tu.to_tensor(test_u8)

    model = ResNet20()
    tu.log(f"{NAME}: {tu.params(model)} parameters")
    train_seconds = tu.train_sgd_onecycle(model, x_train, y_train, x_test, test_y, EPOCHS, BATCH,
                                          MAX_LR, SEED)
    model.eval()

    onnx_path = os.path.join(HERE, "model.onnx")
    io = dict(dummy=torch.zeros(1, 1, 28, 28), input_names=["input"], output_names=["logits"],
              dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}})
    m = tu.export_onnx(model, io["dummy"], onnx_path, io["input_names"], io["output_names"],
                       io["dynamic_axes"], post=tu.fuse_zero_pad_into_conv)
    ops = tu.describe(m)
    assert "Pad" not in ops and "BatchNormalization" not in ops, ops
    pc_acc, gen_info = tu.write_image_references(model, NAME, HERE, x_test, test_y)
    opset17 = tu.check_opset17(model, io["dummy"], io["input_names"], io["output_names"],
                               io["dynamic_axes"], os.path.join(HERE, "reference", "manifest.json"),
                               post=tu.fuse_zero_pad_into_conv)
    tu.write_info(HERE, {
        "model": NAME, "dataset": "fashion-mnist", "params": tu.params(model),
        "onnxBytes": os.path.getsize(onnx_path), "opset": tu.OPSET, "ops": [n.op_type for n in m.graph.node],
        "opTypes": ops, "pcTestAccuracy": pc_acc, "generated": gen_info, "opset17": opset17,
        "epochs": EPOCHS, "batch": BATCH,
        "optimizer": f"SGD momentum 0.9 nesterov wd 5e-4, one-cycle max lr {MAX_LR}; random h-flips",
        "seed": SEED, "torch": torch.__version__, "onnx": onnx.__version__,
        "threads": torch.get_num_threads(), "trainSeconds": round(train_seconds, 1)})
    tu.build_ort_references(NAME)


if __name__ == "__main__":
    main()
