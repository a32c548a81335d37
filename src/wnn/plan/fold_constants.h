// Load-time folding: Constant nodes become initializers, and every node whose inputs are all
// initializers is evaluated once (with the op's own kernel) and replaced by its outputs. So
// weights that an exporter left as small subgraphs (Transpose of a weight, Constant -> Reshape)
// are plain initializers by the time ops prepack them. A node whose create() refuses stays in the
// graph, so that the session reports it together with every other refusal.
#pragma once
#include "wnn/core/status.h"
#include "wnn/graph/graph.h"
#include "wnn/kernels/kernel_config.h"

namespace wnn {

Status fold_constants(Graph& g, const kernels::KernelConfig& kernels);

}  // namespace wnn
