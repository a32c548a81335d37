// Who reads and who writes each value of a graph: what a fusion pass checks before it merges a
// node into the node that produces its input (that value must have no other reader).
#pragma once
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "wnn/graph/graph.h"

namespace wnn {

struct ValueUses {
  std::map<std::string, int> readers;      // nodes reading the value, +1 if it is a graph output
  std::map<std::string, size_t> producer;  // index of the node that writes it
};

inline ValueUses value_uses(const Graph& g) {
  ValueUses u;
  std::vector<std::string> inner;
  for (const Node& n : g.nodes) {
    for (const std::string& in : n.inputs) ++u.readers[in];
    inner.clear();
    append_subgraph_reads(n, inner);  // If branches and loop bodies read outer values by name
    for (const std::string& in : inner) ++u.readers[in];
  }
  for (const ValueInfo& out : g.outputs) ++u.readers[out.name];
  for (size_t i = 0; i < g.nodes.size(); ++i)
    for (const std::string& out : g.nodes[i].outputs) u.producer[out] = i;
  return u;
}

// Drops the nodes a pass merged away (one flag per node), keeping the order of the rest.
inline void remove_nodes(Graph& g, const std::vector<bool>& removed) {
  std::vector<Node> kept;
  kept.reserve(g.nodes.size());
  for (size_t i = 0; i < g.nodes.size(); ++i)
    if (!removed[i]) kept.push_back(std::move(g.nodes[i]));
  g.nodes = std::move(kept);
}

}  // namespace wnn
