// f32 GEMM microkernel, wasm SIMD128. Tile: 4 rows of A x 8 columns (one packed panel of B) held
// in 8 v128 accumulators. Per k: 2 loads of B, 4 broadcasts of A, 8 mul + 8 add. mul and add stay
// separate instructions (wasm has no fused multiply-add) so results match f32_gemm__scalar.
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

#include "wnn/kernels/gemm.h"
#include "wnn/kernels/wasmsimd/activation_simd.h"

namespace wnn::kernels {
namespace {

template <size_t MR>
inline void gemm_tile(size_t K, const float* A, size_t lda, const float* panel, float* C,
                      size_t ldc, size_t nr, const float* row_bias, const float* col_bias,
                      bool relu) {
  v128_t acc_lo[MR], acc_hi[MR];
  for (size_t i = 0; i < MR; ++i) acc_lo[i] = acc_hi[i] = wasm_f32x4_splat(0.0f);
  const float* a[MR];
  for (size_t i = 0; i < MR; ++i) a[i] = A + i * lda;
  for (size_t k = 0; k < K; ++k) {
    const v128_t b_lo = wasm_v128_load(panel);
    const v128_t b_hi = wasm_v128_load(panel + 4);
    panel += kGemmNr;
    for (size_t i = 0; i < MR; ++i) {
      const v128_t av = wasm_v128_load32_splat(a[i] + k);
      acc_lo[i] = wasm_f32x4_add(acc_lo[i], wasm_f32x4_mul(av, b_lo));
      acc_hi[i] = wasm_f32x4_add(acc_hi[i], wasm_f32x4_mul(av, b_hi));
    }
  }
  v128_t cb_lo = wasm_f32x4_splat(0.0f), cb_hi = cb_lo;
  if (col_bias) {
    cb_lo = wasm_v128_load(col_bias);
    cb_hi = wasm_v128_load(col_bias + 4);
  }
  for (size_t i = 0; i < MR; ++i) {
    v128_t lo = acc_lo[i], hi = acc_hi[i];
    if (row_bias) {
      const v128_t rb = wasm_v128_load32_splat(row_bias + i);
      lo = wasm_f32x4_add(lo, rb);
      hi = wasm_f32x4_add(hi, rb);
    }
    if (col_bias) {
      lo = wasm_f32x4_add(lo, cb_lo);
      hi = wasm_f32x4_add(hi, cb_hi);
    }
    if (relu) {
      lo = relu_keep_nan(lo);
      hi = relu_keep_nan(hi);
    }
    float* c = C + i * ldc;
    if (nr == kGemmNr) {
      wasm_v128_store(c, lo);
      wasm_v128_store(c + 4, hi);
    } else {
      alignas(16) float tmp[kGemmNr];
      wasm_v128_store(tmp, lo);
      wasm_v128_store(tmp + 4, hi);
      for (size_t j = 0; j < nr; ++j) c[j] = tmp[j];
    }
  }
}

}  // namespace

void f32_gemm_4x8__wasmsimd(size_t M, size_t N, size_t K, const float* A, size_t lda,
                            const float* packed_b, float* C, size_t ldc, const GemmEpilogue& ep) {
  // A column bias is read 8 at a time; pad a copy for the last partial panel.
  alignas(16) float col_bias_tail[kGemmNr];
  for (size_t n0 = 0; n0 < N; n0 += kGemmNr) {
    const size_t nr = N - n0 < kGemmNr ? N - n0 : kGemmNr;
    const float* panel = packed_b + n0 * K;
    const float* col_bias = nullptr;
    if (ep.bias_axis == BiasAxis::kPerColumn) {
      col_bias = ep.bias + n0;
      if (nr < kGemmNr) {
        for (size_t j = 0; j < kGemmNr; ++j) col_bias_tail[j] = j < nr ? col_bias[j] : 0.0f;
        col_bias = col_bias_tail;
      }
    }
    size_t m = 0;
    for (; m + 4 <= M; m += 4) {
      const float* row_bias = ep.bias_axis == BiasAxis::kPerRow ? ep.bias + m : nullptr;
      gemm_tile<4>(K, A + m * lda, lda, panel, C + m * ldc + n0, ldc, nr, row_bias, col_bias,
                   ep.relu);
    }
    const float* row_bias = ep.bias_axis == BiasAxis::kPerRow ? ep.bias + m : nullptr;
    float* c = C + m * ldc + n0;
    const float* a = A + m * lda;
    switch (M - m) {
      case 3: gemm_tile<3>(K, a, lda, panel, c, ldc, nr, row_bias, col_bias, ep.relu); break;
      case 2: gemm_tile<2>(K, a, lda, panel, c, ldc, nr, row_bias, col_bias, ep.relu); break;
      case 1: gemm_tile<1>(K, a, lda, panel, c, ldc, nr, row_bias, col_bias, ep.relu); break;
      default: break;
    }
  }
}

}  // namespace wnn::kernels
#endif
