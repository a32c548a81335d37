#include "wnn/plan/fold_constants.h"

#include <cstring>

#include "wnn/ops/registry.h"
#include "wnn/ops/tensor/constant.h"
#include "wnn/plan/evaluate.h"
#include "wnn/plan/step_limits.h"

namespace wnn {
namespace {

Tensor tensor_from(const TensorDesc& d) {
  Tensor t;
  t.dtype = d.dtype;
  t.shape = d.shape;
  t.bytes.resize(d.bytes());
  if (!t.bytes.empty()) std::memcpy(t.bytes.data(), d.data, t.bytes.size());
  return t;
}

bool all_inputs_constant(const Node& n, const Graph& g) {
  bool any = false;
  for (const std::string& in : n.inputs) {
    if (in.empty()) continue;
    if (!g.initializer(in)) return false;
    any = true;
  }
  return any;
}

}  // namespace

Status fold_constants(Graph& g, const kernels::KernelConfig& kernels, uint64_t memory_limit) {
  std::vector<Node> kept;
  ConstantStore store;
  for (Node& n : g.nodes) {
    if (n.op_type == "Constant" && n.outputs.size() == 1) {
      Expected<Tensor> t = constant_node_value(n, g.opset);
      if (t.ok()) {
        g.initializers[n.outputs[0]] = t.take();
        continue;
      }
      kept.push_back(std::move(n));  // the session's create() names the refusal with the others
      continue;
    }
    const OpRegistration* reg = find_op(n.op_type);
    // A node holding subgraphs (If) may read more than its inputs: the planner resolves it.
    if (!reg || g.opset < reg->min_opset || g.opset > reg->max_opset || n.has_subgraph() ||
        !all_inputs_constant(n, g)) {
      kept.push_back(std::move(n));
      continue;
    }
    Expected<std::unique_ptr<Op>> op = reg->create(OpContext{n, g, kernels});
    if (!op.ok()) {  // kept: the session's create() names this refusal with all the others
      kept.push_back(std::move(n));
      continue;
    }
    std::vector<TensorDesc> in, out;
    for (const std::string& name : n.inputs) {
      if (name.empty()) {
        in.emplace_back();
        continue;
      }
      const Tensor* t = g.initializer(name);
      in.push_back(TensorDesc{t->dtype, t->shape, t->bytes.data()});
    }
    StepNeeds needs;
    needs.memory_limit = memory_limit;
    WNN_RETURN_IF_ERROR(op.value()->reshape(in, out, needs));
    WNN_RETURN_IF_ERROR(check_step_fits(n, out, needs));
    evaluate_now(*op.value(), in, out, needs, store);
    for (size_t o = 0; o < n.outputs.size() && o < out.size(); ++o)
      if (!n.outputs[o].empty()) g.initializers[n.outputs[o]] = tensor_from(out[o]);
    store.clear();
  }
  g.nodes = std::move(kept);
  return ok_status();
}

}  // namespace wnn
