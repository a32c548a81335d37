#include "wnn/graph/passes/float16_in_float32.h"

#include <cstring>
#include <set>

#include "wnn/core/float16.h"

namespace wnn {
namespace {

constexpr int64_t kOnnxFloat = 1, kOnnxFloat16 = 10;

bool is_half(DType t) { return t == DType::kFloat16 || t == DType::kBFloat16; }

// A float16 or bfloat16 tensor as the float32 tensor of the same values; others unchanged.
bool widen_to_float32(Tensor& t) {
  if (!is_half(t.dtype)) return false;
  const size_t n = t.bytes.size() / 2;
  std::vector<uint8_t> wide(n * 4);
  for (size_t i = 0; i < n; ++i) {
    uint16_t bits;
    std::memcpy(&bits, &t.bytes[i * 2], 2);
    const float f =
        t.dtype == DType::kFloat16 ? float16_to_float32(bits) : bfloat16_to_float32(bits);
    std::memcpy(&wide[i * 4], &f, 4);
  }
  t.dtype = DType::kFloat32;
  t.bytes = std::move(wide);
  return true;
}

Node cast_node(const std::string& name, const std::string& from, const std::string& to,
               int64_t onnx_type) {
  Node n;
  n.name = name;
  n.op_type = "Cast";
  n.inputs = {from};
  n.outputs = {to};
  Attribute a;
  a.kind = Attribute::Kind::kInt;
  a.i = onnx_type;
  n.attributes["to"] = a;
  return n;
}

class Names {
 public:
  explicit Names(const Graph& g) {
    for (const ValueInfo& v : g.inputs) used_.insert(v.name);
    for (const ValueInfo& v : g.outputs) used_.insert(v.name);
    for (const auto& [name, t] : g.initializers) used_.insert(name);
    for (const Node& n : g.nodes) {
      used_.insert(n.name);
      used_.insert(n.inputs.begin(), n.inputs.end());
      used_.insert(n.outputs.begin(), n.outputs.end());
    }
  }
  std::string fresh(const std::string& base) {
    std::string name = base;
    for (int i = 2; used_.count(name); ++i) name = base + "_" + std::to_string(i);
    used_.insert(name);
    return name;
  }

 private:
  std::set<std::string> used_;
};

void rename_reads(Graph& g, const std::string& from, const std::string& to) {
  for (Node& n : g.nodes)
    for (std::string& in : n.inputs)
      if (in == from) in = to;
}

}  // namespace

void compute_float16_in_float32(Graph& g) {
  // Values the pass knows hold float16 (or bfloat16) in the file.
  std::set<std::string> half;
  for (auto& [name, t] : g.initializers)
    if (widen_to_float32(t)) half.insert(name);
  for (const ValueInfo& v : g.inputs)
    if (is_half(v.dtype)) half.insert(v.name);
  for (Node& n : g.nodes) {
    if (n.op_type == "Constant" || n.op_type == "ConstantOfShape") {
      auto it = n.attributes.find("value");
      if (it != n.attributes.end() && it->second.kind == Attribute::Kind::kTensor &&
          widen_to_float32(it->second.t))
        half.insert(n.outputs.begin(), n.outputs.end());
      continue;
    }
    if (n.op_type == "CastLike" && n.inputs.size() == 2 && half.count(n.inputs[1])) {
      n.op_type = "Cast";
      n.inputs.resize(1);
      Attribute to;
      to.kind = Attribute::Kind::kInt;
      to.i = kOnnxFloat16;
      n.attributes["to"] = to;
    }
    if (n.op_type == "Cast" && n.attr_int("to", 0) == kOnnxFloat16) {
      n.float16_as_float32 = true;
      half.insert(n.outputs.begin(), n.outputs.end());
    }
  }
  Names names(g);
  // Graph inputs: the caller's float16 bits, widened once behind the input.
  std::vector<Node> widen_inputs;
  for (const ValueInfo& v : g.inputs) {
    if (!is_half(v.dtype)) continue;
    const std::string wide = names.fresh(v.name + "/float32");
    rename_reads(g, v.name, wide);
    widen_inputs.push_back(
        cast_node(names.fresh(v.name + "/to_float32"), v.name, wide, kOnnxFloat));
  }
  g.nodes.insert(g.nodes.begin(), widen_inputs.begin(), widen_inputs.end());
  // Graph outputs: computed in float32 under another name, then narrowed to float16 bits.
  for (const ValueInfo& v : g.outputs) {
    if (v.dtype != DType::kFloat16 && v.dtype != DType::kBFloat16) continue;
    bool is_input = false;
    for (const ValueInfo& in : g.inputs) is_input |= in.name == v.name;
    if (is_input) continue;  // the caller's own bits, returned as given
    const std::string wide = names.fresh(v.name + "/float32");
    rename_reads(g, v.name, wide);
    for (Node& n : g.nodes)
      for (std::string& out : n.outputs)
        if (out == v.name) out = wide;
    auto init = g.initializers.find(v.name);
    if (init != g.initializers.end()) {
      Tensor t = std::move(init->second);
      g.initializers.erase(init);
      g.initializers[wide] = std::move(t);
    }
    // bfloat16 outputs get a Cast to BFLOAT16, which Cast refuses, naming why.
    g.nodes.push_back(cast_node(names.fresh(v.name + "/to_" + dtype_name(v.dtype)), wide, v.name,
                                v.dtype == DType::kFloat16 ? kOnnxFloat16 : 16));
  }
}

}  // namespace wnn
