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

// The 2-D transpose of 4-byte elements: out[a * cols + b] = in[a + b * stride] for a < rows,
// b < cols (stride >= rows). A view whose last two dimensions read memory that way (strides 1 and
// `stride`: NHWC <-> NCHW, a matrix transpose) hands each such block to it.
using Transpose32Fn = void (*)(size_t rows, size_t cols, const uint32_t* in, size_t stride,
                               uint32_t* out);
// SIMD128: 4x4 tiles (four loads, eight shuffles, four stores), and three rows at once when
// stride is 3 (an RGB image from NHWC to NCHW). The same moves as the plain walk, so the same
// bytes.
void transpose32__wasmsimd(size_t rows, size_t cols, const uint32_t* in, size_t stride,
                           uint32_t* out);

// `elem_size` is 1, 2, 4 or 8. No allocation; recursion depth is the view's rank. `transpose32`
// (the KernelConfig's; nullptr: the plain walk) copies the 2-D transposes of 4-byte elements.
void strided_copy(const void* in, size_t elem_size, const StridedView& view, void* out,
                  Transpose32Fn transpose32 = nullptr);

}  // namespace wnn::kernels
