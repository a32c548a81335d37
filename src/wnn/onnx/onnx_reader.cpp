// protozero reports malformed input by throwing; this file is the one translation unit built with
// exception catching, and turns those into Status values at its boundary.
#include "wnn/onnx/onnx_reader.h"

#include <protozero/exception.hpp>
#include <protozero/pbf_reader.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>

namespace wnn {
namespace {

// Field numbers from onnx.proto (onnx/onnx, IR version 8).
namespace field {
constexpr uint32_t kModelIrVersion = 1, kModelProducerName = 2, kModelGraph = 7, kModelOpset = 8;
constexpr uint32_t kOpsetDomain = 1, kOpsetVersion = 2;
constexpr uint32_t kGraphNode = 1, kGraphInitializer = 5, kGraphInput = 11, kGraphOutput = 12;
constexpr uint32_t kNodeInput = 1, kNodeOutput = 2, kNodeName = 3, kNodeOpType = 4,
                   kNodeAttribute = 5, kNodeDomain = 7;
constexpr uint32_t kAttrName = 1, kAttrF = 2, kAttrI = 3, kAttrS = 4, kAttrT = 5, kAttrG = 6,
                   kAttrFloats = 7, kAttrInts = 8, kAttrStrings = 9, kAttrType = 20;
constexpr uint32_t kTensorDims = 1, kTensorDataType = 2, kTensorFloatData = 4,
                   kTensorInt32Data = 5, kTensorInt64Data = 7, kTensorName = 8, kTensorRawData = 9,
                   kTensorDataLocation = 14;
constexpr uint32_t kValueName = 1, kValueType = 2;
constexpr uint32_t kTypeTensor = 1, kTensorTypeElem = 1, kTensorTypeShape = 2;
constexpr uint32_t kShapeDim = 1, kDimValue = 1, kDimParam = 2;
}  // namespace field

// ONNX AttributeProto.AttributeType values.
enum AttrType {
  kFLOAT = 1,
  kINT = 2,
  kSTRING = 3,
  kTENSOR = 4,
  kGRAPH = 5,
  kFLOATS = 6,
  kINTS = 7,
  kSTRINGS = 8
};

// Subgraphs nest (an If inside a Loop body...); a file nesting deeper than this is refused
// rather than allowed to exhaust the stack.
constexpr int kMaxGraphDepth = 32;

// Nodes in all graphs of a model. Loading costs ~2 KB and ~25 us per node natively (the IR, the
// passes' maps, one op and one step each): 10^6 nodes would take ~2 GB, past a wasm heap, and
// half a minute. The largest real models have tens of thousands, so past this many the file is
// refused while it is read, before the rest is decoded.
constexpr size_t kMaxNodes = 200000;
thread_local size_t tls_nodes = 0;  // read so far, in every graph (reset by read_onnx_model)

void read_graph(protozero::pbf_reader r, Graph& g, int depth);

struct DecodeError {
  std::string what;
};

// Where the bytes being decoded start, so errors give byte offsets (set by the entry points):
// the buffer being decoded and the file offset of its first byte (the streaming reader decodes
// one field of the file at a time).
thread_local const char* tls_file_begin = nullptr;
thread_local uint64_t tls_file_offset = 0;

std::string near_byte(const char* at) {
  if (!tls_file_begin) return "";
  return " (near byte " + std::to_string(tls_file_offset + static_cast<uint64_t>(at - tls_file_begin)) + ")";
}

const char* wire_type_name(protozero::pbf_wire_type t) {
  switch (t) {
    case protozero::pbf_wire_type::varint: return "varint";
    case protozero::pbf_wire_type::fixed64: return "64-bit";
    case protozero::pbf_wire_type::length_delimited: return "length-delimited";
    case protozero::pbf_wire_type::fixed32: return "32-bit";
    default: return "unknown";
  }
}

// Every typed getter below checks the field's wire type first: protozero's own getters assert it
// (a debug or sanitizer build aborts on a 1-byte file) and in release decode the wrong bytes.
void expect_wire_type(const protozero::pbf_reader& r, protozero::pbf_wire_type want,
                      const char* field) {
  if (r.wire_type() == want) return;
  throw DecodeError{std::string("field ") + field + " is encoded as " +
                    wire_type_name(r.wire_type()) + ", but onnx.proto declares it " +
                    wire_type_name(want) + near_byte(r.data().data()) +
                    ": the file is corrupt or not an .onnx file"};
}

int64_t get_int64(protozero::pbf_reader& r, const char* field) {
  expect_wire_type(r, protozero::pbf_wire_type::varint, field);
  return r.get_int64();
}

int32_t get_int32(protozero::pbf_reader& r, const char* field) {
  expect_wire_type(r, protozero::pbf_wire_type::varint, field);
  return r.get_int32();
}

float get_float(protozero::pbf_reader& r, const char* field) {
  expect_wire_type(r, protozero::pbf_wire_type::fixed32, field);
  return r.get_float();
}

std::string get_string(protozero::pbf_reader& r, const char* field) {
  expect_wire_type(r, protozero::pbf_wire_type::length_delimited, field);
  return r.get_string();
}

protozero::data_view get_bytes(protozero::pbf_reader& r, const char* field) {
  expect_wire_type(r, protozero::pbf_wire_type::length_delimited, field);
  return r.get_view();
}

protozero::pbf_reader get_message(protozero::pbf_reader& r, const char* field) {
  expect_wire_type(r, protozero::pbf_wire_type::length_delimited, field);
  return r.get_message();
}

// TensorProto.DataType names, so an unsupported type is named in messages, not only numbered.
const char* onnx_type_name(int32_t t) {
  static const char* const kNames[] = {"undefined", "float32", "uint8",  "int8",     "uint16",
                                       "int16",     "int32",   "int64",  "string",   "bool",
                                       "float16",   "float64", "uint32", "uint64",   "complex64",
                                       "complex128", "bfloat16",
                                       // opset 19's 8-bit floats, opset 21's 4-bit integers
                                       "float8e4m3fn", "float8e4m3fnuz", "float8e5m2",
                                       "float8e5m2fnuz", "uint4", "int4", "float4e2m1"};
  return t >= 0 && t < static_cast<int32_t>(sizeof(kNames) / sizeof(kNames[0])) ? kNames[t]
                                                                                 : "unknown";
}

// "float64 (ONNX data type 11)": a data type as messages name it.
std::string onnx_type_label(int32_t t) {
  return std::string(onnx_type_name(t)) + " (ONNX data type " + std::to_string(t) + ")";
}

// What a TypeProto holds when it is not a tensor (its oneof's field numbers), for messages.
const char* type_kind_name(uint32_t tag) {
  switch (tag) {
    case 4: return "a sequence";
    case 5: return "a map";
    case 8: return "a sparse tensor";
    case 9: return "an optional";
    default: return "an unknown kind of value";
  }
}

// Repeated scalar fields may be packed or not; protobuf readers must accept both.
void read_int64s(protozero::pbf_reader& r, std::vector<int64_t>& out, const char* field) {
  if (r.wire_type() == protozero::pbf_wire_type::length_delimited) {
    for (int64_t v : r.get_packed_int64()) out.push_back(v);
  } else {
    out.push_back(get_int64(r, field));
  }
}

void read_floats(protozero::pbf_reader& r, std::vector<float>& out, const char* field) {
  if (r.wire_type() == protozero::pbf_wire_type::length_delimited) {
    for (float v : r.get_packed_float()) out.push_back(v);
  } else {
    out.push_back(get_float(r, field));
  }
}

// owner: the buffer r reads from, when it was read for this tensor alone (the streaming reader's
// initializers); raw data then moves to its front and the buffer becomes the tensor's bytes, so
// no weight is held twice while loading.
Tensor read_tensor(protozero::pbf_reader r, std::string* name,
                   std::vector<uint8_t>* owner = nullptr) {
  Tensor t;
  int32_t onnx_type = 0;
  std::vector<float> floats;
  std::vector<int64_t> ints;
  std::vector<int32_t> int32s;
  protozero::data_view raw;
  bool has_raw = false;
  bool external = false;
  while (r.next()) {
    switch (r.tag()) {
      case field::kTensorDims: read_int64s(r, t.shape, "TensorProto.dims"); break;
      case field::kTensorDataType: onnx_type = get_int32(r, "TensorProto.data_type"); break;
      case field::kTensorFloatData: read_floats(r, floats, "TensorProto.float_data"); break;
      case field::kTensorInt32Data:
        if (r.wire_type() == protozero::pbf_wire_type::length_delimited) {
          for (int32_t v : r.get_packed_int32()) int32s.push_back(v);
        } else {
          int32s.push_back(get_int32(r, "TensorProto.int32_data"));
        }
        break;
      case field::kTensorInt64Data: read_int64s(r, ints, "TensorProto.int64_data"); break;
      case field::kTensorName: *name = get_string(r, "TensorProto.name"); break;
      case field::kTensorRawData: raw = get_bytes(r, "TensorProto.raw_data"); has_raw = true; break;
      case field::kTensorDataLocation:
        external = get_int32(r, "TensorProto.data_location") == 1;
        break;
      default: r.skip();
    }
  }
  t.dtype = dtype_from_onnx(onnx_type);
  const std::string label = name->empty() ? "a tensor with no name" : "tensor '" + *name + "'";
  if (external)
    throw DecodeError{label + " keeps its data in an external file; wasmnn needs "
                      "all weights inside the .onnx (save the model without external data)"};
  if (t.dtype == DType::kUndefined)
    throw DecodeError{label + " has ONNX data type " + std::to_string(onnx_type) +
                      " (" + onnx_type_name(onnx_type) + "), which wasmnn does not support "
                      "(supported: float32, float16, bfloat16, int64, int32, uint8, int8, bool)"};
  for (int64_t d : t.shape)
    if (d < 0)
      throw DecodeError{label + " has a negative dimension: dims " + shape_string(t.shape) +
                        "; the file is corrupt — re-export the model"};
  // The dims come from the file: their product must not wrap, and nothing is allocated before
  // the bytes are known to hold that many values.
  const size_t elem = dtype_size(t.dtype);
  const uint64_t max_bytes = std::min<uint64_t>(SIZE_MAX, INT64_MAX);
  uint64_t count64 = 1;
  if (std::find(t.shape.begin(), t.shape.end(), 0) != t.shape.end()) count64 = 0;
  for (int64_t d : t.shape) {
    if (count64 == 0) break;
    if (count64 > max_bytes / elem / static_cast<uint64_t>(d))
      throw DecodeError{label + " has shape " + shape_string(t.shape) +
                        ", too large to be held in memory"};
    count64 *= static_cast<uint64_t>(d);
  }
  const size_t count = static_cast<size_t>(count64);
  if (has_raw) {
    if (raw.size() != count * elem)
      throw DecodeError{label + " holds " + std::to_string(raw.size()) +
                        " bytes of raw data, but its shape " + shape_string(t.shape) + " needs " +
                        std::to_string(count * elem)};
    const char* own = owner ? reinterpret_cast<const char*>(owner->data()) : nullptr;
    if (own && raw.data() >= own && raw.data() + raw.size() <= own + owner->size()) {
      std::memmove(owner->data(), raw.data(), raw.size());
      owner->resize(raw.size());
      t.bytes = std::move(*owner);
    } else {
      t.bytes.assign(raw.data(), raw.data() + raw.size());
    }
    return t;
  }
  auto fill = [&](const auto& src, auto convert) {
    if (src.size() != count)
      throw DecodeError{label + " holds " + std::to_string(src.size()) +
                        " values, but its shape " + shape_string(t.shape) + " needs " +
                        std::to_string(count)};
    t.bytes.resize(count * elem);
    for (size_t i = 0; i < count; ++i) convert(i, src[i]);
  };
  switch (t.dtype) {
    case DType::kFloat32:
      fill(floats, [&](size_t i, float v) { std::memcpy(&t.bytes[i * 4], &v, 4); });
      break;
    case DType::kInt64:
      fill(ints, [&](size_t i, int64_t v) { std::memcpy(&t.bytes[i * 8], &v, 8); });
      break;
    case DType::kInt32:
      fill(int32s, [&](size_t i, int32_t v) { std::memcpy(&t.bytes[i * 4], &v, 4); });
      break;
    case DType::kFloat16:
    case DType::kBFloat16:  // int32_data holds each value's 16 bits
      fill(int32s, [&](size_t i, int32_t v) {
        if (v < 0 || v > 0xffff)
          throw DecodeError{label + " holds " + std::to_string(v) + " at index " +
                            std::to_string(i) + " of its int32_data, which is not the 16 bits " +
                            "of a " + dtype_name(t.dtype)};
        const uint16_t bits = static_cast<uint16_t>(v);
        std::memcpy(&t.bytes[i * 2], &bits, 2);
      });
      break;
    default:  // uint8, int8, bool are stored in int32_data
      fill(int32s, [&](size_t i, int32_t v) { t.bytes[i] = static_cast<uint8_t>(v); });
  }
  return t;
}

ValueInfo read_value_info(protozero::pbf_reader r) {
  ValueInfo v;
  while (r.next()) {
    if (r.tag() == field::kValueName) {
      v.name = get_string(r, "ValueInfoProto.name");
    } else if (r.tag() == field::kValueType) {
      protozero::pbf_reader type = get_message(r, "ValueInfoProto.type");
      while (type.next()) {
        if (type.tag() != field::kTypeTensor) {  // not a tensor: named in the session's refusal
          v.declared_type = type_kind_name(type.tag());
          type.skip();
          continue;
        }
        protozero::pbf_reader tensor_type = get_message(type, "TypeProto.tensor_type");
        while (tensor_type.next()) {
          if (tensor_type.tag() == field::kTensorTypeElem) {
            const int32_t elem = get_int32(tensor_type, "TypeProto.Tensor.elem_type");
            v.dtype = dtype_from_onnx(elem);
            v.declared_type = onnx_type_label(elem);
          } else if (tensor_type.tag() == field::kTensorTypeShape) {
            protozero::pbf_reader shape = get_message(tensor_type, "TypeProto.Tensor.shape");
            while (shape.next(field::kShapeDim)) {
              protozero::pbf_reader dim = get_message(shape, "TensorShapeProto.dim");
              int64_t value = kUnknownDim;
              std::string param;
              while (dim.next()) {
                if (dim.tag() == field::kDimValue) value = get_int64(dim, "Dimension.dim_value");
                else if (dim.tag() == field::kDimParam) param = get_string(dim, "Dimension.dim_param");
                else dim.skip();
              }
              v.shape.push_back(value);
              v.dim_names.push_back(param);
            }
          } else {
            tensor_type.skip();
          }
        }
      }
    } else {
      r.skip();
    }
  }
  return v;
}

// How a node is named in the reader's messages: "Softmax node 'softmax'", or "a Softmax node"
// when it has no name (yet: the name may follow its attributes in the file).
std::string node_label(const Node& n) {
  const std::string op = n.op_type.empty() ? "node" : n.op_type + " node";
  return n.name.empty() ? "a " + op : op + " '" + n.name + "'";
}

// One attribute of node n (read so far); its AttributeProto.type goes to *type (0: absent).
Attribute read_attribute(protozero::pbf_reader r, std::string* name, int32_t* type_out,
                         const Node& n, int depth) {
  Attribute a;
  int32_t& type = *type_out;
  type = 0;
  while (r.next()) {
    switch (r.tag()) {
      case field::kAttrName: *name = get_string(r, "AttributeProto.name"); break;
      case field::kAttrType: type = get_int32(r, "AttributeProto.type"); break;
      case field::kAttrF: a.f = get_float(r, "AttributeProto.f"); break;
      case field::kAttrI: a.i = get_int64(r, "AttributeProto.i"); break;
      case field::kAttrS: a.s = get_string(r, "AttributeProto.s"); break;
      case field::kAttrT: {
        std::string tensor_name;
        a.t = read_tensor(get_message(r, "AttributeProto.t"), &tensor_name);
        break;
      }
      case field::kAttrG:
        // A subgraph (If's branches, Loop's and Scan's body): its nodes, initializers, inputs
        // and outputs, read like the model's graph; values it reads from the enclosing graph
        // are node inputs it does not define, resolved by name when planning.
        if (depth >= kMaxGraphDepth)
          throw DecodeError{node_label(n) + ": its attribute '" + *name +
                            "' holds a subgraph nested " + std::to_string(depth + 1) +
                            " levels deep; wasmnn reads subgraphs (If, Loop, Scan inside each "
                            "other) at most " + std::to_string(kMaxGraphDepth) +
                            " levels deep — flatten the control flow or re-export the model"};
        a.g = std::make_shared<Graph>();
        read_graph(get_message(r, "AttributeProto.g"), *a.g, depth + 1);
        break;
      case field::kAttrFloats: read_floats(r, a.floats, "AttributeProto.floats"); break;
      case field::kAttrInts: read_int64s(r, a.ints, "AttributeProto.ints"); break;
      case field::kAttrStrings: a.strings.push_back(get_string(r, "AttributeProto.strings")); break;
      default: r.skip();
    }
  }
  switch (type) {
    case kFLOAT: a.kind = Attribute::Kind::kFloat; break;
    case kINT: a.kind = Attribute::Kind::kInt; break;
    case kSTRING: a.kind = Attribute::Kind::kString; break;
    case kTENSOR: a.kind = Attribute::Kind::kTensor; break;
    case kGRAPH: a.kind = a.g ? Attribute::Kind::kGraph : Attribute::Kind::kOther; break;
    case kFLOATS: a.kind = Attribute::Kind::kFloats; break;
    case kINTS: a.kind = Attribute::Kind::kInts; break;
    case kSTRINGS: a.kind = Attribute::Kind::kStrings; break;
    default: a.kind = Attribute::Kind::kOther;
  }
  return a;
}

Node read_node(protozero::pbf_reader r, int depth) {
  Node n;
  std::string problem;  // the first malformed attribute, named once the node is read
  while (r.next()) {
    switch (r.tag()) {
      case field::kNodeInput: n.inputs.push_back(get_string(r, "NodeProto.input")); break;
      case field::kNodeOutput: n.outputs.push_back(get_string(r, "NodeProto.output")); break;
      case field::kNodeName: n.name = get_string(r, "NodeProto.name"); break;
      case field::kNodeOpType: n.op_type = get_string(r, "NodeProto.op_type"); break;
      case field::kNodeDomain: n.domain = get_string(r, "NodeProto.domain"); break;
      case field::kNodeAttribute: {
        std::string key;
        int32_t type = 0;
        Attribute a = read_attribute(get_message(r, "NodeProto.attribute"), &key, &type, n, depth);
        // An attribute must be named, typed and given once: a reader cannot tell which value
        // to take otherwise, and an untyped one would be ignored, the op taking its default.
        if (problem.empty() && key.empty())
          problem = "has an attribute with no name";
        else if (problem.empty() && type == 0)
          problem = "has attribute '" + key + "' with no type (AttributeProto.type)";
        else if (problem.empty() && n.attributes.count(key))
          problem = "has attribute '" + key + "' twice";
        n.attributes[key] = std::move(a);
        break;
      }
      default: r.skip();
    }
  }
  if (!problem.empty())
    throw DecodeError{node_label(n) + " " + problem +
                      "; the file is corrupt or was written incompletely — re-export the model"};
  return n;
}

// One field of a GraphProto, r positioned on it. owner: as for read_tensor.
void read_graph_field(protozero::pbf_reader& r, Graph& g, std::vector<ValueInfo>& declared_inputs,
                      int depth, std::vector<uint8_t>* owner = nullptr) {
  switch (r.tag()) {
    case field::kGraphNode:
      if (++tls_nodes > kMaxNodes)
        throw DecodeError{"the model has more than " + std::to_string(kMaxNodes) +
                          " nodes (counting those in subgraphs), the most wasmnn loads: real "
                          "models have tens of thousands at most, so this file is likely "
                          "generated or corrupt"};
      g.nodes.push_back(read_node(get_message(r, "GraphProto.node"), depth));
      break;
    case field::kGraphInitializer: {
      std::string name;
      Tensor t = read_tensor(get_message(r, "GraphProto.initializer"), &name, owner);
      if (name.empty())
        throw DecodeError{"an initializer (" + std::string(dtype_name(t.dtype)) + " " +
                          shape_string(t.shape) + ") has no name, so no node can read it; the "
                          "file is corrupt or was written incompletely — re-export the model"};
      if (!g.initializers.emplace(name, std::move(t)).second)
        throw DecodeError{"the initializer '" + name + "' is listed twice; each initializer "
                          "must have one name, else which one a node reads is arbitrary — "
                          "re-export the model"};
      break;
    }
    case field::kGraphInput:
      declared_inputs.push_back(read_value_info(get_message(r, "GraphProto.input")));
      break;
    case field::kGraphOutput:
      g.outputs.push_back(read_value_info(get_message(r, "GraphProto.output")));
      break;
    default: r.skip();
  }
}

void finish_graph(Graph& g, std::vector<ValueInfo>& declared_inputs, int depth) {
  const std::string graph = depth == 0 ? "the graph" : "a subgraph";
  const std::string fix = "; the file is corrupt or was written incompletely — re-export the model";
  for (size_t i = 0; i < declared_inputs.size(); ++i)
    if (declared_inputs[i].name.empty())
      throw DecodeError{"input " + std::to_string(i) + " of " + graph + " has no name" + fix};
  for (size_t i = 0; i < g.outputs.size(); ++i)
    if (g.outputs[i].name.empty())
      throw DecodeError{"output " + std::to_string(i) + " of " + graph + " has no name" + fix};
  // Before IR version 4 initializers were also listed as inputs; they are weights, not feeds.
  for (ValueInfo& v : declared_inputs)
    if (!g.initializer(v.name)) g.inputs.push_back(std::move(v));
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    Node& n = g.nodes[i];
    if (n.op_type.empty())
      throw DecodeError{"node " + std::to_string(i) + " of " + graph +
                        (n.name.empty() ? "" : " ('" + n.name + "')") + " has no op_type" + fix};
    if (n.name.empty()) n.name = n.op_type + "_" + std::to_string(i);
  }
}

void read_graph(protozero::pbf_reader r, Graph& g, int depth) {
  std::vector<ValueInfo> declared_inputs;
  while (r.next()) read_graph_field(r, g, declared_inputs, depth);
  finish_graph(g, declared_inputs, depth);
}

// One field of a ModelProto but its graph, r positioned on it.
void read_model_field(protozero::pbf_reader& model, Graph& g) {
  switch (model.tag()) {
    case field::kModelIrVersion: get_int64(model, "ModelProto.ir_version"); break;
    case field::kModelProducerName:
      g.producer = get_string(model, "ModelProto.producer_name");
      break;
    case field::kModelOpset: {
      protozero::pbf_reader opset = get_message(model, "ModelProto.opset_import");
      std::string domain;
      int64_t version = 0;
      while (opset.next()) {
        if (opset.tag() == field::kOpsetDomain) domain = get_string(opset, "OperatorSetIdProto.domain");
        else if (opset.tag() == field::kOpsetVersion) version = get_int64(opset, "OperatorSetIdProto.version");
        else opset.skip();
      }
      if ((domain.empty() || domain == "ai.onnx") && g.opset != 0 && version != g.opset)
        throw DecodeError{"the model imports the default ONNX domain twice, as opset " +
                          std::to_string(g.opset) + " and as opset " + std::to_string(version) +
                          "; which one its operators follow is ambiguous — keep one "
                          "opset_import entry for it"};
      if (domain.empty() || domain == "ai.onnx") g.opset = version;
      break;
    }
    default: model.skip();
  }
}

struct SourceError {
  std::string what;
};

// The file ends inside a field: a download or copy cut short.
struct Truncated {
  std::string what;
};

// Bytes that are no protobuf at all: a field number or wire type protobuf does not have.
struct NotProtobuf {
  std::string what;
};

// "ModelProto.graph", "GraphProto.node"; "field 99 of GraphProto" for fields wasmnn skips.
std::string field_name(const char* message, uint32_t tag) {
  static const char* const kModel[] = {nullptr, "ir_version", "producer_name", "producer_version",
                                       "domain", "model_version", "doc_string", "graph",
                                       "opset_import"};
  static const char* const kGraph[] = {nullptr,        "node",       "name",   nullptr,
                                       nullptr,        "initializer", nullptr, nullptr,
                                       nullptr,        nullptr,      "doc_string", "input",
                                       "output",       "value_info", "quantization_annotation",
                                       "sparse_initializer"};
  const bool model = std::strcmp(message, "ModelProto") == 0;
  const char* const* names = model ? kModel : kGraph;
  const uint32_t count = model ? sizeof kModel / sizeof *kModel : sizeof kGraph / sizeof *kGraph;
  if (tag < count && names[tag]) return std::string(message) + "." + names[tag];
  return "field " + std::to_string(tag) + " of " + message;
}

// What protozero found wrong inside a field, in words.
std::string protobuf_problem(const protozero::exception& e) {
  if (dynamic_cast<const protozero::end_of_buffer_exception*>(&e))
    return "a length or value inside it runs past its end";
  if (dynamic_cast<const protozero::unknown_pbf_wire_type_exception*>(&e))
    return "it holds a field of wire type 3, 4, 6 or 7, which ONNX files do not use";
  if (dynamic_cast<const protozero::invalid_tag_exception*>(&e))
    return "it holds a field numbered 0 or 19000-19999, which protobuf does not allow";
  if (dynamic_cast<const protozero::varint_too_long_exception*>(&e))
    return "it holds a varint longer than 10 bytes";
  if (dynamic_cast<const protozero::invalid_length_exception*>(&e))
    return "it holds a packed field whose length is not a whole number of values";
  return e.what();
}

// The fields of one message of a ByteSource, [begin, end), read one field at a time: next()
// decodes a tag with protozero's checks; field() reads the field's bytes and gives a pbf_reader
// over them positioned on the field, so the field is decoded by the same code as when the whole
// file is in memory. A field claiming more bytes than the file has is a truncated file; more
// than its message has, a corrupt one. Small reads go through a 64 KiB window.
class SourceMessage {
 public:
  SourceMessage(ByteSource& src, uint64_t begin, uint64_t end, const char* type)
      : src_(src), pos_(begin), end_(end), type_(type) {}

