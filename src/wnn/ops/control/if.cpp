#include "wnn/ops/control/if.h"

namespace wnn {

Expected<std::unique_ptr<Op>> create_if(const OpContext& ctx) {
  if (!ctx.has_input(0)) return ctx.error("the condition input is missing");
  const Graph* then_graph = ctx.node.attr_graph("then_branch");
  const Graph* else_graph = ctx.node.attr_graph("else_branch");
  if (!then_graph || !else_graph)
    return ctx.error("attributes then_branch and else_branch must both be graphs");
  // Both branches are created (and so must be supported) even when only one will ever run:
  // ops are created once per session, before input shapes (and so a shape-derived condition)
  // are known, and a model should not load or fail depending on the shapes first given.
  for (const Graph* g : {then_graph, else_graph})
    if (g->outputs.size() != ctx.output_count())
      return ctx.error("a branch has " + std::to_string(g->outputs.size()) +
                       " outputs; the node has " + std::to_string(ctx.output_count()));
  Expected<Body> then_body = create_body(ctx, *then_graph, "then_branch");
  if (!then_body.ok()) return then_body.status();
  Expected<Body> else_body = create_body(ctx, *else_graph, "else_branch");
  if (!else_body.ok()) return else_body.status();
  return std::unique_ptr<Op>(new IfOp(ctx, then_body.take(), else_body.take()));
}

}  // namespace wnn
