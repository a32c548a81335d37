// Resize kernels: nearest (any rank, any element size) by per-axis index tables, and bilinear,
// bicubic and antialiased filters over the last two dimensions of float32 planes by per-row and
// per-column taps. The tables are
// made at plan time from the coordinate transformation, so the kernels only gather and blend.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace wnn::kernels {

// Nearest: out[o_0, ..., o_k] = in[index[0][o_0], ..., index[k][o_k]].
struct NearestTables {
  std::vector<int64_t> in_strides;          // row-major strides of the input, in elements
  std::vector<std::vector<int64_t>> index;  // per axis: output index -> input index
};
void resize_nearest(const void* in, size_t elem_size, const NearestTables& t, void* out);

// Linear taps of one axis: output o blends input lo[o] and hi[o] with weights w_lo[o], w_hi[o].
struct LinearTaps {
  std::vector<int64_t> lo, hi;
  std::vector<float> w_lo, w_hi;
};
// planes x in_h x in_w -> planes x out_h x out_w, out = wy_lo * (wx_lo * a + wx_hi * b) +
// wy_hi * (wx_lo * c + wx_hi * d) with a, b from row lo and c, d from row hi.
void f32_resize_bilinear(const float* in, size_t planes, int64_t in_h, int64_t in_w,
                         const LinearTaps& rows, const LinearTaps& cols, float* out);

// Filter taps of one axis (cubic, and antialiased linear or cubic): output o blends the inputs
// index[o * width + k] with weights weight[o * width + k] for k < count[o].
struct FilterTaps {
  size_t width = 0;
  std::vector<size_t> count;
  std::vector<int64_t> index;
  std::vector<float> weight;
};
// planes x in_h x in_w -> planes x out_h x out_w: each output is the rows' taps blending the
// columns' taps of each row, sum over k of rows.weight[k] * (sum over j of cols.weight[j] * in),
// in tap order (the horizontal pass first, as ONNX Runtime computes it).
void f32_resize_filter(const float* in, size_t planes, int64_t in_h, int64_t in_w,
                       const FilterTaps& rows, const FilterTaps& cols, float* out);

}  // namespace wnn::kernels
