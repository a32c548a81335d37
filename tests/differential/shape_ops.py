"""Randomized cases for the shape, pooling, reduction, normalization and resize operators;
generate.py writes them next to its own (same layout, same onnxruntime-node check)."""
import numpy as np
from onnx import helper
from generate import save_case, rand

def resize_cases(out, count):
    k = 0
    for coord in ["half_pixel", "asymmetric", "align_corners", "pytorch_half_pixel"]:
        for mode in ["nearest", "linear"]:
            nmodes = ["round_prefer_floor", "round_prefer_ceil", "floor", "ceil"] if mode == "nearest" else [None]
            for nm in nmodes:
                for j in range(count):
                    rng = np.random.default_rng(7000 + k)
                    k += 1
                    n, c, h, w = 1, int(rng.integers(1, 3)), int(rng.integers(1, 7)), int(rng.integers(1, 9))
                    x = rand(rng, n, c, h, w)
                    attrs = dict(mode=mode, coordinate_transformation_mode=coord)
                    if nm: attrs["nearest_mode"] = nm
                    use_sizes = j % 2 == 1 or coord == "align_corners"
                    if use_sizes:
                        sizes = np.array([n, c, int(rng.integers(1, 13)), int(rng.integers(1, 13))], dtype=np.int64)
                        node = helper.make_node("Resize", ["x", "", "", "sizes"], ["y"], **attrs)
                        save_case(out, f"resize_{k}", node, [("x", x)], [("sizes", sizes)], ["y"])
                    else:
                        s = [1.0, 1.0] + [float(rng.choice([0.5, 0.6, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0])) for _ in range(2)]
                        scales = np.array(s, dtype=np.float32)
                        node = helper.make_node("Resize", ["x", "", "scales"], ["y"], **attrs)
                        save_case(out, f"resize_{k}", node, [("x", x)], [("scales", scales)], ["y"])

def pad_cases(out, count):
    for k in range(count * 3):
        rng = np.random.default_rng(7500 + k)
        mode = ["constant", "reflect", "edge"][k % 3]
        shape = [int(v) for v in rng.integers(2, 6, size=3)]
        pads = []
        for i in range(6):
            lim = shape[i % 3] - 1 if mode == "reflect" else 4
            pads.append(int(rng.integers(0, lim + 1)))
        node = helper.make_node("Pad", ["x", "pads", "v"], ["y"], mode=mode)
        save_case(out, f"pad_{k}", node, [("x", rand(rng, *shape))],
                  [("pads", np.array(pads, dtype=np.int64)), ("v", np.array(0.5, dtype=np.float32))], ["y"])

def slice_cases(out, count):
    for k in range(count * 2):
        rng = np.random.default_rng(7700 + k)
        shape = [int(v) for v in rng.integers(1, 7, size=3)]
        axes = list(rng.permutation(3)[: int(rng.integers(1, 4))])
        starts, ends, steps = [], [], []
        for a in axes:
            d = shape[a]
            st = int(rng.choice([-3, -2, -1, 1, 2, 3]))
            starts.append(int(rng.integers(-d - 2, d + 2)))
            ends.append(int(rng.integers(-d - 2, d + 2)) if k % 5 else (2**62 if st > 0 else -2**62))
            steps.append(st)
        axes = [int(a) - (3 if k % 2 else 0) for a in axes]
        node = helper.make_node("Slice", ["x", "s", "e", "a", "t"], ["y"])
        save_case(out, f"slice_{k}", node, [("x", rand(rng, *shape))],
                  [("s", np.array(starts, np.int64)), ("e", np.array(ends, np.int64)),
                   ("a", np.array(axes, np.int64)), ("t", np.array(steps, np.int64))], ["y"])

