// im2col into GEMM panels by runs of output pixels that share an output row. Three ways, the same
// layout and values as im2col_packed__scalar (pure data movement: no rounding to match):
// - a 1x1 stride-1 filter without padding: column n is input pixel n, a panel row one copy;
// - a 1x1 filter with strides whose outputs are all inside the image (a ResNet shortcut): a
//   gather per run, stride 2 four values at a time (Node, ResNet-20's shortcuts' im2col 13.8 ->
//   3.6 us and 7.6 -> 0.7 us against the padded rows below, which copy 4x the values used);
// - any other window first copies the input rows its columns read into a zero-padded block (the
//   task's scratch), each row split by x mod stride_w, so that every (run, tap) is one contiguous
//   copy without bounds: 2-2.5x faster than the strided runs with bounds per run it replaced
//   (Node, LeNet-5's 5x5 convs 11-13 -> 4.4-7.5 us, a 3x3 pad-1 conv of 16 channels on 32x32
//   75-85 -> 32-37 us, 2026-12-04). Float rows with stride 2 are split four columns at a time
//   (BlazeFace's first conv, 5x5 stride 2 on 3 x 256 x 256: im2col 519 -> 348 us).
// One template for the float convolutions and the integer ones (int16 values, kernels/qgemm.h).
// Built without loop unrolling: the same speed, 0.4 KB gzip less.
#include <algorithm>
#include <cstring>
#include <type_traits>

#include "wnn/kernels/copy_values.h"
#include "wnn/kernels/im2col.h"
#include "wnn/kernels/qgemm.h"
#if defined(__wasm_simd128__)
#include "wnn/kernels/wasmsimd/split_columns.h"
#endif

