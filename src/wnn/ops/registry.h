// The table of supported operators: one readable list (ops/registry.cpp).
#pragma once
#include <string>
#include <vector>

#include "wnn/ops/op.h"

namespace wnn {

// The newest opset of the default ONNX domain wasmnn loads (the session refuses later ones).
constexpr int kNewestOpset = 21;

// One operator: it follows the semantics of opsets [min_opset, max_opset]. Within that span,
// the op reads ctx.opset() to pick the form of each version (Split's num_outputs from 18, Pad's
// wrap from 19, ...), so a row only sets max_opset when an op stops short of kNewestOpset.
struct OpRegistration {
  const char* op_type;
  int min_opset;  // the oldest opset whose semantics the implementation follows
  OpFactory create;
  int max_opset = kNewestOpset;  // the newest opset whose semantics it follows
};

const OpRegistration* find_op(const std::string& op_type);
std::vector<std::string> supported_op_types();

}  // namespace wnn
