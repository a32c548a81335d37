#include "wnn/ops/shape_op_util.h"

#include <algorithm>

namespace wnn {

Status check_storable(const OpLabel& ctx, const TensorDesc& d, size_t input) {
  if (dtype_size(d.dtype) != 0) return ok_status();
  return ctx.error("input " + std::to_string(input) + " ('" + ctx.input_name(input) +
                   "') has a type wasmnn does not support (supported: float32, int64, int32, "
                   "uint8, int8, bool)");
}

bool is_index_dtype(DType t) { return t == DType::kInt64 || t == DType::kInt32; }

int64_t index_at(const void* p, DType t, int64_t i) {
  return t == DType::kInt64 ? static_cast<const int64_t*>(p)[i] : static_cast<const int32_t*>(p)[i];
}

Status check_gather_inputs(const OpLabel& ctx, const std::vector<TensorDesc>& in) {
  if (in.size() < 2 || in[1].omitted()) return ctx.error("the indices input (input 1) is missing");
  WNN_RETURN_IF_ERROR(check_storable(ctx, in[0], 0));
  if (!is_index_dtype(in[1].dtype))
    return ctx.error(std::string("indices must be int64 or int32; they are ") +
                     dtype_name(in[1].dtype));
  if (in[0].shape.empty()) return ctx.error("cannot gather from a scalar (rank 0 data)");
  return ok_status();
}

Status check_known_indices(const OpLabel& ctx, const TensorDesc& indices, int64_t axis,
                           int64_t dim) {
  if (!indices.data) return ok_status();
  for (int64_t i = 0; i < indices.elements(); ++i) {
    const int64_t v = index_at(indices.data, indices.dtype, i);
    if (v < -dim || v >= dim)
      return ctx.error("index " + std::to_string(v) + " is out of range for axis " +
                       std::to_string(axis) + " of size " + std::to_string(dim));
  }
  return ok_status();
}

Expected<std::vector<int64_t>> plan_time_ints(const OpLabel& ctx, const std::vector<TensorDesc>& in,
                                              size_t i, const std::string& what) {
  if (i >= in.size() || in[i].omitted())
    return ctx.error("the " + what + " input (input " + std::to_string(i) + ") is missing");
  const TensorDesc& d = in[i];
  if (!is_index_dtype(d.dtype) || d.shape.size() > 1)
    return ctx.error(what + " ('" + ctx.input_name(i) +
                     "') must be a 1-D int64 or int32 tensor; it is " + dtype_name(d.dtype) + " " +
                     shape_string(d.shape));
  if (!d.data)
    return ctx.error(what + " ('" + ctx.input_name(i) +
                     "') depends on input values, not only on shapes; wasmnn plans memory ahead "
                     "and needs it known when planning (an initializer, or computed from shapes)");
  const int64_t n = d.elements();
  std::vector<int64_t> v(static_cast<size_t>(n));
  if (d.dtype == DType::kInt64) {
    const int64_t* p = static_cast<const int64_t*>(d.data);
    std::copy(p, p + n, v.begin());
  } else {
    const int32_t* p = static_cast<const int32_t*>(d.data);
    std::copy(p, p + n, v.begin());
  }
  return v;
}

Expected<int64_t> normalize_axis(const OpLabel& ctx, int64_t axis, int64_t rank,
                                 const std::string& what) {
  if (axis < -rank || axis >= rank)
    return ctx.error(what + " " + std::to_string(axis) + " is out of range for rank " +
                     std::to_string(rank) + " (accepted: " + std::to_string(-rank) + " to " +
                     std::to_string(rank - 1) + ")");
  return axis < 0 ? axis + rank : axis;
}

Expected<std::vector<int64_t>> normalize_axes(const OpLabel& ctx, std::vector<int64_t> axes,
                                              int64_t rank, const std::string& what) {
  const std::vector<int64_t> given = axes;
  for (int64_t& a : axes) {
    Expected<int64_t> n = normalize_axis(ctx, a, rank, what);
    if (!n.ok()) return n.status();
    a = n.value();
  }
  std::vector<int64_t> sorted = axes;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
    return ctx.error(what + " " + shape_string(given) + " names an axis twice");
  return axes;
}

std::vector<int64_t> row_major_strides(const Shape& s) {
  std::vector<int64_t> strides(s.size(), 1);
  for (size_t d = s.size(); d-- > 1;) strides[d - 1] = strides[d] * s[d];
  return strides;
}

}  // namespace wnn
