#include "wnn/plan/execution_plan.h"

#include "wnn/plan/arena_planner.h"

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
                                             const std::vector<int>& kept) {
  ExecutionPlan plan;
  std::map<int, TensorDesc> known;
  for (size_t i = 0; i < g.inputs.size(); ++i)
    known[values.id_of(g.inputs[i].name)] = TensorDesc{g.inputs[i].dtype, input_shapes[i]};
  for (const auto& [name, t] : g.initializers)
    known[values.id_of(name)] = TensorDesc{t.dtype, t.shape, t.bytes.data()};
  std::vector<int> held;
  for (const auto& [name, t] : g.prepacked) {
    held.push_back(values.id_of(name));
    known[held.back()] = TensorDesc{t.dtype, t.shape, nullptr};
  }

  std::vector<size_t> scratch_bytes;
  for (size_t s = 0; s < g.nodes.size(); ++s) {
    const Node& node = g.nodes[s];
    Step step;
    step.op = ops[s].get();
    step.node = &node;
    for (const std::string& name : node.inputs) {
      if (name.empty()) {
        step.inputs.push_back(kOmittedValue);
        step.input_descs.emplace_back();
        continue;
      }
      const int id = values.id_of(name);
      auto it = known.find(id);
      if (it == known.end())
        return Status::error(node.op_type + " node '" + node.name + "' reads '" + name +
                             "', which no earlier node produces and which is not a graph "
                             "input or initializer (the graph is not in topological order, "
                             "or the value is missing)");
      step.inputs.push_back(id);
      step.input_descs.push_back(it->second);
    }
    StepNeeds needs;
    needs.threads = threads;
    WNN_RETURN_IF_ERROR(step.op->reshape(step.input_descs, step.output_descs, needs));
    if (step.output_descs.size() < node.outputs.size())
      return Status::error(node.op_type + " node '" + node.name + "' has " +
                           std::to_string(node.outputs.size()) + " outputs; wasmnn computes " +
                           std::to_string(step.output_descs.size()));
    bool outputs_known = true;
    for (const TensorDesc& d : step.output_descs) outputs_known = outputs_known && d.data;
    const bool evaluate = outputs_known || inputs_known(step.input_descs);
    if (evaluate)
      evaluate_now(*step.op, step.input_descs, step.output_descs, needs, plan.constants);
    for (size_t o = 0; o < node.outputs.size(); ++o) {
      if (node.outputs[o].empty()) {
        step.outputs.push_back(kOmittedValue);
        continue;
      }
      const int id = values.id_of(node.outputs[o]);
      known[id] = step.output_descs[o];
      step.outputs.push_back(id);
    }
    if (!evaluate) {
      for (TensorDesc& d : step.output_descs) d.data = nullptr;
      step.compute = needs.compute;
      step.flops = needs.flops;
      // Rounded up so that each thread's scratch stays aligned like the arena.
      step.scratch_bytes =
          (needs.scratch_bytes + kArenaAlignment - 1) / kArenaAlignment * kArenaAlignment;
      // Any thread may run a task, so each gets a copy when there is more than one task.
      const size_t copies = needs.compute.tasks() > 1 ? threads : 1;
      plan.steps.push_back(std::move(step));
      scratch_bytes.push_back(plan.steps.back().scratch_bytes * copies);
    }
  }

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
  for (int s = 0; s < end; ++s) {
    for (int id : plan.steps[s].outputs)
      if (id >= 0) uses[id].first_step = uses[id].last_step = s;
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
  plan.value_offsets.assign(layout.offsets.begin(), layout.offsets.begin() + n_values);
  for (int s = 0; s < end; ++s) plan.steps[s].scratch_offset = layout.offsets[n_values + s];
  plan.arena_bytes = layout.total_bytes;
  return plan;
}

}  // namespace wnn
