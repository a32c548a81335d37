// Helpers shared by the unit tests: seeded random data, and ONNX graphs built in code.
#pragma once
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "wnn/graph/graph.h"

namespace wnn::test {

inline std::vector<float> random_floats(size_t n, uint32_t seed, float lo = -1.0f, float hi = 1.0f) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

inline Tensor float_tensor(Shape shape, const std::vector<float>& values) {
  Tensor t;
  t.dtype = DType::kFloat32;
  t.shape = std::move(shape);
  t.bytes.resize(values.size() * 4);
  std::memcpy(t.bytes.data(), values.data(), t.bytes.size());
  return t;
}

inline Attribute ints_attr(std::vector<int64_t> v) {
  Attribute a;
  a.kind = Attribute::Kind::kInts;
  a.ints = std::move(v);
  return a;
}

inline Attribute int_attr(int64_t v) {
  Attribute a;
  a.kind = Attribute::Kind::kInt;
  a.i = v;
  return a;
}

inline Attribute string_attr(std::string v) {
  Attribute a;
  a.kind = Attribute::Kind::kString;
  a.s = std::move(v);
  return a;
}

inline ValueInfo float_value(std::string name, Shape shape) {
  ValueInfo v;
  v.name = std::move(name);
  v.dtype = DType::kFloat32;
  v.shape = std::move(shape);
  v.dim_names.assign(v.shape.size(), "");
  return v;
}

// A graph with one node reading graph input "x" (plus initializers) and writing output "y".
inline Graph single_node_graph(const std::string& op_type, Shape x_shape, Node node) {
  Graph g;
  g.opset = 13;
  g.inputs.push_back(float_value("x", std::move(x_shape)));
  g.outputs.push_back(float_value("y", {}));
  node.op_type = op_type;
  if (node.name.empty()) node.name = "node0";
  node.inputs.insert(node.inputs.begin(), "x");
  node.outputs = {"y"};
  g.nodes.push_back(std::move(node));
  return g;
}

}  // namespace wnn::test