namespace wnn::kernels {
namespace {

// 1x1 filter, stride 1, no padding (a pointwise conv). Node, wasm, BlazeFace back's 24 channels
// of 128x128: 279-295 -> 116 us against the runs below.
template <typename T>
void pointwise(const T* image, size_t channels, size_t plane, size_t n_begin, size_t n_end,
               size_t nr, T* packed) {
  for (size_t n0 = n_begin; n0 < n_end; n0 += nr, packed += channels * nr) {
    const size_t live = n_end - n0 < nr ? n_end - n0 : nr;
    T* dst = packed;
    for (size_t c = 0; c < channels; ++c, dst += nr) {
      copy_values(dst, image + c * plane + n0, live);
      std::fill(dst + live, dst + nr, T{0});
    }
  }
}

bool is_pointwise(const Window2d& w) {
  return w.kernel_h == 1 && w.kernel_w == 1 && w.stride_h == 1 && w.stride_w == 1 &&
         w.pad_top == 0 && w.pad_left == 0 && w.out_w == w.in_w && w.out_h == w.in_h;
}

// A 1x1 filter with strides, every output pixel inside the image (a ResNet shortcut): column n
// is input pixel (oy * stride_h, ox * stride_w).
bool is_strided_pointwise(const Window2d& w) {
  return w.kernel_h == 1 && w.kernel_w == 1 && w.pad_top == 0 && w.pad_left == 0 &&
         (w.out_h - 1) * w.stride_h < w.in_h && (w.out_w - 1) * w.stride_w < w.in_w;
}

// n values stride values apart from src into dst; stride 2 four at a time, the last one or more
// alone (so that no load reads past the last value).
template <typename T>
void gather(T* dst, const T* src, size_t stride, size_t n) {
  size_t j = 0;
#if defined(__wasm_simd128__)
  if constexpr (std::is_same_v<T, float>) {
    if (stride == 2)
      for (; j + 4 < n; j += 4) {
        const v128_t a = wasm_v128_load(src + 2 * j), b = wasm_v128_load(src + 2 * j + 4);
        wasm_v128_store(dst + j, wasm_i32x4_shuffle(a, b, 0, 2, 4, 6));
      }
  }
#endif
#pragma clang loop vectorize(disable)
  for (; j < n; ++j) dst[j] = src[j * stride];
}

template <typename T>
void strided_pointwise(const T* image, size_t channels, const Window2d& w, size_t n_begin,
                       size_t n_end, size_t nr, T* packed) {
  const size_t out_w = static_cast<size_t>(w.out_w), in_w = static_cast<size_t>(w.in_w);
  const size_t plane = static_cast<size_t>(w.in_h) * in_w;
  const size_t stride_h = static_cast<size_t>(w.stride_h),
               stride_w = static_cast<size_t>(w.stride_w);
  for (size_t n0 = n_begin; n0 < n_end; n0 += nr, packed += channels * nr) {
    const size_t live = n_end - n0 < nr ? n_end - n0 : nr;
    if (live < nr) std::memset(packed, 0, channels * nr * sizeof(T));
    for (size_t j0 = 0; j0 < live;) {  // runs of lanes in one output row
      const size_t n = n0 + j0, oy = n / out_w, ox0 = n % out_w;
      const size_t len = std::min(live - j0, out_w - ox0);
      const T* src = image + oy * stride_h * in_w + ox0 * stride_w;
      T* d = packed + j0;
      for (size_t c = 0; c < channels; ++c, d += nr, src += plane) gather(d, src, stride_w, len);
      j0 += len;
    }
  }
}

// The padded block of a window that is not pointwise: input rows [y_first, y_first + rows), each as
// the values from x = -pad_left on (zero outside the image), split by x mod stride_w into `phases`
// of `phase_width` values, so that a tap's source pixels for a run of output pixels (stride_w
// apart in the image) are contiguous in one phase.
struct PaddedRows {
  int64_t y_first, rows, phases, phase_width;
  int64_t row_stride() const { return phases * phase_width; }
};

PaddedRows padded_rows(const Window2d& w, size_t n_begin, size_t n_end) {
  const int64_t out_w = w.out_w;
  const int64_t oy_first = static_cast<int64_t>(n_begin) / out_w;
  const int64_t oy_last = static_cast<int64_t>(n_end - 1) / out_w;
  const int64_t width = (out_w - 1) * w.stride_w + (w.kernel_w - 1) * w.dilation_w + 1;
  return {oy_first * w.stride_h - w.pad_top,
          (oy_last - oy_first) * w.stride_h + (w.kernel_h - 1) * w.dilation_h + 1, w.stride_w,
          (width + w.stride_w - 1) / w.stride_w};
}

// Input row `row` as the n values from x = -pad_left on, zero outside the image.
template <typename T>
void pad_values(const T* row, const Window2d& w, int64_t n, T* dst) {
  const int64_t lo = std::min<int64_t>(w.pad_left, n);  // [lo, hi): inside the image
  const int64_t hi = std::max(lo, std::min<int64_t>(n, w.pad_left + w.in_w));
  std::fill(dst, dst + lo, T{0});
  copy_values(dst + lo, row + (lo - w.pad_left), static_cast<size_t>(hi - lo));
  std::fill(dst + hi, dst + n, T{0});
}

// One input row (nullptr: a row of padding) into its phases. `spare` (row_stride() values, for
// phases > 1) is where a float row with stride 2 is padded before its split.
template <typename T>
void pad_row(const T* row, const Window2d& w, const PaddedRows& p, T* dst, T* spare) {
  const int64_t n = p.row_stride();
  if (!row) {
    std::fill(dst, dst + n, T{0});
  } else if (p.phases == 1) {
    pad_values(row, w, n, dst);
#if defined(__wasm_simd128__)
  } else if (std::is_same_v<T, float> && p.phases == 2) {
    // Padded, then split even / odd four columns at a time (the value-by-value loop below
    // checks bounds per value).
    pad_values(row, w, n, spare);
    split_columns(reinterpret_cast<const float*>(spare), p.phase_width,
                  reinterpret_cast<float*>(dst));
#endif
  } else {
    for (int64_t phase = 0; phase < p.phases; ++phase)
#pragma clang loop vectorize(disable) unroll(disable)
      for (int64_t i = 0; i < p.phase_width; ++i) {
        const int64_t x = i * p.phases + phase - w.pad_left;
        *dst++ = x >= 0 && x < w.in_w ? row[x] : T{0};
      }
  }
}

// Not pointwise: the rows into `block`, then a copy per run and tap.
template <typename T>
void padded(const T* image, size_t channels, const Window2d& w, size_t n_begin, size_t n_end,
            size_t nr, T* packed, T* block) {
  const PaddedRows p = padded_rows(w, n_begin, n_end);
  const size_t row_stride = static_cast<size_t>(p.row_stride());
  T* dst = block;
  T* spare = block + channels * static_cast<size_t>(p.rows) * row_stride;
  for (size_t c = 0; c < channels; ++c) {
    const T* plane = image + c * static_cast<size_t>(w.in_h * w.in_w);
    for (int64_t r = 0; r < p.rows; ++r, dst += row_stride) {
      const int64_t y = p.y_first + r;
      pad_row(y >= 0 && y < w.in_h ? plane + y * w.in_w : nullptr, w, p, dst, spare);
    }
  }
  const size_t out_w = static_cast<size_t>(w.out_w);
  const size_t kernel_w = static_cast<size_t>(w.kernel_w);
  const size_t K = channels * static_cast<size_t>(w.kernel_h) * kernel_w;
  // Tap kx reads x = kx * dilation_w from a run's first pixel: phase x mod stride_w, offset
  // x / stride_w in it, advanced tap by tap without a division.
  const size_t phases = static_cast<size_t>(p.phases);
  const size_t phase_step = static_cast<size_t>(w.dilation_w) % phases;
  const size_t offset_step = static_cast<size_t>(w.dilation_w) / phases;
  const size_t phase_width = static_cast<size_t>(p.phase_width);
  const size_t channel_stride = static_cast<size_t>(p.rows) * row_stride;
  const size_t row_step = static_cast<size_t>(w.dilation_h) * row_stride;
  const size_t oy_first = n_begin / out_w;
  for (size_t n0 = n_begin; n0 < n_end; n0 += nr, packed += K * nr) {
    const size_t live = n_end - n0 < nr ? n_end - n0 : nr;
    if (live < nr)  // lanes past the end stay zero in every row of the panel
      std::memset(packed, 0, K * nr * sizeof(T));
    for (size_t j0 = 0; j0 < live;) {  // runs of lanes in one output row
      const size_t n = n0 + j0, oy = n / out_w, ox0 = n % out_w;
      const size_t len = std::min(live - j0, out_w - ox0);
      T* d = packed + j0;
      const T* src = block + (oy - oy_first) * static_cast<size_t>(w.stride_h) * row_stride + ox0;
      for (size_t c = 0; c < channels; ++c, src += channel_stride) {
        const T* row = src;
        for (int64_t ky = 0; ky < w.kernel_h; ++ky, row += row_step) {
          size_t phase = 0, offset = 0;
          for (size_t kx = 0; kx < kernel_w; ++kx, d += nr) {
            copy_values(d, row + phase * phase_width + offset, len);
            phase += phase_step;
            offset += offset_step;
            if (phase >= phases) phase -= phases, ++offset;
          }
        }
      }
      j0 += len;
    }
  }
}

template <typename T>
void im2col_rows(const T* image, size_t channels, const Window2d& w, size_t n_begin, size_t n_end,
                 size_t nr, T* packed, T* scratch) {
  if (is_pointwise(w)) {
    pointwise(image, channels, static_cast<size_t>(w.in_h * w.in_w), n_begin, n_end, nr, packed);
    return;
  }
  if (is_strided_pointwise(w)) {
    strided_pointwise(image, channels, w, n_begin, n_end, nr, packed);
    return;
  }
  padded(image, channels, w, n_begin, n_end, nr, packed, scratch);
}

}  // namespace

size_t im2col_scratch_values(size_t channels, const Window2d& w, size_t columns) {
  if (is_pointwise(w) || is_strided_pointwise(w) || columns == 0) return 0;
  // The most output rows `columns` consecutive columns touch: a range that starts at a row's
  // last pixel.
  const size_t out_w = static_cast<size_t>(w.out_w);
  const size_t out_rows = std::min((columns + out_w - 2) / out_w + 1, static_cast<size_t>(w.out_h));
  const PaddedRows p = padded_rows(w, 0, (out_rows - 1) * out_w + 1);
  // and a spare row (pad_row) when the stride splits rows
  return (channels * static_cast<size_t>(p.rows) + (p.phases > 1)) *
         static_cast<size_t>(p.row_stride());
}

void im2col_packed__rows(const float* image, size_t channels, const Window2d& w, size_t n_begin,
                         size_t n_end, size_t nr, float* packed, float* scratch) {
  im2col_rows(image, channels, w, n_begin, n_end, nr, packed, scratch);
}
void im2col_packed_i16__rows(const int16_t* image, size_t channels, const Window2d& w,
                             size_t n_begin, size_t n_end, size_t nr, int16_t* packed,
                             int16_t* scratch) {
  im2col_rows(image, channels, w, n_begin, n_end, nr, packed, scratch);
}

}  // namespace wnn::kernels
