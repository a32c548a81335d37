#include "wnn/graph/graph.h"

namespace wnn {

const Attribute* Node::attribute(const std::string& key) const {
  auto it = attributes.find(key);
  return it == attributes.end() ? nullptr : &it->second;
}

int64_t Node::attr_int(const std::string& key, int64_t fallback) const {
  const Attribute* a = attribute(key);
  return a && a->kind == Attribute::Kind::kInt ? a->i : fallback;
}

float Node::attr_float(const std::string& key, float fallback) const {
  const Attribute* a = attribute(key);
  return a && a->kind == Attribute::Kind::kFloat ? a->f : fallback;
}

std::string Node::attr_string(const std::string& key, const std::string& fallback) const {
  const Attribute* a = attribute(key);
  return a && a->kind == Attribute::Kind::kString ? a->s : fallback;
}

std::vector<int64_t> Node::attr_ints(const std::string& key) const {
  const Attribute* a = attribute(key);
  return a && a->kind == Attribute::Kind::kInts ? a->ints : std::vector<int64_t>{};
}

const Graph* Node::attr_graph(const std::string& key) const {
  const Attribute* a = attribute(key);
  return a && a->kind == Attribute::Kind::kGraph ? a->g.get() : nullptr;
}

bool Node::has_subgraph() const {
  for (const auto& [key, a] : attributes)
    if (a.kind == Attribute::Kind::kGraph) return true;
  return false;
}

const Tensor* Graph::initializer(const std::string& name) const {
  auto it = initializers.find(name);
  if (it != initializers.end()) return &it->second;
  return parent ? parent->initializer(name) : nullptr;
}

void link_subgraph_scopes(Graph& g) {
  for (Node& n : g.nodes)
    for (auto& [key, a] : n.attributes)
      if (a.kind == Attribute::Kind::kGraph && a.g) {
        a.g->parent = &g;
        a.g->opset = g.opset;  // the model declares one opset; subgraphs follow it
        link_subgraph_scopes(*a.g);
      }
}

void append_subgraph_reads(const Node& n, std::vector<std::string>& names) {
  for (const auto& [key, a] : n.attributes) {
    if (a.kind != Attribute::Kind::kGraph || !a.g) continue;
    for (const Node& inner : a.g->nodes) {
      names.insert(names.end(), inner.inputs.begin(), inner.inputs.end());
      append_subgraph_reads(inner, names);
    }
    for (const ValueInfo& out : a.g->outputs) names.push_back(out.name);
  }
}

}  // namespace wnn
