// An operator in three phases, as in XNNPACK: create (validate attributes, prepack constant
// inputs; once per session), reshape (output types, shapes and scratch for concrete inputs; once
// per planned shape) and run (compute; no allocation).
//
// Values whose data is known while planning (initializers, and anything computed only from them
// and from shapes, like Shape -> Gather -> Concat) carry it in TensorDesc::data: ops such as
// Reshape read their target shape there, and the planner evaluates such nodes once instead of
// emitting a step.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "wnn/core/dtype.h"
#include "wnn/core/memory_limit.h"
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

// What an op keeps of its node after create, to name it in the errors reshape() returns: the
// op reads no graph type after create (TFLite Micro's parse step), so the graph could go.
class OpLabel {
 public:
  OpLabel(const Node& node, int64_t opset);

  // "Conv node 'conv1' (opset 13): <what>" — the prefix every op error starts with.
  Status error(const std::string& what) const;
  const std::string& input_name(size_t i) const;  // "" when absent
  bool has_input(size_t i) const { return i < inputs_.size() && !inputs_[i].empty(); }
  size_t output_count() const { return output_count_; }
  int64_t opset() const { return opset_; }
  // ok when input 0 is present and float32; else the error to return from reshape().
  Status require_float32_input(const std::vector<TensorDesc>& in) const;
  // ok when output `index` of shape `shape` and type `dtype` has a countable number of
  // elements (no dim negative, no int64 overflow) and fits `memory_limit` bytes; else the error.
  Status check_output_size(size_t index, const Shape& shape, DType dtype,
                           uint64_t memory_limit) const;

 private:
  std::string op_type_, name_;
  int64_t opset_;
  std::vector<std::string> inputs_;
  size_t output_count_;
};

// What create() sees: the node with its attributes, the graph (initializers, opset) and the
// kernel table. Only create() gets one; an op keeps its OpLabel part.
struct OpContext : OpLabel {
  OpContext(const Node& n, const Graph& g, const kernels::KernelConfig& k)
      : OpLabel(n, g.opset), node(n), graph(g), kernels(k) {}

  const Node& node;
  const Graph& graph;
  const kernels::KernelConfig& kernels;

  const Tensor* constant_input(size_t i) const;  // the initializer at input i, or nullptr
  // The bytes of the initializer at input i for an op that keeps them in the file's layout (and
  // lists i in prepacked_inputs()): moved out of the graph when this node is the last to read
  // them (loading then holds each weight once), copied otherwise.
  std::vector<uint8_t> take_constant_bytes(size_t i) const;

  // Set by the session: the graph, and whether input i's initializer is this node's to take.
  Graph* own_graph = nullptr;
  std::function<bool(size_t)> may_take;
};

struct RunArgs {
  std::vector<const void*> inputs;  // nullptr for omitted optional inputs
  std::vector<void*> outputs;       // one per output desc; nullptr where the graph does not use it
  const std::vector<TensorDesc>* input_descs = nullptr;
  const std::vector<TensorDesc>* output_descs = nullptr;

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
};

// How a step's work splits into tasks (XNNPACK's compute descriptor): a 2-D range of units,
// handed out `tile` units at a time. Tasks write disjoint outputs and never share a reduction,
// so any split (serial, or over any number of threads) computes the same bits.
struct Task;
struct ComputeRange {
  size_t range[2] = {1, 1};
  size_t tile[2] = {1, 1};

  size_t tasks() const { return tiles(0) * tiles(1); }
  size_t tiles(size_t d) const { return (range[d] + tile[d] - 1) / tile[d]; }
  // Task `index` (0 .. tasks() - 1, dimension 1 fastest), running on `scratch`.
  Task task(size_t index, void* scratch) const;
};

