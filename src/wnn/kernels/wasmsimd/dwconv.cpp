// Depthwise convolution, wasm SIMD128: each channel is first copied into a zero-padded plane, so
// that every output column, edges included, is computed four to a vector with no bounds checks.
// With a horizontal stride of 2, each padded row is stored as its even columns, then its odd ones:
// the four outputs of a tap read four consecutive floats then too, one load instead of two and a
// shuffle. Output rows go two at a time where their windows can share rows (dilation_h 1): each
// window row is loaded once per tap for both. Taps in the scalar kernel's order, mul then add (no
// FMA): the bits of f32_dwconv__scalar.
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

// Output rows [oy_begin, oy_end) of one channel, R rows at a time (the range holds whole blocks
// of R): 16 columns at a time (four independent accumulator chains per row: one chain is
// latency-bound), then 4, then the last 1-3 through a vector whose extra lanes are dropped.
// rows(nv, oy, ox, acc) sums outputs [ox, ox + 4 * nv) of rows [oy, oy + R) into acc[R][4], for
// nv std::integral_constant 4 and 1.
template <int R, typename Rows>
void channel_rows(const Window2d& w, float bias, const Activation& act, float* out,
                  int64_t oy_begin, int64_t oy_end, Rows rows) {
  const v128_t vbias = wasm_f32x4_splat(bias);
  const auto store = [&](float* dst, v128_t acc, int64_t live) {
    store_columns(dst, activate_simd(act, wasm_f32x4_add(acc, vbias)), live);
  };
  for (int64_t oy = oy_begin; oy < oy_end; oy += R) {
    float* row = out + oy * w.out_w;
    int64_t ox = 0;
    v128_t acc[R][4];
    for (; ox + 16 <= w.out_w; ox += 16) {
      rows(std::integral_constant<int, 4>(), oy, ox, acc);
      for (int r = 0; r < R; ++r)
        for (int v = 0; v < 4; ++v) store(row + r * w.out_w + ox + 4 * v, acc[r][v], 4);
    }
    for (; ox < w.out_w; ox += 4) {
      rows(std::integral_constant<int, 1>(), oy, ox, acc);
      for (int r = 0; r < R; ++r) store(row + r * w.out_w + ox, acc[r][0], w.out_w - ox);
    }
  }
}

// The first output rows of a channel that two_rows kernels take: all of them but an odd last one,
// when vertical windows one row apart can share their rows (dilation_h 1); none otherwise.
int64_t paired_rows(const Window2d& w) { return w.dilation_h == 1 ? w.out_h / 2 * 2 : 0; }

// Outputs [ox, ox + 4 * NV) of two rows of any filter (dilation_h 1), whose windows start at `top`
// and `top + stride_h` rows: each of the stride_h + KH window rows is loaded once per tap and
// serves both output rows (the weights are broadcast from memory as they are needed, so that 8
// accumulators fit the registers). Each output still sums its taps in (ky, kx) order.
template <int NV>
inline void two_rows(const PaddedPlane& p, const float* top, const float* filter, const Window2d& w,
                     v128_t (&acc)[2][4]) {
  for (int r = 0; r < 2; ++r)
    for (int v = 0; v < NV; ++v) acc[r][v] = wasm_f32x4_splat(0.0f);
  for (int64_t i = 0; i < w.stride_h + w.kernel_h; ++i) {
    for (int64_t kx = 0; kx < w.kernel_w; ++kx) {
      const float* tap = top + i * p.width + p.tap(kx);
      v128_t x[NV];
      for (int v = 0; v < NV; ++v) x[v] = wasm_v128_load(tap + 4 * v);
      for (int r = 0; r < 2; ++r) {
        const int64_t ky = i - r * w.stride_h;
        if (ky < 0 || ky >= w.kernel_h) continue;
        const v128_t wv = wasm_v128_load32_splat(filter + ky * w.kernel_w + kx);
        for (int v = 0; v < NV; ++v)
          acc[r][v] = wasm_f32x4_add(acc[r][v], wasm_f32x4_mul(wv, x[v]));
      }
    }
  }
}

// Any filter, one row: outputs [ox, ox + 4 * NV) of the row whose windows start at `top`.
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

// 3x3 filter, stride_h 1, two rows: outputs [ox, ox + 16) of the rows whose windows start at
// window row r0 and the one below, the taps unrolled (as two_rows).
inline void two_rows_3x3(const float* r0, int64_t width, int64_t t1, int64_t t2,
                         const float* filter, v128_t (&acc)[2][4]) {
  for (int r = 0; r < 2; ++r)
    for (int v = 0; v < 4; ++v) acc[r][v] = wasm_f32x4_splat(0.0f);
  const int64_t tx[3] = {0, t1, t2};
  for (int i = 0; i < 4; ++i) {
    for (int kx = 0; kx < 3; ++kx) {
      const float* tap = r0 + i * width + tx[kx];
      v128_t x[4];
      for (int v = 0; v < 4; ++v) x[v] = wasm_v128_load(tap + 4 * v);
      for (int r = 0; r < 2; ++r) {
        const int ky = i - r;
        if (ky < 0 || ky > 2) continue;
        const v128_t wv = wasm_v128_load32_splat(filter + ky * 3 + kx);
        for (int v = 0; v < 4; ++v) acc[r][v] = wasm_f32x4_add(acc[r][v], wasm_f32x4_mul(wv, x[v]));
      }
    }
  }
}

// One channel: rows two at a time (dilation_h 1), the taps unrolled for 3x3 filters with
// stride_h 1 (`unrolled_3x3`), then an odd last row (or every row, with vertical dilation) alone.
void channel(const PaddedPlane& p, const float* filter, float bias, const Window2d& w,
             const Activation& act, bool unrolled_3x3, float* out) {
  const auto top = [&](int64_t oy, int64_t ox) { return p.data + oy * w.stride_h * p.width + ox; };
  const int64_t paired = paired_rows(w);
  channel_rows<2>(w, bias, act, out, 0, paired, [&](auto nv, int64_t oy, int64_t ox, auto& acc) {
    if constexpr (decltype(nv)::value == 4) {
      if (unrolled_3x3) return two_rows_3x3(top(oy, ox), p.width, p.tap(1), p.tap(2), filter, acc);
    }
    two_rows<decltype(nv)::value>(p, top(oy, ox), filter, w, acc);
  });
  channel_rows<1>(w, bias, act, out, paired, w.out_h,
                  [&](auto nv, int64_t oy, int64_t ox, auto& acc) {
                    columns<decltype(nv)::value>(p, top(oy, ox), filter, w, acc[0]);
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
  const bool unrolled_3x3 =
      w.kernel_h == 3 && w.kernel_w == 3 && w.stride_h == 1 && w.dilation_h == 1;
  const PaddedPlane p = padded_plane(w, scratch);
  zero_padding(p);
  const size_t in_plane = static_cast<size_t>(w.in_h * w.in_w);
  const size_t out_plane = static_cast<size_t>(w.out_h * w.out_w);
  for (size_t c = 0; c < channels; ++c) {
    fill(in + c * in_plane, w, p);
    const float* filter = weights + c * static_cast<size_t>(taps);
    channel(p, filter, bias[c], w, act, unrolled_3x3, out + c * out_plane);
  }
}

}  // namespace wnn::kernels
#endif
