// Folds a Relu, or a Clip with constant bounds (ReLU6), into the Conv, Gemm or MatMul that feeds it
// (Node::activation, applied in the op's epilogue), when the activation is that value's only
// consumer and the value is not a graph output: one pass over memory instead of two.
#pragma once
#include "wnn/graph/graph.h"

namespace wnn {

void fuse_activation(Graph& g);

}  // namespace wnn
