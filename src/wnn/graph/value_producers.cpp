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

using Defined = std::map<std::string, std::pair<std::string, long>>;

// The graphs around a subgraph, innermost first, as seen from the node holding it (`at`): the
// names defined before that node may be read; a name a node at or after it writes may not (a
// cycle through the subgraph).
struct Enclosing {
  const Enclosing* parent;
  const Defined* defined;  // as of node `at`
  const std::map<std::string, size_t>* written_by;
  const std::vector<Node>* nodes;
  size_t at;
};

// Where a name a subgraph reads but does not define comes from: "" when an enclosing graph
// defines it before the node holding the subgraph, else the refusal's reason.
std::string outer_problem(const std::string& name, const Enclosing* e) {
  for (; e; e = e->parent) {
    if (e->defined->count(name)) return "";
    auto w = e->written_by->find(name);
    if (w == e->written_by->end()) continue;
    const Node& holder = (*e->nodes)[e->at];
    if (w->second == e->at)
      return "which " + node_label(holder) + ", the node holding its subgraph, writes: the graph "
             "has a cycle";
    return "which " + node_label((*e->nodes)[w->second]) + " writes after " + node_label(holder) +
           ", the node holding its subgraph: the graph has a cycle or is not in topological order";
  }
  return "which no node writes and which is no graph input or initializer: an input or "
         "initializer is missing, or the name is misspelt";
}

Status check_scope(const Graph& g, const Enclosing* outer, bool is_model) {
  // Who defines each name of this graph: "graph input 'x'", "initializer 'w'" or a node (with
  // its index; -1 for the others), as of the node being checked.
  Defined defined;
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

  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    for (const std::string& in : n.inputs) {
      if (in.empty() || defined.count(in)) continue;
      auto later = written_by.find(in);
      if (later != written_by.end() && later->second == i)
        return malformed(node_label(n) + " reads value '" + in +
                         "', which it writes itself: the graph has a cycle; a node may only "
                         "read values defined before it" +
                         kFix);
      if (later != written_by.end())
        return malformed(node_label(n) + " reads value '" + in + "', which " +
                         node_label(g.nodes[later->second]) +
                         " writes after it: the graph has a cycle or is not in topological "
                         "order; a node may only read values defined before it" +
                         kFix);
      const std::string problem = outer_problem(in, outer);
      if (!problem.empty())
        return malformed(node_label(n) + " reads value '" + in + "', " + problem + kFix);
    }
    // Its subgraphs read the values defined so far, here and around.
    const Enclosing here{outer, &defined, &written_by, &g.nodes, i};
    for (const auto& [key, a] : n.attributes)
      if (a.kind == Attribute::Kind::kGraph && a.g)
        WNN_RETURN_IF_ERROR(check_scope(*a.g, &here, false));
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
  for (const ValueInfo& out : g.outputs) {
    if (is_model && !outputs.insert(out.name).second)
      return malformed("the graph output '" + out.name +
                       "' is listed twice; each output must be listed once" + kFix);
    if (defined.count(out.name)) continue;
    const std::string problem = outer_problem(out.name, outer);
    if (!problem.empty())
      return malformed(std::string(is_model ? "the graph" : "a subgraph's") + " output '" +
                       out.name + "' is a value " + problem + kFix);
  }
  return ok_status();
}

}  // namespace

Status check_value_producers(const Graph& g) { return check_scope(g, {}, true); }

}  // namespace wnn
