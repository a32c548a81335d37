#include "wnn/ops/control/loop.h"

namespace wnn {
namespace {

// "1 input", "3 inputs".
std::string plural(size_t n, const char* what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

}  // namespace

Expected<std::unique_ptr<Op>> create_loop(const OpContext& ctx) {
  const Graph* body = ctx.node.attr_graph("body");
  if (!body) return ctx.error("attribute body must be a graph");
  const size_t carried = ctx.node.inputs.size() < 2 ? 0 : ctx.node.inputs.size() - 2;
  if (ctx.node.inputs.size() < 2 || body->inputs.size() != carried + 2 ||
      body->outputs.size() < carried + 1 || ctx.output_count() != body->outputs.size() - 1)
    return ctx.error("the body must take (iteration, condition, " + std::to_string(carried) +
                     " loop-carried values) and give (condition, the loop-carried values, scan "
                     "outputs) matching the node's outputs; it takes " +
                     plural(body->inputs.size(), "input") + " and gives " +
                     plural(body->outputs.size(), "output") + ", and the node has " +
                     plural(ctx.node.inputs.size(), "input") + " and " +
                     plural(ctx.output_count(), "output"));
  for (size_t i = 2; i < ctx.node.inputs.size(); ++i)
    if (ctx.node.inputs[i].empty())
      return ctx.error("loop-carried input " + std::to_string(i) + " is omitted");
  Expected<Body> b = create_body(ctx, *body, "body");
  if (!b.ok()) return b.status();
  return std::unique_ptr<Op>(new LoopOp(ctx, b.take()));
}

Expected<std::unique_ptr<Op>> create_scan(const OpContext& ctx) {
  const Graph* body = ctx.node.attr_graph("body");
  if (!body) return ctx.error("attribute body must be a graph");
  ScanParams p;
  const int64_t m = ctx.node.attr_int("num_scan_inputs", -1);
  if (!ctx.node.attribute("num_scan_inputs"))
    return ctx.error("the attribute num_scan_inputs (how many of the " +
                     std::to_string(ctx.node.inputs.size()) + " inputs are scanned) is missing");
  if (m < 1 || static_cast<size_t>(m) > ctx.node.inputs.size())
    return ctx.error("num_scan_inputs = " + std::to_string(m) + " must be between 1 and the "
                     "number of inputs (" + std::to_string(ctx.node.inputs.size()) + ")");
  p.scan_inputs = static_cast<size_t>(m);
  const size_t states = ctx.node.inputs.size() - p.scan_inputs;
  if (body->inputs.size() != ctx.node.inputs.size() || body->outputs.size() != ctx.output_count() ||
      ctx.output_count() < states)
    return ctx.error("the body must take one input per node input (" +
                     std::to_string(states) + " states, then " +
                     std::to_string(p.scan_inputs) + " scanned) and give one output per node "
                     "output (" + std::to_string(ctx.output_count()) + "); it takes " +
                     plural(body->inputs.size(), "input") + " and gives " +
                     plural(body->outputs.size(), "output"));
  const size_t scan_outputs = ctx.output_count() - states;
  auto per_value = [&](const char* key, size_t count, std::vector<int64_t>& out) -> Status {
    out = ctx.node.attr_ints(key);
    if (out.empty()) out.assign(count, 0);
    if (out.size() != count)
      return ctx.error(std::string(key) + " has " + std::to_string(out.size()) +
                       " values; expected " + std::to_string(count));
    return ok_status();
  };
  // Scan-8's batch axis and sequence_lens are not supported (the registry starts at 9).
  WNN_RETURN_IF_ERROR(per_value("scan_input_directions", p.scan_inputs, p.input_directions));
  WNN_RETURN_IF_ERROR(per_value("scan_output_directions", scan_outputs, p.output_directions));
  WNN_RETURN_IF_ERROR(per_value("scan_input_axes", p.scan_inputs, p.input_axes));
  WNN_RETURN_IF_ERROR(per_value("scan_output_axes", scan_outputs, p.output_axes));
  Expected<Body> b = create_body(ctx, *body, "body");
  if (!b.ok()) return b.status();
  return std::unique_ptr<Op>(new ScanOp(ctx, b.take(), std::move(p)));
}

}  // namespace wnn
