"""Randomized cases for the integer quantized ops ONNX Runtime's quantizer writes:
DynamicQuantizeLinear, MatMulInteger, QLinearMatMul, ConvInteger, QLinearConv (uint8 and int8,
zero points per tensor and per column/channel, constant and fed operands). generate.py writes
them next to its own cases; integer outputs must agree with onnxruntime-node exactly.

uint8 activations x int8 weights: onnxruntime's x86 kernels without VNNI (SSE4.1, AVX2) add
u8 x s8 products in pairs into int16 with saturation (pmaddubsw), so full-range int8 weights get
CPU-dependent, saturated sums from ORT (seen on an AVX-only EPYC: MatMulInteger off by up to 5300).
Its quantizer writes 7-bit weights for x86 (reduce_range) for that reason; these cases do too, so
ORT is exact on every CPU. Full-range u8 x s8 is checked against numpy's exact int32 sums
(matmulinteger_u8s8_full_*), not against ORT."""
import numpy as np
from onnx import TensorProto, helper

from weights_ops import F32, I8, U8, NP_TYPE, save_graph

I32 = TensorProto.INT32


def q8(rng, qtype, *shape, seven_bit=False):
    lo, hi = (0, 256) if qtype == U8 else (-64, 64) if seven_bit else (-128, 128)
    return rng.integers(lo, hi, shape).astype(NP_TYPE[qtype])


def zero_point(rng, qtype, n=None):
    z = rng.integers(100, 156) if qtype == U8 else rng.integers(-20, 21)
    if n is None:
        return np.array(z, dtype=NP_TYPE[qtype])
    return (rng.integers(100, 156, n) if qtype == U8 else rng.integers(-20, 21, n)).astype(NP_TYPE[qtype])


def dynamic_quantize_cases(out, count):
    for k in range(count):
        rng = np.random.default_rng(21000 + k)
        shape = [int(v) for v in rng.integers(1, 7, int(rng.integers(1, 4)))]
        x = (rng.standard_normal(shape) * 4).astype(np.float32)
        if k % 4 == 1:
            x = np.abs(x)  # the range's minimum is 0
        elif k % 4 == 2:
            x = -np.abs(x)  # the range's maximum is 0
        node = helper.make_node("DynamicQuantizeLinear", ["x"], ["y", "y_scale", "y_zero_point"])
        save_graph(out, f"dynamicquantizelinear_{k}", [node], [("x", x)], [],
                   [("y", U8), ("y_scale", F32), ("y_zero_point", U8)], opset=11)


def matmul_shapes(rng, k):
    m, kk, n = (int(v) for v in rng.integers(1, 19, 3))
    if k % 3 == 0:
        return (m, kk), (kk, n)
    if k % 3 == 1:
        return (2, m, kk), (kk, n)
    return (2, m, kk), (2, kk, n)


def matmul_cases(out, count):
    for k in range(count):
        rng = np.random.default_rng(22000 + k)
        at, bt = [(U8, U8), (U8, I8), (I8, I8)][k % 3]
        sa, sb = matmul_shapes(rng, k)
        a, b = q8(rng, at, *sa), q8(rng, bt, *sb, seven_bit=(at, bt) == (U8, I8))
        per_column = k % 2 == 1 and len(sb) == 2  # ORT: a batched B takes [batch, 1, N]
        za, zb = zero_point(rng, at), zero_point(rng, bt, sb[-1] if per_column else None)
        b_fed = k % 4 == 2
        inputs = [("a", a)] + ([("b", b)] if b_fed else [])
        inits = ([] if b_fed else [("b", b)]) + [("za", za), ("zb", zb)]
        node = helper.make_node("MatMulInteger", ["a", "b", "za", "zb"], ["y"])
        save_graph(out, f"matmulinteger_{k}", [node], inputs, inits, [("y", I32)], opset=10)
        # QLinearMatMul: the same operands, requantized to y's type.
        yt = at if at == bt else U8
        zb1 = zero_point(rng, bt)
        b_scale = np.array(rng.random() * 0.05 + 0.001, dtype=np.float32)
        y_scale = np.array(rng.random() * 2 + 0.5, dtype=np.float32)
        inits = [("a_scale", np.array(0.02, dtype=np.float32)), ("za", za)] + \
            ([] if b_fed else [("b", b)]) + [("b_scale", b_scale), ("zb", zb1),
                                              ("y_scale", y_scale), ("zy", zero_point(rng, yt))]
        node = helper.make_node("QLinearMatMul", ["a", "a_scale", "za", "b", "b_scale", "zb",
                                                  "y_scale", "zy"], ["y"])
        save_graph(out, f"qlinearmatmul_{k}", [node], inputs, inits, [("y", yt)], opset=10)


