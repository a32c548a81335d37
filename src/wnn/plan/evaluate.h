// Runs an op immediately on inputs whose data is known, into new buffers: how constant
// subgraphs are folded at load (fold_constants) and shape subgraphs while planning.
#pragma once
#include <cstdint>
#include <deque>
#include <vector>

#include "wnn/ops/op.h"

namespace wnn {

// Storage whose buffers never move once made, so TensorDesc::data may point into it.
using ConstantStore = std::deque<std::vector<uint8_t>>;

// `in` must all have data (or be omitted); `out` is what op.reshape produced. Outputs the op
// already knew (out[i].data set by reshape) are copied; the rest are computed by op.run.
void evaluate_now(Op& op, const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                  const StepNeeds& needs, ConstantStore& store);

// True when every present input's data is known.
bool inputs_known(const std::vector<TensorDesc>& in);

}  // namespace wnn
