// Planning an If. A condition known at plan time (from shapes or constants) inlines the taken
// branch: its nodes are planned like the enclosing graph's, and the untaken one costs nothing.
// A run-time condition plans both, one after the other:
//   [branch on cond -> else] [then steps] [copies into the If's outputs] [jump -> end]
//   [else steps] [copies into the If's outputs]
// The arena planner sees a straight line, so values of the two branches may share memory (only
// one runs) and the If's outputs live from the then-copy to their last reader.
#include "wnn/ops/control/if.h"
#include "wnn/plan/plan_builder.h"

namespace wnn {
namespace {

std::string desc_string(const TensorDesc& d) {
  return std::string(dtype_name(d.dtype)) + " " + shape_string(d.shape);
}

}  // namespace

Status PlanBuilder::plan_branch(const Node& node, const IfOp& op, bool which, const Scope& scope,
                                std::vector<int>& outputs) {
  const Body& body = op.branch(which);
  Scope inner;
  inner.parent = &scope;
  inner.prefix = scope.prefix + node.name + (which ? "/then/" : "/else/");
  for (const auto& [name, t] : body.graph->initializers)
    known[define(inner, name)] = TensorDesc{t.dtype, t.shape, t.bytes.data()};
  WNN_RETURN_IF_ERROR(plan_nodes(body.graph->nodes, body.ops, inner));
  outputs.clear();
  for (const ValueInfo& out : body.graph->outputs) {
    const int id = resolve(inner, out.name);
    if (id < 0)
      return op.label().error(std::string(which ? "then_branch" : "else_branch") + " output '" +
                              out.name +
                              "' is produced by no node of the branch and is no "
                              "value of the enclosing graph");
    outputs.push_back(id);
  }
  return ok_status();
}

Status PlanBuilder::plan_if(const Node& node, const IfOp& op, Scope& scope) {
  const int cond = resolve(scope, node.inputs[0]);
  if (cond < 0)
    return op.label().error("reads '" + node.inputs[0] + "', which no earlier node produces");
  const TensorDesc c = known.at(cond);
  if (c.dtype != DType::kBool || c.elements() != 1)
    return op.label().error("the condition must be one bool, got " + desc_string(c));

  std::vector<int> results;
  if (c.data) {  // known while planning: only the taken branch exists in the plan
    const bool taken = *static_cast<const uint8_t*>(c.data) != 0;
    WNN_RETURN_IF_ERROR(plan_branch(node, op, taken, scope, results));
    for (size_t o = 0; o < node.outputs.size(); ++o)
      bind_output(node, scope, node.outputs[o], results[o]);
    return ok_status();
  }

  Step branch;
  branch.flow = Step::Flow::kBranch;
  branch.op = const_cast<IfOp*>(&op);  // its run() does nothing; Session::run reads the input
  branch.node = &node;
  branch.inputs = {cond};
  branch.input_descs = {c};
  const size_t branch_at = plan_.steps.size();
  emit(std::move(branch), StepNeeds{});

  std::vector<int> ids(node.outputs.size(), kOmittedValue);
  for (size_t o = 0; o < node.outputs.size(); ++o)
    if (!node.outputs[o].empty()) ids[o] = define(scope, node.outputs[o]);
  std::vector<TensorDesc> then_descs(node.outputs.size());
  WNN_RETURN_IF_ERROR(plan_branch(node, op, true, scope, results));
  for (size_t o = 0; o < ids.size(); ++o)
    if (ids[o] >= 0) {
      emit_copy(node, results[o], ids[o]);
      then_descs[o] = known.at(ids[o]);
    }
  Step jump;
  jump.flow = Step::Flow::kJump;
  jump.op = const_cast<IfOp*>(&op);
  jump.node = &node;
  const size_t jump_at = plan_.steps.size();
  emit(std::move(jump), StepNeeds{});
  plan_.steps[branch_at].target = plan_.steps.size();

  WNN_RETURN_IF_ERROR(plan_branch(node, op, false, scope, results));
  for (size_t o = 0; o < ids.size(); ++o) {
    if (ids[o] < 0) continue;
    const TensorDesc e = known.at(results[o]);
    if (e.dtype != then_descs[o].dtype || e.shape != then_descs[o].shape)
      return op.label().error(
          "output " + std::to_string(o) + " ('" + node.outputs[o] + "') is " +
          desc_string(then_descs[o]) + " from then_branch but " + desc_string(e) +
          " from else_branch; with a condition known only at run time wasmnn plans memory for "
          "both branches ahead and needs them to agree (a condition computed from shapes or "
          "constants is resolved while planning instead)");
    emit_copy(node, results[o], ids[o]);
  }
  plan_.steps[jump_at].target = plan_.steps.size();
  return ok_status();
}

}  // namespace wnn