// With threads, a step splits into this many tasks per thread when its work allows: equal
// shares, and a thread held up by the browser leaves half its share to the others. Fewer tasks
// cost less: each one packs its own columns and ends in edge tiles (2026-12-04, Node, 2
// threads, build/wasm/mt/wnn-profile-mt.cjs: 4 per thread ran ResNet-20 in 2.45-3.26 ms, 2 per
// thread in 2.09, 1 in 2.02-2.05; BlazeFace back 13.1 / 12.1 / 12.4 ms, VGG-16 14.5 / 13.5 / 13.3).
constexpr size_t kTasksPerThread = 2;
// Below this many FLOPs (or integer multiply-adds x 2) a task costs more than it splits.
constexpr double kMinTaskFlops = 1 << 17;
// The tasks a step of `flops` wants: with threads, kTasksPerThread per thread, each of at least
// kMinTaskFlops (at least one task); without threads, one.
size_t wanted_tasks(double flops, size_t threads);
// a / b rounded up: blocks of b that cover a units.
inline size_t ceil_div(size_t a, size_t b) { return (a + b - 1) / b; }

// `units` independent units of work (elements, planes) as dimension 1 of a range: one task, or
// with threads kTasksPerThread equal tasks per thread when each gets at least `min_units`. Tile
// sizes are multiples of `align` (so SIMD kernels keep whole vectors).
ComputeRange split_units(size_t units, size_t threads, size_t min_units, size_t align = 1);
// The two uses of it: elementwise work (16K elements per task at least, whole 16-float blocks)
// and pools (planes of `plane_outputs` outputs, 4K outputs per task at least).
ComputeRange split_elements(size_t elements, size_t threads);
ComputeRange split_planes(size_t planes, size_t plane_outputs, size_t threads);

// What reshape() asks of the plan for one step.
struct StepNeeds;
// The error for a tensor `what` ("output 0 ('y')") of `shape` and `dtype` whose element count
// is negative or overflows int64, or whose bytes pass `memory_limit`; empty when it fits.
std::string tensor_size_problem(const std::string& what, const Shape& shape, DType dtype,
                                uint64_t memory_limit);

struct StepNeeds {
  // In: the threads that will share the step's tasks, a hint for how finely to split the work
  // (the bits never depend on the split).
  size_t threads = 1;
  // In: the most bytes one tensor (an output, or a table the op builds) may take; an op that
  // allocates anything sized by its output while reshaping checks check_output_size() first.
  uint64_t memory_limit = kDefaultMemoryLimitBytes;
  // Out:
  size_t scratch_bytes = 0;  // for one task; each thread running tasks gets its own
  ComputeRange compute;      // the default: one task does everything
  double flops = 0;          // multiply-adds x 2 of the step, for the profile's GFLOP/s
};

// One task: units [begin[d], end[d]) of each dimension of the step's range, and the scratch of
// the thread that runs it.
struct Task {
  size_t begin[2] = {0, 0};
  size_t end[2] = {1, 1};
  void* scratch = nullptr;

  template <typename T = float>
  T* scratch_as() const {
    return static_cast<T*>(scratch);
  }
};

// Runs every task of a step, one after another, on one scratch buffer.
class Op;
void run_serially(Op& op, const RunArgs& args, const ComputeRange& compute, void* scratch);

class Op {
 public:
  virtual ~Op() = default;
  // `in` describes every node input, in order (omitted ones with dtype kUndefined). Fills `out`
  // (one per node output; an op may set out[i].data when it knows the values already, as Shape
  // does), the scratch one task needs and how the work splits into tasks.
  virtual Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                         StepNeeds& needs) = 0;
  // Computes the outputs of one task (the whole step, for ops that do not split their work).
  // Sees only descriptors, pointers and the op's own parsed parameters.
  virtual void run(const RunArgs& args, const Task& task) = 0;
  // The inputs whose values the op copied (packed) when it was created and never reads again:
  // reshape() and run() get no data for them when the session has released those initializers.
  virtual std::vector<size_t> prepacked_inputs() const { return {}; }
};

using OpFactory = Expected<std::unique_ptr<Op>> (*)(const OpContext& ctx);

}  // namespace wnn
