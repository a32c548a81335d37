#include "wnn/ops/control/body.h"

#include "wnn/ops/registry.h"

namespace wnn {

Expected<Body> create_body(const OpContext& ctx, const Graph& graph, const std::string& what) {
  Body body;
  body.graph = &graph;
  for (const Node& n : graph.nodes) {
    const bool default_domain = n.domain.empty() || n.domain == "ai.onnx";
    const OpRegistration* reg = default_domain ? find_op(n.op_type) : nullptr;
    if (!reg || graph.opset < reg->min_opset)
      return ctx.error("its " + what + " uses " + n.op_type + " (node '" + n.name +
                       "'), which wasmnn does not support" +
                       (reg ? " before opset " + std::to_string(reg->min_opset) : ""));
    Expected<std::unique_ptr<Op>> op = reg->create(OpContext{n, graph, ctx.kernels});
    if (!op.ok()) return op.status();
    body.ops.push_back(op.take());
  }
  return body;
}

}  // namespace wnn
