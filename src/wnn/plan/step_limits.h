// What the planner checks after every op's reshape, before anything is allocated for the step
// (or the step is evaluated while planning): each output has a countable number of elements (no
// int64 overflow) within the session's memory limit, and so does the op's scratch.
#pragma once
#include <vector>

#include "wnn/graph/graph.h"
#include "wnn/ops/op.h"

namespace wnn {

Status check_step_fits(const Node& node, const std::vector<TensorDesc>& outputs,
                       const StepNeeds& needs);

}  // namespace wnn
