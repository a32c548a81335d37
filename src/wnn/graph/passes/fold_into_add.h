// What the epilogue fusions share: an Add whose one input is the only use of a node's output
// takes that node's place, with the Add's other input attached to the node:
//   y = Add(P(...), other)   becomes   y = P(..., other)
// The fused node sits at the Add's position in the node order, where `other` is known to be
// computed. `accepts(g, producer, other)` says whether the pass can fold this producer and
// operand; `attach(fused, other)` adds the operand to the fused node's inputs.
#pragma once
#include <functional>
#include <string>

#include "wnn/graph/graph.h"

namespace wnn {

using AcceptsOperand =
    std::function<bool(const Graph& g, const Node& producer, const std::string& other)>;
using AttachOperand = std::function<void(Node& fused, const std::string& other)>;

void fold_producer_into_add(Graph& g, const AcceptsOperand& accepts, const AttachOperand& attach);

}  // namespace wnn
