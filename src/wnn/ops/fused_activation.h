// A ReLU folded into the op before it by graph/passes (fuse_activation): the op applies it in its
// epilogue. Stored as a node attribute under a name no ONNX operator uses.
#pragma once
#include "wnn/graph/graph.h"

namespace wnn {

constexpr const char* kFusedActivationAttr = "wnn.fused_activation";

inline bool has_fused_relu(const Node& node) {
  return node.attr_string(kFusedActivationAttr, "") == "Relu";
}

}  // namespace wnn
