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
                                             const std::vector<Shape>& input_shapes) {
  ExecutionPlan plan;
  std::map<int, Shape> known;
  for (size_t i = 0; i < g.inputs.size(); ++i) known[values.id_of(g.inputs[i].name)] = input_shapes[i];

  std::vector<size_t> scratch_floats(g.nodes.size(), 0);
  for (size_t s = 0; s < g.nodes.size(); ++s) {
    const Node& node = g.nodes[s];
    Step step;
    step.op = ops[s].get();
    step.node = &node;
    for (const std::string& name : node.inputs) {
      if (name.empty()) {
        step.inputs.push_back(kOmittedValue);
        step.input_shapes.emplace_back();
      } else if (const Tensor* t = g.initializer(name)) {
        step.inputs.push_back(kConstantValue);
        step.input_shapes.push_back(t->shape);
      } else {
        const int id = values.id_of(name);
        auto it = known.find(id);
        if (it == known.end())
          return Status::error(node.op_type + " node '" + node.name + "' reads '" + name +
                               "', which no earlier node produces and which is not a graph "
                               "input or initializer (the graph is not in topological order, "
                               "or the value is missing)");
        step.inputs.push_back(id);
        step.input_shapes.push_back(it->second);
      }
    }
    WNN_RETURN_IF_ERROR(step.op->reshape(step.input_shapes, step.output_shapes, scratch_floats[s]));
    for (size_t o = 0; o < node.outputs.size() && o < step.output_shapes.size(); ++o) {
      const int id = values.id_of(node.outputs[o]);
      known[id] = step.output_shapes[o];
      step.outputs.push_back(id);
    }
    plan.steps.push_back(std::move(step));
  }

  // Lifetimes: a value lives from the step that writes it to the last step that reads it; graph
  // inputs from before the first step, graph outputs until after the last.
  const int n_values = static_cast<int>(values.names.size());
  const int end = static_cast<int>(plan.steps.size());
  std::vector<BufferUse> uses(static_cast<size_t>(n_values));
  plan.value_shapes.assign(static_cast<size_t>(n_values), Shape{});
  for (const auto& [id, shape] : known) {
    plan.value_shapes[id] = shape;
    uses[id].bytes = static_cast<size_t>(shape_elements(shape)) * sizeof(float);
    uses[id].first_step = uses[id].last_step = -1;
  }
  for (const ValueInfo& in : g.inputs) uses[values.id_of(in.name)].first_step = -1;
  for (int s = 0; s < end; ++s) {
    for (int id : plan.steps[s].outputs) uses[id].first_step = uses[id].last_step = s;
    for (int id : plan.steps[s].inputs)
      if (id >= 0) uses[id].last_step = s;
  }
  for (const ValueInfo& out : g.outputs) {
    auto it = values.ids.find(out.name);
    if (it == values.ids.end() || !known.count(it->second))
      return Status::error("graph output '" + out.name + "' is not produced by any node");
    uses[it->second].last_step = end;
  }
  for (int s = 0; s < end; ++s)  // each step's scratch lives for that step only
    uses.push_back(BufferUse{scratch_floats[s] * sizeof(float), s, s});

  const ArenaLayout layout = plan_arena(uses);
  plan.value_offsets.assign(layout.offsets.begin(), layout.offsets.begin() + n_values);
  for (int s = 0; s < end; ++s) plan.steps[s].scratch_offset = layout.offsets[n_values + s];
  plan.arena_bytes = layout.total_bytes;
  return plan;
}

}  // namespace wnn
