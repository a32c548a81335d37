// The C++ API: load an ONNX model once, then run it on inputs of any shape the model admits.
// The arena is planned once per distinct set of input shapes; run() allocates nothing.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "wnn/core/status.h"
#include "wnn/graph/graph.h"
#include "wnn/onnx/byte_source.h"
#include "wnn/ops/op.h"
#include "wnn/plan/execution_plan.h"
#include "wnn/runtime/thread_pool.h"
#include "wnn/runtime/value_catalog.h"

namespace wnn {

struct SessionOptions {
  bool scalar_kernels = false;  // run the scalar reference kernels instead of SIMD128
  // Fold a Relu/Clip, and a residual Add, into the Conv or Gemm before it (graph/passes/fuse_*):
  // the same bits, one pass over memory less. Off: every node runs as a step of its own.
  bool fuse_epilogues = true;
  bool fold_batch_norm = true;  // fold a BatchNormalization into the Conv before it at load
  // Keep the bytes of every value folded from constants at load, even when the ops reading it
  // packed it into their own layout, so that taps can return it (costs their memory).
  bool keep_folded_values = false;
  // Threads that run each step's tasks, the caller included. More than 1 needs a build with
  // threads (native, or the simd-threads wasm build); elsewhere create() refuses it. Outputs
  // are the same bits at every thread count.
  size_t threads = 1;
  // 3x3 stride-1 convolutions by Winograd F(2x2, 3x3) where it pays (ops/nn/conv.cpp): 2.25x
  // fewer products, a different rounding than the direct sum (still the same bits in every
  // browser and at every thread count). Off: every conv is the direct sum (im2col + GEMM).
  bool winograd = true;
  // A GEMM tile by name (kernels::gemm_configs()) instead of the build's default, to measure
  // tiles against each other; empty: the default.
  std::string gemm;
  // The most bytes any one tensor, and the arena of all of them, may take: a model or input
  // shapes asking for more are refused with a message when planning (core/memory_limit.h).
  uint64_t memory_limit_bytes = kDefaultMemoryLimitBytes;
};

class Session {
 public:
  static Expected<std::unique_ptr<Session>> create(const uint8_t* onnx, size_t size,
                                                   const SessionOptions& options = {});
  // The model read from a source one field at a time (onnx/byte_source.h): loading peaks near
  // the model's size instead of twice it.
  static Expected<std::unique_ptr<Session>> create(ByteSource& onnx,
                                                   const SessionOptions& options = {});
  static Expected<std::unique_ptr<Session>> create(Graph graph, const SessionOptions& options = {});
  ~Session();

  const std::vector<ValueInfo>& inputs() const { return graph_.inputs; }
  const std::vector<ValueInfo>& outputs() const { return graph_.outputs; }
  int64_t opset() const { return graph_.opset; }
  const char* kernels_name() const { return kernels_.name; }
  size_t threads() const { return pool_ ? pool_->threads() : 1; }
  // The GEMM tile, and the conv tile for short sums when there is one: "4x8-name+2x16-name".
  std::string gemm_name() const {
    return std::string(kernels_.gemm.name) +
           (kernels_.gemm_wide ? std::string("+") + kernels_.gemm_wide->name : "");
  }

  // Checks the shapes against the model's inputs and (re)plans when they differ from the last
  // plan. Input and output buffers move when the plan changes.
  Status prepare(const std::vector<Shape>& input_shapes);
  void* input_data(size_t i);
  const void* output_data(size_t i) const;
  const Shape& output_shape(size_t i) const;
  DType output_dtype(size_t i) const;
  const Shape& planned_input_shape(size_t i) const { return planned_shapes_[i]; }
  // How many plans prepare() has made: it moves when buffers may have moved.
  size_t plans_made() const { return plans_made_; }
  Status run();

  // Taps: values of the model returned by name beside the outputs, for investigations. The
  // values a session can return, in the model's order: its inputs, then every node output it
  // computes or holds (graph passes merge some away: fuse_epilogues, fold_batch_norm).
  const std::vector<std::string>& value_names() const { return catalog_.tappable(); }
  // Replaces the tapped values (empty: none). An unknown or merged-away name is an error naming
  // each one and why; the taps are then unchanged. A new set takes effect at the next prepare(),
  // which plans again: the plan keeps a tapped value until the end of run() instead of reusing
  // its memory. Without taps the plan is the same as if taps did not exist.
  Status set_taps(const std::vector<std::string>& names);
  const std::vector<std::string>& taps() const { return tap_names_; }
  // Tap i (in the order given to set_taps) after run(); valid until the next prepare().
  const void* tap_data(size_t i) const;
  const Shape& tap_shape(size_t i) const { return plan_.values[tap_ids_[i]].shape; }
  DType tap_dtype(size_t i) const { return plan_.values[tap_ids_[i]].dtype; }
  // Nodes of the model merged into `node` at load (e.g. the Relu a Conv applies): a profile
  // step's time covers them too.
  const std::vector<std::string>& merged_nodes(const Node& node) const {
    return catalog_.merged_into(node.name);
  }

  size_t arena_bytes() const { return plan_.arena_bytes; }

  // Per-step timing, off by default (a clock read per step). While on, every run() adds each
  // step's time to profile(); reset by set_profiling() and by a new plan.
  void set_profiling(bool on);
  struct StepTime {
    const Node* node;    // the step's node (op type, name); valid while the session lives
    double seconds = 0;  // summed over runs
    double flops = 0;    // per run, when the op counts them
    size_t runs = 0;
  };
  const std::vector<StepTime>& profile() const { return profile_; }
  // Bytes of initializer data the session keeps; weights the ops packed were released at create.
  size_t initializer_bytes() const;

 private:
  Session() = default;
  Status validate_input_shape(size_t i, const Shape& given) const;
  void* value_data(int id) const;
  void bind_step_args();

  Graph graph_;
  kernels::KernelConfig kernels_;
  std::vector<std::unique_ptr<Op>> ops_;  // one per graph node
  ValueTable values_;
  std::vector<int> input_ids_, output_ids_;
  ValueCatalog catalog_;
  std::vector<std::string> tap_names_;
  std::vector<int> tap_ids_;
  std::vector<Shape> planned_shapes_;
  ExecutionPlan plan_;
  std::vector<RunArgs> step_args_;    // per step, bound to the arena by prepare()
  std::unique_ptr<ThreadPool> pool_;  // when threads > 1
  bool profiling_ = false;
  std::vector<StepTime> profile_;
  void reset_profile();
  bool planned_ = false;
  size_t plans_made_ = 0;
  float* arena_ = nullptr;  // aligned to kArenaAlignment
  size_t arena_capacity_ = 0;
  uint64_t memory_limit_ = kDefaultMemoryLimitBytes;
};

}  // namespace wnn
