// f32 GEMM microkernel, wasm SIMD128. Tile: 4 rows of A x 8 columns (one packed panel of B) held
// in 8 v128 accumulators. Per k: 2 loads of B, 4 broadcasts of A, 8 mul + 8 add. mul and add stay
// separate instructions (wasm has no fused multiply-add) so results match f32_gemm_1x8__scalar.
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

#include "wnn/kernels/gemm.h"
#include "wnn/kernels/wasmsimd/gemm_epilogue_simd.h"

namespace wnn::kernels {
namespace {

constexpr size_t kNr = 8;

template <size_t MR>
inline void gemm_tile(size_t K, const float* A, size_t lda, const float* panel, float* C,
                      size_t ldc, size_t live, const GemmEpilogue& ep, size_t m0) {
  v128_t acc[MR][2];
  for (size_t i = 0; i < MR; ++i) acc[i][0] = acc[i][1] = wasm_f32x4_splat(0.0f);
  const float* a[MR];
  for (size_t i = 0; i < MR; ++i) a[i] = A + i * lda;
  for (size_t k = 0; k < K; ++k) {
    const v128_t b_lo = wasm_v128_load(panel);
    const v128_t b_hi = wasm_v128_load(panel + 4);
    panel += kNr;
    for (size_t i = 0; i < MR; ++i) {
      const v128_t av = wasm_v128_load32_splat(a[i] + k);
      acc[i][0] = wasm_f32x4_add(acc[i][0], wasm_f32x4_mul(av, b_lo));
      acc[i][1] = wasm_f32x4_add(acc[i][1], wasm_f32x4_mul(av, b_hi));
    }
  }
  for (size_t i = 0; i < MR; ++i) {
    apply_epilogue_row<2>(ep, m0 + i, live, acc[i]);
    store_row<2>(C + i * ldc, live, acc[i]);
  }
}

}  // namespace

void f32_gemm_4x8__wasmsimd(size_t M, size_t N, size_t K, const float* A, size_t lda,
                            const float* packed_b, float* C, size_t ldc, const GemmEpilogue& ep) {
  for (size_t n0 = 0; n0 < N; n0 += kNr) {
    const size_t live = N - n0 < kNr ? N - n0 : kNr;
    const float* panel = packed_b + n0 * K;
    const GemmEpilogue block = ep.at(0, n0);
    size_t m = 0;
    for (; m + 4 <= M; m += 4)
      gemm_tile<4>(K, A + m * lda, lda, panel, C + m * ldc + n0, ldc, live, block, m);
    float* c = C + m * ldc + n0;
    const float* a = A + m * lda;
    switch (M - m) {
      case 3: gemm_tile<3>(K, a, lda, panel, c, ldc, live, block, m); break;
      case 2: gemm_tile<2>(K, a, lda, panel, c, ldc, live, block, m); break;
      case 1: gemm_tile<1>(K, a, lda, panel, c, ldc, live, block, m); break;
      default: break;
    }
  }
}

}  // namespace wnn::kernels
#endif
