"""Fashion-MNIST loader (Debian package dataset-fashion-mnist), no torchvision needed.

Preprocessing is exactly ``x = uint8 / 255`` in float32, NCHW [N, 1, 28, 28]; no mean/std
normalisation. The browser harness reproduces it with ``Math.fround(b / 255)`` (bit-identical
for all 256 byte values).
"""
import gzip
import os

import numpy as np

DATA_DIR = "/usr/share/datasets/fashion-mnist"
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def path(split, kind):
    """split: 'train' or 't10k'; kind: 'images' or 'labels'."""
    name = {"images": "images-idx3-ubyte.gz", "labels": "labels-idx1-ubyte.gz"}[kind]
    return os.path.join(DATA_DIR, f"{split}-{name}")


def read_idx(filename):
    """Parse a (gzipped) IDX file into a numpy array (big-endian header, uint8 data here)."""
    with gzip.open(filename, "rb") as f:
        data = f.read()
    zero, dtype_code, ndim = data[0:2], data[2], data[3]
    if zero != b"\x00\x00":
        raise ValueError(f"{filename}: bad IDX magic")
    dtypes = {0x08: np.uint8, 0x09: np.int8, 0x0B: np.dtype(">i2"), 0x0C: np.dtype(">i4"),
              0x0D: np.dtype(">f4"), 0x0E: np.dtype(">f8")}
    dt = np.dtype(dtypes[dtype_code])
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))
    offset = 4 + 4 * ndim
    arr = np.frombuffer(data, dtype=dt, count=int(np.prod(shape)), offset=offset)
    if len(data) != offset + arr.nbytes:
        raise ValueError(f"{filename}: size mismatch")
    return arr.reshape(shape).copy()


def load_raw(split):
    """Returns (images uint8 [N,28,28], labels uint8 [N])."""
    images = read_idx(path(split, "images"))
    labels = read_idx(path(split, "labels"))
    assert images.shape[0] == labels.shape[0]
    return images, labels


def preprocess(images_u8):
    """uint8 [N,28,28] -> float32 [N,1,28,28], exactly uint8/255 (IEEE float32 division)."""
    x = images_u8.astype(np.float32) / np.float32(255)
    return np.ascontiguousarray(x[:, None, :, :], dtype=np.float32)


def load(split):
    """Returns (x float32 [N,1,28,28], labels uint8 [N])."""
    images, labels = load_raw(split)
    return preprocess(images), labels
