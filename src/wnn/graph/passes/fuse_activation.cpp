#include "wnn/graph/passes/fuse_activation.h"

#include <map>

#include "wnn/graph/passes/value_uses.h"
#include "wnn/ops/fused_activation.h"

namespace wnn {

void fuse_activation(Graph& g) {
  ValueUses uses = value_uses(g);
  std::map<std::string, int>& consumers = uses.readers;
  std::map<std::string, size_t>& producer = uses.producer;

  std::vector<bool> removed(g.nodes.size(), false);
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    Node& relu = g.nodes[i];
    if (relu.op_type != "Relu" || relu.inputs.size() != 1 || !relu.domain.empty()) continue;
    auto p = producer.find(relu.inputs[0]);
    if (p == producer.end() || consumers[relu.inputs[0]] != 1) continue;
    Node& head = g.nodes[p->second];
    if ((head.op_type != "Conv" && head.op_type != "Gemm") || has_fused_relu(head)) continue;
    Attribute act;
    act.kind = Attribute::Kind::kString;
    act.s = "Relu";
    head.attributes[kFusedActivationAttr] = act;
    head.outputs[0] = relu.outputs[0];
    producer[relu.outputs[0]] = p->second;
    removed[i] = true;
  }
  std::vector<Node> kept;
  for (size_t i = 0; i < g.nodes.size(); ++i)
    if (!removed[i]) kept.push_back(std::move(g.nodes[i]));
  g.nodes = std::move(kept);
}

}  // namespace wnn
