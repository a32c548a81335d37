// Builds the step list of an ExecutionPlan node by node (plan/ only). Subgraphs (If branches)
// are planned into the same list: their values get ids of their own ("<node>/then/<name>"), and
// they read the enclosing graph's values by name through their Scope.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "wnn/plan/execution_plan.h"

namespace wnn {

struct Body;
class IfOp;
class LoopOp;
class ScanOp;

// The names a graph being planned defines. The model's graph uses its names as they are
// (parent == nullptr); a subgraph's are made unique with `prefix` and may shadow outer ones.
struct Scope {
  const Scope* parent = nullptr;
  std::string prefix;
  std::map<std::string, int> local;
};

class PlanBuilder {
 public:
  PlanBuilder(ExecutionPlan& plan, ValueTable& values, size_t threads,
              uint64_t memory_limit = kDefaultMemoryLimitBytes)
      : plan_(plan), values_(values), threads_(threads), memory_limit_(memory_limit) {}

  // Plans `nodes` (with one op each) in order.
  Status plan_nodes(const std::vector<Node>& nodes, const std::vector<std::unique_ptr<Op>>& ops,
                    Scope& scope);
  // The id of `name` as `scope` sees it, or -1 when no value of that name is known yet.
  int resolve(const Scope& scope, const std::string& name) const;
  // A new value `name` of `scope`.
  int define(Scope& scope, const std::string& name);

  std::map<int, TensorDesc> known;    // every value planned so far
  std::vector<size_t> scratch_bytes;  // per step, all threads' copies

 private:
  Status plan_node(const Node& node, Op& op, Scope& scope);
  Status plan_if(const Node& node, const IfOp& op, Scope& scope);
  // Plans one branch of `node`; `outputs` receives the ids of the branch's outputs.
  Status plan_branch(const Node& node, const IfOp& op, bool which, const Scope& scope,
                     std::vector<int>& outputs);
  Status plan_loop(const Node& node, const LoopOp& op, Scope& scope);
  Status plan_scan(const Node& node, const ScanOp& op, Scope& scope);
  // Plans one iteration of a body in `inner` (its prefix set), its inputs bound to the ids
  // `bound_inputs`; `outputs` receives the ids of the body's outputs.
  Status plan_iteration(const Node& node, const Body& body, Scope& inner,
                        const std::vector<int>& bound_inputs, std::vector<int>& outputs);
  // A scalar known at plan time, as value `name` of `scope`.
  int plan_constant(Scope& scope, const std::string& name, DType dtype, const void* value);
  // Appends a step of an op the plan owns (a scan slice or stack) writing `output` of `scope`;
  // evaluated now when its inputs are known.
  Status emit_owned(const Node& node, std::unique_ptr<Op> op, const std::vector<int>& inputs,
                    Scope& scope, const std::string& output);
  // The node's output `name` takes the value `from`: the same constant, or a copy.
  void bind_output(const Node& node, Scope& scope, const std::string& name, int from);
  // Appends a step that copies value `from` into value `to` (a new value of the same desc).
  void emit_copy(const Node& node, int from, int to);
  void emit(Step step, const StepNeeds& needs);

  ExecutionPlan& plan_;
  ValueTable& values_;
  size_t threads_;
  uint64_t memory_limit_;
};

}  // namespace wnn
