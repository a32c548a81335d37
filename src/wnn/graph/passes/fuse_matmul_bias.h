// Folds the bias Add after a MatMul into it (tf2onnx and torch export a dense layer or a
// transformer projection on a sequence as MatMul then Add):
//   y = Add(MatMul(a, B), bias)   becomes   y = MatMul(a, B, bias)
// with the bias a third input of the MatMul node, added in the GEMM epilogue (before an
// activation that graph/passes/fuse_activation, run after this pass, then folds). It applies
// when B is a float32 matrix initializer [K, N], the bias a float32 initializer [N] (which
// broadcasts over the product without changing its shape), and the MatMul output has no other
// reader and is not a graph output. The GEMM adds the bias to each finished sum, as the Add
// would: the same bits.
#pragma once
#include "wnn/graph/graph.h"

namespace wnn {

void fuse_matmul_bias(Graph& g);

}  // namespace wnn
