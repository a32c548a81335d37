#include "wnn/graph/passes/fuse_matmul_bias.h"

#include "wnn/graph/passes/value_uses.h"

namespace wnn {
namespace {

// The N of a MatMul whose B is a constant float32 [K, N], or -1.
int64_t constant_columns(const Graph& g, const Node& n) {
  if (n.op_type != "MatMul" || !n.domain.empty() || n.inputs.size() != 2 || n.outputs.size() != 1 ||
      !n.activation.is_none())
    return -1;
  const Tensor* b = g.initializer(n.inputs[1]);
  if (!b || b->dtype != DType::kFloat32 || b->shape.size() != 2) return -1;
  return b->shape[1];
}

bool is_bias(const Graph& g, const std::string& name, int64_t n) {
  const Tensor* t = g.initializer(name);
  return t && t->dtype == DType::kFloat32 && t->shape.size() == 1 && t->shape[0] == n;
}

}  // namespace

void fuse_matmul_bias(Graph& g) {
  ValueUses uses = value_uses(g);
  std::vector<bool> removed(g.nodes.size(), false);
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    Node& add = g.nodes[i];
    if (add.op_type != "Add" || !add.domain.empty() || add.inputs.size() != 2 ||
        add.outputs.size() != 1 || add.inputs[0] == add.inputs[1])
      continue;
    for (size_t side = 0; side < 2; ++side) {
      const std::string& product = add.inputs[side];
      auto p = uses.producer.find(product);
      if (p == uses.producer.end() || removed[p->second] || uses.readers[product] != 1) continue;
      const Node& matmul = g.nodes[p->second];
      const int64_t n = constant_columns(g, matmul);
      if (n < 0 || !is_bias(g, add.inputs[1 - side], n)) continue;
      Node fused = matmul;
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
