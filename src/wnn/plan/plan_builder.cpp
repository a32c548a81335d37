#include "wnn/plan/plan_builder.h"

#include "wnn/ops/control/copy_value.h"
#include "wnn/ops/control/if.h"
#include "wnn/ops/control/loop.h"
#include "wnn/plan/arena_planner.h"
#include "wnn/plan/step_limits.h"

namespace wnn {

int PlanBuilder::resolve(const Scope& scope, const std::string& name) const {
  for (const Scope* s = &scope; s; s = s->parent) {
    if (!s->parent) {  // the model's graph: names as in the file
      auto it = values_.ids.find(name);
      return it != values_.ids.end() && known.count(it->second) ? it->second : -1;
    }
    auto it = s->local.find(name);
    if (it != s->local.end()) return it->second;
  }
  return -1;
}

int PlanBuilder::define(Scope& scope, const std::string& name) {
  if (!scope.parent) return values_.id_of(name);
  const int id = values_.id_of(scope.prefix + name);
  scope.local[name] = id;
  return id;
}

Status PlanBuilder::plan_nodes(const std::vector<Node>& nodes,
                               const std::vector<std::unique_ptr<Op>>& ops, Scope& scope) {
  for (size_t s = 0; s < nodes.size(); ++s)
    WNN_RETURN_IF_ERROR(plan_node(nodes[s], *ops[s], scope));
  return ok_status();
}

void PlanBuilder::emit(Step step, const StepNeeds& needs) {
  for (TensorDesc& d : step.output_descs) d.data = nullptr;
  step.compute = needs.compute;
  step.flops = needs.flops;
  // Rounded up so that each thread's scratch stays aligned like the arena.
  step.scratch_bytes =
      (needs.scratch_bytes + kArenaAlignment - 1) / kArenaAlignment * kArenaAlignment;
  // Any thread may run a task, so each gets a copy when there is more than one task.
  const size_t copies = needs.compute.tasks() > 1 ? threads_ : 1;
  scratch_bytes.push_back(step.scratch_bytes * copies);
  plan_.steps.push_back(std::move(step));
}

void PlanBuilder::emit_copy(const Node& node, int from, int to) {
  Step step;
  step.op = &copy_value_op();
  step.node = &node;
  step.inputs = {from};
  step.input_descs = {known.at(from)};
  StepNeeds needs;
  (void)step.op->reshape(step.input_descs, step.output_descs, needs);  // cannot fail
  step.outputs = {to};
  known[to] = TensorDesc{step.output_descs[0].dtype, step.output_descs[0].shape};
  emit(std::move(step), needs);
}

Status PlanBuilder::plan_node(const Node& node, Op& op, Scope& scope) {
  // Nodes holding subgraphs are planned through them (their ops are made by the registry).
  if (node.op_type == "If") return plan_if(node, static_cast<const IfOp&>(op), scope);
  if (node.op_type == "Loop") return plan_loop(node, static_cast<const LoopOp&>(op), scope);
  if (node.op_type == "Scan") return plan_scan(node, static_cast<const ScanOp&>(op), scope);
  Step step;
  step.op = &op;
  step.node = &node;
  for (const std::string& name : node.inputs) {
    if (name.empty()) {
      step.inputs.push_back(kOmittedValue);
      step.input_descs.emplace_back();
      continue;
    }
    const int id = resolve(scope, name);
    if (id < 0)
      return Status::error(node.op_type + " node '" + node.name + "' reads '" + name +
                           "', which no earlier node produces and which is not a graph "
                           "input or initializer (the graph is not in topological order, "
                           "or the value is missing)");
    step.inputs.push_back(id);
    step.input_descs.push_back(known.at(id));
  }
  StepNeeds needs;
  needs.threads = threads_;
  needs.memory_limit = memory_limit_;
  WNN_RETURN_IF_ERROR(step.op->reshape(step.input_descs, step.output_descs, needs));
  WNN_RETURN_IF_ERROR(check_step_fits(node, step.output_descs, needs));
  if (step.output_descs.size() < node.outputs.size())
    return Status::error(node.op_type + " node '" + node.name + "' has " +
                         std::to_string(node.outputs.size()) + " outputs; wasmnn computes " +
                         std::to_string(step.output_descs.size()));
  bool outputs_known = true;
  for (const TensorDesc& d : step.output_descs) outputs_known = outputs_known && d.data;
  const bool evaluate = outputs_known || inputs_known(step.input_descs);
  if (evaluate) evaluate_now(*step.op, step.input_descs, step.output_descs, needs, plan_.constants);
  for (size_t o = 0; o < node.outputs.size(); ++o) {
    if (node.outputs[o].empty()) {
      step.outputs.push_back(kOmittedValue);
      continue;
    }
    const int id = define(scope, node.outputs[o]);
    known[id] = step.output_descs[o];
    step.outputs.push_back(id);
  }
  if (!evaluate) emit(std::move(step), needs);
  return ok_status();
}

}  // namespace wnn
