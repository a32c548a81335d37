// The f32 GEMM of kernels/gemm.h for any tile MR x (4 * NV), wasm SIMD128: one template, the
// tiles instantiated in gemm_tiles.cpp and listed in kernels/kernel_config.cpp. The MR x NV
// v128 accumulators stay in registers when MR * NV + NV + 1 <= 16 (x86 has 16 vector registers).
// Per k: NV loads of B, MR load-splats of A, MR * NV mul + MR * NV add,
// kept separate (wasm has no fused multiply-add) so that every tile gives the bits of
// f32_gemm_1x8__scalar: each output sums k = 0..K-1 in order, then the epilogue.
#pragma once
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

#include "wnn/kernels/gemm.h"
#include "wnn/kernels/wasmsimd/gemm_epilogue_simd.h"

namespace wnn::kernels::gemm_tile {

// Step k of the tile: acc[i][j] += A[i][k] * B[k][4j .. 4j+3], row i's A[i][k] broadcast by
// `a(i)` (one broadcast live at a time, as few registers as the tile allows).
template <size_t MR, size_t NV, class Broadcast>
inline void k_step(v128_t (&acc)[MR][NV], const float* panel, Broadcast a) {
  v128_t b[NV];
  for (size_t j = 0; j < NV; ++j) b[j] = wasm_v128_load(panel + 4 * j);
  for (size_t i = 0; i < MR; ++i) {
    const v128_t av = a(i);
    for (size_t j = 0; j < NV; ++j) acc[i][j] = wasm_f32x4_add(acc[i][j], wasm_f32x4_mul(av, b[j]));
  }
}

template <size_t MR, size_t NV>
inline void tile(size_t K, const float* A, size_t lda, const float* panel, float* C, size_t ldc,
                 size_t live, const GemmEpilogue& ep, size_t m0) {
  constexpr size_t NR = 4 * NV;
  v128_t acc[MR][NV];
  for (size_t i = 0; i < MR; ++i)
    for (size_t j = 0; j < NV; ++j) acc[i][j] = wasm_f32x4_splat(0.0f);
  const float* a[MR];
  for (size_t i = 0; i < MR; ++i) a[i] = A + i * lda;
  for (size_t k = 0; k < K; ++k) {
    k_step<MR, NV>(acc, panel, [&](size_t i) { return wasm_v128_load32_splat(a[i] + k); });
    panel += NR;
  }
  for (size_t i = 0; i < MR; ++i) {
    apply_epilogue_row<NV>(ep, m0 + i, live, acc[i]);
    store_row<NV>(C + i * ldc, live, acc[i]);
  }
}

// The last M % MR rows: the tile with that many rows.
template <size_t MR, size_t NV>
inline void remainder(size_t rows, size_t K, const float* A, size_t lda, const float* panel,
                      float* C, size_t ldc, size_t live, const GemmEpilogue& ep, size_t m0) {
  if constexpr (MR > 0) {
    if (rows == MR) return tile<MR, NV>(K, A, lda, panel, C, ldc, live, ep, m0);
    remainder<MR - 1, NV>(rows, K, A, lda, panel, C, ldc, live, ep, m0);
  }
}

// One row of A against P whole panels at once (a matrix-vector product: GRU/LSTM steps and dense
// layers at batch 1). A single row has only NV accumulators, one add chain each, and waits on
// the add latency; P panels give P * NV independent chains. Same order of sums per output.
template <size_t NV, size_t P>
inline void row_panels(size_t K, const float* a, const float* panel, float* C,
                       const GemmEpilogue& ep, size_t n0) {
  constexpr size_t NR = 4 * NV;
  v128_t acc[P][NV];
  for (size_t p = 0; p < P; ++p)
    for (size_t j = 0; j < NV; ++j) acc[p][j] = wasm_f32x4_splat(0.0f);
  for (size_t k = 0; k < K; ++k) {
    const v128_t av = wasm_v128_load32_splat(a + k);
    for (size_t p = 0; p < P; ++p)
      for (size_t j = 0; j < NV; ++j)
        acc[p][j] = wasm_f32x4_add(
            acc[p][j], wasm_f32x4_mul(av, wasm_v128_load(panel + p * K * NR + k * NR + 4 * j)));
  }
  for (size_t p = 0; p < P; ++p) {
    apply_epilogue_row<NV>(ep.at(0, n0 + p * NR), 0, NR, acc[p]);
    store_row<NV>(C + n0 + p * NR, NR, acc[p]);
  }
}

template <size_t MR, size_t NV>
void gemm(size_t M, size_t N, size_t K, const float* A, size_t lda, const float* packed_b, float* C,
          size_t ldc, const GemmEpilogue& ep) {
  constexpr size_t NR = 4 * NV;
  size_t first = 0;  // the first column the tile loop below computes
  if (M == 1) {
    constexpr size_t P = NV >= 8 ? 1 : 8 / NV;  // panels per pass: 8 accumulator chains
    for (; first + P * NR <= N; first += P * NR)
      row_panels<NV, P>(K, A, packed_b + first * K, C, ep, first);
  }
  for (size_t n0 = first; n0 < N; n0 += NR) {
    const size_t live = N - n0 < NR ? N - n0 : NR;
    const float* panel = packed_b + n0 * K;
    const GemmEpilogue block = ep.at(0, n0);
    size_t m = 0;
    for (; m + MR <= M; m += MR)
      tile<MR, NV>(K, A + m * lda, lda, panel, C + m * ldc + n0, ldc, live, block, m);
    if (m < M)
      remainder<MR - 1, NV>(M - m, K, A + m * lda, lda, panel, C + m * ldc + n0, ldc, live, block,
                            m);
  }
}

}  // namespace wnn::kernels::gemm_tile
#endif
