#!/usr/bin/python3
"""Writes the malformed-model corpus tests/unit/test_malformed_corpus.cpp reads:
  /usr/bin/python3 tests/malformed/make_malformed.py      (python3-onnx 1.12, Debian)

Every file is an .onnx as a page would receive it: a few hundred bytes, each broken in one way.
Models are built with onnx.helper where the fault survives serialization (duplicate names,
cycles, unknown types...), and patched at the wire level with the small protobuf walker below
where it does not (wrong wire types, truncated messages, lengths, deep nesting). cases.json lists
every file with its kind (its folder), the stage that must refuse it (read: the ONNX reader;
create: Session::create; prepare: planning for the declared input shapes, or `shapes`; loads:
nothing may refuse it, one run included), the texts its error must contain, and why the case
exists.

seed.onnx is the one valid model the cuts start from: x [2,3] -> Mul(x, w) -> Softmax(axis 1).
  - cut/*.onnx: one nested message of the seed (a node, the initializer, an input's type...)
    cut short after each of its fields, the enclosing lengths made consistent again, as a
    writer that stopped early would leave it.
  - The test itself also cuts seed.onnx at every byte (a download cut short), so those files
    are not committed.
The model with 10^6 nodes is built by the test in memory, never committed.
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

here = os.path.dirname(os.path.abspath(__file__))
F = TensorProto.FLOAT
cases = []


# --- protobuf wire format by hand ---------------------------------------------------------

def varint(v):
    v &= (1 << 64) - 1  # negative int64 values take ten bytes, as protobuf writes them
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def tag(number, wire):
    return varint(number << 3 | wire)


def ld(number, payload):
    """A length-delimited field."""
    return tag(number, 2) + varint(len(payload)) + payload


def vi(number, value):
    """A varint field."""
    return tag(number, 0) + varint(value)


# Which length-delimited fields of each onnx.proto message are messages themselves, and the
# field names used in case names.
SCHEMA = {
    "ModelProto": {1: "ir_version", 2: "producer_name", 7: ("graph", "GraphProto"),
                   8: ("opset_import", "OperatorSetIdProto")},
    "GraphProto": {1: ("node", "NodeProto"), 2: "name", 5: ("initializer", "TensorProto"),
                   11: ("input", "ValueInfoProto"), 12: ("output", "ValueInfoProto"),
                   13: ("value_info", "ValueInfoProto")},
    "NodeProto": {1: "input", 2: "output", 3: "name", 4: "op_type",
                  5: ("attribute", "AttributeProto"), 7: "domain"},
    "AttributeProto": {1: "name", 2: "f", 3: "i", 4: "s", 5: ("t", "TensorProto"),
                       6: ("g", "GraphProto"), 7: "floats", 8: "ints", 20: "type"},
    "TensorProto": {1: "dims", 2: "data_type", 4: "float_data", 5: "int32_data",
                    7: "int64_data", 8: "name", 9: "raw_data", 14: "data_location"},
    "ValueInfoProto": {1: "name", 2: ("type", "TypeProto")},
    "TypeProto": {1: ("tensor_type", "TypeProto.Tensor")},
    "TypeProto.Tensor": {1: "elem_type", 2: ("shape", "TensorShapeProto")},
    "TensorShapeProto": {1: ("dim", "Dimension")},
    "Dimension": {1: "dim_value", 2: "dim_param"},
    "OperatorSetIdProto": {1: "domain", 2: "version"},
}


class Field:
    def __init__(self, number, wire, value, msg_type=None):
        self.number, self.wire, self.value, self.msg_type = number, wire, value, msg_type

    def name(self, parent_type):
        n = SCHEMA[parent_type].get(self.number, str(self.number))
        return n[0] if isinstance(n, tuple) else n


def parse(data, msg_type="ModelProto"):
    """Bytes -> [Field], recursing into the fields SCHEMA knows as messages."""
    fields, i = [], 0

    def read_varint():
        nonlocal i
        shift = value = 0
        while True:
            b = data[i]
            i += 1
            value |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                return value

    while i < len(data):
        key = read_varint()
        number, wire = key >> 3, key & 7
        if wire == 0:
            fields.append(Field(number, 0, read_varint()))
        elif wire == 1:
            fields.append(Field(number, 1, data[i:i + 8]))
            i += 8
        elif wire == 5:
            fields.append(Field(number, 5, data[i:i + 4]))
            i += 4
        else:
            n = read_varint()
            payload = data[i:i + n]
            i += n
            sub = SCHEMA[msg_type].get(number)
            if isinstance(sub, tuple):
                fields.append(Field(number, 2, parse(payload, sub[1]), sub[1]))
            else:
                fields.append(Field(number, 2, payload))
    return fields


def serialize(fields):
    out = bytearray()
    for f in fields:
        if f.wire == 0:
            out += vi(f.number, f.value)
        elif f.wire == 2:
            out += ld(f.number, serialize(f.value) if f.msg_type else f.value)
        else:
            out += tag(f.number, f.wire) + f.value
    return bytes(out)


def messages(fields, msg_type="ModelProto", path=""):
    """Every nested message: (path, type, its field list), depth first, the root excluded."""
    counts = {}
    for f in fields:
        if not f.msg_type:
            continue
        name = f.name(msg_type)
        k = counts.get(name, 0)
        counts[name] = k + 1
        repeated = sum(1 for g in fields if g.number == f.number) > 1
        p = (path + "." if path else "") + name + (str(k) if repeated else "")
        yield p, f.msg_type, f.value
        yield from messages(f.value, f.msg_type, p)


def find(fields, path, msg_type="ModelProto"):
    """The Field at a path like 'graph.node1.op_type' (repeated fields take an index)."""
    head, _, rest = path.partition(".")
    name = head.rstrip("0123456789")
    index = int(head[len(name):] or 0)
    matching = [f for f in fields if f.name(msg_type) == name]
    f = matching[index]
    return f if not rest else find(f.value, rest, f.msg_type)


# --- writing cases ----------------------------------------------------------------------------

def model(nodes, inputs, outputs, inits=(), opset=13, name="g", opsets=None):
    g = helper.make_graph(nodes, name, inputs, outputs, list(inits))
    m = helper.make_model(g, opset_imports=opsets or [helper.make_opsetid("", opset)],
                          producer_name="wasmnn-malformed")
    m.ir_version = 8
    return m


def tin(name, shape, elem=F):
    return helper.make_tensor_value_info(name, elem, shape)


def save(name, data, stage, expect, why, kind, shapes=None):
    if not isinstance(data, (bytes, bytearray)):
        data = data.SerializeToString()
    path = os.path.join(here, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    case = {"file": name, "kind": kind, "stage": stage,
            "expect": [expect] if isinstance(expect, str) else expect, "why": why}
    if shapes is not None:
        case["shapes"] = shapes
    cases.append(case)


def patched(m, path, fn):
    """m serialized, the field at `path` changed by fn(Field) in place."""
    tree = parse(m.SerializeToString() if not isinstance(m, bytes) else m)
    fn(find(tree, path))
    return serialize(tree)


w23 = numpy_helper.from_array(np.arange(6, dtype=np.float32).reshape(2, 3), "w")


def seed():
    return model([helper.make_node("Mul", ["x", "w"], ["m"], name="scale"),
                  helper.make_node("Softmax", ["m"], ["y"], name="softmax", axis=1)],
                 [tin("x", [2, 3])], [tin("y", [2, 3])], [w23], name="seed")


def relu_model(**kw):
    return model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
                 [tin("x", [2, 3])], [tin("y", [2, 3])], **kw)


# --- the cuts of the seed ----------------------------------------------------------------------

MISSING = "which no node writes and which is no graph input or initializer"
NO_OUTPUTS = "the model is malformed: its graph lists no outputs, so there is nothing to compute"
NO_OPSET = "the model declares no opset for the default ONNX domain"
NO_TYPE = "graph input 'x' declares no type (its ValueInfoProto has no tensor element type)"
NO_OPSET_FULL = (NO_OPSET + " (no opset_import entry with domain '' or 'ai.onnx' and a version "
                 "of 1 or more)")
SEQUENCE = "graph input 'x' is a sequence, not a tensor; wasmnn takes tensor inputs only"
# cut case name (path.keepN) -> (stage, [texts], why); shapes for the ones that load.
EXPECT = {
    "graph.keep0": ("create", [NO_OUTPUTS], ""),
    "graph.keep5": ("create", [NO_OUTPUTS], "the outputs were the graph's last field"),
    "graph.initializer.keep0": ("read", ["a tensor with no name has ONNX data type 0 (undefined)"],
                                ""),
    "graph.initializer.keep3": ("read", ["a tensor with no name holds 0 values, but its shape "
                                         "[2,3] needs 6"], ""),
    "graph.initializer.keep4": ("read", ["tensor 'w' holds 0 values, but its shape [2,3] needs 6"],
                                ""),
    "graph.input.keep0": ("read", ["input 0 of the graph has no name"], ""),
    "graph.input.keep1": ("create", [NO_TYPE], ""),
    "graph.input.type.keep0": ("create", [NO_TYPE], ""),
    "graph.input.type.tensor_type.keep0": ("create", [NO_TYPE], ""),
    "graph.input.type.tensor_type.keep1": ("loads", [], "x of unknown rank", [[2, 3]]),
    "graph.input.type.tensor_type.shape.keep0": ("loads", [], "x a scalar: Mul broadcasts it"),
    "graph.input.type.tensor_type.shape.keep1": (
        "prepare", ["Mul node 'scale' (opset 13): inputs 'x' and 'w': shapes [2] and [2,3] do not "
                    "broadcast"], "x now [2]"),
    "graph.input.type.tensor_type.shape.dim0.keep0": ("loads", [], "a free dimension", [[2, 3]]),
    "graph.input.type.tensor_type.shape.dim1.keep0": ("loads", [], "a free dimension", [[2, 3]]),
    "graph.node1.keep4": ("loads", [], "Softmax's default axis (-1) is axis 1 of a 2-D input"),
    "graph.node1.attribute.keep0": ("read", ["Softmax node 'softmax' has an attribute with no "
                                             "name"], ""),
    "graph.node1.attribute.keep1": ("read", ["Softmax node 'softmax' has attribute 'axis' with no "
                                             "type (AttributeProto.type)"], ""),
    "graph.node1.attribute.keep2": ("read", ["Softmax node 'softmax' has attribute 'axis' with no "
                                             "type (AttributeProto.type)"],
                                    "untyped, it would be ignored and the op take its default"),
    "graph.output.keep0": ("read", ["output 0 of the graph has no name"], ""),
    "opset_import.keep0": ("read", [NO_OPSET], ""),
    "opset_import.keep1": ("read", [NO_OPSET], "a domain and no version"),
}
for k in range(1, 5):
    EXPECT["graph.keep%d" % k] = ("create", ["node 'scale' (Mul) reads value 'x', " + MISSING],
                                  "no graph input x")
for k in range(1, 3):
    EXPECT["graph.initializer.keep%d" % k] = EXPECT["graph.initializer.keep0"]
for node in (0, 1):  # the name is the node's last field before op_type
    for k in range(4):
        EXPECT["graph.node%d.keep%d" % (node, k)] = (
            "read", ["node %d of the graph has no op_type" % node], "")
EXPECT["graph.node0.keep4"] = ("read", ["node 0 of the graph ('scale') has no op_type"], "")
EXPECT["graph.node1.keep3"] = ("read", ["node 1 of the graph ('softmax') has no op_type"], "")

for root, _, files in os.walk(here):  # every case is written again below
    for f in files:
        if f.endswith(".onnx"):
            os.remove(os.path.join(root, f))

s = seed()
onnx.checker.check_model(s)
seed_bytes = s.SerializeToString()
with open(os.path.join(here, "seed.onnx"), "wb") as f:
    f.write(seed_bytes)


def cut_cases():
    tree = parse(seed_bytes)
    for path, msg_type, fields in list(messages(tree)):
        for keep in range(len(fields)):
            removed = fields[keep:]
            fields_backup = list(fields)
            del fields[keep:]
            data = serialize(tree)
            fields[:] = fields_backup
            name = "%s.keep%d" % (path, keep)
            left = ", ".join(f.name(msg_type) for f in removed)
            if name in EXPECT:
                stage, expect, why, *shapes = EXPECT[name]
            elif path.startswith("graph.output"):
                stage, expect, why, shapes = "loads", [], "wasmnn needs no output types", []
            else:
                raise SystemExit("no expectation for cut case " + name)
            save("cut/%s.onnx" % name, data, stage, expect,
                 "%s (%s) cut after %d field(s), without %s%s" %
                 (path, msg_type, keep, left, ": " + why if why else ""), "cut",
                 shapes[0] if shapes else None)


def case(name, data, stage, expect, why, shapes=None):
    save(name + ".onnx", data, stage, expect, why, name.split("/")[0], shapes)


def set_wire(wire, value):
    def fn(f):
        f.wire, f.value, f.msg_type = wire, value, None
    return fn


def add_field(field):
    def fn(f):
        f.value.append(field)
    return fn


# Wrong wire types, at every depth, and wire bytes no protobuf writer makes.
case("wire/graph_as_varint", patched(s, "graph", set_wire(0, 1)), "read",
     "field ModelProto.graph is encoded as varint, but onnx.proto declares it length-delimited",
     "the graph, a message, written as a number")
case("wire/node_op_type_as_varint", patched(s, "graph.node0.op_type", set_wire(0, 7)), "read",
     "field NodeProto.op_type is encoded as varint",
     "a string field of a node written as a number")
case("wire/raw_data_as_fixed32", patched(s, "graph.initializer.raw_data", set_wire(5, b"\0\0\0\0")),
     "read", "field TensorProto.raw_data is encoded as 32-bit",
     "an initializer's bytes written as a 32-bit value")
case("wire/dim_value_as_bytes",
     patched(s, "graph.input.type.tensor_type.shape.dim0.dim_value", set_wire(2, b"\x02")),
     "read", "field Dimension.dim_value is encoded as length-delimited",
     "a dimension five messages deep written as bytes")
case("wire/opset_version_as_fixed64", patched(s, "opset_import.version", set_wire(1, bytes(8))),
     "read", "field OperatorSetIdProto.version is encoded as 64-bit",
     "the opset number written as a 64-bit value")
case("wire/attribute_i_as_fixed32", patched(s, "graph.node1.attribute.i", set_wire(5, bytes(4))),
     "read", "field AttributeProto.i is encoded as 32-bit",
     "an int attribute written as a 32-bit value")
case("wire/wire_type_7_in_model", bytes(tag(9, 7)) + seed_bytes, "read",
     ["the model bytes are not a valid ONNX protobuf: byte 0 (in the ModelProto) starts field 9 "
      "of wire type 7, which ONNX files do not use"],
     "wire type 7 does not exist in protobuf: the first byte of a file that is not protobuf")
case("wire/wire_type_6_in_node", patched(s, "graph.node0", add_field(Field(9, 6, b""))), "read",
     "GraphProto.node at byte 23 (24 bytes) is corrupt: it holds a field of wire type 3, 4, 6 or "
     "7, which ONNX files do not use", "wire type 6 (a deprecated group end) inside a node")
case("wire/tag_0_in_graph", patched(s, "graph", add_field(Field(0, 0, 0))), "read",
     "byte 170 (in the GraphProto) starts a field numbered 0, which protobuf does not allow",
     "field number 0 is invalid in protobuf")
case("wire/varint_11_bytes", b"\x08" + b"\xff" * 10 + b"\x01" + seed_bytes, "read",
     "the varint at byte 1 (in the ModelProto) is longer than 10 bytes",
     "ir_version as a varint of 11 bytes (at most 10 encode 64 bits)")

case("wire/wasm_module", bytes([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 127]), "read",
     "the model bytes are not a valid ONNX protobuf: byte 0 (in the ModelProto) starts a field "
     "numbered 0, which protobuf does not allow", "a .wasm file given where the .onnx should be")
case("wire/html_page", b"<!doctype html>\n<html><body>404</body></html>\n", "read",
     "the model bytes are not a valid ONNX protobuf: byte 0 (in the ModelProto) starts field 7 "
     "of wire type 4, which ONNX files do not use", "a server's HTML error page saved as .onnx")


def attribute_overruns_node(f):
    attr = [g for g in f.value if g.number == 5][0]
    body = serialize([g for g in f.value if g.number != 5])
    a = serialize(attr.value)
    f.msg_type, f.value = None, body + tag(5, 2) + varint(len(a) + 40) + a


case("wire/attribute_longer_than_node", patched(s, "graph.node1", attribute_overruns_node), "read",
     "GraphProto.node at byte 46 (39 bytes) is corrupt: a length or value inside it runs past "
     "its end",
     "an attribute whose length runs 40 bytes past the end of its node (corrupt, not cut)")

# Tensors whose data disagrees with their dims.
def with_w(t, extra_nodes=(), shape=(2, 3)):
    return model([helper.make_node("Mul", ["x", "w"], ["y"], name="scale")] + list(extra_nodes),
                 [tin("x", list(shape))], [tin("y", list(shape))], [t])


def raw_tensor(name, dims, data_type, raw):
    t = TensorProto()
    t.name, t.data_type = name, data_type
    t.dims.extend(dims)
    t.raw_data = raw
    return t


case("data/raw_data_short", with_w(raw_tensor("w", [2, 3], F, bytes(20))), "read",
     "tensor 'w' holds 20 bytes of raw data, but its shape [2,3] needs 24",
     "raw_data one float short")
case("data/raw_data_long", with_w(raw_tensor("w", [2, 3], F, bytes(28))), "read",
     "tensor 'w' holds 28 bytes of raw data, but its shape [2,3] needs 24",
     "raw_data one float too long")
t = helper.make_tensor("w", F, [2, 3], [1.0] * 6)
del t.float_data[5]
case("data/float_data_count", with_w(t), "read",
     "tensor 'w' holds 5 values, but its shape [2,3] needs 6", "float_data one value short")
t = helper.make_tensor("w", F, [2, 3], [1.0] * 6)
t.data_type = TensorProto.INT64  # int64 dims, the values left in float_data
case("data/values_in_the_wrong_field", with_w(t), "read",
     "tensor 'w' holds 0 values, but its shape [2,3] needs 6",
     "an int64 tensor whose values are in float_data")
case("data/no_data", with_w(raw_tensor("w", [2, 3], F, b"")), "read",
     "tensor 'w' holds 0 bytes of raw data, but its shape [2,3] needs 24",
     "an initializer with dims and no values")
case("data/scalar_with_two_values", with_w(raw_tensor("w", [], F, bytes(8))), "read",
     "tensor 'w' holds 8 bytes of raw data, but its shape [] needs 4",
     "a scalar (no dims) holding two floats")
t = helper.make_tensor("w", TensorProto.FLOAT16, [2, 3], [0] * 6)
t.int32_data[2] = 70000
case("data/float16_bits_out_of_range", with_w(t), "read",
     "tensor 'w' holds 70000 at index 2 of its int32_data, which is not the 16 bits of a float16",
     "float16 values live in int32_data, 16 bits each")
case("data/constant_value_short",
     model([helper.make_node("Constant", [], ["c"], name="const",
                             value=raw_tensor("cval", [3], F, bytes(8))),
            helper.make_node("Add", ["x", "c"], ["y"], name="add")],
           [tin("x", [3])], [tin("y", [3])]), "read",
     "tensor 'cval' holds 8 bytes of raw data, but its shape [3] needs 12",
     "a Constant node's tensor attribute, not an initializer")

# Negative or huge dims, and products that overflow.
case("dims/negative_initializer_dim", with_w(raw_tensor("w", [-2, 3], F, bytes(24))), "read",
     "tensor 'w' has a negative dimension: dims [-2,3]",
     "dims -2 x 3: with the sign ignored it would be 24 bytes, as given")
case("dims/product_overflows", with_w(raw_tensor("w", [1 << 62, 8], F, b"")), "read",
     "tensor 'w' has shape [4611686018427387904,8], too large to be held in memory",
     "2^62 x 8 elements: the product overflows int64")
case("dims/product_wraps_to_zero", with_w(raw_tensor("w", [1 << 33, 1 << 33], F, b"")), "read",
     "tensor 'w' has shape [8589934592,8589934592], too large to be held in memory",
     "2^33 x 2^33 = 2^66 wraps to 0 in 64 bits, which the 0 bytes of data would match")
case("dims/huge_without_data", with_w(raw_tensor("w", [16384, 16384], F, b"")), "read",
     "tensor 'w' holds 0 bytes of raw data, but its shape [16384,16384] needs 1073741824",
     "a 1 GiB initializer whose bytes are missing: nothing may be allocated before they are "
     "checked (a shape over 4 GiB is 'too large to be held in memory' in wasm32)")
case("dims/negative_input_dim",
     model([helper.make_node("Relu", ["x"], ["y"], name="relu")], [tin("x", [-5, 3])],
           [tin("y", [-5, 3])]), "create",
     "graph input 'x' declares dimension -5 at axis 0; a dimension is a size of at least 0, or a "
     "name (dim_param) when it is free",
     "a graph input declaring dimension -5")
case("dims/input_elements_overflow",
     model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
           [tin("x", [1 << 32, 1 << 32])], [tin("y", None)]), "prepare",
     "more elements than a 64-bit count holds", "a graph input of 2^64 elements")
case("dims/input_over_memory_limit",
     model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
           [tin("x", [65536, 65536])], [tin("y", None)]), "prepare",
     "input 'x' would have shape [65536,65536] (17179869184 bytes of float32), over the memory "
     "limit", "a graph input of 16 GiB")
case("dims/expand_overflow",
     model([helper.make_node("Expand", ["x", "shape"], ["y"], name="expand")],
           [tin("x", [1, 1])], [tin("y", None)],
           [numpy_helper.from_array(np.array([1 << 32, 1 << 32], np.int64), "shape")]),
     "prepare", "Expand node 'expand' (opset 13): output 0 would have shape "
     "[4294967296,4294967296]", "an Expand whose target shape's product overflows")

# Values nobody defines.
case("missing/initializer",
     model([helper.make_node("Mul", ["x", "w"], ["y"], name="scale")], [tin("x", [2, 3])],
           [tin("y", [2, 3])]), "create",
     ["the model is malformed: node 'scale' (Mul) reads value 'w', " + MISSING],
     "Mul reads 'w', which is neither an input, an initializer nor a node output")
case("missing/initializer_renamed",
     model([helper.make_node("Mul", ["x", "w"], ["y"], name="scale")], [tin("x", [2, 3])],
           [tin("y", [2, 3])], [numpy_helper.from_array(np.ones((2, 3), np.float32), "W")]),
     "create", "node 'scale' (Mul) reads value 'w', " + MISSING,
     "the initializer is there under another name ('W' for 'w')")
case("missing/node_input_typo",
     model([helper.make_node("Relu", ["x"], ["hidden"], name="relu"),
            helper.make_node("Neg", ["hiden"], ["y"], name="neg")],
           [tin("x", [2, 3])], [tin("y", [2, 3])]), "create",
     "node 'neg' (Neg) reads value 'hiden', " + MISSING, "a node reading a misspelt value name")
case("missing/graph_output",
     model([helper.make_node("Relu", ["x"], ["y"], name="relu")], [tin("x", [2, 3])],
           [tin("y", [2, 3]), tin("z", [2, 3])]), "create",
     "the graph output 'z' is a value " + MISSING,
     "a graph output 'z' that no node writes")
case("missing/no_outputs",
     model([helper.make_node("Relu", ["x"], ["y"], name="relu")], [tin("x", [2, 3])], []),
     "create", NO_OUTPUTS, "a graph that lists no outputs: nothing to compute")
case("missing/no_nodes_no_outputs", model([], [], []), "create", NO_OUTPUTS, "an empty graph")
then_g = helper.make_graph([helper.make_node("Add", ["x", "q"], ["t"], name="then_add")], "then",
                           [], [tin("t", None)])
else_g = helper.make_graph([helper.make_node("Neg", ["x"], ["e"], name="else_neg")], "else",
                           [], [tin("e", None)])
case("missing/outer_value_in_branch",
     model([helper.make_node("If", ["c"], ["y"], name="switch", then_branch=then_g,
                             else_branch=else_g)],
           [tin("x", [3]), tin("c", [], TensorProto.BOOL)], [tin("y", None)]), "create",
     "node 'then_add' (Add) reads value 'q', " + MISSING,
     "an If branch reading 'q', which no scope defines")

# Cycles, and a node whose output feeds itself.
case("cycle/two_nodes",
     model([helper.make_node("Add", ["x", "b"], ["a"], name="add"),
            helper.make_node("Relu", ["a"], ["b"], name="relu")],
           [tin("x", [2])], [tin("b", [2])]), "create",
     "node 'add' (Add) reads value 'b', which node 'relu' (Relu) writes after it: the graph has "
     "a cycle or is not in topological order", "add -> relu -> add")
case("cycle/three_nodes",
     model([helper.make_node("Relu", ["c"], ["a"], name="n1"),
            helper.make_node("Neg", ["a"], ["b"], name="n2"),
            helper.make_node("Add", ["b", "x"], ["c"], name="n3")],
           [tin("x", [2])], [tin("c", [2])]), "create",
     "node 'n1' (Relu) reads value 'c', which node 'n3' (Add) writes after it",
     "n1 -> n2 -> n3 -> n1")
then_g = helper.make_graph([helper.make_node("Add", ["x", "after"], ["t"], name="then_add")],
                           "then", [], [tin("t", None)])
case("cycle/through_branch",
     model([helper.make_node("If", ["c"], ["y"], name="switch", then_branch=then_g,
                             else_branch=else_g),
            helper.make_node("Neg", ["y"], ["after"], name="after_if")],
           [tin("x", [3]), tin("c", [], TensorProto.BOOL)], [tin("after", None)]), "create",
     "node 'then_add' (Add) reads value 'after', which node 'after_if' (Neg) writes after node "
     "'switch' (If), the node holding its subgraph: the graph has a cycle",
     "an If branch reads 'after', which the node after the If computes from the If's output")
case("self/add_own_output",
     model([helper.make_node("Add", ["x", "y"], ["y"], name="acc")], [tin("x", [2])],
           [tin("y", [2])]), "create",
     "node 'acc' (Add) reads value 'y', which it writes itself: the graph has a cycle",
     "y = x + y: a node whose output feeds itself")
case("self/identity_of_itself",
     model([helper.make_node("Identity", ["y"], ["y"], name="same")], [], [tin("y", [2])]),
     "create", "node 'same' (Identity) reads value 'y', which it writes itself",
     "y = Identity(y), with no graph input at all")
then_self = helper.make_graph([helper.make_node("Relu", ["t"], ["t"], name="then_relu")], "then",
                              [], [tin("t", None)])
case("self/in_branch",
     model([helper.make_node("If", ["c"], ["y"], name="switch", then_branch=then_self,
                             else_branch=else_g)],
           [tin("x", [3]), tin("c", [], TensorProto.BOOL)], [tin("y", None)]), "create",
     "node 'then_relu' (Relu) reads value 't', which it writes itself",
     "a node inside an If branch reading its own output")

# Names defined twice.
case("dup/two_producers",
     model([helper.make_node("Relu", ["x"], ["y"], name="relu"),
            helper.make_node("Neg", ["x"], ["y"], name="neg")], [tin("x", [2])],
           [tin("y", [2])]), "create",
     "node 'neg' (Neg) writes value 'y', which node 'relu' (Relu) also writes",
     "two nodes writing one value")
case("dup/node_output_is_input",
     model([helper.make_node("Relu", ["x"], ["x"], name="relu")], [tin("x", [2])],
           [tin("x", [2])]), "create",
     "node 'relu' (Relu) writes value 'x', which is the graph input 'x'",
     "a node overwriting a graph input")
case("dup/node_output_is_initializer",
     model([helper.make_node("Neg", ["x"], ["w"], name="neg"),
            helper.make_node("Mul", ["x", "w"], ["y"], name="scale")], [tin("x", [2, 3])],
           [tin("y", [2, 3])], [w23]), "create",
     "node 'neg' (Neg) writes value 'w', which is the initializer 'w'",
     "a node overwriting an initializer")
m = with_w(w23)
m.graph.initializer.append(numpy_helper.from_array(np.zeros(3, np.float32), "w"))
case("dup/initializer_twice", m, "read",
     "the initializer 'w' is listed twice; each initializer must have one name",
     "two initializers named 'w' of different shapes: which one a reader keeps is arbitrary")
case("dup/input_twice",
     model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
           [tin("x", [2]), tin("x", [3])], [tin("y", None)]), "create",
     "the graph input 'x' is listed twice", "a graph input declared twice with two shapes")
case("dup/output_twice",
     model([helper.make_node("Relu", ["x"], ["y"], name="relu")], [tin("x", [2])],
           [tin("y", [2]), tin("y", [2])]), "create",
     "the graph output 'y' is listed twice", "a graph output listed twice")
n = helper.make_node("Softmax", ["x"], ["y"], name="softmax", axis=1)
n.attribute.append(helper.make_attribute("axis", 0))
case("dup/attribute_twice",
     model([n], [tin("x", [2, 3])], [tin("y", [2, 3])]), "read",
     "Softmax node 'softmax' has attribute 'axis' twice",
     "a node with attribute axis twice (1 and 0): which one a reader keeps is arbitrary")
case("dup/split_outputs_same_name",
     model([helper.make_node("Split", ["x"], ["a", "a"], name="split", axis=0)],
           [tin("x", [4])], [tin("a", [2])]), "create",
     "node 'split' (Split) writes value 'a' as two of its outputs",
     "one node, two outputs, one name")

# Weights kept outside the file.
t = raw_tensor("w", [2, 3], F, b"")
t.ClearField("raw_data")
t.data_location = TensorProto.EXTERNAL
for k, v in (("location", "weights.bin"), ("offset", "0"), ("length", "24")):
    e = t.external_data.add()
    e.key, e.value = k, v
case("external/initializer", with_w(t), "read",
     "tensor 'w' keeps its data in an external file; wasmnn needs all weights inside the .onnx",
     "onnx.save(..., save_as_external_data=True): the page has only the .onnx")
c = raw_tensor("cval", [3], F, b"")
c.ClearField("raw_data")
c.data_location = TensorProto.EXTERNAL
e = c.external_data.add()
e.key, e.value = "location", "c.bin"
case("external/constant",
     model([helper.make_node("Constant", [], ["c"], name="const", value=c),
            helper.make_node("Add", ["x", "c"], ["y"], name="add")],
           [tin("x", [3])], [tin("y", [3])]), "read",
     "tensor 'cval' keeps its data in an external file", "a Constant node's tensor kept outside")

# Types wasmnn does not know, or that do not exist.
case("dtype/initializer_99", with_w(raw_tensor("w", [2, 3], 99, bytes(24))), "read",
     "tensor 'w' has ONNX data type 99 (unknown), which wasmnn does not support",
     "data_type 99 is in no onnx.proto")
case("dtype/initializer_string", with_w(helper.make_tensor("w", TensorProto.STRING, [2, 3],
                                                           [b"a"] * 6)), "read",
     "tensor 'w' has ONNX data type 8 (string)", "string tensors")
case("dtype/initializer_float64",
     with_w(numpy_helper.from_array(np.ones((2, 3), np.float64), "w")), "read",
     "tensor 'w' has ONNX data type 11 (float64)", "float64 weights (a model not cast to float32)")
case("dtype/initializer_undefined", with_w(raw_tensor("w", [2, 3], 0, bytes(24))), "read",
     "tensor 'w' has ONNX data type 0 (undefined)", "data_type left at 0")
case("dtype/input_float64",
     model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
           [tin("x", [2], TensorProto.DOUBLE)], [tin("y", [2], TensorProto.DOUBLE)]),
     "create",
     "graph input 'x' has type float64 (ONNX data type 11), which wasmnn does not support",
     "a float64 graph input")
case("dtype/input_99",
     model([helper.make_node("Relu", ["x"], ["y"], name="relu")], [tin("x", [2], 99)],
           [tin("y", [2])]), "create",
     "graph input 'x' has type unknown (ONNX data type 99), which wasmnn does not support",
     "a graph input of element type 99")
case("dtype/input_no_type",
     model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
           [helper.make_empty_tensor_value_info("x")], [tin("y", [2])]), "create",
     "graph input 'x' declares no type (its ValueInfoProto has no tensor element type)",
     "a graph input with no type at all")
seq_in = helper.make_value_info("x", helper.make_sequence_type_proto(
    helper.make_tensor_type_proto(F, [2])))
case("dtype/input_sequence",
     model([helper.make_node("Relu", ["x"], ["y"], name="relu")], [seq_in], [tin("y", [2])]),
     "create", SEQUENCE, "a sequence-of-tensors graph input")
case("dtype/cast_to_99",
     model([helper.make_node("Cast", ["x"], ["y"], name="cast", to=99)], [tin("x", [2])],
           [tin("y", [2])]), "create",
     "Cast node 'cast' (opset 13): to=99 is not an ONNX data type", "Cast to element type 99")
case("dtype/constant_uint64",
     model([helper.make_node("Constant", [], ["c"], name="const",
                             value=numpy_helper.from_array(np.ones(2, np.uint64), "cval")),
            helper.make_node("Cast", ["c"], ["y"], name="cast", to=F)], [], [tin("y", [2])]),
     "read", "tensor 'cval' has ONNX data type 13 (uint64)", "a Constant of a type wasmnn lacks")

# Subgraph attributes (If, Loop, Scan) that do not fit their node.
B = TensorProto.BOOL
I64 = TensorProto.INT64
if_inputs = [tin("x", [3]), tin("c", [], B)]
then_g = helper.make_graph([helper.make_node("Relu", ["x"], ["t"], name="then_relu")], "then", [],
                           [tin("t", None)])
case("sub/if_without_else",
     model([helper.make_node("If", ["c"], ["y"], name="switch", then_branch=then_g)],
           if_inputs, [tin("y", None)]), "create",
     "If node 'switch' (opset 13): attributes then_branch and else_branch must both be graphs",
     "an If with no else_branch")
n = helper.make_node("If", ["c"], ["y"], name="switch", then_branch=then_g)
a = n.attribute.add()
a.name, a.type = "else_branch", onnx.AttributeProto.GRAPH  # declared a graph, holding none
case("sub/if_branch_type_without_graph", model([n], if_inputs, [tin("y", None)]), "create",
     "If node 'switch' (opset 13): attributes then_branch and else_branch must both be graphs",
     "else_branch declared of type GRAPH with no graph in it")
n = helper.make_node("If", ["c"], ["y"], name="switch", then_branch=then_g, else_branch=[1, 2])
case("sub/if_branch_as_ints", model([n], if_inputs, [tin("y", None)]), "create",
     "If node 'switch' (opset 13): attributes then_branch and else_branch must both be graphs",
     "else_branch given as a list of ints")
two_out = helper.make_graph([helper.make_node("Relu", ["x"], ["t"], name="then_relu"),
                             helper.make_node("Neg", ["x"], ["u"], name="then_neg")],
                            "then", [], [tin("t", None), tin("u", None)])
case("sub/if_branch_output_count",
     model([helper.make_node("If", ["c"], ["y"], name="switch", then_branch=two_out,
                             else_branch=else_g)], if_inputs, [tin("y", None)]), "create",
     "If node 'switch' (opset 13): a branch has 2 outputs; the node has 1",
     "then_branch yields two values for an If with one output")
unique_g = helper.make_graph([helper.make_node("Unique", ["x"], ["t"], name="then_unique")],
                             "then", [], [tin("t", None)])
case("sub/unsupported_op_in_branch",
     model([helper.make_node("If", ["c"], ["y"], name="switch", then_branch=unique_g,
                             else_branch=else_g)], if_inputs, [tin("y", None)]), "create",
     "Unique (first at node 'then_unique')",
     "an operator wasmnn lacks, in a branch that may never run")
loop_inputs = [tin("x", [3]), tin("acc0", [3])]
loop_inits = [numpy_helper.from_array(np.array(3, np.int64), "M")]
body_two_inputs = helper.make_graph(
    [helper.make_node("Add", ["acc_in", "x"], ["acc_out"], name="body_add"),
     helper.make_node("Constant", [], ["cond_out"], name="body_cond",
                      value=numpy_helper.from_array(np.array(True)))],
    "body", [tin("i", [], I64), tin("acc_in", [3])], [tin("cond_out", [], B), tin("acc_out", [3])])
case("sub/loop_body_inputs",
     model([helper.make_node("Loop", ["M", "", "acc0"], ["acc"], name="repeat",
                             body=body_two_inputs)], loop_inputs, [tin("acc", [3])],
           loop_inits), "create",
     "Loop node 'repeat' (opset 13): the body must take (iteration, condition, 1 loop-carried "
     "values) and give (condition, the loop-carried values, scan outputs) matching the node's "
     "outputs; it takes 2 inputs and gives 2 outputs, and the node has 3 inputs and 1 output",
     "a Loop body without its condition input")
body_no_cond = helper.make_graph(
    [helper.make_node("Add", ["acc_in", "x"], ["acc_out"], name="body_add")], "body",
    [tin("i", [], I64), tin("cond_in", [], B), tin("acc_in", [3])], [tin("acc_out", [3])])
case("sub/loop_body_outputs",
     model([helper.make_node("Loop", ["M", "", "acc0"], ["acc"], name="repeat",
                             body=body_no_cond)], loop_inputs, [tin("acc", [3])], loop_inits),
     "create", "it takes 3 inputs and gives 1 output, and the node has 3 inputs and 1 output",
     "a Loop body that yields no condition")
scan_body = helper.make_graph(
    [helper.make_node("Add", ["s_in", "x_t"], ["s_out"], name="body_add")], "body",
    [tin("s_in", [3]), tin("x_t", [3])], [tin("s_out", [3])])
case("sub/scan_without_num_scan_inputs",
     model([helper.make_node("Scan", ["s0", "xs"], ["s"], name="scan", body=scan_body)],
           [tin("s0", [3]), tin("xs", [4, 3])], [tin("s", [3])], opset=11), "create",
     "Scan node 'scan' (opset 11): the attribute num_scan_inputs (how many of the 2 inputs are "
     "scanned) is missing", "a Scan without its required num_scan_inputs")
case("sub/scan_body_input_count",
     model([helper.make_node("Scan", ["s0", "xs", "xs"], ["s"], name="scan", body=scan_body,
                             num_scan_inputs=2)],
           [tin("s0", [3]), tin("xs", [4, 3])], [tin("s", [3])], opset=11), "create",
     "Scan node 'scan' (opset 11): the body must take one input per node input (1 states, then 2 "
     "scanned) and give one output per node output (1); it takes 2 inputs and gives 1 output",
     "a Scan with 1 state and 2 scan inputs whose body takes 2 inputs")
case("sub/graph_attribute_on_relu",
     model([helper.make_node("Relu", ["x"], ["y"], name="relu", body=then_g)], [tin("x", [3])],
           [tin("y", [3])]), "loads", [],
     "a graph attribute on an op that takes none is ignored, like any unknown attribute",
     shapes=[[3]])

# Opsets beyond those claimed, or none.
case("opset/22", relu_model(opset=22), "create",
     "the model uses opset 22 of the default ONNX domain; wasmnn supports opsets 1 to 21",
     "one past the newest opset wasmnn claims")
case("opset/1000", relu_model(opset=1000), "create", "the model uses opset 1000",
     "an opset no ONNX release has")
case("opset/0", relu_model(opset=0), "read", NO_OPSET_FULL, "opset version 0")
case("opset/negative", relu_model(opset=-1), "create", "the model uses opset -1",
     "opset -1 (ten bytes of varint)")
case("opset/only_a_custom_domain",
     relu_model(opsets=[helper.make_opsetid("com.microsoft", 1)]), "read", NO_OPSET_FULL,
     "no opset for the default domain, only com.microsoft")
case("opset/default_domain_twice",
     relu_model(opsets=[helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx", 17)]),
     "read", "the model imports the default ONNX domain twice, as opset 13 and as opset 17",
     "the default domain imported twice, as '' and as 'ai.onnx', with two versions")
case("opset/op_newer_than_model",
     model([helper.make_node("Gelu", ["x"], ["y"], name="gelu")], [tin("x", [2])],
           [tin("y", [2])]), "create",
     "Gelu as defined before opset 20 (first at node 'gelu')",
     "Gelu exists from opset 20; the model says 13")
case("opset/op_removed",
     model([helper.make_node("Scatter", ["x", "i", "u"], ["y"], name="scatter")],
           [tin("x", [3]), tin("i", [1], I64), tin("u", [1])], [tin("y", [3])]), "create",
     "Scatter as defined from opset 11 (first at node 'scatter')",
     "Scatter was removed in opset 11; the model says 13")
n = helper.make_node("FusedConv", ["x"], ["y"], name="fused", domain="com.microsoft")
case("opset/custom_domain_op",
     model([n], [tin("x", [2])], [tin("y", [2])],
           opsets=[helper.make_opsetid("", 13), helper.make_opsetid("com.microsoft", 1)]),
     "create", "FusedConv (domain 'com.microsoft') (first at node 'fused')",
     "an ONNX Runtime contrib op")


# Nesting: subgraphs in subgraphs, and messages deeper than any reader should recurse.
def nested_ifs(levels):
    def level(k):
        if k == levels:
            return helper.make_graph([helper.make_node("Neg", ["x"], ["o%d" % k], name="leaf")],
                                     "g%d" % k, [], [tin("o%d" % k, None)])
        other = helper.make_graph(
            [helper.make_node("Relu", ["x"], ["r%d" % k], name="else%d" % k)], "e%d" % k, [],
            [tin("r%d" % k, None)])
        return helper.make_graph(
            [helper.make_node("If", ["c"], ["o%d" % k], name="if%d" % k,
                              then_branch=level(k + 1), else_branch=other)],
            "g%d" % k, [], [tin("o%d" % k, None)])
    g = level(0)
    main = model(list(g.node), if_inputs, [tin("o0", None)])
    return main


case("deep/ifs_nested_33", nested_ifs(33), "read",
     "If node 'if32': its attribute 'else_branch' holds a subgraph nested 33 levels deep; wasmnn "
     "reads subgraphs (If, Loop, Scan inside each other) at most 32 levels deep",
     "33 Ifs, each in the then_branch of the one before: one past the reader's limit")
case("deep/ifs_nested_32", nested_ifs(32), "loads", [],
     "32 Ifs nested: the deepest the reader takes", shapes=[[3], []])


def nested_sequence_input(levels):
    t = helper.make_tensor_type_proto(F, [2]).SerializeToString()
    for _ in range(levels):
        t = ld(4, ld(1, t))  # TypeProto.sequence_type { elem_type: <t> }
    value_info = ld(1, b"x") + ld(2, t)
    m = relu_model()
    tree = parse(m.SerializeToString())
    g = find(tree, "graph")
    inp = [f for f in g.value if f.number == 11][0]
    inp.msg_type, inp.value = None, value_info
    return serialize(tree)


case("deep/type_nested_2000", nested_sequence_input(2000), "create", SEQUENCE,
     "a graph input whose type is a sequence of sequences 2000 deep (never recursed into)")


def nested_unknown_field(levels):
    payload = b""
    for _ in range(levels):
        payload = ld(1, payload)
    return seed_bytes + ld(99, payload)


case("deep/unknown_field_nested_3000", nested_unknown_field(3000), "loads", [],
     "an unknown ModelProto field holding 3000 nested messages: skipped, not recursed into")
cut_cases()

cases.sort(key=lambda c: c["file"])
with open(os.path.join(here, "cases.json"), "w") as f:
    json.dump({"seed": "seed.onnx",
               "about": "Malformed .onnx files and the error each must get; written by "
                        "make_malformed.py, read by tests/unit/test_malformed_corpus.cpp",
               "cases": cases}, f, indent=1)
    f.write("\n")
total = sum(os.path.getsize(os.path.join(here, c["file"])) for c in cases)
print("%d cases, %d bytes of models" % (len(cases), total))