  bool next() {
    if (pos_ == end_) return false;
    start_ = pos_;
    tag_ = 0;
    const uint64_t value = varint();
    tag_ = static_cast<uint32_t>(value >> 3U);
    if (tag_ == 0 || (tag_ >= 19000 && tag_ <= 19999) || value >> 32U)
      throw NotProtobuf{"byte " + std::to_string(start_) + " (in the " + type_ +
                        ") starts a field numbered " + std::to_string(value >> 3U) +
                        ", which protobuf does not allow"};
    wire_ = static_cast<protozero::pbf_wire_type>(value & 0x07U);
    switch (wire_) {
      case protozero::pbf_wire_type::varint:
      case protozero::pbf_wire_type::fixed64:
      case protozero::pbf_wire_type::length_delimited:
      case protozero::pbf_wire_type::fixed32: break;
      default:
        throw NotProtobuf{"byte " + std::to_string(start_) + " (in the " + type_ +
                          ") starts field " + std::to_string(tag_) + " of wire type " +
                          std::to_string(value & 0x07U) + ", which ONNX files do not use"};
    }
    after_tag_ = pos_;
    pos_ = start_;  // field() or message() moves past the field
    return true;
  }
  uint32_t tag() const { return tag_; }
  protozero::pbf_wire_type wire_type() const { return wire_; }
  // "GraphProto.node at byte 40 (35 bytes)": the field last read, for messages.
  std::string where() const {
    return field_name(type_, tag_) + " at byte " + std::to_string(start_) + " (" +
           std::to_string(pos_ - start_) + " bytes)";
  }

