#include "wnn/ops/tensor/scatter_reduction.h"

#include <cstring>
#include <string>

#include "wnn/ops/shape_op_util.h"

namespace wnn {
namespace {

template <typename T>
void combine(ScatterReduction r, T* dst, const T* src, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    const T old = dst[i], update = src[i];
    switch (r) {
      case ScatterReduction::kNone: dst[i] = update; break;
      case ScatterReduction::kAdd: dst[i] = static_cast<T>(old + update); break;
      case ScatterReduction::kMul: dst[i] = static_cast<T>(old * update); break;
      case ScatterReduction::kMax: dst[i] = update > old ? update : old; break;
      case ScatterReduction::kMin: dst[i] = update < old ? update : old; break;
    }
  }
}

}  // namespace

Expected<ScatterReduction> parse_scatter_reduction(const OpContext& ctx) {
  const std::string r = ctx.node.attr_string("reduction", "none");
  if (r == "none") return ScatterReduction::kNone;
  if (r == "add" && ctx.opset() >= 16) return ScatterReduction::kAdd;
  if (r == "mul" && ctx.opset() >= 16) return ScatterReduction::kMul;
  if (r == "max" && ctx.opset() >= 18) return ScatterReduction::kMax;
  if (r == "min" && ctx.opset() >= 18) return ScatterReduction::kMin;
  return ctx.error("reduction '" + r + "' is not defined at this opset (none; add and mul from " +
                   "opset 16; max and min from opset 18)");
}

Status check_scatter_dtypes(const OpLabel& ctx, const std::vector<TensorDesc>& in,
                            ScatterReduction r) {
  WNN_RETURN_IF_ERROR(check_storable(ctx, in[0], 0));
  if (in[2].dtype != in[0].dtype)
    return ctx.error(std::string("updates are ") + dtype_name(in[2].dtype) + " but data is " +
                     dtype_name(in[0].dtype));
  if (r != ScatterReduction::kNone && in[0].dtype == DType::kBool)
    return ctx.error("a reduction on bool data is not supported");
  return ok_status();
}

void scatter_combine(ScatterReduction r, DType t, void* dst, const void* src, size_t count) {
  if (r == ScatterReduction::kNone) {
    std::memcpy(dst, src, count * dtype_size(t));
    return;
  }
  visit_dtype(t, [&](auto zero) {
    using T = decltype(zero);
    combine(r, static_cast<T*>(dst), static_cast<const T*>(src), count);
  });
}

}  // namespace wnn
