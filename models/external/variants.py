#!/usr/bin/python3
"""fp16 and QDQ-int8 versions of models of models/external/, with python3-onnx 1.12 + numpy only
(onnxconverter-common and onnxruntime's quantizer are not in Debian):

    models/external/variants.sh     (runs the calibration with onnxruntime-node, then this)
    /usr/bin/python3 models/external/variants.py NAME CALIBRATION_MANIFEST

- NAME_fp16: every float32 weight, constant and intermediate value in float16; the graph's
  input and output stay float32 through a Cast at each end (onnxconverter-common's
  keep_io_types=True form), so the same float32 references apply.
- NAME_qdq: ONNX Runtime's QDQ format: before every Conv and Gemm, its input activation goes
  through QuantizeLinear -> DequantizeLinear (uint8, asymmetric, per tensor; scale and zero
  point from the activation's min/max over the calibration samples), its weight is int8
  (symmetric, per output channel) behind a DequantizeLinear, its bias int32 with scale
  input_scale x weight_scale. Outputs stay float32.

CALIBRATION_MANIFEST: a `models/reference MODEL --layers all --layer-format summary` manifest of
the float32 model (per value min/max over its samples). Deterministic: same inputs, same bytes.
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))


def to_fp16(model):
    g = model.graph
    for init in g.initializer:
        if init.data_type == TensorProto.FLOAT:
            init.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(init).astype(np.float16), init.name))
    for node in g.node:
        for a in node.attribute:
            if node.op_type == "Constant" and a.name == "value" and a.t.data_type == TensorProto.FLOAT:
                a.t.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(a.t).astype(np.float16), a.t.name))
            if node.op_type == "Cast" and a.name == "to" and a.i == TensorProto.FLOAT:
                a.i = TensorProto.FLOAT16
    casts_in, casts_out = [], []
    for inp in g.input:
        if inp.type.tensor_type.elem_type != TensorProto.FLOAT:
            continue
        half = inp.name + "_fp16"
        for node in g.node:
            node.input[:] = [half if x == inp.name else x for x in node.input]
        casts_in.append(helper.make_node("Cast", [inp.name], [half], name=f"/Cast_{inp.name}_to_fp16", to=TensorProto.FLOAT16))
    for out in g.output:
        if out.type.tensor_type.elem_type != TensorProto.FLOAT:
            continue
        half = out.name + "_fp16"
        for node in g.node:
            node.output[:] = [half if x == out.name else x for x in node.output]
        casts_out.append(helper.make_node("Cast", [half], [out.name], name=f"/Cast_{out.name}_to_fp32", to=TensorProto.FLOAT))
    nodes = casts_in + list(g.node) + casts_out
    del g.node[:]
    g.node.extend(nodes)
    del g.value_info[:]
    return model


def ranges_from(calibration_path):
    """value name -> (min, max) over the calibration samples; graph inputs from their .npy."""
    m = json.load(open(calibration_path))
    ranges = {}
    for v in m["layers"]["values"]:
        rows = v.get("rows") or []
        if rows:
            ranges[v["name"]] = (min(r["min"] for r in rows), max(r["max"] for r in rows))
    base = os.path.dirname(calibration_path)
    for inp in m["inputs"]:
        x = np.load(os.path.join(base, inp["file"]))
        ranges[inp["name"]] = (float(x.min()), float(x.max()))
    return ranges


def to_qdq(model, ranges):
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    new_inits, q_nodes = [], []
    dq_of = {}  # activation name -> its dequantized name
    act_scale = {}

    def activation(name):
        if name in dq_of:
            return dq_of[name]
        if name not in ranges:
            raise SystemExit(f"variants: no calibration range for '{name}' (run the calibration with --layers all)")
        lo, hi = min(ranges[name][0], 0.0), max(ranges[name][1], 0.0)
        scale = np.float32((hi - lo) / 255 if hi > lo else 1.0)
        zero = np.uint8(np.clip(round(-lo / scale), 0, 255))
        s_name, z_name = f"{name}_scale", f"{name}_zero_point"
        new_inits.extend([numpy_helper.from_array(np.array(scale, np.float32), s_name),
                          numpy_helper.from_array(np.array(zero, np.uint8), z_name)])
        q_nodes.append(helper.make_node("QuantizeLinear", [name, s_name, z_name], [f"{name}_quantized"], name=f"{name}_QuantizeLinear"))
        q_nodes.append(helper.make_node("DequantizeLinear", [f"{name}_quantized", s_name, z_name], [f"{name}_dequantized"],
                                        name=f"{name}_DequantizeLinear"))
        dq_of[name] = f"{name}_dequantized"
        act_scale[name] = scale
        return dq_of[name]

    for node in list(g.node):
        if node.op_type not in ("Conv", "Gemm"):
            continue
        trans_b = next((a.i for a in node.attribute if a.name == "transB"), 0)
        x = node.input[0]
        w_name = node.input[1]
        node.input[0] = activation(x)
        w = numpy_helper.to_array(inits[w_name]).astype(np.float32)
        axis = 0 if node.op_type == "Conv" or trans_b else 1
        moved = np.moveaxis(w, axis, 0).reshape(w.shape[axis], -1)
        w_scale = (np.abs(moved).max(axis=1) / 127).astype(np.float32)
        w_scale[w_scale == 0] = 1
        shape = [1] * w.ndim
        shape[axis] = -1
        w_q = np.clip(np.round(w / w_scale.reshape(shape)), -127, 127).astype(np.int8)
        new_inits.extend([numpy_helper.from_array(w_q, f"{w_name}_quantized"),
                          numpy_helper.from_array(w_scale, f"{w_name}_scale"),
                          numpy_helper.from_array(np.zeros_like(w_scale, np.int8), f"{w_name}_zero_point")])
        q_nodes.append(helper.make_node("DequantizeLinear", [f"{w_name}_quantized", f"{w_name}_scale", f"{w_name}_zero_point"],
                                        [f"{w_name}_dequantized"], name=f"{w_name}_DequantizeLinear", axis=axis))
        node.input[1] = f"{w_name}_dequantized"
        if len(node.input) > 2 and node.input[2] in inits:
            b_name = node.input[2]
            b = numpy_helper.to_array(inits[b_name]).astype(np.float32)
            b_scale = (act_scale[x] * w_scale).astype(np.float32)
            b_q = np.round(b / b_scale).astype(np.int32)
            new_inits.extend([numpy_helper.from_array(b_q, f"{b_name}_quantized"),
                              numpy_helper.from_array(b_scale, f"{b_name}_scale"),
                              numpy_helper.from_array(np.zeros_like(b_q), f"{b_name}_zero_point")])
            q_nodes.append(helper.make_node("DequantizeLinear", [f"{b_name}_quantized", f"{b_name}_scale", f"{b_name}_zero_point"],
                                            [f"{b_name}_dequantized"], name=f"{b_name}_DequantizeLinear", axis=0))
            node.input[2] = f"{b_name}_dequantized"
    used = {i for n in g.node for i in n.input} | {i for n in q_nodes for i in n.input}
    kept = [i for i in g.initializer if i.name in used] + new_inits
    del g.initializer[:]
    g.initializer.extend(kept)
    # Topological order: each Q/DQ right before its first consumer is enough, since it reads a
    # value that exists before that consumer; simplest correct form: sort by availability.
    nodes = q_nodes + list(g.node)
    del g.node[:]
    g.node.extend(topological(nodes, {i.name for i in g.input} | {i.name for i in g.initializer}))
    return model


def topological(nodes, available):
    available = set(available)
    ordered, pending = [], list(nodes)
    while pending:
        progressed = False
        for n in list(pending):
            if all(not i or i in available for i in n.input):
                ordered.append(n)
                available.update(n.output)
                pending.remove(n)
                progressed = True
        if not progressed:
            raise SystemExit(f"variants: cannot order {[n.name for n in pending][:5]}")
    return ordered


def write(name, suffix, model, note):
    out_dir = os.path.join(HERE, f"{name}_{suffix}")
    os.makedirs(out_dir, exist_ok=True)
    onnx.checker.check_model(model, full_check=True)
    path = os.path.join(out_dir, "model.onnx")
    onnx.save(model, path)
    info = json.load(open(os.path.join(HERE, name, "info.json")))
    info.update(name=f"{name}_{suffix}", source=f"{note}; from {name}/model.onnx by models/external/variants.py",
                onnxBytes=os.path.getsize(path), seed=info["seed"] + 100)
    info.pop("onnxSha256", None)
    if suffix == "fp16":
        # ORT computes this model in float16, wasmnn in float32: build-references.mjs sets the
        # agreement tolerance from ORT's own float16 error against the float32 model.
        info["float32Model"] = name
    with open(os.path.join(out_dir, "info.json"), "w") as f:
        json.dump(info, f, indent=1)
        f.write("\n")
    print(f"{name}_{suffix}: {os.path.getsize(path):,} bytes")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    name, calibration = sys.argv[1], sys.argv[2]
    src = os.path.join(HERE, name, "model.onnx")
    write(name, "fp16", to_fp16(onnx.load(src)), "float16 weights and activations, float32 input/output (Cast at each end)")
    write(name, "qdq", to_qdq(onnx.load(src), ranges_from(calibration)),
          "QDQ int8: uint8 activations (per tensor), int8 weights (per channel), int32 biases, before every Conv/Gemm")


if __name__ == "__main__":
    main()
