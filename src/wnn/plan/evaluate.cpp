#include "wnn/plan/evaluate.h"

#include <cstring>

namespace wnn {

bool inputs_known(const std::vector<TensorDesc>& in) {
  bool any = false;
  for (const TensorDesc& d : in) {
    if (d.omitted()) continue;
    if (!d.data) return false;
    any = true;
  }
  return any;
}

void evaluate_now(Op& op, const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                  const StepNeeds& needs, ConstantStore& store) {
  bool all_known = true;
  for (const TensorDesc& d : out) all_known = all_known && d.data;
  RunArgs args;
  for (const TensorDesc& d : in) args.inputs.push_back(d.data);
  for (TensorDesc& d : out) {
    // One spare element keeps zero-sized tensors at a valid, distinct address.
    store.emplace_back(d.bytes() + 8);
    if (d.data) std::memcpy(store.back().data(), d.data, d.bytes());
    d.data = store.back().data();
    args.outputs.push_back(store.back().data());
  }
  if (all_known) return;
  std::vector<uint8_t> scratch(needs.scratch_bytes + 8);
  args.input_descs = &in;
  args.output_descs = &out;
  run_serially(op, args, needs.compute, scratch.data());
}

}  // namespace wnn
