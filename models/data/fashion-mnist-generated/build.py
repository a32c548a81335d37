#!/usr/bin/python3
"""Build the shared generated Fashion-MNIST set (inputs only; each image model's generated/
folder holds its outputs on it). Regenerate: /usr/bin/python3 models/data/fashion-mnist-generated/build.py

500 inputs: test images 0..99 x 5 mutations (models/common/imagegen.py), row r = source r // 5,
kind KINDS[r % 5]. Files: input.npy float32 [500,1,28,28] (= uint8 image / 255, so
round(input * 255) gives the image back), labels.npy uint8 [500] (label of the source image: the
mutations keep the class), sources.npy int32 [500] (test-set index), mutations.json (per row
kind + parameters).
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))

import numpy as np  # noqa: E402

from common import fashion_mnist as fm  # noqa: E402
from common import imagegen  # noqa: E402
from common import reference  # noqa: E402

SOURCES = list(range(100))


def main():
    images, labels = fm.load_raw("t10k")
    gen_u8, rows = imagegen.generate(images, SOURCES)
    sources = np.array([r["source"] for r in rows], dtype=np.int32)
    # a generated input is never one of the 10,000 test images
    test_set = {im.tobytes() for im in images}
    in_test = sum(g.tobytes() in test_set for g in gen_u8)
    assert in_test == 0, f"{in_test} generated images equal a test image"
    reference.save_npy(os.path.join(HERE, "input.npy"), fm.preprocess(gen_u8))
    reference.save_npy(os.path.join(HERE, "labels.npy"), labels[sources])
    reference.save_npy(os.path.join(HERE, "sources.npy"), sources)
    reference.write_json(os.path.join(HERE, "mutations.json"),
                         {"seed": imagegen.SEED, "kinds": imagegen.KINDS,
                          "sourceDataset": "fashion-mnist t10k", "rows": rows})
    print(f"{len(rows)} generated inputs, none equal to a test image")


if __name__ == "__main__":
    main()
