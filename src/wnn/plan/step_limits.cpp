#include "wnn/plan/step_limits.h"

namespace wnn {

Status check_step_fits(const Node& node, const std::vector<TensorDesc>& outputs,
                       const StepNeeds& needs) {
  const std::string who = node.op_type + " node '" + node.name + "': ";
  for (size_t o = 0; o < outputs.size(); ++o) {
    const std::string name = o < node.outputs.size() ? " ('" + node.outputs[o] + "')" : "";
    const std::string problem =
        tensor_size_problem("output " + std::to_string(o) + name, outputs[o].shape,
                            outputs[o].dtype, needs.memory_limit);
    if (!problem.empty()) return Status::error(who + problem);
  }
  if (needs.scratch_bytes > needs.memory_limit)
    return Status::error(who + "its scratch would take " + std::to_string(needs.scratch_bytes) +
                         " bytes, over the memory limit of " + std::to_string(needs.memory_limit) +
                         " bytes; give smaller inputs or raise SessionOptions.memory_limit_bytes");
  return ok_status();
}

}  // namespace wnn
