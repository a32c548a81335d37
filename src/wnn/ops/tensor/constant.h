// ONNX Constant: its value lives in an attribute. Load-time folding turns every Constant node
// into an initializer (plan/fold_constants.cpp); the op exists so the support check, the
// conformance runner and any graph that is not folded see it as what it is.
#pragma once
#include "wnn/core/status.h"
#include "wnn/graph/graph.h"

namespace wnn {

// The tensor a Constant node holds: exactly one of value, value_float(s), value_int(s). String
// and sparse constants are refused with a message naming the node.
Expected<Tensor> constant_node_value(const Node& node, int64_t opset);

}  // namespace wnn