def conv_cases(out, count):
    for k in range(count):
        rng = np.random.default_rng(23000 + k)
        group = [1, 1, 2, 0][k % 4] or None  # 0: depthwise
        c = int(rng.integers(1, 4)) * (2 if group == 2 else 1)
        group = group or c
        m = c if group == c else int(rng.integers(1, 4)) * group
        kh, kw = int(rng.integers(1, 4)), int(rng.integers(1, 4))
        h, w = int(rng.integers(kh, 10)), int(rng.integers(kw, 10))
        attrs = dict(group=group, strides=[int(v) for v in rng.integers(1, 3, 2)])
        if k % 3 == 0:
            attrs["auto_pad"] = ["SAME_UPPER", "VALID", "SAME_LOWER"][k % 9 // 3]
        else:
            attrs["pads"] = [int(v) for v in rng.integers(0, 2, 4)]
            attrs["dilations"] = [int(v) for v in rng.integers(1, 3, 2)]
        x = q8(rng, U8, 2, c, h, w)
        wt = q8(rng, U8, m, c // group, kh, kw)
        zx = zero_point(rng, U8)
        node = helper.make_node("ConvInteger", ["x", "w", "zx", "zw"], ["y"], **attrs)
        save_graph(out, f"convinteger_{k}", [node], [("x", x)],
                   [("w", wt), ("zx", zx), ("zw", zero_point(rng, U8))],  # ORT: zw per tensor only
                   [("y", I32)], opset=10)
        # QLinearConv: uint8 or int8 activations, weights per tensor or per output channel.
        qt = [U8, I8][k % 2]
        wtype = qt if qt == I8 else [U8, I8][k % 3 == 1]
        xq, wq = q8(rng, qt, 2, c, h, w), q8(rng, wtype, m, c // group, kh, kw,
                                            seven_bit=(qt, wtype) == (U8, I8))
        wt_type = I8 if wq.dtype == np.int8 else U8
        per_channel = k % 2 == 1 or wt_type == I8
        w_scale = (rng.random(m if per_channel else 1) * 0.02 + 0.001).astype(np.float32)
        zw = np.zeros(m if per_channel else 1, dtype=NP_TYPE[wt_type]) if wt_type == I8 else \
            zero_point(rng, U8, m if per_channel else 1)
        inits = [("x_scale", np.array(0.05, dtype=np.float32)), ("zx", zero_point(rng, qt)),
                 ("w", wq), ("w_scale", w_scale), ("zw", zw),
                 ("y_scale", np.array(rng.random() * 0.5 + 0.05, dtype=np.float32)),
                 ("zy", zero_point(rng, qt)),
                 ("bias", rng.integers(-2000, 2000, m).astype(np.int32))]
        node = helper.make_node("QLinearConv", ["x", "x_scale", "zx", "w", "w_scale", "zw", "y_scale",
                                                "zy"] + (["bias"] if k % 3 != 2 else []), ["y"], **attrs)
        if k % 3 == 2:
            inits = inits[:-1]
        save_graph(out, f"qlinearconv_{k}", [node], [("x", xq)], inits, [("y", qt)], opset=10)


def matmul_full_range_cases(out, count):
    """u8 x s8 over the whole int8 range, the expected output from numpy's exact int32 sums (ONNX's
    definition): what ORT's non-VNNI x86 kernels saturate."""
    for k in range(max(1, count // 3)):
        rng = np.random.default_rng(24000 + k)
        sa, sb = matmul_shapes(rng, k)
        a, b = q8(rng, U8, *sa), q8(rng, I8, *sb)
        a[..., :2] = 255  # the largest products, so that int16 pair sums would overflow
        b[..., :2, :] = -128
        za, zb = zero_point(rng, U8), zero_point(rng, I8)
        y = np.matmul(a.astype(np.int32) - np.int32(za), b.astype(np.int32) - np.int32(zb)).astype(np.int32)
        node = helper.make_node("MatMulInteger", ["a", "b", "za", "zb"], ["y"])
        save_graph(out, f"matmulinteger_u8s8_full_{k}", [node], [("a", a)], [("b", b), ("za", za), ("zb", zb)],
                   [("y", I32)], opset=10, expected=[("y", y)])


FAMILIES = (dynamic_quantize_cases, matmul_cases, conv_cases, matmul_full_range_cases)