  // The field's bytes in `bytes` (tag included); the returned reader is positioned on it.
  protozero::pbf_reader field(std::vector<uint8_t>& bytes) {
    pos_ = after_tag_;
    uint64_t end = 0;
    switch (wire_) {
      case protozero::pbf_wire_type::varint: varint(); end = pos_; break;
      case protozero::pbf_wire_type::fixed64: end = after_tag_ + 8; break;
      case protozero::pbf_wire_type::fixed32: end = after_tag_ + 4; break;
      default: {
        const uint64_t len = varint();
        if (len > end_ - pos_) cut_short(len > UINT64_MAX - pos_ ? UINT64_MAX : pos_ + len);
        end = pos_ + len;
      }
    }
    if (end > end_) cut_short(end);
    bytes.resize(static_cast<size_t>(end - start_));
    get(start_, bytes.size(), bytes.data());
    pos_ = end;
    tls_file_begin = reinterpret_cast<const char*>(bytes.data());
    tls_file_offset = start_;
    protozero::pbf_reader r(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    r.next();
    return r;
  }

  // A length-delimited field's payload, as a message of its own (the checks of get_message).
  SourceMessage message(const char* field_name, const char* type) {
    if (wire_ != protozero::pbf_wire_type::length_delimited)
      throw DecodeError{std::string("field ") + field_name + " is encoded as " +
                        wire_type_name(wire_) + ", but onnx.proto declares it " +
                        wire_type_name(protozero::pbf_wire_type::length_delimited) +
                        " (near byte " + std::to_string(after_tag_) +
                        "): the file is corrupt or not an .onnx file"};
    pos_ = after_tag_;
    const uint64_t len = varint();
    if (end_ - pos_ < len) cut_short(len > UINT64_MAX - pos_ ? UINT64_MAX : pos_ + len);
    SourceMessage inner(src_, pos_, pos_ + len, type);
    pos_ += len;
    return inner;
  }

 private:
  // The field starting at start_ needs bytes up to `needed` (0: unknown), past this message.
  [[noreturn]] void cut_short(uint64_t needed) {
    const std::string field = tag_ ? field_name(type_, tag_) : "a field's tag";
    const uint64_t size = src_.size();
    if (end_ == size)
      throw Truncated{"it ends after " + std::to_string(size) +
                      (size == 1 ? " byte" : " bytes") + ", inside " + field +
                      " (which starts at byte " + std::to_string(start_) +
                      (needed > size ? " and needs " + std::to_string(needed - size) + " more"
                                     : "") +
                      ")"};
    throw DecodeError{field + " at byte " + std::to_string(start_) + " runs past the end of the " +
                      type_ + " holding it (byte " + std::to_string(end_) +
                      "): the file is corrupt"};
  }

  uint64_t varint() {
    uint8_t bytes[protozero::max_varint_length];
    const size_t n = static_cast<size_t>(std::min<uint64_t>(sizeof bytes, end_ - pos_));
    get(pos_, n, bytes);
    const char* p = reinterpret_cast<const char*>(bytes);
    try {
      const uint64_t value = protozero::decode_varint(&p, p + n);
      pos_ += static_cast<uint64_t>(p - reinterpret_cast<const char*>(bytes));
      return value;
    } catch (const protozero::end_of_buffer_exception&) {
      cut_short(0);
    } catch (const protozero::varint_too_long_exception&) {
      throw NotProtobuf{"the varint at byte " + std::to_string(pos_) + " (in the " + type_ +
                        ") is longer than 10 bytes"};
    }
  }

  void get(uint64_t offset, size_t n, uint8_t* dest) {
    constexpr size_t kWindow = 64 * 1024;
    if (n >= kWindow / 2) return read(offset, n, dest);
    if (offset < window_at_ || offset + n > window_at_ + window_.size()) {
      window_at_ = offset;
      window_.resize(static_cast<size_t>(std::min<uint64_t>(kWindow, src_.size() - offset)));
      read(offset, window_.size(), window_.data());
    }
    std::memcpy(dest, window_.data() + (offset - window_at_), n);
  }

  void read(uint64_t offset, size_t n, uint8_t* dest) {
    const Status s = src_.read(offset, n, dest);
    if (!s.ok()) throw SourceError{s.message()};
  }

  ByteSource& src_;
  uint64_t pos_, end_, start_ = 0, after_tag_ = 0;
  const char* type_;  // "ModelProto", "GraphProto"
  uint32_t tag_ = 0;
  protozero::pbf_wire_type wire_ = protozero::pbf_wire_type::unknown;
  std::vector<uint8_t> window_;
  uint64_t window_at_ = 0;
};

// The main graph, streamed: each node, initializer and value info is read from the source and
// decoded alone; an initializer's buffer becomes its tensor's bytes.
void read_graph(SourceMessage r, Graph& g) {
  std::vector<ValueInfo> declared_inputs;
  std::vector<uint8_t> bytes;
  while (r.next()) {
    protozero::pbf_reader f = r.field(bytes);
    try {
      read_graph_field(f, g, declared_inputs, 0, &bytes);
    } catch (const protozero::exception& e) {
      throw DecodeError{r.where() + " is corrupt: " + protobuf_problem(e)};
    }
    if (bytes.capacity() > (1u << 20)) std::vector<uint8_t>().swap(bytes);  // not kept as scratch
  }
  finish_graph(g, declared_inputs, 0);
}

// The opset is declared once, for the model: subgraphs follow it too.
void set_opset(Graph& g, int64_t opset) {
  g.opset = opset;
  for (Node& n : g.nodes)
    for (auto& [key, a] : n.attributes)
      if (a.kind == Attribute::Kind::kGraph) set_opset(*a.g, opset);
}

}  // namespace

Expected<Tensor> read_onnx_tensor(const uint8_t* data, size_t size, std::string* name) {
  std::string tensor_name;
  tls_file_begin = reinterpret_cast<const char*>(data);
  tls_file_offset = 0;
  try {
    Tensor t = read_tensor(protozero::pbf_reader(reinterpret_cast<const char*>(data), size),
                           &tensor_name);
    if (name) *name = tensor_name;
    return t;
  } catch (const DecodeError& e) {
    return Status::error("invalid ONNX tensor: " + e.what);
  } catch (const protozero::exception& e) {
    return Status::error("the tensor bytes are not a valid ONNX TensorProto (protozero: " +
                         std::string(e.what()) + ", in " + std::to_string(size) +
                         " bytes): the file is corrupt or truncated");
  }
}

Expected<std::vector<std::string>> read_onnx_op_types(const uint8_t* data, size_t size) {
  std::vector<std::string> ops;
  tls_file_begin = reinterpret_cast<const char*>(data);
  tls_file_offset = 0;
  try {
    protozero::pbf_reader model(reinterpret_cast<const char*>(data), size);
    while (model.next(field::kModelGraph)) {
      protozero::pbf_reader graph = get_message(model, "ModelProto.graph");
      while (graph.next(field::kGraphNode)) {
        protozero::pbf_reader node = get_message(graph, "GraphProto.node");
        std::string op_type, domain;
        while (node.next()) {
          if (node.tag() == field::kNodeOpType) op_type = get_string(node, "NodeProto.op_type");
          else if (node.tag() == field::kNodeDomain) domain = get_string(node, "NodeProto.domain");
          else node.skip();
        }
        ops.push_back(domain.empty() || domain == "ai.onnx" ? op_type : domain + "::" + op_type);
      }
    }
  } catch (const DecodeError& e) {
    return Status::error("invalid ONNX model: " + e.what);
  } catch (const protozero::exception& e) {
    return Status::error("the model bytes are not a valid ONNX protobuf (protozero: " +
                         std::string(e.what()) + ")");
  }
  return ops;
}

Expected<Graph> read_onnx_model(const uint8_t* data, size_t size) {
  MemoryByteSource source(data, size);
  return read_onnx_model(source);
}

Expected<Graph> read_onnx_model(ByteSource& source) {
  const uint64_t size = source.size();
  if (size == 0) return Status::error("the model is empty (0 bytes): expected an .onnx file");
  Graph g;
  bool has_graph = false;
  tls_file_begin = nullptr;
  tls_nodes = 0;
  try {
    SourceMessage model(source, 0, size, "ModelProto");
    std::vector<uint8_t> bytes;
    while (model.next()) {
      if (model.tag() == field::kModelGraph) {
        read_graph(model.message("ModelProto.graph", "GraphProto"), g);
        has_graph = true;
      } else {
        protozero::pbf_reader f = model.field(bytes);
        try {
          read_model_field(f, g);
        } catch (const protozero::exception& e) {
          throw DecodeError{model.where() + " is corrupt: " + protobuf_problem(e)};
        }
      }
    }
  } catch (const DecodeError& e) {
    return Status::error("invalid ONNX model: " + e.what);
  } catch (const Truncated& e) {
    return Status::error("the file is truncated: " + e.what +
                         "; it was cut short (an interrupted download or copy?) — fetch or copy "
                         "the model again");
  } catch (const NotProtobuf& e) {
    return Status::error("the model bytes are not a valid ONNX protobuf: " + e.what +
                         ": the file is corrupt or not an .onnx file");
  } catch (const SourceError& e) {
    return Status::error("could not read the model's bytes: " + e.what);
  } catch (const protozero::exception& e) {
    return Status::error("the model bytes are not a valid ONNX protobuf (protozero: " +
                         std::string(e.what()) + ", in " + std::to_string(size) +
                         " bytes): the file is corrupt or truncated, or not an .onnx file");
  }
  if (!has_graph)
    return Status::error("the model has no graph: " + std::to_string(size) +
                         " bytes decoded without a ModelProto.graph field; is this an .onnx "
                         "file, and is it whole?");
  if (g.opset == 0)
    return Status::error("the model declares no opset for the default ONNX domain (no "
                         "opset_import entry with domain '' or 'ai.onnx' and a version of 1 or "
                         "more); re-export the model with one, e.g. torch.onnx.export(..., "
                         "opset_version=17)");
  set_opset(g, g.opset);
  return g;
}

}  // namespace wnn
