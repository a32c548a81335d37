#include "wnn/kernels/gemm.h"

namespace wnn::kernels {

void pack_gemm_b(size_t K, size_t N, const float* B, size_t ldb, size_t nr, float* packed) {
  for (size_t n0 = 0; n0 < N; n0 += nr) {
    const size_t live = N - n0 < nr ? N - n0 : nr;
    for (size_t k = 0; k < K; ++k) {
      for (size_t j = 0; j < nr; ++j) packed[j] = j < live ? B[k * ldb + n0 + j] : 0.0f;
      packed += nr;
    }
  }
}

void pack_gemm_b_transposed(size_t K, size_t N, const float* Bt, size_t ldbt, size_t nr,
                            float* packed) {
  for (size_t n0 = 0; n0 < N; n0 += nr) {
    const size_t live = N - n0 < nr ? N - n0 : nr;
    for (size_t k = 0; k < K; ++k) {
      for (size_t j = 0; j < nr; ++j) packed[j] = j < live ? Bt[(n0 + j) * ldbt + k] : 0.0f;
      packed += nr;
    }
  }
}

}  // namespace wnn::kernels
