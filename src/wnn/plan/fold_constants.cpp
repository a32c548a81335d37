#include "wnn/plan/fold_constants.h"

#include <cstring>

#include "wnn/ops/registry.h"
#include "wnn/plan/evaluate.h"

namespace wnn {
namespace {

Tensor tensor_from(const TensorDesc& d) {
  Tensor t;
  t.dtype = d.dtype;
  t.shape = d.shape;
  t.bytes.resize(d.bytes());
  if (!t.bytes.empty()) std::memcpy(t.bytes.data(), d.data, t.bytes.size());
  return t;
}

// ONNX Constant: exactly one of value, value_float(s), value_int(s) (strings and sparse are
// not supported).
Expected<Tensor> constant_value(const Node& n, int64_t opset) {
  const std::string where = "Constant node '" + n.name + "' (opset " + std::to_string(opset) + "): ";
  if (const Attribute* a = n.attribute("value"); a && a->kind == Attribute::Kind::kTensor)
    return a->t;
  Tensor t;
  if (const Attribute* a = n.attribute("value_float")) {
    t.dtype = DType::kFloat32;
    t.bytes.resize(4);
    std::memcpy(t.bytes.data(), &a->f, 4);
  } else if (const Attribute* a = n.attribute("value_int")) {
    t.dtype = DType::kInt64;
    t.bytes.resize(8);
    std::memcpy(t.bytes.data(), &a->i, 8);
  } else if (const Attribute* a = n.attribute("value_floats")) {
    t.dtype = DType::kFloat32;
    t.shape = {static_cast<int64_t>(a->floats.size())};
    t.bytes.resize(a->floats.size() * 4);
    if (!a->floats.empty()) std::memcpy(t.bytes.data(), a->floats.data(), t.bytes.size());
  } else if (const Attribute* a = n.attribute("value_ints")) {
    t.dtype = DType::kInt64;
    t.shape = {static_cast<int64_t>(a->ints.size())};
    t.bytes.resize(a->ints.size() * 8);
    if (!a->ints.empty()) std::memcpy(t.bytes.data(), a->ints.data(), t.bytes.size());
  } else {
    return Status::error(where + "only the value, value_float(s) and value_int(s) attributes "
                                 "are supported (string and sparse constants are not)");
  }
  return t;
}

bool all_inputs_constant(const Node& n, const Graph& g) {
  bool any = false;
  for (const std::string& in : n.inputs) {
    if (in.empty()) continue;
    if (!g.initializer(in)) return false;
    any = true;
  }
  return any;
}

}  // namespace

Status fold_constants(Graph& g, const kernels::KernelSet& kernels) {
  std::vector<Node> kept;
  ConstantStore store;
  for (Node& n : g.nodes) {
    if (n.op_type == "Constant" && n.outputs.size() == 1) {
      Expected<Tensor> t = constant_value(n, g.opset);
      if (!t.ok()) return t.status();
      g.initializers[n.outputs[0]] = t.take();
      continue;
    }
    const OpRegistration* reg = find_op(n.op_type);
    if (!reg || !all_inputs_constant(n, g)) {
      kept.push_back(std::move(n));
      continue;
    }
    Expected<std::unique_ptr<Op>> op = reg->create(OpContext{n, g, kernels});
    if (!op.ok()) return op.status();
    std::vector<TensorDesc> in, out;
    for (const std::string& name : n.inputs) {
      if (name.empty()) { in.emplace_back(); continue; }
      const Tensor* t = g.initializer(name);
      in.push_back(TensorDesc{t->dtype, t->shape, t->bytes.data()});
    }
    size_t scratch = 0;
    WNN_RETURN_IF_ERROR(op.value()->reshape(in, out, scratch));
    evaluate_now(*op.value(), in, out, scratch, store);
    for (size_t o = 0; o < n.outputs.size() && o < out.size(); ++o)
      if (!n.outputs[o].empty()) g.initializers[n.outputs[o]] = tensor_from(out[o]);
    store.clear();
  }
  g.nodes = std::move(kept);
  return ok_status();
}

}  // namespace wnn
