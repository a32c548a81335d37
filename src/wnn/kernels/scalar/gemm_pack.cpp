#include <cstring>

#include "wnn/kernels/gemm.h"

namespace wnn::kernels {

void pack_gemm_b(size_t K, size_t N, const float* B, size_t ldb, float* packed) {
  for (size_t n0 = 0; n0 < N; n0 += kGemmNr) {
    const size_t nr = N - n0 < kGemmNr ? N - n0 : kGemmNr;
    for (size_t k = 0; k < K; ++k) {
      for (size_t j = 0; j < kGemmNr; ++j) packed[j] = j < nr ? B[k * ldb + n0 + j] : 0.0f;
      packed += kGemmNr;
    }
  }
}

void pack_gemm_b_transposed(size_t K, size_t N, const float* Bt, size_t ldbt, float* packed) {
  for (size_t n0 = 0; n0 < N; n0 += kGemmNr) {
    const size_t nr = N - n0 < kGemmNr ? N - n0 : kGemmNr;
    for (size_t k = 0; k < K; ++k) {
      for (size_t j = 0; j < kGemmNr; ++j) packed[j] = j < nr ? Bt[(n0 + j) * ldbt + k] : 0.0f;
      packed += kGemmNr;
    }
  }
}

}  // namespace wnn::kernels
