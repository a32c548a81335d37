// If (opset 1+): two subgraphs, one run. The planner plans it (plan/plan_if.cpp): with a
// condition known at plan time (computed from shapes or constants, as torch.onnx and Silero VAD
// export it) only the taken branch is inlined into the plan; with a run-time condition both
// branches are planned in the step list, a branch step skips the one not taken, and both must
// give outputs of the same types and shapes.
#pragma once
#include "wnn/ops/control/body.h"

namespace wnn {

class IfOp final : public Op {
 public:
  IfOp(const OpLabel& label, Body then_branch, Body else_branch)
      : label_(label), then_(std::move(then_branch)), else_(std::move(else_branch)) {}

  const OpLabel& label() const { return label_; }
  const Body& branch(bool condition) const { return condition ? then_ : else_; }

  // The planner never reshapes an If as one step: it plans the branches' nodes.
  Status reshape(const std::vector<TensorDesc>&, std::vector<TensorDesc>&, StepNeeds&) override {
    return label_.error("internal error: an If is planned through its branches");
  }
  // The branch step of a run-time condition: Session::run reads the condition and jumps.
  void run(const RunArgs&, const Task&) override {}

 private:
  OpLabel label_;
  Body then_, else_;
};

}  // namespace wnn
