#include "wnn/graph/passes/fold_into_add.h"

#include "wnn/graph/passes/value_uses.h"

namespace wnn {

void fold_producer_into_add(Graph& g, const AcceptsOperand& accepts, const AttachOperand& attach) {
  ValueUses uses = value_uses(g);
  std::vector<bool> removed(g.nodes.size(), false);
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    Node& add = g.nodes[i];
    if (add.op_type != "Add" || !add.domain.empty() || add.inputs.size() != 2 ||
        add.outputs.size() != 1 || add.inputs[0] == add.inputs[1])
      continue;
    for (size_t side = 0; side < 2; ++side) {
      const std::string& produced = add.inputs[side];
      const std::string& other = add.inputs[1 - side];
      auto p = uses.producer.find(produced);
      if (p == uses.producer.end() || removed[p->second] || uses.readers[produced] != 1) continue;
      Node& producer = g.nodes[p->second];
      if (!accepts(g, producer, other)) continue;
      Node fused = std::move(producer);
      attach(fused, other);
      fused.outputs[0] = add.outputs[0];
      removed[p->second] = true;
      uses.producer[fused.outputs[0]] = i;
      add = std::move(fused);
      break;
    }
  }
  remove_nodes(g, removed);
}

}  // namespace wnn
