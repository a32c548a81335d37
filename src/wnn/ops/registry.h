// The table of supported operators: one readable list (ops/registry.cpp).
#pragma once
#include <string>
#include <vector>

#include "wnn/ops/op.h"

namespace wnn {

// The newest opset of the default ONNX domain wasmnn loads (the session refuses later ones).
constexpr int kNewestOpset = 21;

// How many inputs and outputs a node of an operator has, as ONNX declares them; checked at load
// before any op's create() runs, so no op reads an input or writes an output the node lacks.
// Required inputs and outputs come first in ONNX: the first min_* must be named (not ""); later
// ones are optional and may be "" or left out.
constexpr int kVariadic = 1 << 20;  // "any number"
struct Arity {
  int min_inputs = 1, max_inputs = 1, min_outputs = 1, max_outputs = 1;
};
constexpr Arity ins(int n) { return Arity{n, n, 1, 1}; }
constexpr Arity ins(int min, int max) { return Arity{min, max, 1, 1}; }
constexpr Arity io(int min_in, int max_in, int min_out, int max_out) {
  return Arity{min_in, max_in, min_out, max_out};
}
// The arity from `since_opset` on, where an opset changed it (Pad's pads became an input in 11).
struct ArityChange {
  int since_opset = 0;  // 0: no change
  Arity arity;
};

// One operator: it follows the semantics of opsets [min_opset, max_opset]. Within that span,
// the op reads ctx.opset() to pick the form of each version (Split's num_outputs from 18, Pad's
// wrap from 19, ...), so a row only sets max_opset when an op stops short of kNewestOpset.
struct OpRegistration {
  const char* op_type;
  int min_opset;  // the oldest opset whose semantics the implementation follows
  OpFactory create;
  Arity arity;                   // from min_opset on
  ArityChange arity_changes[2] = {};  // in opset order
  int max_opset = kNewestOpset;  // the newest opset whose semantics it follows

  Arity arity_at(int64_t opset) const;
};

const OpRegistration* find_op(const std::string& op_type);
std::vector<std::string> supported_op_types();

// Empty when `node`'s input and output counts fit its op's arity at `opset`; else the refusal,
// naming the node, op, opset and the expected and given counts.
std::string arity_refusal(const OpRegistration& op, const Node& node, int64_t opset);

}  // namespace wnn
