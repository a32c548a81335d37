// Builds small ONNX graphs in code (inputs and initializers of any dtype, symbolic dimensions)
// and runs them through a Session: the shape-op, pooling, resize, batch-norm and session tests use
// it.
#pragma once
#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "test_util.h"
#include "wnn/graph/graph.h"
#include "wnn/runtime/session.h"

namespace wnn::test {

struct GraphBuilder {
  Graph g;
  explicit GraphBuilder(int64_t opset = 13) { g.opset = opset; }

  // dims < 0 are symbolic, named "N" (for the first) or "d<i>".
  GraphBuilder& input(const std::string& name, DType dtype, Shape shape) {
    ValueInfo v;
    v.name = name;
    v.dtype = dtype;
    v.shape = shape;
    for (size_t i = 0; i < shape.size(); ++i)
      v.dim_names.push_back(shape[i] >= 0 ? "" : (i == 0 ? "N" : "d" + std::to_string(i)));
    g.inputs.push_back(v);
    return *this;
  }
  GraphBuilder& init(const std::string& name, Tensor t) {
    g.initializers[name] = std::move(t);
    return *this;
  }
  GraphBuilder& node(const std::string& op, std::vector<std::string> inputs,
                     std::vector<std::string> outputs,
                     std::map<std::string, Attribute> attrs = {}) {
    Node n;
    n.op_type = op;
    n.name = op + "_" + std::to_string(g.nodes.size());
    n.inputs = std::move(inputs);
    n.outputs = std::move(outputs);
    n.attributes = std::move(attrs);
    g.nodes.push_back(std::move(n));
    return *this;
  }
  GraphBuilder& output(const std::string& name) {
    ValueInfo v;
    v.name = name;
    g.outputs.push_back(v);
    return *this;
  }
};

// The message of a load that must fail (the test fails if the graph loads).
inline std::string load_error(const Graph& g) {
  auto s = Session::create(Graph(g));
  REQUIRE(!s.ok());
  return s.status().message();
}

// Loads the graph and runs it on `inputs` (one per graph input, in order). The error of load,
// plan or run comes back as the status.
inline Expected<std::vector<Tensor>> run_graph(Graph g, const std::vector<Tensor>& inputs,
                                               SessionOptions options = {}) {
  Expected<std::unique_ptr<Session>> s = Session::create(std::move(g), options);
  if (!s.ok()) return s.status();
  Session& session = *s.value();
  std::vector<Shape> shapes;
  for (const Tensor& t : inputs) shapes.push_back(t.shape);
  Status st = session.prepare(shapes);
  if (!st.ok()) return st;
  for (size_t i = 0; i < inputs.size(); ++i)
    if (!inputs[i].bytes.empty())
      std::memcpy(session.input_data(i), inputs[i].bytes.data(), inputs[i].bytes.size());
  st = session.run();
  if (!st.ok()) return st;
  std::vector<Tensor> out;
  for (size_t o = 0; o < session.outputs().size(); ++o) {
    Tensor t;
    t.dtype = session.output_dtype(o);
    t.shape = session.output_shape(o);
    t.bytes.resize(static_cast<size_t>(shape_elements(t.shape)) * dtype_size(t.dtype));
    if (!t.bytes.empty()) std::memcpy(t.bytes.data(), session.output_data(o), t.bytes.size());
    out.push_back(std::move(t));
  }
  return out;
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
