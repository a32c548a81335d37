#include "wnn/kernels/gemm.h"

#include <cstring>
#include <vector>

namespace wnn::kernels {

void zero_packed_b_tail(size_t K, size_t N, size_t nr, float* packed) {
  if (N % nr == 0) return;
  float* last = packed + N / nr * nr * K;
  for (size_t k = 0; k < K; ++k)
    std::memset(last + k * nr + N % nr, 0, (nr - N % nr) * sizeof(float));
}

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

void pack_gemm_b_transposed_in_place(size_t K, size_t N, size_t nr, float* Bt) {
  std::vector<float> rows(nr * K);
  for (size_t n0 = 0; n0 < N; n0 += nr) {
    float* panel = Bt + n0 * K;  // rows n0 .. n0 + nr - 1 of Bt, and panel n0 / nr of the result
    std::memcpy(rows.data(), panel, rows.size() * sizeof(float));
    pack_gemm_b_transposed(K, nr, rows.data(), K, nr, panel);
  }
}

}  // namespace wnn::kernels
