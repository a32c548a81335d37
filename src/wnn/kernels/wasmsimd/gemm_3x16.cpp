// f32 GEMM, wasm SIMD128, tile 3 x 16 (12 v128 accumulators): see gemm_tile.h.
#include "wnn/kernels/wasmsimd/gemm_tile.h"

#if defined(__wasm_simd128__)
namespace wnn::kernels {

void f32_gemm_3x16__wasmsimd(size_t M, size_t N, size_t K, const float* A, size_t lda,
                             const float* packed_b, float* C, size_t ldc, const GemmEpilogue& ep) {
  gemm_tile::gemm<3, 4>(M, N, K, A, lda, packed_b, C, ldc, ep);
}

}  // namespace wnn::kernels
#endif
