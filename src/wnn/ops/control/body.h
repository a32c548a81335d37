// A subgraph (an If branch, a Loop or Scan body) with one op per node, created with the node
// that holds it: the planner plans its nodes in the enclosing plan like any others.
#pragma once
#include <memory>
#include <vector>

#include "wnn/graph/graph.h"
#include "wnn/ops/op.h"

namespace wnn {

struct Body {
  const Graph* graph = nullptr;  // owned by the node's attribute; its parent is linked
  std::vector<std::unique_ptr<Op>> ops;
};

// Creates the ops of every node of `graph` (the subgraph named `what` of `ctx`'s node), each
// refused as at the top level when its op, opset or attributes are not supported.
Expected<Body> create_body(const OpContext& ctx, const Graph& graph, const std::string& what);

}  // namespace wnn
