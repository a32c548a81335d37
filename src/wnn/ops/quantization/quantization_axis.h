// What QuantizeLinear and DequantizeLinear share: the attributes of the opset 13 form (axis) and
// the refusals of the opset 19/21 forms, and how the scale and zero point lay over the input.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "wnn/ops/op.h"

namespace wnn {

struct QuantizationAttributes {
  int64_t axis = 1;          // opset 13: the per-axis dimension (negative counts from the back)
  int64_t output_dtype = 0;  // opset 21: 0 = from the zero point (Quantize) / float (Dequantize)
};

// Parses axis (opset 13+) and refuses block_size (opset 21 blocked quantization), naming it.
Expected<QuantizationAttributes> parse_quantization_attributes(const OpContext& ctx);

// The input seen as [outer, channels, inner] blocks: one scale and zero point per channel.
// Per-tensor (a scale of one element): channels = 1, inner = every element.
struct QuantizationLayout {
  size_t outer = 1, channels = 1, inner = 1;
  bool per_axis = false;
};

// Checks the scale (input 1, float32) and the zero point's shape (input 2, optional; each op
// checks its type) against x (input 0) and returns how they lay over it.
Expected<QuantizationLayout> quantization_layout(const OpLabel& label,
                                                 const std::vector<TensorDesc>& in, int64_t axis);

// How the work splits: elements (per-tensor) or [outer x channel] rows of `inner` (per-axis).
ComputeRange quantization_split(const QuantizationLayout& q, size_t threads);

// Calls f(count, offset, channel) for every run of values of a task that share a scale.
template <typename F>
void for_each_run(const QuantizationLayout& q, const Task& task, F&& f) {
  if (!q.per_axis) {
    f(task.end[1] - task.begin[1], task.begin[1], size_t{0});
    return;
  }
  for (size_t row = task.begin[1]; row < task.end[1]; ++row)
    f(q.inner, row * q.inner, row % q.channels);
}

}  // namespace wnn
