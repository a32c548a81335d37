// An operator in three phases, as in XNNPACK: create (validate attributes, prepack constant
// inputs; once per session), reshape (output types, shapes and scratch for concrete inputs; once
// per planned shape) and run (compute; no allocation).
//
// Values whose data is known while planning (initializers, and anything computed only from them
// and from shapes, like Shape -> Gather -> Concat) carry it in TensorDesc::data: ops such as
// Reshape read their target shape there, and the planner evaluates such nodes once instead of
// emitting a step.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "wnn/core/dtype.h"
#include "wnn/core/shape.h"
#include "wnn/core/status.h"
#include "wnn/graph/graph.h"
#include "wnn/kernels/kernel_config.h"

namespace wnn {

struct TensorDesc {
  DType dtype = DType::kUndefined;
  Shape shape;
  const void* data = nullptr;  // known at plan time, else nullptr

  int64_t elements() const { return shape_elements(shape); }
  size_t bytes() const { return static_cast<size_t>(elements()) * dtype_size(dtype); }
  bool omitted() const { return dtype == DType::kUndefined; }  // an optional input left out
};

struct OpContext {
  const Node& node;
  const Graph& graph;
  const kernels::KernelConfig& kernels;

  // "Conv node 'conv1' (opset 13): <what>" — the prefix every op error starts with.
  Status error(const std::string& what) const;
  const Tensor* constant_input(size_t i) const;  // the initializer at input i, or nullptr
  bool has_input(size_t i) const { return i < node.inputs.size() && !node.inputs[i].empty(); }
  const std::string& input_name(size_t i) const;
  // ok when input 0 is present and float32; else the error to return from reshape().
  Status require_float32_input(const std::vector<TensorDesc>& in) const;
};

struct RunArgs {
  std::vector<const void*> inputs;  // nullptr for omitted optional inputs
  std::vector<void*> outputs;       // one per output desc; nullptr where the graph does not use it
  const std::vector<TensorDesc>* input_descs = nullptr;
  const std::vector<TensorDesc>* output_descs = nullptr;
  void* scratch = nullptr;

  template <typename T = float>
  const T* in(size_t i) const {
    return static_cast<const T*>(inputs[i]);
  }
  template <typename T = float>
  T* out(size_t i) const {
    return static_cast<T*>(outputs[i]);
  }
  const Shape& in_shape(size_t i) const { return (*input_descs)[i].shape; }
  const Shape& out_shape(size_t i) const { return (*output_descs)[i].shape; }
  template <typename T = float>
  T* scratch_as() const {
    return static_cast<T*>(scratch);
  }
};

class Op {
 public:
  virtual ~Op() = default;
  // `in` describes every node input, in order (omitted ones with dtype kUndefined). Fills `out`
  // (one per node output; an op may set out[i].data when it knows the values already, as Shape
  // does) and the scratch bytes run() needs.
  virtual Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                         size_t& scratch_bytes) = 0;
  virtual void run(const RunArgs& args) = 0;
  // The inputs whose values the op copied (packed) when it was created and never reads again:
  // reshape() and run() get no data for them when the session has released those initializers.
  virtual std::vector<size_t> prepacked_inputs() const { return {}; }
};

using OpFactory = Expected<std::unique_ptr<Op>> (*)(const OpContext& ctx);

}  // namespace wnn
