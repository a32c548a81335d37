// f32 GEMM over a packed right-hand side, with a fused epilogue (bias, ReLU).
//
//   C[m, n] = act( sum_{k=0..K-1} A[m*lda + k] * B[k, n]  + bias )
//
// B is packed in panels of kGemmNr columns: panel p holds columns [p*Nr, p*Nr+Nr) as K rows of Nr
// contiguous floats (columns past N are zero). Packing is done once for weights and fused into
// im2col for convolution inputs, so the microkernel streams B linearly.
//
// Every kernel accumulates each output from 0 in increasing k, then adds the bias, then applies
// the activation: the scalar and SIMD kernels therefore give bitwise-identical results, and so
// does every browser (wasm float arithmetic is IEEE with no contraction).
#pragma once
#include <cstddef>

namespace wnn::kernels {

constexpr size_t kGemmNr = 8;

enum class BiasAxis { kNone, kPerRow, kPerColumn };

struct GemmEpilogue {
  const float* bias = nullptr;
  BiasAxis bias_axis = BiasAxis::kNone;
  bool relu = false;
};

inline size_t gemm_packed_b_floats(size_t K, size_t N) {
  return (N + kGemmNr - 1) / kGemmNr * kGemmNr * K;
}

// Packs B given row-major as B[k*ldb + n].
void pack_gemm_b(size_t K, size_t N, const float* B, size_t ldb, float* packed);
// Packs B given transposed, as Bt[n*ldbt + k] (ONNX Gemm with transB=1, i.e. [out, in] weights).
void pack_gemm_b_transposed(size_t K, size_t N, const float* Bt, size_t ldbt, float* packed);

using GemmFn = void (*)(size_t M, size_t N, size_t K, const float* A, size_t lda,
                        const float* packed_b, float* C, size_t ldc, const GemmEpilogue& ep);

void f32_gemm__scalar(size_t M, size_t N, size_t K, const float* A, size_t lda,
                      const float* packed_b, float* C, size_t ldc, const GemmEpilogue& ep);
#if defined(__wasm_simd128__)
// Tile 4 rows x 8 columns (8 v128 accumulators); row and column remainders handled in-kernel.
void f32_gemm_4x8__wasmsimd(size_t M, size_t N, size_t K, const float* A, size_t lda,
                            const float* packed_b, float* C, size_t ldc, const GemmEpilogue& ep);
#endif

}  // namespace wnn::kernels
