#include "wnn/ops/quantization/integer_operands.h"

namespace wnn {

bool is_q8(DType t) { return t == DType::kUInt8 || t == DType::kInt8; }

Status check_q8_operand(const OpLabel& label, const std::vector<TensorDesc>& in, const QOperand& q,
                        DType data_dtype, int64_t per_count, int64_t alt_count) {
  const std::string name = q.name;
  if (!is_q8(data_dtype))
    return label.error(name + " is " + dtype_name(data_dtype) +
                       "; wasmnn's integer ops take uint8 and int8 (not the float8 types of "
                       "opset 21)");
  if (q.has(in, q.zero)) {
    const TensorDesc& z = in[q.zero];
    const int64_t n = z.elements();
    if (z.dtype != data_dtype)
      return label.error(name + "_zero_point is " + dtype_name(z.dtype) + " but " + name + " is " +
                         dtype_name(data_dtype) + "; they must have one type");
    if (n != 1 && n != per_count && (alt_count == 0 || n != alt_count))
      return label.error(name + "_zero_point has shape " + shape_string(z.shape) +
                         "; wasmnn takes one value or " + std::to_string(per_count) + " (one per " +
                         (q.name[0] == 'b' ? "column" : "row or channel") + ")");
  }
  if (q.scale >= 0) {
    if (!q.has(in, q.scale))
      return label.error(name + "_scale (input " + std::to_string(q.scale) + ") is missing");
    const TensorDesc& s = in[q.scale];
    if (s.dtype != DType::kFloat32)
      return label.error(name + "_scale is " + dtype_name(s.dtype) +
                         "; wasmnn takes float32 scales (not the float16/bfloat16 ones of "
                         "opset 21)");
    if (s.elements() != 1 && s.elements() != per_count)
      return label.error(name + "_scale has shape " + shape_string(s.shape) +
                         "; wasmnn takes one value or " + std::to_string(per_count));
  }
  return ok_status();
}

kernels::Q8View q8_view(const RunArgs& a, const std::vector<TensorDesc>& in, const QOperand& q) {
  kernels::Q8View v;
  v.data = a.inputs[q.data];
  v.is_signed = in[q.data].dtype == DType::kInt8;
  if (q.has(in, q.zero)) {
    v.zero = a.inputs[q.zero];
    v.zero_count = static_cast<size_t>(in[q.zero].elements());
  }
  return v;
}

}  // namespace wnn
