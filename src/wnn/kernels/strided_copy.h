// The layout kernel behind Transpose, Slice, Expand and Tile: copies a strided view of `in` into
// a contiguous `out`, for elements of any size (the shape ops move bytes, whatever the dtype).
//   out[i_0, ..., i_k] = in[offset + i_0 * strides[0] + ... + i_k * strides[k]]
// Strides count elements and may be 0 (a broadcast dimension) or negative (a reversed slice).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace wnn::kernels {

struct StridedView {
  std::vector<int64_t> dims;     // output dimensions
  std::vector<int64_t> strides;  // input stride per output dimension, in elements
  int64_t offset = 0;            // input element of output index [0, ..., 0]
  int64_t elements() const;
};

// The same view with size-1 dimensions dropped and neighbours that walk memory as one dimension
// merged, so the innermost loop is as long as possible (a memcpy when its stride is 1). Run it at
// plan time: it allocates.
StridedView coalesce(const StridedView& v);

// `elem_size` is 1, 2, 4 or 8. No allocation; recursion depth is the view's rank.
void strided_copy(const void* in, size_t elem_size, const StridedView& view, void* out);

}  // namespace wnn::kernels
