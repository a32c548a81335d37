// Depthwise convolution, wasm SIMD128: each channel is first copied into a zero-padded plane, so
// that every output column, edges included, is computed four to a vector with no bounds checks.
// With a horizontal stride of 2, each padded row is stored as its even columns, then its odd ones:
// the four outputs of a tap read four consecutive floats then too, one load instead of two and a
// shuffle. Taps in the scalar kernel's order, mul then add (no FMA): the bits of
// f32_dwconv__scalar.
#if defined(__wasm_simd128__)
#include "wnn/kernels/dwconv.h"

#include <wasm_simd128.h>

#include <algorithm>
#include <cstring>
#include <type_traits>

#include "wnn/kernels/copy_values.h"
#include "wnn/kernels/wasmsimd/gemm_epilogue_simd.h"
#include "wnn/kernels/wasmsimd/split_columns.h"

namespace wnn::kernels {
namespace {

// One channel's padded plane in the scratch: `rows` rows `width` floats apart. With stride 2,
// a row's even columns start at 0 and its odd ones at `half`. The image's rows are padded rows
// [top, bottom), its columns [left, left + copied) of them; the zeros around them are the same
// for every channel, so they are written once per call (zero_padding) and each channel only
// copies its image in (fill).
struct PaddedPlane {
  float* data;
  int64_t rows, width, half;
  int64_t top, bottom, left, copied;
  float* spare;  // stride 2: the row after the plane, where a row is built before it is split

