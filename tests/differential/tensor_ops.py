"""Randomized cases for the tensor operators of issue 11 (DepthToSpace, SpaceToDepth, Range,
GatherElements, ScatterND, Trilu, OneHot, NonZero, Size, Einsum, GatherND, ScatterElements,
Scatter, Compress, ReverseSequence, EyeLike) and for the opset 18-21 forms
of the ops wasmnn already had (Split num_outputs, Pad axes and wrap, Resize axes, cubic, antialias,
keep_aspect_ratio_policy and half_pixel_symmetric, and the ops whose opset 19/21 versions only
add types). generate.py writes them next to its own (same layout, same onnxruntime-node check).
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from generate import rand

FLOAT, INT64 = TensorProto.FLOAT, TensorProto.INT64


def save(out, name, nodes, inputs, initializers, outputs, opset=13):
    """Like generate.save_case, for graphs of several nodes and typed outputs.
    outputs: list of (name, TensorProto type)."""
    if not isinstance(nodes, list):
        nodes = [nodes]
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info(n, onnx.mapping.NP_TYPE_TO_TENSOR_TYPE[a.dtype], a.shape)
         for n, a in inputs],
        [helper.make_tensor_value_info(o, t, None) for o, t in outputs],
        [numpy_helper.from_array(a, n) for n, a in initializers])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                              producer_name="wasmnn-differential")
    model.ir_version = 10 if opset >= 21 else 9 if opset >= 19 else 8
    case = os.path.join(out, f"test_diff_{name}")
    os.makedirs(os.path.join(case, "test_data_set_0"), exist_ok=True)
    onnx.save(model, os.path.join(case, "model.onnx"))
    for i, (n, a) in enumerate(inputs):
        with open(os.path.join(case, "test_data_set_0", f"input_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(a, n).SerializeToString())


def ints(rng, lo, hi, n):
    return [int(v) for v in rng.integers(lo, hi, size=n)]


def depth_space_cases(out, count):
    for k in range(count):
        rng = np.random.default_rng(9000 + k)
        b = int(rng.integers(1, 4))
        n, c, h, w = int(rng.integers(1, 3)), int(rng.integers(1, 4)), *ints(rng, 1, 5, 2)
        mode = ["DCR", "CRD"][k % 2]
        node = helper.make_node("DepthToSpace", ["x"], ["y"], blocksize=b, mode=mode)
        save(out, f"depthtospace_{k}", node, [("x", rand(rng, n, c * b * b, h, w))], [],
             [("y", FLOAT)])
        node = helper.make_node("SpaceToDepth", ["x"], ["y"], blocksize=b)
        save(out, f"spacetodepth_{k}", node, [("x", rand(rng, n, c, h * b, w * b))], [],
             [("y", FLOAT)])


def range_cases(out, count):
    for k in range(count):
        rng = np.random.default_rng(9100 + k)
        if k % 3 == 0:  # float, constant inputs: folded at load, then added to x
            start, delta = float(rng.uniform(-3, 3)), float(rng.choice([-0.75, -0.5, 0.3, 1.0, 1.5]))
            n = int(rng.integers(1, 9))
            limit = start + delta * (n - 0.5)
            length = len(np.arange(np.float32(start), np.float32(limit), np.float32(delta)))
            nodes = [helper.make_node("Range", ["s", "l", "d"], ["r"]),
                     helper.make_node("Add", ["x", "r"], ["y"])]
            inits = [("s", np.array(start, np.float32)), ("l", np.array(limit, np.float32)),
                     ("d", np.array(delta, np.float32))]
            save(out, f"range_{k}", nodes, [("x", rand(rng, 2, length))], inits, [("y", FLOAT)], 11)
        elif k % 3 == 1:  # int64 from the input's shape: Shape -> Gather -> Range -> Cast -> Add
            w = int(rng.integers(1, 9))
            step = int(rng.choice([1, 2, 3]))
            nodes = [helper.make_node("Shape", ["x"], ["shape"]),
                     helper.make_node("Gather", ["shape", "one"], ["width"], axis=0),
                     helper.make_node("Range", ["zero", "width", "step"], ["r"]),
                     helper.make_node("Cast", ["r"], ["rf"], to=FLOAT),
                     helper.make_node("Mul", ["rf", "half"], ["y"])]
            inits = [("one", np.array(1, np.int64)), ("zero", np.array(0, np.int64)),
                     ("step", np.array(step, np.int64)), ("half", np.array(0.5, np.float32))]
            save(out, f"range_{k}", nodes, [("x", rand(rng, 3, w))], inits, [("y", FLOAT)], 13)
        else:  # int64 output itself, negative step
            start, delta = int(rng.integers(-5, 10)), -int(rng.integers(1, 4))
            limit = start + delta * int(rng.integers(0, 6))
            nodes = [helper.make_node("Range", ["s", "l", "d"], ["r"]),
                     helper.make_node("Shape", ["x"], ["sx"]),
                     helper.make_node("Concat", ["r", "sx"], ["y"], axis=0)]
            inits = [("s", np.array(start, np.int64)), ("l", np.array(limit, np.int64)),
                     ("d", np.array(delta, np.int64))]
            save(out, f"range_{k}", nodes, [("x", rand(rng, 2, 3))], inits, [("y", INT64)], 11)


def gather_scatter_cases(out, count):
    for k in range(count):
        rng = np.random.default_rng(9200 + k)
        rank = int(rng.integers(1, 4))
        shape = ints(rng, 1, 5, rank)
        axis = int(rng.integers(-rank, rank))
        a = axis % rank
        ishape = [int(rng.integers(1, 5)) if d == a else int(rng.integers(1, s + 1))
                  for d, s in enumerate(shape)]
        idx = rng.integers(-shape[a], shape[a], size=ishape).astype(np.int64)
        node = helper.make_node("GatherElements", ["x", "i"], ["y"], axis=axis)
        if k % 2:
            save(out, f"gatherelements_{k}", node, [("x", rand(rng, *shape)), ("i", idx)], [],
                 [("y", FLOAT)])
        else:
            save(out, f"gatherelements_{k}", node, [("x", rand(rng, *shape))], [("i", idx)],
                 [("y", FLOAT)])
        # ScatterND: rows of k coordinates into data of rank 1-3; reductions by opset
        rank = int(rng.integers(1, 4))
        shape = ints(rng, 1, 5, rank)
        kk = int(rng.integers(1, rank + 1))
        reduction, opset = [("none", 13), ("add", 16), ("mul", 16), ("max", 18), ("min", 18),
                            ("none", 18)][k % 6]
        cells = int(np.prod(shape[:kk]))
        rows = int(rng.integers(1, cells + 1))
        if reduction == "none":  # unique rows: ONNX leaves repeated ones undefined
            flat = rng.permutation(cells)[:rows]
        else:
            flat = rng.integers(0, cells, size=rows)
        idx = np.stack(np.unravel_index(flat, shape[:kk]), axis=-1).astype(np.int64)
        if k % 4 == 1:
            idx = idx - np.array(shape[:kk], np.int64)  # negative indices
        lead = [rows] if k % 3 else [1, rows]
        idx = idx.reshape(lead + [kk])
        updates = rand(rng, *(lead + shape[kk:]))
        attrs = {} if opset < 16 else dict(reduction=reduction)
        node = helper.make_node("ScatterND", ["x", "i", "u"], ["y"], **attrs)
        save(out, f"scatternd_{k}", node, [("x", rand(rng, *shape)), ("u", updates)],
             [("i", idx)], [("y", FLOAT)], opset)


def trilu_onehot_cases(out, count):
    for k in range(count):
        rng = np.random.default_rng(9300 + k)
        shape = ints(rng, 1, 4, int(rng.integers(0, 3))) + ints(rng, 1, 7, 2)
        kv = np.array(int(rng.integers(-4, 5)), np.int64)
        node = helper.make_node("Trilu", ["x", "k"] if k % 3 else ["x"], ["y"], upper=k % 2)
        save(out, f"trilu_{k}", node, [("x", rand(rng, *shape))], [("k", kv)] if k % 3 else [],
             [("y", FLOAT)], 14)
        depth = int(rng.integers(1, 6))
        ishape = ints(rng, 1, 4, int(rng.integers(1, 3)))
        idx = rng.integers(-depth - 1, depth + 2, size=ishape).astype(np.int64)
        axis = int(rng.integers(-len(ishape) - 1, len(ishape) + 1))
        values = rng.standard_normal(2).astype(np.float32)
        node = helper.make_node("OneHot", ["i", "depth", "v"], ["y"], axis=axis)
        save(out, f"onehot_{k}", node, [("i", idx)],
             [("depth", np.array(depth, np.int64)), ("v", values)], [("y", FLOAT)], 11)


def nonzero_size_cases(out, count):
    for k in range(count):
        rng = np.random.default_rng(9400 + k)
        shape = ints(rng, 1, 5, int(rng.integers(1, 4)))
        c = (rng.random(shape) < 0.4).astype(np.float32) * rand(rng, *shape)
        nz = np.array(np.nonzero(c))
        nodes = [helper.make_node("NonZero", ["c"], ["n"]),
                 helper.make_node("Cast", ["n"], ["nf"], to=FLOAT),
                 helper.make_node("Add", ["x", "nf"], ["y"])]
        save(out, f"nonzero_{k}", nodes, [("x", rand(rng, *nz.shape))], [("c", c)],
             [("y", FLOAT)], 13)
        opset = [13, 19, 21][k % 3]
        node = helper.make_node("Size", ["x"], ["y"])
        save(out, f"size_{k}", node, [("x", rand(rng, *shape))], [], [("y", INT64)], opset)


EINSUM_EQUATIONS = [
    ("ij,jk->ik", ["ij", "jk"]), ("bij,bjk->bik", ["bij", "bjk"]), ("ij->ji", ["ij"]),
    ("bhqd,bhkd->bhqk", ["bhqd", "bhkd"]), ("bhqk,bhkd->bhqd", ["bhqk", "bhkd"]),
    ("i,j->ij", ["i", "j"]), ("ij->i", ["ij"]), ("bij->bj", ["bij"]), ("ij,jk", ["ij", "jk"]),
    ("ij,kj->ik", ["ij", "kj"]), ("ii->i", ["ii"]), ("ij,ij->ij", ["ij", "ij"]),
    ("bi,bi->b", ["bi", "bi"]), ("ijk->kji", ["ijk"]),
]


def einsum_cases(out, count):
    for k in range(max(count, len(EINSUM_EQUATIONS))):
        rng = np.random.default_rng(9500 + k)
        eq, operands = EINSUM_EQUATIONS[k % len(EINSUM_EQUATIONS)]
        size = {c: int(rng.integers(1, 7)) for c in "bhijkqd"}
        inputs = [(f"x{i}", rand(rng, *[size[c] for c in op])) for i, op in enumerate(operands)]
        node = helper.make_node("Einsum", [n for n, _ in inputs], ["y"], equation=eq)
        save(out, f"einsum_{k}", node, inputs, [], [("y", FLOAT)], 12 if k % 2 else 13)


def opset18_21_cases(out, count):
    for k in range(count):
        rng = np.random.default_rng(9600 + k)
        # Split-18 num_outputs (a smaller last part when the axis does not divide)
        shape = ints(rng, 2, 8, 3)
        axis = int(rng.integers(-3, 3))
        dim = shape[axis]
        parts = int(rng.integers(1, dim + 1))
        while parts > 1 and (parts - 1) * -(-dim // parts) >= dim:
            parts -= 1
        names = [f"y{i}" for i in range(parts)]
        node = helper.make_node("Split", ["x"], names, axis=axis, num_outputs=parts)
        save(out, f"split18_{k}", node, [("x", rand(rng, *shape))], [],
             [(n, FLOAT) for n in names], [18, 21][k % 2])
        # Pad-18 axes, Pad-19 wrap
        shape = ints(rng, 2, 6, 3)
        axes = sorted(int(a) for a in rng.permutation(3)[: int(rng.integers(1, 4))])
        mode = ["constant", "reflect", "edge", "wrap"][k % 4]
        pads = []
        for j in range(2 * len(axes)):
            lim = shape[axes[j % len(axes)]] - 1 if mode in ("reflect", "wrap") else 4
            pads.append(int(rng.integers(0, lim + 1)))
        signed = [a - 3 if k % 2 else a for a in axes]
        node = helper.make_node("Pad", ["x", "pads", "v", "axes"], ["y"], mode=mode)
        opset = 19 if mode == "wrap" else 18 + k % 4
        save(out, f"pad18_{k}", node, [("x", rand(rng, *shape))],
             [("pads", np.array(pads, np.int64)), ("v", np.array(0.25, np.float32)),
              ("axes", np.array(signed, np.int64))], [("y", FLOAT)], opset)
        # Resize-18: axes with scales or sizes, keep_aspect_ratio_policy; 19: half_pixel_symmetric
        x = rand(rng, 1, int(rng.integers(1, 3)), int(rng.integers(1, 7)), int(rng.integers(1, 9)))
        mode = ["nearest", "linear"][k % 2]
        coord = ["half_pixel", "half_pixel_symmetric", "asymmetric", "pytorch_half_pixel"][k % 4]
        attrs = dict(mode=mode, coordinate_transformation_mode=coord, axes=[2, 3] if k % 3 else [-1, -2])
        opset = 19 if coord == "half_pixel_symmetric" else 18 + k % 4
        if k % 2:
            sizes = np.array(ints(rng, 1, 13, 2), np.int64)
            attrs["keep_aspect_ratio_policy"] = ["stretch", "not_larger", "not_smaller"][k % 3]
            node = helper.make_node("Resize", ["x", "", "", "sizes"], ["y"], **attrs)
            save(out, f"resize18_{k}", node, [("x", x)], [("sizes", sizes)], [("y", FLOAT)], opset)
        else:
            scales = np.array([float(rng.choice([0.5, 0.6, 0.75, 1.5, 2.0, 2.5, 3.0])) for _ in range(2)],
                              np.float32)
            node = helper.make_node("Resize", ["x", "", "scales"], ["y"], **attrs)
            save(out, f"resize18_{k}", node, [("x", x)], [("scales", scales)], [("y", FLOAT)], opset)
        # Resize cubic (cubic_coeff_a, exclude_outside) and antialias (linear, cubic), opset 18+;
        # up- and downscaling, scales or sizes.
        x = rand(rng, 1, int(rng.integers(1, 3)), int(rng.integers(2, 12)), int(rng.integers(2, 14)))
        mode = ["cubic", "linear", "cubic", "linear"][k % 4]
        coord = ["half_pixel", "align_corners", "asymmetric", "pytorch_half_pixel", "half_pixel_symmetric"][k % 5]
        attrs = dict(mode=mode, coordinate_transformation_mode=coord, antialias=int(k % 4 != 0 or k % 8 == 4),
                     exclude_outside=int(k % 3 == 1))
        if mode == "cubic" and k % 2:
            attrs["cubic_coeff_a"] = -0.5
        opset = 19 if coord == "half_pixel_symmetric" else 18 + k % 4
        if k % 2 or coord == "align_corners":
            sizes = np.array([x.shape[2] * int(rng.integers(1, 4)) // int(rng.integers(1, 5)) + 1,
                              x.shape[3] * int(rng.integers(1, 4)) // int(rng.integers(1, 5)) + 1], np.int64)
            node = helper.make_node("Resize", ["x", "", "", "sizes"], ["y"], axes=[2, 3], **attrs)
            save(out, f"resize_filter_{k}", node, [("x", x)], [("sizes", sizes)], [("y", FLOAT)], opset)
        else:
            scales = np.array([1, 1] + [float(rng.choice([0.25, 0.4, 0.5, 0.75, 1.5, 2.0, 3.0])) for _ in range(2)],
                              np.float32)
            node = helper.make_node("Resize", ["x", "", "scales"], ["y"], **attrs)
            save(out, f"resize_filter_{k}", node, [("x", x)], [("scales", scales)], [("y", FLOAT)], opset)
    # AveragePool-19 dilations
    for k in range(count):
        rng = np.random.default_rng(9650 + k)
        kh, kw = ints(rng, 1, 4, 2)
        dil = ints(rng, 1, 4, 2)
        attrs = dict(kernel_shape=[kh, kw], dilations=dil, strides=ints(rng, 1, 3, 2),
                     count_include_pad=k % 2)
        if k % 4 == 3:  # SAME with dilations is refused (ONNX and onnxruntime differ)
            attrs["auto_pad"] = "VALID"
        else:
            attrs["pads"] = [int(rng.integers(0, kh)), int(rng.integers(0, kw)),
                             int(rng.integers(0, kh)), int(rng.integers(0, kw))]
            attrs["ceil_mode"] = int(k % 3 == 0)
        span_h, span_w = (kh - 1) * dil[0] + 1, (kw - 1) * dil[1] + 1
        x = rand(rng, 1, 2, int(rng.integers(span_h, span_h + 6)), int(rng.integers(span_w, span_w + 6)))
        node = helper.make_node("AveragePool", ["x"], ["y"], **attrs)
        save(out, f"avgpool19_{k}", node, [("x", x)], [], [("y", FLOAT)], [19, 21][k % 2])
    # The ops whose opset 19/21 versions only add types run their float/int64 forms at 21.
    rng = np.random.default_rng(9700)
    x = rand(rng, 2, 1, 3)
    simple = [
        ("transpose21", helper.make_node("Transpose", ["x"], ["y"], perm=[2, 0, 1]), [], FLOAT),
        ("squeeze21", helper.make_node("Squeeze", ["x", "a"], ["y"]), [("a", np.array([1], np.int64))], FLOAT),
        ("unsqueeze21", helper.make_node("Unsqueeze", ["x", "a"], ["y"]), [("a", np.array([0, -1], np.int64))], FLOAT),
        ("flatten21", helper.make_node("Flatten", ["x"], ["y"], axis=2), [], FLOAT),
        ("reshape21", helper.make_node("Reshape", ["x", "s"], ["y"]), [("s", np.array([3, -1], np.int64))], FLOAT),
        ("identity21", helper.make_node("Identity", ["x"], ["y"]), [], FLOAT),
        ("cast21", helper.make_node("Cast", ["x"], ["y"], to=INT64), [], INT64),
        ("castlike21", helper.make_node("CastLike", ["x", "t"], ["y"]), [("t", np.array([1], np.int64))], INT64),
        ("shape21", helper.make_node("Shape", ["x"], ["y"], start=-2), [], INT64),
        ("constantofshape21", helper.make_node("ConstantOfShape", ["s"], ["y"], value=numpy_helper.from_array(np.array([7], np.int64))),
         [("s", np.array([2, 3], np.int64))], INT64),
    ]
    for name, node, inits, t in simple:
        save(out, name, node, [("x", x)], inits, [("y", t)], 21)


def gathernd_scatter_cases(out, count):
    """GatherND (batch_dims 0-2), ScatterElements (reductions by opset), Scatter (opset 10)."""
    for k in range(count):
        rng = np.random.default_rng(9800 + k)
        rank = int(rng.integers(1, 5))
        shape = ints(rng, 1, 5, rank)
        b = min(k % 3, rank - 1)
        kk = int(rng.integers(1, rank - b + 1))
        rows = shape[:b] + ints(rng, 1, 4, int(rng.integers(0, 3)))
        idx = np.stack([rng.integers(-shape[b + j], shape[b + j], size=rows) for j in range(kk)],
                       axis=-1).astype(np.int64)
        x = rand(rng, *shape) if k % 3 != 2 else rng.integers(-9, 9, size=shape).astype(np.int64)
        opset = [11, 12, 13][k % 3] if b == 0 else 12 + k % 2
        node = helper.make_node("GatherND", ["x", "i"], ["y"], **(dict(batch_dims=b) if b else {}))
        feeds, inits = ([("x", x), ("i", idx)], []) if k % 2 else ([("x", x)], [("i", idx)])
        save(out, f"gathernd_{k}", node, feeds, inits, [("y", FLOAT if k % 3 != 2 else INT64)],
             opset)
        # ScatterElements: unique targets per fiber without a reduction (ONNX leaves repeats
        # undefined), repeats allowed with one.
        rank = int(rng.integers(1, 4))
        shape = ints(rng, 1, 5, rank)
        axis = int(rng.integers(-rank, rank))
        a = axis % rank
        reduction, opset = [("none", 11), ("add", 16), ("mul", 16), ("max", 18), ("min", 18),
                            ("none", 18)][k % 6]
        ishape = [int(rng.integers(1, s + 1)) for s in shape]
        if reduction == "none":
            fibers = np.moveaxis(np.zeros(ishape, np.int64), a, -1)
            for pos in np.ndindex(fibers.shape[:-1]):
                fibers[pos] = rng.permutation(shape[a])[: ishape[a]]
            idx = np.moveaxis(fibers, -1, a)
        else:
            ishape[a] = int(rng.integers(1, 5))
            idx = rng.integers(0, shape[a], size=ishape)
        idx = np.where(rng.random(idx.shape) < 0.3, idx - shape[a], idx)  # some negative
        idx = idx.astype(np.int32 if k % 4 == 3 else np.int64)
        attrs = dict(axis=axis)
        if opset >= 16:
            attrs["reduction"] = reduction
        x = rand(rng, *shape) if k % 5 != 4 else rng.integers(-9, 9, size=shape).astype(np.int64)
        u = rand(rng, *ishape) if x.dtype == np.float32 else rng.integers(-9, 9, ishape).astype(np.int64)
        t = FLOAT if x.dtype == np.float32 else INT64
        node = helper.make_node("ScatterElements", ["x", "i", "u"], ["y"], **attrs)
        save(out, f"scatterelements_{k}", node, [("x", x), ("u", u)], [("i", idx)], [("y", t)], opset)
        if reduction == "none":
            node = helper.make_node("Scatter", ["x", "i", "u"], ["y"], axis=axis)
            save(out, f"scatter_{k}", node, [("x", x), ("i", idx), ("u", u)], [], [("y", t)], 10)


def select_cases(out, count):
    """Compress (plan-time condition), ReverseSequence (both layouts), EyeLike (k, dtype)."""
    for k in range(count):
        rng = np.random.default_rng(9900 + k)
        rank = int(rng.integers(1, 4))
        shape = ints(rng, 1, 6, rank)
        x = rand(rng, *shape) if k % 4 != 3 else rng.integers(-9, 9, size=shape).astype(np.int64)
        if k % 3 == 0:  # no axis: the flattened input
            attrs, dim = {}, int(np.prod(shape))
        else:
            axis = int(rng.integers(-rank, rank))
            attrs, dim = dict(axis=axis), shape[axis]
        cond = rng.random(int(rng.integers(1, dim + 1))) < 0.5
        node = helper.make_node("Compress", ["x", "c"], ["y"], **attrs)
        opset = 9 if attrs.get("axis", -1) >= 0 and k % 2 else [11, 13][k % 2]
        save(out, f"compress_{k}", node, [("x", x)], [("c", cond)],
             [("y", FLOAT if x.dtype == np.float32 else INT64)], opset)
        time, batch = int(rng.integers(1, 7)), int(rng.integers(1, 5))
        rest = ints(rng, 1, 4, int(rng.integers(0, 3)))
        layout = [time, batch] if k % 2 == 0 else [batch, time]
        x = rand(rng, *(layout + rest))
        lens = rng.integers(1 if k % 3 else 0, time + 1, size=batch).astype(np.int64)
        attrs = dict(time_axis=0, batch_axis=1) if k % 2 == 0 else dict(time_axis=1, batch_axis=0)
        node = helper.make_node("ReverseSequence", ["x", "l"], ["y"], **attrs)
        if k % 4 < 2:
            save(out, f"reversesequence_{k}", node, [("x", x), ("l", lens)], [], [("y", FLOAT)], 10)
        else:
            save(out, f"reversesequence_{k}", node, [("x", x)], [("l", lens)], [("y", FLOAT)], 10)
        x = rand(rng, *ints(rng, 1, 7, 2))
        if k % 2:
            x = x.astype(np.int32)
        dtype = [None, FLOAT, INT64, TensorProto.INT32][k % 4]
        attrs = dict(k=int(rng.integers(-5, 6)))
        if dtype is not None:
            attrs["dtype"] = dtype
        t = dtype if dtype is not None else (FLOAT if x.dtype == np.float32 else TensorProto.INT32)
        node = helper.make_node("EyeLike", ["x"], ["y"], **attrs)
        save(out, f"eyelike_{k}", node, [("x", x)], [], [("y", t)], 9)


FAMILIES = (depth_space_cases, range_cases, gather_scatter_cases, trilu_onehot_cases,
            nonzero_size_cases, einsum_cases, opset18_21_cases, gathernd_scatter_cases,
            select_cases)
