// The two data movements of an unrolled Scan or Loop (plan/plan_loop.cpp makes one per use and
// the plan owns it): an iteration's slice of a scan input, and the iterations' scan outputs
// stacked into the node's output. Any dtype.
#pragma once
#include <memory>

#include "wnn/ops/op.h"

namespace wnn {

// Output: input 0 at `index` along `axis` (that axis removed).
std::unique_ptr<Op> make_take_slice(const OpLabel& label, int64_t axis, int64_t index);
// Output: the inputs (same dtype and shape) stacked along a new axis `axis`, in input order.
std::unique_ptr<Op> make_stack_values(const OpLabel& label, int64_t axis);

}  // namespace wnn
