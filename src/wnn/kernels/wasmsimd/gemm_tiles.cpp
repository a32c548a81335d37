// The f32 GEMM tiles of this build, wasm SIMD128: each an instance of wasmsimd/gemm_tile.h.
// Adding a tile: one line here, one in kernels/gemm.h and one in kernels/kernel_config.cpp.
#include "wnn/kernels/wasmsimd/gemm_tile.h"

#if defined(__wasm_simd128__)
namespace wnn::kernels {

// `variant` empty: A broadcast by a load-splat per k; `_splat`: A loaded 4 k at a time and each
// lane broadcast by a shuffle (gemm_tile::ALoad::kSplat).
#define WNN_GEMM_TILE(mr, nv, nr, variant, load)                                                \
  void f32_gemm_##mr##x##nr##__wasmsimd##variant(size_t M, size_t N, size_t K, const float* A, \
                                                 size_t lda, const float* packed_b, float* C,  \
                                                 size_t ldc, const GemmEpilogue& ep) {         \
    static_assert(4 * nv == nr, "nr is 4 lanes x nv vectors");                                 \
    gemm_tile::gemm<mr, nv, gemm_tile::ALoad::load>(M, N, K, A, lda, packed_b, C, ldc, ep);    \
  }
WNN_GEMM_TILE(2, 4, 16, , kLoadSplat)
WNN_GEMM_TILE(2, 6, 24, , kLoadSplat)
WNN_GEMM_TILE(3, 4, 16, , kLoadSplat)
WNN_GEMM_TILE(4, 2, 8, , kLoadSplat)
WNN_GEMM_TILE(4, 4, 16, , kLoadSplat)
WNN_GEMM_TILE(5, 2, 8, , kLoadSplat)
WNN_GEMM_TILE(6, 2, 8, , kLoadSplat)
WNN_GEMM_TILE(2, 4, 16, _splat, kSplat)
WNN_GEMM_TILE(4, 2, 8, _splat, kSplat)
#undef WNN_GEMM_TILE

}  // namespace wnn::kernels
#endif
