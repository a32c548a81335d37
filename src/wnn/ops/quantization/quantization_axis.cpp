#include "wnn/ops/quantization/quantization_axis.h"

#include <algorithm>

namespace wnn {

Expected<QuantizationAttributes> parse_quantization_attributes(const OpContext& ctx) {
  QuantizationAttributes a;
  a.axis = ctx.node.attr_int("axis", 1);
  if (ctx.node.attr_int("block_size", 0) != 0)
    return ctx.error("block_size=" + std::to_string(ctx.node.attr_int("block_size", 0)) +
                     " (blocked quantization, opset 21) is not supported; wasmnn quantizes "
                     "per tensor or per axis");
  a.output_dtype = ctx.node.attr_int("output_dtype", 0);
  return a;
}

Expected<QuantizationLayout> quantization_layout(const OpLabel& label,
                                                 const std::vector<TensorDesc>& in, int64_t axis) {
  if (in.size() < 2 || in[0].omitted() || in[1].omitted())
    return label.error("needs inputs x and its scale (inputs 0 and 1)");
  const TensorDesc& x = in[0];
  const TensorDesc& scale = in[1];
  if (scale.dtype != DType::kFloat32)
    return label.error(std::string("the scale (input 1) is ") + dtype_name(scale.dtype) +
                       "; wasmnn supports float32 scales (float16 ones when the model's float16 "
                       "values are kept in float32)");
  const bool has_zero = in.size() > 2 && !in[2].omitted();
  if (has_zero && in[2].elements() != scale.elements())
    return label.error("the zero point (input 2) has shape " + shape_string(in[2].shape) +
                       " but the scale has shape " + shape_string(scale.shape) +
                       "; they must match");
  QuantizationLayout q;
  q.inner = static_cast<size_t>(x.elements());
  if (scale.elements() == 1 && scale.shape.size() <= 1) return q;  // per tensor
  if (scale.shape.size() != 1)
    return label.error("the scale (input 1) has shape " + shape_string(scale.shape) +
                       ": wasmnn supports a scalar (per tensor) or a 1-D scale (per axis); "
                       "blocked quantization (opset 21) is not supported");
  if (label.opset() < 13)
    return label.error("a 1-D scale of " + std::to_string(scale.elements()) +
                       " values (per-axis quantization) needs opset 13; opset " +
                       std::to_string(label.opset()) + " takes a scalar scale");
  const int64_t rank = static_cast<int64_t>(x.shape.size());
  if (axis < -rank || axis >= rank)
    return label.error("axis=" + std::to_string(axis) + " is out of range for x of shape " +
                       shape_string(x.shape));
  const size_t a = static_cast<size_t>(axis < 0 ? axis + rank : axis);
  if (x.shape[a] != scale.shape[0])
    return label.error("the scale has " + std::to_string(scale.shape[0]) + " values but x " +
                       shape_string(x.shape) + " has " + std::to_string(x.shape[a]) +
                       " along axis " + std::to_string(axis));
  q.per_axis = true;
  q.outer = 1;
  q.inner = 1;
  for (size_t d = 0; d < a; ++d) q.outer *= static_cast<size_t>(x.shape[d]);
  for (size_t d = a + 1; d < x.shape.size(); ++d) q.inner *= static_cast<size_t>(x.shape[d]);
  q.channels = static_cast<size_t>(x.shape[a]);
  return q;
}

ComputeRange quantization_split(const QuantizationLayout& q, size_t threads) {
  if (!q.per_axis) return split_elements(q.inner, threads);
  const size_t rows = q.outer * q.channels;
  return split_units(rows, threads, std::max<size_t>(1, 16384 / std::max<size_t>(q.inner, 1)));
}

}  // namespace wnn
