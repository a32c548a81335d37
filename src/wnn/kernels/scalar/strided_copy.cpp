#include "wnn/kernels/strided_copy.h"

#include <cstring>

#include "wnn/core/shape.h"

namespace wnn::kernels {
namespace {

template <typename T>
T* copy_dim(const T* in, const StridedView& v, size_t d, T* out, Transpose32Fn transpose32) {
  const int64_t n = v.dims[d], stride = v.strides[d];
  if constexpr (sizeof(T) == 4) {
    // The last two dimensions, a 2-D transpose: rows n of stride 1, columns of stride >= n.
    if (transpose32 && d + 2 == v.dims.size() && stride == 1 && v.strides[d + 1] >= n) {
      const int64_t cols = v.dims[d + 1];
      transpose32(static_cast<size_t>(n), static_cast<size_t>(cols),
                  reinterpret_cast<const uint32_t*>(in), static_cast<size_t>(v.strides[d + 1]),
                  reinterpret_cast<uint32_t*>(out));
      return out + n * cols;
    }
  }
  if (d + 1 == v.dims.size()) {
    if (stride == 1) {
      std::memcpy(out, in, static_cast<size_t>(n) * sizeof(T));
      return out + n;
    }
    // Not vectorized: a strided gather is no faster in lanes, and each element size's copy
    // would take 0.2-0.9 KB more code.
#pragma clang loop vectorize(disable)
    for (int64_t i = 0; i < n; ++i) out[i] = in[i * stride];
    return out + n;
  }
  for (int64_t i = 0; i < n; ++i) out = copy_dim(in + i * stride, v, d + 1, out, transpose32);
  return out;
}

template <typename T>
void copy_as(const void* in, const StridedView& v, void* out, Transpose32Fn transpose32) {
  const T* base = static_cast<const T*>(in) + v.offset;
  if (v.dims.empty()) {  // a scalar (or every dimension was 1)
    *static_cast<T*>(out) = *base;
    return;
  }
  copy_dim(base, v, 0, static_cast<T*>(out), transpose32);
}

}  // namespace

int64_t StridedView::elements() const { return shape_elements(dims); }

StridedView coalesce(const StridedView& v) {
  StridedView c;
  c.offset = v.offset;
  // Nothing to copy: one empty dimension says so. Checked before any merging, whose products of
  // the other dims may overflow when a zero dim makes the output empty (a fuzzer's Tile).
  for (int64_t n : v.dims) {
    if (n == 0) {
      c.dims = {0};
      c.strides = {1};
      return c;
    }
  }
  for (size_t d = 0; d < v.dims.size(); ++d) {
    if (v.dims[d] == 1) continue;
    // Output is contiguous, so dimension d merges into the previous one when the input also
    // steps by exactly one inner block there.
    if (!c.dims.empty() && c.strides.back() == v.strides[d] * v.dims[d]) {
      c.dims.back() *= v.dims[d];
      c.strides.back() = v.strides[d];
      continue;
    }
    c.dims.push_back(v.dims[d]);
    c.strides.push_back(v.strides[d]);
  }
  return c;
}

void strided_copy(const void* in, size_t elem_size, const StridedView& view, void* out,
                  Transpose32Fn transpose32) {
  if (view.elements() == 0) return;
  switch (elem_size) {
    case 1: copy_as<uint8_t>(in, view, out, nullptr); break;
    case 2: copy_as<uint16_t>(in, view, out, nullptr); break;
    case 4: copy_as<uint32_t>(in, view, out, transpose32); break;
    default: copy_as<uint64_t>(in, view, out, nullptr); break;
  }
}

}  // namespace wnn::kernels
