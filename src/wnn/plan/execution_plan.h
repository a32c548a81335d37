// The plan for one set of concrete input shapes: every value's type, shape and place (an arena
// offset, or data known while planning), and the flat list of steps Session::run walks. Each
// step has one scratch buffer per thread that may run its tasks. Built by
// running each op's reshape in graph order; nodes whose inputs are all known (shape subgraphs)
// are evaluated here once and emit no step.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "wnn/graph/graph.h"
#include "wnn/ops/op.h"
#include "wnn/plan/evaluate.h"

namespace wnn {

constexpr int kOmittedValue = -1;  // an optional input left out ("")

struct Step {
  // How Session::run goes on after this step. kBranch and kJump steps compute nothing: they
  // plan an If whose condition is known only at run time (plan/plan_if.cpp).
  enum class Flow {
    kNext,    // run the op, then the next step
    kBranch,  // input 0 is a bool: true goes on to the next step, false to `target`
    kJump,    // go to `target`
  };
  Flow flow = Flow::kNext;
  size_t target = 0;
  Op* op = nullptr;
  const Node* node = nullptr;
  std::vector<int> inputs;   // value ids, or kOmittedValue
  std::vector<int> outputs;  // value ids, or kOmittedValue; may be fewer than output_descs
  std::vector<TensorDesc> input_descs, output_descs;
  ComputeRange compute;       // how run() splits into tasks
  double flops = 0;           // as the op reported it (0: not counted)
  size_t scratch_bytes = 0;   // per thread; thread t's scratch is at scratch_offset + t * this
  size_t scratch_offset = 0;  // bytes into the arena
};

struct ExecutionPlan {
  std::vector<Step> steps;
  std::vector<TensorDesc> values;  // by value id; data set when known while planning
  std::vector<bool> held_by_op;    // by value id: Graph::prepacked, no buffer (steps get nullptr)
  std::vector<size_t> value_offsets;  // bytes into the arena, for values without data
  ConstantStore constants;            // owns the data of values evaluated while planning
  // Ops the planner made for this plan (a Scan's per-iteration slices, stacked scan outputs).
  std::vector<std::unique_ptr<Op>> owned_ops;
  size_t arena_bytes = 0;
};

// Names every value of the graph with a dense id.
struct ValueTable {
  std::map<std::string, int> ids;
  std::vector<std::string> names;
  int id_of(const std::string& name);  // adds the name if new
};

// Each tensor, each step's scratch and the arena must fit `memory_limit` bytes, else the error.
// `kept` (value ids): values that live until after the last step, like graph outputs, so that
// their buffers still hold them after run() (taps); none changes nothing in the plan.
Expected<ExecutionPlan> build_execution_plan(const Graph& g,
                                             const std::vector<std::unique_ptr<Op>>& ops,
                                             ValueTable& values,
                                             const std::vector<Shape>& input_shapes,
                                             size_t threads = 1, const std::vector<int>& kept = {},
                                             uint64_t memory_limit = kDefaultMemoryLimitBytes);

}  // namespace wnn
