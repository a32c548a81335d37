#include "wnn/ops/op.h"

namespace wnn {

Status OpContext::error(const std::string& what) const {
  return Status::error(node.op_type + " node '" + node.name + "' (opset " +
                       std::to_string(graph.opset) + "): " + what);
}

const Tensor* OpContext::constant_input(size_t i) const {
  return has_input(i) ? graph.initializer(node.inputs[i]) : nullptr;
}

const std::string& OpContext::input_name(size_t i) const {
  static const std::string none;
  return i < node.inputs.size() ? node.inputs[i] : none;
}

}  // namespace wnn
