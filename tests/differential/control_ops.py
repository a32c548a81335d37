"""Randomized control-flow cases (If with a condition from shapes, constants or a run-time
input; nested If), written like generate.py's (same layout, same onnxruntime-node check)."""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from generate import OPSET, rand

F = TensorProto.FLOAT


def save_graph(out, name, nodes, inputs, initializers, outputs):
    """Like generate.save_case, for a graph of several nodes (those holding branches)."""
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info(n, onnx.mapping.NP_TYPE_TO_TENSOR_TYPE[a.dtype], a.shape)
         for n, a in inputs],
        [helper.make_tensor_value_info(o, F, None) for o in outputs],
        [numpy_helper.from_array(a, n) for n, a in initializers])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="wasmnn-differential")
    model.ir_version = 8
    case = os.path.join(out, f"test_diff_{name}")
    os.makedirs(os.path.join(case, "test_data_set_0"), exist_ok=True)
    onnx.save(model, os.path.join(case, "model.onnx"))
    for i, (n, a) in enumerate(inputs):
        with open(os.path.join(case, "test_data_set_0", f"input_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(a, n).SerializeToString())


def branch(name, nodes, outputs, initializers=()):
    return helper.make_graph(nodes, name, [], [helper.make_tensor_value_info(o, F, None) for o in outputs],
                             [numpy_helper.from_array(a, n) for n, a in initializers])


def if_node(cond, outputs, then_g, else_g, name):
    return helper.make_node("If", [cond], outputs, name=name, then_branch=then_g, else_branch=else_g)


def if_on_shape_cases(out, count):
    """torch.onnx's `if x.shape[0] == 2`: the condition is known while planning."""
    for k in range(count):
        rng = np.random.default_rng(11000 + k)
        n, c = int(rng.integers(1, 4)), int(rng.integers(1, 6))
        then_g = branch(f"then{k}", [helper.make_node("Mul", ["x", "k"], ["t0"]),
                                     helper.make_node("Tanh", ["t0"], ["t1"])], ["t1"],
                        [("k", rand(rng, c))])
        else_g = branch(f"else{k}", [helper.make_node("Sub", ["x", "bias"], ["e0"]),
                                     helper.make_node("Transpose", ["e0"], ["e1"])], ["e1"])
        nodes = [helper.make_node("Shape", ["x"], ["s"]),
                 helper.make_node("Gather", ["s", "zero"], ["d"]),
                 helper.make_node("Equal", ["d", "two"], ["c"]),
                 if_node("c", ["y"], then_g, else_g, f"if_shape_{k}"),
                 helper.make_node("Relu", ["y"], ["z"])]
        inits = [("zero", np.array(0, np.int64)), ("two", np.array(2, np.int64)),
                 ("bias", rand(rng, c))]
        save_graph(out, f"if_shape_{k}", nodes, [("x", rand(rng, n, c))], inits, ["z", "y"])


def if_run_time_cases(out, count):
    """The condition is a run-time input: both branches planned, the taken one run."""
    for k in range(count):
        rng = np.random.default_rng(12000 + k)
        shape = tuple(int(v) for v in rng.integers(1, 5, size=int(rng.integers(1, 4))))
        then_g = branch(f"then{k}", [helper.make_node("Add", ["x", "b"], ["t0"]),
                                     helper.make_node("Relu", ["t0"], ["t1"]),
                                     helper.make_node("Identity", ["x"], ["t2"])], ["t1", "t2"],
                        [("b", rand(rng, shape[-1]))])
        else_g = branch(f"else{k}", [helper.make_node("Mul", ["x", "w"], ["e0"]),
                                     helper.make_node("Sigmoid", ["e0"], ["e1"]),
                                     helper.make_node("Exp", ["x"], ["e2"])], ["e1", "e2"])
        nodes = [if_node("cond", ["y", "y2"], then_g, else_g, f"if_run_{k}"),
                 helper.make_node("Add", ["y", "y2"], ["z"])]
        cond = np.array(bool(k % 2 == 0))
        save_graph(out, f"if_run_{k}", nodes, [("x", rand(rng, *shape)), ("cond", cond)],
                   [("w", rand(rng, *shape))], ["z", "y"])


def if_nested_cases(out, count):
    """An If in a branch: the inner condition from a shape, the outer from an input."""
    for k in range(count):
        rng = np.random.default_rng(13000 + k)
        n = int(rng.integers(1, 4))
        inner_then = branch(f"it{k}", [helper.make_node("Mul", ["x", "two_f"], ["a"])], ["a"])
        inner_else = branch(f"ie{k}", [helper.make_node("Sub", ["x", "two_f"], ["a2"])], ["a2"])
        outer_then = branch(f"ot{k}", [helper.make_node("Shape", ["x"], ["s"]),
                                       helper.make_node("Gather", ["s", "zero"], ["d"]),
                                       helper.make_node("Equal", ["d", "one"], ["c2"]),
                                       if_node("c2", ["n"], inner_then, inner_else, f"inner_{k}")],
                            ["n"])
        outer_else = branch(f"oe{k}", [helper.make_node("Relu", ["x"], ["r"])], ["r"])
        nodes = [if_node("cond", ["y"], outer_then, outer_else, f"outer_{k}")]
        inits = [("zero", np.array(0, np.int64)), ("one", np.array(1, np.int64)),
                 ("two_f", np.array(2, np.float32))]
        save_graph(out, f"if_nested_{k}", nodes,
                   [("x", rand(rng, n, 3)), ("cond", np.array(bool(k % 3 != 2)))], inits, ["y"])


def loop_cases(out, count):
    """Loop with a constant trip count: acc' = acc * a + i, scan output tanh(acc')."""
    for k in range(count):
        rng = np.random.default_rng(14000 + k)
        shape = tuple(int(v) for v in rng.integers(1, 4, size=int(rng.integers(1, 3))))
        body = helper.make_graph(
            [helper.make_node("Identity", ["cond_in"], ["cond_out"]),
             helper.make_node("Cast", ["i"], ["fi"], to=TensorProto.FLOAT),
             helper.make_node("Mul", ["acc", "a"], ["m"]),
             helper.make_node("Add", ["m", "fi"], ["acc2"]),
             helper.make_node("Tanh", ["acc2"], ["t"])], f"body{k}",
            [helper.make_tensor_value_info("i", TensorProto.INT64, []),
             helper.make_tensor_value_info("cond_in", TensorProto.BOOL, []),
             helper.make_tensor_value_info("acc", F, shape)],
            [helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []),
             helper.make_tensor_value_info("acc2", F, shape),
             helper.make_tensor_value_info("t", F, None)])
        inits = [("M", np.array(int(rng.integers(1, 6)), np.int64)), ("go", np.array(True)),
                 ("a", (0.5 * rand(rng, *shape)).astype(np.float32))]
        nodes = [helper.make_node("Loop", ["M", "go", "x"], ["final", "all"], name=f"loop_{k}", body=body)]
        save_graph(out, f"loop_{k}", nodes, [("x", rand(rng, *shape))], inits, ["final", "all"])


def scan_cases(out, count):
    """Scan-9+: a running sum and product over one or two scan inputs, random axes and directions."""
    for k in range(count):
        rng = np.random.default_rng(15000 + k)
        length, c = int(rng.integers(1, 5)), int(rng.integers(1, 4))
        axis = int(rng.integers(0, 2))
        x_shape = (length, c) if axis == 0 else (c, length)
        two = k % 2 == 1
        body_nodes = [helper.make_node("Add", ["s", "xs"], ["s2"]),
                      helper.make_node("Sigmoid", ["s2"], ["o"])]
        body_inputs = [helper.make_tensor_value_info("s", F, [c]), helper.make_tensor_value_info("xs", F, [c])]
        if two:
            body_nodes.append(helper.make_node("Mul", ["o", "ys"], ["o2"]))
            body_inputs.append(helper.make_tensor_value_info("ys", F, [c]))
        body = helper.make_graph(body_nodes, f"body{k}", body_inputs,
                                 [helper.make_tensor_value_info("s2", F, [c]),
                                  helper.make_tensor_value_info("o2" if two else "o", F, [c])])
        attrs = dict(num_scan_inputs=2 if two else 1,
                     scan_input_directions=[int(v) for v in rng.integers(0, 2, size=2 if two else 1)],
                     scan_input_axes=[axis] + ([0] if two else []),
                     scan_output_directions=[int(rng.integers(0, 2))],
                     scan_output_axes=[int(rng.integers(-2, 2))])
        inputs = [("x", rand(rng, *x_shape))] + ([("y", rand(rng, length, c))] if two else [])
        nodes = [helper.make_node("Scan", ["s0"] + [n for n, _ in inputs], ["total", "seq"],
                                  name=f"scan_{k}", body=body, **attrs)]
        save_graph(out, f"scan_{k}", nodes, inputs, [("s0", rand(rng, c))], ["total", "seq"])


FAMILIES = (if_on_shape_cases, if_run_time_cases, if_nested_cases, loop_cases, scan_cases)
