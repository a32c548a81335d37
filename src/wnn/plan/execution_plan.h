// The plan for one set of concrete input shapes: every value's shape and arena offset, and the
// flat list of steps Session::run walks. Built by running each op's reshape in graph order.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "wnn/graph/graph.h"
#include "wnn/ops/op.h"

namespace wnn {

constexpr int kConstantValue = -1;  // an input read from an initializer, not the arena
constexpr int kOmittedValue = -2;   // an optional input left out ("")

struct Step {
  Op* op = nullptr;
  const Node* node = nullptr;
  std::vector<int> inputs;   // value ids, or kConstantValue / kOmittedValue
  std::vector<int> outputs;  // value ids
  std::vector<Shape> input_shapes, output_shapes;
  size_t scratch_offset = 0;  // bytes into the arena
};

struct ExecutionPlan {
  std::vector<Step> steps;
  std::vector<Shape> value_shapes;    // by value id
  std::vector<size_t> value_offsets;  // bytes into the arena, by value id
  size_t arena_bytes = 0;
};

// Names every non-constant value of the graph with a dense id: graph inputs first.
struct ValueTable {
  std::map<std::string, int> ids;
  std::vector<std::string> names;
  int id_of(const std::string& name);  // adds the name if new
};

Expected<ExecutionPlan> build_execution_plan(const Graph& g,
                                             const std::vector<std::unique_ptr<Op>>& ops,
                                             ValueTable& values,
                                             const std::vector<Shape>& input_shapes);

}  // namespace wnn
