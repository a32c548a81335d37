// One producer per value, checked at load (before any pass or op sees the graph): every value
// name is defined once in its graph (a graph input, an initializer or one node output), and
// a node reads only values defined before it (ONNX's topological order; so no cycle, and no
// node reads its own output). A model breaking this would have two steps write one buffer.
#pragma once
#include "wnn/core/status.h"
#include "wnn/graph/graph.h"

namespace wnn {

// Checks `g` and its subgraphs at every depth. A subgraph may read any value of the graphs
// that enclose it, defined before the node holding it; every value read must be defined.
Status check_value_producers(const Graph& g);

}  // namespace wnn
