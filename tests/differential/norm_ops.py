"""Randomized cases for normalization (LayerNormalization at opset 17, InstanceNormalization,
LRN), the ReduceX family (axes as an attribute at opset 13, as an input at 13 for ReduceSum and
at 18 for all; keepdims, noop_with_empty_axes; float32 and int64), ArgMax/ArgMin, TopK and
CumSum; generate.py writes them next to its own (same layout, same onnxruntime-node check)."""
import os

import numpy as np
import onnx
from onnx import helper, numpy_helper
from generate import rand

TYPE = onnx.mapping.NP_TYPE_TO_TENSOR_TYPE


def save_typed(out, name, node, inputs, initializers, outputs, opset):
    """generate.save_case with each output's dtype given: outputs is a list of (name, np.dtype)."""
    graph = helper.make_graph(
        [node], name,
        [helper.make_tensor_value_info(n, TYPE[a.dtype], a.shape) for n, a in inputs],
        [helper.make_tensor_value_info(o, TYPE[np.dtype(t)], None) for o, t in outputs],
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


def shape_of(rng, rank, lo=1, hi=6):
    return [int(v) for v in rng.integers(lo, hi, size=rank)]


def norm_cases(out, count):
    for k in range(count * 2):
        rng = np.random.default_rng(9000 + k)
        rank = int(rng.integers(1, 5))
        shape = shape_of(rng, rank, 1, 9)
        axis = int(rng.integers(-rank, rank))
        normalized = shape[axis:]
        inits = [("s", rand(rng, *normalized))]
        names = ["x", "s"]
        if k % 3:
            inits.append(("b", rand(rng, *normalized)))
            names.append("b")
        outs = ["y", "mean", "inv_std"][: 1 + k % 3]
        node = helper.make_node("LayerNormalization", names, outs, axis=axis,
                                epsilon=float(10.0 ** -rng.integers(2, 6)))
        save_typed(out, f"layernorm_{k}", node, [("x", 3 * rand(rng, *shape) + 1)], inits,
                   [(o, np.float32) for o in outs], 17)
    for k in range(count):
        rng = np.random.default_rng(9100 + k)
        c = int(rng.integers(1, 5))
        shape = [int(rng.integers(1, 3)), c] + shape_of(rng, 1 + k % 3, 1, 9)
        node = helper.make_node("InstanceNormalization", ["x", "s", "b"], ["y"],
                                epsilon=float(10.0 ** -rng.integers(2, 6)))
        save_typed(out, f"instancenorm_{k}", node, [("x", 2 * rand(rng, *shape))],
                   [("s", rand(rng, c)), ("b", rand(rng, c))], [("y", np.float32)], 13)
    for k in range(count):
        rng = np.random.default_rng(9200 + k)
        shape = [int(rng.integers(1, 3)), int(rng.integers(1, 8))] + shape_of(rng, 2, 1, 6)
        node = helper.make_node("LRN", ["x"], ["y"], size=int(rng.choice([1, 3, 5])),  # ORT takes odd sizes only
                                alpha=float(rng.uniform(1e-4, 1e-2)), beta=float(rng.uniform(0.5, 1)),
                                bias=float(rng.uniform(0.5, 2)))
        save_typed(out, f"lrn_{k}", node, [("x", 3 * rand(rng, *shape))], [], [("y", np.float32)], 13)


REDUCE_OPS = ["ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1",
              "ReduceL2", "ReduceSumSquare", "ReduceLogSum", "ReduceLogSumExp"]
INT_REDUCE_OPS = ["ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceSumSquare"]


def reduce_cases(out, count):
    k = 0
    for opset in (13, 18):
        for op in REDUCE_OPS:
            for j in range(max(2, count // 3)):
                rng = np.random.default_rng(9300 + k)
                k += 1
                rank = int(rng.integers(1, 5))
                shape = shape_of(rng, rank)
                use_int = op in INT_REDUCE_OPS and j % 3 == 2
                if use_int:
                    x = rng.integers(-4, 5, size=shape).astype(np.int64)
                    if op == "ReduceProd":
                        x = rng.integers(-2, 3, size=shape).astype(np.int64)
                elif op == "ReduceProd":
                    x = rng.uniform(0.7, 1.3, size=shape).astype(np.float32)
                elif op == "ReduceLogSum":
                    x = rng.uniform(0.1, 2, size=shape).astype(np.float32)
                else:
                    x = rand(rng, *shape)
                axes = [int(a) for a in rng.permutation(rank)[: int(rng.integers(0, rank + 1))]]
                axes = [a - rank if rng.integers(0, 2) else a for a in axes]
                attrs = dict(keepdims=int(j % 2 == 0))
                axes_input = opset >= 18 or op == "ReduceSum"
                inits = []
                names = ["x"]
                if axes_input:
                    attrs["noop_with_empty_axes"] = int(not axes and j % 4 == 1)
                    if axes or j % 2:
                        names.append("axes")
                        inits.append(("axes", np.array(axes, np.int64)))
                elif axes:
                    attrs["axes"] = axes
                node = helper.make_node(op, names, ["y"], **attrs)
                save_typed(out, f"{op.lower()}_{opset}_{j}", node, [("x", x)], inits,
                           [("y", x.dtype)], opset)


def select_cases(out, count):
    for k in range(count * 2):
        rng = np.random.default_rng(9600 + k)
        op = ["ArgMax", "ArgMin"][k % 2]
        rank = int(rng.integers(1, 5))
        shape = shape_of(rng, rank)
        # Few distinct values: ties, where select_last_index matters.
        x = rng.integers(-3, 4, size=shape)
        x = x.astype(np.int64) if k % 4 == 3 else x.astype(np.float32)
        node = helper.make_node(op, ["x"], ["y"], axis=int(rng.integers(-rank, rank)),
                                keepdims=int(k % 3 != 0), select_last_index=int(k % 5 > 2))
        save_typed(out, f"{op.lower()}_{k}", node, [("x", x)], [], [("y", np.int64)], 13)
    for k in range(count * 2):
        rng = np.random.default_rng(9700 + k)
        rank = int(rng.integers(1, 4))
        shape = shape_of(rng, rank, 1, 9)
        axis = int(rng.integers(-rank, rank))
        kk = int(rng.integers(0, shape[axis] + 1))
        x = rng.integers(-4, 5, size=shape)
        x = x.astype(np.int64) if k % 4 == 3 else (x + (rand(rng, *shape) if k % 2 else 0)).astype(np.float32)
        node = helper.make_node("TopK", ["x", "k"], ["values", "indices"], axis=axis,
                                largest=int(k % 3 != 1), sorted=1)
        save_typed(out, f"topk_{k}", node, [("x", x)], [("k", np.array([kk], np.int64))],
                   [("values", x.dtype), ("indices", np.int64)], 11)
    for k in range(count * 2):
        rng = np.random.default_rng(9800 + k)
        rank = int(rng.integers(1, 4))
        shape = shape_of(rng, rank, 1, 7)
        x = rng.integers(-9, 10, size=shape).astype(np.int64) if k % 3 == 2 else rand(rng, *shape)
        axis = np.array(int(rng.integers(-rank, rank)), np.int64 if k % 2 else np.int32)
        node = helper.make_node("CumSum", ["x", "axis"], ["y"], exclusive=int(k % 4 >= 2),
                                reverse=int(k % 2))
        save_typed(out, f"cumsum_{k}", node, [("x", x)], [("axis", axis)], [("y", x.dtype)], 14)


FAMILIES = (norm_cases, reduce_cases, select_cases)
