// Loop (opset 1+) and Scan (opset 9+): a body run once per iteration. wasmnn unrolls them while
// planning (plan/plan_loop.cpp): each iteration's nodes are planned like the enclosing graph's,
// so the trip count must be known at plan time (from constants or shapes, as exported models
// with a fixed number of steps have it) and every iteration plans memory ahead.
#pragma once
#include "wnn/ops/control/body.h"

namespace wnn {

class LoopOp final : public Op {
 public:
  LoopOp(const OpLabel& label, Body body) : label_(label), body_(std::move(body)) {}
  const OpLabel& label() const { return label_; }
  const Body& body() const { return body_; }
  Status reshape(const std::vector<TensorDesc>&, std::vector<TensorDesc>&, StepNeeds&) override {
    return label_.error("internal error: a Loop is planned through its body");
  }
  void run(const RunArgs&, const Task&) override {}

 private:
  OpLabel label_;
  Body body_;
};

struct ScanParams {
  size_t scan_inputs = 0;
  std::vector<int64_t> input_directions, output_directions;  // 1: reverse; one per scan value
  std::vector<int64_t> input_axes, output_axes;              // may be negative
};

class ScanOp final : public Op {
 public:
  ScanOp(const OpLabel& label, Body body, ScanParams params)
      : label_(label), body_(std::move(body)), params_(std::move(params)) {}
  const OpLabel& label() const { return label_; }
  const Body& body() const { return body_; }
  const ScanParams& params() const { return params_; }
  Status reshape(const std::vector<TensorDesc>&, std::vector<TensorDesc>&, StepNeeds&) override {
    return label_.error("internal error: a Scan is planned through its body");
  }
  void run(const RunArgs&, const Task&) override {}

 private:
  OpLabel label_;
  Body body_;
  ScanParams params_;
};

}  // namespace wnn
