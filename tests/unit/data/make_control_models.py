"""Writes the small control-flow models tests/unit/test_control_flow.cpp reads (python3-onnx 1.12):
  /usr/bin/python3 tests/unit/data/make_control_models.py
if_on_shape.onnx: x [N,3] -> If(N == 2): then x * k (k a then_branch initializer),
                  else x - bias (bias an initializer of the model, read from the outer scope).
loop_sum.onnx:    a Loop (opset 13) adding x to a carried value M times (wasmnn refuses it).
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

here = os.path.dirname(os.path.abspath(__file__))
f = TensorProto.FLOAT


def save(graph, name, opset=13):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                              producer_name="wasmnn-unit-tests")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(here, name))


then_g = helper.make_graph(
    [helper.make_node("Mul", ["x", "k"], ["then_y"])], "then_branch", [],
    [helper.make_tensor_value_info("then_y", f, None)],
    [numpy_helper.from_array(np.full(3, 10, np.float32), "k")])
else_g = helper.make_graph(
    [helper.make_node("Sub", ["x", "bias"], ["else_y"])], "else_branch", [],
    [helper.make_tensor_value_info("else_y", f, None)])
save(helper.make_graph(
    [helper.make_node("Shape", ["x"], ["s"]),
     helper.make_node("Gather", ["s", "zero"], ["n"]),
     helper.make_node("Equal", ["n", "two"], ["c"]),
     helper.make_node("If", ["c"], ["y"], name="switch", then_branch=then_g, else_branch=else_g)],
    "if_on_shape", [helper.make_tensor_value_info("x", f, ["N", 3])],
    [helper.make_tensor_value_info("y", f, ["N", 3])],
    [numpy_helper.from_array(np.array(0, np.int64), "zero"),
     numpy_helper.from_array(np.array(2, np.int64), "two"),
     numpy_helper.from_array(np.array([1, 2, 3], np.float32), "bias")]), "if_on_shape.onnx")

body = helper.make_graph(
    [helper.make_node("Identity", ["cond_in"], ["cond_out"]),
     helper.make_node("Add", ["acc_in", "x"], ["acc_out"])], "body",
    [helper.make_tensor_value_info("i", TensorProto.INT64, []),
     helper.make_tensor_value_info("cond_in", TensorProto.BOOL, []),
     helper.make_tensor_value_info("acc_in", f, [3])],
    [helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []),
     helper.make_tensor_value_info("acc_out", f, [3])])
save(helper.make_graph(
    [helper.make_node("Loop", ["M", "", "acc0"], ["acc"], name="repeat", body=body)],
    "loop_sum", [helper.make_tensor_value_info("x", f, [3]),
                 helper.make_tensor_value_info("acc0", f, [3])],
    [helper.make_tensor_value_info("acc", f, [3])],
    [numpy_helper.from_array(np.array(4, np.int64), "M")]), "loop_sum.onnx")
