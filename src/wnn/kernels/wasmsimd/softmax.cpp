// Softmax, wasm SIMD128. Rows: 4 lanes along the row (the lane sums are the scalar reference's
// 4 running sums). Strided: 4 adjacent output positions per vector, each summing over the axis.
// LogSoftmax shares both loops (kLog), with vec_math's log of each sum.
#if defined(__wasm_simd128__)
#include "wnn/kernels/softmax.h"

#include <wasm_simd128.h>

#include "wnn/kernels/scalar/lanes_scalar.h"
#include "wnn/kernels/vec_math.h"
#include "wnn/kernels/wasmsimd/lanes_simd128.h"

namespace wnn::kernels {
namespace {

inline v128_t max_keep(v128_t m, v128_t v) {
  return wasm_f32x4_pmax(m, v);  // m < v ? v : m
}

template <bool kLog>
void rows_impl(size_t rows, size_t n, const float* x, float* y) {
  if (n == 0) return;
  const size_t n4 = n - n % 4;
  for (size_t r = 0; r < rows; ++r, x += n, y += n) {
    // The maximum is exact whatever the order; the scalar loop finds the same value.
    float m = x[0];
    if (n4 > 0) {
      v128_t vm = wasm_v128_load(x);
      for (size_t i = 4; i < n4; i += 4) vm = max_keep(vm, wasm_v128_load(x + i));
      const float l[4] = {wasm_f32x4_extract_lane(vm, 0), wasm_f32x4_extract_lane(vm, 1),
                          wasm_f32x4_extract_lane(vm, 2), wasm_f32x4_extract_lane(vm, 3)};
      for (float v : l) m = v > m ? v : m;
    }
    for (size_t i = n4; i < n; ++i) m = x[i] > m ? x[i] : m;
    const v128_t vmax = wasm_f32x4_splat(m);
    v128_t vsum = wasm_f32x4_splat(0.0f);
    for (size_t i = 0; i < n4; i += 4) {
      const v128_t e = vec_math::exp<Simd128Lanes>(wasm_f32x4_sub(wasm_v128_load(x + i), vmax));
      wasm_v128_store(y + i, e);
      vsum = wasm_f32x4_add(vsum, e);
    }
    float sum = (wasm_f32x4_extract_lane(vsum, 0) + wasm_f32x4_extract_lane(vsum, 1)) +
                (wasm_f32x4_extract_lane(vsum, 2) + wasm_f32x4_extract_lane(vsum, 3));
    for (size_t i = n4; i < n; ++i) {
      y[i] = vec_math::exp<ScalarLanes>(x[i] - m);
      sum += y[i];
    }
    if (kLog) {
      const float log_sum = vec_math::log<ScalarLanes>(sum);
      const v128_t vl = wasm_f32x4_splat(log_sum);
      for (size_t i = 0; i < n4; i += 4)
        wasm_v128_store(y + i, wasm_f32x4_sub(wasm_f32x4_sub(wasm_v128_load(x + i), vmax), vl));
      for (size_t i = n4; i < n; ++i) y[i] = (x[i] - m) - log_sum;
    } else {
      const v128_t vs = wasm_f32x4_splat(sum);
      for (size_t i = 0; i < n4; i += 4)
        wasm_v128_store(y + i, wasm_f32x4_div(wasm_v128_load(y + i), vs));
      for (size_t i = n4; i < n; ++i) y[i] = y[i] / sum;
    }
  }
}

template <bool kLog>
void strided_impl(size_t outer, size_t n, size_t inner, const float* x, float* y) {
  if (n == 0) return;
  const size_t inner4 = inner - inner % 4;
  for (size_t o = 0; o < outer; ++o) {
    const float* xo = x + o * n * inner;
    float* yo = y + o * n * inner;
    for (size_t j = 0; j < inner4; j += 4) {
      v128_t m = wasm_v128_load(xo + j);
      for (size_t k = 1; k < n; ++k) m = max_keep(m, wasm_v128_load(xo + k * inner + j));
      v128_t sum = wasm_f32x4_splat(0.0f);
      for (size_t k = 0; k < n; ++k) {
        const v128_t e =
            vec_math::exp<Simd128Lanes>(wasm_f32x4_sub(wasm_v128_load(xo + k * inner + j), m));
        wasm_v128_store(yo + k * inner + j, e);
        sum = wasm_f32x4_add(sum, e);
      }
      if (kLog) {
        const v128_t log_sum = vec_math::log<Simd128Lanes>(sum);
        for (size_t k = 0; k < n; ++k)
          wasm_v128_store(
              yo + k * inner + j,
              wasm_f32x4_sub(wasm_f32x4_sub(wasm_v128_load(xo + k * inner + j), m), log_sum));
      } else {
        for (size_t k = 0; k < n; ++k)
          wasm_v128_store(yo + k * inner + j,
                          wasm_f32x4_div(wasm_v128_load(yo + k * inner + j), sum));
      }
    }
    if (inner4 < inner) {
      // The last inner % 4 positions: the scalar reference on the same block, column by column
      // (one outer block of `inner` columns, of which the first inner4 are done).
      for (size_t j = inner4; j < inner; ++j) {
        float m = xo[j];
        for (size_t k = 1; k < n; ++k) m = xo[k * inner + j] > m ? xo[k * inner + j] : m;
        float sum = 0.0f;
        for (size_t k = 0; k < n; ++k) {
          const float e = vec_math::exp<ScalarLanes>(xo[k * inner + j] - m);
          yo[k * inner + j] = e;
          sum += e;
        }
        if (kLog) {
          const float log_sum = vec_math::log<ScalarLanes>(sum);
          for (size_t k = 0; k < n; ++k) yo[k * inner + j] = (xo[k * inner + j] - m) - log_sum;
        } else {
          for (size_t k = 0; k < n; ++k) yo[k * inner + j] = yo[k * inner + j] / sum;
        }
      }
    }
  }
}

}  // namespace

void f32_softmax_rows__wasmsimd(size_t rows, size_t n, const float* x, float* y) {
  rows_impl<false>(rows, n, x, y);
}
void f32_softmax_strided__wasmsimd(size_t outer, size_t n, size_t inner, const float* x, float* y) {
  strided_impl<false>(outer, n, inner, x, y);
}
void f32_log_softmax_rows__wasmsimd(size_t rows, size_t n, const float* x, float* y) {
  rows_impl<true>(rows, n, x, y);
}
void f32_log_softmax_strided__wasmsimd(size_t outer, size_t n, size_t inner, const float* x,
                                       float* y) {
  strided_impl<true>(outer, n, inner, x, y);
}

}  // namespace wnn::kernels
#endif
