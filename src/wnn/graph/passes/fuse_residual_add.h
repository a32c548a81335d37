// Folds an Add into the Conv that feeds it (ResNet's and BlazeFace's residual connections):
//   y = Add(Conv(x, W, B), r)   becomes   y = Conv(x, W, B, r)
// with r as the Conv node's fourth input, added in the GEMM's epilogue after the bias and before
// an activation (graph/passes/fuse_activation, run after this pass, then folds the Relu that
// usually follows the Add). It applies when the conv output has no other reader and is not a
// graph output, and the conv is not depthwise. The fused node takes the Add's place in the node
// order, where r is known to be computed. Shapes are unknown here: the Conv op checks at plan
// time that r has the output's shape, and otherwise computes the Add as a broadcast.
#pragma once
#include "wnn/graph/graph.h"

namespace wnn {

void fuse_residual_add(Graph& g);

}  // namespace wnn
