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
  if (external)
    throw DecodeError{"tensor '" + *name + "' keeps its data in an external file; wasmnn needs "
                      "all weights inside the .onnx (save the model without external data)"};
  if (t.dtype == DType::kUndefined)
    throw DecodeError{"tensor '" + *name + "' has ONNX data type " + std::to_string(onnx_type) +
                      " (" + onnx_type_name(onnx_type) + "), which wasmnn does not support "
                      "(supported: float32, float16, bfloat16, int64, int32, uint8, int8, bool)"};
  for (int64_t d : t.shape)
    if (d < 0) throw DecodeError{"tensor '" + *name + "' has a negative dimension"};
  // The dims come from the file: their product must not wrap, and nothing is allocated before
  // the bytes are known to hold that many values.
  const size_t elem = dtype_size(t.dtype);
  const uint64_t max_bytes = std::min<uint64_t>(SIZE_MAX, INT64_MAX);
  uint64_t count64 = 1;
  if (std::find(t.shape.begin(), t.shape.end(), 0) != t.shape.end()) count64 = 0;
  for (int64_t d : t.shape) {
    if (count64 == 0) break;
    if (count64 > max_bytes / elem / static_cast<uint64_t>(d))
      throw DecodeError{"tensor '" + *name + "' has shape " + shape_string(t.shape) +
                        ", too large to be held in memory"};
    count64 *= static_cast<uint64_t>(d);
  }
  const size_t count = static_cast<size_t>(count64);
  if (has_raw) {
    if (raw.size() != count * elem)
      throw DecodeError{"tensor '" + *name + "' holds " + std::to_string(raw.size()) +
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
      throw DecodeError{"tensor '" + *name + "' holds " + std::to_string(src.size()) +
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
          throw DecodeError{"tensor '" + *name + "' holds " + std::to_string(v) + " at index " +
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
      while (type.next(field::kTypeTensor)) {
        protozero::pbf_reader tensor_type = get_message(type, "TypeProto.tensor_type");
        while (tensor_type.next()) {
          if (tensor_type.tag() == field::kTensorTypeElem) {
            v.dtype = dtype_from_onnx(get_int32(tensor_type, "TypeProto.Tensor.elem_type"));
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

Attribute read_attribute(protozero::pbf_reader r, std::string* name, int depth) {
  Attribute a;
  int32_t type = 0;
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
          throw DecodeError{"subgraphs nest deeper than " + std::to_string(kMaxGraphDepth) +
                            " levels"};
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
  while (r.next()) {
    switch (r.tag()) {
      case field::kNodeInput: n.inputs.push_back(get_string(r, "NodeProto.input")); break;
      case field::kNodeOutput: n.outputs.push_back(get_string(r, "NodeProto.output")); break;
      case field::kNodeName: n.name = get_string(r, "NodeProto.name"); break;
      case field::kNodeOpType: n.op_type = get_string(r, "NodeProto.op_type"); break;
      case field::kNodeDomain: n.domain = get_string(r, "NodeProto.domain"); break;
      case field::kNodeAttribute: {
        std::string key;
        Attribute a = read_attribute(get_message(r, "NodeProto.attribute"), &key, depth);
        n.attributes[key] = std::move(a);
        break;
      }
      default: r.skip();
    }
  }
  return n;
}

// One field of a GraphProto, r positioned on it. owner: as for read_tensor.
void read_graph_field(protozero::pbf_reader& r, Graph& g, std::vector<ValueInfo>& declared_inputs,
                      int depth, std::vector<uint8_t>* owner = nullptr) {
  switch (r.tag()) {
    case field::kGraphNode:
      g.nodes.push_back(read_node(get_message(r, "GraphProto.node"), depth));
      break;
    case field::kGraphInitializer: {
      std::string name;
      Tensor t = read_tensor(get_message(r, "GraphProto.initializer"), &name, owner);
      g.initializers[name] = std::move(t);
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

void finish_graph(Graph& g, std::vector<ValueInfo>& declared_inputs) {
  // Before IR version 4 initializers were also listed as inputs; they are weights, not feeds.
  for (ValueInfo& v : declared_inputs)
    if (!g.initializer(v.name)) g.inputs.push_back(std::move(v));
  for (size_t i = 0; i < g.nodes.size(); ++i)
    if (g.nodes[i].name.empty()) g.nodes[i].name = g.nodes[i].op_type + "_" + std::to_string(i);
}

void read_graph(protozero::pbf_reader r, Graph& g, int depth) {
  std::vector<ValueInfo> declared_inputs;
  while (r.next()) read_graph_field(r, g, declared_inputs, depth);
  finish_graph(g, declared_inputs);
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
      if (domain.empty() || domain == "ai.onnx") g.opset = version;
      break;
    }
    default: model.skip();
  }
}

struct SourceError {
  std::string what;
};

// The fields of one message of a ByteSource, [begin, end), read one field at a time: next()
// decodes a tag as protozero's pbf_reader does (same checks, same exceptions); field() reads the
// field's bytes, as far as it claims but never past the message, and gives a pbf_reader over them
// positioned on the field, so the field is decoded by the same code and fails the same way as
// when the whole file is in memory. Small reads go through a 64 KiB window.
class SourceMessage {
 public:
  SourceMessage(ByteSource& src, uint64_t begin, uint64_t end) : src_(src), pos_(begin), end_(end) {}

  bool next() {
    if (pos_ == end_) return false;
    start_ = pos_;
    const uint32_t value = static_cast<uint32_t>(varint());
    tag_ = value >> 3U;
    if (tag_ == 0 || (tag_ >= 19000 && tag_ <= 19999)) throw protozero::invalid_tag_exception{};
    wire_ = static_cast<protozero::pbf_wire_type>(value & 0x07U);
    switch (wire_) {
      case protozero::pbf_wire_type::varint:
      case protozero::pbf_wire_type::fixed64:
      case protozero::pbf_wire_type::length_delimited:
      case protozero::pbf_wire_type::fixed32: break;
      default: throw protozero::unknown_pbf_wire_type_exception{};
    }
    after_tag_ = pos_;
    pos_ = start_;  // field() or message() moves past the field
    return true;
  }
  uint32_t tag() const { return tag_; }
  protozero::pbf_wire_type wire_type() const { return wire_; }

  // The field's bytes in `bytes` (tag included); the returned reader is positioned on it.
  protozero::pbf_reader field(std::vector<uint8_t>& bytes) {
    const uint64_t rest = end_ - start_, head = after_tag_ - start_;
    uint64_t size = rest;
    pos_ = after_tag_;
    try {
      switch (wire_) {
        case protozero::pbf_wire_type::varint: varint(); size = pos_ - start_; break;
        case protozero::pbf_wire_type::fixed64: size = std::min(rest, head + 8); break;
        case protozero::pbf_wire_type::fixed32: size = std::min(rest, head + 4); break;
        default: {
          const uint64_t len = static_cast<uint32_t>(varint());
          size = std::min(rest, pos_ - start_ + len);
        }
      }
    } catch (const protozero::exception&) {
      // A varint cut short or too long: the field's own decoding meets it, as in memory.
      size = std::min<uint64_t>(rest, head + protozero::max_varint_length);
    }
    bytes.resize(static_cast<size_t>(size));
    get(start_, bytes.size(), bytes.data());
    pos_ = start_ + size;
    tls_file_begin = reinterpret_cast<const char*>(bytes.data());
    tls_file_offset = start_;
    protozero::pbf_reader r(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    r.next();
    return r;
  }

  // A length-delimited field's payload, as a message of its own (the checks of get_message).
  SourceMessage message(const char* field_name) {
    if (wire_ != protozero::pbf_wire_type::length_delimited)
      throw DecodeError{std::string("field ") + field_name + " is encoded as " +
                        wire_type_name(wire_) + ", but onnx.proto declares it " +
                        wire_type_name(protozero::pbf_wire_type::length_delimited) +
                        " (near byte " + std::to_string(after_tag_) +
                        "): the file is corrupt or not an .onnx file"};
    pos_ = after_tag_;
    const uint64_t len = static_cast<uint32_t>(varint());
    if (end_ - pos_ < len) throw protozero::end_of_buffer_exception{};
    SourceMessage inner(src_, pos_, pos_ + len);
    pos_ += len;
    return inner;
  }

 private:
  uint64_t varint() {
    uint8_t bytes[protozero::max_varint_length];
    const size_t n = static_cast<size_t>(std::min<uint64_t>(sizeof bytes, end_ - pos_));
    get(pos_, n, bytes);
    const char* p = reinterpret_cast<const char*>(bytes);
    const uint64_t value = protozero::decode_varint(&p, p + n);
    pos_ += static_cast<uint64_t>(p - reinterpret_cast<const char*>(bytes));
    return value;
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
    read_graph_field(f, g, declared_inputs, 0, &bytes);
    if (bytes.capacity() > (1u << 20)) std::vector<uint8_t>().swap(bytes);  // not kept as scratch
  }
  finish_graph(g, declared_inputs);
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
  try {
    SourceMessage model(source, 0, size);
    std::vector<uint8_t> bytes;
    while (model.next()) {
      if (model.tag() == field::kModelGraph) {
        read_graph(model.message("ModelProto.graph"), g);
        has_graph = true;
      } else {
        protozero::pbf_reader f = model.field(bytes);
        read_model_field(f, g);
      }
    }
  } catch (const DecodeError& e) {
    return Status::error("invalid ONNX model: " + e.what);
  } catch (const SourceError& e) {
    return Status::error("could not read the model's bytes: " + e.what);
  } catch (const protozero::exception& e) {
    return Status::error("the model bytes are not a valid ONNX protobuf (protozero: " +
                         std::string(e.what()) + ", in " + std::to_string(size) +
                         " bytes): the file is corrupt or truncated, or not an .onnx file");
  }
  if (!has_graph)
    return Status::error("the model has no graph: " + std::to_string(size) +
                         " bytes decoded without a ModelProto.graph field; is this an .onnx file?");
  if (g.opset == 0)
    return Status::error("the model declares no opset for the default ONNX domain");
  set_opset(g, g.opset);
  return g;
}

}  // namespace wnn
