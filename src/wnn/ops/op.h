// An operator in three phases, as in XNNPACK: create (validate attributes, prepack constant
// inputs; once per session), reshape (output shapes and scratch for concrete input shapes; once
// per planned shape) and run (compute; no allocation).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "wnn/core/shape.h"
#include "wnn/core/status.h"
#include "wnn/graph/graph.h"
#include "wnn/kernels/kernel_set.h"

namespace wnn {

struct OpContext {
  const Node& node;
  const Graph& graph;
  const kernels::KernelSet& kernels;

  // "Conv node 'conv1' (opset 13): <what>" — the prefix every op error starts with.
  Status error(const std::string& what) const;
  const Tensor* constant_input(size_t i) const;  // the initializer at input i, or nullptr
  bool has_input(size_t i) const { return i < node.inputs.size() && !node.inputs[i].empty(); }
};

struct RunArgs {
  std::vector<const float*> inputs;  // nullptr for inputs consumed at create (weights)
  std::vector<float*> outputs;
  const std::vector<Shape>* input_shapes;
  const std::vector<Shape>* output_shapes;
  float* scratch;
};

class Op {
 public:
  virtual ~Op() = default;
  // `inputs` holds the shape of every node input (constants included, "" inputs as empty shapes).
  virtual Status reshape(const std::vector<Shape>& inputs, std::vector<Shape>& outputs,
                         size_t& scratch_floats) = 0;
  virtual void run(const RunArgs& args) = 0;
};

using OpFactory = Expected<std::unique_ptr<Op>> (*)(const OpContext& ctx);

}  // namespace wnn
