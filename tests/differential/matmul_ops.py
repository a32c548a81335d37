"""Randomized cases for MatMul (batch broadcasting, 1-D operands, constant and computed B), Gemm
and Conv with computed weights, and ConvTranspose attribute combinations; generate.py writes them
next to its own (same layout, same onnxruntime-node check).

Values are multiples of 1/4: every product and sum is then exact in float32, whatever order or
fused multiply-add onnxruntime uses, so a result that differs is a wrong index, not rounding
(random normals made sums that cancel to 1e-5 differ by more than the runner's tolerance)."""
import numpy as np
from onnx import helper
from generate import save_case, rand as normal


def rand(rng, *shape):
    return (np.round(normal(rng, *shape) * 4) / 4).astype(np.float32)

MATMUL_SHAPES = [
    ((3, 5), (5, 4)), ((1, 37), (37, 29)), ((2, 7, 33), (33, 19)), ((2, 3, 4, 9), (9, 17)),
    ((2, 1, 3, 4), (3, 4, 5)), ((3, 4), (2, 4, 6)), ((1, 4, 6), (5, 1, 6, 3)),
    ((2, 6, 8), (2, 8, 6)), ((7,), (7,)), ((7,), (7, 3)), ((4, 7), (7,)), ((2, 4, 7), (7,)),
    ((7,), (3, 7, 2)), ((2, 3, 4, 9), (1, 1, 9, 17)),
]


def matmul_cases(out, count):
    k = 0
    for j in range(count):
        for sa, sb in MATMUL_SHAPES if j == 0 else [(None, None)] * 3:
            rng = np.random.default_rng(9000 + k)
            if sa is None:  # random ranks and broadcast batch dimensions
                m, kk, n = (int(v) for v in rng.integers(1, 24, size=3))
                batch = [int(v) for v in rng.integers(1, 4, size=int(rng.integers(0, 3)))]
                ba = [d if rng.random() < 0.7 else 1 for d in batch]
                bb = [d if rng.random() < 0.7 else 1 for d in batch][int(rng.integers(0, len(batch) + 1)):]
                sa, sb = tuple(ba + [m, kk]), tuple(bb + [kk, n])
            constant_b = k % 2 == 0
            a, b = rand(rng, *sa), rand(rng, *sb)
            node = helper.make_node("MatMul", ["a", "b"], ["y"])
            if constant_b:
                save_case(out, f"matmul_{k}", node, [("a", a)], [("b", b)], ["y"])
            else:
                save_case(out, f"matmul_{k}", node, [("a", a), ("b", b)], [], ["y"])
            k += 1


def gemm_computed_cases(out, count):
    for k in range(count):
        rng = np.random.default_rng(9500 + k)
        m, kk, n = (int(v) for v in rng.integers(1, 20, size=3))
        ta, tb = k % 2, (k // 2) % 2
        a = rand(rng, *((kk, m) if ta else (m, kk)))
        b = rand(rng, *((n, kk) if tb else (kk, n)))
        c = rand(rng, *([n], [m, n], [m, 1], [], [1, n])[k % 5])
        node = helper.make_node("Gemm", ["a", "b", "c"], ["y"], transA=ta, transB=tb,
                                alpha=float(0.5 + k % 3 * 0.25), beta=float(1.5 - k % 2))
        inputs, inits = [("a", a), ("b", b)], [("c", c)]
        if k % 3 != 0:  # C computed too
            inputs, inits = inputs + [("c", c)], []
        save_case(out, f"gemm_computed_{k}", node, inputs, inits, ["y"])


def conv_computed_cases(out, count):
    for k in range(count):
        rng = np.random.default_rng(9700 + k)
        one_d = k % 4 == 3
        group = [1, 2, 0][k % 3]  # 0: depthwise
        c = int(rng.integers(1, 4)) * (2 if group == 2 else 1)
        group = group or c
        m = c if group == c else int(rng.integers(1, 4)) * group
        kh, kw = (1 if one_d else int(rng.integers(1, 4))), int(rng.integers(1, 4))
        h, w = (1 if one_d else int(rng.integers(kh, 10))), int(rng.integers(kw, 10))
        dims = 1 if one_d else 2
        attrs = dict(group=group, strides=[int(v) for v in rng.integers(1, 3, size=dims)],
                     pads=[int(v) for v in rng.integers(0, 2, size=2 * dims)])
        x_shape = (2, c, w) if one_d else (2, c, h, w)
        w_shape = (m, c // group, kw) if one_d else (m, c // group, kh, kw)
        node = helper.make_node("Conv", ["x", "w", "b"], ["y"], **attrs)
        inputs = [("x", rand(rng, *x_shape)), ("w", rand(rng, *w_shape))]
        inits = [("b", rand(rng, m))]
        if k % 2:  # bias computed too
            inputs, inits = inputs + inits, []
        save_case(out, f"conv_computed_{k}", node, inputs, inits, ["y"])


def conv_transpose_cases(out, count):
    for k in range(count * 2):
        rng = np.random.default_rng(9900 + k)
        one_d = k % 5 == 4
        dims = 1 if one_d else 2
        group = [1, 1, 2, 0][k % 4]  # 0: depthwise
        c = int(rng.integers(1, 4)) * (2 if group == 2 else 1)
        group = group or c
        mg = 1 if group == c and k % 8 == 3 else int(rng.integers(1, 4))
        kernel = [int(v) for v in rng.integers(1, 5, size=dims)]
        strides = [int(v) for v in rng.integers(1, 4, size=dims)]
        dilations = [int(v) for v in rng.integers(1, 3, size=dims)] if k % 3 == 1 else [1] * dims
        spatial = [int(v) for v in rng.integers(1, 7, size=dims)]
        attrs = dict(group=group, strides=strides, dilations=dilations)
        if k % 2 == 0:
            attrs["output_padding"] = [int(rng.integers(0, max(s, d))) for s, d in zip(strides, dilations)]
        mode = k % 6
        full = [s * (i - 1) + ((kk - 1) * d + 1) + op for s, i, kk, d, op in
                zip(strides, spatial, kernel, dilations, attrs.get("output_padding", [0] * dims))]
        if mode in (0, 1):
            attrs["pads"] = [int(rng.integers(0, min(3, (f - 1) // 2 + 1))) for f in full * 2]
        elif mode == 2:
            attrs["auto_pad"] = ["SAME_UPPER", "SAME_LOWER", "VALID"][k % 3]
        elif mode == 3:
            attrs["output_shape"] = [max(1, f - int(rng.integers(0, 3))) for f in full]
        elif mode == 4:
            attrs["auto_pad"] = "SAME_UPPER" if k % 4 else "SAME_LOWER"
        x_shape = [2, c] + spatial
        w_shape = [c, mg] + kernel
        node = helper.make_node("ConvTranspose", ["x", "w", "b"] if k % 3 else ["x", "w"], ["y"], **attrs)
        inits = [("w", rand(rng, *w_shape))]
        if k % 3:
            inits.append(("b", rand(rng, mg * group)))
        save_case(out, f"convtranspose_{k}", node, [("x", rand(rng, *x_shape))], inits, ["y"])


FAMILIES = (matmul_cases, gemm_computed_cases, conv_computed_cases, conv_transpose_cases)
