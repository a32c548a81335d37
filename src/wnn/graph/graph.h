// The graph IR: what the ONNX decoder produces and every later stage reads. It holds no protobuf
// types; tensor data of initializers is owned here (copied once out of the .onnx bytes).
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wnn/core/activation.h"
#include "wnn/core/dtype.h"
#include "wnn/core/shape.h"

namespace wnn {

struct Tensor {
  DType dtype = DType::kUndefined;
  Shape shape;
  std::vector<uint8_t> bytes;  // little-endian, C order

  const float* f32() const { return reinterpret_cast<const float*>(bytes.data()); }
  const int64_t* i64() const { return reinterpret_cast<const int64_t*>(bytes.data()); }
  int64_t elements() const { return shape_elements(shape); }
};

struct Graph;

struct Attribute {
  enum class Kind { kFloat, kInt, kString, kTensor, kFloats, kInts, kStrings, kGraph, kOther };
  Kind kind = Kind::kOther;
  float f = 0;
  int64_t i = 0;
  std::string s;
  Tensor t;
  std::vector<float> floats;
  std::vector<int64_t> ints;
  std::vector<std::string> strings;
  std::shared_ptr<Graph> g;  // kGraph: a subgraph (If's branches, Loop's and Scan's body)
};

struct Node {
  std::string name;  // may be empty in ONNX; then a name is made from op type and index
  std::string op_type;
  std::string domain;               // "" is the default ONNX domain
  std::vector<std::string> inputs;  // "" marks an omitted optional input
  std::vector<std::string> outputs;
  std::map<std::string, Attribute> attributes;
  // Set by graph/passes/fuse_activation on Conv and Gemm nodes: the Relu or Clip that followed
  // the node, applied in its epilogue. Never read from the file.
  Activation activation;
  // Set by graph/passes/float16_in_float32 on a Cast to float16 inside the graph: the output
  // stays float32, holding the values rounded to float16. Never read from the file.
  bool float16_as_float32 = false;

  const Attribute* attribute(const std::string& key) const;
  int64_t attr_int(const std::string& key, int64_t fallback) const;
  float attr_float(const std::string& key, float fallback) const;
  std::string attr_string(const std::string& key, const std::string& fallback) const;
  std::vector<int64_t> attr_ints(const std::string& key) const;  // empty if absent
  const Graph* attr_graph(const std::string& key) const;         // nullptr if absent
  bool has_subgraph() const;
};

struct ValueInfo {
  std::string name;
  DType dtype = DType::kUndefined;
  Shape shape;                         // kUnknownDim where symbolic or absent
  std::vector<std::string> dim_names;  // dim_param per dim ("" where concrete)
  // The type as the file declares it, for messages when dtype is kUndefined: "float64 (ONNX
  // data type 11)", "a sequence"...; "" when the file declares none.
  std::string declared_type;
};

struct Graph {
  int64_t opset = 0;  // version of the default ONNX domain
  std::string producer;
  std::vector<ValueInfo> inputs;  // graph inputs that are not initializers
  std::vector<ValueInfo> outputs;
  std::vector<Node> nodes;  // in the file's order (ONNX requires topological order)
  std::map<std::string, Tensor> initializers;
  // Initializers every reader copied into its own packed form when the session created its ops
  // (Op::prepacked_inputs): their type and shape stay here, their bytes are gone.
  std::map<std::string, Tensor> prepacked;
  // A subgraph's enclosing graph (set by link_subgraph_scopes), whose values and initializers it
  // may read by name; nullptr for the model's graph.
  const Graph* parent = nullptr;

  // Searches this graph's initializers, then the enclosing graphs'.
  const Tensor* initializer(const std::string& name) const;
};

// Points every subgraph's `parent` at the graph that holds its node, at every depth. Call once
// the graph has its final address (the session's own copy).
void link_subgraph_scopes(Graph& g);

// The names the subgraphs of `n` may read from the enclosing scope: every input of their nodes
// and every subgraph output, at every depth (a superset: names defined inside are included).
// Passes that merge or drop values count these as readers.
void append_subgraph_reads(const Node& n, std::vector<std::string>& names);

}  // namespace wnn
