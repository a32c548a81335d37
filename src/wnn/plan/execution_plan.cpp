#include "wnn/plan/execution_plan.h"

#include "wnn/plan/arena_planner.h"
#include "wnn/plan/plan_builder.h"

namespace wnn {

int ValueTable::id_of(const std::string& name) {
  auto it = ids.find(name);
  if (it != ids.end()) return it->second;
  const int id = static_cast<int>(names.size());
  ids.emplace(name, id);
  names.push_back(name);
  return id;
}

Expected<ExecutionPlan> build_execution_plan(const Graph& g,
                                             const std::vector<std::unique_ptr<Op>>& ops,
                                             ValueTable& values,
                                             const std::vector<Shape>& input_shapes, size_t threads,
                                             const std::vector<int>& kept, uint64_t memory_limit) {
  ExecutionPlan plan;
  PlanBuilder builder(plan, values, threads, memory_limit);
  std::map<int, TensorDesc>& known = builder.known;
  for (size_t i = 0; i < g.inputs.size(); ++i)
    known[values.id_of(g.inputs[i].name)] = TensorDesc{g.inputs[i].dtype, input_shapes[i]};
  for (const auto& [name, t] : g.initializers)
    known[values.id_of(name)] = TensorDesc{t.dtype, t.shape, t.bytes.data()};
  std::vector<int> held;
  for (const auto& [name, t] : g.prepacked) {
    held.push_back(values.id_of(name));
    known[held.back()] = TensorDesc{t.dtype, t.shape, nullptr};
  }
  Scope model_scope;
  WNN_RETURN_IF_ERROR(builder.plan_nodes(g.nodes, ops, model_scope));
  const std::vector<size_t>& scratch_bytes = builder.scratch_bytes;

  // Lifetimes of the values that live in the arena: from the step that writes one to the last
  // step that reads it; graph inputs from before the first step, outputs until after the last.
  const int n_values = static_cast<int>(values.names.size());
  const int end = static_cast<int>(plan.steps.size());
  plan.values.assign(static_cast<size_t>(n_values), TensorDesc{});
  plan.held_by_op.assign(static_cast<size_t>(n_values), false);
  for (int id : held) plan.held_by_op[id] = true;
  std::vector<BufferUse> uses(static_cast<size_t>(n_values));  // 0 bytes: no buffer
  for (const auto& [id, desc] : known) {
    plan.values[id] = desc;
    if (!desc.data && !plan.held_by_op[id]) uses[id] = BufferUse{desc.bytes(), -1, -1};
  }
  // A value may be written by more than one step (an If's output, by the copy at the end of
  // each branch): it lives from the first.
  std::vector<bool> written(static_cast<size_t>(n_values), false);
  for (int s = 0; s < end; ++s) {
    for (int id : plan.steps[s].outputs) {
      if (id < 0) continue;
      if (!written[id]) uses[id].first_step = s;
      written[id] = true;
      uses[id].last_step = s;
    }
    for (int id : plan.steps[s].inputs)
      if (id >= 0 && !plan.values[id].data && !plan.held_by_op[id]) uses[id].last_step = s;
  }
  for (const ValueInfo& out : g.outputs) {
    auto it = values.ids.find(out.name);
    if (it == values.ids.end() || !known.count(it->second))
      return Status::error("graph output '" + out.name + "' is not produced by any node");
    if (!plan.values[it->second].data) uses[it->second].last_step = end;
  }
  for (int id : kept) {
    if (id < 0 || id >= n_values || !known.count(id))
      return Status::error("internal error: a kept value (id " + std::to_string(id) +
                           ") is not part of the plan");
    if (!plan.values[id].data && !plan.held_by_op[id]) uses[id].last_step = end;
  }
  for (int s = 0; s < end; ++s)  // each step's scratch lives for that step only
    uses.push_back(BufferUse{scratch_bytes[s], s, s});

  const ArenaLayout layout = plan_arena(uses);
  if (layout.total_bytes > memory_limit)
    return Status::error("the plan for these input shapes needs an arena of " +
                         std::to_string(layout.total_bytes) + " bytes, over the memory limit of " +
                         std::to_string(memory_limit) +
                         " bytes; give smaller inputs or raise SessionOptions.memory_limit_bytes");
  // Below the limit every offset fits size_t, also in wasm32.
  for (int v = 0; v < n_values; ++v)
    plan.value_offsets.push_back(static_cast<size_t>(layout.offsets[v]));
  for (int s = 0; s < end; ++s)
    plan.steps[s].scratch_offset = static_cast<size_t>(layout.offsets[n_values + s]);
  plan.arena_bytes = static_cast<size_t>(layout.total_bytes);
  return plan;
}

}  // namespace wnn
