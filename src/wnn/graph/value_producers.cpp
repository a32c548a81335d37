#include "wnn/graph/value_producers.h"

#include <map>
#include <set>
#include <string>

namespace wnn {
namespace {

const std::string kFix = " — re-export the model";

std::string node_label(const Node& n) { return "node '" + n.name + "' (" + n.op_type + ")"; }

Status malformed(const std::string& what) {
  return Status::error("the model is malformed: " + what);
}

// `outer`: every value the enclosing graphs define (a subgraph may read them).
Status check_scope(const Graph& g, const std::set<std::string>& outer, bool is_model) {
  // Who defines each name of this graph: "graph input 'x'", "initializer 'w'" or a node (with
  // its index; -1 for the others).
  std::map<std::string, std::pair<std::string, long>> defined;
  for (const ValueInfo& in : g.inputs)
    if (!defined.emplace(in.name, std::make_pair("graph input '" + in.name + "'", -1L)).second)
      return malformed("the graph input '" + in.name +
                       "' is listed twice; each input must have one name" + kFix);
  for (const auto& [name, t] : g.initializers)
    defined.emplace(name, std::make_pair("initializer '" + name + "'", -1L));
  // Where each node output is defined, to tell a read of a later value (a cycle) from a read of
  // a missing one.
  std::map<std::string, size_t> written_by;
  for (size_t i = 0; i < g.nodes.size(); ++i)
    for (const std::string& out : g.nodes[i].outputs)
      if (!out.empty()) written_by.emplace(out, i);

  std::set<std::string> inner_outer;  // built lazily: outer + this graph's names
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    for (const std::string& in : n.inputs) {
      if (in.empty() || defined.count(in) || outer.count(in)) continue;
      auto later = written_by.find(in);
      if (later == written_by.end()) continue;  // missing: the planner names it
      if (later->second == i)
        return malformed(node_label(n) + " reads value '" + in +
                         "', which it writes itself: the graph has a cycle; a node may only "
                         "read values defined before it" +
                         kFix);
      if (later->second > i)
        return malformed(node_label(n) + " reads value '" + in + "', which " +
                         node_label(g.nodes[later->second]) +
                         " writes after it: the graph has a cycle or is not in topological "
                         "order; a node may only read values defined before it" +
                         kFix);
    }
    for (const std::string& out : n.outputs) {
      if (out.empty()) continue;
      auto [it, fresh] = defined.emplace(out, std::make_pair(node_label(n), static_cast<long>(i)));
      if (fresh) continue;
      const auto& [who, index] = it->second;
      if (index == static_cast<long>(i))
        return malformed(node_label(n) + " writes value '" + out +
                         "' as two of its outputs; each value must have one producer" + kFix);
      if (index >= 0)
        return malformed(node_label(n) + " writes value '" + out + "', which " + who +
                         " also writes; each value must have one producer" + kFix);
      return malformed(node_label(n) + " writes value '" + out + "', which is the " + who +
                       "; each value must have one producer" + kFix);
    }
  }
  // The model's outputs are fetched by name, once each. (A subgraph may list a value twice: a
  // Loop body yields acc as a carried value and as a scan output.)
  std::set<std::string> outputs;
  for (const ValueInfo& out : is_model ? g.outputs : std::vector<ValueInfo>{})
    if (!outputs.insert(out.name).second)
      return malformed("the graph output '" + out.name +
                       "' is listed twice; each output must be listed once" + kFix);

  // Subgraphs read this graph's values and the enclosing ones.
  bool has_subgraphs = false;
  for (const Node& n : g.nodes) has_subgraphs = has_subgraphs || n.has_subgraph();
  if (!has_subgraphs) return ok_status();
  inner_outer = outer;
  for (const auto& entry : defined) inner_outer.insert(entry.first);
  for (const Node& n : g.nodes)
    for (const auto& [key, a] : n.attributes)
      if (a.kind == Attribute::Kind::kGraph && a.g)
        WNN_RETURN_IF_ERROR(check_scope(*a.g, inner_outer, false));
  return ok_status();
}

}  // namespace

Status check_value_producers(const Graph& g) { return check_scope(g, {}, true); }

}  // namespace wnn
