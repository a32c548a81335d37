#include "wnn/graph/passes/fold_batch_norm.h"

#include <cmath>
#include <cstring>
#include <map>
#include <set>

#include "wnn/graph/passes/value_uses.h"

namespace wnn {
namespace {

bool default_domain(const Node& n) { return n.domain.empty() || n.domain == "ai.onnx"; }

// The float32 [channels] initializer called `name`, or nullptr.
const Tensor* channel_param(const Graph& g, const std::string& name, int64_t channels) {
  const Tensor* t = name.empty() ? nullptr : g.initializer(name);
  if (!t || t->dtype != DType::kFloat32 || t->shape.size() != 1 || t->shape[0] != channels ||
      t->bytes.size() != static_cast<size_t>(channels) * 4)
    return nullptr;
  return t;
}

std::string unused_name(const Graph& g, const std::string& base) {
  std::string name = base;
  for (int i = 2; g.initializer(name); ++i) name = base + "_" + std::to_string(i);
  return name;
}

// Folds `bn` into `conv` when every condition holds; false leaves both untouched.
bool fold(Graph& g, Node& conv, const Node& bn) {
  if (conv.inputs.size() < 2 || conv.outputs.size() != 1) return false;
  if (!conv.activation.is_none()) return false;
  if (bn.inputs.size() != 5 || bn.attr_int("training_mode", 0) != 0 ||
      bn.attr_int("spatial", 1) != 1)
    return false;
  for (size_t o = 1; o < bn.outputs.size(); ++o)
    if (!bn.outputs[o].empty()) return false;
  const Tensor* w = g.initializer(conv.inputs[1]);
  if (!w || w->dtype != DType::kFloat32 || w->shape.size() < 3 || w->shape[0] < 1) return false;
  const int64_t channels = w->shape[0];
  const bool has_bias = conv.inputs.size() > 2 && !conv.inputs[2].empty();
  const Tensor* b = has_bias ? channel_param(g, conv.inputs[2], channels) : nullptr;
  if (has_bias && !b) return false;
  const Tensor* gamma = channel_param(g, bn.inputs[1], channels);
  const Tensor* beta = channel_param(g, bn.inputs[2], channels);
  const Tensor* mean = channel_param(g, bn.inputs[3], channels);
  const Tensor* var = channel_param(g, bn.inputs[4], channels);
  if (!gamma || !beta || !mean || !var) return false;

  const double epsilon = bn.attr_float("epsilon", 1e-5f);
  Tensor w2 = *w;
  Tensor b2;
  b2.dtype = DType::kFloat32;
  b2.shape = {channels};
  b2.bytes.resize(static_cast<size_t>(channels) * 4);
  const size_t per_channel = static_cast<size_t>(w->elements() / channels);
  float* wp = reinterpret_cast<float*>(w2.bytes.data());
  float* bp = reinterpret_cast<float*>(b2.bytes.data());
  for (int64_t c = 0; c < channels; ++c) {
    const double a = static_cast<double>(gamma->f32()[c]) /
                     std::sqrt(static_cast<double>(var->f32()[c]) + epsilon);
    for (size_t k = 0; k < per_channel; ++k) {
      float& v = wp[c * per_channel + k];
      v = static_cast<float>(static_cast<double>(v) * a);
    }
    const double bias = b ? static_cast<double>(b->f32()[c]) : 0.0;
    bp[c] = static_cast<float>((bias - mean->f32()[c]) * a + beta->f32()[c]);
  }
  const std::string suffix = "/folded:" + bn.outputs[0];
  const std::string w_name = unused_name(g, conv.inputs[1] + suffix);
  const std::string b_name = unused_name(g, conv.inputs[1] + suffix + "/bias");
  g.initializers[w_name] = std::move(w2);
  g.initializers[b_name] = std::move(b2);
  conv.inputs[1] = w_name;
  if (conv.inputs.size() < 3) conv.inputs.resize(3);
  conv.inputs[2] = b_name;
  conv.outputs[0] = bn.outputs[0];
  return true;
}

}  // namespace

size_t fold_batch_norm(Graph& g) {
  ValueUses uses = value_uses(g);
  std::map<std::string, int>& consumers = uses.readers;
  std::map<std::string, size_t>& producer = uses.producer;

  std::set<std::string> maybe_unused;
  std::vector<bool> removed(g.nodes.size(), false);
  size_t folded = 0;
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& bn = g.nodes[i];
    if (bn.op_type != "BatchNormalization" || !default_domain(bn) || bn.inputs.empty()) continue;
    auto p = producer.find(bn.inputs[0]);
    if (p == producer.end() || consumers[bn.inputs[0]] != 1) continue;
    Node& conv = g.nodes[p->second];
    if (conv.op_type != "Conv" || !default_domain(conv)) continue;
    const std::vector<std::string> old_inputs = conv.inputs;
    if (!fold(g, conv, bn)) continue;
    for (size_t k = 1; k < old_inputs.size(); ++k) maybe_unused.insert(old_inputs[k]);
    for (size_t k = 1; k < bn.inputs.size(); ++k) maybe_unused.insert(bn.inputs[k]);
    producer[bn.outputs[0]] = p->second;
    removed[i] = true;
    ++folded;
  }
  if (!folded) return 0;
  remove_nodes(g, removed);

  std::set<std::string> used;
  for (const Node& n : g.nodes) used.insert(n.inputs.begin(), n.inputs.end());
  for (const ValueInfo& out : g.outputs) used.insert(out.name);
  for (const std::string& name : maybe_unused)
    if (!used.count(name)) g.initializers.erase(name);
  return folded;
}

}  // namespace wnn