  // Where, from the first column of output ox's window, tap kx reads (4 outputs: 4 floats on).
  int64_t tap(int64_t kx) const { return half == 0 ? kx : (kx & 1) * half + (kx >> 1); }
  float* row(int64_t py) const { return data + py * width; }
};

PaddedPlane padded_plane(const Window2d& w, float* scratch) {
  PaddedPlane p;
  p.data = scratch;
  p.rows = padded_plane_rows(w);
  p.width = padded_plane_width(w);
  const int64_t vector_columns = (w.out_w + 3) / 4 * 4;
  // Stride 2: the even half is read up to column vector_columns - 1 + (KW - 1) / 2, the odd half
  // one column less; 2 * half <= padded_plane_width(w).
  p.half = w.stride_w == 1 ? 0 : vector_columns + (w.kernel_w - 1) / 2;
  p.top = std::min(w.pad_top, p.rows);
  p.bottom = std::min(w.pad_top + w.in_h, p.rows);
  p.left = std::min(w.pad_left, p.width);
  p.copied = std::max<int64_t>(0, std::min(w.in_w, p.width - p.left));
  p.spare = p.data + p.rows * p.width;
  return p;
}

void zero_padding(const PaddedPlane& p) {
  const auto zero = [](float* dst, int64_t n) { std::memset(dst, 0, sizeof(float) * n); };
  for (int64_t py = 0; py < p.top; ++py) zero(p.row(py), p.width);
  for (int64_t py = p.bottom; py < p.rows; ++py) zero(p.row(py), p.width);
  const int64_t right = p.left + p.copied;
  if (p.half == 0) {
    for (int64_t py = p.top; py < p.bottom; ++py) {
      zero(p.row(py), p.left);
      zero(p.row(py) + right, p.width - right);
    }
  } else {
    zero(p.spare, p.left);
    zero(p.spare + right, p.width - right);
  }
}

// Channel `plane` ([in_h, in_w]) into p, whose zeros are written.
void fill(const float* plane, const Window2d& w, const PaddedPlane& p) {
  for (int64_t py = p.top; py < p.bottom; ++py) {
    const float* src = plane + (py - w.pad_top) * w.in_w;
    if (p.half == 0) {
      copy_values(p.row(py) + p.left, src, static_cast<size_t>(p.copied));
    } else {
      copy_values(p.spare + p.left, src, static_cast<size_t>(p.copied));
      split_columns(p.spare, p.half, p.row(py));
    }
  }
}

// Stores 4 outputs, or the first `live` of them.
inline void store_columns(float* dst, v128_t y, int64_t live) {
  if (live >= 4) {
    wasm_v128_store(dst, y);
    return;
  }
  float lanes[4];
  wasm_v128_store(lanes, y);
  std::memcpy(dst, lanes, sizeof(float) * static_cast<size_t>(live));
}

// Any filter: outputs [ox, ox + 4 * NV) of the row whose windows start at `top`.
template <int NV>
inline void columns(const PaddedPlane& p, const float* top, const float* filter, const Window2d& w,
                    v128_t* acc) {
  for (int v = 0; v < NV; ++v) acc[v] = wasm_f32x4_splat(0.0f);
  for (int64_t ky = 0; ky < w.kernel_h; ++ky) {
    const float* src = top + ky * w.dilation_h * p.width;
    for (int64_t kx = 0; kx < w.kernel_w; ++kx) {
      const v128_t wv = wasm_v128_load32_splat(filter + ky * w.kernel_w + kx);
      const float* tap = src + p.tap(kx);
      for (int v = 0; v < NV; ++v)
        acc[v] = wasm_f32x4_add(acc[v], wasm_f32x4_mul(wv, wasm_v128_load(tap + 4 * v)));
    }
  }
}

// Every output row of one channel: 16 columns at a time (four independent accumulator chains:
// one chain is latency-bound), then 4, then the last 1-3 through a vector whose extra lanes are
// dropped. columns(nv, oy, ox, acc) sums outputs [ox, ox + 4 * nv) of row oy into acc, for nv
// std::integral_constant 4 and 1.
template <typename Columns>
void channel_rows(const Window2d& w, float bias, const Activation& act, float* out,
                  Columns columns) {
  const v128_t vbias = wasm_f32x4_splat(bias);
  for (int64_t oy = 0; oy < w.out_h; ++oy) {
    float* row = out + oy * w.out_w;
    int64_t ox = 0;
    v128_t acc[4];
    for (; ox + 16 <= w.out_w; ox += 16) {
      columns(std::integral_constant<int, 4>(), oy, ox, acc);
      for (int v = 0; v < 4; ++v)
        wasm_v128_store(row + ox + 4 * v, activate_simd(act, wasm_f32x4_add(acc[v], vbias)));
    }
    for (; ox < w.out_w; ox += 4) {
      columns(std::integral_constant<int, 1>(), oy, ox, acc);
      store_columns(row + ox, activate_simd(act, wasm_f32x4_add(acc[0], vbias)), w.out_w - ox);
    }
  }
}

void channel_any(const PaddedPlane& p, const float* filter, float bias, const Window2d& w,
                 const Activation& act, float* out) {
  channel_rows(w, bias, act, out, [&](auto nv, int64_t oy, int64_t ox, v128_t* acc) {
    columns<decltype(nv)::value>(p, p.data + oy * w.stride_h * p.width + ox, filter, w, acc);
  });
}

// 3x3 filter: its nine weights stay in registers and the taps are unrolled. Outputs
// [ox, ox + 4 * NV) from the window rows r0, r1, r2 (each at the column of output ox). Four
// accumulator chains at most: more (two rows at once, or 32 columns) ran slower in Node, the
// weights and accumulators then no longer fit the 16 SIMD registers of x86-64.
template <int NV>
inline void columns_3x3(const float* r0, const float* r1, const float* r2, int64_t t1, int64_t t2,
                        const v128_t* k, v128_t* acc) {
  for (int v = 0; v < NV; ++v) acc[v] = wasm_f32x4_splat(0.0f);
  const float* taps[9] = {r0, r0 + t1, r0 + t2, r1, r1 + t1, r1 + t2, r2, r2 + t1, r2 + t2};
  for (int t = 0; t < 9; ++t)
    for (int v = 0; v < NV; ++v)
      acc[v] = wasm_f32x4_add(acc[v], wasm_f32x4_mul(k[t], wasm_v128_load(taps[t] + 4 * v)));
}

void channel_3x3(const PaddedPlane& p, const float* filter, float bias, const Window2d& w,
                 const Activation& act, float* out) {
  v128_t k[9];
  for (int t = 0; t < 9; ++t) k[t] = wasm_v128_load32_splat(filter + t);
  const int64_t t1 = p.tap(1), t2 = p.tap(2), down = w.dilation_h * p.width;
  channel_rows(w, bias, act, out, [&](auto nv, int64_t oy, int64_t ox, v128_t* acc) {
    const float* r0 = p.data + oy * w.stride_h * p.width + ox;
    columns_3x3<decltype(nv)::value>(r0, r0 + down, r0 + 2 * down, t1, t2, k, acc);
  });
}

}  // namespace

void f32_dwconv__wasmsimd(const float* in, size_t channels, const Window2d& w, const float* weights,
                          const float* bias, const Activation& act, float* out, float* scratch) {
  if ((w.stride_w != 1 && w.stride_w != 2) || w.dilation_w != 1) {
    f32_dwconv__scalar(in, channels, w, weights, bias, act, out, scratch);
    return;
  }
  const int64_t taps = w.kernel_h * w.kernel_w;
  const bool is_3x3 = w.kernel_h == 3 && w.kernel_w == 3;
  const PaddedPlane p = padded_plane(w, scratch);
  zero_padding(p);
  const size_t in_plane = static_cast<size_t>(w.in_h * w.in_w);
  const size_t out_plane = static_cast<size_t>(w.out_h * w.out_w);
  for (size_t c = 0; c < channels; ++c) {
    fill(in + c * in_plane, w, p);
    const float* filter = weights + c * static_cast<size_t>(taps);
    if (is_3x3)
      channel_3x3(p, filter, bias[c], w, act, out + c * out_plane);
    else
      channel_any(p, filter, bias[c], w, act, out + c * out_plane);
  }
}

}  // namespace wnn::kernels
#endif
