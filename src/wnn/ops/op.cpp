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

std::string tensor_size_problem(const std::string& what, const Shape& shape, DType dtype,
                                uint64_t memory_limit) {
  for (int64_t d : shape)
    if (d < 0)
      return what + " would have shape " + shape_string(shape) +
             ", with a negative dimension (the model's shape arithmetic is wrong)";
  const std::optional<int64_t> elements = checked_elements(shape);
  const uint64_t elem = dtype_size(dtype) ? dtype_size(dtype) : 1;
  if (!elements || static_cast<uint64_t>(*elements) > UINT64_MAX / elem)
    return what + " would have shape " + shape_string(shape) +
           ", more elements than a 64-bit count holds; the model's dimensions overflow";
  const uint64_t bytes = static_cast<uint64_t>(*elements) * elem;
  if (bytes > memory_limit)
    return what + " would have shape " + shape_string(shape) + " (" + std::to_string(bytes) +
           " bytes of " + dtype_name(dtype) + "), over the memory limit of " +
           std::to_string(memory_limit) +
           " bytes; give smaller inputs or raise SessionOptions.memory_limit_bytes";
  return {};
}

Status OpLabel::check_output_size(size_t index, const Shape& shape, DType dtype,
                                  uint64_t memory_limit) const {
  const std::string problem =
      tensor_size_problem("output " + std::to_string(index), shape, dtype, memory_limit);
  return problem.empty() ? ok_status() : error(problem);
}

const Tensor* OpContext::constant_input(size_t i) const {
  return has_input(i) ? graph.initializer(node.inputs[i]) : nullptr;
}

std::vector<uint8_t> OpContext::take_constant_bytes(size_t i) const {
  if (own_graph && may_take && may_take(i)) {
    auto it = own_graph->initializers.find(node.inputs[i]);
    if (it != own_graph->initializers.end()) return std::move(it->second.bytes);
  }
  const Tensor* t = constant_input(i);
  return t ? t->bytes : std::vector<uint8_t>{};
}

const std::string& OpLabel::input_name(size_t i) const {
  static const std::string none;
  return i < inputs_.size() ? inputs_[i] : none;
}

}  // namespace wnn

namespace wnn {

Task ComputeRange::task(size_t index, void* scratch) const {
  Task t;
  t.scratch = scratch;
  const size_t i1 = index % tiles(1);
  t.begin[0] = index / tiles(1) * tile[0];
  t.end[0] = std::min(range[0], t.begin[0] + tile[0]);
  t.begin[1] = i1 * tile[1];
  t.end[1] = std::min(range[1], t.begin[1] + tile[1]);
  return t;
}

ComputeRange split_units(size_t units, size_t threads, size_t min_units, size_t align) {
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

size_t wanted_tasks(double flops, size_t threads) {
  if (threads <= 1) return 1;
  return std::max<size_t>(
      1, std::min(kTasksPerThread * threads, static_cast<size_t>(flops / kMinTaskFlops)));
}

ComputeRange split_elements(size_t elements, size_t threads) {
  return split_units(elements, threads, 16 * 1024, 16);
}

ComputeRange split_planes(size_t planes, size_t plane_outputs, size_t threads) {
  return split_units(planes, threads, 4096 / std::max<size_t>(1, plane_outputs));
}

void run_serially(Op& op, const RunArgs& args, const ComputeRange& c, void* scratch) {
  for (size_t i = 0, n = c.tasks(); i < n; ++i) op.run(args, c.task(i, scratch));
}

}  // namespace wnn
