// Folds a BatchNormalization into the Conv that feeds it, at load: when the Conv's output has no
// other consumer (and is not a graph output), the Conv's weights and bias are initializers, and
// so are the BatchNormalization's scale, B, mean and var. Then, per output channel c,
//   a[c] = scale[c] / sqrt(var[c] + epsilon)
//   W'[c, ...] = W[c, ...] * a[c],   b'[c] = (b[c] - mean[c]) * a[c] + B[c]
// computed in double and rounded once, and the BatchNormalization node goes away: one pass over
// memory instead of two. Folded weights get new initializer names (the originals may be shared);
// initializers nothing reads any more are dropped.
#pragma once
#include <cstddef>

#include "wnn/graph/graph.h"

namespace wnn {

// Returns how many BatchNormalization nodes were folded.
size_t fold_batch_norm(Graph& g);

}  // namespace wnn
