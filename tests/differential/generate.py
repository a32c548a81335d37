"""Randomized single-operator ONNX models for differential testing against onnxruntime-node.

Writes cases in the ONNX backend-test layout (the conformance runner reads them):
  OUT/test_diff_<op>_<k>/model.onnx            weights as initializers
  OUT/test_diff_<op>_<k>/test_data_set_0/input_<i>.pb
expected.mjs then adds output_<i>.pb computed by onnxruntime-node 1.30.0.

Deterministic: one seed per case; the same command writes the same bytes.
  /usr/bin/python3 tests/differential/generate.py OUT [cases-per-op]
"""
import importlib
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13


def save_case(out, name, node, inputs, initializers, outputs, opset=OPSET):
    """inputs: list of (name, array) fed at run time; initializers: list of (name, array)."""
    graph = helper.make_graph(
        [node], name,
        [helper.make_tensor_value_info(n, onnx.mapping.NP_TYPE_TO_TENSOR_TYPE[a.dtype], a.shape)
         for n, a in inputs],
        [helper.make_tensor_value_info(o, TensorProto.FLOAT, None) for o in outputs],
        [numpy_helper.from_array(a, n) for n, a in initializers])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                              producer_name="wasmnn-differential")
    model.ir_version = 8
    case = os.path.join(out, f"test_diff_{name}")
    os.makedirs(os.path.join(case, "test_data_set_0"), exist_ok=True)
    onnx.save(model, os.path.join(case, "model.onnx"))
    for i, (n, a) in enumerate(inputs):
        with open(os.path.join(case, "test_data_set_0", f"input_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(a, n).SerializeToString())


def rand(rng, *shape):
    return rng.standard_normal(shape).astype(np.float32)


def rnn_cases(out, count):
    for k in range(count):
        for cell in ("LSTM", "GRU", "RNN"):
            rng = np.random.default_rng(1000 * k + ("LSTM", "GRU", "RNN").index(cell))
            gates = {"LSTM": 4, "GRU": 3, "RNN": 1}[cell]
            seq, batch, inp, hid = rng.integers(1, 6), rng.integers(1, 4), rng.integers(1, 9), rng.integers(1, 9)
            direction = ["forward", "reverse", "bidirectional"][k % 3]
            d = 2 if direction == "bidirectional" else 1
            layout = 0  # onnxruntime has no batchwise (layout=1) RNNs; the ONNX backend tests cover it
            x_shape = (batch, seq, inp) if layout else (seq, batch, inp)
            state = (batch, d, hid) if layout else (d, batch, hid)
            attrs = dict(hidden_size=int(hid), direction=direction)
            if layout:
                attrs["layout"] = layout  # opset 14
            if cell == "GRU":
                attrs["linear_before_reset"] = int(k % 2)
            if k % 4 == 3:
                attrs["clip"] = 0.7
            if cell == "RNN" and k % 4 != 0:  # one activation per direction; Tanh by default
                attrs["activations"] = [["Tanh", "Relu", "Sigmoid"][(k + i) % 3] for i in range(d)]
            inputs = [("X", rand(rng, *x_shape))]
            inits = [("W", 0.5 * rand(rng, d, gates * hid, inp)), ("R", 0.5 * rand(rng, d, gates * hid, hid)),
                     ("B", 0.5 * rand(rng, d, 2 * gates * hid))]
            names = ["X", "W", "R", "B"]
            if k % 2 == 0:  # mixed sequence lengths (layout 1 with lengths is rejected by ORT)
                lens = rng.integers(1, seq + 1, size=batch).astype(np.int32)
                names.append("sequence_lens")
                inits.append(("sequence_lens", lens))
            else:
                names.append("")
            names.append("initial_h")
            inputs.append(("initial_h", rand(rng, *state)))
            if cell == "LSTM":
                names.append("initial_c")
                inputs.append(("initial_c", rand(rng, *state)))
                if k % 3 == 1:
                    names.append("P")
                    inits.append(("P", 0.5 * rand(rng, d, 3 * hid)))
            outs = ["Y", "Y_h"] + (["Y_c"] if cell == "LSTM" else [])
            if layout == 1 and "sequence_lens" in names:  # onnxruntime: not with batchwise layout
                names[4] = ""
                inits = [i for i in inits if i[0] != "sequence_lens"]
            node = helper.make_node(cell, names, outs, **attrs)
            opset = 14 if layout else OPSET
            save_case(out, f"{cell.lower()}_{k}", node, inputs, inits, outs, opset)


def conv_cases(out, count):
    for k in range(count):
        rng = np.random.default_rng(2000 + k)
        one_d = k % 5 == 4
        group = int([1, 1, 2, 0][k % 4]) or None  # 0: depthwise
        c = int(rng.integers(1, 5)) * (2 if group == 2 else 1)
        if group is None:
            group = c
        m = c if group == c else int(rng.integers(1, 4)) * group
        kh, kw = (1 if one_d else int(rng.integers(1, 4))), int(rng.integers(1, 6))
        h, w = (1 if one_d else int(rng.integers(kh, 12))), int(rng.integers(kw, 14))
        attrs = {}
        dims = 1 if one_d else 2
        strides = [int(v) for v in rng.integers(1, 3, size=dims)]
        attrs["strides"] = strides
        if k % 3 == 0:
            attrs["auto_pad"] = ["SAME_UPPER", "SAME_LOWER", "VALID"][k % 9 // 3]
        else:
            attrs["pads"] = [int(v) for v in rng.integers(0, 3, size=2 * dims)]
            attrs["dilations"] = [int(v) for v in rng.integers(1, 3, size=dims)]
        attrs["group"] = group
        x_shape = (2, c, w) if one_d else (2, c, h, w)
        w_shape = (m, c // group, kw) if one_d else (m, c // group, kh, kw)
        node = helper.make_node("Conv", ["x", "w", "b"], ["y"], **attrs)
        save_case(out, f"conv_{k}", node, [("x", rand(rng, *x_shape))],
                  [("w", rand(rng, *w_shape)), ("b", rand(rng, m))], ["y"])
    # The study's bug: 1x1, stride 2, SAME on even inputs.
    rng = np.random.default_rng(2999)
    node = helper.make_node("Conv", ["x", "w"], ["y"], strides=[2, 2], auto_pad="SAME_UPPER")
    save_case(out, "conv_1x1_stride2_same", node, [("x", rand(rng, 1, 3, 8, 8))],
              [("w", rand(rng, 4, 3, 1, 1))], ["y"])


def pool_cases(out, count):
    for k in range(count):
        rng = np.random.default_rng(3000 + k)
        op = ["MaxPool", "AveragePool"][k % 2]
        kh, kw = int(rng.integers(1, 4)), int(rng.integers(1, 4))
        attrs = dict(kernel_shape=[kh, kw], strides=[int(v) for v in rng.integers(1, 3, size=2)],
                     ceil_mode=int(k % 3 == 0))
        attrs["pads"] = [int(rng.integers(0, kh)), int(rng.integers(0, kw)),
                         int(rng.integers(0, kh)), int(rng.integers(0, kw))]
        if op == "AveragePool":
            attrs["count_include_pad"] = int(k % 4 == 1)
        elif k % 4 == 2:
            attrs["dilations"] = [2, 1]
        x = rand(rng, 1, int(rng.integers(1, 4)), int(rng.integers(4, 11)), int(rng.integers(4, 11)))
        node = helper.make_node(op, ["x"], ["y"], **attrs)
        save_case(out, f"{op.lower()}_{k}", node, [("x", x)], [], ["y"])


def gemm_cases(out, count):
    for k in range(count):
        rng = np.random.default_rng(4000 + k)
        m, kk, n = (int(v) for v in rng.integers(1, 20, size=3))
        ta, tb = k % 2, (k // 2) % 2
        a = rand(rng, *((kk, m) if ta else (m, kk)))
        b = rand(rng, *((n, kk) if tb else (kk, n)))
        c = rand(rng, *([n], [1, n], [])[k % 3])
        node = helper.make_node("Gemm", ["a", "b", "c"], ["y"], transA=ta, transB=tb,
                                alpha=float(1 + k % 3 * 0.5), beta=float(0.5 + k % 2))
        save_case(out, f"gemm_{k}", node, [("a", a)], [("b", b), ("c", c)], ["y"])


def broadcast_cases(out, count):
    shapes = [((2, 3, 4, 5), (5,)), ((2, 3, 4, 5), (3, 1, 1)), ((1, 3, 1, 5), (2, 1, 4, 1)),
              ((4, 1), (1, 6)), ((3,), (2, 3)), ((2, 3), ())]
    for k in range(count):
        rng = np.random.default_rng(5000 + k)
        op = ["Add", "Sub", "Mul", "Div"][k % 4]
        sa, sb = shapes[k % len(shapes)]
        b = rand(rng, *sb) if sb else np.array(rng.standard_normal(), dtype=np.float32)
        if op == "Div":
            b = np.where(np.abs(b) < 0.1, 1.0, b).astype(np.float32)
        node = helper.make_node(op, ["a", "b"], ["y"])
        save_case(out, f"{op.lower()}_{k}", node, [("a", rand(rng, *sa)), ("b", b)], [], ["y"])


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 6
    import shape_ops  # after this module is complete: it imports save_case and rand from here
    # One module per op family (each defines FAMILIES); a new family is one name here.
    modules = [importlib.import_module(name) for name in (
        "math_ops",
        "matmul_ops",
        "norm_ops",
        "weights_ops",
        "tensor_ops",
        "control_ops",
        "quant_ops",
    )]
    families = [f for m in modules for f in m.FAMILIES]
    for make in (rnn_cases, conv_cases, pool_cases, gemm_cases, broadcast_cases) + shape_ops.FAMILIES + tuple(families):
        make(out, count)


if __name__ == "__main__":
    main()
