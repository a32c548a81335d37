// Reference GEMM: the definition the SIMD kernels must match bit for bit.
#include "wnn/kernels/gemm.h"

namespace wnn::kernels {

void f32_gemm__scalar(size_t M, size_t N, size_t K, const float* A, size_t lda,
                      const float* packed_b, float* C, size_t ldc, const GemmEpilogue& ep) {
  for (size_t m = 0; m < M; ++m) {
    for (size_t n = 0; n < N; ++n) {
      const float* panel = packed_b + (n / kGemmNr) * kGemmNr * K;
      const size_t lane = n % kGemmNr;
      float acc = 0.0f;
      for (size_t k = 0; k < K; ++k) acc += A[m * lda + k] * panel[k * kGemmNr + lane];
      if (ep.bias_axis == BiasAxis::kPerRow) acc += ep.bias[m];
      if (ep.bias_axis == BiasAxis::kPerColumn) acc += ep.bias[n];
      if (ep.relu && !(acc > 0.0f) && acc == acc) acc = 0.0f;  // ReLU keeps NaN, like ONNX
      C[m * ldc + n] = acc;
    }
  }
}

}  // namespace wnn::kernels
