// Reference integer GEMM, and what every integer GEMM reads and writes around it: the widened
// rows of A, the packed panels of B, the QLinear output stage.
#include "wnn/kernels/qgemm.h"

#include <cmath>

namespace wnn::kernels {

void qgemm_1x8__scalar(size_t M, size_t N, size_t K, const int16_t* A, size_t lda,
                       const int16_t* packed_b, int32_t* C, size_t ldc) {
  for (size_t m = 0; m < M; ++m) {
    for (size_t n = 0; n < N; ++n) {
      const int16_t* panel = packed_b + (n / kQGemmNr) * kQGemmNr * K;
      const size_t lane = n % kQGemmNr;
      uint32_t acc = 0;  // unsigned: int32 wrap-around without undefined behaviour
      for (size_t k = 0; k < K; ++k)
        acc += static_cast<uint32_t>(A[m * lda + k] * panel[k * kQGemmNr + lane]);
      C[m * ldc + n] = static_cast<int32_t>(acc);
    }
  }
}

void q8_widen_rows(const Q8View& x, size_t first_row, size_t rows, size_t K, size_t ldx,
                   int16_t* out, size_t ldo) {
  for (size_t r = 0; r < rows; ++r) {
    const int32_t zero = x.zero_at(first_row + r);
    for (size_t k = 0; k < K; ++k)
      out[r * ldo + k] = static_cast<int16_t>(x.at((first_row + r) * ldx + k) - zero);
  }
}

void qgemm_pack_b(const Q8View& b, size_t K, size_t N, size_t ldb, int16_t* packed) {
  for (size_t n0 = 0; n0 < N; n0 += kQGemmNr) {
    for (size_t k = 0; k < K; ++k, packed += kQGemmNr) {
      for (size_t j = 0; j < kQGemmNr; ++j) {
        const size_t n = n0 + j;
        packed[j] = n < N ? static_cast<int16_t>(b.at(k * ldb + n) - b.zero_at(n)) : 0;
      }
    }
  }
}

void requantize(size_t n, const int32_t* acc, int32_t bias, float scale_a, const float* scale_b,
                size_t scale_b_stride, float scale_y, int32_t zero_point, bool is_signed, void* y) {
  const float lo = is_signed ? -128.0f : 0.0f, hi = is_signed ? 127.0f : 255.0f;
  for (size_t i = 0; i < n; ++i) {
    const float multiplier = scale_a * scale_b[i * scale_b_stride] / scale_y;
    const int32_t sum = static_cast<int32_t>(static_cast<uint32_t>(acc[i]) + bias);
    // nearbyint rounds half to even; the bounds are integers, so clamping after rounding gives
    // ONNX Runtime's clamp-then-round. NaN (a zero y scale) fails both tests: lowest.
    float q = std::nearbyint(static_cast<float>(sum) * multiplier) + static_cast<float>(zero_point);
    q = q >= lo ? q : lo;
    q = q <= hi ? q : hi;
    if (is_signed)
      static_cast<int8_t*>(y)[i] = static_cast<int8_t>(q);
    else
      static_cast<uint8_t*>(y)[i] = static_cast<uint8_t>(q);
  }
}

}  // namespace wnn::kernels
