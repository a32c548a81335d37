#include "wnn/graph/passes/fuse_residual_add.h"

#include "wnn/graph/passes/fold_into_add.h"

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
  fold_producer_into_add(
      g,
      [](const Graph& graph, const Node& conv, const std::string&) {
        return takes_residual(graph, conv);
      },
      [](Node& fused, const std::string& residual) {
        fused.inputs.resize(3);  // an omitted bias stays ""
        fused.inputs.push_back(residual);
      });
}

}  // namespace wnn