def avgpool_cases(out, count):
    for k in range(count * 3):
        rng = np.random.default_rng(7900 + k)
        kh, kw = int(rng.integers(1, 4)), int(rng.integers(1, 4))
        attrs = dict(kernel_shape=[kh, kw], strides=[int(v) for v in rng.integers(1, 4, size=2)],
                     count_include_pad=int(k % 2))
        if k % 4 == 3:
            attrs["auto_pad"] = ["SAME_UPPER", "SAME_LOWER", "VALID"][k % 3]
            attrs["strides"] = [min(attrs["strides"][0], kh), min(attrs["strides"][1], kw)]
        else:
            attrs["ceil_mode"] = int(k % 3 == 0)
            attrs["pads"] = [int(rng.integers(0, kh)), int(rng.integers(0, kw)), int(rng.integers(0, kh)), int(rng.integers(0, kw))]
        x = rand(rng, 2, int(rng.integers(1, 4)), int(rng.integers(3, 14)), int(rng.integers(3, 20)))
        node = helper.make_node("AveragePool", ["x"], ["y"], **attrs)
        save_case(out, f"avgpool_{k}", node, [("x", x)], [], ["y"])
    for k in range(count):
        rng = np.random.default_rng(7950 + k)
        op = ["GlobalAveragePool", "GlobalMaxPool"][k % 2]
        x = rand(rng, 2, int(rng.integers(1, 5)), int(rng.integers(1, 20)), int(rng.integers(1, 20)))
        save_case(out, f"{op.lower()}_{k}", helper.make_node(op, ["x"], ["y"]), [("x", x)], [], ["y"])

def reduce_bn_cases(out, count):
    for k in range(count * 2):
        rng = np.random.default_rng(8100 + k)
        op = ["ReduceMean", "ReduceMax"][k % 2]
        shape = [int(v) for v in rng.integers(1, 6, size=4)]
        axes = sorted(int(a) for a in rng.permutation(4)[: int(rng.integers(1, 5))])
        attrs = dict(keepdims=int(k % 3 != 0))
        if k % 5:
            attrs["axes"] = [a - 4 if k % 2 else a for a in axes]
        save_case(out, f"{op.lower()}_{k}", helper.make_node(op, ["x"], ["y"], **attrs), [("x", rand(rng, *shape))], [], ["y"])
    for k in range(count):
        rng = np.random.default_rng(8300 + k)
        c = int(rng.integers(1, 6))
        shape = [2, c] + [int(v) for v in rng.integers(1, 6, size=k % 3)]
        node = helper.make_node("BatchNormalization", ["x", "g", "b", "m", "v"], ["y"], epsilon=float(10.0 ** -rng.integers(2, 6)))
        save_case(out, f"bn_{k}", node, [("x", rand(rng, *shape))],
                  [("g", rand(rng, c)), ("b", rand(rng, c)), ("m", rand(rng, c)), ("v", np.abs(rand(rng, c)) + 0.1)], ["y"])

def layout_cases(out, count):
    for k in range(count):
        rng = np.random.default_rng(8500 + k)
        shape = [int(v) for v in rng.integers(1, 5, size=4)]
        perm = [int(p) for p in rng.permutation(4)]
        save_case(out, f"transpose_{k}", helper.make_node("Transpose", ["x"], ["y"], perm=perm), [("x", rand(rng, *shape))], [], ["y"])
        axis = int(rng.integers(-4, 4))
        idx = rng.integers(-shape[axis], shape[axis], size=tuple(int(v) for v in rng.integers(1, 4, size=k % 3))).astype(np.int64)
        save_case(out, f"gather_{k}", helper.make_node("Gather", ["x", "i"], ["y"], axis=axis), [("x", rand(rng, *shape))], [("i", idx)], ["y"])
        tshape = [s if rng.integers(0, 2) else int(rng.integers(1, 4)) if s == 1 else s for s in shape]
        save_case(out, f"expand_{k}", helper.make_node("Expand", ["x", "s"], ["y"]), [("x", rand(rng, *[1 if rng.integers(0, 2) else s for s in shape]))], [("s", np.array([2] + tshape, np.int64))], ["y"])
        reps = rng.integers(1, 4, size=4).astype(np.int64)
        save_case(out, f"tile_{k}", helper.make_node("Tile", ["x", "r"], ["y"]), [("x", rand(rng, *shape))], [("r", reps)], ["y"])

FAMILIES = (resize_cases, pad_cases, slice_cases, avgpool_cases, reduce_bn_cases, layout_cases)
