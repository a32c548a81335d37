#include "wnn/ops/registry.h"

namespace wnn {

Expected<std::unique_ptr<Op>> create_conv(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_gemm(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_max_pool(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_relu(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_flatten(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_reshape(const OpContext& ctx);

namespace {
const OpRegistration kOps[] = {
    {"Conv", 11, create_conv},
    {"Flatten", 11, create_flatten},
    {"Gemm", 11, create_gemm},
    {"MaxPool", 11, create_max_pool},
    {"Relu", 6, create_relu},
    {"Reshape", 5, create_reshape},
};
}  // namespace

const OpRegistration* find_op(const std::string& op_type) {
  for (const OpRegistration& r : kOps)
    if (op_type == r.op_type) return &r;
  return nullptr;
}

std::vector<std::string> supported_op_types() {
  std::vector<std::string> out;
  for (const OpRegistration& r : kOps) out.push_back(r.op_type);
  return out;
}

}  // namespace wnn
