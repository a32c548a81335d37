// Load-time folding: Constant nodes become initializers, and every node whose inputs are all
// initializers is evaluated once (with the op's own kernel) and replaced by its outputs. So
// weights that an exporter left as small subgraphs (Transpose of a weight, Constant -> Reshape)
// are plain initializers by the time ops prepack them. A node whose create() refuses stays in the
// graph, so that the session reports it together with every other refusal.
#pragma once
#include "wnn/core/memory_limit.h"
#include "wnn/core/status.h"
#include "wnn/graph/graph.h"
#include "wnn/kernels/kernel_config.h"

namespace wnn {

// Nothing folded may pass `memory_limit` bytes (a ConstantOfShape of [2^20, 2^20] is refused).
Status fold_constants(Graph& g, const kernels::KernelConfig& kernels,
                      uint64_t memory_limit = kDefaultMemoryLimitBytes);

}  // namespace wnn
