"""Randomized cases for float16 and int8 (QDQ) weights: Cast to and from float16, QuantizeLinear,
DequantizeLinear, and two small conv nets in the forms converters write them: float16 (as
onnxconverter-common's float16 converter, with and without keep_io_types) and QDQ (int8 weights +
DequantizeLinear, activations through QuantizeLinear/DequantizeLinear pairs, as onnxruntime's
quantizer writes them). generate.py writes them next to its own cases.

A case directory holding ort_session_options.json gets those options in expected.mjs: the QDQ
cases turn ONNX Runtime's graph optimizations off, which would otherwise fuse DQ -> Conv -> Q
into an integer QLinearConv that rounds differently from the float model the ONNX graph states."""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from generate import OPSET, rand

F16, F32, U8, I8 = TensorProto.FLOAT16, TensorProto.FLOAT, TensorProto.UINT8, TensorProto.INT8
NP_TYPE = {F16: np.float16, F32: np.float32, U8: np.uint8, I8: np.int8, TensorProto.INT32: np.int32}


def save_graph(out, name, nodes, inputs, initializers, outputs, opset=OPSET, ort_options=None,
               expected=None):
    """inputs: (name, array) fed at run time; outputs: (name, TensorProto type); expected: (name,
    array) outputs computed here (expected.mjs then leaves the case alone), else ORT's."""
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info(n, onnx.mapping.NP_TYPE_TO_TENSOR_TYPE[a.dtype], a.shape)
         for n, a in inputs],
        [helper.make_tensor_value_info(o, t, None) for o, t in outputs],
        [numpy_helper.from_array(a, n) for n, a in initializers])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                              producer_name="wasmnn-differential")
    model.ir_version = 8
    case = os.path.join(out, f"test_diff_{name}")
    os.makedirs(os.path.join(case, "test_data_set_0"), exist_ok=True)
    onnx.save(model, os.path.join(case, "model.onnx"))
    if ort_options:
        with open(os.path.join(case, "ort_session_options.json"), "w") as f:
            json.dump(ort_options, f)
    for i, (n, a) in enumerate(inputs):
        with open(os.path.join(case, "test_data_set_0", f"input_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(a, n).SerializeToString())
    for i, (n, a) in enumerate(expected or []):
        with open(os.path.join(case, "test_data_set_0", f"output_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(a, n).SerializeToString())


def special_floats(rng, n):
    """Random values over float16's whole range, with its edges: ties, subnormals, overflow."""
    x = rng.standard_normal(n).astype(np.float32) * np.float32(10.0) ** rng.integers(-8, 6, n)
    edges = [0.0, -0.0, 65504.0, 65519.0, 65520.0, -1e9, np.inf, -np.inf, np.nan, 2.0 ** -24,
             2.0 ** -25, 3 * 2.0 ** -25, 1 + 2.0 ** -11, 1 + 3 * 2.0 ** -11, 6.1e-5, -5.9e-8]
    x[:len(edges)] = np.array(edges, dtype=np.float32)
    return x.astype(np.float32)


def cast_cases(out, count):
    for k in range(count):
        rng = np.random.default_rng(11000 + k)
        n = int(rng.integers(20, 200))
        x = special_floats(rng, n)
        save_graph(out, f"cast_float16_{k}", [helper.make_node("Cast", ["x"], ["y"], to=F16)],
                   [("x", x)], [], [("y", F16)])
        with np.errstate(over="ignore"):  # beyond 65520: inf, on purpose
            h = x.astype(np.float16)
        save_graph(out, f"cast_from_float16_{k}", [helper.make_node("Cast", ["h"], ["y"], to=F32)],
                   [("h", h)], [], [("y", F32)])
        finite = np.where(np.isfinite(h), h, 0).astype(np.float16)  # ORT leaves inf/NaN -> int undefined
        save_graph(out, f"cast_float16_int32_{k}",
                   [helper.make_node("Cast", ["h"], ["i"], to=TensorProto.INT32)],
                   [("h", finite)], [], [("i", TensorProto.INT32)])
        # Inside a graph: a Cast to float16 and back rounds the float32 values.
        save_graph(out, f"cast_round_float16_{k}",
                   [helper.make_node("Cast", ["x"], ["h"], to=F16),
                    helper.make_node("Cast", ["h"], ["y"], to=F32)],
                   [("x", x)], [], [("y", F32)])


def quant_params(rng, shape, axis, qtype, per_axis):
    n = shape[axis] if per_axis else 1
    scale = (rng.random(n) * 0.05 + 0.005).astype(np.float32)
    lo, hi = (0, 255) if qtype == U8 else (-128, 127)
    zero = rng.integers(lo, hi + 1, n).astype(NP_TYPE[qtype]) if qtype == U8 else \
        rng.integers(-20, 21, n).astype(np.int8)
    if not per_axis:
        return scale.reshape(()), zero.reshape(())
    return scale, zero


def quantize_cases(out, count):
    for k in range(count):
        rng = np.random.default_rng(12000 + k)
        rank = int(rng.integers(1, 5))
        shape = [int(v) for v in rng.integers(1, 7, rank)]
        qtype = [U8, I8][k % 2]
        per_axis = k % 3 != 0
        opset = 10 if k % 6 == 3 else OPSET
        per_axis = per_axis and opset >= 13
        axis = int(rng.integers(-rank, rank))
        scale, zero = quant_params(rng, shape, axis, qtype, per_axis)
        x = (rng.standard_normal(shape) * 3).astype(np.float32)
        # Ties: values that divide to exact halves.
        flat = x.reshape(-1)
        flat[: flat.size // 4] = (rng.integers(-300, 300, flat.size // 4) + 0.5).astype(np.float32) * \
            np.float32(scale.reshape(-1)[0])
        attrs = {"axis": axis} if per_axis else {}
        zero_omitted = k % 5 == 4 and qtype == U8
        names = ["x", "scale"] + ([] if zero_omitted else ["zero"])
        inits = [("scale", scale)] + ([] if zero_omitted else [("zero", zero)])
        save_graph(out, f"quantizelinear_{k}", [helper.make_node("QuantizeLinear", names, ["y"], **attrs)],
                   [("x", x)], inits, [("y", qtype)], opset=opset)
        # DequantizeLinear: x fed at run time, and x an initializer (folded at load).
        q = rng.integers(0, 256, shape).astype(np.uint8) if qtype == U8 else \
            rng.integers(-128, 128, shape).astype(np.int8)
        names = ["q", "scale"] + ([] if zero_omitted else ["zero"])
        save_graph(out, f"dequantizelinear_{k}",
                   [helper.make_node("DequantizeLinear", names, ["y"], **attrs)],
                   [("q", q)], inits, [("y", F32)], opset=opset)
        save_graph(out, f"dequantizelinear_const_{k}",
                   [helper.make_node("DequantizeLinear", names, ["w"], **attrs),
                    helper.make_node("Add", ["w", "x"], ["y"])],
                   [("x", x)], inits + [("q", q)], [("y", F32)], opset=opset)
    rng = np.random.default_rng(12999)
    q = rng.integers(-1000000, 1000000, 40).astype(np.int32)
    save_graph(out, "dequantizelinear_int32",
               [helper.make_node("DequantizeLinear", ["q", "scale"], ["y"])],
               [("q", q)], [("scale", np.array(0.001, np.float32))], [("y", F32)])


def conv_net_float32(rng, c_in, dyadic):
    """Weights of a small conv net: Conv 3x3 -> Relu -> Conv 3x3 stride 2 -> Relu ->
    GlobalAveragePool -> Flatten -> Gemm. dyadic: multiples of 1/16 (exact in float16)."""
    def w(*shape):
        a = rand(rng, *shape) * np.float32(0.5)
        return (np.round(a * 16) / 16).astype(np.float32) if dyadic else a
    return [("w1", w(4, c_in, 3, 3)), ("b1", w(4)), ("w2", w(6, 4, 3, 3)), ("b2", w(6)),
            ("w3", w(5, 6)), ("b3", w(5))]


def conv_net_nodes(x, y):
    return [helper.make_node("Conv", [x, "w1", "b1"], ["c1"], pads=[1, 1, 1, 1]),
            helper.make_node("Relu", ["c1"], ["r1"]),
            helper.make_node("Conv", ["r1", "w2", "b2"], ["c2"], pads=[1, 1, 1, 1], strides=[2, 2]),
            helper.make_node("Relu", ["c2"], ["r2"]),
            helper.make_node("GlobalAveragePool", ["r2"], ["g"]),
            helper.make_node("Flatten", ["g"], ["f"]),
            helper.make_node("Gemm", ["f", "w3", "b3"], [y], transB=1)]


def float16_net_cases(out, count):
    """The float16 converter's two forms. ONNX Runtime's CPU kernels compute these in float16 (or
    in float32 with a rounding to float16 after every node); wasmnn computes in float32. With
    dyadic weights and inputs every value is exact in float16, so both give the same numbers and
    the comparison checks the loading (float16 initializers, inputs, outputs, Cast nodes), not
    float16 arithmetic; the random-weight cases go through Casts only at the boundary."""
    for k in range(count):
        rng = np.random.default_rng(13000 + k)
        c_in = int(rng.integers(1, 4))
        h, w = int(rng.integers(4, 10)), int(rng.integers(4, 10))
        weights = conv_net_float32(rng, c_in, dyadic=True)
        inits16 = [(n, a.astype(np.float16)) for n, a in weights]
        x = (np.round(rand(rng, 2, c_in, h, w) * 4) / 4).astype(np.float32)
        if k % 2 == 0:  # keep_io_types=True: float32 at the boundary, Casts next to it
            nodes = ([helper.make_node("Cast", ["x"], ["x16"], to=F16, name="graph_input_cast_0")] +
                     conv_net_nodes("x16", "y16") +
                     [helper.make_node("Cast", ["y16"], ["y"], to=F32, name="graph_output_cast_0")])
            save_graph(out, f"float16_net_keep_io_{k}", nodes, [("x", x)], inits16, [("y", F32)])
        else:  # keep_io_types=False: float16 inputs and outputs
            save_graph(out, f"float16_net_{k}", conv_net_nodes("x", "y"), [("x", x.astype(np.float16))],
                       inits16, [("y", F16)])


def qdq_net_cases(out, count):
    """As onnxruntime.quantization.quantize_static writes a QDQ model (QOperator off, per-channel
    int8 weights, uint8 activations): weights int8 + DequantizeLinear, every activation through a
    QuantizeLinear -> DequantizeLinear pair."""
    for k in range(count):
        rng = np.random.default_rng(14000 + k)
        c_in = int(rng.integers(1, 4))
        h, w = int(rng.integers(4, 10)), int(rng.integers(4, 10))
        weights = dict(conv_net_float32(rng, c_in, dyadic=False))
        per_channel = k % 2 == 0
        inits, nodes = [], []
        for name in ("w1", "w2", "w3"):
            a = weights[name]
            axis = 0
            if per_channel:
                amax = np.abs(a.reshape(a.shape[0], -1)).max(axis=1)
                scale = (amax / 127).astype(np.float32)
                q = np.clip(np.round(a / scale.reshape(-1, *[1] * (a.ndim - 1))), -127, 127).astype(np.int8)
                zero = np.zeros(a.shape[0], np.int8)
            else:
                scale = np.array(np.abs(a).max() / 127, np.float32)
                q = np.clip(np.round(a / scale), -127, 127).astype(np.int8)
                zero = np.array(0, np.int8)
            inits += [(name + "_quantized", q), (name + "_scale", scale), (name + "_zero_point", zero)]
            nodes.append(helper.make_node(
                "DequantizeLinear", [name + "_quantized", name + "_scale", name + "_zero_point"], [name],
                **({"axis": axis} if per_channel else {})))
        for name in ("b1", "b2", "b3"):
            inits.append((name, weights[name]))

        def qdq(value, scale, zero):
            inits.extend([(value + "_scale", np.array(scale, np.float32)),
                          (value + "_zero_point", np.array(zero, np.uint8))])
            nodes.extend([
                helper.make_node("QuantizeLinear", [value, value + "_scale", value + "_zero_point"],
                                 [value + "_quantized"]),
                helper.make_node("DequantizeLinear",
                                 [value + "_quantized", value + "_scale", value + "_zero_point"],
                                 [value + "_dequantized"])])
            return value + "_dequantized"

        x = rand(rng, 1, c_in, h, w)
        xd = qdq("x", 6.0 / 255, 128)
        body = conv_net_nodes(xd, "y")
        # Relu outputs quantized with zero point 0, as the quantizer does after a fused Relu.
        body[1].input[0] = "c1"
        nodes.extend(body[:2])
        r1 = qdq("r1", 4.0 / 255, 0)
        body[2].input[0] = r1
        nodes.extend(body[2:4])
        r2 = qdq("r2", 4.0 / 255, 0)
        body[4].input[0] = r2
        nodes.extend(body[4:])
        save_graph(out, f"qdq_net_{k}", nodes, [("x", x)], inits, [("y", F32)],
                   ort_options={"graphOptimizationLevel": "disabled"})


FAMILIES = (cast_cases, quantize_cases, float16_net_cases, qdq_net_cases)
