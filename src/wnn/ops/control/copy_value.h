// Copies one value into another buffer of the same type and shape: how a subgraph's output
// reaches the output of the node that holds it (the planner gives each value its own buffer).
#pragma once
#include "wnn/ops/op.h"

namespace wnn {

// Stateless, so one instance serves every plan.
Op& copy_value_op();

}  // namespace wnn
