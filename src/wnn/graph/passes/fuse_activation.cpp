#include "wnn/graph/passes/fuse_activation.h"

#include <limits>
#include <map>
#include <optional>

#include "wnn/graph/passes/value_uses.h"

namespace wnn {
namespace {

// A float32 scalar initializer's value, or `fallback` for an omitted input.
std::optional<float> scalar_bound(const Graph& g, const Node& n, size_t i, float fallback) {
  if (i >= n.inputs.size() || n.inputs[i].empty()) return fallback;
  const Tensor* t = g.initializer(n.inputs[i]);
  if (!t || t->dtype != DType::kFloat32 || t->elements() != 1) return std::nullopt;
  return t->f32()[0];
}

// The activation a Relu or Clip node computes, when it is one an epilogue can apply.
std::optional<Activation> activation_of(const Graph& g, const Node& n) {
  if (!n.domain.empty() || n.inputs.empty() || n.outputs.size() != 1) return std::nullopt;
  if (n.op_type == "Relu" && n.inputs.size() == 1) return Activation::relu();
  if (n.op_type != "Clip") return std::nullopt;
  const float lowest = std::numeric_limits<float>::lowest();
  const float highest = std::numeric_limits<float>::max();
  if (g.opset < 11)
    return Activation::clip(n.attr_float("min", lowest), n.attr_float("max", highest));
  const std::optional<float> lo = scalar_bound(g, n, 1, lowest);
  const std::optional<float> hi = scalar_bound(g, n, 2, highest);
  if (!lo || !hi) return std::nullopt;  // bounds computed at run time: Clip stays a step
  return Activation::clip(*lo, *hi);
}

}  // namespace

void fuse_activation(Graph& g) {
  ValueUses uses = value_uses(g);
  std::map<std::string, int>& consumers = uses.readers;
  std::map<std::string, size_t>& producer = uses.producer;

  std::vector<bool> removed(g.nodes.size(), false);
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& act = g.nodes[i];
    const std::optional<Activation> a = activation_of(g, act);
    if (!a) continue;
    auto p = producer.find(act.inputs[0]);
    if (p == producer.end() || consumers[act.inputs[0]] != 1) continue;
    Node& head = g.nodes[p->second];
    if ((head.op_type != "Conv" && head.op_type != "Gemm" && head.op_type != "MatMul") ||
        !head.activation.is_none())
      continue;
    head.activation = *a;
    head.outputs[0] = act.outputs[0];
    producer[act.outputs[0]] = p->second;
    removed[i] = true;
  }
  remove_nodes(g, removed);
}

}  // namespace wnn
