#include "wnn/kernels/resize.h"

namespace wnn::kernels {
namespace {

template <typename T>
T* nearest_dim(const T* in, const NearestTables& t, size_t d, T* out) {
  const std::vector<int64_t>& index = t.index[d];
  const int64_t stride = t.in_strides[d];
  const size_t n = index.size();
  if (d + 1 == t.index.size()) {
    for (size_t i = 0; i < n; ++i) out[i] = in[index[i] * stride];
    return out + n;
  }
  for (size_t i = 0; i < n; ++i) out = nearest_dim(in + index[i] * stride, t, d + 1, out);
  return out;
}

template <typename T>
void nearest_as(const void* in, const NearestTables& t, void* out) {
  for (const std::vector<int64_t>& index : t.index)
    if (index.empty()) return;
  if (t.index.empty()) {
    *static_cast<T*>(out) = *static_cast<const T*>(in);
    return;
  }
  nearest_dim(static_cast<const T*>(in), t, 0, static_cast<T*>(out));
}

}  // namespace

void resize_nearest(const void* in, size_t elem_size, const NearestTables& t, void* out) {
  switch (elem_size) {
    case 1: nearest_as<uint8_t>(in, t, out); break;
    case 2: nearest_as<uint16_t>(in, t, out); break;
    case 4: nearest_as<uint32_t>(in, t, out); break;
    default: nearest_as<uint64_t>(in, t, out); break;
  }
}

void f32_resize_bilinear(const float* in, size_t planes, int64_t in_h, int64_t in_w,
                         const LinearTaps& rows, const LinearTaps& cols, float* out) {
  const size_t out_h = rows.lo.size(), out_w = cols.lo.size();
  for (size_t p = 0; p < planes; ++p) {
    const float* plane = in + p * static_cast<size_t>(in_h * in_w);
    for (size_t y = 0; y < out_h; ++y) {
      const float* r0 = plane + rows.lo[y] * in_w;
      const float* r1 = plane + rows.hi[y] * in_w;
      const float wy0 = rows.w_lo[y], wy1 = rows.w_hi[y];
      for (size_t x = 0; x < out_w; ++x) {
        const int64_t x0 = cols.lo[x], x1 = cols.hi[x];
        const float wx0 = cols.w_lo[x], wx1 = cols.w_hi[x];
        const float top = wx0 * r0[x0] + wx1 * r0[x1];
        const float bottom = wx0 * r1[x0] + wx1 * r1[x1];
        *out++ = wy0 * top + wy1 * bottom;
      }
    }
  }
}

void f32_resize_filter(const float* in, size_t planes, int64_t in_h, int64_t in_w,
                       const FilterTaps& rows, const FilterTaps& cols, float* out) {
  const size_t out_h = rows.count.size(), out_w = cols.count.size();
  for (size_t p = 0; p < planes; ++p) {
    const float* plane = in + p * static_cast<size_t>(in_h * in_w);
    for (size_t y = 0; y < out_h; ++y) {
      const int64_t* row_index = rows.index.data() + y * rows.width;
      const float* row_weight = rows.weight.data() + y * rows.width;
      for (size_t x = 0; x < out_w; ++x) {
        const int64_t* col_index = cols.index.data() + x * cols.width;
        const float* col_weight = cols.weight.data() + x * cols.width;
        float sum = 0.0f;
        for (size_t k = 0; k < rows.count[y]; ++k) {
          const float* r = plane + row_index[k] * in_w;
          float across = 0.0f;
          for (size_t j = 0; j < cols.count[x]; ++j) across += col_weight[j] * r[col_index[j]];
          sum += across * row_weight[k];
        }
        *out++ = sum;
      }
    }
  }
}

}  // namespace wnn::kernels
