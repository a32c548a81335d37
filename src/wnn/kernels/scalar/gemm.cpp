// Reference GEMM: the definition the SIMD kernels must match bit for bit.
#include "wnn/kernels/gemm.h"

namespace wnn::kernels {

void f32_gemm_1x8__scalar(size_t M, size_t N, size_t K, const float* A, size_t lda,
                          const float* packed_b, float* C, size_t ldc, const GemmEpilogue& ep) {
  constexpr size_t kNr = 8;
  for (size_t m = 0; m < M; ++m) {
    for (size_t n = 0; n < N; ++n) {
      const float* panel = packed_b + (n / kNr) * kNr * K;
      const size_t lane = n % kNr;
      float acc = 0.0f;
      for (size_t k = 0; k < K; ++k) acc += A[m * lda + k] * panel[k * kNr + lane];
      C[m * ldc + n] = ep.apply(acc, m, n);
    }
  }
}

}  // namespace wnn::kernels
