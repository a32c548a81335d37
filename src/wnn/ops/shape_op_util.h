// Helpers shared by the dtype-generic shape ops (Transpose, Squeeze, Slice, Gather, Pad, ...):
// values an op needs at plan time (axes, starts, pads, shapes) and axis normalization.
#pragma once
#include <string>
#include <vector>

#include "wnn/ops/op.h"

namespace wnn {

// Every dtype wasmnn stores (float32, int64, int32, uint8, int8, bool): the shape ops move bytes.
Status check_storable(const OpLabel& ctx, const TensorDesc& d, size_t input);

// The values of input i, a 1-D (or scalar) int64 or int32 tensor, which must be known at plan
// time (an initializer, or computed from shapes). `what` names the input in errors ("starts").
Expected<std::vector<int64_t>> plan_time_ints(const OpLabel& ctx, const std::vector<TensorDesc>& in,
                                              size_t i, const std::string& what);

// Maps an axis in [-rank, rank) to [0, rank); `what` names it in errors ("axis", "axes").
Expected<int64_t> normalize_axis(const OpLabel& ctx, int64_t axis, int64_t rank,
                                 const std::string& what = "axis");

// Normalizes a list of axes and rejects duplicates.
Expected<std::vector<int64_t>> normalize_axes(const OpLabel& ctx, std::vector<int64_t> axes,
                                              int64_t rank, const std::string& what = "axes");

// The row-major strides of a shape, in elements.
std::vector<int64_t> row_major_strides(const Shape& s);

// "a 1-D int64 tensor" style dtype check for an index-like input.
bool is_index_dtype(DType t);

// Element i of an int64 or int32 index tensor.
int64_t index_at(const void* p, DType t, int64_t i);

// What every gather (Gather, GatherElements, GatherND) checks first: data (input 0) of a stored
// dtype and rank 1 or more, indices (input 1) int64 or int32.
Status check_gather_inputs(const OpLabel& ctx, const std::vector<TensorDesc>& in);

// When the values of `indices` are known at plan time, each must lie in [-dim, dim) (negative
// ones count from the end): an index out of range is refused while planning, naming `axis`.
Status check_known_indices(const OpLabel& ctx, const TensorDesc& indices, int64_t axis,
                           int64_t dim);

}  // namespace wnn
