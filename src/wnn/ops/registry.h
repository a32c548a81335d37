// The table of supported operators: one readable list (ops/registry.cpp).
#pragma once
#include <string>
#include <vector>

#include "wnn/ops/op.h"

namespace wnn {

struct OpRegistration {
  const char* op_type;
  int min_opset;  // the oldest opset whose semantics the implementation follows
  OpFactory create;
};

const OpRegistration* find_op(const std::string& op_type);
std::vector<std::string> supported_op_types();

}  // namespace wnn
