// Winograd F(2x2, 3x3), wasm SIMD128: four tiles of a tile row to a vector, each lane the
// scalar kernel's operations on one tile, in its order (the same bits).
// Input: a channel's padded rows are stored as their even columns, then their odd ones, so the
// four tiles' column j (input column 2*tx + j of the padded row) is one load: even half at tx
// for j = 0, odd half at tx for 1, even at tx + 1 for 2, odd at tx + 1 for 3.
#if defined(__wasm_simd128__)
#include "wnn/kernels/winograd.h"

#include <wasm_simd128.h>

#include <algorithm>
#include <cstring>

#include "wnn/kernels/copy_values.h"
#include "wnn/kernels/wasmsimd/gemm_epilogue_simd.h"
#include "wnn/kernels/wasmsimd/split_columns.h"

namespace wnn::kernels {
namespace {

// The first `live` of 4 consecutive tiles' values: a vector store, or (out of line: 16 copies
// of the lane stores cost 2 KB of code) the first 1-3 lanes.
[[gnu::noinline]] void store_first_tiles(float* dst, size_t live, v128_t value) {
  store_partial(dst, value, live);
}
inline void store_tiles(float* dst, size_t live, v128_t value) {
  if (live == 4)
    wasm_v128_store(dst, value);
  else
    store_first_tiles(dst, live, value);
}

// The tiles of tile row ty inside [t_begin, t_end): [tx_begin, tx_end).
struct TileRow {
  int64_t tx_begin, tx_end;
};
inline TileRow tile_row(int64_t ty, int64_t tiles_w, size_t t_begin, size_t t_end) {
  const int64_t first = static_cast<int64_t>(t_begin), end = static_cast<int64_t>(t_end);
  return {std::max<int64_t>(0, first - ty * tiles_w), std::min(tiles_w, end - ty * tiles_w)};
}

}  // namespace

void winograd_f2x3_input__wasmsimd(const float* image, size_t channels, const Window2d& w,
                                   size_t t_begin, size_t t_end, size_t nr, float* v,
                                   size_t point_stride, float* scratch) {
  const int64_t tiles_w = winograd_tiles_w(w), half = winograd_row_half(w), width = 2 * half;
  const size_t panel_floats = nr * channels;
  const int64_t ty_first = static_cast<int64_t>(t_begin) / tiles_w;
  const int64_t ty_last = static_cast<int64_t>(t_end - 1) / tiles_w;
  // Padded row py (input row py - pad_top) at plane + py * width; the spare row holds a row
  // with its padding before it is split.
  float* plane = scratch;
  float* spare = plane + ((w.out_h + 1) / 2 * 2 + 2) * width;
  const int64_t left = std::min(w.pad_left, width);
  const int64_t copied = std::max<int64_t>(0, std::min(w.in_w, width - left));
  std::memset(spare, 0, sizeof(float) * static_cast<size_t>(width));
  for (size_t c = 0; c < channels; ++c) {
    const float* x = image + c * static_cast<size_t>(w.in_h * w.in_w);
    for (int64_t py = 2 * ty_first; py < 2 * ty_last + 4; ++py) {
      const int64_t iy = py - w.pad_top;
      float* row = plane + py * width;
      if (iy < 0 || iy >= w.in_h) {
        std::memset(row, 0, sizeof(float) * static_cast<size_t>(width));
        continue;
      }
      copy_values(spare + left, x + iy * w.in_w, static_cast<size_t>(copied));
      split_columns(spare, half, row);
    }
    for (int64_t ty = ty_first; ty <= ty_last; ++ty) {
      const TileRow tr = tile_row(ty, tiles_w, t_begin, t_end);
      const float* top = plane + 2 * ty * width;
      // The row's tiles by runs inside one panel, where consecutive tiles are consecutive floats.
      for (int64_t tx = tr.tx_begin; tx < tr.tx_end;) {
        const size_t col = static_cast<size_t>(ty * tiles_w + tx) - t_begin;
        const int64_t run_end = std::min(tr.tx_end, tx + static_cast<int64_t>(nr - col % nr));
        float* dst = v + col / nr * panel_floats + c * nr + col % nr;
        for (int64_t group = tx; group < run_end; group += 4, dst += 4) {
          // Row i of B^T d from two (or three) input rows, then row i of V: at most 16 vectors
          // live (32 at once spill on x86's 16 registers).
          const size_t live = static_cast<size_t>(std::min<int64_t>(4, run_end - group));
          const float* row0 = top + group;
          for (int i = 0; i < 4; ++i) {
            v128_t bt[4];
            for (int j = 0; j < 4; ++j) {
              const int64_t at = (j & 1) * half + (j >> 1);  // column j: even/odd half
              const v128_t d0 = wasm_v128_load(row0 + at), d1 = wasm_v128_load(row0 + width + at);
              const v128_t d2 = wasm_v128_load(row0 + 2 * width + at);
              const v128_t d3 = wasm_v128_load(row0 + 3 * width + at);
              bt[j] = i == 0   ? wasm_f32x4_sub(d0, d2)
                      : i == 1 ? wasm_f32x4_add(d1, d2)
                      : i == 2 ? wasm_f32x4_sub(d2, d1)
                               : wasm_f32x4_sub(d1, d3);
            }
            const v128_t v_row[4] = {wasm_f32x4_sub(bt[0], bt[2]), wasm_f32x4_add(bt[1], bt[2]),
                                     wasm_f32x4_sub(bt[2], bt[1]), wasm_f32x4_sub(bt[1], bt[3])};
            for (int j = 0; j < 4; ++j)
              store_tiles(dst + (i * 4 + j) * point_stride, live, v_row[j]);
          }
        }
        tx = run_end;
      }
    }
  }
  for (size_t p = 0; p < kWinogradPoints; ++p)
    zero_packed_b_tail(channels, t_end - t_begin, nr, v + p * point_stride);
}

void winograd_f2x3_output__wasmsimd(const float* m, size_t m_stride, size_t ldm, size_t rows,
                                    const Window2d& w, size_t t_begin, size_t t_end,
                                    const GemmEpilogue& ep, float* y) {
  const int64_t tiles_w = winograd_tiles_w(w);
  const size_t plane = static_cast<size_t>(w.out_h * w.out_w);
  const int64_t ty_first = static_cast<int64_t>(t_begin) / tiles_w;
  const int64_t ty_last = static_cast<int64_t>(t_end - 1) / tiles_w;
  for (size_t r = 0; r < rows; ++r)
    for (int64_t ty = ty_first; ty <= ty_last; ++ty) {
      const TileRow tr = tile_row(ty, tiles_w, t_begin, t_end);
      for (int64_t tx = tr.tx_begin; tx < tr.tx_end; tx += 4) {
        const float* src = m + r * ldm + (static_cast<size_t>(ty * tiles_w + tx) - t_begin);
        v128_t s[2][4];  // A^T M
        for (size_t j = 0; j < 4; ++j) {
          const v128_t m0 = wasm_v128_load(src + j * m_stride);
          const v128_t m1 = wasm_v128_load(src + (4 + j) * m_stride);
          const v128_t m2 = wasm_v128_load(src + (8 + j) * m_stride);
          const v128_t m3 = wasm_v128_load(src + (12 + j) * m_stride);
          s[0][j] = wasm_f32x4_add(wasm_f32x4_add(m0, m1), m2);
          s[1][j] = wasm_f32x4_sub(wasm_f32x4_sub(m1, m2), m3);
        }
        const int64_t ox = 2 * tx;
        const size_t live = static_cast<size_t>(
            std::min<int64_t>(2 * std::min<int64_t>(4, tr.tx_end - tx), w.out_w - ox));
        for (int64_t i = 0; i < 2 && 2 * ty + i < w.out_h; ++i) {  // (A^T M) A
          const v128_t* a = s[i];
          const v128_t even = wasm_f32x4_add(wasm_f32x4_add(a[0], a[1]), a[2]);
          const v128_t odd = wasm_f32x4_sub(wasm_f32x4_sub(a[1], a[2]), a[3]);
          v128_t out[2] = {wasm_i32x4_shuffle(even, odd, 0, 4, 1, 5),
                           wasm_i32x4_shuffle(even, odd, 2, 6, 3, 7)};
          const size_t n = static_cast<size_t>((2 * ty + i) * w.out_w + ox);
          apply_epilogue_row<2>(ep, r, live, out, n);
          store_row<2>(y + r * plane + n, live, out);
        }
      }
    }
}

}  // namespace wnn::kernels
#endif
