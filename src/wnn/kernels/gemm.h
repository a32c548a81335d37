// f32 GEMM over a packed right-hand side, with a fused epilogue list.
//
//   C[m, n] = epilogue( sum_{k=0..K-1} A[m*lda + k] * B[k, n] )
//
// B is packed in panels of `nr` columns (the tile of the kernel that reads it, from its
// GemmConfig in kernels/kernel_config.h): panel p holds columns [p*nr, p*nr+nr) as K rows of nr
// contiguous floats (columns past N are zero). Packing is done once for weights and fused into
// im2col for convolution inputs, so the microkernel streams B linearly.
//
// The epilogue is a short list of operations applied in order to each accumulated value (like
// tract's fused ops): add a per-row or per-column bias, add a matrix (a residual or Gemm's full
// C), then an activation (ReLU, Clip). Every kernel accumulates each output from 0 in increasing
// k, then runs the list: scalar and SIMD kernels therefore give bitwise-identical results, and so
// does every browser (wasm float arithmetic is IEEE with no contraction).
#pragma once
#include <cstddef>

#include "wnn/core/activation.h"

namespace wnn::kernels {

struct EpilogueOp {
  enum class Kind { kAddRowBias, kAddColumnBias, kAddMatrix, kActivation };
  Kind kind = Kind::kActivation;
  const float* data = nullptr;  // bias [M] or [N]; matrix rows `ld` floats apart
  size_t ld = 0;
  Activation activation;
};

struct GemmEpilogue {
  static constexpr size_t kMaxOps = 4;
  EpilogueOp ops[kMaxOps] = {};
  size_t count = 0;

  GemmEpilogue& add_row_bias(const float* bias) {
    return push({EpilogueOp::Kind::kAddRowBias, bias, 0, {}});
  }
  GemmEpilogue& add_column_bias(const float* bias) {
    return push({EpilogueOp::Kind::kAddColumnBias, bias, 0, {}});
  }
  GemmEpilogue& add_matrix(const float* m, size_t ld) {
    return push({EpilogueOp::Kind::kAddMatrix, m, ld, {}});
  }
  GemmEpilogue& activate(const Activation& a) {
    return a.is_none() ? *this : push({EpilogueOp::Kind::kActivation, nullptr, 0, a});
  }
  // The same list for the block of C that starts at row m0, column n0.
  GemmEpilogue at(size_t m0, size_t n0) const;
  // The list applied to one value of C at (m, n), as every kernel applies it.
  float apply(float acc, size_t m, size_t n) const;

 private:
  GemmEpilogue& push(const EpilogueOp& op);
};

inline size_t gemm_packed_b_floats(size_t K, size_t N, size_t nr) {
  return (N + nr - 1) / nr * nr * K;
}

// Zeroes the columns past N in the last panel of a packed B (K rows of nr), for packing code that
// writes only the columns it has.
void zero_packed_b_tail(size_t K, size_t N, size_t nr, float* packed);
// Packs B given row-major as B[k*ldb + n] into panels of nr columns.
void pack_gemm_b(size_t K, size_t N, const float* B, size_t ldb, size_t nr, float* packed);
// Packs B given transposed, as Bt[n*ldbt + k] (ONNX Gemm with transB=1, i.e. [out, in] weights).
void pack_gemm_b_transposed(size_t K, size_t N, const float* Bt, size_t ldbt, size_t nr,
                            float* packed);
// The same, in place: Bt ([N, K], N a multiple of nr) becomes its packed panels. Each panel
// takes the place of the nr rows it is made of, so only one panel's worth of scratch is needed:
// a constant [out, in] weight is packed without a second copy of it.
void pack_gemm_b_transposed_in_place(size_t K, size_t N, size_t nr, float* Bt);

// C = epilogue(A x B) for any M and N: tiles of the kernel's mr x nr, remainders in-kernel.
// `packed_b` starts at the panel of column 0 of this call (panels of the kernel's nr).
using GemmFn = void (*)(size_t M, size_t N, size_t K, const float* A, size_t lda,
                        const float* packed_b, float* C, size_t ldc, const GemmEpilogue& ep);

// Reference: one output at a time, panels of 8.
void f32_gemm_1x8__scalar(size_t M, size_t N, size_t K, const float* A, size_t lda,
                          const float* packed_b, float* C, size_t ldc, const GemmEpilogue& ep);
#if defined(__wasm_simd128__)
// Tiles rows x columns of one template (wasmsimd/gemm_tile.h); remainders handled in-kernel.
#define WNN_GEMM_WASMSIMD(tile)                                                                \
  void f32_gemm_##tile##__wasmsimd(size_t M, size_t N, size_t K, const float* A, size_t lda,    \
                                   const float* packed_b, float* C, size_t ldc,                \
                                   const GemmEpilogue& ep);
WNN_GEMM_WASMSIMD(2x16)
WNN_GEMM_WASMSIMD(4x16)
WNN_GEMM_WASMSIMD(4x8)
WNN_GEMM_WASMSIMD(5x8)
#undef WNN_GEMM_WASMSIMD
#endif

}  // namespace wnn::kernels
