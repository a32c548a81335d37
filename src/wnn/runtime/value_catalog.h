// Every value name of a model, and what the session made of it: which values a run can return by
// name (taps: the model's inputs and node outputs the session computes or holds) and, for the
// others, why not, in a sentence that names the value and the nodes involved. The load-time
// passes merge nodes (a Relu into the Conv before it, a BatchNormalization into its Conv) and
// fold constant subgraphs, so some values of the file never exist in the session.
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "wnn/graph/graph.h"

namespace wnn {

class ValueCatalog {
 public:
  ValueCatalog() = default;
  // Records the model as read from the file, before any pass changes the graph.
  explicit ValueCatalog(const Graph& model);
  // Decides each value's fate from the graph the session runs (after the passes and after the
  // weights the ops packed were released).
  void settle(const Graph& loaded);

  // The values a run can return: the model's inputs, then its node outputs in the file's order.
  const std::vector<std::string>& tappable() const { return tappable_; }
  bool can_tap(const std::string& name) const { return tappable_set_.count(name) > 0; }
  // Why `name` cannot be tapped ("" when it can).
  std::string why_not(const std::string& name) const;
  // Nodes of the file that the passes merged into the node called `node` (empty for most).
  const std::vector<std::string>& merged_into(const std::string& node) const;

 private:
  struct Producer {
    std::string node, op;
  };
  struct Reader {
    std::string node, op, output;
  };
  std::vector<std::string> inputs_, node_outputs_;  // the file's, in order
  std::map<std::string, Producer> producer_;        // node output -> the node writing it
  std::map<std::string, std::vector<Reader>> readers_;
  std::set<std::string> initializers_;
  std::vector<std::string> tappable_;
  std::set<std::string> tappable_set_;
  std::map<std::string, std::string> why_not_;  // values of the file the session cannot give
  std::map<std::string, std::vector<std::string>> merged_;
};

}  // namespace wnn
