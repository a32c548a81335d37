#include "wnn/ops/op.h"

namespace wnn {

Status OpContext::error(const std::string& what) const {
  return Status::error(node.op_type + " node '" + node.name + "' (opset " +
                       std::to_string(graph.opset) + "): " + what);
}

Status OpContext::require_float32_input(const std::vector<TensorDesc>& in) const {
  if (in.empty() || in[0].omitted()) return error("the input is missing");
  if (in[0].dtype != DType::kFloat32)
    return error(std::string("input of type ") + dtype_name(in[0].dtype) +
                 " is not supported; only float32");
  return ok_status();
}

const Tensor* OpContext::constant_input(size_t i) const {
  return has_input(i) ? graph.initializer(node.inputs[i]) : nullptr;
}

const std::string& OpContext::input_name(size_t i) const {
  static const std::string none;
  return i < node.inputs.size() ? node.inputs[i] : none;
}

}  // namespace wnn
