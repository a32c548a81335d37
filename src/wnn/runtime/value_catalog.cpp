#include "wnn/runtime/value_catalog.h"

#include <algorithm>

namespace wnn {
namespace {

// The end of every reason that graph optimizations caused (web/wasmnn.js turns it into the
// option that does it).
const char kOptimizationsOff[] = "load the model with graph optimizations off to keep it";

std::string quoted(const std::string& s) { return "'" + s + "'"; }

}  // namespace

ValueCatalog::ValueCatalog(const Graph& model) {
  for (const ValueInfo& in : model.inputs) inputs_.push_back(in.name);
  for (const auto& [name, t] : model.initializers) initializers_.insert(name);
  for (const Node& n : model.nodes) {
    for (const std::string& in : n.inputs)
      if (!in.empty())
        readers_[in].push_back(Reader{n.name, n.op_type, n.outputs.empty() ? "" : n.outputs[0]});
    for (const std::string& out : n.outputs) {
      if (out.empty() || producer_.count(out)) continue;
      producer_[out] = Producer{n.name, n.op_type};
      node_outputs_.push_back(out);
    }
  }
}

void ValueCatalog::settle(const Graph& loaded) {
  std::set<std::string> computed, nodes;
  std::map<std::string, const Node*> packed_by, writer;
  for (const Node& n : loaded.nodes) {
    nodes.insert(n.name);
    computed.insert(n.outputs.begin(), n.outputs.end());
    for (const std::string& out : n.outputs) writer[out] = &n;
    for (const std::string& in : n.inputs)
      if (loaded.prepacked.count(in) && !packed_by.count(in)) packed_by[in] = &n;
  }
  tappable_.clear();
  tappable_set_.clear();
  why_not_.clear();
  merged_.clear();
  auto tap = [&](const std::string& name) {
    if (tappable_set_.insert(name).second) tappable_.push_back(name);
  };
  for (const std::string& in : inputs_) tap(in);
  for (const std::string& v : node_outputs_) {
    if (computed.count(v) || loaded.initializers.count(v)) {
      tap(v);
      continue;
    }
    const Producer& p = producer_.at(v);
    const std::string what = quoted(v) + " (output of " + p.op + " " + quoted(p.node) + ")";
    if (loaded.prepacked.count(v)) {
      const Node* reader = packed_by.count(v) ? packed_by.at(v) : nullptr;
      why_not_[v] =
          what + " was computed from constants at load and packed into the weights of " +
          (reader ? reader->op_type + " " + quoted(reader->name) : "the nodes reading it") +
          ", which keep no copy of it; " + kOptimizationsOff;
      continue;
    }
    // Gone: the nodes after it were merged into the node that now writes their output.
    std::vector<const Reader*> chain;
    std::string end = v;
    while (!computed.count(end) && chain.size() < node_outputs_.size()) {
      const Reader* gone = nullptr;
      for (const Reader& r : readers_[end])
        if (!nodes.count(r.node)) gone = &r;
      if (!gone || gone->output.empty()) break;
      chain.push_back(gone);
      end = gone->output;
    }
    auto head = writer.find(end);
    if (chain.empty() || head == writer.end()) {
      why_not_[v] = what + " was optimized away at load; " + kOptimizationsOff;
      continue;
    }
    std::string names;
    std::vector<std::string>& merged = merged_[head->second->name];
    for (const Reader* r : chain) {
      names += (names.empty() ? "" : " and the ") + r->op + " " + quoted(r->node);
      if (std::find(merged.begin(), merged.end(), r->node) == merged.end())
        merged.push_back(r->node);
    }
    why_not_[v] = what + " is never computed by this session: at load the " + names +
                  (chain.size() > 1 ? " after it were" : " reading it was") + " merged into " +
                  head->second->op_type + " " + quoted(head->second->name) + ", which writes " +
                  quoted(end) + " directly; " + kOptimizationsOff;
  }
}

std::string ValueCatalog::why_not(const std::string& name) const {
  if (can_tap(name)) return "";
  auto it = why_not_.find(name);
  if (it != why_not_.end()) return it->second;
  if (initializers_.count(name))
    return quoted(name) +
           " is an initializer of the model (a weight or constant stored in the file), not a "
           "value a node computes; taps return the model's inputs and node outputs";
  return quoted(name) + " is not a value of this model";
}

const std::vector<std::string>& ValueCatalog::merged_into(const std::string& node) const {
  static const std::vector<std::string> kNone;
  auto it = merged_.find(node);
  return it == merged_.end() ? kNone : it->second;
}

}  // namespace wnn
