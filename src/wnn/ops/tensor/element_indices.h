// What GatherElements and ScatterElements share: `indices` has the rank of `data`, and element i
// of it names, on `axis`, the data element whose other coordinates are i's own. element_axis()
// checks that at plan time; for_each_element_index() walks the indices in order at run time.
#pragma once
#include <cstdint>

#include "wnn/ops/shape_op_util.h"

namespace wnn {

// Deepest data rank the run-time walk keeps coordinates for.
constexpr size_t kMaxElementIndexRank = 16;

// `axis_attr` normalized for data `x`; indices no larger than data off the axis; indices known at
// plan time within the axis. The caller has checked the ranks.
inline Expected<int64_t> element_axis(const OpLabel& label, int64_t axis_attr, const Shape& x,
                                      const TensorDesc& indices) {
  Expected<int64_t> axis = normalize_axis(label, axis_attr, static_cast<int64_t>(x.size()));
  if (!axis.ok()) return axis.status();
  const Shape& idx = indices.shape;
  for (size_t d = 0; d < x.size(); ++d)
    if (static_cast<int64_t>(d) != axis.value() && idx[d] > x[d])
      return label.error("indices " + shape_string(idx) + " are larger than data " +
                         shape_string(x) + " on axis " + std::to_string(d));
  WNN_RETURN_IF_ERROR(check_known_indices(label, indices, axis.value(), x[axis.value()]));
  return axis.value();
}

// visit(i, offset) for each element i of the indices, in order: offset is the data element it
// names (a negative index counts from the end), or -1 when the index is out of range (known only
// at run time: the caller writes a defined value or skips it).
template <typename Visit>
void for_each_element_index(const Shape& x, const Shape& idx, const void* indices,
                            DType index_dtype, int64_t axis, Visit&& visit) {
  const size_t rank = x.size();
  const int64_t n = shape_elements(idx);
  const int64_t dim = x[axis];
  // The coordinate of element i, and the data offset of that coordinate without the axis term.
  int64_t coord[kMaxElementIndexRank] = {};
  int64_t base = 0;
  int64_t stride[kMaxElementIndexRank];
  for (size_t d = rank; d-- > 0;) stride[d] = d + 1 == rank ? 1 : stride[d + 1] * x[d + 1];
  for (int64_t i = 0; i < n; ++i) {
    int64_t v = index_at(indices, index_dtype, i);
    if (v < 0) v += dim;
    visit(i, v >= 0 && v < dim ? base + v * stride[axis] : int64_t{-1});
    for (size_t d = rank; d-- > 0;) {  // next coordinate
      if (++coord[d] < idx[d]) {
        if (static_cast<int64_t>(d) != axis) base += stride[d];
        break;
      }
      if (static_cast<int64_t>(d) != axis) base -= (coord[d] - 1) * stride[d];
      coord[d] = 0;
    }
  }
}

}  // namespace wnn
