// Runs one operator directly (create, reshape, run), without a Session: for tests that need
// shapes a Session cannot take as inputs (empty tensors, scalars), input data known or unknown
// at plan time, and either kernel set.
#pragma once
#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "test_util.h"
#include "wnn/graph/graph.h"
#include "wnn/kernels/kernel_config.h"
#include "wnn/ops/registry.h"

namespace wnn::test {

struct OpCall {
  std::string op_type;
  int64_t opset = 13;
  std::vector<Tensor> inputs;  // dtype kUndefined: an omitted optional input
  std::vector<bool> known;     // per input: data visible while planning (default: no)
  std::map<std::string, Attribute> attributes;
  size_t outputs = 1;
  bool scalar_kernels = false;
};

struct OpResult {
  Status status;  // the create or reshape error, if any
  std::vector<Tensor> outputs;
  bool ok() const { return status.ok(); }
};

inline OpResult run_op(const OpCall& call) {
  OpResult r;
  Graph g;
  g.opset = call.opset;
  Node n;
  n.name = "node0";
  n.op_type = call.op_type;
  n.attributes = call.attributes;
  for (size_t i = 0; i < call.inputs.size(); ++i)
    n.inputs.push_back(call.inputs[i].dtype == DType::kUndefined ? "" : "in" + std::to_string(i));
  for (size_t o = 0; o < call.outputs; ++o) n.outputs.push_back("out" + std::to_string(o));
  const OpRegistration* reg = find_op(call.op_type);
  if (!reg) {
    r.status = Status::error("no op " + call.op_type);
    return r;
  }
  const kernels::KernelConfig& ks =
      call.scalar_kernels ? kernels::scalar_kernels() : kernels::default_kernels();
  Expected<std::unique_ptr<Op>> op = reg->create(OpContext{n, g, ks});
  if (!op.ok()) {
    r.status = op.status();
    return r;
  }
  std::vector<TensorDesc> in, out;
  for (size_t i = 0; i < call.inputs.size(); ++i) {
    const Tensor& t = call.inputs[i];
    const bool known = i < call.known.size() && call.known[i];
    in.push_back(TensorDesc{t.dtype, t.shape, known ? t.bytes.data() : nullptr});
  }
  StepNeeds needs;
  r.status = op.value()->reshape(in, out, needs);
  if (!r.status.ok()) return r;
  RunArgs args;
  for (const Tensor& t : call.inputs)
    args.inputs.push_back(t.dtype == DType::kUndefined ? nullptr : t.bytes.data());
  r.outputs.resize(out.size());
  for (size_t o = 0; o < out.size(); ++o) {
    r.outputs[o].dtype = out[o].dtype;
    r.outputs[o].shape = out[o].shape;
    r.outputs[o].bytes.assign(out[o].bytes(), 0xAB);  // garbage the op must overwrite
    args.outputs.push_back(o < call.outputs ? r.outputs[o].bytes.data() : nullptr);
  }
  std::vector<uint8_t> scratch(needs.scratch_bytes + 8);
  args.input_descs = &in;
  args.output_descs = &out;
  run_serially(*op.value(), args, needs.compute, scratch.data());
  return r;
}

// The one-line form the op tests use: op, inputs, which inputs are known while planning,
// attributes, opset, output count.
inline OpResult call(std::string op, std::vector<Tensor> inputs, std::vector<bool> known = {},
                     std::map<std::string, Attribute> attrs = {}, int64_t opset = 13,
                     size_t outputs = 1) {
  OpCall c;
  c.op_type = std::move(op);
  c.opset = opset;
  c.inputs = std::move(inputs);
  c.known = std::move(known);
  c.attributes = std::move(attrs);
  c.outputs = outputs;
  return run_op(c);
}

// The only output of a call that must succeed.
inline Tensor only(const OpResult& r) {
  REQUIRE_MESSAGE(r.ok(), r.status.message());
  return r.outputs[0];
}

// The message of a call that must fail.
inline std::string error_of(const OpResult& r) {
  REQUIRE(!r.ok());
  return r.status.message();
}

}  // namespace wnn::test
