#include "wnn/graph/passes/fuse_residual_add.h"

#include "wnn/graph/passes/value_uses.h"

namespace wnn {
namespace {

// A Conv whose output can take an added residual in its epilogue.
bool takes_residual(const Graph& g, const Node& n) {
  if (n.op_type != "Conv" || !n.domain.empty() || !n.activation.is_none()) return false;
  if (n.inputs.size() < 2 || n.inputs.size() > 3 || n.outputs.size() != 1) return false;
  const Tensor* w = g.initializer(n.inputs[1]);
  if (!w || w->shape.size() < 3) return false;
  const bool depthwise = w->shape[1] == 1 && n.attr_int("group", 1) == w->shape[0];
  return !depthwise;
}

}  // namespace

void fuse_residual_add(Graph& g) {
  ValueUses uses = value_uses(g);
  std::vector<bool> removed(g.nodes.size(), false);
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    Node& add = g.nodes[i];
    if (add.op_type != "Add" || !add.domain.empty() || add.inputs.size() != 2 ||
        add.outputs.size() != 1 || add.inputs[0] == add.inputs[1])
      continue;
    for (size_t side = 0; side < 2; ++side) {
      const std::string& conv_out = add.inputs[side];
      auto p = uses.producer.find(conv_out);
      if (p == uses.producer.end() || removed[p->second] || uses.readers[conv_out] != 1) continue;
      Node& conv = g.nodes[p->second];
      if (!takes_residual(g, conv)) continue;
      Node fused = std::move(conv);
      fused.inputs.resize(3);  // an omitted bias stays ""
      fused.inputs.push_back(add.inputs[1 - side]);
      fused.outputs[0] = add.outputs[0];
      removed[p->second] = true;
      uses.producer[fused.outputs[0]] = i;
      add = std::move(fused);
      break;
    }
  }
  std::vector<Node> kept;
  for (size_t i = 0; i < g.nodes.size(); ++i)
    if (!removed[i]) kept.push_back(std::move(g.nodes[i]));
  g.nodes = std::move(kept);
}

}  // namespace wnn
