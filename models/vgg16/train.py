#!/usr/bin/python3
"""Train VGG-16 (13 conv + 3 dense, BatchNorm) on Fashion-MNIST, export ONNX, write the PC references.

Regenerate (from the repository root):  /usr/bin/python3 models/vgg16/train.py   (~40 min on 2 shared cores)
model.onnx is ~61 MB: it is committed once; do not retrain casually (every new version stays in
the git history). Deterministic like the others (seeded, deterministic algorithms, 2 threads),
but reruns were not compared (too long); the references are checked by regenerating them from
the committed model.onnx (node models/build-references.mjs vgg16).

Architecture as in the Keras CIFAR-10 VGG-16 (Simonyan & Zisserman's configuration D with
BatchNorm and 512-wide dense layers): [64,64] M [128,128] M [256,256,256] M [512,512,512] M
[512,512,512] M, 3x3 convs, BN + ReLU after each (BN folded into the Conv in the ONNX export),
2x2 max pools; Flatten -> Dense 512 -> ReLU -> Dropout -> Dense 512 -> ReLU -> Dropout -> Dense 10.
Five 2x2 pools need a 32x32 input: the 28x28 image is zero-padded by 2 on every side, folded
into the first conv's padding (pads 3 instead of 1: zero-padding then padding again is the same
as padding once by the sum), so the ONNX input stays [N,1,28,28] like every other image model
and no Pad op is needed. A Keras model with ZeroPadding2D(2) + Conv2D(3x3, 'same') and these
weights computes exactly this function.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

from common import fashion_mnist as fm  # noqa: E402
from common import train_util as tu  # noqa: E402

NAME = "vgg16"
SEED = 0
EPOCHS = 1
TRAIN_SUBSET = 20480  # 320 steps of 64: a full epoch would take ~1.5 h on this shared 2-core machine
BATCH = 64
MAX_LR = 0.05
CFG = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]


class VGG16(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        layers, cin = [], 1
        for i, v in enumerate(CFG):
            if v == "M":
                layers.append(nn.MaxPool2d(2))
                continue
            # first conv: pad 3 = the 28 -> 32 zero padding (2) + 'same' padding (1)
            layers += [nn.Conv2d(cin, v, 3, padding=3 if i == 0 else 1), nn.BatchNorm2d(v), nn.ReLU()]
            cin = v
        self.features = nn.Sequential(*layers)          # [N,512,1,1]
        self.classifier = nn.Sequential(
            nn.Linear(512, 512), nn.ReLU(), nn.Dropout(0.5),
            nn.Linear(512, 512), nn.ReLU(), nn.Dropout(0.5),
            nn.Linear(512, num_classes))

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))


def main():
    tu.setup_determinism(SEED)
    train_u8, train_y = fm.load_raw("train")
    test_u8, test_y = fm.load_raw("t10k")
    x_train, y_train = tu.to_tensor(train_u8), torch.from_numpy(train_y.astype(np.int64))
    x_test = tu.to_tensor(test_u8)

    model = VGG16()
    tu.log(f"{NAME}: {tu.params(model)} parameters")
    train_seconds = tu.train_sgd_onecycle(model, x_train, y_train, x_test, test_y, EPOCHS, BATCH,
                                          MAX_LR, SEED, train_subset=TRAIN_SUBSET, eval_every=10 ** 9,
                                          final_eval=False)
    model.eval()
    torch.save(model.state_dict(), "/tmp/vgg16-state.pt")  # scratch copy, in case a later step fails

    onnx_path = os.path.join(HERE, "model.onnx")
    io = dict(dummy=torch.zeros(1, 1, 28, 28), input_names=["input"], output_names=["logits"],
              dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}})
    m = tu.export_onnx(model, io["dummy"], onnx_path, io["input_names"], io["output_names"], io["dynamic_axes"])
    ops = tu.describe(m)
    assert "BatchNormalization" not in ops, ops
    pc_acc, gen_info = tu.write_image_references(model, NAME, HERE, x_test, test_y, eval_batch=500)
    opset17 = tu.check_opset17(model, io["dummy"], io["input_names"], io["output_names"], io["dynamic_axes"],
                               os.path.join(HERE, "reference", "manifest.json"))
    tu.write_info(HERE, {
        "model": NAME, "dataset": "fashion-mnist", "params": tu.params(model),
        "onnxBytes": os.path.getsize(onnx_path), "opset": tu.OPSET, "ops": [n.op_type for n in m.graph.node],
        "opTypes": ops, "pcTestAccuracy": pc_acc, "generated": gen_info, "opset17": opset17,
        "epochs": EPOCHS, "trainSubset": f"{TRAIN_SUBSET} random training images (of 60,000), one pass",
        "batch": BATCH,
        "optimizer": f"SGD momentum 0.9 nesterov wd 5e-4, one-cycle max lr {MAX_LR}; random h-flips",
        "seed": SEED, "torch": torch.__version__, "onnx": onnx.__version__,
        "threads": torch.get_num_threads(), "trainSeconds": round(train_seconds, 1)})
    tu.build_ort_references(NAME)


if __name__ == "__main__":
    main()
