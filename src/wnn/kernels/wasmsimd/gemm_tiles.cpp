// The f32 GEMM tiles of this build, wasm SIMD128: each an instance of wasmsimd/gemm_tile.h.
// Adding a tile: one line here, one in kernels/gemm.h and one in kernels/kernel_config.cpp.
#include "wnn/kernels/wasmsimd/gemm_tile.h"

#if defined(__wasm_simd128__)
namespace wnn::kernels {

// 5x8, 2x16 and 4x16 were the fastest on some model in some engine (node e2e/tiles.mjs,
// 2026-12-04), and 4x8, the former default, is the baseline they are timed against; 6x8, 3x16,
// 2x24 and the XNNPACK-style "splat" loads of A (4 k per load, lanes broadcast by shuffles) won
// nothing and were removed (docs/speed.md, issue 9).
#define WNN_GEMM_TILE(mr, nv, nr)                                                              \
  void f32_gemm_##mr##x##nr##__wasmsimd(size_t M, size_t N, size_t K, const float* A,          \
                                        size_t lda, const float* packed_b, float* C,           \
                                        size_t ldc, const GemmEpilogue& ep) {                  \
    static_assert(4 * nv == nr, "nr is 4 lanes x nv vectors");                                 \
    gemm_tile::gemm<mr, nv>(M, N, K, A, lda, packed_b, C, ldc, ep);                            \
  }
WNN_GEMM_TILE(2, 4, 16)
WNN_GEMM_TILE(4, 2, 8)
WNN_GEMM_TILE(4, 4, 16)
WNN_GEMM_TILE(5, 2, 8)
#undef WNN_GEMM_TILE

}  // namespace wnn::kernels
#endif
