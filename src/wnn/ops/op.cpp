#include "wnn/ops/op.h"

#include <algorithm>

namespace wnn {

OpLabel::OpLabel(const Node& node, int64_t opset)
    : op_type_(node.op_type),
      name_(node.name),
      opset_(opset),
      inputs_(node.inputs),
      output_count_(node.outputs.size()) {}

Status OpLabel::error(const std::string& what) const {
  return Status::error(op_type_ + " node '" + name_ + "' (opset " + std::to_string(opset_) +
                       "): " + what);
}

Status OpLabel::require_float32_input(const std::vector<TensorDesc>& in) const {
  if (in.empty() || in[0].omitted()) return error("the input is missing");
  if (in[0].dtype != DType::kFloat32)
    return error(std::string("input of type ") + dtype_name(in[0].dtype) +
                 " is not supported; only float32");
  return ok_status();
}

const Tensor* OpContext::constant_input(size_t i) const {
  return has_input(i) ? graph.initializer(node.inputs[i]) : nullptr;
}

const std::string& OpLabel::input_name(size_t i) const {
  static const std::string none;
  return i < inputs_.size() ? inputs_[i] : none;
}

}  // namespace wnn

namespace wnn {

ComputeRange split_units(size_t units, size_t threads, size_t min_units, size_t align) {
  constexpr size_t kTasksPerThread = 4;
  ComputeRange c;  // no units: no task
  c.range[1] = units;
  c.tile[1] = std::max<size_t>(1, units);
  if (threads <= 1) return c;
  const size_t tasks = std::min(kTasksPerThread * threads, units / std::max<size_t>(1, min_units));
  if (tasks <= 1) return c;
  const size_t tile = (units + tasks - 1) / tasks;
  c.tile[1] = (tile + align - 1) / align * align;
  return c;
}

void run_serially(Op& op, const RunArgs& args, const ComputeRange& c, void* scratch) {
  Task t;
  t.scratch = scratch;
  for (size_t i = 0; i < c.range[0]; i += c.tile[0]) {
    t.begin[0] = i;
    t.end[0] = std::min(c.range[0], i + c.tile[0]);
    for (size_t j = 0; j < c.range[1]; j += c.tile[1]) {
      t.begin[1] = j;
      t.end[1] = std::min(c.range[1], j + c.tile[1]);
      op.run(args, t);
    }
  }
}

}  // namespace wnn
