// Integer GEMM in SIMD128: tiles of 4 rows x 8 columns. Two k at a time, the rows k and k+1 of a
// panel are interleaved into (b[k][n], b[k+1][n]) pairs, and i32x4.dot_i16x8_s multiplies each
// with A's (a[k], a[k+1]) and adds the two products: exact in int32 (|values| <= 255), so the
// results are the scalar kernel's bit for bit.
#if defined(__wasm_simd128__)
#include "wnn/kernels/qgemm.h"

#include <wasm_simd128.h>

#include <cstring>

namespace wnn::kernels {
namespace {

template <size_t R>
void tile(size_t cols, size_t K, const int16_t* A, size_t lda, const int16_t* panel, int32_t* C,
          size_t ldc) {
  v128_t lo[R], hi[R];
  for (size_t r = 0; r < R; ++r) lo[r] = hi[r] = wasm_i32x4_splat(0);
  size_t k = 0;
  for (; k + 2 <= K; k += 2) {
    const v128_t b0 = wasm_v128_load(panel + k * kQGemmNr);
    const v128_t b1 = wasm_v128_load(panel + (k + 1) * kQGemmNr);
    const v128_t blo = wasm_i16x8_shuffle(b0, b1, 0, 8, 1, 9, 2, 10, 3, 11);
    const v128_t bhi = wasm_i16x8_shuffle(b0, b1, 4, 12, 5, 13, 6, 14, 7, 15);
    for (size_t r = 0; r < R; ++r) {
      int32_t pair;
      std::memcpy(&pair, A + r * lda + k, sizeof pair);
      const v128_t a = wasm_i32x4_splat(pair);
      lo[r] = wasm_i32x4_add(lo[r], wasm_i32x4_dot_i16x8(a, blo));
      hi[r] = wasm_i32x4_add(hi[r], wasm_i32x4_dot_i16x8(a, bhi));
    }
  }
  if (k < K) {  // odd K: the last row paired with a zero from A
    const v128_t b0 = wasm_v128_load(panel + k * kQGemmNr);
    const v128_t blo = wasm_i16x8_shuffle(b0, b0, 0, 0, 1, 1, 2, 2, 3, 3);
    const v128_t bhi = wasm_i16x8_shuffle(b0, b0, 4, 4, 5, 5, 6, 6, 7, 7);
    for (size_t r = 0; r < R; ++r) {
      const v128_t a = wasm_i32x4_splat(static_cast<uint16_t>(A[r * lda + k]));
      lo[r] = wasm_i32x4_add(lo[r], wasm_i32x4_dot_i16x8(a, blo));
      hi[r] = wasm_i32x4_add(hi[r], wasm_i32x4_dot_i16x8(a, bhi));
    }
  }
  for (size_t r = 0; r < R; ++r) {
    if (cols == kQGemmNr) {
      wasm_v128_store(C + r * ldc, lo[r]);
      wasm_v128_store(C + r * ldc + 4, hi[r]);
    } else {
      int32_t out[kQGemmNr];
      wasm_v128_store(out, lo[r]);
      wasm_v128_store(out + 4, hi[r]);
      std::memcpy(C + r * ldc, out, cols * sizeof(int32_t));
    }
  }
}

}  // namespace

void qgemm_4x8__wasmsimd(size_t M, size_t N, size_t K, const int16_t* A, size_t lda,
                         const int16_t* packed_b, int32_t* C, size_t ldc) {
  for (size_t n0 = 0; n0 < N; n0 += kQGemmNr) {
    const size_t cols = N - n0 < kQGemmNr ? N - n0 : kQGemmNr;
    const int16_t* panel = packed_b + n0 * K;
    size_t m = 0;
    for (; m + 4 <= M; m += 4) tile<4>(cols, K, A + m * lda, lda, panel, C + m * ldc + n0, ldc);
    for (; m < M; ++m) tile<1>(cols, K, A + m * lda, lda, panel, C + m * ldc + n0, ldc);
  }
}

}  // namespace wnn::kernels
#endif
