#include "wnn/graph/passes/fuse_matmul_bias.h"

#include "wnn/graph/passes/fold_into_add.h"

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
  fold_producer_into_add(
      g,
      [](const Graph& graph, const Node& matmul, const std::string& bias) {
        const int64_t n = constant_columns(graph, matmul);
        return n >= 0 && is_bias(graph, bias, n);
      },
      [](Node& fused, const std::string& bias) { fused.inputs.push_back(bias); });
}

}  // namespace wnn
