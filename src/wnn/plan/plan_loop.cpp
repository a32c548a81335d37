// Planning Loop and Scan by unrolling: each iteration's body is planned like the enclosing
// graph's nodes, in a scope of its own ("<node>/<iteration>/<name>") whose loop-carried inputs
// are the previous iteration's outputs (no copies between iterations). So the number of
// iterations must be known while planning: Loop's trip count M and condition from constants or
// shapes, Scan's from its inputs' shapes. Scan inputs are sliced per iteration, scan outputs
// stacked at the end; the final loop-carried values are copied into the node's outputs.
#include <algorithm>
#include <cstring>

#include "wnn/ops/control/iteration_values.h"
#include "wnn/ops/control/loop.h"
#include "wnn/plan/plan_builder.h"
#include "wnn/plan/step_limits.h"

namespace wnn {
namespace {

// Unrolling makes a step per iteration and body node: a loop longer than this is refused
// rather than turned into a plan that long.
constexpr int64_t kMaxIterations = 4096;

}  // namespace

int PlanBuilder::plan_constant(Scope& scope, const std::string& name, DType dtype,
                               const void* value) {
  const size_t bytes = dtype_size(dtype);
  plan_.constants.emplace_back(bytes + 8);
  std::memcpy(plan_.constants.back().data(), value, bytes);
  const int id = define(scope, name);
  known[id] = TensorDesc{dtype, {}, plan_.constants.back().data()};
  return id;
}

Status PlanBuilder::emit_owned(const Node& node, std::unique_ptr<Op> op,
                               const std::vector<int>& inputs, Scope& scope,
                               const std::string& output) {
  Step step;
  step.op = op.get();
  step.node = &node;
  step.inputs = inputs;
  for (int id : inputs) step.input_descs.push_back(known.at(id));
  StepNeeds needs;
  needs.memory_limit = memory_limit_;
  WNN_RETURN_IF_ERROR(op->reshape(step.input_descs, step.output_descs, needs));
  WNN_RETURN_IF_ERROR(check_step_fits(node, step.output_descs, needs));
  plan_.owned_ops.push_back(std::move(op));
  const int id = define(scope, output);
  known[id] = TensorDesc{step.output_descs[0].dtype, step.output_descs[0].shape};
  step.outputs = {id};
  if (inputs_known(step.input_descs)) {  // constants stay constants
    evaluate_now(*step.op, step.input_descs, step.output_descs, needs, plan_.constants);
    known[id] = step.output_descs[0];
    return ok_status();
  }
  emit(std::move(step), needs);
  return ok_status();
}

void PlanBuilder::bind_output(const Node& node, Scope& scope, const std::string& name, int from) {
  if (name.empty()) return;
  const TensorDesc r = known.at(from);
  const int id = define(scope, name);
  if (r.data)
    known[id] = r;  // a constant stays a constant: later nodes may fold on it
  else
    emit_copy(node, from, id);
}

Status PlanBuilder::plan_iteration(const Node& node, const Body& body, Scope& inner,
                                   const std::vector<int>& bound_inputs,
                                   std::vector<int>& outputs) {
  const Graph& g = *body.graph;
  for (size_t i = 0; i < bound_inputs.size(); ++i)
    if (bound_inputs[i] >= 0) inner.local[g.inputs[i].name] = bound_inputs[i];
  for (const auto& [name, t] : g.initializers)
    known[define(inner, name)] = TensorDesc{t.dtype, t.shape, t.bytes.data()};
  WNN_RETURN_IF_ERROR(plan_nodes(g.nodes, body.ops, inner));
  outputs.clear();
  for (const ValueInfo& out : g.outputs) {
    const int id = resolve(inner, out.name);
    if (id < 0)
      return Status::error(node.op_type + " node '" + node.name + "': body output '" + out.name +
                           "' is produced by no node of the body");
    outputs.push_back(id);
  }
  return ok_status();
}

Status PlanBuilder::plan_loop(const Node& node, const LoopOp& op, Scope& scope) {
  const OpLabel& label = op.label();
  const Graph& body = *op.body().graph;
  int64_t trips = -1;  // none: the condition alone ends the loop
  if (label.has_input(0)) {
    const int id = resolve(scope, node.inputs[0]);
    const TensorDesc m = id >= 0 ? known.at(id) : TensorDesc{};
    if (m.dtype != DType::kInt64 || m.elements() != 1)
      return label.error("the trip count M must be one int64");
    if (!m.data)
      return label.error(
          "Loop with a run-time trip count: wasmnn unrolls a loop while "
          "planning, so M must come from constants or shapes");
    // A negative M runs no iteration (it must not read as "no trip count").
    trips = std::max<int64_t>(0, *static_cast<const int64_t*>(m.data));
  }
  bool cond = true;
  if (label.has_input(1)) {
    const int id = resolve(scope, node.inputs[1]);
    const TensorDesc c = id >= 0 ? known.at(id) : TensorDesc{};
    if (c.dtype != DType::kBool || c.elements() != 1)
      return label.error("the condition must be one bool");
    if (!c.data)
      return label.error(
          "Loop with a run-time condition: wasmnn unrolls a loop while planning, "
          "so the condition must come from constants or shapes");
    cond = *static_cast<const uint8_t*>(c.data) != 0;
  } else if (trips < 0) {
    return label.error("neither a trip count nor a condition: the loop would never end");
  }
  const size_t n_carried = node.inputs.size() - 2;
  const size_t n_scans = body.outputs.size() - 1 - n_carried;
  std::vector<int> carried;
  for (size_t i = 2; i < node.inputs.size(); ++i) {
    const int id = resolve(scope, node.inputs[i]);
    if (id < 0)
      return label.error("reads '" + node.inputs[i] + "', which no earlier node produces");
    carried.push_back(id);
  }
  std::vector<std::vector<int>> scans(n_scans);
  std::vector<int> outputs;
  int64_t it = 0;
  for (; cond && (trips < 0 || it < trips); ++it) {
    if (it >= kMaxIterations)
      return label.error("Loop with more than " + std::to_string(kMaxIterations) +
                         " iterations: wasmnn unrolls loops into its plan");
    Scope inner;
    inner.parent = &scope;
    inner.prefix = scope.prefix + node.name + "/" + std::to_string(it) + "/";
    const uint8_t cond_value = 1;
    std::vector<int> bound = {plan_constant(inner, body.inputs[0].name, DType::kInt64, &it),
                              plan_constant(inner, body.inputs[1].name, DType::kBool, &cond_value)};
    bound.insert(bound.end(), carried.begin(), carried.end());
    WNN_RETURN_IF_ERROR(plan_iteration(node, op.body(), inner, bound, outputs));
    const TensorDesc c = known.at(outputs[0]);
    if (c.dtype != DType::kBool || c.elements() != 1)
      return label.error("the body's condition output must be one bool");
    if (!c.data)
      return label.error(
          "Loop whose body computes its condition at run time: wasmnn unrolls a "
          "loop while planning, so the condition must come from constants or "
          "shapes");
    cond = *static_cast<const uint8_t*>(c.data) != 0;
    carried.assign(outputs.begin() + 1, outputs.begin() + 1 + n_carried);
    for (size_t k = 0; k < n_scans; ++k) scans[k].push_back(outputs[1 + n_carried + k]);
  }
  for (size_t j = 0; j < n_carried; ++j) bind_output(node, scope, node.outputs[j], carried[j]);
  for (size_t k = 0; k < n_scans; ++k) {
    if (node.outputs[n_carried + k].empty()) continue;
    if (it == 0)
      return label.error("Loop with zero iterations and scan outputs: their shape is unknown");
    WNN_RETURN_IF_ERROR(emit_owned(node, make_stack_values(label, 0), scans[k], scope,
                                   node.outputs[n_carried + k]));
  }
  return ok_status();
}

Status PlanBuilder::plan_scan(const Node& node, const ScanOp& op, Scope& scope) {
  const OpLabel& label = op.label();
  const ScanParams& p = op.params();
  const Graph& body = *op.body().graph;
  const size_t n_states = node.inputs.size() - p.scan_inputs;
  const size_t n_scan_outputs = body.outputs.size() - n_states;
  std::vector<int> states, scan_in;
  std::vector<int64_t> axes;
  int64_t length = -1;
  for (size_t i = 0; i < node.inputs.size(); ++i) {
    const int id = resolve(scope, node.inputs[i]);
    if (id < 0)
      return label.error("reads '" + node.inputs[i] + "', which no earlier node produces");
    if (i < n_states) {
      states.push_back(id);
      continue;
    }
    const Shape& s = known.at(id).shape;
    const int64_t rank = static_cast<int64_t>(s.size());
    int64_t axis = p.input_axes[i - n_states];
    if (axis < 0) axis += rank;
    if (axis < 0 || axis >= rank)
      return label.error("scan input " + std::to_string(i - n_states) + " of shape " +
                         shape_string(s) + " has no axis " +
                         std::to_string(p.input_axes[i - n_states]));
    if (length >= 0 && s[axis] != length)
      return label.error("scan inputs have different lengths (" + std::to_string(length) + " and " +
                         std::to_string(s[axis]) + ")");
    length = s[axis];
    scan_in.push_back(id);
    axes.push_back(axis);
  }
  if (length == 0 && n_scan_outputs)
    return label.error("Scan over zero iterations with scan outputs: their shape is unknown");
  if (length > kMaxIterations)
    return label.error("Scan with more than " + std::to_string(kMaxIterations) +
                       " iterations: wasmnn unrolls scans into its plan");
  std::vector<std::vector<int>> scans(n_scan_outputs);
  std::vector<int> outputs;
  for (int64_t t = 0; t < length; ++t) {
    Scope inner;
    inner.parent = &scope;
    inner.prefix = scope.prefix + node.name + "/" + std::to_string(t) + "/";
    std::vector<int> bound = states;
    for (size_t j = 0; j < scan_in.size(); ++j) {
      const int64_t index = p.input_directions[j] ? length - 1 - t : t;
      WNN_RETURN_IF_ERROR(emit_owned(node, make_take_slice(label, axes[j], index), {scan_in[j]},
                                     inner, body.inputs[n_states + j].name));
      bound.push_back(inner.local.at(body.inputs[n_states + j].name));
    }
    WNN_RETURN_IF_ERROR(plan_iteration(node, op.body(), inner, bound, outputs));
    states.assign(outputs.begin(), outputs.begin() + n_states);
    for (size_t k = 0; k < n_scan_outputs; ++k) scans[k].push_back(outputs[n_states + k]);
  }
  for (size_t j = 0; j < n_states; ++j) bind_output(node, scope, node.outputs[j], states[j]);
  for (size_t k = 0; k < n_scan_outputs; ++k) {
    if (node.outputs[n_states + k].empty()) continue;
    if (p.output_directions[k]) std::reverse(scans[k].begin(), scans[k].end());
    WNN_RETURN_IF_ERROR(emit_owned(node, make_stack_values(label, p.output_axes[k]), scans[k],
                                   scope, node.outputs[n_states + k]));
  }
  return ok_status();
}

}  // namespace wnn
